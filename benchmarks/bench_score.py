"""Scoring speed: 1M generated contacts against 5 targets of 10 keywords, beside a naive substring count."""

from __future__ import annotations

import argparse
import time
from datetime import date

import numpy as np
import polars as pl

from pipeline.profile import Profile, parse_profile
from pipeline.rank.score import score_contacts

TODAY = date(2026, 11, 25)
LEVELS = ["", "", "", "Senior ", "Sr. ", "Lead ", "Junior ", "Head of ", "Principal ", "VP ", "Associate "]
ROLES = [
    "Data Scientist", "Data Analyst", "Machine Learning Engineer", "Software Engineer", "UX Researcher",
    "Product Designer", "Product Manager", "Product Owner", "Sustainability Manager", "ESG Analyst",
    "Accountant", "Teacher", "Nurse", "Sales Manager", "Marketing Manager", "Operations Manager",
    "Maintenance Technician", "Daily Operations Lead", "Recruiter", "Consultant", "Climate Policy Advisor",
    "Financial Analyst", "Project Manager", "Research Assistant, Chemistry", "Civil Engineer",
    "Business Intelligence Developer", "Data Scienitst", "Customer Success Manager", "Lawyer", "Designer",
]
COMPANIES = [f"{name} {suffix}".strip() for name in (
    "Spotify", "Acme", "Globex", "Initech", "Umbrella", "Helios Climate", "Greenfield Energy", "Northwind",
    "Contoso", "Fabrikam", "Tailspin", "Wayne", "Stark", "Soylent", "Hooli", "Pied Piper", "Vandelay",
    "Massive Dynamic", "Cyberdyne", "Tyrell") for suffix in ("", "Inc.", "GmbH", "Ltd", "AB")]
HEADLINES = [None] * 6 + ["Helping teams ship with data", "Passionate about climate and carbon markets",
                          "Design, research, people", "Building products people love", "Open to work"]
SOURCES = [["linkedin"], ["alumni"], ["linkedin", "alumni"], ["google"], ["linkedin", "outlook"]]

PROFILE = parse_profile({
    "me": {"name": "Bench", "school": "Riverbend University", "grad_year": 2024},
    "targets": [
        {"name": "Data science", "keywords": ["data scientist", "data science", "machine learning", "data analyst", "analytics", "AI", "statistician", "business intelligence", "quantitative", "data engineer"], "companies": ["Spotify"]},
        {"name": "UX", "keywords": ["UX", "user experience", "user research", "UX researcher", "product designer", "interaction design", "usability", "service design", "UI designer", "design research"]},
        {"name": "Sustainability", "keywords": ["sustainability", "ESG", "climate", "carbon", "renewable energy", "energy transition", "environmental", "CSR", "net zero", "circular economy"]},
        {"name": "Product", "keywords": ["product manager", "product management", "product owner", "head of product", "product lead", "VP product", "chief product officer", "product strategy", "group product manager", "technical product manager"]},
        {"name": "Consulting", "keywords": ["consultant", "strategy", "advisory", "management consulting", "partner", "engagement manager", "business analyst", "transformation", "operations strategy", "due diligence"]},
    ],
})


TEAMS = ["Payments", "Growth", "Risk", "Search", "Ads", "Platform", "Supply Chain", "Retail", "Health", "Energy"]


