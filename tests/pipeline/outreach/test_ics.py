"""out/followups.ics: one all-day event per coming follow-up, stable UIDs, SEQUENCE bumped when a date moves."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import icalendar
import polars as pl
import pytest

from pipeline.outreach.etiquette import Etiquette
from pipeline.outreach.ics import (
    KEEP_CANCELLED_DAYS,
    FollowUp,
    followups_due,
    plan_sequences,
    read_state,
    render_calendar,
    state_text,
    uid_for,
)
from pipeline.outreach.stages import derive

NOW = datetime(2026, 11, 25, 8, 0, tzinfo=UTC)
TODAY = NOW.date()
ANA = "c_000000000001"


def item(due: date, action: str = "nudge", contact_id: str = ANA) -> FollowUp:
    return FollowUp(contact_id, action, due, "Ana Lopez", "send the one follow-up")


def parsed(state) -> dict[str, icalendar.Event]:
    """The written calendar read back with icalendar, by UID."""
    cal = icalendar.Calendar.from_ical(render_calendar(state))
    return {str(e["uid"]): e for e in cal.walk("VEVENT")}


def rewrite(*runs: list[FollowUp], today: date = TODAY) -> dict:
    """The sidecar state after writing the calendar once per run, each run a day later."""
    state: dict = {}
    for i, items in enumerate(runs):
        state = read_state(state_text(plan_sequences(items, state, now=NOW + timedelta(days=i), today=today)))
    return state


SEQUENCE_CASES = [
    # (id, runs as lists of due dates for Ana's nudge, expected (due, sequence, cancelled))
    ("first write", [[date(2026, 12, 2)]], (date(2026, 12, 2), 0, False)),
    ("same date again", [[date(2026, 12, 2)], [date(2026, 12, 2)]], (date(2026, 12, 2), 0, False)),
    ("date moved", [[date(2026, 12, 2)], [date(2026, 12, 9)]], (date(2026, 12, 9), 1, False)),
    ("moved twice", [[date(2026, 12, 2)], [date(2026, 12, 9)], [date(2026, 12, 16)]], (date(2026, 12, 16), 2, False)),
    ("no longer due", [[date(2026, 12, 2)], []], (date(2026, 12, 2), 1, True)),
    ("cancelled stays put", [[date(2026, 12, 2)], [], []], (date(2026, 12, 2), 1, True)),
    ("due again after cancel", [[date(2026, 12, 2)], [], [date(2026, 12, 2)]], (date(2026, 12, 2), 2, False)),
]


@pytest.mark.parametrize(("case", "runs", "expected"), SEQUENCE_CASES, ids=[c[0] for c in SEQUENCE_CASES])
def test_sequence_follows_the_date(case, runs, expected):
    """Re-writing keeps one event per contact and action; SEQUENCE goes up exactly when it changes."""
    state = rewrite(*[[item(d) for d in run] for run in runs])
    events = parsed(state)
    assert list(events) == [uid_for(ANA, "nudge")]
    event = events[uid_for(ANA, "nudge")]
    got = (event.decoded("dtstart"), int(event["sequence"]), str(event.get("status", "")) == "CANCELLED")
    assert got == expected


def test_all_day_event_with_display_alarm():
    """Each follow-up is an all-day event (DATE, one day long) with a DISPLAY alarm at 09:00."""
    event = parsed(rewrite([item(date(2026, 12, 2), "thank_you")]))[uid_for(ANA, "thank_you")]
    assert (event.decoded("dtstart"), event.decoded("dtend")) == (date(2026, 12, 2), date(2026, 12, 3))
    assert type(event.decoded("dtstart")) is date
    alarm = event.walk("VALARM")[0]
    assert (str(alarm["action"]), alarm.decoded("trigger")) == ("DISPLAY", timedelta(hours=9))
    assert str(event["summary"]) == "Thank Ana Lopez"


def test_uid_is_per_contact_and_action():
    """Two actions for one person and one action for two people are three events."""
    state = rewrite([item(date(2026, 12, 2)), item(date(2026, 12, 2), "keep_in_touch"),
                     item(date(2026, 12, 3), contact_id="c_000000000002")])
    assert sorted(parsed(state)) == sorted([uid_for(ANA, "nudge"), uid_for(ANA, "keep_in_touch"),
                                            uid_for("c_000000000002", "nudge")])


def test_unchanged_rewrite_is_byte_identical():
    """Nothing moved: the same bytes (DTSTAMP kept), so the file diffs cleanly."""
    once = rewrite([item(date(2026, 12, 2))])
    twice = rewrite([item(date(2026, 12, 2))], [item(date(2026, 12, 2))])
    assert render_calendar(once) == render_calendar(twice)


def test_old_cancelled_events_are_forgotten():
    """A cancelled follow-up leaves the file once it is more than KEEP_CANCELLED_DAYS in the past."""
    state = rewrite([item(date(2026, 12, 2))], [])
    later = plan_sequences([], state, now=NOW, today=date(2026, 12, 2) + timedelta(days=KEEP_CANCELLED_DAYS + 1))
    assert later == {}


def test_unreadable_sidecar_starts_afresh():
    """A damaged sidecar is no crash: events start again at SEQUENCE 0."""
    assert read_state("{not json") == {} and read_state('{"events": []}') == {}


FROM_LOG_CASES = [
    # (id, events as (kind, date), expected (action, due) or None)
    ("sent: the nudge a week later", [("sent", date(2026, 11, 20))], ("nudge", date(2026, 11, 27))),
    ("met: the thank-you within two days", [("sent", date(2026, 11, 1)), ("replied", date(2026, 11, 2)),
                                            ("met", date(2026, 11, 24))], ("thank_you", date(2026, 11, 26))),
    ("thanked: keep in touch in 90 days", [("sent", date(2026, 9, 1)), ("met", date(2026, 9, 10)),
                                           ("sent", date(2026, 9, 11))], ("keep_in_touch", date(2026, 12, 10))),
    ("replied: no follow-up on the calendar", [("sent", date(2026, 11, 1)), ("replied", date(2026, 11, 2))], None),
    ("declined: nothing", [("sent", date(2026, 11, 1)), ("declined", date(2026, 11, 2))], None),
]


@pytest.mark.parametrize(("case", "history", "expected"), FROM_LOG_CASES, ids=[c[0] for c in FROM_LOG_CASES])
def test_followups_from_the_log(case, history, expected):
    """The calendar holds the follow-up the etiquette rules make due, on its date."""
    events = pl.DataFrame([{"contact_id": ANA, "kind": k, "at": d, "note": None} for k, d in history],
                          schema={"contact_id": pl.String(), "kind": pl.String(), "at": pl.Date(), "note": pl.String()})
    items = followups_due(derive(events, today=TODAY, rules=Etiquette()), {ANA: "Ana Lopez"})
    assert [(i.action, i.due) for i in items] == ([expected] if expected else [])
