"""`trackgen docs`: the plan as Markdown and as one self-contained, searchable HTML page.

The HTML page works from `file://` with no network at all: CSS and script are inline, and
a Content-Security-Policy forbids every fetch, so nothing can load even by accident. Every
plan string goes through `html.escape` (text and attributes alike) and none ever reaches
the script, which reads only `data-search` attributes: a hostile event name or description
shows up as text, never as markup.
"""

from __future__ import annotations

import dataclasses
import html
import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from ..diagnostics import Diagnostics, render_json, render_text
from ..output import resolve, write_all
from ..plan import read_plan
from ..plan.ir import Event, Plan, Property, Type
from .diff_format import md_code, md_text
from .examples import Example, examples_for
from .shape import nested_properties, users_of_types

MARKDOWN_FILE = "README.md"
HTML_FILE = "index.html"


# -- the page model, shared by both renderers ------------------------------------------


@dataclass(frozen=True, slots=True)
class Constraint:
    label: str
    values: tuple[str, ...]
    """Literal values, shown as code: enum values, bounds, the pattern."""


@dataclass(frozen=True, slots=True)
class Row:
    path: str
    type_label: str
    named: str | None
    """The named type the row's type is (or holds), for a link to its section."""
    required: bool
    constraints: tuple[Constraint, ...]
    description: str
    deprecated: str | None


def type_label(t: Type) -> str:
    if t.name is not None:
        base = t.name
    elif t.kind == "array" and t.items is not None:
        base = f"array of {type_label(t.items)}"
    elif t.kind == "map" and t.values is not None:
        base = "object" if t.values.kind == "any" else f"map of {type_label(t.values)}"
    else:
        base = t.kind
    return f"{base} or null" if t.nullable else base


def _named_in(t: Type) -> str | None:
    if t.name is not None:
        return t.name
    if t.items is not None:
        return _named_in(t.items)
    if t.values is not None:
        return _named_in(t.values)
    return None


def _num(value: float) -> str:
    return str(value)


def constraints(t: Type) -> tuple[Constraint, ...]:
    """What limits a value beyond its type, for a reader (named types are described once)."""
    if t.name is not None:
        return ()
    out: list[Constraint] = []
    if t.const is not None:
        out.append(Constraint("always", (str(t.const),)))
    if t.enum is not None:
        out.append(Constraint("one of", tuple(str(v) for v in t.enum)))
    if t.format is not None:
        out.append(Constraint("format", (t.format,)))
    if t.pattern is not None:
        out.append(Constraint("matches", (t.pattern,)))
    for label, value in (
        ("minimum", t.minimum), ("greater than", t.exclusive_minimum),
        ("maximum", t.maximum), ("less than", t.exclusive_maximum),
        ("min length", t.min_length), ("max length", t.max_length),
        ("min items", t.min_items), ("max items", t.max_items),
    ):
        if value is not None:
            out.append(Constraint(label, (_num(value),)))
    if t.items is not None:
        out += [Constraint(f"each item: {c.label}", c.values) for c in constraints(t.items)]
    if t.values is not None:
        out += [Constraint(f"each value: {c.label}", c.values) for c in constraints(t.values)]
    return tuple(out)


def _row(path: str, prop: Property) -> Row:
    return Row(path, type_label(prop.type), _named_in(prop.type), prop.required, constraints(prop.type), prop.description, prop.deprecated)


def event_rows(properties: tuple[Property, ...]) -> list[Row]:
    rows: list[Row] = []
    for prop in properties:
        rows.append(_row(prop.wire_name, prop))
        rows += [_row(path, nested) for path, nested in nested_properties(prop.type, prop.wire_name)]
    return rows


def type_rows(t: Type) -> list[Row]:
    return [_row(path, prop) for path, prop in nested_properties(t, "")]


def slug(text: str, taken: set[str]) -> str:
    """A GitHub-style heading anchor, unique on the page."""
    base = re.sub(r"[^\w\- ]", "", text.lower()).strip().replace(" ", "-") or "section"
    candidate, n = base, 1
    while candidate in taken:
        candidate = f"{base}-{n}"
        n += 1
    taken.add(candidate)
    return candidate


