"""kill -9 at random moments of an import subprocess: the store is as it was, or fully imported, never partly."""

from __future__ import annotations

import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from pipeline.store import Store
from tests.pipeline.app.test_imports import linkedin_csv

TRIALS = 6
IMPORT = "import sys; from pathlib import Path; from pipeline.app.imports import import_into; " \
         "from pipeline.workspace import Workspace; import_into(Workspace(Path(sys.argv[1])), [Path(sys.argv[2])])"


def _state(db) -> tuple:
    """Counts that must move together, after checking the file is a whole SQLite database."""
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        one = lambda sql: conn.execute(sql).fetchone()[0]  # noqa: E731
        orphans = one("SELECT count(*) FROM source_records WHERE contact_id IS NULL "
                      "OR contact_id NOT IN (SELECT contact_id FROM contacts)")
        return (one("SELECT count(*) FROM imports"), one("SELECT count(*) FROM source_records"),
                one("SELECT count(*) FROM contacts"), one("SELECT count(*) FROM rejects"), orphans)
    finally:
        conn.close()


def _start(root, export) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", IMPORT, str(root), str(export)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    """A workspace holding one import, the next export to import, and the state before and after it."""
    from pipeline.app.imports import import_into
    from pipeline.workspace import init_workspace

    base = tmp_path_factory.mktemp("crash")
    first, second = base / "first.csv", base / "second.csv"
    first.write_text(linkedin_csv(300))
    second.write_text(linkedin_csv(3000, start=200, title="Senior Analyst") + "bad,row,not-a-url,,,,not a date\n")
    ws, _ = init_workspace(base / "seed")
    import_into(ws, [first])
    before = _state(ws.db)
    full = base / "full"
    shutil.copytree(ws.root, full)
    started = time.perf_counter()
    assert _start(full, second).wait(timeout=120) == 0
    duration = time.perf_counter() - started
    return ws.root, second, before, _state(full / "coffeechat.db"), duration


def test_kill_at_random_points_leaves_the_store_whole(seeded, tmp_path):
    """Each SIGKILL leaves integrity_check ok and the counts of before or after the import, with no orphans."""
    seed, export, before, after, duration = seeded
    assert before != after and before[-1] == after[-1] == 0
    rng = random.Random(15)
    for trial in range(TRIALS):
        root = tmp_path / f"trial{trial}"
        shutil.copytree(seed, root)
        proc = _start(root, export)
        time.sleep(rng.uniform(0.2, duration))
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        state = _state(root / "coffeechat.db")
        assert state in (before, after), (trial, state)
        with Store.open(root) as store:  # the unclean stop is checked on open, and the store works on
            assert store.counts()["imports"] == state[0]
