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
    "osa_edits": OSA.distance,  # the same as a count of edits, for test="edits"
    "token_set": fuzz.token_set_ratio,  # 0..100, thresholds are divided by 100 below
    "token_sort": fuzz.token_sort_ratio,
}
_PERCENT_SCORERS = frozenset({"token_set", "token_sort"})


@dataclass(frozen=True)
class Level:
    """One agreement level: `test` is exact | similarity | edits | nickname | overlap | member | initial | within | swapped."""

    label: str
    test: str
    metric: str | None = None  # a key of SCORERS, for test="similarity"
    # similarity at least this (0..1); |a - b| at most this for test="within"; at most this many
    # edits (insert, delete, replace, swap neighbours) for test="edits", on values of 4+ characters
    threshold: float = 1.0
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
    derived: tuple[str, ...] = ()  # key columns computed from `column` alone (a name's nicknames)
    # Agreement counts, disagreement weighs nothing: the day you connected with someone is the same
    # in two exports of your own network, but two students connected with one alum on two days.
    neutral_disagreement: bool = False
    # What share of true matches sits on each level (levels, then "different"), before any data:
    # EM starts here and is pulled back here where the data says little (a tiny import, a field
    # only one source has). From Febrl and from how LinkedIn and alumni lists differ.
    m_prior: tuple[float, ...] = ()
    # The same for two different people, as in a large roster (the "different" share is the rest).
    # Random pairs of the data replace it as soon as there are enough records to draw them from.
    u_prior: tuple[float, ...] = ()

    def __post_init__(self) -> None:
        for name, shares, size in (("m_prior", self.m_prior, self.n_levels), ("u_prior", self.u_prior, len(self.levels))):
            if shares and len(shares) != size:
                raise ValueError(f"comparison {self.name!r}: {name} needs {size} shares, got {len(shares)}")

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
        # "R." for Robert, and for Bob too (the initial of a formal name the other stands for).
        Level("initial", "initial", column="key_first_nicks"),
        Level("swapped with last name", "swapped", column="key_last"),
        _sim("jaro-winkler >= 0.80", "jaro_winkler", 0.80),
    ), is_name=True, derived=("key_first_nicks",), m_prior=(0.802, 0.09, 0.003, 0.02, 0.03, 0.005, 0.02, 0.03), u_prior=(0.005, 0.003, 0.001, 0.001, 0.001, 0.00001, 0.005)),
    Comparison("last_name", "key_last", (
        Level("exact", "exact", tf=True),
        Level("swapped with first name", "swapped", column="key_first"),
        # "Smith-Jones" against "Anna Smith Jones" (a full name splits the first surname off as a
        # middle name), and "Smith" against that middle name.
        Level("double surname", "compound", column="key_middle"),
        Level("one typo", "edits", "osa_edits", 1),
        _sim("jaro-winkler >= 0.94", "jaro_winkler", 0.94),
        _sim("jaro-winkler >= 0.85", "jaro_winkler", 0.85),
    ), is_name=True, m_prior=(0.899, 0.005, 0.001, 0.04, 0.02, 0.02, 0.015),
        u_prior=(0.001, 0.00001, 0.00001, 0.0002, 0.0005, 0.005)),
    Comparison("middle_name", "key_middle", (
        Level("exact", "exact"),
        Level("initial", "initial"),
    ), is_name=True, m_prior=(0.70, 0.25, 0.05), u_prior=(0.04, 0.001)),
    # A work address at the employer's domain stands in for a missing company (one fact, one comparison).
    Comparison("company", "key_company", (
        Level("exact", "exact", tf=True),
        _sim("jaro-winkler >= 0.90", "jaro_winkler", 0.90),
        Level("email at the employer's domain", "member"),
    ), cross="key_email_orgs", m_prior=(0.65, 0.10, 0.05, 0.20), u_prior=(0.002, 0.002, 0.0001)),
    Comparison("title", "key_title", (
        _sim("token-set >= 0.90", "token_set", 0.90),
        _sim("token-set >= 0.60", "token_set", 0.60),
    ), m_prior=(0.60, 0.20, 0.20), u_prior=(0.03, 0.05)),
    Comparison("city", "key_city", (
        Level("exact", "exact", tf=True),
        _sim("jaro-winkler >= 0.90", "jaro_winkler", 0.90),
    ), m_prior=(0.80, 0.05, 0.15), u_prior=(0.02, 0.005)),
    Comparison("region", "key_region", (Level("exact", "exact"),), m_prior=(0.90, 0.10), u_prior=(0.1,)),
    Comparison("postal_code", "key_postal", (
        Level("exact", "exact"),
        _sim("one edit or swap", "osa", 0.75),
    ), m_prior=(0.80, 0.10, 0.10), u_prior=(0.001, 0.005)),
    Comparison("street_address", "key_street", (
        Level("exact", "exact"),
        _sim("token-sort >= 0.90", "token_sort", 0.90),
        _sim("token-sort >= 0.70", "token_sort", 0.70),
    ), m_prior=(0.60, 0.20, 0.10, 0.10), u_prior=(0.00001, 0.0001, 0.001)),
    Comparison("birth_date", "key_birth_date", (
        Level("exact", "exact"),
        _sim("one digit off or two swapped", "osa", 0.85),
    ), m_prior=(0.90, 0.07, 0.03), u_prior=(0.0001, 0.001)),
    Comparison("school", "key_school", (
        Level("exact", "exact"),
        _sim("token-set >= 0.90", "token_set", 0.90),
    ), m_prior=(0.85, 0.10, 0.05), u_prior=(0.05, 0.005)),
    Comparison("class_year", "key_class_year", (
        Level("exact", "exact"),
        Level("within a year", "within", threshold=1),
    ), m_prior=(0.85, 0.10, 0.05), u_prior=(0.03, 0.06)),
    Comparison("connected_on", "key_connected_on", (
        Level("same day", "exact"),
        Level("within two days", "within", threshold=2),
    ), neutral_disagreement=True, m_prior=(0.5, 0.05, 0.45), u_prior=(0.0005, 0.001)),
)


