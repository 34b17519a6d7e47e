"""What the fuzzer checks per language target, behind one small interface.

A target is a name, how it generates a plan, and three checks: `static` (the output
compiles / is formatted as the target promises, and no plan string turned into code),
`runtime` (every event called with valid arguments through a recording client sends
exactly the plan's wire names and values) and `batch` (slow whole-toolchain checks run
once on a few outputs: mypy --strict for Python, tsc for TypeScript). The TypeScript
target builds both SDK flavours of every plan and checks them in one long-lived Node.js
process (`ts_worker.js`), so a plan costs tens of milliseconds, not a `node` start.
"""

from __future__ import annotations

import atexit
import builtins
import difflib
import io
import itertools
import json
import os
import select
import subprocess
import sys
import tempfile
import tokenize
import types
import warnings
from dataclasses import dataclass
from datetime import date, datetime, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable

import black

from fuzz_plans import BUILTIN_TYPE_NAMES, PWNED, SENTINEL, Case, EventCase
from trackgen import generate, naming
from trackgen.plan.ir import Plan
from trackgen.targets import python as python_target
from trackgen.targets import typescript as typescript_target
from typescript_support import BIN, COMPILER_OPTIONS, NODE, NODE_MODULES

Files = dict[str, str]


@dataclass(frozen=True)
class FuzzTarget:
    name: str
    generate: Callable[[Plan], Files]
    """The target's output for a plan; raises `PlanError` with the target's diagnostics."""
    static: Callable[[Case, Files], None]
    runtime: Callable[[Case, Files], None]
    batch: Callable[[list[tuple[Case, Files]], Path], None]
    batch_size: int = 3
    """How many outputs of a run the slow `batch` check sees."""
    submit: Callable[[Case, Files], None] | None = None
    """Starts `static` in the background right after generation, so it runs while the
    other targets are checked (`static` then waits for its answer)."""
    property_identifiers: bool = True
    """Property names become identifiers (Python parameters), so they can collide; in
    TypeScript they stay object keys, and only event names (functions) can."""


def assert_nothing_executed() -> None:
    assert not hasattr(builtins, PWNED), "a plan string was executed (builtins marker set)"
    assert not os.path.exists(SENTINEL), "a plan string was executed (sentinel file created)"


# -- Python --------------------------------------------------------------------------------

_BLACK_MODE = black.Mode()
_FORBIDDEN_NAMES = {PWNED, "__import__"}
"""Identifiers only plan text could have made: naming turns `__import__` into `import_`."""
_counter = itertools.count()


def _diff(generated: str, formatted: str, formatter: str) -> str:
    """What a formatter would change in a generated file, as a unified diff."""
    return "".join(difflib.unified_diff(generated.splitlines(True), formatted.splitlines(True), "generated", formatter))


def python_static(case: Case, files: Files) -> None:
    (name, source), = files.items()
    assert name.endswith(".py"), name
    compile(source, name, "exec")
    formatted = black.format_str(source, mode=_BLACK_MODE)
    if formatted != source:
        raise AssertionError(f"black would change the generated module:\n{_diff(source, formatted, 'black')}")
    # No plan text becomes a name: payload identifiers may only appear inside string tokens.
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.NAME:
            assert token.string not in _FORBIDDEN_NAMES, f"plan text became code: {token.string!r} at {token.start}"
            assert token.string.isascii(), f"non-ASCII identifier {token.string!r} at {token.start}"


class Recorder:
    """A client with Segment's `track` signature that keeps every call."""

    def __init__(self) -> None:
        self.calls: list[dict[str, Any]] = []

    def track(self, **kwargs: Any) -> tuple[bool, dict[str, Any]]:
        self.calls.append(kwargs)
        return True, kwargs


def python_import(source: str) -> types.ModuleType:
    name = f"tg_fuzz_{next(_counter)}"
    module = types.ModuleType(name)
    module.__file__ = f"<{name}>"
    sys.modules[name] = module
    try:
        exec(compile(source, module.__file__, "exec"), module.__dict__)
    finally:
        del sys.modules[name]
    return module


