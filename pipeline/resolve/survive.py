"""Survivorship: one row per contact, each field taken from the most recent, most complete source record.

The rules, in order:
1. Fields that belong together are taken together from one record, so a contact never gets one
   person's first name with another spelling's surname, or a street from one address and a city
   from another: the name (first, middle, last, full), the address (street, city, region, postal
   code, country) and the job (company, title, headline).
2. That record is the most recently imported one holding any of the group's values
   (highest `import_seq`); among records of one import, the one filling the most of the group's
   fields, then the longest text, then the smallest record_id (so the choice is deterministic).
3. Every other field is chosen the same way on its own.
4. `emails` and `phones` are never chosen: every distinct value is kept, most recent first.
5. `sources` lists the distinct source kinds; `first_seen_line` is where the earliest record came from.
"""

from __future__ import annotations

import logging

import polars as pl

from schemas.fields import CANONICAL_DTYPES

log = logging.getLogger(__name__)

FIELD_GROUPS: dict[str, tuple[str, ...]] = {
    "name": ("first_name", "middle_name", "last_name", "full_name"),
    "address": ("street_address", "city", "region", "postal_code", "country"),
    "job": ("company", "title", "headline"),
}
UNIONED = ("emails", "phones")
CONTACT_EXTRA_DTYPES: dict[str, pl.DataType] = {
    "sources": pl.List(pl.String()),
    "record_count": pl.Int64(),
    "first_seen_line": pl.String(),
}


def _groups() -> list[tuple[str, ...]]:
    grouped = {f for fields in FIELD_GROUPS.values() for f in fields}
    singles = [(f,) for f in CANONICAL_DTYPES if f not in grouped and f not in UNIONED]
    return [*FIELD_GROUPS.values(), *singles]


def _pick(records: pl.DataFrame, fields: tuple[str, ...]) -> pl.DataFrame:
    """contact_id + `fields` from the one record per contact that the rules prefer."""
    filled = pl.sum_horizontal(pl.col(f).is_not_null().cast(pl.Int32) for f in fields)
    length = pl.sum_horizontal(pl.col(f).cast(pl.String).str.len_chars().fill_null(0) for f in fields)
    return (
        records.select("contact_id", "record_id", "import_seq", *fields)
        .with_columns(filled.alias("_filled"), length.alias("_length"))
        .filter(pl.col("_filled") > 0)
        .sort(["contact_id", "import_seq", "_filled", "_length", "record_id"],
              descending=[False, True, True, True, False])
        .group_by("contact_id", maintain_order=True)
        .first()
        .select("contact_id", *fields)
    )


def survive(records: pl.DataFrame) -> pl.DataFrame:
    """One row per contact_id: surviving canonical fields, all emails and phones, sources and counts."""
    if "import_seq" not in records.columns:
        records = records.with_columns(pl.lit(0, pl.Int64).alias("import_seq"))
    records = records.filter(pl.col("contact_id").is_not_null())
    base = records.group_by("contact_id").agg(
        pl.col("source_kind").drop_nulls().unique().sort().alias("sources"),
        pl.len().cast(pl.Int64).alias("record_count"),
        pl.concat_str(pl.col("source_file"), pl.col("source_line").cast(pl.String), separator=":")
        .sort_by("import_seq", "source_line", "record_id")
        .first()
        .alias("first_seen_line"),
    )
    ordered = records.sort(["contact_id", "import_seq", "record_id"], descending=[False, True, False])
    for column in UNIONED:
        listed = (
            ordered.select("contact_id", column)
            .explode(column)
            .drop_nulls(column)
            .unique(subset=["contact_id", column], keep="first", maintain_order=True)
            .group_by("contact_id", maintain_order=True)
            .agg(pl.col(column))
        )
        base = base.join(listed, on="contact_id", how="left").with_columns(
            pl.col(column).fill_null(pl.lit([], pl.List(pl.String)))
        )
    for fields in _groups():
        base = base.join(_pick(records, fields), on="contact_id", how="left")
    out = base.select("contact_id", *CANONICAL_DTYPES, *CONTACT_EXTRA_DTYPES).sort("contact_id")
    log.debug("survivorship: %d records into %d contacts", records.height, out.height)
    return out.cast({"contact_id": pl.String, **CANONICAL_DTYPES, **CONTACT_EXTRA_DTYPES})
