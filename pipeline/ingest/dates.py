"""Parse the date and class-year shapes contact exports carry, by field and per file, over whole polars columns."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache

import polars as pl

log = logging.getLogger(__name__)

# Excel re-saves in other locales write month names in the user's language (lower case in es).
# Only the abbreviations that differ from English need a rewrite; `%b` already ignores case.
FOREIGN_MONTHS: dict[str, str] = {
    "ene": "Jan", "enero": "Jan", "abr": "Apr", "abril": "Apr", "ago": "Aug", "agosto": "Aug",
    "dic": "Dec", "diciembre": "Dec", "sept": "Sep", "set": "Sep",
    "mär": "Mar", "mrz": "Mar", "mai": "May", "okt": "Oct", "dez": "Dec",
    "janv": "Jan", "févr": "Feb", "fevr": "Feb", "avr": "Apr", "juil": "Jul", "août": "Aug", "déc": "Dec",
}

# The shapes seen in real exports, parsed vectorised by polars; whatever is left (a few distinct
# values at most) goes to dateutil. Two-digit years were already widened, so every pattern uses %Y.
DATE_FORMATS: tuple[str, ...] = (
    "%d %b %Y",  # LinkedIn since Nov 2018: 08 Jan 2024
    "%d-%b-%Y",  # Excel en-US / es re-save: 5-Jan-26, 30-oct-09
    "%Y-%m-%d",  # ISO
    "%d.%m.%Y",  # Excel da/de re-save: 16.09.2021 (dots are always day first)
    "%b %d, %Y",  # Profile.csv birth dates: Feb 17, 1998
    "%d %B %Y",
    "%B %d, %Y",
    "%Y/%m/%d",
    "%Y%m%d",  # compact ISO, common in registry and alumni extracts: 19081209
)


@dataclass(frozen=True)
class Century:
    """Where a two-digit year of one field lands: the century that keeps the date inside its bounds."""

    not_after_today: bool = False  # a birth date is never in the future


# The rule per field, as data: a field not listed reads 20YY, as LinkedIn's connected-on dates
# must (LinkedIn started in 2003: 19YY is never right there).
CENTURIES: dict[str, Century] = {
    "connected_on": Century(),
    "birth_date": Century(not_after_today=True),
}

# Outlook writes `0/0/00` for "no date": that is an empty value, not a malformed one.
NO_DATE = r"^\s*0{1,4}[-/.]0{1,2}[-/.]0{1,4}\s*$"
_TIME_TAIL = r"(?i)(,?\s+|T)\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?\s*([ap]\.?m\.?)?(\s*(UTC|Z|[+-]\d{2}:?\d{2}))?\s*$"
_TWO_DIGIT = r"^(\d{1,2}|[A-Za-z]{3,9})([-./ ])([A-Za-z]{3,9}|\d{1,2})([-./ ])(\d{2})$"
_NUMERIC = r"^(\d{1,2})[-/](\d{1,2})[-/](\d{2}|\d{4})$"  # D/M/Y or M/D/Y: the file decides


@dataclass(frozen=True)
class DateOrder:
    """How a file writes numeric dates: day first or month first, and an example when nothing decided it."""

    day_first: bool
    undecided: str | None = None  # an ambiguous value, when no value in the file decides
    conflicting: str | None = None  # a value that contradicts the order chosen


def date_order(columns: Sequence[pl.Series], *, default_day_first: bool = False) -> DateOrder:
    """Decide D/M/Y or M/D/Y from a file's unambiguous numeric dates (a part above 12 decides)."""
    texts = [c.drop_nulls().unique() for c in columns if c.len()]
    if not texts:
        return DateOrder(default_day_first)
    text = pl.concat(texts).str.strip_chars().str.replace(_TIME_TAIL, "")
    parts = text.str.extract_groups(_NUMERIC)
    first = parts.struct.field("1").cast(pl.Int32, strict=False)
    second = parts.struct.field("2").cast(pl.Int32, strict=False)
    day_first_votes = text.filter((first > 12) & (second <= 12))
    month_first_votes = text.filter((second > 12) & (first <= 12))
    if day_first_votes.len() and month_first_votes.len():
        day_first = day_first_votes.len() > month_first_votes.len()
        losing = month_first_votes if day_first else day_first_votes
        return DateOrder(day_first, conflicting=losing.sort()[0])
    if day_first_votes.len() or month_first_votes.len():
        return DateOrder(bool(day_first_votes.len()))
    ambiguous = text.filter((first <= 12) & (second <= 12) & (first != second)).sort()
    return DateOrder(default_day_first, undecided=ambiguous[0] if ambiguous.len() else None)


def clean_date_text(values: pl.Expr) -> pl.Expr:
    """Trim, drop a time of day, translate foreign month words and widen two-digit years to 20YY."""
    text = values.str.strip_chars().str.replace(_TIME_TAIL, "").str.replace(NO_DATE, "")
    for word, english in FOREIGN_MONTHS.items():
        text = text.str.replace_all(rf"(?i)\b{word}\.?(\b|$)", english)
    # The field's century rule moves 20YY back a century where it must (see CENTURIES).
    return text.str.replace(_TWO_DIGIT, "${1}${2}${3}${4}20${5}")


