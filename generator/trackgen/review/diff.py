"""What a plan change means for callers and for the data: `trackgen diff`.

Two checked plans are compared event by event and named type by named type. Every change
is classified:

- **breaking**: something valid before may be invalid now (a caller's code stops
  type-checking or its events start failing the plan), or something the data had is gone
  (an event or property removed or renamed, a type changed or narrowed, optional made
  required, nullable removed, an enum value removed, a tighter bound or pattern, a required
  property added, an identifier changed so generated names change);
- **compatible**: everything valid before stays valid and nothing disappears (an event or
  an optional property added, an enum value added, a bound loosened, a description or
  deprecation changed, a version bumped).

A breaking change is *acknowledged* when its event's `version` went up (Segment Protocols
validates each event version on its own), or, for a removed event, when the old plan had
already deprecated it. `--fail-on breaking` fails only on unacknowledged ones.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from .. import naming
from ..plan.ir import Event, Plan, Property, Type
from .shape import event_version, properties_shape, type_shape, users_of_types

Severity = Literal["breaking", "compatible"]
BREAKING: Severity = "breaking"
COMPATIBLE: Severity = "compatible"

JsonValue = str | int | float | bool | None | list["JsonValue"]


@dataclass(frozen=True, slots=True)
class Change:
    """One difference, with a stable `kind` for machines and a sentence for people."""

    kind: str
    severity: Severity
    path: str
    """Where in the event or type: `products[].price`; empty for the event or type itself."""
    message: str
    via: str | None = None
    """The named type the change happened in, when it reached this event through one."""
    old: JsonValue = None
    new: JsonValue = None


Status = Literal["added", "removed", "renamed", "changed"]


@dataclass(frozen=True, slots=True)
class Section:
    """The changes to one event or one named type."""

    kind: Literal["event", "type"]
    name: str
    status: Status
    changes: tuple[Change, ...]
    old_name: str | None = None
    """The name in the old plan, when the event or type was renamed."""
    old_version: int | None = None
    new_version: int | None = None
    users: tuple[str, ...] = ()
    """For a named type: the events that use it (in either plan)."""
    acknowledged: bool = False
    """Whether this section's breaking changes were acknowledged (see the module doc)."""
    reason: str = ""
    """Why the breaking changes are, or are not, acknowledged."""

    @property
    def echoed(self) -> bool:
        """A changed named type with users: its changes are also listed (and counted) under
        each event that uses it, so the type's own listing is not counted again."""
        return self.kind == "type" and self.status == "changed" and bool(self.users)

    @property
    def breaking(self) -> tuple[Change, ...]:
        return tuple(c for c in self.changes if c.severity == BREAKING)

    @property
    def compatible(self) -> tuple[Change, ...]:
        return tuple(c for c in self.changes if c.severity == COMPATIBLE)

    @property
    def unacknowledged(self) -> int:
        return 0 if self.acknowledged else len(self.breaking)


@dataclass(frozen=True, slots=True)
class PlanChange:
    """A plan-level change (its name or description), always compatible."""

    kind: str
    message: str
    old: str
    new: str


@dataclass(frozen=True, slots=True)
class Report:
    old_source: str
    new_source: str
    sections: tuple[Section, ...]
    plan_changes: tuple[PlanChange, ...] = ()

    @property
    def counted(self) -> tuple[Section, ...]:
        return tuple(s for s in self.sections if not s.echoed)

    @property
    def breaking(self) -> int:
        return sum(len(s.breaking) for s in self.counted)

    @property
    def compatible(self) -> int:
        return sum(len(s.compatible) for s in self.counted) + len(self.plan_changes)

    @property
    def unacknowledged(self) -> int:
        return sum(s.unacknowledged for s in self.counted)

    def ordered(self) -> list[Section]:
        """Breaking first (unacknowledged before acknowledged), then compatible; events before types."""

        def rank(s: Section) -> tuple[int, int, str]:
            group = 0 if s.unacknowledged else 1 if s.breaking else 2
            return (group, 0 if s.kind == "event" else 1, s.name)

        return sorted(self.sections, key=rank)


# -- comparing types -------------------------------------------------------------------


def _show(value: object) -> str:
    if value is None:
        return "(none)"
    return repr(value) if isinstance(value, str) else str(value)


def _json(value: object) -> JsonValue:
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, (tuple, list)):
        return [_json(v) for v in value]
    return str(value)


