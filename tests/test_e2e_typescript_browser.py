"""End to end in a real browser: the generated TypeScript clients (browser flavour) with
the real @segment/analytics-next, bundled by esbuild and loaded from 127.0.0.1 into
Debian's headless Chromium, send every valid call of every shared vector (track,
identify, group, page, screen) to `trackgen serve`, one per vector, half of them through
analytics.js's batching dispatcher. What arrives matches the vectors, each collector
passes every message (`ok` lines only), and the page made no request anywhere but
127.0.0.1 (no CDN, no settings fetch, no plugins from the network).
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlsplit

from static_pages import StaticPages
from typescript_support import BIN, CHROMIUM, run, workspace
from vector_collectors import VectorCollectors
from vector_support import check_message, load_vectors, without_sdk_page_properties

# Where @segment/analytics-next itself changes what the generated client handed it.
KNOWN_SDK_DIFFERENCES = {
    "names#1": (
        {"properties": {}},
        "analytics-next copies each event with @segment/facade's clone(), which assigns every key;"
        " assigning `__proto__` sets the copy's prototype, so that property never leaves the page"
        " (trackgen warns with TG602 when it builds such a plan for the browser)",
    ),
    "calls#1": (
        {"traits": {"email": "bo@example.com", "firstName": "Ann", "createdAt": "2024-01-02T01:04:05+00:00",
                    "address": {"city": "Paris"}, "age": 0, "plan": "pro"}, "anonymousId": "a-identify-2"},
        "analytics.js remembers the user: an identify without a user ID is about the user identified"
        " before (calls#0), and it sends the traits it remembers merged with the new ones",
    ),
}

PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><title>trackgen browser test</title><link rel="icon" href="data:,"></head>
<body><script src="bundle.js"></script></body></html>
"""


def test_every_vector_through_analytics_next_in_chromium(tmp_path: Path, vector_collectors: VectorCollectors) -> None:
    assert CHROMIUM.exists(), "Debian's chromium is missing: run `make setup`"
    ws = workspace()
    assert ws.tsc_status == 0, ws.tsc_output
    page_dir = tmp_path / "page"
    page_dir.mkdir()
    bundle = run(
        [str(BIN / "esbuild"), "harness/e2e_browser.ts", "--bundle", "--format=iife", "--platform=browser",
         "--target=es2020", "--log-level=warning", f"--outfile={page_dir / 'bundle.js'}"],
        cwd=ws.root,
    )
    assert bundle.returncode == 0, bundle.stderr
    (page_dir / "index.html").write_text(PAGE, encoding="utf-8")
    vectors = load_vectors()
    valid = {v.name: [c for c in v.calls if "expect" in c.spec] for v in vectors}
    collectors = vector_collectors
    since = collectors.mark()
    jobs = json.loads(ws.browser_jobs.read_text(encoding="utf-8"))
    for i, job in enumerate(jobs):
        job["host"] = urlsplit(collectors.url(job["vector"])).netloc
        # every other vector through `/v1/b`; the calls vector through /v1/i, /v1/g...
        job["batching"] = i % 2 == 0 and job["vector"] != "calls"
    (page_dir / "browser_jobs.json").write_text(json.dumps(jobs, ensure_ascii=False), encoding="utf-8")
    profile = tmp_path / "chromium-profile"
    with StaticPages(page_dir) as pages:
        result = run(["node", str(ws.js("drive_browser.ts")), f"{pages.url}/index.html", str(profile), str(CHROMIUM)], cwd=ws.root, timeout=90)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    received = collectors.wait(since, {name: len(calls) for name, calls in valid.items()})
    verdicts = {v.name: collectors.verdicts(since, v.name) for v in vectors}
    assert report["result"] == {"sent": sum(map(len, valid.values()))}, report
    assert report["errors"] == []
    hosts = {urlsplit(u).hostname for u in report["requests"]}
    assert hosts == {"127.0.0.1"}, report["requests"]
    paths = {urlsplit(u).path for u in report["requests"] if "/v1/" in u}
    assert {"/v1/t", "/v1/i", "/v1/g", "/v1/p", "/v1/s", "/v1/b"} <= paths, paths
    problems: list[str] = []
    for vector in vectors:
        by_id = {m["messageId"]: m for m in received[vector.name]}
        assert len(by_id) == len(received[vector.name]) == len(valid[vector.name]), vector.name
        for call in valid[vector.name]:
            message = by_id.get(call.options.get("messageId", f"e2e-{call.id}"))
            message = without_sdk_page_properties(call, message, "analytics.js")
            expected = KNOWN_SDK_DIFFERENCES.get(call.id, (call.spec["expect"], ""))[0]
            errors = check_message(call, message, expected, "typescript")
            problems += [f"{call.id} {call.name}: {e}" for e in errors]
            if message is not None:
                assert message["context"]["library"]["name"] == "analytics.js"
        lines = verdicts[vector.name]
        assert [line for line in lines if not line.startswith("ok  ")] == [], vector.name
        assert len(lines) == len(valid[vector.name]), lines
    assert not problems, "\n".join(problems)
