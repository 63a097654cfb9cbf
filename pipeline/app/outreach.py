"""The follow-through actions: mark what happened, log a meeting (takeaways, referrals), and see what is due."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

import polars as pl

from pipeline.app.resolving import write_import
from pipeline.errors import CoffeechatError
from pipeline.files import write_bytes_atomic, write_text_atomic
from pipeline.outreach.drafted import new_drafted_events, on_disk_at_send
from pipeline.outreach.etiquette import Etiquette, load_etiquette
from pipeline.outreach.ics import (
    followups_due,
    plan_sequences,
    read_state,
    render_calendar,
    state_text,
)
from pipeline.outreach.referrals import (
    SOURCE_KIND,
    display_name,
    find_contact,
    parse_referral,
    referral_hash,
    referral_record,
)
from pipeline.outreach.stages import (
    MARKABLE,
    Progress,
    derive,
    due_bucket,
    last_undoable,
    progress_of,
    refusal,
    sent_as,
)
from pipeline.outreach.write_drafts import read_back, read_message_id
from pipeline.store import LedgerEntry, Store
from pipeline.workspace import Workspace

log = logging.getLogger(__name__)

_SHOWN = {"nudged": "sent (the follow-up)", "thanked": "sent (the thank-you)", "kept_in_touch": "sent (a keep-in-touch update)"}


@dataclass(frozen=True)
class MarkResult:
    contact_id: str
    name: str
    kind: str  # as stored: sent, nudged, thanked, kept_in_touch, replied, ...
    on: date
    stage: str
    next_action: str | None
    due: date | None
    undone: bool = False

    @property
    def message(self) -> str:
        what = _SHOWN.get(self.kind, self.kind.replace("_", "-"))
        head = f"{self.contact_id} {self.name}: "
        head += f"undid {what} of {self.on.isoformat()}" if self.undone else f"{what} on {self.on.isoformat()}"
        stage = self.stage.replace("_", " ")
        if self.next_action:
            due = f" by {self.due.isoformat()}" if self.due else ""
            return f"{head} (now {stage}; next: {self.next_action}{due})"
        return f"{head} (now {stage}; nothing more to do)"


@dataclass(frozen=True)
class LogResult:
    contact_id: str
    name: str
    takeaways: int
    referrals: list[tuple[str, str]] = field(default_factory=list)  # (contact_id, name) of each referral


def _rules(workspace: Workspace) -> Etiquette:
    return load_etiquette(workspace.template_overrides)


def _find(store: Store, contact: str) -> dict:
    # An id is one primary-key row; only a name or a draft's file name needs the name columns of all.
    one = store.contact_names(contact.strip())
    return find_contact(one if one.height else store.contact_names(), contact)


def _progress(events: pl.DataFrame, contact_id: str, *, today: date, rules: Etiquette) -> Progress:
    mine = events.filter(pl.col("contact_id") == contact_id)
    from pipeline.outreach.stages import active_events

    history = active_events(mine).sort("at", "id").select("kind", "at", "note", "target").rows() if mine.height else []
    return progress_of(history, contact_id, today=today, rules=rules)


def mark(
    workspace: Workspace,
    contact: str,
    kind: str,
    *,
    on: date,
    today: date | None = None,
    note: str | None = None,
    how_we_know: str | None = None,
    undo: bool = False,
    source: str = "cli",
) -> MarkResult:
    """Append one outreach event (or, with undo, the reversal of the contact's last one)."""
    today = today or date.today()
    event = kind.strip().replace("-", "_").lower()
    if event not in MARKABLE:
        raise CoffeechatError(
            f"Unknown stage {kind!r}", value=kind,
            fix="Use one of: " + ", ".join(k.replace("_", "-") for k in MARKABLE) + ".",
        )
    rules = _rules(workspace)
    with Store.open(workspace.root) as store:
        found = _find(store, contact)
        cid, name = found["contact_id"], display_name(found)
        events = store.events()
        if undo:
            return _undo(store, events, cid, name, event, today=today, rules=rules, source=source)
        before = _progress(events, cid, today=today, rules=rules)
        problem = refusal(before, event, on, today)
        if problem is not None:
            raise CoffeechatError(problem[0], value=on.isoformat(), fix=problem[1])
        stored = sent_as(before, on, rules) if event == "sent" else event
        if stored == "sent":
            _log_request_as_sent(workspace, store, events, cid, on=on, target=before.target, source=source)
        if how_we_know and how_we_know.strip():
            store.add_event(cid, "how_we_know", on.isoformat(), " ".join(how_we_know.split()), source=source)
        if event != "note" or (note and note.strip()) or not how_we_know:
            store.add_event(cid, stored, on.isoformat(), note, source=source, target=before.target)
        after = _progress(store.events(), cid, today=today, rules=rules)
    log.info("marked %s for one contact", stored)
    return MarkResult(cid, name, stored, on, after.stage, after.next_action, after.due)


def _log_request_as_sent(workspace: Workspace, store: Store, events: pl.DataFrame, cid: str, *, on: date,
                         target: str | None, source: str) -> None:
    """Log the request's subject and Message-ID as its .eml holds them now, if they changed since it was drafted."""
    files = sorted(p for p in workspace.drafts.glob(f"request-*-{cid}.eml") if p.is_file())
    if not files:
        return
    note = on_disk_at_send(events, cid, subject=read_back(files[0])[0], msg_id=read_message_id(files[0]))
    if note is not None:
        store.add_event(cid, "drafted", on.isoformat(), note, source=source, target=target)


def undo_kind(kind: str) -> str:
    """The KIND that `mark CONTACT KIND --undo` takes for a logged event: a follow-up or thank-you is a `sent`."""
    return "sent" if kind in _SHOWN else kind.replace("_", "-")


def _undo(store: Store, events: pl.DataFrame, cid: str, name: str, event: str, *, today: date, rules: Etiquette,
          source: str) -> MarkResult:
    last = last_undoable(events, cid)
    shown = undo_kind
    if last is None:
        raise CoffeechatError(f"Nothing to undo for {cid} {name}", fix="Check the contact with `coffeechat status`.")
    if shown(last["kind"]) != shown(event):
        raise CoffeechatError(
            f"The last event for {cid} {name} is {shown(last['kind'])} on {last['at'].isoformat()}, not {shown(event)}",
            fix=f"Undo it with `coffeechat mark {cid} {shown(last['kind'])} --undo`.",
        )
    store.add_event(cid, "undo", today.isoformat(), None, source=source, reverses=int(last["id"]))
    after = _progress(store.events(), cid, today=today, rules=rules)
    return MarkResult(cid, name, last["kind"], last["at"], after.stage, after.next_action, after.due, undone=True)


def log_meeting(
    workspace: Workspace,
    contact: str,
    *,
    takeaways: list[str],
    referrals: list[str],
    on: date,
    today: date | None = None,
    source: str = "cli",
) -> LogResult:
    """Keep a meeting's takeaways (the user's words, quoted back in the thank-you) and its referrals."""
    today = today or date.today()
    if on > today:
        raise CoffeechatError(f"{on.isoformat()} is in the future", value=on.isoformat(),
                              fix="Log what already happened: leave out --date for today, or give an earlier one.")
    texts = [" ".join(t.split()) for t in takeaways if t and t.strip()]
    parsed = [parse_referral(r) for r in referrals]  # every referral read before anything is written
    if not texts and not parsed:
        raise CoffeechatError("Nothing to log", fix='Add --takeaway "..." or --referral "Name, Organisation, email".')
    with Store.open(workspace.root) as store:
        found = _find(store, contact)
        cid, name = found["contact_id"], display_name(found)
        target = _progress(store.events(), cid, today=today, rules=_rules(workspace)).target
        for text in texts:
            store.add_event(cid, "takeaway", on.isoformat(), text, source=source, target=target)
        made = []
        for referral in parsed:
            new_id = _add_referral(store, referral, referrer_id=cid, referrer_name=name, on=on)
            store.add_event(cid, "referral", on.isoformat(), new_id, source=source, target=target)
            store.add_event(new_id, "referred", on.isoformat(), cid, source=source, target=target)
            made.append((new_id, referral.name))
    log.info("logged %d takeaways and %d referrals", len(texts), len(made))
    return LogResult(cid, name, len(texts), made)


def _add_referral(store: Store, referral, *, referrer_id: str, referrer_name: str, on: date) -> str:
    """Insert the referral as an import would (ledger, record, re-resolve), returning its contact_id."""
    digest = referral_hash(referrer_id, referral)
    seq = store.next_import_seq()
    seen = store.ledger_entry(digest)
    record = referral_record(referral, referrer_name=referrer_name, content_hash=digest, import_seq=seq)
    record_id = record["record_id"][0]
    if seen is None:
        entry = LedgerEntry(seq, digest, f"referral by {referrer_id}", SOURCE_KIND, "utf-8",
                            datetime.now(UTC).isoformat(timespec="seconds"), 1, 1, 0, 0, 0)
        empty_issues = pl.DataFrame(schema={"source_file": pl.String, "source_line": pl.Int64, "column": pl.String,
                                            "value": pl.String, "reason": pl.String, "severity": pl.String})
        write_import(store, entry, record, empty_issues)  # against the contacts it may join, as an import is
    records = store.records().filter(pl.col("record_id") == record_id)
    return records["contact_id"][0]


# ---------------------------------------------------------------- status


@dataclass(frozen=True)
class StatusRow:
    contact_id: str
    name: str
    stage: str
    next_action: str | None
    due: date | None
    last_event: str | None
    group: str

    def as_json(self) -> dict:
        return {"contact_id": self.contact_id, "name": self.name, "stage": self.stage, "next_action": self.next_action,
                "due": self.due.isoformat() if self.due else None, "last_event": self.last_event}


GROUPS = ("overdue", "today", "this week", "later", "closed")


def progress_frame(workspace: Workspace, *, today: date) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(every contact's progress, the contacts) read from the store."""
    with Store.open(workspace.root) as store:
        events, contacts = store.events(), store.contacts()
    return derive(events, today=today, rules=_rules(workspace)), contacts


def status(workspace: Workspace, *, today: date, due_only: bool = False) -> list[StatusRow]:
    """Every contact with outreach: stage, next action and when it is due, most urgent first."""
    progress, contacts = progress_frame(workspace, today=today)
    names = {r["contact_id"]: display_name(r) for r in contacts.iter_rows(named=True)}
    rows = []
    for p in progress.iter_rows(named=True):
        if p["contact_id"] not in names:
            continue  # merged away since: its events live on under the surviving contact's id
        group = "closed" if p["next_action"] is None else due_bucket(p["due"], today)
        if due_only and group not in ("overdue", "today"):
            continue
        last = f"{_SHOWN.get(p['last_event'], (p['last_event'] or '').replace('_', '-'))} {p['last_at'].isoformat()}" \
            if p["last_event"] else None
        rows.append(StatusRow(p["contact_id"], names[p["contact_id"]], p["stage"].replace("_", "-"), p["next_action"],
                              p["due"], last, group))
    order = {g: i for i, g in enumerate(GROUPS)}
    return sorted(rows, key=lambda r: (order[r.group], r.due or date.max, r.name.casefold(), r.contact_id))


def outreach_paths(workspace: Workspace) -> dict[str, Path]:
    return {"ics": workspace.out / "followups.ics", "ics_state": workspace.out / ".followups.json",
            "report_md": workspace.out / "report.md", "report_csv": workspace.out / "report.csv"}


# ---------------------------------------------------------------- after drafts are written


def how_we_know_of(workspace: Workspace, events: pl.DataFrame, *, today: date) -> dict[str, str]:
    """contact_id -> what the user said with --how-we-know (the latest, undo applied), for the first request."""
    progress = derive(events, today=today, rules=_rules(workspace))
    return {cid: text for cid, text in progress.select("contact_id", "how_we_know").rows() if text}


def threads_of(workspace: Workspace, events: pl.DataFrame, *, today: date) -> dict[str, str]:
    """contact_id -> the first request's Message-ID as its `drafted` event logged it (undo applied), for the nudge."""
    progress = derive(events, today=today, rules=_rules(workspace))
    return {cid: mid for cid, mid in progress.select("contact_id", "message_id").rows() if mid}


def record_drafted(
    workspace: Workspace,
    requests: pl.DataFrame,
    *,
    variants: dict[str, str],
    targets: dict[str, str | None],
    kept_edited: list[str],
    from_addr: str | None,
    today: date,
    source: str = "cli",
) -> int:
    """Log a `drafted` event per first request that is new or changed (subject as on disk, variant, target, Message-ID)."""
    edited = set(kept_edited)
    subjects, message_ids = {}, {}
    for row in requests.filter(pl.col("filename").is_in(list(edited))).iter_rows(named=True):
        path = workspace.drafts / row["filename"]
        if path.suffix == ".eml" and path.is_file():
            # The user's own subject (and Message-ID, should the edit carry another) is what goes out.
            subjects[row["contact_id"]] = read_back(path)[0]
            message_ids[row["contact_id"]] = read_message_id(path)
    with Store.open(workspace.root) as store:
        made = new_drafted_events(requests, events=store.events(), variants=variants, targets=targets,
                                  from_addr=from_addr, subjects=subjects, message_ids=message_ids)
        for event in made:
            store.add_event(event["contact_id"], "drafted", today.isoformat(), event["note"], source=source,
                            target=event["target"])
    log.info("logged %d drafted events", len(made))
    return len(made)


def write_followups_calendar(workspace: Workspace, *, today: date, now: datetime | None = None) -> Path:
    """Write out/followups.ics: every coming follow-up as an all-day event that updates in place when re-imported."""
    progress, contacts = progress_frame(workspace, today=today)
    names = {r["contact_id"]: display_name(r) for r in contacts.iter_rows(named=True)}
    paths = outreach_paths(workspace)
    try:
        previous = read_state(paths["ics_state"].read_text(encoding="utf-8"))
    except FileNotFoundError:
        previous = {}
    state = plan_sequences(followups_due(progress, names), previous, now=now or datetime.now(UTC), today=today)
    write_bytes_atomic(paths["ics"], render_calendar(state))
    write_text_atomic(paths["ics_state"], state_text(state))
    return paths["ics"]
