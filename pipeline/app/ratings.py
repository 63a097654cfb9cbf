"""The `rate` action: a person's 0-3 grade of how useful a contact would be to talk to, as an event."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import polars as pl

from pipeline.errors import CoffeechatError
from pipeline.profile import Profile, load_profile
from pipeline.rank.ratings import latest_ratings
from pipeline.store import Store
from pipeline.workspace import Workspace

GRADES = (0, 1, 2, 3)


@dataclass(frozen=True)
class RateResult:
    """What a rating (or clearing one) recorded."""

    contact_id: str
    grade: int | None
    target: str | None
    event_id: int


def rate(
    workspace: Workspace,
    contact_id: str,
    grade: int | None,
    *,
    target: str | None = None,
    clear: bool = False,
    source: str = "cli",
    on: date | None = None,
) -> RateResult:
    """Record a grade 0-3 for a contact (for one target, or all), or clear the earlier one."""
    if not clear and grade is None:
        raise CoffeechatError("No grade given", fix="Add a grade 0-3 after the contact_id, or --clear to remove the ratings.")
    if not clear and grade not in GRADES:
        raise CoffeechatError(f"Grade {grade!r} is not 0, 1, 2 or 3", fix="Rate with 0 (not useful) to 3 (ask first).")
    profile = load_profile(workspace.profile) if workspace.profile.exists() else Profile()
    name = profile.target(target).name if target else None
    day = (on or date.today()).isoformat()
    with Store.open(workspace.root) as store:
        if not store.contact_exists(contact_id):
            raise CoffeechatError(
                f"No contact {contact_id!r}", value=contact_id,
                fix="Copy the contact_id from out/plan.csv or `coffeechat export contacts`.",
            )
        kind, value = ("rating_cleared", None) if clear else ("rating", grade)
        event_id = store.add_event(contact_id, kind, day, target=name, grade=value, source=source)
    return RateResult(contact_id, value, name, event_id)


@dataclass(frozen=True)
class ClearResult:
    """What clearing every rating did: how many contacts had ratings, for which target (None: all)."""

    contacts: int
    target: str | None


def clear_all(workspace: Workspace, *, target: str | None = None, source: str = "cli", on: date | None = None) -> ClearResult:
    """Clear every contact's ratings (of one target, or all) in one write.

    The log is never edited: each rated contact gets a `rating_cleared` event, as `rate --clear` gives one.
    """
    profile = load_profile(workspace.profile) if workspace.profile.exists() else Profile()
    name = profile.target(target).name if target else None
    day = (on or date.today()).isoformat()
    with Store.open(workspace.root) as store, store.transaction():
        events = store.events()
        names = [name] if name else [t.name for t in profile.targets] or _rated_targets(events)
        contacts = sorted(latest_ratings(events, names)["contact_id"].unique().to_list())
        for contact_id in contacts:
            store.add_event(contact_id, "rating_cleared", day, target=name, source=source)
    return ClearResult(len(contacts), name)


def _rated_targets(events: pl.DataFrame) -> list[str]:
    """The targets ratings name, for a profile that has none (yet)."""
    if events.is_empty():
        return []
    rated = events.filter((pl.col("kind") == "rating") & pl.col("target").is_not_null())
    return sorted(rated["target"].unique().to_list())
