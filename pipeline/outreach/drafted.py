"""Which `drafted` events a batch of first requests adds to the log: subject, variant, target and Message-ID, once each."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import polars as pl

from pipeline.outreach.eml import message_id
from pipeline.outreach.stages import active_events, drafted_note

REQUEST_KINDS = ("email", "linkedin")


def _latest_drafted(events: pl.DataFrame) -> dict[str, tuple[str | None, str | None]]:
    """contact_id -> (note, target) of their latest active `drafted` event."""
    active = active_events(events)
    if active.is_empty():
        return {}
    drafted = active.filter(pl.col("kind") == "drafted").sort("at", "id")
    return {cid: (note, target) for cid, note, target in drafted.select("contact_id", "note", "target").rows()}


def new_drafted_events(
    drafts: pl.DataFrame,
    *,
    events: pl.DataFrame,
    variants: Mapping[str, str],
    targets: Mapping[str, str | None],
    from_addr: str | None,
    subjects: Mapping[str, str | None] | None = None,
    message_ids: Mapping[str, str | None] | None = None,
) -> list[dict[str, Any]]:
    """One `drafted` event (contact_id, note, target) per good first request whose draft differs from the last one logged.

    `subjects` overrides the rendered subject with the one on disk (a draft the user edited), so the
    nudge answers the subject that was really sent; `message_ids` likewise the Message-ID on disk.
    Re-running the same batch adds nothing.
    """
    if drafts.is_empty():
        return []
    latest = _latest_drafted(events)
    subjects, message_ids = subjects or {}, message_ids or {}
    made = []
    for row in drafts.filter(pl.col("kind").is_in(REQUEST_KINDS) & pl.col("ok")).iter_rows(named=True):
        cid = row["contact_id"]
        subject = subjects.get(cid, row["subject"]) if row["kind"] == "email" else None
        # The Message-ID on the .eml (the user's edit's own, else the writer's deterministic one),
        # kept so the nudge threads under what went out, even after a new address.
        msg_id = None
        if row["kind"] == "email":
            msg_id = message_ids.get(cid) or (message_id(cid, "email", from_addr) if from_addr else None)
        note = drafted_note(subject, variants.get(cid), row["kind"], msg_id)
        target = targets.get(cid)
        if latest.get(cid) == (note, target):
            continue
        made.append({"contact_id": cid, "note": note, "target": target})
    return made


def on_disk_at_send(events: pl.DataFrame, contact_id: str, *, subject: str | None, msg_id: str | None) -> str | None:
    """The `drafted` note to log when a first request is marked sent and its .eml on disk says otherwise.

    The user may have edited the file since `coffeechat drafts` logged it; what is on disk when it
    goes out is what the nudge must answer. None when the log already says the same.
    """
    if subject is None and msg_id is None:
        return None
    mine = events.filter(pl.col("contact_id") == contact_id) if not events.is_empty() else events
    note, _ = _latest_drafted(mine).get(contact_id, (None, None))
    data = json.loads(note) if note else {}
    if (data.get("subject"), data.get("message_id")) == (subject, msg_id):
        return None
    return drafted_note(subject, data.get("variant"), "email", msg_id)