def _as_text(series: pl.Series) -> pl.Series:
    if series.dtype == pl.Date:
        return series.dt.to_string("%Y%m%d")
    return series.cast(pl.String)


def code_column(column: str) -> str:
    """The name of the column `add_value_codes` gives `column`."""
    return f"{column}:code"


def add_value_codes(keys: pl.DataFrame, comparisons: tuple[Comparison, ...] = DEFAULT_COMPARISONS) -> pl.DataFrame:
    """One dense integer code per distinct value of every plain (non-list) compared column.

    Compared pair by pair, equal values are then an integer comparison, and a similarity is scored
    once per distinct pair of codes however many record pairs share it.
    """
    columns = sorted(c.column for c in comparisons if c.column in keys.columns
                     and not isinstance(keys.schema[c.column], pl.List))
    return keys.with_columns(_codes(keys[c]).alias(code_column(c)) for c in columns)


def _codes(values: pl.Series) -> pl.Series:
    """1, 2, 3... one per distinct value (0 for no value); hashing beats sorting for text."""
    if values.dtype != pl.String:
        return values.rank("dense").fill_null(0).cast(pl.UInt32)
    distinct = values.drop_nulls().unique().to_frame("v").with_row_index("code", offset=1)
    return (
        values.to_frame("v").join(distinct, on="v", how="left", maintain_order="left")["code"]
        .fill_null(0).cast(pl.UInt32)
    )


def _similarity(metric: str, left: pl.Series, right: pl.Series, todo: np.ndarray) -> np.ndarray:
    """Similarity (0..1, or edits) on the rows in `todo` where both sides have a value, NaN elsewhere (rapidfuzz cpdist, all cores).

    `gamma` calls it on distinct pairs of values, so nothing here is scored twice.
    """
    out = np.full(len(left), np.nan, dtype=np.float32)
    idx = np.flatnonzero(todo & (left.is_not_null() & right.is_not_null()).to_numpy())
    if idx.size:
        scores = process.cpdist(_as_text(left).gather(idx).to_list(), _as_text(right).gather(idx).to_list(),
                                scorer=SCORERS[metric], workers=-1, dtype=np.float32)
        out[idx] = scores / 100.0 if metric in _PERCENT_SCORERS else scores
    return out


