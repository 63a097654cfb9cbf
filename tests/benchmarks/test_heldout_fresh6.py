"""The sixth fresh held-out set is fully graded: every sampled row has a grade, and each target has relevant rows."""

from __future__ import annotations

import polars as pl
import pytest

from benchmarks import heldout

pytestmark = pytest.mark.skipif(
    not heldout.sixth_fresh_available(), reason="held-out exports not under ../shared/realworld/linkedin"
)


def test_every_sampled_row_of_the_sixth_fresh_set_has_a_grade():
    sampled = heldout.sixth_fresh_sample()
    grades = pl.read_csv(heldout.SIXTH_FRESH_GRADES, schema_overrides={"key": pl.String})
    assert sampled["key"].n_unique() == sampled.height
    assert set(sampled["key"]) == set(grades["key"])
    assert heldout.sixth_fresh_graded().height == sampled.height


def test_each_target_of_the_sixth_fresh_set_has_at_least_five_relevant_rows():
    graded = heldout.sixth_fresh_graded()
    relevant = {c: int((graded[c] >= 2).sum()) for c in heldout.GRADE_COLUMNS.values()}
    assert all(n >= 5 for n in relevant.values()), relevant
