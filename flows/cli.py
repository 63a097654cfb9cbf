"""The `coffeechat` command: a thin adapter that parses arguments, calls one function and prints."""

from __future__ import annotations

import json
import os
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:  # heavy imports stay inside the commands, so --help answers at once
    from pipeline.workspace import Workspace

app = typer.Typer(
    name="coffeechat",
    help="Plan informational interviews from your own network: import contacts, merge duplicates, "
    "rank them against your target fields and draft personal requests. Nothing is ever sent.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
dupes_app = typer.Typer(help="Review possible duplicates: list them, or say same / different / undo.",
                        invoke_without_command=True, no_args_is_help=False)
app.add_typer(dupes_app, name="dupes")

WorkspaceOpt = Annotated[
    Path,
    typer.Option("--workspace", "-w", envvar="COFFEECHAT_WORKSPACE", help="Workspace folder (profile.toml, inbox/, out/, the store).",
                 show_default=True),
]
TodayOpt = Annotated[
    str | None, typer.Option("--today", help="Plan as if today were this date (YYYY-MM-DD).", hidden=True)
]
TopOpt = Annotated[int | None, typer.Option("--top", help="Draft for the top N of the plan instead of the next weekly batch.")]
TargetOpt = Annotated[str | None, typer.Option("--target", help="Plan and draft for this target alone.")]
DEFAULT_WORKSPACE = Path("data")


def _workspace(path: Path, *, must_exist: bool = True) -> Workspace:
    from pipeline.workspace import Workspace

    workspace = Workspace(path)
    return workspace.require() if must_exist else workspace


def _today(value: str | None) -> date:
    if value is None:
        return date.today()
    from pipeline.errors import CoffeechatError

    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise CoffeechatError(f"--today {value!r} is not a date", fix="Write it as YYYY-MM-DD.") from exc


def _console(stderr: bool = False):
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=True)


@app.command()
def init(
    workspace: WorkspaceOpt = DEFAULT_WORKSPACE,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing profile.toml with the template.")] = False,
) -> None:
    """Create a workspace with a commented profile.toml, inbox/ and out/."""
    from pipeline.store import Store
    from pipeline.workspace import init_workspace

    ws, created = init_workspace(workspace, force=force)
    Store.open(ws.root).close()
    console = _console()
    if created:
        for path in created:
            console.print(f"created {path}")
    else:
        console.print(f"{ws.root} is already a workspace; nothing changed (use --force to reset profile.toml)")
    console.print(f"Next: edit {ws.profile}, then `coffeechat import FILE... --workspace {ws.root}`.")


@app.command("import")
def import_(
    paths: Annotated[list[Path], typer.Argument(help="Contact files: LinkedIn Connections.csv or archive ZIP, alumni CSV, Google/Outlook CSV, vCard.")],
    workspace: WorkspaceOpt = DEFAULT_WORKSPACE,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
    mapping: Annotated[list[str] | None, typer.Option("--map", help='Map a header to a field: --map "Grad Yr=class_year". Repeatable.')] = None,
) -> None:
    """Import contact files; each row is accepted, rejected with a reason, or counted empty."""
    from pipeline.app.actions import import_into

    ws = _workspace(workspace)
    reports = import_into(ws, paths, user_map=_parse_map(mapping or []))
    if as_json:
        typer.echo(json.dumps({"files": [r.as_json() for r in reports]}, ensure_ascii=False, indent=2))
    else:
        _print_import_table(reports)
    if any(r.error for r in reports):
        raise typer.Exit(1)


def _parse_map(pairs: list[str]) -> dict[str, str]:
    from pipeline.errors import CoffeechatError

    mapping = {}
    for pair in pairs:
        header, sep, field = pair.rpartition("=")
        if not sep or not header.strip() or not field.strip():
            raise CoffeechatError(f"--map {pair!r} is not HEADER=field", fix='Write it as --map "Their Header=company".')
        mapping[header.strip()] = field.strip()
    if mapping:
        from pipeline.profile import parse_profile

        parse_profile({"columns": mapping})  # same check, same message as profile.toml's [columns]
    return mapping


def _print_import_table(reports) -> None:
    from rich.table import Table

    table = Table(title="Import")
    for column in ("file", "kind", "encoding", "rows", "accepted", "rejected", "empty", "warnings", "status"):
        table.add_column(column, justify="right" if column in {"rows", "accepted", "rejected", "empty", "warnings"} else "left")
    for r in reports:
        table.add_row(r.path, r.kind or "-", r.encoding or "-", *(str(v) for v in (r.rows, r.accepted, r.rejected, r.empty, r.warnings)),
                      r.status)
    console = _console()
    console.print(table)
    for r in reports:
        if r.note:
            console.print(f"{r.path}: {r.note}")
    errors = _console(stderr=True)
    for r in reports:
        if r.error:
            errors.print(f"Error: {r.error}")


