"""Plan problems as data: a position, a stable code, a message and a hint.

Plan mistakes and trackgen bugs never mix: a mistake in a plan is a `Diagnostic`, collected
with all the others so the user fixes everything in one go; a bug in trackgen is an
`InternalError` that the CLI reports with a "please report" line.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from enum import Enum
from typing import NamedTuple


class Span(NamedTuple):
    """Where a node starts in a plan file; lines and columns count from 1, as editors do.

    A named tuple, not a dataclass: a large plan has a hundred thousand of them, and tuples
    are several times cheaper to create (and already ordered and hashable).
    """

    file: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Diagnostic:
    code: str
    message: str
    span: Span
    hint: str = ""
    severity: Severity = Severity.ERROR
    related: tuple[Span, ...] = ()

    def render(self) -> str:
        """The compiler-style line editors and CI annotators understand, hint on its own line."""
        text = f"{self.span}: {self.severity.value}[{self.code}]: {self.message}"
        for other in self.related:
            text += f"\n{other}: note: also here"
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text

    def to_json(self) -> dict[str, object]:
        return {
            "code": self.code,
            "severity": self.severity.value,
            "message": self.message,
            "hint": self.hint,
            "file": self.span.file,
            "line": self.span.line,
            "column": self.span.column,
            "related": [
                {"file": s.file, "line": s.line, "column": s.column} for s in self.related
            ],
        }


@dataclass(slots=True)
class Diagnostics:
    """An append-only collector; checks keep going after a problem so every one is reported."""

    items: list[Diagnostic] = field(default_factory=list)

    def error(
        self,
        code: str,
        span: Span,
        message: str,
        hint: str = "",
        related: tuple[Span, ...] = (),
    ) -> None:
        self.items.append(Diagnostic(code, message, span, hint, Severity.ERROR, related))

    def warning(self, code: str, span: Span, message: str, hint: str = "") -> None:
        self.items.append(Diagnostic(code, message, span, hint, Severity.WARNING))

    def extend(self, other: "Diagnostics") -> None:
        self.items.extend(other.items)

    @property
    def has_errors(self) -> bool:
        return any(d.severity is Severity.ERROR for d in self.items)

    def sorted(self) -> list[Diagnostic]:
        """File order, so the output reads top to bottom like the plan does."""
        return sorted(self.items, key=lambda d: (d.span, d.code, d.message))


def render_text(diagnostics: list[Diagnostic]) -> str:
    return "".join(d.render() + "\n" for d in diagnostics)


def render_json(diagnostics: list[Diagnostic]) -> str:
    return json.dumps([d.to_json() for d in diagnostics], indent=2, ensure_ascii=False) + "\n"


class PlanError(Exception):
    """Raised by the library API when a plan has errors; carries every diagnostic."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        self.diagnostics = diagnostics
        super().__init__(render_text(diagnostics).rstrip("\n"))


class InternalError(Exception):
    """A bug in trackgen itself, never a problem with the user's plan."""
