"""`coffeechat serve` against a real `prefect server start`: scheduled runs import the inbox, each file once."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import SAMPLE, run_cli

pytestmark = pytest.mark.slow

PREFECT = Path(sys.executable).with_name("prefect")
QUIET = {
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "DO_NOT_TRACK": "1",
    "PREFECT_SERVER_UI_ENABLED": "false",
    "PREFECT_UI_ENABLED": "false",
    "PREFECT_LOGGING_LEVEL": "WARNING",
    "PREFECT_SERVER_LOGGING_LEVEL": "WARNING",
}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _env(**extra: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_") and k != "COFFEECHAT_WORKSPACE"}
    return {**env, **QUIET, **extra}


def _wait(condition, timeout: float, what: str, logs: list[Path]) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.5)
    tails = "\n".join(f"--- {p.name}\n{p.read_text(errors='replace')[-3000:]}" for p in logs if p.exists())
    pytest.fail(f"timed out after {timeout:.0f} s waiting for {what}\n{tails}")


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url + "/health", timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


def _stop(proc: subprocess.Popen, sig: int) -> None:
    """Signal the process group we started (by its pid), then wait; kill it only if it hangs."""
    if proc.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, sig)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)


@pytest.fixture
def prefect_server(tmp_path):
    """`prefect server start` on a free loopback port with its own PREFECT_HOME; its API URL."""
    port = _free_port()
    url = f"http://127.0.0.1:{port}/api"
    log = tmp_path / "server.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [str(PREFECT), "server", "start", "--host", "127.0.0.1", "--port", str(port)],
            env=_env(PREFECT_HOME=str(tmp_path / "server-home")), stdout=out, stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        _wait(lambda: _healthy(url) or proc.poll() is not None, 120, "/api/health", [log])
        assert proc.poll() is None, log.read_text()
        yield url, log
    finally:
        _stop(proc, signal.SIGTERM)


def _counts(db: Path) -> dict[str, int]:
    conn = sqlite3.connect(db, timeout=30)
    try:
        one = lambda sql: conn.execute(sql).fetchone()[0]  # noqa: E731
        return {
            "imports": one("SELECT count(*) FROM imports"),
            "records": one("SELECT count(*) FROM source_records"),
            "contacts": one("SELECT count(*) FROM contacts"),
            "orphans": one("SELECT count(*) FROM source_records WHERE contact_id NOT IN (SELECT contact_id FROM contacts)"),
        }
    finally:
        conn.close()


def _title(db: Path, first: str, last: str) -> str | None:
    conn = sqlite3.connect(db, timeout=30)
    try:
        row = conn.execute("SELECT title FROM contacts WHERE first_name = ? AND last_name = ?", (first, last)).fetchone()
    finally:
        conn.close()
    return row[0] if row else None


def test_served_runs_import_the_inbox_once_per_file(tmp_path, prefect_server):
    """Scheduled runs import and plan a dropped export, skip a repeat, take a newer one and file away a broken one."""
    url, server_log = prefect_server
    ws = tmp_path / "ws"
    assert run_cli("init", "--workspace", str(ws), cwd=tmp_path, env=QUIET).code == 0
    shutil.copyfile(SAMPLE / "profile.toml", ws / "profile.toml")
    inbox, db = ws / "inbox", ws / "coffeechat.db"
    serve_log = tmp_path / "serve.log"
    logs = [serve_log, server_log]
    with serve_log.open("wb") as out:
        serve = subprocess.Popen(
            [sys.executable, "-m", "flows.cli", "serve", "--workspace", str(ws), "--interval", "5"],
            cwd=tmp_path, env=_env(PREFECT_API_URL=url, PREFECT_RUNNER_POLL_FREQUENCY="1"),
            stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )
    try:
        shutil.copyfile(SAMPLE / "Connections.csv", inbox / "Connections.csv")
        _wait(lambda: (inbox / "imported" / "Connections.csv").exists() and (ws / "out" / "plan.csv").exists(),
              120, "the first scheduled import and plan", logs)
        first = _counts(db)
        assert first["imports"] == 1 and first["contacts"] > 50 and first["orphans"] == 0

        shutil.copyfile(SAMPLE / "Connections.csv", inbox / "Connections.csv")
        _wait(lambda: (inbox / "imported" / "Connections-2.csv").exists(), 60, "the repeat to be filed", logs)
        assert _counts(db) == first

        text = (SAMPLE / "Connections.csv").read_text(encoding="utf-8")
        newer = text.replace("Thomas,Garcia,https://www.linkedin.com/in/thomas-garcia-087,,Greenfield Energy GmbH,"
                             "Software Engineer", "Thomas,Garcia,https://www.linkedin.com/in/thomas-garcia-087,,"
                             "Greenfield Energy GmbH,Staff Software Engineer")
        newer = newer.rstrip("\n") + "\nPriya,Natarajan,https://www.linkedin.com/in/priya-natarajan-999,,Helios Solar,ESG Analyst,01 Nov 2026\n"
        assert "Staff Software Engineer" in newer  # the title really changed
        (inbox / "Connections (1).csv").write_text(newer, encoding="utf-8")
        (inbox / "broken.csv").write_bytes(b"\x00\x01\x02\xff\xfe" * 200)
        _wait(lambda: (inbox / "imported" / "Connections (1).csv").exists()
              and (inbox / "failed" / "broken.csv.error.txt").exists(), 60, "the newer export and the broken file", logs)
        second = _counts(db)
        assert second["imports"] == 2 and second["contacts"] == first["contacts"] + 1 and second["orphans"] == 0
        assert _title(db, "Thomas", "Garcia") == "Staff Software Engineer"
        assert (inbox / "failed" / "broken.csv").exists()
        assert "Fix:" in (inbox / "failed" / "broken.csv.error.txt").read_text()
        assert not [p for p in inbox.iterdir() if p.is_file()]
    finally:
        _stop(serve, signal.SIGINT)
    assert serve.returncode is not None
    assert "Traceback" not in serve_log.read_text(errors="replace")
