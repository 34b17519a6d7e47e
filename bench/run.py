"""trackgen benchmarks: `make bench`. Figures are ratios against baselines measured in the
same run on the same machine, so they mean something on any machine.

1. Build: load + check + generate a plan of 1,000 events × 8 properties, in process (best
   of several runs) and as a cold `trackgen build` command; baseline: yaml.safe_load of
   the same file with the C loader.
2. Per call: a generated wrapper with its checks on (through a client whose `track` does
   nothing), next to building the same dict by hand (no checks) and to checking that
   dict with fastjsonschema and jsonschema.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import subprocess
import sys
import tempfile
import time
import timeit
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from plans import event_schema, per_call_plan, synthetic_plan  # noqa: E402

from trackgen import generate, loads_plan  # noqa: E402


def best(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def per_call_ns(fn: Callable[[], object], number: int) -> float:
    return min(timeit.repeat(fn, number=number, repeat=5)) / number * 1e9


def bench_build(events: int, repeat: int) -> dict[str, float]:
    text = synthetic_plan(events, 8)
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    def build() -> None:
        generate(loads_plan(text, "bench.yaml"), "python")

    seconds = best(build, repeat)
    baseline = best(lambda: yaml.load(text, Loader=loader), repeat)
    with tempfile.TemporaryDirectory() as tmp:
        plan = Path(tmp) / "plan.yaml"
        plan.write_text(text, encoding="utf-8")
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "trackgen", "build", str(plan), "--out", tmp], check=True, capture_output=True)
        cli = time.perf_counter() - start
    return {"events": events, "build_s": seconds, "yaml_load_s": baseline, "ratio_to_yaml_load": seconds / baseline, "cli_cold_s": cli, "plan_bytes": len(text)}


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
        tracker = module.Tracker(NullClient(), on_violation="raise")
        products = [{"product_id": "p1", "price": 10.5, "quantity": 1}, {"product_id": "p2", "price": 3.0, "quantity": 2}]
        args = dict(order_id="o1", checkout_id="c1", total=24.0, revenue=Decimal("20.50"), shipping=3.5, tax=1.0,
                    discount=0.0, coupon="SPRING", currency="USD", products=products)

        def wrapper() -> None:
            tracker.track_order_completed(user_id="u1", **args)

        def bare() -> dict[str, object]:
            return {"order_id": "o1", "checkout_id": "c1", "total": 24.0, "revenue": 20.5, "shipping": 3.5, "tax": 1.0,
                    "discount": 0.0, "coupon": "SPRING", "currency": "USD", "products": products}

        schema = event_schema()
        fast = fastjsonschema.compile(schema)
        validator = jsonschema.Draft7Validator(schema)
        payload = bare()
        wrapper()  # warm up; also proves the arguments are valid
        fast(payload)
        validator.validate(payload)
        wrapper_ns = per_call_ns(wrapper, number)
        bare_ns = per_call_ns(bare, number)
        fast_ns = per_call_ns(lambda: fast(bare()), number)
        js_ns = per_call_ns(lambda: validator.validate(bare()), max(number // 50, 200))
    return {
        "wrapper_ns": wrapper_ns,
        "bare_dict_ns": bare_ns,
        "fastjsonschema_ns": fast_ns,
        "jsonschema_ns": js_ns,
        "fastjsonschema_over_wrapper": fast_ns / wrapper_ns,
        "jsonschema_over_wrapper": js_ns / wrapper_ns,
        "wrapper_over_bare_dict": wrapper_ns / bare_ns,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions (for a smoke run)")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args()
    repeat = 2 if args.quick else 5
    number = 2_000 if args.quick else 20_000
    build = bench_build(1000, repeat)
    call = bench_call(number)
    print(f"build, 1,000 events x 8 properties ({build['plan_bytes'] / 1e3:.0f} KB plan)")
    print(f"  in process       {build['build_s'] * 1e3:8.1f} ms   ({build['ratio_to_yaml_load']:.1f}x yaml.safe_load of the plan, {build['yaml_load_s'] * 1e3:.1f} ms)")
    print(f"  cold CLI         {build['cli_cold_s'] * 1e3:8.1f} ms   (goal: under 1,000 ms)")
    print("per call, Order Completed: 10 properties, a nested array of 2 objects")
    print(f"  bare dict        {call['bare_dict_ns'] / 1e3:8.2f} us   (no checks, baseline)")
    print(f"  trackgen wrapper {call['wrapper_ns'] / 1e3:8.2f} us   ({call['wrapper_over_bare_dict']:.1f}x the bare dict; checks, context, send)")
    print(f"  fastjsonschema   {call['fastjsonschema_ns'] / 1e3:8.2f} us   ({call['fastjsonschema_over_wrapper']:.1f}x the wrapper; goal: >= 4x)")
    print(f"  jsonschema       {call['jsonschema_ns'] / 1e3:8.2f} us   ({call['jsonschema_over_wrapper']:.0f}x the wrapper)")
    if args.json:
        args.json.write_text(json.dumps({"build": build, "call": call}, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
