"""The Pandera model of the canonical record frame every import produces (RECORD_DTYPES, checked)."""

from __future__ import annotations

import pandera.polars as pa
import polars as pl

from schemas.fields import SOURCE_KINDS

# Row-level failures of these checks mean "keep the row, drop the value" (a warning);
# a failure of `identifies_someone` means the row is rejected.
IDENTIFIES = "identifies_someone"
NAME_FIELDS = ("first_name", "middle_name", "last_name", "full_name")


class RecordModel(pa.DataFrameModel):
    """One row per accepted source record: provenance, then the canonical fields."""

    record_id: pl.String = pa.Field(str_matches=r"^[0-9a-f]{16}$", unique=True)
    source_kind: pl.String = pa.Field(isin=list(SOURCE_KINDS))
    source_file: pl.String = pa.Field()
    source_line: pl.Int64 = pa.Field(ge=1)
    extras: pl.String = pa.Field(str_startswith="{")
    first_name: pl.String = pa.Field(nullable=True)
    middle_name: pl.String = pa.Field(nullable=True)
    last_name: pl.String = pa.Field(nullable=True)
    full_name: pl.String = pa.Field(nullable=True)
    emails: pl.List(pl.String) = pa.Field()
    phones: pl.List(pl.String) = pa.Field()
    linkedin_url: pl.String = pa.Field(nullable=True, str_contains=r"(?i)(^|[/.])linkedin\.com/(in|pub)/\S+")
    company: pl.String = pa.Field(nullable=True)
    title: pl.String = pa.Field(nullable=True)
    headline: pl.String = pa.Field(nullable=True)
    notes: pl.String = pa.Field(nullable=True)
    school: pl.String = pa.Field(nullable=True)
    class_year: pl.Int32 = pa.Field(nullable=True, in_range={"min_value": 1900, "max_value": 2100})
    degree: pl.String = pa.Field(nullable=True)
    city: pl.String = pa.Field(nullable=True)
    region: pl.String = pa.Field(nullable=True)
    postal_code: pl.String = pa.Field(nullable=True)
    street_address: pl.String = pa.Field(nullable=True)
    country: pl.String = pa.Field(nullable=True)
    birth_date: pl.Date = pa.Field(nullable=True)
    connected_on: pl.Date = pa.Field(nullable=True)
    referred_by: pl.String = pa.Field(nullable=True)

    @pa.dataframe_check(name=IDENTIFIES)
    def identifies_someone(cls, data: pa.PolarsData) -> pl.LazyFrame:
        """A record must name someone: a name, an email or a LinkedIn profile URL."""
        has_name = pl.any_horizontal(pl.col(c).is_not_null() for c in NAME_FIELDS)
        return data.lazyframe.select(has_name | (pl.col("emails").list.len() > 0) | pl.col("linkedin_url").is_not_null())

    class Config:
        strict = True
        ordered = True
        name = "RecordModel"