@dataclass(frozen=True, slots=True)
class EventPage:
    event: Event
    anchor: str
    rows: list[Row]
    examples: list[Example]


@dataclass(frozen=True, slots=True)
class TypePage:
    type: Type
    anchor: str
    rows: list[Row]
    users: tuple[str, ...]


def build_pages(plan: Plan, modules: Mapping[str, str]) -> tuple[list[EventPage], list[TypePage]]:
    taken: set[str] = {"contents", "deprecations", "types", "events"}
    events = [EventPage(e, slug(e.wire_name, taken), event_rows(e.properties), examples_for(plan, e, modules)) for e in plan.events]
    users = users_of_types(plan)
    types = [TypePage(t, slug(f"type {t.name}", taken), type_rows(t), users.get(t.name or "", ())) for t in plan.types]
    return events, types


def deprecations(plan: Plan) -> list[tuple[str, str | None, str]]:
    """(event, property path or None, note) for everything deprecated, in plan order."""
    found: list[tuple[str, str | None, str]] = []
    for event in plan.events:
        if event.deprecated is not None:
            found.append((event.wire_name, None, event.deprecated))
        for row in event_rows(event.properties):
            if row.deprecated is not None:
                found.append((event.wire_name, row.path, row.deprecated))
    return found


def sentence(text: str) -> str:
    """A note as a sentence: a full stop added unless it already ends like one."""
    text = text.strip()
    return text if not text or text[-1] in ".!?" else text + "."


def type_summary(t: Type) -> str:
    """`Object, used by ...` / `String`: what a named type is, before its constraints."""
    label = type_label(_unnamed(t))
    return label[0].upper() + label[1:]


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


# -- Markdown --------------------------------------------------------------------------


def _md_constraints(items: tuple[Constraint, ...]) -> str:
    return "; ".join(f"{md_text(c.label)} {', '.join(md_code(v) for v in c.values)}" for c in items)


def _md_fence(code: str) -> str:
    longest = max((len(run) for run in re.findall(r"`+", code)), default=0)
    return "`" * max(3, longest + 1)


def _md_table(rows: list[Row], anchors: dict[str, str]) -> list[str]:
    if not rows:
        return ["No properties.", ""]
    lines = ["| property | type | required | constraints | description |", "| --- | --- | --- | --- | --- |"]
    for row in rows:
        kind = md_text(row.type_label)
        if row.named is not None and row.named in anchors:
            kind = f"[{kind}](#{anchors[row.named]})"
        description = md_text(row.description)
        if row.deprecated is not None:
            note = "**Deprecated**" + (f": {md_text(sentence(row.deprecated))}" if row.deprecated else ".")
            description = f"{note} {description}" if description else note
        lines.append(f"| {md_code(row.path)} | {kind} | {'yes' if row.required else 'no'} | {_md_constraints(row.constraints)} | {description} |")
    return lines + [""]


