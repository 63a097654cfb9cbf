"""Read a contact file (CSV in any encoding and dialect, LinkedIn ZIP, vCard) into records: read, map, validate."""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import logging
import re
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from pipeline.errors import InputFileError, UnknownColumnsError
from pipeline.ingest.columns import (
    ALIASES,
    USER_TARGETS,
    detect_kind,
    map_columns,
    normalize_header,
    recognised,
)
from pipeline.ingest.validate import LoadedFile, split_rows

log = logging.getLogger(__name__)

__all__ = ["ALIASES", "LoadedFile", "RawTable", "decode", "detect_kind", "find_header", "load_file", "read_table"]

HEADER_SCAN_LINES = 15
DELIMITERS = (",", ";", "\t")
# Zip-bomb guards: LinkedIn archives are a few MB; a member this large or this compressed is not one.
MAX_MEMBER_BYTES = 512 * 1024 * 1024
MAX_RATIO = 200
MAX_MEMBERS = 20_000


@dataclass(frozen=True)
class RawTable:
    """A file's data rows as an all-string frame, with the header and physical line of every row."""

    frame: pl.DataFrame  # columns c0..cN, every value a string (or null)
    headers: list[str]  # the original header cells, in column order
    lines: pl.Series  # Int64: 1-based physical line where each row starts
    encoding: str
    delimiter: str
    kind: str | None = None  # set when the container says (vCard)
    warnings: tuple[tuple[int, str, str, str], ...] = ()  # (line, column, value, reason) about the bytes


def load_file(
    path: Path, *, user_map: Mapping[str, str] | None = None, display_name: str | None = None
) -> LoadedFile:
    """Read, map and validate one contact file; bad rows are reported, not raised."""
    shown = display_name or str(path)
    _check_user_map(user_map, shown)
    data = _read_bytes(path, shown)
    content_hash = hashlib.sha256(data).hexdigest()
    raw = read_table(data, shown, user_map=user_map)
    kind = raw.kind or detect_kind(raw.headers)
    mapped = map_columns(raw.frame, raw.headers, kind, user_map)
    if not any(t not in ("extra", "ignore") for t in mapped.targets.values()):
        raise _unknown_columns(shown, raw.headers)
    log.debug("%s: kind=%s encoding=%s delimiter=%r rows=%d", shown, kind, raw.encoding, raw.delimiter, raw.frame.height)
    return split_rows(
        raw.frame, mapped, raw.lines,
        path=shown, kind=kind, encoding=raw.encoding, delimiter=raw.delimiter,
        content_hash=content_hash, byte_warnings=raw.warnings,
    )


def _check_user_map(user_map: Mapping[str, str] | None, shown: str) -> None:
    for header, target in (user_map or {}).items():
        if target not in USER_TARGETS:
            raise InputFileError(
                f"The column mapping sends {header!r} to {target!r}, which is not a field", file=shown, value=target,
                fix=f'Use --map "{header}=FIELD" with FIELD one of: {", ".join(USER_TARGETS)}.',
            )


