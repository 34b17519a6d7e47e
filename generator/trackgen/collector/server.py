"""`trackgen serve`: a local, Segment-compatible collector that checks what it receives.

The real SDKs point at it with their `host` option (segment-analytics-python, rudder-sdk-python,
@segment/analytics-node). Each message is checked against the plan by `Validator`, printed as
one line (`ok  Order Completed  userId=u1`, or one `bad` line per violation) and appended to
the `--record` file as one JSON line, flushed at once so tests and tools can follow it.

Answers mirror Segment's: 200 `{"success": true}` for every accepted request, violations or
not (a real endpoint does not refuse an event for breaking the plan either); 400 for invalid
JSON or gzip; 401 when no write key came with the request (Basic auth or `writeKey`).
"""

from __future__ import annotations

import json
import re
import signal
import sys
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import FrameType
from typing import Any, TextIO

from ..plan.ir import Plan
from .validate import Validator, Verdict
from .wire import MAX_BODY, RequestError, decode

DEFAULT_PORT = 8765
HEADER_NAME = re.compile(r"[A-Za-z0-9!#$%&'*+.^_`|~-]+")
"""An HTTP header name (RFC 9110 token), for echoing the headers a preflight asks for."""


@dataclass(frozen=True, slots=True)
class ServeOptions:
    host: str = "127.0.0.1"
    port: int = DEFAULT_PORT
    """0 picks a free port; the first printed line names it."""
    record: Path | None = None
    write_key: str | None = None
    """When set, requests with another write key are refused with 401."""


def printable(text: str) -> str:
    """Event names go on one terminal line as written, unless they hold control characters."""
    return text if text.isprintable() else repr(text)


def verdict_lines(verdict: Verdict) -> list[str]:
    """`ok  NAME  userId=u1`, or `bad NAME  userId=u1: PROBLEM` once per problem."""
    head = f"{printable(verdict.label)}  {printable(verdict.identity)}"
    if verdict.ok:
        return [f"ok  {head}"]
    return [f"bad {head}: {printable(problem)}" for problem in verdict.problems]


@dataclass
class Collector:
    """What the handler threads share: the checks, the output, the record file and counts."""

    validator: Validator
    out: TextIO
    record: TextIO | None = None
    write_key: str | None = None
    received: int = 0
    violating: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def post(self, path: str, headers: dict[str, str], body: bytes) -> tuple[int, dict[str, Any]]:
        try:
            request = decode(path, headers, body, self.write_key)
        except RequestError as exc:
            self.say(f"err {exc.status} POST {printable(path)}: {exc.message}")
            return exc.status, {"code": exc.code, "message": exc.message}
        for message, implied in request.messages:
            self.accept(message, implied)
        return 200, {"success": True}

    def accept(self, message: Any, implied: str | None) -> Verdict:
        verdict = self.validator.check(message, implied)
        with self.lock:
            self.received += 1
            self.violating += 0 if verdict.ok else 1
            for line in verdict_lines(verdict):
                self.out.write(line + "\n")
            self.out.flush()
            if self.record is not None:
                self.record.write(json.dumps(message, ensure_ascii=False) + "\n")
                self.record.flush()
        return verdict

    def say(self, line: str) -> None:
        with self.lock:
            self.out.write(line + "\n")
            self.out.flush()

    def health(self) -> dict[str, Any]:
        with self.lock:
            return {"status": "ok", "plan": self.validator.plan.name, "received": self.received, "violating": self.violating}


class CollectorServer(ThreadingHTTPServer):
    daemon_threads = True
    """Keep-alive connections must not hold up shutdown."""

    def __init__(self, address: tuple[str, int], collector: Collector) -> None:
        super().__init__(address, CollectorHandler)
        self.collector = collector

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host!s}:{port}"


class CollectorHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: CollectorServer
    server_version = "trackgen-serve"

    def do_POST(self) -> None:  # noqa: N802 - http.server's naming
        try:
            body = self.read_body()
        except RequestError as exc:
            self.server.collector.say(f"err {exc.status} POST {printable(self.path)}: {exc.message}")
            self.reply(exc.status, {"code": exc.code, "message": exc.message}, close=True)
            return
        headers = {key.lower(): value for key, value in self.headers.items()}
        status, answer = self.server.collector.post(self.path, headers, body)
        self.reply(status, answer)

    def do_GET(self) -> None:  # noqa: N802
        if self.path.split("?", 1)[0].rstrip("/") == "/health":
            self.reply(200, self.server.collector.health())
        else:
            self.reply(404, {"code": "not_found", "message": "GET /health; events go to POST /v1/batch"})

    def do_OPTIONS(self) -> None:  # noqa: N802 - CORS preflight, for browser SDKs on a dev page
        """Allows what the page asks for: analytics.js sends `Authorization` with every request
        and adds `X-Retry-Count` when it retries, so a fixed list would block its retries."""
        asked = self.headers.get("Access-Control-Request-Headers", "")
        names = [h.strip() for h in asked.split(",") if HEADER_NAME.fullmatch(h.strip())]
        allowed = ", ".join(names) or "Authorization, Content-Type, Content-Encoding"
        self.send_response(204)
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Access-Control-Allow-Methods", "POST, GET, OPTIONS")
        self.send_header("Access-Control-Allow-Headers", allowed)
        self.send_header("Access-Control-Max-Age", "600")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def read_body(self) -> bytes:
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            return self.read_chunked()
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            raise RequestError(400, "invalid_request", "Content-Length is not a number") from None
        if length > MAX_BODY:
            raise RequestError(413, "too_large", f"the body is over {MAX_BODY} bytes")
        return self.rfile.read(length) if length > 0 else b""

    def read_chunked(self) -> bytes:
        parts: list[bytes] = []
        total = 0
        while True:
            size_line = self.rfile.readline(1024).split(b";", 1)[0].strip()
            try:
                size = int(size_line, 16)
            except ValueError:
                raise RequestError(400, "invalid_request", "malformed chunked body") from None
            if size == 0:
                while self.rfile.readline(1024) not in (b"\r\n", b"\n", b""):
                    pass  # trailers
                return b"".join(parts)
            total += size
            if total > MAX_BODY:
                raise RequestError(413, "too_large", f"the body is over {MAX_BODY} bytes")
            parts.append(self.rfile.read(size))
            self.rfile.readline(1024)

    def reply(self, status: int, answer: dict[str, Any], close: bool = False) -> None:
        data = json.dumps(answer).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Access-Control-Allow-Origin", "*")
        if close:
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base signature
        """Quiet: the collector prints one line per event instead of an access log."""


@dataclass
class Running:
    """A started collector; `stop()` shuts it down and closes the record file."""

    server: CollectorServer
    thread: threading.Thread
    record: TextIO | None

    @property
    def url(self) -> str:
        return self.server.url

    @property
    def collector(self) -> Collector:
        return self.server.collector

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join()
        if self.record is not None:
            self.record.close()


def start(plan: Plan, options: ServeOptions, out: TextIO) -> Running:
    """Binds and serves in a background thread; raises OSError when the port is taken."""
    record = options.record.open("a", encoding="utf-8") if options.record is not None else None
    collector = Collector(Validator(plan), out, record, options.write_key)
    try:
        server = CollectorServer((options.host, options.port), collector)
    except OSError:
        if record is not None:
            record.close()
        raise
    thread = threading.Thread(target=server.serve_forever, name="trackgen-serve", daemon=True)
    thread.start()
    return Running(server, thread, record)


def serve(plan: Plan, source: str, options: ServeOptions, out: TextIO = sys.stdout) -> int:
    """Runs until SIGINT or SIGTERM; the first line printed is `listening on URL`."""
    if options.record is not None:
        try:
            options.record.parent.mkdir(parents=True, exist_ok=True)
            options.record.open("a", encoding="utf-8").close()
        except OSError as exc:
            sys.stderr.write(f"error: cannot write the record file {options.record}: {exc.strerror or exc}\n")
            return 1
    try:
        running = start(plan, options, out)
    except OSError as exc:
        sys.stderr.write(
            f"error: cannot listen on {options.host}:{options.port}: {exc.strerror or exc}\n"
            "  hint: pick another port with --port, or --port 0 for any free one\n"
        )
        return 1
    stop = threading.Event()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        stop.set()

    previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        events = len(plan.events)
        running.collector.say(f"listening on {running.url}")
        recording = f"; recording to {options.record}" if options.record is not None else ""
        running.collector.say(
            f"checking against {source} ({plan.name}, {events} event{'s' if events != 1 else ''}){recording}; "
            "Ctrl-C stops"
        )
        while not stop.wait(0.1):
            pass
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        running.stop()
    collector = running.collector
    collector.say(f"stopped: {collector.received} message{'s' if collector.received != 1 else ''}, {collector.violating} with violations")
    return 0