def _kind_name(t: Type) -> str:
    if t.kind == "map":
        return "map (object with free keys)"
    if t.kind == "object":
        return "object"
    if t.kind == "array" and t.items is not None:
        return f"array of {_kind_name(t.items)}"
    return t.kind


@dataclass
class _Collector:
    changes: list[Change] = field(default_factory=list)

    def add(self, kind: str, severity: Severity, path: str, message: str, via: str | None, old: object = None, new: object = None) -> None:
        self.changes.append(Change(kind, severity, path, message, via, _json(old), _json(new)))


# (field, label, direction): +1 when a larger value is tighter (lower bounds), -1 otherwise.
_BOUNDS: tuple[tuple[str, str, int], ...] = (
    ("minimum", "minimum", 1),
    ("exclusive_minimum", "exclusiveMinimum", 1),
    ("maximum", "maximum", -1),
    ("exclusive_maximum", "exclusiveMaximum", -1),
    ("min_length", "minLength", 1),
    ("max_length", "maxLength", -1),
    ("min_items", "minItems", 1),
    ("max_items", "maxItems", -1),
)


def compare_types(old: Type, new: Type, path: str, via: str | None, out: _Collector) -> None:
    """Record every difference between two types at `path`, classified."""
    if new.name is not None and old.name == new.name:
        via = new.name
    elif old.name != new.name and old.name is not None and new.name is not None:
        if type_shape(old) == type_shape(new):
            out.add("named-type-replaced", COMPATIBLE, path, f"now uses type {new.name!r} instead of {old.name!r} (same shape)", via, old.name, new.name)
            return
        out.add("named-type-replaced", BREAKING, path, f"now uses type {new.name!r} instead of {old.name!r}", via, old.name, new.name)
    if old.kind != new.kind:
        out.add("type-changed", BREAKING, path, f"type changed from {_kind_name(old)} to {_kind_name(new)}", via, _kind_name(old), _kind_name(new))
        return
    if old.nullable and not new.nullable:
        out.add("nullable-removed", BREAKING, path, "no longer nullable: null is now rejected", via, True, False)
    elif new.nullable and not old.nullable:
        out.add("nullable-added", COMPATIBLE, path, "now nullable", via, False, True)
    _compare_const(old, new, path, via, out)
    _compare_enum(old, new, path, via, out)
    _compare_exact(old.format, new.format, "format", path, via, out)
    _compare_exact(old.pattern, new.pattern, "pattern", path, via, out)
    for attr, label, direction in _BOUNDS:
        _compare_bound(getattr(old, attr), getattr(new, attr), label, direction, path, via, out)
    if old.kind == "object":
        compare_properties(old.properties, new.properties, path, via, out)
    if old.items is not None and new.items is not None:
        compare_types(old.items, new.items, path + "[]", via, out)
    if old.values is not None and new.values is not None:
        compare_types(old.values, new.values, path + ".*", via, out)


def _compare_const(old: Type, new: Type, path: str, via: str | None, out: _Collector) -> None:
    if old.const == new.const:
        return
    if old.const is None:
        out.add("const-added", BREAKING, path, f"narrowed to the constant {_show(new.const)}", via, None, new.const)
    elif new.const is None:
        out.add("const-removed", COMPATIBLE, path, f"no longer fixed to {_show(old.const)}", via, old.const, None)
    else:
        out.add("const-changed", BREAKING, path, f"constant changed from {_show(old.const)} to {_show(new.const)}", via, old.const, new.const)


def _compare_enum(old: Type, new: Type, path: str, via: str | None, out: _Collector) -> None:
    if old.enum == new.enum:
        return
    if old.enum is None:
        assert new.enum is not None
        shown = ", ".join(_show(v) for v in new.enum)
        out.add("enum-added", BREAKING, path, f"now restricted to the values {shown}", via, None, list(new.enum))
        return
    if new.enum is None:
        out.add("enum-removed", COMPATIBLE, path, "no longer restricted to a list of values", via, list(old.enum), None)
        return
    for value in old.enum:
        if value not in new.enum:
            out.add("enum-value-removed", BREAKING, path, f"enum value {_show(value)} removed", via, value, None)
    for value in new.enum:
        if value not in old.enum:
            out.add("enum-value-added", COMPATIBLE, path, f"enum value {_show(value)} added", via, None, value)


