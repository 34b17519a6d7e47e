"""The typer app: every command, its options and help text; parse arguments, call the
library, print diagnostics. `trackgen.cli.main` runs it and picks the exit code.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from . import __version__
from .build_run import builds_from, generate_all, run_build
from .console import Failed, report, settings, shown
from .diagnostics import Diagnostics, render_json, render_text
from .output import resolve, stale, unified_diff, write_all
from .plan import read_plan
from .plan.ir import to_json
from .targets import TARGETS, TargetOptions

app = typer.Typer(
    name="trackgen",
    help="Typed analytics clients generated from a YAML tracking plan.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

STARTER_PLAN = """\
# A trackgen tracking plan: every event your app sends, with typed properties.
# Build a typed client with `trackgen build plan.yaml --out src/analytics`.
trackgen: 1
name: My App
description: Events of My App.
events:
  User Registered:
    description: A user finished signing up.
    properties:
      plan:
        type: string
        enum: [Free, Pro]
        required: true
        description: The plan chosen at sign-up.
      referrer:
        type: string
        description: Where the user came from, if known.
  Signed Out: {}
"""


PlanArg = Annotated[Optional[Path], typer.Argument(help="The plan file; omitted: the builds in trackgen.yaml.")]
TargetOpt = Annotated[str, typer.Option("--target", "-t", help="Language to generate: " + ", ".join(TARGETS))]
OutOpt = Annotated[Optional[Path], typer.Option("--out", "-o", help="Output folder (default: the current folder).")]
ModuleOpt = Annotated[Optional[str], typer.Option("--module", "-m", help="Output module name (Python default: analytics_plan).")]
SdkOpt = Annotated[Optional[str], typer.Option("--sdk", help="SDK flavour, for targets that support several.")]


@app.command()
def build(
    plan: PlanArg = None,
    target: TargetOpt = "python",
    out: OutOpt = None,
    module: ModuleOpt = None,
    sdk: SdkOpt = None,
) -> None:
    """Generate typed client code from a plan (or from every build in trackgen.yaml)."""
    run_build(plan, target, out, module, sdk)


@app.command()
def check(
    plan: PlanArg = None,
    target: TargetOpt = "python",
    out: OutOpt = None,
    module: ModuleOpt = None,
    sdk: SdkOpt = None,
) -> None:
    """Exit 1 with a diff when generated files are missing or stale (for CI and pre-commit)."""
    outputs = generate_all(builds_from(plan, target, out, module, sdk))
    changed = {o.path for o in stale([o for o, _ in outputs])}
    for out_file, name in outputs:
        if out_file.path in changed:
            sys.stdout.write(unified_diff(out_file, name))
    if changed:
        sys.stderr.write(f"{len(changed)} generated file{'s are' if len(changed) != 1 else ' is'} out of date; run `trackgen build`\n")
        raise Failed()
    typer.echo(f"{len(outputs)} generated file{'s' if len(outputs) != 1 else ''} up to date")


@app.command()
def ir(plan: Annotated[Path, typer.Argument(help="The plan file.")]) -> None:
    """Print the checked plan's language-neutral IR as JSON (the contract targets build on)."""
    diagnostics = Diagnostics()
    loaded = read_plan(plan, diagnostics, shown=shown(plan))
    report(diagnostics)
    if loaded is None:
        raise Failed()
    typer.echo(json.dumps(to_json(loaded), indent=2, ensure_ascii=False))


@app.command()
def validate(plan: Annotated[Path, typer.Argument(help="The plan file.")]) -> None:
    """Check a plan and report every problem, without generating anything."""
    diagnostics = Diagnostics()
    loaded = read_plan(plan, diagnostics, shown=shown(plan))
    for target in TARGETS.values():
        if loaded is not None:
            diagnostics.extend(target.generate(loaded, TargetOptions()).diagnostics)
    report(diagnostics)
    if diagnostics.has_errors:
        raise Failed()
    assert loaded is not None
    typer.echo(f"{shown(plan)}: {len(loaded.events)} events, {len(loaded.types)} named types, no problems")


@app.command()
def schema() -> None:
    """Print the JSON Schema of the plan file format (for editor completion)."""
    from .plan.schema import plan_schema

    typer.echo(json.dumps(plan_schema(), indent=2))


