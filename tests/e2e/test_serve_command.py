"""`trackgen serve` as a program: HTTP answers, printed lines, the record file, signals, errors.

Requests are made with the standard library's http.client, so every header and byte is the
test's own choice (gzip, chunked bodies, missing write keys, broken JSON).
"""

from __future__ import annotations

import base64
import gzip
import http.client
import json
import signal
import socket
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from serve_support import EXAMPLE_PLAN, Serve, trackgen

BASIC = {"Authorization": "Basic " + base64.b64encode(b"wk:").decode()}
SIGNED_OUT = {"type": "track", "event": "Signed Out", "userId": "u1", "properties": {}}


@pytest.fixture(scope="module")
def serve(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Serve]:
    running = Serve(EXAMPLE_PLAN, tmp_path_factory.mktemp("cmd") / "record.jsonl")
    yield running
    running.stop()


def request(
    serve: Serve, method: str, path: str, body: bytes = b"", headers: dict[str, str] | None = None
) -> tuple[int, Any]:
    host, port = serve.url.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=5)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, json.loads(response.read() or b"null")
    finally:
        connection.close()


def post(serve: Serve, path: str, payload: Any, headers: dict[str, str] | None = None) -> tuple[int, Any]:
    return request(serve, "POST", path, json.dumps(payload).encode(), {"Content-Type": "application/json", **(headers or {})})


def test_first_lines_name_the_url_and_the_plan(serve: Serve) -> None:
    assert serve.lines[0] == f"listening on {serve.url}"
    second = serve.wait_for_lines(lambda lines: len(lines) > 1)[1]
    assert second.startswith("checking against ") and "(Acme Academy, 4 events)" in second
    assert "recording to" in second


def test_health(serve: Serve) -> None:
    status, answer = request(serve, "GET", "/health")
    assert status == 200 and answer["status"] == "ok" and answer["plan"] == "Acme Academy"
    assert request(serve, "GET", "/elsewhere")[0] == 404


def test_batch_with_basic_auth_is_recorded_before_the_answer(serve: Serve) -> None:
    message = {**SIGNED_OUT, "userId": "batch-user", "messageId": "cmd-1"}
    assert post(serve, "/v1/batch", {"batch": [message]}, BASIC) == (200, {"success": True})
    assert [m for m in serve.messages() if m.get("messageId") == "cmd-1"] == [message]  # flushed per line
    serve.wait_for_lines(lambda lines: "ok  Signed Out  userId=batch-user" in lines)


def test_gzip_body_and_write_key_in_the_body(serve: Serve) -> None:
    message = {**SIGNED_OUT, "userId": "gzip-user", "messageId": "cmd-2"}
    body = gzip.compress(json.dumps({"batch": [message], "writeKey": "wk"}).encode())
    status, _ = request(serve, "POST", "/v1/batch", body, {"Content-Encoding": "gzip"})
    assert status == 200
    assert [m["messageId"] for m in serve.messages()].count("cmd-2") == 1


def test_chunked_body(serve: Serve) -> None:
    data = json.dumps({"batch": [{**SIGNED_OUT, "messageId": "cmd-chunked"}], "writeKey": "wk"}).encode()
    host, port = serve.url.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=5)
    connection.request("POST", "/v1/batch", body=iter([data[:10], data[10:]]), encode_chunked=True)
    assert connection.getresponse().status == 200
    connection.close()
    assert "cmd-chunked" in [m.get("messageId") for m in serve.messages()]


def test_single_message_endpoints(serve: Serve) -> None:
    track = {"event": "Course Clicked", "anonymousId": "track-endpoint", "properties": {"title": "T"}, "writeKey": "wk"}
    assert post(serve, "/v1/track", track)[0] == 200
    assert post(serve, "/v1/identify", {"userId": "id-user", "traits": {"email": "a@b.c"}}, BASIC)[0] == 200
    assert post(serve, "/v1/page", {"userId": "page-user", "name": "Home"}, BASIC)[0] == 200
    assert post(serve, "/v1/group", {"userId": "group-user"}, BASIC)[0] == 200
    lines = serve.wait_for_lines(lambda lines: any("group-user" in line for line in lines))
    assert "ok  Course Clicked  anonymousId=track-endpoint" in lines
    assert "ok  identify  userId=id-user" in lines
    assert "ok  page Home  userId=page-user" in lines
    assert "bad group  userId=group-user: groupId is required" in lines
    recorded = [m for m in serve.messages() if m.get("anonymousId") == "track-endpoint"]
    assert recorded == [
        {"type": "track", "event": "Course Clicked", "anonymousId": "track-endpoint", "properties": {"title": "T"}}
    ]


