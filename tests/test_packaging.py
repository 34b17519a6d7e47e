"""`pip install .` (a real wheel) ships the templates, and the installed command works from anywhere."""

from __future__ import annotations

import subprocess
import sys
import venv
import zipfile
from pathlib import Path

from conftest import ROOT


def test_wheel_contains_templates_and_builds_a_client(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation", "-w", str(wheels), str(ROOT)],
        check=True, capture_output=True, text=True, cwd=tmp_path,
    )
    [wheel] = list(wheels.glob("trackgen-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "trackgen/templates/python/client.py.jinja" in names
    assert "trackgen/cli.py" in names
    assert "trackgen/review/ts_calls.cjs" in names  # `trackgen status` reads TypeScript with it
    # Install the wheel into a fresh environment that shares the test venv's dependencies.
    env_dir = tmp_path / "env"
    venv.create(env_dir, system_site_packages=False, with_pip=False)
    site = subprocess.run([str(env_dir / "bin" / "python"), "-c", "import site; print(site.getsitepackages()[0])"],
                          check=True, capture_output=True, text=True).stdout.strip()
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(site)
    deps = [p for p in sys.path if p.endswith("site-packages")]
    (Path(site) / "deps.pth").write_text("\n".join(deps) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    result = subprocess.run(
        [str(env_dir / "bin" / "python"), "-m", "trackgen", "build", str(ROOT / "plans" / "example.yaml"), "--out", str(out)],
        capture_output=True, text=True, cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert "def track_user_registered(" in (out / "analytics_plan.py").read_text(encoding="utf-8")
