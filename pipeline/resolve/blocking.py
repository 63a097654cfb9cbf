"""Candidate pairs: exact shared identifiers, and the union of several blocking rules as bounded self-joins."""

from __future__ import annotations

import logging
from dataclasses import dataclass

import numpy as np
import polars as pl

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class BlockingRule:
    """Records agreeing on every expression in `on` become candidate pairs (list columns are exploded)."""

    name: str
    on: tuple[str, ...]
    max_block: int | None = None  # tighter than the settings' cap, for keys many records share
    # Match `on` of one record against these columns of another (same length; list columns exploded)
    # instead of `on` against `on`: a first name against the names another's name may stand for.
    against: tuple[str, ...] = ()


def _derived() -> dict[str, pl.Expr]:
    """Block keys derived from the match keys, computed once per run; nothing here is stored."""
    return {
    "first_initial": pl.col("key_first").str.slice(0, 1),
    "birth_year": pl.col("key_birth_date").dt.year(),
    "last_prefix": pl.col("key_last").str.slice(0, 4),
    # The names a first name may stand for, other than itself (Bob -> robert, bert, ...).
    "other_names": pl.col("key_first_nicks").list.set_difference(pl.concat_list("key_first")),
    # The employer named, and the ones a work address points at: an alumni list often has only the email.
    # (Nulls and repeats in the list are harmless: exploding drops nulls, a block holds a row once.)
    "employers": pl.concat_list(pl.col("key_company"), pl.col("key_email_orgs").fill_null([])),
    # The same two names in either order: catches a first and last name written the wrong way round.
    "name_pair": pl.when(pl.col("key_first") < pl.col("key_last"))
    .then(pl.concat_str("key_first", "key_last", separator="|"))
    .otherwise(pl.concat_str("key_last", "key_first", separator="|")),
    }

# Each rule catches what the others miss: a typo in the surname, a nickname, a swapped name, a move.
DEFAULT_BLOCKING_RULES: tuple[BlockingRule, ...] = (
    # Tighter caps where a key is common and the rule adds few matches of its own (measured on Febrl
    # and the cross-source set): "Smith, J." or one class of one school can hold hundreds.
    BlockingRule("surname + first initial", ("key_last", "first_initial"), max_block=10),
    BlockingRule("nickname + surname", ("key_first", "key_last"), against=("other_names", "key_last")),
    BlockingRule("surname + employer", ("key_last", "employers")),
    # A typo in the surname at the same employer; the first name may be a nickname (Ant, Anthony).
    BlockingRule("first name or its formal names + employer", ("key_first_nicks", "employers")),
    BlockingRule("first name + city", ("key_first", "key_city"), max_block=20),
    BlockingRule("first name + birth year", ("key_first", "birth_year")),
    BlockingRule("surname + postcode", ("key_last", "key_postal")),
    BlockingRule("birth date", ("key_birth_date",)),
    BlockingRule("street", ("key_street",)),
    BlockingRule("postcode + city", ("key_postal", "key_city")),
    BlockingRule("both names, either order", ("name_pair",)),
    BlockingRule("surname prefix + birth date", ("last_prefix", "key_birth_date")),
    BlockingRule("first name + school + class", ("key_first", "key_school", "key_class_year"), max_block=10),
)

# Shared strong identifiers: one address, profile or number is one person (groups past a cap are
# shared mailboxes or switchboards, and prove nothing).
IDENTIFIER_RULES: tuple[BlockingRule, ...] = (
    BlockingRule("email", ("key_emails",)),
    BlockingRule("linkedin", ("key_linkedin",)),
    BlockingRule("phone", ("key_phones",)),
)

_PAIR_SCHEMA = {"a": pl.UInt32, "b": pl.UInt32}


def _rule_pairs(
    keyed: pl.DataFrame, rule: BlockingRule, max_block: int, sizes: pl.DataFrame | None = None
) -> pl.DataFrame:
    """Pairs (a < b) of rows agreeing on the rule's keys, skipping blocks larger than `max_block`.

    `sizes` (key, n) gives how many records hold each key in the whole store when `keyed` is only a
    part of it: a block is skipped by its size there, so a part pairs exactly as the whole would.
    """
    max_block = min(max_block, rule.max_block or max_block)
    if rule.against:
        return _cross_pairs(keyed, rule, max_block, sizes)
    frame = _exploded(keyed, rule.on, rule.on)
    if frame.height == 0:
        return pl.DataFrame(schema=_PAIR_SCHEMA)
    blocks = frame.group_by(rule.on).agg(pl.col("row").unique().sort()).select(
        pl.col("row"), pl.col("row").list.len().alias("n"), _key(rule.on))
    if sizes is not None:
        blocks = _with_sizes(blocks, sizes)
    too_big = int((blocks["n"] > max_block).sum())
    if too_big:
        log.debug("blocking rule %r: %d blocks over %d records skipped", rule.name, too_big, max_block)
    blocks = blocks.filter(pl.col("n").is_between(2, max_block) & (pl.col("row").list.len() >= 2))
    sizes = blocks["row"].list.len().to_numpy()  # the rows here (n may be the whole store's count)
    a, b = _pairs_within_blocks(np.repeat(np.arange(sizes.size), sizes), blocks["row"].explode().to_numpy())
    return pl.DataFrame({"a": a, "b": b}, schema=_PAIR_SCHEMA)


