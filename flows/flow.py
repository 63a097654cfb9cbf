"""The Prefect flow behind `coffeechat run`: thin tasks over the pure pipeline stages."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from prefect import flow, task
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.cache_policies import NO_CACHE

from pipeline.app import actions
from pipeline.store import Store
from pipeline.workspace import Workspace

# Contacts are other people's data: no task result is ever persisted or cached, and tasks
# hand each other paths and counts, never contact frames.
_PRIVATE = {"cache_policy": NO_CACHE, "persist_result": False}
ARTIFACT_ROWS = 25


@task(name="import-inbox", **_PRIVATE)
def import_inbox(workspace: str) -> list[dict]:
    """Import every new file in inbox/; resolves duplicates inside each import."""
    return [report.as_json() for report in actions.import_inbox(Workspace(Path(workspace)))]


@task(name="plan", **_PRIVATE)
def plan(workspace: str, target: str | None, today: str, publish: bool = True) -> dict:
    """Score and rank the network, write the plan files, publish its top as artifacts."""
    result = actions.make_plan(Workspace(Path(workspace)), target=target, today=date.fromisoformat(today))
    if publish and result.plan.height:
        top = result.plan.head(ARTIFACT_ROWS)
        columns = ["rank", "name", "title", "company", "target", "score", "channel", "send_week", "why"]
        create_table_artifact(
            key="coffeechat-plan",
            table=top.select(columns).with_columns(score=top["score"].round(3)).to_dicts(),
            description=f"Top {top.height} of {result.plan.height} planned contacts",
        )
        create_markdown_artifact(
            key="coffeechat-plan-summary",
            markdown=_plan_markdown(top, result.plan.height),
            description="Who to ask first, and why",
        )
    return {"planned": result.plan.height, "plan_files": [str(p) for p in result.paths]}


@task(name="drafts", **_PRIVATE)
def drafts(workspace: str, top: int | None, target: str | None, today: str) -> dict:
    """Draft the next batch and due follow-ups; edited drafts are kept."""
    result = actions.make_drafts(Workspace(Path(workspace)), top=top, target=target, today=date.fromisoformat(today))
    report = result.report
    return {
        "drafts_written": len(report.written),
        "drafts_unchanged": len(report.unchanged),
        "drafts_kept": len(report.kept_edited),
        "drafts_failed": len(report.failed),
        "drafts_dir": str(result.out_dir),
    }


@flow(name="coffeechat-run", persist_result=False, log_prints=False)
def coffeechat_run(workspace: str, top: int | None = None, target: str | None = None, today: str | None = None) -> dict:
    """inbox -> import (validate, dedupe) -> score -> plan -> drafts, for one workspace."""
    day = today or date.today().isoformat()
    files = import_inbox(workspace)
    planned = plan(workspace, target, day)
    drafted = drafts(workspace, top, target, day)
    with Store.open(Path(workspace)) as store:
        counts = store.counts()
    return {"files": files, **counts, **planned, **drafted}


def serve_scheduled(workspace: Path, *, cron: str | None, interval: int | None) -> None:
    """Serve the flow on a schedule against a running Prefect server (blocks until stopped)."""
    coffeechat_run.serve(
        name=f"coffeechat-{workspace.name}",
        cron=cron,
        interval=interval,
        parameters={"workspace": str(workspace)},
    )


def _plan_markdown(top, total: int) -> str:
    lines = [f"# Who to ask first ({top.height} of {total})", "", "| # | name | title | company | target | why |", "|---|---|---|---|---|---|"]
    for row in top.iter_rows(named=True):
        cells = [str(row["rank"]), row["name"] or "", row["title"] or "", row["company"] or "", row["target"], row["why"]]
        lines.append("| " + " | ".join(c.replace("|", "/") for c in cells) + " |")
    return "\n".join(lines) + "\n"
