"""`coffeechat dupes`: the evidence adds up, decisions are listed with their own numbers, undo takes those."""

from __future__ import annotations

import re

import pytest

ALUMNI = "First Name,Last Name,Class Year\nXaviera,Quokkenbush,2010\nXaviera,Quokkenbush,\nXaviera,Quokkenbush,\n"


@pytest.fixture
def three_namesakes(cli):
    """Three alumni records of one rare full name and nothing else: three pairs to review."""
    cli("init")
    (cli.cwd / "alumni.csv").write_text(ALUMNI, encoding="utf-8")
    assert cli("import", "alumni.csv").code == 0
    return cli


def test_each_pair_shows_the_prior_and_evidence_that_add_up(three_namesakes):
    """The evidence line starts with the prior; its parts sum to the match weight shown (to rounding)."""
    out = three_namesakes("dupes").out
    weights = [float(w) for w in re.findall(r"\(match weight ([+-]\d+\.\d)\)", out)]
    evidence = re.findall(r"evidence: (.*)", out)
    assert len(weights) == len(evidence) == 3
    for weight, line in zip(weights, evidence, strict=True):
        assert line.startswith("prior (")
        parts = [float(x) for x in re.findall(r"\(([+-]\d+\.\d)\)", line)]
        assert abs(sum(parts) - weight) <= 0.05 * len(parts) + 0.05


def test_no_decisions_yet(three_namesakes):
    """`dupes decisions` on a fresh store says so."""
    result = three_namesakes("dupes", "decisions")
    assert (result.code, result.out) == (0, "No decisions yet.\n")


def test_decisions_are_listed_with_their_own_numbers(three_namesakes):
    """Each decision is numbered, oldest first, with both records and what was decided."""
    cli = three_namesakes
    assert cli("dupes", "different", "1").code == 0
    assert cli("dupes", "same", "1").code == 0
    result = cli("dupes", "decisions")
    assert result.code == 0
    assert result.out.startswith("2 decisions (oldest first):\n")
    assert re.search(r"^#1  different  \(decided ", result.out, re.MULTILINE)
    assert re.search(r"^#2  same  \(decided ", result.out, re.MULTILINE)
    assert result.out.endswith("Withdraw one with `coffeechat dupes undo N`.\n")


def test_undo_n_withdraws_that_decision_not_a_pending_pair(three_namesakes):
    """`dupes different 1` then `dupes undo 1` withdraws exactly that decision, whatever the review list holds."""
    cli = three_namesakes
    first_pair = re.search(r"#1 .*\n    a  (\S+) .*\n    b  (\S+) ", cli("dupes").out)
    a, b = first_pair.groups()
    assert cli("dupes", "different", "1").code == 0
    second = re.search(r"#1 .*\n    a  (\S+) .*\n    b  (\S+) ", cli("dupes").out).groups()
    assert cli("dupes", "same", "1").code == 0
    undo = cli("dupes", "undo", "1")
    assert undo.code == 0, undo.err
    assert undo.out.startswith(f"{a} and {b} decision withdrawn;")
    listed = cli("dupes", "decisions").out
    assert listed.startswith("1 decisions (oldest first):\n") and f"a  {second[0]}" in listed and "#1  same" in listed


def test_undo_with_an_unknown_decision_number(three_namesakes):
    """A decision number outside the list is refused with the way to see the list."""
    result = three_namesakes("dupes", "undo", "1")
    assert result.code == 1
    assert result.err == "Error: No decision #1 (0 decisions). Run `coffeechat dupes decisions` to see the numbers.\n"


def test_undo_two_records_without_a_decision(three_namesakes):
    """Two record ids with no decision between them: nothing to withdraw, said plainly."""
    cli = three_namesakes
    a, b = re.search(r"#1 .*\n    a  (\S+) .*\n    b  (\S+) ", cli("dupes").out).groups()
    result = cli("dupes", "undo", a, b)
    assert result.code == 1
    assert result.err == (f"Error: No decision on {a} and {b} to withdraw. "
                          "Run `coffeechat dupes decisions` to see the decisions and their numbers.\n")


def test_a_name_only_pair_beside_a_merged_person_is_one_pair(cli):
    """A person made of two records (one email) and a namesake without company: one pair, not two."""
    cli("init")
    (cli.cwd / "alumni.csv").write_text(
        "First Name,Last Name,Email,Class Year\nMaria,Quokkenbush,maria@acme.com,2011\n", encoding="utf-8")
    (cli.cwd / "li.csv").write_text(
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        "Maria,Quokkenbush,https://www.linkedin.com/in/mq-1,maria@acme.com,Acme,Analyst,08 Jan 2024\n", encoding="utf-8")
    (cli.cwd / "google.csv").write_text("Name,E-mail 1 - Value\nMaria Quokkenbush,mq1987@gmail.com\n", encoding="utf-8")
    assert cli("import", "alumni.csv", "li.csv", "google.csv").code == 0
    out = cli("dupes").out
    assert out.startswith("1 pairs might be one person each"), out
