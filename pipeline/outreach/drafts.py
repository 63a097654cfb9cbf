"""Turn plan rows and outreach events into rendered, linted drafts: context first, then rendering."""

from __future__ import annotations

import logging
import math
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import polars as pl
from jinja2 import Template, TemplateNotFound, TemplateSyntaxError
from jinja2 import TemplateError as JinjaError

from pipeline.errors import TemplateError
from pipeline.outreach.etiquette import Etiquette
from pipeline.outreach.lint import (
    EMAIL_KINDS,
    Text,
    count_chars,
    count_words,
    lint,
    pitch_warning,
    profile_problems,
)
from pipeline.outreach.stages import derive
from pipeline.profile import Profile
from pipeline.templating import template_env
from pipeline.text import is_alumnus
from schemas.drafts import DRAFT_DTYPES

log = logging.getLogger(__name__)

TEMPLATES: dict[str, str] = {
    "email": "email_request.txt.j2",
    "linkedin": "linkedin_note.txt.j2",
    "nudge": "nudge.txt.j2",
    "thank_you": "thank_you.txt.j2",
    "keep_in_touch": "keep_in_touch.txt.j2",
}
# Tried in order; the first that fits the budget wins, so optional parts drop before a draft fails.
VARIANTS: tuple[str, ...] = ("full", "short", "minimal")
# A request always carries at least one of the suggested questions when the plan has any.
QUESTIONS_PER_VARIANT = {"full": 2, "short": 1, "minimal": 1}


_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SPACES = re.compile(r"(?<=\S)[ \t]{2,}")
# A value ending in a period ("Meta Platforms, Inc.") before the sentence's own period; an ellipsis stays.
_DOUBLED_PERIOD = re.compile(r"(?<=\w)\.\.(?!\.)")


@dataclass(frozen=True)
class Rendered:
    """One rendered draft before it becomes a frame row."""

    subject: str | None
    body: str


def empty_drafts() -> pl.DataFrame:
    """A zero-row draft frame with every column."""
    return pl.DataFrame(schema=DRAFT_DTYPES)


# ---------------------------------------------------------------- values -> context


def one_line(value: Any) -> str | None:
    """A single-line, trimmed string, or None: contact data can never add a line or a header."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    text = _CONTROL.sub(" ", str(value))
    text = " ".join(text.split())  # also folds CR, LF, tabs and Unicode line separators
    return text or None


def _multi_line(value: str) -> str | None:
    # The user's own signature may span lines; still no CR or control characters.
    lines = [one_line(line) or "" for line in value.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    text = "\n".join(lines).strip("\n")
    return text or None


def field_phrase(target: str | None) -> str | None:
    """A target as it reads mid-sentence: "Data science" -> "data science", "UX research" stays."""
    target = one_line(target)
    if not target:
        return None
    first = target.split()[0]
    if first.isupper() or any(c.isupper() for c in first[1:]):
        return target
    return target[0].lower() + target[1:]


def month_year(day: date | None) -> str | None:
    """ "March 2024", independent of the machine's locale."""
    return f"{_MONTHS[day.month - 1]} {day.year}" if day else None


def day_month(day: date | None) -> str | None:
    """ "November 12", independent of the machine's locale."""
    return f"{_MONTHS[day.month - 1]} {day.day}" if day else None


def _first(values: Any) -> str | None:
    if values is None:
        return None
    for value in values:
        clean = one_line(value)
        if clean:
            return clean
    return None


def profile_context(profile: Profile) -> dict[str, Any]:
    """The user's side of every draft; computed once per batch."""
    me = profile.me
    name = one_line(me.name)
    signature = _multi_line(me.signature) if me.signature else None
    return {
        "me": {
            "name": name,
            "first_name": name.split()[0] if name else None,
            "email": one_line(me.email),
            "school": one_line(me.school),
            "grad_year": me.grad_year,
            "pitch": one_line(me.pitch),
            "pitch_short": one_line(getattr(me, "pitch_short", "")),
            "linkedin_url": one_line(me.linkedin_url),
            "signature": signature,
        },
        "sign_off": signature or name,
    }


