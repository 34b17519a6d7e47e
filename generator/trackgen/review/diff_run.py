"""`trackgen diff`: read two plans (files or git revisions), compare, print, pick the exit code.

Exit codes: 0 compared (whatever changed); 1 a plan has errors, or `--fail-on breaking`
found a breaking change that is not acknowledged; 2 wrong usage (unknown format, a
revision git cannot read).
"""

from __future__ import annotations

import sys
from pathlib import Path

from ..diagnostics import Diagnostics, render_json, render_text
from .diff import compare_plans
from .diff_format import RENDERERS
from .sources import Revision, SourceError, empty_plan, load_source, parse_source

FAIL_ON = ("none", "breaking")


def usage(message: str) -> int:
    sys.stderr.write(f"error: {message}\n")
    return 2


def run_diff(
    old: str | None,
    new: str | None,
    base: str | None,
    output_format: str,
    fail_on: str,
    diagnostics_format: str = "text",
) -> int:
    if output_format not in RENDERERS:
        return usage(f"unknown --format {output_format!r}; use {', '.join(RENDERERS)}")
    if fail_on not in FAIL_ON:
        return usage(f"unknown --fail-on {fail_on!r}; use {', '.join(FAIL_ON)}")
    if base is not None:
        if old is None or new is not None:
            return usage("with --base REV give exactly one plan: trackgen diff --base origin/main plans/app.yaml")
        old_source: Path | Revision = Revision(base, Path(old))
        new_source: Path | Revision = Path(old)
    else:
        if old is None or new is None:
            return usage("give two plans (trackgen diff OLD NEW) or one plan and --base REV")
        old_source, new_source = parse_source(old), parse_source(new)
    diagnostics = Diagnostics()
    try:
        old_plan, old_existed = load_source(old_source, str(old_source), diagnostics)
        new_plan, new_existed = load_source(new_source, str(new_source), diagnostics)
    except SourceError as exc:
        return usage(str(exc))
    if diagnostics.items:
        items = diagnostics.sorted()
        sys.stderr.write(render_json(items) if diagnostics_format == "json" else render_text(items))
    if old_plan is None or new_plan is None:
        return 1
    if not old_existed:
        sys.stderr.write(f"note: {old_source} does not exist; every event counts as added\n")
    if not new_existed:
        sys.stderr.write(f"note: {new_source} does not exist; every event counts as removed\n")
        new_plan = empty_plan(old_plan, str(new_source))
    if not old_existed:
        old_plan = empty_plan(new_plan, str(old_source))
    report = compare_plans(old_plan, new_plan)
    sys.stdout.write(RENDERERS[output_format](report))
    if fail_on == "breaking" and report.unacknowledged:
        n = report.unacknowledged
        sys.stderr.write(
            f"{n} breaking change{'s are' if n != 1 else ' is'} not acknowledged; "
            "bump the `version` of each event listed, or deprecate an event before removing it\n"
        )
        return 1
    return 0
