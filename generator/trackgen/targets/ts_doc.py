"""prettier's document printer, in Python: how the TypeScript target decides line breaks.

prettier does not lay out code with rules of its own per construct; each printer builds a
*document* (text joined with groups, indents and possible line breaks) and one printer
lays every document out the same way: a group stays on one line when everything up to
the next possible break fits in the remaining width, else its lines break, and the
groups inside it decide again for themselves. To emit the bytes `prettier --check`
accepts without running prettier, the target builds the documents prettier's TypeScript
printers build (`ts_layout.py`) and lays them out with this copy of its printer
(`printDocToString` and `fits` in prettier 3's `src/document/printer.js`): copying the
algorithm rather than guessing its results per shape is what keeps unusual plans right.

Only what the target's documents use is here: text, concatenation (tuples), `group`
(with `should_break`, an id and conditional states), `indent`, `align`, `if_break`,
`indent_if_break`, the line kinds and `fill`. Widths are prettier's (`width`).
"""

from __future__ import annotations

import bisect
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Union

WIDTH = 80
"""prettier's default print width."""

Doc = Union[str, tuple["Doc", ...], "Group", "Indent", "Align", "IfBreak", "IndentIfBreak", "Line", "Fill"]


@dataclass(frozen=True, slots=True)
class Line:
    """A possible line break: a space when flat (none if `soft`); `hard` always breaks."""

    soft: bool = False
    hard: bool = False


LINE = Line()
SOFTLINE = Line(soft=True)


@dataclass(frozen=True, slots=True)
class Group:
    """Contents printed flat when they fit, else broken; `broken` is fixed at build time.

    prettier marks a group broken before printing when it holds a hard line or a broken
    group (`propagateBreaks`); building bottom-up, `group()` can decide it right away.
    `states` are a conditional group's alternatives, tried in order (`conditionalGroup`).
    """

    contents: Doc
    broken: bool = False
    id: str | None = None
    states: tuple[Doc, ...] | None = None


@dataclass(frozen=True, slots=True)
class Indent:
    contents: Doc


@dataclass(frozen=True, slots=True)
class Align:
    """Like `Indent`, by `n` spaces (prettier's `align(n, doc)`)."""

    n: int
    contents: Doc


@dataclass(frozen=True, slots=True)
class IfBreak:
    """`broken` when the enclosing group (or the group `group_id`) breaks, else `flat`."""

    broken: Doc
    flat: Doc = ""
    group_id: str | None = None


@dataclass(frozen=True, slots=True)
class IndentIfBreak:
    """Contents indented when the group `group_id` broke."""

    contents: Doc
    group_id: str


@dataclass(frozen=True, slots=True)
class Fill:
    """Content and separator docs alternating: as many contents a line as fit (prettier's `fill`)."""

    parts: tuple[Doc, ...]
    done: int = 0
    """How many parts are printed already (the printer's DOC_FILL_PRINTED_LENGTH)."""


def _breaks(doc: Doc) -> bool:
    """Whether `doc` forces the groups around it to break: it holds a hard line or a broken group."""
    if isinstance(doc, str):
        return False
    if isinstance(doc, tuple):
        return any(_breaks(part) for part in doc)
    if isinstance(doc, Group):
        return doc.broken
    if isinstance(doc, Line):
        return doc.hard
    if isinstance(doc, Fill):
        return any(_breaks(part) for part in doc.parts)
    if isinstance(doc, IfBreak):
        return _breaks(doc.broken) or _breaks(doc.flat)
    assert isinstance(doc, (Indent, Align, IndentIfBreak))
    return _breaks(doc.contents)


def group(contents: Doc, should_break: bool = False, id: str | None = None) -> Group:
    return Group(contents, should_break or _breaks(contents), id)


def conditional_group(states: tuple[Doc, ...]) -> Group:
    """prettier's `conditionalGroup`: the first state that fits flat, else the last one broken.
    A break inside a state does not break the groups around it (as in `propagateBreaks`)."""
    return Group(states[0], False, None, states)


def join(separator: Doc, docs: Sequence[Doc]) -> tuple[Doc, ...]:
    out: list[Doc] = []
    for i, doc in enumerate(docs):
        if i:
            out.append(separator)
        out.append(doc)
    return tuple(out)


