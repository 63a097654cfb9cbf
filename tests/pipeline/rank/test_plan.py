"""build_plan: best target per contact, weekly batches under caps, send dates and questions."""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.errors import ProfileError
from pipeline.rank.plan import PLAN_COLUMNS, assign_weeks, build_plan, week_one
from pipeline.rank.questions import load_question_bank
from pipeline.rank.score import organisation_key, score_contacts
from schemas.plan import PlanSchema
from tests.pipeline.rank.test_score import make_contacts, make_profile

SHIPPED_QUESTIONS = load_question_bank()

TODAY = date(2026, 11, 25)  # a Wednesday
CONTRACT = ["rank", "contact_id", "name", "company", "title", "target", "score", "why", "channel",
            "how_we_know", "send_week", "fit", "send_date", "email", "linkedin_url", "matched", "questions"]


def plan_for(*rows: dict[str, Any], profile=None, target: str | None = None, today: date = TODAY) -> pl.DataFrame:
    profile = profile or make_profile()
    contacts = make_contacts(*rows)
    scored = score_contacts(contacts, profile, today=today)
    return build_plan(scored, contacts, profile, target=target, today=today, questions=SHIPPED_QUESTIONS)


def paced(per_week: int, per_company: int, **extra: Any):
    return make_profile(outreach={"per_week": per_week, "per_company": per_company, **extra})


def test_plan_has_the_contract_columns_in_order_and_validates():
    """The plan starts with the ARCHITECTURE.md columns, in that order, and passes PlanSchema."""
    plan = plan_for({"title": "Data Scientist", "full_name": "Ana Ruiz", "emails": ["ana@x.com"]})
    assert plan.columns[: len(CONTRACT)] == CONTRACT
    assert tuple(plan.columns) == PLAN_COLUMNS
    PlanSchema.validate(plan, lazy=True)


def test_contact_appears_once_under_its_best_target():
    """Someone matching two targets is planned once, under the one where they score higher."""
    plan = plan_for({"title": "Data Scientist and UX Researcher", "company": "Spotify"})
    assert plan.height == 1
    assert plan["target"].to_list() == ["Data science"]  # Spotify is on the data-science list


def test_target_option_ranks_for_that_target_alone():
    """--target NAME keeps only that target's rows, even where another target scores higher."""
    plan = plan_for({"title": "Data Scientist and UX Researcher", "company": "Spotify"}, {"title": "Data Scientist"}, target="ux")
    assert plan["target"].to_list() == ["UX"]
    assert plan["contact_id"].to_list() == ["c000"]


def test_unknown_target_names_the_choices():
    """An unknown --target is a ProfileError that lists the targets."""
    with pytest.raises(ProfileError, match="No target named 'Law'"):
        plan_for({"title": "Data Scientist"}, target="Law")


def test_rank_follows_score_within_a_week():
    """Higher scores come first; ranks are 1..n in frame order."""
    plan = plan_for({"title": "Data Scientist"}, {"title": "Head of Data Science, Machine Learning", "emails": ["h@x.com"]})
    assert plan["rank"].to_list() == [1, 2]
    assert plan["contact_id"].to_list() == ["c001", "c000"]


def test_equal_scores_break_ties_by_contact_id():
    """Ties are broken by contact_id, so the plan never depends on input order."""
    plan = plan_for(*[{"title": "Data Scientist"}] * 3)
    assert plan["contact_id"].to_list() == ["c000", "c001", "c002"]


def test_per_week_limit_splits_into_weeks():
    """per_week contacts a week; the rest go to later weeks, Mondays apart."""
    plan = plan_for(*[{"title": "Data Scientist"}] * 5, profile=paced(2, 5))
    assert plan["send_week"].to_list() == [1, 1, 2, 2, 3]
    assert plan["send_date"].to_list() == [date(2026, 11, 30)] * 2 + [date(2026, 12, 7)] * 2 + [date(2026, 12, 14)]


def test_per_company_cap_defers_colleagues():
    """At most per_company people from one organisation (legal suffixes ignored) in a week."""
    rows = [{"title": "Head of Data Science", "company": "Acme Inc."}, {"title": "Head of Data Science", "company": "ACME"},
            {"title": "Data Scientist", "company": "Other"}]
    plan = plan_for(*rows, profile=paced(3, 1))
    weeks = dict(zip(plan["contact_id"], plan["send_week"], strict=True))
    assert weeks == {"c000": 1, "c002": 1, "c001": 2}


def test_contacts_without_company_are_not_capped_together():
    """People with no company are each their own organisation."""
    plan = plan_for(*[{"title": "Data Scientist", "company": None}] * 3, profile=paced(3, 1))
    assert plan["send_week"].to_list() == [1, 1, 1]


@pytest.mark.parametrize(
    ("start", "today", "monday"),
    [
        (None, date(2026, 11, 25), date(2026, 11, 30)),  # Wednesday -> next Monday
        (None, date(2026, 11, 30), date(2026, 11, 30)),  # a Monday is its own week
        (date(2027, 1, 6), date(2026, 11, 25), date(2027, 1, 4)),  # start_date's own week
    ],
)
def test_week_one_monday(start, today, monday):
    """Week 1 is the week of outreach.start_date, else the Monday on or after today."""
    outreach = {"start_date": start} if start else {}
    assert week_one(make_profile(outreach=outreach), today) == monday


