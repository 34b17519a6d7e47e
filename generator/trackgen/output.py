"""The in-memory output set and the only code that writes generated files.

Nothing touches the disk until every target has succeeded. Then each file is written to a
temporary file beside its destination and moved into place with `os.replace`, so a reader
(or a build killed halfway) only ever sees the old file or the new one, never a torn one.
Unchanged files are not rewritten, keeping their bytes and modification times.
"""

from __future__ import annotations

import difflib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath


class UnsafePath(Exception):
    """A generated path that would land outside the output folder: a trackgen bug."""


@dataclass(frozen=True, slots=True)
class OutputFile:
    path: Path
    text: str


def resolve(out_dir: Path, files: dict[str, str]) -> list[OutputFile]:
    """Output files with absolute paths, refusing any that escape `out_dir`."""
    root = out_dir.resolve()
    result: list[OutputFile] = []
    for rel in sorted(files):
        pure = PurePosixPath(rel)
        if pure.is_absolute() or ".." in pure.parts or not pure.parts:
            raise UnsafePath(rel)
        target = (root / Path(*pure.parts)).resolve()
        if root not in target.parents:
            raise UnsafePath(rel)
        result.append(OutputFile(target, files[rel]))
    return result


def stale(outputs: list[OutputFile]) -> list[OutputFile]:
    """The files whose bytes on disk differ from what would be generated."""
    changed: list[OutputFile] = []
    for out in outputs:
        try:
            current = out.path.read_bytes()
        except FileNotFoundError:
            changed.append(out)
            continue
        if current != out.text.encode("utf-8"):
            changed.append(out)
    return changed


def write_all(outputs: list[OutputFile]) -> list[OutputFile]:
    """Write changed files atomically; returns the files that were written."""
    changed = stale(outputs)
    staged: list[tuple[str, Path]] = []
    try:
        for out in changed:
            out.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{out.path.name}.", suffix=".tmp", dir=out.path.parent)
            with os.fdopen(fd, "wb") as handle:
                handle.write(out.text.encode("utf-8"))
                handle.flush()
                os.fsync(handle.fileno())
            staged.append((tmp, out.path))
        for tmp, dest in staged:  # every temp file is complete before the first rename
            os.replace(tmp, dest)
        staged.clear()
    finally:
        for tmp, _ in staged:
            try:
                os.unlink(tmp)
            except FileNotFoundError:
                pass
    return changed


def unified_diff(out: OutputFile, shown: str) -> str:
    try:
        old = out.path.read_text(encoding="utf-8")
    except FileNotFoundError:
        old = ""
    lines = difflib.unified_diff(
        old.splitlines(keepends=True),
        out.text.splitlines(keepends=True),
        fromfile=f"a/{shown}",
        tofile=f"b/{shown}",
    )
    return "".join(lines)
