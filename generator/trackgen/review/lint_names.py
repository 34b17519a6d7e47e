"""How names read: Title Case event names in Object + past-tense Action form, and the naming
style (snake_case, camelCase...) of a property name.

These are heuristics a reviewer would apply, made explicit so every finding can say what
to write instead. A past-tense verb is a word ending in "ed" or one of the common irregular
forms; the suggestions are only suggestions, the rule's message says why.
"""

from __future__ import annotations

import re
from collections.abc import Callable

MINOR_WORDS = frozenset(
    "a an and as at by for from in into of on or per the to via vs with".split()
)
"""Words Title Case leaves in lower case unless they start the name (Segment writes
"Product Added to Wishlist", "Email Marked as Spam")."""

IRREGULAR_PAST = frozenset(
    """
    ate began begun bought bound broke broken brought built burnt caught chose chosen came
    cut dealt did done drew drawn drove driven dug eaten fell fallen felt fled flew flown
    forgot forgotten forgave forgiven found froze frozen gave given got gotten went gone
    grew grown had heard held hid hidden hit hung kept knew known laid led left lent let
    lit lost made meant met mistaken overridden paid proven put quit ran read rewritten
    rode ridden rang rung rose risen run said sat saw seen sought sold sent set shaken
    shook shot shown shut sang sung sank sunk slept slid spoke spoken spent split spun
    stood stole stolen struck stuck swept swore sworn swam swum taken took taught told
    thought threw thrown tore torn understood undid undone unset upset withdrew withdrawn
    woke woken won wore worn wound wrote written
    """.split()
)

PARTICLES = frozenset("in out up off on down back over away".split())
"""`Signed In`, `Logged Out`: a verb with a particle; the user is the implied object, as in
Segment's own `Signed Up`."""

NOT_PAST = frozenset(
    "bed bleed breed embed feed greed hundred need red reed seed shed speed steed weed".split()
)
"""Words that end in "ed" without being a verb's past form."""


def is_past_tense(word: str) -> bool:
    lower = word.lower()
    if lower in IRREGULAR_PAST:
        return True
    return len(lower) >= 4 and lower.endswith("ed") and lower not in NOT_PAST and lower.isalpha()


def _title_word_ok(word: str, first: bool) -> bool:
    if not first and word in MINOR_WORDS:
        return True
    if word[0].isdigit():
        return True
    letters = [c for c in word if c.isalpha()]
    if len(letters) >= 2 and all(c.isupper() for c in letters):
        return True  # an acronym: SMS Sent, URL Copied
    return word[0].isupper() and not any(c.isupper() for c in word[1:])


def is_title_case(name: str) -> bool:
    """Words separated by single spaces, each capitalised (acronyms and minor words allowed)."""
    words = name.split(" ")
    if not name or any(not w for w in words):
        return False
    if any(not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9'&/]*", w) for w in words):
        return False
    return all(_title_word_ok(w, i == 0) for i, w in enumerate(words))


_TOKEN = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|[0-9]+")


def tokens(name: str) -> list[str]:
    """Words of a name in any style: `order_completed`, `orderCompleted`, `TMDropd` → words."""
    return _TOKEN.findall(name)


def title_case(name: str) -> str:
    """A Title Case spelling of any name, keeping acronyms: `order_completed` → `Order Completed`."""
    out: list[str] = []
    for i, word in enumerate(tokens(name)):
        if word.isupper() and len(word) > 1:
            out.append(word)
        elif i > 0 and word.lower() in MINOR_WORDS:
            out.append(word.lower())
        else:
            out.append(word[0].upper() + word[1:].lower())
    return " ".join(out)


def object_action_problem(name: str) -> tuple[str, str] | None:
    """Why a Title Case name is not "Object Action" with a past-tense verb, and a fix; or None."""
    words = name.split()
    past = [i for i, w in enumerate(words) if is_past_tense(w)]
    if len(words) < 2:
        if past:
            return (
                "has a verb but no object",
                f"name what it happened to, then the action, e.g. 'Account {words[0]}'",
            )
        return (
            "is a single word, not an Object Action pair",
            "name the object and what happened to it in the past tense, e.g. 'Video Played'",
        )
    if not past:
        return (
            "has no past-tense verb saying what happened",
            "name the object, then what happened to it in the past tense, e.g. 'Order Completed', 'Video Played'",
        )
    if past == [0] and all(w.lower() in PARTICLES for w in words[1:]):
        return None
    if past == [0]:
        reordered = " ".join(words[1:] + words[:1])
        return ("puts the action before the object", f"write the object first: {reordered!r}")
    return None


# -- property naming styles ------------------------------------------------------------

STYLE_LABELS = {
    "snake": "snake_case",
    "camel": "camelCase",
    "pascal": "PascalCase",
    "kebab": "kebab-case",
    "screaming": "SCREAMING_SNAKE_CASE",
    "spaced": "words with spaces",
}

_PATTERNS: dict[str, re.Pattern[str]] = {
    "snake": re.compile(r"[a-z][a-z0-9]*(_[a-z0-9]+)*"),
    "camel": re.compile(r"[a-z][a-z0-9]*([A-Z][a-z0-9]*)*"),
    "pascal": re.compile(r"([A-Z][a-z0-9]*)+"),
    "kebab": re.compile(r"[a-z][a-z0-9]*(-[a-z0-9]+)*"),
    "screaming": re.compile(r"[A-Z][A-Z0-9]*(_[A-Z0-9]+)*"),
    "spaced": re.compile(r"[A-Za-z0-9]+( [A-Za-z0-9]+)+"),
}

PREFERENCE = ("snake", "camel", "pascal", "kebab", "screaming", "spaced")
"""Tie-breaks: snake_case first, as Segment Protocols recommends for properties."""


def styles_of(name: str) -> frozenset[str]:
    """Every style a name fits: `plan` fits snake, camel and kebab; `accountType` only camel."""
    return frozenset(style for style, pattern in _PATTERNS.items() if pattern.fullmatch(name))


def _join_words(sep: str, case: Callable[[str], str]) -> Callable[[list[str]], str]:
    return lambda words: sep.join(case(w) for w in words)


_RESTYLE: dict[str, Callable[[list[str]], str]] = {
    "snake": _join_words("_", str.lower),
    "kebab": _join_words("-", str.lower),
    "screaming": _join_words("_", str.upper),
    "spaced": _join_words(" ", str.lower),
    "pascal": _join_words("", str.capitalize),
    "camel": lambda words: (words[0].lower() + "".join(w.capitalize() for w in words[1:])) if words else "",
}


def restyle(name: str, style: str) -> str:
    return _RESTYLE[style]([w for w in tokens(name)])


def dominant_style(names: list[str]) -> str | None:
    """The style most property names fit (ties go by PREFERENCE); None if no name decides it."""
    counts = {style: 0 for style in PREFERENCE}
    for name in names:
        for style in styles_of(name):
            counts[style] += 1
    best = max(PREFERENCE, key=lambda s: (counts[s], -PREFERENCE.index(s)))
    return best if counts[best] else None
