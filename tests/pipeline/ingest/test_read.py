"""Tests for pipeline.ingest.read: every real LinkedIn shape, the variants folder, encodings, ZIPs, vCards, failures."""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from pathlib import Path

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.errors import InputFileError, UnknownColumnsError
from pipeline.ingest.read import decode, find_header, load_file
from schemas.fields import RECORD_DTYPES
from tests.paths import FIXTURES, REALWORLD

FIXTURES = FIXTURES
VARIANTS = FIXTURES / "variants"
SOURCES = FIXTURES / "sources"
REALWORLD = REALWORLD

# file (prefix) -> (data rows, empty rows, accepted rows): counted by hand from the files.
KNOWN_COUNTS = {
    "JasonToups": (1628, 47, 1581),  # 47 date-only rows, as the research measured
    "StanislavZ": (1821, 33, 1788),
    "rodolfopardo": (1560, 12, 1548),
    "Stereo-Alex": (408, 0, 408),
    "Sajiah__mylinkedindata__Complete": (313, 7, 306),
    "Sajiah__mylinkedindata__Connections": (313, 7, 306),  # the same data after an Excel round-trip
    "ahmedalbabily": (1678, 21, 1657),
    "neelmehra": (951, 19, 932),
    "Tombarr": (1, 0, 1),
    "Unigalactix": (702, 39, 663),
    "abhishekwebcode": (41, 0, 41),
    "PhilCPH": (169, 0, 169),
    "SergioPereiraLema": (1158, 0, 1158),
    "ericmpastore": (676, 22, 654),
    "exemartinez": (39, 0, 39),
    "importJL": None,  # the user deleted the name and email columns: no row can say who it is
    "MxKilian": (191, 0, 191),  # header deleted: columns inferred from content, wrapped rows re-split
}


def _realworld_files() -> list[Path]:
    return sorted(REALWORLD.glob("*.csv")) if REALWORLD.is_dir() else []


@pytest.mark.parametrize("path", _realworld_files(), ids=lambda p: p.name.split("__")[0])
def test_realworld_linkedin_file_imports(path: Path):
    """Every real export imports with rows = accepted + rejected + empty, or fails with a fix to --map."""
    expected = next(v for k, v in KNOWN_COUNTS.items() if path.name.startswith(k))
    if expected is None:
        with pytest.raises(InputFileError, match="holds a name, an email or a LinkedIn profile URL") as info:
            load_file(path)
        assert "--map" in info.value.fix
        return
    loaded = load_file(path)
    data = path.read_bytes()
    physical = data.count(b"\n") + (0 if data.endswith(b"\n") else 1)
    assert loaded.rows == loaded.accepted.height + loaded.rejected.height + loaded.empty
    assert loaded.kind in ("linkedin", "outlook")
    assert dict(loaded.accepted.schema) == RECORD_DTYPES
    assert (loaded.rows, loaded.empty, loaded.accepted.height) == expected
    if loaded.accepted.height:
        assert loaded.accepted["source_line"].max() <= physical
        assert loaded.accepted["source_line"].is_unique().all()
    _assert_lines_hold_first_names(data, loaded.accepted)


def _assert_lines_hold_first_names(data: bytes, accepted: pl.DataFrame) -> None:
    """The physical line each record points at contains (the first word of) its first name."""
    text = decode(data)[0].replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    named = accepted.filter(pl.col("first_name").is_not_null()).select("first_name", "source_line")
    for first, line in named.iter_rows():
        word = re.split(r'[\s"]+', first.strip('"'))[0]
        assert word in lines[line - 1], (line, word)


def test_realworld_headerless_file_is_inferred_and_says_so():
    """The export whose header the user deleted imports as LinkedIn columns, with a warning saying so."""
    path = REALWORLD / "MxKilian__LinkedInToContacts__Connections.csv"
    if not path.exists():
        pytest.skip("../shared/realworld/linkedin not present")
    loaded = load_file(path)
    assert loaded.warnings.filter(pl.col("reason").str.starts_with("no header row")).height == 1
    assert loaded.accepted["connected_on"].null_count() == 0  # the whole-row-quoted lines were re-split


def test_realworld_folder_is_skipped_when_absent():
    """The real-file tests run only where the shared samples exist."""
    if not REALWORLD.is_dir():
        pytest.skip("../shared/realworld/linkedin not present")
    assert _realworld_files()


