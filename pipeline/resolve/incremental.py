"""A new file resolved against the stored contacts it may join: block keys to look up, the weights kept, what changed."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

import numpy as np
import polars as pl

from pipeline.contracts import checked
from pipeline.resolve.blocking import (
    AGAINST,
    IDENTIFIER_RULES,
    IDENTIFIERS,
    TF_VALUES,
    block_keys,
    index_entries,
)
from pipeline.resolve.em import FSModel
from pipeline.resolve.linkage import DEFAULT_SETTINGS, MatchSettings, resolve
from pipeline.resolve.normalize import KEY_COLUMNS, add_match_keys
from pipeline.resolve.survive import survive
from pipeline.resolve.weights import Population, tf_columns
from schemas.resolve import AssignmentFrame, ReviewPairFrame

# The weights are refitted once the store holds this much more than when they were last fitted.
REFIT_GROWTH = 0.20
# Bump when the match keys' normalisation changes: a stored index built by older rules is rebuilt.
KEYS_VERSION = 1


def needs_refit(records: int, fitted_records: int | None, growth: float = REFIT_GROWTH) -> bool:
    """Whether a store of `records` records needs new weights: never fitted, or grown by `growth` since."""
    if fitted_records is None or fitted_records <= 0:
        return True
    return records >= fitted_records * (1.0 + growth)


def _comparisons_signature(settings: MatchSettings) -> list:
    return [[c.name, c.n_levels] for c in settings.comparisons]


def model_json(model: FSModel, settings: MatchSettings = DEFAULT_SETTINGS) -> str:
    """The weights as JSON text, to be stored and used by later imports."""
    return json.dumps({
        "comparisons": _comparisons_signature(settings), "prior": model.prior, "iterations": model.iterations,
        "m": [m.tolist() for m in model.m], "u": [u.tolist() for u in model.u],
    })


def model_from_json(text: str | None, settings: MatchSettings = DEFAULT_SETTINGS) -> FSModel | None:
    """The stored weights, or None when there are none or they were fitted for other comparisons."""
    if not text:
        return None
    data = json.loads(text)
    if data.get("comparisons") != _comparisons_signature(settings):
        return None
    return FSModel(settings.comparisons, float(data["prior"]), tuple(np.asarray(m) for m in data["m"]),
                   tuple(np.asarray(u) for u in data["u"]), int(data["iterations"]))


def index_signature(phone_region: str, settings: MatchSettings = DEFAULT_SETTINGS) -> str:
    """Changes whenever the block keys a stored index holds would come out differently."""
    text = repr((KEYS_VERSION, phone_region, settings.blocking_rules, IDENTIFIER_RULES, tf_columns(settings.comparisons)))
    return f"{phone_region}:" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def indexed_region(signature: str | None) -> str | None:
    """The phone region a stored index was made with (its signature starts with it)."""
    return signature.split(":", 1)[0] if signature and ":" in signature else None


def _keyed(records: pl.DataFrame, phone_region: str) -> pl.DataFrame:
    keys = records if set(KEY_COLUMNS) <= set(records.columns) else add_match_keys(records, phone_region)
    return block_keys(keys.select(list(KEY_COLUMNS)))


def record_keys(records: pl.DataFrame, phone_region: str, settings: MatchSettings = DEFAULT_SETTINGS) -> pl.DataFrame:
    """record_id, rule, key: what the store's block index holds for these records."""
    entries = index_entries(_keyed(records, phone_region), settings.blocking_rules, tf_columns(settings.comparisons))
    return entries.with_columns(records["record_id"].gather(entries["row"]).alias("record_id")).select(
        "record_id", "rule", "key")


def probe_keys(entries: pl.DataFrame, settings: MatchSettings = DEFAULT_SETTINGS) -> pl.DataFrame:
    """rule, key to count in the store: each key, and for a cross rule its other side too (both sides make its size)."""
    keys = entries.select("rule", "key").unique()
    cross = [i for i, rule in enumerate(settings.blocking_rules) if rule.against]
    flipped = keys.filter(pl.col("rule").is_in(cross + [i + AGAINST for i in cross])).with_columns(
        pl.when(pl.col("rule") >= AGAINST).then(pl.col("rule") - AGAINST).otherwise(pl.col("rule") + AGAINST).alias("rule"))
    return pl.concat([keys, flipped]).unique().sort("rule", "key")


