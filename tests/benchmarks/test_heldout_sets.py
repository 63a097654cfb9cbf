"""Every held-out set is fully graded: each sampled row has a grade, and each target has relevant rows to rank."""

from __future__ import annotations

import polars as pl
import pytest

from benchmarks import heldout

# Relevant rows (grade >= 2) each set must hold per target: its RUBRIC.md counts, rounded down to a
# floor that still ranks; the first random sample, the seventh, eighth, ninth, eleventh to thirteenth sets and the sixth
# other-fields set and the tenth (policy, biotech) are thin where RUBRIC.md says.
FLOORS: dict[str, dict[str, int]] = {
    "held-out other fields 5": {"research": 5, "policy": 5, "biotech": 5, "security": 5},
    "held-out other fields 6": {"energy": 4, "public_health": 5, "manufacturing": 5, "consulting": 5},
    "held-out other fields 10": {"research": 5, "policy": 3, "biotech": 5, "security": 5},
    "held-out": {"data_science": 5, "ux_design": 2, "climate": 1, "software": 5},
    "held-out seventh fresh": {"data_science": 5, "ux_design": 5, "climate": 2, "software": 5},
    "held-out eighth fresh": {"data_science": 5, "ux_design": 5, "climate": 4, "software": 5},
    "held-out ninth fresh": {"data_science": 5, "ux_design": 5, "climate": 2, "software": 5},
    "held-out eleventh fresh": {"data_science": 5, "ux_design": 5, "climate": 3, "software": 5},
    "held-out twelfth fresh": {"data_science": 5, "ux_design": 5, "climate": 1, "software": 5},
    "held-out thirteenth fresh": {"data_science": 5, "ux_design": 5, "climate": 1, "software": 5},
}
DEFAULT_FLOOR = 5
SETS = [pytest.param(s, id=s.name.removeprefix("held-out").strip() or "first") for s in heldout.ALL_SETS]


def _skip_unless_available(graded_set: heldout.GradedSet) -> None:
    if not graded_set.available():
        pytest.skip("held-out exports not under ../shared/realworld/linkedin")


@pytest.mark.parametrize("graded_set", SETS)
def test_every_sampled_row_has_a_grade(graded_set):
    _skip_unless_available(graded_set)
    sampled = graded_set.sample()
    grades = pl.read_csv(graded_set.grades, schema_overrides={"key": pl.String})
    assert sampled["key"].n_unique() == sampled.height
    assert set(sampled["key"]) == set(grades["key"])
    assert graded_set.graded().height == sampled.height


@pytest.mark.parametrize("graded_set", SETS)
def test_each_target_has_enough_relevant_rows(graded_set):
    _skip_unless_available(graded_set)
    graded = graded_set.graded()
    floors = FLOORS.get(graded_set.name, {})
    relevant = {c: int((graded[c] >= 2).sum()) for c in graded_set.columns.values()}
    assert all(n >= floors.get(c, DEFAULT_FLOOR) for c, n in relevant.items()), relevant


def test_no_two_sets_share_a_row():
    """Each later set draws only rows no earlier set sampled, so its first run is on rows nobody had read."""
    seen: set[str] = set()
    for graded_set in heldout.ALL_SETS:
        keys = set(pl.read_csv(graded_set.grades, schema_overrides={"key": pl.String})["key"])
        if graded_set.name not in ("held-out", "held-out enriched"):  # the enriched set re-samples the first one's files
            assert not keys & seen, graded_set.name
        seen |= keys