def render_markdown(plan: Plan, modules: Mapping[str, str] | None = None) -> str:
    events, types = build_pages(plan, modules or {})
    anchors = {t.type.name or "": t.anchor for t in types}
    lines = [f"# {md_text(plan.name)}: tracking plan", ""]
    if plan.description:
        lines += [md_text(plan.description), ""]
    counts = f"{_plural(len(plan.events), 'event')}, {_plural(len(plan.types), 'named type')}"
    lines += [f"Generated by trackgen from {md_code(plan.source)} ({counts}). Open `{HTML_FILE}` beside this file for a searchable page.", ""]
    lines += ["## Contents", ""]
    lines += [f"- [{md_text(page.event.wire_name)}](#{page.anchor})" + (" (deprecated)" if page.event.deprecated is not None else "") for page in events]
    if types:
        lines.append("- [Types](#types)")
    found = deprecations(plan)
    if found:
        lines.append("- [Deprecations](#deprecations)")
    lines.append("")
    for page in events:
        event = page.event
        lines += [f'<a id="{page.anchor}"></a>', "", f"## {md_text(event.wire_name)}", ""]
        if event.deprecated is not None:
            lines += ["> **Deprecated**" + (f": {md_text(event.deprecated)}" if event.deprecated else "."), ""]
        if event.description:
            lines += [md_text(event.description), ""]
        if event.version is not None:
            lines += [f"Version {event.version}.", ""]
        lines += _md_table(page.rows, anchors)
        for example in page.examples:
            fence = _md_fence(example.code)
            lines += [f"{example.label}:", "", f"{fence}{example.language}", example.code, fence, ""]
    if types:
        lines += ["## Types", ""]
        for tpage in types:
            t = tpage.type
            lines += [f'<a id="{tpage.anchor}"></a>', "", f"### {md_text(t.name or '')}", ""]
            if t.description:
                lines += [md_text(t.description), ""]
            used = ", ".join(md_text(u) for u in tpage.users) if tpage.users else "no event"
            extra = _md_constraints(constraints(_unnamed(t)))
            lines += [md_text(type_summary(t)) + (f" ({extra})" if extra else "") + f", used by {used}.", ""]
            if t.kind == "object":
                lines += _md_table(tpage.rows, anchors)
    if found:
        lines += ["## Deprecations", ""]
        for event_name, path, note in found:
            where = md_text(event_name) + (f": {md_code(path)}" if path else "")
            lines.append(f"- {where}" + (f": {md_text(note)}" if note else ""))
        lines.append("")
    return "\n".join(lines)


def _unnamed(t: Type) -> Type:
    """A named type as declared, described by its body rather than by its own name."""
    return dataclasses.replace(t, name=None)


# -- HTML ------------------------------------------------------------------------------


def esc(text: str) -> str:
    """Text or attribute value for HTML: &, <, >, " and ' all escaped."""
    return html.escape(text, quote=True)


CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:"

STYLE = """
:root { color-scheme: light dark; --fg: #1d2330; --muted: #5b6475; --line: #d9dee7; --bg: #ffffff;
  --soft: #f4f6fa; --accent: #2856c7; --warn: #9a5b00; --warn-bg: #fff4e0; }
@media (prefers-color-scheme: dark) { :root { --fg: #e6e9ef; --muted: #9aa3b5; --line: #333a47;
  --bg: #15181e; --soft: #1d2129; --accent: #7ea2ff; --warn: #ffc266; --warn-bg: #3a2c12; } }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: var(--bg); }
header { position: sticky; top: 0; z-index: 1; background: var(--bg); border-bottom: 1px solid var(--line); padding: 12px 24px; }
header h1 { margin: 0 0 4px; font-size: 22px; }
header p { margin: 0 0 6px; color: var(--muted); }
.searchbar { display: flex; gap: 12px; align-items: center; }
#search { flex: 1; max-width: 520px; font: inherit; padding: 6px 10px; border: 1px solid var(--line); border-radius: 6px; background: var(--soft); color: var(--fg); }
#count { color: var(--muted); font-size: 13px; }
.layout { display: grid; grid-template-columns: 240px 1fr; gap: 24px; padding: 16px 24px; }
nav ul { list-style: none; margin: 0; padding: 0; position: sticky; top: 120px; }
nav li { margin: 2px 0; }
nav a { color: var(--accent); text-decoration: none; overflow-wrap: anywhere; }
section.event, section.type { border: 1px solid var(--line); border-radius: 8px; padding: 8px 16px 12px; margin-bottom: 16px; }
section h2, section h3 { margin: 6px 0; font-size: 18px; overflow-wrap: anywhere; }
.badge { font-size: 12px; font-weight: 600; padding: 1px 6px; border-radius: 10px; background: var(--soft); color: var(--muted); vertical-align: middle; }
.badge.deprecated { background: var(--warn-bg); color: var(--warn); }
.deprecation { background: var(--warn-bg); color: var(--warn); padding: 6px 10px; border-radius: 6px; }
table { border-collapse: collapse; width: 100%; margin: 8px 0; font-size: 14px; table-layout: fixed; }
th:nth-child(1) { width: 22%; } th:nth-child(2) { width: 15%; } th:nth-child(3) { width: 10%; } th:nth-child(4) { width: 23%; }
th, td { text-align: left; vertical-align: top; border-top: 1px solid var(--line); padding: 4px 8px; overflow-wrap: anywhere; }
th { color: var(--muted); font-weight: 600; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
code, pre { font: 13px/1.45 ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; }
td code { background: var(--soft); padding: 0 3px; border-radius: 3px; }
pre { background: var(--soft); padding: 10px 12px; border-radius: 6px; overflow-x: auto; }
.example h4 { margin: 10px 0 4px; font-size: 13px; color: var(--muted); }
#no-match { color: var(--muted); font-style: italic; }
[hidden] { display: none !important; }
@media (max-width: 800px) { .layout { grid-template-columns: 1fr; } nav { display: none; } }
"""

