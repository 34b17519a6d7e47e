"""Build time of a generated 1,000-event x 8-property plan with the Python and the
TypeScript targets (issue 3: both together under 1 s on a 2-core machine).

Loading and checking the plan is done once and counted once; each target then
generates in memory (writing files is not part of a build's cost that varies by target).
Run: `.venv/bin/python bench/build_both.py` (the lead's `make bench` can call `main()`).
"""

from __future__ import annotations

import time

from trackgen import generate, loads_plan

KINDS = [
    "{type: string, required: true}",
    "{type: integer, minimum: 0}",
    "{type: number, exclusiveMinimum: 0}",
    "{type: string, enum: [a, b, c]}",
    "{type: string, format: date-time}",
    "{type: array, items: {type: object, properties: {id: {type: string, required: true}, n: integer}}}",
    "{type: string, pattern: '^[A-Z]{3}$', nullable: true}",
    "{type: object, additionalProperties: string}",
]


def big_plan(events: int = 1000) -> str:
    lines = ["trackgen: 1", "name: Bench", "events:"]
    for e in range(events):
        lines.append(f"  Event Number {e}:")
        lines.append("    properties:")
        for p, kind in enumerate(KINDS):
            lines.append(f"      prop_{p}: {kind}")
    return "\n".join(lines) + "\n"


def best(fn: object, runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    text = big_plan()
    load = best(lambda: loads_plan(text, "bench.yaml"))
    plan = loads_plan(text, "bench.yaml")
    python = best(lambda: generate(plan, "python"))
    typescript = best(lambda: generate(plan, "typescript"))
    lines = len(generate(plan, "typescript")["index.ts"].splitlines())
    print(f"1,000 events x 8 properties: load+check {load:.3f} s")
    print(f"  python target     {python:.3f} s")
    print(f"  typescript target {typescript:.3f} s ({lines} lines)")
    print(f"  both targets, one load: {load + python + typescript:.3f} s (target < 1 s)")


if __name__ == "__main__":
    main()
