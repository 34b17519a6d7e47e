"""The generated TypeScript client's own behaviour beyond the shared vectors (violation
modes, both SDK call shapes, ISO strings, top-level checks, the bigint fallback):
tests/typescript/behaviour.ts, compiled strict with the vectors' clients and run by node."""

from __future__ import annotations

import json

from typescript_support import NODE, run, workspace


def test_typescript_client_behaviour() -> None:
    ws = workspace()
    assert ws.tsc_status == 0, ws.tsc_output
    result = run([str(NODE), str(ws.js("behaviour.ts"))], cwd=ws.root)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.rstrip().endswith(" passed, 0 failed"), result.stdout


RAW_JSON_PROBE = 'process.stdout.write(JSON.stringify(["\\u0100", JSON.rawJSON("1")]))'

SEND_BIG = """
const { Tracker } = require(process.argv[1]);
const sent = [];
const problems = [];
const client = { track: (message) => { sent.push(JSON.stringify(message)); } };
new Tracker(client, { onViolation: (v) => problems.push(...v.problems) })
  .trackBigNumbersCounted({ big: 2n ** 60n + 1n }, { userId: "\\u00fc\\u{1F600}" });
process.stdout.write(JSON.stringify({ sent, problems }));
"""


def test_node_20_flagged_raw_json_is_not_used() -> None:
    """The machine's own Node.js 20 has JSON.rawJSON only behind a flag, in an early version
    that garbles the whole JSON text once it holds a character beyond Latin-1 (here the
    user id). The client must see that and fall back: the big integer is reported and sent
    as its digits, and the message stays valid JSON with every other value intact."""
    ws = workspace()
    assert ws.tsc_status == 0, ws.tsc_output
    flagged = ["node", "--harmony-json-parse-with-source"]
    probe = run([*flagged, "-e", RAW_JSON_PROBE])
    assert probe.returncode == 0, probe.stderr
    assert probe.stdout != '["\u0100",1]', "this Node.js writes raw JSON correctly: the case is not exercised"
    client = ws.root / "js" / "vectors" / "big-integers" / "index.js"
    result = run([*flagged, "-e", SEND_BIG, str(client)], cwd=ws.root)
    assert result.returncode == 0, result.stdout + result.stderr
    out = json.loads(result.stdout)
    message = json.loads(out["sent"][0])
    assert message["userId"] == "\u00fc\U0001F600"
    assert message["properties"] == {"big": "1152921504606846977"}
    assert out["problems"] == [
        "big is a bigint beyond 2^53, which this JavaScript runtime cannot send as a JSON number (it lacks a working JSON.rawJSON); it is sent as a string"
    ]