def test_excluded_status_in_contacts_is_dropped_even_if_scored():
    """A stale scored row for someone now marked do-not-contact never reaches the plan."""
    profile = make_profile()
    contacts = make_contacts({"title": "Data Scientist"})
    scored = score_contacts(contacts, profile, today=TODAY)
    later = contacts.with_columns(pl.lit("do_not_contact").alias("status"))
    assert build_plan(scored, later, profile, today=TODAY, questions=SHIPPED_QUESTIONS).height == 0


def test_empty_scored_frame_gives_an_empty_plan():
    """Nobody scored: an empty plan with every column."""
    plan = plan_for({"title": "Accountant"})
    assert plan.height == 0 and tuple(plan.columns) == PLAN_COLUMNS


def test_questions_are_two_or_three_and_end_with_who_else():
    """Each contact gets 2-3 questions, the last asking who else to talk to."""
    plan = plan_for({"title": "Data Scientist"}, {"title": "UX Researcher"})
    bank = load_question_bank()
    for questions in plan["questions"].to_list():
        assert 2 <= len(questions) <= 3
        assert questions[-1] == bank.who_else


def test_questions_follow_target_topic_and_seniority():
    """A data-science head gets a data question and a question for senior people."""
    plan = plan_for({"title": "Head of Data Science"})
    bank = load_question_bank()
    first, second, _ = plan["questions"].to_list()[0]
    assert first in next(t for t in bank.topics if t.name == "data").questions
    assert second in bank.senior


def test_target_without_a_topic_gets_a_generic_field_question():
    """A target no topic matches gets a [field] question naming the target."""
    profile = make_profile(targets=[{"name": "Urban planning", "keywords": ["urban planner"]}])
    plan = plan_for({"title": "Urban Planner"}, profile=profile)
    assert "urban planning" in plan["questions"].to_list()[0][0]


def test_user_question_bank_overrides_the_shipped_one(tmp_path):
    """A questions.toml in the workspace templates folder wins over the shipped bank."""
    (tmp_path / "questions.toml").write_text('who_else = "Who else?"\ngeneral = ["Why?"]\n', encoding="utf-8")
    profile = make_profile()
    contacts = make_contacts({"title": "Data Scientist"})
    plan = build_plan(score_contacts(contacts, profile, today=TODAY), contacts, profile, today=TODAY, questions=load_question_bank(tmp_path))
    assert plan["questions"].to_list() == [["Why?", "Who else?"]]


def test_organisation_key_strips_legal_suffixes():
    """Organisations compare casefolded without legal suffixes."""
    assert organisation_key(pl.Series(["Spotify AB", "spotify", "Acme Holdings, Inc.", None])).to_list() == ["spotify", "spotify", "acmeholdings", None]


ORGS = st.lists(st.sampled_from(["acme", "globex", "initech", None]), max_size=60)


@settings(max_examples=100, deadline=None)
@given(ORGS, st.integers(1, 6), st.integers(1, 4))
def test_per_company_cap_never_exceeded(orgs, per_week, per_company):
    """No week holds more than per_week contacts or more than per_company from one organisation."""
    weeks = assign_weeks(orgs, per_week=per_week, per_company=per_company)
    assert max(Counter(weeks).values(), default=0) <= per_week
    per_org = Counter((o, w) for o, w in zip(orgs, weeks, strict=True) if o)
    assert max(per_org.values(), default=0) <= per_company


@settings(max_examples=100, deadline=None)
@given(ORGS, st.integers(1, 6), st.integers(1, 4))
def test_weeks_leave_no_gap_a_later_contact_could_fill(orgs, per_week, per_company):
    """Each contact gets the earliest week that has room for it (no week is skipped needlessly)."""
    weeks = assign_weeks(orgs, per_week=per_week, per_company=per_company)
    for i, (org, week) in enumerate(zip(orgs, weeks, strict=True)):
        before = list(zip(orgs[:i], weeks[:i], strict=True))
        for earlier in range(1, week):
            full = sum(1 for _, w in before if w == earlier) >= per_week
            capped = org is not None and sum(1 for o, w in before if w == earlier and o == org) >= per_company
            assert full or capped


ROWS = [
    {"title": "Data Scientist", "company": "Acme"},
    {"title": "Senior Data Scientist", "company": "Acme Inc"},
    {"title": "UX Researcher", "company": "Globex"},
    {"title": "Head of Analytics", "company": None, "emails": ["h@x.com"]},
    {"title": "Product Designer", "company": "Spotify"},
    {"title": "Machine Learning Engineer", "company": "Spotify AB", "sources": ["alumni"]},
    {"title": "Data Scientist", "company": "Globex"},
]


@settings(max_examples=15, deadline=None)
@given(st.permutations(range(len(ROWS))))
def test_plan_is_deterministic_under_row_shuffles(order):
    """Shuffling the contacts (ids kept) gives the same plan."""
    profile = paced(2, 1)
    contacts = make_contacts(*ROWS)
    expected = build_plan(score_contacts(contacts, profile, today=TODAY), contacts, profile, today=TODAY, questions=SHIPPED_QUESTIONS)
    shuffled = contacts[list(order)]
    scored = score_contacts(shuffled, profile, today=TODAY)
    got = build_plan(scored.sample(fraction=1.0, shuffle=True, seed=1), shuffled, profile, today=TODAY, questions=SHIPPED_QUESTIONS)
    assert got.equals(expected)


def test_broken_user_question_bank_is_a_template_error(tmp_path):
    """A question bank that cannot be read names the file and the fix."""
    from pipeline.errors import TemplateError

    (tmp_path / "questions.toml").write_text("general = [", encoding="utf-8")
    with pytest.raises(TemplateError, match="question bank cannot be read"):
        load_question_bank(tmp_path)
