"""The resolution's tables: imports written with their contacts, the block index and the weights an import reuses."""

from __future__ import annotations

import sqlite3
from contextlib import AbstractContextManager
from dataclasses import dataclass

import polars as pl

from pipeline.store_frames import encode, json_list, ordered_pairs, read_frame
from pipeline.store_schema import LedgerEntry
from schemas.fields import CANONICAL_DTYPES, RECORD_DTYPES


@dataclass(frozen=True)
class ResolverState:
    """The weights last fitted (JSON, pipeline.resolve.incremental) and how far the block index reaches."""

    model: str | None
    fitted_records: int | None
    fitted_at: str | None
    index_signature: str | None
    indexed_records: int


class ResolutionTables:
    """Store methods for the resolution's tables (mixed into pipeline.store.Store)."""

    conn: sqlite3.Connection

    def transaction(self) -> AbstractContextManager[sqlite3.Connection]: ...  # provided by Store

    def _records_where(self, where: str, params: tuple = ()) -> pl.DataFrame: ...  # provided by Store

    def write_import(
        self,
        *,
        entry: LedgerEntry,
        records: pl.DataFrame,
        issues: pl.DataFrame,
        assignments: pl.DataFrame,
        contacts: pl.DataFrame,
        review_pairs: pl.DataFrame,
    ) -> None:
        """Store one imported file and the re-resolved contacts, all or nothing.

        `records` are the file's new source records; `issues` its rejects and warnings
        (`severity` column); `assignments` maps every stored record to its contact;
        `contacts` and `review_pairs` replace the derived tables whole.
        """
        with self.transaction() as conn:
            self._insert_import(conn, entry, records, issues)
            self._write_resolution(conn, assignments, contacts, review_pairs)

    def _insert_import(self, conn: sqlite3.Connection, entry: LedgerEntry, records: pl.DataFrame, issues: pl.DataFrame) -> None:
        conn.execute(
            f"INSERT INTO imports ({', '.join(LedgerEntry.__dataclass_fields__)}) VALUES ({', '.join('?' * len(LedgerEntry.__dataclass_fields__))})",
            tuple(entry.__dict__.values()),
        )
        self._insert_records(conn, entry.import_seq, records)
        if issues.height:
            conn.executemany(
                "INSERT INTO rejects (import_seq, severity, source_file, source_line, column, value, reason) VALUES (?, ?, ?, ?, ?, ?, ?)",
                issues.select(
                    pl.lit(entry.import_seq), "severity", "source_file", "source_line", "column", "value", "reason"
                ).iter_rows(),
            )

    def write_resolution(self, assignments: pl.DataFrame, contacts: pl.DataFrame, review_pairs: pl.DataFrame) -> None:
        """Replace the derived tables after a re-resolve (a dupes decision), all or nothing."""
        with self.transaction() as conn:
            self._write_resolution(conn, assignments, contacts, review_pairs)

    def _insert_records(self, conn: sqlite3.Connection, import_seq: int, records: pl.DataFrame) -> None:
        if not records.height:
            return
        encoded = encode(records.select(RECORD_DTYPES.keys()))
        columns = ["import_seq", *encoded.columns]
        conn.executemany(
            f"INSERT INTO source_records ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
            encoded.select(pl.lit(import_seq).alias("import_seq"), pl.all()).iter_rows(),
        )

    def _write_resolution(
        self, conn: sqlite3.Connection, assignments: pl.DataFrame, contacts: pl.DataFrame, review_pairs: pl.DataFrame
    ) -> None:
        _assign(conn, assignments)
        conn.execute("DELETE FROM contacts")
        _insert_contacts(conn, contacts)
        conn.execute("DELETE FROM review_pairs")
        _insert_pairs(conn, review_pairs)


    def write_increment(
        self, *, entry: LedgerEntry, records: pl.DataFrame, issues: pl.DataFrame, assignments: pl.DataFrame,
        contacts: pl.DataFrame, replaced: list[str], part: pl.Series, review_pairs: pl.DataFrame,
    ) -> None:
        """Store one imported file resolved against part of the store: only what changed is written.

        `assignments` names the contact of every new record and of each stored one that moved;
        `contacts` replace the rows of the `replaced` contact ids; the review pairs among the `part`'s
        records give way to `review_pairs`, and a pair from the part to the rest is kept once per two contacts.
        """
        with self.transaction() as conn:
            self._insert_import(conn, entry, records, issues)
            _assign(conn, assignments)
            _temp_ids(conn, "gone", replaced)
            conn.execute("DELETE FROM contacts WHERE contact_id IN (SELECT id FROM temp.gone)")
            _insert_contacts(conn, contacts)
            _temp_ids(conn, "part", part.to_list())
            # Walk the part's records once each (an IN on both columns would make SQLite try every pair of them).
            conn.execute("""DELETE FROM review_pairs WHERE rowid IN (SELECT r.rowid FROM temp.part p
                            CROSS JOIN review_pairs r ON r.record_a = p.id
                            WHERE EXISTS (SELECT 1 FROM temp.part q WHERE q.id = r.record_b))""")
            _insert_pairs(conn, review_pairs)
            _one_pair_per_two_contacts(conn)

    # -- the block index and the weights ------------------------------------------------------------

    def record_total(self) -> int:
        """How many records the store holds (records are never deleted: the highest rowid, read at once)."""
        return self.conn.execute("SELECT coalesce(max(rowid), 0) FROM source_records").fetchone()[0]

    def resolver_state(self) -> ResolverState | None:
        row = self.conn.execute(
            "SELECT model, fitted_records, fitted_at, index_signature, indexed_records FROM resolver_state WHERE id = 1"
        ).fetchone()
        return ResolverState(*row) if row else None

    def save_resolver_state(self, state: ResolverState) -> None:
        with self.transaction() as conn:
            conn.execute("INSERT OR REPLACE INTO resolver_state VALUES (1, ?, ?, ?, ?, ?)",
                         (state.model, state.fitted_records, state.fitted_at, state.index_signature, state.indexed_records))

    def index_records(self, entries: pl.DataFrame, *, rebuild: bool = False) -> None:
        """Add (record_id, rule, key) rows to the block index (rebuild: replace it whole); records must be stored first.

        The index points at source_records' rowid (nothing here ever VACUUMs, which could renumber it).
        Rows go in in the index's own order: a B-tree filled in order is written once per page.
        """
        with self.transaction() as conn:
            if rebuild:
                conn.execute("DELETE FROM block_index")
                ids = read_frame(conn, "SELECT rowid, record_id FROM source_records", {"record": pl.Int64, "record_id": pl.String})
            else:
                _temp_ids(conn, "indexed", entries["record_id"].unique().to_list())
                ids = read_frame(conn, """SELECT s.rowid, s.record_id FROM temp.indexed i
                                          CROSS JOIN source_records s ON s.record_id = i.id""",
                                 {"record": pl.Int64, "record_id": pl.String})
            rows = entries.join(ids, on="record_id").select("rule", "key", "record").sort("rule", "key", "record")
            conn.executemany("INSERT OR IGNORE INTO block_index VALUES (?, ?, ?)", rows.iter_rows())

    def key_counts(self, keys: pl.DataFrame) -> pl.DataFrame:
        """rule, key, n: how many stored records hold each of `keys` (rule, key)."""
        _temp_keys(self.conn, keys)
        # CROSS JOIN keeps SQLite walking the few probed keys, not the whole index.
        return read_frame(self.conn, """SELECT p.rule, p.key, count(*) FROM temp.probe p
                                        CROSS JOIN block_index b ON b.rule = p.rule AND b.key = p.key GROUP BY p.rule, p.key""",
                          {"rule": pl.Int32, "key": pl.String, "n": pl.Int64})

    def rule_totals(self, rules: list[int]) -> dict[int, int]:
        """How many index rows each rule has (a value-frequency rule: how many records hold a value)."""
        return {rule: self.conn.execute("SELECT count(*) FROM block_index WHERE rule = ?", (rule,)).fetchone()[0]
                for rule in rules}

    def contacts_holding(self, keys: pl.DataFrame) -> pl.DataFrame:
        """Every stored record of each contact that has a record holding one of `keys` (rule, key)."""
        _temp_keys(self.conn, keys)
        return self._records_where(
            """contact_id IN (SELECT s.contact_id FROM temp.probe p
                              CROSS JOIN block_index b ON b.rule = p.rule AND b.key = p.key
                              JOIN source_records s ON s.rowid = b.record)"""
        )


