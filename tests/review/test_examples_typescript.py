"""The TypeScript example `trackgen docs` shows per event (compiled strict against the
generated client and prettier-checked with the other TypeScript output, see
tests/typescript_support.py): names, layout, and context fields passed beside properties."""

from __future__ import annotations

from trackgen import load_plan, loads_plan
from trackgen.review.examples import examples_for, python_example, typescript_example

from .helpers import ROOT

B2B = ROOT / "generator" / "trackgen" / "specs" / "segment" / "b2b-saas.yaml"


def test_examples_come_in_target_order() -> None:
    plan = load_plan(str(ROOT / "plans" / "example.yaml"))
    assert [e.label for e in examples_for(plan, plan.events[0])] == ["Python", "TypeScript"]


def test_an_event_without_properties_takes_only_the_options() -> None:
    plan = loads_plan("trackgen: 1\nname: T\nevents:\n  Signed Out: {}\n")
    example = typescript_example(plan, plan.events[0], {"typescript": "@acme/analytics"})
    assert example is not None and example.language == "ts"
    assert example.code == 'import { trackSignedOut } from "@acme/analytics";\n\ntrackSignedOut({ userId: "user-123" });'


def test_context_fields_are_passed_like_properties() -> None:
    plan = load_plan(str(B2B))
    event = next(e for e in plan.events if e.wire_name == "Account Created")
    ts = typescript_example(plan, event, {})
    py = python_example(plan, event, {})
    assert ts is not None and py is not None
    assert 'trackAccountCreated(\n  { account_name: "example", groupId: "example" },\n  { userId: "user-123" },\n);' in ts.code
    assert 'track_account_created(user_id="user-123", account_name="example", group_id="example")' in py.code
