"""Write the store's contacts and rejects, and the plan, as files a person opens (CSV, Markdown, HTML)."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

import polars as pl

from schemas.fields import CANONICAL_FIELDS

CONTACT_EXPORT_COLUMNS = ("contact_id", "source_file", "source_line", "source_kind", "record_id", *CANONICAL_FIELDS)
REJECT_EXPORT_COLUMNS = ("source_file", "source_line", "column", "value", "reason", "severity")
PLAN_CSV_COLUMNS = (
    "rank", "contact_id", "name", "company", "title", "target", "score", "why", "channel",
    "how_we_know", "send_week", "send_date", "email", "linkedin_url", "matched", "questions",
)


def write_text_atomic(path: Path, text: str) -> None:
    """Write a whole file or nothing: a crash never leaves half a file behind."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        Path(tmp).replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def flat_for_csv(frame: pl.DataFrame) -> pl.DataFrame:
    """Lists joined with '; ', dates as ISO text, and spreadsheet formulas neutralised."""
    flat = frame.with_columns(
        *[pl.col(c).list.join("; ") for c, t in frame.schema.items() if isinstance(t, pl.List)],
        *[pl.col(c).dt.to_string("%Y-%m-%d") for c, t in frame.schema.items() if t == pl.Date()],
    )
    text = [c for c, t in flat.schema.items() if t == pl.String()]
    # A cell starting with = + - @ (or tab/CR) runs as a formula in Excel and Sheets.
    return flat.with_columns(
        pl.when(pl.col(c).str.contains(r"^[=+\-@\t\r]")).then(pl.lit("'") + pl.col(c)).otherwise(pl.col(c)).alias(c)
        for c in text
    )


def write_csv(frame: pl.DataFrame, path: Path, columns: Iterable[str]) -> int:
    """Write the named columns (those present) as CSV; returns the row count."""
    chosen = [c for c in columns if c in frame.columns]
    write_text_atomic(path, flat_for_csv(frame.select(chosen)).write_csv())
    return frame.height


def contacts_export(records: pl.DataFrame) -> pl.DataFrame:
    """One row per source record, with the contact it was resolved to."""
    return records.sort("contact_id", "source_file", "source_line").select(
        [c for c in CONTACT_EXPORT_COLUMNS if c in records.columns]
    )
