"""Due follow-ups as an iCalendar file: one all-day event each, a stable UID, SEQUENCE bumped when the date moves."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import icalendar
import polars as pl

FOLLOWUP_ACTIONS = {"nudge": "Follow up", "thank_you": "Thank", "keep_in_touch": "Keep in touch with"}
PRODID = "-//coffeechat//follow-ups//EN"
UID_DOMAIN = "coffeechat.invalid"
# The reminder pops up at 09:00 on the day (an all-day event starts at midnight).
ALARM_AT = timedelta(hours=9)
# A follow-up that is no longer due stays in the file as CANCELLED (so a re-import removes it) this long.
KEEP_CANCELLED_DAYS = 30


@dataclass(frozen=True)
class FollowUp:
    """One follow-up on a date: who, which action and what to do."""

    contact_id: str
    action: str  # nudge, thank_you, keep_in_touch
    due: date
    name: str
    next_action: str


def uid_for(contact_id: str, action: str) -> str:
    """Stable per contact and action, so a calendar updates the event instead of adding another."""
    return f"{contact_id}-{action.replace('_', '-')}@{UID_DOMAIN}"


def followups_due(progress: pl.DataFrame, names: Mapping[str, str]) -> list[FollowUp]:
    """Every contact's coming follow-up (nudge, thank-you, keep-in-touch) with its date, from `stages.derive`."""
    items = []
    for p in progress.iter_rows(named=True):
        if p["followup"] in FOLLOWUP_ACTIONS and p["due"] is not None and p["next_action"] and p["contact_id"] in names:
            items.append(FollowUp(p["contact_id"], p["followup"], p["due"], names[p["contact_id"]], p["next_action"]))
    return sorted(items, key=lambda f: (f.due, f.contact_id, f.action))


def _stamp(now: datetime) -> str:
    return now.astimezone(UTC).replace(microsecond=0).isoformat()


def plan_sequences(items: list[FollowUp], previous: Mapping[str, Mapping[str, Any]], *, now: datetime,
                   today: date) -> dict[str, dict[str, Any]]:
    """The new sidecar state: uid -> due, sequence, stamp, summary, cancelled.

    A new event starts at SEQUENCE 0; a moved date (or one that comes back after being cancelled)
    bumps it; one no longer due is kept as cancelled with a bump, then forgotten after a while.
    """
    state: dict[str, dict[str, Any]] = {}
    stamp = _stamp(now)
    for item in items:
        uid = uid_for(item.contact_id, item.action)
        summary = f"{FOLLOWUP_ACTIONS[item.action]} {item.name}"
        description = f"{item.next_action} ({item.contact_id}): `coffeechat drafts` writes it; `coffeechat mark {item.contact_id} sent` after."
        old = previous.get(uid)
        entry = {"due": item.due.isoformat(), "summary": summary, "description": description, "cancelled": False}
        if old is None:
            state[uid] = {**entry, "sequence": 0, "stamp": stamp}
        elif old.get("due") != entry["due"] or old.get("cancelled") or old.get("summary") != summary \
                or old.get("description") != description:
            state[uid] = {**entry, "sequence": int(old.get("sequence", 0)) + 1, "stamp": stamp}
        else:
            state[uid] = {**entry, "sequence": int(old.get("sequence", 0)), "stamp": old.get("stamp", stamp)}
    for uid, old in previous.items():
        if uid in state:
            continue
        due = _date(old.get("due"))
        if due is None or (today - due).days > KEEP_CANCELLED_DAYS:
            continue
        if old.get("cancelled"):
            state[uid] = dict(old)
        else:
            state[uid] = {**old, "cancelled": True, "sequence": int(old.get("sequence", 0)) + 1, "stamp": stamp}
    return dict(sorted(state.items(), key=lambda kv: (kv[1]["due"], kv[0])))


def _date(text: Any) -> date | None:
    try:
        return date.fromisoformat(text)
    except (TypeError, ValueError):
        return None


def render_calendar(state: Mapping[str, Mapping[str, Any]]) -> bytes:
    """The .ics bytes for a sidecar state: byte-identical when nothing moved."""
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", "coffeechat follow-ups")
    for uid, entry in state.items():
        day = date.fromisoformat(entry["due"])
        event = icalendar.Event()
        event.add("uid", uid)
        event.add("dtstamp", datetime.fromisoformat(entry["stamp"]))
        event.add("dtstart", day)
        event.add("dtend", day + timedelta(days=1))
        event.add("summary", entry["summary"])
        event.add("description", entry["description"])
        event.add("sequence", int(entry["sequence"]))
        event.add("transp", "TRANSPARENT")  # a reminder, not a meeting: it does not block the day
        if entry.get("cancelled"):
            event.add("status", "CANCELLED")
        else:
            alarm = icalendar.Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", entry["summary"])
            alarm.add("trigger", ALARM_AT)
            event.add_component(alarm)
        cal.add_component(event)
    return cal.to_ical()


def read_state(text: str | None) -> dict[str, dict[str, Any]]:
    """The sidecar's uid -> entry map; an unreadable sidecar starts afresh (events then restart at SEQUENCE 0)."""
    try:
        data = json.loads(text or "{}")
    except ValueError:
        return {}
    events = data.get("events", {}) if isinstance(data, dict) else {}
    return {k: v for k, v in events.items() if isinstance(v, dict) and "due" in v} if isinstance(events, dict) else {}


def state_text(state: Mapping[str, Mapping[str, Any]]) -> str:
    """The sidecar as JSON text."""
    return json.dumps({"version": 1, "events": state}, indent=1, ensure_ascii=False) + "\n"
