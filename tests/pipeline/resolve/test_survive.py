"""Survivorship: one row per contact, fields from the most recent and most complete record, nothing lost."""

from __future__ import annotations

import polars as pl

from benchmarks.synth_people import records_from_rows
from pipeline.resolve.survive import CONTACT_EXTRA_DTYPES, survive
from schemas.fields import CANONICAL_DTYPES

ROWS = [
    {"contact_id": "c1", "import_seq": 1, "source_kind": "alumni", "source_line": 7, "first_name": "Robert",
     "middle_name": "J", "last_name": "Smith", "company": "Acme", "title": "Analyst", "emails": ["r@acme.com"],
     "phones": ["+14155550101"], "school": "State University", "city": "Boston"},
    {"contact_id": "c1", "import_seq": 2, "source_kind": "linkedin", "source_line": 3, "first_name": "Bob",
     "last_name": "Smith", "company": "Acme Inc.", "title": "VP Sales", "emails": ["bob@gmail.com", "r@acme.com"]},
    {"contact_id": "c2", "import_seq": 1, "source_kind": "google", "source_line": 4, "full_name": "Alice Smith",
     "emails": []},
]


def contact(contact_id: str) -> dict:
    return survive(records_from_rows(ROWS)).filter(pl.col("contact_id") == contact_id).row(0, named=True)


def test_one_row_per_contact_with_the_declared_columns():
    """Each contact_id appears once, with canonical fields, sources, record_count and first_seen_line."""
    contacts = survive(records_from_rows(ROWS))
    assert contacts["contact_id"].to_list() == ["c1", "c2"]
    assert contacts.schema == pl.Schema({"contact_id": pl.String, **CANONICAL_DTYPES, **CONTACT_EXTRA_DTYPES})


def test_the_most_recent_import_wins():
    """The job comes from the later LinkedIn import, not the older alumni list."""
    got = contact("c1")
    assert (got["company"], got["title"]) == ("Acme Inc.", "VP Sales")


def test_name_fields_come_from_one_record():
    """First, middle and last name are never mixed across records."""
    got = contact("c1")
    assert (got["first_name"], got["middle_name"], got["last_name"]) == ("Bob", None, "Smith")


def test_a_field_only_one_record_has_survives():
    """School and city come from the older record when the newer has none."""
    got = contact("c1")
    assert (got["school"], got["city"]) == ("State University", "Boston")


def test_all_emails_and_phones_are_kept_most_recent_first():
    """Emails and phones are unioned without duplicates, newest record first."""
    got = contact("c1")
    assert got["emails"] == ["bob@gmail.com", "r@acme.com"]
    assert got["phones"] == ["+14155550101"]


def test_sources_count_and_first_seen_line():
    """Sources list every kind, record_count counts records, first_seen_line points at the earliest."""
    got = contact("c1")
    assert got["sources"] == ["alumni", "linkedin"] and got["record_count"] == 2
    assert got["first_seen_line"] == "test.csv:7"


def test_the_most_complete_value_wins_within_one_import():
    """Between two records of one import, the one filling more of the group wins."""
    rows = [{"contact_id": "c", "city": "Boston"}, {"contact_id": "c", "city": "Boston", "region": "MA",
                                                    "postal_code": "02115"}]
    got = survive(records_from_rows(rows)).row(0, named=True)
    assert (got["city"], got["region"], got["postal_code"]) == ("Boston", "MA", "02115")


def test_no_records_no_contacts():
    """An empty frame gives an empty, typed contacts frame."""
    contacts = survive(records_from_rows([]))
    assert contacts.height == 0 and "sources" in contacts.columns
