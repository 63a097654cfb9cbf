"""Ratings: the latest grade per contact and target, rated contacts placed by it, similar ones moved towards it."""

from __future__ import annotations

import polars as pl
import pytest

from pipeline.rank.ratings import MAX_SHIFT, apply_ratings, latest_ratings, text_words
from pipeline.rank.score import score_contacts
from tests.pipeline.rank.test_score import TODAY, make_contacts, make_profile

PROFILE = make_profile()
# A rated contact, one like them (shares the title's field words and the organisation), one unlike them.
CONTACTS = make_contacts(
    {"title": "Harbour Pilot", "company": "Tidewater Port"},
    {"title": "Senior Harbour Pilot", "company": "Tidewater Port"},
    {"title": "Data Scientist", "company": "Acme"},
    {"title": "Analytics Lead", "company": "Northwind"},
)


def _events(*rows: tuple[str, str, str | None, int | None]) -> pl.DataFrame:
    return pl.DataFrame(
        [(c, kind, f"2026-11-{20 + i:02d}", target, grade, i) for i, (c, kind, target, grade) in enumerate(rows)],
        orient="row",
        schema={"contact_id": pl.String, "kind": pl.String, "at": pl.String, "target": pl.String, "grade": pl.Int64, "id": pl.Int64},
    )


def _apply(frame: pl.DataFrame, rated: pl.DataFrame) -> pl.LazyFrame:
    """apply_ratings on contacts given with their canonical title and organisation tokens."""
    titles, companies = (frame[c].unique(maintain_order=True) for c in ("_ttok", "_ctok"))
    indexed = frame.with_columns(
        pl.col("_ttok").replace_strict(titles, pl.int_range(titles.len(), eager=True)).alias("_ititle"),
        pl.col("_ctok").replace_strict(companies, pl.int_range(companies.len(), eager=True)).alias("_icompany"),
    )
    return apply_ratings(indexed.lazy(), rated, text_words(titles, companies))


def _fits(events=None) -> dict[str, float]:
    scored = score_contacts(CONTACTS, PROFILE, today=TODAY, events=events).filter(pl.col("target") == "Data science")
    return dict(zip(scored["contact_id"], scored["fit"], strict=True))


def test_latest_rating_wins_and_clearing_removes_it():
    """Two ratings of one contact: the later counts; a clearing for all targets removes both targets' grades."""
    events = _events(("c000", "rating", None, 1), ("c000", "rating", "UX", 3), ("c001", "rating", "UX", 2),
                     ("c001", "rating_cleared", None, None))
    latest = latest_ratings(events, ["Data science", "UX"]).sort("contact_id", "target")
    assert latest.rows() == [("c000", "Data science", 1), ("c000", "UX", 3)]


@pytest.mark.parametrize(("grade", "placed"), [(3, 1.0), (2, 0.72), (1, 0.3)])
def test_rated_contact_is_placed_by_the_grade(grade, placed):
    """A rated contact's fit is their grade's, whatever the texts said."""
    assert _fits(_events(("c002", "rating", "Data science", grade)))["c002"] == placed


def test_rated_zero_leaves_the_plan():
    """Rated 0 for a target, a contact has no row there."""
    assert "c002" not in _fits(_events(("c002", "rating", "Data science", 0)))


def test_rating_three_lifts_similar_contacts_only():
    """Rated 3, a role no keyword knew lifts the contact like it (from zero fit) and leaves an unlike one as it was."""
    before = _fits()
    after = _fits(_events(("c000", "rating", "Data science", 3)))
    assert "c001" not in before and after["c001"] > 0
    assert after["c003"] == before["c003"]


def test_rating_low_moves_similar_contacts_down():
    """A keyword match rated 1 moves a contact with the same title words down, not an unrelated one."""
    contacts = make_contacts({"title": "Analytics Lead", "company": "Northwind"}, {"title": "Analytics Lead", "company": "Contoso"},
                             {"title": "Data Scientist", "company": "Acme"})
    plain = score_contacts(contacts, PROFILE, today=TODAY).filter(pl.col("target") == "Data science")
    rated = score_contacts(contacts, PROFILE, today=TODAY, events=_events(("c000", "rating", "Data science", 1)))
    rated = rated.filter(pl.col("target") == "Data science")
    before, after = (dict(zip(f["contact_id"], f["fit"], strict=True)) for f in (plain, rated))
    assert after["c001"] < before["c001"]
    assert after["c002"] == before["c002"]