# -- widths ------------------------------------------------------------------------------
#
# prettier measures text with `getStringWidth`: an emoji sequence that its `emoji-regex`
# matches takes two columns (one for a lone text-style emoji such as ©), the rest goes
# character by character: none for control characters and combining marks (Mn, Me), two
# for East Asian wide and full-width ones (its own Unicode tables), one otherwise.
# Python's `unicodedata` answers all but a few questions the same way for every character
# that can appear raw in the output (the others are escaped): the tables below, taken
# from prettier 3.10.1's `getStringWidth` one code point at a time, hold the differences.
# Sequences joined by U+200D cannot occur: the zero-width joiner is always escaped.


def _code_ranges(text: str) -> tuple[tuple[int, int], ...]:
    """`"A9 2194-2199"` as ((0xA9, 0xA9), (0x2194, 0x2199))."""
    pairs = (item.partition("-") for item in text.split())
    return tuple((int(low, 16), int(high or low, 16)) for low, _, high in pairs)


_EXTRA_WIDE = _code_ranges("261D 2630-2637 268A-268F 26F9 270C-270D 4DC0-4DFF 1D300-1D356 1D360-1D376 1F3CB-1F3CC 1F574-1F575 1F590")
"""Two columns for prettier (newer Unicode tables, or an emoji alone) but not wide in Python's data."""
_VS16_BASES = _code_ranges(
    "A9 AE 203C 2049 2122 2139 2194-2199 21A9-21AA 2328 23CF 23ED-23EF 23F1-23F2 23F8-23FA 24C2 25AA-25AB 25B6 25C0 25FB-25FC"
    " 2600-2604 260E 2611 2618 2620 2622-2623 2626 262A 262E-262F 2638-263A 2640 2642 265F-2660 2663 2665-2666 2668 267B 267E"
    " 2692 2694-2697 2699 269B-269C 26A0 26A7 26B0-26B1 26C8 26CF 26D1 26D3 26E9 26F0-26F1 26F4 26F7-26F8 2702 2708-2709 270F"
    " 2712 2714 2716 271D 2721 2733-2734 2744 2747 2763-2764 27A1 2934-2935 2B05-2B07 1F170-1F171 1F17E-1F17F 1F321 1F324-1F32C"
    " 1F336 1F37D 1F396-1F397 1F399-1F39B 1F39E-1F39F 1F3CD-1F3CE 1F3D4-1F3DF 1F3F3 1F3F5 1F3F7 1F43F 1F441 1F4FD 1F549-1F54A"
    " 1F56F-1F570 1F573 1F576-1F579 1F587 1F58A-1F58D 1F5A5 1F5A8 1F5B1-1F5B2 1F5BC 1F5C2-1F5C4 1F5D1-1F5D3 1F5DC-1F5DE 1F5E1"
    " 1F5E3 1F5E8 1F5EF 1F5F3 1F5FA 1F6CB 1F6CD-1F6CF 1F6E0-1F6E5 1F6E9 1F6F0 1F6F3"
)
"""Text-style emoji that take two columns with the emoji selector U+FE0F after them (`🏳️`)."""
_SKIN_TONE_BASES = _code_ranges(
    "261D 26F9 270A-270D 1F385 1F3C2-1F3C4 1F3C7 1F3CA-1F3CC 1F442-1F443 1F446-1F450 1F466-1F469 1F46B-1F478 1F47C 1F481-1F483"
    " 1F485-1F487 1F48F 1F491 1F4AA 1F574-1F575 1F57A 1F590 1F595-1F596 1F645-1F647 1F64B-1F64F 1F6A3 1F6B4-1F6B6 1F6C0 1F6CC"
    " 1F90C 1F90F 1F918-1F91F 1F926 1F930-1F939 1F93C-1F93E 1F977 1F9B5-1F9B6 1F9B8-1F9B9 1F9BB 1F9CD-1F9CF 1F9D1-1F9DD"
    " 1FAC3-1FAC5 1FAF0-1FAFA"
)
"""Emoji that take two columns together with a skin tone after them (`👍🏻`), not four."""
_VS16 = "\ufe0f"
_KEYCAP = "\u20e3"
_KEYCAP_BASES = frozenset("#*0123456789")
_SKIN_TONES = range(0x1F3FB, 0x1F400)


