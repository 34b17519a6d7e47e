"""`trackgen build` and `trackgen check` without the argument parser: which builds to run
(from the arguments or from trackgen.yaml), every output generated in memory, then written.

The typer commands in `trackgen.commands` call these, and so does the plain-`build` path
of `trackgen.cli`, which is why nothing here imports typer.
"""

from __future__ import annotations

import sys
from pathlib import Path

from .config import CONFIG_FILE, Build, read_config
from .console import Failed, echo, report, shown
from .diagnostics import Diagnostics
from .output import OutputFile, resolve, write_all
from .parallel import generate_in_parallel
from .perf import collector_paused
from .plan import read_plan
from .plan.ir import Plan
from .targets import TARGETS, TargetOptions


def builds_from(plan: Path | None, target: str, out: Path | None, module: str | None, sdk: str | None) -> list[Build]:
    if plan is not None:
        return [Build(plan, target, out or Path("."), module, sdk)]
    config = Path(CONFIG_FILE)
    if not config.exists():
        sys.stderr.write(f"error: no plan given and no {CONFIG_FILE} in {Path.cwd()}\n  hint: run `trackgen build PLAN` or `trackgen init`\n")
        raise Failed(2)
    diagnostics = Diagnostics()
    builds = read_config(config, diagnostics)
    if diagnostics.has_errors:
        report(diagnostics)
        raise Failed()
    return builds


def _plan_key(path: Path) -> Path:
    """One key per plan file, however it is spelled; a broken path is its own key (and the
    loader reports it as a plan problem)."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return path


def generate_all(builds: list[Build]) -> list[tuple[OutputFile, str]]:
    """Every output file of every build, in memory; all plan problems reported together."""
    diagnostics = Diagnostics()
    outputs: list[tuple[OutputFile, str]] = []
    plans: dict[Path, Plan | None] = {}  # a plan built for several targets is read once
    with collector_paused(keep=True):  # the plans live until the command ends
        for build in builds:
            if build.target not in TARGETS:
                sys.stderr.write(f"error: unknown target {build.target!r}; known: {', '.join(TARGETS)}\n")
                raise Failed(2)
            key = _plan_key(build.plan)
            if key not in plans:
                plans[key] = read_plan(build.plan, diagnostics, shown=shown(build.plan))
    jobs = [(b, plans[_plan_key(b.plan)]) for b in builds]
    todo = [(TARGETS[b.target], plan, TargetOptions(module=b.module, sdk=b.sdk)) for b, plan in jobs if plan is not None]
    results = iter(generate_in_parallel(todo))
    for build, plan in jobs:
        if plan is None:
            continue
        result = next(results)
        diagnostics.extend(result.diagnostics)
        if result.diagnostics.has_errors:
            continue
        for out in resolve(build.out, result.files):
            outputs.append((out, shown(out.path)))
    report(diagnostics)
    if diagnostics.has_errors:
        raise Failed()
    return outputs


def run_build(plan: Path | None, target: str, out: Path | None, module: str | None, sdk: str | None) -> None:
    """Generate every build's files and write the changed ones, saying which."""
    outputs = generate_all(builds_from(plan, target, out, module, sdk))
    written = write_all([o for o, _ in outputs])
    names = {id(o): name for o, name in outputs}
    by_path = {o.path: names[id(o)] for o, _ in outputs}
    for out_file in written:
        echo(f"wrote {by_path[out_file.path]}")
    unchanged = len(outputs) - len(written)
    if unchanged:
        echo(f"{unchanged} file{'s' if unchanged != 1 else ''} unchanged")
