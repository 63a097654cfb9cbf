"""The coffeechat command as a user runs it: exit codes and the exact messages they see."""

from __future__ import annotations

import csv
import json
import shutil
import time

import pytest

from tests.conftest import SAMPLE


def _copy_samples(dest):
    for name in ("Connections.csv", "alumni.csv"):
        shutil.copyfile(SAMPLE / name, dest / name)


@pytest.fixture
def ready(cli):
    """A workspace with the sample profile, and the sample files beside it."""
    assert cli("init").code == 0
    shutil.copyfile(SAMPLE / "profile.toml", cli.cwd / "ws" / "profile.toml")
    _copy_samples(cli.cwd)
    return cli


def test_help_lists_every_command_quickly(cli):
    """--help answers in well under a second and names every command."""
    start = time.perf_counter()
    result = cli("--help")
    elapsed = time.perf_counter() - start
    assert result.code == 0
    for command in ("init", "import", "export", "dupes", "plan", "drafts", "run", "demo", "mark"):
        assert command in result.out
    assert elapsed < 2.0  # a subprocess, interpreter start included; the import itself is ~0.1 s


def test_init_creates_the_workspace(cli):
    """init makes profile.toml, inbox/, out/ and the store, and says what it made."""
    result = cli("init")
    ws = cli.cwd / "ws"
    assert result.code == 0
    assert f"created {ws / 'profile.toml'}" in result.out
    assert (ws / "inbox").is_dir() and (ws / "out").is_dir() and (ws / "coffeechat.db").is_file()


def test_init_twice_changes_nothing(cli):
    """A second init leaves the user's profile alone and says so."""
    cli("init")
    (cli.cwd / "ws" / "profile.toml").write_text("# mine\n")
    result = cli("init")
    assert result.code == 0
    assert "is already a workspace; nothing changed" in result.out
    assert (cli.cwd / "ws" / "profile.toml").read_text() == "# mine\n"


def test_missing_workspace_is_a_clear_error(cli):
    """A command outside any workspace exits 1 with the fix, and no traceback."""
    result = cli("plan")
    ws = cli.cwd / "ws"
    assert result.code == 1
    assert result.err == f"Error: {ws}: No workspace here. Run `coffeechat init --workspace {ws}` first, or set COFFEECHAT_WORKSPACE.\n"
    assert "Traceback" not in result.err


def test_workspace_flag_beats_the_environment(cli):
    """--workspace DIR wins over COFFEECHAT_WORKSPACE."""
    result = cli("init", "--workspace", "other")
    assert result.code == 0
    assert (cli.cwd / "other" / "profile.toml").exists()
    assert not (cli.cwd / "ws").exists()


def test_import_json_report_accounts_for_every_row(ready):
    """--json prints one entry per file with the promised keys, and rows = accepted + rejected + empty."""
    result = ready("import", "Connections.csv", "alumni.csv", "--json")
    assert result.code == 0, result.err
    files = json.loads(result.out)["files"]
    assert [f["path"] for f in files] == ["Connections.csv", "alumni.csv"]
    for f in files:
        assert {"path", "kind", "encoding", "rows", "accepted", "rejected", "empty", "warnings", "error"} <= f.keys()
        assert f["rows"] == f["accepted"] + f["rejected"] + f["empty"]
        assert f["error"] is None
    linkedin, alumni = files
    assert (linkedin["kind"], linkedin["empty"]) == ("linkedin", 4)
    assert (alumni["kind"], alumni["rejected"]) == ("alumni", 1)
    assert alumni["warnings"] >= 2  # 'omar@' and class year '20x9' keep their row


def test_same_file_twice_changes_nothing_and_says_so(ready):
    """The ledger recognises a file by content: a second import is reported unchanged."""
    ready("import", "Connections.csv")
    export_1 = ready("export", "contacts", "--output", "a.csv")
    result = ready("import", "Connections.csv", "--json")
    entry = json.loads(result.out)["files"][0]
    assert result.code == 0
    assert entry["status"] == "unchanged"
    assert entry["note"].startswith("already imported on ")
    ready("export", "contacts", "--output", "b.csv")
    assert export_1.code == 0
    assert (ready.cwd / "a.csv").read_bytes() == (ready.cwd / "b.csv").read_bytes()


