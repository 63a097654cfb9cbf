"""Ratings that teach the plan: the user's latest grades, and a small token model refitted from them at each plan."""

from __future__ import annotations

import functools
from dataclasses import dataclass

import polars as pl

from pipeline.rank.keywords import canonical
from pipeline.rank.titles import generic_title_tokens

# Where a rated contact is placed: a 3 above every unrated fit, a 0 out of the plan.
GRADE_FIT: dict[int, float] = {3: 1.0, 2: 0.72, 1: 0.3, 0: 0.0}
# What a grade says about the people like the rated one, wherever the plan had placed them: a 3 pulls
# look-alikes up, a 1 or 0 pushes them down. A wrong person in the plan teaches more than a right one
# confirmed, so the low grades pull harder (chosen on all graded sets, and on keyword-only plans, where
# the ratings matter most: benchmarks/bench_heldout.py).
PULL: dict[int, float] = {3: 0.2, 2: 0.1, 1: -0.1, 0: -0.3}
# A rating that corrects the plan teaches more than one that confirms it: a rated contact pulls by a
# share of its grade's PULL plus RESIDUAL_GAIN x (its grade's fit - the fit the plan gave it), so a
# 3 on someone the plan already placed at 0.95 barely moves their look-alikes and a 0 there pushes
# them hard. (On the 80 cases of benchmarks/bench_heldout.py: mean gain +0.014 -> +0.019 and one
# loss fewer with default plans; +0.103 -> +0.102 on keyword-only plans.)
PULL_SHARE = 0.3
RESIDUAL_GAIN = 0.5
PRIOR = 2.0  # pseudo-count of "no pull" per word: one rating moves a word a third of its grade's pull
MAX_SHIFT = 0.45  # learned shifts stay below the gap between "related" and "squarely in the field"
# Adjacent title words are a feature too, so word order tells fields apart: "operations research" is
# analytics, "research operations" administration, "content operations" is not "business operations".
# (On the 253 cases of three ways of rating, all held-out sets: losses of 0.01 or more 22 -> 18 with
# default plans, 4 -> 2 with keyword-only ones; gains unchanged.)
BIGRAM_FACTOR = 1.0
COMPANY_FACTOR = 0.5  # a shared organisation says less about a role than shared title words
# The surer the plan already is, the less a rating of someone else moves a person: a shift up is
# scaled by ROOM x (1 - fit), a shift down by ROOM x fit (at most 1), so a squarely fitting person
# is barely lifted by look-alikes and a weakly fitting one barely pushed (third fresh data science,
# 13 of 15 rated 3: -0.065 without, -0.036 with; no case of the six graded sets loses by it).
ROOM = 2.0

# How someone is employed says nothing about their field: rating a freelance web developer 3 must
# not lift every freelancer (seventh fresh software, one in three: -0.064 with these words learned).
EMPLOYMENT_WORDS: tuple[str, ...] = (
    "freelance", "freelancer", "self employed", "self-employed", "independent", "contractor", "contract",
    "remote", "part time", "autonomo", "autonoma", "selbstandig", "selbststandig", "indépendant",
)

RATINGS_DTYPES = {"contact_id": pl.String(), "target": pl.String(), "grade": pl.Int64()}


def latest_ratings(events: pl.DataFrame | None, targets: list[str]) -> pl.DataFrame:
    """(contact_id, target, grade): the last rating per contact and target; a rating without target counts for all.

    A `rating_cleared` event removes the earlier ratings of its target (all targets when it has none).
    """
    if events is None or events.is_empty() or "kind" not in events.columns:
        return pl.DataFrame(schema=RATINGS_DTYPES)
    rows = events.filter(pl.col("kind").is_in(["rating", "rating_cleared"]))
    if rows.is_empty():
        return pl.DataFrame(schema=RATINGS_DTYPES)
    order = [c for c in ("at", "id") if c in rows.columns]
    rows = rows.sort(order) if order else rows
    state: dict[tuple[str, str], int | None] = {}
    for contact, kind, target, grade in rows.select("contact_id", "kind", "target", "grade").iter_rows():
        names = [target] if target else targets
        for name in names:
            state[(contact, name)] = grade if kind == "rating" else None
    kept = [(c, t, g) for (c, t), g in state.items() if g is not None and t in targets]
    return pl.DataFrame(kept, schema=RATINGS_DTYPES, orient="row")


