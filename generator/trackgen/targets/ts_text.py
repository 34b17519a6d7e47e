"""Plan text made safe for TypeScript source: string literals, JSDoc, object keys, regexes.

Every plan string (event and property names, descriptions, enum values, patterns) reaches
the generated `.ts` file only through these functions. They escape what could end or
change a literal or comment (quotes, backslashes, `*/`, line terminators including
U+2028/2029, `${`, `</script>`), and they write each literal the way prettier would, so
`prettier --check` leaves the output unchanged without the build running prettier.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from ..render import tidy_paragraphs

_PRINTABLE_SPACE = " "
_NOT_PRINTABLE = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp", "Zs"})


def _printable(ch: str) -> bool:
    """Python's `str.isprintable()` per character: what can appear raw in source text."""
    return ch == _PRINTABLE_SPACE or unicodedata.category(ch) not in _NOT_PRINTABLE


def _escape_char(ch: str) -> str:
    code = ord(ch)
    if code < 0x100:
        return f"\\x{code:02x}"
    if code < 0x10000:
        return f"\\u{code:04x}"
    return f"\\u{{{code:x}}}"


_PLAIN = re.compile(r"[ !#%&(-;=?-\[\]-~]*")
"""Printable ASCII without quotes, backslash, `<` or `$`: needs no escaping at all."""


@lru_cache(maxsize=65536)
def js_str(text: str) -> str:
    """A JavaScript string literal for `text`, quoted as prettier quotes it.

    prettier picks double quotes unless the text holds more double than single quotes;
    it keeps `\\xNN` and `\\uNNNN` escapes, so those carry everything that must not
    appear raw: control characters, U+2028/2029 (line terminators in older engines),
    `<` (so `</script>` and `<!--` never appear in bundled code) and the `$` of `${`.
    """
    if _PLAIN.fullmatch(text):
        return f'"{text}"'
    quote = "'" if text.count('"') > text.count("'") else '"'
    out: list[str] = []
    for i, ch in enumerate(text):
        if ch == "\\":
            out.append("\\\\")
        elif ch == quote:
            out.append("\\" + quote)
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\r":
            out.append("\\r")
        elif ch == "\t":
            out.append("\\t")
        elif ch == "<":
            out.append("\\u003c")
        elif ch == "$" and text[i + 1 : i + 2] == "{":
            out.append("\\u0024")
        elif not _printable(ch):
            out.append(_escape_char(ch))
        else:
            out.append(ch)
    return quote + "".join(out) + quote


def doc_lines(text: str) -> list[str]:
    """Description text made safe for a JSDoc block: no `*/`, no tags, no raw control characters."""
    lines: list[str] = []
    for raw in text.expandtabs(4).splitlines():
        if raw.isprintable():
            line = raw  # the common case, without the per-character walk (same test, whole line)
        else:
            line = "".join(ch if _printable(ch) else _escape_char(ch) for ch in raw)
        line = line.replace("*/", "*\\/").replace("@", "\\@").replace("</", "<\\/").strip()
        lines.append(line)
    return tidy_paragraphs(lines)


_ID_START = frozenset({"Lu", "Ll", "Lt", "Lm", "Lo", "Nl"})
_ID_CONTINUE = _ID_START | {"Mn", "Mc", "Nd", "Pc"}


def is_identifier_name(name: str) -> bool:
    """An ECMAScript IdentifierName: usable unquoted as an object key (keywords included)."""
    if not name:
        return False
    first, rest = name[0], name[1:]
    if not (first in "$_" or unicodedata.category(first) in _ID_START):
        return False
    return all(ch in "$_\u200c\u200d" or unicodedata.category(ch) in _ID_CONTINUE for ch in rest)


_ASCII_IDENTIFIER = re.compile(r"[A-Za-z$_][A-Za-z0-9$_]*")
"""`is_identifier_name` for ASCII text: the ASCII letters are ID_Start, digits and `_` ID_Continue."""


def prop_key(name: str) -> str:
    """An interface member or object key for a wire name, quoted only where it must be.

    prettier leaves a key that is an identifier as it is, and unquotes a quoted one that
    its (older) identifier table accepts, a subset of `is_identifier_name`: a key written
    unquoted whenever it can be is one prettier keeps either way, whatever its Unicode
    normalization (`e` and a combining accent is an identifier too).
    """
    if name.isascii():
        return name if _ASCII_IDENTIFIER.fullmatch(name) else js_str(name)
    return name if is_identifier_name(name) else js_str(name)


# -- regular expressions -------------------------------------------------------------

# Characters that may follow a backslash in a `u`-flag JavaScript regex as identity escapes.
_SYNTAX = frozenset("^$\\.*+?()[]{}|/")
_JS_CLASS_ESCAPES = frozenset("dDwWsSbBnrtfv0")
_QUANTIFIER = re.compile(r"\{(\d*)(,?)(\d*)\}")


