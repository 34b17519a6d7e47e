"""The in-memory output set and the only code that writes generated files.

Nothing touches the disk until every target has succeeded. Then the changed files are
written as one transaction, so a build that fails or is killed at any point never loses
work and never leaves a torn file:

1. each new file goes to a temporary file beside its destination, flushed to disk;
2. a journal listing every move (temporary file → destination) is written atomically
   into each output folder; the transaction is committed once every journal exists;
3. the temporary files are moved into place with `os.replace` (atomic per file), then
   the journals are removed.

A build killed before step 2 completes changed nothing (its temporary files are removed
by the next run); one killed during step 3 is completed by the next run, which finishes
the moves its journals list. So every file is always either old or new, and after the
next run the set is all new or all old. Unchanged files are not rewritten: they keep
their bytes and modification times. Nothing outside the output folders is touched, and a
generated path cannot leave its folder.
"""

from __future__ import annotations

import difflib
import json
import os
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

JOURNAL = ".trackgen-journal"
"""The commit record in an output folder while a build moves files into place."""
TEMP_SUFFIX = ".trackgen-tmp"


class UnsafePath(Exception):
    """A generated path that would land outside the output folder: a trackgen bug."""


@dataclass(frozen=True, slots=True)
class OutputFile:
    path: Path
    text: str
    root: Path | None = None
    """The output folder the file belongs to (its journal lives there)."""

    @property
    def folder(self) -> Path:
        return self.root if self.root is not None else self.path.parent


def resolve(out_dir: Path, files: dict[str, str]) -> list[OutputFile]:
    """Output files with absolute paths, refusing any that escape `out_dir`.

    A name must be a relative POSIX path of plain components: no `..`, no absolute path,
    no empty or NUL-containing name, no backslash (a separator elsewhere); and once
    symlinks are followed it must still be inside `out_dir`.
    """
    root = out_dir.resolve()
    result: list[OutputFile] = []
    for rel in sorted(files):
        pure = PurePosixPath(rel)
        if (
            not rel
            or pure.is_absolute()
            or not pure.parts
            or any(part in ("", ".", "..") for part in rel.split("/"))
            or "\\" in rel
            or "\x00" in rel
            or pure.name in (JOURNAL, JOURNAL + ".tmp")
            or pure.name.endswith(TEMP_SUFFIX)
        ):
            raise UnsafePath(rel)
        target = (root / Path(*pure.parts)).resolve()
        if root not in target.parents:
            raise UnsafePath(rel)
        result.append(OutputFile(target, files[rel], root))
    return result


def stale(outputs: list[OutputFile]) -> list[OutputFile]:
    """The files whose bytes on disk differ from what would be generated."""
    changed: list[OutputFile] = []
    for out in outputs:
        try:
            current = out.path.read_bytes()
        except (FileNotFoundError, NotADirectoryError):
            changed.append(out)
            continue
        if current != out.text.encode("utf-8"):
            changed.append(out)
    return changed


def _pause(step: str) -> None:
    """Test hook: TRACKGEN_TEST_WRITE_DELAY=seconds widens the write phase so tests can
    kill a build in the middle of it. Never set in normal use."""
    delay = os.environ.get("TRACKGEN_TEST_WRITE_DELAY")
    if delay:
        os.write(2, f"trackgen-test: {step}\n".encode())
        time.sleep(float(delay))


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _write_durably(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
        os.fsync(fd)
    finally:
        os.close(fd)


def _temp_for(dest: Path) -> Path:
    return dest.parent / f".{dest.name}.{os.getpid()}-{time.monotonic_ns()}{TEMP_SUFFIX}"


def write_all(outputs: list[OutputFile]) -> list[OutputFile]:
    """Write the changed files as one transaction; returns the files that were written."""
    roots = sorted({out.folder for out in outputs})
    recover(roots, [out.path for out in outputs])
    changed = stale(outputs)
    if not changed:
        return []
    moves: list[tuple[Path, Path]] = []
    journals: list[Path] = []
    committed = False
    try:
        for out in changed:
            out.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = _temp_for(out.path)
            moves.append((tmp, out.path))
            _write_durably(tmp, out.text.encode("utf-8"))
            try:  # keep the permissions a user gave the previous file
                os.chmod(tmp, out.path.stat().st_mode & 0o7777)
            except FileNotFoundError:
                pass
            _pause(f"temp {out.path.name}")
        for folder in {tmp.parent for tmp, _ in moves}:
            _fsync_dir(folder)
        record = json.dumps(
            {"version": 1, "roots": [str(r) for r in roots], "moves": [[str(t), str(d)] for t, d in moves]},
            indent=1,
        ).encode("utf-8")
        for root in roots:
            staging = root / (JOURNAL + ".tmp")
            staging.unlink(missing_ok=True)
            _write_durably(staging, record)
            os.replace(staging, root / JOURNAL)
            journals.append(root / JOURNAL)
            _fsync_dir(root)
            _pause(f"journal {root.name}")
        committed = True
        for tmp, dest in moves:
            os.replace(tmp, dest)
            _pause(f"move {dest.name}")
        for folder in {dest.parent for _, dest in moves}:
            _fsync_dir(folder)
    finally:
        if not committed:  # failed before the commit point: undo, leaving the old files
            for tmp, _ in moves:
                tmp.unlink(missing_ok=True)
            for journal in journals:
                journal.unlink(missing_ok=True)
    for journal in journals:
        journal.unlink(missing_ok=True)
    return changed


def recover(roots: Iterable[Path], paths: Iterable[Path] = ()) -> list[Path]:
    """Finish or undo a build that was interrupted in these output folders.

    A transaction whose journals all exist is committed: its remaining moves are done
    (roll forward). One whose journals are not all there never committed: its temporary
    files are removed (roll back). Stray temporary files of `paths` (from a build killed
    before it wrote any journal) are removed too. Returns the files moved into place.
    """
    finished: list[Path] = []
    for root in roots:
        journal = root / JOURNAL
        (root / (JOURNAL + ".tmp")).unlink(missing_ok=True)
        try:
            record = json.loads(journal.read_text(encoding="utf-8"))
        except FileNotFoundError:
            continue
        except (OSError, ValueError):
            journal.unlink(missing_ok=True)  # a torn journal was never renamed into place
            continue
        listed = [Path(r) for r in record.get("roots", [])]
        moves = [(Path(t), Path(d)) for t, d in record.get("moves", [])]
        inside = [  # a journal only ever moves our own temporary files within its folders
            (t, d) for t, d in moves
            if t.parent == d.parent and t.name.endswith(TEMP_SUFFIX) and any(r in d.parents for r in listed)
        ]
        complete = all((r / JOURNAL).exists() for r in listed)
        for tmp, dest in inside:
            if complete and tmp.exists():
                os.replace(tmp, dest)
                finished.append(dest)
            else:
                tmp.unlink(missing_ok=True)
        for r in listed:
            (r / JOURNAL).unlink(missing_ok=True)
    for path in paths:
        try:
            strays = list(path.parent.glob(f".{_glob_escape(path.name)}.*{TEMP_SUFFIX}"))
        except OSError:
            continue
        for stray in strays:
            stray.unlink(missing_ok=True)
    return finished


def _glob_escape(name: str) -> str:
    return "".join(f"[{c}]" if c in "*?[" else c for c in name)


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
