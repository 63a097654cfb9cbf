"""Parse the date and class-year shapes contact exports carry, vectorised over whole polars columns."""

from __future__ import annotations

import logging
from datetime import date

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

# Tried in order on the cleaned text; the first that parses wins. Two-digit years were
# already widened to four digits, so every pattern uses %Y.
DATE_FORMATS: tuple[str, ...] = (
    "%d %b %Y",  # LinkedIn since Nov 2018: 08 Jan 2024
    "%d-%b-%Y",  # Excel en-US / es re-save: 5-Jan-26, 30-oct-09
    "%Y-%m-%d",  # ISO
    "%d.%m.%Y",  # Excel da/de re-save: 16.09.2021
    "%b %d, %Y",  # Profile.csv birth dates: Feb 17, 1998
    "%d %B %Y",
    "%B %d, %Y",
    "%Y/%m/%d",
    "%d-%m-%Y",
    "%Y%m%d",  # compact ISO, common in registry and alumni extracts: 19081209
)

# Outlook writes `0/0/00` for "no date": that is an empty value, not a malformed one.
NO_DATE = r"^\s*0{1,4}[-/.]0{1,2}[-/.]0{1,4}\s*$"
_TIME_TAIL = r"(?i)(,?\s+|T)\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?\s*([ap]\.?m\.?)?(\s*(UTC|Z|[+-]\d{2}:?\d{2}))?\s*$"
_SLASHED = r"^(\d{1,2})/(\d{1,2})/(\d{4})$"


def clean_date_text(values: pl.Expr) -> pl.Expr:
    """Trim, drop a time of day, translate foreign month words and widen two-digit years."""
    text = values.str.strip_chars().str.replace(_TIME_TAIL, "").str.replace(NO_DATE, "")
    for word, english in FOREIGN_MONTHS.items():
        text = text.str.replace_all(rf"(?i)\b{word}\.?(\b|$)", english)
    # LinkedIn started in 2003, so a two-digit year in its exports is always 20YY.
    return text.str.replace(r"^(\d{1,2}|[A-Za-z]{3,9})([-./ ])([A-Za-z]{3,9}|\d{1,2})([-./ ])(\d{2})$", "${1}${2}${3}${4}20${5}")


def parse_dates(values: pl.Series) -> pl.Series:
    """Parse a string column of dates in any shape we know; unparseable values become null."""
    return _per_unique(values, _parse_unique_dates, pl.Date)


def _per_unique(values: pl.Series, parse, dtype: pl.DataType) -> pl.Series:
    # A column of a million dates holds a few thousand distinct strings: parse each once.
    distinct = values.drop_nulls().unique()
    if distinct.len() == 0:
        return pl.Series(values.name, [None] * values.len(), dtype)
    return values.replace_strict(distinct, parse(distinct), default=None, return_dtype=dtype).alias(values.name)


def _parse_unique_dates(values: pl.Series) -> pl.Series:
    text = pl.select(clean_date_text(pl.lit(values, dtype=pl.String))).to_series()
    day_first = _slashes_are_day_first(text)
    slashed = "%d/%m/%Y" if day_first else "%m/%d/%Y"
    parsed = [text.str.strptime(pl.Date, fmt, strict=False) for fmt in (*DATE_FORMATS, slashed)]
    return pl.select(pl.coalesce(parsed)).to_series().alias(values.name)


def _slashes_are_day_first(text: pl.Series) -> bool:
    # LinkedIn writes M/D/YY everywhere, but a user's Excel may write D/M/Y: decide per column.
    parts = text.str.extract_groups(_SLASHED)
    first = parts.struct.field("1").cast(pl.Int32, strict=False)
    second = parts.struct.field("2").cast(pl.Int32, strict=False)
    return bool((first > 12).any()) and not bool((second > 12).any())


def parse_class_year(values: pl.Series, *, today: date | None = None) -> pl.Series:
    """Class years from `1996`, `'96`, `'96 MA`, `Class of 1996`, `2014-05-15`; anything else is null."""
    this_year = (today or date.today()).year
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
