"""`trackgen lint`: review rules for a checked plan, each with a stable code and a fix.

A plan that loads (`trackgen validate` is happy) can still be a poor plan: names nobody can
read in a dashboard, properties nobody can interpret, semantic events that destinations
will not map. Each rule has a stable code (TG701-TG713), a default severity that
`trackgen.yaml` can change (`lint: {rules: {TG704: error, TG713: off}}`), and a message
with a hint that says what to write instead.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..config import read_lint_rules
from ..diagnostics import Diagnostic, Diagnostics, Severity, Span, render_json, render_text
from ..plan import read_plan
from ..plan.ir import Plan
from . import lint_names as names
from . import semantic
from .shape import all_properties, all_types, named_types_used


@dataclass(frozen=True, slots=True)
class Rule:
    code: str
    name: str
    severity: Severity
    summary: str


E, W = Severity.ERROR, Severity.WARNING

RULES: tuple[Rule, ...] = (
    Rule("TG701", "event-title-case", E, "Event names are in Title Case: `Order Completed`, not `order_completed`."),
    Rule("TG702", "event-object-action", E, "Event names are an object and a past-tense action: `Video Played`, not `Play Video` or `Event 12`."),
    Rule("TG703", "property-name-style", E, "All property names in a plan share one naming style (Segment recommends snake_case)."),
    Rule("TG704", "event-description", W, "Every event has a description."),
    Rule("TG705", "property-description", W, "Every property has a description."),
    Rule("TG706", "reserved-property-meaning", E, "`revenue`, `value` and `currency` are used only with Segment's meaning and exact spelling."),
    Rule("TG707", "currency-code", W, "`currency` is constrained to ISO 4217 codes (a pattern or an enum)."),
    Rule("TG708", "semantic-event-spelling", E, "An event named like a Segment semantic event uses its exact spelling."),
    Rule("TG709", "semantic-property-type", E, "Properties of a semantic event have the spec's types, formats and values."),
    Rule("TG710", "semantic-property-spelling", E, "Properties of a semantic event use the spec's exact spelling."),
    Rule("TG711", "semantic-context-field", W, "Fields the spec sends in `context` (groupId, traits) are not event properties."),
    Rule("TG712", "enum-near-duplicate", E, "Enum values differ by more than case, spaces or punctuation."),
    Rule("TG713", "unused-type", W, "Every named type is used by some event."),
)
RULES_BY_CODE = {rule.code: rule for rule in RULES}


@dataclass
class Findings:
    """What the rules found, before severities from trackgen.yaml are applied."""

    items: list[tuple[str, Span, str, str, tuple[Span, ...]]] = field(default_factory=list)

    def add(self, code: str, span: Span, message: str, hint: str, related: tuple[Span, ...] = ()) -> None:
        assert code in RULES_BY_CODE, code
        self.items.append((code, span, message, hint, related))


# -- event names -----------------------------------------------------------------------


def check_event_names(plan: Plan, found: Findings) -> None:
    for event in plan.events:
        name = event.wire_name
        spec = semantic.find_event(name)
        if spec is not None:
            if spec.name != name:
                found.add(
                    "TG708", event.span,
                    f"event {name!r} is Segment's semantic event {spec.name!r} spelled differently",
                    f"rename it to {spec.name!r}: destinations map semantic events by their exact name",
                )
            continue  # the spec's own names are exempt from the naming heuristics
        titled = name if names.is_title_case(name) else names.title_case(name)
        if titled != name:
            hint = f"rename it to {titled!r}" if titled else "name it with words, e.g. 'Order Completed'"
            found.add("TG701", event.span, f"event name {name!r} is not in Title Case", hint + " (words capitalised, single spaces)")
        problem = names.object_action_problem(titled or name)
        if problem is not None:
            why, hint = problem
            found.add("TG702", event.span, f"event name {name!r} {why}", hint)


# -- property names --------------------------------------------------------------------


def check_property_style(plan: Plan, found: Findings) -> None:
    located = list(all_properties(plan))
    style = names.dominant_style([p.prop.wire_name for p in located])
    if style is None:
        return
    fitting = sum(1 for p in located if style in names.styles_of(p.prop.wire_name))
    label = names.STYLE_LABELS[style]
    for p in located:
        wire = p.prop.wire_name
        styles = names.styles_of(wire)
        if style in styles:
            continue
        own = next((names.STYLE_LABELS[s] for s in names.PREFERENCE if s in styles), "in no common style")
        better = names.restyle(wire, style)
        where = f" in {p.owner!r}" if not p.owner.startswith("type ") else f" in {p.owner}"
        fix = f"rename it to {better!r}" if better else f"rename it in {label}"
        found.add(
            "TG703", p.prop.span,
            f"property {p.path!r}{where} is {own}, but this plan names properties in {label} ({fitting} of {len(located)})",
            f"{fix}; renaming a property is a breaking change, so bump the event's `version`",
        )


# -- descriptions ----------------------------------------------------------------------


def check_descriptions(plan: Plan, found: Findings) -> None:
    for event in plan.events:
        if not event.description.strip():
            found.add("TG704", event.span, f"event {event.wire_name!r} has no description", "add `description:` saying when the event is sent and what it means")
    for p in all_properties(plan):
        if not p.prop.description.strip():
            where = p.owner if p.owner.startswith("type ") else f"event {p.owner!r}"
            found.add("TG705", p.prop.span, f"property {p.path!r} of {where} has no description", "add `description:` saying what the value means, with its unit if it has one")


# -- reserved properties ---------------------------------------------------------------

RESERVED = ("revenue", "value", "currency")
ISO_4217 = re.compile(r"[A-Z]{3}")
CENTS = re.compile(r"\bcents?\b|\bpence\b|\bminor units?\b", re.IGNORECASE)


def check_reserved(plan: Plan, found: Findings) -> None:
    for event in plan.events:
        for prop in event.properties:
            wire = prop.wire_name
            folded = semantic.normalized(wire)
            if wire not in RESERVED and folded in RESERVED:
                found.add(
                    "TG706", prop.span,
                    f"property {wire!r} of event {event.wire_name!r} looks like Segment's reserved `{folded}` but is spelled differently, so destinations ignore it",
                    f"rename it to `{folded}` if it means the reserved {folded}, or to a name that says what it is",
                )
                continue
            t = prop.type
            if wire in ("revenue", "value") and CENTS.search(prop.description):
                found.add(
                    "TG706", prop.span,
                    f"`{wire}` of event {event.wire_name!r} is described in cents, but Segment reads it as a decimal amount (19.99, not 1999)",
                    f"send the amount in currency units, or rename the property (e.g. `{wire}_cents`) so it is not read as {wire}",
                )
            if wire == "currency":
                codes = t.enum if t.enum is not None else ((t.const,) if t.const is not None else None)
                if codes is not None:
                    bad = [v for v in codes if not (isinstance(v, str) and ISO_4217.fullmatch(v))]
                    if bad:
                        what = "which is not an ISO 4217 code" if len(bad) == 1 else "which are not ISO 4217 codes"
                        found.add(
                            "TG706", prop.span,
                            f"`currency` of event {event.wire_name!r} allows {', '.join(repr(v) for v in bad)}, {what}",
                            "use three-letter codes such as USD and EUR, or rename the property if it means something else",
                        )
                elif t.format is not None:
                    found.add("TG706", prop.span, f"`currency` of event {event.wire_name!r} has format {t.format!r}, but it holds an ISO 4217 code", "drop the format and add `pattern: \"^[A-Z]{3}$\"`")
                elif t.pattern is None:
                    found.add("TG707", prop.span, f"`currency` of event {event.wire_name!r} accepts any text, but Segment expects an ISO 4217 code", "add `pattern: \"^[A-Z]{3}$\"` or an `enum:` of the codes you use")


# -- semantic events -------------------------------------------------------------------


def check_semantic(plan: Plan, found: Findings) -> None:
    for event in plan.events:
        spec = semantic.find_event(event.wire_name)
        if spec is None:
            continue
        for prop in event.properties:
            wire = prop.wire_name
            context = semantic.spelled_like(wire, spec.context) or spec.context.get(wire)
            if context is not None:
                found.add(
                    "TG711", prop.span,
                    f"{spec.name!r} sends {context.name!r} in `context`, not as an event property like {wire!r}",
                    f"remove the property and pass `context={{{context.name!r}: ...}}` when tracking the event",
                )
                continue
            other = semantic.spelled_like(wire, spec.properties)
            if other is not None and other.name in RESERVED:
                continue  # a misspelled reserved property: TG706 says it for every event
            if other is not None:
                found.add(
                    "TG710", prop.span,
                    f"property {wire!r} of {event.wire_name!r} is the spec's {other.name!r} spelled differently",
                    f"rename it to {other.name!r} so destinations map it",
                )
            spec_prop = other if other is not None else spec.properties.get(wire)
            if spec_prop is None:
                continue
            for path, plan_name, spec_name, span in semantic.misspelled(prop.type, spec_prop, wire):
                found.add("TG710", span, f"property {path!r} of {event.wire_name!r} is the spec's {spec_name!r} spelled differently", f"rename {plan_name!r} to {spec_name!r}")
            for d in semantic.compare(prop.type, spec_prop, wire):
                found.add("TG709", d.span, f"property {d.path!r} of {event.wire_name!r} {d.message}", d.hint)


# -- enums and named types -------------------------------------------------------------


def check_enums(plan: Plan, found: Findings) -> None:
    for t in all_types(plan):
        if t.enum is None:
            continue
        groups: dict[str, list[str]] = {}
        for value in t.enum:
            if isinstance(value, str):
                groups.setdefault(semantic.normalized(value), []).append(value)
        for values in groups.values():
            if len(values) > 1:
                shown = ", ".join(repr(v) for v in values[:-1]) + f" and {values[-1]!r}"
                owner = f" of type {t.name!r}" if t.name else ""
                found.add(
                    "TG712", t.span,
                    f"enum values {shown}{owner} differ only in case, spaces or punctuation",
                    f"keep one spelling ({values[0]!r}); two spellings split one value in every report",
                )


def check_unused_types(plan: Plan, found: Findings) -> None:
    used: set[str] = set()
    for event in plan.events:
        for prop in event.properties:
            used |= named_types_used(prop.type)
    for t in plan.types:
        if t.name is not None and t.name not in used:
            found.add("TG713", t.span, f"named type {t.name!r} is not used by any event", f"remove it, or use it as `type: {t.name}` in a property")


CHECKS: tuple[Callable[[Plan, Findings], None], ...] = (
    check_event_names,
    check_property_style,
    check_descriptions,
    check_reserved,
    check_semantic,
    check_enums,
    check_unused_types,
)


def lint_plan(plan: Plan, severities: dict[str, str] | None = None) -> list[Diagnostic]:
    """Every finding as a diagnostic with its configured severity (rules set `off` dropped)."""
    found = Findings()
    for check in CHECKS:
        check(plan, found)
    overrides = severities or {}
    out = Diagnostics()
    for code, span, message, hint, related in found.items:
        level = overrides.get(code, RULES_BY_CODE[code].severity.value)
        if level == "off":
            continue
        out.items.append(Diagnostic(code, message, span, hint, Severity(level), related))
    return out.sorted()


# -- the command -----------------------------------------------------------------------


def rules_table() -> str:
    lines = ["code   severity  name                        rule"]
    for rule in RULES:
        lines.append(f"{rule.code}  {rule.severity.value:<8}  {rule.name:<26}  {rule.summary}")
    return "\n".join(lines) + "\n"


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def run_lint(plans: list[tuple[Path, str]], output_format: str, config: Path | None) -> int:
    """Lint each (plan, shown name). Exit codes: 0 no errors (warnings allowed); 1 errors in
    a plan, its lint or trackgen.yaml; 2 wrong usage."""
    if output_format not in ("text", "json"):
        sys.stderr.write(f"error: unknown --format {output_format!r}; use text or json\n")
        return 2
    config_problems = Diagnostics()
    severities: dict[str, str] = {}
    if config is None and Path("trackgen.yaml").is_file():
        config = Path("trackgen.yaml")
    if config is not None:
        severities = read_lint_rules(config, config_problems, RULES_BY_CODE)
    everything: list[Diagnostic] = config_problems.sorted()
    lines: list[str] = [render_text(everything)] if everything else []
    if config_problems.has_errors:
        lines.append(f"{config}: fix trackgen.yaml before linting\n")
    else:
        for plan_path, shown in plans:
            diagnostics = Diagnostics()
            plan = read_plan(plan_path, diagnostics, shown=shown)
            items = diagnostics.sorted() + (lint_plan(plan, severities) if plan is not None else [])
            everything += items
            errors = sum(1 for d in items if d.severity is Severity.ERROR)
            lines.append(render_text(items))
            if plan is None:
                lines.append(f"{shown}: {_count(errors, 'error')}; the plan must load before it can be linted\n")
            else:
                summary = "no problems" if not items else f"{_count(errors, 'error')}, {_count(len(items) - errors, 'warning')}"
                lines.append(f"{shown}: {_count(len(plan.events), 'event')} linted, {summary}\n")
    sys.stdout.write(render_json(everything) if output_format == "json" else "".join(lines))
    return 1 if any(d.severity is Severity.ERROR for d in everything) else 0