def test_realworld_excel_round_trip_gives_the_same_records():
    """Sajiah's raw export and its Excel re-save (CRLF, D-Mon-YY, no preamble) import identically."""
    raw = REALWORLD / "Sajiah__mylinkedindata__Complete_LinkedInDataExport_09-12-2022_(1)__Connections.csv"
    resaved = REALWORLD / "Sajiah__mylinkedindata__Connections.csv"
    if not raw.exists():
        pytest.skip("../shared/realworld/linkedin not present")
    fields = ["first_name", "last_name", "emails", "company", "title", "connected_on"]
    assert load_file(raw).accepted.select(fields).equals(load_file(resaved).accepted.select(fields))


def _expected_variant_frame(missing: list[str]) -> pl.DataFrame:
    manifest = json.loads((VARIANTS / "EXPECTED.json").read_text(encoding="utf-8"))
    frame = pl.DataFrame(manifest["table"], schema={
        "first_name": pl.String, "last_name": pl.String, "linkedin_url": pl.String, "emails": pl.List(pl.String),
        "company": pl.String, "title": pl.String, "connected_on": pl.String,
    }).with_columns(pl.col("connected_on").str.to_date())
    return frame.drop(missing)


@pytest.mark.parametrize("name", sorted(json.loads((VARIANTS / "EXPECTED.json").read_text(encoding="utf-8"))["missing"]))
def test_variant_gives_the_same_canonical_frame(name: str):
    """Each messy variant of the one synthetic table imports as that table."""
    missing = json.loads((VARIANTS / "EXPECTED.json").read_text(encoding="utf-8"))["missing"][name]
    expected = _expected_variant_frame(missing)
    loaded = load_file(VARIANTS / name)
    _assert_lines_hold_first_names((VARIANTS / name).read_bytes(), loaded.accepted)
    got = loaded.accepted.select(expected.columns)
    assert got.equals(expected), f"{name}:\n{got}\n!=\n{expected}"
    assert (loaded.kind, loaded.empty, loaded.rejected.height, loaded.warnings.height) == ("linkedin", 1, 0, 0)


@pytest.mark.parametrize(
    ("name", "encoding", "delimiter"),
    [
        ("01_current_raw.csv", "utf-8", ","),
        ("05_excel_semicolon_cp1252_crlf.csv", "cp1252", ";"),
        ("06_macroman_cr.csv", "mac-roman", ","),
        ("07_utf16_tab.csv", "utf-16", "\t"),
        ("08_bom_blank_lines.csv", "utf-8-sig", ","),
        ("11_spanish_months_semicolon.csv", "utf-8", ";"),
    ],
)
def test_encoding_and_delimiter_are_detected(name: str, encoding: str, delimiter: str):
    """The encoding and delimiter reported match how the variant was written."""
    loaded = load_file(VARIANTS / name)
    assert (loaded.encoding, loaded.delimiter) == (encoding, delimiter)


def test_physical_lines_skip_the_preamble():
    """Rows of the current export start on physical line 5, after the 3-line preamble and the header."""
    loaded = load_file(VARIANTS / "01_current_raw.csv")
    assert loaded.accepted["source_line"].to_list() == [5, 6, 8, 9, 10, 11]


def test_multiline_quoted_field_moves_later_line_numbers():
    """A Google note spanning two lines pushes the next record's line number down by one."""
    loaded = load_file(SOURCES / "google_current.csv")
    assert loaded.accepted["source_line"].to_list() == [2, 4, 5]
    assert loaded.rejected["source_line"].to_list() == [6]


def test_source_file_is_the_display_name(tmp_path: Path):
    """source_file is the name the user gave, and record ids derive from content hash and line."""
    loaded = load_file(VARIANTS / "02_no_preamble.csv", display_name="Connections.csv")
    assert set(loaded.accepted["source_file"]) == {"Connections.csv"}
    assert loaded.accepted["record_id"].str.len_chars().to_list() == [16] * 6


def test_record_ids_are_deterministic():
    """The same bytes give the same record ids, whatever the path."""
    a = load_file(VARIANTS / "01_current_raw.csv").accepted["record_id"]
    b = load_file(FIXTURES / "sources" / "linkedin_archive.zip").accepted["record_id"]
    assert a.to_list() != b.to_list()  # different content hash: the ZIP's bytes
    assert a.to_list() == load_file(VARIANTS / "01_current_raw.csv").accepted["record_id"].to_list()


def test_zip_archive_finds_nested_connections_csv():
    """A LinkedIn archive with UTF-16 tab siblings imports its nested Connections.csv."""
    loaded = load_file(SOURCES / "linkedin_archive.zip")
    assert (loaded.kind, loaded.accepted.height, loaded.empty) == ("linkedin", 6, 1)


