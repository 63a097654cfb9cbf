"""How the plan holds when users write their targets in other words: NDCG@25 per held-out set, per way of writing.

Each target of the held-out profile is written four ways a user might (ours, two others, and a
bare one or two keywords), ranked alone against the graders' grades of that field, beside the naive
substring count of the same keywords. The grades are the field's, not the user's wording, so a
narrower wording ("Clean energy") is expected to score below the broad one; a collapse (0.3 where
the broad wording gives 0.8) says the target failed to expand into its field.

    python -m benchmarks.bench_profiles
"""

from __future__ import annotations

import dataclasses

from benchmarks import bench_heldout as bh
from benchmarks import bench_ranking as tuning
from benchmarks import heldout
from pipeline.profile import Target, load_profile

# Per graded field: (label, target name, keywords), the first as the held-out profile writes it.
WORDINGS: dict[str, list[tuple[str, str, tuple[str, ...]]]] = {
    "Data science": [
        ("ours", "Data science", ("data scientist", "data science", "machine learning", "data analyst", "analytics")),
        ("ml", "Machine learning", ("machine learning", "AI", "deep learning", "ML engineer", "data scientist")),
        ("analytics", "Data analytics", ("data analytics", "business intelligence", "statistics", "data analysis", "SQL")),
        ("bare", "Data science", ("data science", "data")),
    ],
    "UX design": [
        ("ours", "UX design", ("UX", "user experience", "product designer", "user research", "UI designer")),
        ("ux/ui", "UX/UI design", ("UX designer", "UI/UX", "interaction design", "usability", "design research")),
        ("product", "Product design", ("product design", "designer", "Figma", "user interface", "prototyping")),
        ("bare", "UX", ("UX",)),
    ],
    "Climate": [
        ("ours", "Climate", ("climate", "sustainability", "renewable energy", "ESG", "carbon")),
        ("clean", "Clean energy", ("clean energy", "solar", "wind", "energy storage", "electric vehicles")),
        ("env", "Environment and climate", ("climate change", "environmental", "decarbonization", "net zero", "sustainable")),
        ("bare", "Climate tech", ("climate",)),
    ],
    "Software engineering": [
        ("ours", "Software engineering", ("software engineer", "developer", "backend", "frontend", "devops")),
        ("web", "Web development", ("web developer", "full stack", "JavaScript", "React", "Python")),
        ("swe", "Software", ("SWE", "programmer", "software development", "coding", "cloud engineer")),
        ("bare", "Software engineering", ("software",)),
    ],
}


def main() -> None:
    if not heldout.enriched_available():
        print("held-out exports not found under ../shared/realworld/linkedin: skipped")
        return
    base = load_profile(heldout.PROFILE)
    sets = [(g.name.removeprefix("held-out "), g.graded()) for g in heldout.SETS[1:] if g.available()]
    print("NDCG@25 per held-out set (substring count of the same keywords in brackets); mean over the sets")
    for field, wordings in WORDINGS.items():
        column = heldout.GRADE_COLUMNS[field]
        print(f"\n{field}")
        print(f"  {'wording':<10}" + "".join(f"{name[:13]:>15}" for name, _ in sets) + f"{'mean':>15}")
        for label, name, keywords in wordings:
            profile = dataclasses.replace(base, targets=(Target(name=name, keywords=keywords),))
            ours, naive = [], []
            for _, labels in sets:
                columns = {name: column}
                ours.append(bh.metrics(bh.ranked(labels, profile), labels, columns)[name][0])
                naive.append(bh.metrics(tuning.baseline_rankings(labels, profile), labels, columns)[name][0])
            cells = [f"{o:.3f} ({n:.3f})" for o, n in zip(ours, naive, strict=True)]
            mean = f"{sum(ours) / len(ours):.3f} ({sum(naive) / len(naive):.3f})"
            print(f"  {label:<10}" + "".join(f"{c:>15}" for c in cells) + f"{mean:>15}")


if __name__ == "__main__":
    main()
