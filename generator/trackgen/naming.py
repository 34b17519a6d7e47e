"""The one place identifiers are made from wire names.

Steps: split words → keep ASCII letters and digits → case style per language and position
→ prefix a leading digit → escape reserved words per language and position. Two wire names
that land on one identifier are reported by the caller as a collision; nothing is ever
renamed silently. Identifiers are public API, so every rule here is covered by table tests.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

_WORD = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+[0-9]*|[A-Z]+[0-9]*|[0-9]+[a-z]*")


# Letters NFKD does not decompose into ASCII, spelled as their languages spell them.
_TRANSLITERATE = str.maketrans(
    {"ß": "ss", "ẞ": "SS", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ø": "o", "Ø": "O",
     "đ": "d", "Đ": "D", "ł": "l", "Ł": "L", "þ": "th", "Þ": "TH", "ð": "d", "Ð": "D"}
)


def split_words(name: str) -> list[str]:
    """`userID` → [user, id]; `Order Completed` → [order, completed]; `Ürün-42x` → [urun, 42x]."""
    if name.isascii():
        ascii_only = name
    else:
        folded = unicodedata.normalize("NFKD", name.translate(_TRANSLITERATE))
        ascii_only = "".join(c for c in folded if c.isascii())
    return [w.lower() for w in _WORD.findall(ascii_only)]


def snake(words: Iterable[str]) -> str:
    return "_".join(words)


def camel(words: Iterable[str]) -> str:
    parts = list(words)
    return parts[0] + "".join(w.capitalize() for w in parts[1:]) if parts else ""


def pascal(words: Iterable[str]) -> str:
    return "".join(w.capitalize() for w in words)


def screaming(words: Iterable[str]) -> str:
    return "_".join(w.upper() for w in words)


STYLES = {"snake": snake, "camel": camel, "pascal": pascal, "screaming": screaming}


@dataclass(frozen=True, slots=True)
class Position:
    """Naming rules for one kind of identifier in one language (a member, a type name...)."""

    style: str
    reserved: frozenset[str]
    digit_prefix: str = "_"
    """Prepended when the identifier would start with a digit."""
    escape_suffix: str = "_"
    """Appended to a reserved word: `class` → `class_`."""
    prefix_words: tuple[str, ...] = ()
    """Words put in front, e.g. ("track",) for event functions."""


@lru_cache(maxsize=4096)
def identifier(name: str, position: Position, explicit: str | None = None) -> str | None:
    """The identifier for a wire name at a position, or None when no letters or digits are left.

    Cached: a plan names the same properties in many events (`user_id`, `order_id`), and
    those stay in a small cache while each event's own name passes through it."""
    words = split_words(explicit if explicit is not None else name)
    if not words:
        return None
    ident = STYLES[position.style](list(position.prefix_words) + words)
    if ident[0].isdigit():
        ident = position.digit_prefix + ident
    if ident in position.reserved:
        ident += position.escape_suffix
    return ident
