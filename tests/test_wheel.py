"""A built wheel runs its own demo from any folder: templates and sample files travel as package data."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from tests.paths import REPO

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """A fresh venv holding only the wheel; its dependencies come from the dev venv through a .pth line."""
    root = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", str(REPO), "-w", str(root / "dist")],
        check=True, capture_output=True,
    )
    wheel = next((root / "dist").glob("coffeechat-*.whl"))
    venv = root / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    site = Path(sysconfig.get_path("purelib", vars={"base": str(venv), "platbase": str(venv)}))
    # Only the dependencies: the dev venv's editable coffeechat is a .pth of its own, not processed here.
    (site / "deps.pth").write_text(sysconfig.get_path("purelib") + "\n", encoding="utf-8")
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(venv / "bin" / "python"), "install", "--quiet", "--no-deps",
         "--no-index", str(wheel)],
        check=True, capture_output=True,
    )
    return venv


def test_wheel_carries_its_own_files(installed, tmp_path):
    """The installed package finds templates and sample data inside itself, not in a checkout."""
    code = "from pipeline.resources import templates_dir, sample_dir; import pipeline; print(pipeline.__file__); print(templates_dir()); print(sample_dir())"
    out = subprocess.run([str(installed / "bin" / "python"), "-c", code], capture_output=True, text=True,
                         cwd=tmp_path, check=True).stdout.splitlines()
    assert all(str(installed) in line for line in out), out
    assert (Path(out[1]) / "email_request.txt.j2").is_file() and (Path(out[2]) / "Connections.csv").is_file()


def test_wheel_runs_the_demo_from_anywhere(installed, tmp_path):
    """`coffeechat demo --workspace DIR` from an installed wheel writes the plan and drafts."""
    env = {**os.environ, "PREFECT_SERVER_ANALYTICS_ENABLED": "false", "DO_NOT_TRACK": "1"}
    env.pop("PREFECT_API_URL", None)
    env.pop("PREFECT_HOME", None)
    workspace = tmp_path / "somewhere" / "demo"
    proc = subprocess.run([str(installed / "bin" / "coffeechat"), "demo", "--workspace", str(workspace)],
                          capture_output=True, text=True, cwd=tmp_path, env=env, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert (workspace / "out" / "plan.csv").is_file()
    assert list((workspace / "out" / "drafts").glob("*.eml"))
