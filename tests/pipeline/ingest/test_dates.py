"""Tests for pipeline.ingest.dates: every date shape the exports carry, and class-year normalisation."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from pipeline.ingest.dates import DateOrder, date_order, parse_class_year, parse_dates

TODAY = date(2026, 12, 2)


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


@pytest.mark.parametrize(
    ("field", "text", "expected"),
    [
        ("birth_date", "12/05/85", date(1985, 12, 5)),  # the issue: never 2085
        ("birth_date", "12/05/20", date(2020, 12, 5)),
        ("birth_date", "12/05/30", date(1930, 12, 5)),  # 2030 is in the future
        ("birth_date", "5-Nov-26", date(2026, 11, 5)),  # this year, already past
        ("birth_date", "5-Dec-26", date(1926, 12, 5)),  # this year, still ahead: a century back
        ("birth_date", "12/05/1985", date(1985, 12, 5)),  # four digits are taken as written
        ("connected_on", "1/8/18, 6:14 PM", date(2018, 1, 8)),  # LinkedIn: always 20YY
        ("connected_on", "12/05/30", date(2030, 12, 5)),
        ("connected_on", "5-Jan-26", date(2026, 1, 5)),
    ],
)
def test_two_digit_year_century_follows_the_field(field: str, text: str, expected: date):
    """A birth date is never in the future; a LinkedIn connected-on date is never before 2003 (so 20YY)."""
    assert parse_dates(pl.Series([text]), field=field, today=TODAY).to_list() == [expected]


def test_birth_dates_need_today():
    """The birth-date rule compares with today, which is a value passed in, never read from the clock."""
    with pytest.raises(TypeError, match="today"):
        parse_dates(pl.Series(["12/05/85"]), field="birth_date")


@pytest.mark.parametrize(
    ("values", "order"),
    [
        (["13/02/2020", "01/02/2020"], DateOrder(day_first=True)),
        (["02/13/2020", "01/02/2020"], DateOrder(day_first=False)),
        (["01/02/2020", "03/04/2021"], DateOrder(day_first=False, undecided="01/02/2020")),
        (["01/01/2020", "2020-05-17"], DateOrder(day_first=False)),  # equal parts or ISO: nothing in doubt
        (["13/02/2020", "14/02/2020", "02/15/2020"], DateOrder(day_first=True, conflicting="02/15/2020")),
    ],
)
def test_date_order_is_decided_by_unambiguous_values(values: list[str], order: DateOrder):
    """A part above 12 decides day-first or month-first; undecided and contradicting values are named."""
    assert date_order([pl.Series(values)]) == order


def test_date_order_reads_every_date_column_of_the_file_together():
    """A birthday column's 25/12/1990 decides the order for an undecidable second column."""
    order = date_order([pl.Series(["25/12/1990"]), pl.Series(["03/04/2021"])])
    assert parse_dates(pl.Series(["03/04/2021"]), order=order).to_list() == [date(2021, 4, 3)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("5th March 2021", date(2021, 3, 5)),  # shapes no format lists: dateutil
        ("Tuesday, 5 March 2021", date(2021, 3, 5)),
        ("2021.03.05", date(2021, 3, 5)),
        ("March 2021", None),  # incomplete dates are not completed with a made-up day
        ("Q3 2020", None),
        ("12", None),
    ],
)
def test_other_shapes_go_to_dateutil_and_only_complete_dates_count(text: str, expected: date | None):
    """dateutil reads what the vectorised formats do not; a date missing its day or month is null."""
    assert parse_dates(pl.Series([text])).to_list() == [expected]
