"""Pandera (polars) models of the frames `pipeline.resolve.linkage` takes and returns: decisions, assignments, review pairs."""

from __future__ import annotations

import pandera.polars as pa

DECISIONS = ("same", "different")


class DecisionFrame(pa.DataFrameModel):
    """A person's verdict on a pair of records; it always wins over the model."""

    record_a: str = pa.Field(nullable=False)
    record_b: str = pa.Field(nullable=False)
    decision: str = pa.Field(isin=list(DECISIONS))


class AssignmentFrame(pa.DataFrameModel):
    """Every input record once, with the contact it belongs to."""

    record_id: str = pa.Field(nullable=False, unique=True)
    contact_id: str = pa.Field(nullable=False, str_startswith="c")


class ReviewPairFrame(pa.DataFrameModel):
    """A pair a person should look at: its total match weight (bits), probability and the fields behind it."""

    record_a: str = pa.Field(nullable=False)
    record_b: str = pa.Field(nullable=False)
    weight: float = pa.Field(nullable=False)
    probability: float = pa.Field(ge=0, le=1)
    reasons: str = pa.Field(nullable=False)
