"""trackgen: typed analytics clients generated from a YAML tracking plan kept in git.

The library API mirrors the CLI: `load_plan()` reads and checks a plan, `generate()` runs
a target in memory. Nothing here writes files; `trackgen.output` does that.
"""

from __future__ import annotations

from pathlib import Path

from .diagnostics import Diagnostic, Diagnostics, PlanError
from .plan import parse_plan, read_plan
from .plan.ir import Plan
from .targets import TARGETS, Generated, TargetOptions

__version__ = "0.1.0"
__all__ = ["Plan", "PlanError", "Diagnostic", "load_plan", "loads_plan", "generate", "__version__"]


def load_plan(path: str | Path) -> Plan:
    """The checked IR of a plan file; raises `PlanError` listing every problem."""
    diagnostics = Diagnostics()
    plan = read_plan(Path(path), diagnostics, shown=str(path))
    if plan is None:
        raise PlanError(diagnostics.sorted())
    return plan


def loads_plan(text: str, name: str = "<plan>") -> Plan:
    diagnostics = Diagnostics()
    plan = parse_plan(text, name, diagnostics)
    if plan is None:
        raise PlanError(diagnostics.sorted())
    return plan


def generate(plan: Plan, target: str = "python", module: str | None = None, sdk: str | None = None) -> dict[str, str]:
    """`{relative path: text}` for one target; raises `PlanError` on naming problems."""
    result: Generated = TARGETS[target].generate(plan, TargetOptions(module=module, sdk=sdk))
    if result.diagnostics.has_errors:
        raise PlanError(result.diagnostics.sorted())
    return result.files