def test_a_weak_grade_never_lifts_look_alikes_the_plan_had_weak():
    """Rated 1 where the plan had the contact at a weak fit already, a look-alike does not move up.

    (Measured against the rated contact's old fit, a 1 above a 0.22 fit lifted the people like them.)
    """
    contacts = make_contacts({"title": "Recruiter", "company": "Solar Analytics"}, {"title": "Recruiter", "company": "Wind Analytics"})
    plain = score_contacts(contacts, PROFILE, today=TODAY).filter(pl.col("target") == "Data science")
    rated = score_contacts(contacts, PROFILE, today=TODAY, events=_events(("c000", "rating", "Data science", 1)))
    before, after = (dict(zip(f["contact_id"], f["fit"], strict=True)) for f in (plain, rated.filter(pl.col("target") == "Data science")))
    assert 0 < before["c000"] < 0.3
    assert after["c001"] <= before["c001"]


@pytest.mark.parametrize(("title", "grade", "direction"), [
    ("Analytics Lead", 3, 1),  # squarely placed and confirmed: look-alikes still rise a little
    ("Data Platform Engineer", 3, 1),  # placed as related, rated squarely in: look-alikes rise
    ("Data Platform Engineer", 2, 1),  # placed below a 2's place: they rise towards it
    ("Analytics Lead", 2, -1),  # placed squarely in, rated only related: they sink towards a 2
    ("Analytics Lead", 1, -1),
    ("Data Platform Engineer", 0, -1),
])
def test_a_grade_moves_look_alikes_towards_its_place(title, grade, direction):
    """Look-alikes move towards where the grade places the rated one, and by under MAX_SHIFT."""
    contacts = make_contacts({"title": title, "company": "Northwind"}, {"title": title, "company": "Contoso"})
    plain = score_contacts(contacts, PROFILE, today=TODAY).filter(pl.col("target") == "Data science")
    rated = score_contacts(contacts, PROFILE, today=TODAY, events=_events(("c000", "rating", "Data science", grade)))
    before, after = (dict(zip(f["contact_id"], f["fit"], strict=True)) for f in (plain, rated.filter(pl.col("target") == "Data science")))
    moved = after["c001"] - before["c001"]
    assert moved * direction > 0 and abs(moved) < MAX_SHIFT


def test_an_employer_alone_brings_no_one_without_fit_into_the_plan():
    """Rating a harbour pilot 3 lifts another harbour pilot, not the port's accountant who fits nothing."""
    contacts = make_contacts(
        {"title": "Harbour Pilot", "company": "Tidewater Port"},
        {"title": "Accountant", "company": "Tidewater Port"},
        {"title": "Harbour Pilot", "company": "Bayside Shipping"},
    )
    scored = score_contacts(contacts, PROFILE, today=TODAY, events=_events(("c000", "rating", "Data science", 3)))
    planned = set(scored.filter(pl.col("target") == "Data science")["contact_id"])
    assert planned == {"c000", "c002"}


def _moved(grade: int, fits: tuple[float, float], rated_fit: float = 0.5) -> tuple[float, float]:
    """How far two unrated look-alikes of a rated contact (same words, fits as given) move after its rating."""
    frame = pl.DataFrame({"contact_id": ["r", "a", "b"], "_ttok": [" harbour  pilot "] * 3, "_ctok": [" tidewat "] * 3,
                          "fit": [rated_fit, *fits]})
    rated = pl.DataFrame({"contact_id": ["r"], "target": ["T"], "grade": [grade]})
    after = dict(_apply(frame, rated).select("contact_id", "fit").collect().iter_rows())
    return after["a"] - fits[0], after["b"] - fits[1]


