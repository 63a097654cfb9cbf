"""How much pairwise recall merges can reach at all when names alone never merge (the README's rule).

Usage: python benchmarks/recall_ceiling.py [SIZE] [--sources linkedin,alumni,google]

An oracle: every true pair among the candidates that holds evidence beyond names (a shared email,
phone or LinkedIn profile, or a non-name field agreeing at its strongest level, or a work address at
the employer's domain) is merged, and clusters close transitively. Whatever recall is missing then
sits in pairs that agree on names and nothing else: those are asked about in `coffeechat dupes`,
never merged. Printed beside resolve()'s own recall, for the tuning seed and the held-out seed.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import polars as pl
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.bench_resolve import HELD_OUT_SEED
from benchmarks.febrl_cli import pairwise_scores
from benchmarks.synth_people import make_cross_source
from pipeline.resolve.blocking import (
    DEFAULT_BLOCKING_RULES,
    block_keys,
    candidate_pairs,
    identifier_pairs,
    pairs_in,
)
from pipeline.resolve.comparisons import DEFAULT_COMPARISONS, add_value_codes, compare_pairs
from pipeline.resolve.linkage import DEFAULT_SETTINGS, resolve
from pipeline.resolve.normalize import KEY_COLUMNS, add_match_keys


def ceiling(records: pl.DataFrame, person: pl.Series) -> float:
    """Pairwise recall of the oracle that merges every true candidate pair with evidence beyond names."""
    keyed = add_match_keys(records)
    order = keyed.select(pl.int_range(pl.len()).alias("i"), "record_id").sort("record_id")["i"].to_numpy()
    keys = add_value_codes(block_keys(keyed.select(list(KEY_COLUMNS))[order]), DEFAULT_COMPARISONS)
    truth = person.to_numpy()[order]
    identified = identifier_pairs(keys, DEFAULT_SETTINGS.max_identifier_group)
    pairs = candidate_pairs(keys, DEFAULT_BLOCKING_RULES, DEFAULT_SETTINGS.max_block_size, extra=identified)
    a, b = pairs["a"].to_numpy().astype(np.int64), pairs["b"].to_numpy().astype(np.int64)
    gammas = compare_pairs(keys, a, b)
    evidence = pairs_in(pairs, identified)
    for comp in DEFAULT_COMPARISONS:
        if comp.is_name:
            continue
        codes = gammas[comp.name].to_numpy()
        strong = codes == 0
        if comp.cross:  # the company named by the other's work address
            strong |= codes == next(i for i, lv in enumerate(comp.levels) if lv.test == "member")
        evidence |= strong
    keep = evidence & (truth[a] == truth[b])
    graph = coo_matrix((np.ones(int(keep.sum())), (a[keep], b[keep])), shape=(keys.height, keys.height))
    _, labels = connected_components(graph, directed=False)
    return pairwise_scores(pl.Series(truth), pl.Series(labels))[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("size", nargs="?", type=int, default=20_000)
    parser.add_argument("--sources", default="linkedin,alumni,google")
    args = parser.parse_args()
    sources = tuple(args.sources.split(","))
    print(f"merge recall: resolve() vs the names-alone-never-merge ceiling, sources {args.sources}")
    print(f"{'set':<24} {'records':>8} {'resolve R':>10} {'ceiling R':>10} {'resolve/ceiling':>16}")
    for name, seed in (("tuning", args.size), ("held-out", HELD_OUT_SEED)):
        records, person = make_cross_source(args.size, seed=seed, sources=sources)
        got = records.select("record_id").join(resolve(records).assignments, on="record_id", how="left")
        recall = pairwise_scores(person, got["contact_id"])[1]
        top = ceiling(records, person)
        print(f"{f'{name} (seed {seed})':<24} {records.height:>8} {recall:>10.4f} {top:>10.4f} {recall / top:>16.3f}")


if __name__ == "__main__":
    main()
