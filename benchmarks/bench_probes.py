"""Ranking quality on invented rows graded by people who never saw the ranking: NDCG@25 and recall per field.

The graded sets from real exports cover a few fields with many rows each. These probe sets cover
all 26 fields with 40–60 invented LinkedIn-style rows each (title, company, grade 0–3 by the
rubric in benchmarks/data/RUBRIC.md), in English, Spanish, Portuguese, French and German, written
by helpers who read no code and no graded row. Each file's first line holds the five or six
keywords a student would type for that field; the target is that field's name with those keywords.

- `first/`: rich in traps (a "Market Risk Analyst" for marketing). Read row by row while writing
  field knowledge since, so its figures are tuning-like.
- `second/`: written later, ordinary rows; untouched until its first run, read since (tuning-like).
- `third/`: written later still, as `second/`; untouched until its first run, three fields read since.
- `fourth/`: a mid-career network across countries; untouched until its first run, seven fields read since.
- `fifth/`: 40 rows a field, a recent graduate's network; untouched until its first run, read since.
- `sixth/`: 40 rows a field, a career changer's network; untouched until its first run, read since.
- `seventh/`: 40 rows a field, a career office's alumni list; untouched (see the README).
- `eighth/`: written last (40 rows a field), a PhD student's network leaving academia; untouched until its first
  run, fifteen fields read since (see the README).
- `climate_a/`, `climate_b/`: one field, 100 rows each, climate and sustainability as the issue's hidden set saw it
  (a Latin American and US network: storage, EV, grid, water and environmental firms, Spanish titles, traps),
  written blind by two helpers with the hidden set's five keywords; `climate_a` read since, `climate_b` untouched.
- `ds_a/`, `ds_b/`, `ux_a/`, `ux_b/`: the same for data science and UX design (analysts of every kind, interns
  and leads; designers of other things, customer-experience agents), each with the held-out profile's keywords;
  the `_a` sets read since, the `_b` sets untouched.
- `climate_c/` to `climate_j/`, `ds_c/` to `ds_f/`, `ux_c/` to `ux_f/`, `sw_a/` to `sw_c/`: more one-field sets of 100 rows,
  each from another network (RUBRIC.md says which and which were read; climate_d, climate_h, ds_d, ds_f, ux_d
  and ux_f are untouched, and climate_j, sw_b and sw_c until their first run).

    python -m benchmarks.bench_probes [first|second|...|eighth|climate_a|...|climate_j|ds_a|...|ds_f|ux_a|...|ux_f|sw_a|sw_b|sw_c]
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from benchmarks import bench_heldout as bh
from benchmarks import bench_ranking as tuning
from pipeline.profile import parse_profile
from pipeline.rank.score import score_contacts

PROBES = Path(__file__).resolve().parent / "data" / "probes"
SETS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth")
# One field each, 100 rows.
FIELD_SETS = (
    *(f"climate_{x}" for x in "abcdefghij"), *(f"ds_{x}" for x in "abcdef"), *(f"ux_{x}" for x in "abcdef"),
    *(f"sw_{x}" for x in "abc"),
)


@dataclass(frozen=True)
class Probe:
    field: str
    keywords: list[str]
    labels: pl.DataFrame  # contact_id, title, company, grade


def read_probe(path: Path) -> Probe:
    """One probe file: '# keywords: a, b, c' then 'title|company|grade' lines."""
    head, *rows = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    keywords = [k.strip() for k in head.split(":", 1)[1].split(",") if k.strip()]
    parsed = [line.rsplit("|", 2) for line in rows]
    labels = pl.DataFrame(
        {"contact_id": [f"p{i:03d}" for i in range(len(parsed))], "title": [t.strip() for t, _, _ in parsed],
         "company": [c.strip() or None for _, c, _ in parsed], "grade": [int(g) for _, _, g in parsed]},
        schema={"contact_id": pl.String, "title": pl.String, "company": pl.String, "grade": pl.Int64},
    )
    name = path.stem.replace("_", " ").capitalize().replace("Ux ", "UX ")
    return Probe(name, keywords, labels)


def probes(which: str) -> list[Probe]:
    return [read_probe(p) for p in sorted((PROBES / which).glob("*.txt"))]


def measure(probe: Probe) -> tuple[float, float, float]:
    """(NDCG@25, recall of grade >= 2 in the plan, naive substring NDCG@25) for one field."""
    profile = parse_profile({"targets": [{"name": probe.field, "keywords": probe.keywords}]})
    scored = score_contacts(probe.labels.select("contact_id", "title", "company"), profile, today=bh.TODAY)
    plan = {probe.field: scored.sort(["score", "contact_id"], descending=[True, False])["contact_id"].to_list()}
    columns = {probe.field: "grade"}
    ndcg, recall = bh.metrics(plan, probe.labels, columns)[probe.field]
    naive = bh.metrics(tuning.baseline_rankings(probe.labels, profile), probe.labels, columns)[probe.field][0]
    return ndcg, recall, naive


def main() -> None:
    for which in sys.argv[1:] or (*SETS, *FIELD_SETS):
        print(f"\n{which} probe set: NDCG@25 / recall of grade >= 2 in the plan (naive substring NDCG@25)")
        rows = [(p.field, *measure(p)) for p in probes(which)]
        for field, ndcg, recall, naive in rows:
            print(f"  {field:<30}{ndcg:.3f} / {recall:.2f}   ({naive:.3f})")
        n = len(rows)
        print(f"  {'mean of ' + str(n) + ' fields':<30}{sum(r[1] for r in rows) / n:.3f} / {sum(r[2] for r in rows) / n:.2f}"
              f"   ({sum(r[3] for r in rows) / n:.3f})")


if __name__ == "__main__":
    main()
