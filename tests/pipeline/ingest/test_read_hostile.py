"""Tests for pipeline.ingest.read on hostile and damaged files: each gives a clear outcome, never a traceback or a silent loss."""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path

import polars as pl
import pytest

from pipeline.errors import InputFileError
from pipeline.ingest.clean import STRIPPED
from pipeline.ingest.read import NUL_ROW, contact_files, load_file
from tests.fixtures import hostile

TODAY = date(2026, 12, 2)


def _load(tmp_path: Path, data: bytes, name: str = "contacts.csv"):
    path = tmp_path / name
    path.write_bytes(data)
    return load_file(path, display_name=name, today=TODAY)


def _lines(loaded) -> dict[str, int]:
    return dict(loaded.accepted.select("first_name", "source_line").iter_rows())


def test_mixed_line_endings_read_row_for_row(tmp_path: Path):
    """CRLF, LF and lone CR rows each are one record, on their own physical line."""
    loaded = _load(tmp_path, hostile.mixed_line_ends())
    assert _lines(loaded) == {f"P{i}": i + 2 for i in range(6)}
    assert loaded.accepted.get_column("emails").to_list() == [[f"p{i}@example.org"] for i in range(6)]


@pytest.mark.parametrize("at", [1, 150])
def test_a_lone_cr_never_merges_two_people(tmp_path: Path, at: int):
    """A stray CR early or late splits two rows: each person keeps their own email."""
    body = hostile.rows(300)
    body[at] = body[at] + "\r" + body[at + 1]
    del body[at + 1]
    loaded = _load(tmp_path, hostile.csv_bytes(body))
    assert loaded.accepted.height == 300
    row = loaded.accepted.filter(pl.col("first_name") == f"P{at}")
    assert row.get_column("emails").to_list() == [[f"p{at}@example.org"]]


def test_a_nul_byte_rejects_only_its_row(tmp_path: Path):
    """One NUL at row 201 rejects that row with its line; the 200 rows before it and those after are kept."""
    loaded = _load(tmp_path, hostile.nul_at_row(201, 260))
    assert (loaded.accepted.height, loaded.rejected.height) == (259, 1)
    assert loaded.rejected.select("source_line", "reason").rows() == [(202, NUL_ROW)]


@pytest.mark.parametrize("at_row", [1, 3000])
def test_a_200_kb_cell_is_capped_with_a_warning(tmp_path: Path, at_row: int):
    """A 200 KB notes value, early or late, is cut to 64 KB and reported on its line."""
    loaded = _load(tmp_path, hostile.big_cell(200_000, at_row=at_row, total=3000))
    notes = loaded.accepted.filter(pl.col("source_line") == at_row + 1).get_column("notes").to_list()
    assert len(notes[0]) == 64 * 1024
    assert loaded.warnings.select("source_line", "column", "reason").rows() == [
        (at_row + 1, "Notes", "value of 200,000 characters cut to 64 KB")
    ]


@pytest.mark.parametrize("at_row", [1, 3000])
def test_a_10_mb_line_is_a_rejected_row(tmp_path: Path, at_row: int):
    """A 10 MB line (in the first 256 KB or later) is rejected with its line; the others import."""
    loaded = _load(tmp_path, hostile.big_cell(10_000_000, at_row=at_row, total=3000))
    assert loaded.accepted.height == 2999
    assert loaded.rejected.select("source_line", "reason").rows() == [
        (at_row + 1, "line of 10.0 MB is longer than a contact row can be (1 MB): row skipped")
    ]


def test_a_30_mb_line_costs_seconds_not_minutes(tmp_path: Path):
    """A single 30 MB data line is rejected quickly (it once took a minute and 11 GB)."""
    start = time.perf_counter()
    loaded = _load(tmp_path, hostile.big_cell(30_000_000))
    assert time.perf_counter() - start < 10
    assert (loaded.accepted.height, loaded.rejected.height) == (2, 1)


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_holding_only_cjk_imports(tmp_path: Path, codec: str):
    """Chinese and Japanese names in BOM-less UTF-16 import under their own headers (姓, 名, 公司)."""
    loaded = _load(tmp_path, hostile.cjk_utf16(codec))
    assert loaded.encoding == "utf-16"
    assert loaded.accepted.select("last_name", "first_name", "company").rows()[0] == ("王", "小明", "腾讯科技")


