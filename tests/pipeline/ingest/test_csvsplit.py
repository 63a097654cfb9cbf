"""Tests for pipeline.ingest.csvsplit: line endings, over-long lines and the header found by content."""

from __future__ import annotations

import pytest

from pipeline.ingest.csvsplit import LINE_CAP, cut_long_lines, find_header, normalise_line_ends


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a\r\nb\r\n", "a\nb\n"),
        ("a\rb\r", "a\nb\n"),  # classic Mac
        ("a\r\nb\nc\rd", "a\nb\nc\nd"),  # mixed, as a hand-edited file ends up
        ("a\nb", "a\nb"),
    ],
)
def test_every_line_ending_becomes_one_line_feed(text: str, expected: str):
    """CRLF, LF and lone CR each end exactly one line."""
    assert normalise_line_ends(text) == expected


@pytest.mark.parametrize("where", ["first", "last"])
def test_a_line_over_the_cap_at_either_end_is_emptied(where: str):
    """The first or the last line can be the long one."""
    long = b"x" * (LINE_CAP + 5)
    text = long + b"\nok\n" if where == "first" else b"ok\n" + long
    cut, cuts = cut_long_lines(text)
    assert (cut, [line for line, _ in cuts]) == ((b"\nok\n", [1]) if where == "first" else (b"ok\n", [2]))


def test_a_line_over_the_cap_is_emptied_and_named():
    """A line longer than LINE_CAP is emptied in place (line numbers kept) and reported with its number."""
    text = b"h\nshort\n" + b"x" * (LINE_CAP + 1) + b"\nlast\n"
    cut, cuts = cut_long_lines(text)
    assert cut == b"h\nshort\n\nlast\n"
    assert [line for line, _ in cuts] == [3]
    assert "row skipped" in cuts[0][1]


def test_lines_under_the_cap_are_untouched():
    """Bytes with no long line come back as they were."""
    text = (b"a,b,c\n" * 200_000) + b"y" * 1000
    assert cut_long_lines(text) == (text, [])


def test_a_huge_first_line_does_not_stop_the_header_search():
    """A 300 KB line before the header is skipped, not handed to the csv module (its limit is 128 KB)."""
    text = "z" * 300_000 + "\nFirst Name,Last Name,Email\nAda,Lovelace,ada@example.com\n"
    assert find_header(text) == (1, ",", ["First Name", "Last Name", "Email"])
