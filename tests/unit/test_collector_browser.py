"""What the collector must accept from @segment/analytics-next (analytics.js): the page
properties it adds itself, and CORS preflights that ask for its headers. The browser
end-to-end test (tests/test_e2e_typescript_browser.py) sends the real thing."""

from __future__ import annotations

import io
import urllib.request
from pathlib import Path
from typing import Any

from trackgen import load_plan
from trackgen.collector import Validator
from trackgen.collector.server import ServeOptions, start

PLAN = load_plan(Path(__file__).resolve().parents[1] / "cases" / "all_calls" / "plan.yaml")
VALIDATOR = Validator(PLAN)


def page(properties: dict[str, Any]) -> tuple[str, ...]:
    message = {"type": "page", "userId": "u", "name": "Pricing", "category": "Marketing", "properties": properties}
    return VALIDATOR.check(message).problems


def test_a_typed_page_accepts_the_properties_analytics_js_adds() -> None:
    added = {"path": "/pricing", "referrer": "", "search": "?a=1", "title": "Pricing", "url": "http://127.0.0.1/pricing", "name": "Pricing", "category": "Marketing"}
    assert page({"variant": "a", **added}) == ()
    assert page({"keywords": ["plans", "prices"]}) == ()


def test_reserved_page_properties_keep_their_spec_types() -> None:
    assert page({"url": 5}) == ("url must be a string (a property the spec reserves for pages), got integer 5",)
    assert page({"keywords": "plans"}) == ('keywords must be an array of strings (a property the spec reserves for pages), got string "plans"',)


def test_other_properties_and_screens_are_still_checked() -> None:
    assert page({"variant": "c", "colour": "red"}) == ("variant must be one of 'a', 'b'", "colour is not in the tracking plan")
    screen = {"type": "screen", "userId": "u", "name": "Settings", "category": "Account", "properties": {"section": "s", "url": "x"}}
    assert VALIDATOR.check(screen).problems == ("url is not in the tracking plan",)


def test_preflight_allows_the_headers_the_page_asks_for() -> None:
    running = start(PLAN, ServeOptions(port=0), io.StringIO())
    try:
        request = urllib.request.Request(f"{running.url}/v1/t", method="OPTIONS", headers={
            "Origin": "http://127.0.0.1:1", "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization,content-type,x-retry-count",
        })
        with urllib.request.urlopen(request, timeout=5) as answer:
            assert answer.status == 204
            assert answer.headers["Access-Control-Allow-Origin"] == "*"
            assert answer.headers["Access-Control-Allow-Headers"] == "authorization, content-type, x-retry-count"
            assert "POST" in answer.headers["Access-Control-Allow-Methods"]
    finally:
        running.stop()
