"""Frames in and out of SQLite: typed reads, and lists and dates as the text SQLite keeps."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from pathlib import Path

import polars as pl

from pipeline import storefile
from schemas.fields import CANONICAL_DTYPES, RECORD_DTYPES

LIST_FIELDS = tuple(k for k, v in CANONICAL_DTYPES.items() if isinstance(v, pl.List))
DATE_FIELDS = tuple(k for k, v in CANONICAL_DTYPES.items() if v == pl.Date())
INT_FIELDS = tuple(k for k, v in RECORD_DTYPES.items() if v.is_integer())


def split_sql(script: str) -> list[str]:
    return [s.strip() for s in script.split(";") if s.strip()]


def stored_dtype(column: str) -> type[pl.DataType]:
    return pl.Int64 if column in INT_FIELDS else pl.String


def read_frame(conn: sqlite3.Connection, sql: str, schema: dict, params: Sequence = ()) -> pl.DataFrame:
    cursor = conn.execute(sql, params)
    with storefile.translate_errors(Path(getattr(conn, "db_path", ""))):
        rows = cursor.fetchall()
    return pl.DataFrame(rows, schema=schema, orient="row")


def json_list(column: str) -> pl.Expr:
    """A list column as JSON array text, vectorised (polars escapes; no per-row Python)."""
    encoded = pl.struct(pl.col(column).fill_null([]).alias("v")).struct.json_encode()
    return encoded.str.strip_prefix('{"v":').str.strip_suffix("}").alias(column)


def encode(frame: pl.DataFrame) -> pl.DataFrame:
    """Lists become JSON text and dates ISO text, the way SQLite keeps them."""
    return frame.with_columns(
        *[json_list(c) for c in LIST_FIELDS if c in frame.columns],
        *[pl.col(c).dt.to_string("%Y-%m-%d") for c in DATE_FIELDS if c in frame.columns],
    )


def decode(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.with_columns(
        *[pl.col(c).fill_null("[]").str.json_decode(pl.List(pl.String)) for c in LIST_FIELDS if c in frame.columns],
        *[pl.col(c).str.to_date("%Y-%m-%d", strict=False) for c in DATE_FIELDS if c in frame.columns],
        *[pl.col(c).cast(RECORD_DTYPES[c]) for c in ("class_year",) if c in frame.columns],
    )


def ordered_pairs(pairs: pl.DataFrame) -> pl.DataFrame:
    return pairs.with_columns(
        pl.min_horizontal("record_a", "record_b").alias("record_a"),
        pl.max_horizontal("record_a", "record_b").alias("record_b"),
    )
