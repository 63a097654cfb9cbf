"""The review page's drafts: the pending batch and due follow-ups as they sit on disk, edited, linted, approved."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import polars as pl

from pipeline.app.outreach import threads_of
from pipeline.app.planning import make_drafts, next_batch
from pipeline.app.review import board
from pipeline.errors import CoffeechatError
from pipeline.files import write_bytes_atomic
from pipeline.outreach.drafts import (
    FOLLOWUP_KINDS,
    REQUEST_KINDS,
    build_drafts,
    build_followups,
    load_draft_templates,
    one_line,
)
from pipeline.outreach.lint import Text, count_chars, count_words, lint
from pipeline.outreach.write_drafts import draft_bytes, read_back
from pipeline.store import Store
from pipeline.workspace import Workspace


@dataclass(frozen=True)
class PendingDraft:
    """One draft as it will be sent: the file's text when it exists, else the fresh rendering."""

    contact_id: str
    name: str | None
    kind: str
    to: str | None
    filename: str
    subject: str | None
    body: str
    on_disk: bool
    edited: bool  # the file differs from what the templates render now
    approved: bool
    problems: list[str]
    warnings: list[str]
    email: bool


@dataclass(frozen=True)
class SaveResult:
    """What saving (and maybe approving) one edited draft did."""

    filename: str
    problems: list[str]
    warnings: list[str]
    written: bool
    approved: bool


def _rendered(workspace: Workspace, *, today: date) -> tuple[pl.DataFrame, Any]:
    # The same batch and follow-ups `coffeechat drafts` makes, rendered in memory.
    data = board(workspace, today=today)
    ranking = data.ranking
    override = workspace.template_overrides
    requests = build_drafts(next_batch(ranking.plan, top=None), ranking.contacts, ranking.profile,
                            today=today, templates=load_draft_templates(override, REQUEST_KINDS))
    followups = build_followups(ranking.events, ranking.contacts, ranking.profile, today=today,
                                templates=load_draft_templates(override, FOLLOWUP_KINDS))
    drafts = pl.concat([requests, followups], how="diagonal_relaxed") if followups.height else requests
    return drafts, data


def _lint(row: dict[str, Any], subject: str | None, body: str, profile) -> tuple[list[str], list[str]]:
    channel = "email" if row["filename"].endswith(".eml") else "linkedin"
    return lint(Text(row["kind"], channel, row["to"], subject, body, count_words(body), count_chars(body), profile.outreach))


def pending_drafts(workspace: Workspace, *, today: date) -> list[PendingDraft]:
    """The current batch and due follow-ups, each with the text that will be sent and its lint."""
    drafts, data = _rendered(workspace, today=today)
    approved = set(
        data.live_events.filter(pl.col("kind") == "approved").select("contact_id", "note").iter_rows()
    )
    out = []
    for row in drafts.iter_rows(named=True):
        path = workspace.drafts / row["filename"]
        subject, body, on_disk = row["subject"], row["body"], path.is_file()
        if on_disk:
            disk_subject, body = read_back(path)
            subject = disk_subject if row["subject"] is not None else None
        edited = on_disk and (subject, body) != (row["subject"], row["body"])
        problems, warnings = _lint(row, subject, body, data.ranking.profile)
        out.append(PendingDraft(
            row["contact_id"], row["name"], row["kind"], row["to"], row["filename"], subject, body, on_disk, edited,
            (row["contact_id"], row["filename"]) in approved, problems, warnings, row["filename"].endswith(".eml"),
        ))
    return out


def _clean(body: str) -> str:
    # A browser's textarea sends CRLF; the files keep LF and end with one newline.
    return body.replace("\r\n", "\n").replace("\r", "\n").strip("\n") + "\n"


def save_draft(
    workspace: Workspace,
    contact_id: str,
    kind: str,
    *,
    subject: str | None,
    body: str,
    today: date,
    approve: bool = False,
    source: str = "web",
) -> SaveResult:
    """Lint an edited draft; when it passes, write it where `coffeechat drafts` does (kept as your edit) and maybe approve it."""
    drafts, data = _rendered(workspace, today=today)
    match = drafts.filter((pl.col("contact_id") == contact_id) & (pl.col("kind") == kind))
    if match.is_empty():
        raise CoffeechatError(
            f"No pending {kind} draft for {contact_id!r}", value=contact_id,
            fix="Open the drafts page again: the batch may have changed.",
        )
    row = match.row(0, named=True)
    subject = one_line(subject) if row["subject"] is not None else None
    body = _clean(body)
    problems, warnings = _lint(row, subject, body, data.ranking.profile)
    if problems:
        return SaveResult(row["filename"], problems, warnings, written=False, approved=False)
    # Write the whole batch exactly as the CLI would, then put this text in its file; the manifest
    # then sees a user's edit, which every later `coffeechat drafts` keeps.
    make_drafts(workspace, today=today, ranking=data.ranking)
    path = workspace.drafts / row["filename"]
    current = read_back(path) if path.is_file() else None
    if current is None or (current[0] if subject is not None else None, current[1]) != (subject, body):
        edited = {**row, "subject": subject, "body": body}
        # An edited nudge still answers the request's Message-ID as the log has it.
        thread = threads_of(workspace, data.ranking.events, today=today).get(contact_id) if kind == "nudge" else None
        write_bytes_atomic(path, draft_bytes(edited, data.ranking.profile, now=datetime.now(UTC), in_reply_to=thread))
    if approve:
        with Store.open(workspace.root) as store:
            store.add_event(contact_id, "approved", today.isoformat(), row["filename"], source=source)
    return SaveResult(row["filename"], [], warnings, written=True, approved=approve)
