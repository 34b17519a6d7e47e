"""Property-based proof that no valid plan, however hostile its strings, breaks a target.

Per drawn plan and target (Python; TypeScript in both SDK flavours): trackgen either
generates or answers with diagnostics (never an internal error; an injected name
collision must be a TG400); the output compiles and is formatted as its formatter would
format it (black for Python; prettier, through its API, for every TypeScript file); no plan
string turned into code or ran; every event, called with valid arguments through a
recording client, sends exactly the plan's wire names and values; and the same plan with
attribute keys in another order gives the same bytes. A few outputs per run also go
through the slow whole-toolchain checks (mypy --strict for Python, tsc for TypeScript).
What each target checks is in fuzz_targets.py.

`make test` runs a fixed-seed profile (TRACKGEN_FUZZ_EXAMPLES, default 250, derandomized);
`make fuzz` runs a long random one (5,000 plans) and prints how many plans each target
tried, generated and rejected; TRACKGEN_FUZZ_TARGETS=typescript (or python) runs one target.
"""

from __future__ import annotations

import ast
import builtins
import os
import re
import time
from collections import Counter
from pathlib import Path

from hypothesis import HealthCheck, given, settings

from fuzz_plans import PWNED, SENTINEL, Case, plans
from fuzz_targets import TARGETS, Files, FuzzTarget
from trackgen import PlanError, loads_plan, naming
from trackgen.diagnostics import Diagnostic
from trackgen.targets import python as python_target
from trackgen.targets import typescript as typescript_target

EXAMPLES = int(os.environ.get("TRACKGEN_FUZZ_EXAMPLES", "250"))
RANDOM = os.environ.get("TRACKGEN_FUZZ_RANDOM", "") not in ("", "0")

_COLLISION = re.compile(r"^(event|property|type|object type|track) (.+) and (.+) both become `([^`]+)` in (.+)$", re.S)
_INLINE_FLAGS = re.compile(r"\(\?[aiLmsux]")
"""Python-only regex syntax (JavaScript has no inline flags): TypeScript rightly refuses it."""


def _split_pair(text: str) -> tuple[str, str] | None:
    """The two repr()'d wire names of a TG400 message, found by trying every ' and '."""
    for match in re.finditer(" and ", text):
        try:
            first = ast.literal_eval(text[: match.start()])
            second = ast.literal_eval(text[match.end():])
        except (ValueError, SyntaxError):
            continue
        if isinstance(first, str) and isinstance(second, str):
            return first, second
    return None


def justified(d: Diagnostic, case: Case, target: FuzzTarget) -> bool:
    """A target diagnostic is fine only if the plan really has that problem."""
    if d.code == "TG600" and target.name == "typescript":
        head, found_, _ = d.message.partition(" cannot be used in TypeScript: ")
        assert found_ and head.startswith("the pattern "), d.render()
        return bool(_INLINE_FLAGS.search(ast.literal_eval(head.removeprefix("the pattern "))))
    if d.code != "TG400":
        return False
    found = _COLLISION.match(d.message)
    assert found, d.render()
    kind, ident = found.group(1), found.group(4)
    pair = _split_pair(found.group(2) + " and " + found.group(3))
    assert pair is not None, d.render()
    if set(pair) <= {name for injected in case.collisions for name in injected}:
        return True
    if kind in ("type", "object type") or found.group(5) == "generated TypeScript type names":
        return True  # anonymous object types are named after their path; paths can meet
    if target.name == "typescript":
        return kind == "event" and naming.identifier(pair[0], typescript_target.FUNCTION) == naming.identifier(pair[1], typescript_target.FUNCTION) == ident
    if target.name == "python":
        position = python_target.FUNCTION if kind == "event" else python_target.PARAMETER
        return naming.identifier(pair[0], position) == naming.identifier(pair[1], position) == ident
    return False


class Stats:
    def __init__(self) -> None:
        self.tried = 0
        self.tried_by: Counter[str] = Counter()
        self.generated: Counter[str] = Counter()
        self.rejected: Counter[str] = Counter()
        self.reasons: Counter[str] = Counter()
        self.samples: dict[str, list[tuple[Case, Files]]] = {t.name: [] for t in TARGETS}

    def keep(self, target: FuzzTarget, case: Case, files: Files) -> None:
        """The largest outputs go to the slow batch check."""
        samples = self.samples[target.name]
        samples.append((case, files))
        samples.sort(key=lambda item: -sum(len(text) for text in item[1].values()))
        del samples[target.batch_size:]


def check_case(case: Case, stats: Stats) -> None:
    stats.tried += 1
    try:
        plan = loads_plan(case.text, "fuzz.yaml")
    except PlanError as exc:
        raise AssertionError("a valid plan was rejected:\n" + str(exc) + "\n--- plan ---\n" + case.text) from None
    reordered = loads_plan(case.reordered_text, "fuzz.yaml")
    outputs: list[tuple[FuzzTarget, Files]] = []
    for target in TARGETS:
        stats.tried_by[target.name] += 1
        try:
            files = target.generate(plan)
        except PlanError as exc:
            unjustified = [d.render() for d in exc.diagnostics if not justified(d, case, target)]
            assert not unjustified, "\n".join(unjustified) + "\n--- plan ---\n" + case.text
            stats.rejected[target.name] += 1
            stats.reasons.update(d.code + " " + _COLLISION.sub(r"\1 ... \5", d.message) for d in exc.diagnostics)
            continue
        injected = case.collisions if target.property_identifiers else case.event_collisions
        assert not injected, f"injected collisions {injected} were not reported"
        if target.submit is not None:
            target.submit(case, files)
        outputs.append((target, files))
    for target, files in outputs:
        target.static(case, files)
        target.runtime(case, files)
        assert target.generate(reordered) == files, "reordering attribute keys changed the output"
        stats.generated[target.name] += 1
        stats.keep(target, case, files)


def _reset_sentinels() -> None:
    if hasattr(builtins, PWNED):
        delattr(builtins, PWNED)
    if os.path.exists(SENTINEL):
        os.rmdir(SENTINEL) if os.path.isdir(SENTINEL) else os.unlink(SENTINEL)


def test_hostile_plans(tmp_path: Path) -> None:
    _reset_sentinels()
    stats = Stats()

    @settings(
        max_examples=EXAMPLES,
        derandomize=not RANDOM,
        deadline=None,
        database=None,
        print_blob=True,
        suppress_health_check=list(HealthCheck),
    )
    @given(plans())
    def run(case: Case) -> None:
        check_case(case, stats)

    try:
        run()
    finally:  # how far it got, also when a plan failed
        for target in TARGETS:
            print(
                f"\nfuzz: {target.name}: tried {stats.tried_by[target.name]} plans, {stats.generated[target.name]} generated"
                f" and checked, {stats.rejected[target.name]} rejected with diagnostics",
                end="",
            )
        print(f"\nfuzz: tried {stats.tried} plans in all")
    failures = []
    batched = []
    for target in TARGETS:  # every target's batch check runs, even after another one fails
        started = time.perf_counter()
        try:
            target.batch(stats.samples[target.name], tmp_path)
        except AssertionError as exc:
            failures.append(f"{target.name} batch check: {exc}")
        batched.append(f"{target.name}: {len(stats.samples[target.name])} ({time.perf_counter() - started:.1f} s)")
    print(f"fuzz: batch-checked {', '.join(batched)}")
    assert not failures, "\n\n".join(failures)
    assert stats.tried >= min(EXAMPLES, 50)
    for target in TARGETS:
        assert stats.generated[target.name] >= stats.tried // 2, f"{target.name}: too few plans generated to prove anything"
