"""CLI tests for `coffeechat import`: folders, header-only files, the first issues with file and line, damaged files alone."""

from __future__ import annotations

import json

import pytest

from tests.fixtures import hostile

EXPORT_REJECTS = "`coffeechat export rejects --output rejects.csv`"


@pytest.fixture
def ws(cli):
    """An initialised workspace (the default profile) in the test's folder."""
    assert cli("init").code == 0
    return cli


def _write(cli, name: str, data: bytes | str) -> None:
    path = cli.cwd / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode() if isinstance(data, str) else data)


def test_a_folder_imports_every_contact_file_inside_it(ws):
    """`import exports` imports each contact file of the folder and its subfolders, each on its own line."""
    _write(ws, "exports/alumni.csv", "First Name,Last Name,Email\nAda,Lovelace,ada@example.com\n")
    _write(ws, "exports/2024/Connections.csv",
           "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
           "Bob,Smith,https://www.linkedin.com/in/bob-smith-1,,Acme,Analyst,08 Jan 2024\n")
    _write(ws, "exports/.DS_Store", b"\x00\x01")
    result = ws("import", "exports", "--json")
    assert result.code == 0, result.err
    files = json.loads(result.out)["files"]
    assert [(f["path"], f["status"], f["accepted"]) for f in files] == [
        ("exports/2024/Connections.csv", "imported", 1), ("exports/alumni.csv", "imported", 1)
    ]


def test_an_empty_folder_is_an_error_naming_it(ws):
    """A folder with no contact file says so, with the suffixes it looks for, and exits 1."""
    (ws.cwd / "empty").mkdir()
    result = ws("import", "empty")
    assert result.code == 1
    assert result.err.strip() == (
        "Error: empty: This folder holds no contact files. Put the exports (.csv, .tsv, .txt, .zip, .vcf) in it, "
        "or give the files themselves."
    )


def test_a_header_only_file_reports_zero_rows_and_a_warning(ws):
    """Zero data rows is a warning with the file and line, not a silent 'imported'."""
    _write(ws, "header.csv", "First Name,Last Name,Email\n")
    result = ws("import", "header.csv")
    assert result.code == 0, result.err
    assert result.out.splitlines()[-2:] == [
        "header.csv, line 1: warning: the file holds a header row but no data rows",
        f"{EXPORT_REJECTS} lists them with their file and line.",
    ]


def test_the_table_prints_the_first_issues_and_names_export_rejects(ws):
    """Five issues with file and line are printed; the rest are counted and `export rejects` is named."""
    rows = ["Ada\u202e,L,ada@x.org", ",,not-an-email", "RenÃ©e,F,r@x.org", "Bob,S,b@x.org", ",,still-not",
            "Cy,T,c@x.org", "\x1b[31mDee,U,d@x.org", "Eve\x07,V,e@x.org"]
    _write(ws, "messy.csv", "First Name,Last Name,Email\n" + "\n".join(rows) + "\n")
    result = ws("import", "messy.csv")
    assert result.code == 0, result.err
    assert result.out.splitlines()[-6:] == [
        "messy.csv, line 2: warning: control, bidi-override or terminal-escape characters removed (First Name: Ada\\u202e)",
        "messy.csv, line 3: rejected: identifies nobody: no name, no email and no LinkedIn profile URL (first_name/last_name/emails/linkedin_url: not-an-email)",
        "messy.csv, line 4: warning: mojibake repaired: read as Renée (First Name: RenÃ©e)",
        "messy.csv, line 6: rejected: identifies nobody: no name, no email and no LinkedIn profile URL (first_name/last_name/emails/linkedin_url: still-not)",
        "messy.csv, line 8: warning: control, bidi-override or terminal-escape characters removed (First Name: \\u001b[31mDee)",
        f"... and 1 more: {EXPORT_REJECTS} lists every one with its file and line.",
    ]
    assert "\x1b" not in result.out and "\u202e" not in result.out


def test_a_damaged_zip_is_an_error_for_that_file_only(ws):
    """A ZIP with a bad CRC is one `Error:` naming it; the good file beside it imports; exit 1."""
    _write(ws, "bad.zip", hostile.zip_bad_crc())
    _write(ws, "good.csv", "First Name,Last Name,Email\nAda,Lovelace,ada@example.com\n")
    result = ws("import", "bad.zip", "good.csv", "--json")
    assert result.code == 1
    files = json.loads(result.out)["files"]
    assert [(f["path"], f["status"]) for f in files] == [("bad.zip", "error"), ("good.csv", "imported")]
    assert files[0]["error"] == (
        "bad.zip: Connections.csv in the ZIP is damaged (Bad CRC-32 for file 'Connections.csv'). "
        "Download the LinkedIn archive again, or unzip it yourself and import Connections.csv."
    )


def test_a_type_error_in_the_profile_reads_as_english(ws):
    """`grad_year = "2024"` says 'should be a whole number', never 'should be a int'."""
    profile = ws.cwd / "ws" / "profile.toml"
    profile.write_text(profile.read_text(encoding="utf-8").replace("grad_year = 2024", 'grad_year = "2024"'), encoding="utf-8")
    _write(ws, "good.csv", "First Name,Last Name,Email\nAda,Lovelace,ada@example.com\n")
    result = ws("import", "good.csv")
    assert result.code == 1
    assert result.err.strip() == (
        f"Error: {profile}: [me] grad_year should be a whole number, not '2024'. Write it as grad_year = <whole number>."
    )
