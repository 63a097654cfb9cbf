"""`coffeechat mark`, `log`, `status` and `report`: the follow-through after a request goes out."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from flows.cli.common import (
    DEFAULT_WORKSPACE,
    TodayOpt,
    WorkspaceOpt,
    app,
    console,
    parse_day,
    workspace_at,
)

ContactArg = Annotated[str, typer.Argument(
    help="A contact_id, a draft's file name, or a name that matches exactly one contact.", metavar="CONTACT")]
DateOpt = Annotated[str | None, typer.Option("--date", help="When it happened (YYYY-MM-DD); default today.")]

_HEADINGS = {"overdue": "Overdue", "today": "Due today", "this week": "This week", "later": "Later", "closed": "Closed"}


@app.command()
def mark(
    contact: ContactArg,
    kind: Annotated[str, typer.Argument(
        help="sent, replied, scheduled, met, declined, do-not-contact or note.", metavar="STAGE")],
    workspace: WorkspaceOpt = DEFAULT_WORKSPACE,
    note: Annotated[str | None, typer.Option("--note", help="A private note (never quoted in a draft).")] = None,
    how_we_know: Annotated[str | None, typer.Option(
        "--how-we-know", help='How you know them ("my sister\'s college roommate"): the warmest opener.')] = None,
    on: DateOpt = None,
    undo: Annotated[bool, typer.Option("--undo", help="Reverse the contact's last event of this kind.")] = False,
    today: TodayOpt = None,
) -> None:
    """Log outreach: what was sent, a reply, a meeting; follow-ups come due from the log."""
    from pipeline.app.outreach import mark as mark_event

    day = parse_day(today)
    result = mark_event(workspace_at(workspace), contact, kind, on=parse_day(on, "--date") if on else day,
                        today=day, note=note, how_we_know=how_we_know, undo=undo)
    console().print(result.message)


@app.command("log")
def log_meeting(
    contact: ContactArg,
    workspace: WorkspaceOpt = DEFAULT_WORKSPACE,
    takeaway: Annotated[list[str] | None, typer.Option(
        "--takeaway", help="What you took away, in your words (the thank-you quotes it). Repeatable.")] = None,
    referral: Annotated[list[str] | None, typer.Option(
        "--referral", help='Someone they suggested: "Name, Organisation, email or profile URL". Repeatable.')] = None,
    on: DateOpt = None,
    today: TodayOpt = None,
) -> None:
    """Log a meeting's takeaways and referrals; each referral becomes a contact with a first draft."""
    from pipeline.app.outreach import log_meeting as log_it

    day = parse_day(today)
    result = log_it(workspace_at(workspace), contact, takeaways=takeaway or [], referrals=referral or [],
                    on=parse_day(on, "--date") if on else day, today=day)
    out = console()
    plural = "s" if result.takeaways != 1 else ""
    out.print(f"{result.contact_id} {result.name}: {result.takeaways} takeaway{plural} logged")
    for cid, name in result.referrals:
        out.print(f"referral: {cid} {name} (referred by {result.name}; drafted with `coffeechat drafts`)")


@app.command()
def status(
    workspace: WorkspaceOpt = DEFAULT_WORKSPACE,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON row per contact.")] = False,
    due: Annotated[bool, typer.Option("--due", help="Only what is overdue or due today.")] = False,
    today: TodayOpt = None,
) -> None:
    """Every contact with outreach: its stage, the next action and when it is due."""
    from pipeline.app.outreach import status as status_of

    rows = status_of(workspace_at(workspace), today=parse_day(today), due_only=due)
    out = console()
    if as_json:
        out.print(json.dumps([r.as_json() for r in rows], ensure_ascii=False, indent=1))
        return
    if not rows:
        out.print("Nothing due." if due else "No outreach logged yet: `coffeechat mark CONTACT sent` after you send a draft.")
        return
    group = None
    for row in rows:
        if row.group != group:
            group = row.group
            out.print(f"{_HEADINGS[group]}:")
        action = f"{row.next_action}" + (f" (due {row.due.isoformat()})" if row.due else "") if row.next_action else "-"
        out.print(f"  {row.contact_id}  {row.name}  [{row.stage}]  {action}  last: {row.last_event or '-'}")
