"""The `plan` and `drafts` actions: rank the network once, write the plan files, draft the next batch."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import polars as pl

from pipeline.app.outreach import (
    how_we_know_of,
    record_drafted,
    threads_of,
    write_followups_calendar,
)
from pipeline.contracts import checked
from pipeline.files import write_csv, write_text_atomic
from pipeline.outreach.drafts import (
    FOLLOWUP_KINDS,
    REQUEST_KINDS,
    build_followups,
    build_requests,
    load_draft_templates,
)
from pipeline.outreach.etiquette import load_etiquette
from pipeline.outreach.holds import held_view, unreachable, waiting_on_colleague, with_stage_status
from pipeline.outreach.stages import derive
from pipeline.outreach.write_drafts import DraftWriteReport, write_drafts
from pipeline.profile import Profile, load_profile
from pipeline.rank.plan import PLAN_CSV_COLUMNS, build_plan
from pipeline.rank.questions import load_question_bank
from pipeline.rank.ratings import latest_ratings
from pipeline.rank.referred import referral_rows, referrals_first, referred_ids
from pipeline.rank.render_plan import render_plan_html, render_plan_markdown
from pipeline.rank.score import EXCLUDED_STATUSES, organisation_key, score_contacts
from pipeline.rank.semantic import load_embedder
from pipeline.store import Store
from pipeline.workspace import Workspace
from schemas.contacts import ContactFrame
from schemas.drafts import DraftFrame
from schemas.plan import ScoredSchema

HTML_MAX_ROWS = 5000
# New events of these kinds can move scores (ratings teach the plan; an undo may bring someone back).
_RESCORE_KINDS = ("rating", "rating_cleared", "undo")


@dataclass(frozen=True)
class Ranking:
    """The ranked plan with the contacts and events it was made from (read once, shared by plan and drafts)."""

    plan: pl.DataFrame
    contacts: pl.DataFrame
    events: pl.DataFrame
    profile: Profile
    held: pl.DataFrame | None = None  # contact_id, reason: left out of the plan (unreachable, waiting)
    held_view: pl.DataFrame | None = None  # the same people as plan.md lists them (holds.HELD_VIEW_DTYPES)
    scored: pl.DataFrame | None = None  # score_contacts' rows, kept so that a stage change need not score again
    day: date | None = None  # the day the scores were computed for


@dataclass(frozen=True)
class PlanResult:
    """A ranked plan and where its files were written."""

    plan: pl.DataFrame
    paths: tuple[Path, ...]
    contacts: int
    held: dict[str, int] = field(default_factory=dict)  # section ("waiting", "unreachable") -> how many


@dataclass(frozen=True)
class DraftsResult:
    """The drafts made for the next batch and what happened to each file."""

    drafts: pl.DataFrame
    report: DraftWriteReport
    out_dir: Path
    batch: int = 0
    followups: int = 0
    notes: list[str] = field(default_factory=list)


def rank(workspace: Workspace, *, target: str | None, today: date) -> Ranking:
    """Score and rank the workspace's network, writing nothing."""
    profile = load_profile(workspace.profile)
    if target is not None:
        target = profile.target(target).name
    with Store.open(workspace.root) as store:
        contacts = checked(store.contacts(), ContactFrame, stage="store → rank")
        events = store.events()
    return _ranked(workspace, contacts, events, profile, target=target, today=today, previous=None)


def rerank(workspace: Workspace, previous: Ranking, *, target: str | None, today: date) -> Ranking:
    """`previous` again after only the outreach log grew: the caller vouches that contacts and profile are unchanged.

    A stage change moves nobody's score, so the scores are kept (less whoever is now left out);
    they are computed again when the change could move them: a rating, an undo, someone coming
    back, a rated contact leaving (ratings teach from the contacts being scored), another day.
    """
    with Store.open(workspace.root) as store:
        events = store.events()
    return _ranked(workspace, previous.contacts, events, previous.profile, target=target, today=today, previous=previous)


def _ranked(workspace: Workspace, contacts: pl.DataFrame, events: pl.DataFrame, profile: Profile, *,
            target: str | None, today: date, previous: Ranking | None) -> Ranking:
    # The stage each contact is at (undo applied) is what the ranking leaves out, not the last raw event.
    progress = derive(events, today=today, rules=load_etiquette(workspace.template_overrides))
    contacts = with_stage_status(contacts, progress)

    scored = None if previous is None else _kept_scores(previous, contacts, events, today=today)
    if scored is None:
        # The semantic extra is loaded only when the profile asks (an Error with the install fix without it).
        embed = load_embedder() if profile.ranking.semantic else None
        scored = checked(score_contacts(contacts, profile, today=today, events=events, embed=embed), ScoredSchema,
                         stage="score → plan")
    all_scored = scored
    # A referral is asked even when no role fits: the warmth is the reason (under the target it was logged for).
    extra = referral_rows(scored, contacts, profile, targets=dict(progress.select("contact_id", "target").rows()))
    if extra.height:
        scored = pl.concat([scored, extra])
    # No channel, no draft: they take no weekly slot. Colleagues of someone who replied wait for that target.
    held = unreachable(contacts)
    waiting = waiting_on_colleague(scored, progress, contacts.select("contact_id", organisation_key(contacts["company"]).alias("org")))
    referred = referred_ids(contacts)
    # A referral was named by someone in conversation there: the introduction is the point, not a second cold ask.
    waiting = waiting.filter(~pl.col("contact_id").is_in(list(referred)))
    scored = scored.join(held.select("contact_id"), on="contact_id", how="anti").join(
        waiting.select("contact_id", "target"), on=["contact_id", "target"], how="anti")
    questions = load_question_bank(workspace.template_overrides)
    plan = build_plan(scored, contacts, profile, target=target, today=today, questions=questions)
    plan = referrals_first(plan, referred, profile, today=today)
    view = held_view(held, waiting, contacts, plan)
    held = pl.concat([held, waiting.select("contact_id", "reason")]).join(plan.select("contact_id"), on="contact_id", how="anti")
    return Ranking(plan=plan, contacts=contacts, events=events, profile=profile, held=held, held_view=view,
                   scored=all_scored, day=today)


