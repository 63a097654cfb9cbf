"""`coffeechat review`: the printed address, a port in use, a non-loopback warning, Ctrl-C, and no prefect."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import urllib.request

import pytest

from tests.conftest import REPO
from tests.flows.web.conftest import build_workspace


def start(ws, *args: str) -> tuple[subprocess.Popen, str]:
    """Launch `coffeechat review --no-open` and wait for its one line."""
    env = {k: v for k, v in os.environ.items() if k != "COFFEECHAT_WORKSPACE"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "flows.cli", "review", "--no-open", "--workspace", str(ws.root), *args],
        cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    line = proc.stdout.readline().strip()
    return proc, line


def stop(proc: subprocess.Popen) -> int:
    proc.send_signal(signal.SIGINT)
    return proc.wait(timeout=30)


@pytest.fixture(scope="module")
def ws(tmp_path_factory):
    return build_workspace(tmp_path_factory.mktemp("cli") / "ws")


def test_prints_the_address_serves_it_and_stops_on_ctrl_c(ws):
    """One line `Review at http://127.0.0.1:PORT/?token=...`; the page answers; Ctrl-C exits 0."""
    proc, line = start(ws, "--port", "0")
    try:
        match = re.fullmatch(r"Review at (http://127\.0\.0\.1:(\d+)/\?token=([A-Za-z0-9_-]{20,}))", line)
        assert match, line
        browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())  # keeps the token cookie
        with browser.open(match.group(1), timeout=60) as response:
            status, body = response.status, response.read().decode()
    finally:
        code = stop(proc)
    assert (status, "Priya Patel" in body, code) == (200, True, 0)


def test_each_launch_has_a_fresh_token(ws):
    """Two launches print two different tokens."""
    tokens = []
    for _ in range(2):
        proc, line = start(ws, "--port", "0")
        stop(proc)
        tokens.append(line.rsplit("=", 1)[-1])
    assert tokens[0] != tokens[1]


def test_a_port_in_use_names_the_fix(ws):
    """A busy port: `Error:` naming --port, exit 1."""
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        proc = subprocess.run(
            [sys.executable, "-m", "flows.cli", "review", "--no-open", "--workspace", str(ws.root), "--port", str(port)],
            cwd=REPO, capture_output=True, text=True, timeout=60,
        )
    assert proc.returncode == 1
    assert proc.stderr.strip() == (
        f"Error: Cannot listen on 127.0.0.1:{port} (Address already in use). "
        f"Pass another --port (e.g. --port {port + 1}), or stop what uses it."
    )


def test_another_host_warns(ws):
    """Any host but loopback's names prints a warning before serving."""
    proc, line = start(ws, "--host", "127.0.0.2", "--port", "0")
    code = stop(proc)
    err = proc.stderr.read()
    assert line.startswith("Review at http://127.0.0.2:") and "Warning: listening on 127.0.0.2" in err and code == 0


def test_review_never_imports_prefect():
    """The review command, its app and its use cases leave prefect unloaded."""
    code = ("import sys, flows.cli, flows.cli.review, flows.web.app, pipeline.app.review, pipeline.app.review_drafts;"
            "print('prefect' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"
