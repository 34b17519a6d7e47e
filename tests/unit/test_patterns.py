"""The generated Python client checks an anchored pattern `^X$` with `fullmatch(X)`; that
must accept exactly the strings the plain translation accepts with `search`."""

from __future__ import annotations

import re

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from trackgen.plan.patterns import FLAGS, anchored_body, python_regex


@pytest.mark.parametrize(
    ("pattern", "body"),
    [
        ("^[A-Z]{3}$", "[A-Z]{3}"),
        ("^(a|b)$", "(a|b)"),
        ("^$", ""),
        ("^[\\]a|]$", "[\\]a|]"),  # `|` and an escaped `]` inside a class
        ("^[]a|]$", None),  # ECMA `[]` matches nothing: `^(?!)a` or `]$`
        ("^a|b$", None),  # `|` at the top: `^a` or `b$`, not a whole-string match
        ("^a\\$", None),  # a literal `$`, no anchor
        ("^a\\\\$", "a\\\\"),  # an escaped backslash, then the anchor
        ("a$", None),
        ("^a", None),
        ("^(a$", None),
        ("^[|]$", "[|]"),
        ("^\\d+(?:\\.\\d+)?$", "\\d+(?:\\.\\d+)?"),
    ],
)
def test_anchored_body(pattern: str, body: str | None) -> None:
    assert anchored_body(python_regex(pattern)) == body


TOKENS = ["a", "b", ".", "[ab]", "[^a]", "[]a]", "\\d", "\\$", "\\\\", "(", ")", "(?:", "|", "*", "+", "?", "{1,2}", "^", "$"]
TEXT = st.text(alphabet="ab1$]\\\n|", max_size=6)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(TOKENS), max_size=8), st.lists(TEXT, min_size=1, max_size=8))
def test_fullmatch_of_the_body_accepts_what_search_accepts(tokens: list[str], texts: list[str]) -> None:
    pattern = "^" + "".join(tokens) + "$"
    regex = python_regex(pattern)
    try:
        search = re.compile(regex, FLAGS).search
    except re.error:
        assume(False)
    body = anchored_body(regex)
    if body is None:  # then the client keeps `search`; only these patterns may need it
        assert "|" in pattern or pattern.endswith("\\$"), pattern
        return
    fullmatch = re.compile(body, FLAGS).fullmatch
    for text in texts:
        assert bool(search(text)) == bool(fullmatch(text)), (pattern, text)
