"""The `mark` action: log what happened with a contact (sent, replied, met, ...) in the store's event log."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from pipeline.errors import CoffeechatError
from pipeline.store import EVENT_KINDS, Store
from pipeline.workspace import Workspace

MARKABLE = tuple(k for k in EVENT_KINDS if k != "drafted")


@dataclass(frozen=True)
class MarkResult:
    contact_id: str
    kind: str
    on: date


def mark(workspace: Workspace, contact_id: str, kind: str, *, on: date, note: str | None = None) -> MarkResult:
    """Append one outreach event for a contact."""
    event = kind.replace("-", "_").lower()
    if event not in MARKABLE:
        raise CoffeechatError(
            f"Unknown outreach event {kind!r}",
            fix="Use one of: " + ", ".join(k.replace("_", "-") for k in MARKABLE) + ".",
        )
    with Store.open(workspace.root) as store:
        if not store.contact_exists(contact_id):
            raise CoffeechatError(
                f"No contact {contact_id!r}",
                value=contact_id,
                fix="Copy the contact_id from out/plan.csv or `coffeechat export contacts`.",
            )
        store.add_event(contact_id, event, on.isoformat(), note)
    return MarkResult(contact_id, event, on)
