"""Reading a plan: load (positions) → lower (shape, IR) → check (meaning)."""

from __future__ import annotations

from pathlib import Path

from ..diagnostics import Diagnostics
from ..perf import collector_paused
from .check import check_plan
from .ir import Plan
from .load import load_text, read_plan_text
from .lower import lower


def read_plan(path: Path, diagnostics: Diagnostics, shown: str | None = None) -> Plan | None:
    """The checked IR of a plan file, or None when it has errors (all in `diagnostics`)."""
    name = shown if shown is not None else str(path)
    text = read_plan_text(path, name, diagnostics)
    if text is None:
        return None
    try:
        key = str(path.resolve())
    except (OSError, RuntimeError):
        key = str(path)
    return parse_plan(text, name, diagnostics, folder=path.parent, stack=(key,))


def parse_plan(text: str, name: str, diagnostics: Diagnostics, folder: Path | None = None, stack: tuple[str, ...] = ()) -> Plan | None:
    """`folder` is where relative `include: [{file: ...}]` paths start (default: the current one)."""
    with collector_paused():
        root = load_text(text, name, diagnostics)
        if root is None:
            return None
        plan = lower(root, name, diagnostics, folder if folder is not None else Path.cwd(), stack)
        del root
        if plan is None:
            return None
        check_plan(plan, diagnostics)  # even after shape errors: report every problem in one go
        return None if diagnostics.has_errors else plan