def _compare_exact(old: str | None, new: str | None, label: str, path: str, via: str | None, out: _Collector) -> None:
    """Format and pattern: adding or changing one narrows (a changed regex cannot be proven looser)."""
    if old == new:
        return
    if old is None:
        out.add(f"{label}-added", BREAKING, path, f"{label} {_show(new)} added", via, None, new)
    elif new is None:
        out.add(f"{label}-removed", COMPATIBLE, path, f"{label} {_show(old)} removed", via, old, None)
    else:
        out.add(f"{label}-changed", BREAKING, path, f"{label} changed from {_show(old)} to {_show(new)}", via, old, new)


def _compare_bound(old: float | None, new: float | None, label: str, direction: int, path: str, via: str | None, out: _Collector) -> None:
    if old == new:
        return
    if old is None:
        out.add("bound-tightened", BREAKING, path, f"{label} {new} added", via, None, new)
    elif new is None:
        out.add("bound-loosened", COMPATIBLE, path, f"{label} {old} removed", via, old, None)
    elif (new - old) * direction > 0:
        out.add("bound-tightened", BREAKING, path, f"{label} tightened from {old} to {new}", via, old, new)
    else:
        out.add("bound-loosened", COMPATIBLE, path, f"{label} loosened from {old} to {new}", via, old, new)


# -- comparing properties --------------------------------------------------------------


def _words(name: str) -> tuple[str, ...]:
    return tuple(naming.split_words(name))


def pair_renames(
    removed: list[str],
    added: list[str],
    shape_of_old: Callable[[str], object],
    shape_of_new: Callable[[str], object],
    allow_shape: Callable[[str], bool] = lambda _: True,
) -> list[tuple[str, str]]:
    """Guess renames among removed and added names: same words (`accountType` → `account_type`),
    else the one removed and the one added item with an identical shape. Never a guess between
    several candidates."""
    pairs: list[tuple[str, str]] = []
    free_added = list(added)
    for old in list(removed):
        same = [new for new in free_added if _words(new) == _words(old) and _words(old)]
        if len(same) == 1:
            pairs.append((old, same[0]))
            free_added.remove(same[0])
    left = [old for old in removed if old not in {p[0] for p in pairs}]
    for old in left:
        if not allow_shape(old):
            continue
        candidates = [new for new in free_added if shape_of_new(new) == shape_of_old(old)]
        rivals = [other for other in left if other != old and allow_shape(other) and shape_of_old(other) == shape_of_old(old)]
        if len(candidates) == 1 and not rivals:
            pairs.append((old, candidates[0]))
            free_added.remove(candidates[0])
    return pairs


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


def compare_properties(old: tuple[Property, ...], new: tuple[Property, ...], path: str, via: str | None, out: _Collector) -> None:
    old_by = {p.wire_name: p for p in old}
    new_by = {p.wire_name: p for p in new}
    removed = [n for n in old_by if n not in new_by]
    added = [n for n in new_by if n not in old_by]
    # Properties pair up only on the same words (`accountType` → `account_type`): two plain
    # optional strings share a shape too often for the shape to prove a rename.
    renames = pair_renames(
        removed,
        added,
        lambda n: (old_by[n].required, type_shape(old_by[n].type)),
        lambda n: (new_by[n].required, type_shape(new_by[n].type)),
        allow_shape=lambda _: False,
    )
    renamed_old = {o for o, _ in renames}
    renamed_new = {n for _, n in renames}
    for name in removed:
        if name in renamed_old:
            continue
        note = " (it was deprecated)" if old_by[name].deprecated is not None else ""
        out.add("property-removed", BREAKING, _join(path, name), f"property removed{note}", via, name, None)
    for old_name, new_name in renames:
        out.add("property-renamed", BREAKING, _join(path, new_name), f"property renamed from {old_name!r} to {new_name!r}", via, old_name, new_name)
        _compare_property(old_by[old_name], new_by[new_name], _join(path, new_name), via, out)
    for name in new_by:
        if name in old_by:
            _compare_property(old_by[name], new_by[name], _join(path, name), via, out)
        elif name not in renamed_new:
            if new_by[name].required:
                out.add("required-property-added", BREAKING, _join(path, name), "required property added: existing calls lack it", via, None, name)
            else:
                out.add("property-added", COMPATIBLE, _join(path, name), "optional property added", via, None, name)


