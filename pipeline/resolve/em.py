"""Fellegi–Sunter m and u probabilities estimated by EM from the data itself, on counts of comparison patterns."""

from __future__ import annotations

import logging
from dataclasses import dataclass

import numpy as np
import polars as pl

from pipeline.resolve.comparisons import MISSING, Comparison

log = logging.getLogger(__name__)

# Keeps every probability off 0 and 1, so no single level can veto or force a match by itself.
_FLOOR = 1e-4


@dataclass(frozen=True)
class FSModel:
    """λ = P(two records match) over all pairs; m[k][l], u[k][l] = P(level l on comparison k | match / not)."""

    comparisons: tuple[Comparison, ...]
    prior: float
    m: tuple[np.ndarray, ...]
    u: tuple[np.ndarray, ...]
    iterations: int

    def level_weights(self) -> tuple[np.ndarray, ...]:
        """log2(m/u) for each level; index -1 (missing) is appended as 0 so gamma codes index it directly."""
        weights = []
        for comp, m, u in zip(self.comparisons, self.m, self.u, strict=True):
            w = np.log2(m / u)
            if comp.neutral_disagreement:
                w[-1] = 0.0
            weights.append(np.append(w, 0.0))
        return tuple(weights)

    @property
    def prior_weight(self) -> float:
        return float(np.log2(self.prior / (1.0 - self.prior)))


def level_frequencies(
    gammas: pl.DataFrame, comparisons: tuple[Comparison, ...], prior_pairs: float = 0.0
) -> tuple[np.ndarray, ...]:
    """Share of each level among pairs where the comparison is not missing, `prior_pairs` pairs' worth of the
    declared u shares mixed in (they decide when a small import offers few pairs to count)."""
    out = []
    for comp in comparisons:
        codes = gammas[comp.name].to_numpy()
        codes = codes[codes != MISSING]
        counts = np.bincount(codes.astype(np.int64), minlength=comp.n_levels).astype(float)
        counts += prior_pairs * prior_u(comp) if comp.u_prior else 1.0
        out.append(np.clip(counts / counts.sum(), 1e-9, 1 - _FLOOR))
    return tuple(out)


def prior_u(comp: Comparison) -> np.ndarray:
    """The comparison's declared u shares, "different" taking the rest."""
    u = np.asarray(comp.u_prior, dtype=float)
    return np.append(u, max(1.0 - u.sum(), _FLOOR))


def prior_m(comp: Comparison) -> np.ndarray:
    """The comparison's declared m shares, or (none declared) most on the strongest level, halving down."""
    if comp.m_prior:
        m = np.asarray(comp.m_prior, dtype=float)
    else:
        m = np.array([0.9 * 0.5**i for i in range(comp.n_levels - 1)] + [0.05])
    return m / m.sum()


def fit(
    gammas: pl.DataFrame,
    comparisons: tuple[Comparison, ...],
    u_random: tuple[np.ndarray, ...],
    total_pairs: float,
    *,
    max_iterations: int = 100,
    tolerance: float = 1e-6,
    prior_pairs: float = 0.0,
    fixed_m: dict[str, np.ndarray] | None = None,
) -> FSModel:
    """Estimate m and the prior by EM over the distinct gamma patterns of the candidate pairs.

    u is fixed at its estimate from random pairs (as splink trains). Blocking makes candidate
    non-matches agree on the blocked fields far more than two random people do, so EM runs over
    *all* record pairs: the pairs blocking left out count as non-matches (blocking keeps nearly
    every true match), which is why the prior is divided by `total_pairs`, not by the candidates.
    m is learned from the candidates alone, where nearly every match is.

    `prior_pairs` is how many matches' worth of weight the declared m shares carry (a Dirichlet
    prior): where the data holds few matches on a comparison, m stays near what is known of it.
    `fixed_m` holds comparisons whose m is known from elsewhere and is not re-estimated.
    """
    fixed_m = fixed_m or {}
    names = [c.name for c in comparisons]
    patterns = gammas.group_by(names).len().sort(names)  # a fixed order keeps float sums reproducible
    codes = patterns.select(names).to_numpy().astype(np.int64)  # patterns × comparisons
    counts = patterns["len"].to_numpy().astype(float)
    present = codes != MISSING
    priors = [prior_m(c) for c in comparisons]
    m = [np.asarray(fixed_m.get(c.name, p), dtype=float) for c, p in zip(comparisons, priors, strict=True)]
    u = [np.asarray(x, dtype=float).copy() for x in u_random]
    # Start from "about one duplicate per two candidate pairs' worth", far below any real share.
    prior = float(np.clip(0.5 * counts.sum() / total_pairs, 1e-12, 0.5))
    iteration = 0
    for iteration in range(1, max_iterations + 1):  # noqa: B007 - the count is reported
        log_m = np.zeros(len(counts))
        log_u = np.zeros(len(counts))
        for k in range(len(comparisons)):
            col, here = codes[:, k], present[:, k]
            log_m[here] += np.log(m[k][col[here]])
            log_u[here] += np.log(u[k][col[here]])
        # Posterior that each pattern is a match, computed in log space for stability.
        logit = np.log(prior) - np.log1p(-prior) + log_m - log_u
        g = 1.0 / (1.0 + np.exp(-np.clip(logit, -700, 700)))
        wm = counts * g
        new_prior = float(np.clip(wm.sum() / total_pairs, 1e-12, 0.5))
        change = abs(np.log(new_prior) - np.log(prior))
        for k, comp in enumerate(comparisons):
            if comp.name in fixed_m:
                continue
            col, here = codes[:, k], present[:, k]
            new_m = np.bincount(col[here], weights=wm[here], minlength=comp.n_levels) + prior_pairs * priors[k] + 0.5
            new_m = np.clip(new_m / new_m.sum(), _FLOOR, 1 - _FLOOR)
            change = max(change, float(np.abs(new_m - m[k]).max()))
            m[k] = new_m
        prior = new_prior
        if change < tolerance:
            break
    log.info("EM: %d patterns, %d iterations, prior %.3g", len(counts), iteration, prior)
    return FSModel(tuple(comparisons), prior, tuple(m), tuple(u), iteration)


def pair_weights(model: FSModel, gammas: pl.DataFrame) -> np.ndarray:
    """Total match weight (log2 odds, prior included) of each pair, before term-frequency adjustments."""
    total = np.full(gammas.height, model.prior_weight)
    for comp, weights in zip(model.comparisons, model.level_weights(), strict=True):
        total += weights[gammas[comp.name].to_numpy().astype(np.int64)]
    return total
