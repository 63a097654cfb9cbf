"""`coffeechat rate` as a user runs it: exit codes and the exact messages, --target, --clear, and the next plan."""

from __future__ import annotations

import csv

import pytest

from tests.flows.test_cli_outreach import PATRICIA


@pytest.mark.parametrize(
    ("args", "out"),
    [
        ((PATRICIA, "3"), f"{PATRICIA}: rated 3/3\n"),
        ((PATRICIA, "0", "--target", "ux research"), f"{PATRICIA}: rated 0/3 for UX research\n"),
        ((PATRICIA, "--clear"), f"{PATRICIA}: ratings cleared\n"),
        ((PATRICIA, "--clear", "--target", "Sustainability"), f"{PATRICIA}: ratings cleared for Sustainability\n"),
    ],
)
def test_rate_records_and_says_so(ready, args, out):
    """A grade (for all targets or one, named as the profile spells it) or a clearing: exit 0 and one line."""
    result = ready("rate", *args)
    assert (result.code, result.out, result.err) == (0, out, "")


@pytest.mark.parametrize(
    ("args", "err"),
    [
        ((PATRICIA, "4"), "Error: Grade 4 is not 0, 1, 2 or 3. Rate with 0 (not useful) to 3 (ask first).\n"),
        ((PATRICIA,), "Error: No grade given. Add a grade 0-3 after the contact_id, or --clear to remove the ratings.\n"),
        (("c_nobody", "2"), "Error: No contact 'c_nobody'. Copy the contact_id from out/plan.csv or `coffeechat export contacts`.\n"),
        ((), "Error: No contact given. Add the contact_id from out/plan.csv and a grade 0-3, or --clear to clear every rating.\n"),
    ],
)
def test_rate_refuses_with_the_fix(ready, args, err):
    """A grade outside 0-3, no grade without --clear, or an unknown contact: exit 1, `Error:` and the fix, no traceback."""
    result = ready("rate", *args)
    assert (result.code, result.out, result.err) == (1, "", err)


def test_rate_unknown_target_names_the_choices(ready):
    """--target that is no target in the profile: exit 1 and the targets to choose from."""
    result = ready("rate", PATRICIA, "2", "--target", "Law")
    assert result.code == 1
    assert result.err.startswith("Error: ") and "No target named 'Law'" in result.err
    assert result.err.rstrip().endswith("'Data science', 'UX research', 'Sustainability'.")


def _plan_row(ws, contact_id: str, target: str) -> dict | None:
    with (ws / "out" / "plan.csv").open(encoding="utf-8") as handle:
        return next((r for r in csv.DictReader(handle) if r["contact_id"] == contact_id and r["target"] == target), None)


def test_next_plan_places_the_rated_contact_and_clear_undoes_it(ready):
    """Rated 0 for a target, a contact leaves that target's plan; --clear brings them back."""
    assert ready("plan").code == 0
    before = _plan_row(ready.ws, PATRICIA, "Data science")
    assert before is not None
    assert ready("rate", PATRICIA, "0", "--target", "Data science").code == 0
    assert ready("plan").code == 0
    assert _plan_row(ready.ws, PATRICIA, "Data science") is None
    assert ready("rate", PATRICIA, "--clear").code == 0
    assert ready("plan").code == 0
    assert _plan_row(ready.ws, PATRICIA, "Data science") is not None


def test_clear_without_a_contact_clears_everyone_rated(ready):
    """`rate --clear` alone clears every rated contact once; a second time there is nothing left to clear."""
    plan = ready("plan")
    assert plan.code == 0
    ids = [r["contact_id"] for r in csv.DictReader((ready.ws / "out" / "plan.csv").open(encoding="utf-8"))][:3]
    for contact_id in ids:
        assert ready("rate", contact_id, "0").code == 0
    assert ready("rate", "--clear").out == f"ratings cleared for {len(set(ids))} contacts\n"
    assert ready("rate", "--clear").out == "ratings cleared for 0 contacts\n"


def test_clear_of_one_target_keeps_the_others(ready):
    """`rate --clear --target T` clears T's ratings only: a contact rated 0 for another target stays out of its plan."""
    assert ready("plan").code == 0
    rows = list(csv.DictReader((ready.ws / "out" / "plan.csv").open(encoding="utf-8")))
    green = next(r["contact_id"] for r in rows if r["target"] == "Sustainability" and r["contact_id"] != PATRICIA)
    assert ready("rate", PATRICIA, "0").code == 0
    assert ready("rate", green, "0", "--target", "Sustainability").code == 0
    result = ready("rate", "--clear", "--target", "data science")
    assert (result.code, result.out) == (0, "ratings cleared for 1 contact for Data science\n")
    assert ready("plan").code == 0
    assert _plan_row(ready.ws, PATRICIA, "Data science") is not None
    assert _plan_row(ready.ws, green, "Sustainability") is None
