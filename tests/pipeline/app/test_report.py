"""The `report` use case: out/report.md and out/report.csv from the sample workspace's log."""

from __future__ import annotations

import csv
from datetime import date

from pipeline.app import imports, outreach, planning
from pipeline.app.report import make_report, outreach_report
from tests.conftest import SAMPLE

TODAY = date(2026, 11, 25)


def test_report_files_agree_with_the_report(workspace):
    """After drafts and one reply, the CSV and the Markdown carry the same funnel as the returned dataclass."""
    imports.import_into(workspace, [SAMPLE / "Connections.csv", SAMPLE / "alumni.csv"])
    drafts = planning.make_drafts(workspace, today=date(2026, 11, 16))
    first = drafts.drafts["contact_id"][0]
    outreach.mark(workspace, first, "sent", on=date(2026, 11, 16), today=TODAY)
    outreach.mark(workspace, first, "replied", on=date(2026, 11, 20), today=TODAY)
    result = make_report(workspace, today=TODAY)
    total = result.report.total
    assert (total.planned, total.contacted, total.replied, total.days_to_reply) == (drafts.batch, 1, 1, 4.0)
    rows = list(csv.DictReader(result.paths[1].read_text(encoding="utf-8").splitlines()))
    assert rows[0] == {"dimension": "all", "group": "all", "planned": str(drafts.batch), "contacted": "1", "replied": "1",
                       "met": "0", "referrals": "0", "reply_rate": "1.0", "days_to_reply": "4.0"}
    markdown = result.paths[0].read_text(encoding="utf-8")
    assert f"| {drafts.batch} | 1 | 1 | 0 | 0 | 100% | 4 |" in markdown
    assert "| 2026-W47 | 1 | 1 | 1 | 0 | 100% | 4 |" in markdown
    assert outreach_report(workspace, today=TODAY) == result.report
