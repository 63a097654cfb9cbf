"""Weights beyond the fitted levels: the m of names from shared identifiers, and how common an agreeing value is."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import polars as pl

from pipeline.resolve.blocking import TF_VALUES, index_entries
from pipeline.resolve.comparisons import MISSING, Comparison, code_column
from pipeline.resolve.em import FSModel, prior_m

if TYPE_CHECKING:
    from pipeline.resolve.linkage import MatchSettings


@dataclass(frozen=True)
class Population:
    """What a part of the store needs to know of the whole to resolve as the whole would.

    `sizes` (rule, key, n; numbered as `blocking.index_entries`) holds how many records of the whole
    store hold each block key and each compared value of the part's records; `tf_totals` how many
    records hold any value of each term-frequency column.
    """

    sizes: pl.DataFrame
    tf_totals: dict[str, int]


def tf_columns(comparisons: tuple[Comparison, ...]) -> tuple[str, ...]:
    """The key columns whose exact agreement is weighed by how common the value is."""
    return tuple(dict.fromkeys(level.column or comp.column for comp in comparisons for level in comp.levels if level.tf))


def name_m_from_identifiers(gammas: pl.DataFrame, shared: np.ndarray, settings: MatchSettings) -> dict[str, np.ndarray]:
    """m of each name comparison, from the pairs that share an email or a LinkedIn profile.

    Those pairs are one person whatever their names say, so how their names differ is how a
    match's names differ. EM cannot learn this by itself: colleagues who share a surname and an
    employer look like matches on every other field, and would teach it that a different first
    name is common among matches. The declared shares fill in where such pairs are few.
    """
    fixed = {}
    for comp in settings.comparisons:
        if not comp.is_name:
            continue
        codes = gammas[comp.name].to_numpy()[shared]
        codes = codes[codes != MISSING].astype(np.int64)
        counts = np.bincount(codes, minlength=comp.n_levels) + settings.m_prior_pairs * prior_m(comp)
        fixed[comp.name] = np.clip(counts / counts.sum(), 1e-4, 1 - 1e-4)
    return fixed


def _value_frequencies(keyed: pl.DataFrame, column: str, settings: MatchSettings, population: Population | None) -> np.ndarray:
    """Each row's value's share among the records holding a value of `column`: of these rows, or of the whole store."""
    codes = keyed[code_column(column)].to_numpy()
    if population is None:
        counts = np.bincount(codes)
        return counts[codes] / max(codes.size - counts[0], 1)  # code 0: no value
    rule = TF_VALUES + tf_columns(settings.comparisons).index(column)
    held = (
        index_entries(keyed, (), tf_columns(settings.comparisons)).filter(pl.col("rule") == rule)
        .join(population.sizes, on=["rule", "key"], how="left")
    )
    counts = np.ones(keyed.height)
    counts[held["row"].to_numpy()] = held["n"].fill_null(1).to_numpy()
    return counts / max(population.tf_totals.get(column, 0), 1)


def tf_adjustments(
    keyed: pl.DataFrame, gammas: pl.DataFrame, a: np.ndarray, model: FSModel, settings: MatchSettings,
    population: Population | None = None,
) -> np.ndarray:
    """Extra weight for agreeing on a rare value, less for a common one: log2(u_level / frequency of the value).

    Two random people agree on a value with probability u on average, and with the value's own
    frequency for that value in particular (splink's term-frequency adjustment).
    """
    total = np.zeros(gammas.height)
    for comp, u in zip(settings.comparisons, model.u, strict=True):
        for index, level in enumerate(comp.levels):
            if not level.tf:
                continue
            if level.test != "exact":
                raise ValueError(f"{comp.name}: a term-frequency adjustment needs an exact level, not {level.test!r}")
            agree = gammas[comp.name].to_numpy() == index
            if not agree.any():
                continue
            # Exact agreement: the value on side a is the value both share.
            log_tf = np.log2(_value_frequencies(keyed, level.column or comp.column, settings, population)[a[agree]])
            adjust = np.clip(np.log2(u[index]) - log_tf, -settings.tf_max_adjustment, settings.tf_max_adjustment)
            total[agree] += adjust
    return total
