"""A small Segment-compatible recording endpoint on 127.0.0.1 for the end-to-end tests.

It takes what the real SDKs send: `POST /v1/batch` and `/v1/track` (analytics-node,
segment-analytics-python), `/v1/t` and `/v1/b` (analytics-next), gzip bodies, the write
key by Basic auth or in the body, and answers CORS preflights so a page on another port
can post to it. It records every message; it checks nothing (`trackgen serve` does).

The tests use it through `Collector.url` and `Collector.messages()` only, so pointing
them at `trackgen serve PLAN --record FILE` instead means swapping this class for one
that starts that command and reads the JSONL file.
"""

from __future__ import annotations

import gzip
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

PATHS = ("/v1/batch", "/v1/track", "/v1/t", "/v1/b")


class Collector:
    def __init__(self, static_dir: Path | None = None) -> None:
        self._messages: list[dict[str, Any]] = []
        self.requests: list[tuple[str, str, dict[str, str]]] = []
        self._lock = threading.Lock()
        collector = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:  # quiet
                pass

            def _cors(self) -> None:
                self.send_header("Access-Control-Allow-Origin", "*")
                self.send_header("Access-Control-Allow-Headers", "*")
                self.send_header("Access-Control-Allow-Methods", "POST, OPTIONS")

            def do_OPTIONS(self) -> None:
                self.send_response(204)
                self._cors()
                self.end_headers()

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                if self.headers.get("Content-Encoding") == "gzip":
                    body = gzip.decompress(body)
                path = self.path.split("?")[0]
                with collector._lock:
                    collector.requests.append(("POST", path, dict(self.headers)))
                if path not in PATHS:
                    self.send_response(404)
                    self._cors()
                    self.end_headers()
                    return
                data = json.loads(body)
                items = data.get("batch", [data]) if isinstance(data, dict) else []
                with collector._lock:
                    collector._messages.extend(items)
                self.send_response(200)
                self._cors()
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(b'{"success": true}')

            def do_GET(self) -> None:
                with collector._lock:
                    collector.requests.append(("GET", self.path, dict(self.headers)))
                name = self.path.split("?")[0].lstrip("/") or "index.html"
                target = (static_dir / name).resolve() if static_dir else None
                if target is None or static_dir is None or static_dir.resolve() not in target.parents or not target.is_file():
                    self.send_response(404)
                    self.end_headers()
                    return
                kind = {"html": "text/html", "js": "text/javascript", "json": "application/json"}.get(target.suffix[1:], "application/octet-stream")
                data = target.read_bytes()
                self.send_response(200)
                self.send_header("Content-Type", kind + "; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def __enter__(self) -> "Collector":
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def messages(self) -> list[dict[str, Any]]:
        with self._lock:
            return list(self._messages)

    def wait_for(self, count: int, timeout: float = 20.0) -> list[dict[str, Any]]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = self.messages()
            if len(found) >= count:
                return found
            time.sleep(0.05)
        return self.messages()