def _level_holds(
    level: Level, comparison: Comparison, left: pl.DataFrame, right: pl.DataFrame, todo: np.ndarray, cache: dict
) -> np.ndarray:
    """Whether `level` holds for each pair (the caller keeps only the rows in `todo`)."""
    column = level.column or comparison.column
    a, b = left[column], right[column]
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
        same = (one_letter & (a.str.slice(0, 1) == b.str.slice(0, 1))).fill_null(False)
        if level.column:
            # An initial against the initials of the names the other side's name may stand for.
            initials = pl.element().str.slice(0, 1)
            via = pl.DataFrame({"a": a, "b": b, "la": left[level.column], "lb": right[level.column]}).select(
                ((pl.col("a").str.len_chars() == 1) & pl.col("lb").list.eval(initials).list.contains(pl.col("a")))
                | ((pl.col("b").str.len_chars() == 1) & pl.col("la").list.eval(initials).list.contains(pl.col("b")))
            ).to_series().fill_null(False)
            same = same | via
        return same.to_numpy()
    if level.test == "swapped":
        mine, theirs = left[comparison.column], right[comparison.column]
        return ((mine == b) & (theirs == a)).fill_null(False).to_numpy()
    if level.test == "compound":
        # One side's surname is the other's middle and last names run together, or its middle name alone.
        x, y = left[comparison.column], right[comparison.column]
        holds = pl.DataFrame({"x": x, "y": y, "mx": a, "my": b}).select(
            (pl.col("x") == pl.concat_str("my", "y")) | (pl.col("y") == pl.concat_str("mx", "x"))
            | (pl.col("x") == pl.col("my")) | (pl.col("y") == pl.col("mx"))
        ).to_series()
        return holds.fill_null(False).to_numpy()
    if level.test == "within":
        return ((a.cast(pl.Float64) - b.cast(pl.Float64)).abs() <= level.threshold).fill_null(False).to_numpy()
    if level.test in ("similarity", "edits"):
        key = (level.column, level.metric)
        if key not in cache:
            # Computed once per metric on the still-undecided pairs; a later, looser level reuses it.
            cache[key] = _similarity(level.metric, a, b, todo)
        if level.test == "edits":
            # One typo in "li" is another name; in "harrington" it is a typo.
            long_enough = ((a.str.len_chars() >= 4) & (b.str.len_chars() >= 4)).fill_null(False).to_numpy()
            return (cache[key] <= level.threshold) & long_enough
        return cache[key] >= level.threshold
    raise ValueError(f"unknown level test {level.test!r}")


def gamma_rows(comparison: Comparison, left: pl.DataFrame, right: pl.DataFrame) -> np.ndarray:
    """The level code of every pair (row i of `left` against row i of `right`) on one comparison, row by row.

    The reference `gamma` must agree with (and the path for a comparison over a list column).
    """
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


def _reads_only_the_value(level: Level, comparison: Comparison) -> bool:
    """Whether the level depends on the two values of the comparison's column alone (and what is derived from them)."""
    return level.test not in ("swapped", "member") and (level.column is None or level.column in comparison.derived)


def _frames(keys: pl.DataFrame, columns: set[str], a: np.ndarray, b: np.ndarray) -> tuple[pl.DataFrame, pl.DataFrame]:
    chosen = keys.select(sorted(columns))
    return chosen[a], chosen[b]