def _assign(conn: sqlite3.Connection, assignments: pl.DataFrame) -> None:
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS assignment (record_id TEXT PRIMARY KEY, contact_id TEXT NOT NULL)")
    conn.execute("DELETE FROM temp.assignment")
    conn.executemany("INSERT INTO temp.assignment VALUES (?, ?)", assignments.select("record_id", "contact_id").iter_rows())
    conn.execute(
        """UPDATE source_records SET contact_id = a.contact_id
           FROM temp.assignment a WHERE a.record_id = source_records.record_id
           AND source_records.contact_id IS NOT a.contact_id"""
    )


def _insert_contacts(conn: sqlite3.Connection, contacts: pl.DataFrame) -> None:
    if not contacts.height:
        return
    encoded = encode(contacts.select("contact_id", *CANONICAL_DTYPES, "sources", "record_count")).with_columns(
        json_list("sources")
    )
    columns = encoded.columns
    conn.executemany(
        f"INSERT INTO contacts ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
        encoded.iter_rows(),
    )


def _insert_pairs(conn: sqlite3.Connection, review_pairs: pl.DataFrame) -> None:
    if review_pairs.height:
        conn.executemany(
            "INSERT OR REPLACE INTO review_pairs VALUES (?, ?, ?, ?, ?)",
            ordered_pairs(review_pairs).select("record_a", "record_b", "weight", "probability", "reasons").iter_rows(),
        )


