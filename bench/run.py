"""trackgen benchmarks: `make bench`. Baselines are measured in the same run on the same
machine, so the ratios mean something on any machine.

1. Build, per target, for generated plans of 100, 1,000 and 10,000 events x 8 properties:
   a cold `trackgen build` in a fresh process (wall time and peak memory of that process,
   from os.wait4), the in-process load and generate times (best of several), how cost
   grows with size, and the no-change rebuild (`trackgen build` when the output is
   already current).
2. Per call: the generated wrapper with its checks on (through a client whose `track`
   does nothing), next to the bare call (the same dict built by hand and passed to the
   same `track`), and to checking that dict with fastjsonschema and jsonschema; in fresh
   processes, the median of three.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
import timeit
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from plans import event_schema, per_call_plan, synthetic_plan  # noqa: E402

from trackgen import generate, loads_plan  # noqa: E402
from trackgen.targets import TARGETS  # noqa: E402

SIZES = (100, 1_000, 10_000)
GOALS = {1_000: 1.0, 10_000: 10.0}
"""Seconds a cold `trackgen build` may take, per plan size."""
MAX_MB = 500.0
CHECK_GOAL_US = 1.5
FASTJSONSCHEMA_RATIO_GOAL = 4.0


def best(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def per_call_ns(fn: Callable[[], object], number: int, repeat: int = 7) -> float:
    return min(timeit.repeat(fn, number=number, repeat=repeat)) / number * 1e9


# Started from a small launcher: a child forked straight from this (large) benchmark process
# would inherit its memory high-water mark across exec, and report the parent's peak.
LAUNCHER = """
import json, os, subprocess, sys, time
start = time.perf_counter()
process = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL)
_, status, usage = os.wait4(process.pid, 0)
print(json.dumps([time.perf_counter() - start, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status)]))
"""


def measured(args: list[str], cwd: Path) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one Python command, that process alone (os.wait4)."""
    done = subprocess.run([sys.executable, "-c", LAUNCHER, sys.executable, *args], cwd=cwd, capture_output=True, text=True)
    seconds, peak_mb, code = json.loads(done.stdout)
    if code != 0 or done.returncode != 0:
        raise SystemExit(f"benchmark command failed: {args}")
    return float(seconds), float(peak_mb)


def bench_build(target: str, events: int, repeat: int) -> dict[str, Any]:
    text = synthetic_plan(events, 8)
    in_process_repeat = repeat if events <= 1_000 else 1
    load = best(lambda: loads_plan(text, "bench.yaml"), in_process_repeat)
    plan = loads_plan(text, "bench.yaml")
    gen = best(lambda: generate(plan, target), in_process_repeat)
    output_bytes = sum(len(v.encode()) for v in generate(plan, target).values())
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "plan.yaml").write_text(text, encoding="utf-8")
        args = ["-m", "trackgen", "build", "plan.yaml", "--target", target, "--out", "out"]
        cold, cold_mb = measured(args, folder)
        rebuild, rebuild_mb = measured(args, folder)
        shutil.rmtree(folder / "out")
        if events <= 1_000:  # a second cold build: the figures are the best of two
            again, again_mb = measured(args, folder)
            if again < cold:
                cold, cold_mb = again, again_mb
    return {
        "target": target, "events": events, "plan_bytes": len(text), "output_bytes": output_bytes,
        "load_s": load, "generate_s": gen, "cli_cold_s": cold, "cli_peak_mb": cold_mb,
        "cli_rebuild_s": rebuild, "cli_rebuild_peak_mb": rebuild_mb,
    }


