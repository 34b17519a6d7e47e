"""Decoding requests the way Segment's HTTP Tracking API reads them.

Kept apart from the server so the rules (endpoints, write key, gzip, batch envelopes) can be
tested without sockets. Everything here is a pure function of the request's path, headers
and body bytes.
"""

from __future__ import annotations

import base64
import binascii
import json
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

MAX_BODY = 16 * 1024 * 1024
"""A local guard (Segment's own limit is 500 KB a batch; RudderStack's SDK sends up to 4 MB)."""

ENDPOINTS: dict[str, str | None] = {
    "batch": None,
    "track": "track",
    "identify": "identify",
    "group": "group",
    "page": "page",
    "screen": "screen",
    "alias": "alias",
    # The short paths analytics.js uses.
    "b": None,
    "t": "track",
    "i": "identify",
    "g": "group",
    "p": "page",
    "s": "screen",
    "a": "alias",
}
"""`/v1/<name>` → the message type it implies (None: a batch whose items name their type)."""


class RequestError(Exception):
    """A request the collector refuses, answered with `status` and Segment's error body."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


@dataclass(frozen=True, slots=True)
class Received:
    """The messages of one accepted request, each with the type its endpoint implies."""

    endpoint: str
    write_key: str
    messages: tuple[tuple[Any, str | None], ...]


def endpoint_of(path: str) -> str | None:
    """`batch`, `track`... for `/v1/batch`, `/v1/track`... (query string ignored); else None."""
    path = path.split("?", 1)[0].rstrip("/")
    prefix = "/v1/"
    if not path.startswith(prefix):
        return None
    name = path[len(prefix) :]
    return name if name in ENDPOINTS else None


def decompress(body: bytes, encoding: str | None) -> bytes:
    """The body without its Content-Encoding (gzip, deflate or none)."""
    encoding = (encoding or "identity").strip().lower()
    if encoding in ("", "identity"):
        return body
    if encoding not in ("gzip", "x-gzip", "deflate"):
        raise RequestError(415, "unsupported_encoding", f"unsupported Content-Encoding {encoding!r}; send gzip or plain JSON")
    wbits = 16 + zlib.MAX_WBITS if encoding != "deflate" else zlib.MAX_WBITS
    inflater = zlib.decompressobj(wbits)
    try:
        data = inflater.decompress(body, MAX_BODY + 1)
    except zlib.error as exc:
        raise RequestError(400, "invalid_request", f"the body is not valid {encoding}: {exc}") from None
    if len(data) > MAX_BODY:
        raise RequestError(413, "too_large", f"the decompressed body is over {MAX_BODY} bytes")
    return data


def parse_json(body: bytes) -> dict[str, Any]:
    """The request body as a JSON object. NaN and Infinity tokens are read (and reported later
    as violations), because the Python SDKs emit them when handed a NaN."""
    try:
        value = json.loads(body)
    except (ValueError, UnicodeDecodeError) as exc:
        raise RequestError(400, "invalid_request", f"invalid JSON: {exc}") from None
    if not isinstance(value, dict):
        raise RequestError(400, "invalid_request", "the body must be a JSON object")
    return value


def write_key_of(headers: Mapping[str, str], body: Mapping[str, Any]) -> str | None:
    """The write key from Basic auth (the username, password empty) or from `writeKey`."""
    auth = headers.get("authorization") or headers.get("Authorization") or ""
    scheme, _, token = auth.strip().partition(" ")
    if scheme.lower() == "basic" and token:
        try:
            decoded = base64.b64decode(token.strip(), validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError):
            decoded = ""
        user = decoded.partition(":")[0]
        if user:
            return user
    key = body.get("writeKey")
    if isinstance(key, str) and key:
        return key
    return None


def messages_of(endpoint: str, body: dict[str, Any]) -> tuple[tuple[Any, str | None], ...]:
    """The messages a body carries. A single-message endpoint (/v1/track) adds the `type` it
    implies when the body has none; a batch's top-level `context` and `integrations` are merged
    into every item (the item's own keys win), as Segment's HTTP API does."""
    implied = ENDPOINTS[endpoint]
    if implied is not None:
        # The endpoint names the type, as on Segment's API; the record keeps it with the message.
        message = {"type": implied, **{k: v for k, v in body.items() if k != "writeKey"}}
        return ((message, implied),)
    items = body.get("batch")
    if not isinstance(items, list):
        raise RequestError(400, "invalid_request", "a batch body needs `batch`: an array of messages")
    shared = {k: body[k] for k in ("context", "integrations") if isinstance(body.get(k), dict)}
    out: list[tuple[Any, str | None]] = []
    for item in items:
        if isinstance(item, dict) and shared:
            item = dict(item)
            for key, value in shared.items():
                own = item.get(key)
                item[key] = {**value, **own} if isinstance(own, dict) else item.get(key, value)
        out.append((item, None))
    return tuple(out)


def decode(path: str, headers: Mapping[str, str], body: bytes, required_key: str | None = None) -> Received:
    """Checks and decodes one POST; raises `RequestError` for what a real endpoint refuses."""
    endpoint = endpoint_of(path)
    if endpoint is None:
        raise RequestError(404, "not_found", f"no endpoint {path}; use /v1/batch, /v1/track, /v1/identify...")
    if len(body) > MAX_BODY:
        raise RequestError(413, "too_large", f"the body is over {MAX_BODY} bytes")
    encoding = headers.get("content-encoding") or headers.get("Content-Encoding")
    parsed = parse_json(decompress(body, encoding))
    key = write_key_of(headers, parsed)
    if key is None:
        raise RequestError(401, "unauthorized", "no write key: send it as the Basic auth user name or as `writeKey` in the body")
    if required_key is not None and key != required_key:
        raise RequestError(401, "unauthorized", f"write key {key!r} is not the one this collector expects")
    return Received(endpoint, key, messages_of(endpoint, parsed))
