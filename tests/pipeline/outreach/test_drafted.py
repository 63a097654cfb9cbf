"""`drafted` events: one per good first request, with subject, variant, target and Message-ID, never repeated."""

from __future__ import annotations

import json
from datetime import date

import polars as pl

from pipeline.outreach.drafted import new_drafted_events
from pipeline.outreach.eml import message_id
from schemas.drafts import DRAFT_DTYPES

ME = "jordan.rivera@example.com"
EVENTS = {"id": pl.Int64(), "contact_id": pl.String(), "kind": pl.String(), "at": pl.Date(), "note": pl.String(),
          "target": pl.String(), "reverses": pl.Int64()}


def draft(contact_id: str, kind: str = "email", subject: str | None = "Fellow alum seeking advice", ok: bool = True) -> dict:
    return {"contact_id": contact_id, "name": "Ana Lopez", "kind": kind, "to": "ana@example.com", "subject": subject,
            "body": "Hi", "words": 1, "chars": 2, "problems": [] if ok else ["x"], "warnings": [], "ok": ok,
            "filename": f"request-{contact_id}.eml"}


def made(drafts: list[dict], events: list[dict] | None = None, **kw) -> list[dict]:
    frame = pl.DataFrame(drafts, schema=DRAFT_DTYPES)
    log = pl.DataFrame(events or [], schema=EVENTS)
    return new_drafted_events(frame, events=log, variants=kw.get("variants", {"c1": "short"}),
                              targets=kw.get("targets", {"c1": "Data science"}), from_addr=ME,
                              subjects=kw.get("subjects"), message_ids=kw.get("message_ids"))


def test_email_request_keeps_subject_variant_target_and_message_id():
    """The event carries what the nudge threads under and what the report groups by."""
    (event,) = made([draft("c1")])
    assert (event["contact_id"], event["target"]) == ("c1", "Data science")
    assert json.loads(event["note"]) == {"subject": "Fellow alum seeking advice", "variant": "short", "kind": "email",
                                         "message_id": message_id("c1", "email", ME)}


def test_the_same_draft_is_logged_once():
    """Re-running an unchanged batch adds no event."""
    (event,) = made([draft("c1")])
    logged = [{"id": 1, "contact_id": "c1", "kind": "drafted", "at": date(2026, 11, 25), **event}]
    assert made([draft("c1")], logged) == []


def test_a_changed_subject_is_logged_again():
    """The user's edited subject (read from disk) is the one recorded."""
    (event,) = made([draft("c1")])
    logged = [{"id": 1, "contact_id": "c1", "kind": "drafted", "at": date(2026, 11, 25), **event}]
    (again,) = made([draft("c1")], logged, subjects={"c1": "Coffee?"})
    assert json.loads(again["note"])["subject"] == "Coffee?"


def test_failed_drafts_and_followups_are_not_logged():
    """Only good first requests become `drafted` events; a LinkedIn note has no subject or Message-ID."""
    events = made([draft("c1", ok=False), draft("c2", kind="nudge"), draft("c3", kind="linkedin", subject=None)],
                  variants={"c3": "full"}, targets={"c3": "UX research"})
    assert [(e["contact_id"], json.loads(e["note"])) for e in events] == [
        ("c3", {"subject": None, "variant": "full", "kind": "linkedin"})]


def test_a_message_id_on_disk_is_logged_again():
    """An edited request carrying its own Message-ID is logged with that one: the nudge will answer it."""
    (event,) = made([draft("c1")])
    logged = [{"id": 1, "contact_id": "c1", "kind": "drafted", "at": date(2026, 11, 25), **event}]
    (again,) = made([draft("c1")], logged, message_ids={"c1": "<mine.1@example.com>"})
    assert json.loads(again["note"])["message_id"] == "<mine.1@example.com>"


def test_no_message_id_on_disk_keeps_the_writers_one():
    """A file without a Message-ID header (None read back) logs the one the writer gives it."""
    (event,) = made([draft("c1")], message_ids={"c1": None})
    assert json.loads(event["note"])["message_id"] == message_id("c1", "email", ME)


def test_read_message_id_reads_the_header_on_disk(tmp_path):
    """read_message_id returns the file's Message-ID as written, or None without one."""
    from pipeline.outreach.write_drafts import read_message_id

    with_id, without = tmp_path / "a.eml", tmp_path / "b.eml"
    with_id.write_bytes(b"From: a@example.com\r\nMessage-ID: <mine.1@example.com>\r\nSubject: Hi\r\n\r\nBody\r\n")
    without.write_bytes(b"From: a@example.com\r\nSubject: Hi\r\n\r\nBody\r\n")
    assert (read_message_id(with_id), read_message_id(without)) == ("<mine.1@example.com>", None)


def test_what_is_on_disk_at_send_is_logged_when_it_differs():
    """Marked sent with an .eml whose subject or Message-ID changed since drafting: a new note keeps the variant; same: none."""
    from pipeline.outreach.drafted import on_disk_at_send

    (event,) = made([draft("c1")])
    logged = pl.DataFrame([{"id": 1, "contact_id": "c1", "kind": "drafted", "at": date(2026, 11, 25), **event}], schema=EVENTS)
    same = on_disk_at_send(logged, "c1", subject="Fellow alum seeking advice", msg_id=message_id("c1", "email", ME))
    changed = on_disk_at_send(logged, "c1", subject="Coffee?", msg_id="<mine.1@example.com>")
    never = on_disk_at_send(pl.DataFrame(schema=EVENTS), "c2", subject="Hi", msg_id="<x@example.com>")
    assert same is None
    assert json.loads(changed) == {"subject": "Coffee?", "variant": "short", "kind": "email", "message_id": "<mine.1@example.com>"}
    assert json.loads(never) == {"subject": "Hi", "variant": None, "kind": "email", "message_id": "<x@example.com>"}
