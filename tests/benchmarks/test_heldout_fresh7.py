"""The seventh fresh held-out set is fully graded: every sampled row has a grade, and each target has relevant rows."""

from __future__ import annotations

import polars as pl
import pytest

from benchmarks import heldout

pytestmark = pytest.mark.skipif(
    not heldout.seventh_fresh_available(), reason="held-out exports not under ../shared/realworld/linkedin"
)

# Climate's candidate pool is exhausted in this set (3 surfaced rows, RUBRIC.md), so it has only 2 relevant rows.
MIN_RELEVANT = {"data_science": 5, "ux_design": 5, "climate": 2, "software": 5}


def test_every_sampled_row_of_the_seventh_fresh_set_has_a_grade():
    sampled = heldout.seventh_fresh_sample()
    grades = pl.read_csv(heldout.SEVENTH_FRESH_GRADES, schema_overrides={"key": pl.String})
    assert sampled["key"].n_unique() == sampled.height
    assert set(sampled["key"]) == set(grades["key"])
    assert heldout.seventh_fresh_graded().height == sampled.height


def test_each_target_of_the_seventh_fresh_set_has_relevant_rows():
    graded = heldout.seventh_fresh_graded()
    relevant = {c: int((graded[c] >= 2).sum()) for c in heldout.GRADE_COLUMNS.values()}
    assert all(relevant[c] >= MIN_RELEVANT[c] for c in relevant), relevant