class PatternError(ValueError):
    """A plan pattern that has no faithful JavaScript equivalent."""


def js_pattern(pattern: str) -> str:
    """The plan's pattern as the source of a JavaScript `RegExp` with the `u` flag.

    Plan patterns are JSON Schema (ECMA-262) regular expressions, and the plan checker
    accepts what Python's `re` compiles. This keeps the meaning and makes the text valid
    under the `u` flag (code points, like Python's `re`): identity escapes of characters
    that need none are dropped (`\\-` `\\"` `\\@`), lone `{` `}` `]` are escaped, Python's
    `(?P<n>...)`, `(?P=n)`, `\\A`, `\\Z` and `(?#...)` are translated. What cannot be
    translated (inline flags, `\\N{...}`) raises `PatternError`.
    """
    out: list[str] = []
    i, n = 0, len(pattern)
    in_class = False
    class_start = -1
    while i < n:
        ch = pattern[i]
        if ch == "\\":
            if i + 1 >= n:
                raise PatternError("ends with a lone backslash")
            nxt = pattern[i + 1]
            i += 2
            if nxt.isascii() and nxt.isalnum():
                if nxt in "AZ" and not in_class:
                    out.append("^" if nxt == "A" else "$")
                elif nxt == "a":
                    out.append("\\x07")
                elif nxt in "xu":
                    width = 2 if nxt == "x" else 4
                    digits = pattern[i : i + width]
                    if len(digits) != width or not all(c in "0123456789abcdefABCDEF" for c in digits):
                        raise PatternError(f"`\\{nxt}` needs {width} hex digits")
                    out.append("\\" + nxt + digits)
                    i += width
                elif nxt == "U":
                    digits = pattern[i : i + 8]
                    if len(digits) != 8 or not all(c in "0123456789abcdefABCDEF" for c in digits):
                        raise PatternError("`\\U` needs 8 hex digits")
                    out.append("\\u{" + (digits.lstrip("0") or "0") + "}")
                    i += 8
                elif nxt == "0" and pattern[i : i + 1].isdigit():
                    raise PatternError("octal escapes have no `u`-flag JavaScript equivalent")
                elif nxt.isdigit() and nxt != "0":
                    if in_class:
                        raise PatternError("octal escapes in a character class are not portable")
                    out.append("\\" + nxt)
                elif nxt in _JS_CLASS_ESCAPES or (nxt == "B" and not in_class):
                    out.append("\\" + nxt)
                else:
                    raise PatternError(f"`\\{nxt}` has no JavaScript equivalent")
            elif nxt in _SYNTAX or (in_class and nxt == "-"):
                out.append("\\" + nxt)
            else:  # an escape that only says "this character": write the character itself
                out.append(nxt)
            continue
        if in_class:
            if ch == "]" and i != class_start:
                in_class = False
                out.append("]")
            elif ch == "]":
                out.append("\\]")
            elif ch == "[":
                out.append("\\[")
            else:
                out.append(ch)
            i += 1
            continue
        if ch == "[":
            in_class = True
            out.append("[")
            i += 1
            if i < n and pattern[i] == "^":
                out.append("^")
                i += 1
            class_start = i
            continue
        if ch == "(" and pattern.startswith("(?", i):
            rest = pattern[i + 2 :]
            if rest.startswith("P<"):
                out.append("(?<")
                i += 4
            elif rest.startswith("P="):
                end = pattern.find(")", i)
                if end < 0:
                    raise PatternError("unterminated `(?P=`")
                out.append("\\k<" + pattern[i + 4 : end] + ">")
                i = end + 1
            elif rest.startswith("#"):
                end = pattern.find(")", i)
                if end < 0:
                    raise PatternError("unterminated comment group")
                i = end + 1
            elif rest[:1] in (":", "=", "!") or rest.startswith("<=") or rest.startswith("<!") or rest.startswith("<"):
                out.append("(?")
                i += 2
            else:
                raise PatternError("inline flags such as `(?i)` have no JavaScript equivalent")
            continue
        if ch == "{":
            match = _QUANTIFIER.match(pattern, i)
            if match and (match.group(1) or match.group(3)) and (match.group(2) or match.group(1)):
                low, comma, high = match.groups()
                out.append("{" + (low or "0") + comma + high + "}")
                i = match.end()
                continue
            out.append("\\{")
            i += 1
            continue
        if ch in "}]":
            out.append("\\" + ch)
            i += 1
            continue
        out.append(ch)
        i += 1
    if in_class:
        raise PatternError("unterminated character class")
    return "".join(out)

