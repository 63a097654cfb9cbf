"""What the review page reads: the plan board with filters and paging, one contact in full, the queue, the imports."""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

import polars as pl

from pipeline.app.dupes import decisions_with_labels, pairs_with_labels
from pipeline.app.outreach import undo_kind
from pipeline.app.planning import Ranking, rank, rerank
from pipeline.app.report import TITLES as REPORT_TITLES
from pipeline.app.report import outreach_report
from pipeline.outreach.etiquette import load_etiquette
from pipeline.outreach.report import DIMENSIONS, FUNNEL, ReportRow, days_text, percent
from pipeline.outreach.stages import MARKABLE, active_events, derive, last_undoable
from pipeline.outreach.stages import STAGES as STAGE_NAMES
from pipeline.rank.score import SIGNALS, score_contacts
from pipeline.store import LedgerEntry, Store
from pipeline.workspace import Workspace

# The stages and next actions are the outreach log's own (pipeline/outreach/stages.py), as `status` shows them.
STAGES: tuple[str, ...] = STAGE_NAMES
PLANNED = STAGE_NAMES[0]
SORTS: dict[str, str] = {"rank": "rank", "score": "score", "name": "name", "company": "company",
                         "week": "send_week", "stage": "stage"}
PER_PAGE = 50
_SEARCHED = ("name", "company", "title", "why")


@dataclass(frozen=True)
class PlanQuery:
    """The plan page's filters, sort and page, as the query string gives them."""

    target: str | None = None
    week: int | None = None
    stage: str | None = None
    channel: str | None = None
    school: str | None = None
    q: str | None = None
    sort: str = "rank"
    desc: bool = False
    page: int = 1
    per_page: int = PER_PAGE


@dataclass(frozen=True)
class PlanPage:
    """One page of the board and what the filter menus offer."""

    rows: list[dict[str, Any]]
    total: int
    page: int
    pages: int
    query: PlanQuery
    targets: list[str]
    weeks: list[int]
    channels: list[str]
    contacts: int


@dataclass(frozen=True)
class Board:
    """The ranking plus every contact's stage, cached while the store and the profile stay the same."""

    ranking: Ranking
    rows: pl.DataFrame  # plan rows, then contacts in conversation (no rank)
    stages: pl.DataFrame  # contact_id, stage, next_action
    live_events: pl.DataFrame
    former: pl.DataFrame | None = None  # scored rows of contacts left out since launch (just marked sent)


@dataclass(frozen=True)
class ContactDetail:
    """Everything the contact page shows."""

    contact: dict[str, Any]
    plan_row: dict[str, Any] | None
    scores: list[dict[str, Any]]  # one per target: score, fit and each signal with its weight
    weights: dict[str, float]
    records: list[dict[str, Any]]
    events: list[dict[str, Any]]
    pairs: list[dict[str, Any]]
    decisions: list[dict[str, Any]]
    stage: str
    next_action: str
    ratings: dict[str, int]  # target ("" for all) -> grade
    targets: list[str]
    undo: dict[str, Any] | None = None  # the last event `mark --undo` would reverse: kind (as mark takes it), at


@dataclass(frozen=True)
class ImportView:
    """One imported file with its rejects and warnings."""

    entry: LedgerEntry
    rejects: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[dict[str, Any]] = field(default_factory=list)


_cache: dict[Any, tuple[Any, Board]] = {}
_lock = threading.Lock()


def _stamp(workspace: Workspace, store: Store, today: date) -> tuple[tuple, tuple]:
    """(what the scores read: contacts, decisions, profile, templates, day; what only the outreach log changes)."""
    def stat(path):
        try:
            s = path.stat()
            return s.st_mtime_ns, s.st_size
        except OSError:
            return None

    # The store's fingerprint: imports, decisions (count, latest), events (latest id, count), contacts.
    fp = store.fingerprint()
    return (fp[:3], fp[5:], stat(workspace.profile), stat(workspace.templates), today), fp[3:5]


