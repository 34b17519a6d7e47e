"""`include:` pulls events, and the named types they use, from Segment's bundled semantic
specs (`spec: segment/ecommerce-v2`) or from other plan files (`file: common.yaml`).

A plan can take all of an included plan's events or name some, and can extend or tighten an
included event by declaring it again: its properties are added to (or replace, by wire name)
the included ones, and its description, version and deprecation win. Included files are read
with the same loader, so their problems are reported at their own file:line:column.
"""

from __future__ import annotations

import dataclasses
import difflib
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..diagnostics import Diagnostics, Span
from .ir import Event, Plan, Property
from .load import Entry, Mapping, Node, Scalar, Sequence

INCLUDE_KEYS = ("spec", "file", "events")
MAX_INCLUDE_DEPTH = 16


@dataclass(frozen=True, slots=True)
class Source:
    """Where an included plan comes from: its text, the name shown in messages, its folder."""

    text: str
    shown: str
    folder: Path | None
    key: str
    """Identity for cycle detection: the resolved path, or `spec:NAME`."""


ParseIncluded = Callable[[Source, tuple[str, ...]], Plan | None]


def bundled_specs() -> list[str]:
    from importlib import resources  # only plans that include a spec need it (it imports tempfile, shutil, ...)

    root = resources.files("trackgen.specs")
    found: list[str] = []
    for vendor in sorted(root.iterdir(), key=lambda p: p.name):
        if vendor.is_dir() and not vendor.name.startswith("_"):
            found += [f"{vendor.name}/{f.name[:-5]}" for f in sorted(vendor.iterdir(), key=lambda p: p.name) if f.name.endswith(".yaml")]
    return found


def _spec_source(name: str) -> Source | None:
    if name not in bundled_specs():
        return None
    from importlib import resources

    vendor, spec = name.split("/", 1)
    resource = resources.files("trackgen.specs") / vendor / f"{spec}.yaml"
    return Source(resource.read_text(encoding="utf-8"), f"<{name}>", None, f"spec:{name}")


