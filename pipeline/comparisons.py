"""The matching rules as data: named field comparisons, their levels and thresholds, and how a pair is scored on them."""

from __future__ import annotations

import logging
from dataclasses import dataclass

import numpy as np
import polars as pl
from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA, JaroWinkler, Levenshtein

log = logging.getLogger(__name__)

# Level codes in a gamma column: the index of the first level that holds (strongest first),
# len(levels) for "none held" (disagree), MISSING when either side has no value (neutral).
MISSING = -1

SCORERS = {
    "jaro_winkler": JaroWinkler.normalized_similarity,
    "levenshtein": Levenshtein.normalized_similarity,
    "osa": OSA.normalized_similarity,  # Levenshtein where swapping two neighbours costs one edit
    "token_set": fuzz.token_set_ratio,  # 0..100, thresholds are divided by 100 below
    "token_sort": fuzz.token_sort_ratio,
}
_PERCENT_SCORERS = frozenset({"token_set", "token_sort"})


@dataclass(frozen=True)
class Level:
    """One agreement level: `test` is exact | similarity | nickname | overlap | member | initial | within | swapped."""

    label: str
    test: str
    metric: str | None = None  # a key of SCORERS, for test="similarity"
    threshold: float = 1.0  # similarity at least this (0..1), or |a - b| at most this for test="within"
    column: str | None = None  # compare another key column than the comparison's (nicknames, swapped names)
    tf: bool = False  # common values are weaker evidence: adjust the weight by the value's frequency


@dataclass(frozen=True)
class Comparison:
    """A named field comparison: levels strongest first; a value missing on either side is neutral."""

    name: str
    column: str
    levels: tuple[Level, ...]
    is_name: bool = False  # agreement on names alone never merges
    cross: str | None = None  # compare `column` on each side with this list column on the other side

    @property
    def n_levels(self) -> int:
        """Levels including the final "else" (disagree)."""
        return len(self.levels) + 1

    def label(self, gamma: int) -> str:
        if gamma == MISSING:
            return "missing"
        return self.levels[gamma].label if gamma < len(self.levels) else "different"


def _sim(label: str, metric: str, threshold: float, **kw) -> Level:
    return Level(label, "similarity", metric, threshold, **kw)


DEFAULT_COMPARISONS: tuple[Comparison, ...] = (
    Comparison("first_name", "key_first", (
        Level("exact", "exact", tf=True),
        Level("nickname", "nickname", column="key_first_nicks"),
        Level("nicknames of one name", "overlap", column="key_first_nicks"),
        _sim("jaro-winkler >= 0.92", "jaro_winkler", 0.92),
        Level("initial", "initial"),
        Level("swapped with last name", "swapped", column="key_last"),
        _sim("jaro-winkler >= 0.80", "jaro_winkler", 0.80),
    ), is_name=True),
    Comparison("last_name", "key_last", (
        Level("exact", "exact", tf=True),
        Level("swapped with first name", "swapped", column="key_first"),
        _sim("jaro-winkler >= 0.94", "jaro_winkler", 0.94),
        _sim("jaro-winkler >= 0.85", "jaro_winkler", 0.85),
    ), is_name=True),
    Comparison("middle_name", "key_middle", (
        Level("exact", "exact"),
        Level("initial", "initial"),
    ), is_name=True),
    # A work address at the employer's domain stands in for a missing company (one fact, one comparison).
    Comparison("company", "key_company", (
        Level("exact", "exact", tf=True),
        _sim("jaro-winkler >= 0.90", "jaro_winkler", 0.90),
        Level("email at the employer's domain", "member"),
    ), cross="key_email_orgs"),
    Comparison("title", "key_title", (
        _sim("token-set >= 0.90", "token_set", 0.90),
        _sim("token-set >= 0.60", "token_set", 0.60),
    )),
    Comparison("city", "key_city", (
        Level("exact", "exact", tf=True),
        _sim("jaro-winkler >= 0.90", "jaro_winkler", 0.90),
    )),
    Comparison("region", "key_region", (Level("exact", "exact"),)),
    Comparison("postal_code", "key_postal", (
        Level("exact", "exact"),
        _sim("one edit or swap", "osa", 0.75),
    )),
    Comparison("street_address", "key_street", (
        Level("exact", "exact"),
        _sim("token-sort >= 0.90", "token_sort", 0.90),
        _sim("token-sort >= 0.70", "token_sort", 0.70),
    )),
    Comparison("birth_date", "key_birth_date", (
        Level("exact", "exact"),
        _sim("one digit off or two swapped", "osa", 0.85),
    )),
    Comparison("school", "key_school", (
        Level("exact", "exact"),
        _sim("token-set >= 0.90", "token_set", 0.90),
    )),
    Comparison("class_year", "key_class_year", (
        Level("exact", "exact"),
        Level("within a year", "within", threshold=1),
    )),
)


def _as_text(series: pl.Series) -> pl.Series:
    if series.dtype == pl.Date:
        return series.dt.to_string("%Y%m%d")
    return series.cast(pl.String)


