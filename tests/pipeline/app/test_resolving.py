"""An import resolved against only the stored contacts it may join ends as resolving the whole store would."""

from __future__ import annotations

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from benchmarks.synth_people import make_cross_source
from pipeline.app import resolving
from pipeline.resolve.incremental import model_from_json
from pipeline.resolve.people import resolve_store
from pipeline.store import LedgerEntry, Store

_NO_ISSUES = pl.DataFrame(schema={"source_file": pl.String, "source_line": pl.Int64, "column": pl.String,
                                  "value": pl.String, "reason": pl.String, "severity": pl.String})


def _import(store: Store, records: pl.DataFrame, seq: int) -> str:
    """Write one batch of records as import `seq`, the way `coffeechat import` resolves and writes a file."""
    rows = records.filter(pl.col("import_seq") == seq).drop("contact_id", "import_seq")
    entry = LedgerEntry(seq, f"hash-{seq}", f"file-{seq}.csv", "contacts", "utf-8", "2026-01-01T00:00:00+00:00",
                        rows.height, rows.height, 0, 0, 0)
    with store.transaction():
        seen = store.record_total()
        how = resolving.write_import(store, entry, rows, _NO_ISSUES)
    assert store.record_total() == seen + rows.height
    return how


def _pairs(frame: pl.DataFrame, records: pl.Series | None = None) -> set[tuple]:
    """The pairs; with `records`, the pairs touching them and their weights."""
    if records is None:
        return set(frame.select("record_a", "record_b").iter_rows())
    touching = frame.filter(pl.col("record_a").is_in(records.implode()) | pl.col("record_b").is_in(records.implode()))
    return {(a, b, round(w, 6)) for a, b, w in touching.select("record_a", "record_b", "weight").iter_rows()}


def _people(records: pl.DataFrame) -> set[frozenset[str]]:
    return {frozenset(ids) for ids in records.group_by("contact_id").agg("record_id")["record_id"].to_list()}


@pytest.mark.slow
@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 10_000), n=st.integers(100, 300), book_first=st.booleans())
def test_an_incremental_import_gives_the_clusters_of_a_full_resolution(tmp_path_factory, seed, n, book_first):
    """The new file's people, their contact rows and review pairs come out as resolving every record would.

    One file (alumni, or the address book) imported incrementally into a store holding the others,
    against a full resolution with the same weights. A pair of older records is not revisited, so
    where the new file makes a value more common (its frequency weighs an exact agreement) an old
    borderline pair keeps the decision it had until the next refit (2 stores in 30 differ that way).
    """
    records, _ = make_cross_source(n, seed=seed)
    new_batch = 3 if book_first else 2
    records = records.with_columns(
        pl.when(pl.col("import_seq") == new_batch).then(2).otherwise(1).cast(pl.Int64).alias("import_seq"))
    with Store.open(tmp_path_factory.mktemp("ws")) as store:
        assert _import(store, records, 1) == "full"
        before = _people(store.records())
        # The new file reuses the stored weights whatever its size (the growth rule has its own test).
        rule, resolving.needs_refit = resolving.needs_refit, lambda *_: False
        try:
            assert _import(store, records, 2) == "incremental"
        finally:
            resolving.needs_refit = rule
        model = model_from_json(store.resolver_state().model)
        stored = store.records()
        assignments, contacts, review, _ = resolve_store(stored, store.decisions(), model=model)
        ours = store.contacts().drop("status")
        queue = store.review_pairs()
    new = stored.filter(pl.col("import_seq") == 2)
    full = stored.drop("contact_id").join(assignments, on="record_id")
    assert {p for p in _people(stored) if p & set(new["record_id"])} == {p for p in _people(full) if p & set(new["record_id"])}
    # Everyone else is as before, or (a stored contact the new file's blocks reached) as the full resolution has them.
    assert {p for p in _people(stored) if not p & set(new["record_id"])} <= before | _people(full)
    joined = new["contact_id"].unique().implode()
    assert ours.filter(pl.col("contact_id").is_in(joined)).sort("contact_id").equals(
        contacts.select(ours.columns).filter(pl.col("contact_id").is_in(joined)).sort("contact_id"))
    assert _pairs(queue, new["record_id"]) == _pairs(review, new["record_id"])


@pytest.mark.parametrize(("first", "second", "how"), [
    (200, 30, "incremental"),   # 15% more than fitted on: the stored weights
    (200, 39, "incremental"),   # just under a fifth
    (200, 40, "full"),          # a fifth more: refitted, every record resolved again
    (200, 120, "full"),
])
def test_the_weights_are_refitted_once_the_store_grew_by_a_fifth(tmp_path, first, second, how):
    """An import reuses the stored weights until the store holds 20% more records than they were fitted on."""
    records, _ = make_cross_source(600, seed=3, sources=("linkedin",))
    batch = pl.concat([records.head(first).with_columns(pl.lit(1, pl.Int64).alias("import_seq")),
                       records.slice(first, second).with_columns(pl.lit(2, pl.Int64).alias("import_seq"))])
    with Store.open(tmp_path) as store:
        assert _import(store, batch, 1) == "full"
        assert store.resolver_state().fitted_records == first
        assert _import(store, batch, 2) == how
        assert store.resolver_state().fitted_records == (first + second if how == "full" else first)


def test_people_the_import_does_not_touch_keep_their_contact_and_its_row(tmp_path):
    """Only the contacts the new file joins or creates are rewritten; every other row stays as it was."""
    records, _ = make_cross_source(300, seed=11)
    with Store.open(tmp_path) as store:
        _import(store, records.filter(pl.col("import_seq") < 3).with_columns(pl.lit(1, pl.Int64).alias("import_seq")), 1)
        before = store.contacts()
        assert _import(store, records.filter(pl.col("import_seq") == 3).with_columns(pl.lit(2, pl.Int64).alias("import_seq")), 2) == "incremental"
        touched = store.records().filter(pl.col("import_seq") == 2)["contact_id"].unique()
        after = store.contacts()
    kept = before.filter(~pl.col("contact_id").is_in(touched.implode()))
    assert kept.height > before.height // 2
    assert kept.equals(after.filter(pl.col("contact_id").is_in(kept["contact_id"].implode())))


def test_a_store_written_without_the_index_is_resolved_whole_and_indexed(tmp_path):
    """Records written by another path (an older coffeechat) make the next import rebuild the index."""
    records, _ = make_cross_source(200, seed=5)
    with Store.open(tmp_path) as store:
        _import(store, records, 1)
        store.conn.execute("DELETE FROM block_index")
        store.conn.execute("UPDATE resolver_state SET indexed_records = 0")
        assert _import(store, records, 2) == "full"
        state = store.resolver_state()
        assert state.indexed_records == store.record_total()
        assert store.conn.execute("SELECT count(DISTINCT record) FROM block_index").fetchone()[0] == store.record_total()
