"""The `report` action: the outreach funnel from the log, as plain values and as out/report.md and out/report.csv."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from pipeline.files import write_csv, write_text_atomic
from pipeline.outreach.etiquette import load_etiquette
from pipeline.outreach.report import (
    DIMENSIONS,
    REPORT_COLUMNS,
    Report,
    ReportRow,
    build_report,
    days_text,
    percent,
    report_frame,
)
from pipeline.store import Store
from pipeline.templating import template_env
from pipeline.text import md_escape
from pipeline.workspace import Workspace

TITLES = {"source": "source", "target": "target", "variant": "template variant", "week": "week of the first request"}


@dataclass(frozen=True)
class ReportResult:
    """The report and where its files were written."""

    report: Report
    paths: tuple[Path, ...]


def outreach_report(workspace: Workspace, *, today: date) -> Report:
    """The report as a plain dataclass, writing nothing (the review page shows it too)."""
    with Store.open(workspace.root) as store:
        events, contacts = store.events(), store.contacts()
    return build_report(events, contacts, today=today, rules=load_etiquette(workspace.template_overrides))


def _view(row: ReportRow) -> dict:
    return {"group": md_escape(row.group), "planned": row.planned, "contacted": row.contacted, "replied": row.replied,
            "met": row.met, "referrals": row.referrals, "rate": percent(row.reply_rate), "days": days_text(row.days_to_reply)}


def report_markdown(report: Report) -> str:
    """out/report.md: the funnel, then one table per breakdown."""
    sections = [{"title": TITLES[d], "rows": [_view(r) for r in report.by(d)]} for d in DIMENSIONS]
    return template_env().get_template("report.md.j2").render(
        generated=report.generated.isoformat(), total=_view(report.total), sections=sections)


def make_report(workspace: Workspace, *, today: date) -> ReportResult:
    """The `report` action: build the report and write out/report.md and out/report.csv."""
    report = outreach_report(workspace, today=today)
    paths = (workspace.out / "report.md", workspace.out / "report.csv")
    write_text_atomic(paths[0], report_markdown(report))
    write_csv(report_frame(report), paths[1], REPORT_COLUMNS)
    return ReportResult(report, paths)
