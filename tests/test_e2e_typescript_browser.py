"""End to end in a real browser: the generated TypeScript clients (browser flavour) with
the real @segment/analytics-next, bundled by esbuild and loaded from 127.0.0.1 into
Debian's headless Chromium, send every valid call of every shared vector to a
Segment-compatible endpoint; what arrives matches the vectors, and the page made no
request anywhere but 127.0.0.1 (no CDN, no settings fetch, no plugins from the network).
"""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

from collector import Collector
from typescript_support import BIN, CHROMIUM, run, workspace
from vector_support import all_calls, check_message

# Where @segment/analytics-next itself changes what the generated client handed it.
KNOWN_SDK_DIFFERENCES = {
    "names#1": (
        {"properties": {}},
        "analytics-next copies each event with @segment/facade's clone(), which assigns every key;"
        " assigning `__proto__` sets the copy's prototype, so that property never leaves the page"
        " (trackgen warns with TG602 when it builds such a plan for the browser)",
    ),
}

PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><title>trackgen browser test</title><link rel="icon" href="data:,"></head>
<body><script src="bundle.js"></script></body></html>
"""


def test_every_vector_through_analytics_next_in_chromium() -> None:
    assert CHROMIUM.exists(), "Debian's chromium is missing: run `make setup`"
    ws = workspace()
    assert ws.tsc_status == 0, ws.tsc_output
    page_dir = ws.root / "page"
    page_dir.mkdir(exist_ok=True)
    bundle = run(
        [str(BIN / "esbuild"), "harness/e2e_browser.ts", "--bundle", "--format=iife", "--platform=browser",
         "--target=es2020", "--log-level=warning", f"--outfile={page_dir / 'bundle.js'}"],
        cwd=ws.root,
    )
    assert bundle.returncode == 0, bundle.stderr
    (page_dir / "index.html").write_text(PAGE, encoding="utf-8")
    shutil.copy(ws.browser_jobs, page_dir / "browser_jobs.json")
    valid = [c for c in all_calls() if "expect" in c.spec]
    profile = Path(tempfile.mkdtemp(prefix="trackgen-chromium-"))
    try:
        with Collector(static_dir=page_dir) as pages, Collector() as collector:
            host = urlsplit(collector.url).netloc
            url = f"{pages.url}/index.html?collector={host}"
            result = run(["node", str(ws.js("drive_browser.ts")), url, str(profile), str(CHROMIUM)], cwd=ws.root, timeout=90)
            assert result.returncode == 0, result.stderr
            report = json.loads(result.stdout)
            received = collector.wait_for(len(valid))
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    assert report["result"] == {"sent": len(valid)}, report
    assert report["errors"] == []
    hosts = {urlsplit(u).hostname for u in report["requests"]}
    assert hosts == {"127.0.0.1"}, report["requests"]
    by_id = {m["messageId"]: m for m in received}
    assert len(by_id) == len(valid), sorted(by_id)
    problems: list[str] = []
    for call in valid:
        message = by_id.get(call.options.get("messageId", f"e2e-{call.id}"))
        expected = KNOWN_SDK_DIFFERENCES.get(call.id, (call.spec["expect"], ""))[0]
        errors = check_message(call, message, expected, "typescript")
        problems += [f"{call.id} {call.name}: {e}" for e in errors]
        if message is not None:
            assert message["type"] == "track"
            assert message["context"]["library"]["name"] == "analytics.js"
    assert not problems, "\n".join(problems)