def test_violations_are_printed_one_per_line_and_still_recorded(serve: Serve) -> None:
    message = {
        "type": "track",
        "event": "Order Completed",
        "userId": "bad-user",
        "messageId": "cmd-bad",
        "properties": {"order_id": 1, "products": [{"price": "9"}], "revenue": float("nan")},
        "context": {"protocols": {"event_version": 2}},
    }
    body = json.dumps({"batch": [message], "writeKey": "wk"}).encode()  # NaN: as the Python SDKs send it
    assert b"NaN" in body
    assert request(serve, "POST", "/v1/batch", body)[0] == 200
    head = "bad Order Completed  userId=bad-user: "
    lines = serve.wait_for_lines(lambda lines: sum(line.startswith(head) for line in lines) == 4)
    assert [line.removeprefix(head) for line in lines if line.startswith(head)] == [
        "order_id must be a string, got integer 1",
        "revenue must be a finite number (not NaN or infinity)",
        "products[0].product_id is required",
        'products[0].price must be a number, got string "9"',
    ]
    assert "cmd-bad" in [m.get("messageId") for m in serve.messages()]


@pytest.mark.parametrize(
    ("body", "headers", "status", "code"),
    [
        (b'{"batch": []}', {}, 401, "unauthorized"),
        (b"{not json", BASIC, 400, "invalid_request"),
        (b"[]", BASIC, 400, "invalid_request"),
        (b"not gzip", {**BASIC, "Content-Encoding": "gzip"}, 400, "invalid_request"),
        (b'{"batch": "x"}', BASIC, 400, "invalid_request"),
    ],
)
def test_refused_requests_are_answered_like_segment(
    serve: Serve, body: bytes, headers: dict[str, str], status: int, code: str
) -> None:
    before = len(serve.messages())
    got, answer = request(serve, "POST", "/v1/batch", body, headers)
    assert (got, answer["code"]) == (status, code) and answer["message"]
    assert len(serve.messages()) == before
    serve.wait_for_lines(lambda lines: any(line.startswith(f"err {status} POST /v1/batch: ") for line in lines))


def test_write_key_option_and_clean_shutdown_on_sigterm(tmp_path: Path) -> None:
    running = Serve(EXAMPLE_PLAN, tmp_path / "keyed.jsonl", "--write-key", "right")
    try:
        wrong = {"Authorization": "Basic " + base64.b64encode(b"wrong:").decode()}
        assert post(running, "/v1/batch", {"batch": [SIGNED_OUT]}, wrong)[0] == 401
        assert post(running, "/v1/batch", {"batch": [SIGNED_OUT], "writeKey": "right"})[0] == 200
    finally:
        code = running.stop(signal.SIGTERM)
    assert code == 0
    assert running.lines[-1] == "stopped: 1 message, 0 with violations"
    assert running.process.stderr is not None and "Traceback" not in running.process.stderr.read()


def test_sigint_stops_it_too(tmp_path: Path) -> None:
    running = Serve(EXAMPLE_PLAN, tmp_path / "r.jsonl")
    assert running.stop(signal.SIGINT) == 0
    assert running.lines[-1] == "stopped: 0 messages, 0 with violations"


def test_a_taken_port_is_an_error_not_a_traceback() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run(trackgen("serve", str(EXAMPLE_PLAN), "--port", str(port)), capture_output=True, text=True, timeout=30)
    assert done.returncode == 1
    assert done.stderr.startswith(f"error: cannot listen on 127.0.0.1:{port}: ")
    assert "--port 0" in done.stderr and "Traceback" not in done.stderr


def test_a_broken_plan_is_reported_as_diagnostics(tmp_path: Path) -> None:
    plan = tmp_path / "broken.yaml"
    plan.write_text("trackgen: 1\nname: Broken\nevents:\n  E:\n    properties:\n      p: {type: strin}\n", encoding="utf-8")
    done = subprocess.run(trackgen("serve", str(plan), "--port", "0"), capture_output=True, text=True, timeout=30)
    assert done.returncode == 1
    assert "error[TG204]" in done.stderr and "Traceback" not in done.stderr
    assert done.stdout == ""


def test_the_record_folder_is_created_and_an_unwritable_record_is_an_error(tmp_path: Path) -> None:
    running = Serve(EXAMPLE_PLAN, tmp_path / "new" / "folder" / "r.jsonl")
    assert post(running, "/v1/batch", {"batch": [SIGNED_OUT], "writeKey": "wk"})[0] == 200
    running.stop()
    assert len(running.messages()) == 1
    done = subprocess.run(trackgen("serve", str(EXAMPLE_PLAN), "--port", "0", "--record", str(tmp_path)), capture_output=True, text=True, timeout=30)
    assert done.returncode == 1
    assert done.stderr.startswith(f"error: cannot write the record file {tmp_path}: ")