def _exploded(keyed: pl.DataFrame, columns: tuple[str, ...], names: tuple[str, ...]) -> pl.DataFrame:
    """row and the key columns (renamed to `names`), one row per list element, without nulls.

    A value repeated in a list repeats the row; callers take each row once per block or dedupe pairs.
    """
    frame = keyed.select("row", *(pl.col(c).alias(n) for c, n in zip(columns, names, strict=True)))
    for column in names:
        if isinstance(frame.schema[column], pl.List):
            frame = frame.explode(column)
    return frame.drop_nulls()


def _cross_pairs(keyed: pl.DataFrame, rule: BlockingRule, max_block: int, sizes: pl.DataFrame | None) -> pl.DataFrame:
    """Pairs where one record's `on` equals another's `against` (a < b); keys held by over `max_block` records skipped."""
    mine = _exploded(keyed, rule.on, rule.on)
    theirs = _exploded(keyed, rule.against, rule.on)
    held = pl.concat([mine, theirs]).group_by(rule.on).agg(pl.len().alias("n")).with_columns(_key(rule.on))
    if sizes is not None:  # both sides of a key count towards its size (see index_entries)
        held = _with_sizes(held, sizes)
    small = held.filter(pl.col("n") <= max_block).select(rule.on)
    pairs = (
        mine.join(small, on=list(rule.on))
        .join(theirs, on=list(rule.on), suffix="_b")
        .filter(pl.col("row") != pl.col("row_b"))
        .select(pl.min_horizontal("row", "row_b").alias("a"), pl.max_horizontal("row", "row_b").alias("b"))
    )
    return pairs.cast(_PAIR_SCHEMA)


