"""The commands' domain work end to end, without the CLI: nothing personal in the logs."""

from __future__ import annotations

import csv
import logging
from datetime import date

import pytest

from pipeline.app import imports, planning
from tests.conftest import SAMPLE


def _sample_names() -> set[str]:
    names = set()
    for name in ("Connections.csv", "alumni.csv"):
        lines = (SAMPLE / name).read_text(encoding="utf-8").splitlines()
        start = next(i for i, line in enumerate(lines) if line.startswith(("First Name", "Constituent ID")))
        for row in csv.DictReader(lines[start:]):
            for key in ("Last Name", "Email Address", "Preferred Email"):
                if row.get(key) and len(row[key]) > 3:
                    names.add(row[key])
    return names


def test_import_plan_and_drafts_log_no_names_or_emails(workspace, caplog):
    """Above DEBUG, no contact's surname or email reaches a log record."""
    caplog.set_level(logging.INFO)
    imports.import_into(workspace, [SAMPLE / "Connections.csv", SAMPLE / "alumni.csv"])
    planning.make_plan(workspace, today=date(2026, 11, 25))
    planning.make_drafts(workspace, today=date(2026, 11, 25))
    logged = "\n".join(r.getMessage() for r in caplog.records if r.levelno > logging.DEBUG)
    assert logged  # the stages do report their counts
    assert [n for n in _sample_names() if n in logged] == []


def test_next_batch_is_the_first_send_week(workspace):
    """Drafts go to the plan's first week unless --top asks for the top N."""
    imports.import_into(workspace, [SAMPLE / "Connections.csv", SAMPLE / "alumni.csv"])
    plan = planning.make_plan(workspace, today=date(2026, 11, 25)).plan
    assert planning.next_batch(plan, top=None)["send_week"].unique().to_list() == [1]
    assert planning.next_batch(plan, top=3)["rank"].to_list() == [1, 2, 3]


DAY = date(2026, 11, 25)


@pytest.fixture(scope="module")
def _imported(tmp_path_factory):
    import shutil

    from pipeline.workspace import init_workspace

    ws, _ = init_workspace(tmp_path_factory.mktemp("rerank") / "ws")
    shutil.copyfile(SAMPLE / "profile.toml", ws.profile)
    imports.import_into(ws, [SAMPLE / "Connections.csv", SAMPLE / "alumni.csv"])
    return ws


@pytest.fixture
def imported(_imported, tmp_path):
    """A copy of the imported sample network, for a test that logs events."""
    import shutil

    from pipeline.workspace import Workspace

    shutil.copytree(_imported.root, tmp_path / "copy")
    return Workspace(tmp_path / "copy")


def _marked(workspace, *kinds: str) -> tuple:
    """The ranking before, and the plan's top contact after `kinds` were logged for them (sent first)."""
    from pipeline.app.outreach import mark
    from pipeline.app.ratings import rate

    before = planning.rank(workspace, target=None, today=DAY)
    top = before.plan["contact_id"][0]
    for kind in kinds:
        if kind == "rating":
            rate(workspace, before.plan["contact_id"][1], 3, on=DAY)
        else:
            mark(workspace, top, kind.removesuffix(" undo"), on=DAY, today=DAY, undo=kind.endswith(" undo"))
    return before, top


def test_rerank_after_a_stage_change_gives_the_plan_rank_gives(imported):
    """Marking the top contact sent: the kept scores give the very plan a fresh ranking makes."""
    before, top = _marked(imported, "sent")
    again = planning.rerank(imported, before, target=None, today=DAY)
    fresh = planning.rank(imported, target=None, today=DAY)
    assert top not in again.plan["contact_id"].to_list() and again.plan.equals(fresh.plan)


@pytest.mark.parametrize(("kinds", "scores_again"), [
    (("sent",), False),
    (("note",), False),
    (("sent", "sent undo"), True),  # back in the plan: no score kept for them
    (("rating",), True),  # a rating teaches the others
])
def test_rerank_scores_again_only_when_scores_can_move(imported, monkeypatch, kinds, scores_again):
    """Scoring runs again after a rating or an undo, not after a plain stage change or a note."""
    before, _ = _marked(imported, *kinds)
    calls = []
    real = planning.score_contacts
    monkeypatch.setattr(planning, "score_contacts", lambda *a, **k: calls.append(1) or real(*a, **k))
    again = planning.rerank(imported, before, target=None, today=DAY)
    assert (bool(calls), again.plan.equals(planning.rank(imported, target=None, today=DAY).plan)) == (scores_again, True)
