"""`trackgen.yaml`: which plans to build, for which targets, into which folders, and how
`trackgen lint` rates each rule.

Read with the plan loader, so a mistake in it gets a file:line:column message too.
Relative paths are resolved against the folder holding `trackgen.yaml`. Both sections are
optional for the commands that do not need them: `build` needs `builds:`, `lint` reads
`lint:` when present.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from .diagnostics import Diagnostics
from .plan.load import Mapping, Scalar, Sequence, load_text, read_plan_text

CONFIG_FILE = "trackgen.yaml"
BUILD_KEYS = ("plan", "target", "out", "module", "sdk")
TOP_KEYS = ("builds", "lint")
LINT_KEYS = ("rules",)
LINT_SEVERITIES = ("error", "warning", "off")


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
        if entry.key not in TOP_KEYS:
            diagnostics.error("TG300", entry.key_span, f"unknown field {entry.key!r} in trackgen.yaml", f"allowed: {', '.join(TOP_KEYS)}")
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


def read_lint_rules(path: Path, diagnostics: Diagnostics, known: Collection[str]) -> dict[str, str]:
    """The `lint: {rules: {CODE: error|warning|off}}` section: rule code → severity.

    `off` may be written bare: YAML reads it as false, which means the same here.
    """
    shown = str(path)
    text = read_plan_text(path, shown, diagnostics)
    if text is None:
        return {}
    root = load_text(text, shown, diagnostics)
    if root is None:
        return {}
    if not isinstance(root, Mapping):
        diagnostics.error("TG300", root.span, "trackgen.yaml must be a mapping", "see the README, section trackgen.yaml")
        return {}
    for entry in root.entries:
        if entry.key not in TOP_KEYS:
            diagnostics.error("TG300", entry.key_span, f"unknown field {entry.key!r} in trackgen.yaml", f"allowed: {', '.join(TOP_KEYS)}")
    lint = root.get("lint")
    if lint is None or (isinstance(lint.value, Scalar) and lint.value.value is None):
        return {}
    if not isinstance(lint.value, Mapping):
        diagnostics.error("TG300", lint.value.span, "`lint` must be a mapping", "e.g. `lint: {rules: {TG704: warning}}`")
        return {}
    for entry in lint.value.entries:
        if entry.key not in LINT_KEYS:
            diagnostics.error("TG300", entry.key_span, f"unknown field {entry.key!r} in `lint`", f"allowed: {', '.join(LINT_KEYS)}")
    rules_entry = lint.value.get("rules")
    if rules_entry is None or (isinstance(rules_entry.value, Scalar) and rules_entry.value.value is None):
        return {}
    if not isinstance(rules_entry.value, Mapping):
        diagnostics.error("TG300", rules_entry.value.span, "`lint.rules` must map rule codes to severities", "e.g. `TG704: warning`")
        return {}
    severities: dict[str, str] = {}
    for entry in rules_entry.value.entries:
        if entry.key not in known:
            diagnostics.error("TG300", entry.key_span, f"unknown lint rule {entry.key!r}", "run `trackgen lint --rules` to list the rule codes")
            continue
        value = entry.value
        if isinstance(value, Scalar) and value.value is False:
            severities[entry.key] = "off"
        elif isinstance(value, Scalar) and isinstance(value.value, str) and value.value in LINT_SEVERITIES:
            severities[entry.key] = value.value
        else:
            diagnostics.error("TG300", value.span, f"the severity of {entry.key} must be one of {', '.join(LINT_SEVERITIES)}", f"e.g. `{entry.key}: warning`")
    return severities
