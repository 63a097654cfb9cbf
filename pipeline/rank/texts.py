"""What the texts of a network decide, found once per distinct text and gathered by code where needed.

Titles, organisations and headlines repeat, so keyword masks, field evidence and title levels are
found once per distinct value of each field (matched once per distinct text with the tokens no
matcher can see blanked: fields.blind_tokens). A contact's texts are a row of four small integer
codes (a code is the text's row in its field's table, 0 the missing text); fit is found once per
distinct combination of codes. Columns are gathered from the field tables only when a stage needs
them, and text columns only for the combinations that fit: a real network's titles are mostly
distinct, so a wide table per combination would cost as much as one per contact.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import polars as pl

from pipeline.profile import Target
from pipeline.rank.fields import blind_tokens, field_patterns
from pipeline.rank.fit import evidence_columns, evidence_defaults
from pipeline.rank.keywords import (
    STOPWORDS,
    Canonical,
    canonical,
    canonical_distinct,
    canonical_seen,
    collapse_words,
    match_mask_sets,
    normalize_expr,
)
from pipeline.rank.titles import staff_roles, title_coverage, title_levels, title_words
from pipeline.text import company_keys

TEXT_FIELDS: tuple[str, ...] = ("title", "headline", "notes", "company")
# Title columns every contact carries (row 0 of the title table holds the missing title's values).
PER_CONTACT: tuple[str, ...] = ("_level", "_junior", "_learner")


def target_phrases(target: Target) -> list[tuple[str, str]]:
    """(keyword as written, canonical phrase) for each keyword that leaves any token."""
    out = []
    for keyword in target.keywords:
        phrase = canonical(keyword)
        if phrase.strip():
            out.append((keyword, phrase))
    return out


@dataclass(frozen=True)
class Texts:
    """One row per distinct combination of texts (`_k`, the four codes, `_untitled`) and the field tables."""

    combos: pl.DataFrame
    tables: dict[str, pl.DataFrame]
    defaults: dict[str, pl.Expr]
    reference: tuple[str, ...] = ()  # the keyword words misspellings are pulled towards

    def tokens(self, field: str) -> pl.Series:
        """The canonical token string of every text of a field's table, row for row ("" for the missing text).

        Every token, seen by a matcher or not: what the user's ratings learn from
        (pipeline/rank/ratings.py). Made only when asked, as only a plan with ratings needs it.
        """
        uniq = self.tables[field].get_column(field).slice(1)
        canon = canonical_distinct(_texts_of(uniq, field), self.reference).canon
        return pl.concat([pl.Series([""], dtype=pl.String), canon]).alias(field)

    def gather(self, names: Iterable[str], rows: pl.DataFrame | None = None) -> pl.DataFrame:
        """The named columns for `rows` (combinations, by their codes; all of them by default)."""
        rows = self.combos if rows is None else rows
        names = list(dict.fromkeys(names))
        out = [rows.get_column(n) for n in names if n in rows.columns]
        for field in TEXT_FIELDS:
            table = self.tables[field]
            wanted = [n for n in names if n in table.columns and n not in rows.columns]
            if wanted:
                out.extend(table.select(wanted)[rows.get_column(f"_i{field}")].get_columns())
        found = {s.name for s in out}
        frame = pl.DataFrame(out)
        # A target that expands into no field, or a field nobody filled in, has no evidence columns.
        missing = [self.defaults[n].alias(n) for n in names if n not in found and n in self.defaults]
        return frame.with_columns(missing).select(n for n in names if n in found or n in self.defaults)

    def evidenced(self, index: int, company: pl.Series, also: pl.Series | None = None) -> pl.DataFrame:
        """The combinations where target `index` finds anything at all: a keyword, field evidence, or `company`.

        Fit is zero elsewhere (fit.fit_exprs), so a plan skips those before any column is gathered.
        `company` is a boolean over the company table (the user's target list), `also` over the
        combinations (those the ratings may reach).
        """
        picked = also
        for field in TEXT_FIELDS:
            table = self.tables[field]
            # The keyword mask and every evidence column fit reads for this target and field.
            named = [f"_m{index}_{field}", f"_x{index}_{field}", f"_a{index}_{field}"] + ([f"_o{index}"] if field == "company" else [])
            found = [c for c in named if c in table.columns]
            if found:
                hit = table.select(pl.any_horizontal(pl.col(c) > 0 for c in found)).to_series()
            else:
                hit = pl.repeat(False, table.height, eager=True)
            if field == "company":
                hit = hit | company
            seen = hit.gather(self.combos.get_column(f"_i{field}"))
            picked = seen if picked is None else picked | seen
        return self.combos.filter(picked)

    def with_columns(self, columns: Sequence[pl.Series]) -> Texts:
        """The same texts with extra per-combination columns (the semantic extra's similarities)."""
        return Texts(self.combos.with_columns(columns), self.tables, self.defaults, self.reference)


def text_tables(
    frame: pl.DataFrame, targets: Sequence[Target], reference: list[str], evidence: pl.DataFrame
) -> tuple[pl.DataFrame, Texts]:
    """(frame with its combination key `_k` and title levels, the texts of its distinct combinations)."""
    phrase_sets = [[p for _, p in target_phrases(t)] for t in targets]
    tables: dict[str, pl.DataFrame] = {}
    codes = []
    for field in TEXT_FIELDS:
        texts = without_employer(frame[field], frame["company"]) if field in PERSON_TEXTS else frame[field]
        uniq, code = _distinct(texts)
        tables[field] = _field_table(uniq, field, reference, evidence, phrase_sets)
        codes.append(code.alias(f"_i{field}"))
    rows = pl.DataFrame(codes)
    key = _combination_key(rows, [tables[f].height for f in TEXT_FIELDS])
    combos = rows.with_columns(key).filter(pl.col("_k").is_first_distinct())
    combos = combos.with_columns((pl.col("_ititle") == 0).alias("_untitled"))
    levels = tables["title"].select(PER_CONTACT)[rows.get_column("_ititle")]
    out = frame.with_columns(key, *levels.get_columns())
    return out, Texts(combos, tables, evidence_defaults(len(targets)), tuple(reference))


# LinkedIn's headline form, "Role at Employer": the last "at" (or "bei", "chez", "@") and what follows.
PERSON_TEXTS: tuple[str, ...] = ("title", "headline")
_EMPLOYER_TAIL = r"(?i)^(.*\S)(?:\s+(?:at|bei|chez)\s+|\s*@\s*)(\S.*)$"


def without_employer(texts: pl.Series, companies: pl.Series) -> pl.Series:
    """Titles (or headlines) with a closing "at <employer>" dropped when the contact's company names that employer.

    It says where they work, not what they do: a "Recruiter at SunPower Solar" at SunPower Solar is
    a recruiter at a solar company (weakly related), not a solar title, and a "Talent Manager at AIM
    Consulting Group" no consultant. A tail with words the company lacks ("at Google Cloud
    Sustainability" at Google) names a team or a department, and stays.
    """
    candidates = texts.str.contains(r"(?i)\s(?:at|bei|chez)\s|@").fill_null(False) & companies.is_not_null()
    rows = candidates.arg_true()
    if rows.is_empty():
        return texts
    sub = pl.DataFrame({"text": texts.gather(rows), "company": _organisation_words(companies.gather(rows))})
    parts = sub.select(pl.col("text").str.extract_groups(_EMPLOYER_TAIL).alias("p"), "company").unnest("p")
    parts = parts.with_columns(_organisation_words(parts["2"]).alias("tail"))  # "at SunPower" names "SunPower Solar"

    def words(column: str) -> pl.Expr:
        return normalize_expr(pl.col(column)).str.split(" ").list.set_difference(pl.lit(sorted(STOPWORDS)))

    tail, company = words("tail"), words("company")
    names_employer = (tail.list.len() > 0) & (tail.list.set_difference(company).list.len() == 0)
    role = parts.select(pl.when(names_employer.fill_null(False)).then(pl.col("1")).otherwise(None)).to_series()
    kept = role.is_not_null()
    return texts.clone().scatter(rows.filter(kept), role.filter(kept))


def _combination_key(rows: pl.DataFrame, sizes: Sequence[int]) -> pl.Series:
    """`_k`: one small integer per distinct row of codes (0, 1, 2... in no particular order).

    The codes are packed into one 64-bit integer when they fit (they nearly always do), which
    ranks twice as fast as a join on four columns; otherwise the row of codes is ranked as a struct.
    """
    bits = [max(1, (size - 1).bit_length()) for size in sizes]
    if sum(bits) <= 64:
        packed = pl.lit(0, dtype=pl.UInt64)
        for code, width in zip(rows.columns, bits, strict=True):
            packed = packed * (1 << width) + pl.col(code).cast(pl.UInt64)
    else:
        packed = pl.struct(rows.columns)
    return rows.select((packed.rank("dense") - 1).cast(pl.UInt32).alias("_k")).to_series()


def _distinct(texts: pl.Series) -> tuple[pl.Series, pl.Series]:
    """(the distinct texts, each row's code: 1 + the row of its text there, 0 for a missing text).

    One group_by finds both; `unique()` and a join back on the strings cost three times more.
    """
    groups = texts.to_frame("text").with_row_index("row").group_by("text").agg("row").drop_nulls("text")
    spread = groups.select(pl.int_range(1, pl.len() + 1, dtype=pl.UInt32).alias("code"), "row").explode("row")
    codes = pl.zeros(texts.len(), dtype=pl.UInt32, eager=True).scatter(spread["row"], spread["code"])
    return groups.get_column("text").alias(texts.name), codes


def _found_columns(words: Canonical, field: str, evidence: pl.DataFrame, phrase_sets: list[list[str]]) -> pl.DataFrame:
    """Keyword masks, field evidence and, for titles, levels and coverage of distinct (blanked) texts, row for row."""
    canon = words.canon
    masks = [mask.alias(f"_m{i}_{field}") for i, mask in enumerate(match_mask_sets(canon, phrase_sets))]
    table = pl.DataFrame(masks, height=canon.len())
    table = pl.concat([table, evidence_columns(words, evidence, field, len(phrase_sets))], how="horizontal")
    if field == "title":
        table = table.with_columns(title_levels(canon))
        patterns = field_patterns(evidence, len(phrase_sets))
        table = table.with_columns(*title_coverage(canon, masks, phrase_sets, patterns), *staff_roles(canon, phrase_sets, patterns))
    return table


def _organisation_words(names: pl.Series) -> pl.Series:
    """Organisation names with their run-together words apart: "ClimatePartner" reads as "Climate Partner".

    Only organisations: a title's "DevOps" is one word, a keyword as written. A German registered
    association's "e.V." reads as the association it is, not as an electric vehicle ("EV").
    """
    # German company forms stay whole: a nonprofit's "gGmbH" is no "g Gmb H".
    whole = names.str.replace_all(r"\bgGmbH\b", "ggmbh").str.replace_all(r"\bGmbH\b", "gmbh")
    spaced = whole.str.replace_all(r"(\p{Ll})(\p{Lu})", "$1 $2")
    return spaced.str.replace_all(r"(^|[\s,(])e\.\s?V\.?(\s|$|[),])", "$1 Verein $2")


def _texts_of(uniq: pl.Series, field: str) -> pl.Series:
    """The distinct texts of a field as the matchers read them (organisations with their run-together words apart)."""
    return _organisation_words(uniq) if field == "company" else uniq


def _field_table(
    uniq: pl.Series, field: str, reference: list[str], evidence: pl.DataFrame, phrase_sets: list[list[str]]
) -> pl.DataFrame:
    """Everything one field's distinct texts decide; row 0 is the missing text, with every column's empty value."""
    # What is found in a text depends only on the tokens some matcher can see: it is found once
    # per distinct text with the others blanked (far fewer texts: numbers, teams, places).
    seen = frozenset(w for phrases in phrase_sets for p in phrases for w in p.split()) | title_words() | collapse_words()
    blanked, back = canonical_seen(_texts_of(uniq, field), reference, lambda words: blind_tokens(words, evidence, seen))
    found = _found_columns(blanked, field, evidence, phrase_sets)
    table = pl.concat([pl.DataFrame({field: uniq}), found[back]], how="horizontal")
    if field == "company":
        table = table.with_columns(company_keys(table["company"]).alias("_org"))
    table = pl.concat([pl.DataFrame({field: [None]}, schema={field: pl.String}), table], how="diagonal_relaxed")
    fills = []
    for c, dtype in table.schema.items():
        if dtype == pl.Boolean:
            fills.append(pl.col(c).fill_null(False))
        elif dtype.is_numeric() and c.startswith(("_m", "_x", "_a", "_o", "_s", "_cov", "_level", "_junior")):
            fills.append(pl.col(c).fill_null(0))
    return table.with_columns(fills).with_row_index(f"_i{field}")
