"""Typed identify, group, page and screen calls, end to end: the generated client through
segment-analytics-python and rudder-sdk-python, over HTTP, to `trackgen serve`, which checks
them against the plan's traits, pages and screens."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from rudderstack.analytics import Client as RudderClient
from segment.analytics import Client as SegmentClient

from serve_support import ROOT, Serve, build_client

PLAN = ROOT / "tests" / "cases" / "all_calls" / "plan.yaml"
SDKS: dict[str, Any] = {
    "segment": lambda key, url: SegmentClient(key, host=url, sync_mode=True),
    "rudder": lambda key, url: RudderClient(key, host=url, sync_mode=True),
}


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    return build_client(PLAN, tmp_path_factory.mktemp("calls"), "calls_plan")


@pytest.fixture(scope="module")
def serve(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Serve]:
    running = Serve(PLAN, tmp_path_factory.mktemp("rec") / "calls.jsonl")
    yield running
    assert running.stop() == 0


@pytest.fixture(params=list(SDKS))
def sdk(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def arrived(serve: Serve, message_id: str) -> dict[str, Any]:
    found = [m for m in serve.messages() if m.get("messageId") == message_id]
    assert len(found) == 1
    return found[0]


def said(serve: Serve, start: str) -> list[str]:
    return [line for line in serve.wait_for_lines(lambda lines: any(l.startswith(start) for l in lines)) if line.startswith(start)]


def test_identify_traits(client: ModuleType, serve: Serve, sdk: str) -> None:
    tracker = client.Tracker(SDKS[sdk]("KEY", serve.url), on_violation="raise")
    mid = f"identify-{sdk}-{uuid.uuid4()}"
    tracker.identify(
        user_id=f"u-{sdk}", email="ann@example.com", first_name="Ann", age=41,
        created_at=datetime(2024, 1, 2, 3, 4, 5, tzinfo=timezone.utc), address={"city": "Paris"}, message_id=mid,
    )
    message = arrived(serve, mid)
    assert message["type"] == "identify"
    traits = message["traits"] if sdk == "segment" else message["context"]["traits"]  # rudder moves them
    assert traits == {
        "email": "ann@example.com", "firstName": "Ann", "createdAt": "2024-01-02T03:04:05+00:00",
        "age": 41, "address": {"city": "Paris"},
    }
    assert message["context"]["trackgen"] == {"language": "python", "plan": "All Calls"}
    assert said(serve, f"ok  identify  userId=u-{sdk}")


def test_group_traits_and_group_id(client: ModuleType, serve: Serve, sdk: str) -> None:
    tracker = client.Tracker(SDKS[sdk]("KEY", serve.url), on_violation="raise")
    mid = f"group-{sdk}-{uuid.uuid4()}"
    tracker.group(user_id=f"u-{sdk}", group_id="acct-1", name="Initech", employees=12, message_id=mid)
    message = arrived(serve, mid)
    assert (message["type"], message["groupId"], message["traits"]) == ("group", "acct-1", {"name": "Initech", "employees": 12})


def test_page_and_screen_names_and_categories(client: ModuleType, serve: Serve, sdk: str) -> None:
    tracker = client.Tracker(SDKS[sdk]("KEY", serve.url), on_violation="raise")
    page_id, screen_id, bare_id = (f"{k}-{sdk}-{uuid.uuid4()}" for k in ("page", "screen", "bare"))
    tracker.page_pricing(anonymous_id=f"a-{sdk}", variant="b", message_id=page_id)
    tracker.screen_settings(user_id=f"u-{sdk}", section="privacy", message_id=screen_id)
    tracker.page_docs_home(user_id=f"u-{sdk}", message_id=bare_id)
    page, screen, bare = arrived(serve, page_id), arrived(serve, screen_id), arrived(serve, bare_id)
    assert (page["type"], page["name"], page["category"], page["properties"]) == ("page", "Pricing", "Marketing", {"variant": "b"})
    assert (screen["type"], screen["name"], screen["category"], screen["properties"]) == ("screen", "Settings", "Account", {"section": "privacy"})
    assert (bare["name"], bare.get("category"), bare["properties"]) == ("Docs Home", None, {})


def test_collector_checks_traits_and_pages_against_the_plan(client: ModuleType, serve: Serve, sdk: str) -> None:
    tracker = client.Tracker(SDKS[sdk]("KEY", serve.url))  # warn mode: sent anyway
    tracker.identify(user_id=f"bad-{sdk}", email="not an email", age=-1)
    lines = said(serve, f"bad identify  userId=bad-{sdk}")
    assert any(line.endswith("email must be a valid email") for line in lines)
    assert any(line.endswith("age must be at least 0") for line in lines)


def test_reserved_trait_types_are_enforced(tmp_path: Path) -> None:
    from trackgen.diagnostics import Diagnostics
    from trackgen.plan import parse_plan

    d = Diagnostics()
    parse_plan("trackgen: 1\nname: T\nidentify:\n  traits:\n    email: integer\n    age: string\n", "p.yaml", d)
    assert [(x.code, x.span.line) for x in d.items] == [("TG213", 5), ("TG213", 6)]
