"""What a draft may say, as plain values: the user's side, the person's side and the warmest true relation."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from datetime import date
from typing import Any

from pipeline.profile import Profile
from pipeline.text import field_phrase, is_alumnus

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


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
