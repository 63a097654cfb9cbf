"""`coffeechat import` end to end on the shapes real files come in: cp1252 and MacRoman re-saves, two-digit
birth years, national phone notations, three sources of one person, an alumnus of another school."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import sys

import pytest

from flows.cli import main


def run_main(*argv: str) -> tuple[int, str]:
    """The console script in-process (three subprocesses would cost a few seconds): exit code and stdout."""
    old, out = sys.argv, io.StringIO()
    sys.argv = ["coffeechat", *argv]
    try:
        with contextlib.redirect_stdout(out):
            main()
    except SystemExit as exc:
        return int(exc.code or 0), out.getvalue()
    finally:
        sys.argv = old
    return 0, out.getvalue()

CONNECTIONS = (
    "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
    "Renée,Faÿ,https://www.linkedin.com/in/renee-fay,,L’Oréal,Senior Data Analyst,12 Mar 2021\n"
    "José,Muñoz,https://www.linkedin.com/in/jose-munoz,,Telefónica,Product Manager,05 Jan 2022\n"
)
# Excel on Windows: `;`-separated cp1252, day-first dates with two-digit years, UK numbers as dialled at home.
ALUMNI = (
    "First Name;Last Name;Email;Phone;Date of Birth;Company;School;Class Year\n"
    "Renée;Faÿ;renee.fay@loreal.com;020 7946 0958;12/05/85;L’Oréal;Riverbend University;2007\n"
    "José;Muñoz;jose.munoz@gmail.com;07700 900123;25/11/79;Telefónica;Riverbend University;2001\n"
    "Jürgen;Groß;jurgen@example.de;+49 30 123456;03/04/01;Bäckerei Groß;Other University;2022\n"
)
# A Google address book re-saved on a Mac (MacRoman), numbers in international notation. José's
# entry shares nothing with his other records but his number, written the other way.
GOOGLE = (
    "Name,Given Name,Family Name,E-mail 1 - Value,Phone 1 - Value,Organization 1 - Name,Birthday\n"
    "Renée Faÿ,Renée,Faÿ,renee.fay@loreal.com,+44 (0) 20 7946 0958,L’Oréal,\n"
    "José Muñoz,José,Muñoz,,+44 7700 900123,,1979-11-25\n"
)


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    """One workspace (school Riverbend University, phone_region GB) that imported the three files as one folder."""
    root = tmp_path_factory.mktemp("shapes")
    ws = str(root / "ws")
    assert run_main("init", "--workspace", ws)[0] == 0
    profile = root / "ws" / "profile.toml"
    text = profile.read_text(encoding="utf-8").replace('school = "Your University"', 'school = "Riverbend University"')
    profile.write_text(text.replace('# phone_region = "GB"', 'phone_region = "GB"'), encoding="utf-8")
    exports = root / "exports"
    exports.mkdir()
    (exports / "Connections.csv").write_text(CONNECTIONS, encoding="utf-8")
    (exports / "alumni.csv").write_bytes(ALUMNI.encode("cp1252"))
    (exports / "google.csv").write_bytes(GOOGLE.encode("mac_roman"))
    code, out = run_main("import", str(exports), "--json", "--workspace", ws)
    assert code == 0, out
    assert run_main("export", "contacts", "--output", str(root / "contacts.csv"), "--workspace", ws)[0] == 0
    with (root / "contacts.csv").open(encoding="utf-8", newline="") as handle:
        rows = {(r["source_file"].split("/")[-1], int(r["source_line"])): r for r in csv.DictReader(handle)}
    return json.loads(out)["files"], rows


def test_resaved_files_decode_in_their_own_codec(imported):
    """The cp1252 and MacRoman re-saves are read as such, with no warning."""
    files, _ = imported
    assert [(f["path"].split("/")[-1], f["encoding"], f["warnings"]) for f in files] == [
        ("Connections.csv", "utf-8", 0), ("alumni.csv", "cp1252", 0), ("google.csv", "mac-roman", 0)]


@pytest.mark.parametrize(("file", "line", "name", "company"), [
    ("alumni.csv", 2, ("Renée", "Faÿ"), "L’Oréal"),
    ("alumni.csv", 4, ("Jürgen", "Groß"), "Bäckerei Groß"),
    ("google.csv", 2, ("Renée", "Faÿ"), "L’Oréal"),
    ("google.csv", 3, ("José", "Muñoz"), ""),
])
def test_resaved_names_read_as_written(imported, file, line, name, company):
    """Accents, ß and curly apostrophes come out of both re-saves as written."""
    row = imported[1][(file, line)]
    assert ((row["first_name"], row["last_name"]), row["company"]) == (name, company)


@pytest.mark.parametrize(("line", "birth_date"), [(2, "1985-05-12"), (3, "1979-11-25"), (4, "2001-04-03")])
def test_two_digit_birth_years_are_never_in_the_future(imported, line, birth_date):
    """12/05/85 is 12 May 1985 (day-first, as 25/11/79 shows), never 2085."""
    assert imported[1][("alumni.csv", line)]["birth_date"] == birth_date


@pytest.mark.parametrize(("person", "records"), [
    ("Renée", [("Connections.csv", 2), ("alumni.csv", 2), ("google.csv", 2)]),
    # Linked to the others only by "07700 900123" (GB) = "+44 7700 900123".
    ("José", [("Connections.csv", 3), ("alumni.csv", 3), ("google.csv", 3)]),
])
def test_three_sources_of_one_person_are_one_contact(imported, person, records):
    """A LinkedIn connection, an alumni record and an address-book entry of one person become one contact."""
    rows = imported[1]
    assert len({rows[key]["contact_id"] for key in records}) == 1, person


def test_an_alumnus_of_another_school_keeps_that_school(imported):
    """A record listing another university is stored with it (not taken for the user's school) and stays apart."""
    rows = imported[1]
    other = rows[("alumni.csv", 4)]
    assert (other["school"], sum(r["contact_id"] == other["contact_id"] for r in rows.values())) == ("Other University", 1)
