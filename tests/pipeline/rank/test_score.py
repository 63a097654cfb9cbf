"""score_contacts: keyword fit first, then the signals that modulate it, and the why line."""

from __future__ import annotations

from datetime import date
from typing import Any

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from pipeline.profile import parse_profile
from pipeline.rank.score import SCORED_DTYPES, _plan_order, score_contacts
from schemas.fields import CANONICAL_DTYPES
from schemas.plan import ScoredSchema

TODAY = date(2026, 11, 25)
CONTACT_DTYPES: dict[str, pl.DataType] = {
    "contact_id": pl.String(),
    **CANONICAL_DTYPES,
    "sources": pl.List(pl.String()),
    "record_count": pl.Int64(),
    "status": pl.String(),
}


def make_contacts(*rows: dict[str, Any]) -> pl.DataFrame:
    """A contacts frame with every column; rows give only what matters to the test."""
    filled = []
    for i, row in enumerate(rows):
        base: dict[str, Any] = dict.fromkeys(CONTACT_DTYPES)
        base.update(contact_id=f"c{i:03d}", emails=[], phones=[], sources=["linkedin"], record_count=1)
        base.update(row)
        filled.append(base)
    return pl.DataFrame(filled, schema=CONTACT_DTYPES)


def make_profile(**overrides: Any):
    """A profile with two targets; overrides replace whole sections."""
    raw = {
        "me": {"name": "Jo Tester", "school": "Riverbend University", "grad_year": 2024},
        "targets": [
            {"name": "Data science", "keywords": ["data scientist", "machine learning", "analytics"], "companies": ["Spotify"]},
            {"name": "UX", "keywords": ["ux researcher", "user research", "product designer"], "weight": 0.9},
        ],
    }
    raw.update(overrides)
    return parse_profile(raw)


def score(*rows: dict[str, Any], profile=None) -> pl.DataFrame:
    return score_contacts(make_contacts(*rows), profile or make_profile(), today=TODAY)


def one(scored: pl.DataFrame, contact_id: str = "c000", target: str = "Data science") -> dict[str, Any]:
    rows = scored.filter((pl.col("contact_id") == contact_id) & (pl.col("target") == target)).to_dicts()
    assert len(rows) == 1, scored
    return rows[0]


def test_output_has_the_contract_columns_and_validates():
    """The scored frame has exactly the ARCHITECTURE.md columns and passes its Pandera model."""
    scored = score({"title": "Data Scientist", "company": "Spotify"}, {"title": "UX Researcher"})
    assert dict(scored.schema) == SCORED_DTYPES
    ScoredSchema.validate(scored, lazy=True)


def test_empty_contacts_give_an_empty_scored_frame():
    """No contacts: zero rows, same columns."""
    scored = score_contacts(make_contacts().clear(), make_profile(), today=TODAY)
    assert scored.height == 0 and dict(scored.schema) == SCORED_DTYPES


def test_zero_keyword_fit_is_not_ranked_despite_warmth():
    """A warm, reachable fellow alum whose role fits no target gets no row."""
    scored = score({"title": "Accountant", "company": "Acme", "sources": ["linkedin", "alumni"],
                    "emails": ["a@x.com"], "connected_on": date(2015, 1, 1), "referred_by": "Kim"})
    assert scored.height == 0


@pytest.mark.parametrize("status", ["sent", "replied", "met", "declined", "do_not_contact"])
def test_contacted_declined_and_do_not_contact_are_left_out(status):
    """Anyone already approached, declined or marked do-not-contact never scores."""
    assert score({"title": "Data Scientist", "status": status}).height == 0


def test_drafted_contacts_still_score():
    """A drafted (not yet sent) request does not take someone out of the plan."""
    assert score({"title": "Data Scientist", "status": "drafted"}).height == 1


