"""Output that never loses work: atomic files, an all-or-nothing set, no escape from --out.

The kill tests run the real CLI on a trackgen.yaml that writes six files into two output
folders and SIGKILL it in the middle of its write phase (TRACKGEN_TEST_WRITE_DELAY makes
each step of that phase last long enough to aim at), then at random moments of a large
build without any hook. After every kill each file must be exactly its old or its new
version; the next run must finish or undo the interrupted transaction as a whole.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT, snapshot
from trackgen.output import JOURNAL, TEMP_SUFFIX, OutputFile, UnsafePath, recover, resolve, write_all

sys.path.insert(0, str(ROOT / "bench"))
from plans import synthetic_plan  # noqa: E402

MODULES_A = ["mod_a1", "mod_a2", "mod_a3", "mod_a4"]
MODULES_B = ["mod_b1", "mod_b2"]


# -- path safety ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    ["../x.py", "a/../../x.py", "a/../x.py", "/etc/passwd", "", ".", "./x.py", "a/./b.py", "a//b.py",
     "a\\..\\x.py", "x\x00.py", "..", "a/..", JOURNAL, "sub/" + JOURNAL, ".x.py.1" + TEMP_SUFFIX],
)
def test_resolve_refuses_names_that_could_leave_the_folder(tmp_path: Path, name: str) -> None:
    with pytest.raises(UnsafePath):
        resolve(tmp_path / "out", {name: "x"})


def test_resolve_refuses_a_symlink_out_of_the_folder(tmp_path: Path) -> None:
    out = tmp_path / "out"
    outside = tmp_path / "outside"
    out.mkdir()
    outside.mkdir()
    (out / "link").symlink_to(outside)
    (out / "file.py").symlink_to(outside / "file.py")
    with pytest.raises(UnsafePath):
        resolve(out, {"link/x.py": "x"})
    with pytest.raises(UnsafePath):
        resolve(out, {"file.py": "x"})
    assert list(outside.iterdir()) == []


def test_resolve_accepts_plain_nested_names(tmp_path: Path) -> None:
    files = resolve(tmp_path / "out", {"b.py": "b", "pkg/a.py": "a"})
    assert [f.path for f in files] == [(tmp_path / "out" / "b.py").resolve(), (tmp_path / "out" / "pkg" / "a.py").resolve()]
    assert {f.root for f in files} == {(tmp_path / "out").resolve()}


# -- the write itself ----------------------------------------------------------------------


def test_unchanged_files_keep_bytes_and_mtime_and_changed_ones_keep_permissions(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert len(write_all(resolve(out, {"a.py": "a = 1\n", "b.py": "b = 1\n"}))) == 2
    os.chmod(out / "b.py", 0o640)
    os.utime(out / "a.py", ns=(1_600_000_000_000_000_000,) * 2)
    before = snapshot(out)
    written = write_all(resolve(out, {"a.py": "a = 1\n", "b.py": "b = 2\n"}))
    assert [f.path.name for f in written] == ["b.py"]
    after = snapshot(out)
    assert after["a.py"] == before["a.py"]  # bytes and mtime
    assert (out / "b.py").read_text() == "b = 2\n"
    assert (out / "b.py").stat().st_mode & 0o777 == 0o640
    assert write_all(resolve(out, {"a.py": "a = 1\n", "b.py": "b = 2\n"})) == []
    assert snapshot(out) == after
    assert sorted(p.name for p in out.iterdir()) == ["a.py", "b.py"]


def test_a_write_that_fails_before_the_commit_changes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_all(resolve(out, {"a.py": "old\n"}))
    (out / "blocker").write_text("a file where a folder is needed\n")
    before = snapshot(out)
    outputs = resolve(out, {"a.py": "new\n"}) + [OutputFile(out.resolve() / "blocker" / "b.py", "new\n", out.resolve())]
    with pytest.raises(OSError):
        write_all(outputs)
    assert snapshot(out) == before, "a failed write changed or left files"


def test_recover_rolls_back_an_uncommitted_and_forward_a_committed_transaction(tmp_path: Path) -> None:
    a, b = (tmp_path / "a").resolve(), (tmp_path / "b").resolve()
    for root in (a, b):
        root.mkdir()
        (root / "f.py").write_text("old\n")
    temps = {root: root / f".f.py.1-1{TEMP_SUFFIX}" for root in (a, b)}
    for tmp in temps.values():
        tmp.write_text("new\n")
    import json

    record = json.dumps({"version": 1, "roots": [str(a), str(b)], "moves": [[str(t), str(r / "f.py")] for r, t in temps.items()]})
    (a / JOURNAL).write_text(record)  # b's journal never written: not committed
    recover([a])
    assert [(r / "f.py").read_text() for r in (a, b)] == ["old\n", "old\n"]
    assert not (a / JOURNAL).exists() and not temps[a].exists()
    recover([b], [b / "f.py"])  # b only knows its stray temporary file
    assert not temps[b].exists()
    for tmp in temps.values():
        tmp.write_text("new\n")
    (a / JOURNAL).write_text(record)
    (b / JOURNAL).write_text(record)  # both journals: committed
    os.replace(temps[a], a / "f.py")  # killed after the first move
    recover([b])
    assert [(r / "f.py").read_text() for r in (a, b)] == ["new\n", "new\n"]
    assert not any(p.name in (JOURNAL,) or p.name.endswith(TEMP_SUFFIX) for r in (a, b) for p in r.iterdir())


def test_a_journal_cannot_move_files_from_elsewhere(tmp_path: Path) -> None:
    root = (tmp_path / "out").resolve()
    root.mkdir()
    secret = tmp_path / "secret.txt"
    secret.write_text("secret\n")
    import json

    (root / JOURNAL).write_text(json.dumps({"version": 1, "roots": [str(root)], "moves": [[str(secret), str(root / "f.py")]]}))
    recover([root])
    assert secret.read_text() == "secret\n" and not (root / "f.py").exists()


# -- killing real builds -------------------------------------------------------------------


def make_project(folder: Path, events: int, description: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    plan = synthetic_plan(events, 8).replace("description: Synthetic event", f"description: {description} event")
    (folder / "plan.yaml").write_text(plan, encoding="utf-8")
    builds = [f"  - {{plan: plan.yaml, target: python, out: out_a, module: {m}}}" for m in MODULES_A]
    builds += [f"  - {{plan: plan.yaml, target: python, out: out_b, module: {m}}}" for m in MODULES_B]
    (folder / "trackgen.yaml").write_text("builds:\n" + "\n".join(builds) + "\n", encoding="utf-8")
    (folder / "outside.txt").write_text("not generated\n", encoding="utf-8")


def build(project: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "trackgen", "build"], cwd=project, capture_output=True, text=True, env=env, check=True)


def outputs_of(project: Path) -> dict[str, bytes]:
    return {f"{d}/{m}.py": (project / d / f"{m}.py").read_bytes() for d, ms in (("out_a", MODULES_A), ("out_b", MODULES_B)) for m in ms}


def versions(tmp_path: Path, events: int) -> tuple[dict[str, bytes], dict[str, bytes]]:
    old, new = tmp_path / "old", tmp_path / "new"
    make_project(old, events, "Old")
    make_project(new, events, "New")
    build(old)
    build(new)
    before, after = outputs_of(old), outputs_of(new)
    assert all(before[k] != after[k] for k in before)
    return before, after


def reset(project: Path, old_project: Path, events: int) -> None:
    if project.exists():
        shutil.rmtree(project)
    shutil.copytree(old_project, project, symlinks=True)
    make_project(project, events, "New")  # the plan changes; the outputs are still the old build's


def check_after_kill(project: Path, old: dict[str, bytes], new: dict[str, bytes], outside: bytes) -> str:
    """Every file old or new after the kill; all old or all new after recovery. Returns which."""
    current = outputs_of(project)
    for name, data in current.items():
        assert data in (old[name], new[name]), f"{name} is torn or foreign"
    assert (project / "outside.txt").read_bytes() == outside
    roots = [(project / "out_a").resolve(), (project / "out_b").resolve()]
    recover(roots, [root / f"{m}.py" for root, ms in zip(roots, (MODULES_A, MODULES_B)) for m in ms])
    recovered = outputs_of(project)
    state = "new" if recovered == new else "old" if recovered == old else "mixed"
    assert state != "mixed", {k: (v == new[k]) for k, v in recovered.items()}
    leftovers = [p.name for r in roots for p in r.iterdir() if p.name.startswith(".")]
    assert not leftovers, leftovers
    return state


def test_killing_the_write_phase_at_every_step_leaves_old_or_new(tmp_path: Path) -> None:
    events = 30
    old, new = versions(tmp_path, events)
    project = tmp_path / "work"
    steps = len(old) * 2 + 2  # a temporary file and a move per file, a journal per folder
    env = {**os.environ, "TRACKGEN_TEST_WRITE_DELAY": "0.08"}
    seen: set[str] = set()
    rng = random.Random(6)
    for kill_after in sorted(rng.sample(range(0, steps + 1), 6)):
        reset(project, tmp_path / "old", events)
        process = subprocess.Popen([sys.executable, "-m", "trackgen", "build"], cwd=project, env=env, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL)
        assert process.stderr is not None
        done = 0
        while done < kill_after:
            line = process.stderr.readline()
            assert line, "the build finished before the planned kill"
            done += line.startswith(b"trackgen-test:")
        time.sleep(rng.uniform(0, 0.06))
        process.send_signal(signal.SIGKILL)
        process.wait()
        process.stderr.close()
        seen.add(check_after_kill(project, old, new, b"not generated\n"))
        build(project)  # the next run completes: everything new, and stays so
        assert outputs_of(project) == new
    assert seen == {"old", "new"}, seen


def test_killing_a_large_build_at_random_moments(tmp_path: Path) -> None:
    events = 150
    old, new = versions(tmp_path, events)
    project = tmp_path / "work"
    reset(project, tmp_path / "old", events)
    start = time.perf_counter()
    build(project)
    duration = time.perf_counter() - start
    rng = random.Random(42)
    for _ in range(3):
        reset(project, tmp_path / "old", events)
        process = subprocess.Popen([sys.executable, "-m", "trackgen", "build"], cwd=project, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.5, 1.0) * duration)
        process.send_signal(signal.SIGKILL)
        process.wait()
        check_after_kill(project, old, new, b"not generated\n")


def test_a_finished_build_leaves_no_journal_or_temporary_files(tmp_path: Path) -> None:
    project = tmp_path / "p"
    make_project(project, 5, "Only")
    build(project)
    second = build(project)
    assert "6 files unchanged" in second.stdout
    names = sorted(p.name for p in project.rglob("*"))
    assert not [n for n in names if n.startswith(".")], names