def shared_keys(entries: pl.DataFrame) -> pl.DataFrame:
    """rule, key of `entries` (record_id, rule, key) that two or more records hold (a cross rule's two sides together)."""
    base = pl.when(pl.col("rule").is_between(AGAINST, IDENTIFIERS - 1)).then(pl.col("rule") - AGAINST).otherwise("rule")
    held = entries.with_columns(base.alias("base")).with_columns(
        pl.col("record_id").n_unique().over("base", "key").alias("holders"))
    return held.filter(pl.col("holders") >= 2).select("rule", "key").unique()


def caps(settings: MatchSettings = DEFAULT_SETTINGS) -> pl.DataFrame:
    """rule, cap: the largest block each indexed rule pairs within (value frequencies pair nothing)."""
    rules, limits = [], []
    for i, rule in enumerate(settings.blocking_rules):
        cap = min(settings.max_block_size, rule.max_block or settings.max_block_size)
        rules += [i, i + AGAINST]
        limits += [cap, cap]
    for i in range(len(IDENTIFIER_RULES)):
        rules.append(IDENTIFIERS + i)
        limits.append(settings.max_identifier_group)
    return pl.DataFrame({"rule": rules, "cap": limits}, schema={"rule": pl.Int32, "cap": pl.Int64})


def block_sizes(stored: pl.DataFrame, new_entries: pl.DataFrame) -> pl.DataFrame:
    """rule, key, n: stored counts (rule, key, n) plus the new records' own entries."""
    new = new_entries.group_by("rule", "key").agg(pl.len().cast(pl.Int64).alias("n"))
    return pl.concat([stored.select("rule", "key", pl.col("n").cast(pl.Int64)), new.cast({"rule": pl.Int32})]).group_by(
        "rule", "key").agg(pl.col("n").sum())


def open_blocks(sizes: pl.DataFrame, settings: MatchSettings = DEFAULT_SETTINGS) -> pl.DataFrame:
    """rule, key of the blocks small enough to pair within (both sides of a cross rule counted together)."""
    base = pl.when(pl.col("rule").is_between(AGAINST, IDENTIFIERS - 1)).then(pl.col("rule") - AGAINST).otherwise("rule")
    total = sizes.with_columns(base.alias("base")).with_columns(pl.col("n").sum().over("base", "key").alias("total"))
    return total.join(caps(settings), on="rule").filter(pl.col("total") <= pl.col("cap")).select("rule", "key")


@dataclass(frozen=True)
class Increment:
    """What resolving a part of the store changed, for the store to write and nothing else."""

    assignments: pl.DataFrame  # record_id, contact_id: every new record, and each stored one whose contact changed
    contacts: pl.DataFrame  # the surviving values of every contact that changed or appeared
    replaced: list[str]  # contact ids whose stored rows give way (changed, merged away, or split)
    part: pl.Series  # record ids resolved here: the review pairs among them are replaced
    review_pairs: pl.DataFrame  # the part's review pairs
    model: FSModel | None


def resolve_part(
    part: pl.DataFrame, decisions: pl.DataFrame, model: FSModel, population: Population, phone_region: str,
    settings: MatchSettings = DEFAULT_SETTINGS,
) -> Increment:
    """Resolve new records (contact_id null) with the stored contacts they may join, with the stored weights.

    `part` holds every record of each stored contact it touches, so a contact is resolved whole.
    """
    resolution = resolve(add_match_keys(part, phone_region), decisions, settings, model=model, population=population)
    assignments = checked(resolution.assignments, AssignmentFrame, stage="resolve → store")
    review = checked(resolution.review_pairs, ReviewPairFrame, stage="resolve → review queue")
    before = part.select("record_id", pl.col("contact_id").alias("before"))
    moved = assignments.join(before, on="record_id").filter(pl.col("before").is_null() | (pl.col("before") != pl.col("contact_id")))
    touched = pl.concat([moved["contact_id"], moved["before"].drop_nulls()]).unique()
    resolved = part.drop("contact_id").join(assignments, on="record_id")
    contacts = survive(resolved.filter(pl.col("contact_id").is_in(touched.implode())), phone_region)
    return Increment(moved.select("record_id", "contact_id"), contacts, sorted(touched.to_list()), part["record_id"],
                     review, resolution.model)


def population(sizes: pl.DataFrame, tf_totals: dict[int, int], settings: MatchSettings = DEFAULT_SETTINGS) -> Population:
    """The Population of a part, from block sizes and the indexed value counts by rule number."""
    columns = tf_columns(settings.comparisons)
    return Population(sizes, {c: tf_totals.get(TF_VALUES + i, 0) for i, c in enumerate(columns)})
