"""`coffeechat dupes`: list the pairs that might be one person; say same / different / undo."""

from __future__ import annotations

from typing import Annotated

import typer

from flows.cli.common import DEFAULT_WORKSPACE, WorkspaceOpt, app, console, workspace_at

dupes_app = typer.Typer(
    help="Review possible duplicates: list them, or say same / different / undo.",
    invoke_without_command=True,
    no_args_is_help=False,
)
app.add_typer(dupes_app, name="dupes")

PairArg = Annotated[list[str], typer.Argument(help="A pair number from `coffeechat dupes`, or two record ids.")]
DecisionArg = Annotated[
    list[str], typer.Argument(help="A decision number from `coffeechat dupes decisions`, or two record ids.")
]
VERBS = {"same": "marked as the same person", "different": "marked as different people", None: "decision withdrawn"}


@dupes_app.callback()
def dupes(
    ctx: typer.Context,
    workspace: WorkspaceOpt = DEFAULT_WORKSPACE,
    limit: Annotated[int, typer.Option("--limit", min=0, help="Show the first N pairs (0: all).")] = 25,
    refit: Annotated[bool, typer.Option(
        "--refit", help="Fit the match weights to everything stored now and resolve again (imports refit by themselves "
        "once the store has grown by a fifth).")] = False,
) -> None:
    """List the pairs that might be one person (with the evidence for and against)."""
    if ctx.invoked_subcommand is not None:
        return
    if refit:
        _refit(workspace)
        return
    from pipeline.app.dupes import list_pairs

    pairs = list_pairs(workspace_at(workspace))
    out = console()
    if pairs.is_empty():
        out.print("No pairs to review.")
        return
    out.print(f"{pairs.height} pairs might be one person each (most likely first):\n")
    shown = pairs.head(limit) if limit else pairs
    for i, row in enumerate(shown.iter_rows(named=True), start=1):
        out.print(f"#{i}  probability {row['probability']:.2f}  (match weight {row['weight']:+.1f})")
        out.print(f"    a  {row['record_a']}  {row['a']}")
        out.print(f"    b  {row['record_b']}  {row['b']}")
        out.print(f"    evidence: {row['reasons']}\n")
    if shown.height < pairs.height:
        out.print(f"... and {pairs.height - shown.height} more (`coffeechat dupes --limit 0` lists them all).\n")
    out.print(
        "Decide with `coffeechat dupes same N` or `coffeechat dupes different N` (or two record ids); "
        "`coffeechat dupes decisions` lists what you decided."
    )


def _refit(workspace) -> None:
    from pipeline.app.dupes import refit_weights

    result = refit_weights(workspace_at(workspace))
    if not result.records:
        console().print("No records yet: nothing to fit. Import an export first (`coffeechat import FILE`).")
        return
    before = f"fitted before on {result.previous_fit:,} records" if result.previous_fit else "never fitted before"
    console().print(
        f"Match weights refitted on {result.records:,} records ({before}); "
        f"{result.contacts:,} contacts now (was {result.contacts_before:,})."
    )


@dupes_app.command("decisions")
def dupes_decisions(workspace: WorkspaceOpt = DEFAULT_WORKSPACE) -> None:
    """List your same / different decisions, oldest first, numbered for `dupes undo N`."""
    from pipeline.app.dupes import list_decisions

    decided = list_decisions(workspace_at(workspace))
    out = console()
    if decided.is_empty():
        out.print("No decisions yet.")
        return
    out.print(f"{decided.height} decisions (oldest first):\n")
    for i, row in enumerate(decided.iter_rows(named=True), start=1):
        out.print(f"#{i}  {row['decision']}  (decided {row['decided_at']})")
        out.print(f"    a  {row['record_a']}  {row['a']}")
        out.print(f"    b  {row['record_b']}  {row['b']}\n")
    out.print("Withdraw one with `coffeechat dupes undo N`.")


def _decide(workspace, pair: list[str], decision: str | None) -> None:
    from pipeline.app.dupes import decide

    result = decide(workspace_at(workspace), pair, decision)
    out = console()
    out.print(f"{result.record_a} and {result.record_b} {VERBS[decision]}; {result.contacts} contacts now.")
    for x, y in result.clashes:
        out.print(
            f"Note: you marked {x} and {y} as different people, but your \"same\" decisions join them; "
            f"`coffeechat dupes undo` one of those to part them."
        )


@dupes_app.command("same")
def dupes_same(pair: PairArg, workspace: WorkspaceOpt = DEFAULT_WORKSPACE) -> None:
    """Merge the two records into one person (this decision wins over any later import)."""
    _decide(workspace, pair, "same")


@dupes_app.command("different")
def dupes_different(pair: PairArg, workspace: WorkspaceOpt = DEFAULT_WORKSPACE) -> None:
    """Keep the two records apart, splitting them if they were merged."""
    _decide(workspace, pair, "different")


@dupes_app.command("undo")
def dupes_undo(pair: DecisionArg, workspace: WorkspaceOpt = DEFAULT_WORKSPACE) -> None:
    """Withdraw an earlier same/different decision: its number in `dupes decisions`, or two record ids."""
    _decide(workspace, pair, None)