def test_title_match_outweighs_company_match():
    """The same keyword in a title counts more than in a company name."""
    scored = score({"title": "Data Scientist", "company": "Acme"}, {"title": "Accountant", "company": "Data Scientist Partners"})
    assert one(scored, "c000")["keyword_score"] > one(scored, "c001")["keyword_score"] > 0


def test_headline_and_notes_are_searched():
    """Keywords also count in a headline or in notes."""
    scored = score({"title": "Consultant", "headline": "machine learning for retail"}, {"title": "Consultant", "notes": "does analytics"})
    assert set(scored["contact_id"]) == {"c000", "c001"}


def test_matched_lists_keywords_as_written():
    """`matched` holds the user's own keywords that were found, in profile order."""
    scored = score({"title": "Data Scientist, Machine Learning"})
    assert one(scored)["matched"] == ["data scientist", "machine learning"]


def test_two_keywords_beat_one():
    """A second distinct keyword raises the keyword score."""
    scored = score({"title": "Data Scientist, Machine Learning"}, {"title": "Data Scientist"})
    assert one(scored, "c000")["keyword_score"] > one(scored, "c001")["keyword_score"]


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ({"sources": ["alumni"]}, 1.0),
        ({"sources": ["linkedin"], "school": "Riverbend University"}, 1.0),
        ({"sources": ["linkedin"], "school": "riverbend univ."}, 1.0),
        ({"sources": ["alumni"], "school": "Other College"}, 0.0),
        ({"sources": ["linkedin"], "school": "Riverbend Universty"}, 1.0),
        ({"sources": ["linkedin"], "school": "Other College"}, 0.0),
    ],
)
def test_shared_school_signal(row, expected):
    """Shared school: a school naming the user's (aliases too), or an alumni list that names no school."""
    assert one(score({"title": "Data Scientist", **row}))["s_school"] == expected


@pytest.mark.parametrize(
    ("class_year", "title", "expected"),
    [
        (2023, "Data Scientist", 1.0),
        (2018, "Data Scientist", 1.0),
        (2017, "Data Scientist", 0.0),
        (2024, "Data Scientist", 0.0),
        (None, "Junior Data Scientist", 0.6),
        (None, "Data Scientist", 0.0),
    ],
)
def test_near_peer_signal(class_year, title, expected):
    """Near-peer: class year one to six years before the user's, or (weaker) a junior title."""
    assert one(score({"title": title, "class_year": class_year}))["s_near_peer"] == expected


@pytest.mark.parametrize(
    ("title", "expected"),
    [("Chief Data Scientist", 1.0), ("VP, Data Science & Analytics", 1.0), ("Head of Analytics", 0.8),
     ("Senior Data Scientist", 0.4), ("Data Scientist", 0.0),
     # A product owner owns a backlog, not the business; an owner of a firm is its head.
     ("Product Owner, Data Science", 0.0), ("Owner, Data Science Consultancy", 1.0),
     # A business partner or a partner manager serves partners; a firm's partner is one of its heads.
     ("Data Science Business Partner", 0.0), ("Data Partner Manager", 0.0), ("Partner, Data Science", 1.0)],
)
def test_seniority_signal(title, expected):
    """Executives and heads of department rank up; senior and lead titles a little."""
    assert one(score({"title": title}))["s_seniority"] == expected


def test_warmth_grows_with_years_connected_and_referral():
    """A long LinkedIn connection is warmer than a new one; a referral warms anyone."""
    scored = score(
        {"title": "Data Scientist", "connected_on": date(2020, 1, 1)},
        {"title": "Data Scientist", "connected_on": date(2026, 10, 1)},
        {"title": "Data Scientist", "sources": ["alumni"], "referred_by": "Kim Lee"},
        {"title": "Data Scientist", "sources": ["alumni"]},
    )
    warmth = {r["contact_id"]: r["s_warmth"] for r in scored.to_dicts()}
    assert warmth["c000"] > warmth["c001"] > 0
    assert warmth["c002"] > warmth["c003"] == 0


