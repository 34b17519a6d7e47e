"""The contract every language target meets: a checked plan in, `{relative path: text}` out.

Targets never touch the disk; `trackgen.output` writes, checks or diffs what they return.
Naming problems that only a target can see (two wire names that become one identifier in
its language) come back as diagnostics, like any other plan problem.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from ..diagnostics import Diagnostics, Span
from ..plan.ir import Plan


@dataclass(frozen=True, slots=True)
class TargetOptions:
    module: str | None = None
    """The output module or file base name; each target documents its default."""
    sdk: str | None = None
    """Which SDK flavour to generate for, for targets that support several."""


@dataclass(slots=True)
class Generated:
    files: dict[str, str] = field(default_factory=dict)
    diagnostics: Diagnostics = field(default_factory=Diagnostics)


class Target(Protocol):
    name: str

    def generate(self, plan: Plan, options: TargetOptions) -> Generated: ...


class Identifiers:
    """Hands out identifiers in one scope and reports two wire names that land on one."""

    def __init__(self, diagnostics: Diagnostics, scope: str) -> None:
        self.diagnostics = diagnostics
        self.scope = scope
        self.taken: dict[str, tuple[str, Span]] = {}

    def claim(self, ident: str | None, wire_name: str, span: Span, what: str) -> str:
        if ident is None:
            self.diagnostics.error(
                "TG401", span,
                f"{what} {wire_name!r} has no letters or digits to make an identifier from",
                "add `identifier: some_name` to it in the plan",
            )
            return "_invalid"
        if ident in self.taken:
            other, other_span = self.taken[ident]
            self.diagnostics.error(
                "TG400", span,
                f"{what} {wire_name!r} and {other!r} both become `{ident}` in {self.scope}",
                "rename one, or give one an explicit `identifier:` in the plan",
                related=(other_span,),
            )
            return ident
        self.taken[ident] = (wire_name, span)
        return ident


def plural(count: int, noun: str) -> str:
    """`1 item`, `3 items`: violation messages read the same in every language."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"