def test_bidi_overrides_and_escapes_are_stripped_and_counted(tmp_path: Path):
    """U+202E and terminal escapes leave the values; each value changed is a warning on its line."""
    data = "First Name,Last Name,Company\nAda\u202e,Lovelace,\x1b[31mAcme\x1b[0m\nBob,Smith,Initech\n".encode()
    loaded = _load(tmp_path, data)
    assert loaded.accepted.select("first_name", "company").rows()[0] == ("Ada", "Acme")
    assert loaded.warnings.select("source_line", "column", "reason").rows() == [
        (2, "First Name", STRIPPED), (2, "Company", STRIPPED)
    ]


def test_mojibake_inside_values_is_repaired_and_counted(tmp_path: Path):
    """A UTF-8 file whose text was already damaged (Ã©, ï¿½) is repaired where it can be, and says so."""
    data = "First Name,Last Name,Company\nRenÃ©e,FaÃ¿,Lâ€™OrÃ©al\nJosï¿½,Muñoz,Acme\n".encode()
    loaded = _load(tmp_path, data)
    assert loaded.accepted.select("first_name", "last_name", "company").rows()[0] == ("Renée", "Faÿ", "L’Oréal")
    reasons = loaded.warnings.get_column("reason").to_list()
    assert len(reasons) == 4 and any("original letters are lost" in r for r in reasons)


def test_the_issue_cp1252_semicolon_alumni_file(tmp_path: Path):
    """Excel's `;` cp1252 alumni file imports its French and Spanish names as written, with no warning."""
    loaded = _load(tmp_path, hostile.cp1252_alumni(), "alumni.csv")
    assert (loaded.encoding, loaded.delimiter, loaded.warnings.height) == ("cp1252", ";", 0)
    assert loaded.accepted.select("first_name", "last_name", "company", "title").rows()[0] == (
        "Renée", "Faÿ", "L’Oréal", "Analyst – Offshore"
    )


def test_header_only_file_reports_zero_rows_with_a_warning(tmp_path: Path):
    """A header and no data: 0 rows, and a warning saying so on the header's line."""
    loaded = _load(tmp_path, b"Notes:\n\nFirst Name,Last Name,Email\n")
    assert loaded.rows == 0
    assert loaded.warnings.select("source_line", "reason").rows() == [(3, "the file holds a header row but no data rows")]


def test_columns_that_identify_nobody_fail_the_file_once(tmp_path: Path):
    """Company, Position and Connected On alone: one error naming the columns and --map, not a reject per row."""
    with pytest.raises(InputFileError) as info:
        _load(tmp_path, b"Company,Position,Connected On\nAcme,Analyst,23-Nov-21\n")
    assert str(info.value).startswith("contacts.csv: None of its columns (Company, Position, Connected On) holds a name")
    assert '--map "Their Header=full_name"' in info.value.fix


def test_a_folder_yields_its_contact_files_recursively(tmp_path: Path):
    """Contact files inside a folder and its subfolders, sorted; hidden and other files left alone."""
    (tmp_path / "exports" / "2024").mkdir(parents=True)
    for name in ("exports/b.csv", "exports/2024/Connections.zip", "exports/cards.vcf", "exports/.DS_Store",
                 "exports/readme.pdf", "exports/.hidden/x.csv"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(b"x")
    found = contact_files([tmp_path / "exports", tmp_path / "other.csv"])
    assert [p.relative_to(tmp_path).as_posix() for p in found] == [
        "exports/2024/Connections.zip", "exports/b.csv", "exports/cards.vcf", "other.csv"
    ]
