"""What every command shares: the Typer apps, the common options, and how output reaches the terminal."""

from __future__ import annotations

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

DEFAULT_WORKSPACE = Path("data")
WorkspaceOpt = Annotated[
    Path,
    typer.Option(
        "--workspace", "-w", envvar="COFFEECHAT_WORKSPACE",
        help="Workspace folder (profile.toml, inbox/, out/, the store).", show_default=True,
    ),
]
TodayOpt = Annotated[
    str | None, typer.Option("--today", help="Plan as if today were this date (YYYY-MM-DD).", hidden=True)
]
TopOpt = Annotated[
    int | None, typer.Option("--top", help="Draft for the top N of the plan instead of the next weekly batch.")
]
TargetOpt = Annotated[str | None, typer.Option("--target", help="Plan and draft for this target alone.")]


def workspace_at(path: Path, *, must_exist: bool = True) -> Workspace:
    from pipeline.workspace import Workspace

    workspace = Workspace(path)
    return workspace.require() if must_exist else workspace


def parse_day(value: str | None, flag: str = "--today") -> date:
    """A YYYY-MM-DD option as a date (today when not given); a bad value names its flag."""
    if value is None:
        return date.today()
    from pipeline.errors import CoffeechatError

    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise CoffeechatError(f"{flag} {value!r} is not a date", fix="Write it as YYYY-MM-DD.") from exc


def console(stderr: bool = False):
    """A rich console that never interprets markup in contact values and strips terminal escapes."""
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=True, markup=False, emoji=False)
