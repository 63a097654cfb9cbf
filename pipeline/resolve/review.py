"""The review queue: pairs of contacts a person should look at, one per two contacts, with evidence that adds up."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import polars as pl

from pipeline.resolve.comparisons import MISSING
from pipeline.resolve.em import FSModel

if TYPE_CHECKING:
    from pipeline.resolve.linkage import MatchSettings

REVIEW_SCHEMA = {"record_a": pl.String, "record_b": pl.String, "weight": pl.Float64,
                 "probability": pl.Float64, "reasons": pl.String}


def _reasons(model: FSModel, gammas: pl.DataFrame, tf: np.ndarray, shared: np.ndarray) -> list[str]:
    """The prior and how much each field weighed, e.g. `prior (-14.1); last_name: exact (+6.2); company: different (-3.1)`.

    "value frequency" is the term-frequency adjustment: rare names and employers count for more.
    """
    weights = model.level_weights()
    texts = []
    # The prior comes first, so the parts add up to the pair's match weight.
    prior = f"prior ({model.prior_weight:+.1f})"
    for i, row in enumerate(gammas.iter_rows()):
        parts = [prior]
        for comp, code, w in zip(model.comparisons, row, weights, strict=True):
            if code == MISSING or (comp.neutral_disagreement and code == len(comp.levels)):
                continue  # no value, or a disagreement that by design weighs nothing
            parts.append(f"{comp.name}: {comp.label(code)} ({w[code]:+.1f})")
        if tf[i]:
            parts.append(f"value frequency ({tf[i]:+.1f})")
        if shared[i]:
            parts.append("shares an email, phone or LinkedIn profile, but a name disagrees")
        texts.append("; ".join(parts))
    return texts


def _name_only(keyed: pl.DataFrame, model: FSModel, gammas: pl.DataFrame, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Pairs with the same full name and nothing that contradicts it: the README says these wait for review.

    A contradiction is any comparison at its disagreement level with a negative weight (another
    employer, another middle name, another birth date); a field one side lacks says nothing.
    """
    first, last = keyed["key_first"].to_numpy(), keyed["key_last"].to_numpy()
    same = (first[a] == first[b]) & (last[a] == last[b]) & (first[a] != None) & (last[a] != None)  # noqa: E711
    contradicted = np.zeros(len(a), dtype=bool)
    for comp, weights in zip(model.comparisons, model.level_weights(), strict=True):
        codes = gammas[comp.name].to_numpy().astype(np.int64)
        contradicted |= (codes == len(comp.levels)) & (weights[codes] < 0)
    return same & ~contradicted


def review_pairs(
    ids: pl.Series, keyed: pl.DataFrame, scored: pl.DataFrame, labels: np.ndarray, decided: pl.DataFrame,
    explained: tuple[FSModel | None, pl.DataFrame, np.ndarray, np.ndarray], settings: MatchSettings,
) -> pl.DataFrame:
    """Pairs of contacts likely enough to ask about (or the same full name and nothing against it), not yet
    decided: one pair per two contacts, the strongest link between their records, with its reasons."""
    model, gammas, tf, shared = explained
    if model is None:
        return pl.DataFrame(schema=REVIEW_SCHEMA)
    a, b = scored["a"].to_numpy().astype(np.int64), scored["b"].to_numpy().astype(np.int64)
    name_only = _name_only(keyed, model, gammas, a, b)
    asked = scored.with_columns(
        pl.Series("la", labels[a], pl.Int64), pl.Series("lb", labels[b], pl.Int64)
    ).with_row_index("pair").filter(
        ((pl.col("probability") >= settings.review_probability) | pl.Series(name_only)) & (pl.col("la") != pl.col("lb"))
    )
    # Two different LinkedIn profiles, or two rows of one LinkedIn export, are two people: no need to ask.
    slug, export = keyed["key_linkedin"], keyed["export"]
    two_people = (slug.gather(asked["a"]) != slug.gather(asked["b"])).fill_null(False) | (
        export.gather(asked["a"]) == export.gather(asked["b"])).fill_null(False)
    undecided = asked.filter(~two_people).join(
        decided.select(a="ra", b="rb").cast({"a": pl.UInt32, "b": pl.UInt32}), on=["a", "b"], how="anti"
    )
    # A decision on any two records of two contacts answers for the contacts.
    ra, rb = decided["ra"].to_numpy().astype(np.int64), decided["rb"].to_numpy().astype(np.int64)
    decided_contacts = pl.DataFrame({"lo": np.minimum(labels[ra], labels[rb]), "hi": np.maximum(labels[ra], labels[rb])},
                                    schema={"lo": pl.Int64, "hi": pl.Int64})
    review = (
        undecided.with_columns(pl.min_horizontal("la", "lb").alias("lo"), pl.max_horizontal("la", "lb").alias("hi"))
        .join(decided_contacts, on=["lo", "hi"], how="anti")
        .sort("weight", "a", "b", descending=[True, False, False])
        .unique(subset=["lo", "hi"], keep="first", maintain_order=True)
    )
    # The store's review table wants record_a < record_b: rows are sorted by record_id, so a < b holds.
    rows = review["pair"].to_numpy()
    return pl.DataFrame(
        {
            "record_a": ids.gather(review["a"]),
            "record_b": ids.gather(review["b"]),
            "weight": review["weight"].cast(pl.Float64),
            "probability": review["probability"].cast(pl.Float64),
            "reasons": _reasons(model, gammas[rows], tf[rows], shared[rows]),
        },
        schema=REVIEW_SCHEMA,
    ).sort("weight", "record_a", "record_b", descending=[True, False, False])
