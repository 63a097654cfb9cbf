"""The SQLite store: migrations, WAL, all-or-nothing writes, typed round trips."""

from __future__ import annotations

import sqlite3
from datetime import date

import polars as pl
import pytest

from pipeline.errors import StoreError
from pipeline.store import MIGRATIONS, SCHEMA_VERSION, LedgerEntry, Store
from schemas.fields import RECORD_DTYPES


def _records(n: int = 2) -> pl.DataFrame:
    rows = {c: [None] * n for c in RECORD_DTYPES}
    rows.update(
        record_id=[f"r{i}" for i in range(n)], source_kind=["linkedin"] * n, source_file=["c.csv"] * n,
        source_line=list(range(5, 5 + n)), first_name=["Zoë", "Bob"][:n], last_name=["Ng", "O'Brien"][:n],
        emails=[["z@example.com", "z2@example.com"], []][:n], phones=[[], ["+15550100"]][:n],
        connected_on=[date(2024, 1, 8), None][:n], class_year=[2019, None][:n], extras=['{"Team": "a"}', "{}"][:n],
    )
    return pl.DataFrame(rows, schema=RECORD_DTYPES)


def _entry(seq: int = 1, digest: str = "h1") -> LedgerEntry:
    return LedgerEntry(seq, digest, "c.csv", "linkedin", "utf-8", "2026-11-25T10:00:00+00:00", 3, 2, 0, 1, 0)


def _write(store: Store, records: pl.DataFrame, seq: int = 1, digest: str = "h1") -> None:
    contacts = records.select("record_id", *[c for c in RECORD_DTYPES if c not in {"record_id", "source_kind", "source_file", "source_line", "extras"}]).rename({"record_id": "contact_id"}).with_columns(
        pl.lit(["linkedin"]).alias("sources"), pl.lit(1).alias("record_count"))
    store.write_import(
        entry=_entry(seq, digest), records=records,
        issues=pl.DataFrame({"source_file": ["c.csv"], "source_line": [7], "column": [None], "value": [None],
                             "reason": ["identifies nobody"], "severity": ["rejected"]},
                            schema={"source_file": pl.String, "source_line": pl.Int64, "column": pl.String,
                                    "value": pl.String, "reason": pl.String, "severity": pl.String}),
        assignments=records.select("record_id", pl.col("record_id").alias("contact_id")),
        contacts=contacts,
        review_pairs=pl.DataFrame(schema={"record_a": pl.String, "record_b": pl.String, "weight": pl.Float64,
                                          "probability": pl.Float64, "reasons": pl.String}),
    )


def test_new_store_is_at_the_latest_schema_in_wal_mode(tmp_path):
    """Opening a fresh workspace creates every table at the latest version, journaled with WAL."""
    with Store.open(tmp_path) as store:
        assert store.version == SCHEMA_VERSION
        assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_old_store_migrates_in_place_and_keeps_its_rows(tmp_path):
    """A workspace written at schema 1 upgrades to the latest and loses nothing."""
    with Store.open(tmp_path) as store:
        store.conn.execute("DROP TABLE events")
        store.conn.execute("PRAGMA user_version = 1")
        _write(store, _records())
    with Store.open(tmp_path) as store:
        assert store.version == SCHEMA_VERSION == len(MIGRATIONS)
        assert store.records().height == 2
        store.add_event("r0", "sent", "2026-11-20")
        assert store.contacts().filter(pl.col("contact_id") == "r0")["status"].item() == "sent"


def test_store_from_a_newer_coffeechat_is_refused(tmp_path):
    """A schema newer than this code knows raises a StoreError naming the fix."""
    with Store.open(tmp_path) as store:
        store.conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(StoreError, match="Upgrade coffeechat"):
        Store.open(tmp_path)


def test_records_round_trip_with_their_types(tmp_path):
    """Lists, dates and integers come back exactly as they went in."""
    with Store.open(tmp_path) as store:
        _write(store, _records())
        back = store.records().drop("import_seq", "contact_id")
    assert back.schema == pl.Schema(RECORD_DTYPES)
    assert back.sort("record_id").equals(_records().sort("record_id"))


def test_a_failed_import_leaves_the_store_as_it_was(tmp_path):
    """An error half way through write_import rolls everything back."""
    with Store.open(tmp_path) as store:
        _write(store, _records(1))
        before = store.counts()
        broken = _records(2).with_columns(pl.lit("r0").alias("record_id"))  # duplicate primary key
        with pytest.raises(sqlite3.IntegrityError):
            _write(store, broken, seq=2, digest="h2")
        assert store.counts() == before
        assert store.ledger_entry("h2") is None


def test_ledger_finds_a_file_by_content_hash(tmp_path):
    """The import ledger answers 'was this exact content imported before?'."""
    with Store.open(tmp_path) as store:
        _write(store, _records())
        assert store.ledger_entry("h1") == _entry()
        assert store.ledger_entry("other") is None
        assert store.next_import_seq() == 2


def test_decisions_are_kept_once_per_pair_whatever_the_order(tmp_path):
    """Deciding (b, a) after (a, b) replaces the decision; withdrawing removes it."""
    with Store.open(tmp_path) as store:
        store.decide("r1", "r0", "same")
        store.decide("r0", "r1", "different")
        assert store.decisions().rows() == [("r0", "r1", "different")]
        store.decide("r0", "r1", None)
        assert store.decisions().is_empty()


@pytest.mark.parametrize(("contact_id", "rows"), [("r1", [("r1", "Bob", "O'Brien")]), ("nobody", []),
                                                  (None, [("r0", "Zoë", "Ng"), ("r1", "Bob", "O'Brien")])])
def test_contact_names_of_one_contact_or_all(tmp_path, contact_id, rows):
    """contact_names looks one contact up by id (none when unknown), or lists every contact's name columns."""
    with Store.open(tmp_path) as store:
        _write(store, _records())
        found = store.contact_names(contact_id)
    assert found.select("contact_id", "first_name", "last_name").rows() == rows


@pytest.mark.parametrize(("ids", "found"), [(["r1"], ["r1"]), (["r0", "r1", "nope"], ["r0", "r1"]), ([], [])])
def test_records_in_reads_only_the_records_named(tmp_path, ids, found):
    """records_in returns the records with the ids given, whatever else is stored."""
    with Store.open(tmp_path) as store:
        _write(store, _records())
        assert store.records_in(ids)["record_id"].to_list() == found


def test_records_of_one_contact(tmp_path):
    """records_of returns the records resolved to that contact alone."""
    with Store.open(tmp_path) as store:
        _write(store, _records())
        assert store.records_of("r1")["record_id"].to_list() == ["r1"]
