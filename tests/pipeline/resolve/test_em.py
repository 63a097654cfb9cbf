"""EM estimates m and the match prior from unlabelled pairs, with u fixed from random pairs."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest

from pipeline.resolve.comparisons import Comparison, Level
from pipeline.resolve.em import fit, pair_weights

COMPS = tuple(Comparison(f"f{i}", f"k{i}", (Level("exact", "exact"),)) for i in range(4))


def simulate(matches: int, non_matches: int, m: float, u: float, seed: int = 0) -> pl.DataFrame:
    """Gamma codes (0 = agree, 1 = disagree) for matches and non-matches, independent across fields."""
    rng = np.random.default_rng(seed)
    agree_m = rng.random((matches, len(COMPS))) < m
    agree_u = rng.random((non_matches, len(COMPS))) < u
    codes = np.where(np.vstack([agree_m, agree_u]), 0, 1).astype(np.int8)
    return pl.DataFrame({c.name: codes[:, i] for i, c in enumerate(COMPS)})


def test_em_recovers_m_and_the_prior():
    """On all pairs drawn from known m and u, EM finds m within 0.02 and the number of matches within 5%."""
    gammas = simulate(2_000, 20_000, m=0.9, u=0.05)
    u = tuple(np.array([0.05, 0.95]) for _ in COMPS)
    total_pairs = gammas.height  # every pair is a candidate here
    model = fit(gammas, COMPS, u, total_pairs)
    for m in model.m:
        assert m[0] == pytest.approx(0.9, abs=0.02)
    assert model.prior * total_pairs == pytest.approx(2_000, rel=0.05)


def test_missing_values_weigh_nothing():
    """A comparison missing on a pair (code -1) adds zero weight."""
    gammas = simulate(500, 5_000, m=0.9, u=0.05)
    u = tuple(np.array([0.05, 0.95]) for _ in COMPS)
    model = fit(gammas, COMPS, u, 100_000)
    one = pl.DataFrame({c.name: [0] for c in COMPS}, schema={c.name: pl.Int8 for c in COMPS})
    blank = one.with_columns(pl.lit(-1, pl.Int8).alias("f3"))
    full, partial = pair_weights(model, one)[0], pair_weights(model, blank)[0]
    assert full - partial == pytest.approx(model.level_weights()[3][0])


def test_em_works_on_patterns_not_rows():
    """Duplicated rows change nothing: EM runs on pattern counts."""
    gammas = simulate(300, 3_000, m=0.9, u=0.1)
    u = tuple(np.array([0.1, 0.9]) for _ in COMPS)
    a = fit(gammas, COMPS, u, 50_000)
    b = fit(gammas.sample(fraction=1.0, shuffle=True, seed=3), COMPS, u, 50_000)
    assert np.allclose(np.concatenate(a.m), np.concatenate(b.m)) and a.prior == pytest.approx(b.prior)


PRIORED = tuple(
    Comparison(f"f{i}", f"k{i}", (Level("exact", "exact"),), m_prior=(0.8, 0.2), u_prior=(0.01,)) for i in range(4)
)


def test_a_comparison_nobody_has_keeps_its_declared_m():
    """No pair has a value on f3 (all missing): its m stays the declared prior, whatever the others teach."""
    gammas = simulate(500, 5_000, m=0.9, u=0.05).with_columns(pl.lit(-1, pl.Int8).alias("f3"))
    u = tuple(np.array([0.05, 0.95]) for _ in PRIORED)
    model = fit(gammas, PRIORED, u, 100_000, prior_pairs=50)
    assert model.m[3][0] == pytest.approx(0.8, abs=0.01)


@pytest.mark.parametrize(("prior_pairs", "near"), [(0, 0.9), (1e6, 0.8)])
def test_prior_pairs_set_how_far_data_moves_m(prior_pairs, near):
    """With no prior weight m follows the data (0.9); with overwhelming weight it stays at the declared 0.8."""
    gammas = simulate(2_000, 20_000, m=0.9, u=0.05)
    u = tuple(np.array([0.05, 0.95]) for _ in PRIORED)
    model = fit(gammas, PRIORED, u, gammas.height, prior_pairs=prior_pairs)
    assert model.m[0][0] == pytest.approx(near, abs=0.02)


def test_fixed_m_is_not_re_estimated():
    """A comparison given in fixed_m keeps exactly that m."""
    gammas = simulate(2_000, 20_000, m=0.9, u=0.05)
    u = tuple(np.array([0.05, 0.95]) for _ in PRIORED)
    model = fit(gammas, PRIORED, u, gammas.height, fixed_m={"f0": np.array([0.6, 0.4])})
    assert model.m[0].tolist() == [0.6, 0.4] and model.m[1][0] == pytest.approx(0.9, abs=0.02)


@pytest.mark.parametrize(("random_pairs", "near"), [(0, 0.01), (200_000, 0.05)])
def test_u_follows_random_pairs_once_there_are_enough(random_pairs, near):
    """Few random pairs: u is the declared share; many: u is what they show."""
    from pipeline.resolve.em import level_frequencies

    gammas = simulate(0, random_pairs, m=0.9, u=0.05)
    u = level_frequencies(gammas, PRIORED, prior_pairs=2_000)
    assert u[0][0] == pytest.approx(near, abs=0.005)
