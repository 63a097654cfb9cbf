"""Referrals in the plan: a row even without a fitting role, ranked into the first weekly slots, pacing kept."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from pipeline.rank.plan import build_plan
from pipeline.rank.questions import load_question_bank
from pipeline.rank.referred import REFERRAL_FIT, referral_rows, referrals_first, referred_ids
from pipeline.rank.score import score_contacts
from schemas.plan import PlanSchema, ScoredSchema
from tests.pipeline.rank.test_score import make_contacts, make_profile

TODAY = date(2026, 11, 25)
QUESTIONS = load_question_bank()
FITTING = [{"title": "Data Scientist", "company": f"Org {i}", "emails": [f"p{i}@x.com"]} for i in range(4)]
REFERRAL = {"full_name": "Rui Costa", "company": "Harbour Bakery", "emails": ["rui@x.com"], "referred_by": "Ana Lopez",
            "sources": ["referral"]}


def planned(*rows, per_week: int = 2, targets=None, target: str | None = None) -> pl.DataFrame:
    profile = make_profile(outreach={"per_week": per_week, "per_company": 2})
    contacts = make_contacts(*rows)
    scored = score_contacts(contacts, profile, today=TODAY)
    scored = pl.concat([scored, referral_rows(scored, contacts, profile, targets=targets or {})])
    plan = build_plan(scored, contacts, profile, target=target, today=TODAY, questions=QUESTIONS)
    return referrals_first(plan, referred_ids(contacts), profile, today=TODAY)


def test_referral_without_a_fitting_role_gets_a_row():
    """A referral no keyword fits is scored under the first target, at the referral fit, warmth full."""
    profile = make_profile()
    contacts = make_contacts(REFERRAL)
    rows = referral_rows(score_contacts(contacts, profile, today=TODAY), contacts, profile, targets={})
    ScoredSchema.validate(rows)
    row = rows.row(0, named=True)
    assert (row["contact_id"], row["target"], row["fit"], row["s_warmth"], row["channel"]) == (
        "c000", "Data science", REFERRAL_FIT, 1.0, "email")
    assert row["why"] == "referred by Ana Lopez: no role on record for Data science yet, the referral is the reason"
    assert row["how_we_know"] == "referred by Ana Lopez"


@pytest.mark.parametrize(("logged", "target"), [("UX", "UX"), ("Gone", "Data science"), (None, "Data science")])
def test_referral_goes_under_the_target_it_was_logged_for(logged, target):
    """The referral's logged target when the profile still has it, else the first target."""
    profile = make_profile()
    contacts = make_contacts(REFERRAL)
    rows = referral_rows(score_contacts(contacts, profile, today=TODAY), contacts, profile, targets={"c000": logged})
    assert rows["target"].to_list() == [target]


def test_a_fitting_referral_keeps_its_own_score():
    """A referral whose role fits is scored as anyone else: no second row."""
    profile = make_profile()
    contacts = make_contacts({**REFERRAL, "title": "Data Scientist"})
    assert referral_rows(score_contacts(contacts, profile, today=TODAY), contacts, profile, targets={}).is_empty()


@pytest.mark.parametrize("status", ["sent", "declined", "do_not_contact"])
def test_a_contacted_or_closed_referral_gets_no_row(status):
    """A referral already written to, or closed, is not planned again."""
    profile = make_profile()
    contacts = make_contacts({**REFERRAL, "status": status})
    assert referral_rows(score_contacts(contacts, profile, today=TODAY), contacts, profile, targets={}).is_empty()


def test_referral_takes_a_first_week_slot_within_the_pacing():
    """Four better fits and a low-fit referral at two a week: the referral is in week 1, the week still holds two."""
    plan = planned(*FITTING, REFERRAL, per_week=2)
    PlanSchema.validate(plan)
    week_one = plan.filter(pl.col("send_week") == 1)
    assert week_one.height == 2
    assert week_one["contact_id"][0] == "c004"  # the referral
    assert plan["rank"].to_list() == [1, 2, 3, 4, 5]
    assert plan.height == 5 and plan["send_week"].max() == 3


def test_without_referrals_the_plan_is_untouched():
    """No referral: referrals_first returns the plan as build_plan made it."""
    profile = make_profile(outreach={"per_week": 2, "per_company": 2})
    contacts = make_contacts(*FITTING)
    plan = build_plan(score_contacts(contacts, profile, today=TODAY), contacts, profile, today=TODAY, questions=QUESTIONS)
    assert referrals_first(plan, referred_ids(contacts), profile, today=TODAY).equals(plan)


def test_target_option_leaves_out_a_referral_for_another_target():
    """--target UX plans no referral logged for Data science."""
    plan = planned(*FITTING, REFERRAL, targets={"c004": "Data science"}, target="UX")
    assert "c004" not in plan["contact_id"].to_list()


def test_a_referred_by_column_in_an_import_is_no_logged_referral():
    """Someone an imported file marks "Referred By" gets no row without a fit and no first slot; a logged referral does."""
    imported = {**REFERRAL, "sources": ["alumni"]}
    assert referred_ids(make_contacts(imported)) == set()
    profile = make_profile()
    contacts = make_contacts(imported)
    assert referral_rows(score_contacts(contacts, profile, today=TODAY), contacts, profile, targets={}).is_empty()
