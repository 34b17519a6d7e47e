"""End to end: the generated TypeScript clients, through the real @segment/analytics-node,
over HTTP, to `trackgen serve` (one per vector, each checking against the vector's plan);
every valid call of every shared vector (track, identify, group, page, screen) arrives as
the vector says, and the collector passes each message (`ok` lines, no `bad` or `err`).
"""

from __future__ import annotations

import json
from pathlib import Path

from typescript_support import NODE, run, workspace
from vector_collectors import VectorCollectors
from vector_support import check_message, load_vectors, without_sdk_page_properties


def test_every_vector_through_analytics_node(tmp_path: Path, vector_collectors: VectorCollectors) -> None:
    ws = workspace()
    assert ws.tsc_status == 0, ws.tsc_output
    vectors = load_vectors()
    valid = {v.name: [c for c in v.calls if "expect" in c.spec] for v in vectors}
    collectors = vector_collectors
    since = collectors.mark()
    jobs = json.loads(ws.jobs.read_text(encoding="utf-8"))
    for job in jobs:
        job["host"] = collectors.url(job["vector"])
    jobs_file = tmp_path / "jobs.json"
    jobs_file.write_text(json.dumps(jobs, ensure_ascii=False), encoding="utf-8")
    result = run([str(NODE), str(ws.js("e2e_node.ts")), str(jobs_file)], cwd=ws.root, timeout=60)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report == {"sent": sum(map(len, valid.values())), "errors": []}
    received = collectors.wait(since, {name: len(calls) for name, calls in valid.items()})
    verdicts = {v.name: collectors.verdicts(since, v.name) for v in vectors}
    problems: list[str] = []
    for vector in vectors:
        by_id = {m["messageId"]: m for m in received[vector.name]}
        assert len(by_id) == len(received[vector.name]) == len(valid[vector.name]), vector.name
        for call in valid[vector.name]:
            message = by_id.get(call.options.get("messageId", f"e2e-{call.id}"))
            message = without_sdk_page_properties(call, message, "@segment/analytics-node")
            errors = check_message(call, message, call.spec["expect"], "typescript")
            problems += [f"{call.id} {call.name}: {e}" for e in errors]
            if message is not None:
                assert message["context"]["library"]["name"] == "@segment/analytics-node"
        lines = verdicts[vector.name]
        assert [line for line in lines if not line.startswith("ok  ")] == [], vector.name
        assert len(lines) == len(valid[vector.name]), lines
    assert not problems, "\n".join(problems)
    kinds = {m["type"] for messages in received.values() for m in messages}
    assert kinds == {"track", "identify", "group", "page", "screen"}
