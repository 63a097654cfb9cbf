"""Tests for schemas.raw: the per-kind models of mapped columns fail on frames that could identify nobody or have wrong types."""

from __future__ import annotations

import pandera.polars as pa
import polars as pl
import pytest

from schemas.raw import IDENTIFYING, RAW_MODELS


def _mapped(**columns) -> pl.DataFrame:
    """A mapped frame of one row: the given canonical columns (strings unless a list is given) and extras."""
    data = {name: [value] for name, value in columns.items()}
    return pl.DataFrame({**data, "extras": ["{}"]})


def _failed_checks(kind: str, frame: pl.DataFrame) -> set[str]:
    try:
        RAW_MODELS[kind].validate(frame, lazy=True)
    except pa.errors.SchemaErrors as err:
        return set(err.failure_cases["check"].to_list())
    return set()


@pytest.mark.parametrize("kind", sorted(RAW_MODELS))
def test_a_name_column_passes_every_kind(kind: str):
    """Mapped first and last names (and a company) pass every kind's model."""
    assert _failed_checks(kind, _mapped(first_name="Ada", last_name="Lovelace", company="Analytical")) == set()


@pytest.mark.parametrize("kind", sorted(RAW_MODELS))
def test_no_identifying_column_fails_every_kind(kind: str):
    """Company, title and a date alone identify nobody: the identifying check fails."""
    frame = _mapped(company="TalentQuest", title="Recruiter", connected_on="23-Nov-21")
    assert _failed_checks(kind, frame) == {IDENTIFYING}


@pytest.mark.parametrize(
    ("kind", "passes"),
    [("linkedin", True), ("contacts", True), ("alumni", False), ("google", False), ("outlook", False), ("vcard", False)],
)
def test_a_profile_url_alone_identifies_only_where_the_kind_says(kind: str, passes: bool):
    """A LinkedIn URL column alone identifies in LinkedIn and generic lists, not in address books or alumni files."""
    assert (_failed_checks(kind, _mapped(linkedin_url="https://www.linkedin.com/in/ada")) == set()) is passes


def test_an_email_list_identifies():
    """An emails column (a list of strings) is enough."""
    assert _failed_checks("alumni", _mapped(emails=["ada@example.com"])) == set()


@pytest.mark.parametrize(
    ("column", "value"),
    [("first_name", 1), ("class_year", 1996), ("emails", "ada@example.com"), ("connected_on", 20240108)],
)
def test_a_cast_or_wrong_typed_column_fails(column: str, value):
    """Canonical columns are strings (emails and phones lists) until the cast: anything else is a dtype failure."""
    frame = _mapped(full_name="Ada Lovelace", **{column: value})
    checks = _failed_checks("linkedin", frame)
    assert any(c.startswith("dtype(") for c in checks), checks


def test_an_unmapped_raw_column_fails():
    """Raw c0..cN columns never reach the model: strict refuses a column the mapping does not produce."""
    assert "column_in_schema" in _failed_checks("linkedin", _mapped(full_name="Ada", c0="x"))


def test_extras_is_required():
    """Every mapped frame carries extras (the columns no field took), even when empty."""
    frame = _mapped(full_name="Ada").drop("extras")
    assert _failed_checks("linkedin", frame) == {"column_in_dataframe"}


def test_empty_frame_with_a_name_column_passes():
    """A header-only file's mapped frame (zero rows) passes when a name column is there."""
    frame = pl.DataFrame(schema={"full_name": pl.String, "extras": pl.String})
    assert RAW_MODELS["alumni"].validate(frame).height == 0
