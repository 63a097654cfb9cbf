"""Ranking quality on the tuning set and the held-out sets: NDCG@25, recall of grade>=2 in the plan, substring baseline, 15 ratings.

`--semantic` adds the semantic extra; `--keyword-only` ranks by the user's keywords alone (expand = false).
"""

from __future__ import annotations

import dataclasses
import sys
from datetime import date

import polars as pl

from benchmarks import bench_ranking as tuning
from benchmarks import heldout
from pipeline.profile import load_profile
from pipeline.rank.score import score_contacts

TODAY = date(2026, 11, 25)
RATED = 15


EMBED = None  # the semantic extra's embedder, with --semantic
KEYWORD_ONLY = False  # --keyword-only: every target with expand = false, where the ratings matter most


def profile_of(path):
    """The benchmark profile, its targets kept to their own keywords with --keyword-only."""
    profile = load_profile(path)
    if not KEYWORD_ONLY:
        return profile
    return dataclasses.replace(profile, targets=tuple(dataclasses.replace(t, expand=False) for t in profile.targets))


def ranked(labels: pl.DataFrame, profile, events=None) -> dict[str, list[str]]:
    """contact_ids per target, best first, as the plan orders them (score, then id)."""
    scored = score_contacts(labels.select("contact_id", "title", "company"), profile, today=TODAY, events=events, embed=EMBED)
    return {
        t.name: scored.filter(pl.col("target") == t.name).sort(["score", "contact_id"], descending=[True, False])["contact_id"].to_list()
        for t in profile.targets
    }


# Two ways a user rates 15 people: the first 15 of the plan (mostly confirming what it got right),
# or while scrolling its first 45, one in three (the good, the doubtful and the wrong).
PROTOCOLS: dict[str, slice] = {"first 15": slice(0, RATED), "1 in 3 of first 45": slice(0, 3 * RATED, 3)}


def rate_first(plans: dict[str, list[str]], labels: pl.DataFrame, columns: dict[str, str],
               which: slice = PROTOCOLS["first 15"]) -> tuple[pl.DataFrame, dict[str, set[str]]]:
    """The user rates RATED people of each target's plan (`which` of its rows) with their true grade."""
    rows, rated = [], {}
    for target, column in columns.items():
        grade = dict(zip(labels["contact_id"], labels[column], strict=True))
        ids = plans.get(target, [])[which]
        rated[target] = set(ids)
        rows += [(c, "rating", "2026-11-20", target, int(grade[c]), i) for i, c in enumerate(ids)]
    events = pl.DataFrame(rows, orient="row", schema={"contact_id": pl.String, "kind": pl.String, "at": pl.String,
                                                     "target": pl.String, "grade": pl.Int64, "id": pl.Int64})
    return events, rated


def metrics(plans, labels, columns, exclude=None) -> dict[str, tuple[float, float]]:
    """(NDCG@25, recall of grade >= 2 rows in the plan) per target, leaving out the `exclude`d (rated) rows."""
    out = {}
    for target, column in columns.items():
        skip = (exclude or {}).get(target, set())
        grade = {c: g for c, g in zip(labels["contact_id"], labels[column], strict=True) if c not in skip}
        order = [c for c in plans.get(target, []) if c in grade]
        relevant = {c for c, g in grade.items() if g >= 2}
        recall = len(relevant & set(order)) / len(relevant) if relevant else float("nan")
        out[target] = (tuning.ndcg_at_k([grade[c] for c in order], list(grade.values())), recall)
    return out


def rated_grades(events: pl.DataFrame, target: str) -> str:
    counts = events.filter(pl.col("target") == target)["grade"].value_counts().sort("grade", descending=True)
    return " ".join(f"{g}x{n}" for g, n in counts.iter_rows())


def unmoved(before: dict, after: dict, rated: dict, target: str) -> str:
    """'no information' only when the ratings moved no unrated row: none shares a feature the ratings corrected."""
    keep = rated.get(target, set())
    same = [c for c in before.get(target, []) if c not in keep] == [c for c in after.get(target, []) if c not in keep]
    return "  (no information: no unrated row moved)" if same else ""


def report(name: str, labels: pl.DataFrame, profile, columns: dict[str, str]) -> None:
    ours = ranked(labels, profile)
    naive = metrics(tuning.baseline_rankings(labels, profile), labels, columns)
    base = metrics(ours, labels, columns)
    print(f"\n{name}: {labels.height} graded rows")
    print(f"{'target':<22}{'>=2':>5}{'NDCG@25':>9}{'recall':>8}{'substr':>8}{'s.recall':>9}")
    for target, column in columns.items():
        n = int((labels[column] >= 2).sum())
        print(f"{target:<22}{n:>5}{base[target][0]:>9.3f}{base[target][1]:>8.3f}{naive[target][0]:>8.3f}{naive[target][1]:>9.3f}")
    print("  15 ratings: NDCG@25 of the unrated rows before and after, by how the user picked whom to rate")
    print(f"  {'target':<22}{'protocol':<20}{'before':>8}{'after':>8}{'change':>8}   rated (grade x count)")
    for protocol, which in PROTOCOLS.items():
        events, rated = rate_first(ours, labels, columns, which)
        before = metrics(ours, labels, columns, exclude=rated)
        taught = ranked(labels, profile, events)
        after = metrics(taught, labels, columns, exclude=rated)
        for target in columns:
            print(f"  {target:<22}{protocol:<20}{before[target][0]:>8.3f}{after[target][0]:>8.3f}"
                  f"{after[target][0] - before[target][0]:>+8.3f}   {rated_grades(events, target)}{unmoved(ours, taught, rated, target)}")


def main() -> None:
    global EMBED, KEYWORD_ONLY
    if "--keyword-only" in sys.argv:
        KEYWORD_ONLY = True
        print("keyword-only plans (expand = false): the user's own keywords, no field knowledge")
    if "--semantic" in sys.argv:
        from pipeline.rank.semantic import load_embedder

        EMBED = load_embedder()
        print("with the semantic extra (WordLlama, loaded offline)")
    report("tuning (benchmarks/data/ranking_labels.csv)", tuning.load_labels(), profile_of(tuning.PROFILE), tuning.GRADE_COLUMNS)
    for graded_set in heldout.ALL_SETS:
        if graded_set.available():
            report(f"{graded_set.name} (RUBRIC.md; {graded_set.history})", graded_set.graded(), profile_of(graded_set.profile),
                   graded_set.columns)
    if not heldout.enriched_available():
        print("held-out exports not found under ../shared/realworld/linkedin: skipped")


if __name__ == "__main__":
    main()
