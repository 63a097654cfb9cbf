"""The commands' domain work, one function each, shared by the CLI and the Prefect flow."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import polars as pl

from pipeline.app.imports import FileReport, import_files
from pipeline.files import PLAN_CSV_COLUMNS, write_csv, write_text_atomic
from pipeline.outreach.drafts import build_drafts, build_followups
from pipeline.outreach.write_drafts import DraftWriteReport, write_drafts
from pipeline.profile import Profile, load_profile
from pipeline.rank.plan import build_plan
from pipeline.rank.render_plan import render_plan_html, render_plan_markdown
from pipeline.rank.score import score_contacts
from pipeline.store import Store
from pipeline.workspace import Workspace

HTML_MAX_ROWS = 5000


@dataclass(frozen=True)
class PlanResult:
    """A ranked plan and where its files were written."""

    plan: pl.DataFrame
    paths: tuple[Path, ...]
    contacts: int


@dataclass(frozen=True)
class DraftsResult:
    """The drafts made for the next batch and what happened to each file."""

    drafts: pl.DataFrame
    report: DraftWriteReport
    out_dir: Path
    batch: int = 0
    followups: int = 0
    notes: list[str] = field(default_factory=list)


def load_workspace_profile(workspace: Workspace) -> Profile:
    return load_profile(workspace.profile)


def import_into(
    workspace: Workspace, paths: Sequence[Path], *, user_map: Mapping[str, str] | None = None
) -> list[FileReport]:
    """Import files into the workspace's store; the profile's [columns] sit under --map pairs."""
    profile = load_profile(workspace.profile) if workspace.profile.exists() else Profile()
    mapping = {**profile.columns, **(user_map or {})}
    with Store.open(workspace.root) as store:
        return import_files(store, paths, user_map=mapping, phone_region=profile.me.phone_region)


def import_inbox(workspace: Workspace) -> list[FileReport]:
    """Import whatever sits in inbox/; the ledger makes each file count once."""
    files = workspace.inbox_files()
    names = {p: str(p.relative_to(workspace.root)) for p in files}
    profile = load_profile(workspace.profile)
    with Store.open(workspace.root) as store:
        return import_files(
            store, files, user_map=profile.columns, display_names=names, phone_region=profile.me.phone_region
        )


def rank(workspace: Workspace, profile: Profile, *, target: str | None, today: date) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(plan, contacts) for the workspace, without writing anything."""
    if target is not None:
        target = profile.target(target).name
    with Store.open(workspace.root) as store:
        contacts = store.contacts()
    scored = score_contacts(contacts, profile, today=today)
    plan = build_plan(scored, contacts, profile, target=target, today=today, question_dir=_overrides(workspace))
    return plan, contacts


def _overrides(workspace: Workspace) -> Path | None:
    """The workspace's own templates/ (drafts, questions.toml) when the user made one."""
    return workspace.templates if workspace.templates.is_dir() else None


def make_plan(workspace: Workspace, *, target: str | None = None, today: date) -> PlanResult:
    """Rank the network and write out/plan.csv, plan.md and plan.html."""
    profile = load_profile(workspace.profile)
    plan, contacts = rank(workspace, profile, target=target, today=today)
    paths = (workspace.out / "plan.csv", workspace.out / "plan.md", workspace.out / "plan.html")
    write_csv(plan, paths[0], PLAN_CSV_COLUMNS)
    write_text_atomic(paths[1], render_plan_markdown(plan, profile, generated=today))
    # The page holds every row up to a size a browser opens comfortably; plan.csv always has all.
    write_text_atomic(paths[2], render_plan_html(plan, profile, generated=today, max_rows=HTML_MAX_ROWS))
    return PlanResult(plan=plan, paths=paths, contacts=contacts.height)


def next_batch(plan: pl.DataFrame, *, top: int | None) -> pl.DataFrame:
    """The plan's first send week, or its top N rows when asked."""
    if top is not None:
        return plan.head(top)
    if plan.is_empty():
        return plan
    return plan.filter(pl.col("send_week") == pl.col("send_week").min())


def make_drafts(
    workspace: Workspace, *, top: int | None = None, target: str | None = None, today: date
) -> DraftsResult:
    """Draft requests for the plan's next batch plus any follow-ups that are due, and write them."""
    profile = load_profile(workspace.profile)
    plan, contacts = rank(workspace, profile, target=target, today=today)
    batch = next_batch(plan, top=top)
    override = _overrides(workspace)
    requests = build_drafts(batch, contacts, profile, today=today, template_dir=override)
    with Store.open(workspace.root) as store:
        events = store.events()
    followups = build_followups(events, contacts, profile, today=today, template_dir=override)
    drafts = pl.concat([requests, followups], how="diagonal_relaxed") if followups.height else requests
    report = write_drafts(drafts, workspace.drafts, profile)
    return DraftsResult(drafts=drafts, report=report, out_dir=workspace.drafts, batch=batch.height,
                        followups=followups.height)
