"""Records into people: resolve every record, keep what survives, and say where decisions clash."""

from __future__ import annotations

import polars as pl

from pipeline.contracts import checked
from pipeline.resolve.em import FSModel
from pipeline.resolve.linkage import resolve
from pipeline.resolve.normalize import DEFAULT_PHONE_REGION, add_match_keys
from pipeline.resolve.survive import survive
from schemas.resolve import AssignmentFrame, ReviewPairFrame


def resolve_all(
    records: pl.DataFrame, decisions: pl.DataFrame, phone_region: str = DEFAULT_PHONE_REGION
) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """Resolve every record into contacts: (assignments, surviving contacts, review pairs)."""
    return resolve_store(records, decisions, phone_region)[:3]


def resolve_store(
    records: pl.DataFrame, decisions: pl.DataFrame, phone_region: str = DEFAULT_PHONE_REGION, model: FSModel | None = None
) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame, FSModel | None]:
    """resolve_all, with the weights given (or fitted here when None), and the weights used."""
    if records.height == 0:
        empty_contacts = survive(records.with_columns(pl.lit(None, pl.String).alias("contact_id")))
        return pl.DataFrame(schema={"record_id": pl.String, "contact_id": pl.String}), empty_contacts, _no_pairs(), model
    resolution = resolve(add_match_keys(records, phone_region), decisions, model=model)
    resolved = records.drop("contact_id").join(resolution.assignments, on="record_id", how="left")
    assignments = checked(resolution.assignments, AssignmentFrame, stage="resolve → store")
    review_pairs = checked(resolution.review_pairs, ReviewPairFrame, stage="resolve → review queue")
    return assignments, survive(resolved, phone_region), review_pairs, resolution.model


def _no_pairs() -> pl.DataFrame:
    return pl.DataFrame(schema={"record_a": pl.String, "record_b": pl.String, "weight": pl.Float64,
                                "probability": pl.Float64, "reasons": pl.String})


def contradicted_decisions(records: pl.DataFrame, decisions: pl.DataFrame) -> pl.DataFrame:
    """The "different" decisions whose two records still share a contact, because "same" decisions chain them.

    A person's "same" is obeyed first, so A=B, B=C and A≠C put all three together; say so rather than hide it.
    """
    pair = [pl.min_horizontal("record_a", "record_b").alias("record_a"), pl.max_horizontal("record_a", "record_b").alias("record_b")]
    latest = decisions.with_row_index("order").select(*pair, "decision", "order").sort("order").group_by(
        "record_a", "record_b").agg(pl.col("decision").last())
    contact = records.select("record_id", "contact_id")
    return (
        latest.filter(pl.col("decision") == "different")
        .join(contact.rename({"record_id": "record_a", "contact_id": "contact_a"}), on="record_a")
        .join(contact.rename({"record_id": "record_b", "contact_id": "contact_b"}), on="record_b")
        .filter(pl.col("contact_a") == pl.col("contact_b"))
        .select("record_a", "record_b")
        .sort("record_a", "record_b")
    )
