"""Referrals and contact look-ups as values: "Name, Organisation, email or URL" into a source record; CONTACT into an id."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import polars as pl

from pipeline.errors import CoffeechatError
from pipeline.text import is_email
from schemas.fields import RECORD_COLUMNS, RECORD_DTYPES

SOURCE_KIND = "referral"
REFERRAL_FORMAT = '"Name, Organisation, email or profile URL"'


@dataclass(frozen=True)
class Referral:
    """Someone a contact suggested the user speak with."""

    name: str
    company: str | None
    email: str | None
    linkedin_url: str | None


def parse_referral(text: str) -> Referral:
    """Read "Name, Organisation, email or profile URL" (the organisation and the address may be left out)."""
    parts = [p.strip() for p in text.split(",")]
    parts = [p for p in parts if p]
    if not parts or "@" in parts[0] or "/" in parts[0]:
        raise CoffeechatError(f"Cannot read the referral {text!r}", fix=f"Write it as --referral {REFERRAL_FORMAT}.")
    name, rest = parts[0], parts[1:]
    email = url = company = None
    for part in rest:
        if is_email(part):
            email = part
        elif "linkedin.com/" in part.lower() or part.lower().startswith(("http://", "https://")):
            url = part if part.lower().startswith("http") else "https://" + part
        elif company is None:
            company = part
        else:
            raise CoffeechatError(f"Cannot read the referral {text!r}: {part!r} is neither an email nor a profile URL",
                                  fix=f"Write it as --referral {REFERRAL_FORMAT}.")
    return Referral(name=name, company=company, email=email, linkedin_url=url)


def referral_hash(referrer_id: str, referral: Referral) -> str:
    """The same referral logged twice is one import (the ledger makes the second a no-op)."""
    key = "\0".join([referrer_id, referral.name.casefold(), (referral.company or "").casefold(),
                     (referral.email or "").casefold(), referral.linkedin_url or ""])
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def referral_record(referral: Referral, *, referrer_name: str, content_hash: str, import_seq: int) -> pl.DataFrame:
    """One source record, the way an import would store it, with source `referral` and `referred_by`."""
    words = referral.name.split()
    row: dict[str, Any] = dict.fromkeys(RECORD_COLUMNS)
    row.update(
        record_id=hashlib.sha256(f"{content_hash}:1".encode()).hexdigest()[:16],
        source_kind=SOURCE_KIND,
        source_file=f"referral #{import_seq}",
        source_line=1,
        extras="{}",
        full_name=referral.name,
        first_name=words[0],
        last_name=words[-1] if len(words) > 1 else None,
        emails=[referral.email] if referral.email else [],
        phones=[],
        linkedin_url=referral.linkedin_url,
        company=referral.company,
        referred_by=referrer_name,
    )
    return pl.DataFrame([row], schema=RECORD_DTYPES)


def display_name(contact: Mapping[str, Any]) -> str:
    """A contact's name as the user wrote it, for messages."""
    full = contact.get("full_name") or " ".join(p for p in (contact.get("first_name"), contact.get("last_name")) if p)
    return " ".join(str(full or "").split()) or str(contact["contact_id"])


def find_contact(contacts: pl.DataFrame, query: str) -> dict[str, Any]:
    """CONTACT as a contact id, a draft's file name, or a name that matches exactly one contact."""
    wanted = query.strip()
    ids = contacts["contact_id"].to_list()
    if wanted in ids:
        return contacts.row(ids.index(wanted), named=True)
    # A draft file name ends with -<contact_id>.eml or .txt (archive/ prefix or not).
    stem = wanted.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    by_file = [i for i, cid in enumerate(ids) if stem.endswith("-" + cid) or stem == cid]
    if len(by_file) == 1:
        return contacts.row(by_file[0], named=True)
    folded = " ".join(wanted.split()).casefold()
    rows = [r for r in contacts.iter_rows(named=True) if display_name(r).casefold() == folded]
    if len(rows) == 1:
        return rows[0]
    if len(rows) > 1:
        listed = "; ".join(f"{r['contact_id']} ({r.get('company') or 'no organisation'})" for r in rows[:10])
        raise CoffeechatError(f"{len(rows)} contacts are called {wanted!r}: {listed}",
                              fix="Pass the contact_id of the one you mean.")
    raise CoffeechatError(f"No contact {wanted!r}", value=wanted,
                          fix="Copy the contact_id from out/plan.csv or `coffeechat export contacts`.")
