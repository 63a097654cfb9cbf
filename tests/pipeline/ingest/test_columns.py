"""Tests for pipeline.ingest.columns: the alias table, kind detection, content classification, names and extras."""

from __future__ import annotations

import json

import polars as pl
import pytest

from pipeline.ingest.columns import (
    ALIASES,
    alias_target,
    detect_kind,
    map_columns,
    split_full_names,
)
from schemas.fields import CANONICAL_FIELDS


def _map(headers: list[str], rows: list[list[str | None]], kind: str = "contacts", user_map=None):
    frame = pl.DataFrame({f"c{i}": [r[i] for r in rows] for i in range(len(headers))},
                         schema={f"c{i}": pl.String for i in range(len(headers))})
    return map_columns(frame, headers, kind, user_map)


def test_alias_table_is_data_over_known_targets():
    """ALIASES maps only to canonical fields or the email/phone/url slots."""
    assert set(ALIASES) <= {*CANONICAL_FIELDS, "email", "phone", "url"}


@pytest.mark.parametrize(
    ("header", "kind", "target"),
    [
        ("First Name", None, "first_name"),
        ("FirstName", None, "first_name"),
        ("CnBio_First_Name", None, "first_name"),
        ("CnBio_Last_Name", None, "last_name"),
        ("CnPrBs_Org_Name", None, "company"),
        ("CnPrBs_Position", None, "title"),
        ("CnRelEdu_1_01_Class_of", None, "class_year"),
        ("CL YR", None, "class_year"),
        ("Preferred Class Year", None, "class_year"),
        ("Class Year", None, "class_year"),
        ("Employer", None, "company"),
        ("Job Title", None, "title"),
        ("Position", "linkedin", "title"),
        ("Connected on", None, "connected_on"),
        ("ConnectedOn", None, "connected_on"),
        ("npe01__WorkEmail__c", None, "email"),
        ("E-mail 1 - Value", "google", "email"),
        ("E-mail 3 Address", "outlook", "email"),
        ("Phone 2 - Value", "google", "phone"),
        ("CnPh_1_03_Phone_number", "alumni", "phone"),
        ("Organization 1 - Title", "google", "title"),
        ("Website 1 - Value", "google", "url"),
        ("LinkedIn_URL__c", None, "linkedin_url"),
        ("Title", "outlook", None),  # an honorific there
        ("Title", "contacts", "title"),  # Salesforce's Title is the job title
        ("CnBio_Title_1", "alumni", None),
        ("Name", None, "full_name"),
        ("Favourite Colour", None, None),
        # Excel files from French, Spanish and German offices.
        ("Téléphone", None, "phone"),
        ("Date de naissance", None, "birth_date"),
        ("Fecha de nacimiento", None, "birth_date"),
        ("Geburtsdatum", None, "birth_date"),
        ("Courriel", None, "email"),
    ],
)
def test_alias_targets(header: str, kind: str | None, target: str | None):
    """Headers map to their canonical field by name (case, spacing and punctuation ignored)."""
    assert alias_target(header, kind) == target


@pytest.mark.parametrize(
    ("headers", "kind"),
    [
        (["First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"], "linkedin"),
        (["Company", "Position", "Connected On"], "linkedin"),
        (["First Name", "Last Name", "Company", "Position"], "linkedin"),
        (["First Name", "Middle Name", "Last Name", "Labels", "E-mail 1 - Label", "E-mail 1 - Value"], "google"),
        (["Name", "Given Name", "Family Name", "Group Membership", "E-mail 1 - Value"], "google"),
        (["Title", "First Name", "Last Name", "Suffix", "Company", "Job Title", "E-mail Address"], "outlook"),
        (["CnBio_ID", "CnBio_First_Name", "CnBio_Last_Name"], "alumni"),
        (["FirstName", "LastName", "npe01__WorkEmail__c"], "alumni"),
        (["Full Name", "Email", "CL YR"], "alumni"),
        (["Name", "Email", "Phone"], "contacts"),
    ],
)
def test_detect_kind(headers: list[str], kind: str):
    """detect_kind names the export a header row comes from."""
    assert detect_kind(headers) == kind


def test_email_in_a_phone_slot_goes_to_emails():
    """Raiser's Edge keeps addresses and profile URLs in phone slots: values are routed by content."""
    mapped = _map(["Name", "CnPh_1_01_Phone_number", "CnPh_1_02_Phone_number", "CnPh_1_03_Phone_number"],
                  [["Ada Lovelace", "ada@example.com", "https://www.linkedin.com/in/ada", "+44 20 7946 0000"]], "alumni")
    row = mapped.frame.row(0, named=True)
    assert (row["emails"], row["linkedin_url"], row["phones"]) == (["ada@example.com"], "https://www.linkedin.com/in/ada", ["+44 20 7946 0000"])


