"""`coffeechat report`: the outreach funnel and reply rates, in the terminal and as out/report.md and out/report.csv."""

from __future__ import annotations

from flows.cli.common import (
    DEFAULT_WORKSPACE,
    TodayOpt,
    WorkspaceOpt,
    app,
    console,
    parse_day,
    workspace_at,
)


@app.command()
def report(workspace: WorkspaceOpt = DEFAULT_WORKSPACE, today: TodayOpt = None) -> None:
    """The funnel (planned, contacted, replied, met, referrals) and reply rate by source, target, variant and week."""
    from rich.table import Table

    from pipeline.app.report import TITLES, make_report
    from pipeline.outreach.report import DIMENSIONS, days_text, percent

    result = make_report(workspace_at(workspace), today=parse_day(today))
    out, data = console(), result.report
    funnel = Table(title="Outreach funnel")
    for column in ("planned", "contacted", "replied", "met", "referrals gained", "reply rate", "days to reply"):
        funnel.add_column(column, justify="right")
    t = data.total
    funnel.add_row(str(t.planned), str(t.contacted), str(t.replied), str(t.met), str(t.referrals),
                   percent(t.reply_rate), days_text(t.days_to_reply))
    out.print(funnel)
    for dimension in DIMENSIONS:
        rows = data.by(dimension)
        if not rows:
            continue
        table = Table(title=f"By {TITLES[dimension]}")
        table.add_column(TITLES[dimension], overflow="fold", min_width=16)
        for column in ("planned", "contacted", "replied", "met", "reply rate", "days to reply"):
            table.add_column(column, justify="right")
        for r in rows:
            table.add_row(r.group, str(r.planned), str(r.contacted), str(r.replied), str(r.met),
                          percent(r.reply_rate), days_text(r.days_to_reply))
        out.print(table)
    out.print(f"-> {result.paths[0]}, {result.paths[1]}")
