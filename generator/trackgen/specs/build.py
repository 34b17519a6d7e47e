"""Builds the bundled Segment semantic-event plans from `semantic_events.json`.

Run `python -m trackgen.specs.build` (or `make specs`) after changing the JSON or this
script; the tests fail when a committed plan differs from what this writes.

Choices, each kept visible in the written plans:

- every property is optional: the specs recommend properties, they never require them;
- a property the docs allow in several types (`alt_types`, e.g. `query`: String or
  Object) is `any`, with a comment naming the types;
- an object shape that repeats within a spec becomes a named type (`Product`, `Campaign`);
- fields the spec places in the message's `context` (B2B `groupId`, Email `ip`,
  `user_agent`, `traits`) are written as the event's `context:` section, so generated
  clients send them in `context` (`--commented-context` writes them as comments instead);
- the docs' notes (inconsistencies) become comments above their event.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from ..formats.yaml_writer import Comment, FlowMap, Spaced, dump


@dataclass(frozen=True)
class SpecInfo:
    key: str
    """The spec's key in semantic_events.json."""
    slug: str
    """The plan's file name (without .yaml) and its name in `include: [{spec: segment/<slug>}]`."""
    title: str
    docs: str


SPECS = (
    SpecInfo("ecommerce_v2", "ecommerce-v2", "Segment Ecommerce v2", "https://segment.com/docs/connections/spec/ecommerce/v2/"),
    SpecInfo("video", "video", "Segment Video", "https://segment.com/docs/connections/spec/video/"),
    SpecInfo("mobile", "mobile", "Segment Mobile", "https://segment.com/docs/connections/spec/mobile/"),
    SpecInfo("b2b_saas", "b2b-saas", "Segment B2B SaaS", "https://segment.com/docs/connections/spec/b2b-saas/"),
    SpecInfo("email", "email", "Segment Email", "https://segment.com/docs/connections/spec/email/"),
    SpecInfo("live_chat", "live-chat", "Segment Live Chat", "https://segment.com/docs/connections/spec/live-chat/"),
    SpecInfo("ab_testing", "ab-testing", "Segment A/B Testing", "https://segment.com/docs/connections/spec/ab-testing/"),
)

TYPE_NAMES = {"products": "Product", "campaign": "Campaign"}
"""Names for object shapes that repeat within one spec, by the property that holds them."""

_CONTEXT_NOTE = "context: fields Segment's spec sends in the message's `context`, not in `properties`."