def test_zip_without_connections_names_what_it_holds(tmp_path: Path):
    """A ZIP with no Connections.csv fails with the files it does hold."""
    path = tmp_path / "export.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("Profile.csv", "First Name,Last Name\n")
    with pytest.raises(InputFileError, match=r"no Connections\.csv.*Profile\.csv"):
        load_file(path)


def test_zip_bomb_is_refused(tmp_path: Path):
    """A member that unpacks far beyond its compressed size is refused before it is read."""
    path = tmp_path / "bomb.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("Connections.csv", b"First Name,Last Name\n" + b"a" * (8 << 20))
    with pytest.raises(InputFileError, match="unpacks to"):
        load_file(path)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"\n\n  \r\n", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "not a text file"),
        (b"foo,bar,baz\n1,2,3\n", "No header row"),
    ],
)
def test_unreadable_file_raises_with_file_and_fix(tmp_path: Path, content: bytes, message: str):
    """Empty, binary and header-less files raise InputFileError naming the file and a fix."""
    path = tmp_path / "contacts.csv"
    path.write_bytes(content)
    with pytest.raises(InputFileError, match=message) as info:
        load_file(path, display_name="contacts.csv")
    assert str(info.value).startswith("contacts.csv: ")
    assert info.value.fix


def test_excel_workbook_gets_a_save_as_csv_fix(tmp_path: Path):
    """An .xlsx (a ZIP of XML) is refused with the advice to save it as CSV."""
    path = tmp_path / "alumni.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
    with pytest.raises(InputFileError, match="Excel workbook") as info:
        load_file(path)
    assert "save it as CSV" in info.value.fix


def test_unknown_columns_error_explains_map(tmp_path: Path):
    """No recognisable header: the message lists looked-for headers and the --map form."""
    path = tmp_path / "x.csv"
    path.write_text("foo,bar\n1,2\n", encoding="utf-8")
    with pytest.raises(UnknownColumnsError) as info:
        load_file(path)
    assert "First Name" in info.value.fix and '--map "Their Header=first_name"' in info.value.fix


def test_headerless_linkedin_rows_are_inferred_by_content(tmp_path: Path):
    """Rows shaped like LinkedIn's 6-column export, header deleted, import with inferred columns."""
    path = tmp_path / "Connections.csv"
    path.write_text(
        "Ada,Lovelace,,Analytical Engines,Engineer,10 Dec 2020\n"
        '"Alan,Turing,,Bletchley, ""Codebreaking, Hut 8"",23 Jun 2021"\n'
        "Grace,Hopper,grace@example.com,Navy,Rear Admiral,09 Dec 2019\n",
        encoding="utf-8",
    )
    loaded = load_file(path)
    assert loaded.kind == "linkedin"
    assert loaded.accepted.select("last_name", "title", "source_line").rows() == [
        ("Lovelace", "Engineer", 1), ("Turing", "Codebreaking, Hut 8", 2), ("Hopper", "Rear Admiral", 3)]


def test_row_with_commas_only_in_first_field_is_not_resplit(tmp_path: Path):
    """A quoted first field with a comma, other fields empty, is left as written."""
    path = tmp_path / "c.csv"
    path.write_text('First Name,Last Name,Company\n"Doe, Jane",,\n', encoding="utf-8")
    assert load_file(path).accepted["first_name"].to_list() == ["Doe, Jane"]


def test_fields_beyond_the_header_are_kept_in_extras(tmp_path: Path):
    """A row with more fields than the header keeps the surplus in extras instead of dropping it."""
    path = tmp_path / "c.csv"
    path.write_text("First Name,Last Name\nAlan,Turing\nAda,Lovelace,Countess\n", encoding="utf-8")
    loaded = load_file(path)
    assert [json.loads(e) for e in loaded.accepted["extras"]] == [{}, {"column 3": "Countess"}]


def test_user_map_rescues_unknown_headers(tmp_path: Path):
    """--map pairs name columns the alias table does not know."""
    path = tmp_path / "x.csv"
    path.write_text("Vorn,Nachn,Kontakt\nAda,Lovelace,ada@example.com\n", encoding="utf-8")
    loaded = load_file(path, user_map={"Vorn": "first_name", "Nachn": "last_name", "Kontakt": "email"})
    assert loaded.accepted.select("first_name", "last_name", "emails").row(0) == ("Ada", "Lovelace", ["ada@example.com"])