def test_unreadable_file_fails_alone(ready):
    """A file that cannot be read gets an error naming it; the others still import; exit 1."""
    (ready.cwd / "empty.csv").write_bytes(b"")
    result = ready("import", "empty.csv", "Connections.csv", "--json")
    files = json.loads(result.out)["files"]
    assert result.code == 1
    assert files[0]["path"] == "empty.csv" and files[0]["error"].startswith("empty.csv")
    assert files[1]["error"] is None and files[1]["accepted"] > 0
    assert "Traceback" not in result.err


def test_missing_file_is_named(ready):
    """A path that does not exist is an error entry with the fix, not a crash."""
    result = ready("import", "nope.csv")
    assert result.code == 1
    assert "Error: nope.csv: No such file. Check the path, or drop the file into the workspace's inbox/." in result.err


def test_bad_map_flag_says_how_to_write_it(ready):
    """--map without '=' is refused with the form it takes."""
    result = ready("import", "alumni.csv", "--map", "Employer")
    assert result.code == 1
    assert result.err == "Error: --map 'Employer' is not HEADER=field. Write it as --map \"Their Header=company\".\n"


def test_export_contacts_has_provenance_columns(ready):
    """Every source record is exported with its contact_id, file and line."""
    ready("import", "Connections.csv", "alumni.csv")
    result = ready("export", "contacts", "--output", "contacts.csv")
    assert result.code == 0
    with (ready.cwd / "contacts.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert {"contact_id", "source_file", "source_line", "first_name", "last_name", "company"} <= rows[0].keys()
    assert all(r["contact_id"].startswith("c_") for r in rows)
    assert len({r["contact_id"] for r in rows}) < len(rows)  # some people are in both files


def test_export_rejects_names_file_line_and_reason(ready):
    """The alumni row that identifies nobody is exported with where it was and why."""
    ready("import", "alumni.csv")
    result = ready("export", "rejects", "--output", "rejects.csv")
    with (ready.cwd / "rejects.csv").open(encoding="utf-8") as handle:
        rejected = [r for r in csv.DictReader(handle) if r["severity"] == "rejected"]
    assert result.code == 0
    assert [(r["source_file"], r["source_line"]) for r in rejected] == [("alumni.csv", "107")]
    assert rejected[0]["reason"]


def test_export_of_an_unknown_thing(ready):
    """export takes contacts or rejects only."""
    result = ready("export", "people", "--output", "x.csv")
    assert result.code == 1
    assert result.err == "Error: Cannot export 'people'. Use `coffeechat export contacts` or `coffeechat export rejects`.\n"


def test_plan_for_an_unknown_target(ready):
    """--target must name one of the profile's targets; the error lists them."""
    ready("import", "Connections.csv")
    result = ready("plan", "--target", "Finance")
    assert result.code == 1
    assert result.err.startswith("Error: ")
    assert "No target named 'Finance'. Use one of the [[targets]] names in profile.toml: 'Data science', 'UX research', 'Sustainability'." in result.err


def test_plan_writes_its_three_files(ready):
    """plan writes out/plan.csv with the promised columns, plan.md and plan.html."""
    ready("import", "Connections.csv", "alumni.csv")
    result = ready("plan", "--today", "2026-11-25")
    out = ready.cwd / "ws" / "out"
    assert result.code == 0, result.err
    with (out / "plan.csv").open(encoding="utf-8") as handle:
        header = next(csv.reader(handle))
    assert header[:11] == ["rank", "contact_id", "name", "company", "title", "target", "score", "why", "channel", "how_we_know", "send_week"]
    assert (out / "plan.md").stat().st_size > 0 and (out / "plan.html").stat().st_size > 0


def test_mark_unknown_contact(ready):
    """mark refuses a contact_id the store does not know."""
    result = ready("mark", "c_nobody", "sent")
    assert result.code == 1
    assert result.err == "Error: No contact 'c_nobody'. Copy the contact_id from out/plan.csv or `coffeechat export contacts`.\n"


def test_serve_needs_a_server(ready):
    """Scheduling without PREFECT_API_URL explains how to start a server."""
    result = ready("serve", "--cron", "0 8 * * 1", env={"PREFECT_API_URL": ""})
    assert result.code == 1
    assert "Scheduling needs a running Prefect server. Run `prefect server start`" in result.err


def _contacts(cli) -> list[dict]:
    cli("export", "contacts", "--output", "contacts.csv")
    with (cli.cwd / "contacts.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture
def one_person_twice(cli):
    """Bob Smith on LinkedIn and Robert J. Smith in the alumni list, sharing a profile URL."""
    cli("init")
    (cli.cwd / "li.csv").write_text(
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        "Bob,Smith,https://www.linkedin.com/in/bob-smith-1,,Acme Inc.,Data Scientist,08 Jan 2024\n",
        encoding="utf-8",
    )
    (cli.cwd / "alumni.csv").write_text(
        "First Name,Middle Name,Last Name,Employer,Email,LinkedIn Profile,Class Year\n"
        "Robert,J.,Smith,ACME,bob@example.com,linkedin.com/in/bob-smith-1/,2015\n",
        encoding="utf-8",
    )
    assert cli("import", "li.csv", "alumni.csv").code == 0
    return cli


def test_import_resolves_one_person_across_sources(one_person_twice):
    """Right after import, both source records carry the same contact_id."""
    rows = _contacts(one_person_twice)
    assert len(rows) == 2
    assert rows[0]["contact_id"] == rows[1]["contact_id"]


def test_dupes_different_splits_and_undo_merges_again(one_person_twice):
    """A 'different' decision splits a merged contact; undo withdraws it and they merge again."""
    cli = one_person_twice
    a, b = (r["record_id"] for r in _contacts(cli))
    split = cli("dupes", "different", a, b)
    assert split.code == 0, split.err
    assert f"{a} and {b} marked as different people; 2 contacts now." in split.out
    assert len({r["contact_id"] for r in _contacts(cli)}) == 2
    undo = cli("dupes", "undo", a, b)
    assert undo.code == 0
    assert "decision withdrawn; 1 contacts now." in undo.out
    assert len({r["contact_id"] for r in _contacts(cli)}) == 1


def test_dupes_decision_survives_a_later_import(one_person_twice):
    """A person's decision holds when another file arrives."""
    cli = one_person_twice
    a, b = (r["record_id"] for r in _contacts(cli))
    cli("dupes", "different", a, b)
    (cli.cwd / "more.csv").write_text("First Name,Last Name,Company\nAda,Lovelace,Analytical Engines\n", encoding="utf-8")
    assert cli("import", "more.csv").code == 0
    rows = {r["record_id"]: r["contact_id"] for r in _contacts(cli)}
    assert rows[a] != rows[b]


@pytest.mark.parametrize(("region_line", "merged"), [("", False), ('phone_region = "GB"', True)])
def test_phone_region_in_the_profile_joins_national_and_international_numbers(cli, region_line, merged):
    """One London number written two ways is one person's only with [me] phone_region = "GB"."""
    cli("init")
    profile = cli.cwd / "ws" / "profile.toml"
    profile.write_text(profile.read_text(encoding="utf-8").replace("[me]\n", f"[me]\n{region_line}\n"), encoding="utf-8")
    (cli.cwd / "contacts.csv").write_text(
        "First Name,Last Name,Phone\nAnn,Lee,020 7946 0958\nAnn,Lee,+44 20 7946 0958\n", encoding="utf-8"
    )
    assert cli("import", "contacts.csv").code == 0
    rows = _contacts(cli)
    assert (rows[0]["contact_id"] == rows[1]["contact_id"]) is merged


def test_dupes_shows_the_first_pairs_and_counts_the_rest(cli):
    """Three records agreeing on a rare name only: three pairs to review; --limit 1 shows #1 and says 2 more."""
    cli("init")
    (cli.cwd / "alumni.csv").write_text(
        "First Name,Last Name,Class Year\nXaviera,Quokkenbush,2010\nXaviera,Quokkenbush,\nXaviera,Quokkenbush,\n",
        encoding="utf-8",
    )
    assert cli("import", "alumni.csv").code == 0
    result = cli("dupes", "--limit", "1")
    assert result.code == 0
    assert result.out.startswith("3 pairs might be one person each")
    assert "#1 " in result.out and "#2 " not in result.out
    assert "... and 2 more (`coffeechat dupes --limit 0` lists them all)." in result.out
    assert "#3 " in cli("dupes", "--limit", "0").out


def test_contradicting_decisions_are_pointed_out(cli):
    """A≠C, then A=B and B=C: all three end together (a "same" is obeyed first) and the CLI says which decision lost."""
    cli("init")
    (cli.cwd / "alumni.csv").write_text(
        "First Name,Last Name\nXaviera,Quokkenbush\nXaviera,Quokkenbush\nXaviera,Quokkenbush\n", encoding="utf-8"
    )
    assert cli("import", "alumni.csv").code == 0
    a, b, c = sorted(row["record_id"] for row in _contacts(cli))
    assert "Note:" not in cli("dupes", "different", a, c).out
    assert "Note:" not in cli("dupes", "same", a, b).out
    result = cli("dupes", "same", b, c)
    assert result.code == 0
    assert f"Note: you marked {a} and {c} as different people, but your \"same\" decisions join them" in result.out
    assert len({row["contact_id"] for row in _contacts(cli)}) == 1


def test_dupes_with_an_unknown_pair_number(one_person_twice):
    """A pair number outside the list is refused with the way to see the list."""
    result = one_person_twice("dupes", "same", "7")
    assert result.code == 1
    assert result.err == "Error: No pair #7 in the review list (0 pairs). Run `coffeechat dupes` to see the numbers.\n"


def test_newer_export_adds_people_and_updates_titles(cli):
    """A later export of the same network adds new people and takes changed titles, duplicating no one."""
    cli("init")
    header = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
    old = ("Ana,Lopez,https://www.linkedin.com/in/ana-lopez,,Spotify,Data Analyst,08 Jan 2024\n"
           "Wei,Chen,https://www.linkedin.com/in/wei-chen,,Acme,UX Designer,09 Jan 2024\n")
    new = ("Ana,Lopez,https://www.linkedin.com/in/ana-lopez,,Spotify,Senior Data Scientist,08 Jan 2024\n"
           "Wei,Chen,https://www.linkedin.com/in/wei-chen,,Acme,UX Designer,09 Jan 2024\n"
           "Sam,Okafor,https://www.linkedin.com/in/sam-okafor,,Helios,ESG Analyst,01 Nov 2026\n")
    (cli.cwd / "old.csv").write_text(header + old, encoding="utf-8")
    (cli.cwd / "new.csv").write_text(header + new, encoding="utf-8")
    cli("import", "old.csv")
    cli("import", "new.csv")
    rows = _contacts(cli)
    by_contact = {}
    for r in rows:
        by_contact.setdefault(r["contact_id"], []).append(r)
    assert len(by_contact) == 3
    shutil.copyfile(SAMPLE / "profile.toml", cli.cwd / "ws" / "profile.toml")
    cli("plan", "--today", "2026-11-25")
    with (cli.cwd / "ws" / "out" / "plan.csv").open(encoding="utf-8") as handle:
        titles = {r["name"]: r["title"] for r in csv.DictReader(handle)}
    assert titles["Ana Lopez"] == "Senior Data Scientist"
