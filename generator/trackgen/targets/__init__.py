"""Language targets by name. Adding a language adds one module here and one template folder."""

from __future__ import annotations

from .base import Generated, Target, TargetOptions
from .python import PythonTarget
from .typescript import TypeScriptTarget

TARGETS: dict[str, Target] = {"python": PythonTarget(), "typescript": TypeScriptTarget()}

__all__ = ["TARGETS", "Generated", "Target", "TargetOptions"]
