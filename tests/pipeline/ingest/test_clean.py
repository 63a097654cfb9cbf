"""Tests for pipeline.ingest.clean: control, bidi and escape characters stripped, mojibake repaired, long values capped."""

from __future__ import annotations

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.ingest.clean import (
    FIELD_CAP,
    STRIPPED,
    UNDECODABLE,
    clean_frame,
    clean_value,
    needs_cleaning,
    visible,
)


@pytest.mark.parametrize(
    ("value", "cleaned", "reasons"),
    [
        ("Renée Faÿ", "Renée Faÿ", []),
        ("L’Oréal “Paris” – Analyst", "L’Oréal “Paris” – Analyst", []),  # curly quotes that were right stay
        ("RenÃ©e FaÃ¿", "Renée Faÿ", ["mojibake repaired: read as Renée Faÿ"]),
        ("Lâ€™OrÃ©al", "L’Oréal", ["mojibake repaired: read as L’Oréal"]),
        ("\x1b[31mAda\x1b[0m", "Ada", [STRIPPED]),
        ("\x1b]0;pwned\x07Ada", "Ada", [STRIPPED]),
        ("Ada\u202eecnalevoL", "AdaecnalevoL", [STRIPPED]),
        ("A\u2066d\u2069a\u200f", "Ada", [STRIPPED]),
        ("Ada\x07\x08\x7f\x85", "Ada", [STRIPPED]),
        ("line one\nline\ttwo", "line one\nline\ttwo", []),  # notes keep their line breaks and tabs
        ("Jos\ufffd", "Jos\ufffd", [UNDECODABLE]),
        ("Josï¿½", "Jos\ufffd", ["mojibake repaired: read as Jos\ufffd", UNDECODABLE]),
    ],
)
def test_clean_value(value: str, cleaned: str, reasons: list[str]):
    """Each hostile or damaged value comes out clean, with the reasons it changed."""
    assert clean_value(value) == (cleaned, reasons)


def test_a_long_value_is_cut_to_the_cap():
    """A 200,000-character value keeps its first 64 KB and says so."""
    cleaned, reasons = clean_value("x" * 200_000)
    assert (len(cleaned), reasons) == (FIELD_CAP, ["value of 200,000 characters cut to 64 KB"])


def test_visible_never_lets_an_escape_through():
    """The value shown in a warning has its escapes written out, not executed."""
    assert visible("A\x1b[31m\u202e") == "A\\u001b[31m\\u202e"


@pytest.mark.parametrize(("text", "suspect"), [("plain, ascii\n", False), ("José,Zoë,Søren,Müller\n", False),
                                               ("RenÃ©e", True), ("a\x1b[1m", True), ("x\u202ey", True), ("\ufffd", True)])
def test_needs_cleaning_skips_only_clean_text(text: str, suspect: bool):
    """The whole-text pre-check lets clean files skip the per-column work, and nothing else."""
    assert needs_cleaning(text.encode()) is suspect


def test_clean_frame_warns_with_line_and_header():
    """Each changed value is one warning carrying its row's physical line and its column's header."""
    frame = pl.DataFrame({"c0": ["Ada", "RenÃ©e", None], "c1": ["ok", "ok", "B\u202e"]})
    cleaned, warnings = clean_frame(frame, ["First Name", "Last Name"], pl.Series([2, 3, 7]))
    assert cleaned.rows() == [("Ada", "ok"), ("Renée", "ok"), (None, "B")]
    assert [(line, header) for line, header, _, _ in warnings] == [(3, "First Name"), (7, "Last Name")]


_ANY = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40)


@settings(max_examples=200, deadline=None)
@given(_ANY)
def test_property_cleaning_is_idempotent_and_leaves_no_controls(value: str):
    """Cleaning twice changes nothing, and no control or bidi character survives."""
    once, _ = clean_value(value)
    assert clean_value(once)[0] == once
    assert not any(ch in once for ch in "\x1b\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\x00\x7f")