def _in(ranges: tuple[tuple[int, int], ...], code: int) -> bool:
    index = bisect.bisect_right(ranges, (code, 0x10FFFF)) - 1
    return index >= 0 and ranges[index][0] <= code <= ranges[index][1]


_SPACING_MARK = 0x1171E
"""A combining mark in Python 3.11's tables, a spacing one (one column) in prettier's."""


def _char_width(ch: str) -> int:
    code = ord(ch)
    if code <= 0x1F or 0x7F <= code <= 0x9F or (unicodedata.category(ch) in ("Mn", "Me") and code != _SPACING_MARK):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") or _in(_EXTRA_WIDE, code) else 1


def _sequence(text: str, i: int) -> int:
    """The length of the two-column emoji sequence starting at `i`, or 0: a keycap (`#️⃣`),
    a text-style emoji with U+FE0F, or an emoji with a skin tone."""
    ch, after = text[i], text[i + 1 : i + 3]
    if ch in _KEYCAP_BASES:
        if after[:1] == _KEYCAP:
            return 2
        return 3 if after == _VS16 + _KEYCAP else 0
    if not after:
        return 0
    if after[0] == _VS16:
        return 2 if _in(_VS16_BASES, ord(ch)) else 0
    return 2 if ord(after[0]) in _SKIN_TONES and _in(_SKIN_TONE_BASES, ord(ch)) else 0


def width(text: str) -> int:
    """Columns as prettier counts them (see above)."""
    if text.isascii():
        return len(text)
    total = 0
    i, n = 0, len(text)
    while i < n:
        length = _sequence(text, i)
        if length:
            total += 2
            i += length
        else:
            total += _char_width(text[i])
            i += 1
    return total


# -- the printer ---------------------------------------------------------------------------

_BREAK, _FLAT = 0, 1

Command = tuple[int, int, Doc]
"""Indentation (spaces), mode and document: an entry of the printer's stack."""


def _fits(next_command: Command, rest: list[Command], room: int, modes: dict[str, int], must_be_flat: bool) -> bool:
    """prettier's `fits`: does everything up to the next line break in break mode fit in `room`?
    After `next_command` it goes on into the commands still to print (`rest`, in their modes)."""
    rest_index = len(rest)
    pending_space = False
    commands = [next_command]
    while room >= 0:
        if not commands:
            if rest_index == 0:
                return True
            rest_index -= 1
            commands.append(rest[rest_index])
            continue
        indent, mode, doc = commands.pop()
        if isinstance(doc, str):
            if doc:
                if pending_space:
                    room -= 1
                    pending_space = False
                room -= width(doc)
        elif isinstance(doc, tuple):
            for part in reversed(doc):
                commands.append((indent, mode, part))
        elif isinstance(doc, Fill):
            for part in reversed(doc.parts[doc.done :]):
                commands.append((indent, mode, part))
        elif isinstance(doc, (Indent, Align, IndentIfBreak)):
            commands.append((indent, mode, doc.contents))
        elif isinstance(doc, Group):
            if must_be_flat and doc.broken:
                return False
            group_mode = _BREAK if doc.broken else mode
            contents = doc.states[-1] if doc.states is not None and group_mode == _BREAK else doc.contents
            commands.append((indent, group_mode, contents))
        elif isinstance(doc, IfBreak):
            group_mode = modes.get(doc.group_id, _FLAT) if doc.group_id is not None else mode
            chosen = doc.broken if group_mode == _BREAK else doc.flat
            if chosen:
                commands.append((indent, mode, chosen))
        else:
            assert isinstance(doc, Line)
            if mode == _BREAK or doc.hard:
                return True
            if not doc.soft:
                pending_space = True
    return False


