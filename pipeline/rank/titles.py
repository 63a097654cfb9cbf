"""What a title says beside its field: how senior, how early in a career, and how much of it is about the field."""

from __future__ import annotations

import functools
from collections.abc import Sequence

import polars as pl

from pipeline.rank.fit import STAFF_ROLES, SUPPORT_ROLES, TECHNICAL_ROLES
from pipeline.rank.keywords import ABBREVIATIONS, canonical, canonical_many, match_mask_sets
from pipeline.rank.levels import ASPIRANT_TERMS, JUNIOR_TERMS, LEARNER_TERMS, SENIORITY_LEVELS

# Nouns that name a kind of job in any field; they do not make a title more or less about a field.
ROLE_NOUNS: tuple[str, ...] = (
    "manager", "officer", "specialist", "engineer", "scientist", "analyst", "researcher", "developer",
    "designer", "consultant", "advisor", "coordinator", "architect", "itarchitect", "executive", "team", "ii", "iii",
)
# Words that say how or where someone works, not in which field: "Consultor en Marketing
# (Profesional independiente)" is all marketing, as "Marketing Consultant" is. Joining words of
# the other languages stay in the English canonical text, so they are here too.
WORK_WORDS: tuple[str, ...] = (
    "freelance", "freelancer", "independent", "independiente", "independente", "self employed", "autonomo",
    "professional", "profesional", "profissional", "area", "department", "departamento", "division",
    "regional", "zonal", "national", "global", "assistant", "asistente", "expert", "experto", "sr", "jr",
    "en", "del", "el", "los", "las", "al", "con", "por", "para", "e", "em", "do", "da", "dos", "das", "et", "pour",
    "au", "aux", "im", "von", "der", "die", "das",
)


@functools.cache
def generic_title_tokens() -> frozenset[str]:
    """Canonical tokens that say how senior or what kind of role, not which field."""
    words = [t for _, terms in SENIORITY_LEVELS for t in terms] + list(JUNIOR_TERMS) + list(LEARNER_TERMS) + list(ROLE_NOUNS) + list(WORK_WORDS)
    # "CMO" would bring "marketing" along: abbreviations name a field too, so they stay out.
    return frozenset(tok for canon in canonical_many(w for w in words if w not in ABBREVIATIONS) for tok in canon.split())


def title_coverage(
    canon: pl.Series, masks: list[pl.Series], phrase_sets: list[list[str]], field_patterns: Sequence[Sequence[str]]
) -> list[pl.Series]:
    """Per target, the share of a title's field words its matched keywords and its field's own words cover.

    "Data Scientist" is all data science (1.0); "Marketing Analytics Lead" only half (0.5); a
    "Java Developer" is all software when Java is a skill of the field the target expands into.
    """
    tokens = (
        canon.str.strip_chars().str.split("  ").to_frame("tok").with_row_index("tid")
        .explode("tok").filter(pl.col("tok").is_not_null() & (pl.col("tok") != ""))
    )
    # What a token is worth is found once per distinct token (a few hundred), not per title.
    vocab = _token_table(tokens["tok"].unique(), phrase_sets)
    tokens = tokens.join(vocab, on="tok", how="inner")
    tokens = tokens.with_columns(
        (pl.col("tid").cast(pl.UInt64) * vocab.height + pl.col("vid")).alias("key"),
        *(m.gather(tokens["tid"]).alias(f"m{t}") for t, m in enumerate(masks)),
    )
    tokens = tokens.join(_field_tokens(canon, field_patterns, vocab), on="key", how="left")
    shares = []
    for t in range(len(phrase_sets)):
        # A token is covered by a field word found around it or by a matched keyword it is part of.
        covered = pl.col(f"f{t}").fill_null(False) | ((pl.col(f"m{t}") & pl.col(f"p{t}")) > 0)
        shares.append(covered.mean().alias(f"_cov{t}"))
    share = tokens.group_by("tid").agg(shares)
    # A title of only generic words ("Head of ...") that matched a keyword is all field.
    return [
        pl.Series(f"_cov{t}", [1.0] * canon.len(), dtype=pl.Float64).scatter(share["tid"], share[f"_cov{t}"])
        for t in range(len(phrase_sets))
    ]


