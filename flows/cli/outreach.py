"""`coffeechat mark`: log what happened with a contact."""

from __future__ import annotations

from typing import Annotated

import typer

from flows.cli.common import DEFAULT_WORKSPACE, WorkspaceOpt, app, console, parse_day, workspace_at


@app.command()
def mark(
    contact_id: Annotated[str, typer.Argument(help="The contact_id from the plan or the contacts export.")],
    kind: Annotated[str, typer.Argument(help="sent, replied, met, declined, do-not-contact or note.")],
    workspace: WorkspaceOpt = DEFAULT_WORKSPACE,
    note: Annotated[str | None, typer.Option("--note", help="What you learned, who they referred you to...")] = None,
    on: Annotated[str | None, typer.Option("--date", help="When it happened (YYYY-MM-DD); default today.")] = None,
) -> None:
    """Log outreach: the plan leaves out people contacted, declined or do-not-contact; follow-ups come due."""
    from pipeline.app.outreach import mark as mark_event

    result = mark_event(workspace_at(workspace), contact_id, kind, on=parse_day(on, "--date"), note=note)
    console().print(f"{result.contact_id}: {result.kind.replace('_', '-')} on {result.on.isoformat()}")
