"""The comparisons, declared as data: which level each pair of values lands on."""

from __future__ import annotations

import numpy as np
import pytest

from benchmarks.synth_people import records_from_rows
from pipeline.resolve.comparisons import DEFAULT_COMPARISONS, MISSING, SCORERS, compare_pairs
from pipeline.resolve.normalize import add_match_keys

BY_NAME = {c.name: c for c in DEFAULT_COMPARISONS}


def level_of(comparison: str, left: dict, right: dict) -> str:
    keys = add_match_keys(records_from_rows([left, right]))
    gammas = compare_pairs(keys, np.array([0]), np.array([1]), DEFAULT_COMPARISONS)
    return BY_NAME[comparison].label(int(gammas[comparison][0]))


CASES = [
    # (comparison, left record, right record, level)
    ("first_name", {"first_name": "Robert"}, {"first_name": "robert"}, "exact"),
    ("first_name", {"first_name": "Bob"}, {"first_name": "Robert"}, "nickname"),
    ("first_name", {"first_name": "Grzegorz"}, {"first_name": "Grzegorc"}, "jaro-winkler >= 0.92"),
    ("first_name", {"first_name": "R."}, {"first_name": "Robert"}, "initial"),
    ("first_name", {"first_name": "R."}, {"first_name": "Bob"}, "initial"),  # Bob stands for Robert
    ("first_name", {"first_name": "J."}, {"first_name": "Bob"}, "different"),
    ("first_name", {"first_name": "Smith", "last_name": "Bob"}, {"first_name": "Bob", "last_name": "Smith"},
     "swapped with last name"),
    ("first_name", {"first_name": "Alice"}, {"first_name": "Robert"}, "different"),
    ("first_name", {"first_name": "Alice"}, {}, "missing"),
    ("last_name", {"last_name": "Smith"}, {"last_name": "SMITH, PhD"}, "exact"),
    ("last_name", {"last_name": "Harrington"}, {"last_name": "Harringtn"}, "one typo"),
    ("last_name", {"last_name": "Harrington"}, {"last_name": "Harirngton"}, "one typo"),
    ("last_name", {"last_name": "Harrington"}, {"last_name": "Harringdon"}, "one typo"),
    ("last_name", {"last_name": "Harrington"}, {"last_name": "Haringtn"}, "jaro-winkler >= 0.94"),
    ("last_name", {"last_name": "Li"}, {"last_name": "Lu"}, "different"),
    ("last_name", {"last_name": "Smith-Jones"}, {"full_name": "Anna Smith Jones"}, "double surname"),
    ("last_name", {"last_name": "García López"}, {"first_name": "María", "middle_name": "García", "last_name": "López"},
     "double surname"),
    ("last_name", {"full_name": "Anna Smith"}, {"full_name": "Anna Smith Jones"}, "double surname"),
    ("last_name", {"full_name": "Anna Smith"}, {"full_name": "Anna Lee Jones"}, "different"),
    ("last_name", {"last_name": "Smith"}, {"last_name": "Jones"}, "different"),
    ("middle_name", {"first_name": "Robert J."}, {"middle_name": "James"}, "initial"),
    ("company", {"company": "Acme Inc."}, {"company": "ACME"}, "exact"),
    ("company", {"company": "Acme"}, {"emails": ["bob@acme.com"]}, "email at the employer's domain"),
    ("company", {"company": "Acme"}, {"emails": ["bob@gmail.com"]}, "missing"),
    ("company", {"company": "Acme"}, {"company": "Globex"}, "different"),
    ("title", {"title": "Senior Software Engineer"}, {"title": "software engineer, senior"}, "token-set >= 0.90"),
    ("postal_code", {"postal_code": "6285"}, {"postal_code": "6258"}, "one edit or swap"),
    ("class_year", {"class_year": 2010}, {"class_year": 2011}, "within a year"),
    ("class_year", {"class_year": 2010}, {"class_year": 2014}, "different"),
]


@pytest.mark.parametrize(("comparison", "left", "right", "level"), CASES)
def test_level(comparison, left, right, level):
    """Each pair of values lands on the level the table says (missing on either side is neutral)."""
    assert level_of(comparison, left, right) == level


def test_birth_date_one_digit_off():
    """Two birth dates one typed digit apart agree at the typo level."""
    import datetime as dt

    level = level_of("birth_date", {"birth_date": dt.date(1971, 7, 18)}, {"birth_date": dt.date(1971, 7, 19)})
    assert level == "one digit off or two swapped"


def test_comparisons_are_declared_once_and_well_formed():
    """Names are unique, metrics exist and thresholds are similarities in (0, 1]."""
    assert len(BY_NAME) == len(DEFAULT_COMPARISONS)
    for comp in DEFAULT_COMPARISONS:
        for level in comp.levels:
            if level.test == "similarity":
                assert level.metric in SCORERS and 0 < level.threshold <= 1
            if level.test == "edits":
                assert level.metric in SCORERS and level.threshold >= 1


def test_missing_code_is_neutral_marker():
    """A value missing on either side is coded MISSING, not "different"."""
    assert level_of("city", {"city": "Paris"}, {}) == "missing"
    assert MISSING == -1


def test_priors_are_shares_of_every_level():
    """Each declared m prior covers every level and "different" and sums to 1; u priors leave room for "different"."""
    for comp in DEFAULT_COMPARISONS:
        assert len(comp.m_prior) == comp.n_levels and abs(sum(comp.m_prior) - 1) < 1e-9, comp.name
        assert len(comp.u_prior) == len(comp.levels) and sum(comp.u_prior) < 0.5, comp.name


def test_a_prior_of_the_wrong_length_is_refused():
    """Declaring m shares for fewer levels than the comparison has is an error at definition time."""
    from pipeline.resolve.comparisons import Comparison, Level

    with pytest.raises(ValueError, match="m_prior needs 2 shares"):
        Comparison("x", "key_x", (Level("exact", "exact"),), m_prior=(1.0,))


def _cross_source_keys_and_pairs(seed: int):
    from benchmarks.synth_people import make_cross_source
    from pipeline.resolve.blocking import DEFAULT_BLOCKING_RULES, block_keys, candidate_pairs
    from pipeline.resolve.comparisons import add_value_codes
    from pipeline.resolve.normalize import KEY_COLUMNS

    records, _ = make_cross_source(1_500, seed=seed)
    keys = add_value_codes(block_keys(add_match_keys(records).select(list(KEY_COLUMNS))))
    pairs = candidate_pairs(keys, DEFAULT_BLOCKING_RULES, 50)
    rng = np.random.default_rng(seed)
    # Candidate pairs (mostly similar values) and random pairs (mostly different ones).
    a = np.concatenate([pairs["a"].to_numpy().astype(np.int64), rng.integers(0, keys.height, 2_000)])
    b = np.concatenate([pairs["b"].to_numpy().astype(np.int64), rng.integers(0, keys.height, 2_000)])
    return keys, a, b


@pytest.mark.parametrize("seed", [1, 2])
def test_distinct_value_pairs_give_the_same_levels_as_row_by_row(seed):
    """gamma, which decides each distinct pair of values once, agrees with the row-by-row reference on every pair."""
    from pipeline.resolve.comparisons import gamma, gamma_rows

    keys, a, b = _cross_source_keys_and_pairs(seed)
    plain = keys.select(c for c in keys.columns if not c.endswith(":code"))
    for comp in DEFAULT_COMPARISONS:
        assert np.array_equal(gamma(comp, keys, a, b), gamma_rows(comp, plain[a], plain[b])), comp.name
