"""Read a contact file (CSV in any encoding and dialect, LinkedIn ZIP, vCard) into records: read, map, validate."""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import polars as pl

from pipeline.errors import InputFileError, UnknownColumnsError
from pipeline.ingest.archives import from_zip
from pipeline.ingest.clean import clean_frame, needs_cleaning
from pipeline.ingest.columns import ALIASES, detect_kind, map_columns
from pipeline.ingest.csvsplit import (
    HEADER_SCAN_LINES,
    cut_long_lines,
    find_header,
    infer_linkedin_header,
    normalise_line_ends,
    parse_rows,
    unwrap_quoted_rows,
)
from pipeline.ingest.decode import decode
from pipeline.ingest.validate import LoadedFile, split_rows
from pipeline.ingest.vcard import read_vcards
from schemas.fields import USER_TARGETS

log = logging.getLogger(__name__)

__all__ = [
    "ALIASES", "LoadedFile", "RawTable", "contact_files", "decode", "detect_kind", "find_header", "load_file",
    "read_table",
]

# What a folder argument imports: the shapes contact exports come in. Hidden files (.DS_Store,
# editor swap files) and everything else in the folder are left alone.
CONTACT_SUFFIXES = (".csv", ".tsv", ".txt", ".zip", ".vcf")
NUL_ROW = "holds a NUL byte (binary data inside a text file): row skipped"


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
    rejects: tuple[tuple[int, str], ...] = ()  # (line, reason): rows the bytes already rule out


def contact_files(paths: Iterable[Path]) -> list[Path]:
    """The paths as given, each folder replaced by the contact files inside it (recursively, sorted)."""
    found: list[Path] = []
    for path in paths:
        if not Path(path).is_dir():
            found.append(path)
            continue
        inside = sorted(
            p for p in Path(path).rglob("*")
            if p.is_file() and p.suffix.casefold() in CONTACT_SUFFIXES
            and not any(part.startswith(".") for part in p.relative_to(path).parts)
        )
        found.extend(inside or [path])  # an empty folder stays, to be reported as one
    return found


def load_file(
    path: Path,
    *,
    user_map: Mapping[str, str] | None = None,
    display_name: str | None = None,
    today: date | None = None,
) -> LoadedFile:
    """Read, map and validate one contact file; bad rows are reported, not raised."""
    shown = display_name or str(path)
    # The edge of the reading stage: the clock is read here once and passed down as a value.
    today = today or date.today()
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
        content_hash=content_hash, byte_warnings=raw.warnings, byte_rejects=raw.rejects, today=today,
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
        raise InputFileError(
            "This folder holds no contact files", file=shown,
            fix=f"Give the CSV, ZIP or .vcf files themselves ({', '.join(CONTACT_SUFFIXES)} are imported from a folder).",
        ) from exc
    except OSError as exc:
        raise InputFileError(f"Cannot read the file ({exc.strerror})", file=shown, fix="Check its permissions.") from exc


def read_table(data: bytes, shown: str, *, user_map: Mapping[str, str] | None = None) -> RawTable:
    """Turn a file's bytes into a RawTable: unzip, decode, find the header, parse, clean the values."""
    if data.startswith(b"PK\x03\x04"):
        data = from_zip(data, shown)
    if not data.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
        raise InputFileError("The file is empty", file=shown, fix="Export it again; the download may have failed.")
    text, encoding, _ = decode(data)
    text = normalise_line_ends(text)
    text, rejects = _drop_nuls(text, shown)
    buffer = text.encode("utf-8")  # encoded once: the pre-check, the line cap and polars all read it
    suspect = needs_cleaning(buffer)  # one scan: most files hold no value that needs cleaning
    if re.match(r"\s*BEGIN:VCARD", text, re.IGNORECASE):
        frame, headers, lines = read_vcards(text, shown)
        frame, notes = clean_frame(frame, headers, lines, check_text=suspect)
        return RawTable(frame, headers, lines, encoding, "", kind="vcard", warnings=tuple(notes), rejects=tuple(rejects))
    buffer, cuts = cut_long_lines(buffer)
    if cuts:
        rejects.extend(cuts)
        text = buffer.decode("utf-8")
    warnings: list[tuple[int, str, str, str]] = []
    found = find_header(text, user_map)
    if found is None:
        found = infer_linkedin_header(text)
        if found is None:
            raise _unknown_columns(shown, None)
        warnings.append((1, "", "", f"no header row: columns read as LinkedIn's {', '.join(found[2])} by their content"))
    index, delimiter, headers = found
    frame, lines, notes = parse_rows(buffer, index, delimiter, len(headers))
    warnings.extend(notes)
    frame = unwrap_quoted_rows(frame, delimiter)
    # Values beyond the header's last column are kept (in extras), under a made-up header.
    headers = headers + [f"column {i + 1}" for i in range(len(headers), frame.width)]
    if frame.height == 0:
        warnings.append((index + 1, "", "", "the file holds a header row but no data rows"))
    frame, cleaned = clean_frame(frame, headers, lines, check_text=suspect)
    warnings.extend(cleaned)
    return RawTable(frame, headers, lines, encoding, delimiter, warnings=tuple(warnings), rejects=tuple(rejects))


def _drop_nuls(text: str, shown: str) -> tuple[str, list[tuple[int, str]]]:
    # A few NUL bytes are damage to a few rows (those rows are rejected, the rest kept); NULs on a
    # third of the lines, or as one byte in twenty, mean the file is not text at all.
    count = text.count("\x00")
    if not count:
        return text, []
    found: list[int] = []
    if count * 20 <= len(text):
        line, previous = 1, 0
        for match in re.finditer("\x00", text):  # one pass: each gap's line breaks counted once
            line += text.count("\n", previous, match.start())
            previous = match.start()
            if not found or found[-1] != line:
                found.append(line)
    if not found or len(found) * 3 > text.count("\n") + 1:
        raise InputFileError(
            "This is not a text file (it holds binary bytes)", file=shown,
            fix="Give the CSV or .vcf export itself, e.g. LinkedIn's Connections.csv.",
        )
    return text.replace("\x00", ""), [(line, NUL_ROW) for line in found]


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
