"""Resolve an import into the store: against the stored contacts it may join, or (weights due a refit) the whole store."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime

import polars as pl

from pipeline.resolve.blocking import TF_VALUES
from pipeline.resolve.incremental import (
    block_sizes,
    index_signature,
    indexed_region,
    model_from_json,
    model_json,
    needs_refit,
    open_blocks,
    population,
    probe_keys,
    record_keys,
    resolve_part,
    shared_keys,
)
from pipeline.resolve.linkage import DEFAULT_SETTINGS
from pipeline.resolve.normalize import DEFAULT_PHONE_REGION
from pipeline.resolve.people import resolve_store
from pipeline.resolve.weights import tf_columns
from pipeline.store import LedgerEntry, ResolverState, Store

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RefitResult:
    """What `coffeechat dupes --refit` did."""

    records: int
    contacts_before: int
    contacts: int
    previous_fit: int | None  # how many records the weights were fitted on before (None: never)


def write_import(
    store: Store, entry: LedgerEntry, records: pl.DataFrame, issues: pl.DataFrame, phone_region: str | None = None
) -> str:
    """Resolve a file's accepted records into the store and write them, all inside the caller's write lock.

    Returns how: "incremental" (the stored weights, only the contacts the file may join) or "full".
    Without a `phone_region`, the one the store's index was made with (a referral has no profile at hand).
    """
    new = records.with_columns(pl.lit(None, pl.String).alias("contact_id"), pl.lit(entry.import_seq, pl.Int64).alias("import_seq"))
    with store.transaction():
        state = store.resolver_state()
        phone_region = phone_region or indexed_region(state.index_signature if state else None) or DEFAULT_PHONE_REGION
        stored = store.record_total()
        model = model_from_json(state.model if state else None)
        indexed = _index_fresh(store, state, phone_region, stored)
        refit = model is None or needs_refit(stored + new.height, state.fitted_records if state else None)
        if refit or not indexed:
            _write_full(store, new, phone_region, model=None if refit else model, entry=(entry, records, issues),
                        state=state, reindex=not indexed)
            return "full"
        _write_incremental(store, entry, records, issues, new, model, phone_region)
        return "incremental"


def reresolve(store: Store, phone_region: str = DEFAULT_PHONE_REGION, *, refit: bool = False) -> None:
    """Resolve the stored records again (after a person's decision, or to refit), under one write lock.

    Reading inside the transaction means an import that commits meanwhile is either wholly seen
    or waits; its records are never overwritten by contacts computed from an older snapshot.
    The stored weights are kept unless `refit` (or there are none yet).
    """
    with store.transaction():
        state = store.resolver_state()
        model = None if refit else model_from_json(state.model if state else None)
        empty = pl.DataFrame(schema={"record_id": pl.String, "contact_id": pl.String, "import_seq": pl.Int64})
        _write_full(store, empty, phone_region, model=model, entry=None, state=state,
                    reindex=not _index_fresh(store, state, phone_region, store.record_total()))


def refit(store: Store, phone_region: str = DEFAULT_PHONE_REGION) -> RefitResult:
    """`dupes --refit`: fit the match weights to everything stored now and resolve the store with them."""
    with store.transaction():
        state = store.resolver_state()
        before = store.counts()["contacts"]
        reresolve(store, phone_region, refit=True)
        counts = store.counts()
    return RefitResult(counts["records"], before, counts["contacts"], state.fitted_records if state else None)


def _index_fresh(store: Store, state: ResolverState | None, phone_region: str, stored: int) -> bool:
    """Whether the block index holds every stored record's keys, made the way this code makes them."""
    return bool(state and state.index_signature == index_signature(phone_region) and state.indexed_records == stored)


def _write_full(
    store: Store, new: pl.DataFrame, phone_region: str, *, model, entry: tuple | None, state: ResolverState | None,
    reindex: bool,
) -> None:
    """Every record resolved together (fitting the weights when `model` is None); the derived tables rewritten."""
    everything = pl.concat([store.records(), new], how="diagonal_relaxed") if new.height else store.records()
    assignments, contacts, review_pairs, used = resolve_store(everything, store.decisions(), phone_region, model)
    if entry is not None:
        ledger, records, issues = entry
        store.write_import(entry=ledger, records=records, issues=issues, assignments=assignments, contacts=contacts,
                           review_pairs=review_pairs)
    else:
        store.write_resolution(assignments, contacts, review_pairs)
    if reindex or new.height:
        store.index_records(record_keys(everything if reindex else new, phone_region), rebuild=reindex)
    fitted = model is None and used is not None
    store.save_resolver_state(ResolverState(
        model_json(used) if used is not None else None,
        everything.height if fitted else (state.fitted_records if state else None),
        datetime.now(UTC).isoformat(timespec="seconds") if fitted else (state.fitted_at if state else None),
        index_signature(phone_region),
        store.record_total(),
    ))
    log.info("resolved all %d records (%s)", everything.height, "weights refitted" if fitted else "stored weights")


def _write_incremental(
    store: Store, entry: LedgerEntry, records: pl.DataFrame, issues: pl.DataFrame, new: pl.DataFrame, model, phone_region: str
) -> None:
    """The new records resolved with the stored contacts sharing a block with them, and only the changes written."""
    new_entries = record_keys(new, phone_region)
    probe = probe_keys(new_entries.filter(pl.col("rule") < TF_VALUES))
    counts = store.key_counts(probe)
    stored_part = store.contacts_holding(open_blocks(block_sizes(counts, new_entries)))
    part = pl.concat([stored_part, new], how="diagonal_relaxed")
    # The part's keys too, so its blocks and values weigh as they do in the whole store (only those two
    # of its records share: a key held once here pairs nothing and no exact agreement reads its frequency).
    entries = pl.concat([record_keys(stored_part, phone_region), new_entries]) if stored_part.height else new_entries
    more = probe_keys(shared_keys(entries)).join(counts, on=["rule", "key"], how="anti")
    counts = pl.concat([counts, store.key_counts(more)])
    sizes = block_sizes(counts, new_entries)
    tf_rules = [TF_VALUES + i for i in range(len(tf_columns(DEFAULT_SETTINGS.comparisons)))]
    new_values = dict(new_entries.filter(pl.col("rule") >= TF_VALUES).group_by("rule").len().iter_rows())
    totals = {rule: n + new_values.get(rule, 0) for rule, n in store.rule_totals(tf_rules).items()}
    increment = resolve_part(part, store.decisions(), model, population(sizes, totals), phone_region)
    store.write_increment(
        entry=entry, records=records, issues=issues, assignments=increment.assignments, contacts=increment.contacts,
        replaced=increment.replaced, part=increment.part, review_pairs=increment.review_pairs,
    )
    store.index_records(new_entries)
    state = store.resolver_state()
    store.save_resolver_state(ResolverState(state.model, state.fitted_records, state.fitted_at, state.index_signature,
                                            store.record_total()))
    log.info("resolved %d new records with %d stored ones; %d contacts changed", new.height, stored_part.height,
             len(increment.replaced))