class _Printer:
    """prettier's `printDocToString` for one document, starting `indent` columns in."""

    def __init__(self, indent: int, line_width: int) -> None:
        self.line_width = line_width
        self.lines: list[str] = []
        self.current: list[str] = [" " * indent]
        self.position = indent
        self.modes: dict[str, int] = {}
        self.remeasure = False

    def run(self, doc: Doc, indent: int) -> list[str]:
        commands: list[Command] = [(indent, _BREAK, doc)]
        while commands:
            command = commands.pop()
            self.step(command, commands)
        self.lines.append("".join(self.current))
        return self.lines

    def step(self, command: Command, commands: list[Command]) -> None:
        indent, mode, doc = command
        if isinstance(doc, str):
            self.current.append(doc)
            self.position += width(doc)
        elif isinstance(doc, tuple):
            for part in reversed(doc):
                commands.append((indent, mode, part))
        elif isinstance(doc, Indent):
            commands.append((indent + 2, mode, doc.contents))
        elif isinstance(doc, Align):
            commands.append((indent + doc.n, mode, doc.contents))
        elif isinstance(doc, Group):
            chosen = self.choose(doc, indent, mode, commands)
            commands.append(chosen)
            if doc.id is not None:
                self.modes[doc.id] = chosen[1]
        elif isinstance(doc, Fill):
            self.fill(doc, indent, mode, commands)
        elif isinstance(doc, IfBreak):
            group_mode = self.modes.get(doc.group_id) if doc.group_id is not None else mode
            chosen_doc = doc.broken if group_mode == _BREAK else doc.flat if group_mode == _FLAT else ""
            if chosen_doc:
                commands.append((indent, mode, chosen_doc))
        elif isinstance(doc, IndentIfBreak):
            group_mode = self.modes.get(doc.group_id)
            if group_mode == _BREAK:
                commands.append((indent + 2, mode, doc.contents))
            elif group_mode == _FLAT:
                commands.append((indent, mode, doc.contents))
        else:
            assert isinstance(doc, Line)
            self.line(doc, indent, mode)

    def choose(self, doc: Group, indent: int, mode: int, commands: list[Command]) -> Command:
        """The mode (and, for a conditional group, the state) a group prints in."""
        if mode == _FLAT and not self.remeasure:
            return (indent, _BREAK if doc.broken else _FLAT, doc.contents)
        self.remeasure = False
        room = self.line_width - self.position
        flat: Command = (indent, _FLAT, doc.contents)
        if not doc.broken and _fits(flat, commands, room, self.modes, False):
            return flat
        if doc.states is None:
            return (indent, _BREAK, doc.contents)
        if not doc.broken:
            for state in doc.states[1:-1]:
                candidate: Command = (indent, _FLAT, state)
                if _fits(candidate, commands, room, self.modes, False):
                    return candidate
        return (indent, _BREAK, doc.states[-1])

    def fill(self, doc: Fill, indent: int, mode: int, commands: list[Command]) -> None:
        """prettier's fill: a content flat when it fits, the separator after it broken when
        the next content does not fit beside it."""
        room = self.line_width - self.position
        parts, done = doc.parts, doc.done
        left = len(parts) - done
        if left == 0:
            return
        content = parts[done]
        content_fits = _fits((indent, _FLAT, content), [], room, self.modes, True)
        content_mode = _FLAT if content_fits else _BREAK
        if left == 1:
            commands.append((indent, content_mode, content))
            return
        separator = parts[done + 1]
        if left == 2:
            commands.append((indent, content_mode, separator))
            commands.append((indent, content_mode, content))
            return
        pair = (content, separator, parts[done + 2])
        pair_fits = _fits((indent, _FLAT, pair), [], room, self.modes, True)
        commands.append((indent, mode, Fill(parts, done + 2)))
        commands.append((indent, _FLAT if pair_fits else _BREAK, separator))
        commands.append((indent, content_mode, content))

    def line(self, doc: Line, indent: int, mode: int) -> None:
        if mode == _FLAT and not doc.hard:
            if not doc.soft:
                self.current.append(" ")
                self.position += 1
            return
        if mode == _FLAT:
            self.remeasure = True
        self.lines.append("".join(self.current).rstrip(" \t"))
        self.current = [" " * indent]
        self.position = indent


def print_doc(doc: Doc, indent: int = 0, line_width: int = WIDTH) -> list[str]:
    """The lines prettier prints for `doc` when it starts `indent` columns in (the first
    line's indentation included), as a statement or member at that depth."""
    return _Printer(indent, line_width).run(doc, indent)