def test_email_known_means_email_channel():
    """Reachability: an email address makes the channel email, else a LinkedIn message."""
    scored = score({"title": "Data Scientist", "emails": ["a@x.com"]}, {"title": "Data Scientist"})
    assert (one(scored, "c000")["channel"], one(scored, "c001")["channel"]) == ("email", "linkedin")
    assert one(scored, "c000")["s_reachability"] > one(scored, "c001")["s_reachability"]


def test_target_company_boosts_and_ignores_legal_suffix():
    """Working at a listed company ("Spotify AB" for "Spotify") raises the score."""
    scored = score({"title": "Data Scientist", "company": "Spotify AB"}, {"title": "Data Scientist", "company": "Acme"})
    assert one(scored, "c000")["s_target_company"] == 1.0
    assert one(scored, "c000")["score"] > one(scored, "c001")["score"]


def test_target_company_alone_gives_a_small_fit():
    """Someone at a listed company with no keyword match ranks, below anyone whose role matches."""
    scored = score({"title": "Software Engineer", "company": "Spotify"}, {"title": "Data Scientist", "company": "Acme", "sources": ["google"]})
    assert one(scored, "c000")["keyword_score"] == 0
    assert 0 < one(scored, "c000")["score"] < one(scored, "c001")["score"]


def test_target_weight_scales_scores():
    """A target's weight multiplies its scores."""
    scored = score({"title": "Data Scientist"}, profile=make_profile(targets=[
        {"name": "A", "keywords": ["data scientist"], "weight": 1.0},
        {"name": "B", "keywords": ["data scientist"], "weight": 0.5},
    ]))
    assert one(scored, target="B")["score"] == pytest.approx(one(scored, target="A")["score"] / 2, abs=0.01)


def test_why_line_reads_like_the_issue_example():
    """The why line: role at company — matched keyword; alum with year; LinkedIn since year."""
    scored = score({"title": "Senior Data Scientist", "company": "Spotify", "sources": ["linkedin", "alumni"],
                    "class_year": 2021, "connected_on": date(2022, 5, 1)})
    why = one(scored)["why"]
    assert why.startswith("Senior Data Scientist at Spotify — matches 'data scientist'")
    assert "fellow Riverbend University alum ('21)" in why
    assert "1st-degree LinkedIn since 2022" in why


def test_how_we_know_names_sources_and_referrer():
    """how_we_know says where the contact came from in words."""
    row = one(score({"title": "Data Scientist", "sources": ["alumni", "google"], "referred_by": "Kim Lee"}))
    assert row["how_we_know"] == "alumni directory, Google contacts; referred by Kim Lee"


def test_weights_are_configurable():
    """Setting a signal's weight to zero removes its effect on the score."""
    rows = ({"title": "Data Scientist", "sources": ["alumni"]}, {"title": "Data Scientist", "sources": []})
    flat = score(*rows, profile=make_profile(weights={"school": 0.0}))
    assert one(flat, "c000")["score"] == one(flat, "c001")["score"]


TITLES = ["Data Scientist", "UX Researcher", "Accountant", "Head of Analytics", "Junior Product Designer", None, "ML Eng"]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.fixed_dictionaries({
    "title": st.sampled_from(TITLES),
    "company": st.sampled_from(["Spotify", "Acme GmbH", None]),
    "class_year": st.one_of(st.none(), st.integers(1950, 2030)),
    "sources": st.lists(st.sampled_from(["linkedin", "alumni", "google", "outlook", "vcard", "contacts"]), max_size=3),
    "emails": st.lists(st.just("a@b.c"), max_size=2),
    "connected_on": st.one_of(st.none(), st.dates(date(2000, 1, 1), date(2030, 1, 1))),
    "referred_by": st.one_of(st.none(), st.just("Kim")),
}), max_size=12))
def test_scores_stay_in_range(rows):
    """Scores are above zero and at most 100 x the target weight; every signal stays in 0..1."""
    scored = score(*rows)
    ScoredSchema.validate(scored, lazy=True)
    weights = {"Data science": 1.0, "UX": 0.9}
    for row in scored.to_dicts():
        assert 0 < row["score"] <= 100 * weights[row["target"]] + 1e-9


