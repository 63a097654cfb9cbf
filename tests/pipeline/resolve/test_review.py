"""The review queue: names alone wait for a person, one pair per two contacts, evidence that adds up."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

import polars as pl
import pytest

from benchmarks.synth_people import make_cross_source, records_from_rows
from pipeline.resolve.linkage import DEFAULT_SETTINGS, MatchSettings, resolve

BACKGROUND, _ = make_cross_source(1_500, seed=5)


def queue(rows: list[dict], decisions: pl.DataFrame | None = None, settings: MatchSettings = DEFAULT_SETTINGS):
    """(assignments as a dict, review pairs) of these rows among a background of synthetic people."""
    resolution = resolve(pl.concat([records_from_rows(rows), BACKGROUND], how="diagonal"), decisions, settings)
    return dict(resolution.assignments.iter_rows()), resolution.review_pairs


def pairs_among(review: pl.DataFrame, ids: set[str]) -> pl.DataFrame:
    return review.filter(pl.col("record_a").is_in(list(ids)) & pl.col("record_b").is_in(list(ids)))


NAMESAKE = {"first_name": "Maria", "last_name": "Garcia"}


# No pair is likely enough on its probability: only the names-alone rule can put one in the queue.
NAMES_ONLY = replace(DEFAULT_SETTINGS, review_probability=1.01)


@pytest.mark.parametrize(("second", "asked"), [
    ({"source_kind": "alumni", "class_year": 2011}, True),
    ({"source_kind": "alumni", "company": "Globex"}, True),
    ({"source_kind": "alumni", "middle_name": "J"}, True),
    ({"source_kind": "alumni", "middle_name": "K"}, False),
    ({"source_kind": "alumni", "birth_date": date(1971, 2, 3)}, False),
    ({"source_kind": "alumni", "first_name": "Mario"}, False),
])
def test_the_same_full_name_with_nothing_against_it_waits_for_review(second, asked):
    """Same full name and no contradicting field: a review pair, never a merge; another middle name or birth date contradicts."""
    first = {**NAMESAKE, "source_kind": "google", "middle_name": "J", "emails": ["maria.g@gmail.com"],
             "birth_date": date(1990, 5, 1)}
    got, review = queue([first, {**NAMESAKE, **second}], settings=NAMES_ONLY)
    assert got["r0001"] != got["r0002"]
    assert (pairs_among(review, {"r0001", "r0002"}).height == 1) is asked


def test_one_pair_per_two_contacts_not_per_record():
    """A record matching a person already made of two records is asked about once."""
    rows = [
        {**NAMESAKE, "source_kind": "linkedin", "emails": ["maria@acme.com"], "company": "Acme"},
        {**NAMESAKE, "source_kind": "alumni", "emails": ["maria@acme.com"], "class_year": 2011},
        {**NAMESAKE, "source_kind": "google", "emails": ["mg1987@gmail.com"]},
    ]
    got, review = queue(rows)
    assert got["r0001"] == got["r0002"] != got["r0003"]
    assert pairs_among(review, {"r0001", "r0002", "r0003"}).height == 1


def test_a_decision_on_two_records_answers_for_their_contacts():
    """After "different" on one record pair of two contacts, no other pair of theirs is asked."""
    rows = [
        {**NAMESAKE, "source_kind": "linkedin", "emails": ["maria@acme.com"], "company": "Acme"},
        {**NAMESAKE, "source_kind": "alumni", "emails": ["maria@acme.com"], "class_year": 2011},
        {**NAMESAKE, "source_kind": "google", "emails": ["mg1987@gmail.com"]},
    ]
    decided = pl.DataFrame([("r0001", "r0003", "different")], schema=["record_a", "record_b", "decision"], orient="row")
    _, review = queue(rows, decided)
    assert pairs_among(review, {"r0001", "r0002", "r0003"}).height == 0


def test_the_evidence_starts_with_the_prior_and_adds_up_to_the_weight():
    """prior + every field's weight (+ value frequency) is the pair's match weight, to rounding."""
    rows = [{"first_name": "Xaviera", "last_name": "Quokkenbush", "city": "Boston"},
            {"first_name": "Xavier", "last_name": "Quokkenbush", "city": "Boston"}]
    _, review = queue(rows)
    assert review.height > 0
    for reasons, weight in review.select("reasons", "weight").iter_rows():
        assert reasons.startswith("prior (")
        parts = [float(x) for x in re.findall(r"\(([+-]\d+\.\d)\)", reasons)]
        assert sum(parts) == pytest.approx(weight, abs=0.05 * len(parts) + 1e-9)
