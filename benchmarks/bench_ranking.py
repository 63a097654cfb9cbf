"""Ranking quality: NDCG@25 per target on a hand-graded set of titles, beside a naive substring-count baseline."""

from __future__ import annotations

import hashlib
import math
from datetime import date
from pathlib import Path

import polars as pl

from pipeline.profile import Profile, load_profile
from pipeline.rank.score import score_contacts

DATA = Path(__file__).resolve().parent / "data"
LABELS = DATA / "ranking_labels.csv"
PROFILE = DATA / "ranking_profile.toml"
K = 25
# Label columns in ranking_labels.csv, by target name in ranking_profile.toml.
GRADE_COLUMNS = {
    "Data science": "data_science",
    "UX design": "ux_design",
    "Sustainability": "sustainability",
    "Product management": "product_management",
}
TODAY = date(2026, 11, 25)


def load_labels() -> pl.DataFrame:
    """The graded titles as contacts; ids are content hashes, so score ties fall in no helpful order."""
    labels = pl.read_csv(LABELS)
    ids = [
        "c_" + hashlib.sha256(f"{t}|{c}".encode()).hexdigest()[:12]
        for t, c in zip(labels["title"], labels["company"], strict=True)
    ]
    return labels.with_columns(pl.Series("contact_id", ids))


def ndcg_at_k(ranked_grades: list[int], all_grades: list[int], k: int = K) -> float:
    """Normalised discounted cumulative gain with gains 2^grade - 1."""
    def dcg(grades: list[int]) -> float:
        return sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(grades[:k]))

    ideal = dcg(sorted(all_grades, reverse=True))
    return dcg(ranked_grades) / ideal if ideal else 0.0


def coffeechat_rankings(labels: pl.DataFrame, profile: Profile) -> dict[str, list[str]]:
    """contact_ids per target, best first, as score_contacts ranks them (score, then id)."""
    contacts = labels.select("contact_id", "title", "company")
    scored = score_contacts(contacts, profile, today=TODAY)
    return {
        t.name: scored.filter(pl.col("target") == t.name).sort(["score", "contact_id"], descending=[True, False])["contact_id"].to_list()
        for t in profile.targets
    }


def baseline_rankings(labels: pl.DataFrame, profile: Profile) -> dict[str, list[str]]:
    """The naive ranking: how many keywords occur as lower-cased substrings of title and company."""
    text = pl.concat_str([pl.col("title"), pl.col("company")], separator=" ", ignore_nulls=True).str.to_lowercase()
    out = {}
    for t in profile.targets:
        count = pl.sum_horizontal(text.str.contains(k.lower(), literal=True).cast(pl.Int32) for k in t.keywords)
        ranked = (
            labels.with_columns(count.alias("n")).filter(pl.col("n") > 0)
            .sort(["n", "contact_id"], descending=[True, False])
        )
        out[t.name] = ranked["contact_id"].to_list()
    return out


def evaluate(rankings: dict[str, list[str]], labels: pl.DataFrame, k: int = K) -> dict[str, float]:
    """NDCG@k per target for the given rankings."""
    result = {}
    for target, column in GRADE_COLUMNS.items():
        grade = dict(zip(labels["contact_id"], labels[column], strict=True))
        result[target] = ndcg_at_k([grade[c] for c in rankings.get(target, [])], list(grade.values()), k)
    return result


def main() -> None:
    labels = load_labels()
    profile = load_profile(PROFILE)
    ranked, naive_ranked = coffeechat_rankings(labels, profile), baseline_rankings(labels, profile)
    ours, naive = evaluate(ranked, labels), evaluate(naive_ranked, labels)
    # NDCG over the whole list also counts the relevant people a ranking never surfaces (recall).
    ours_all, naive_all = evaluate(ranked, labels, labels.height), evaluate(naive_ranked, labels, labels.height)
    print(f"Ranking quality on {labels.height} hand-graded titles (grades 0-3; gain 2^g - 1)")
    print(f"{'target':<20}{'graded>=2':>10}{'NDCG@25':>9}{'substring':>10}{'ratio':>7}   {'NDCG@all':>9}{'substring':>10}")
    for target, column in GRADE_COLUMNS.items():
        relevant = int((labels[column] >= 2).sum())
        ratio = ours[target] / naive[target] if naive[target] else float("inf")
        print(f"{target:<20}{relevant:>10}{ours[target]:>9.3f}{naive[target]:>10.3f}{ratio:>6.2f}x   {ours_all[target]:>9.3f}{naive_all[target]:>10.3f}")
    mean = lambda d: sum(d.values()) / len(d)  # noqa: E731 - a one-off in a print table
    print(f"{'mean':<20}{'':>10}{mean(ours):>9.3f}{mean(naive):>10.3f}{'':>7}   {mean(ours_all):>9.3f}{mean(naive_all):>10.3f}")


if __name__ == "__main__":
    main()