def test_untyped_and_missing_columns_are_tolerated():
    """A frame with only some fields, all-None columns untyped, still scores."""
    contacts = pl.DataFrame({"contact_id": ["c1"], "title": ["Data Scientist"], "status": [None], "connected_on": [None]})
    scored = score_contacts(contacts, make_profile(), today=TODAY)
    assert scored["contact_id"].to_list() == ["c1"]


def test_too_many_keywords_is_a_profile_error():
    """More than 64 keywords in one target is a ProfileError naming the target and the fix."""
    from pipeline.errors import ProfileError

    profile = make_profile(targets=[{"name": "Huge", "keywords": [f"word{i}" for i in range(65)]}])
    with pytest.raises(ProfileError, match="'Huge' has 65 keywords"):
        score({"title": "Data Scientist"}, profile=profile)


CROWD = st.lists(st.fixed_dictionaries({
    "title": st.sampled_from(TITLES),
    "company": st.sampled_from(["Spotify", "Acme GmbH", "Riverbend Analytics", None]),
    "headline": st.sampled_from([None, "Machine learning and people", "Open to work"]),
    "sources": st.lists(st.sampled_from(["linkedin", "alumni", "google"]), min_size=1, max_size=2),
    "connected_on": st.one_of(st.none(), st.dates(date(2015, 1, 1), date(2026, 11, 1))),
    "referred_by": st.one_of(st.none(), st.just("Kim")),
}), min_size=1, max_size=6)


@settings(max_examples=15, deadline=None)
@given(CROWD, st.randoms(use_true_random=False))
def test_order_is_by_score_then_contact_id_then_target_whatever_the_input_order(rows, rnd):
    """Ties fall by contact id, then target name, however the store handed the rows over."""
    contacts = make_contacts(*rows)
    shuffled = contacts.sample(fraction=1.0, shuffle=True, seed=rnd.randint(0, 10_000))
    scored = score_contacts(shuffled, make_profile(), today=TODAY)
    expected = scored.sort(["score", "contact_id", "target"], descending=[True, False, False])
    assert scored.equals(expected)
    assert scored.equals(score_contacts(contacts, make_profile(), today=TODAY))


@pytest.mark.parametrize("top", [100.0, 9_999.99, 1e17])  # the last overflows the packed key: three keys sort it
def test_plan_order_is_score_down_then_contact_then_target(top):
    scored = pl.DataFrame({
        "score": [top, 0.01, top, 50.0, 0.01, top],
        "_id_order": pl.Series([3, 1, 2, 9, 1, 2], dtype=pl.UInt32),
        "_name_order": pl.Series([0, 1, 1, 0, 0, 0], dtype=pl.UInt16),
    })
    expected = scored.sort(["score", "_id_order", "_name_order"], descending=[True, False, False])
    assert scored[_plan_order(scored, contacts=9, targets=2)].equals(expected)


@settings(max_examples=10, deadline=None)
@given(CROWD)
def test_a_contact_scores_the_same_alone_as_in_a_crowd(rows):
    """Texts are scored once per distinct combination and spread back: nothing leaks between contacts."""
    contacts = make_contacts(*rows)
    together = score_contacts(contacts, make_profile(), today=TODAY)
    alone = [score_contacts(contacts[i : i + 1], make_profile(), today=TODAY) for i in range(contacts.height)]
    expected = pl.concat(alone).sort(["score", "contact_id", "target"], descending=[True, False, False])
    assert_frame_equal(together, expected)  # to the float's last bit, which vectorised sums may differ in