@pytest.mark.parametrize(
    ("text", "names", "lines"),
    [
        ('First Name,Last Name\n"Ada" King,Lovelace\n\nBob,Smith\n', ["Ada King", "Bob"], [2, 4]),
        ('First Name,Notes\nAda,"one\ntwo"\n"Bob" B,x\nCy,y\n', ["Ada", "Bob B", "Cy"], [2, 4, 5]),
    ],
)
def test_text_after_a_closing_quote_is_read_like_a_spreadsheet(tmp_path: Path, text: str, names: list[str], lines: list[int]):
    """Rows polars refuses (text after a closing quote) are read leniently, line numbers intact."""
    path = tmp_path / "c.csv"
    path.write_text(text, encoding="utf-8")
    loaded = load_file(path)
    assert loaded.accepted.select("first_name", "source_line").rows() == list(zip(names, lines, strict=True))


def test_unclosed_quote_is_a_warning(tmp_path: Path):
    """A quote never closed swallows the rest of the file, and the warning says where it started."""
    path = tmp_path / "c.csv"
    path.write_text('First Name,Notes\nAda,"never closed\nBob,x\n', encoding="utf-8")
    loaded = load_file(path)
    assert loaded.rows == 1
    assert loaded.warnings.select("source_line", "reason").rows()[0][0] == 2
    assert "never closed" in loaded.warnings["reason"][0]


def test_user_map_to_an_unknown_field_is_refused(tmp_path: Path):
    """A mapping to a field that does not exist fails before reading, listing the valid fields."""
    path = tmp_path / "x.csv"
    path.write_text("Name\nAda\n", encoding="utf-8")
    with pytest.raises(InputFileError, match="'compnay', which is not a field") as info:
        load_file(path, user_map={"Employer": "compnay"})
    assert "company" in info.value.fix


def test_missing_file_is_an_input_error(tmp_path: Path):
    """A path that does not exist raises InputFileError."""
    with pytest.raises(InputFileError, match="No such file"):
        load_file(tmp_path / "nope.csv")


@pytest.mark.parametrize(
    ("text", "codec", "label"),
    [
        ("Zoë,Müller", "utf-8", "utf-8"),
        ("Zoë,Müller", "utf-8-sig", "utf-8-sig"),
        ("Zoë,Müller", "utf-16", "utf-16"),
        ("Zoë,Müller,Raúl,Gómez", "cp1252", "cp1252"),
        ("Zoë,Müller,Raúl,Gómez", "mac_roman", "mac-roman"),
        ("First Name,Last Name\nZoë,Müller", "utf-16-le", "utf-16"),  # no BOM
    ],
)
def test_decode_table(text: str, codec: str, label: str):
    """decode() recovers the text and names the encoding."""
    decoded, encoding, _ = decode(text.encode(codec))
    assert (decoded, encoding) == (text, label)


def test_decode_keeps_utf8_with_a_few_corrupt_bytes():
    """Mostly-UTF-8 text with one stray byte stays UTF-8, with the damage located."""
    decoded, encoding, damaged = decode("Zoë,Müller,José\n".encode() + b"\xfd,x\n")
    assert encoding == "utf-8" and decoded.startswith("Zoë") and len(damaged) == 1


def test_find_header_prefers_the_real_header_over_notes():
    """`Notes:` in the preamble is not taken for the header."""
    text = 'Notes:\n"Some text, with commas"\n\nFirst Name,Last Name,URL\nA,B,C'
    assert find_header(text) == (3, ",", ["First Name", "Last Name", "URL"])


@pytest.mark.parametrize("name", sorted(p.name for p in SOURCES.iterdir()))
def test_other_sources_import(name: str):
    """Google, Outlook, vCard, ZIP and alumni fixtures import with every row accounted for."""
    loaded = load_file(SOURCES / name)
    assert loaded.rows == loaded.accepted.height + loaded.rejected.height + loaded.empty
    assert loaded.accepted.height > 0