def _kept_scores(previous: Ranking, contacts: pl.DataFrame, events: pl.DataFrame, *, today: date) -> pl.DataFrame | None:
    """The previous scores less those now left out, when scoring again would give exactly that; else None."""
    if previous.scored is None or previous.day != today:
        return None
    new = events.filter(~pl.col("id").is_in(previous.events["id"].implode()))
    if events.height - new.height != previous.events.height or new["kind"].is_in(list(_RESCORE_KINDS)).any():
        return None
    left_out = lambda frame: frame.filter(pl.col("status").is_in(list(EXCLUDED_STATUSES)))["contact_id"]  # noqa: E731
    before, after = left_out(previous.contacts), left_out(contacts)
    if not before.is_in(after.implode()).all():
        return None  # someone is back in the plan: they have no score yet
    gone = after.filter(~after.is_in(before.implode()))
    if latest_ratings(events, [t.name for t in previous.profile.targets])["contact_id"].is_in(gone.implode()).any():
        return None
    return previous.scored.filter(~pl.col("contact_id").is_in(gone.implode()))


def make_plan(
    workspace: Workspace, *, target: str | None = None, today: date, ranking: Ranking | None = None
) -> PlanResult:
    """The `plan` action: rank the network and write out/plan.csv, plan.md and plan.html."""
    ranking = ranking or rank(workspace, target=target, today=today)
    plan, profile = ranking.plan, ranking.profile
    paths = (workspace.out / "plan.csv", workspace.out / "plan.md", workspace.out / "plan.html")
    write_csv(plan, paths[0], PLAN_CSV_COLUMNS)
    if ranking.held is not None:
        # Why someone is not in the plan: unreachable, or waiting on a colleague's reply.
        write_csv(ranking.held, workspace.out / "plan_held.csv", ("contact_id", "reason"))
    held = ranking.held_view
    write_text_atomic(paths[1], render_plan_markdown(plan, profile, generated=today, held=held))
    # The page holds every row up to a size a browser opens comfortably; plan.csv always has all.
    write_text_atomic(paths[2], render_plan_html(plan, profile, generated=today, max_rows=HTML_MAX_ROWS, held=held))
    counts = dict(held.group_by("section").len().rows()) if held is not None and held.height else {}
    return PlanResult(plan=plan, paths=paths, contacts=ranking.contacts.height, held=counts)


def next_batch(plan: pl.DataFrame, *, top: int | None) -> pl.DataFrame:
    """The plan's first send week, or its top N rows when asked."""
    if top is not None:
        return plan.head(top)
    if plan.is_empty():
        return plan
    return plan.filter(pl.col("send_week") == pl.col("send_week").min())


def make_drafts(
    workspace: Workspace,
    *,
    top: int | None = None,
    target: str | None = None,
    today: date,
    ranking: Ranking | None = None,
    source: str = "cli",
) -> DraftsResult:
    """The `drafts` action: draft the plan's next batch plus due follow-ups, write them, log them, update the calendar."""
    ranking = ranking or rank(workspace, target=target, today=today)
    profile, contacts = ranking.profile, ranking.contacts
    batch = next_batch(ranking.plan, top=top)
    override = workspace.template_overrides
    made = build_requests(batch, contacts, profile, today=today, templates=load_draft_templates(override, REQUEST_KINDS),
                          how_we_know=how_we_know_of(workspace, ranking.events, today=today))
    requests = made.drafts
    followups = build_followups(ranking.events, contacts, profile, today=today,
                                templates=load_draft_templates(override, FOLLOWUP_KINDS))
    drafts = pl.concat([requests, followups], how="diagonal_relaxed") if followups.height else requests
    drafts = checked(drafts, DraftFrame, stage="drafts → writer")
    # A nudge answers the Message-ID its request was logged with (the user may have edited it since).
    report = write_drafts(drafts, workspace.drafts, profile, threads=threads_of(workspace, ranking.events, today=today))
    # The log keeps each request's subject, target and Message-ID: the nudge threads under it, the report counts it.
    record_drafted(workspace, requests, variants=made.variants, targets=dict(batch.select("contact_id", "target").rows()),
                   kept_edited=report.kept_edited, from_addr=profile.me.email, today=today, source=source)
    write_followups_calendar(workspace, today=today)
    return DraftsResult(
        drafts=drafts, report=report, out_dir=workspace.drafts, batch=batch.height, followups=followups.height
    )
