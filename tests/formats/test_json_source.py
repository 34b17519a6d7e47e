"""The position-tracking JSON reader and the import errors for files that are not plans."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trackgen.diagnostics import Diagnostics, Span
from trackgen.formats.importer import import_path, import_text
from trackgen.formats.json_source import JsonSyntaxError, parse_json

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=20,
)


@settings(max_examples=200, deadline=None)
@given(json_values, st.sampled_from([None, 2, "\t"]))
def test_reads_what_the_json_module_reads(value: object, indent: int | str | None) -> None:
    text = json.dumps(value, indent=indent, ensure_ascii=False)
    assert parse_json(text, "x.json").data == json.loads(text)


def test_positions_by_json_pointer() -> None:
    text = '{\n  "rules": [\n    {"key": "A/B~C", "n": 1}\n  ],\n\t"x": {"": true}\n}'
    source = parse_json(text, "plan.json")
    assert source.span("") == Span("plan.json", 1, 1)
    assert source.span("/rules") == Span("plan.json", 2, 12)
    assert source.span("/rules/0") == Span("plan.json", 3, 5)
    assert source.span("/rules/0/key") == Span("plan.json", 3, 13)
    assert source.span("/rules/0/n") == Span("plan.json", 3, 27)
    assert source.span("/x/") == Span("plan.json", 5, 12)
    assert source.span("/rules/0/key/missing") == source.span("/rules/0/key")  # nearest parent


def test_duplicate_keys_keep_the_last_value_and_are_reported() -> None:
    source = parse_json('{"a": 1, "b": 2, "a": 3}', "x.json")
    assert source.data == {"b": 2, "a": 3}
    assert source.duplicates == [("/a", 17)]


@pytest.mark.parametrize(
    ("text", "offset", "words"),
    [
        ('{"a": NaN}', 6, "`NaN` is not JSON"),
        ('{"a": -Infinity}', 6, "`-Infinity` is not JSON"),
        ('{"a": 1,}', 8, "expected a quoted key"),
        ('{"a" 1}', 5, "expected `:`"),
        ('[1 2]', 3, "expected `,` or `]`"),
        ('{"a": "x\ny"}', 6, "invalid string"),
        ('{"a": 1} x', 9, "extra data"),
        ("", 0, "unexpected end"),
        ("{'a': 1}", 1, "expected a quoted key"),
    ],
)
def test_syntax_errors_carry_their_offset(text: str, offset: int, words: str) -> None:
    with pytest.raises(JsonSyntaxError) as caught:
        parse_json(text, "x.json")
    assert caught.value.offset == offset and words in caught.value.message


def test_import_reports_invalid_json_with_line_and_column() -> None:
    result, diagnostics = import_text('{\n  "rules": [\n    {"key": 1,,}\n  ]\n}', "bad.json")
    assert result is None
    [error] = diagnostics.items
    assert (error.code, error.span) == ("TG801", Span("bad.json", 3, 15))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[1, 2, 3]", "not a tracking plan trackgen can import"),
        ('"just text"', "not a tracking plan trackgen can import"),
        ('{"rules": []}', "found no events to import"),
        ('{"rules": [{"type": "IDENTIFY", "version": 1, "jsonSchema": {}}]}', "found no events to import"),
    ],
)
def test_documents_without_events_are_errors(text: str, message: str) -> None:
    result, diagnostics = import_text(text, "x.json")
    assert result is None and diagnostics.has_errors
    assert any(d.code == "TG802" and message in d.message for d in diagnostics.items)


def test_unreadable_files(tmp_path: Path) -> None:
    diagnostics = Diagnostics()
    assert import_path(tmp_path / "missing.json", diagnostics, "missing.json") is None
    assert diagnostics.items[0].code == "TG800"
    latin = tmp_path / "latin1.json"
    latin.write_bytes(b'{\n"a": "caf\xe9"}')
    diagnostics = Diagnostics()
    assert import_path(latin, diagnostics, "latin1.json") is None
    assert (diagnostics.items[0].code, diagnostics.items[0].span.line) == ("TG801", 2)
    empty = tmp_path / "empty"
    empty.mkdir()
    diagnostics = Diagnostics()
    assert import_path(empty, diagnostics, "empty") is None
    assert diagnostics.items[0].code == "TG800"


def test_a_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps({"title": "Signed Up", "type": "object"}).encode())
    diagnostics = Diagnostics()
    result = import_path(path, diagnostics, "bom.json")
    assert result is not None and result.events == 1
