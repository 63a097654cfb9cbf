"""The store's schema: the migrations, in order, that take any older store to the current version."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from schemas.fields import CANONICAL_DTYPES, RECORD_DTYPES


def _sql_type(dtype: pl.DataType) -> str:
    return "INTEGER" if dtype.is_integer() else "TEXT"


_RECORD_COLUMNS_SQL = ",\n    ".join(
    f"{name} {_sql_type(dtype)}" for name, dtype in RECORD_DTYPES.items() if name != "record_id"
)
_CONTACT_COLUMNS_SQL = ",\n    ".join(
    f"{name} {_sql_type(dtype)}" for name, dtype in CANONICAL_DTYPES.items()
)

# Each migration moves the schema from version i to i + 1 (PRAGMA user_version). Never edit a
# released migration: append a new one, so an old workspace upgrades in place.
MIGRATIONS: tuple[str, ...] = (
    # 1: the import ledger, provenance, contacts, rejects and the dedupe review state.
    f"""
    CREATE TABLE imports (
        import_seq   INTEGER PRIMARY KEY,
        content_hash TEXT NOT NULL UNIQUE,
        path         TEXT NOT NULL,
        kind         TEXT NOT NULL,
        encoding     TEXT NOT NULL,
        imported_at  TEXT NOT NULL,
        rows         INTEGER NOT NULL,
        accepted     INTEGER NOT NULL,
        rejected     INTEGER NOT NULL,
        empty        INTEGER NOT NULL,
        warnings     INTEGER NOT NULL
    );
    CREATE TABLE source_records (
        record_id  TEXT PRIMARY KEY,
        import_seq INTEGER NOT NULL REFERENCES imports(import_seq),
        contact_id TEXT,
        {_RECORD_COLUMNS_SQL}
    );
    CREATE INDEX source_records_contact ON source_records(contact_id);
    CREATE TABLE contacts (
        contact_id   TEXT PRIMARY KEY,
        {_CONTACT_COLUMNS_SQL},
        sources      TEXT NOT NULL,
        record_count INTEGER NOT NULL
    );
    CREATE TABLE rejects (
        id          INTEGER PRIMARY KEY,
        import_seq  INTEGER NOT NULL REFERENCES imports(import_seq),
        severity    TEXT NOT NULL CHECK (severity IN ('rejected', 'warning')),
        source_file TEXT NOT NULL,
        source_line INTEGER,
        column      TEXT,
        value       TEXT,
        reason      TEXT NOT NULL
    );
    CREATE TABLE match_decisions (
        record_a   TEXT NOT NULL,
        record_b   TEXT NOT NULL,
        decision   TEXT NOT NULL CHECK (decision IN ('same', 'different')),
        decided_at TEXT NOT NULL,
        PRIMARY KEY (record_a, record_b),
        CHECK (record_a < record_b)
    );
    CREATE TABLE review_pairs (
        record_a    TEXT NOT NULL,
        record_b    TEXT NOT NULL,
        weight      REAL NOT NULL,
        probability REAL NOT NULL,
        reasons     TEXT NOT NULL,
        PRIMARY KEY (record_a, record_b)
    );
    """,
    # 2: the outreach log (drafted, sent, replied, met, declined, do-not-contact, notes).
    """
    CREATE TABLE events (
        id         INTEGER PRIMARY KEY,
        contact_id TEXT NOT NULL,
        kind       TEXT NOT NULL CHECK (kind IN
                   ('drafted', 'sent', 'replied', 'met', 'declined', 'do_not_contact', 'note')),
        at         TEXT NOT NULL,
        note       TEXT
    );
    CREATE INDEX events_contact ON events(contact_id);
    """,
    # 3: the append-only event log: any kind (the rules live in pipeline/outreach), where it came
    # from, ratings (target, grade), and undo as an event that reverses an earlier one.
    """
    CREATE TABLE events_log (
        id          INTEGER PRIMARY KEY,
        contact_id  TEXT NOT NULL,
        kind        TEXT NOT NULL,
        at          TEXT NOT NULL,
        note        TEXT,
        source      TEXT NOT NULL DEFAULT 'cli' CHECK (source IN ('cli', 'web', 'flow')),
        target      TEXT,
        grade       INTEGER CHECK (grade IS NULL OR grade BETWEEN 0 AND 3),
        reverses    INTEGER REFERENCES events_log(id),
        recorded_at TEXT
    );
    INSERT INTO events_log (id, contact_id, kind, at, note) SELECT id, contact_id, kind, at, note FROM events;
    DROP TABLE events;
    ALTER TABLE events_log RENAME TO events;
    CREATE INDEX events_contact_v3 ON events(contact_id);
    """,
    # 4: what lets an import resolve against only the stored contacts it may join: every record's
    # block keys (by rule number, pipeline.resolve.blocking.index_entries) and the weights last fitted.
    """
    CREATE TABLE IF NOT EXISTS block_index (
        rule   INTEGER NOT NULL,
        key    TEXT NOT NULL,
        record INTEGER NOT NULL,
        PRIMARY KEY (rule, key, record)
    ) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS resolver_state (
        id              INTEGER PRIMARY KEY CHECK (id = 1),
        model           TEXT,
        fitted_records  INTEGER,
        fitted_at       TEXT,
        index_signature TEXT,
        indexed_records INTEGER NOT NULL DEFAULT 0
    );
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)

EVENT_KINDS = ("drafted", "sent", "replied", "met", "declined", "do_not_contact", "note")


@dataclass(frozen=True)
class LedgerEntry:
    """One row of the import ledger: a file's content that was imported once."""

    import_seq: int
    content_hash: str
    path: str
    kind: str
    encoding: str
    imported_at: str
    rows: int
    accepted: int
    rejected: int
    empty: int
    warnings: int
