"""Survivorship: one row per contact, each field group taken from one source record by rules declared as data.

The rules (RULES below), in order:
1. Fields that belong together are taken together from one record, so a contact never gets one
   spelling's first name with another's surname, or a street from one address and a city from
   another: the name (first, middle, last, full), the address and the job (company, title, headline).
2. The name: a full first name never loses to an initial ("R. Smith" never replaces "Robert
   Smith"); then the spelling most of the person's sources agree on (distinct source kinds, then
   records, folded so accents and case do not split a vote); then the newest.
3. The job: the newest record's job, unless it is LinkedIn's (the person keeps it current) or an
   older record of the same employer says it more specifically: a title or company that is a
   prefix, an abbreviation or a shorter form of the older one ("Data Analyst" of "Senior Data
   Analyst", "Lecturer, UMSI" of "Lecturer in UX Research, University of Michigan School of
   Information") does not replace it.
4. Every other group (the address, each single field): the newest record holding a value; within
   one import the one filling most of the group, then the longest text, then the smallest record_id.
5. `emails` and `phones` are never chosen: every distinct address and number is kept once (two
   notations of one number, read in the user's phone_region, are one), most recent first.
6. `sources` lists the distinct source kinds; `first_seen_line` is where the earliest record came
   from; `provenance(records)` names, per contact and field, the record its value came from.
"""

from __future__ import annotations

import itertools
import logging

import polars as pl

from pipeline.text import (
    DEFAULT_PHONE_REGION,
    company_key,
    company_keys,
    fold,
    fold_text,
    phone_keys,
)
from schemas.fields import CANONICAL_DTYPES

log = logging.getLogger(__name__)

FIELD_GROUPS: dict[str, tuple[str, ...]] = {
    "name": ("first_name", "middle_name", "last_name", "full_name"),
    "address": ("street_address", "city", "region", "postal_code", "country"),
    "job": ("company", "title", "headline"),
}
UNIONED = ("emails", "phones")
# How each group's record is chosen: "agreement" (rule 2), "specific" (rule 3), "newest" (rule 4).
RULES: dict[str, str] = {"name": "agreement", "job": "specific"}
# The source whose job stands when it is the newest: people keep their LinkedIn role current.
CURRENT_ROLE_SOURCE = "linkedin"
CONTACT_EXTRA_DTYPES: dict[str, pl.DataType] = {
    "sources": pl.List(pl.String()),
    "record_count": pl.Int64(),
    "first_seen_line": pl.String(),
}
_GLUE = frozenset({"of", "at", "the", "and", "in", "for", "&"})


def _groups() -> dict[str, tuple[str, ...]]:
    grouped = {f for fields in FIELD_GROUPS.values() for f in fields}
    singles = {f: (f,) for f in CANONICAL_DTYPES if f not in grouped and f not in UNIONED}
    return {**FIELD_GROUPS, **singles}


def _newest_order(fields: tuple[str, ...]) -> tuple[list[pl.Expr], list[bool]]:
    filled = pl.sum_horizontal(pl.col(f).is_not_null().cast(pl.Int32) for f in fields)
    length = pl.sum_horizontal(pl.col(f).cast(pl.String).str.len_chars().fill_null(0) for f in fields)
    return [pl.col("import_seq"), filled, length, pl.col("record_id")], [True, True, True, False]


def _holding(records: pl.DataFrame, fields: tuple[str, ...]) -> pl.DataFrame:
    return records.filter(pl.any_horizontal(pl.col(f).is_not_null() for f in fields))


def _pick_newest(records: pl.DataFrame, fields: tuple[str, ...]) -> pl.DataFrame:
    """contact_id, record_id of the newest, most complete record holding any of `fields` (rule 4)."""
    keys, descending = _newest_order(fields)
    return (
        _holding(records, fields)
        .sort([pl.col("contact_id"), *keys], descending=[False, *descending])
        .group_by("contact_id", maintain_order=True)
        .first()
        .select("contact_id", "record_id")
    )


