"""A diff report as text (terminals), Markdown (a pull-request comment) and JSON (machines).

Every plan string is escaped for where it lands: control characters never reach a terminal
raw, and Markdown gets names in code spans and prose with its markup neutralised, so a
hostile event name cannot restructure (or inject HTML into) a PR comment.
"""

from __future__ import annotations

import json
import re

from .diff import Change, Report, Section

MARKER = "<!-- trackgen-diff -->"
"""First line of the Markdown report, so a CI job can find and update its earlier comment."""


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def summary_line(report: Report) -> str:
    if not report.sections and not report.plan_changes:
        return "no changes"
    parts = []
    if report.breaking:
        part = _plural(report.breaking, "breaking change")
        if report.unacknowledged:
            part += f" ({report.unacknowledged} not acknowledged)"
        else:
            part += " (all acknowledged)"
        parts.append(part)
    if report.compatible:
        parts.append(_plural(report.compatible, "compatible change"))
    events = [s for s in report.sections if s.kind == "event"]
    types = [s for s in report.counted if s.kind == "type"]
    scope = []
    if events:
        scope.append(_plural(len(events), "event"))
    if types:
        scope.append(_plural(len(types), "named type"))
    text = ", ".join(parts)
    return f"{text} in {' and '.join(scope)}" if scope else text


def _verdict(section: Section) -> str:
    if not section.breaking:
        return "compatible"
    if section.acknowledged:
        return f"breaking, acknowledged: {section.reason}"
    return f"breaking, NOT acknowledged: {section.reason}"


def _title(section: Section) -> str:
    what = "event" if section.kind == "event" else "type"
    title = f"{what} {_quote(section.name)} {section.status}"
    if section.status == "renamed" and section.old_name is not None:
        title += f" from {_quote(section.old_name)}"
    if section.kind == "event" and section.status in ("changed", "renamed") and section.old_version != section.new_version:
        title += f", version {section.old_version} -> {section.new_version}"
    if section.kind == "type" and section.users:
        title += f", used by {', '.join(_quote(u) for u in section.users)}"
        if section.echoed:
            title += " (its changes are listed there too)"
    return title


# -- text ------------------------------------------------------------------------------

_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069]")


def _clean(text: str) -> str:
    """Plan text for a terminal: control and bidi characters shown as escapes, never raw."""
    return _UNPRINTABLE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def _quote(name: str) -> str:
    return '"' + _clean(name).replace('"', '\\"') + '"'


def render_text(report: Report) -> str:
    lines = [f"{_clean(report.old_source)} -> {_clean(report.new_source)}: {summary_line(report)}"]
    for plan_change in report.plan_changes:
        lines += ["", f"plan: {plan_change.message}"]
        lines.append(f"  compatible  {_clean(plan_change.old)!r} -> {_clean(plan_change.new)!r}")
    for section in report.ordered():
        lines += ["", f"{_title(section)} ({_verdict(section)})"]
        ordered = list(section.breaking) + list(section.compatible)
        width = max((len(_clean(c.path)) for c in ordered), default=0)
        for change in ordered:
            where = _clean(change.path).ljust(width)
            via = f" (via type {_quote(change.via)})" if change.via else ""
            text = f"  {change.severity:<10}  {where}  {_clean(change.message)}{via}" if width else f"  {change.severity:<10}  {_clean(change.message)}{via}"
            lines.append(text.rstrip())
    return "\n".join(lines) + "\n"


# -- Markdown --------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~<>&])")
"""Characters that start markup inside a line; line-start markup (#, -, +) never arises
because plan text is never put at the start of a line."""


def md_text(text: str) -> str:
    """Prose for Markdown: one line, markup characters backslash-escaped, HTML impossible."""
    flat = " ".join(_clean(text).split())
    return _MD_SPECIAL.sub(r"\\\1", flat)


