"""Survivorship: one row per contact, fields from the most recent and most complete record, nothing lost."""

from __future__ import annotations

import polars as pl
import pytest

from benchmarks.synth_people import records_from_rows
from pipeline.resolve.survive import CONTACT_EXTRA_DTYPES, provenance, shorter_form, survive
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


@pytest.mark.parametrize(("column", "older", "newer", "region", "kept"), [
    ("phones", "(415) 555-0101", "+1 415 555 0101", "US", ["+1 415 555 0101"]),
    ("phones", "020 7946 0958", "+44 (0) 20 7946 0958", "GB", ["+44 (0) 20 7946 0958"]),
    ("phones", "020 7946 0958", "+44 (0) 20 7946 0958", "US", ["+44 (0) 20 7946 0958", "020 7946 0958"]),
    ("emails", "jane.doe@pfizer.com", "JANE.DOE@PFIZER.COM", "US", ["JANE.DOE@PFIZER.COM"]),
])
def test_two_notations_of_one_value_are_kept_once(column, older, newer, region, kept):
    """One number in two notations (read in the user's phone_region), or one address in two cases, is kept once: the newest."""
    rows = [{"contact_id": "c", "import_seq": seq, column: [value], "first_name": "Jane"}
            for seq, value in ((1, older), (2, newer))]
    assert survive(records_from_rows(rows), phone_region=region)[column].to_list() == [kept]


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


def _person(*rows: dict) -> dict:
    """The one surviving contact of these records (oldest first; import_seq counts up)."""
    filled = [{"contact_id": "c", "import_seq": i, **row} for i, row in enumerate(rows, start=1)]
    return survive(records_from_rows(filled)).row(0, named=True)


NAME_CASES = [
    # (records oldest first, surviving (first, last))
    ([{"source_kind": "linkedin", "first_name": "Renée", "last_name": "Fay"},
      {"source_kind": "alumni", "first_name": "Renee", "last_name": "Fay"},
      {"source_kind": "google", "first_name": "Renee", "last_name": "Fey"}], ("Renee", "Fay")),
    ([{"source_kind": "linkedin", "first_name": "Robert", "last_name": "Smith"},
      {"source_kind": "alumni", "first_name": "R.", "last_name": "Smith"}], ("Robert", "Smith")),
    ([{"source_kind": "linkedin", "full_name": "Robert Smith"},
      {"source_kind": "google", "full_name": "R Smith"}], (None, None)),
    ([{"source_kind": "alumni", "first_name": "Robert", "last_name": "Smith"},
      {"source_kind": "linkedin", "first_name": "Bob", "last_name": "Smith"}], ("Bob", "Smith")),
    ([{"source_kind": "google", "first_name": "R", "last_name": "Smith"},
      {"source_kind": "google", "first_name": "R.", "last_name": "Smith"}], ("R.", "Smith")),
]


@pytest.mark.parametrize(("rows", "expected"), NAME_CASES)
def test_name_survivorship(rows, expected):
    """Names: a full name beats an initial, then the spelling most sources agree on, then the newest."""
    got = _person(*rows)
    assert (got["first_name"], got["last_name"]) == expected


def test_full_name_beats_an_initial_in_a_full_name_column():
    """ "R Smith" written whole never replaces "Robert Smith"."""
    got = _person({"source_kind": "linkedin", "full_name": "Robert Smith"}, {"source_kind": "google", "full_name": "R Smith"})
    assert got["full_name"] == "Robert Smith"


JOB_CASES = [
    # (records oldest first, surviving (title, company))
    ([{"source_kind": "linkedin", "title": "Senior Data Analyst", "company": "Acme"},
      {"source_kind": "google", "title": "Data Analyst", "company": "Acme"}], ("Senior Data Analyst", "Acme")),
    ([{"source_kind": "alumni", "title": "Lecturer in UX Research", "company": "University of Michigan School of Information"},
      {"source_kind": "google", "title": "Lecturer", "company": "UMSI"}],
     ("Lecturer in UX Research", "University of Michigan School of Information")),
    ([{"source_kind": "alumni", "title": "Analyst", "company": "Meta Platforms, Inc."},
      {"source_kind": "google", "title": "Analyst", "company": "Meta"}], ("Analyst", "Meta Platforms, Inc.")),
    ([{"source_kind": "alumni", "title": "Senior Data Analyst", "company": "Acme"},
      {"source_kind": "google", "title": "Data Analyst", "company": "Globex"}], ("Data Analyst", "Globex")),
    ([{"source_kind": "alumni", "title": "Analyst", "company": "Acme"},
      {"source_kind": "google", "title": "Senior Analyst", "company": "Acme"}], ("Senior Analyst", "Acme")),
    ([{"source_kind": "alumni", "title": "Senior Data Analyst", "company": "Acme"},
      {"source_kind": "linkedin", "title": "Data Analyst", "company": "Acme"}], ("Data Analyst", "Acme")),
    ([{"source_kind": "alumni", "title": "Data Analyst", "company": "Acme"},
      {"source_kind": "google", "title": "Product Manager", "company": "Acme"}], ("Product Manager", "Acme")),
]


@pytest.mark.parametrize(("rows", "expected"), JOB_CASES)
def test_job_survivorship(rows, expected):
    """Jobs: the newest, unless a shorter form of an older one at the same employer; LinkedIn's stands when newest."""
    got = _person(*rows)
    assert (got["title"], got["company"]) == expected


@pytest.mark.parametrize(("newer", "older", "shorter"), [
    ("Data Analyst", "Senior Data Analyst", True),
    ("Lecturer", "Lecturer in UX Research", True),
    ("UMSI", "University of Michigan School of Information", True),
    ("Meta", "Meta Platforms, Inc.", True),
    ("Sr Data Analyst", "Senior Data Analyst", False),
    ("Senior Data Analyst", "Data Analyst", False),
    ("Data Analyst", "Data Analyst", False),
    ("Product Manager", "Data Analyst", False),
    (None, "Analyst", True),
    ("Analyst", None, False),
])
def test_shorter_form(newer, older, shorter):
    """A prefix, an abbreviation or a shorter form says less; a different or longer value does not."""
    assert shorter_form(newer, older) is shorter


def test_every_surviving_field_names_its_source_record():
    """provenance() gives, per field, the record whose value survived; emails and phones are unioned, not traced."""
    rows = [{"contact_id": "c", "import_seq": 1, "source_kind": "alumni", "first_name": "Robert", "last_name": "Smith",
             "title": "Senior Data Analyst", "company": "Acme", "school": "State University"},
            {"contact_id": "c", "import_seq": 2, "source_kind": "google", "first_name": "R.", "last_name": "Smith",
             "title": "Data Analyst", "company": "Acme", "city": "Boston"}]
    traced = {r["field"]: r["record_id"] for r in provenance(records_from_rows(rows)).to_dicts()}
    assert traced == {"first_name": "r0001", "last_name": "r0001", "title": "r0001", "company": "r0001",
                      "school": "r0001", "city": "r0002"}
