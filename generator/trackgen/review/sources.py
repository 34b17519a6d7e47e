"""Where the plans to compare come from: a file, or a file as it was at a git revision.

`git show REV:./PATH` (run in the plan's folder, so any working directory works) gives the
old text; it goes through the same loader and checks as a file, with positions shown as
`REV:PATH:line:col`. A plan that did not exist at the revision is an empty plan, so a pull
request that adds a plan shows every event as added.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

from ..diagnostics import Diagnostics
from ..plan import parse_plan, read_plan
from ..plan.ir import Plan


class SourceError(Exception):
    """A revision or file that cannot be read at all: wrong usage, exit code 2."""


@dataclass(frozen=True, slots=True)
class Revision:
    rev: str
    path: Path

    def __str__(self) -> str:
        return f"{self.rev}:{self.path.as_posix()}"


def git_show(revision: Revision) -> str | None:
    """The file's text at the revision; None when the file did not exist there."""
    folder = revision.path.parent if str(revision.path.parent) else Path(".")
    spec = f"{revision.rev}:./{revision.path.name}"
    try:
        done = subprocess.run(
            ["git", "-C", str(folder), "show", spec],
            capture_output=True,
            check=False,
        )
    except FileNotFoundError as exc:
        raise SourceError("git is not installed; it is needed to read a plan at a revision") from exc
    if done.returncode == 0:
        try:
            return done.stdout.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise SourceError(f"{revision} is not valid UTF-8") from exc
    message = done.stderr.decode("utf-8", "replace").strip()
    if "does not exist in" in message or "exists on disk, but not in" in message:
        return None
    first = message.splitlines()[0] if message else f"git show exited with {done.returncode}"
    raise SourceError(f"cannot read {revision}: {first.removeprefix('fatal: ')}")


def empty_plan(like: Plan | None, source: str) -> Plan:
    return Plan(name=like.name if like else "", source=source, events=())


def load_revision(revision: Revision, diagnostics: Diagnostics) -> tuple[Plan | None, bool]:
    """(plan, existed): the checked plan at a revision, or an empty plan when it was absent."""
    text = git_show(revision)
    if text is None:
        return empty_plan(None, str(revision)), False
    if text.startswith("\ufeff"):
        text = text[1:]
    return parse_plan(text, str(revision), diagnostics), True


def parse_source(arg: str) -> Path | Revision:
    """`plans/a.yaml` is a file; `main:plans/a.yaml` (no such file) is that file at `main`."""
    path = Path(arg)
    if path.exists() or ":" not in arg:
        return path
    rev, _, rel = arg.partition(":")
    if not rev or not rel:
        return path
    return Revision(rev, Path(rel))


def load_source(source: Path | Revision, shown: str, diagnostics: Diagnostics) -> tuple[Plan | None, bool]:
    if isinstance(source, Revision):
        return load_revision(source, diagnostics)
    return read_plan(source, diagnostics, shown=shown), True
