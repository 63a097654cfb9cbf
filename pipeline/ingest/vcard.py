"""Flatten vCard 3/4 files into one all-string row per card, under headers the alias table knows."""

from __future__ import annotations

import re

import polars as pl

from pipeline.errors import InputFileError


def read_vcards(text: str, shown: str) -> tuple[pl.DataFrame, list[str], pl.Series]:
    """Flatten vCard 3/4 cards into one all-string row per card, headers the alias table knows."""
    import vobject  # only vCard files pay for it

    starts = [text.count("\n", 0, m.start()) + 1 for m in re.finditer(r"(?im)^BEGIN:VCARD\s*$", text)]
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
