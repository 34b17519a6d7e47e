"""Identifiers are public API: every naming rule is pinned here, wire name → identifier."""

from __future__ import annotations

import pytest

from trackgen import naming
from trackgen.targets.python import FUNCTION, PARAMETER, TYPE_NAME


@pytest.mark.parametrize(
    ("wire", "words"),
    [
        ("User Registered", ["user", "registered"]),
        ("accountType", ["account", "type"]),
        ("userID", ["user", "id"]),
        ("HTMLParser", ["html", "parser"]),
        ("page2View", ["page2", "view"]),
        ("order_id", ["order", "id"]),
        ("kebab-case-name", ["kebab", "case", "name"]),
        ("42_--terrible==\"event'++name~!3", ["42", "terrible", "event", "name", "3"]),
        ("Über Event", ["uber", "event"]),
        ("Größe", ["grosse"]),
        ("Smørrebrød", ["smorrebrod"]),
        ("日本語", []),
        ("", []),
    ],
)
def test_split_words(wire: str, words: list[str]) -> None:
    assert naming.split_words(wire) == words


@pytest.mark.parametrize(
    ("wire", "position", "ident"),
    [
        ("User Registered", FUNCTION, "track_user_registered"),
        ("42_--terrible==\"event'++name~!3", FUNCTION, "track_42_terrible_event_name_3"),
        ("accountType", PARAMETER, "account_type"),
        ("class", PARAMETER, "class_"),
        ("from", PARAMETER, "from_"),
        ("type", PARAMETER, "type_"),
        ("str", PARAMETER, "str_"),
        ("self", PARAMETER, "self_"),
        ("userId", PARAMETER, "user_id_"),
        ("context", PARAMETER, "context_"),
        ("message_id", PARAMETER, "message_id_"),
        ("42nd", PARAMETER, "_42nd"),
        ("product", TYPE_NAME, "Product"),
        ("Order Completed products item", TYPE_NAME, "OrderCompletedProductsItem"),
        ("None", TYPE_NAME, "None_"),
        ("Tracker", TYPE_NAME, "Tracker_"),
        ("3d model", TYPE_NAME, "T3dModel"),
        ("!!!", PARAMETER, None),
    ],
)
def test_python_identifiers(wire: str, position: naming.Position, ident: str | None) -> None:
    assert naming.identifier(wire, position) == ident


def test_explicit_identifier_wins() -> None:
    assert naming.identifier("???", PARAMETER, explicit="question") == "question"


@pytest.mark.parametrize(
    ("words", "style", "out"),
    [
        (["order", "completed"], "snake", "order_completed"),
        (["order", "completed"], "camel", "orderCompleted"),
        (["order", "completed"], "pascal", "OrderCompleted"),
        (["order", "completed"], "screaming", "ORDER_COMPLETED"),
    ],
)
def test_case_styles(words: list[str], style: str, out: str) -> None:
    assert naming.STYLES[style](words) == out