def md_code(text: str, in_table: bool = True) -> str:
    """A code span that holds any name: the fence outgrows the backticks inside it, and in a
    table `|` is escaped so it cannot end the cell (GitHub unescapes it there)."""
    flat = " ".join(_clean(text).split()) or " "
    longest = max((len(run) for run in re.findall(r"`+", flat)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if flat.startswith("`") or flat.endswith("`") else ""
    body = flat.replace("|", "\\|") if in_table else flat
    return f"{fence}{pad}{body}{pad}{fence}"


def _md_section(section: Section) -> list[str]:
    what = "Event" if section.kind == "event" else "Type"
    head = f"### {what} {md_code(section.name, in_table=False)}: {section.status}"
    if section.status == "renamed" and section.old_name is not None:
        head += f" from {md_code(section.old_name, in_table=False)}"
    if section.breaking:
        head += ", breaking" + (" (acknowledged)" if section.acknowledged else " (**not acknowledged**)")
    lines = [head, ""]
    notes = []
    if section.kind == "event" and section.status in ("changed", "renamed") and section.old_version != section.new_version and not section.breaking:
        notes.append(f"Version {section.old_version} → {section.new_version}.")
    if section.kind == "type" and section.users:
        notes.append("Used by " + ", ".join(md_code(u) for u in section.users) + ".")
    if section.echoed:
        notes.append("These changes are also listed under each of those events.")
    if section.breaking:
        notes.append(md_text(section.reason[0].upper() + section.reason[1:]) + ".")
    if notes:
        lines += [" ".join(notes), ""]
    lines += ["| change | where | details |", "| --- | --- | --- |"]
    for change in list(section.breaking) + list(section.compatible):
        lines.append(_md_row(change, section.kind))
    lines.append("")
    return lines


def _md_row(change: Change, kind: str) -> str:
    severity = "**breaking**" if change.severity == "breaking" else "compatible"
    where = md_code(change.path) if change.path else f"({kind})"
    details = md_text(change.message)
    if change.via:
        details += f" (via type {md_code(change.via)})"
    return f"| {severity} | {where} | {details} |"


def render_markdown(report: Report) -> str:
    lines = [MARKER, f"## Tracking plan changes: {md_code(report.new_source, in_table=False)}", ""]
    if not report.sections and not report.plan_changes:
        lines += [f"No changes (compared with {md_code(report.old_source, in_table=False)}).", ""]
        return "\n".join(lines)
    summary = summary_line(report)
    lines += [f"**{md_text(summary[0].upper() + summary[1:])}** (compared with {md_code(report.old_source, in_table=False)}).", ""]
    for plan_change in report.plan_changes:
        lines += [f"- Plan: {md_text(plan_change.message)}: {md_code(plan_change.old)} → {md_code(plan_change.new)}"]
    if report.plan_changes:
        lines.append("")
    for section in report.ordered():
        lines += _md_section(section)
    if report.breaking:
        lines += [
            "<sub>A breaking change is acknowledged when its event's `version` goes up "
            "(or, for a removed event, when it was deprecated first).</sub>",
            "",
        ]
    return "\n".join(lines)


# -- JSON ------------------------------------------------------------------------------


def _change_json(change: Change) -> dict[str, object]:
    return {
        "kind": change.kind,
        "severity": change.severity,
        "path": change.path,
        "message": change.message,
        "via": change.via,
        "old": change.old,
        "new": change.new,
    }


def _counts(sections: list[Section]) -> dict[str, int]:
    counts = {"added": 0, "removed": 0, "renamed": 0, "changed": 0}
    for s in sections:
        counts[s.status] += 1
    return counts


def render_json(report: Report) -> str:
    data = {
        "old": report.old_source,
        "new": report.new_source,
        "summary": {
            "text": summary_line(report),
            "breaking": report.breaking,
            "unacknowledged": report.unacknowledged,
            "compatible": report.compatible,
            "events": _counts([s for s in report.sections if s.kind == "event"]),
            "types": _counts([s for s in report.sections if s.kind == "type"]),
        },
        "plan": [{"kind": c.kind, "message": c.message, "old": c.old, "new": c.new} for c in report.plan_changes],
        "sections": [
            {
                "kind": s.kind,
                "name": s.name,
                "status": s.status,
                "old_name": s.old_name,
                "old_version": s.old_version,
                "new_version": s.new_version,
                "users": list(s.users),
                "echoed": s.echoed,
                "breaking": len(s.breaking),
                "acknowledged": s.acknowledged if s.breaking else None,
                "reason": s.reason if s.breaking else None,
                "changes": [_change_json(c) for c in list(s.breaking) + list(s.compatible)],
            }
            for s in report.ordered()
        ],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


RENDERERS = {"text": render_text, "markdown": render_markdown, "json": render_json}