def bench_all_targets(events: int) -> float:
    """One cold `trackgen build` of one plan for every target at once (from trackgen.yaml)."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "plan.yaml").write_text(synthetic_plan(events, 8), encoding="utf-8")
        builds = "".join(f"  - {{plan: plan.yaml, target: {t}, out: out/{t}}}\n" for t in TARGETS)
        (folder / "trackgen.yaml").write_text("builds:\n" + builds, encoding="utf-8")
        best_s = min(measured(["-m", "trackgen", "build"], folder)[0] for _ in range(2) if not shutil.rmtree(folder / "out", ignore_errors=True))
    return best_s


def load_module(source: str, folder: Path) -> Any:
    path = folder / "bench_client.py"
    path.write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("bench_client", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_client"] = module
    spec.loader.exec_module(module)
    return module


class NullClient:
    def track(self, **kwargs: object) -> None:
        return None


def bench_call(number: int) -> dict[str, float]:
    import fastjsonschema
    import jsonschema

    plan = loads_plan(per_call_plan(), "per_call.yaml")
    with tempfile.TemporaryDirectory() as tmp:
        module = load_module(generate(plan, "python")["analytics_plan.py"], Path(tmp))
        client = NullClient()
        tracker = module.Tracker(client, on_violation="raise")
        track = tracker.track_order_completed
        products = [{"product_id": "p1", "price": 10.5, "quantity": 1}, {"product_id": "p2", "price": 3.0, "quantity": 2}]

        def wrapper() -> None:  # keyword arguments written out, as application code does
            track(user_id="u1", order_id="o1", checkout_id="c1", total=24.0, revenue=20.5, shipping=3.5,
                  tax=1.0, discount=0.0, coupon="SPRING", currency="USD", products=products)

        revenue = Decimal("20.50")

        def wrapper_decimal() -> None:  # the same with a Decimal the wrapper converts to float
            track(user_id="u1", order_id="o1", checkout_id="c1", total=24.0, revenue=revenue, shipping=3.5,
                  tax=1.0, discount=0.0, coupon="SPRING", currency="USD", products=products)

        def bare_dict() -> dict[str, object]:
            return {"order_id": "o1", "checkout_id": "c1", "total": 24.0, "revenue": 20.5, "shipping": 3.5, "tax": 1.0,
                    "discount": 0.0, "coupon": "SPRING", "currency": "USD", "products": products}

        def bare_call() -> None:  # what the wrapper saves you from writing: the dict and the call
            client.track(user_id="u1", event="Order Completed", properties=bare_dict(), context={}, timestamp=None,
                         anonymous_id=None, integrations=None, message_id=None)

        schema = event_schema()
        fast = fastjsonschema.compile(schema)
        validator = jsonschema.Draft7Validator(schema)
        payload = bare_dict()
        wrapper()  # warm up; also proves the arguments are valid
        fast(payload)
        validator.validate(payload)
        rounds = []
        for _ in range(3):  # interleaved, so a burst of machine load hits every figure
            rounds.append({
                "wrapper_ns": per_call_ns(wrapper, number),
                "wrapper_decimal_ns": per_call_ns(wrapper_decimal, number),
                "bare_call_ns": per_call_ns(bare_call, number),
                "bare_dict_ns": per_call_ns(bare_dict, number),
                "fastjsonschema_ns": per_call_ns(lambda: fast(payload), number),
            })
        figures = {key: min(r[key] for r in rounds) for key in rounds[0]}
        figures["jsonschema_ns"] = per_call_ns(lambda: validator.validate(payload), max(number // 50, 200), repeat=3)
    figures["check_ns"] = figures["wrapper_ns"] - figures["bare_call_ns"]
    figures["fastjsonschema_over_check"] = figures["fastjsonschema_ns"] / figures["check_ns"]
    figures["jsonschema_over_check"] = figures["jsonschema_ns"] / figures["check_ns"]
    return figures


CALL_PROCESSES = 3


def bench_call_isolated(number: int) -> tuple[dict[str, float], list[float]]:
    """`bench_call` in fresh processes, each with its own hash seed and a small heap (this
    one has just built 10,000-event plans, which slows micro-timings by a few percent and
    not evenly). The figures of the process with the median ratio, and every ratio."""
    runs = []
    for _ in range(CALL_PROCESSES):
        done = subprocess.run([sys.executable, __file__, "--call-only", str(number)], capture_output=True, text=True, check=True)
        runs.append(json.loads(done.stdout))
    runs.sort(key=lambda r: r["fastjsonschema_over_check"])
    return runs[len(runs) // 2], [r["fastjsonschema_over_check"] for r in runs]


def verdict(ok: bool) -> str:
    return "ok" if ok else "MISSED"


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions and no 10,000-event plan (a smoke run)")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--call-only", type=int, metavar="N", help=argparse.SUPPRESS)  # one process of bench_call_isolated
    args = parser.parse_args()
    if args.call_only:
        print(json.dumps(bench_call(args.call_only)))
        return 0
    repeat = 2 if args.quick else 3
    number = 2_000 if args.quick else 20_000
    sizes = SIZES[:2] if args.quick else SIZES
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"trackgen bench on {platform.python_implementation()} {platform.python_version()}, "
          f"{os.cpu_count()} CPUs, load average {load:.2f} at start")
    builds: list[dict[str, Any]] = []
    for target in TARGETS:
        print(f"\nbuild, target {target}, plans of N events x 8 properties")
        print(f"  {'events':>7} {'plan':>8} {'output':>8} {'load':>8} {'generate':>9} {'cold CLI':>9} {'peak':>7} {'rebuild':>8}")
        for events in sizes:
            b = bench_build(target, events, repeat)
            builds.append(b)
            print(f"  {events:>7,} {b['plan_bytes'] / 1e6:>6.1f}MB {b['output_bytes'] / 1e6:>6.1f}MB {b['load_s']:>7.2f}s "
                  f"{b['generate_s']:>8.2f}s {b['cli_cold_s']:>8.2f}s {b['cli_peak_mb']:>5.0f}MB {b['cli_rebuild_s']:>7.2f}s")
        mine = [b for b in builds if b["target"] == target]
        for small, large in zip(mine, mine[1:]):
            work = lambda b: b["load_s"] + b["generate_s"]  # noqa: E731 - the size-dependent part
            print(f"  growth {small['events']:,} -> {large['events']:,} events (x{large['events'] // small['events']}): "
                  f"load+generate x{work(large) / work(small):.1f}, cold CLI x{large['cli_cold_s'] / small['cli_cold_s']:.1f}")
        for b in mine:
            if b["events"] in GOALS:
                limit = GOALS[b["events"]]
                mem = b["events"] < 10_000 or b["cli_peak_mb"] < MAX_MB
                print(f"  goal {b['events']:,} events: cold CLI {b['cli_cold_s']:.2f}s < {limit:.0f}s "
                      f"{verdict(b['cli_cold_s'] < limit)}" + (f"; peak {b['cli_peak_mb']:.0f}MB < {MAX_MB:.0f}MB {verdict(mem)}" if b["events"] >= 10_000 else ""))
    together = bench_all_targets(1_000)
    print(f"\nall targets ({', '.join(TARGETS)}) in one cold `trackgen build`, 1,000 events: "
          f"{together:.2f}s (goal: under 1s: {verdict(together < 1.0)})")
    call, ratios = bench_call_isolated(number)
    print(f"\nper call, Order Completed: 10 properties, a nested array of 2 objects (python; the median of {CALL_PROCESSES} fresh processes)")
    print(f"  bare call        {call['bare_call_ns'] / 1e3:8.2f} us   (the dict built by hand, {call['bare_dict_ns'] / 1e3:.2f} us, passed to the same track())")
    print(f"  trackgen wrapper {call['wrapper_ns'] / 1e3:8.2f} us   (checks, context, then the same track())")
    print(f"    with a Decimal {call['wrapper_decimal_ns'] / 1e3:8.2f} us   (revenue=Decimal('20.50'), converted to float on the slow path)")
    print(f"  check cost       {call['check_ns'] / 1e3:8.2f} us   (wrapper - bare call; goal <= {CHECK_GOAL_US} us: {verdict(call['check_ns'] / 1e3 <= CHECK_GOAL_US)})")
    print(f"  fastjsonschema   {call['fastjsonschema_ns'] / 1e3:8.2f} us   (validation only: {call['fastjsonschema_over_check']:.1f}x the check cost; "
          f"goal >= {FASTJSONSCHEMA_RATIO_GOAL:.0f}x: {verdict(call['fastjsonschema_over_check'] >= FASTJSONSCHEMA_RATIO_GOAL)})")
    print(f"                                 (the {CALL_PROCESSES} processes: {', '.join(f'{r:.1f}x' for r in ratios)})")
    print(f"  jsonschema       {call['jsonschema_ns'] / 1e3:8.2f} us   (validation only: {call['jsonschema_over_check']:.0f}x the check cost)")
    if args.json:
        figures = {"builds": builds, "all_targets_1000_s": together, "call": call, "call_ratios": ratios, "load_average": load}
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