def _pick_name(records: pl.DataFrame, fields: tuple[str, ...]) -> pl.DataFrame:
    """contact_id, record_id of the name rule 2 prefers: full over initial, most agreed spelling, newest."""
    holding = _holding(records, fields)
    first = pl.coalesce(pl.col("first_name"), pl.col("full_name").str.extract(r"^\s*(\S+)", 1))
    last = pl.coalesce(pl.col("last_name"), pl.col("full_name").str.extract(r"(\S+)\s*$", 1))
    spelled = holding.with_columns(
        fold_text(first).alias("_first"),
        fold_text(last).alias("_last"),
    ).with_columns(
        (pl.col("_first").str.replace_all(r"\s", "").str.len_chars().fill_null(0) > 1).alias("_full_first"),
        pl.concat_str("_first", "_last", separator="|").alias("_spelling"),
    ).with_columns(
        pl.col("source_kind").n_unique().over("contact_id", "_spelling").alias("_kinds"),
        pl.len().over("contact_id", "_spelling").alias("_votes"),
    )
    keys, descending = _newest_order(fields)
    return (
        spelled.sort([pl.col("contact_id"), pl.col("_full_first"), pl.col("_kinds"), pl.col("_votes"), *keys],
                     descending=[False, True, True, True, *descending])
        .group_by("contact_id", maintain_order=True)
        .first()
        .select("contact_id", "record_id")
    )


_FOLDED: dict[str, tuple[str, ...]] = {}
_KEYS: dict[str, str | None] = {}


def _warm_folds(frame: pl.DataFrame, columns: tuple[str, ...]) -> None:
    """Fold every distinct value of `columns` (and key the companies) in one vectorised pass."""
    values = pl.concat([frame[c].drop_nulls() for c in columns]).unique()
    new = values.filter(~values.is_in(list(_FOLDED))) if _FOLDED else values
    if new.len():
        folded = new.to_frame("v").with_columns(fold_text(pl.col("v")).alias("f"))
        _FOLDED.update({v: tuple((f or "").split()) for v, f in folded.iter_rows()})
    companies = frame["company"].drop_nulls().unique()
    missing = companies.filter(~companies.is_in(list(_KEYS))) if _KEYS else companies
    if missing.len():
        _KEYS.update(zip(missing.to_list(), company_keys(missing).to_list(), strict=True))
    if len(_FOLDED) > 1_000_000:  # a bound on what a long-running process keeps
        _FOLDED.clear()
        _KEYS.clear()


def _words(text: str | None) -> tuple[str, ...]:
    if not text:
        return ()
    if text not in _FOLDED:
        _FOLDED[text] = tuple((fold(text) or "").split())
    return _FOLDED[text]


def _key(company: str) -> str | None:
    if company not in _KEYS:
        _KEYS[company] = company_key(company)
    return _KEYS[company]


def _covered(word: str, other: tuple[str, ...]) -> bool:
    """A word of a shorter form: in the longer one, a prefix of one of its words, or the initials of a run of them."""
    if word in other or any(len(word) >= 3 and w.startswith(word) for w in other):
        return True
    significant = [w for w in other if w not in _GLUE]
    for start in range(len(significant)):
        for end in range(start + 2, len(significant) + 1):
            if "".join(w[0] for w in significant[start:end]) == word:
                return True
    return False


def shorter_form(newer: str | None, older: str | None) -> bool:
    """Whether `newer` says less than `older`: a prefix, an abbreviation or a shorter form of it."""
    a, b = _words(newer), _words(older)
    if not b or a == b:
        return False
    if not a:
        return True
    return sum(map(len, a)) < sum(map(len, b)) and all(_covered(w, b) for w in a)


def _same_employer(a: str | None, b: str | None) -> bool:
    if not a or not b:
        return True
    key_a, key_b = _key(a), _key(b)
    return key_a == key_b or shorter_form(a, b) or shorter_form(b, a)


def _refines(older: dict, current: dict) -> bool:
    """Whether the older job says the current one more specifically (same employer, nothing newer in it)."""
    if not _same_employer(current["company"], older["company"]):
        return False
    title_shorter = shorter_form(current["title"], older["title"])
    company_shorter = shorter_form(current["company"], older["company"])
    titles_agree = _words(current["title"]) == _words(older["title"]) or not older["title"]
    companies_agree = _words(current["company"]) == _words(older["company"]) or not older["company"]
    return (title_shorter and (company_shorter or companies_agree)) or (company_shorter and titles_agree)


def _pick_job(records: pl.DataFrame, fields: tuple[str, ...]) -> pl.DataFrame:
    """contact_id, record_id of the job rule 3 prefers; Python only for contacts with two different jobs."""
    keys, descending = _newest_order(fields)
    ordered = _holding(records, fields).sort([pl.col("contact_id"), *keys], descending=[False, *descending])
    jobs = ordered.with_columns(pl.concat_str([pl.col(f).fill_null("") for f in fields], separator="\x1f").alias("_job"))
    several = jobs.filter(pl.col("_job").n_unique().over("contact_id") > 1)
    newest = jobs.group_by("contact_id", maintain_order=True).first().select("contact_id", "record_id")
    if several.is_empty():
        return newest
    chosen: dict[str, str] = {}
    rows = several.select("contact_id", "record_id", "source_kind", *fields).to_dicts()
    _warm_folds(several, ("company", "title"))
    # Rows are sorted by contact, newest first: one pass, no per-group frames.
    for contact_id, group in itertools.groupby(rows, key=lambda r: r["contact_id"]):
        current, *older_rows = list(group)
        if current["source_kind"] != CURRENT_ROLE_SOURCE:
            for older in older_rows:
                if _refines(older, current):
                    current = older
        chosen[contact_id] = current["record_id"]
    override = pl.DataFrame({"contact_id": list(chosen), "_chosen": list(chosen.values())},
                            schema={"contact_id": pl.String, "_chosen": pl.String})
    return newest.join(override, on="contact_id", how="left").select(
        "contact_id", pl.coalesce("_chosen", "record_id").alias("record_id")
    )


