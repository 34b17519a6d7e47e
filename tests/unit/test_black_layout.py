"""The model of black's line splitting agrees with black itself on the shapes it covers.

Random type hints, dict keys and constant values of every length around the 88-column
limit are laid out by `black_layout` and must come back unchanged from black.
"""

from __future__ import annotations

import black
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trackgen.render import py_str
from trackgen.targets import black_layout

MODE = black.Mode()
names = st.text("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", min_size=1, max_size=70).map(lambda s: "T" + s)
strings = st.text(st.characters(codec="ascii"), max_size=120).map(py_str)
literal = st.lists(st.one_of(strings, st.integers(-10**20, 10**20).map(str), st.sampled_from(["True", "False"])), min_size=1, max_size=4).map(
    lambda values: f"Literal[{', '.join(values)}]"
)
scalar = st.one_of(st.sampled_from(["str", "int", "bool", "Any", "float | Decimal", "datetime", "date"]), names, literal)
hints = st.recursive(
    scalar,
    lambda inner: st.one_of(
        inner.map(lambda t: f"Sequence[{t}]"),
        inner.map(lambda t: f"Mapping[str, {t}]"),
        inner.map(lambda t: f"{t} | None"),
    ),
    max_leaves=4,
)
SETTINGS = settings(max_examples=int(__import__("os").environ.get("LAYOUT_EXAMPLES", "300")), derandomize=True, deadline=None, suppress_health_check=list(HealthCheck))


def stable(source: str) -> None:
    formatted = black.format_str(source, mode=MODE)
    assert formatted == source, f"\n--- ours\n{source}--- black\n{formatted}"


@SETTINGS
@given(strings, hints, st.booleans())
def test_typed_dict_entries(key: str, hint: str, optional: bool) -> None:
    value = f"NotRequired[{hint}]" if optional else hint
    lines = black_layout.dict_entry(key, value, 8)
    stable('X = TypedDict(\n    "X",\n    {\n' + "".join(line + "\n" for line in lines) + "    },\n)\n")


@SETTINGS
@given(names.map(str.lower), hints, st.booleans(), st.sampled_from([4, 8]))
def test_parameters(name: str, hint: str, optional: bool, indent: int) -> None:
    annotation = f"{hint} | Unset" if optional else hint
    lines = black_layout.parameter(name, annotation, "UNSET" if optional else None, indent)
    body = "".join(line + "\n" for line in lines)
    if indent == 4:
        stable("def f(\n    *,\n" + body + ") -> None: ...\n")
    else:
        stable("class C:\n    def f(\n        self,\n        *,\n" + body + "    ) -> None: ...\n")


@SETTINGS
@given(names, st.one_of(strings, literal, strings.map(lambda s: f"re.compile({s})"), st.lists(strings, min_size=1, max_size=5).map(
    lambda items: f"dict.fromkeys(({', '.join(items)}{',' if len(items) == 1 else ''}))"
)), st.booleans())
def test_assignments(name: str, value: str, annotated: bool) -> None:
    target = f"{name}: Final" if annotated else name
    stable("".join(line + "\n" for line in black_layout.assignment(target, value)))


def test_numbers_with_exponents_are_one_token() -> None:
    """`1e300` and `-1.5e-07` are single tokens, never split, and stay as black writes them."""
    from trackgen.render import py_number

    numbers = [py_number(v) for v in (1e300, -1.5e-07, 2.5, -3, 1e16)]
    assert numbers == ["1e300", "-1.5e-07", "2.5", "-3", "1e16"]
    value = "_bound(value, " + ", ".join(numbers * 4) + ")"
    lines = black_layout.statement(value, 8)
    stable("def f():\n    if x:\n" + "".join(line + "\n" for line in lines))