def _compare_property(old: Property, new: Property, path: str, via: str | None, out: _Collector) -> None:
    if not old.required and new.required:
        out.add("made-required", BREAKING, path, "optional property made required", via, False, True)
    elif old.required and not new.required:
        out.add("made-optional", COMPATIBLE, path, "required property made optional", via, True, False)
    if old.identifier != new.identifier:
        out.add("identifier-changed", BREAKING, path, f"identifier changed from {_show(old.identifier)} to {_show(new.identifier)}: generated names change", via, old.identifier, new.identifier)
    compare_types(old.type, new.type, path, via, out)
    _compare_prose(old.description, new.description, old.deprecated, new.deprecated, path, via, out)


def _compare_prose(old_doc: str, new_doc: str, old_dep: str | None, new_dep: str | None, path: str, via: str | None, out: _Collector) -> None:
    if old_doc != new_doc:
        out.add("description-changed", COMPATIBLE, path, "description changed", via, old_doc, new_doc)
    if old_dep is None and new_dep is not None:
        out.add("deprecated", COMPATIBLE, path, "deprecated" + (f": {new_dep}" if new_dep else ""), via, None, new_dep)
    elif old_dep is not None and new_dep is None:
        out.add("undeprecated", COMPATIBLE, path, "no longer deprecated", via, old_dep, None)
    elif old_dep != new_dep:
        out.add("deprecation-changed", COMPATIBLE, path, "deprecation note changed", via, old_dep, new_dep)


# -- comparing plans -------------------------------------------------------------------


def _bumped(old: Event, new: Event) -> tuple[bool, str]:
    before, after = event_version(old), event_version(new)
    if after > before:
        return True, f"version bumped from {before} to {after}"
    return False, f"version not bumped (still {after})" if after == before else f"version went down from {before} to {after}"


def _event_section(old: Event, new: Event, status: Status) -> Section:
    out = _Collector()
    if old.wire_name != new.wire_name:
        out.add("event-renamed", BREAKING, "", f"event renamed from {old.wire_name!r} to {new.wire_name!r}", None, old.wire_name, new.wire_name)
    if old.identifier != new.identifier:
        out.add("identifier-changed", BREAKING, "", f"identifier changed from {_show(old.identifier)} to {_show(new.identifier)}: generated names change", None, old.identifier, new.identifier)
    if event_version(old) != event_version(new):
        out.add("version-changed", COMPATIBLE, "", f"version changed from {event_version(old)} to {event_version(new)}", None, event_version(old), event_version(new))
    _compare_prose(old.description, new.description, old.deprecated, new.deprecated, "", None, out)
    compare_properties(old.properties, new.properties, "", None, out)
    acknowledged, reason = _bumped(old, new)
    return Section(
        "event", new.wire_name, status, tuple(out.changes),
        old_name=old.wire_name if status == "renamed" else None,
        old_version=event_version(old), new_version=event_version(new),
        acknowledged=acknowledged, reason=reason,
    )


def _compare_events(old: Plan, new: Plan) -> list[Section]:
    old_by = {e.wire_name: e for e in old.events}
    new_by = {e.wire_name: e for e in new.events}
    removed = [n for n in old_by if n not in new_by]
    added = [n for n in new_by if n not in old_by]
    renames = pair_renames(
        removed, added,
        lambda n: properties_shape(old_by[n].properties),
        lambda n: properties_shape(new_by[n].properties),
        allow_shape=lambda n: bool(old_by[n].properties),
    )
    sections: list[Section] = []
    for old_name, new_name in renames:
        sections.append(_event_section(old_by[old_name], new_by[new_name], "renamed"))
    renamed_old = {o for o, _ in renames}
    renamed_new = {n for _, n in renames}
    for name in removed:
        if name in renamed_old:
            continue
        event = old_by[name]
        deprecated = event.deprecated is not None
        change = Change("event-removed", BREAKING, "", "event removed" + (" (it was deprecated)" if deprecated else ""), None, name, None)
        reason = "it was deprecated in the old plan" if deprecated else "a removed event can only be acknowledged by deprecating it first"
        sections.append(Section("event", name, "removed", (change,), old_version=event_version(event), acknowledged=deprecated, reason=reason))
    for name in added:
        if name in renamed_new:
            continue
        event = new_by[name]
        change = Change("event-added", COMPATIBLE, "", "event added", None, None, name)
        sections.append(Section("event", name, "added", (change,), new_version=event_version(event), acknowledged=True))
    for name, event in new_by.items():
        if name in old_by:
            section = _event_section(old_by[name], event, "changed")
            if section.changes:
                sections.append(section)
    return sections


