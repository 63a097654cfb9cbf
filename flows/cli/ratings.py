"""`coffeechat rate`: the user's 0-3 judgment of a contact, which the next plan places and learns from."""

from __future__ import annotations

from typing import Annotated

import typer

from flows.cli.common import DEFAULT_WORKSPACE, WorkspaceOpt, app, console, workspace_at


@app.command()
def rate(
    contact_id: Annotated[
        str | None, typer.Argument(help="The contact_id from the plan or the contacts export; leave out with --clear to clear all.")
    ] = None,
    grade: Annotated[int | None, typer.Argument(help="0 (not useful) to 3 (ask first); leave out with --clear.")] = None,
    workspace: WorkspaceOpt = DEFAULT_WORKSPACE,
    target: Annotated[str | None, typer.Option("--target", help="Rate for this target only (default: all).")] = None,
    clear: Annotated[bool, typer.Option("--clear", help="Remove the earlier ratings of this contact (without one: of everyone).")] = False,
) -> None:
    """Rate a contact 0-3: the next plan places them by it and moves similar people up or down."""
    from pipeline.app.ratings import clear_all
    from pipeline.app.ratings import rate as rate_contact
    from pipeline.errors import CoffeechatError

    if contact_id is None:
        if not clear:
            raise CoffeechatError("No contact given", fix="Add the contact_id from out/plan.csv and a grade 0-3, or --clear to clear every rating.")
        cleared = clear_all(workspace_at(workspace), target=target, source="cli")
        scope = f" for {cleared.target}" if cleared.target else ""
        console().print(f"ratings cleared for {cleared.contacts} contact{'' if cleared.contacts == 1 else 's'}{scope}")
        return
    result = rate_contact(workspace_at(workspace), contact_id, grade, target=target, clear=clear, source="cli")
    scope = f" for {result.target}" if result.target else ""
    if clear:
        console().print(f"{result.contact_id}: ratings cleared{scope}")
    else:
        console().print(f"{result.contact_id}: rated {result.grade}/3{scope}")
