"""Who the plan holds back: colleagues of someone who replied (from the event log, with dates) and the unreachable."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from pipeline.outreach.etiquette import Etiquette
from pipeline.outreach.holds import HELD_VIEW_DTYPES, held_view, unreachable, waiting_on_colleague
from pipeline.outreach.stages import derive
from tests.pipeline.rank.test_score import make_contacts

TODAY = date(2026, 11, 25)
EVENT_SCHEMA = {"id": pl.Int64, "contact_id": pl.String, "kind": pl.String, "at": pl.Date, "note": pl.String,
                "source": pl.String, "target": pl.String, "reverses": pl.Int64}
# c000 and c001 at Acme, c002 at Globex; each scored for both targets.
CONTACTS = make_contacts(
    {"full_name": "Ana Lopez", "company": "Acme Inc", "emails": ["ana@acme.com"]},
    {"full_name": "Bo Li", "company": "ACME", "emails": ["bo@acme.com"]},
    {"full_name": "Cy Dee", "company": "Globex", "emails": ["cy@globex.com"]},
)
SCORED = pl.DataFrame({"contact_id": ["c000", "c000", "c001", "c001", "c002"],
                       "target": ["Data science", "UX", "Data science", "UX", "Data science"]})
ORGS = pl.DataFrame({"contact_id": ["c000", "c001", "c002"], "org": ["acme", "acme", "globex"]})


def events(*rows: tuple) -> pl.DataFrame:
    """(contact_id, kind, 'YYYY-MM-DD', target[, reverses]) in the order they were logged."""
    out = [{"id": i, "contact_id": c, "kind": k, "at": date.fromisoformat(at), "note": None, "source": "cli",
            "target": t, "reverses": (r[0] if r else None)} for i, (c, k, at, t, *r) in enumerate(rows, start=1)]
    return pl.DataFrame(out, schema=EVENT_SCHEMA)


def waiting(log: pl.DataFrame, today: date = TODAY) -> list[tuple[str, str]]:
    progress = derive(log, today=today, rules=Etiquette())
    found = waiting_on_colleague(SCORED, progress, ORGS)
    return sorted(found.select("contact_id", "target").rows())


DS = "Data science"
# (rule, events, today, who waits for which target)
CASES = [
    ("a reply holds colleagues for that target only",
     [("c000", "sent", "2026-11-10", DS), ("c000", "replied", "2026-11-12", None)], TODAY, [("c001", DS)]),
    ("a request with no reply holds nobody",
     [("c000", "sent", "2026-11-10", DS)], TODAY, []),
    ("a meeting keeps the hold",
     [("c000", "sent", "2026-10-01", DS), ("c000", "replied", "2026-10-02", None), ("c000", "met", "2026-10-09", None)],
     TODAY, [("c001", DS)]),
    ("a declined request holds nobody",
     [("c000", "sent", "2026-11-10", DS), ("c000", "declined", "2026-11-12", None)], TODAY, []),
    ("a reply dated after today does not count yet",
     [("c000", "sent", "2026-11-10", DS), ("c000", "replied", "2026-11-26", None)], TODAY, []),
    ("an undone reply releases the hold",
     [("c000", "sent", "2026-11-10", DS), ("c000", "replied", "2026-11-12", None), ("c000", "undo", "2026-11-13", None, 2)],
     TODAY, []),
    ("a reply at another organisation holds nobody at Acme",
     [("c002", "sent", "2026-11-10", DS), ("c002", "replied", "2026-11-12", None)], TODAY, []),
    ("a reply for UX holds colleagues for UX",
     [("c001", "sent", "2026-11-10", "UX"), ("c001", "replied", "2026-11-11", None)], TODAY, [("c000", "UX")]),
]


@pytest.mark.parametrize(("log", "today", "held"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_colleagues_wait_while_someone_at_their_organisation_replied(log, today, held):
    """When someone at an organisation replied, others there planned for the same target wait."""
    assert waiting(events(*log), today) == held


def test_the_reason_names_who_replied_and_for_what():
    """The reason kept in plan_held.csv names the colleague's id and the target."""
    progress = derive(events(("c000", "sent", "2026-11-10", DS), ("c000", "replied", "2026-11-12", None)),
                      today=TODAY, rules=Etiquette())
    found = waiting_on_colleague(SCORED, progress, ORGS).row(0, named=True)
    assert (found["reason"], found["by"]) == ("waits: c000 at the same organisation replied for Data science", "c000")


@pytest.mark.parametrize(("emails", "url", "sources", "held"), [
    ([], None, ["alumni"], True),
    ([], "  ", ["google"], True),
    (["a@x.com"], None, ["alumni"], False),
    ([], "https://www.linkedin.com/in/a", ["alumni"], False),
    ([], None, ["linkedin"], False),  # most connection exports carry no email or URL: message them on LinkedIn
    ([], None, ["alumni", "linkedin"], False),
])
def test_unreachable_is_no_email_no_profile_url_and_no_linkedin_connection(emails, url, sources, held):
    """Only a contact with neither an email, a profile URL nor a LinkedIn connection is unreachable."""
    contacts = make_contacts({"full_name": "A B", "emails": emails, "linkedin_url": url, "sources": sources})
    assert unreachable(contacts)["contact_id"].to_list() == (["c000"] if held else [])


def test_held_view_lists_the_waiting_then_the_unreachable_with_why():
    """plan.md's list: the waiting (naming who replied), then the unreachable; the planned are left out."""
    contacts = pl.concat([CONTACTS, make_contacts(*[{}] * 3, {"full_name": "Di Eve", "company": "Initech", "sources": ["alumni"]}).tail(1)])
    progress = derive(events(("c000", "sent", "2026-11-10", DS), ("c000", "replied", "2026-11-12", None)),
                      today=TODAY, rules=Etiquette())
    view = held_view(unreachable(contacts), waiting_on_colleague(SCORED, progress, ORGS), contacts,
                     planned=pl.DataFrame({"contact_id": ["c002"]}))
    assert view.schema == pl.Schema(HELD_VIEW_DTYPES)
    assert view.rows() == [
        ("c001", "Bo Li", "ACME", "waiting",
         "Ana Lopez at the same organisation replied for Data science; ask here once that conversation has run its course"),
        ("c003", "Di Eve", "Initech", "unreachable", "no email or profile URL: import a file that has one to plan them"),
    ]


def test_someone_planned_under_another_target_is_not_held():
    """A colleague who waits for one target but is planned for another is in the plan, not the held list."""
    progress = derive(events(("c000", "sent", "2026-11-10", DS), ("c000", "replied", "2026-11-12", None)),
                      today=TODAY, rules=Etiquette())
    view = held_view(unreachable(CONTACTS), waiting_on_colleague(SCORED, progress, ORGS), CONTACTS,
                     planned=pl.DataFrame({"contact_id": ["c001"]}))
    assert view.is_empty()
