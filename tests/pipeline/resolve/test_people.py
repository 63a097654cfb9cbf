"""ingest: what the store is told after resolution."""

from __future__ import annotations

import polars as pl

from pipeline.resolve.people import contradicted_decisions

RECORDS = pl.DataFrame({"record_id": ["a", "b", "c", "d"], "contact_id": ["c1", "c1", "c1", "c2"]})


def decisions(*rows) -> pl.DataFrame:
    return pl.DataFrame(rows, schema=["record_a", "record_b", "decision"], orient="row")


def test_a_different_decision_inside_one_contact_is_reported():
    """"different" on a and c, which share contact c1: reported, in record order."""
    assert contradicted_decisions(RECORDS, decisions(("c", "a", "different"))).rows() == [("a", "c")]


def test_a_different_decision_that_holds_is_not_reported():
    """"different" on a and d, which are apart: nothing to say."""
    assert contradicted_decisions(RECORDS, decisions(("a", "d", "different"))).height == 0


def test_only_the_latest_decision_on_a_pair_counts():
    """"different" then "same" on one pair: the pair is no longer a "different" decision."""
    assert contradicted_decisions(RECORDS, decisions(("a", "c", "different"), ("c", "a", "same"))).height == 0