class Includer:
    def __init__(self, d: Diagnostics, folder: Path | None, stack: tuple[str, ...], parse: ParseIncluded) -> None:
        self.d = d
        self.folder = folder
        self.stack = stack
        self.parse = parse

    def plans(self, entry: Entry) -> list[tuple[Plan, tuple[str, ...] | None, Span]]:
        """Each included plan, with the event names it was filtered to (None: all of them)."""
        if not isinstance(entry.value, Sequence):
            self.d.error("TG110", entry.value.span, "`include` must be a list", "write `include: [{spec: segment/ecommerce-v2}]`")
            return []
        result: list[tuple[Plan, tuple[str, ...] | None, Span]] = []
        for item in entry.value.items:
            included = self.one(item)
            if included is not None:
                result.append(included)
        return result

    def one(self, item: Node) -> tuple[Plan, tuple[str, ...] | None, Span] | None:
        if isinstance(item, Scalar) and isinstance(item.value, str):
            source = self.file_source(item.value, item.span)
            names: tuple[str, ...] | None = None
        elif isinstance(item, Mapping):
            for e in item.entries:
                if e.key not in INCLUDE_KEYS:
                    close = difflib.get_close_matches(e.key, INCLUDE_KEYS, n=1)
                    self.d.error("TG110", e.key_span, f"unknown field {e.key!r} in an include", f"did you mean `{close[0]}`?" if close else "use spec, file and events")
            spec, file = item.get("spec"), item.get("file")
            if (spec is None) == (file is None):
                self.d.error("TG110", item.span, "an include needs exactly one of `spec` or `file`", "e.g. `{spec: segment/ecommerce-v2}` or `{file: common.yaml}`")
                return None
            chosen = spec or file
            assert chosen is not None
            if not (isinstance(chosen.value, Scalar) and isinstance(chosen.value.value, str)):
                self.d.error("TG110", chosen.value.span, f"`{chosen.key}` must be text", "")
                return None
            if spec is not None:
                source = _spec_source(str(chosen.value.value))
                if source is None:
                    known = bundled_specs()
                    close = difflib.get_close_matches(str(chosen.value.value), known, n=1)
                    self.d.error("TG110", chosen.value.span, f"no bundled spec {chosen.value.value!r}", f"did you mean `{close[0]}`?" if close else "bundled: " + ", ".join(known))
                    return None
            else:
                source = self.file_source(str(chosen.value.value), chosen.value.span)
            names = self.event_names(item.get("events"))
        else:
            self.d.error("TG110", item.span, "an include is a file path or a mapping with `spec` or `file`", "")
            return None
        if source is None:
            return None
        if source.key in self.stack or len(self.stack) >= MAX_INCLUDE_DEPTH:
            chain = " -> ".join(_shown(k) for k in [*self.stack, source.key])
            self.d.error("TG111", item.span, f"plans include each other in a cycle: {chain}", "remove one of the includes")
            return None
        plan = self.parse(source, self.stack + (source.key,))
        return (plan, names, item.span) if plan is not None else None

    def file_source(self, name: str, span: Span) -> Source | None:
        path = Path(name) if Path(name).is_absolute() or self.folder is None else self.folder / name
        try:
            resolved = path.resolve(strict=True)
            text = resolved.read_bytes().decode("utf-8")
        except (RuntimeError, OSError) as exc:
            loop = isinstance(exc, RuntimeError) or getattr(exc, "errno", None) == 40
            if loop:
                self.d.error("TG111", span, f"the include {name!r} is a symbolic link loop", "point the include at a real file")
            else:
                self.d.error("TG110", span, f"cannot read the included plan {name!r}: {getattr(exc, 'strerror', None) or exc}", "paths are relative to the including plan's folder")
            return None
        except UnicodeDecodeError:
            self.d.error("TG110", span, f"the included plan {name!r} is not UTF-8", "save it as UTF-8")
            return None
        return Source(text, str(path), resolved.parent, str(resolved))

    def event_names(self, entry: Entry | None) -> tuple[str, ...] | None:
        if entry is None:
            return None
        if not isinstance(entry.value, Sequence) or not all(isinstance(i, Scalar) and isinstance(i.value, str) for i in entry.value.items):
            self.d.error("TG110", entry.value.span, "`events` of an include must be a list of event names", "e.g. `events: [Order Completed]`")
            return None
        return tuple(str(i.value) for i in entry.value.items if isinstance(i, Scalar))


def _shown(key: str) -> str:
    if key.startswith("spec:"):
        return key[5:]
    try:
        return os.path.relpath(key)
    except ValueError:
        return key


def pick_events(plan: Plan, names: tuple[str, ...] | None, at: Span, d: Diagnostics) -> list[Event]:
    if names is None:
        return list(plan.events)
    by_name = {e.wire_name: e for e in plan.events}
    picked: list[Event] = []
    for name in names:
        if name in by_name:
            picked.append(by_name[name])
        else:
            close = difflib.get_close_matches(name, list(by_name), n=1)
            d.error("TG112", at, f"{plan.name!r} has no event {name!r}", f"did you mean `{close[0]}`?" if close else "check the spelling: event names are exact")
    return picked


def merge_event(base: Event, local: Event) -> Event:
    """A local declaration of an included event extends or tightens it."""
    return dataclasses.replace(
        base,
        span=local.span,
        properties=_merge_properties(base.properties, local.properties),
        context=_merge_properties(base.context, local.context),
        description=local.description or base.description,
        version=local.version if local.version is not None else base.version,
        deprecated=local.deprecated if local.deprecated is not None else base.deprecated,
        identifier=local.identifier or base.identifier,
    )


def _merge_properties(base: tuple[Property, ...], local: tuple[Property, ...]) -> tuple[Property, ...]:
    merged = {p.wire_name: p for p in base}
    for prop in local:
        merged[prop.wire_name] = prop
    return tuple(merged.values())