def _distinct(ca: np.ndarray, cb: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For pairs of codes: one row holding each distinct pair, and each row's distinct pair (an index into the first)."""
    packed = pl.Series((ca.astype(np.uint64) << np.uint64(32)) | cb.astype(np.uint64))
    inverse = packed.rank("dense").to_numpy().astype(np.int64) - 1  # a hash-free, multi-threaded np.unique
    first = np.empty(int(inverse.max()) + 1 if inverse.size else 0, dtype=np.int64)
    first[inverse[::-1]] = np.arange(inverse.size - 1, -1, -1)  # the last write wins: each pair's first row
    return first, inverse


def _could_hold(level: Level, comparison: Comparison, keys: pl.DataFrame, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """A cheap necessary condition for a level that reads another column, so strings are gathered for few pairs."""
    if level.test == "swapped":
        # Hashes of the two columns are comparable (one hash function): equal strings, equal hashes.
        mine = keys[comparison.column].hash(seed=0).to_numpy()
        theirs = keys[level.column].hash(seed=0).to_numpy()
        return (mine[a] == theirs[b]) & (theirs[a] == mine[b])
    if level.test == "compound":
        last = keys[comparison.column].hash(seed=0).to_numpy()
        middle = keys[level.column].hash(seed=0).to_numpy()
        whole = keys.select(pl.concat_str(level.column, comparison.column))[:, 0].hash(seed=0).to_numpy()
        return (last[a] == whole[b]) | (last[b] == whole[a]) | (last[a] == middle[b]) | (last[b] == middle[a])
    if level.test == "member":
        named = keys[code_column(comparison.column)].to_numpy() > 0
        listed = keys[comparison.cross].list.len().fill_null(0).to_numpy() > 0
        return (named[a] & listed[b]) | (named[b] & listed[a])
    return np.ones(len(a), dtype=bool)


def gamma(comparison: Comparison, keys: pl.DataFrame, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """The level code of every pair (a[i], b[i]) (rows of `keys`, which holds `add_value_codes`) on one comparison.

    Most levels depend on the two values only, and blocking brings the same two values together
    again and again (Robert and Bob, two titles, two cities): those levels are decided once per
    distinct pair of values. Levels that look at another column (a name swapped with the surname,
    an email at the employer's domain) are then tried on the pairs still below them.
    """
    if keys[code_column(comparison.column)].max() == 0 and not comparison.cross:
        return np.full(len(a), MISSING, dtype=np.int8)  # nobody has the field (no birth dates in a LinkedIn export)
    code = keys[code_column(comparison.column)].to_numpy()
    ca, cb = code[a], code[b]
    present = (ca > 0) & (cb > 0)
    if comparison.cross:
        # Neutral unless at least one direction (my value, your list) can be looked at.
        listed = keys[comparison.cross].list.len().fill_null(0).to_numpy()
        missing = ~present & ~((ca > 0) & (listed[b] > 0)) & ~((cb > 0) & (listed[a] > 0))
    else:
        missing = ~present
    codes = np.full(len(a), len(comparison.levels), dtype=np.int8)
    codes[missing] = MISSING

    value_levels = [(i, lv) for i, lv in enumerate(comparison.levels) if _reads_only_the_value(lv, comparison)]
    if value_levels and value_levels[0] == (0, comparison.levels[0]) and comparison.levels[0].test == "exact":
        # Equal codes are equal values: the exact level, with no further look.
        equal = present & (ca == cb)
        codes[equal] = 0
        present &= ~equal
        value_levels = value_levels[1:]
    idx = np.flatnonzero(present)
    first, inverse = _distinct(ca[idx], cb[idx])
    left, right = _frames(keys, {comparison.column, *comparison.derived}, a[idx[first]], b[idx[first]])
    distinct = np.full(len(first), len(comparison.levels), dtype=np.int8)
    todo = np.ones(len(first), dtype=bool)
    cache: dict = {}
    for index, level in value_levels:
        holds = _level_holds(level, comparison, left, right, todo, cache) & todo
        distinct[holds] = index
        todo &= ~holds
    codes[idx] = distinct[inverse]

    for index, level in enumerate(comparison.levels):
        if _reads_only_the_value(level, comparison):
            continue
        below = np.flatnonzero(codes > index)
        below = below[_could_hold(level, comparison, keys, a[below], b[below])]
        if not below.size:
            continue
        columns = {comparison.column, level.column or comparison.column} | ({comparison.cross} if comparison.cross else set())
        left, right = _frames(keys, columns, a[below], b[below])
        holds = _level_holds(level, comparison, left, right, np.ones(below.size, dtype=bool), {})
        codes[below[holds]] = index
    return codes


def compare_pairs(keys: pl.DataFrame, a: np.ndarray, b: np.ndarray,
                  comparisons: tuple[Comparison, ...] = DEFAULT_COMPARISONS) -> pl.DataFrame:
    """One int8 gamma column per comparison for the record pairs (a[i], b[i]) (row numbers in `keys`)."""
    if any(code_column(c.column) not in keys.columns for c in comparisons):
        keys = add_value_codes(keys, comparisons)
    out = {}
    for comp in comparisons:
        if code_column(comp.column) in keys.columns:
            out[comp.name] = gamma(comp, keys, a, b)
        else:  # a list column: no codes, compared row by row
            left, right = _frames(keys, {comp.column, comp.cross or comp.column, *(
                lv.column for lv in comp.levels if lv.column)}, a, b)
            out[comp.name] = gamma_rows(comp, left, right)
    return pl.DataFrame(out, schema=dict.fromkeys([c.name for c in comparisons], pl.Int8))