def _compare_types(old: Plan, new: Plan) -> list[Section]:
    """Named types, with the events that use them: a change reaches every user."""
    old_by = {t.name: t for t in old.types if t.name is not None}
    new_by = {t.name: t for t in new.types if t.name is not None}
    old_users, new_users = users_of_types(old), users_of_types(new)
    old_events = {e.wire_name: e for e in old.events}
    new_events = {e.wire_name: e for e in new.events}

    def acknowledgement(users: tuple[str, ...]) -> tuple[bool, str]:
        # Users that were added or removed are judged in their own event sections.
        pending = [u for u in users if u in old_events and u in new_events and not _bumped(old_events[u], new_events[u])[0]]
        if not users:
            return True, "no event uses it"
        if pending:
            return False, "not every event using it bumped its version: " + ", ".join(repr(u) for u in pending)
        return True, "every event using it bumped its version"

    removed = [n for n in old_by if n not in new_by]
    added = [n for n in new_by if n not in old_by]
    renames = pair_renames(removed, added, lambda n: type_shape(old_by[n]), lambda n: type_shape(new_by[n]))
    sections: list[Section] = []
    for old_name, new_name in renames:
        users = tuple(sorted(set(old_users.get(old_name, ())) | set(new_users.get(new_name, ()))))
        severity = BREAKING if users else COMPATIBLE
        out = _Collector()
        out.add("type-renamed", severity, "", f"type renamed from {old_name!r} to {new_name!r}: the generated type name changes", None, old_name, new_name)
        compare_types(_unnamed(old_by[old_name]), _unnamed(new_by[new_name]), "", None, out)
        ok, reason = acknowledgement(users)
        sections.append(Section("type", new_name, "renamed", tuple(out.changes), old_name=old_name, users=users, acknowledged=ok, reason=reason))
    renamed_old = {o for o, _ in renames}
    renamed_new = {n for _, n in renames}
    for name in removed:
        if name in renamed_old:
            continue
        users = old_users.get(name, ())
        severity = BREAKING if users else COMPATIBLE
        note = "" if users else " (no event used it)"
        change = Change("type-removed", severity, "", f"named type removed{note}", None, name, None)
        ok, reason = acknowledgement(users)
        sections.append(Section("type", name, "removed", (change,), users=users, acknowledged=ok, reason=reason))
    for name in added:
        if name not in renamed_new:
            change = Change("type-added", COMPATIBLE, "", "named type added", None, None, name)
            sections.append(Section("type", name, "added", (change,), users=new_users.get(name, ()), acknowledged=True))
    for name, t in new_by.items():
        if name not in old_by:
            continue
        out = _Collector()
        old_t = old_by[name]
        if old_t.description != t.description:
            out.add("description-changed", COMPATIBLE, "", "description changed", None, old_t.description, t.description)
        compare_types(_unnamed(old_t), _unnamed(t), "", None, out)
        if not out.changes:
            continue
        users = tuple(sorted(set(old_users.get(name, ())) | set(new_users.get(name, ()))))
        changes = out.changes
        if not users:  # nothing sends it: a change to an unused type cannot break data or calls
            changes = [Change(c.kind, COMPATIBLE, c.path, c.message + " (no event uses this type)", c.via, c.old, c.new) if c.severity == BREAKING else c for c in changes]
        ok, reason = acknowledgement(users)
        sections.append(Section("type", name, "changed", tuple(changes), users=users, acknowledged=ok, reason=reason))
    return sections


def _unnamed(t: Type) -> Type:
    """The type as declared, so a comparison of its own body is not attributed 'via' itself."""
    return dataclasses.replace(t, name=None)


def compare_plans(old: Plan, new: Plan) -> Report:
    plan_changes: list[PlanChange] = []
    if old.events or old.types:  # an empty old plan (a new file) has no name worth comparing
        if old.name != new.name:
            plan_changes.append(PlanChange("plan-renamed", "plan name changed", old.name, new.name))
        if old.description != new.description:
            plan_changes.append(PlanChange("plan-description-changed", "plan description changed", old.description, new.description))
    sections = _compare_events(old, new) + _compare_types(old, new)
    return Report(old.source, new.source, tuple(sections), tuple(plan_changes))