def _one_pair_per_two_contacts(conn: sqlite3.Connection) -> None:
    """Where contacts merged, pairs from the part to one other contact may now be two: keep the strongest."""
    rows = conn.execute(
        """SELECT r.record_a, r.record_b, r.weight, min(a.contact_id, b.contact_id), max(a.contact_id, b.contact_id)
           FROM review_pairs r JOIN source_records a ON a.record_id = r.record_a JOIN source_records b ON b.record_id = r.record_b
           WHERE (r.record_a IN (SELECT id FROM temp.part)) != (r.record_b IN (SELECT id FROM temp.part))"""
    ).fetchall()
    if not rows:
        return
    pairs = pl.DataFrame(rows, schema=["record_a", "record_b", "weight", "lo", "hi"], orient="row")
    losers = pairs.sort("weight", "record_a", "record_b", descending=[True, False, False]).filter(
        pl.int_range(pl.len()).over("lo", "hi") > 0)
    conn.executemany("DELETE FROM review_pairs WHERE record_a = ? AND record_b = ?", losers.select("record_a", "record_b").iter_rows())


def _temp_ids(conn: sqlite3.Connection, name: str, ids: list[str]) -> None:
    conn.execute(f"CREATE TEMP TABLE IF NOT EXISTS {name} (id TEXT PRIMARY KEY)")
    conn.execute(f"DELETE FROM temp.{name}")
    conn.executemany(f"INSERT OR IGNORE INTO temp.{name} VALUES (?)", ((i,) for i in ids))


def _temp_keys(conn: sqlite3.Connection, keys: pl.DataFrame) -> None:
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS probe (rule INTEGER, key TEXT, PRIMARY KEY (rule, key))")
    conn.execute("DELETE FROM temp.probe")
    conn.executemany("INSERT OR IGNORE INTO temp.probe VALUES (?, ?)", keys.select("rule", "key").iter_rows())