def load_specs() -> dict[str, Any]:
    text = resources.files("trackgen.specs").joinpath("semantic_events.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def _shape(node: dict[str, Any]) -> str:
    """An object's structure without its own description, to find repeats."""
    return json.dumps({k: v for k, v in node.items() if k not in ("description", "doc_type")}, sort_keys=True)


def _object_of(prop: dict[str, Any]) -> dict[str, Any] | None:
    target = prop.get("items") if prop.get("type") == "array" else prop
    if isinstance(target, dict) and target.get("type") == "object" and target.get("properties"):
        return target
    return None


class _SpecWriter:
    def __init__(self, events: dict[str, Any], with_context: bool) -> None:
        self.events = events
        self.with_context = with_context
        self.named: dict[str, str] = {}
        self.types: dict[str, Any] = {}
        self.find_named_types()

    def find_named_types(self) -> None:
        seen: dict[str, list[str]] = {}
        for event in self.events.values():
            for name, prop in event.get("properties", {}).items():
                target = _object_of(prop)
                if target is not None and name in TYPE_NAMES:
                    seen.setdefault(_shape(target), []).append(name)
        for shape, holders in seen.items():
            if len(holders) > 1:
                type_name = TYPE_NAMES[holders[0]]
                self.named[shape] = type_name

    def type_doc(self, prop: dict[str, Any], comments: list[str], path: str) -> Any:
        """The plan form of one semantic property (or nested item / field)."""
        doc: dict[str, Any] = {}
        alternatives = prop.get("alt_types")
        if alternatives:
            doc["type"] = "any"
            comments.append(f"{path}: the spec allows {' or '.join([prop['type'], *alternatives])}, so it is typed `any`")
        elif prop.get("type") == "object" and not prop.get("properties"):
            doc["type"] = "object"
        elif prop.get("type") == "object":
            shape = _shape(prop)
            if shape in self.named:
                type_name = self.named[shape]
                if type_name not in self.types:
                    self.types[type_name] = self.object_doc(prop, comments, type_name, description=True)
                doc["type"] = type_name
            else:
                doc.update(self.object_doc(prop, comments, path, description=False))
                if prop.get("description"):  # before the nested properties, for reading
                    doc = {"type": "object", "description": prop["description"], "properties": doc["properties"]}
                    return doc
        else:
            doc["type"] = prop["type"]
            if "format" in prop:
                doc["format"] = prop["format"]
            if "enum" in prop:
                doc["enum"] = list(prop["enum"])
        description = prop.get("description", "")
        if description:
            doc["description"] = description
        items = prop.get("items")
        if prop.get("type") == "array" and not alternatives and isinstance(items, dict):
            doc["items"] = self.type_doc(items, comments, path + "[]")
        if list(doc) == ["type"]:
            return doc["type"]
        if isinstance(doc.get("items"), dict) or "properties" in doc:
            return doc
        return FlowMap(doc)

    def object_doc(self, node: dict[str, Any], comments: list[str], path: str, description: bool) -> dict[str, Any]:
        doc: dict[str, Any] = {"type": "object"}
        if description and node.get("description"):
            doc["description"] = node["description"]
        doc["properties"] = {name: self.type_doc(field, comments, f"{path}.{name}") for name, field in node["properties"].items()}
        return doc

    def event_doc(self, name: str, event: dict[str, Any]) -> dict[Any, Any]:
        comments: list[str] = []
        doc: dict[Any, Any] = {}
        if event.get("description"):
            doc["description"] = event["description"]
        properties = {prop: self.type_doc(spec, comments, prop) for prop, spec in event.get("properties", {}).items()}
        context = event.get("context")
        if context:
            fields = {field: self.type_doc(spec, [], f"context.{field}") for field, spec in context.items()}
            if self.with_context:
                doc["context"] = fields
            else:
                block = dump({"context": fields}).rstrip("\n").split("\n")
                doc[Comment("\n".join([_CONTEXT_NOTE, *block]))] = None
        if event.get("notes"):
            doc[Comment("note: " + event["notes"])] = None
        for line in comments:
            doc[Comment(line)] = None
        if properties:
            doc["properties"] = properties
        return doc

    def plan(self, info: SpecInfo) -> dict[Any, Any]:
        events = Spaced({name: self.event_doc(name, event) for name, event in self.events.items()})
        document: dict[Any, Any] = {"trackgen": 1, "name": info.title, "description": f"Segment's {info.title.removeprefix('Segment ')} semantic events ({info.docs})."}
        if self.types:
            document["types"] = Spaced(self.types)
        document["events"] = events
        return document


def build_plans(with_context: bool = True) -> dict[str, str]:
    """`{file name: YAML text}` of every bundled spec plan."""
    specs = load_specs()
    out: dict[str, str] = {}
    for info in SPECS:
        writer = _SpecWriter(specs[info.key], with_context)
        header = [
            f"{info.title} semantic events, bundled with trackgen: include them with",
            f"`include: [{{spec: segment/{info.slug}}}]` or copy what you need.",
            "Generated by `python -m trackgen.specs.build` from semantic_events.json; do not edit.",
        ]
        out[f"{info.slug}.yaml"] = dump(writer.plan(info), header=header)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    parser.add_argument("--out", type=Path, default=Path(str(resources.files("trackgen.specs"))) / "segment", help="folder to write the plans to")
    parser.add_argument("--commented-context", action="store_true", help="write context fields as comments, not `context:` sections")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    for name, text in build_plans(not args.commented_context).items():
        path = args.out / name
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            sys.stdout.write(f"wrote {path}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
