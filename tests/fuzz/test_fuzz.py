"""Property-based proof that no valid plan, however hostile its strings, breaks a target.

Per drawn plan: trackgen either generates or answers with diagnostics (never an internal
error; an injected name collision must be a TG400); the output compiles and is
black-stable; no plan string turned into code or ran; every event, called with valid
arguments through a recording client, sends exactly the plan's wire names and values; and
the same plan with attribute keys in another order gives the same bytes. A few outputs per
run also go through the slow whole-toolchain check (mypy --strict for Python).

`make test` runs a fixed-seed profile (TRACKGEN_FUZZ_EXAMPLES, default 250, derandomized);
`make fuzz` runs a long random one (5,000 plans) and prints how many plans it tried.
"""

from __future__ import annotations

import ast
import builtins
import os
import re
from collections import Counter
from pathlib import Path

from hypothesis import HealthCheck, given, settings

from fuzz_plans import PWNED, SENTINEL, Case, plans
from fuzz_targets import TARGETS, Files, FuzzTarget
from trackgen import PlanError, generate, loads_plan, naming
from trackgen.diagnostics import Diagnostic
from trackgen.targets import python as python_target

EXAMPLES = int(os.environ.get("TRACKGEN_FUZZ_EXAMPLES", "250"))
RANDOM = os.environ.get("TRACKGEN_FUZZ_RANDOM", "") not in ("", "0")

_COLLISION = re.compile(r"^(event|property|type|object type) (.+) and (.+) both become `([^`]+)` in (.+)$", re.S)


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
    if d.code != "TG400":
        return False
    found = _COLLISION.match(d.message)
    assert found, d.render()
    kind, ident = found.group(1), found.group(4)
    pair = _split_pair(found.group(2) + " and " + found.group(3))
    assert pair is not None, d.render()
    if set(pair) <= {name for injected in case.collisions for name in injected}:
        return True
    if kind in ("type", "object type"):
        return True  # anonymous object types are named after their path; paths can meet
    if target.name == "python":
        position = python_target.FUNCTION if kind == "event" else python_target.PARAMETER
        return naming.identifier(pair[0], position) == naming.identifier(pair[1], position) == ident
    return False


class Stats:
    def __init__(self) -> None:
        self.tried = 0
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
    for target in TARGETS:
        try:
            files = generate(plan, target.name)
        except PlanError as exc:
            unjustified = [d.render() for d in exc.diagnostics if not justified(d, case, target)]
            assert not unjustified, "\n".join(unjustified) + "\n--- plan ---\n" + case.text
            stats.rejected[target.name] += 1
            stats.reasons.update(d.code + " " + _COLLISION.sub(r"\1 ... \5", d.message) for d in exc.diagnostics)
            continue
        assert not case.collisions, f"injected collisions {case.collisions} were not reported"
        target.static(case, files)
        target.runtime(case, files)
        assert generate(reordered, target.name) == files, "reordering attribute keys changed the output"
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

    run()
    for target in TARGETS:
        target.batch(stats.samples[target.name], tmp_path)
    summary = ", ".join(f"{t.name}: {stats.generated[t.name]} generated, {stats.rejected[t.name]} rejected with diagnostics" for t in TARGETS)
    print(f"\nfuzz: tried {stats.tried} plans ({summary}); batch-checked {sum(len(s) for s in stats.samples.values())}")
    assert stats.tried >= min(EXAMPLES, 50)
    for target in TARGETS:
        assert stats.generated[target.name] >= stats.tried // 2, "too few plans generated to prove anything"
