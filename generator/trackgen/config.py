"""`trackgen.yaml`: which plans to build, for which targets, into which folders.

Read with the plan loader, so a mistake in it gets a file:line:column message too.
Relative paths are resolved against the folder holding `trackgen.yaml`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .diagnostics import Diagnostics
from .plan.load import Mapping, Scalar, Sequence, load_text, read_plan_text

CONFIG_FILE = "trackgen.yaml"
BUILD_KEYS = ("plan", "target", "out", "module", "sdk")


@dataclass(frozen=True, slots=True)
class Build:
    plan: Path
    target: str
    out: Path
    module: str | None = None
    sdk: str | None = None


def read_config(path: Path, diagnostics: Diagnostics) -> list[Build]:
    shown = str(path)
    text = read_plan_text(path, shown, diagnostics)
    if text is None:
        return []
    root = load_text(text, shown, diagnostics)
    if root is None:
        return []
    base = path.parent
    if not isinstance(root, Mapping) or root.get("builds") is None:
        diagnostics.error("TG300", root.span, "trackgen.yaml must have a `builds:` list", "see the README, section trackgen.yaml")
        return []
    for entry in root.entries:
        if entry.key != "builds":
            diagnostics.error("TG300", entry.key_span, f"unknown field {entry.key!r} in trackgen.yaml", "only `builds:` is read")
    builds_node = root.get("builds")
    assert builds_node is not None
    if not isinstance(builds_node.value, Sequence):
        diagnostics.error("TG300", builds_node.value.span, "`builds` must be a list", "write `- plan: ...` items")
        return []
    builds: list[Build] = []
    for item in builds_node.value.items:
        if not isinstance(item, Mapping):
            diagnostics.error("TG300", item.span, "each build must be a mapping with plan, target and out", "")
            continue
        values: dict[str, str] = {}
        for entry in item.entries:
            if entry.key not in BUILD_KEYS:
                diagnostics.error("TG300", entry.key_span, f"unknown field {entry.key!r} in a build", f"allowed: {', '.join(BUILD_KEYS)}")
            elif not isinstance(entry.value, Scalar) or not isinstance(entry.value.value, str):
                diagnostics.error("TG300", entry.value.span, f"`{entry.key}` must be text", "")
            else:
                values[entry.key] = entry.value.value
        missing = [k for k in ("plan", "target", "out") if k not in values]
        if missing:
            diagnostics.error("TG300", item.span, f"a build needs {', '.join(missing)}", "e.g. `- {plan: plans/app.yaml, target: python, out: src/analytics}`")
            continue
        builds.append(Build(base / values["plan"], values["target"], base / values["out"], values.get("module"), values.get("sdk")))
    return builds
