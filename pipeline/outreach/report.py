"""The outreach report from the event log: the funnel, and reply rate and days to reply by source, target, variant and week."""

from __future__ import annotations

import statistics
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

import polars as pl

from pipeline.outreach.etiquette import Etiquette
from pipeline.outreach.stages import derive

DIMENSIONS = ("source", "target", "variant", "week")
FUNNEL = ("planned", "contacted", "replied", "met", "referrals")
REPORT_COLUMNS = ("dimension", "group", *FUNNEL, "reply_rate", "days_to_reply")
# Groups for contacts the dimension does not apply to yet.
NOT_SENT, NOT_DRAFTED, NO_TARGET = "(not sent)", "(not drafted)", "(no target)"


@dataclass(frozen=True)
class ReportRow:
    """One group's funnel: counts of contacts at each step, the reply rate and the median days to reply."""

    dimension: str  # "all", or one of DIMENSIONS
    group: str
    planned: int
    contacted: int
    replied: int
    met: int
    referrals: int
    reply_rate: float | None  # replied / contacted; None when nobody was contacted
    days_to_reply: float | None  # median days from the first request to the reply


@dataclass(frozen=True)
class Report:
    """The whole report as plain values: `total` is the funnel, `rows` the breakdowns in DIMENSIONS order."""

    generated: date
    total: ReportRow
    rows: list[ReportRow]

    def by(self, dimension: str) -> list[ReportRow]:
        return [r for r in self.rows if r.dimension == dimension]


def _source(contact: dict[str, Any], referred: bool) -> str:
    # A referral is its own source whatever file it sits in; several exports read as one joined label.
    if referred:
        return "referral"
    return "+".join(sorted(set(contact.get("sources") or ()))) or "(unknown)"


def _week(day: date | None) -> str:
    if day is None:
        return NOT_SENT
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def contact_facts(events: pl.DataFrame, contacts: pl.DataFrame, *, today: date, rules: Etiquette) -> list[dict[str, Any]]:
    """One row per contact with outreach: its groups and how far it got (merged-away contacts left out)."""
    by_id = {r["contact_id"]: r for r in contacts.iter_rows(named=True)} if contacts.height else {}
    facts = []
    for p in derive(events, today=today, rules=rules).iter_rows(named=True):
        contact = by_id.get(p["contact_id"])
        if contact is None:
            continue
        sent, replied = p["first_sent"], p["replied_at"]
        answered = sent is not None and replied is not None and replied >= sent
        facts.append({
            "source": _source(contact, p["referred_by_id"] is not None),
            "target": p["target"] or NO_TARGET,
            "variant": p["variant"] or NOT_DRAFTED,
            "week": _week(sent),
            "contacted": sent is not None,
            "replied": answered,
            "met": p["met_at"] is not None,
            "referrals": int(p["referrals"] or 0),
            "days": (replied - sent).days if answered else None,
        })
    return facts


def _row(dimension: str, group: str, facts: list[dict[str, Any]]) -> ReportRow:
    contacted = sum(f["contacted"] for f in facts)
    replied = sum(f["replied"] for f in facts)
    days = [f["days"] for f in facts if f["days"] is not None]
    return ReportRow(
        dimension, group, planned=len(facts), contacted=contacted, replied=replied, met=sum(f["met"] for f in facts),
        referrals=sum(f["referrals"] for f in facts), reply_rate=replied / contacted if contacted else None,
        days_to_reply=float(statistics.median(days)) if days else None,
    )


def build_report(events: pl.DataFrame, contacts: pl.DataFrame, *, today: date, rules: Etiquette | None = None) -> Report:
    """The funnel and its breakdowns; groups sorted by name (weeks read in order), placeholders last."""
    facts = contact_facts(events, contacts, today=today, rules=rules or Etiquette())
    rows = []
    for dimension in DIMENSIONS:
        groups = sorted({f[dimension] for f in facts}, key=lambda g: (g.startswith("("), g.casefold()))
        rows += [_row(dimension, g, [f for f in facts if f[dimension] == g]) for g in groups]
    return Report(today, _row("all", "all", facts), rows)


def report_frame(report: Report) -> pl.DataFrame:
    """The report as one long table (REPORT_COLUMNS), the funnel first: what out/report.csv holds."""
    schema = {"dimension": pl.String(), "group": pl.String(), **{k: pl.Int64() for k in FUNNEL},
              "reply_rate": pl.Float64(), "days_to_reply": pl.Float64()}
    return pl.DataFrame([asdict(r) for r in [report.total, *report.rows]], schema=schema).with_columns(
        pl.col("reply_rate").round(3))


def percent(rate: float | None) -> str:
    """ "42%", or "-" when nobody was contacted."""
    return "-" if rate is None else f"{round(rate * 100)}%"


def days_text(days: float | None) -> str:
    """ "3" or "2.5" days, or "-" when nobody replied."""
    return "-" if days is None else f"{days:g}"
