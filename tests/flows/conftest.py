"""Fixtures for the outreach commands run as a user runs them: one prepared sample workspace, a private copy per test."""

from __future__ import annotations

import contextlib
import io
import shutil
import sys
from pathlib import Path

import pytest

from tests.conftest import SAMPLE, Result


def run_main(*args: str, cwd: Path, workspace: Path) -> Result:
    """`coffeechat ARGS` through the real entry point (flows.cli.main) in this process: a subprocess costs ~4 s here."""
    from flows.cli import main

    out, err = io.StringIO(), io.StringIO()
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(cwd)
        mp.setenv("COFFEECHAT_WORKSPACE", str(workspace))
        mp.setattr(sys, "argv", ["coffeechat", *args])
        mp.setenv("COLUMNS", "80")  # what a pipe gets, as in the subprocess runs
        code = 0
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                main()
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    return Result(code, out.getvalue(), err.getvalue())


@pytest.fixture(scope="module")
def prepared(tmp_path_factory):
    """One workspace holding the sample contacts, imported once for the module."""
    root = tmp_path_factory.mktemp("prepared")
    call = lambda *a: run_main(*a, cwd=root, workspace=root / "ws")  # noqa: E731
    assert call("init").code == 0
    shutil.copyfile(SAMPLE / "profile.toml", root / "ws" / "profile.toml")
    imported = call("import", str(SAMPLE / "Connections.csv"), str(SAMPLE / "alumni.csv"))
    assert imported.code == 0, imported.err
    return root / "ws"


@pytest.fixture
def ready(prepared, tmp_path):
    """`ready("mark", ...)` runs coffeechat on a private copy of the prepared workspace."""
    shutil.copytree(prepared, tmp_path / "ws")

    def call(*args: str) -> Result:
        return run_main(*args, cwd=tmp_path, workspace=tmp_path / "ws")
    call.cwd = tmp_path
    call.ws = tmp_path / "ws"
    return call