def test_a_high_grade_lifts_a_weak_look_alike_more_than_a_square_one():
    """The surer the plan already is of someone, the less a rating of another person moves them."""
    square, weak = _moved(3, (0.9, 0.3))
    assert weak > square > 0


def test_a_low_grade_pushes_a_square_look_alike_more_than_a_weak_one():
    square, weak = _moved(0, (0.9, 0.1))
    assert square < weak < 0


@pytest.mark.parametrize("grade", [3, 0])
def test_a_rating_that_corrects_the_plan_teaches_more_than_one_that_confirms_it(grade):
    """A 3 on someone the plan had at 0.3 lifts look-alikes more than a 3 on someone it had at 0.95; a 0 likewise."""
    confirms, corrects = (0.95, 0.3) if grade == 3 else (0.05, 0.8)
    after_confirming, _ = _moved(grade, (0.5, 0.5), rated_fit=confirms)
    after_correcting, _ = _moved(grade, (0.5, 0.5), rated_fit=corrects)
    assert abs(after_correcting) > abs(after_confirming)


def test_how_someone_is_employed_teaches_nothing():
    """Rating a freelance harbour pilot 3 lifts other harbour pilots, not every freelancer."""
    frame = pl.DataFrame({"contact_id": ["r", "a", "b"], "_ttok": [" freelanc  harbour  pilot ", " harbour  pilot ", " freelanc  photograph "],
                          "_ctok": [" ", " ", " "], "fit": [0.5, 0.3, 0.3]})
    rated = pl.DataFrame({"contact_id": ["r"], "target": ["T"], "grade": [3]})
    after = dict(_apply(frame, rated).select("contact_id", "fit").collect().iter_rows())
    assert after["a"] > 0.3 and after["b"] == 0.3


def test_adjacent_words_count_together():
    """The same two words in another order are another role: a 3 on one and a 0 on the other sort their look-alikes."""
    titles = [" harbour  pilot ", " pilot  harbour ", " harbour  pilot  senior ", " pilot  harbour  senior "]
    frame = pl.DataFrame({"contact_id": ["r3", "r0", "a", "b"], "_ttok": titles, "_ctok": [" "] * 4, "fit": [0.5, 0.5, 0.4, 0.4]})
    rated = pl.DataFrame({"contact_id": ["r3", "r0"], "target": ["T", "T"], "grade": [3, 0]})
    after = dict(_apply(frame, rated).select("contact_id", "fit").collect().iter_rows())
    assert after["a"] > 0.4 > after["b"]


def test_an_organisation_word_is_not_a_title_word():
    """Rating someone at the Pilot Company 3 lifts nobody titled pilot elsewhere: where one works is not what one does."""
    frame = pl.DataFrame({"contact_id": ["r", "a"], "_ttok": [" harbour ", " pilot "], "_ctok": [" pilot ", " tidewat "], "fit": [0.5, 0.3]})
    rated = pl.DataFrame({"contact_id": ["r"], "target": ["T"], "grade": [3]})
    after = dict(_apply(frame, rated).select("contact_id", "fit").collect().iter_rows())
    assert after["a"] == 0.3


def test_a_grade_moves_look_alikes_towards_its_place_never_past_it():
    """Rated 2, a BI developer the plan had lower lifts their look-alikes up to a 2's place at most.

    Someone sharing those words whom the plan already placed above it (a data scientist for BI)
    is not lifted, and no look-alike ends above the 2's place.
    """
    contacts = make_contacts(
        {"title": "Business Intelligence Developer", "company": "Acme"},
        {"title": "Business Intelligence Developer", "company": "Northwind"},
        {"title": "Data Scientist, Business Intelligence", "company": "Contoso"},
    )
    plain = score_contacts(contacts, PROFILE, today=TODAY).filter(pl.col("target") == "Data science")
    rated = score_contacts(contacts, PROFILE, today=TODAY, events=_events(("c000", "rating", "Data science", 2)))
    before, after = (dict(zip(f["contact_id"], f["fit"], strict=True)) for f in (plain, rated.filter(pl.col("target") == "Data science")))
    assert before["c001"] < after["c001"] <= 0.72
    assert before["c002"] > 0.72
    assert after["c002"] == before["c002"]
