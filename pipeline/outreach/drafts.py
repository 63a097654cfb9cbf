"""Turn plan rows and outreach events into rendered, linted drafts (first requests and due follow-ups)."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import polars as pl
from jinja2 import Template

from pipeline.outreach.context import (
    _first,
    day_month,
    field_phrase,
    month_year,
    one_line,
    person_context,
    profile_context,
    relation,
    request_context,
)
from pipeline.outreach.etiquette import Etiquette
from pipeline.outreach.render import (
    VARIANTS,
    Rendered,
    _variant_context,
    draft_filename,
    finish,
    load_template,
    render,
    render_best,
    slug,
    tidy,
)
from pipeline.outreach.stages import derive
from pipeline.profile import Profile
from schemas.drafts import DRAFT_DTYPES

log = logging.getLogger(__name__)

# Re-exported: callers and tests import these from here, where they have always been.
__all__ = [
    "VARIANTS", "Rendered", "Requests", "build_drafts", "build_followups", "build_requests", "day_month", "draft_filename",
    "due_followups", "empty_drafts", "field_phrase", "finish", "load_draft_templates", "load_template", "month_year", "one_line",
    "person_context", "profile_context", "relation", "render", "render_best", "request_context", "slug", "tidy",
]

TEMPLATES: dict[str, str] = {
    "email": "email_request.txt.j2",
    "linkedin": "linkedin_note.txt.j2",
    "nudge": "nudge.txt.j2",
    "thank_you": "thank_you.txt.j2",
    "keep_in_touch": "keep_in_touch.txt.j2",
}
REQUEST_KINDS = ("email", "linkedin")
FOLLOWUP_KINDS = ("email", "nudge", "thank_you", "keep_in_touch")


def load_draft_templates(template_dir: Path | None = None, kinds: Iterable[str] = tuple(TEMPLATES)) -> dict[str, Template]:
    """The compiled templates of `kinds`, the user's copies winning over the shipped ones.

    Loaded at the edge (the use case) and handed to the stages as values, so rendering never
    looks at the disk; only the kinds a step renders are loaded, so a broken nudge template
    does not stop first requests.
    """
    return {kind: load_template(TEMPLATES[kind], template_dir) for kind in kinds}


def empty_drafts() -> pl.DataFrame:
    """A zero-row draft frame with every column."""
    return pl.DataFrame(schema=DRAFT_DTYPES)


# ---------------------------------------------------------------- first requests


def _contacts_by_id(contacts: pl.DataFrame, wanted: Iterable[str]) -> dict[str, dict[str, Any]]:
    ids = list(set(wanted))
    if contacts.is_empty() or not ids:
        return {}
    rows = contacts.filter(pl.col("contact_id").is_in(ids)).iter_rows(named=True)
    return {row["contact_id"]: row for row in rows}


def _linkedin_recipient(contact: Mapping[str, Any], name: str | None, url: str | None = None) -> str | None:
    """The profile URL, else a first-degree connection by name: most connection exports carry no URL."""
    url = url or one_line(contact.get("linkedin_url"))
    if url:
        return url
    name = one_line(name)
    if name and "linkedin" in (contact.get("sources") or []):
        return f"LinkedIn connection: {name}"
    return None


def _request_channel(row: Mapping[str, Any], contact: Mapping[str, Any], name: str | None) -> tuple[str, str | None]:
    email = one_line(row.get("email")) or _first(contact.get("emails"))
    linkedin = _linkedin_recipient(contact, name, one_line(row.get("linkedin_url")))
    if row.get("channel") == "linkedin" and linkedin:
        return "linkedin", linkedin
    if email:
        return "email", email
    if linkedin:
        return "linkedin", linkedin
    return ("linkedin" if row.get("channel") == "linkedin" else "email"), None


@dataclass(frozen=True)
class Requests:
    """The first-request drafts and, per contact, which template variant fitted (the frame's schema has no room for it)."""

    drafts: pl.DataFrame
    variants: dict[str, str] = field(default_factory=dict)


def build_drafts(
    plan: pl.DataFrame, contacts: pl.DataFrame, profile: Profile, *, today: date,
    templates: Mapping[str, Template] | None = None, how_we_know: Mapping[str, str] | None = None,
) -> pl.DataFrame:
    """One first-request draft per plan row: an email, or a LinkedIn note for those without one."""
    return build_requests(plan, contacts, profile, today=today, templates=templates, how_we_know=how_we_know).drafts


def build_requests(
    plan: pl.DataFrame, contacts: pl.DataFrame, profile: Profile, *, today: date,
    templates: Mapping[str, Template] | None = None, how_we_know: Mapping[str, str] | None = None,
) -> Requests:
    """`build_drafts` with the variant each draft was rendered in, for the `drafted` events.

    `templates` maps each kind to its compiled template (`load_draft_templates`); None means the shipped ones.
    """
    if plan.is_empty():
        return Requests(empty_drafts())
    templates = templates or load_draft_templates(kinds=REQUEST_KINDS)
    by_id = _contacts_by_id(contacts, plan["contact_id"].to_list())
    mine = profile_context(profile)
    rows = []
    known = how_we_know or {}
    for row in plan.iter_rows(named=True):
        contact = by_id.get(row["contact_id"], {})
        context = request_context(row, contact, profile, today=today, mine=mine, how_we_know=known.get(row["contact_id"]))
        name = context["full_name"] or row.get("name")
        kind, to = _request_channel(row, contact, name)
        # Stable per contact and kind: a rank in the name would hand one file name to another person.
        filename = draft_filename("request", name, row["contact_id"], "eml" if kind == "email" else "txt")
        rows.append(finish(contact_id=row["contact_id"], kind=kind, to=to, filename=filename,
                           template=templates[kind], context=context, profile=profile))
    # Built with the schema's dtypes; DraftFrame's checks run in the tests, so a run does not pay
    # for importing Pandera's validation backend (about a second).
    drafts = pl.DataFrame(rows, schema=DRAFT_DTYPES)
    log.info("rendered %d first requests (%d need attention)", drafts.height, drafts.height - drafts["ok"].sum())
    return Requests(drafts, {r["contact_id"]: r["variant"] for r in rows})


# ---------------------------------------------------------------- follow-ups


_DUE_SCHEMA = {"contact_id": pl.String(), "kind": pl.String(), "at": pl.Date(), "note": pl.String()}


def due_followups(events: pl.DataFrame, *, today: date, rules: Etiquette | None = None) -> pl.DataFrame:
    """Which contacts are due a nudge, a thank-you or a keep-in-touch today: `contact_id, kind, at, note`.

    The timing is the etiquette in templates/etiquette.toml, applied to each contact's stage
    (pipeline.outreach.stages); `at` is the request's send date (nudge) or the meeting's date, and
    `note` the latest takeaway the user logged (never a private note).
    """
    if events.is_empty():
        return pl.DataFrame(schema=_DUE_SCHEMA)
    progress = derive(events, today=today, rules=rules or Etiquette())
    rows = [
        {"contact_id": p["contact_id"], "kind": p["followup"],
         "at": p["first_sent"] if p["followup"] == "nudge" else p["met_at"],
         "note": p["takeaways"][-1] if p["takeaways"] else None}
        for p in progress.iter_rows(named=True)
        if p["followup"] and (p["followup"] == "thank_you" or (p["due"] is not None and p["due"] <= today))
    ]
    return pl.DataFrame(rows, schema=_DUE_SCHEMA)


def _takeaway(note: str | None) -> str | None:
    text = one_line(note)
    if not text:
        return None
    return text.rstrip(".!;, ")


def build_followups(
    events: pl.DataFrame, contacts: pl.DataFrame, profile: Profile, *, today: date,
    templates: Mapping[str, Template] | None = None, rules: Etiquette | None = None,
) -> pl.DataFrame:
    """The nudges, thank-yous and keep-in-touch updates due today, one draft each."""
    due = due_followups(events, today=today, rules=rules)
    if due.is_empty():
        return empty_drafts()
    progress = {p["contact_id"]: p for p in derive(events, today=today, rules=rules or Etiquette()).iter_rows(named=True)}
    templates = templates or load_draft_templates(kinds=FOLLOWUP_KINDS)
    by_id = _contacts_by_id(contacts, due["contact_id"].to_list())
    mine = profile_context(profile)
    rows = []
    for item in due.iter_rows(named=True):
        contact = by_id.get(item["contact_id"])
        if contact is None:
            continue  # an event for a contact that was since merged away: nothing to address
        state = progress[item["contact_id"]]
        context = request_context({"target": state["target"]}, contact, profile, today=today, mine=mine,
                                  how_we_know=state["how_we_know"])
        at: date = item["at"]
        context.update(
            sent_on=day_month(at) if item["kind"] == "nudge" else None,
            met_on=day_month(at) if item["kind"] != "nudge" else None,
            met_month=month_year(at) if item["kind"] != "nudge" else None,
            takeaway=_takeaway(item["note"]),
        )
        email = _first(contact.get("emails"))
        if item["kind"] == "nudge":
            # The request's subject as drafted (else rendered again), so `Re:` threads under it; the
            # writer adds In-Reply-To from the request's deterministic Message-ID.
            original = state["subject"] or render(templates["email"], _variant_context(context, "full")).subject
            context["original_subject"] = original
        to = email or _linkedin_recipient(contact, context["full_name"])
        prefix = item["kind"].replace("_", "-")
        filename = draft_filename(prefix, context["full_name"], item["contact_id"], "eml" if email else "txt")
        rows.append(finish(contact_id=item["contact_id"], kind=item["kind"], to=to, filename=filename,
                           template=templates[item["kind"]], context=context, profile=profile))
    drafts = pl.DataFrame(rows, schema=DRAFT_DTYPES) if rows else empty_drafts()
    log.info("rendered %d follow-ups", drafts.height)
    return drafts