def _token_table(vocab: pl.Series, phrase_sets: list[list[str]]) -> pl.DataFrame:
    """(tok, vid, p0..pn) for the distinct tokens that count: not generic; bit i of p{t} set when phrase i of target t holds it."""
    generic = generic_title_tokens()
    toks = [tok for tok in vocab.to_list() if tok not in generic]
    columns: dict[str, list] = {"tok": toks, "vid": list(range(len(toks)))}
    for t, phrases in enumerate(phrase_sets):
        bits = dict.fromkeys(toks, 0)
        for i, phrase in enumerate(phrases):
            for word in phrase.split():
                if word in bits:
                    bits[word] |= 1 << i
        columns[f"p{t}"] = [bits[tok] for tok in toks]
    schema = {"tok": pl.String, "vid": pl.UInt64, **{f"p{t}": pl.UInt64 for t in range(len(phrase_sets))}}
    return pl.DataFrame(columns, schema=schema)


def _field_tokens(canon: pl.Series, field_patterns: Sequence[Sequence[str]], vocab: pl.DataFrame) -> pl.DataFrame:
    """(key, f0..fn): the (title, token) keys that a field word of target t found in that title, in one pass."""
    owners = pl.DataFrame(
        [(p, t) for t, patterns in enumerate(field_patterns) for p in set(patterns)],
        schema={"found": pl.String, "t": pl.Int64}, orient="row",
    )
    flags = [pl.lit(False).alias(f"f{t}") for t in range(len(field_patterns))]
    empty = pl.DataFrame(schema={"key": pl.UInt64}).with_columns(flags)
    if owners.is_empty():
        return empty
    found = (
        canon.fill_null("").str.extract_many(owners["found"].unique().sort().to_list(), overlapping=True)
        .list.unique().to_frame("found").with_row_index("tid").explode("found").drop_nulls("found")
        .join(owners, on="found", how="inner")
        .with_columns(pl.col("found").str.strip_chars().str.split("  ").alias("tok")).explode("tok")
        .join(vocab.select("tok", "vid"), on="tok", how="inner")
        .select((pl.col("tid").cast(pl.UInt64) * vocab.height + pl.col("vid")).alias("key"), "t")
    )
    return found.group_by("key").agg((pl.col("t") == t).any().alias(f"f{t}") for t in range(len(field_patterns)))


def title_levels(canon: pl.Series) -> list[pl.Series]:
    """Seniority level (0-1), whether the title reads junior, a learner's, a support role's or an aspirant's, from the canonical title.

    A learner's title that names a kind of job ("Engineer Intern") is learning that job: it reads
    as that job, not as a learner's.
    """
    *levels, junior, learner, support, role, technical, aspirant = match_mask_sets(canon, _level_sets())
    level = pl.lit(0.0)
    for (value, _), hits in zip(reversed(SENIORITY_LEVELS), reversed(levels), strict=True):
        level = pl.when(pl.lit(hits) > 0).then(value).otherwise(level)
    return [
        pl.select(level.alias("_level")).to_series(),
        (junior > 0).cast(pl.Float64).alias("_junior"),
        (learner > 0).alias("_learner"),
        ((learner > 0) & (role == 0)).alias("_only_learner"),
        (support > 0).alias("_support"),
        (technical > 0).alias("_technical"),
        (aspirant > 0).alias("_aspirant"),
    ]


def staff_roles(canon: pl.Series, phrase_sets: list[list[str]], field_patterns: Sequence[Sequence[str]]) -> list[pl.Series]:
    """Per target, whether a title names a back-office role (STAFF_ROLES) the target's own words do not hold."""
    sets = []
    for phrases, patterns in zip(phrase_sets, field_patterns, strict=True):
        own = {w for p in (*phrases, *patterns) for w in p.split()}
        sets.append([term for term in _staff_terms() if not own & set(term.split())])
    return [(mask > 0).alias(f"_staff{t}") for t, mask in enumerate(match_mask_sets(canon, sets))]


@functools.cache
def _staff_terms() -> tuple[str, ...]:
    return tuple(canonical_many(STAFF_ROLES))


@functools.cache
def _level_sets() -> list[list[str]]:
    """The canonical terms of each seniority level, then of junior, learner and support roles, kinds of job, technical roles and aspirants."""
    groups = [terms for _, terms in SENIORITY_LEVELS] + [
        JUNIOR_TERMS, LEARNER_TERMS, SUPPORT_ROLES, ROLE_NOUNS, TECHNICAL_ROLES, ASPIRANT_TERMS]
    canonical_many(t for terms in groups for t in terms)
    return [[canonical(t) for t in terms] for terms in groups]


@functools.cache
def title_words() -> frozenset[str]:
    """Every canonical token that title_levels or title_coverage reads beside the keywords and field words."""
    terms = [term for terms in _level_sets() for term in terms] + list(_staff_terms())
    return frozenset(w for term in terms for w in term.split()) | generic_title_tokens()
