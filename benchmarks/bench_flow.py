"""The flow's fixed cost for an empty inbox: `coffeechat run` on Prefect's temporary server, against a running one, and served.

Run `python benchmarks/bench_flow.py`. It starts `prefect server start` on a free loopback port with its
own PREFECT_HOME under benchmarks/out/, times `coffeechat run` with and without it, then serves the flow
every 5 s and reads the served runs' start and end times back from the server's API.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "benchmarks" / "out" / "flow"
PREFECT = Path(sys.executable).with_name("prefect")
QUIET = {"PREFECT_SERVER_ANALYTICS_ENABLED": "false", "DO_NOT_TRACK": "1", "PREFECT_LOGGING_LEVEL": "WARNING",
         "PREFECT_SERVER_LOGGING_LEVEL": "WARNING"}
SERVED_RUNS = 3


def _env(**extra: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_") and k != "COFFEECHAT_WORKSPACE"}
    return {**env, **QUIET, **extra}


def _coffeechat(*args: str, env: dict) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "flows.cli", *args], cwd=ROOT, env=env, check=True, capture_output=True)
    return time.perf_counter() - start


def _workspace(name: str) -> Path:
    root = OUT / name
    shutil.rmtree(root, ignore_errors=True)
    _coffeechat("init", "--workspace", str(root), env=_env())
    shutil.copyfile(ROOT / "data" / "sample" / "profile.toml", root / "profile.toml")
    return root


def _api(url: str, path: str, body: dict | None = None):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url + path, data=data, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read() or b"null")


def _stop(proc: subprocess.Popen, sig: int) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, sig)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def _seconds(a: str, b: str) -> float:
    return (datetime.fromisoformat(b) - datetime.fromisoformat(a)).total_seconds()


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    rows: list[tuple[str, float]] = []
    temp = _workspace("temporary")
    rows.append(("`coffeechat run`, temporary server, first run in a workspace", _coffeechat("run", "-w", str(temp), env=_env())))
    rows.append(("`coffeechat run`, temporary server, next run", _coffeechat("run", "-w", str(temp), env=_env())))

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    url = f"http://127.0.0.1:{port}/api"
    home = OUT / "server-home"
    shutil.rmtree(home, ignore_errors=True)
    started = time.perf_counter()
    server = subprocess.Popen([str(PREFECT), "server", "start", "--host", "127.0.0.1", "--port", str(port)],
                              env=_env(PREFECT_HOME=str(home)), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              start_new_session=True)
    serve = None
    try:
        while True:
            try:
                _api(url, "/health")
                break
            except OSError:
                time.sleep(0.25)
        rows.append(("`prefect server start` until /api/health answers (fresh database)", time.perf_counter() - started))
        live = _workspace("live")
        env = _env(PREFECT_API_URL=url)
        rows.append(("`coffeechat run` against the running server", _coffeechat("run", "-w", str(live), env=env)))
        rows.append(("`coffeechat run` against the running server, next run", _coffeechat("run", "-w", str(live), env=env)))

        served = _workspace("served")
        serve = subprocess.Popen([sys.executable, "-m", "flows.cli", "serve", "-w", str(served), "--interval", "5"],
                                 cwd=ROOT, env=_env(PREFECT_API_URL=url, PREFECT_RUNNER_POLL_FREQUENCY="1"),
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        deadline = time.monotonic() + 180
        done: list[dict] = []
        while time.monotonic() < deadline and len(done) < SERVED_RUNS:
            time.sleep(1)
            runs = _api(url, "/flow_runs/filter", {"sort": "START_TIME_ASC", "limit": 50})
            done = [r for r in runs if r.get("state_type") == "COMPLETED" and r.get("deployment_id")]
        for i, r in enumerate(done[:SERVED_RUNS], start=1):
            rows.append((f"served run {i}: flow start to finish", _seconds(r["start_time"], r["end_time"])))
            rows.append((f"served run {i}: scheduled time to finish", _seconds(r["expected_start_time"], r["end_time"])))
    finally:
        if serve is not None:
            _stop(serve, signal.SIGINT)
        _stop(server, signal.SIGTERM)
    print("| empty inbox | seconds |")
    print("|---|---|")
    for name, seconds in rows:
        print(f"| {name} | {seconds:.1f} |")


if __name__ == "__main__":
    main()