@pytest.mark.parametrize(
    ("name", "line", "field", "value"),
    [
        ("outlook.csv", 2, "title", "Machine Learning Engineer"),  # `Title` = Dr. is an honorific
        ("outlook.csv", 2, "emails", ["hiroshi@example.com", "h.tanaka@example.org"]),
        ("outlook.csv", 3, "first_name", "Fátima"),  # cp1252
        ("google_current.csv", 2, "emails", ["priya@example.com", "p.raman@example.org", "priya.home@example.net"]),
        ("google_current.csv", 2, "phones", ["+1 555 0101", "+1 555 0102"]),
        ("google_current.csv", 2, "notes", "Met at the alumni dinner.\nLikes climbing."),
        ("google_current.csv", 2, "linkedin_url", "https://www.linkedin.com/in/priya-raman"),
        ("google_current.csv", 2, "title", "Head of Sustainability"),
        ("google_legacy.csv", 2, "company", "Bluebird Bank"),
        ("google_legacy.csv", 3, "last_name", "Silva"),  # split from `Name`
        ("contacts_v3.vcf", 1, "emails", ["elena@example.com", "elena.n@example.org"]),
        ("contacts_v3.vcf", 1, "phones", ["+1 555 0170", "+1 555 0171"]),
        ("contacts_v3.vcf", 1, "linkedin_url", "https://www.linkedin.com/in/elena-novak"),  # itemN.URL
        ("contacts_v3.vcf", 17, "city", "Fairview"),
        ("contacts_v4.vcf", 1, "phones", ["+1-555-0190"]),
        ("raisers_edge.csv", 2, "emails", ["ben.walker@example.com"]),  # from a CnPh phone slot
        ("raisers_edge.csv", 2, "linkedin_url", "https://www.linkedin.com/in/ben-walker"),
        ("raisers_edge.csv", 2, "class_year", 1996),  # '96
        ("raisers_edge.csv", 3, "last_name", "Ivanová"),
        ("salesforce.csv", 2, "emails", ["rkim@example.net", "rebecca.kim@example.com"]),  # not the `Work` picklist
        ("salesforce.csv", 2, "class_year", 2014),  # 2014-05-15
        ("alumni_generic.csv", 2, "last_name", "Patel"),  # `Patel, Priya K.`
        ("alumni_generic.csv", 2, "class_year", 1996),  # '96 MA
        ("alumni_generic.csv", 3, "emails", ["chidi@example.com"]),  # an email in the phone slot
    ],
)
def test_source_fixture_values(name: str, line: int, field: str, value):
    """Each source kind's quirks land in the right canonical field."""
    accepted = load_file(SOURCES / name).accepted
    assert accepted.filter(pl.col("source_line") == line).get_column(field).to_list() == [value]


def test_header_only_file_has_no_rows(tmp_path: Path):
    """A file with a header and no data imports zero rows without error."""
    path = tmp_path / "Connections.csv"
    path.write_text("First Name,Last Name,URL,Email Address,Company,Position,Connected On", encoding="utf-8")
    loaded = load_file(path)
    assert (loaded.rows, loaded.kind, dict(loaded.accepted.schema)) == (0, "linkedin", RECORD_DTYPES)


# --- properties -------------------------------------------------------------------------------

_cell = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufeff") | st.sampled_from([",", '"', "\n", ";", " "]), max_size=12)
_row = st.tuples(_cell, _cell, _cell, st.booleans())


def _generated_csv(rows, blank_after) -> tuple[str, int, dict[str, int]]:
    """Write generated rows as CSV; return the text, the number of data rows and each marker's start line."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["First Name", "Last Name", "Notes"])
    starts, records = {}, 0
    for i, (last, notes, extra, named) in enumerate(rows):
        line = buffer.getvalue().count("\n") + 1
        marker = f"P{i}" if named else ""
        writer.writerow([marker, last, notes + extra])
        records += 1
        if marker:
            starts[marker] = line
        if i in blank_after:
            buffer.write("\n")
            records += 1
    return buffer.getvalue(), records, starts


_PROPERTY = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@_PROPERTY
@given(rows=st.lists(_row, max_size=25), blank_after=st.sets(st.integers(0, 25)))
def test_property_no_row_is_lost(tmp_path_factory, rows, blank_after):
    """For generated CSVs (quotes, commas, line breaks, blank lines), rows == accepted + rejected + empty."""
    text, records, _ = _generated_csv(rows, blank_after)
    path = tmp_path_factory.mktemp("prop") / "gen.csv"
    path.write_text(text, encoding="utf-8")
    loaded = load_file(path)
    assert loaded.rows == records == loaded.accepted.height + loaded.rejected.height + loaded.empty


@_PROPERTY
@given(rows=st.lists(_row, max_size=25), blank_after=st.sets(st.integers(0, 25)))
def test_property_line_numbers_point_at_the_record(tmp_path_factory, rows, blank_after):
    """Each accepted record's source_line is the physical line where it starts."""
    text, _, starts = _generated_csv(rows, blank_after)
    path = tmp_path_factory.mktemp("prop") / "gen.csv"
    path.write_text(text, encoding="utf-8")
    loaded = load_file(path)
    got = dict(zip(loaded.accepted["first_name"].to_list(), loaded.accepted["source_line"].to_list(), strict=True))
    assert {k: got[k] for k in starts} == starts
    physical = text.split("\n")
    assert all(physical[line - 1].startswith(marker) for marker, line in starts.items())