def parse_dates(
    values: pl.Series, *, field: str = "", today: date | None = None, order: DateOrder | None = None
) -> pl.Series:
    """Parse a string column of dates in any shape we know, by the field's century rule; junk becomes null."""
    order = order or date_order([values])
    century = CENTURIES.get(field, Century())
    if century.not_after_today and today is None:
        raise TypeError(f"parse_dates(field={field!r}) needs today= for its century rule")
    return _per_unique(values, lambda distinct: _parse_unique_dates(distinct, order, century, today), pl.Date)


def _per_unique(values: pl.Series, parse, dtype: pl.DataType) -> pl.Series:
    # A column of a million dates holds a few thousand distinct strings: parse each once.
    distinct = values.drop_nulls().unique()
    if distinct.len() == 0:
        return pl.Series(values.name, [None] * values.len(), dtype)
    return values.replace_strict(distinct, parse(distinct), default=None, return_dtype=dtype).alias(values.name)


def _parse_unique_dates(values: pl.Series, order: DateOrder, century: Century, today: date | None) -> pl.Series:
    text = pl.select(clean_date_text(pl.lit(values, dtype=pl.String))).to_series()
    numeric = "%d/%m/%Y" if order.day_first else "%m/%d/%Y"
    slashed = text.str.replace_all("-", "/").str.replace(r"^(\d{1,2}/\d{1,2}/)(\d{2})$", "${1}20${2}")
    parsed = [text.str.strptime(pl.Date, fmt, strict=False) for fmt in DATE_FORMATS]
    parsed.append(slashed.str.strptime(pl.Date, numeric, strict=False))
    dates = pl.select(pl.coalesce(parsed)).to_series()
    left = dates.is_null() & text.str.contains(r"\d") & ~text.str.contains(r"^\s*$")
    if left.any():
        fallback = [_dateutil(v, order.day_first) for v in text.filter(left).to_list()]
        dates = dates.scatter(left.arg_true(), pl.Series(fallback, dtype=pl.Date))
    two_digit = values.str.strip_chars().str.replace(_TIME_TAIL, "").str.contains(r"(^|\D)\d{2}$") & ~values.str.contains(
        r"\d{4}"
    )
    dates = pl.select(_apply_century(pl.lit(dates), pl.lit(two_digit), century, today)).to_series()
    return dates.alias(values.name)


def _apply_century(dates: pl.Expr, two_digit: pl.Expr, century: Century, today: date | None) -> pl.Expr:
    # A two-digit year was read as 20YY. A field whose dates cannot lie ahead takes the century
    # before when 20YY would be in the future; LinkedIn dates (earliest 2003) always stay 20YY.
    if century.not_after_today and today is not None:
        return pl.when(two_digit & (dates > pl.lit(today))).then(dates.dt.offset_by("-100y")).otherwise(dates)
    return dates


def _dateutil(value: str, day_first: bool) -> date | None:
    # A shape none of the formats knows: dateutil reads it, but only a complete date counts. Parsing
    # with two different defaults shows whether day, month or year came from the default.
    from dateutil import parser

    info = _twenty_yy()
    try:
        one = parser.parse(value, parserinfo=info, dayfirst=day_first, default=datetime(1904, 1, 1))
        two = parser.parse(value, parserinfo=info, dayfirst=day_first, default=datetime(1908, 2, 2))
    except (ValueError, OverflowError):
        return None
    return one.date() if one.date() == two.date() else None


@cache
def _twenty_yy():
    from dateutil import parser

    class TwentyYY(parser.parserinfo):
        """Two-digit years read 20YY, as the formats do (not by the clock); the field's rule adjusts them."""

        def convertyear(self, year: int, century_specified: bool = False) -> int:
            return year + 2000 if year < 100 and not century_specified else year

    return TwentyYY()


def parse_class_year(values: pl.Series, *, today: date) -> pl.Series:
    """Class years from `1996`, `'96`, `'96 MA`, `Class of 1996`, `2014-05-15`; anything else is null."""
    this_year = today.year
    return _per_unique(values, lambda distinct: _parse_unique_years(distinct, this_year), pl.Int32)


def _parse_unique_years(values: pl.Series, this_year: int) -> pl.Series:
    text = values.str.strip_chars()
    four = text.str.extract(r"(?:^|\D)((?:19|20)\d{2})(?:\D|$)", 1).cast(pl.Int32, strict=False)
    # A two-digit year belongs to this century unless that would put it more than 6 years ahead.
    two = text.str.extract(r"^(?:class of\s*)?[‘’'`]?(\d{2})(?:\s+[A-Za-z.]+)?$", 1).cast(pl.Int32, strict=False)
    pivot = (this_year + 6) % 100
    widened = pl.select(
        pl.when(pl.lit(two) <= pivot).then(pl.lit(two) + 2000).otherwise(pl.lit(two) + 1900)
    ).to_series()
    only_digits_or_year = text.str.contains(r"^\D*(?:19|20)\d{2}(?:[-/.]\d{1,2}[-/.]\d{1,2})?(?:\s+[A-Za-z.]+)?\D*$")
    year = pl.select(
        pl.when(pl.lit(four).is_not_null() & pl.lit(only_digits_or_year)).then(pl.lit(four)).otherwise(pl.lit(widened))
    ).to_series()
    in_range = (year >= 1900) & (year <= this_year + 10)
    return pl.select(pl.when(pl.lit(in_range)).then(pl.lit(year))).to_series().cast(pl.Int32).alias(values.name)
