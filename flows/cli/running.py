"""`coffeechat run`, `serve` and `demo`: the whole flow, once, on a schedule, or on the sample files."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

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

if TYPE_CHECKING:
    from pipeline.workspace import Workspace


@app.command()
def run(
    workspace: WorkspaceOpt = DEFAULT_WORKSPACE,
    top: TopOpt = None,
    target: TargetOpt = None,
    today: TodayOpt = None,
) -> None:
    """Run the whole Prefect flow: inbox -> import -> dedupe -> score -> plan -> drafts."""
    summary = run_flow(workspace_at(workspace), top=top, target=target, today=parse_day(today))
    print_summary(summary)


@app.command()
def serve(
    workspace: WorkspaceOpt = DEFAULT_WORKSPACE,
    cron: Annotated[str | None, typer.Option("--cron", help='Schedule, e.g. "0 8 * * 1" (Mondays 08:00).')] = None,
    interval: Annotated[int | None, typer.Option("--interval", help="Or every N seconds.")] = None,
) -> None:
    """Serve the flow on a schedule (needs `prefect server start` and PREFECT_API_URL)."""
    from pipeline.errors import CoffeechatError

    ws = workspace_at(workspace)
    api_url = os.environ.get("PREFECT_API_URL", "").strip()
    if not api_url:
        raise CoffeechatError(
            "Scheduling needs a running Prefect server",
            fix="Run `prefect server start` in another terminal, then "
            "`export PREFECT_API_URL=http://127.0.0.1:4200/api` here and retry.",
        )
    if (cron is None) == (interval is None):
        raise CoffeechatError("Give exactly one schedule", fix='Pass --cron "0 8 * * 1" or --interval 3600.')
    if interval is not None and interval < 1:
        raise CoffeechatError(f"--interval {interval} is not a number of seconds", fix="Pass --interval 3600 (or more than 0).")
    _require_server(api_url)
    from flows.prefect_env import configure_prefect

    configure_prefect(ws.root)
    from flows.flow import serve_scheduled

    console().print(f"Serving coffeechat-run for {ws.root.resolve()} against {api_url} (Ctrl+C stops it).")
    serve_scheduled(ws.root.resolve(), cron=cron, interval=interval)


def _require_server(api_url: str) -> None:
    """Ask the server's /health before registering anything, so a wrong URL is one clear error."""
    import urllib.error
    import urllib.request

    from pipeline.errors import CoffeechatError

    try:
        with urllib.request.urlopen(api_url.rstrip("/") + "/health", timeout=5) as response:
            response.read()
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        raise CoffeechatError(
            f"No Prefect server answers at PREFECT_API_URL={api_url} ({reason})",
            fix="Run `prefect server start` in another terminal, then "
            "`export PREFECT_API_URL=http://127.0.0.1:4200/api` here and retry.",
        ) from exc


@app.command()
def demo(
    workspace: Annotated[
        Path, typer.Option("--workspace", "-w", help="Where the demo workspace goes (replaced on each run).")
    ] = Path("data/demo"),
    today: TodayOpt = None,
) -> None:
    """Copy the sample files into a fresh demo workspace and run the whole flow on them."""
    from pipeline.app.setup import demo_workspace

    ws = demo_workspace(workspace)
    print_summary(run_flow(ws, top=None, target=None, today=parse_day(today)))


def run_flow(ws: Workspace, *, top: int | None, target: str | None, today: date) -> dict:
    from flows.prefect_env import configure_prefect

    configure_prefect(ws.root)
    from flows.flow import coffeechat_run

    return coffeechat_run(str(ws.root), top=top, target=target, today=today.isoformat())


def print_summary(summary: dict) -> None:
    out = console()
    for f in summary["files"]:
        line = f"  {f['path']}: {f['status']}, {f['accepted']} accepted, {f['rejected']} rejected, {f['empty']} empty"
        out.print(line if not f["error"] else f"  {f['path']}: Error: {f['error']}")
    out.print(
        f"{summary['contacts']} contacts from {summary['records']} source records; "
        f"{summary['review_pairs']} pairs to review (`coffeechat dupes`)."
    )
    out.print(
        f"{summary['planned']} people planned; drafts: {summary['drafts_written']} written, "
        f"{summary['drafts_kept']} kept as edited, {summary['drafts_failed']} need attention."
    )
    out.print("Plan:   " + "  ".join(summary["plan_files"]))
    out.print("Drafts: " + summary["drafts_dir"])
