"""Tests for pipeline.ingest.validate: every row is accepted, rejected with a reason, or empty; bad values warn."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import polars as pl
import pytest

from pipeline.ingest.read import LoadedFile, load_file
from schemas.fields import RECORD_DTYPES
from tests.paths import FIXTURES, REPO

SAMPLE = REPO / "data" / "sample"
SOURCES = FIXTURES / "sources"


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "in.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_loaded_file_rows_adds_up():
    """rows is accepted + rejected + empty."""
    loaded = load_file(SAMPLE / "alumni.csv")
    assert isinstance(loaded, LoadedFile)
    assert loaded.rows == loaded.accepted.height + loaded.rejected.height + loaded.empty == 107


def test_sample_alumni_reject_and_warnings():
    """The sample's nameless row is rejected at line 107; `omar@` and `20x9` keep their row as warnings."""
    loaded = load_file(SAMPLE / "alumni.csv", display_name="alumni.csv")
    assert loaded.rejected.select("source_file", "source_line").rows() == [("alumni.csv", 107)]
    assert loaded.rejected["reason"][0].startswith("identifies nobody")
    assert set(loaded.warnings["value"]) >= {"omar@", "20x9"}
    assert loaded.warnings["source_line"].unique().to_list() == [108]
    omar = loaded.accepted.filter(pl.col("source_line") == 108).row(0, named=True)
    assert (omar["first_name"], omar["emails"], omar["class_year"]) == ("Omar", [], None)


def test_sample_connections_date_only_rows_are_empty():
    """LinkedIn's date-only rows (hidden profiles) count as empty, not rejected."""
    loaded = load_file(SAMPLE / "Connections.csv")
    assert (loaded.kind, loaded.empty, loaded.rejected.height) == ("linkedin", 4, 0)


def test_accepted_has_exactly_record_dtypes():
    """accepted carries exactly RECORD_DTYPES, in order."""
    assert dict(load_file(SAMPLE / "Connections.csv").accepted.schema) == RECORD_DTYPES


@pytest.mark.parametrize(
    ("row", "bucket"),
    [
        ("Ada,Lovelace,,", "accepted"),
        (",,ada@example.com,", "accepted"),
        (",,,https://www.linkedin.com/in/ada", "accepted"),
        (",,,", "empty"),
        ("  ,  ,  ,  ", "empty"),
        (",,not-an-email,", "rejected"),
        (",,,https://example.com/ada", "rejected"),
    ],
)
def test_each_row_lands_in_one_bucket(tmp_path: Path, row: str, bucket: str):
    """A row is accepted when it names someone, empty when blank, otherwise rejected."""
    loaded = load_file(_write(tmp_path, f"First Name,Last Name,Email,Website\n{row}\n"))
    counts = {"accepted": loaded.accepted.height, "rejected": loaded.rejected.height, "empty": loaded.empty}
    assert counts == {k: int(k == bucket) for k in counts}


def test_reject_carries_file_line_column_value_reason(tmp_path: Path):
    """A rejected row says where it was, what it held and why."""
    loaded = load_file(_write(tmp_path, "First Name,Company\nAda,Acme\n,Lonely Corp\n"), display_name="in.csv")
    assert loaded.rejected.rows(named=True) == [{
        "source_file": "in.csv", "source_line": 3, "column": "first_name/last_name/emails/linkedin_url",
        "value": "Lonely Corp", "reason": "identifies nobody: no name, no email and no LinkedIn profile URL",
    }]


def test_bad_linkedin_url_is_a_warning(tmp_path: Path):
    """A non-profile value in a LinkedIn URL column is blanked and warned about; the row stays."""
    loaded = load_file(_write(tmp_path, "First Name,LinkedIn URL\nAda,https://example.com/ada\n"))
    assert loaded.accepted["linkedin_url"].to_list() == [None]
    assert loaded.warnings.select("source_line", "column", "value").rows() == [(2, "LinkedIn URL", "https://example.com/ada")]


def test_unreadable_date_is_a_warning(tmp_path: Path):
    """A date that no format reads is dropped with a warning naming the header."""
    loaded = load_file(_write(tmp_path, "First Name,Connected On\nAda,someday\n"))
    assert loaded.accepted["connected_on"].to_list() == [None]
    assert loaded.warnings.select("column", "value").rows() == [("Connected On", "someday")]


def test_outlook_empty_date_is_silent(tmp_path: Path):
    """Outlook's `0/0/00` means no date: null, and no warning."""
    loaded = load_file(_write(tmp_path, "First Name,Birthday\nAda,0/0/00\n"))
    assert (loaded.accepted["birth_date"].to_list(), loaded.warnings.height) == ([None], 0)


def test_warnings_and_rejects_share_the_issue_columns():
    """rejected and warnings have the columns the store expects."""
    loaded = load_file(SOURCES / "alumni_generic.csv")
    cols = ["source_file", "source_line", "column", "value", "reason"]
    assert loaded.rejected.columns == cols and loaded.warnings.columns == cols
    assert loaded.rejected["source_line"].dtype == pl.Int64


def test_a_file_whose_dates_stay_ambiguous_warns_once(tmp_path: Path):
    """Only dates like 03/04/2021 (no part above 12): one warning on the first such row, read month first."""
    path = _write(tmp_path, "Name,Email,Birthday\nAda L,ada@x.org,\nBob S,bob@x.org,03/04/1990\nCy T,cy@x.org,05/06/1991\n")
    loaded = load_file(path, display_name="in.csv")
    assert loaded.warnings.select("source_line", "column", "value").rows() == [(3, "Birthday", "03/04/1990")]
    assert loaded.warnings["reason"][0].startswith("dates such as 03/04/1990 read either day first or month first")
    assert loaded.accepted["birth_date"].to_list()[1:] == [date(1990, 3, 4), date(1991, 5, 6)]


def test_one_unambiguous_date_decides_the_whole_file(tmp_path: Path):
    """25/12/1990 in one row makes every D/M/Y date of the file day first, with no warning."""
    path = _write(tmp_path, "Name,Email,Birthday\nBob S,bob@x.org,03/04/1990\nCy T,cy@x.org,25/12/1990\n")
    loaded = load_file(path)
    assert (loaded.warnings.height, loaded.accepted["birth_date"].to_list()) == (0, [date(1990, 4, 3), date(1990, 12, 25)])


def test_linkedin_dates_are_month_first_without_a_warning():
    """LinkedIn writes M/D/YY: an undecidable LinkedIn export is read month first and says nothing."""
    loaded = load_file(FIXTURES / "variants" / "04_old_2018_dates.csv")
    assert loaded.warnings.height == 0


def test_two_digit_birth_year_is_never_in_the_future(tmp_path: Path):
    """A two-digit birth year is 19YY when 20YY would be ahead of the import's today: 12/05/85 is 1985."""
    path = _write(tmp_path, "Name,Email,Birthday\nBob S,bob@x.org,12/05/85\nCy T,cy@x.org,13/05/85\n")
    loaded = load_file(path, today=date(2026, 12, 2))
    assert loaded.accepted["birth_date"].to_list() == [date(1985, 5, 12), date(1985, 5, 13)]
