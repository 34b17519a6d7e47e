"""Language targets by name. Adding a language adds one module here and one template folder.

A target's module is imported the first time it generates: a build for one language does
not load the other generators, and a build for several imports each in the forked worker
that runs it (see `trackgen.parallel`), beside the others rather than before them all.
What every target uses (Jinja, through `trackgen.render`, and `trackgen.naming`) is
imported here, once, so forked workers share it instead of each importing it again.
"""

from __future__ import annotations

import importlib

from .. import naming, render  # noqa: F401 - used by every target: see below
from ..plan.ir import Plan
from .base import Generated, Target, TargetOptions


class _Deferred:
    """A target whose module is imported on first use (`module` relative to this package)."""

    def __init__(self, name: str, module: str, cls: str) -> None:
        self.name = name
        self._module = module
        self._cls = cls
        self._target: Target | None = None

    def generate(self, plan: Plan, options: TargetOptions) -> Generated:
        if self._target is None:
            self._target = getattr(importlib.import_module(self._module, __name__), self._cls)()
        assert self._target is not None
        return self._target.generate(plan, options)


TARGETS: dict[str, Target] = {
    "python": _Deferred("python", ".python", "PythonTarget"),
    "typescript": _Deferred("typescript", ".typescript", "TypeScriptTarget"),
}

__all__ = ["TARGETS", "Generated", "Target", "TargetOptions"]