SCRIPT = """
(function () {
  "use strict";
  var input = document.getElementById("search");
  var count = document.getElementById("count");
  var none = document.getElementById("no-match");
  var events = Array.prototype.slice.call(document.querySelectorAll("section.event"));
  var links = {};
  Array.prototype.forEach.call(document.querySelectorAll("nav a[data-target]"), function (a) {
    links[a.getAttribute("data-target")] = a.parentNode;
  });
  function apply() {
    var terms = input.value.toLowerCase().split(/\\s+/).filter(Boolean);
    var shown = 0;
    events.forEach(function (section) {
      var text = section.getAttribute("data-search");
      var hit = terms.every(function (term) { return text.indexOf(term) !== -1; });
      section.hidden = !hit;
      if (links[section.id]) { links[section.id].hidden = !hit; }
      if (hit) { shown += 1; }
    });
    count.textContent = terms.length ? shown + " of " + events.length + " events" : events.length + " events";
    none.hidden = shown !== 0;
  }
  input.addEventListener("input", apply);
  apply();
})();
"""


def _html_constraints(items: tuple[Constraint, ...]) -> str:
    return "; ".join(f"{esc(c.label)} " + ", ".join(f"<code>{esc(v)}</code>" for v in c.values) for c in items)


def _html_table(rows: list[Row], anchors: dict[str, str]) -> list[str]:
    if not rows:
        return ['<p class="none">No properties.</p>']
    out = ["<table>", "<thead><tr><th>property</th><th>type</th><th>required</th><th>constraints</th><th>description</th></tr></thead>", "<tbody>"]
    for row in rows:
        kind = esc(row.type_label)
        if row.named is not None and row.named in anchors:
            kind = f'<a href="#{esc(anchors[row.named])}">{kind}</a>'
        description = esc(row.description)
        if row.deprecated is not None:
            note = '<span class="badge deprecated">deprecated</span>' + (f" {esc(sentence(row.deprecated))}" if row.deprecated else "")
            description = f"{note}<br>{description}" if description else note
        out.append(
            f"<tr><td><code>{esc(row.path)}</code></td><td>{kind}</td><td>{'yes' if row.required else 'no'}</td>"
            f"<td>{_html_constraints(row.constraints)}</td><td>{description}</td></tr>"
        )
    return out + ["</tbody>", "</table>"]


def _search_text(page: EventPage) -> str:
    event = page.event
    parts = [event.wire_name, event.description, event.deprecated or ""]
    for row in page.rows:
        parts += [row.path, row.description, row.type_label]
    return " ".join(" ".join(parts).lower().split())


