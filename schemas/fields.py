"""The canonical contact fields, their polars dtypes, and the provenance columns that travel with them."""

from __future__ import annotations

import polars as pl

# Every source kind is mapped onto these columns; anything else is kept in `extras`.
# Lists hold every email and phone a record carries; the first one is the primary.
CANONICAL_DTYPES: dict[str, pl.DataType] = {
    "first_name": pl.String(),
    "middle_name": pl.String(),
    "last_name": pl.String(),
    "full_name": pl.String(),  # the name as written in the source
    "emails": pl.List(pl.String()),
    "phones": pl.List(pl.String()),
    "linkedin_url": pl.String(),
    "company": pl.String(),
    "title": pl.String(),  # job title (never an honorific)
    "headline": pl.String(),
    "notes": pl.String(),
    "school": pl.String(),
    "class_year": pl.Int32(),
    "degree": pl.String(),
    "city": pl.String(),
    "region": pl.String(),
    "postal_code": pl.String(),
    "street_address": pl.String(),
    "country": pl.String(),
    "birth_date": pl.Date(),
    "connected_on": pl.Date(),
    "referred_by": pl.String(),
}
CANONICAL_FIELDS: tuple[str, ...] = tuple(CANONICAL_DTYPES)
# What a user may map a column to (`--map`, `[columns]` in profile.toml): a field, one more
# email or phone, or nothing.
USER_TARGETS: tuple[str, ...] = (*CANONICAL_FIELDS, "email", "phone", "ignore")

# Where a record came from. `source_line` is the 1-based physical line where the record starts.
PROVENANCE_DTYPES: dict[str, pl.DataType] = {
    "record_id": pl.String(),  # deterministic: hash of the file's content hash and the line
    "source_kind": pl.String(),  # linkedin | alumni | google | outlook | vcard | contacts
    "source_file": pl.String(),
    "source_line": pl.Int64(),
    "extras": pl.String(),  # JSON object of the columns that map to no canonical field
}

RECORD_DTYPES: dict[str, pl.DataType] = {**PROVENANCE_DTYPES, **CANONICAL_DTYPES}
RECORD_COLUMNS: tuple[str, ...] = tuple(RECORD_DTYPES)

SOURCE_KINDS: tuple[str, ...] = ("linkedin", "alumni", "google", "outlook", "vcard", "contacts")


def empty_records() -> pl.DataFrame:
    """A zero-row record frame with every canonical and provenance column."""
    return pl.DataFrame(schema=RECORD_DTYPES)
