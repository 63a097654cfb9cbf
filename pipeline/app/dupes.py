"""The `dupes` actions: list the pairs that might be one person, decide them, list and withdraw decisions."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from pipeline.app.imports import reresolve
from pipeline.app.resolving import RefitResult
from pipeline.app.resolving import refit as _refit
from pipeline.errors import CoffeechatError
from pipeline.profile import Profile, load_profile
from pipeline.resolve.people import contradicted_decisions
from pipeline.store import Store
from pipeline.workspace import Workspace

DECISIONS = ("same", "different", None)


@dataclass(frozen=True)
class DecisionResult:
    """What a same / different / undo decision did."""

    record_a: str
    record_b: str
    decision: str | None
    contacts: int
    clashes: list[tuple[str, str]]


def _labels(store: Store, record_ids: list[str]) -> pl.DataFrame:
    """record_id -> "name · company · file:line", for the records named (not the whole store)."""
    return store.records_in(record_ids).select(
        "record_id",
        pl.concat_str(
            [
                pl.coalesce("full_name", pl.concat_str(["first_name", "last_name"], separator=" ", ignore_nulls=True)),
                pl.col("company"),
                pl.col("source_file") + ":" + pl.col("source_line").cast(pl.String),
            ],
            separator=" · ",
            ignore_nulls=True,
        ).alias("label"),
    )


def _labelled(store: Store, pairs: pl.DataFrame) -> pl.DataFrame:
    records = _labels(store, pl.concat([pairs["record_a"], pairs["record_b"]]).unique().to_list())
    return (
        pairs.join(records.rename({"record_id": "record_a", "label": "a"}), on="record_a", how="left")
        .join(records.rename({"record_id": "record_b", "label": "b"}), on="record_b", how="left")
    )


def pairs_with_labels(store: Store) -> pl.DataFrame:
    """The review queue, each record labelled with its name, company and file:line."""
    return _labelled(store, store.review_pairs())


def decisions_with_labels(store: Store) -> pl.DataFrame:
    """The standing decisions, oldest first (their position is their number), each record labelled."""
    return _labelled(store, store.decision_log())


def list_decisions(workspace: Workspace) -> pl.DataFrame:
    """The `dupes decisions` listing: record_a, record_b, decision, decided_at, a, b; numbered from 1 in this order."""
    with Store.open(workspace.root) as store:
        return decisions_with_labels(store)


def list_pairs(workspace: Workspace) -> pl.DataFrame:
    """The `dupes` listing: pending pairs, most likely first, with labels and evidence."""
    with Store.open(workspace.root) as store:
        return pairs_with_labels(store)


def decide(workspace: Workspace, pair: list[str], decision: str | None) -> DecisionResult:
    """Record same / different (or withdraw with None) on a pair, then resolve the store again."""
    if decision not in DECISIONS:
        raise CoffeechatError(f"Unknown decision {decision!r}", fix="Use same, different or undo.")
    profile = load_profile(workspace.profile) if workspace.profile.exists() else Profile()
    with Store.open(workspace.root) as store:
        # Same / different name a pair of the review list; undo names one of the standing decisions.
        a, b = _pair_records(store, pair, decisions_with_labels(store) if decision is None else pairs_with_labels(store))
        if decision is None and not _has_decision(store, a, b):
            raise CoffeechatError(
                f"No decision on {a} and {b} to withdraw", fix="Run `coffeechat dupes decisions` to see the decisions and their numbers."
            )
        store.decide(a, b, decision)
        reresolve(store, profile.me.phone_region)
        count = store.counts()["contacts"]
        clashes = [tuple(r) for r in contradicted_decisions(store.records(), store.decisions()).iter_rows()]
    return DecisionResult(a, b, decision, count, clashes)


def refit_weights(workspace: Workspace) -> RefitResult:
    """`dupes --refit`: fit the match weights to the whole store now and resolve every record with them.

    Imports otherwise reuse the stored weights until the store has grown by a fifth since they were fitted.
    """
    profile = load_profile(workspace.profile) if workspace.profile.exists() else Profile()
    with Store.open(workspace.root) as store:
        return _refit(store, profile.me.phone_region)


def _has_decision(store: Store, a: str, b: str) -> bool:
    low, high = sorted((a, b))
    return store.decisions().filter((pl.col("record_a") == low) & (pl.col("record_b") == high)).height > 0


def _pair_records(store: Store, pair: list[str], listed: pl.DataFrame) -> tuple[str, str]:
    """Two record ids from a number of `listed` (the review list, or the decisions), or from two record ids."""
    if len(pair) == 1 and pair[0].isdigit():
        n = int(pair[0])
        if not 1 <= n <= listed.height:
            if "decision" in listed.columns:
                raise CoffeechatError(
                    f"No decision #{n} ({listed.height} decisions)",
                    fix="Run `coffeechat dupes decisions` to see the numbers.",
                )
            raise CoffeechatError(
                f"No pair #{n} in the review list ({listed.height} pairs)", fix="Run `coffeechat dupes` to see the numbers."
            )
        row = listed.row(n - 1, named=True)
        return row["record_a"], row["record_b"]
    if len(pair) == 2:
        for record in pair:
            if not store.record_exists(record):
                raise CoffeechatError(
                    f"No source record {record!r}",
                    value=record,
                    fix="Use the record ids shown by `coffeechat dupes` or `coffeechat export contacts`.",
                )
        return pair[0], pair[1]
    raise CoffeechatError("Name a pair", fix="Give its number from `coffeechat dupes`, or two record ids.")
