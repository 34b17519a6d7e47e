"""What the fuzzer checks per language target, behind one small interface.

A target is a name plus three checks: `static` (the output compiles / is formatted as the
target promises, and no plan string turned into code), `runtime` (every event called with
valid arguments through a recording client sends exactly the plan's wire names and values)
and `batch` (slow whole-toolchain checks run once on a few outputs: mypy --strict for
Python, tsc for TypeScript). Adding TypeScript means adding one `FuzzTarget` to `TARGETS`.
"""

from __future__ import annotations

import builtins
import io
import itertools
import os
import subprocess
import sys
import tokenize
import types
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import black

from fuzz_plans import PWNED, SENTINEL, Case, EventCase
from trackgen import naming
from trackgen.targets import python as python_target

Files = dict[str, str]


@dataclass(frozen=True)
class FuzzTarget:
    name: str
    static: Callable[[Case, Files], None]
    runtime: Callable[[Case, Files], None]
    batch: Callable[[list[tuple[Case, Files]], Path], None]
    batch_size: int = 3
    """How many outputs of a run the slow `batch` check sees."""


def assert_nothing_executed() -> None:
    assert not hasattr(builtins, PWNED), "a plan string was executed (builtins marker set)"
    assert not os.path.exists(SENTINEL), "a plan string was executed (sentinel file created)"


# -- Python --------------------------------------------------------------------------------

_BLACK_MODE = black.Mode()
_FORBIDDEN_NAMES = {PWNED, "__import__"}
"""Identifiers only plan text could have made: naming turns `__import__` into `import_`."""
_counter = itertools.count()


def python_static(case: Case, files: Files) -> None:
    (name, source), = files.items()
    assert name.endswith(".py"), name
    compile(source, name, "exec")
    formatted = black.format_str(source, mode=_BLACK_MODE)
    if formatted != source:
        import difflib

        diff = "".join(difflib.unified_diff(source.splitlines(True), formatted.splitlines(True), "generated", "black"))
        raise AssertionError(f"black would change the generated module:\n{diff}")
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


PYTHON = FuzzTarget("python", python_static, python_runtime, python_batch)

TARGETS: list[FuzzTarget] = [PYTHON]
"""Every target the fuzzer runs; TypeScript joins with a `tsc` batch check when it lands."""
