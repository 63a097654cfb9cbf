"""Shared fixtures: quiet offline Prefect settings, one session-scoped Prefect harness, CLI runners."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

# Before anything imports prefect: offline, quiet, nothing persisted.
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("PREFECT_RESULTS_PERSIST_BY_DEFAULT", "false")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "data" / "sample"
REALWORLD = REPO.parent / "shared" / "realworld" / "linkedin"


@pytest.fixture(scope="session")
def prefect_harness():
    """One temporary Prefect server for the whole session (about 8 s to start)."""
    from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120), temporary_settings({PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}):
        yield


@dataclass(frozen=True)
class Result:
    code: int
    out: str
    err: str


def run_cli(*args: str, cwd: Path, env: dict | None = None, timeout: float = 120) -> Result:
    """Run `coffeechat ARGS` in a subprocess, exactly as a user would."""
    environment = {k: v for k, v in os.environ.items() if k != "COFFEECHAT_WORKSPACE"}
    environment.update(env or {})
    proc = subprocess.run(
        [sys.executable, "-m", "flows.cli", *args],
        cwd=cwd, env=environment, capture_output=True, text=True, timeout=timeout,
    )
    return Result(proc.returncode, proc.stdout, proc.stderr)


@pytest.fixture
def cli(tmp_path):
    """`cli("init")` runs coffeechat in a fresh folder whose workspace is ./ws."""
    def call(*args: str, env: dict | None = None) -> Result:
        return run_cli(*args, cwd=tmp_path, env={"COFFEECHAT_WORKSPACE": str(tmp_path / "ws"), **(env or {})})
    call.cwd = tmp_path
    return call


@pytest.fixture
def workspace(tmp_path):
    """An initialised workspace holding the sample profile."""
    import shutil

    from pipeline.workspace import init_workspace

    ws, _ = init_workspace(tmp_path / "ws")
    shutil.copyfile(SAMPLE / "profile.toml", ws.profile)
    return ws