@app.command()
def init(
    path: Annotated[Path, typer.Argument(help="Where to write the starter plan.")] = Path("plans/plan.yaml"),
) -> None:
    """Write a starter plan (never overwrites an existing file)."""
    if path.exists():
        sys.stderr.write(f"error: {path} exists; trackgen init never overwrites a file\n")
        raise Failed()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(STARTER_PLAN, encoding="utf-8")
    typer.echo(f"wrote {path}\nnext: trackgen build {path} --out src/analytics")


@app.command()
def serve(
    plan: Annotated[Path, typer.Argument(help="The plan every received event is checked against.")],
    port: Annotated[int, typer.Option("--port", "-p", help="Port to listen on; 0 picks a free one.")] = 8765,
    host: Annotated[str, typer.Option("--host", help="Address to bind (keep it on loopback).")] = "127.0.0.1",
    record: Annotated[Optional[Path], typer.Option("--record", help="Append every received message to this JSONL file.")] = None,
    write_key: Annotated[Optional[str], typer.Option("--write-key", help="Refuse requests with another write key (401).")] = None,
) -> None:
    """Run a local Segment-compatible collector that checks every event against the plan."""
    from .collector.server import ServeOptions
    from .collector.server import serve as run_collector

    diagnostics = Diagnostics()
    loaded = read_plan(plan, diagnostics, shown=shown(plan))
    report(diagnostics)
    if loaded is None:
        raise Failed()
    options = ServeOptions(host=host, port=port, record=record, write_key=write_key)
    raise typer.Exit(run_collector(loaded, shown(plan), options))


@app.command("diff")
def diff_command(
    old: Annotated[Optional[str], typer.Argument(help="The old plan: a file, or REV:PATH for a file at a git revision.")] = None,
    new: Annotated[Optional[str], typer.Argument(help="The new plan: a file, or REV:PATH.")] = None,
    base: Annotated[Optional[str], typer.Option("--base", help="Compare the one plan given with itself at this git revision.")] = None,
    output_format: Annotated[str, typer.Option("--format", "-f", help="text, markdown (a PR comment) or json")] = "text",
    fail_on: Annotated[str, typer.Option("--fail-on", help="none, or breaking: exit 1 on unacknowledged breaking changes")] = "none",
) -> None:
    """Show what changed between two plans, breaking changes first."""
    from .review.diff_run import run_diff

    code = run_diff(old, new, base, output_format, fail_on, settings.diagnostics_format)
    if code:
        raise typer.Exit(code)


@app.command("lint")
def lint_command(
    plans: Annotated[Optional[list[Path]], typer.Argument(help="The plan files.")] = None,
    output_format: Annotated[str, typer.Option("--format", "-f", help="text, or json (for CI annotations)")] = "text",
    config: Annotated[Optional[Path], typer.Option("--config", help="trackgen.yaml with a `lint:` section (default: ./trackgen.yaml if present).")] = None,
    rules: Annotated[bool, typer.Option("--rules", help="List the rules with their codes and default severities.")] = False,
) -> None:
    """Review plans against naming, description and Segment-spec rules; exit 1 on errors."""
    from .review.lint import rules_table, run_lint

    if rules:
        typer.echo(rules_table(), nl=False)
        return
    if not plans:
        sys.stderr.write("error: give a plan file: trackgen lint plans/app.yaml\n")
        raise typer.Exit(2)
    code = run_lint([(p, shown(p)) for p in plans], output_format, config)
    if code:
        raise typer.Exit(code)


@app.command("docs")
def docs_command(
    plan: Annotated[Path, typer.Argument(help="The plan file.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder for README.md and index.html.")] = Path("docs/plan"),
    module: ModuleOpt = None,
) -> None:
    """Write the plan as Markdown and as one self-contained, searchable HTML page."""
    from .review.docs import run_docs

    code = run_docs(plan, out, module, shown(plan), settings.diagnostics_format)
    if code:
        raise typer.Exit(code)


