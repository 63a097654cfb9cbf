"""Tests for pipeline.ingest.dates: every date shape the exports carry, and class-year normalisation."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from pipeline.ingest.dates import parse_class_year, parse_dates


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("08 Jan 2024", date(2024, 1, 8)),  # LinkedIn since Nov 2018
        ("1/8/18, 6:14 PM", date(2018, 1, 8)),  # LinkedIn before Nov 2018
        ("11/17/17, 9:40 PM", date(2017, 11, 17)),
        ("16.09.2021", date(2021, 9, 16)),  # Danish/German Excel
        ("5-Jan-26", date(2026, 1, 5)),  # en-US Excel
        ("04-May-22", date(2022, 5, 4)),
        ("30-oct-09", date(2009, 10, 30)),  # Spanish Excel, lower-case months
        ("18-ago-20", date(2020, 8, 18)),
        ("01-dic-16", date(2016, 12, 1)),
        ("2014-05-15", date(2014, 5, 15)),
        ("2022-09-08 18:08:14 UTC", date(2022, 9, 8)),
        ("Feb 17, 1998", date(1998, 2, 17)),
        ("  22 Dec 2025 ", date(2025, 12, 22)),
        ("not a date", None),
        ("0/0/00", None),  # Outlook's empty date
        (None, None),
    ],
)
def test_parse_dates(text: str | None, expected: date | None):
    """Each shape parses to the same calendar date; junk becomes null."""
    assert parse_dates(pl.Series("d", [text], pl.String)).to_list() == [expected]


def test_slashed_dates_are_day_first_when_the_column_says_so():
    """A column with a first part above 12 is read D/M/Y throughout."""
    got = parse_dates(pl.Series("d", ["13/02/2020", "01/02/2020"])).to_list()
    assert got == [date(2020, 2, 13), date(2020, 2, 1)]


def test_slashed_dates_default_to_us_order():
    """LinkedIn writes M/D/YY, so an undecidable column is month first."""
    assert parse_dates(pl.Series("d", ["01/02/2020"])).to_list() == [date(2020, 1, 2)]


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("1996", 1996), ("'96", 1996), ("’96", 1996), ("'96 MA", 1996), ("'02 PhD", 2002), ("96", 1996),
        ("2014-05-15", 2014), ("Class of 2001", 2001), ("1996 MBA", 1996), ("20x9", None), ("", None),
        ("12345", None), ("1776", None), (None, None),
    ],
)
def test_parse_class_year(text: str | None, year: int | None):
    """Class years normalise to four digits; anything else is null."""
    got = parse_class_year(pl.Series("y", [text], pl.String), today=date(2026, 11, 25))
    assert got.dtype == pl.Int32 and got.to_list() == [year]


def test_two_digit_year_pivot_follows_today():
    """'30 is 2030 when that is at most six years ahead, else 1930."""
    assert parse_class_year(pl.Series(["'30", "'33"]), today=date(2026, 1, 1)).to_list() == [2030, 1933]
