"""The shared test vectors, run against the generated Python client.

Each vector's plan is built with the Python target; each call goes through the generated
`Tracker` into segment-analytics-python's real `Client(send=False)`, whose `track()`
returns the message it would send; that message is serialised as the library does
(`DatetimeSerializer`) and compared by `vector_support.check_call`.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from datetime import date, datetime
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from segment.analytics.client import Client
from segment.analytics.request import DatetimeSerializer

from trackgen import generate, loads_plan, naming
from trackgen.targets.python import CALL_FUNCTIONS, PARAMETER
from vector_support import Call, Outcome, Vector, all_calls, check_call, load_vectors

# Vectors the Python target does not meet yet, with what differs. The lead owns
# targets/python.py; each entry turns into a failure (XPASS, strict) once it is fixed.
KNOWN_PYTHON_FAILURES: dict[str, str] = {
}

OPTION_NAMES = {
    "userId": "user_id",
    "anonymousId": "anonymous_id",
    "context": "context",
    "timestamp": "timestamp",
    "integrations": "integrations",
    "messageId": "message_id",
    "groupId": "group_id",
}


def decode(value: Any) -> Any:
    """Vector values tagged with `$...` become the Python values they stand for."""
    if isinstance(value, dict):
        if len(value) == 1:
            (tag, text), = value.items()
            if tag == "$datetime":
                parsed = datetime.fromisoformat(text)
                assert parsed.utcoffset() is not None
                return parsed
            if tag == "$naive_datetime":
                return datetime.fromisoformat(text)
            if tag == "$date":
                return date.fromisoformat(text)
            if tag == "$bigint":
                return int(text)
            if tag == "$float":
                return float(text)
        return {k: decode(v) for k, v in value.items()}
    if isinstance(value, list):
        return [decode(v) for v in value]
    return value


_modules: dict[str, tuple[ModuleType, Any]] = {}


def built(vector: Vector, tmp: Path) -> tuple[ModuleType, Any]:
    """The generated module for a vector (built once per test session) and its plan IR."""
    if vector.name not in _modules:
        plan = loads_plan(vector.plan_yaml(), f"{vector.name}.yaml")
        module_name = "vector_" + vector.name.replace("-", "_")
        files = generate(plan, "python", module=module_name)
        path = tmp / f"{module_name}.py"
        path.write_text(files[f"{module_name}.py"], encoding="utf-8")
        spec = importlib.util.spec_from_file_location(module_name, path)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[module_name] = module
        spec.loader.exec_module(module)
        _modules[vector.name] = (module, plan)
    return _modules[vector.name]


class Recording:
    """segment-analytics-python's real Client(send=False); keeps the wire form of each message."""

    def __init__(self) -> None:
        self.client = Client("WRITE_KEY", send=False)
        self.sent: list[dict[str, Any]] = []

    def __getattr__(self, method: str) -> Any:
        if method not in ("track", "identify", "group", "page", "screen"):
            raise AttributeError(method)

        def call(**kwargs: Any) -> Any:
            result = getattr(self.client, method)(**kwargs)
            _, message = result
            self.sent.append(json.loads(json.dumps(message, cls=DatetimeSerializer)))
            return result

        return call


def function_name(call: Call, planned: Any) -> str:
    if call.kind in ("identify", "group"):
        return call.kind
    name = naming.identifier(planned.wire_name, CALL_FUNCTIONS[call.kind], planned.identifier)
    assert name is not None
    return name


def run_python(call: Call, module: ModuleType, plan: Any) -> Outcome:
    planned = call.planned(plan)
    kwargs: dict[str, Any] = {}
    fields = planned.properties + planned.context  # context fields are passed like properties
    for prop in fields:
        if call.properties and prop.wire_name in call.properties:
            ident = naming.identifier(prop.wire_name, PARAMETER, prop.identifier)
            kwargs[ident] = decode(call.properties[prop.wire_name])
    unknown = set(call.properties or {}) - {p.wire_name for p in fields}
    assert not unknown, f"vector passes properties the call does not have: {unknown}"
    for key, value in call.options.items():
        kwargs[OPTION_NAMES[key]] = decode(value)
    problems: list[str] = []
    recording = Recording()
    tracker = module.Tracker(recording, on_violation=lambda v: problems.extend(v.problems))
    getattr(tracker, function_name(call, planned))(**kwargs)
    return Outcome(tuple(problems), recording.sent[0] if recording.sent else None)


CALLS = all_calls()


@pytest.mark.parametrize(
    "call",
    [
        pytest.param(c, id=c.id, marks=[pytest.mark.xfail(reason=KNOWN_PYTHON_FAILURES[c.id], strict=True)])
        if c.id in KNOWN_PYTHON_FAILURES
        else pytest.param(c, id=c.id)
        for c in CALLS
    ],
)
@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_vector_python(call: Call, tmp_path_factory: pytest.TempPathFactory) -> None:
    vector = next(v for v in load_vectors() if v.name == call.vector)
    module, plan = built(vector, tmp_path_factory.getbasetemp())
    outcome = run_python(call, module, plan)
    errors = check_call(call, outcome, "python")
    assert not errors, f"{call.id} {call.name}:\n  " + "\n  ".join(errors)


def test_vectors_cover_the_issue_list() -> None:
    """The list in issue 3: each item has at least one vector call."""
    vectors = {v.name: v for v in load_vectors()}
    text = json.dumps([v.plan for v in vectors.values()], ensure_ascii=False)
    for needle in ("*/", '\\"\\"\\"', "<script>", "${", "\\\\", "\u2028", "😀", "delete", "class"):
        assert needle in text, needle
    assert any(not v.plan["events"][e] for v in vectors.values() for e in v.plan["events"]), "an event with no properties"
    assert any("$bigint" in json.dumps(c.properties) for c in vectors["big-integers"].calls)
