"""The shared test vectors, run against the generated TypeScript client (node flavour).

pytest builds every vector with the TypeScript target, tsc compiles the clients and
tests/typescript/vector_runner.ts (strict, against the real SDK type definitions), and
node runs every call once; calls with date-times run twice, with `Date` objects and with
ISO strings. The outcomes are judged by the same `vector_support.check_call` as Python's.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

import pytest

from typescript_support import NODE, run, workspace
from vector_support import Call, Outcome, all_calls, check_call

CALLS = all_calls()


def test_generated_typescript_compiles_strict() -> None:
    ws = workspace()
    assert ws.tsc_status == 0, ws.tsc_output


def test_generated_typescript_is_prettier_stable() -> None:
    ws = workspace()
    assert ws.prettier_status == 0, ws.prettier_output


@cache
def outcomes() -> dict[str, dict[str, Any]]:
    ws = workspace()
    assert ws.tsc_status == 0, ws.tsc_output
    result = run([str(NODE), str(ws.js("vector_runner.ts")), str(ws.jobs)], cwd=ws.root)
    assert result.returncode == 0, result.stderr
    return {o["id"]: o for o in json.loads(result.stdout)}


@pytest.mark.parametrize("call", CALLS, ids=[c.id for c in CALLS])
def test_vector_typescript(call: Call) -> None:
    found = outcomes()
    runs = [key for key in (call.id, call.id + "/iso-strings") if key in found]
    assert runs, f"{call.id} did not run"
    for key in runs:
        raw = found[key]
        assert raw["error"] is None, f"{key} threw: {raw['error']}"
        outcome = Outcome(tuple(raw["problems"]), json.loads(raw["sent"]) if raw["sent"] is not None else None)
        errors = check_call(call, outcome, "typescript")
        assert not errors, f"{key} {call.name}:\n  " + "\n  ".join(errors)