_ADDRESS_BOOK = frozenset({"google", "outlook", "vcard", "contacts"})
_HOW_WE_KNOW_MAX = 80  # an address-book note longer than this is a note, not how you know them


def _how_we_know(contact: Mapping[str, Any], logged: str | None) -> str | None:
    """How the user knows them: what they said with --how-we-know, else a short address-book note."""
    said = one_line(logged)
    if said:
        return said.rstrip(".")
    note = one_line(contact.get("notes"))
    if note and _ADDRESS_BOOK & set(contact.get("sources") or ()) and len(note) <= _HOW_WE_KNOW_MAX:
        return note.rstrip(".")
    return None


def relation(person: Mapping[str, Any]) -> str:
    """The warmest true relation, the one that opens the message: referral > how we know them > school > LinkedIn > none."""
    if person.get("referrer"):
        return "referral"
    if person.get("how_we_know"):
        return "known"
    if person.get("alumnus"):
        return "school"
    if person.get("linkedin_connected"):
        return "linkedin"
    return "none"


def person_context(
    contact: Mapping[str, Any], plan_row: Mapping[str, Any] | None, profile: Profile, how_we_know: str | None = None
) -> dict[str, Any]:
    """Who they are and how the user got their name, from the contact's provenance."""
    plan_row = plan_row or {}
    full_name = one_line(contact.get("full_name")) or one_line(
        " ".join(p for p in (contact.get("first_name"), contact.get("last_name")) if p)
    ) or one_line(plan_row.get("name"))
    first_name = one_line(contact.get("first_name")) or (full_name.split()[0] if full_name else None)
    sources = set(contact.get("sources") or ())
    my_school = one_line(profile.me.school)
    their_school = one_line(contact.get("school"))
    alumnus = is_alumnus(their_school, sources, my_school)
    connected = "linkedin" in sources or contact.get("connected_on") is not None
    class_year = contact.get("class_year")
    person = {
        "first_name": first_name,
        "full_name": full_name,
        "company": one_line(plan_row.get("company")) or one_line(contact.get("company")),
        "title": one_line(plan_row.get("title")) or one_line(contact.get("title")),
        "referrer": one_line(contact.get("referred_by")),
        "alumnus": alumnus,
        "school": (my_school or their_school) if alumnus else None,
        "class_year": int(class_year) if alumnus and class_year is not None else None,
        "linkedin_connected": connected,
        "connected_since": month_year(contact.get("connected_on")) if connected else None,
        "how_we_know": _how_we_know(contact, how_we_know),
    }
    return {**person, "relation": relation(person)}


def _blank_followup() -> dict[str, Any]:
    # Every template sees every name (StrictUndefined): absent values are None, never missing.
    return {"sent_on": None, "met_on": None, "met_month": None, "takeaway": None, "original_subject": None}


def request_context(
    plan_row: Mapping[str, Any], contact: Mapping[str, Any], profile: Profile, *, today: date,
    mine: Mapping[str, Any] | None = None, how_we_know: str | None = None,
) -> dict[str, Any]:
    """Everything a first request may say about this person, as plain values."""
    questions = [q for q in (one_line(q) for q in plan_row.get("questions") or ()) if q]
    return {
        **(mine or profile_context(profile)),
        **person_context(contact, plan_row, profile, how_we_know),
        "target": one_line(plan_row.get("target")),
        "field": field_phrase(plan_row.get("target")),
        "matched": [m for m in (one_line(m) for m in plan_row.get("matched") or ()) if m],
        "all_questions": questions,
        "questions": questions,
        "today": today.isoformat(),
        "variant": "full",
        **_blank_followup(),
    }


# ---------------------------------------------------------------- rendering


def tidy(text: str) -> str:
    """Trailing spaces, doubled spaces, a doubled period and runs of blank lines the template left behind."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = [_DOUBLED_PERIOD.sub(".", _SPACES.sub(" ", line)).rstrip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n") + "\n"


def load_template(name: str, template_dir: Path | None) -> Template:
    """A compiled template from the user's folder or the shipped ones; failures name the fix."""
    try:
        return template_env(template_dir).get_template(name)
    except TemplateNotFound as exc:
        raise TemplateError(
            f"Template {name} not found", file=template_dir, fix="Restore it, or delete your copy to use the built-in one."
        ) from exc
    except TemplateSyntaxError as exc:
        raise TemplateError(
            f"Template {name} does not compile ({exc.message})",
            file=exc.filename or name,
            line=exc.lineno,
            fix="Fix the Jinja syntax on that line, or delete your copy to use the built-in one.",
        ) from exc