def generate(n: int, seed: int = 7, unique_titles: int = 0) -> pl.DataFrame:
    """n contacts drawn from realistic parts; titles repeat, as they do in real networks.

    `unique_titles` > 0 adds a team or region suffix to spread titles over about that many values,
    the harder case for scoring once per unique text.
    """
    rng = np.random.default_rng(seed)
    titles = [lvl + role for lvl, role in zip(rng.choice(LEVELS, n), rng.choice(ROLES, n), strict=True)]
    if unique_titles:
        suffix = rng.integers(0, unique_titles // (len(set(LEVELS)) * len(ROLES)) + 1, n)
        titles = [f"{t}, {TEAMS[k % len(TEAMS)]} {k}" for t, k in zip(titles, suffix.tolist(), strict=True)]
    has_email = rng.random(n) < 0.3

    def pick(values: list) -> list:
        return [values[i] for i in rng.integers(0, len(values), n)]

    return pl.DataFrame({
        "contact_id": [f"c_{i:012x}" for i in range(n)],
        "full_name": [f"Person {i}" for i in range(n)],
        "title": titles,
        "company": rng.choice(COMPANIES, n),
        "headline": pick(HEADLINES),
        "notes": None,
        "school": pick(["Riverbend University", "Other College", None]),
        "class_year": rng.integers(1990, 2026, n).astype(np.int32),
        "connected_on": pl.date_range(date(2015, 1, 1), date(2026, 11, 1), eager=True).sample(n, with_replacement=True, seed=seed),
        "referred_by": None,
        "emails": [[f"p{i}@example.com"] if e else [] for i, e in enumerate(has_email)],
        "linkedin_url": None,
        "sources": [SOURCES[i] for i in rng.integers(0, len(SOURCES), n)],
        "record_count": 1,
        "status": None,
    }, schema_overrides={"notes": pl.String, "referred_by": pl.String, "linkedin_url": pl.String, "status": pl.String, "headline": pl.String, "school": pl.String})


def naive(contacts: pl.DataFrame, profile: Profile) -> pl.DataFrame:
    """The baseline: per target, a lower-cased substring count of its keywords over title, company and headline."""
    text = pl.concat_str(["title", "company", "headline"], separator=" ", ignore_nulls=True).str.to_lowercase()
    return contacts.select(
        "contact_id",
        *[
            pl.sum_horizontal(text.str.contains(k.lower(), literal=True).cast(pl.Int32) for k in t.keywords).alias(t.name)
            for t in profile.targets
        ],
    )


# What a user gives when rating the first 15 of a plan: mostly right, some wrong (benchmarks/bench_heldout.py measures what they teach).
GRADES = (3, 3, 2, 3, 1, 3, 0, 3, 2, 3, 3, 1, 3, 2, 0)


def rating_events(scored: pl.DataFrame) -> pl.DataFrame:
    """15 ratings per target, on the first 15 contacts of its plan."""
    rows = []
    for target in PROFILE.targets:
        top = scored.filter(pl.col("target") == target.name).head(len(GRADES))["contact_id"]
        rows += [(c, "rating", "2026-11-20", target.name, g) for c, g in zip(top, GRADES, strict=False)]
    schema = {"contact_id": pl.String, "kind": pl.String, "at": pl.String, "target": pl.String, "grade": pl.Int64}
    return pl.DataFrame(rows, schema=schema, orient="row").with_row_index("id")


def best_of(runs: int, fn, *args) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn(*args)
        times.append(time.perf_counter() - start)
    return min(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    keywords = sum(len(t.keywords) for t in PROFILE.targets)
    print(f"Scoring {args.rows:,} contacts x {len(PROFILE.targets)} targets ({keywords} keywords), best of {args.runs}")
    print(f"{'data':<26}{'method':<38}{'seconds':>9}{'vs naive':>10}{'rows out':>11}")
    for unique in (0, 100_000, 500_000):
        contacts = generate(args.rows, unique_titles=unique)
        label = f"{contacts['title'].n_unique():,} unique titles"
        base_time, _ = best_of(args.runs, naive, contacts, PROFILE)
        ours_time, scored = best_of(args.runs, lambda c=contacts: score_contacts(c, PROFILE, today=TODAY))
        print(f"{label:<26}{'naive str.contains substring count':<38}{base_time:>9.2f}{1.0:>9.2f}x{args.rows * len(PROFILE.targets):>11,}")
        print(f"{'':<26}{'coffeechat score_contacts':<38}{ours_time:>9.2f}{ours_time / base_time:>9.2f}x{scored.height:>11,}")
        events = rating_events(scored)
        rated_time, rated = best_of(args.runs, lambda c=contacts, e=events: score_contacts(c, PROFILE, today=TODAY, events=e))
        print(f"{'':<26}{'  the same, 15 ratings a target':<38}{rated_time:>9.2f}{rated_time / base_time:>9.2f}x{rated.height:>11,}")


if __name__ == "__main__":
    main()