def render_html(plan: Plan, modules: Mapping[str, str] | None = None) -> str:
    events, types = build_pages(plan, modules or {})
    anchors = {t.type.name or "": t.anchor for t in types}
    title = f"{plan.name}: tracking plan"
    counts = f"{_plural(len(plan.events), 'event')}, {_plural(len(plan.types), 'named type')}"
    out = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{esc(CSP)}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="generator" content="trackgen">',
        f"<title>{esc(title)}</title>",
        f"<style>{STYLE}</style>",
        "</head>",
        "<body>",
        "<header>",
        f"<h1>{esc(title)}</h1>",
    ]
    if plan.description:
        out.append(f"<p>{esc(plan.description)}</p>")
    out += [
        f"<p>Generated by trackgen from <code>{esc(plan.source)}</code> ({esc(counts)}).</p>",
        '<div class="searchbar">',
        '<input type="search" id="search" placeholder="Search events, properties and descriptions" aria-label="Search events" autocomplete="off">',
        f'<span id="count" aria-live="polite">{esc(_plural(len(events), "event"))}</span>',
        "</div>",
        "</header>",
        '<div class="layout">',
        '<nav aria-label="Events"><ul>',
    ]
    for page in events:
        badge = ' <span class="badge deprecated">deprecated</span>' if page.event.deprecated is not None else ""
        out.append(f'<li><a href="#{esc(page.anchor)}" data-target="{esc(page.anchor)}">{esc(page.event.wire_name)}</a>{badge}</li>')
    if types:
        out.append('<li><a href="#types">Types</a></li>')
    out += ["</ul></nav>", "<main>"]
    for page in events:
        event = page.event
        badges = ""
        if event.version is not None:
            badges += f' <span class="badge">version {event.version}</span>'
        if event.deprecated is not None:
            badges += ' <span class="badge deprecated">deprecated</span>'
        out += [
            f'<section class="event" id="{esc(page.anchor)}" data-search="{esc(_search_text(page))}">',
            f"<h2>{esc(event.wire_name)}{badges}</h2>",
        ]
        if event.deprecated is not None:
            out.append('<p class="deprecation">Deprecated' + (f": {esc(event.deprecated)}" if event.deprecated else ".") + "</p>")
        if event.description:
            out.append(f'<p class="description">{esc(event.description)}</p>')
        out += _html_table(page.rows, anchors)
        for example in page.examples:
            out += [
                f'<div class="example" data-target="{esc(example.target)}">',
                f"<h4>{esc(example.label)}</h4>",
                f'<pre><code class="language-{esc(example.language)}">{esc(example.code)}</code></pre>',
                "</div>",
            ]
        out.append("</section>")
    out.append('<p id="no-match" hidden>No event matches the search.</p>')
    if types:
        out += ['<h2 id="types">Types</h2>']
        for tpage in types:
            t = tpage.type
            used = ", ".join(esc(u) for u in tpage.users) if tpage.users else "no event"
            out += [f'<section class="type" id="{esc(tpage.anchor)}">', f"<h3>{esc(t.name or '')}</h3>"]
            if t.description:
                out.append(f'<p class="description">{esc(t.description)}</p>')
            extra = _html_constraints(constraints(_unnamed(t)))
            out.append(f"<p>{esc(type_summary(t))}" + (f" ({extra})" if extra else "") + f", used by {used}.</p>")
            if t.kind == "object":
                out += _html_table(tpage.rows, anchors)
            out.append("</section>")
    out += ["</main>", "</div>", f"<script>{SCRIPT}</script>", "</body>", "</html>", ""]
    return "\n".join(out)


def render_docs(plan: Plan, modules: Mapping[str, str] | None = None) -> dict[str, str]:
    """`{file name: text}` for the docs folder; written by `trackgen.output` like generated code."""
    return {MARKDOWN_FILE: render_markdown(plan, modules), HTML_FILE: render_html(plan, modules)}


def run_docs(plan_path: Path, out: Path, module: str | None, shown: str, diagnostics_format: str) -> int:
    """Exit codes: 0 written (or already up to date); 1 the plan has errors; nothing is written then."""
    diagnostics = Diagnostics()
    plan = read_plan(plan_path, diagnostics, shown=shown)
    if diagnostics.items:
        items = diagnostics.sorted()
        sys.stderr.write(render_json(items) if diagnostics_format == "json" else render_text(items))
    if plan is None:
        return 1
    files = resolve(out, render_docs(plan, {"python": module} if module else None))
    written = {f.path for f in write_all(files)}
    for f in files:
        state = "wrote" if f.path in written else "unchanged"
        sys.stdout.write(f"{state} {out / f.path.name}\n")
    return 0
