"""Pandera (polars) model of the draft frame that `pipeline.outreach.drafts` hands to `pipeline.outreach.write_drafts`."""

from __future__ import annotations

import pandera.polars as pa
import polars as pl

DRAFT_KINDS = ("email", "linkedin", "nudge", "thank_you", "keep_in_touch")

DRAFT_DTYPES: dict[str, pl.DataType] = {
    "contact_id": pl.String(),
    "name": pl.String(),  # for the To header and the preview; one line, never used as template code
    "kind": pl.String(),
    "to": pl.String(),  # an email address, a LinkedIn profile URL, or null when there is neither
    "subject": pl.String(),  # null for LinkedIn notes and messages
    "body": pl.String(),
    "words": pl.Int64(),
    "chars": pl.Int64(),
    "problems": pl.List(pl.String()),  # lint failures: the draft is not written out
    "warnings": pl.List(pl.String()),  # lint notes: written, and shown in drafts.md
    "ok": pl.Boolean(),
    "filename": pl.String(),
}
DRAFT_COLUMNS: tuple[str, ...] = tuple(DRAFT_DTYPES)


class DraftFrame(pa.DataFrameModel):
    """One rendered, linted draft per row; `ok` is false exactly when `problems` is not empty."""

    contact_id: str = pa.Field(nullable=False)
    name: str = pa.Field(nullable=True)
    kind: str = pa.Field(isin=list(DRAFT_KINDS))
    to: str = pa.Field(nullable=True)
    subject: str = pa.Field(nullable=True)  # null for LinkedIn notes and messages
    body: str = pa.Field(nullable=False)
    words: pl.Int64 = pa.Field(ge=0)
    chars: pl.Int64 = pa.Field(ge=0)
    problems: pl.List(pl.String) = pa.Field(nullable=False)
    warnings: pl.List(pl.String) = pa.Field(nullable=False)
    ok: bool = pa.Field(nullable=False)
    filename: str = pa.Field(nullable=False, unique=True, str_matches=r"^[A-Za-z0-9][A-Za-z0-9_.-]*\.(eml|txt)$")

    class Config:
        strict = True
        ordered = True

    @pa.dataframe_check
    def ok_means_no_problems(cls, data: pa.PolarsData) -> pl.LazyFrame:
        """A draft is good exactly when lint found no problem."""
        return data.lazyframe.select(pl.col("ok") == (pl.col("problems").list.len() == 0))

    @pa.dataframe_check
    def linkedin_has_no_subject(cls, data: pa.PolarsData) -> pl.LazyFrame:
        """A LinkedIn note carries no subject line."""
        return data.lazyframe.select((pl.col("kind") != "linkedin") | pl.col("subject").is_null())
