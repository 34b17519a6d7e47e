"""`make demo` runs examples/demo.py: it must work from a fresh checkout (after `make setup`)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from serve_support import ROOT


def test_the_demo_builds_serves_sends_and_shows_what_arrived(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "examples" / "demo.py"), "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    out = done.stdout
    assert (tmp_path / "analytics_plan.py").exists()
    for heading in ("== 1.", "== 2.", "== 3.", "== 4.", "== 5."):
        assert heading in out
    assert "listening on http://127.0.0.1:" in out
    assert "warning: 'Order Completed' does not match the tracking plan: currency must match" in out
    assert "raised TrackingPlanViolation" in out
    collector = out.split("== 4.")[1].split("== 5.")[0]
    assert collector.count("\nok  ") == 4
    assert "bad Order Completed  userId=u-2002: currency must match the pattern ^[A-Z]{3}$" in collector
    assert "stopped: 5 messages, 1 with violations" in collector
    recorded = [json.loads(line) for line in (tmp_path / "received.jsonl").read_text().splitlines()]
    assert [m["event"] for m in recorded] == [
        "User Registered", "Course Clicked", "Order Completed", "Signed Out", "Order Completed"
    ]
    assert "Traceback" not in done.stderr


def test_the_typescript_demo_sends_through_trackgen_serve() -> None:
    """The TypeScript half of `make demo` (examples/demo_typescript.py)."""
    done = subprocess.run([sys.executable, str(ROOT / "examples" / "demo_typescript.py")], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    said = done.stdout.split("$ what trackgen serve said")[1].split("$ what arrived")[0]
    assert said.count("\nok  ") == 3
    assert "bad Order Completed  userId=user-42: currency must match the pattern ^[A-Z]{3}$" in said
    assert "stopped: 4 messages, 1 with violations" in said
    assert '"language": "typescript"' in done.stdout.split("$ what arrived")[1]
