"""Clean raw values on the way in: strip control, bidi and terminal-escape characters, repair mojibake, cap long fields."""

from __future__ import annotations

import re
from collections.abc import Sequence

import polars as pl

# A contact value is a name, an address or a note: 64 KB holds any of them many times over.
FIELD_CAP = 64 * 1024

# Terminal escapes (CSI such as colours and cursor moves, OSC such as titles and hyperlinks) go whole,
# not just their ESC byte, so no "[31m" is left behind.
_ESCAPES = r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-Z\\-_]?"
# C0 controls but tab and line feed, DEL, C1 controls, and the invisible bidi marks, embeddings,
# overrides and isolates (U+202E turns "gpj.exe" around on screen).
_CONTROLS = r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
# UTF-8 read as cp1252/latin-1: a lead byte shown as Â..ô followed by a continuation byte shown
# as one of these. ftfy only sees values that look like this, so clean text costs nothing.
_CONTINUATION = "\u0080-\u00bf\u20ac\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u017d" \
    "\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u017e\u0178"
_MOJIBAKE = rf"[\u00c2-\u00f4][{_CONTINUATION}]"
SUSPECT = rf"{_CONTROLS}|{_MOJIBAKE}|\ufffd"

_PLAIN_ASCII = bytes([9, 10, *range(32, 127)])
_ALWAYS_SUSPECT = {chr(c) for c in [*range(0, 9), *range(11, 32), *range(127, 160), 0x061C, 0x200E, 0x200F,
                                    *range(0x202A, 0x202F), *range(0x2066, 0x206A), 0xFFFD]}
_LEADS = {chr(c) for c in range(0xC2, 0xF5)}
_CONTINUATIONS = set(_CONTINUATION[3:]) | {chr(c) for c in range(0x80, 0xC0)}  # [3:] skips the "\x80-¿" range
_ESCAPES_RE = re.compile(_ESCAPES)
_CONTROLS_RE = re.compile(_CONTROLS)
_MOJIBAKE_RE = re.compile(_MOJIBAKE)
_SUSPECT_RE = re.compile(SUSPECT)

STRIPPED = "control, bidi-override or terminal-escape characters removed"
REPAIRED = "mojibake repaired"
UNDECODABLE = "holds bytes that were not valid text (shown as \ufffd): the original letters are lost"


def capped(reason_size: int) -> str:
    """The warning for a value cut to FIELD_CAP."""
    return f"value of {reason_size:,} characters cut to {FIELD_CAP // 1024} KB"


def needs_cleaning(buffer: bytes) -> bool:
    """Whether any value in this UTF-8 text could need cleaning: a few C-speed passes that let the clean majority skip it."""
    # A regex over a 100 MB text takes seconds; deleting plain ASCII bytes takes milliseconds and
    # leaves the (valid UTF-8) rest: controls and non-ASCII characters, neighbours still neighbours.
    rest = buffer.translate(None, _PLAIN_ASCII)
    if not rest:
        return False
    chars = set(rest.decode("utf-8", "surrogatepass"))
    if not chars.isdisjoint(_ALWAYS_SUSPECT):
        return True
    return not chars.isdisjoint(_LEADS) and not chars.isdisjoint(_CONTINUATIONS) and _SUSPECT_RE.search(rest.decode()) is not None


def clean_value(value: str) -> tuple[str, list[str]]:
    """One value cleaned, and the reasons it changed (empty when it did not)."""
    reasons: list[str] = []
    text = value
    if len(text) > FIELD_CAP:
        reasons.append(capped(len(text)))
        text = text[:FIELD_CAP]
    stripped = False
    # Removing a control can join two halves of a mojibake sequence: repeat until nothing changes.
    for _ in range(3):
        before = text
        text = _ESCAPES_RE.sub("", text)
        stripped |= text != before
        if _MOJIBAKE_RE.search(text):
            import ftfy  # only files with mojibake pay for it

            # fix_encoding, not fix_text: that would also straighten curly quotes that were right.
            fixed = ftfy.fix_encoding(text)
            if fixed != text:
                reasons.append(f"{REPAIRED}: read as {visible(fixed[:60])}")
                text = fixed
        cleaned = _CONTROLS_RE.sub("", text)
        stripped |= cleaned != text
        text = cleaned
        if text == before:
            break
    if stripped:
        reasons.append(STRIPPED)
    if "\ufffd" in text:
        reasons.append(UNDECODABLE)
    return text, reasons


def visible(value: str) -> str:
    """A value as safe text: control and bidi characters shown as \\u escapes, never executed by a terminal."""
    return _CONTROLS_RE.sub(lambda m: f"\\u{ord(m.group()):04x}", value.replace("\x1b", "\\u001b"))


def clean_frame(
    frame: pl.DataFrame, headers: Sequence[str], lines: pl.Series, *, check_text: bool = True
) -> tuple[pl.DataFrame, list[tuple[int, str, str, str]]]:
    """Clean every value of an all-string frame; a warning (line, header, value, reason) per changed value."""
    warnings: list[tuple[int, str, str, str]] = []
    columns = []
    for i, name in enumerate(frame.columns):
        column = frame.get_column(name)
        long = column.str.len_bytes() > FIELD_CAP
        mask = (column.str.contains(SUSPECT) | long).fill_null(False) if check_text else long.fill_null(False)
        if not mask.any():
            columns.append(column)
            continue
        positions = mask.arg_true()
        values = column.gather(positions).to_list()
        fixes = {v: clean_value(v) for v in set(values)}
        header = headers[i] if i < len(headers) else name
        row_lines = lines.gather(positions).to_list()
        for line, value in zip(row_lines, values, strict=True):
            _, reasons = fixes[value]
            if reasons:
                warnings.append((line, header, visible(value[:200]), "; ".join(reasons)))
        new_values = pl.Series([fixes[v][0] or None for v in values], dtype=pl.String)
        columns.append(column.scatter(positions, new_values))
    return pl.DataFrame(columns), warnings
