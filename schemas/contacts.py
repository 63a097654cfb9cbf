"""The Pandera model of the contact frame the store hands to ranking and drafting: one row per person."""

from __future__ import annotations

import pandera.polars as pa
import polars as pl


class ContactFrame(pa.DataFrameModel):
    """A surviving person: a unique id, the sources behind them and at least one record."""

    contact_id: pl.String = pa.Field(nullable=False, unique=True, str_startswith="c")
    emails: pl.List(pl.String) = pa.Field()
    phones: pl.List(pl.String) = pa.Field()
    sources: pl.List(pl.String) = pa.Field()
    record_count: pl.Int64 = pa.Field(ge=1)
    class_year: pl.Int32 = pa.Field(nullable=True, in_range={"min_value": 1900, "max_value": 2100})

    class Config:
        strict = False  # the canonical values ride along; these are the ones later stages rely on
