"""Which school an alumni list without a school column stands for: `--school NAME`, else the user's, said in the report."""

from __future__ import annotations

import json

import pytest

from benchmarks.synth_people import records_from_rows
from pipeline.app.imports import with_school

CASES = [
    # (kind, school column, --school, note, school kept)
    ("alumni", None, "Other College", "no school column: these records are taken to be Other College alumni (--school)", "Other College"),
    ("alumni", None, None, "no school column: these records are taken to be State University alumni; `--school NAME` says otherwise", None),
    ("alumni", "Riverbend University", "Other College", None, "Riverbend University"),
    ("linkedin", None, "Other College", None, None),
]


@pytest.mark.parametrize(("kind", "column", "given", "note", "kept"), CASES)
def test_with_school(kind, column, given, note, kept):
    """--school fills only an alumni list with no school column; without it the report names the user's school."""
    records = records_from_rows([{"first_name": "Ana", "last_name": "Lopez", "school": column}])
    named, said = with_school(kind, records, given, "State University")
    assert (said, named["school"].item()) == (note, kept)


def test_import_school_flag_reaches_the_report(cli):
    """`coffeechat import FILE --school NAME` says in the JSON report which school the list stands for."""
    cli("init")
    (cli.cwd / "alumni.csv").write_text("Constituent ID,First Name,Last Name,Class Year\nA1,Ana,Lopez,2011\n", encoding="utf-8")
    result = cli("import", "alumni.csv", "--school", "Other College", "--json")
    assert result.code == 0, result.err
    report = json.loads(result.out)["files"][0]
    assert (report["kind"], report["note"]) == (
        "alumni", "no school column: these records are taken to be Other College alumni (--school)")


ALUMNI_NO_SCHOOL = "Constituent ID,First Name,Last Name,Class Year\nA1,Ana,Lopez,2011\n"


def test_an_inbox_alumni_list_without_a_school_is_the_profiles_school(workspace):
    """The scheduled run (no --school) reads an alumni list with no school column as `import FILE` does: the
    profile's school, named in the report, and the alumni relation holds for its people."""
    from pipeline.app.imports import import_inbox
    from pipeline.profile import load_profile
    from pipeline.store import Store
    from pipeline.text import alumni_relation

    (workspace.inbox / "alumni.csv").write_text(ALUMNI_NO_SCHOOL, encoding="utf-8")
    [report] = import_inbox(workspace, settle=0)
    my_school = load_profile(workspace.profile).me.school
    with Store.open(workspace.root) as store:
        contacts = store.contacts()
    assert (report.kind, report.note.split("; moved")[0], alumni_relation(contacts["school"], contacts["sources"], my_school).to_list()) == (
        "alumni", f"no school column: these records are taken to be {my_school} alumni; `--school NAME` says otherwise", [True])
