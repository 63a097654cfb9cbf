"""A small stored network for the review page's tests: six people, one likely duplicate, one reject."""

from __future__ import annotations

import shutil
from datetime import date

import polars as pl
import pytest

from pipeline.store import LedgerEntry, Store
from pipeline.workspace import Workspace, init_workspace
from schemas.fields import RECORD_DTYPES
from tests.conftest import SAMPLE

TODAY = date(2026, 12, 2)
TOKEN = "test-token-123"
EVIL = "Eve <script>alert(1)</script> {{ 7*7 }}\r\nX-Injected: yes"

PEOPLE = [
    # file, line, first, last, company, title, email, school
    ("linkedin.csv", 2, "Priya", "Patel", "Spotify", "Data Scientist", "priya@example.com", None),
    ("linkedin.csv", 3, "Marcus", "Chen", "Acme Analytics", "Senior Data Analyst", None, None),
    ("linkedin.csv", 4, "Eve", "Mallory", "Globex", "UX Researcher", "eve@example.com", None),
    ("alumni.csv", 2, "Marcus", "Chen", None, None, None, "Riverbend University"),
    ("alumni.csv", 3, "Sam", "Okafor", "Helios Climate", "Sustainability Manager", "sam@example.org", "Riverbend University"),
    ("alumni.csv", 4, "Lena", "Fischer", "Northwind", "Machine Learning Engineer", "lena@example.org", "Riverbend University"),
]


FIRST = ("Ana", "Bogdan", "Cyrus", "Delphine", "Edmund", "Fatou", "Gustavo", "Hana", "Ivor", "Junichiro", "Kwame",
         "Liesel", "Mohammed", "Nadia", "Oluwaseun", "Petra", "Quentin", "Rosalind", "Siddharth", "Thandiwe")
LAST = ("Abernathy", "Brzezinski", "Castellanos", "Dimitriou", "Eriksson", "Fitzgerald", "Gonçalves", "Hakimi",
        "Ivanova", "Jørgensen", "Kowalczyk", "Lindqvist", "Moreau", "Nakamura", "Oyelaran", "Pellegrini",
        "Quispe", "Rasmussen", "Szabó", "Takahashi")
TITLES = ("Data Analyst", "UX Researcher", "ESG Analyst", "Product Designer", "Analytics Manager", "Climate Policy Advisor")
COMPANIES = ("Zalando", "Figma", "Canva", "Ørsted", "Klarna", "Wise")


def _extra(n: int) -> list[tuple]:
    # More people, so a page shows what a real network looks like (screenshots, rows per screen).
    return [("alumni.csv", 10 + i, FIRST[i % len(FIRST)], LAST[i % len(LAST)], COMPANIES[i % len(COMPANIES)],
             TITLES[i % len(TITLES)], f"person{i}@example.org", "Riverbend University" if i % 2 else None)
            for i in range(n)]


def _records(extra: int = 0) -> pl.DataFrame:
    rows = []
    for file, line, first, last, company, title, email, school in [*PEOPLE, *_extra(extra)]:
        full = EVIL if first == "Eve" else f"{first} {last}"
        rows.append({
            "record_id": f"r_{file[:2]}{line}", "source_kind": "linkedin" if file.startswith("linkedin") else "alumni",
            "source_file": file, "source_line": line, "extras": "{}", "first_name": first, "last_name": last,
            "full_name": full, "emails": [email] if email else [], "phones": [], "company": company, "title": title,
            "school": school, "class_year": 2019 if school else None,
        })
    return pl.DataFrame(rows, schema=RECORD_DTYPES, strict=False)


def build_workspace(root, extra: int = 0) -> Workspace:
    """A workspace whose store went through the real resolver (import without the file reading)."""
    from pipeline.resolve.people import resolve_all

    ws, _ = init_workspace(root)
    shutil.copyfile(SAMPLE / "profile.toml", ws.profile)
    records = _records(extra)
    with Store.open(ws.root) as store:
        for seq, file in enumerate(("linkedin.csv", "alumni.csv"), start=1):
            mine = records.filter(pl.col("source_file") == file)
            entry = LedgerEntry(seq, f"hash{seq}", file, mine["source_kind"][0], "utf-8", "2026-12-01T10:00:00+00:00",
                                mine.height + 1, mine.height, 1 if seq == 2 else 0, 0, 0)
            stored = store.records()
            new = mine.with_columns(pl.lit(None, pl.String).alias("contact_id"), pl.lit(seq, pl.Int64).alias("import_seq"))
            assignments, contacts, pairs = resolve_all(pl.concat([stored, new], how="diagonal_relaxed"), store.decisions(), "US")
            issues = pl.DataFrame(
                [{"source_file": file, "source_line": 9, "column": "Email", "value": "not-an-email",
                  "reason": "not an email address", "severity": "rejected"}] if seq == 2 else [],
                schema={"source_file": pl.String, "source_line": pl.Int64, "column": pl.String, "value": pl.String,
                        "reason": pl.String, "severity": pl.String},
            )
            store.write_import(entry=entry, records=mine, issues=issues, assignments=assignments, contacts=contacts,
                               review_pairs=pairs)
    return ws


@pytest.fixture(scope="session")
def _built(tmp_path_factory) -> Workspace:
    return build_workspace(tmp_path_factory.mktemp("review") / "ws")


@pytest.fixture
def review_ws(_built, tmp_path) -> Workspace:
    """A fresh copy of the small network, for tests that change it."""
    shutil.copytree(_built.root, tmp_path / "ws")
    return Workspace(tmp_path / "ws")


def _client(workspace: Workspace):
    from starlette.testclient import TestClient

    from flows.web.app import create_app

    client = TestClient(create_app(workspace, token=TOKEN, today=TODAY), base_url="http://127.0.0.1:8750",
                        follow_redirects=False)
    client.cookies.set("coffeechat_review", TOKEN)
    return client


@pytest.fixture
def client(review_ws):
    """A TestClient that already holds the token cookie, as a browser does after the first visit."""
    with _client(review_ws) as c:
        yield c


@pytest.fixture(scope="module")
def reader(_built):
    """One client per module over the shared network, for tests that only read."""
    with _client(_built) as c:
        yield c
