"""Every golden Python client passes mypy --strict and is left unchanged by black and ruff-style checks."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import CASES

GOLDENS = sorted(CASES.glob("*/expected/python/*.py"))


def test_there_are_goldens() -> None:
    assert len(GOLDENS) >= 4


def test_mypy_strict_on_every_golden(tmp_path: Path) -> None:
    # Copy each golden into its own package folder: they share a module name.
    args = []
    for golden in GOLDENS:
        folder = tmp_path / golden.parts[-4]
        folder.mkdir()
        target = folder / golden.name
        target.write_text(golden.read_text(encoding="utf-8"), encoding="utf-8")
        args.append(str(target))
    for path in args:  # one process per file: mypy refuses two modules with one name
        result = subprocess.run(
            [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--cache-dir", str(tmp_path / ".mypy"), path],
            capture_output=True, text=True,
        )
        assert result.returncode == 0, result.stdout + result.stderr


def test_black_leaves_every_golden_unchanged() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "black", "--check", "--diff", *map(str, GOLDENS)],
        capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_goldens_import_only_the_standard_library() -> None:
    stdlib = set(sys.stdlib_module_names)
    for golden in GOLDENS:
        for line in golden.read_text(encoding="utf-8").splitlines():
            if line.startswith(("import ", "from ")):
                module = line.split()[1].split(".")[0]
                assert module in stdlib, f"{golden}: {line}"
