"""The local collector behind `trackgen serve`: a Segment-compatible HTTP endpoint that
checks every received message against the plan (`validate`), decodes requests the way
Segment's HTTP API does (`wire`) and prints and records what arrived (`server`)."""

from __future__ import annotations

from .validate import Validator, Verdict

__all__ = ["Validator", "Verdict"]