def render(template: Template, context: Mapping[str, Any]) -> Rendered:
    """Subject and body from the template's `subject` and `body` blocks (a template without blocks is all body)."""
    if "body" not in template.blocks:
        subject = _block(template, "subject", template.new_context(dict(context)))
        return Rendered(subject=subject, body=tidy(template.render(context)))
    # One context for both blocks, as Jinja itself does when it renders a whole template.
    shared = template.new_context(dict(context))
    return Rendered(subject=_block(template, "subject", shared), body=tidy(_block(template, "body", shared) or ""))


def _block(template: Template, name: str, context: Any) -> str | None:
    block = template.blocks.get(name)
    if block is None:
        return None
    text = "".join(block(context))
    return one_line(text) if name == "subject" else text


def _variant_context(context: Mapping[str, Any], variant: str) -> dict[str, Any]:
    return {**context, "variant": variant, "questions": context["all_questions"][: QUESTIONS_PER_VARIANT[variant]]}


def _fits(kind: str, rendered: Rendered, profile: Profile) -> bool:
    if kind == "linkedin":
        return count_chars(rendered.body) <= profile.outreach.linkedin_note_limit
    return count_words(rendered.body) <= profile.outreach.word_warning


def render_best(kind: str, template: Template, context: Mapping[str, Any], profile: Profile) -> Rendered:
    """The first variant that fits the budget, else the smallest: optional parts drop, words are never cut."""
    tried: list[Rendered] = []
    for variant in VARIANTS:
        rendered = render(template, _variant_context(context, variant))
        if _fits(kind, rendered, profile):
            return rendered
        tried.append(rendered)
    size = (lambda r: count_chars(r.body)) if kind == "linkedin" else (lambda r: count_words(r.body))
    return min(tried, key=size)


def finish(
    *, contact_id: str, kind: str, to: str | None, filename: str, template: Template, context: Mapping[str, Any], profile: Profile
) -> dict[str, Any]:
    """Render, measure and lint one draft into a frame row; a template error fails that draft only."""
    try:
        rendered = render_best(kind, template, context, profile)
    # Undefined names, sandbox refusals, bad filters: a user template's bug fails its drafts, not the run.
    except (JinjaError, TypeError, ValueError, LookupError, ArithmeticError) as exc:
        log.warning("template %s failed for %s: %s", template.name, contact_id, type(exc).__name__)
        rendered = Rendered(subject=None, body="")
        extra = [f"template: {template.name} could not render this contact ({exc})"]
    else:
        extra = []
    body = rendered.body
    # A follow-up to someone without an email goes as a LinkedIn message: no subject line.
    channel = "email" if kind in EMAIL_KINDS and (kind == "email" or (to and "@" in to)) else "linkedin"
    subject = rendered.subject if channel == "email" else None
    words, chars = count_words(body), count_chars(body)
    problems, warnings = lint(Text(kind, channel, to, subject, body, words, chars, profile.outreach))
    problems = extra + profile_problems(profile.me) + problems
    warnings = warnings + pitch_warning(kind, profile.me, body)
    return {
        "contact_id": contact_id, "name": context.get("full_name"), "kind": kind, "to": to, "subject": subject, "body": body,
        "words": words, "chars": chars, "problems": problems, "warnings": warnings,
        "ok": not problems, "filename": filename,
    }


# ---------------------------------------------------------------- filenames


def slug(text: str | None, *, limit: int = 40) -> str:
    """A filesystem-safe, ASCII, lower-case form of a name ("Zoë O'Brien" -> "zoe-obrien")."""
    ascii_text = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode("ascii")
    words = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower().replace("'", "")).strip("-")
    return words[:limit].rstrip("-") or "contact"


