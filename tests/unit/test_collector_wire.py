"""How the collector reads requests: endpoints, write keys, gzip, batch envelopes."""

from __future__ import annotations

import base64
import gzip
import json
import zlib

import pytest

from trackgen.collector.server import verdict_lines
from trackgen.collector.validate import Verdict
from trackgen.collector.wire import RequestError, decode, endpoint_of, messages_of, write_key_of


def basic(key: str) -> dict[str, str]:
    return {"authorization": "Basic " + base64.b64encode(f"{key}:".encode()).decode()}


def test_endpoints() -> None:
    assert endpoint_of("/v1/batch") == "batch"
    assert endpoint_of("/v1/track/") == "track"
    assert endpoint_of("/v1/t?x=1") == "t"
    assert endpoint_of("/v2/batch") is None
    assert endpoint_of("/v1/nope") is None


def test_write_key_from_basic_auth_or_body() -> None:
    assert write_key_of(basic("WRITE_KEY_123"), {}) == "WRITE_KEY_123"
    no_colon = {"authorization": "Basic " + base64.b64encode(b"k2").decode()}
    assert write_key_of(no_colon, {}) == "k2"  # accepted, as Segment still does
    assert write_key_of({}, {"writeKey": "k3"}) == "k3"
    assert write_key_of({"authorization": "Basic !!!"}, {"writeKey": "k4"}) == "k4"
    assert write_key_of({"authorization": "Bearer token"}, {}) is None
    assert write_key_of({}, {"writeKey": ""}) is None


def test_gzip_and_deflate_bodies() -> None:
    body = json.dumps({"batch": [{"type": "track"}]}).encode()
    for encoded, encoding in ((gzip.compress(body), "gzip"), (zlib.compress(body), "deflate"), (body, None)):
        headers = {**basic("k"), **({"content-encoding": encoding} if encoding else {})}
        assert decode("/v1/batch", headers, encoded).messages == (({"type": "track"}, None),)


@pytest.mark.parametrize(
    ("path", "headers", "body", "status"),
    [
        ("/v1/batch", basic("k"), b"{not json", 400),
        ("/v1/batch", basic("k"), b"[1, 2]", 400),
        ("/v1/batch", basic("k"), b'{"batch": {}}', 400),
        ("/v1/batch", {**basic("k"), "content-encoding": "gzip"}, b"plain", 400),
        ("/v1/batch", {**basic("k"), "content-encoding": "br"}, b"{}", 415),
        ("/v1/batch", {}, b'{"batch": []}', 401),
        ("/v1/elsewhere", basic("k"), b"{}", 404),
    ],
)
def test_refused_requests(path: str, headers: dict[str, str], body: bytes, status: int) -> None:
    with pytest.raises(RequestError) as caught:
        decode(path, headers, body)
    assert caught.value.status == status


def test_a_required_write_key_must_match() -> None:
    assert decode("/v1/batch", basic("right"), b'{"batch": []}', required_key="right").write_key == "right"
    with pytest.raises(RequestError) as caught:
        decode("/v1/batch", basic("wrong"), b'{"batch": []}', required_key="right")
    assert caught.value.status == 401


def test_single_message_endpoints_add_their_type_and_drop_the_write_key() -> None:
    assert messages_of("track", {"event": "E", "writeKey": "k"}) == (({"type": "track", "event": "E"}, "track"),)
    assert messages_of("i", {"userId": "u"}) == (({"type": "identify", "userId": "u"}, "identify"),)
    assert messages_of("t", {"type": "page"})[0][0] == {"type": "page"}  # a body's own type is kept


def test_batch_context_and_integrations_are_merged_into_items() -> None:
    body = {
        "batch": [{"type": "track", "context": {"ip": "1.2.3.4", "locale": "de"}}, {"type": "identify"}, 5],
        "context": {"locale": "en", "app": {"name": "a"}},
        "integrations": {"All": False},
    }
    first, second, third = (m for m, _ in messages_of("batch", body))
    assert first["context"] == {"locale": "de", "app": {"name": "a"}, "ip": "1.2.3.4"}
    assert first["integrations"] == {"All": False}
    assert second["context"] == {"locale": "en", "app": {"name": "a"}}
    assert third == 5  # kept, and reported by the validator as not an object


def test_printed_lines() -> None:
    assert verdict_lines(Verdict("track", "Order Completed", "userId=u1", ())) == ["ok  Order Completed  userId=u1"]
    bad = Verdict("track", "Order Completed", "userId=u1", ("a must be 1", "b is required"))
    assert verdict_lines(bad) == [
        "bad Order Completed  userId=u1: a must be 1",
        "bad Order Completed  userId=u1: b is required",
    ]
    assert verdict_lines(Verdict("track", "Line\nBreak", "userId=u1", ())) == ["ok  'Line\\nBreak'  userId=u1"]
