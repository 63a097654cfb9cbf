"""Pandera models of the raw, all-string frames each source kind is read into, before mapping."""

from __future__ import annotations

import pandera.polars as pa
import polars as pl

# Raw frames are read with every column as a string (FACTS: read as strings, validate, cast
# yourself). Columns are named c0..cN by the reader; their headers travel beside the frame.


class RawModel(pa.DataFrameModel):
    """Any raw contact table: every column is a string, at least one column."""

    columns: pl.String = pa.Field(alias=r"^c\d+$", regex=True, nullable=True)

    class Config:
        strict = True


class LinkedInRaw(RawModel):
    """LinkedIn Connections.csv, in any of its shapes (preamble, URL column and dates vary)."""


class GoogleRaw(RawModel):
    """Google Contacts CSV, current and legacy layouts."""


class OutlookRaw(RawModel):
    """Outlook CSV (and LinkedIn's pre-2018 Outlook-layout export)."""


class VCardRaw(RawModel):
    """vCard 3/4 cards flattened to one row per card."""


class AlumniRaw(RawModel):
    """Alumni-office exports: Raiser's Edge, Salesforce, generic lists with a class year."""


class ContactsRaw(RawModel):
    """Any other contact list."""


RAW_MODELS: dict[str, type[RawModel]] = {
    "linkedin": LinkedInRaw,
    "google": GoogleRaw,
    "outlook": OutlookRaw,
    "vcard": VCardRaw,
    "alumni": AlumniRaw,
    "contacts": ContactsRaw,
}