def python_runtime(case: Case, files: Files) -> None:
    (source,) = files.values()
    module = python_import(source)
    assert_nothing_executed()
    recorder = Recorder()
    tracker = module.Tracker(recorder, on_violation="raise")
    module.configure(recorder, on_violation="raise")
    for event in case.events:
        fn = naming.identifier(event.wire_name, python_target.FUNCTION)
        assert fn is not None
        kwargs: dict[str, Any] = {}
        for section in (event.call.properties, event.call.context):
            for wire, (argument, _) in section.items():
                param = naming.identifier(wire, python_target.PARAMETER)
                assert param is not None
                kwargs[param] = argument
        for send in (getattr(tracker, fn), getattr(module, fn)):
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", DeprecationWarning)
                result = send(user_id="user-1", **kwargs)
            sent = recorder.calls.pop()
            assert result == (True, sent)
            check_payload(event, sent)
    assert_nothing_executed()


def check_payload(event: EventCase, sent: dict[str, Any]) -> None:
    """The wire names and values arrive byte for byte; nothing is added or lost."""
    assert sent["event"] == event.wire_name and type(sent["event"]) is str, (sent["event"], event.wire_name)
    expected = {wire: value for wire, (_, value) in event.call.properties.items()}
    assert_same(sent["properties"], expected, "properties")
    context = sent["context"]
    for wire, (_, value) in event.call.context.items():
        assert_same(context[wire], value, f"context.{wire}")
    extra = set(context) - set(event.call.context) - {"trackgen", "protocols"}
    assert not extra, f"unexpected context keys {extra}"
    if event.version is not None:
        assert context["protocols"] == {"event_version": event.version}
    else:
        assert "protocols" not in context


def assert_same(actual: Any, expected: Any, where: str) -> None:
    """Equality that also compares types (True is not 1) and key order-insensitive dict keys."""
    assert type(actual) is type(expected) or (isinstance(expected, float) and type(actual) is float), (
        f"{where}: {type(actual).__name__} {actual!r} != {type(expected).__name__} {expected!r}"
    )
    if isinstance(expected, dict):
        assert list(sorted(actual)) == list(sorted(expected)), f"{where}: keys {list(actual)!r} != {list(expected)!r}"
        for key in expected:
            assert_same(actual[key], expected[key], f"{where}[{key!r}]")
    elif isinstance(expected, list):
        assert len(actual) == len(expected), f"{where}: {actual!r} != {expected!r}"
        for i, (a, e) in enumerate(zip(actual, expected)):
            assert_same(a, e, f"{where}[{i}]")
    else:
        assert actual == expected, f"{where}: {actual!r} != {expected!r}"


def python_batch(outputs: list[tuple[Case, Files]], workdir: Path) -> None:
    """mypy --strict over a few generated modules in one process."""
    paths = []
    for i, (_, files) in enumerate(outputs):
        (source,) = files.values()
        path = workdir / f"fuzz_module_{i}.py"
        path.write_text(source, encoding="utf-8")
        paths.append(str(path))
    if not paths:
        return
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--cache-dir", str(workdir / ".mypy"), *paths],
        capture_output=True, text=True, cwd=workdir,
    )
    assert result.returncode == 0, result.stdout + result.stderr


PYTHON = FuzzTarget("python", lambda plan: generate(plan, "python"), python_static, python_runtime, python_batch)


# -- TypeScript ----------------------------------------------------------------------------

WORKER = Path(__file__).with_name("ts_worker.js")
MAX_SAFE_INTEGER = 2**53 - 1
USER_ID = "user-1"
_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