def test_linkedin_column_is_found_whatever_its_header():
    """A column of linkedin.com/in/ values is linkedin_url even under an unknown header."""
    mapped = _map(["Name", "Social"], [["A B", "https://www.linkedin.com/in/ab"], ["C D", "https://linkedin.com/in/cd"]])
    assert mapped.frame["linkedin_url"].to_list() == ["https://www.linkedin.com/in/ab", "https://linkedin.com/in/cd"]


def test_preferred_email_picklist_is_kept_in_extras():
    """npe01__Preferred_Email__c holds `Work`/`Personal`, not addresses: it lands in extras, no warnings."""
    mapped = _map(["FirstName", "npe01__Preferred_Email__c"], [["Ada", "Work"], ["Bob", "Personal"]], "alumni")
    assert mapped.frame["emails"].to_list() == [[], []]
    assert json.loads(mapped.frame["extras"][0]) == {"npe01__Preferred_Email__c": "Work"}
    assert mapped.warnings.height == 0


def test_malformed_email_is_a_warning_and_dropped():
    """`omar@` and `urn:li:member:1` in an email column are dropped with a warning each."""
    mapped = _map(["Name", "Email"], [["Omar H", "omar@"], ["Li M", "urn:li:member:1"], ["Ok K", "ok@example.com"]])
    assert mapped.frame["emails"].to_list() == [[], [], ["ok@example.com"]]
    assert mapped.warnings.select("row", "column", "value").rows() == [(0, "Email", "omar@"), (1, "Email", "urn:li:member:1")]


def test_multi_values_split_on_google_separator():
    """` ::: ` separates several values in one Google cell."""
    mapped = _map(["Name", "E-mail 1 - Value"], [["A B", "a@example.com ::: b@example.org"]], "google")
    assert mapped.frame["emails"].to_list() == [["a@example.com", "b@example.org"]]


def test_honorific_title_column_goes_to_extras():
    """A `Title` column of Mr/Ms/Dr is an honorific, not a job title, in any kind of file."""
    mapped = _map(["Title", "First Name"], [["Mr.", "A"], ["Dr", "B"], ["Ms", "C"]])
    assert mapped.frame["title"].to_list() == [None, None, None]
    assert json.loads(mapped.frame["extras"][1]) == {"Title": "Dr"}


def test_user_map_wins_over_aliases():
    """A user mapping overrides the alias table, and `ignore` drops the column."""
    mapped = _map(["Company", "Secret", "Org"], [["Acme", "x", "Spotify"]], user_map={"Company": "notes", "Secret": "ignore", "Org": "company"})
    row = mapped.frame.row(0, named=True)
    assert (row["notes"], row["company"], row["extras"]) == ("Acme", "Spotify", "{}")


def test_unmapped_columns_are_kept_in_extras_by_header():
    """Columns that map to nothing are kept in extras, keyed by their original header; nulls left out."""
    mapped = _map(["Name", "Hobby", "Shoe \"Size\""], [["A B", "chess", "42"], ["C D", None, None]])
    assert [json.loads(e) for e in mapped.frame["extras"]] == [{"Hobby": "chess", 'Shoe "Size"': "42"}, {}]


@pytest.mark.parametrize(
    ("full", "first", "middle", "last"),
    [
        ("Ada Lovelace", "Ada", None, "Lovelace"),
        ("Ada King Lovelace", "Ada", "King", "Lovelace"),
        ("Lovelace, Ada", "Ada", None, "Lovelace"),
        ("Patel, Priya K.", "Priya", "K.", "Patel"),
        ("Jane Doe, PhD", "Jane", None, "Doe"),
        ("Cher", "Cher", None, None),
        ("  Ada   Lovelace ", "Ada", None, "Lovelace"),
    ],
)
def test_full_name_is_split(full: str, first: str, middle: str | None, last: str | None):
    """A full-name-only column fills first/middle/last (`Last, First` understood)."""
    frame = pl.DataFrame({"first_name": [None], "middle_name": [None], "last_name": [None], "full_name": [full]},
                         schema=dict.fromkeys(["first_name", "middle_name", "last_name", "full_name"], pl.String))
    assert split_full_names(frame).select("first_name", "middle_name", "last_name").row(0) == (first, middle, last)


def test_name_parts_present_are_not_overwritten():
    """Rows that already have first or last names keep them."""
    frame = pl.DataFrame({"first_name": ["Bob"], "middle_name": [None], "last_name": [None], "full_name": ["Robert Smith"]})
    assert split_full_names(frame).row(0) == ("Bob", None, None, "Robert Smith")
