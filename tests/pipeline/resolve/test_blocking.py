"""Blocking: which record pairs get compared at all."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from benchmarks.synth_people import records_from_rows
from pipeline.resolve.blocking import (
    DEFAULT_BLOCKING_RULES,
    BlockingRule,
    block_keys,
    candidate_pairs,
    identifier_pairs,
    pairs_in,
)
from pipeline.resolve.normalize import KEY_COLUMNS, add_match_keys


def keyed(rows: list[dict]) -> pl.DataFrame:
    return block_keys(add_match_keys(records_from_rows(rows)).select(list(KEY_COLUMNS)))


def pairs_of(rows: list[dict], rules=DEFAULT_BLOCKING_RULES, max_block: int = 50) -> set[tuple[int, int]]:
    return set(candidate_pairs(keyed(rows), rules, max_block).iter_rows())


CASES = [
    # (what the two records share, left, right)
    ("surname and first initial", {"first_name": "J.", "last_name": "Doe"}, {"first_name": "Jane", "last_name": "Doe"}),
    ("a nickname and the surname", {"first_name": "Bob", "last_name": "Olson"},
     {"first_name": "Robert", "last_name": "Olson"}),
    ("a nickname sharing no letter and the surname", {"first_name": "Peggy", "last_name": "Olson"},
     {"first_name": "Margaret", "last_name": "Olson"}),
    ("surname and employer", {"first_name": "Ann", "last_name": "Lee", "company": "Acme Inc."},
     {"first_name": "Zoe", "last_name": "Lee", "company": "ACME"}),
    ("employer named in one, a work address there in the other, a surname typo",
     {"first_name": "Aline", "last_name": "Brothoeord", "emails": ["abrothoford@rosste.com"]},
     {"first_name": "Aline", "last_name": "Brothoford", "company": "Rosste"}),
    ("both names, swapped", {"first_name": "Smith", "last_name": "Bob"}, {"first_name": "Bob", "last_name": "Smith"}),
    ("first name, school and class", {"first_name": "Ola", "last_name": "X", "school": "MIT", "class_year": 2010},
     {"first_name": "Ola", "last_name": "Y", "school": "MIT", "class_year": 2010}),
]


@pytest.mark.parametrize(("shared", "left", "right"), CASES, ids=[c[0] for c in CASES])
def test_records_sharing_a_block_key_become_a_candidate_pair(shared, left, right):
    """Each default rule brings together what it is for."""
    assert pairs_of([left, right]) == {(0, 1)}


def test_unrelated_records_are_not_compared():
    """No shared key, no pair."""
    assert pairs_of([{"first_name": "Ann", "last_name": "Lee"}, {"first_name": "Bob", "last_name": "Ng"}]) == set()


def test_a_block_over_the_cap_is_skipped_for_that_rule_only():
    """Sixty people named Lee at one employer: the surname block is skipped, the name pair rule still pairs two Ann Lees."""
    rows = [{"first_name": f"P{i}", "last_name": "Lee"} for i in range(60)]
    rows += [{"first_name": "Ann", "last_name": "Lee"}, {"first_name": "Ann", "last_name": "Lee"}]
    rule = (BlockingRule("surname", ("key_last",)),)
    assert pairs_of(rows, rule) == set()
    assert (60, 61) in pairs_of(rows)


def test_shared_identifiers_are_pairs_with_their_kind():
    """An email written in two cases and one LinkedIn profile: two identifier pairs, named."""
    frame = keyed([
        {"first_name": "A", "emails": ["Ann@Acme.com"]}, {"first_name": "B", "emails": ["ann@acme.com"]},
        {"linkedin_url": "https://www.linkedin.com/in/ann-lee/"}, {"linkedin_url": "linkedin.com/in/ann-lee?trk=x"},
    ])
    got = {(a, b): kind for a, b, kind in identifier_pairs(frame, 10).iter_rows()}
    assert got == {(0, 1): "email", (2, 3): "linkedin"}


def test_extra_pairs_join_the_union_once():
    """candidate_pairs takes extra pairs (shared identifiers): each pair once, sorted."""
    frame = keyed([{"first_name": "Jane", "last_name": "Doe"}, {"first_name": "Jane", "last_name": "Doe"},
                   {"first_name": "Xi", "last_name": "Wu"}])
    extra = pl.DataFrame({"a": [0, 0], "b": [1, 2]}, schema={"a": pl.UInt32, "b": pl.UInt32})
    assert candidate_pairs(frame, DEFAULT_BLOCKING_RULES, 50, extra=extra).rows() == [(0, 1), (0, 2)]


pair_lists = st.lists(st.tuples(st.integers(0, 50), st.integers(0, 50)), max_size=40)


@given(pair_lists, pair_lists)
def test_pairs_in_agrees_with_a_set(pairs, subset):
    """pairs_in marks exactly the pairs the subset holds."""
    frame = pl.DataFrame(pairs or None, schema={"a": pl.UInt32, "b": pl.UInt32}, orient="row")
    sub = pl.DataFrame(subset or None, schema={"a": pl.UInt32, "b": pl.UInt32}, orient="row")
    expected = np.array([p in set(subset) for p in pairs], dtype=bool)
    assert np.array_equal(pairs_in(frame, sub), expected)