_PICKERS = {"agreement": _pick_name, "specific": _pick_job, "newest": _pick_newest}


def _prepared(records: pl.DataFrame) -> pl.DataFrame:
    if "import_seq" not in records.columns:
        records = records.with_columns(pl.lit(0, pl.Int64).alias("import_seq"))
    return records.filter(pl.col("contact_id").is_not_null())


def _choices(records: pl.DataFrame) -> dict[str, pl.DataFrame]:
    """Per field group: contact_id -> record_id of the record its values survive from."""
    return {name: _PICKERS[RULES.get(name, "newest")](records, fields) for name, fields in _groups().items()}


def provenance(records: pl.DataFrame) -> pl.DataFrame:
    """contact_id, field, record_id, rule: the source record each surviving field value came from."""
    records = _prepared(records)
    groups = _groups()
    parts = [
        chosen.join(pl.DataFrame({"field": list(groups[name])}), how="cross").with_columns(
            pl.lit(RULES.get(name, "newest")).alias("rule")
        )
        for name, chosen in _choices(records).items()
    ]
    picked = pl.concat(parts).join(records.select("record_id", *CANONICAL_DTYPES), on="record_id")
    # A field the chosen record leaves empty did not survive from it.
    held = pl.coalesce(*(pl.when(pl.col("field") == f).then(pl.col(f).is_not_null()) for f in CANONICAL_DTYPES
                         if f not in UNIONED))
    return picked.filter(held).select("contact_id", "field", "record_id", "rule").sort("contact_id", "field")


def _same_value(column: str, values: pl.Series, phone_region: str) -> pl.Series:
    # Two notations of one number ("+44 (0) 20 7946 0958", "020 7946 0958") or one address in two
    # cases are one value: the most recent notation is kept.
    if column == "phones":
        return pl.coalesce(phone_keys(values, phone_region), values)
    return values.str.strip_chars().str.to_lowercase()


def survive(records: pl.DataFrame, phone_region: str = DEFAULT_PHONE_REGION) -> pl.DataFrame:
    """One row per contact_id: surviving canonical fields, all emails and phones (each once), sources and counts.

    `phone_region` reads numbers written without a +country code, so two notations of one number are kept once.
    """
    records = _prepared(records)
    base = records.group_by("contact_id").agg(
        pl.col("source_kind").drop_nulls().unique().sort().alias("sources"),
        pl.len().cast(pl.Int64).alias("record_count"),
        pl.concat_str(pl.col("source_file"), pl.col("source_line").cast(pl.String), separator=":")
        .sort_by("import_seq", "source_line", "record_id")
        .first()
        .alias("first_seen_line"),
    )
    ordered = records.sort(["contact_id", "import_seq", "record_id"], descending=[False, True, False])
    for column in UNIONED:
        values = ordered.select("contact_id", column).explode(column).drop_nulls(column)
        listed = (
            values.with_columns(_same_value(column, values[column], phone_region).alias("_same"))
            .unique(subset=["contact_id", "_same"], keep="first", maintain_order=True)
            .group_by("contact_id", maintain_order=True)
            .agg(pl.col(column))
        )
        base = base.join(listed, on="contact_id", how="left").with_columns(
            pl.col(column).fill_null(pl.lit([], pl.List(pl.String)))
        )
    for name, chosen in _choices(records).items():
        fields = _groups()[name]
        values = chosen.join(records.select("record_id", *fields), on="record_id", how="left").drop("record_id")
        base = base.join(values, on="contact_id", how="left")
    out = base.select("contact_id", *CANONICAL_DTYPES, *CONTACT_EXTRA_DTYPES).sort("contact_id")
    log.debug("survivorship: %d records into %d contacts", records.height, out.height)
    return out.cast({"contact_id": pl.String, **CANONICAL_DTYPES, **CONTACT_EXTRA_DTYPES})
