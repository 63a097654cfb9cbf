"""`coffeechat plan` and `drafts`: rank the network, draft the next batch."""

from __future__ import annotations

from typing import Annotated

import typer

from flows.cli.common import (
    DEFAULT_WORKSPACE,
    TargetOpt,
    TodayOpt,
    TopOpt,
    WorkspaceOpt,
    app,
    console,
    parse_day,
    workspace_at,
)


@app.command()
def plan(
    workspace: WorkspaceOpt = DEFAULT_WORKSPACE,
    target: Annotated[str | None, typer.Option("--target", help="Rank for this target alone.")] = None,
    top: Annotated[int, typer.Option("--top", help="How many rows to show here (the files hold all).")] = 15,
    today: TodayOpt = None,
) -> None:
    """Rank your network against your targets; write out/plan.csv, plan.md and plan.html."""
    from pipeline.app.planning import make_plan

    result = make_plan(workspace_at(workspace), target=target, today=parse_day(today))
    print_plan(result.plan, top)
    console().print(
        f"{result.plan.height} of {result.contacts} contacts ranked. Wrote " + ", ".join(str(p) for p in result.paths)
    )
    if result.held:
        parts = [f"{n} waiting on a colleague's reply" if k == "waiting" else f"{n} unreachable (no email or profile URL)"
                 for k, n in sorted(result.held.items(), key=lambda kv: kv[0] != "waiting")]
        console().print(f"Held back: {', '.join(parts)}; plan.md says why for each.")


def print_plan(plan, top: int) -> None:
    from rich.table import Table

    table = Table(title="Who to ask first")
    for column in ("rank", "name", "title", "company", "target", "score", "channel", "week", "why"):
        table.add_column(column, overflow="fold")
    for row in plan.head(top).iter_rows(named=True):
        table.add_row(
            str(row["rank"]), row["name"] or "", row["title"] or "", row["company"] or "", row["target"],
            f"{row['score']:.2f}", row["channel"], str(row["send_week"]), row["why"],
        )
    console().print(table)


@app.command()
def drafts(
    workspace: WorkspaceOpt = DEFAULT_WORKSPACE,
    top: TopOpt = None,
    target: TargetOpt = None,
    today: TodayOpt = None,
) -> None:
    """Draft requests for the plan's next batch (and due follow-ups) under out/drafts/."""
    from pipeline.app.planning import make_drafts

    result = make_drafts(workspace_at(workspace), top=top, target=target, today=parse_day(today))
    out = console()
    report = result.report
    out.print(
        f"{len(report.written)} drafts written, {len(report.unchanged)} unchanged, "
        f"{len(report.kept_edited)} kept as you edited them, {len(report.failed)} need attention "
        f"-> {result.out_dir}"
    )
    for name in report.kept_edited:
        out.print(f"kept your edits: {name}")
    for name, reasons in report.failed:
        out.print(f"not written: {name}: {reasons}")
    if report.archived:
        out.print(f"{len(report.archived)} no longer due (sent, closed or paused), moved to {result.out_dir / 'archive'}")