def _pairs_within_blocks(block: np.ndarray, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Every pair (a < b) of rows in one block, for rows sorted by (block, row): no self-join, no filter."""
    if not rows.size:
        return rows, rows
    starts = np.flatnonzero(np.r_[True, block[1:] != block[:-1]])
    ends = np.r_[starts[1:], rows.size]
    end_of = np.repeat(ends, ends - starts)  # for each position: where its block ends
    partners = end_of - np.arange(rows.size) - 1  # rows after it in its block
    first = np.repeat(np.arange(rows.size), partners)
    # Position of each pair's second row: first + 1, first + 2, ... within the run of `first`.
    offset = np.arange(first.size) - np.repeat(np.cumsum(partners) - partners, partners)
    return rows[first], rows[first + 1 + offset]


# Separates the parts of a multi-column block key in its text form (no normalised key holds it).
_KEY_SEPARATOR = "\x1f"


def _key(columns: tuple[str, ...]) -> pl.Expr:
    """One text per block key (the index's form): the columns' values joined."""
    return pl.concat_str([pl.col(c).cast(pl.String) for c in columns], separator=_KEY_SEPARATOR).alias("key")


def _with_sizes(blocks: pl.DataFrame, sizes: pl.DataFrame) -> pl.DataFrame:
    """`n` replaced by the key's size in the whole store where `sizes` knows it."""
    return blocks.join(sizes.select("key", pl.col("n").alias("n_all")), on="key", how="left").with_columns(
        pl.coalesce("n_all", "n").alias("n")).drop("n_all")


def index_entries(keyed: pl.DataFrame, rules: tuple[BlockingRule, ...], tf_columns: tuple[str, ...] = ()) -> pl.DataFrame:
    """row, rule, key: every block key of every row, the way a store indexes them to find a new record's block.

    Rule i of `rules` is i; the `against` side of a cross rule is i + AGAINST (both sides count towards
    a key's size); IDENTIFIER_RULES follow from IDENTIFIERS, and each `tf_columns` value from TF_VALUES.
    Each (row, rule, key) is listed once.
    """
    parts = []
    for i, rule in enumerate(rules):
        parts.append(_exploded(keyed, rule.on, rule.on).select("row", pl.lit(i).alias("rule"), _key(rule.on)))
        if rule.against:
            parts.append(_exploded(keyed, rule.against, rule.on).select(
                "row", pl.lit(i + AGAINST).alias("rule"), _key(rule.on)))
    for i, rule in enumerate(IDENTIFIER_RULES):
        parts.append(_exploded(keyed, rule.on, rule.on).select("row", pl.lit(IDENTIFIERS + i).alias("rule"), _key(rule.on)))
    for i, column in enumerate(tf_columns):
        parts.append(keyed.select("row", pl.lit(TF_VALUES + i).alias("rule"), _key((column,))).drop_nulls())
    schema = {"row": pl.UInt32, "rule": pl.Int32, "key": pl.String}
    if not parts:
        return pl.DataFrame(schema=schema)
    return pl.concat([p.cast(schema) for p in parts]).unique(maintain_order=True)


# Where the index numbers the cross rules' other side, the identifiers and the value frequencies.
AGAINST, IDENTIFIERS, TF_VALUES = 1000, 2000, 3000


def block_keys(keys: pl.DataFrame) -> pl.DataFrame:
    """The key columns plus derived block keys and a row number."""
    return keys.with_row_index("row").with_columns(
        expr.alias(name) for name, expr in _derived().items()
    )


# One u64 per pair (a in the high half): a set of pairs becomes one sortable column.
_PACKED = (pl.col("a").cast(pl.UInt64) * (1 << 32) + pl.col("b").cast(pl.UInt64)).alias("ab")


def candidate_pairs(
    keyed: pl.DataFrame, rules: tuple[BlockingRule, ...], max_block: int, extra: pl.DataFrame | None = None,
    sizes: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """The union of every rule's pairs and the `extra` pairs (a < b), each pair once, sorted.

    `sizes` (rule, key, n; see index_entries) are the blocks' sizes in the whole store, when `keyed` is a part.
    """
    parts = [_rule_pairs(keyed, rule, max_block, _sizes_of(sizes, i, rule)) for i, rule in enumerate(rules)]
    parts += [extra.select("a", "b")] if extra is not None else []
    packed = pl.concat([part.select(_PACKED) for part in parts])["ab"].unique().sort()
    pairs = pl.DataFrame({"a": (packed // (1 << 32)).cast(pl.UInt32), "b": (packed % (1 << 32)).cast(pl.UInt32)})
    log.info("blocking: %d candidate pairs from %d rules", pairs.height, len(rules))
    return pairs


def pairs_in(pairs: pl.DataFrame, subset: pl.DataFrame) -> np.ndarray:
    """For each pair of `pairs`, whether `subset` holds it too."""
    wanted = np.sort(subset.select(_PACKED)["ab"].to_numpy())
    packed = pairs.select(_PACKED)["ab"].to_numpy()
    at = np.searchsorted(wanted, packed).clip(max=max(wanted.size - 1, 0))
    return wanted[at] == packed if wanted.size else np.zeros(packed.size, dtype=bool)


def _sizes_of(sizes: pl.DataFrame | None, number: int, rule: BlockingRule) -> pl.DataFrame | None:
    """key, n for one rule (both sides of a cross rule added up)."""
    if sizes is None:
        return None
    wanted = [number, number + AGAINST] if rule.against else [number]
    return sizes.filter(pl.col("rule").is_in(wanted)).group_by("key").agg(pl.col("n").sum())


def identifier_pairs(keyed: pl.DataFrame, max_group: int, sizes: pl.DataFrame | None = None) -> pl.DataFrame:
    """Pairs sharing an email, a LinkedIn profile or a phone number (a < b), with which one."""
    parts = [
        _rule_pairs(keyed, rule, max_group, _sizes_of(sizes, IDENTIFIERS + i, rule)).with_columns(
            pl.lit(rule.name).alias("identifier"))
        for i, rule in enumerate(IDENTIFIER_RULES)
    ]
    pairs = pl.concat(parts).group_by("a", "b").agg(pl.col("identifier").sort().str.join("+")).sort("a", "b")
    return pairs


def random_pairs(n: int, count: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """`count` random pairs of distinct rows: nearly all are two different people (for u estimates)."""
    rng = np.random.default_rng(seed)
    a = rng.integers(0, n, size=count, dtype=np.int64)
    b = rng.integers(0, n - 1, size=count, dtype=np.int64)
    b = b + (b >= a)
    return a, b
