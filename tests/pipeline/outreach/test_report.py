"""The outreach report from the log: funnel counts, reply rate and days to reply, grouped by source, target, variant, week."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from pipeline.outreach.report import (
    NOT_DRAFTED,
    NOT_SENT,
    build_report,
    days_text,
    percent,
    report_frame,
)
from pipeline.outreach.stages import drafted_note

TODAY = date(2026, 11, 25)
EVENTS = {"contact_id": pl.String(), "kind": pl.String(), "at": pl.Date(), "note": pl.String(), "target": pl.String()}
CONTACTS = {"contact_id": pl.String(), "sources": pl.List(pl.String())}


def log(*rows: tuple) -> pl.DataFrame:
    """Events as (contact, kind, date, note, target)."""
    return pl.DataFrame([dict(zip(EVENTS, (*r, *([None] * (5 - len(r)))), strict=True)) for r in rows], schema=EVENTS)


PEOPLE = pl.DataFrame([("a", ["alumni"]), ("b", ["linkedin"]), ("c", ["alumni", "linkedin"]), ("r", ["referral"])],
                      schema=CONTACTS, orient="row")
SENT_A = [("a", "drafted", date(2026, 11, 2), drafted_note("Hi", "full", "email"), "Data science"),
          ("a", "sent", date(2026, 11, 2)), ("a", "replied", date(2026, 11, 5)), ("a", "met", date(2026, 11, 12)),
          ("a", "referral", date(2026, 11, 12), "r"), ("r", "referred", date(2026, 11, 12), "a")]
SENT_B = [("b", "drafted", date(2026, 11, 9), drafted_note(None, "short", "linkedin"), "UX research"),
          ("b", "sent", date(2026, 11, 10)), ("b", "replied", date(2026, 11, 11))]
SILENT_C = [("c", "drafted", date(2026, 11, 9), drafted_note("Hi", "full", "email"), "Data science"),
            ("c", "sent", date(2026, 11, 10))]

FUNNEL_CASES = [
    # (id, events, expected (planned, contacted, replied, met, referrals), reply rate, days to reply)
    ("empty log", [], (0, 0, 0, 0, 0), None, None),
    ("drafted only", [SENT_A[0]], (1, 0, 0, 0, 0), None, None),
    ("one replied in 3 days", SENT_A[:3], (1, 1, 1, 0, 0), 1.0, 3.0),
    ("met and a referral", SENT_A, (2, 1, 1, 1, 1), 1.0, 3.0),
    ("two replied, one silent", SENT_A + SENT_B + SILENT_C, (4, 3, 2, 1, 1), 2 / 3, 2.0),
]


@pytest.mark.parametrize(("case", "events", "counts", "rate", "days"), FUNNEL_CASES, ids=[c[0] for c in FUNNEL_CASES])
def test_funnel(case, events, counts, rate, days):
    """Each step counts the contacts that reached it; rate is replied / contacted, days the median wait."""
    total = build_report(log(*events), PEOPLE, today=TODAY).total
    assert (total.planned, total.contacted, total.replied, total.met, total.referrals) == counts
    assert (total.reply_rate, total.days_to_reply) == (pytest.approx(rate) if rate else rate, days)


def test_breakdowns_by_source_target_variant_week():
    """Every contact lands in one group per dimension; a referral is its own source; unsent ones are grouped apart."""
    report = build_report(log(*SENT_A, *SENT_B, *SILENT_C), PEOPLE, today=TODAY)
    rows = {(r.dimension, r.group): (r.contacted, r.replied, r.reply_rate) for r in report.rows}
    assert rows == {
        ("source", "alumni"): (1, 1, 1.0), ("source", "alumni+linkedin"): (1, 0, 0.0),
        ("source", "linkedin"): (1, 1, 1.0), ("source", "referral"): (0, 0, None),
        ("target", "Data science"): (2, 1, 0.5), ("target", "UX research"): (1, 1, 1.0),
        ("target", "(no target)"): (0, 0, None),
        ("variant", "full"): (2, 1, 0.5), ("variant", "short"): (1, 1, 1.0), ("variant", NOT_DRAFTED): (0, 0, None),
        ("week", "2026-W45"): (1, 1, 1.0), ("week", "2026-W46"): (2, 1, 0.5), ("week", NOT_SENT): (0, 0, None),
    }


def test_undone_reply_is_not_counted():
    """An undone reply leaves the funnel."""
    events = log(*SENT_A[:3]).with_columns(pl.int_range(1, 4).alias("id"), pl.lit(None, pl.Int64).alias("reverses"))
    undo = pl.DataFrame([{"id": 4, "contact_id": "a", "kind": "undo", "at": TODAY, "note": None, "target": None,
                          "reverses": 3}], schema=events.schema)
    assert build_report(pl.concat([events, undo]), PEOPLE, today=TODAY).total.replied == 0


def test_merged_away_contacts_are_left_out():
    """Events of a contact no longer in the store are not counted."""
    assert build_report(log(*SENT_B), PEOPLE.filter(pl.col("contact_id") != "b"), today=TODAY).total.planned == 0


def test_frame_has_the_funnel_first():
    """report.csv's table: the total row, then the breakdowns, with the promised columns."""
    frame = report_frame(build_report(log(*SENT_A), PEOPLE, today=TODAY))
    assert frame.columns == ["dimension", "group", "planned", "contacted", "replied", "met", "referrals",
                             "reply_rate", "days_to_reply"]
    assert frame.row(0) == ("all", "all", 2, 1, 1, 1, 1, 1.0, 3.0)


@pytest.mark.parametrize(("rate", "days", "shown"), [(None, None, ("-", "-")), (2 / 3, 2.5, ("67%", "2.5")),
                                                     (0.0, 3.0, ("0%", "3"))])
def test_numbers_as_shown(rate, days, shown):
    """Rates as whole percents, days without a trailing .0, a dash for nothing."""
    assert (percent(rate), days_text(days)) == shown