def _similarity(metric: str, left: pl.Series, right: pl.Series, todo: np.ndarray) -> np.ndarray:
    """Similarity (0..1) on the rows in `todo` where both sides have a value, NaN elsewhere (rapidfuzz cpdist, all cores)."""
    out = np.full(len(left), np.nan, dtype=np.float32)
    idx = np.flatnonzero(todo & (left.is_not_null() & right.is_not_null()).to_numpy())
    if idx.size:
        scores = process.cpdist(
            _as_text(left).gather(idx).to_list(), _as_text(right).gather(idx).to_list(),
            scorer=SCORERS[metric], workers=-1, dtype=np.float32,
        )
        out[idx] = scores / 100.0 if metric in _PERCENT_SCORERS else scores
    return out


def _level_holds(
    level: Level, comparison: Comparison, left: pl.DataFrame, right: pl.DataFrame, todo: np.ndarray, cache: dict
) -> np.ndarray:
    """Whether `level` holds for each pair (the caller keeps only the rows in `todo`)."""
    a, b = left[level.column or comparison.column], right[level.column or comparison.column]
    if level.test == "exact":
        return (a == b).fill_null(False).to_numpy()
    if level.test == "nickname":
        # One name is a formal name the other stands for (Bob -> Robert), not merely a shared one (Lena, Ada).
        mine, theirs = left[comparison.column], right[comparison.column]
        direct = pl.DataFrame({"a": a, "b": b, "x": mine, "y": theirs}).select(
            pl.col("b").list.contains(pl.col("x")) | pl.col("a").list.contains(pl.col("y"))
        ).to_series()
        return direct.fill_null(False).to_numpy()
    if level.test == "member":
        lists_a, lists_b = left[comparison.cross], right[comparison.cross]
        hit = pl.DataFrame({"x": a, "y": b, "lx": lists_a, "ly": lists_b}).select(
            pl.col("ly").list.contains(pl.col("x")).fill_null(False) | pl.col("lx").list.contains(pl.col("y")).fill_null(False)
        ).to_series()
        return hit.to_numpy()
    if level.test == "overlap":
        return (a.list.set_intersection(b).list.len() > 0).fill_null(False).to_numpy()
    if level.test == "initial":
        a, b = left[comparison.column], right[comparison.column]
        one_letter = (a.str.len_chars() == 1) | (b.str.len_chars() == 1)
        return (one_letter & (a.str.slice(0, 1) == b.str.slice(0, 1))).fill_null(False).to_numpy()
    if level.test == "swapped":
        mine, theirs = left[comparison.column], right[comparison.column]
        return ((mine == b) & (theirs == a)).fill_null(False).to_numpy()
    if level.test == "within":
        return ((a.cast(pl.Float64) - b.cast(pl.Float64)).abs() <= level.threshold).fill_null(False).to_numpy()
    if level.test == "similarity":
        key = (level.column, level.metric)
        if key not in cache:
            # Computed once per metric on the still-undecided pairs; a later, looser level reuses it.
            cache[key] = _similarity(level.metric, a, b, todo)
        return cache[key] >= level.threshold
    raise ValueError(f"unknown level test {level.test!r}")


def gamma(comparison: Comparison, left: pl.DataFrame, right: pl.DataFrame) -> np.ndarray:
    """The level code of every pair (row i of `left` against row i of `right`) on one comparison."""
    a, b = left[comparison.column], right[comparison.column]
    if comparison.cross:
        # Neutral unless at least one direction (my value, your list) can be looked at.
        ca, cb = left[comparison.cross].list.len().fill_null(0), right[comparison.cross].list.len().fill_null(0)
        missing = ((a.is_null() | b.is_null()) & (a.is_null() | (cb == 0)) & (b.is_null() | (ca == 0))).to_numpy()
    else:
        missing = (a.is_null() | b.is_null()).to_numpy()
    codes = np.full(len(a), len(comparison.levels), dtype=np.int8)
    codes[missing] = MISSING
    todo = ~missing
    cache: dict = {}
    for index, level in enumerate(comparison.levels):
        holds = _level_holds(level, comparison, left, right, todo, cache) & todo
        codes[holds] = index
        todo &= ~holds
    return codes


def compare_pairs(keys: pl.DataFrame, a: np.ndarray, b: np.ndarray,
                  comparisons: tuple[Comparison, ...] = DEFAULT_COMPARISONS) -> pl.DataFrame:
    """One int8 gamma column per comparison for the record pairs (a[i], b[i]) (row numbers in `keys`)."""
    needed = sorted({c.column for c in comparisons} | {c.cross for c in comparisons if c.cross}
                    | {lv.column for c in comparisons for lv in c.levels if lv.column})
    left = keys.select(needed)[a]
    right = keys.select(needed)[b]
    return pl.DataFrame({c.name: gamma(c, left, right) for c in comparisons}, schema=dict.fromkeys(
        [c.name for c in comparisons], pl.Int8))
