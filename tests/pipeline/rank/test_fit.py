"""Fit before priority: near-peers are early-career people, personal relations are warm, and no signal lifts a weak fit over a square one."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.profile import parse_profile
from pipeline.rank.score import score_contacts
from tests.pipeline.rank.test_score import TODAY, make_contacts, one, score

CLIMATE = parse_profile({
    "me": {"name": "Jo Tester", "school": "Riverbend University", "grad_year": 2024},
    "targets": [{"name": "Climate", "keywords": ["sustainability", "climate", "carbon"]}],
})


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Associate Data Scientist", 0.6),
        ("Data Analyst I", 0.6),
        ("Data Analyst II", 0.6),
        ("Machine Learning Engineer 1", 0.6),
        ("Graduate Data Scientist", 0.6),
        ("Data Science Intern", 0.0),
        ("Data Science Trainee", 0.0),
        ("Student Data Analyst", 0.0),
        ("Werkstudent Data Science", 0.0),
        ("Младший аналитик данных", 0.6),
        ("Стажёр-аналитик данных", 0.0),
        ("متدرب محلل بيانات", 0.0),
        ("Associate Director, Analytics", 0.0),
        ("Data Scientist", 0.0),
    ],
)
def test_near_peer_is_early_career_not_a_fellow_learner(title, expected):
    """Associate, analyst I/II and graduate titles are near-peers (no class year known); interns, trainees and students are not."""
    assert one(score({"title": title}))["s_near_peer"] == expected


def test_a_learner_in_the_peer_class_years_is_no_near_peer():
    """A class year a few years before the user's does not make an intern a near-peer."""
    scored = score({"title": "Data Science Intern", "class_year": 2021}, {"title": "Data Scientist", "class_year": 2021})
    assert (one(scored, "c000")["s_near_peer"], one(scored, "c001")["s_near_peer"]) == (0.0, 1.0)


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ({"sources": ["google"], "notes": "Met at Kim's wedding, works on forecasting"}, 1.0),
        ({"sources": ["vcard"], "notes": "my cousin's partner"}, 1.0),
        ({"sources": ["alumni"], "referred_by": "Kim Lee"}, 1.0),
        ({"sources": ["google"]}, 0.6),
        ({"sources": ["alumni"]}, 0.0),
    ],
)
def test_personal_relation_is_warmth(row, expected):
    """An address-book card with a note, or a referral, is the warmest relation; a bare card is warm."""
    assert one(score({"title": "Data Scientist", **row}))["s_warmth"] == expected


def test_warm_personal_contact_ranks_above_a_stranger_of_equal_fit():
    """Same title: the address-book friend with a note comes before the LinkedIn stranger of last month."""
    scored = score(
        {"title": "Data Scientist", "sources": ["linkedin"], "connected_on": date(2026, 11, 1)},
        {"title": "Data Scientist", "sources": ["google"], "notes": "neighbour, ask about her team"},
    )
    assert one(scored, "c001")["fit"] == one(scored, "c000")["fit"]
    assert one(scored, "c001")["score"] > one(scored, "c000")["score"]


SQUARE = [{"title": "Sustainability Manager"}, {"title": "Head of Climate Strategy"}, {"title": "Gerente de Sostenibilidad"},
          {"title": "Ingeniera en energías renovables"}]
WEAK = [{"title": "Recruiter", "company": "Sunny Solar"}, {"title": "Engineer", "company": "Sunny Solar"},
        {"title": "Solar Installer"}, {"title": "Office Manager", "company": "Green Valley Recycling"}]
SIGNALS = st.fixed_dictionaries({
    "school": st.sampled_from([None, "Riverbend University", "Other College"]),
    "class_year": st.one_of(st.none(), st.integers(2015, 2024)),
    "sources": st.lists(st.sampled_from(["linkedin", "alumni", "google", "vcard"]), min_size=1, max_size=3, unique=True),
    "emails": st.lists(st.just("a@b.c"), max_size=1),
    "connected_on": st.one_of(st.none(), st.dates(date(2010, 1, 1), date(2026, 11, 1))),
    "referred_by": st.one_of(st.none(), st.just("Kim Lee")),
    "notes": st.one_of(st.none(), st.just("old friend")),
    "linkedin_url": st.one_of(st.none(), st.just("https://www.linkedin.com/in/x")),
})


PAIRS = st.lists(st.tuples(st.sampled_from(SQUARE), SIGNALS, st.sampled_from(WEAK), SIGNALS), min_size=1, max_size=8)


@settings(max_examples=10, deadline=None)
@given(PAIRS)
def test_signals_never_lift_a_weak_fit_over_a_square_one(pairs):
    """Whatever the signals (school, near-peer, seniority, warmth, reach), a squarely relevant role outscores a weakly related one."""
    rows = [row for square, s_sig, weak, w_sig in pairs for row in ({**s_sig, **square}, {**w_sig, **weak})]
    scored = {r["contact_id"]: r for r in score_contacts(make_contacts(*rows), CLIMATE, today=TODAY).to_dicts()}
    for i in range(0, len(rows), 2):
        square, weak = scored[f"c{i:03d}"], scored[f"c{i + 1:03d}"]
        assert square["fit"] >= 0.62 and 0 < weak["fit"] <= 0.45
        assert square["score"] > weak["score"]