def board(workspace: Workspace, *, today: date) -> Board:
    """The ranked board, ranked again only when an import, decision, event or profile edit changed it.

    When only the outreach log grew (a stage change, a note), the plan is rebuilt from the kept scores.
    """
    key = workspace.root.resolve()
    with Store.open(workspace.root) as store:
        stamp = _stamp(workspace, store, today)
    with _lock:
        hit = _cache.get(key)
    if hit is not None and hit[0] == stamp:
        return hit[1]
    former = None
    if hit is not None and hit[0][0] == stamp[0]:
        ranking = rerank(workspace, hit[1].ranking, target=None, today=today)
        former = _former(hit[1], ranking)
    else:
        ranking = rank(workspace, target=None, today=today)
    built = replace(_build_board(ranking, load_etiquette(workspace.template_overrides), today), former=former)
    with _lock:
        _cache[key] = (stamp, built)
    return built


def _name() -> pl.Expr:
    return pl.coalesce("full_name", pl.concat_str(["first_name", "last_name"], separator=" ", ignore_nulls=True))


def _former(previous: Board, ranking: Ranking) -> pl.DataFrame | None:
    """The scores of contacts the new ranking no longer scores, kept for their contact pages."""
    old, new = previous.ranking.scored, ranking.scored
    if old is None or new is None:
        return previous.former
    gone = old.join(new.select("contact_id"), on="contact_id", how="anti")
    if previous.former is None:
        return gone
    return pl.concat([previous.former.join(gone.select("contact_id"), on="contact_id", how="anti"), gone])


def _scores_of(data: Board, contact_id: str) -> pl.DataFrame | None:
    """The contact's rows as the ranking scored them (ratings applied), or None when it was never scored."""
    for frame in (data.ranking.scored, data.former):
        mine = None if frame is None else frame.filter(pl.col("contact_id") == contact_id)
        if mine is not None and mine.height:
            return mine
    return None


def _build_board(ranking: Ranking, rules, today: date) -> Board:
    progress = derive(ranking.events, today=today, rules=rules)
    staged = progress.select("contact_id", "stage", "next_action", "due")
    contacts = ranking.contacts
    plan = ranking.plan.join(contacts.select("contact_id", "school"), on="contact_id", how="left")
    # People already approached are not in the plan; the board keeps them, to track each conversation.
    others = contacts.filter(
        pl.col("contact_id").is_in(staged["contact_id"].implode()) & ~pl.col("contact_id").is_in(plan["contact_id"].implode())
    ).select("contact_id", _name().alias("name"), "company", "title", "school")
    rows = pl.concat([plan, others], how="diagonal_relaxed").join(staged, on="contact_id", how="left")
    rows = rows.with_columns(pl.col("stage").fill_null(PLANNED), pl.col("next_action").fill_null("draft and send the request"))
    return Board(ranking=ranking, rows=rows, stages=staged, live_events=active_events(ranking.events))


def _contains(column: str, needle: str) -> pl.Expr:
    return pl.col(column).fill_null("").str.to_lowercase().str.contains(needle.lower(), literal=True)


def plan_page(workspace: Workspace, query: PlanQuery, *, today: date) -> PlanPage:
    """One page of the board, filtered and sorted as asked."""
    data = board(workspace, today=today)
    rows = data.rows
    if query.target:
        rows = rows.filter(pl.col("target") == query.target)
    if query.week is not None:
        rows = rows.filter(pl.col("send_week") == query.week)
    if query.stage:
        rows = rows.filter(pl.col("stage") == query.stage)
    if query.channel:
        rows = rows.filter(pl.col("channel") == query.channel)
    if query.school:
        rows = rows.filter(_contains("school", query.school))
    if query.q:
        rows = rows.filter(pl.any_horizontal(*[_contains(c, query.q) for c in _SEARCHED]))
    column = SORTS.get(query.sort, "rank")
    rows = rows.sort(column, "rank", descending=[query.desc, False], nulls_last=True)
    pages = max(1, math.ceil(rows.height / query.per_page))
    page = min(max(1, query.page), pages)
    shown = rows.slice((page - 1) * query.per_page, query.per_page)
    plan = data.ranking.plan
    return PlanPage(
        rows=shown.to_dicts(),
        total=rows.height,
        page=page,
        pages=pages,
        query=replace(query, page=page),
        targets=[t.name for t in data.ranking.profile.targets],
        weeks=sorted(plan["send_week"].unique().drop_nulls().to_list()),
        channels=sorted(plan["channel"].unique().drop_nulls().to_list()),
        contacts=data.ranking.contacts.height,
    )


def _ratings(events: pl.DataFrame) -> dict[str, int]:
    rated = events.filter(pl.col("kind").is_in(["rating", "rating_cleared"])).sort("at", "id")
    grades: dict[str, int] = {}
    for row in rated.iter_rows(named=True):
        key = row["target"] or ""
        if row["kind"] == "rating_cleared":
            grades.pop(key, None)
        else:
            grades[key] = row["grade"]
    return grades


