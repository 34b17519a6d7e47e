"""Other tracking-plan formats: export the IR as JSON Schema, import Segment plans as YAML.

`export` turns a checked plan into Segment Protocols rules or plain JSON Schemas;
`importer` reads Segment Protocols plans (Public API, Config API, Typewriter's plan.json)
and plain JSON Schemas and writes a trackgen plan, warning about anything it cannot keep.
"""
