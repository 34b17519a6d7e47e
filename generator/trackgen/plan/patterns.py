"""Plan patterns are JSON Schema (ECMA-262) regular expressions; Python's `re` reads some of
the same text differently. `python_regex()` rewrites a pattern so that Python matches exactly
what JavaScript (and Segment Protocols) would, and every Python-side check uses it: the
generated client, the collector and the plan checker.

The differences handled: `$` (ECMA: end of input; Python: also before a final newline),
`\\d`, `\\w`, `\\b` (ECMA: ASCII; Python: Unicode, fixed with `re.ASCII`), `\\s` (ECMA: the
Unicode white space list, spelled out because `re.ASCII` would narrow it), and named groups
(`(?<name>...)`, `\\k<name>`).
"""

from __future__ import annotations

import re

FLAGS = re.ASCII
_SPACE = "\\t\\n\\v\\f\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff"


def python_regex(pattern: str) -> str:
    out: list[str] = []
    in_class = False
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\" and i + 1 < len(pattern):
            nxt = pattern[i + 1]
            if nxt == "s":
                out.append(_SPACE if in_class else f"[{_SPACE}]")
            elif nxt == "S" and not in_class:
                out.append(f"[^{_SPACE}]")
            elif nxt == "k" and pattern.startswith("<", i + 2) and ">" in pattern[i + 3 :]:
                end = pattern.index(">", i + 3)
                out.append(f"(?P={pattern[i + 3 : end]})")
                i = end + 1
                continue
            else:
                out.append(ch + nxt)
            i += 2
            continue
        if in_class:
            if ch == "]":
                in_class = False
            out.append(ch)
        elif ch == "[":
            in_class = True
            out.append(ch)
            if pattern.startswith("]", i + 1) or pattern.startswith("^]", i + 1):
                # ECMA `[]` matches nothing and `[^]` anything; Python reads `]` there as a literal
                close = pattern.index("]", i + 1)
                out[-1] = "(?!)" if close == i + 1 else "[\\s\\S]"
                in_class = False
                i = close + 1
                continue
        elif ch == "$":
            out.append("\\Z")
        elif ch == "(" and pattern.startswith("(?<", i) and not pattern.startswith(("(?<=", "(?<!"), i):
            out.append("(?P<")
            i += 3
            continue
        else:
            out.append(ch)
        i += 1
    return "".join(out)


def compile_pattern(pattern: str) -> re.Pattern[str]:
    return re.compile(python_regex(pattern), FLAGS)


def anchored_body(regex: str) -> str | None:
    """`X` when a Python regex (as `python_regex` writes it) is `^X\\Z` and has no `|`
    outside brackets and parentheses, else None. Then `fullmatch(X)` accepts exactly the
    strings `search(^X\\Z)` accepts, and CPython's `fullmatch` is the cheaper call; the
    generated client checks patterns and formats that way on every call."""
    if not regex.startswith("^") or regex[1:2] in ("*", "+", "?", "{"):
        return None
    depth = 0
    in_class = False
    last = 0  # where the last token starts
    i = 1
    while i < len(regex):
        last = i
        ch = regex[i]
        if ch == "\\":
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
            if regex.startswith(("]", "^]"), i + 1):  # a leading `]` is a literal in Python
                i = regex.find("]", i + 1) + 1
                if i == 0:
                    return None
                continue
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            return None
        i += 1
    if in_class or depth != 0 or i != len(regex) or regex[last:] != "\\Z":
        return None
    return regex[1:last]
