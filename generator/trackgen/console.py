"""What every command prints, and how a command stops, without the argument parser.

Kept apart from the typer app (`trackgen.commands`) so that `trackgen build` can run
without importing typer at all (see `trackgen.cli`).
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

from .diagnostics import Diagnostics, render_json, render_text


class Failed(Exception):
    """Stops a command after its problems were printed: exit code 1 for problems in the
    plan or the generated files, 2 for wrong usage."""

    def __init__(self, code: int = 1) -> None:
        super().__init__(code)
        self.code = code


@dataclass
class Settings:
    diagnostics_format: str = "text"


settings = Settings()


def report(diagnostics: Diagnostics) -> None:
    items = diagnostics.sorted()
    if not items:
        return
    if settings.diagnostics_format == "json":
        sys.stderr.write(render_json(items))
    else:
        sys.stderr.write(render_text(items))
        errors = sum(1 for d in items if d.severity.value == "error")
        if errors:
            sys.stderr.write(f"{errors} error{'s' if errors != 1 else ''}; nothing was written\n")


def shown(path: Path) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)


def echo(text: str) -> None:
    """A line on standard output, exactly as `typer.echo(text)` writes it.

    For plain ASCII text without ANSI escape codes, typer (click) writes the text and a
    newline to `sys.stdout` and flushes; that is done here, without importing typer. Any
    other text goes through typer, which may strip escape codes or re-encode the stream.
    """
    stream = sys.stdout
    if stream is None:  # no standard output at all (pythonw): typer writes nothing either
        return
    if text.isascii() and "\x1b" not in text:
        stream.write(text + "\n")
        stream.flush()
        return
    import typer

    typer.echo(text)
