"""Split decoded text into rows: line endings, over-long lines, the header found by content, polars with a lenient fallback."""

from __future__ import annotations

import csv
import io
import logging
from collections.abc import Mapping

import numpy as np
import polars as pl

from pipeline.ingest.clean import FIELD_CAP
from pipeline.ingest.columns import normalize_header, recognised

log = logging.getLogger(__name__)

HEADER_SCAN_LINES = 15
DELIMITERS = (",", ";", "\t")
# A contact row is a few hundred bytes; a line this long is not one (a 50 MB line once took 64 s
# and 11 GB to parse). It is cut out before parsing and reported as a rejected row.
LINE_CAP = 1 << 20
# An unclosed quote can swallow the rest of a file into one field: let the csv module hold it
# (the file is already in memory) instead of failing at its 128 KB default.
csv.field_size_limit(max(csv.field_size_limit(), 1 << 30))


def normalise_line_ends(text: str) -> str:
    """CRLF and lone CR (classic Mac, or a stray one mid-file) become LF, so every physical line is one line."""
    if "\r" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


def cut_long_lines(buffer: bytes) -> tuple[bytes, list[tuple[int, str]]]:
    """Empty every line of UTF-8 bytes longer than LINE_CAP (keeping line numbers); the bytes and (line, reason) per cut."""
    # A line over LINE_CAP covers a whole aligned block of half that size: when every block holds a
    # line feed (memchr finds it within a line's length), no line is too long and nothing is scanned.
    half = LINE_CAP // 2
    if all(buffer.find(b"\n", k, k + half) >= 0 for k in range(0, len(buffer) - half + 1, half)):
        return buffer, []
    # Line lengths from the positions of the line feeds: numpy reads 100 MB in a few tens of ms.
    breaks = np.flatnonzero(np.frombuffer(buffer, np.uint8) == 10)
    lengths = np.diff(breaks, prepend=-1, append=len(buffer)) - 1
    long = np.flatnonzero(lengths > LINE_CAP)
    if long.size == 0:
        return buffer, []
    starts = np.concatenate(([0], breaks + 1))
    pieces, cuts, previous = [], [], 0
    for index in long.tolist():
        start, size = int(starts[index]), int(lengths[index])
        pieces.append(buffer[previous:start])
        previous = start + size
        cuts.append((index + 1, f"line of {size / 1e6:.1f} MB is longer than a contact row can be ({LINE_CAP >> 20} MB): row skipped"))
    pieces.append(buffer[previous:])
    return b"".join(pieces), cuts


def find_header(text: str, user_map: Mapping[str, str] | None = None) -> tuple[int, str, list[str]] | None:
    """The header row within the first lines: (0-based line index, delimiter, cells), found by content."""
    known = {normalize_header(k) for k in (user_map or {})}
    best: tuple[int, int, int, str, list[str]] | None = None
    for index, line in enumerate(first_lines(text.lstrip("\ufeff"), HEADER_SCAN_LINES)):
        if not line.strip():
            continue
        for delimiter in DELIMITERS:
            if delimiter not in line and delimiter != ",":
                continue
            cells = [c.strip() for c in next(csv.reader([line], delimiter=delimiter), [])]
            filled = [c for c in cells if c]
            score = recognised(filled) + sum(1 for c in filled if normalize_header(c) in known)
            if score == 0 or (score < 2 and score < len(filled)):
                continue
            key = (score, len(cells), -index)
            if best is None or key > best[:3]:
                best = (*key, delimiter, cells)
    if best is None:
        return None
    return -best[2], best[3], [c or f"column {i + 1}" for i, c in enumerate(best[4])]


# Headerless LinkedIn exports, by number of columns: recognised only when the content agrees.
LINKEDIN_LAYOUTS: dict[int, list[str]] = {
    7: ["First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"],
    6: ["First Name", "Last Name", "Email Address", "Company", "Position", "Connected On"],
}


def first_lines(text: str, count: int) -> list[str]:
    """The first `count` lines, each longer than FIELD_CAP given as "" (never a header, never worth a copy)."""
    lines, pos = [], 0
    while len(lines) < count and pos <= len(text):
        end = text.find("\n", pos)
        end = len(text) if end < 0 else end
        lines.append(text[pos:end] if end - pos <= FIELD_CAP else "")
        pos = end + 1
    return lines


def infer_linkedin_header(text: str) -> tuple[int, str, list[str]] | None:
    """A file whose header the user deleted: if its columns look like LinkedIn's by content, name them so."""
    from pipeline.ingest.columns import EMAIL_RE, LINKEDIN_RE
    from pipeline.ingest.dates import parse_dates

    lines = [line for line in first_lines(text, 60) if line.strip()]
    for delimiter in DELIMITERS:
        rows = [r for r in csv.reader(lines, delimiter=delimiter) if len(r) > 1]
        widths = [len(r) for r in rows]
        width = max(set(widths), key=widths.count) if widths else 0
        layout = LINKEDIN_LAYOUTS.get(width)
        if layout is None:
            continue
        columns = [pl.Series([r[i].strip() or None for r in rows if len(r) == width], dtype=pl.String) for i in range(width)]
        dates = columns[-1].drop_nulls()
        if dates.len() == 0 or parse_dates(dates).null_count() > dates.len() // 5:
            continue
        email = columns[layout.index("Email Address")].drop_nulls()
        if email.len() and not email.str.contains(EMAIL_RE).mean() >= 0.8:
            continue
        if "URL" in layout:
            urls = columns[2].drop_nulls()
            if not urls.len() or urls.str.contains(LINKEDIN_RE).mean() < 0.8:
                continue
        return -1, delimiter, list(layout)
    return None