@dataclass(frozen=True)
class TextWords:
    """What the ratings learn from, per distinct title and organisation text (indexed as the text tables).

    Found once per plan for all targets: a million contacts share a few hundred thousand titles.
    """

    title: pl.DataFrame  # _ititle, f, w
    company: pl.DataFrame  # _icompany, f, w
    count_title: pl.Series  # features per title text, by _ititle
    count_company: pl.Series

    def titles_sharing(self, titles: pl.Series) -> pl.Series:
        """The title texts with a word or pair of words in common with any of `titles` (their _ititle)."""
        words = self.title.filter(pl.col("_ititle").is_in(titles.implode()))["f"].unique()
        return self.title.filter(pl.col("f").is_in(words.implode()))["_ititle"].unique()


def text_words(titles: pl.Series, companies: pl.Series) -> TextWords:
    """The features of each title (canonical tokens, by position) and each organisation text."""
    title = _title_features(titles, "_ititle")
    company = (
        _tokens(companies, "_icompany").with_columns((pl.lit("c:") + pl.col("f")).alias("f"))
        .with_columns(pl.lit(COMPANY_FACTOR).alias("w")).unique(maintain_order=True)
    )
    return TextWords(title, company, _counts(title, "_ititle", titles.len()), _counts(company, "_icompany", companies.len()))


def _tokens(texts: pl.Series, index: str) -> pl.DataFrame:
    """(index, f): the canonical tokens of each text, in order (the text tables keep them two spaces apart)."""
    frame = pl.DataFrame({"f": texts}).with_row_index(index).select(index, pl.col("f").str.strip_chars().str.split("  "))
    return frame.explode("f").filter(pl.col("f").is_not_null() & (pl.col("f") != ""))


def _title_features(texts: pl.Series, index: str) -> pl.DataFrame:
    """Title tokens and pairs of adjacent field words; seniority and role nouns ("senior", "manager") left out.

    They say nothing about a field: rating a Senior UX Designer 3 must not lift every senior person.
    """
    words = _tokens(texts, index).filter(~pl.col("f").is_in(list(_unlearned_words())))
    pairs = (
        words.group_by(index, maintain_order=True).agg(pl.col("f"))
        .select(index, pl.col("f").list.eval(pl.lit("b:") + pl.element() + pl.lit(" ") + pl.element().shift(-1)).list.drop_nulls())
        .explode("f").filter(pl.col("f").is_not_null())
    ) if BIGRAM_FACTOR else words.clear()
    return pl.concat([
        words.with_columns(pl.lit(1.0).alias("w")), pairs.with_columns(pl.lit(BIGRAM_FACTOR).alias("w")),
    ]).unique(maintain_order=True)


def _counts(features: pl.DataFrame, index: str, height: int) -> pl.Series:
    counts = features.group_by(index).agg(pl.len().cast(pl.UInt32).alias("n"))
    return pl.Series("n", [0] * height, dtype=pl.UInt32).scatter(counts[index], counts["n"])


@functools.cache
def _unlearned_words() -> frozenset[str]:
    """Title tokens the ratings learn nothing from: seniority, kinds of job, ways of being employed."""
    return generic_title_tokens() | {tok for w in EMPLOYMENT_WORDS for tok in canonical(w).split()}


