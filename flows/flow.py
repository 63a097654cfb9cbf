"""The Prefect flow behind `coffeechat run`: thin tasks over the pure pipeline stages."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from prefect import flow, task
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.cache_policies import NO_CACHE

from pipeline.app import imports, planning, setup
from pipeline.workspace import Workspace

# Contacts are other people's data: no task result is ever persisted or cached, and tasks
# hand each other paths and counts, never contact frames.
_PRIVATE = {"cache_policy": NO_CACHE, "persist_result": False}
ARTIFACT_ROWS = 25


@task(name="import-inbox", **_PRIVATE)
def import_inbox(workspace: str) -> list[dict]:
    """Import every new file in inbox/; resolves duplicates inside each import."""
    return [report.as_json() for report in imports.import_inbox(Workspace(Path(workspace)))]


@task(name="plan-and-drafts", **_PRIVATE)
def plan_and_drafts(workspace: str, top: int | None, target: str | None, today: str, publish: bool = True) -> dict:
    """Rank the network once; write the plan files, publish its top as artifacts, draft the next batch."""
    ws, day = Workspace(Path(workspace)), date.fromisoformat(today)
    ranking = planning.rank(ws, target=target, today=day)
    result = planning.make_plan(ws, target=target, today=day, ranking=ranking)
    if publish and result.plan.height:
        _publish(result.plan)
    drafted = planning.make_drafts(ws, top=top, target=target, today=day, ranking=ranking, source="flow")
    report = drafted.report
    return {
        "planned": result.plan.height,
        "plan_files": [str(p) for p in result.paths],
        "drafts_written": len(report.written),
        "drafts_unchanged": len(report.unchanged),
        "drafts_kept": len(report.kept_edited),
        "drafts_failed": len(report.failed),
        "drafts_dir": str(drafted.out_dir),
    }


def _publish(plan) -> None:
    """The plan's top rows as Prefect artifacts (names, titles, companies: the README says so)."""
    top = plan.head(ARTIFACT_ROWS)
    columns = ["rank", "name", "title", "company", "target", "score", "channel", "send_week", "why"]
    create_table_artifact(
        key="coffeechat-plan",
        table=top.select(columns).with_columns(score=top["score"].round(3)).to_dicts(),
        description=f"Top {top.height} of {plan.height} planned contacts",
    )
    create_markdown_artifact(
        key="coffeechat-plan-summary",
        markdown=_plan_markdown(top, plan.height),
        description="Who to ask first, and why",
    )


@flow(name="coffeechat-run", persist_result=False, log_prints=False)
def coffeechat_run(workspace: str, top: int | None = None, target: str | None = None, today: str | None = None) -> dict:
    """inbox -> import (validate, dedupe) -> score -> plan -> drafts, for one workspace."""
    day = today or date.today().isoformat()
    files = import_inbox(workspace)
    publish = setup.artifacts_enabled(Workspace(Path(workspace)))
    planned = plan_and_drafts(workspace, top, target, day, publish)
    counts = setup.counts(Workspace(Path(workspace)))
    return {"files": files, **counts, **planned}


def serve_scheduled(workspace: Path, *, cron: str | None, interval: int | None) -> None:
    """Serve the flow on a schedule against a running Prefect server (blocks until stopped)."""
    from prefect.deployments.runner import EntrypointType

    coffeechat_run.serve(
        name=f"coffeechat-{workspace.name}",
        cron=cron,
        interval=interval,
        parameters={"workspace": str(workspace)},
        description=f"inbox -> import -> dedupe -> score -> plan -> drafts for {workspace}",
        # One run at a time: a slow import never overlaps the next scheduled one.
        limit=1,
        # Each run's subprocess imports the flow by module name, not by this file's path.
        entrypoint_type=EntrypointType.MODULE_PATH,
    )


def _plan_markdown(top, total: int) -> str:
    lines = [f"# Who to ask first ({top.height} of {total})", "", "| # | name | title | company | target | why |", "|---|---|---|---|---|---|"]
    for row in top.iter_rows(named=True):
        cells = [str(row["rank"]), row["name"] or "", row["title"] or "", row["company"] or "", row["target"], row["why"]]
        lines.append("| " + " | ".join(c.replace("|", "/") for c in cells) + " |")
    return "\n".join(lines) + "\n"
