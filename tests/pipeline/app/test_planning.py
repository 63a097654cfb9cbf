"""The commands' domain work end to end, without the CLI: nothing personal in the logs."""

from __future__ import annotations

import csv
import logging
from datetime import date

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