def unwrap_quoted_rows(frame: pl.DataFrame, delimiter: str) -> pl.DataFrame:
    # A spreadsheet re-export can wrap a whole row in quotes (inner quotes doubled), so it parses as
    # one field. Re-split such rows when they hold a full row's worth of fields; they are rare, so the
    # loop runs over those rows only.
    width = frame.width
    if width < 4 or frame.height == 0:
        return frame
    rest_empty = pl.all_horizontal(pl.col(c).is_null() for c in frame.columns[1:])
    suspects = frame.with_row_index("_i").filter(rest_empty & pl.col("c0").str.contains(delimiter, literal=True))
    if suspects.height == 0:
        return frame
    fixes: dict[int, list[str]] = {}
    for i, value in suspects.select("_i", "c0").iter_rows():
        cells = next(csv.reader([value], delimiter=delimiter, skipinitialspace=True), [])
        if len(cells) == width:
            fixes[i] = cells
    if not fixes:
        return frame
    patch = pl.DataFrame(
        {"_i": list(fixes), **{c: [fixes[i][k] or None for i in fixes] for k, c in enumerate(frame.columns)}},
        schema={"_i": pl.UInt32, **dict.fromkeys(frame.columns, pl.String)},
    )
    return frame.with_row_index("_i").update(patch, on="_i").drop("_i")


# Rows may carry more fields than the header (a stray comma, appended columns): read this many
# spare columns so such values are kept, not truncated away.
SPARE_COLUMNS = 8


def parse_rows(buffer: bytes, index: int, delimiter: str, width: int) -> tuple[pl.DataFrame, pl.Series, list]:
    """Parse the rows of UTF-8 bytes after header line `index` (0-based) into c0..cN strings and their start lines."""
    body_start = _offset_after_line(buffer, index)
    breaks_in_body = buffer.count(b"\n", body_start)
    if breaks_in_body == len(buffer) - body_start:  # nothing but line breaks
        return pl.DataFrame(schema=dict.fromkeys([f"c{i}" for i in range(width)], pl.String)), pl.Series("line", [], pl.Int64), []
    names = [f"c{i}" for i in range(width + SPARE_COLUMNS)]
    try:
        # skip_lines counts raw lines, as the header search does; the buffer is not copied.
        frame = pl.read_csv(
            buffer, has_header=False, skip_lines=index + 1, schema=dict.fromkeys(names, pl.String), separator=delimiter,
            truncate_ragged_lines=True, quote_char='"', infer_schema=False, missing_columns="insert",
        )
    except pl.exceptions.PolarsError as exc:
        log.debug("polars could not parse the rows (%s); using the lenient csv module", str(exc).splitlines()[0])
        return _parse_leniently(buffer[body_start:].decode("utf-8"), index, delimiter, width)
    spare = [n for n in names[width:] if frame.get_column(n).null_count() < frame.height]
    names = names[: width + len(spare)]  # spare columns are filled left to right
    frame = frame.select(names)
    # A quoted value with line breaks spans several physical lines: the next row starts after them.
    # When there are as many rows as physical lines, no value holds a line break: skip the count.
    physical = breaks_in_body + (0 if buffer.endswith(b"\n") else 1)
    breaks = (
        pl.sum_horizontal(pl.col(n).str.count_matches("\n", literal=True).fill_null(0) for n in names)
        if physical != frame.height
        else pl.lit(0, pl.Int64)
    )
    lines = frame.select(
        (pl.int_range(pl.len(), dtype=pl.Int64) + index + 2 + breaks.cum_sum().shift(1, fill_value=0)).alias("line")
    ).to_series()
    return frame, lines, []


def _parse_leniently(body: str, index: int, delimiter: str, width: int) -> tuple[pl.DataFrame, pl.Series, list]:
    # The slow path, for files polars refuses (text after a closing quote, a quote never closed):
    # the csv module reads them the way spreadsheets do. A per-row loop, but only for broken files.
    reader = csv.reader(io.StringIO(body, newline=""), delimiter=delimiter)
    rows: list[list[str]] = []
    starts: list[int] = []
    previous = 0
    for row in reader:
        starts.append(index + 2 + previous)
        previous = reader.line_num
        rows.append(row[: width + SPARE_COLUMNS])
    wide = max([width, *(len(r) for r in rows)])
    columns = {f"c{i}": [(r[i] or None) if i < len(r) else None for r in rows] for i in range(wide)}
    frame = pl.DataFrame(columns, schema=dict.fromkeys(columns, pl.String))
    notes = []
    if body.count('"') % 2 and rows:
        notes.append((starts[-1], "", "", "a quoted value on this line is never closed: the rest of the file was read into it"))
    return frame, pl.Series("line", starts, pl.Int64), notes


def _offset_after_line(buffer: bytes, index: int) -> int:
    pos = 0
    for _ in range(index + 1):
        nxt = buffer.find(b"\n", pos)
        if nxt < 0:
            return len(buffer)
        pos = nxt + 1
    return pos


def line_of(text: str, pos: int) -> int:
    """The 1-based physical line holding character `pos`."""
    return text.count("\n", 0, pos) + 1
