"""Pandera models of the mapped columns each source kind yields, before casting: types, and a column that identifies someone."""

from __future__ import annotations

from typing import Any

import pandera.polars as pa
import polars as pl

# The frame checked is a file's canonical columns that some header was mapped to (plus extras),
# all still strings (FACTS: read as strings, validate, cast yourself). A file whose columns can
# identify nobody fails here, once, instead of rejecting every row.
IDENTIFYING = "identifying_column"
NAME_COLUMNS = ("first_name", "middle_name", "last_name", "full_name")
# Which mapped columns can identify a person, per model (at least one must be there). Kept beside
# the models: Pandera takes every class attribute for a column.
DEFAULT_IDENTIFYING = (*NAME_COLUMNS, "emails", "linkedin_url")
IDENTIFYING_COLUMNS: dict[str, tuple[str, ...]] = {
    "GoogleRaw": (*NAME_COLUMNS, "emails"),
    "OutlookRaw": (*NAME_COLUMNS, "emails"),
    "VCardRaw": (*NAME_COLUMNS, "emails"),
    "AlumniRaw": (*NAME_COLUMNS, "emails"),
}


def _text() -> Any:
    return pa.Field(nullable=True, required=False)


class RawModel(pa.DataFrameModel):
    """Any mapped contact table: canonical text columns are strings, emails and phones lists of strings."""

    first_name: pl.String = _text()
    middle_name: pl.String = _text()
    last_name: pl.String = _text()
    full_name: pl.String = _text()
    emails: pl.List(pl.String) = pa.Field(required=False)
    phones: pl.List(pl.String) = pa.Field(required=False)
    linkedin_url: pl.String = _text()
    company: pl.String = _text()
    title: pl.String = _text()
    headline: pl.String = _text()
    notes: pl.String = _text()
    school: pl.String = _text()
    class_year: pl.String = _text()  # cast after validation, value by value
    degree: pl.String = _text()
    city: pl.String = _text()
    region: pl.String = _text()
    postal_code: pl.String = _text()
    street_address: pl.String = _text()
    country: pl.String = _text()
    birth_date: pl.String = _text()
    connected_on: pl.String = _text()
    referred_by: pl.String = _text()
    extras: pl.String = pa.Field()  # its JSON shape is RecordModel's to check, once, after the cast

    @pa.dataframe_check(name=IDENTIFYING)
    def identifying_column(cls, data: pa.PolarsData) -> pl.LazyFrame:
        """At least one mapped column can identify someone (a name, an email, a LinkedIn URL)."""
        names = data.lazyframe.collect_schema().names()
        present = any(c in names for c in IDENTIFYING_COLUMNS.get(cls.__name__, DEFAULT_IDENTIFYING))
        return data.lazyframe.select(pl.lit(present).alias(IDENTIFYING)).head(1)

    class Config:
        strict = True  # a column the mapping does not produce is a bug upstream


class LinkedInRaw(RawModel):
    """LinkedIn Connections.csv, in any of its shapes: names, a profile URL or an email identify."""


class GoogleRaw(RawModel):
    """Google Contacts CSV, current and legacy layouts: names or emails identify."""


class OutlookRaw(RawModel):
    """Outlook CSV (and LinkedIn's pre-2018 Outlook-layout export): names or emails identify."""


class VCardRaw(RawModel):
    """vCard 3/4 cards flattened to one row per card: FN/N or EMAIL identify."""


class AlumniRaw(RawModel):
    """Alumni-office exports (Raiser's Edge, Salesforce, generic lists): a name or an email identifies."""


class ContactsRaw(RawModel):
    """Any other contact list: names, emails or a LinkedIn URL identify."""


RAW_MODELS: dict[str, type[RawModel]] = {
    "linkedin": LinkedInRaw,
    "google": GoogleRaw,
    "outlook": OutlookRaw,
    "vcard": VCardRaw,
    "alumni": AlumniRaw,
    "contacts": ContactsRaw,
}
