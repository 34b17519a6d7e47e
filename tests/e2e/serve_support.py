"""Helpers for the collector's end-to-end tests: build and import a generated client, run
`trackgen serve` as a subprocess, and a plain recording HTTP server (stdlib) that keeps every
request as it arrived (path, headers, decompressed body)."""

from __future__ import annotations

import gzip
import importlib.util
import itertools
import json
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE_PLAN = ROOT / "plans" / "example.yaml"
SHAPES_PLAN = Path(__file__).resolve().parent / "shapes.yaml"

_counter = itertools.count()


def trackgen(*args: str) -> list[str]:
    return [sys.executable, "-m", "trackgen", *args]


def build_client(plan: Path, out: Path, module: str) -> ModuleType:
    """Runs the real `trackgen build` and imports the module it wrote (under a unique name)."""
    done = subprocess.run(
        trackgen("build", str(plan), "--out", str(out), "--module", module),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    unique = f"{module}_{next(_counter)}"
    spec = importlib.util.spec_from_file_location(unique, out / f"{module}.py")
    assert spec is not None and spec.loader is not None
    loaded = importlib.util.module_from_spec(spec)
    sys.modules[unique] = loaded
    spec.loader.exec_module(loaded)
    return loaded


class Serve:
    """`trackgen serve PLAN --port 0 --record FILE` as a subprocess, output read by a thread."""

    def __init__(self, plan: Path, record: Path, *extra: str) -> None:
        self.record = record
        self.process = subprocess.Popen(
            trackgen("serve", str(plan), "--port", "0", "--record", str(record), *extra),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            bufsize=1,
        )
        assert self.process.stdout is not None
        first = self.process.stdout.readline()
        if not first.startswith("listening on http://127.0.0.1:"):
            self.process.kill()
            raise AssertionError(f"trackgen serve did not start: {first!r} {self.process.stderr.read()!r}")  # type: ignore[union-attr]
        self.url = first.removeprefix("listening on ").strip()
        self.lines: list[str] = [first.rstrip("\n")]
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))

    def messages(self) -> list[dict[str, Any]]:
        if not self.record.exists():
            return []
        # Lines end at "\n" only: a message may hold U+2028 and friends, which splitlines()
        # would break on; a last line without its "\n" is still being written.
        text = self.record.read_text(encoding="utf-8")
        return [json.loads(line) for line in text.split("\n")[:-1] if line]

    def wait_for_lines(self, predicate: Any, timeout: float = 5.0) -> list[str]:
        """The output lines once `predicate(lines)` holds (the server prints before it answers,
        but the reader thread may lag a little)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if predicate(self.lines):
                return list(self.lines)
            time.sleep(0.01)
        raise AssertionError(f"collector output never matched: {self.lines}")

    def stop(self, sig: int = signal.SIGINT) -> int:
        if self.process.poll() is None:
            self.process.send_signal(sig)
        try:
            code = self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            raise AssertionError("trackgen serve did not stop on a signal") from None
        self._reader.join(5)
        return code


@dataclass
class Captured:
    method: str
    path: str
    headers: dict[str, str]
    raw: bytes
    body: Any


@dataclass
class RecordingServer:
    """A plain HTTP server that answers 200 `{}` and keeps every request, for wire assertions
    that must not depend on trackgen's own collector."""

    requests: list[Captured] = field(default_factory=list)

    def __post_init__(self) -> None:
        owner = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self) -> None:  # noqa: N802
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                data = gzip.decompress(raw) if self.headers.get("Content-Encoding") == "gzip" else raw
                headers = {k.lower(): v for k, v in self.headers.items()}
                owner.requests.append(Captured("POST", self.path, headers, raw, json.loads(data)))
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"{}")

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
