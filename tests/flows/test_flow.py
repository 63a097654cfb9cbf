"""The Prefect flow, run for real against the session's test harness."""

from __future__ import annotations

import csv
import email
import shutil
import sys

import pytest

from flows.cli import main

pytestmark = [pytest.mark.prefect, pytest.mark.usefixtures("prefect_harness")]


def run_main(*argv: str) -> int:
    """Call the console script in-process (so it shares the session's Prefect harness)."""
    old = sys.argv
    sys.argv = ["coffeechat", *argv]
    try:
        main()
    except SystemExit as exc:
        return int(exc.code or 0)
    finally:
        sys.argv = old
    return 0


@pytest.fixture(scope="module")
def demo(tmp_path_factory, prefect_harness):
    """The demo, run once for this module."""
    root = tmp_path_factory.mktemp("demo") / "demo"
    code = run_main("demo", "--workspace", str(root), "--today", "2026-11-25")
    return code, root


def test_demo_leaves_plan_and_drafts(demo, capsys):
    """The demo's flow writes plan.csv, plan.md, plan.html and .eml drafts."""
    code, root = demo
    out = root / "out"
    assert code == 0
    assert {p.name for p in out.iterdir()} >= {"plan.csv", "plan.md", "plan.html", "drafts"}
    emls = sorted((out / "drafts").glob("*.eml"))
    assert emls
    message = email.message_from_bytes(emls[0].read_bytes())
    assert message["X-Unsent"] == "1"
    assert message["From"] and message["To"] and message["Subject"]


def test_demo_ranks_people_in_weekly_batches(demo):
    """The plan has ranked rows with a why, and at most per_company from one company a week."""
    _, root = demo
    with (root / "out" / "plan.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert rows and all(r["why"] for r in rows)
    assert [int(r["rank"]) for r in rows] == list(range(1, len(rows) + 1))
    per_week_company: dict[tuple[str, str], int] = {}
    for r in rows:
        if r["company"]:
            key = (r["send_week"], r["company"].casefold())
            per_week_company[key] = per_week_company.get(key, 0) + 1
    assert max(per_week_company.values()) <= 2


def test_flow_run_and_artifacts_are_recorded(demo):
    """Prefect records a completed coffeechat-run and the plan artifacts."""
    from prefect.client.orchestration import get_client

    with get_client(sync_client=True) as client:
        runs = [r for r in client.read_flow_runs() if r.name and r.state and r.state.is_completed()]
        keys = {a.key for a in client.read_artifacts()}
    assert runs
    assert {"coffeechat-plan", "coffeechat-plan-summary"} <= keys


def test_run_imports_each_inbox_file_once(demo, capsys):
    """Imported files are filed under inbox/imported/; dropped again, a run finds them already imported."""
    _, root = demo
    imported = root / "inbox" / "imported"
    assert {p.name for p in imported.iterdir()} >= {"Connections.csv", "alumni.csv"}
    for name in ("Connections.csv", "alumni.csv"):
        shutil.copy2(imported / name, root / "inbox" / name)  # copy2 keeps the mtime: settled at once
    capsys.readouterr()
    code = run_main("run", "--workspace", str(root), "--today", "2026-11-25")
    out = capsys.readouterr().out
    assert code == 0
    assert "inbox/Connections.csv: unchanged" in out
    assert "inbox/alumni.csv: unchanged" in out


def test_no_task_result_is_persisted(demo):
    """Contact data never lands in Prefect's result storage."""
    from prefect.settings import get_current_settings

    storage = get_current_settings().results.local_storage_path
    assert not storage.exists() or not any(p.is_file() for p in storage.rglob("*"))
