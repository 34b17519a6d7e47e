"""The `trackgen` entry point: run the command, turn how it ended into the exit code.

Exit codes: 0 success; 1 the plan (or the generated files) need attention, with every
problem printed; 2 wrong usage; 3 a bug in trackgen, printed with a request to report it.

A plain `trackgen build` runs without the argument parser. typer converts every parameter
through a pydantic TypeAdapter, so parsing `build`'s five options imports typer, click and
pydantic and builds the adapters: about 0.15 s of a cold build, more than writing the
files or checking the plan. `plain_build` recognises the spellings a build script or CI
job uses (`build [PLAN] [--target T] [--out DIR] [--module M] [--sdk S]`, optionally after
`--diagnostics-format text|json`), which mean exactly what typer would make of them; any
other command line, including `--help`, `--out=DIR`, a repeated or unknown option or a
value that starts with `-`, goes to the typer app in `trackgen.commands`, which owns the
help text and every usage error.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

from .console import Failed, settings

BUILD_OPTIONS = {"--target": "target", "-t": "target", "--out": "out", "-o": "out", "--module": "module", "-m": "module", "--sdk": "sdk"}
"""`trackgen build`'s options (see `trackgen.commands.build`), each taking one value."""
DIAGNOSTICS_FORMATS = ("text", "json")


@dataclass(frozen=True, slots=True)
class PlainBuild:
    """The arguments of `trackgen build`, with typer's defaults for what was not given."""

    diagnostics_format: str = "text"
    plan: Path | None = None
    target: str = "python"
    out: Path | None = None
    module: str | None = None
    sdk: str | None = None


def plain_build(argv: list[str]) -> PlainBuild | None:
    """The build `argv` asks for when it is a plain spelling of `trackgen build`, else None."""
    if os.name == "nt" or any(name.startswith("_") and name.endswith("_COMPLETE") for name in os.environ):
        return None  # click expands wildcards on Windows, and answers shell completion requests
    diagnostics_format = "text"
    if argv[:1] == ["--diagnostics-format"] and len(argv) > 1 and argv[1] in DIAGNOSTICS_FORMATS:
        diagnostics_format, argv = argv[1], argv[2:]
    if argv[:1] != ["build"]:
        return None
    values: dict[str, str] = {}
    plan: str | None = None
    tokens = iter(argv[1:])
    for token in tokens:
        if token in BUILD_OPTIONS:
            name = BUILD_OPTIONS[token]
            value = next(tokens, None)
            if value is None or value.startswith("-") or name in values:
                return None
            values[name] = value
        elif token.startswith("-") or plan is not None:
            return None
        else:
            plan = token
    out = values.get("out")
    if any(path is not None and _unreadable(path) for path in (plan, out)):
        return None  # typer refuses it with a usage error of its own
    return PlainBuild(
        diagnostics_format=diagnostics_format,
        plan=None if plan is None else Path(plan),
        target=values.get("target", "python"),
        out=None if out is None else Path(out),
        module=values.get("module"),
        sdk=values.get("sdk"),
    )


def _unreadable(path: str) -> bool:
    """An existing path this process may not read, which typer's path parameters refuse."""
    try:
        os.stat(path)
    except (OSError, ValueError):
        return False
    return not os.access(path, os.R_OK)


def run() -> int:
    """Run the command line in `sys.argv`; the exit code when it ends normally."""
    build = plain_build(sys.argv[1:])
    if build is not None:
        from .build_run import run_build

        settings.diagnostics_format = build.diagnostics_format
        run_build(build.plan, build.target, build.out, build.module, build.sdk)
        return 0
    from .commands import app

    code = app(standalone_mode=False)
    return code if isinstance(code, int) else 0


def main() -> None:
    try:
        sys.exit(run())
    except Failed as exc:
        sys.exit(exc.code)
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as exc:  # noqa: BLE001 - the last line of defence against tracebacks
        code = _parser_exit_code(exc)
        sys.exit(_internal_error(exc) if code is None else code)


def _parser_exit_code(exc: Exception) -> int | None:
    """The exit code for how typer stopped a command (an exit, an abort, or a usage error,
    printed here); None for any other exception. typer is loaded if it ran at all."""
    typer = sys.modules.get("typer")
    if typer is not None and isinstance(exc, typer.Exit):
        code: int = exc.exit_code
        return code
    if typer is not None and isinstance(exc, typer.Abort):
        return 130
    if hasattr(exc, "show") and isinstance(getattr(exc, "exit_code", None), int):
        exc.show()  # a usage error from the argument parser (typer bundles its own click)
        return 2
    return None


def _internal_error(exc: Exception) -> int:
    import traceback

    frame = traceback.extract_tb(exc.__traceback__)[-1]
    sys.stderr.write(
        f"internal error: {type(exc).__name__}: {exc}\n"
        f"  at {Path(frame.filename).name}:{frame.lineno}\n"
        "  This is a bug in trackgen, not in your plan. Please report it with the plan that\n"
        "  triggers it (set TRACKGEN_DEBUG=1 for the full traceback).\n"
    )
    if os.environ.get("TRACKGEN_DEBUG"):
        traceback.print_exc()
    return 3
