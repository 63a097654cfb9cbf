"""`coffeechat init`, `import` and `export`: set up a workspace, take files in, write the store out."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from flows.cli.common import DEFAULT_WORKSPACE, WorkspaceOpt, app, console, workspace_at


@app.command()
def init(
    workspace: WorkspaceOpt = DEFAULT_WORKSPACE,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing profile.toml with the template.")] = False,
) -> None:
    """Create a workspace with a commented profile.toml, inbox/ and out/."""
    from pipeline.app import setup

    ws, created = setup.init(workspace, force=force)
    out = console()
    if created:
        for path in created:
            out.print(f"created {path}")
    else:
        out.print(f"{ws.root} is already a workspace; nothing changed (use --force to reset profile.toml)")
    out.print(f"Next: edit {ws.profile}, then `coffeechat import FILE... --workspace {ws.root}`.")


@app.command("import")
def import_(
    paths: Annotated[
        list[Path],
        typer.Argument(help="Contact files: LinkedIn Connections.csv or archive ZIP, alumni CSV, Google/Outlook CSV, vCard."),
    ],
    workspace: WorkspaceOpt = DEFAULT_WORKSPACE,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
    mapping: Annotated[
        list[str] | None,
        typer.Option("--map", help='Map a header to a field: --map "Grad Yr=class_year". Repeatable.'),
    ] = None,
    school: Annotated[
        str | None, typer.Option("--school", help="The school of an alumni list that has no school column.")
    ] = None,
) -> None:
    """Import contact files; each row is accepted, rejected with a reason, or counted empty."""
    from pipeline.app.imports import import_into

    ws = workspace_at(workspace)
    reports = import_into(ws, paths, user_map=parse_map(mapping or []), school=school)
    if as_json:
        typer.echo(json.dumps({"files": [r.as_json() for r in reports]}, ensure_ascii=False, indent=2))
    else:
        print_import_table(reports)
    if any(r.error for r in reports):
        raise typer.Exit(1)


def parse_map(pairs: list[str]) -> dict[str, str]:
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


def print_import_table(reports) -> None:
    from rich.table import Table

    table = Table(title="Import")
    counts = {"rows", "accepted", "rejected", "empty", "warnings"}
    for column in ("file", "kind", "encoding", "rows", "accepted", "rejected", "empty", "warnings", "status"):
        table.add_column(column, justify="right" if column in counts else "left")
    for r in reports:
        table.add_row(
            r.path, r.kind or "-", r.encoding or "-",
            *(str(v) for v in (r.rows, r.accepted, r.rejected, r.empty, r.warnings)), r.status,
        )
    out = console()
    out.print(table)
    for r in reports:
        if r.note:
            out.print(f"{r.path}: {r.note}")
    for line in issue_lines(reports):
        out.print(line)
    errors = console(stderr=True)
    for r in reports:
        if r.error:
            errors.print(f"Error: {r.error}")


def issue_lines(reports) -> list[str]:
    """The first rejects and warnings of each file with its line, and where the rest are."""
    lines, more = [], 0
    for r in reports:
        for issue in r.first_issues:
            where = f"{r.path}, line {issue['line']}"
            value = _short(issue["value"])
            what = f" ({issue['column']}: {value})" if issue["column"] and value else (f" ({value})" if value else "")
            lines.append(f"{where}: {issue['severity']}: {issue['reason']}{what}")
        more += max(r.rejected + r.warnings - len(r.first_issues), 0) if r.status == "imported" else 0
    if more:
        lines.append(f"... and {more} more: `coffeechat export rejects --output rejects.csv` lists every one with its file and line.")
    elif lines:
        lines.append("`coffeechat export rejects --output rejects.csv` lists them with their file and line.")
    return lines


def _short(value: str | None, limit: int = 60) -> str:
    # One line per issue: a reject's value is the whole row as written.
    text = " ".join((value or "").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


@app.command()
def export(
    what: Annotated[str, typer.Argument(help="contacts (one row per source record) or rejects.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="CSV file to write.")],
    workspace: WorkspaceOpt = DEFAULT_WORKSPACE,
) -> None:
    """Write contacts (with contact_id and provenance) or rejects (with file, line, reason) as CSV."""
    from pipeline.app.exports import export as export_rows

    count = export_rows(workspace_at(workspace), what, output)
    console().print(f"wrote {count} {what} rows to {output}")
