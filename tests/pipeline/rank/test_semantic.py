"""The optional semantic nudge: with an embedder, similar roles move up a little; nobody gains fit from it alone."""

from __future__ import annotations

import numpy as np
import polars as pl

from pipeline.rank.score import score_contacts
from tests.pipeline.rank.test_score import TODAY, make_contacts, make_profile

PROFILE = make_profile()


def fake_embed(texts: list[str]) -> np.ndarray:
    """Unit vectors: texts naming tides or data science point one way, the rest another."""
    near = np.array([1.0, 0.0])
    return np.array([near if ("Tidal" in t or "Data science" in t) else np.array([0.0, 1.0]) for t in texts])


def test_semantic_nudges_fit_of_similar_roles_and_gives_none_alone():
    """Two analytics titles tie without it; with it, the one like the target's description leads, by at most 0.025."""
    contacts = make_contacts({"title": "Tidal Analytics Lead"}, {"title": "Marketing Analytics Lead"}, {"title": "Tidal Planner"})
    plain = score_contacts(contacts, PROFILE, today=TODAY).filter(pl.col("target") == "Data science")
    nudged = score_contacts(contacts, PROFILE, today=TODAY, embed=fake_embed).filter(pl.col("target") == "Data science")
    before, after = (dict(zip(f["contact_id"], f["fit"], strict=True)) for f in (plain, nudged))
    assert before["c000"] == before["c001"]
    assert before["c000"] < after["c000"] <= before["c000"] + 0.025 and after["c001"] == before["c001"]
    assert "c002" not in after
