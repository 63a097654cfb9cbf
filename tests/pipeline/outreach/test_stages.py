"""Stages, next actions and due dates from the event log: one case per etiquette rule, with dates."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from pipeline.outreach.etiquette import Etiquette, load_etiquette
from pipeline.outreach.stages import active_events, derive, drafted_note, due_bucket, refusal

RULES = Etiquette()
TODAY = date(2026, 11, 25)


def log(*rows: tuple) -> pl.DataFrame:
    """Events as (kind, 'YYYY-MM-DD'[, note[, reverses]]) for one contact, ids in order."""
    out = []
    for i, row in enumerate(rows, start=1):
        kind, at, note, reverses = (*row, None, None)[:4]
        out.append({"id": i, "contact_id": "c_1", "kind": kind, "at": date.fromisoformat(at), "note": note,
                    "source": "cli", "target": None, "grade": None, "reverses": reverses, "recorded_at": None})
    return pl.DataFrame(out, schema={"id": pl.Int64, "contact_id": pl.String, "kind": pl.String, "at": pl.Date,
                                     "note": pl.String, "source": pl.String, "target": pl.String, "grade": pl.Int64,
                                     "reverses": pl.Int64, "recorded_at": pl.String})


def one(events: pl.DataFrame, today: date = TODAY) -> dict:
    return derive(events, today=today, rules=RULES).row(0, named=True)


# (rule, events, today, stage, followup, due)
CASES = [
    ("a request a week old is due its one nudge",
     [("sent", "2026-11-18")], TODAY, "sent", "nudge", date(2026, 11, 25)),
    ("a request six days old waits for the nudge",
     [("sent", "2026-11-19")], TODAY, "sent", "nudge", date(2026, 11, 26)),
    ("a second send is the nudge; nothing else is due",
     [("sent", "2026-11-10"), ("sent", "2026-11-20")], TODAY, "nudged", None, None),
    ("seven days of silence after the nudge closes as no reply",
     [("sent", "2026-11-01"), ("nudged", "2026-11-18")], TODAY, "no_reply", None, None),
    ("six days after the nudge it still waits",
     [("sent", "2026-11-01"), ("nudged", "2026-11-19")], TODAY, "nudged", None, None),
    ("a reply stops the nudge; answer within a day",
     [("sent", "2026-11-01"), ("replied", "2026-11-03")], TODAY, "replied", None, date(2026, 11, 4)),
    ("declined stops everything",
     [("sent", "2026-11-01"), ("declined", "2026-11-03")], TODAY, "declined", None, None),
    ("do-not-contact stops everything, even a later send",
     [("sent", "2026-11-01"), ("do_not_contact", "2026-11-03"), ("sent", "2026-11-04")], TODAY, "do_not_contact", None, None),
    ("a thank-you is due within 48 hours of meeting",
     [("sent", "2026-11-01"), ("replied", "2026-11-02"), ("met", "2026-11-24")], TODAY, "met", "thank_you", date(2026, 11, 26)),
    ("a send after the meeting is the thank-you; keep in touch 90 days later",
     [("sent", "2026-08-01"), ("met", "2026-08-20"), ("sent", "2026-08-21")], TODAY, "thanked", "keep_in_touch",
     date(2026, 11, 19)),
    ("any logged interaction resets the keep-in-touch clock",
     [("sent", "2026-08-01"), ("met", "2026-08-20"), ("thanked", "2026-08-21"), ("note", "2026-10-01")], TODAY,
     "thanked", "keep_in_touch", date(2026, 12, 30)),
    ("at most three keep-in-touch updates a year",
     [("sent", "2025-01-01"), ("met", "2025-01-05"), ("thanked", "2025-01-06"), ("kept_in_touch", "2025-04-06"),
      ("kept_in_touch", "2025-07-06"), ("kept_in_touch", "2025-10-06")], date(2026, 1, 10), "keep_in_touch",
     "keep_in_touch", date(2026, 4, 6)),
    ("an undo takes the last event out",
     [("sent", "2026-11-01"), ("replied", "2026-11-03"), ("undo", "2026-11-04", None, 2)], TODAY, "sent", "nudge",
     date(2026, 11, 8)),
    ("a rating never moves a stage",
     [("sent", "2026-11-20"), ("rating", "2026-11-21")], TODAY, "sent", "nudge", date(2026, 11, 27)),
    ("met yesterday: the thank-you is due by tomorrow (within 48 hours)",
     [("sent", "2026-11-01"), ("replied", "2026-11-02"), ("met", "2026-11-24")], date(2026, 11, 25), "met", "thank_you",
     date(2026, 11, 26)),
    ("met two days ago: the last day for the thank-you",
     [("sent", "2026-11-01"), ("replied", "2026-11-02"), ("met", "2026-11-23")], TODAY, "met", "thank_you", date(2026, 11, 25)),
    ("met three days ago: the thank-you window has passed; keep in touch 90 days after meeting",
     [("sent", "2026-11-01"), ("replied", "2026-11-02"), ("met", "2026-11-22")], TODAY, "met", "keep_in_touch",
     date(2027, 2, 20)),
    ("a send three days after meeting is an update, not the thank-you",
     [("sent", "2026-11-01"), ("met", "2026-11-10"), ("sent", "2026-11-13")], TODAY, "keep_in_touch", "keep_in_touch",
     date(2027, 2, 11)),
    ("a reply after the nudge stops the closing",
     [("sent", "2026-11-01"), ("nudged", "2026-11-08"), ("replied", "2026-11-20")], TODAY, "replied", None, date(2026, 11, 21)),
    ("a second nudge is never due, however long the silence",
     [("sent", "2026-11-01"), ("nudged", "2026-11-10")], date(2026, 11, 16), "nudged", None, None),
    ("a takeaway logged after the meeting resets the keep-in-touch clock",
     [("sent", "2026-08-01"), ("met", "2026-08-20"), ("thanked", "2026-08-21"), ("takeaway", "2026-10-01")], TODAY,
     "thanked", "keep_in_touch", date(2026, 12, 30)),
    ("a referral logged after the meeting resets it too",
     [("sent", "2026-08-01"), ("met", "2026-08-20"), ("thanked", "2026-08-21"), ("referral", "2026-10-05")], TODAY,
     "thanked", "keep_in_touch", date(2027, 1, 3)),
    ("the fourth update in a year waits until a year after the first of the three",
     [("sent", "2025-01-01"), ("met", "2025-01-05"), ("thanked", "2025-01-06"), ("kept_in_touch", "2025-03-01"),
      ("kept_in_touch", "2025-05-01"), ("kept_in_touch", "2025-07-01")], date(2025, 9, 1), "keep_in_touch",
     "keep_in_touch", date(2026, 3, 1)),
    ("replied stops the nudge even with no answer from the user",
     [("sent", "2026-11-01"), ("replied", "2026-11-02")], date(2026, 11, 20), "replied", None, date(2026, 11, 3)),
    ("a draft alone is drafted, the request is due",
     [("drafted", "2026-11-24", drafted_note("Hi", "full", "email"))], TODAY, "drafted", None, None),
]


@pytest.mark.parametrize(("events", "today", "stage", "followup", "due"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_etiquette_rule(events, today, stage, followup, due):
    """Each etiquette rule gives the stage, the follow-up kind and its due date."""
    row = one(log(*events), today)
    assert (row["stage"], row["followup"], row["due"]) == (stage, followup, due)


def test_events_in_the_future_are_not_yet_true():
    """An event dated after today does not count yet."""
    assert one(log(("sent", "2026-11-20"), ("replied", "2026-12-01")))["stage"] == "sent"


def test_request_subject_is_kept_for_threading():
    """The subject of the draft sent first is the one the nudge threads under."""
    row = one(log(("drafted", "2026-11-01", drafted_note("Fellow alum", "short", "email")), ("sent", "2026-11-02"),
                  ("drafted", "2026-11-09", drafted_note("Following up", "full", "nudge"))))
    assert (row["subject"], row["variant"]) == ("Fellow alum", "short")


def test_request_message_id_is_the_logged_one():
    """The Message-ID logged with the last draft before sending is the thread; drafts after the send change nothing."""
    row = one(log(("drafted", "2026-11-01", drafted_note("Hi", "full", "email", "<first@example.com>")),
                  ("drafted", "2026-11-02", drafted_note("Hi again", "full", "email", "<edited@example.com>")),
                  ("sent", "2026-11-03"),
                  ("drafted", "2026-11-04", drafted_note("Later", "full", "email", "<later@example.com>"))))
    assert row["message_id"] == "<edited@example.com>"


def test_no_logged_message_id_leaves_it_empty():
    """A request drafted before the log kept Message-IDs has none (the writer then computes it)."""
    assert one(log(("drafted", "2026-11-01", drafted_note("Hi", "full", "email")), ("sent", "2026-11-02")))["message_id"] is None


def test_undo_removes_the_undo_too():
    """active_events leaves out both the undone event and its reversal."""
    events = log(("sent", "2026-11-01"), ("undo", "2026-11-02", None, 1))
    assert active_events(events).height == 0


@pytest.mark.parametrize(("due", "bucket"), [(date(2026, 11, 24), "overdue"), (TODAY, "today"),
                                             (date(2026, 12, 1), "this week"), (date(2026, 12, 2), "later"), (None, "later")])
def test_due_buckets(due, bucket):
    """status groups by overdue, today, the next seven days and later."""
    assert due_bucket(due, TODAY) == bucket


@pytest.mark.parametrize(("kind", "at", "sent", "refused"), [
    ("sent", date(2026, 11, 26), None, "2026-11-26 is in the future"),
    ("replied", TODAY, None, "Cannot mark replied on 2026-11-25: no request was sent before it"),
    ("met", date(2026, 11, 1), date(2026, 11, 2), "Cannot mark met on 2026-11-01: no request was sent before it"),
    ("replied", TODAY, date(2026, 11, 2), None),
])
def test_refusals(kind, at, sent, refused):
    """A future date, and a reply or meeting before any request, are refused."""
    events = log(("sent", sent.isoformat())) if sent else log()
    progress = None
    if sent:
        from pipeline.outreach.stages import progress_of
        progress = progress_of(events.select("kind", "at", "note", "target").rows(), "c_1", today=TODAY, rules=RULES)
    found = refusal(progress, kind, at, TODAY)
    assert (found[0] if found else None) == refused


def test_shipped_etiquette_file_matches_the_defaults():
    """templates/etiquette.toml and the Etiquette defaults say the same thing."""
    assert load_etiquette(None) == Etiquette()