@app.command("status")
def status_command(
    plan: Annotated[Path, typer.Argument(help="The plan file.")],
    sources: Annotated[list[Path], typer.Argument(help="Source files or folders to scan.")],
    require_all: Annotated[bool, typer.Option("--require-all", help="Exit 1 when an event (not deprecated) is never called.")] = False,
    output_format: Annotated[str, typer.Option("--format", "-f", help="text or json")] = "text",
) -> None:
    """Report which plan events the code calls, with file:line of each call."""
    from .review.status import run_status

    code = run_status(plan, sources, require_all, output_format, shown(plan), settings.diagnostics_format)
    if code:
        raise typer.Exit(code)


@app.command()
def export(
    plan: Annotated[Path, typer.Argument(help="The plan file.")],
    format: Annotated[str, typer.Option("--format", "-f", help="segment (Protocols rules for Segment's Public API) or jsonschema (one JSON Schema per event).")] = "segment",
    out: Annotated[Optional[Path], typer.Option("--out", "-o", help="Write to this file (default: standard output).")] = None,
    inline_types: Annotated[bool, typer.Option("--inline-types", help="Write named types out at each use instead of $ref (for tools that do not follow $ref).")] = False,
) -> None:
    """Export the plan as Segment Protocols rules or as JSON Schemas."""
    from .formats.export import FORMATS, export_text

    if format not in FORMATS:
        sys.stderr.write(f"error: unknown format {format!r}; use one of: {', '.join(FORMATS)}\n")
        raise typer.Exit(2)
    diagnostics = Diagnostics()
    loaded = read_plan(plan, diagnostics, shown=shown(plan))
    report(diagnostics)
    if loaded is None:
        raise Failed()
    text = export_text(loaded, format, inline=inline_types)  # type: ignore[arg-type]
    if out is None:
        sys.stdout.write(text)
        return
    written = write_all(resolve(out.resolve().parent, {out.name: text}))
    typer.echo(f"{'wrote' if written else 'unchanged:'} {shown(out)}", err=True)


@app.command("import")
def import_(
    source: Annotated[Path, typer.Argument(help="A Segment tracking plan (Public API, Config API, Typewriter plan.json) or JSON Schemas (a file or a folder).")],
    out: Annotated[Optional[Path], typer.Option("--out", "-o", help="Where to write the plan (default: standard output).")] = None,
    name: Annotated[Optional[str], typer.Option("--name", help="The plan's name (default: the source plan's name or the file name).")] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite --out if it exists.")] = False,
) -> None:
    """Import a Segment Protocols tracking plan or JSON Schemas as a trackgen plan."""
    from .formats.importer import import_path

    if out is not None and out.exists() and not force:
        sys.stderr.write(f"error: {shown(out)} exists; pass --force to overwrite it\n")
        raise Failed()
    diagnostics = Diagnostics()
    result = import_path(source, diagnostics, shown(source), name=name, out_name=shown(out) if out else "<stdout>")
    if result is not None and out is not None:
        write_all(resolve(out.resolve().parent, {out.name: result.text}))
    elif result is not None:
        sys.stdout.write(result.text)
    items = diagnostics.sorted()
    if settings.diagnostics_format == "json":
        sys.stderr.write(render_json(items))
    else:
        sys.stderr.write(render_text(items))
    if result is not None:
        warnings = sum(1 for d in items if d.severity.value == "warning")
        where = f" to {shown(out)}" if out else ""
        sys.stderr.write(
            f"imported {result.events} event{'s' if result.events != 1 else ''} and {result.types} named type{'s' if result.types != 1 else ''} "
            f"from {shown(source)} ({result.source_kind}){where}; {warnings} warning{'s' if warnings != 1 else ''}\n"
        )
    if diagnostics.has_errors:
        raise Failed()


@app.callback(invoke_without_command=True)
def options(
    ctx: typer.Context,
    diagnostics_format: Annotated[str, typer.Option("--diagnostics-format", help="text or json")] = "text",
    version: Annotated[bool, typer.Option("--version", help="Print the version and exit.")] = False,
) -> None:
    if version:
        typer.echo(f"trackgen {__version__}")
        raise typer.Exit(0)
    if diagnostics_format not in ("text", "json"):
        raise typer.BadParameter("use text or json", param_hint="--diagnostics-format")
    settings.diagnostics_format = diagnostics_format
    if ctx.invoked_subcommand is None:
        typer.echo(ctx.get_help())
        raise typer.Exit(2)
