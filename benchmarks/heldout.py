"""The held-out graded set: real LinkedIn exports read from ../shared, grades kept only as hashes of (title, company)."""

from __future__ import annotations

import csv
import hashlib
import io
import random
from pathlib import Path

import polars as pl

REALWORLD = Path(__file__).resolve().parents[2] / "shared" / "realworld" / "linkedin"
FILES = (
    "rodolfopardo__linkedin-network__Connections.csv",
    "neelmehra__Linkedin_Analysis__Connections.csv",
    "StanislavZ__linkedin-connection-checker__Connections.csv",
)
GRADES = Path(__file__).resolve().parent / "data" / "heldout_grades.csv"
PROFILE = Path(__file__).resolve().parent / "data" / "heldout_profile.toml"
GRADE_COLUMNS = {"Data science": "data_science", "UX design": "ux_design", "Climate": "climate", "Software engineering": "software"}
SAMPLE_SEED, SAMPLE_SIZE = 12, 180


def key(title: str, company: str) -> str:
    return hashlib.sha256(f"{title}|{company}".encode()).hexdigest()[:16]


def _rows(path: Path) -> list[tuple[str, str]]:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252")
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if "Position" in line and ("Company" in line or "company" in line))
    body = "\n".join(lines[start:])
    delimiter = ";" if lines[start].count(";") > lines[start].count(",") else ","
    reader = csv.DictReader(io.StringIO(body), delimiter=delimiter)
    out = []
    for row in reader:
        title, company = (row.get("Position") or "").strip(), (row.get("Company") or "").strip()
        if title or company:
            out.append((title, company))
    return out


def available() -> bool:
    return all((REALWORLD / f).exists() for f in FILES)


def sample() -> pl.DataFrame:
    """The seeded sample of distinct (title, company) rows from the held-out files."""
    rows = sorted({r for f in FILES for r in _rows(REALWORLD / f)})
    picked = random.Random(SAMPLE_SEED).sample(rows, SAMPLE_SIZE)
    return pl.DataFrame(picked, schema={"title": pl.String, "company": pl.String}, orient="row").with_columns(
        pl.Series("key", [key(t, c) for t, c in picked])
    )


def graded() -> pl.DataFrame:
    """The sample joined to its grades, with content-hash contact ids."""
    grades = pl.read_csv(GRADES, schema_overrides={"key": pl.String})
    frame = sample().join(grades, on="key", how="inner")
    return frame.with_columns(("c_" + pl.col("key")).alias("contact_id"))