@app.command()
def export(
    what: Annotated[str, typer.Argument(help="contacts (one row per source record) or rejects.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="CSV file to write.")],
    workspace: WorkspaceOpt = DEFAULT_WORKSPACE,
) -> None:
    """Write contacts (with contact_id and provenance) or rejects (with file, line, reason) as CSV."""
    from pipeline.errors import CoffeechatError
    from pipeline.files import (
        CONTACT_EXPORT_COLUMNS,
        REJECT_EXPORT_COLUMNS,
        contacts_export,
        write_csv,
    )
    from pipeline.store import Store

    if what not in {"contacts", "rejects"}:
        raise CoffeechatError(f"Cannot export {what!r}", fix="Use `coffeechat export contacts` or `coffeechat export rejects`.")
    ws = _workspace(workspace)
    with Store.open(ws.root) as store:
        if what == "contacts":
            count = write_csv(contacts_export(store.records()), output, CONTACT_EXPORT_COLUMNS)
        else:
            count = write_csv(store.rejects(), output, REJECT_EXPORT_COLUMNS)
    _console().print(f"wrote {count} {what} rows to {output}")


@dupes_app.callback()
def dupes(
    ctx: typer.Context,
    workspace: WorkspaceOpt = DEFAULT_WORKSPACE,
    limit: Annotated[int, typer.Option("--limit", min=0, help="Show the first N pairs (0: all).")] = 25,
) -> None:
    """List the pairs that might be one person (with the evidence for and against)."""
    if ctx.invoked_subcommand is not None:
        return
    from pipeline.store import Store

    ws = _workspace(workspace)
    with Store.open(ws.root) as store:
        pairs = _pairs_with_names(store)
    console = _console()
    if pairs.is_empty():
        console.print("No pairs to review.")
        return
    console.print(f"{pairs.height} pairs might be one person each (most likely first):\n")
    shown = pairs.head(limit) if limit else pairs
    for i, row in enumerate(shown.iter_rows(named=True), start=1):
        console.print(f"#{i}  probability {row['probability']:.2f}  (match weight {row['weight']:+.1f})")
        console.print(f"    a  {row['record_a']}  {row['a']}")
        console.print(f"    b  {row['record_b']}  {row['b']}")
        console.print(f"    evidence: {row['reasons']}\n")
    if shown.height < pairs.height:
        console.print(f"... and {pairs.height - shown.height} more (`coffeechat dupes --limit 0` lists them all).\n")
    console.print("Decide with `coffeechat dupes same N` or `coffeechat dupes different N` (or two record ids); "
                  "`coffeechat dupes undo N` withdraws a decision.")


def _pairs_with_names(store):
    import polars as pl

    records = store.records().select(
        "record_id",
        pl.concat_str([pl.coalesce("full_name", pl.concat_str(["first_name", "last_name"], separator=" ", ignore_nulls=True)),
                       pl.col("company"), pl.col("source_file") + ":" + pl.col("source_line").cast(pl.String)],
                      separator=" · ", ignore_nulls=True).alias("label"),
    )
    pairs = store.review_pairs()
    return (pairs.join(records.rename({"record_id": "record_a", "label": "a"}), on="record_a", how="left")
                 .join(records.rename({"record_id": "record_b", "label": "b"}), on="record_b", how="left"))


def _decide(workspace: Path, pair: list[str], decision: str | None) -> None:
    from pipeline.app.imports import contradicted_decisions, reresolve
    from pipeline.errors import CoffeechatError
    from pipeline.profile import Profile, load_profile
    from pipeline.store import Store

    ws = _workspace(workspace)
    profile = load_profile(ws.profile) if ws.profile.exists() else Profile()
    with Store.open(ws.root) as store:
        if len(pair) == 1 and pair[0].isdigit():
            pairs = _pairs_with_names(store)
            n = int(pair[0])
            if not 1 <= n <= pairs.height:
                raise CoffeechatError(f"No pair #{n} in the review list ({pairs.height} pairs)",
                                      fix="Run `coffeechat dupes` to see the numbers.")
            a, b = pairs.row(n - 1, named=True)["record_a"], pairs.row(n - 1, named=True)["record_b"]
        elif len(pair) == 2:
            a, b = pair
            for record in (a, b):
                if not store.record_exists(record):
                    raise CoffeechatError(f"No source record {record!r}", value=record,
                                          fix="Use the record ids shown by `coffeechat dupes` or `coffeechat export contacts`.")
        else:
            raise CoffeechatError("Name a pair", fix="Give its number from `coffeechat dupes`, or two record ids.")
        store.decide(a, b, decision)
        reresolve(store, profile.me.phone_region)
        contacts = store.counts()["contacts"]
        clashes = contradicted_decisions(store.records(), store.decisions())
    verb = {"same": "marked as the same person", "different": "marked as different people", None: "decision withdrawn"}[decision]
    console = _console()
    console.print(f"{a} and {b} {verb}; {contacts} contacts now.")
    for x, y in clashes.iter_rows():
        console.print(f"Note: you marked {x} and {y} as different people, but your \"same\" decisions join them; "
                      f"`coffeechat dupes undo` one of those to part them.")


PairArg = Annotated[list[str], typer.Argument(help="A pair number from `coffeechat dupes`, or two record ids.")]


@dupes_app.command("same")
def dupes_same(pair: PairArg, workspace: WorkspaceOpt = DEFAULT_WORKSPACE) -> None:
    """Merge the two records into one person (this decision wins over any later import)."""
    _decide(workspace, pair, "same")


@dupes_app.command("different")
def dupes_different(pair: PairArg, workspace: WorkspaceOpt = DEFAULT_WORKSPACE) -> None:
    """Keep the two records apart, splitting them if they were merged."""
    _decide(workspace, pair, "different")


@dupes_app.command("undo")
def dupes_undo(pair: PairArg, workspace: WorkspaceOpt = DEFAULT_WORKSPACE) -> None:
    """Withdraw an earlier same/different decision on the pair (a merge is undone)."""
    _decide(workspace, pair, None)


@app.command()
def plan(
    workspace: WorkspaceOpt = DEFAULT_WORKSPACE,
    target: Annotated[str | None, typer.Option("--target", help="Rank for this target alone.")] = None,
    top: Annotated[int, typer.Option("--top", help="How many rows to show here (the files hold all).")] = 15,
    today: TodayOpt = None,
) -> None:
    """Rank your network against your targets; write out/plan.csv, plan.md and plan.html."""
    from pipeline.app.actions import make_plan

    result = make_plan(_workspace(workspace), target=target, today=_today(today))
    _print_plan(result.plan, top)
    console = _console()
    console.print(f"{result.plan.height} of {result.contacts} contacts ranked. Wrote " + ", ".join(str(p) for p in result.paths))


def _print_plan(plan, top: int) -> None:
    from rich.table import Table

    table = Table(title="Who to ask first")
    for column in ("rank", "name", "title", "company", "target", "score", "channel", "week", "why"):
        table.add_column(column, overflow="fold")
    for row in plan.head(top).iter_rows(named=True):
        table.add_row(str(row["rank"]), row["name"] or "", row["title"] or "", row["company"] or "", row["target"],
                      f"{row['score']:.2f}", row["channel"], str(row["send_week"]), row["why"])
    _console().print(table)


@app.command()
def drafts(
    workspace: WorkspaceOpt = DEFAULT_WORKSPACE,
    top: TopOpt = None,
    target: TargetOpt = None,
    today: TodayOpt = None,
) -> None:
    """Draft requests for the plan's next batch (and due follow-ups) under out/drafts/."""
    from pipeline.app.actions import make_drafts

    result = make_drafts(_workspace(workspace), top=top, target=target, today=_today(today))
    _print_drafts(result)


def _print_drafts(result) -> None:
    console = _console()
    report = result.report
    console.print(f"{len(report.written)} drafts written, {len(report.unchanged)} unchanged, "
                  f"{len(report.kept_edited)} kept as you edited them, {len(report.failed)} need attention "
                  f"-> {result.out_dir}")
    for name in report.kept_edited:
        console.print(f"kept your edits: {name}")
    for name, reasons in report.failed:
        console.print(f"not written: {name}: {reasons}")


@app.command()
def mark(
    contact_id: Annotated[str, typer.Argument(help="The contact_id from the plan or the contacts export.")],
    kind: Annotated[str, typer.Argument(help="sent, replied, met, declined, do-not-contact or note.")],
    workspace: WorkspaceOpt = DEFAULT_WORKSPACE,
    note: Annotated[str | None, typer.Option("--note", help="What you learned, who they referred you to...")] = None,
    on: Annotated[str | None, typer.Option("--date", help="When it happened (YYYY-MM-DD); default today.")] = None,
) -> None:
    """Log outreach: the plan leaves out people contacted, declined or do-not-contact; follow-ups come due."""
    from pipeline.errors import CoffeechatError
    from pipeline.store import EVENT_KINDS, Store

    event = kind.replace("-", "_").lower()
    if event not in EVENT_KINDS or event == "drafted":
        raise CoffeechatError(f"Unknown outreach event {kind!r}", fix="Use one of: sent, replied, met, declined, do-not-contact, note.")
    ws = _workspace(workspace)
    with Store.open(ws.root) as store:
        if not store.contact_exists(contact_id):
            raise CoffeechatError(f"No contact {contact_id!r}", value=contact_id,
                                  fix="Copy the contact_id from out/plan.csv or `coffeechat export contacts`.")
        store.add_event(contact_id, event, _today(on).isoformat(), note)
    _console().print(f"{contact_id}: {event.replace('_', '-')} on {_today(on).isoformat()}")


@app.command()
def run(
    workspace: WorkspaceOpt = DEFAULT_WORKSPACE,
    top: TopOpt = None,
    target: TargetOpt = None,
    today: TodayOpt = None,
) -> None:
    """Run the whole Prefect flow: inbox -> import -> dedupe -> score -> plan -> drafts."""
    ws = _workspace(workspace)
    summary = _run_flow(ws, top=top, target=target, today=_today(today))
    _print_summary(summary)


@app.command()
def serve(
    workspace: WorkspaceOpt = DEFAULT_WORKSPACE,
    cron: Annotated[str | None, typer.Option("--cron", help='Schedule, e.g. "0 8 * * 1" (Mondays 08:00).')] = None,
    interval: Annotated[int | None, typer.Option("--interval", help="Or every N seconds.")] = None,
) -> None:
    """Serve the flow on a schedule (needs `prefect server start` and PREFECT_API_URL)."""
    from pipeline.errors import CoffeechatError

    ws = _workspace(workspace)
    if not os.environ.get("PREFECT_API_URL"):
        raise CoffeechatError("Scheduling needs a running Prefect server",
                              fix="Run `prefect server start`, then export PREFECT_API_URL=http://127.0.0.1:4200/api and retry.")
    if (cron is None) == (interval is None):
        raise CoffeechatError("Give exactly one schedule", fix='Pass --cron "0 8 * * 1" or --interval 3600.')
    from flows.flow import serve_scheduled

    serve_scheduled(ws.root.resolve(), cron=cron, interval=interval)


@app.command()
def demo(
    workspace: Annotated[Path, typer.Option("--workspace", "-w", help="Where the demo workspace goes (replaced on each run).")] = Path("data/demo"),
    today: TodayOpt = None,
) -> None:
    """Copy the sample files into a fresh demo workspace and run the whole flow on them."""
    from pipeline.workspace import reset_demo_workspace

    ws = reset_demo_workspace(workspace)
    summary = _run_flow(ws, top=None, target=None, today=_today(today))
    _print_summary(summary)


def _run_flow(ws: Workspace, *, top: int | None, target: str | None, today: date) -> dict:
    from flows.prefect_env import configure_prefect

    configure_prefect(ws.root)
    from flows.flow import coffeechat_run

    return coffeechat_run(str(ws.root), top=top, target=target, today=today.isoformat())


def _print_summary(summary: dict) -> None:
    console = _console()
    for f in summary["files"]:
        line = f"  {f['path']}: {f['status']}, {f['accepted']} accepted, {f['rejected']} rejected, {f['empty']} empty"
        console.print(line if not f["error"] else f"  {f['path']}: Error: {f['error']}")
    console.print(f"{summary['contacts']} contacts from {summary['records']} source records; "
                  f"{summary['review_pairs']} pairs to review (`coffeechat dupes`).")
    console.print(f"{summary['planned']} people planned; drafts: {summary['drafts_written']} written, "
                  f"{summary['drafts_kept']} kept as edited, {summary['drafts_failed']} need attention.")
    console.print("Plan:   " + "  ".join(summary["plan_files"]))
    console.print("Drafts: " + summary["drafts_dir"])


def main() -> None:
    """Entry point: a CoffeechatError becomes `Error: ...` and exit 1, never a traceback."""
    from pipeline.errors import CoffeechatError

    try:
        app()
    except CoffeechatError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