class NodeWorker:
    """`ts_worker.js`, started on first use and again after it dies; one JSON line each way.

    A request can be sent ahead (`send`) and its reply read later (`receive`), so Node.js
    transpiles one plan's TypeScript while Python checks the same plan's Python output."""

    def __init__(self) -> None:
        self.process: subprocess.Popen[bytes] | None = None
        self.stderr = tempfile.TemporaryFile()
        self.buffer = b""
        self.pending: object = None
        """What the unanswered request was sent for, if one is."""
        atexit.register(self.stderr.close)
        atexit.register(self.close)

    def send(self, request: dict[str, Any], token: object = None) -> None:
        if self.pending is not None:  # an answer nobody collected: its plan already failed
            try:
                self.receive(self.pending)
            except AssertionError:
                pass  # that plan's failure is reported; this one's must not be blamed on it
        if self.process is None or self.process.poll() is not None:
            self.process = subprocess.Popen(
                [str(NODE), str(WORKER)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                stderr=self.stderr, cwd=WORKER.parent,
            )
            self.buffer = b""
        assert self.process.stdin is not None
        try:
            self.process.stdin.write(json.dumps(request).encode() + b"\n")
            self.process.stdin.flush()
        except BrokenPipeError:
            pass  # reported by receive(), with the exit code
        self.pending = token if token is not None else request

    def receive(self, token: object, timeout: float = 120) -> dict[str, Any]:
        assert self.pending is token and self.process is not None and self.process.stdout is not None
        self.pending = None
        fd = self.process.stdout.fileno()
        while b"\n" not in self.buffer:
            ready, _, _ = select.select([fd], [], [], timeout)
            chunk = os.read(fd, 1 << 20) if ready else b""
            if not chunk:
                self.process.kill()
                code = self.process.wait()
                self.stderr.seek(0)
                log = self.stderr.read().decode(errors="replace")[-4000:]
                self.stderr.seek(0)
                self.stderr.truncate()
                self.process = None
                why = "timed out" if not ready else f"exited with code {code}"
                raise AssertionError(f"the TypeScript worker {why} (did a plan string run?)\n{log}")
            self.buffer += chunk
        line, _, self.buffer = self.buffer.partition(b"\n")
        reply: dict[str, Any] = json.loads(line)
        assert "crash" not in reply, reply["crash"]
        if reply["markers"]:
            self.close()  # the next plan gets a clean process
            raise AssertionError(f"a plan string was executed in Node.js: {reply['markers']}")
        return reply

    def ask(self, request: dict[str, Any], timeout: float = 120) -> dict[str, Any]:
        self.send(request)
        return self.receive(request, timeout)

    def close(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        self.process = None
        self.pending = None


_worker = NodeWorker()


def typescript_generate(plan: Plan) -> Files:
    """Both SDK flavours of the client, checked and run side by side."""
    return {f"{sdk}/{name}": text for sdk in typescript_target.SDKS for name, text in generate(plan, "typescript", sdk=sdk).items()}


def _event_nodes(case: Case, event: EventCase) -> dict[str, Any]:
    """Wire name -> plan node of each property and context field of one event."""
    body = case.plan["events"][event.wire_name] or {}
    return {**body.get("properties", {}), **body.get("context", {})}


def _resolve(case: Case, node: Any) -> tuple[str, Any]:
    """The kind of a plan type node (following named types) and the node that defines it."""
    types_ = case.plan.get("types", {})
    while True:
        name = node if isinstance(node, str) else node.get("type")
        if name is None or name == "object":
            return ("map" if isinstance(node, dict) and "additionalProperties" in node else "object"), node
        if name in BUILTIN_TYPE_NAMES:
            return name, node
        node = types_[name]


def ts_argument(case: Case, node: Any, value: Any) -> Any:
    """A valid argument, tagged for `ts_worker.js`: bigint beyond 2^53, Date or text for
    date-times, and arrays and objects as ["arr", ...] and ["obj", [key, value], ...]."""
    if value is None:
        return None
    kind, node = _resolve(case, node)
    if kind == "string":
        if isinstance(value, datetime):
            delta = value - _EPOCH
            exact = value.microsecond % 1000 == 0
            ms = (delta.days * 86_400 + delta.seconds) * 1000 + delta.microseconds // 1000
            return ["dt", value.isoformat(), ms if exact else None]
        if isinstance(value, date):
            return value.isoformat()
        return value
    if kind == "integer":
        return value if abs(value) <= MAX_SAFE_INTEGER else ["big", str(value)]
    if kind == "number":
        return float(value) if isinstance(value, Decimal) else value
    if kind == "any":
        return _ts_json(value)
    if kind == "array":
        return ["arr", *(ts_argument(case, node["items"], item) for item in value)]
    if kind == "map":
        return ["obj", *([key, ts_argument(case, node["additionalProperties"], item)] for key, item in value.items())]
    if kind == "object":
        return ["obj", *([key, ts_argument(case, node["properties"][key], item)] for key, item in value.items())]
    assert kind == "boolean", kind
    return value


def _ts_json(value: Any) -> Any:
    if isinstance(value, dict):
        return ["obj", *([k, _ts_json(v)] for k, v in value.items())]
    if isinstance(value, list):
        return ["arr", *map(_ts_json, value)]
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_SAFE_INTEGER:
        return ["big", str(value)]
    return value


def ts_literal(case: Case, node: Any, value: Any) -> str:
    """The same argument as TypeScript source, for the `tsc` batch check of the call types."""
    if value is None:
        return "null"
    kind, node = _resolve(case, node)
    if kind == "string":
        if isinstance(value, datetime):
            return f"new Date({json.dumps(value.isoformat())})" if value.microsecond % 1000 == 0 else json.dumps(value.isoformat())
        return json.dumps(value.isoformat() if isinstance(value, date) else value)
    if kind == "integer":
        return str(value) if abs(value) <= MAX_SAFE_INTEGER else f"{value}n"
    if kind == "number":
        return repr(float(value)) if isinstance(value, (Decimal, float)) else str(value)
    if kind == "boolean":
        return "true" if value else "false"
    if kind == "any":
        return _ts_json_literal(value)
    if kind == "array":
        return "[" + ", ".join(ts_literal(case, node["items"], item) for item in value) + "]"
    if kind == "map":
        return _ts_object({key: ts_literal(case, node["additionalProperties"], item) for key, item in value.items()})
    assert kind == "object", kind
    return _ts_object({key: ts_literal(case, node["properties"][key], item) for key, item in value.items()})


def _ts_object(members: dict[str, str]) -> str:
    # a computed key makes `__proto__` an own property, not the prototype
    return "{" + ", ".join(f"[{json.dumps(k)}]: {v}" if k == "__proto__" else f"{json.dumps(k)}: {v}" for k, v in members.items()) + "}"


def _ts_json_literal(value: Any) -> str:
    if isinstance(value, dict):
        return _ts_object({k: _ts_json_literal(v) for k, v in value.items()})
    if isinstance(value, list):
        return "[" + ", ".join(map(_ts_json_literal, value)) + "]"
    if value is None or isinstance(value, bool):
        return json.dumps(value)
    if isinstance(value, int) and abs(value) > MAX_SAFE_INTEGER:
        return f"{value}n"
    return repr(value) if isinstance(value, float) else json.dumps(value)


def _function(event: EventCase) -> str:
    fn = naming.identifier(event.wire_name, typescript_target.FUNCTION)
    assert fn is not None
    return fn


def _deprecated_keys(node: Any, out: set[str]) -> None:
    """Wire names of every deprecated property anywhere under a plan node."""
    if isinstance(node, dict):
        for key in ("properties", "context"):
            members = node.get(key)
            if isinstance(members, dict):
                for name, member in members.items():
                    if isinstance(member, dict) and "deprecated" in member:
                        out.add(name)
        for value in node.values():
            _deprecated_keys(value, out)
    elif isinstance(node, list):
        for value in node:
            _deprecated_keys(value, out)


def typescript_submit(case: Case, files: Files) -> None:
    """Start the static check in Node.js; `typescript_static` collects the answer."""
    assert sorted(files) == ["browser/index.ts", "node/index.ts"], sorted(files)
    deprecated: set[str] = set()
    _deprecated_keys(case.plan, deprecated)
    literals = [case.plan["name"]]
    for event in case.events:
        literals += [event.wire_name, *event.properties, *event.context]
    expect = {
        "literals": literals,
        "deprecatedFunctions": [_function(e) for e in case.events if "deprecated" in (case.plan["events"][e.wire_name] or {})],
        "deprecatedKeys": sorted(deprecated),
    }
    _worker.send({"op": "check", "files": files, "expect": expect}, token=files)


def typescript_static(case: Case, files: Files) -> None:
    """Each flavour parses, no plan text became code, and prettier would leave it as it is
    (see `ts_worker.js`, op "check")."""
    if _worker.pending is not files:
        typescript_submit(case, files)
    reply = _worker.receive(files)
    problems = reply["problems"]
    assert not problems, "\n".join(problems[:20])
    assert_nothing_executed()
    changed = [f"prettier would change {name}:\n{_diff(files[name], text, 'prettier')}" for name, text in reply["unformatted"].items()]
    assert not changed, "\n".join(changed) + "--- plan ---\n" + case.text


def typescript_runtime(case: Case, files: Files) -> None:
    calls = []
    for event in case.events:
        nodes = _event_nodes(case, event)
        args = None
        if event.properties or event.context:
            given = {**event.call.properties, **event.call.context}
            args = ["obj", *([wire, ts_argument(case, nodes[wire], argument)] for wire, (argument, _) in given.items())]
        calls.append({"fn": _function(event), "args": args})
    outcomes = _worker.ask({"op": "run", "files": files, "calls": calls})["outcomes"]
    assert_nothing_executed()
    for name in files:
        results = iter(outcomes[name])
        for event in case.events:
            for _ in ("Tracker", "function"):
                result = next(results)
                where = f"{name} {result['how']} {result['fn']}()"
                assert result["error"] is None, f"{where} raised {result['error']}"
                assert result["returned"], f"{where} did not return what the client returned"
                assert len(result["sent"]) == 1, f"{where} sent {len(result['sent'])} messages"
                check_ts_payload(case, event, name.split("/")[0], json.loads(result["sent"][0]), where)


def check_ts_payload(case: Case, event: EventCase, sdk: str, sent: dict[str, Any], where: str) -> None:
    """As `check_payload`, for the message the recording client saw (parsed from its JSON)."""
    if sdk == "node":
        assert sorted(sent) == ["context", "event", "properties", "userId"], f"{where}: message keys {sorted(sent)}"
        assert sent["userId"] == USER_ID
        context = sent["context"]
    else:
        assert sorted(sent) == ["event", "options", "properties"], f"{where}: call arguments {sorted(sent)}"
        assert sorted(sent["options"]) == ["context", "userId"], f"{where}: options {sorted(sent['options'])}"
        assert sent["options"]["userId"] == USER_ID
        context = sent["options"]["context"]
    assert sent["event"] == event.wire_name, (where, sent["event"], event.wire_name)
    expected = {wire: value for wire, (_, value) in event.call.properties.items()}
    assert_wire(sent["properties"], expected, f"{where}: properties")
    for wire, (_, value) in event.call.context.items():
        assert_wire(context[wire], value, f"{where}: context.{wire}")
    extra = set(context) - set(event.call.context) - {"trackgen", "protocols"}
    assert not extra, f"{where}: unexpected context keys {extra}"
    assert_wire(context["trackgen"], {"language": "typescript", "plan": case.plan["name"]}, f"{where}: context.trackgen")
    if event.version is not None:
        assert_wire(context["protocols"], {"event_version": event.version}, f"{where}: context.protocols")
    else:
        assert "protocols" not in context, where


def assert_wire(actual: Any, expected: Any, where: str) -> None:
    """`assert_same` for values that went through JSON.stringify: JavaScript has one number
    type, so a float that is a whole number arrives as `3` (and -0.0 as `0`)."""
    if isinstance(expected, float):
        assert type(actual) in (int, float) and float(actual) == expected, f"{where}: {actual!r} != {expected!r}"
    elif isinstance(expected, dict):
        assert type(actual) is dict and sorted(actual) == sorted(expected), f"{where}: keys {actual!r} != {list(expected)!r}"
        for key in expected:
            assert_wire(actual[key], expected[key], f"{where}[{key!r}]")
    elif isinstance(expected, list):
        assert type(actual) is list and len(actual) == len(expected), f"{where}: {actual!r} != {expected!r}"
        for i, (a, e) in enumerate(zip(actual, expected)):
            assert_wire(a, e, f"{where}[{i}]")
    else:
        assert type(actual) is type(expected) and actual == expected, f"{where}: {actual!r} != {expected!r}"


def _calls_module(case: Case, sdk: str) -> str:
    """TypeScript that calls every event with the case's valid arguments through the real
    SDK's client type: tsc proves the generated types accept them (and refuse a key the
    plan does not have: the `@ts-expect-error` line must be an error)."""
    if sdk == "node":
        head = ['import { Analytics } from "@segment/analytics-node";', 'import * as client from "./index";', "",
                "export function calls(): void {",
                '  const tracker = client.configure(new Analytics({ writeKey: "W" }), { onViolation: "throw" });']
    else:
        head = ['import { AnalyticsBrowser } from "@segment/analytics-next";', 'import * as client from "./index";', "",
                "export function calls(): void {",
                '  const tracker = client.configure(AnalyticsBrowser.load({ writeKey: "W" }), { onViolation: "throw" });']
    lines = list(head)
    options = f"{{ userId: {json.dumps(USER_ID)} }}"
    for i, event in enumerate(case.events):
        fn = _function(event)
        nodes = _event_nodes(case, event)
        if event.properties or event.context:
            given = {**event.call.properties, **event.call.context}
            members = {wire: ts_literal(case, nodes[wire], argument) for wire, (argument, _) in given.items()}
            args = _ts_object(members)
            lines += [f"  void tracker.{fn}({args}, {options});", f"  void client.{fn}({args}, {options});"]
            if i == 0:
                wrong = _ts_object({**members, "\u0000 not in the plan": "1"})
                lines += ["  // @ts-expect-error a key the plan does not have", f"  void tracker.{fn}({wrong}, {options});"]
        else:
            lines += [f"  void tracker.{fn}({options});", f"  void client.{fn}({options});"]
            if i == 0:
                lines += ["  // @ts-expect-error the event has no properties", f"  void tracker.{fn}({{}}, {options});"]
    lines.append("}")
    return "\n".join(lines) + "\n"


def typescript_batch(outputs: list[tuple[Case, Files]], workdir: Path) -> None:
    """The pinned `tsc`, strict with every check the project's own TypeScript tests use,
    over a few outputs of both flavours and calls of every event through the real SDKs."""
    root = workdir / "typescript"
    root.mkdir()
    os.symlink(NODE_MODULES, root / "node_modules")
    for i, (case, files) in enumerate(outputs):
        for name, text in files.items():
            path = root / f"plan{i}" / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            (path.parent / "calls.ts").write_text(_calls_module(case, name.split("/")[0]), encoding="utf-8")
    if not outputs:
        return
    options = {k: v for k, v in COMPILER_OPTIONS.items() if k not in ("outDir", "rootDir")}
    (root / "tsconfig.json").write_text(json.dumps({"compilerOptions": {**options, "noEmit": True}, "include": ["plan*/*/*.ts"]}), encoding="utf-8")
    result = subprocess.run([str(BIN / "tsc"), "-p", str(root)], capture_output=True, text=True, cwd=root, timeout=600)
    assert result.returncode == 0, result.stdout[-20000:] + result.stderr


TYPESCRIPT = FuzzTarget(
    "typescript", typescript_generate, typescript_static, typescript_runtime, typescript_batch,
    submit=typescript_submit, property_identifiers=False,
)

_ONLY = [name for name in os.environ.get("TRACKGEN_FUZZ_TARGETS", "").split(",") if name]
TARGETS: list[FuzzTarget] = [t for t in (PYTHON, TYPESCRIPT) if not _ONLY or t.name in _ONLY]
"""The targets the fuzzer runs: all of them, or those named in TRACKGEN_FUZZ_TARGETS
(comma-separated, e.g. `typescript` for a long run of one target)."""
