"""The comparisons, declared as data: which level each pair of values lands on."""

from __future__ import annotations

import numpy as np
import pytest

from benchmarks.synth_people import records_from_rows
from pipeline.comparisons import DEFAULT_COMPARISONS, MISSING, SCORERS, compare_pairs
from pipeline.normalize import add_match_keys

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
    ("first_name", {"first_name": "Smith", "last_name": "Bob"}, {"first_name": "Bob", "last_name": "Smith"},
     "swapped with last name"),
    ("first_name", {"first_name": "Alice"}, {"first_name": "Robert"}, "different"),
    ("first_name", {"first_name": "Alice"}, {}, "missing"),
    ("last_name", {"last_name": "Smith"}, {"last_name": "SMITH, PhD"}, "exact"),
    ("last_name", {"last_name": "Harrington"}, {"last_name": "Harringtn"}, "jaro-winkler >= 0.94"),
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


def test_missing_code_is_neutral_marker():
    """A value missing on either side is coded MISSING, not "different"."""
    assert level_of("city", {"city": "Paris"}, {}) == "missing"
    assert MISSING == -1