def learned_shift(frame: pl.DataFrame, rated: pl.DataFrame, words: TextWords) -> pl.Series:
    """Per row of `frame` (contact_id, _ititle, _icompany, fit), how far its fit moves towards the grades of rated contacts sharing its words.

    Each word's weight is the summed pull of the rated contacts that have it, over their number
    plus PRIOR; a contact's shift is the sum of its words' weights over sqrt(number of words), so
    one shared word among many moves it less, and it takes the share of it its room allows (ROOM),
    up to the place of the grades that taught its words. Deterministic, refitted at every plan.
    """
    if rated.is_empty():
        return pl.Series("_learned", [0.0] * frame.height)
    base = frame.select("contact_id", "_ititle", "_icompany", pl.col("fit").alias("_fit0"))
    place = pl.col("grade").replace_strict(GRADE_FIT, return_dtype=pl.Float64)
    pulls = rated.join(base, on="contact_id", how="inner").with_columns(
        (PULL_SHARE * pl.col("grade").replace_strict(PULL, return_dtype=pl.Float64)
         + RESIDUAL_GAIN * (place - pl.col("_fit0"))).alias("pull"),
        place.alias("place"),
    )
    taught = pl.concat([
        words.title.join(pulls.select("_ititle", "pull", "place"), on="_ititle", how="inner").select("f", "pull", "place"),
        words.company.join(pulls.select("_icompany", "pull", "place"), on="_icompany", how="inner").select("f", "pull", "place"),
    ])
    # A word moves look-alikes towards the place of the grades that taught it, never past it: a
    # 2 lifts people placed below 0.72 up to it at most, and pushes people placed above it no
    # lower; someone already beyond that place stays where they are (on the 200 cases of
    # benchmarks/bench_heldout.py: 37 -> 38 gaining 0.03 or more, 20 -> 19 losses, mean
    # +0.0149 -> +0.0152; keyword-only plans unchanged).
    weights = taught.group_by("f").agg(
        (pl.col("pull").sum() / (pl.len() + PRIOR)).round(9).alias("fw"),
        pl.col("place").filter(pl.col("pull") > 0).max().alias("hi"),
        pl.col("place").filter(pl.col("pull") < 0).min().alias("lo"),
    )

    def summed(features: pl.DataFrame, index: str) -> pl.DataFrame:
        return features.join(weights, on="f", how="inner").group_by(index).agg(
            (pl.col("fw") * pl.col("w")).sum().alias(f"{index}_s"), pl.col("hi").max().alias(f"{index}_hi"),
            pl.col("lo").min().alias(f"{index}_lo"))

    n = words.count_title.gather(base["_ititle"]) + words.count_company.gather(base["_icompany"])
    shifted = (
        base.with_columns(n.cast(pl.Float64).alias("_n"))
        .join(summed(words.title, "_ititle"), on="_ititle", how="left", maintain_order="left")
        .join(summed(words.company, "_icompany"), on="_icompany", how="left", maintain_order="left")
    )
    # Someone nothing in the texts ties to the field enters only by their own role's words: sharing
    # an employer with a rated person does not make an interior designer a climate contact.
    org = pl.when(pl.col("_fit0") <= 0).then(0.0).otherwise(pl.col("_icompany_s").fill_null(0.0))
    total = pl.col("_ititle_s").fill_null(0.0) + org
    # Rounded: float sums depend on row order, and the plan must not (same store, same plan).
    shift = pl.when(pl.col("_n") > 0).then((total / pl.col("_n").sqrt()).clip(-MAX_SHIFT, MAX_SHIFT).round(6)).otherwise(0.0)
    org_hi = pl.when(pl.col("_fit0") <= 0).then(None).otherwise(pl.col("_icompany_hi"))
    ceiling = pl.max_horizontal(pl.col("_ititle_hi"), org_hi).fill_null(1.0)
    floor = pl.min_horizontal(pl.col("_ititle_lo"), pl.col("_icompany_lo")).fill_null(0.0)
    fit = pl.col("_fit0")
    moved = (fit + shift * _room_to_move(shift, fit)).clip(0.0, 0.99)
    # The move stops at the place of the grades that taught it: never past it, and never back
    # from beyond it for someone already there.
    moved = (pl.when(shift > 0).then(pl.min_horizontal(moved, pl.max_horizontal(fit, ceiling)))
             .when(shift < 0).then(pl.max_horizontal(moved, pl.min_horizontal(fit, floor))).otherwise(fit))
    return shifted.select((moved - fit).round(6).alias("_learned")).to_series()


def apply_ratings(lf: pl.LazyFrame, ratings: pl.DataFrame, words: TextWords | None) -> pl.LazyFrame:
    """Rated contacts take their grade's fit; the others move by what the ratings taught (none: unchanged)."""
    if ratings.is_empty() or words is None:
        return lf.with_columns(pl.lit(None, dtype=pl.Int64).alias("_rated"), pl.lit(0.0).alias("_learned"))
    frame = lf.select("contact_id", "_ititle", "_icompany", "fit").collect()
    shift = learned_shift(frame, ratings, words)
    table = frame.select("contact_id").with_columns(shift).join(
        ratings.select("contact_id", pl.col("grade").alias("_rated")), on="contact_id", how="left"
    )
    rated_fit = pl.col("_rated").replace_strict(GRADE_FIT, default=0.0, return_dtype=pl.Float64)
    return (
        lf.join(table.lazy(), on="contact_id", how="left")
        .with_columns(pl.col("_learned").fill_null(0.0))
        .with_columns(
            pl.when(pl.col("_rated").is_not_null()).then(rated_fit)
            # Unrated people stay below anyone rated 3 and below squarely fitting people
            # unless their own evidence puts them there.
            .otherwise((pl.col("fit") + pl.col("_learned")).clip(0.0, 0.99)).round(4).alias("fit")
        )
    )


def _room_to_move(shift: pl.Expr, fit: pl.Expr) -> pl.Expr:
    """The share of a learned shift a person takes: less the nearer their fit is to where it pushes."""
    room = pl.when(shift > 0).then(1.0 - fit).otherwise(fit)
    return (room * ROOM).clip(0.0, 1.0)
