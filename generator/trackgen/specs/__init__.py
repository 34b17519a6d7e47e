"""Data bundled with trackgen: Segment's semantic event specs as plans (`segment/<name>.yaml`)
that other plans can `include:`, and `semantic_events.json`, which lint compares against.

`spec_path("segment/ecommerce-v2")` finds one; `available()` lists them. They are built
from `semantic_events.json` by `python -m trackgen.specs.build` and committed, so the
package needs no build step. Fields the specs place in the message's `context` are kept
as a commented `context:` block in each event (see `build.py`).
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def available() -> list[str]:
    """Names of the bundled specs, e.g. `segment/ecommerce-v2`."""
    folder = resources.files("trackgen.specs").joinpath("segment")
    return sorted(f"segment/{p.name.removesuffix('.yaml')}" for p in folder.iterdir() if p.name.endswith(".yaml"))


def spec_path(name: str) -> Path | None:
    """The file of a bundled spec (`segment/video`), or None when there is no such spec."""
    if name not in available():
        return None
    return Path(str(resources.files("trackgen.specs").joinpath(name + ".yaml")))
