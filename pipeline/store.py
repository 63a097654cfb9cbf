"""The only SQLite code: schema migrations, one transaction per import, and the queries the commands need."""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from datetime import UTC, datetime
from pathlib import Path

import polars as pl

from pipeline import storefile
from pipeline.errors import StoreError
from pipeline.store_frames import decode as _decode
from pipeline.store_frames import read_frame as _read
from pipeline.store_frames import split_sql as _split_sql
from pipeline.store_frames import stored_dtype as _stored_dtype
from pipeline.store_resolution import ResolutionTables, ResolverState
from pipeline.store_schema import EVENT_KINDS, MIGRATIONS, SCHEMA_VERSION, LedgerEntry
from pipeline.workspace import DB_NAME
from schemas.fields import CANONICAL_DTYPES, RECORD_DTYPES

__all__ = ["EVENT_KINDS", "MIGRATIONS", "SCHEMA_VERSION", "LedgerEntry", "ResolverState", "Store"]

log = logging.getLogger(__name__)




class Store(ResolutionTables):
    """A workspace's SQLite store; open it with `Store.open(workspace_dir)`."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self.conn = conn
        self.path = path
        self._daily_backup_checked = False

    @classmethod
    def open(cls, workspace: Path, *, timeout: float = storefile.BUSY_TIMEOUT) -> Store:
        """Open (creating 0600 and migrating as needed) the store; a damaged or foreign file is a StoreError."""
        path = workspace / DB_NAME
        existed = path.exists() and path.stat().st_size > 0
        conn = storefile.connect(path, timeout)
        store = cls(conn, path)
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA foreign_keys=ON")
            conn.execute("PRAGMA synchronous=NORMAL")
            if existed and storefile.changed_since_clean_close(path):
                storefile.quick_check(conn, path)
            store._refuse_foreign()
            store.migrate()
        except BaseException:
            conn.close()
            raise
        return store

    def _refuse_foreign(self) -> None:
        """A SQLite file some other program made (schema 0 but tables of its own) is never migrated into."""
        if self.version == 0 and self.conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
            raise StoreError(
                "This SQLite file is not a coffeechat store (it holds another program's tables)",
                file=self.path,
                fix="Move it aside, or pass another --workspace.",
            )

    def close(self) -> None:
        """Close, and mark the file as cleanly closed so the next open can skip the integrity check."""
        in_write = self.conn.in_transaction
        self.conn.close()
        if not in_write:
            storefile.mark_clean(self.path)

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- schema -------------------------------------------------------------------------------

    @property
    def version(self) -> int:
        return self.conn.execute("PRAGMA user_version").fetchone()[0]

    def migrate(self, target: int = SCHEMA_VERSION) -> None:
        """Apply every migration above the current version, each in its own transaction, after a backup."""
        current = self.version
        if current > SCHEMA_VERSION:
            raise StoreError(
                f"The store was written by a newer coffeechat (schema {current}, this one knows {SCHEMA_VERSION})",
                file=self.path,
                fix="Upgrade coffeechat: pip install -U coffeechat.",
            )
        if 0 < current < target:
            storefile.backup(self.conn, self.path, f"before-schema-{current + 1}")
            self._daily_backup_checked = True
        for version in range(current, target):
            with self.transaction():
                for statement in _split_sql(MIGRATIONS[version]):
                    self.conn.execute(statement)
                self.conn.execute(f"PRAGMA user_version = {version + 1}")
            log.debug("migrated store to schema %d", version + 1)

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One all-or-nothing write under the write lock: a crash or an exception inside leaves the store as it was.

        Nested use joins the outer transaction, so a use case can read and write under one lock.
        """
        if self.conn.in_transaction:
            yield self.conn
            return
        self._daily_backup()
        self.conn.execute("BEGIN IMMEDIATE")  # waits up to the busy timeout, then a StoreError says so
        try:
            yield self.conn
            self.conn.execute("COMMIT")
        except BaseException:
            # SQLite may have rolled back already (a full disk does): a second ROLLBACK would hide the cause.
            if self.conn.in_transaction:
                with suppress(StoreError):
                    self.conn.execute("ROLLBACK")
            raise

    def _daily_backup(self) -> None:
        """Once a day, before the first write to a store that holds something, a copy goes to backups/."""
        if self._daily_backup_checked:
            return
        self._daily_backup_checked = True
        if self.version != SCHEMA_VERSION or storefile.backed_up_today(self.path):
            return
        if self.conn.execute("SELECT EXISTS (SELECT 1 FROM imports) OR EXISTS (SELECT 1 FROM events)").fetchone()[0]:
            storefile.backup(self.conn, self.path, "daily")

    # -- the import ledger --------------------------------------------------------------------

    def ledger_entry(self, content_hash: str) -> LedgerEntry | None:
        row = self.conn.execute(
            f"SELECT {', '.join(LedgerEntry.__dataclass_fields__)} FROM imports WHERE content_hash = ?",
            (content_hash,),
        ).fetchone()
        return LedgerEntry(*row) if row else None

    def next_import_seq(self) -> int:
        return self.conn.execute("SELECT coalesce(max(import_seq), 0) + 1 FROM imports").fetchone()[0]

    # -- reads --------------------------------------------------------------------------------

    def records(self) -> pl.DataFrame:
        """Every stored source record, with its contact_id and import_seq, as a typed frame."""
        return self._records_where("1")

    def _records_where(self, where: str, params: tuple = ()) -> pl.DataFrame:
        columns = ["record_id", "import_seq", "contact_id", *[c for c in RECORD_DTYPES if c != "record_id"]]
        frame = _read(self.conn, f"SELECT {', '.join(columns)} FROM source_records WHERE {where}"
                      " ORDER BY import_seq, source_line, record_id",
                      {"record_id": pl.String, "import_seq": pl.Int64, "contact_id": pl.String,
                       **{c: _stored_dtype(c) for c in RECORD_DTYPES if c != "record_id"}}, params)
        return _decode(frame)

    def contacts(self) -> pl.DataFrame:
        """Every contact with its surviving values, sources and latest outreach status."""
        frame = _read(
            self.conn,
            f"""SELECT c.contact_id, {', '.join('c.' + c for c in CANONICAL_DTYPES)}, c.sources, c.record_count,
                       (SELECT e.kind FROM events e WHERE e.contact_id = c.contact_id
                          AND e.kind NOT IN ('note', 'rating', 'rating_cleared', 'takeaway', 'referral', 'undo')
                        ORDER BY e.at DESC, e.id DESC LIMIT 1) AS status
                FROM contacts c ORDER BY c.contact_id""",
            {"contact_id": pl.String, **{c: _stored_dtype(c) for c in CANONICAL_DTYPES},
             "sources": pl.String, "record_count": pl.Int64, "status": pl.String},
        )
        frame = _decode(frame)
        return frame.with_columns(pl.col("sources").str.json_decode(pl.List(pl.String)))

    def rejects(self, severity: str | None = None) -> pl.DataFrame:
        where = "WHERE severity = ?" if severity else ""
        params = (severity,) if severity else ()
        return _read(
            self.conn,
            f"""SELECT source_file, source_line, column, value, reason, severity, import_seq
                FROM rejects {where} ORDER BY import_seq, source_line, id""",
            {"source_file": pl.String, "source_line": pl.Int64, "column": pl.String, "value": pl.String,
             "reason": pl.String, "severity": pl.String, "import_seq": pl.Int64},
            params,
        )

    def decisions(self) -> pl.DataFrame:
        return _read(self.conn, "SELECT record_a, record_b, decision FROM match_decisions ORDER BY decided_at",
                     {"record_a": pl.String, "record_b": pl.String, "decision": pl.String})

    def decision_log(self) -> pl.DataFrame:
        """The standing same/different decisions, oldest first, with when each was made (`dupes decisions`)."""
        return _read(
            self.conn,
            "SELECT record_a, record_b, decision, decided_at FROM match_decisions ORDER BY decided_at, record_a, record_b",
            {"record_a": pl.String, "record_b": pl.String, "decision": pl.String, "decided_at": pl.String},
        )

    def review_pairs(self) -> pl.DataFrame:
        return _read(
            self.conn,
            "SELECT record_a, record_b, weight, probability, reasons FROM review_pairs ORDER BY weight DESC, record_a, record_b",
            {"record_a": pl.String, "record_b": pl.String, "weight": pl.Float64, "probability": pl.Float64, "reasons": pl.String},
        )

    def events(self) -> pl.DataFrame:
        """The whole event log in the order things happened (undo events included: rules apply them)."""
        frame = _read(
            self.conn,
            "SELECT id, contact_id, kind, at, note, source, target, grade, reverses, recorded_at FROM events ORDER BY at, id",
            {"id": pl.Int64, "contact_id": pl.String, "kind": pl.String, "at": pl.String, "note": pl.String,
             "source": pl.String, "target": pl.String, "grade": pl.Int64, "reverses": pl.Int64, "recorded_at": pl.String},
        )
        return frame.with_columns(pl.col("at").str.to_date("%Y-%m-%d", strict=False))

    def counts(self) -> dict[str, int]:
        one = lambda sql: self.conn.execute(sql).fetchone()[0]  # noqa: E731
        return {
            "imports": one("SELECT count(*) FROM imports"),
            "records": one("SELECT count(*) FROM source_records"),
            "contacts": one("SELECT count(*) FROM contacts"),
            "rejected": one("SELECT count(*) FROM rejects WHERE severity = 'rejected'"),
            "review_pairs": one("SELECT count(*) FROM review_pairs"),
        }

    def ledger(self) -> list[LedgerEntry]:
        """Every imported file, oldest first."""
        rows = self.conn.execute(
            f"SELECT {', '.join(LedgerEntry.__dataclass_fields__)} FROM imports ORDER BY import_seq"
        ).fetchall()
        return [LedgerEntry(*row) for row in rows]

    def records_of(self, contact_id: str) -> pl.DataFrame:
        """The source records resolved to one contact (the review page's provenance list)."""
        return self._records_where("contact_id = ?", (contact_id,))

    def records_in(self, record_ids: Sequence[str]) -> pl.DataFrame:
        """The source records with these ids (the ones a list of pairs names), by primary key."""
        return self._records_where("record_id IN (SELECT value FROM json_each(?))", (json.dumps(list(record_ids)),))

    def fingerprint(self) -> tuple:
        """A cheap value that changes whenever an import, a decision or an event changes what a ranking reads."""
        return self.conn.execute(
            """SELECT (SELECT coalesce(max(import_seq), 0) FROM imports),
                      (SELECT count(*) FROM match_decisions), (SELECT max(decided_at) FROM match_decisions),
                      (SELECT coalesce(max(id), 0) FROM events), (SELECT count(*) FROM events),
                      (SELECT count(*) FROM contacts)"""
        ).fetchone()

    # -- writes -------------------------------------------------------------------------------

    def decide(self, record_a: str, record_b: str, decision: str | None, *, now: datetime | None = None) -> None:
        """Record (or, with decision=None, withdraw) a person's same/different decision on a pair."""
        a, b = sorted((record_a, record_b))
        with self.transaction() as conn:
            if decision is None:
                conn.execute("DELETE FROM match_decisions WHERE record_a = ? AND record_b = ?", (a, b))
            else:
                conn.execute(
                    "INSERT OR REPLACE INTO match_decisions VALUES (?, ?, ?, ?)",
                    (a, b, decision, (now or datetime.now(UTC)).isoformat(timespec="seconds")),
                )

    def add_event(
        self,
        contact_id: str,
        kind: str,
        at: str,
        note: str | None = None,
        *,
        source: str = "cli",
        target: str | None = None,
        grade: int | None = None,
        reverses: int | None = None,
    ) -> int:
        """Append one event (the log is never edited); returns its id."""
        with self.transaction() as conn:
            cursor = conn.execute(
                "INSERT INTO events (contact_id, kind, at, note, source, target, grade, reverses, recorded_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (contact_id, kind, at, note, source, target, grade, reverses,
                 datetime.now(UTC).isoformat(timespec="seconds")),
            )
            return int(cursor.lastrowid)

    def contact_exists(self, contact_id: str) -> bool:
        return self.conn.execute("SELECT 1 FROM contacts WHERE contact_id = ?", (contact_id,)).fetchone() is not None

    def contact_names(self, contact_id: str | None = None) -> pl.DataFrame:
        """contact_id and the name columns of one contact (a primary-key lookup) or of all, to find whom CONTACT names."""
        where, params = ("WHERE contact_id = ?", (contact_id,)) if contact_id is not None else ("", ())
        return _read(
            self.conn,
            f"SELECT contact_id, full_name, first_name, last_name, company FROM contacts {where} ORDER BY contact_id",
            {"contact_id": pl.String, "full_name": pl.String, "first_name": pl.String, "last_name": pl.String,
             "company": pl.String},
            params,
        )

    def record_exists(self, record_id: str) -> bool:
        return self.conn.execute("SELECT 1 FROM source_records WHERE record_id = ?", (record_id,)).fetchone() is not None