def draft_filename(prefix: str, name: str | None, contact_id: str, extension: str) -> str:
    """Deterministic: the same person and position give the same file on every run."""
    safe_id = re.sub(r"[^A-Za-z0-9_-]", "", contact_id)[:40] or "unknown"
    return f"{prefix}-{slug(name)}-{safe_id}.{extension}"


# ---------------------------------------------------------------- first requests


def _contacts_by_id(contacts: pl.DataFrame, wanted: Iterable[str]) -> dict[str, dict[str, Any]]:
    ids = list(set(wanted))
    if contacts.is_empty() or not ids:
        return {}
    rows = contacts.filter(pl.col("contact_id").is_in(ids)).iter_rows(named=True)
    return {row["contact_id"]: row for row in rows}


def _request_channel(row: Mapping[str, Any], contact: Mapping[str, Any]) -> tuple[str, str | None]:
    email = one_line(row.get("email")) or _first(contact.get("emails"))
    linkedin = one_line(row.get("linkedin_url")) or one_line(contact.get("linkedin_url"))
    if row.get("channel") == "linkedin" and linkedin:
        return "linkedin", linkedin
    if email:
        return "email", email
    if linkedin:
        return "linkedin", linkedin
    return ("linkedin" if row.get("channel") == "linkedin" else "email"), None


def build_drafts(
    plan: pl.DataFrame, contacts: pl.DataFrame, profile: Profile, *, today: date, template_dir: Path | None = None,
    how_we_know: Mapping[str, str] | None = None,
) -> pl.DataFrame:
    """One first-request draft per plan row: an email, or a LinkedIn note for those without one."""
    if plan.is_empty():
        return empty_drafts()
    templates = {kind: load_template(TEMPLATES[kind], template_dir) for kind in ("email", "linkedin")}
    by_id = _contacts_by_id(contacts, plan["contact_id"].to_list())
    mine = profile_context(profile)
    rows = []
    known = how_we_know or {}
    for row in plan.iter_rows(named=True):
        contact = by_id.get(row["contact_id"], {})
        kind, to = _request_channel(row, contact)
        context = request_context(row, contact, profile, today=today, mine=mine, how_we_know=known.get(row["contact_id"]))
        name = context["full_name"] or row.get("name")
        # Stable per contact and kind: a rank in the name would hand one file name to another person.
        filename = draft_filename("request", name, row["contact_id"], "eml" if kind == "email" else "txt")
        rows.append(finish(contact_id=row["contact_id"], kind=kind, to=to, filename=filename,
                           template=templates[kind], context=context, profile=profile))
    # Built with the schema's dtypes; DraftFrame's checks run in the tests, so a run does not pay
    # for importing Pandera's validation backend (about a second).
    drafts = pl.DataFrame(rows, schema=DRAFT_DTYPES)
    log.info("rendered %d first requests (%d need attention)", drafts.height, drafts.height - drafts["ok"].sum())
    return drafts


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
    events: pl.DataFrame, contacts: pl.DataFrame, profile: Profile, *, today: date, template_dir: Path | None = None,
    rules: Etiquette | None = None,
) -> pl.DataFrame:
    """The nudges, thank-yous and keep-in-touch updates due today, one draft each."""
    due = due_followups(events, today=today, rules=rules)
    if due.is_empty():
        return empty_drafts()
    progress = {p["contact_id"]: p for p in derive(events, today=today, rules=rules or Etiquette()).iter_rows(named=True)}
    templates = {kind: load_template(TEMPLATES[kind], template_dir) for kind in ("email", "nudge", "thank_you", "keep_in_touch")}
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
        to = email or one_line(contact.get("linkedin_url"))
        prefix = item["kind"].replace("_", "-")
        filename = draft_filename(prefix, context["full_name"], item["contact_id"], "eml" if email else "txt")
        rows.append(finish(contact_id=item["contact_id"], kind=item["kind"], to=to, filename=filename,
                           template=templates[item["kind"]], context=context, profile=profile))
    drafts = pl.DataFrame(rows, schema=DRAFT_DTYPES) if rows else empty_drafts()
    log.info("rendered %d follow-ups", drafts.height)
    return drafts
