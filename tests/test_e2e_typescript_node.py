"""End to end: the generated TypeScript clients, through the real @segment/analytics-node,
over HTTP, to a Segment-compatible endpoint; every valid call of every shared vector
arrives as the vector says, byte for byte in properties and context.

The endpoint is `collector.Collector` until `trackgen serve` lands; the test only uses
its `url` and `wait_for()`, so swapping in `trackgen serve --record FILE` is one fixture.
"""

from __future__ import annotations

import json

from collector import Collector
from typescript_support import node_flags, run, workspace
from vector_support import all_calls, check_message


def test_every_vector_through_analytics_node() -> None:
    ws = workspace()
    assert ws.tsc_status == 0, ws.tsc_output
    valid = [c for c in all_calls() if "expect" in c.spec]
    with Collector() as collector:
        result = run(["node", *node_flags(), str(ws.js("e2e_node.ts")), str(ws.jobs), collector.url], cwd=ws.root, timeout=60)
        assert result.returncode == 0, result.stderr
        report = json.loads(result.stdout)
        assert report == {"sent": len(valid), "errors": []}
        received = collector.wait_for(len(valid))
    by_id = {m["messageId"]: m for m in received}
    assert len(received) == len(valid) == len(by_id)
    problems: list[str] = []
    for call in valid:
        message = by_id.get(call.options.get("messageId", f"e2e-{call.id}"))
        errors = check_message(call, message, call.spec["expect"], "typescript")
        problems += [f"{call.id} {call.name}: {e}" for e in errors]
        if message is not None:
            assert message["type"] == "track"
            assert message["context"]["library"]["name"] == "@segment/analytics-node"
    assert not problems, "\n".join(problems)
    posts = [r for r in collector.requests if r[0] == "POST"]
    assert posts and all(path == "/v1/batch" for _, path, _ in posts)
    assert all(h.get("Authorization") == "Basic V1JJVEVfS0VZOg==" for _, _, h in posts)
