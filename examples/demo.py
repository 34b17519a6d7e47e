"""`make demo`: build the example client, start `trackgen serve`, send events, show what arrived.

Every part is the real thing: the `trackgen` command line builds the client and runs the
collector (as a subprocess, on a free loopback port), and the example app (`examples/app.py`)
sends through segment-analytics-python over HTTP. Output goes to `out/demo/`.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import shlex
import signal
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PLAN = Path("plans/example.yaml")
OUT = Path("out/demo")
RECORD = OUT / "received.jsonl"
STARTUP_SECONDS = 20


def configure_output(out: Path) -> None:
    """`--out DIR` moves the generated client and the record file (the tests use a temp folder)."""
    global OUT, RECORD
    OUT = out
    RECORD = out / "received.jsonl"


def heading(text: str) -> None:
    print(f"\n== {text}", flush=True)


def trackgen(*args: str) -> list[str]:
    return [sys.executable, "-m", "trackgen", *args]


def shown(command: list[str]) -> str:
    return "$ trackgen " + shlex.join(command[3:])


def build_client() -> None:
    heading("1. Build the typed client from the plan")
    command = trackgen("build", str(PLAN), "--out", str(OUT))
    print(shown(command))
    subprocess.run(command, check=True)


class Collector:
    """`trackgen serve` as a subprocess; its output lines are collected by a reader thread."""

    def __init__(self) -> None:
        RECORD.unlink(missing_ok=True)
        self.command = trackgen("serve", str(PLAN), "--port", "0", "--record", str(RECORD))
        print(shown(self.command))
        self.process = subprocess.Popen(
            self.command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, bufsize=1
        )
        assert self.process.stdout is not None
        first = self.read_first_line()
        if not first.startswith("listening on "):
            self.process.kill()
            raise SystemExit(f"trackgen serve did not start: {first or 'no output'}")
        self.url = first.removeprefix("listening on ").strip()
        print(first)
        self.lines: list[str] = []
        self.reader = threading.Thread(target=self.read_rest, daemon=True)
        self.reader.start()

    def read_first_line(self) -> str:
        box: list[str] = []
        reader = threading.Thread(target=lambda: box.append(self.process.stdout.readline()), daemon=True)  # type: ignore[union-attr]
        reader.start()
        reader.join(STARTUP_SECONDS)
        return box[0].rstrip("\n") if box else ""

    def read_rest(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))

    def stop(self) -> None:
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.reader.join(5)


def run_app(url: str) -> None:
    heading(f"3. The example app (examples/app.py) sends events through segment-analytics-python to {url}")
    sys.path.insert(0, str((ROOT / OUT).resolve()))
    sys.path.insert(0, str(ROOT / "examples"))
    logging.basicConfig(level=logging.WARNING, format="      warning: %(message)s", stream=sys.stdout)
    import app  # noqa: PLC0415 - importable only once the client is built

    app.run(url)
    sys.stdout.flush()


def describe(message: dict[str, Any]) -> list[str]:
    who = f"userId={message.get('userId')}" if message.get("userId") else f"anonymousId={message.get('anonymousId')}"
    context = message.get("context") or {}
    lines = [f"{message.get('type')} {message.get('event')!r}  {who}  at {message.get('timestamp')}"]
    lines.append(f"    properties: {json.dumps(message.get('properties'), ensure_ascii=False)}")
    shown_context = {k: v for k, v in context.items() if k != "library"}
    lines.append(f"    context:    {json.dumps(shown_context, ensure_ascii=False)}")
    library = context.get("library") or {}
    lines.append(f"    library:    {library.get('name')} {library.get('version')}, messageId {message.get('messageId')}")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT, help="where the client and the record go (default: out/demo)")
    configure_output(parser.parse_args().out)
    os.chdir(ROOT)
    OUT.mkdir(parents=True, exist_ok=True)
    build_client()

    heading("2. Start the local collector")
    collector = Collector()
    try:
        run_app(collector.url)
    finally:
        collector.stop()

    heading("4. What the collector printed (one line per event; one line per violation)")
    for line in collector.lines:
        print(line)

    heading(f"5. What arrived, as recorded in {RECORD}")
    for raw in RECORD.read_text(encoding="utf-8").splitlines():
        for line in describe(json.loads(raw)):
            print(line)

    print(
        f"\nThe generated client is {OUT}/analytics_plan.py. Run the collector yourself with\n"
        f"  .venv/bin/trackgen serve {PLAN} --record received.jsonl\n"
        "and point any Segment SDK at http://127.0.0.1:8765 (its `host` option)."
    )


if __name__ == "__main__":
    main()
