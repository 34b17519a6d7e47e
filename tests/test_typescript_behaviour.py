"""The generated TypeScript client's own behaviour beyond the shared vectors (violation
modes, both SDK call shapes, ISO strings, top-level checks, the bigint fallback):
tests/typescript/behaviour.ts, compiled strict with the vectors' clients and run by node."""

from __future__ import annotations

from typescript_support import node_flags, run, workspace


def test_typescript_client_behaviour() -> None:
    ws = workspace()
    assert ws.tsc_status == 0, ws.tsc_output
    result = run(["node", *node_flags(), str(ws.js("behaviour.ts"))], cwd=ws.root)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.rstrip().endswith(" passed, 0 failed"), result.stdout