def _read_bytes(path: Path, shown: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except FileNotFoundError as exc:
        raise InputFileError("No such file", file=shown, fix="Check the path.") from exc
    except IsADirectoryError as exc:
        raise InputFileError("This is a folder, not a file", file=shown, fix="Give the CSV, ZIP or .vcf inside it.") from exc
    except OSError as exc:
        raise InputFileError(f"Cannot read the file ({exc.strerror})", file=shown, fix="Check its permissions.") from exc


def read_table(data: bytes, shown: str, *, user_map: Mapping[str, str] | None = None) -> RawTable:
    """Turn a file's bytes into a RawTable: unzip, decode, find the header, parse."""
    if data.startswith(b"PK\x03\x04"):
        data = _from_zip(data, shown)
    if not data.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
        raise InputFileError("The file is empty", file=shown, fix="Export it again; the download may have failed.")
    text, encoding, damaged = decode(data)
    if "\x00" in text:
        raise InputFileError(
            "This is not a text file (it holds binary bytes)", file=shown,
            fix="Give the CSV or .vcf export itself, e.g. LinkedIn's Connections.csv.",
        )
    if re.match(r"\s*BEGIN:VCARD", text, re.IGNORECASE):
        frame, headers, lines = read_vcards(text, shown)
        return RawTable(frame, headers, lines, encoding, "", kind="vcard")
    if "\r" in text and "\n" not in text:
        text = text.replace("\r", "\n")  # classic Mac line endings (old Excel for Mac)
    warnings = [
        (_line_of(text, pos), "", text[max(pos - 10, 0): pos + 10], "bytes that are not valid text were replaced with �")
        for pos in damaged
    ]
    found = find_header(text, user_map)
    if found is None:
        found = infer_linkedin_header(text)
        if found is None:
            raise _unknown_columns(shown, None)
        warnings.append((1, "", "", f"no header row: columns read as LinkedIn's {', '.join(found[2])} by their content"))
    index, delimiter, headers = found
    frame, lines, notes = _parse(text, index, delimiter, len(headers))
    warnings.extend(notes)
    frame = _unwrap_quoted_rows(frame, delimiter)
    # Values beyond the header's last column are kept (in extras), under a made-up header.
    headers = headers + [f"column {i + 1}" for i in range(len(headers), frame.width)]
    return RawTable(frame, headers, lines, encoding, delimiter, warnings=tuple(warnings))


def decode(data: bytes) -> tuple[str, str, list[int]]:
    """Decode bytes as UTF-8 (with or without BOM), UTF-16, cp1252 or MacRoman; also where text was damaged."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig", []
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16", []
    head = data[:4096]
    if b"\x00" in head:
        # UTF-16 without a BOM: every other byte of ASCII text is NUL. Any other NUL means binary.
        even, odd = head[0::2], head[1::2]
        for zeros, other, codec in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
            if zeros.count(0) > 0.9 * len(zeros) and other.count(0) < 0.1 * len(other):
                try:
                    return data.decode(codec), "utf-16", []
                except UnicodeDecodeError:
                    break
        return data.decode("latin-1"), "binary", []
    try:
        return data.decode("utf-8"), "utf-8", []
    except UnicodeDecodeError:
        pass
    # Count with C-speed string methods: bytes >= 0x80, and U+FFFD where UTF-8 decoding failed.
    text = data.decode("utf-8", errors="replace")
    high = len(data) - len(data.translate(None, _HIGH_BYTES))
    bad = text.count("\ufffd")
    good = len(text) - (len(data) - high) - bad  # non-ASCII characters that decoded fine
    if good <= 0:
        return _legacy(data)
    if good >= bad:
        # Mostly valid UTF-8 with a few corrupt bytes: a legacy decode would garble every accent.
        return text, "utf-8", [m.start() for m in re.finditer("\ufffd+", text[: 1 << 20])][:20]
    # Mostly legacy bytes with some UTF-8 pasted in (seen in Danish Excel re-saves): decode each
    # stretch as what it is.
    return data.decode("utf-8", errors="cp1252_fallback"), "cp1252", []


def _cp1252_fallback(error: UnicodeDecodeError) -> tuple[str, int]:
    chunk = error.object[error.start : error.end]
    return chunk.decode("cp1252", errors="replace"), error.end


codecs.register_error("cp1252_fallback", _cp1252_fallback)


_HIGH_BYTES = bytes(range(128, 256))
_NON_ASCII = re.compile("[^\x00-\x7f]")


def _legacy(data: bytes) -> tuple[str, str, list[int]]:
    # cp1252 and MacRoman both decode almost anything; keep the one whose first MB yields more letters.
    sample = data[: 1 << 20]
    best: tuple[int, bool, str] | None = None
    for codec in ("cp1252", "mac_roman"):
        try:
            high = _NON_ASCII.findall(sample.decode(codec))
        except UnicodeDecodeError:
            continue
        score = sum(ch.isalpha() for ch in high) - sum(not ch.isalpha() for ch in high)
        if best is None or (score, codec == "cp1252") > best[:2]:
            best = (score, codec == "cp1252", codec)
    codec = best[2] if best else "latin-1"
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:  # an undefined cp1252 byte beyond the sample
        codec, text = "mac_roman", data.decode("mac_roman")
    return text, {"cp1252": "cp1252", "mac_roman": "mac-roman"}.get(codec, codec), []


def find_header(text: str, user_map: Mapping[str, str] | None = None) -> tuple[int, str, list[str]] | None:
    """The header row within the first lines: (0-based line index, delimiter, cells), found by content."""
    known = {normalize_header(k) for k in (user_map or {})}
    best: tuple[int, int, int, str, list[str]] | None = None
    lines = text[: 1 << 18].lstrip("\ufeff").split("\n", HEADER_SCAN_LINES)[:HEADER_SCAN_LINES]
    for index, line in enumerate(lines):
        line = line.rstrip("\r")
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


def infer_linkedin_header(text: str) -> tuple[int, str, list[str]] | None:
    """A file whose header the user deleted: if its columns look like LinkedIn's by content, name them so."""
    from pipeline.ingest.columns import EMAIL_RE, LINKEDIN_RE
    from pipeline.ingest.dates import parse_dates

    lines = [line.rstrip("\r") for line in text.split("\n", 60)[:60] if line.strip()]
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


def _unwrap_quoted_rows(frame: pl.DataFrame, delimiter: str) -> pl.DataFrame:
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


def _parse(text: str, index: int, delimiter: str, width: int) -> tuple[pl.DataFrame, pl.Series, list]:
    """Parse the rows after header line `index` (0-based) into c0..cN strings and their start lines."""
    body_start = _offset_after_line(text, index)
    body = text[body_start:]
    if not body.strip("\r\n"):
        return pl.DataFrame(schema=dict.fromkeys([f"c{i}" for i in range(width)], pl.String)), pl.Series("line", [], pl.Int64), []
    names = [f"c{i}" for i in range(width + SPARE_COLUMNS)]
    try:
        frame = pl.read_csv(
            body.encode("utf-8"), has_header=False, schema=dict.fromkeys(names, pl.String), separator=delimiter,
            truncate_ragged_lines=True, quote_char='"', infer_schema=False, missing_columns="insert",
        )
    except pl.exceptions.PolarsError as exc:
        log.debug("polars could not parse the rows (%s); using the lenient csv module", str(exc).splitlines()[0])
        return _parse_leniently(body, index, delimiter, width)
    spare = [n for n in names[width:] if frame.get_column(n).null_count() < frame.height]
    names = names[: width + len(spare)]  # spare columns are filled left to right
    frame = frame.select(names)
    if "\r" in body:
        frame = frame.with_columns(pl.col(n).str.strip_chars_end("\r") for n in names)
    # A quoted value with line breaks spans several physical lines: the next row starts after them.
    # When there are as many rows as physical lines, no value holds a line break: skip the count.
    physical = body.count("\n") + (0 if body.endswith("\n") else 1)
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
    columns = {f"c{i}": [(r[i].rstrip("\r") or None) if i < len(r) else None for r in rows] for i in range(wide)}
    frame = pl.DataFrame(columns, schema=dict.fromkeys(columns, pl.String))
    notes = []
    if body.count('"') % 2 and rows:
        notes.append((starts[-1], "", "", "a quoted value on this line is never closed: the rest of the file was read into it"))
    return frame, pl.Series("line", starts, pl.Int64), notes


def _offset_after_line(text: str, index: int) -> int:
    pos = 0
    for _ in range(index + 1):
        nxt = text.find("\n", pos)
        if nxt < 0:
            return len(text)
        pos = nxt + 1
    return pos


def _line_of(text: str, pos: int) -> int:
    return text.count("\n", 0, pos) + 1


def _from_zip(data: bytes, shown: str) -> bytes:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise InputFileError("The ZIP archive is damaged", file=shown, fix="Download the LinkedIn archive again.") from exc
    with archive:
        members = archive.infolist()
        if len(members) > MAX_MEMBERS:
            raise InputFileError(f"The ZIP holds {len(members)} files", file=shown, fix="Unzip it and give Connections.csv.")
        wanted = [m for m in members if not m.is_dir() and Path(m.filename).name.casefold() == "connections.csv"]
        if not wanted and any(m.filename.startswith(("xl/", "[Content_Types].xml")) for m in members):
            raise InputFileError(
                "This is an Excel workbook, not a CSV", file=shown,
                fix="Open it in Excel or Numbers and save it as CSV (UTF-8), then import that file.",
            )
        if not wanted:
            csvs = sorted(Path(m.filename).name for m in members if m.filename.casefold().endswith((".csv", ".vcf")))
            raise InputFileError(
                "The ZIP holds no Connections.csv", file=shown,
                fix=f"Unzip it and import the contact file itself (it holds: {', '.join(csvs[:10]) or 'no CSV'}).",
            )
        member = min(wanted, key=lambda m: m.filename.count("/"))
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > MAX_MEMBER_BYTES or (member.file_size > 1 << 20 and ratio > MAX_RATIO):
            raise InputFileError(
                f"{member.filename} in the ZIP unpacks to {member.file_size} bytes (ratio {ratio:.0f}:1)",
                file=shown, fix="This does not look like a LinkedIn archive; unzip it yourself and check the file.",
            )
        with archive.open(member) as handle:
            # Read one byte past the limit: the declared size in the ZIP header may lie.
            content = handle.read(MAX_MEMBER_BYTES + 1)
        if len(content) > MAX_MEMBER_BYTES:
            raise InputFileError("A file in the ZIP is too large to be a contact export", file=shown, fix="Unzip it and check it.")
        return content


def _unknown_columns(shown: str, headers: Sequence[str] | None) -> UnknownColumnsError:
    looked = "First Name, Last Name, Name, Email, URL, Company, Position/Job Title, Class Year, Connected On"
    seen = f" The first row holds: {', '.join(headers[:8])}." if headers else ""
    return UnknownColumnsError(
        f"No header row with recognisable contact columns was found in the first {HEADER_SCAN_LINES} lines.{seen}",
        file=shown,
        fix=(
            f"Looked for headers such as {looked}. Add a header row, or tell coffeechat what a column holds: "
            '--map "Their Header=first_name" (or [columns] in profile.toml).'
        ),
    )


def read_vcards(text: str, shown: str) -> tuple[pl.DataFrame, list[str], pl.Series]:
    """Flatten vCard 3/4 cards into one all-string row per card, headers the alias table knows."""
    import vobject  # only vCard files pay for it

    starts = [_line_of(text, m.start()) for m in re.finditer(r"(?im)^BEGIN:VCARD\s*$", text)]
    rows: list[dict[str, str]] = []
    try:
        for card in vobject.readComponents(text, ignoreUnreadable=True):
            rows.append(_card_row(card))
    except Exception as exc:  # vobject raises its own ParseError and plain ValueErrors
        raise InputFileError(f"The vCard file cannot be parsed ({exc})", file=shown, fix="Export the contacts again as vCard 3 or 4.") from exc
    if len(rows) != len(starts):
        raise InputFileError(
            f"Found {len(starts)} BEGIN:VCARD lines but {len(rows)} readable cards", file=shown,
            fix="Export the contacts again as vCard 3 or 4.",
        )
    headers: list[str] = []
    for row in rows:
        headers.extend(h for h in row if h not in headers)
    frame = pl.DataFrame(
        {f"c{i}": [row.get(h) for row in rows] for i, h in enumerate(headers)},
        schema={f"c{i}": pl.String for i in range(len(headers))},
    )
    return frame, headers, pl.Series("line", starts, pl.Int64)


def _card_row(card) -> dict[str, str]:
    row: dict[str, str] = {}
    counts: dict[str, int] = {}

    def put(header: str, value: str | None) -> None:
        if value and str(value).strip():
            row[header] = str(value).strip()

    def numbered(kind: str, value: str) -> None:
        counts[kind] = counts.get(kind, 0) + 1
        put(f"{kind} {counts[kind]} - Value", value)

    for prop in card.getChildren():
        name = prop.name.upper()
        value = prop.value
        if name == "FN":
            put("Full Name", value)
        elif name == "N":
            put("First Name", " ".join(_as_list(value.given)))
            put("Middle Name", " ".join(_as_list(value.additional)))
            put("Last Name", " ".join(_as_list(value.family)))
        elif name == "EMAIL":
            numbered("E-mail", value)
        elif name == "TEL":
            numbered("Phone", value.removeprefix("tel:"))
        elif name == "URL":
            numbered("Website", value)
        elif name == "ORG":
            put("Organization Name", " ".join(_as_list(value)[:1]))
        elif name == "TITLE":
            put("Job Title", value)
        elif name == "NOTE":
            put("Notes", value)
        elif name == "BDAY":
            put("Birthday", value)
        elif name == "ADR" and "Street" not in row:
            put("Street", value.street if isinstance(value.street, str) else " ".join(value.street))
            put("City", value.city)
            put("Region", value.region)
            put("Postal Code", value.code)
            put("Country", value.country)
        elif name in ("BEGIN", "END", "VERSION", "PRODID", "UID", "REV", "PHOTO", "X-ABLABEL", "X-ABADR"):
            continue
        elif isinstance(value, str):
            put(name.title(), value)
    return row


def _as_list(value) -> list[str]:
    if isinstance(value, list | tuple):
        return [str(v) for v in value if v]
    return [str(value)] if value else []