def contact_detail(workspace: Workspace, contact_id: str, *, today: date) -> ContactDetail | None:
    """One contact in full (None when no such contact): scores, provenance, history, pairs, ratings."""
    data = board(workspace, today=today)
    contacts = data.ranking.contacts.filter(pl.col("contact_id") == contact_id)
    if contacts.is_empty():
        return None
    profile = data.ranking.profile
    with Store.open(workspace.root) as store:
        records = store.records_of(contact_id)
        pairs = pairs_with_labels(store)
        decisions = decisions_with_labels(store)
    ids = records["record_id"].implode()
    mine = lambda f: f.filter(pl.col("record_a").is_in(ids) | pl.col("record_b").is_in(ids))  # noqa: E731
    scored = _scores_of(data, contact_id)
    if scored is None:
        # Scored on its own, ignoring its stage, so someone already approached still shows why they fit.
        scored = score_contacts(contacts.with_columns(pl.lit(None, pl.String).alias("status")), profile, today=today)
    weights = {name: getattr(profile.weights, name) for name in SIGNALS}
    plan_rows = data.rows.filter(pl.col("contact_id") == contact_id)
    staged = data.stages.filter(pl.col("contact_id") == contact_id)
    events = data.ranking.events.filter(pl.col("contact_id") == contact_id)
    return ContactDetail(
        contact=contacts.row(0, named=True),
        plan_row=plan_rows.row(0, named=True) if plan_rows.height and plan_rows["rank"][0] is not None else None,
        scores=scored.to_dicts(),
        weights=weights,
        records=records.sort("source_file", "source_line").to_dicts(),
        events=events.sort("at", "id").to_dicts(),
        pairs=mine(pairs).to_dicts(),
        decisions=mine(decisions).to_dicts(),
        stage=staged["stage"][0] if staged.height else PLANNED,
        next_action=(staged["next_action"][0] if staged.height else "draft and send the request") or "",
        ratings=_ratings(events),
        targets=[t.name for t in profile.targets],
        undo=_undoable(data.ranking.events, contact_id),
    )


def _undoable(events: pl.DataFrame, contact_id: str) -> dict[str, Any] | None:
    last = last_undoable(events, contact_id)
    if last is None or undo_kind(last["kind"]).replace("-", "_") not in MARKABLE:
        return None  # a takeaway or referral from `coffeechat log` is not a mark
    return {"kind": undo_kind(last["kind"]), "at": last["at"]}


def queue(workspace: Workspace) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The pending pairs and the decisions made, both labelled."""
    with Store.open(workspace.root) as store:
        return pairs_with_labels(store), decisions_with_labels(store)


def imports(workspace: Workspace) -> list[ImportView]:
    """Every imported file, newest first, with its rejects and warnings (file, line, column, reason)."""
    with Store.open(workspace.root) as store:
        ledger = store.ledger()
        issues = store.rejects()
    by_seq = issues.partition_by("import_seq", as_dict=True) if issues.height else {}
    views = []
    for entry in reversed(ledger):
        frame = by_seq.get((entry.import_seq,), issues.head(0))
        views.append(ImportView(
            entry,
            frame.filter(pl.col("severity") == "rejected").to_dicts(),
            frame.filter(pl.col("severity") == "warning").to_dicts(),
        ))
    return views


@dataclass(frozen=True)
class ReportView:
    """The `report` funnel as the page shows it: the numbers and words of out/report.md."""

    generated: date
    total: dict[str, Any]
    sections: list[dict[str, Any]]  # title, rows (one dict per group)


def report_view(workspace: Workspace, *, today: date) -> ReportView:
    """The outreach report (`coffeechat report`) for the page: the funnel, then each breakdown."""
    report = outreach_report(workspace, today=today)

    def row(r: ReportRow) -> dict[str, Any]:
        counts = {k: getattr(r, k) for k in FUNNEL}
        return {"group": r.group, **counts, "rate": percent(r.reply_rate), "days": days_text(r.days_to_reply)}

    sections = [{"title": REPORT_TITLES[d], "rows": [row(r) for r in report.by(d)]} for d in DIMENSIONS]
    return ReportView(report.generated, row(report.total), sections)
