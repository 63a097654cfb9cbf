"""Score every contact against every target: keyword fit, modulated by school, peer, seniority, warmth and reach."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import polars as pl

from pipeline.errors import ProfileError
from pipeline.profile import Profile, Target
from pipeline.rank.explain import REASON_COLUMNS, how_we_know, reason_exprs, signal_line, why
from pipeline.rank.fields import Field, evidence_table, load_fields
from pipeline.rank.fit import fit_exprs, strength_columns
from pipeline.rank.keywords import typo_reference
from pipeline.rank.levels import HEADS_A_TEAM
from pipeline.rank.ratings import TextWords, apply_ratings, latest_ratings, text_words
from pipeline.rank.semantic import SEMANTIC_WEIGHT, SIMILARITY_CAP, Embed, similarity_columns
from pipeline.rank.texts import TEXT_FIELDS, Texts, target_phrases, text_tables
from pipeline.text import alumni_relation, company_key, company_keys
from schemas.fields import CANONICAL_DTYPES

log = logging.getLogger(__name__)

# The score of a contact for a target (0 < score <= 100 x target weight):
#   fit   = keyword_score (0..1): the best field a keyword matched in (a title counts from
#           TITLE_FLOOR to 1 by how much of it the keywords cover), x SINGLE_MATCH_FACTOR
#           unless two distinct keywords describe the person;
#           else COMPANY_ONLY_FIT when they work at one of the target's `companies`; else 0.
#           Field knowledge (pipeline/rank/fields.py) adds what the keywords point to, below
#           them, and the organisation's field as weak evidence (pipeline/rank/fit.py).
#   score = 100 x weight x fit x (1 + SIGNAL_SPAN x sum(w_i x s_i) / sum(w_i)), signals s_i in 0..1.
# Fit comes before priority: signals move a score by at most SIGNAL_SPAN, less than the gap
# between a related role (<= 0.45) and one squarely in the field (>= 0.62), so they reorder
# people of similar fit and never lift a weak match over a square one. Zero fit, no row.
SIGNAL_SPAN = 0.3

# Where a keyword matched says how much it tells: a title is what someone does, a company only where.
FIELD_WEIGHTS: dict[str, float] = {"title": 1.0, "headline": 0.8, "notes": 0.6, "company": 0.5}
# Someone at a company on the target's list whose role matched no keyword still fits a little,
# but less than anyone whose role did match.
COMPANY_ONLY_FIT = 0.25
# A second distinct keyword about the person (e.g. "data scientist" and "machine learning" in a
# title or headline) is surer evidence; a keyword inside another ("ux" in "ux researcher") is not
# a second one, and neither is a company name ("Data Analyst at ACME Analytics").
SINGLE_MATCH_FACTOR = 0.9
# A keyword the target's field knows only as adjacent work or a skill ("compliance" for law,
# "growth" for marketing) is still the user's word, above any expanded match, but a role it finds
# is less squarely in the field than one a keyword of the field's core work finds ("attorney").
ADJACENT_KEYWORD_FACTOR = 0.9
PERSON_FIELDS: tuple[str, ...] = ("title", "headline", "notes")
PERSON_KINDS: tuple[str, ...] = ("core", "adjacent", "skills", "touches")  # field words that say what someone does

MAX_KEYWORDS = 64  # one bit per keyword in a 64-bit mask

# Contacts already approached, or who asked not to be, never enter a plan.
EXCLUDED_STATUSES: tuple[str, ...] = ("sent", "replied", "met", "declined", "do_not_contact")

# How much a title match is worth, from a title that only mentions the field among other
# things (TITLE_FLOOR) to one that is all about it (1.0).
TITLE_FLOOR = 0.7
JUNIOR_TITLE_PEER = 0.6  # a junior title without a known class year: probably, not surely, a near-peer
PEER_YEARS = (1, 6)  # class years this many years before the user's count as near-peers

ADDRESS_BOOK_SOURCES: tuple[str, ...] = ("google", "outlook", "vcard", "contacts")

SIGNALS: tuple[str, ...] = ("school", "near_peer", "seniority", "warmth", "reachability", "target_company")

SCORED_DTYPES: dict[str, pl.DataType] = {
    "contact_id": pl.String(),
    "target": pl.String(),
    "score": pl.Float64(),
    "fit": pl.Float64(),
    "keyword_score": pl.Float64(),
    "matched": pl.List(pl.String()),
    **{f"s_{name}": pl.Float64() for name in SIGNALS},
    "why": pl.String(),
    "channel": pl.String(),
    "how_we_know": pl.String(),
}


def organisation_key(companies: pl.Series) -> pl.Series:
    """The one employer key (`pipeline.text.company_expr`: "Spotify AB" -> "spotify"), for caps and target lists."""
    return company_keys(companies)


def score_contacts(
    contacts: pl.DataFrame,
    profile: Profile,
    *,
    today: date,
    events: pl.DataFrame | None = None,
    fields: Sequence[Field] | None = None,
    embed: Embed | None = None,
) -> pl.DataFrame:
    """One row per (contact, target) whose score is above zero; see ARCHITECTURE.md for the columns.

    `events` (the store's log) brings the user's ratings: rated contacts are placed by their
    grade and the rest move towards the grades of similar rated ones. `embed` (from
    `pipeline.rank.semantic.load_embedder`, the optional extra) nudges fit by similarity.
    """
    frame = _with_all_columns(contacts).filter(
        pl.col("status").is_null() | ~pl.col("status").is_in(EXCLUDED_STATUSES)
    )
    if frame.is_empty() or not profile.targets:
        return pl.DataFrame(schema=SCORED_DTYPES)
    # Ties fall by contact id, then target name: the same store gives the same order every run.
    # Sorting on ranks instead of strings halves the final sort (the store's rows come in id order,
    # which ranks in a blink).
    frame = frame.with_columns(pl.col("contact_id").rank("dense").cast(pl.UInt32).alias("_id_order"))
    name_order = {name: i for i, name in enumerate(sorted({t.name for t in profile.targets}))}
    for target in profile.targets:
        if len(target.keywords) > MAX_KEYWORDS:
            raise ProfileError(
                f"Target {target.name!r} has {len(target.keywords)} keywords; coffeechat matches at most {MAX_KEYWORDS}",
                file=profile.path,
                fix="Keep the titles and topics that matter most, or split the field into two targets.",
            )
    reference = typo_reference(k for t in profile.targets for k in t.keywords)
    table = evidence_table(profile.targets, load_fields() if fields is None else fields)
    frame, texts = text_tables(frame, profile.targets, reference, table)
    if embed is not None:  # the semantic extra (pipeline/rank/semantic.py), when the caller loaded it
        texts = texts.with_columns(similarity_columns(texts.gather(["title", "company"]), profile.targets, embed))
    frame = frame.with_columns(_signals(frame, profile, today))
    frame = frame.with_columns(how_we_know(frame), signal_line(frame, profile))
    ratings = latest_ratings(events, [t.name for t in profile.targets])
    words = None if ratings.is_empty() else text_words(texts.tokens("title"), texts.tokens("company"))
    parts = [
        _score_target(frame, texts, target, i, profile, _Rated(ratings.filter(pl.col("target") == target.name), words),
                      _is_sector(table, i), _keyword_factors(table, i, target), _is_staffed(table, i))
        .with_columns(pl.lit(name_order[target.name], dtype=pl.UInt16).alias("_name_order"))
        for i, target in enumerate(profile.targets)
    ]
    scored = pl.concat(parts, how="vertical").collect().rechunk()  # the sort gathers from one chunk faster than from 50
    log.info("scored %d contacts: %d (contact, target) rows above zero", frame.height, scored.height)
    return scored[_plan_order(scored, frame.height, len(name_order))].drop("_id_order", "_name_order")


def _plan_order(scored: pl.DataFrame, contacts: int, targets: int) -> pl.Series:
    """The rows' order: score down, then contact id, then target name (the same store, the same order every run).

    The three keys are packed into one 64-bit integer when they fit (they nearly always do): one
    key sorts twice as fast as three. Scores have two decimals, so a score is a whole number of cents.
    """
    id_bits, name_bits = max(1, contacts.bit_length()), max(1, targets.bit_length())
    top = scored.get_column("score").max() or 0.0
    if top * 100 >= 2 ** (64 - id_bits - name_bits):
        return scored.select(pl.arg_sort_by(["score", "_id_order", "_name_order"], descending=[True, False, False])).to_series()
    cents = (pl.col("score") * 100).round().cast(pl.UInt64)
    key = ((pl.lit(round(top * 100), dtype=pl.UInt64) - cents) * (1 << id_bits) + pl.col("_id_order").cast(pl.UInt64)) * (1 << name_bits)
    return scored.select((key + pl.col("_name_order").cast(pl.UInt64)).arg_sort()).to_series()


def _is_staffed(table: pl.DataFrame, index: int) -> bool:
    """Whether one of target `index`'s fields has every professional at its organisations doing its work."""
    return bool(table.filter(pl.col("t") == index)["staffed"].any())


def _is_sector(table: pl.DataFrame, index: int) -> bool:
    """Whether target `index` is a sector (one of its fields is) or has no field knowledge to say otherwise."""
    sectors = table.filter(pl.col("t") == index)["sector"]
    return sectors.is_empty() or bool(sectors.any())


def _with_all_columns(contacts: pl.DataFrame) -> pl.DataFrame:
    # Callers such as the benchmarks pass only some canonical fields; absent ones read as unknown.
    extra = {
        **CANONICAL_DTYPES,
        "sources": pl.List(pl.String()),
        "status": pl.String(),
    }
    missing = [pl.lit(None, dtype=dtype).alias(name) for name, dtype in extra.items() if name not in contacts.columns]
    frame = contacts.with_columns(missing) if missing else contacts
    # A column built from all-None values arrives untyped; give it the canonical type.
    untyped = [pl.col(name).cast(dtype) for name, dtype in extra.items() if frame.schema[name] == pl.Null]
    frame = frame.with_columns(untyped) if untyped else frame
    return frame.with_columns(
        pl.col("sources").fill_null(pl.lit([], dtype=pl.List(pl.String()))),
        pl.col("emails").fill_null(pl.lit([], dtype=pl.List(pl.String()))),
    )


def _signals(frame: pl.DataFrame, profile: Profile, today: date) -> list[pl.Expr]:
    me = profile.me
    # The alumni relation (pipeline.text.is_alumnus), the same rule the drafts follow.
    school = alumni_relation(frame["school"], frame["sources"], me.school).alias("_school_field")
    if me.grad_year is not None:
        lo, hi = me.grad_year - PEER_YEARS[1], me.grad_year - PEER_YEARS[0]
        year_peer = pl.col("class_year").is_between(lo, hi).fill_null(False)
    else:
        year_peer = pl.lit(False)
    senior = pl.col("_level")
    junior_peer = (pl.col("_junior") > 0) & (senior < HEADS_A_TEAM) & ~pl.col("_learner")
    years = ((pl.lit(today) - pl.col("connected_on")).dt.total_days() / 365.25).clip(0, None)
    linkedin = pl.col("sources").list.contains("linkedin")
    address_book = pl.col("sources").list.eval(pl.element().is_in(ADDRESS_BOOK_SOURCES)).list.any()
    referred = pl.col("referred_by").is_not_null() & (pl.col("referred_by").str.strip_chars() != "")
    warmth = (
        pl.when(linkedin).then(0.5 + 0.3 * (years / 3).clip(0, 1).fill_null(0)).otherwise(0.0)
        .clip(0, 1)
    )
    # An address-book card with a note, or a referral, is a personal relation: the warmest there is.
    noted = pl.col("notes").is_not_null() & (pl.col("notes").str.strip_chars() != "")
    personal = address_book & noted
    warmth = pl.max_horizontal(warmth, pl.when(personal).then(1.0).when(address_book).then(0.6).otherwise(0.0))
    warmth = pl.when(referred).then(1.0).otherwise(warmth).clip(0, 1)
    has_email = pl.col("emails").list.len() > 0
    has_url = pl.col("linkedin_url").is_not_null()
    return [
        pl.when(pl.lit(school)).then(1.0).otherwise(0.0).alias("s_school"),
        pl.when(year_peer & ~pl.col("_learner")).then(1.0).when(junior_peer).then(JUNIOR_TITLE_PEER).otherwise(0.0).alias("s_near_peer"),
        year_peer.alias("_year_peer"),
        senior.alias("s_seniority"),
        warmth.alias("s_warmth"),
        linkedin.alias("_linkedin"),
        personal.alias("_personal"),
        referred.alias("_referred"),
        pl.when(has_email).then(1.0).when(has_url | linkedin).then(0.6).otherwise(0.0).alias("s_reachability"),
        pl.when(has_email).then(pl.lit("email")).otherwise(pl.lit("linkedin")).alias("channel"),
    ]


@dataclass(frozen=True)
class _Rated:
    """One target's ratings and the words of every text they learn from (None without ratings)."""

    grades: pl.DataFrame
    words: TextWords | None

    def reach(self, frame: pl.DataFrame, texts: Texts) -> pl.Series | None:
        """Over the combinations: the rated ones and those whose title shares a word with a rated title.

        Only those can a rating lift from zero fit (the organisation's words lift no one without
        fit, ratings.learned_shift).
        """
        if self.grades.is_empty() or self.words is None:
            return None
        rated = frame.filter(pl.col("contact_id").is_in(self.grades["contact_id"].implode()))["_k"]
        combos = texts.combos
        is_rated = combos["_k"].is_in(rated.implode())
        shared = self.words.titles_sharing(combos.filter(is_rated)["_ititle"])
        return is_rated | combos["_ititle"].is_in(shared.implode())


def _score_target(
    frame: pl.DataFrame, texts: Texts, target: Target, index: int, profile: Profile, rated: _Rated,
    sector: bool, keyword_factors: list[float], staffed: bool = False,
) -> pl.LazyFrame:
    """The (contact, target) rows of one target with a fit above zero, as a lazy query.

    Fit and the text-only parts of the why are found per distinct combination of texts; the
    contacts' signals, ratings and the rest of the why per contact, only for those that fit.
    """
    weights = {name: getattr(profile.weights, name) for name in SIGNALS}
    masks = {f: pl.col(f"_m{index}_{f}") for f in TEXT_FIELDS}
    any_mask = pl.lit(0, dtype=pl.UInt64)
    person_mask = pl.lit(0, dtype=pl.UInt64)
    for f, m in masks.items():
        any_mask = any_mask | m
        if f in PERSON_FIELDS:
            person_mask = person_mask | m
    title_strength = TITLE_FLOOR + (1 - TITLE_FLOOR) * pl.col(f"_cov{index}")
    base = pl.max_horizontal(
        pl.when(m > 0).then(title_strength if f == "title" else FIELD_WEIGHTS[f]).otherwise(0.0)
        for f, m in masks.items()
    )
    org_keys = [k for k in dict.fromkeys(company_key(c) for c in target.companies) if k]
    at_target_org = texts.tables["company"]["_org"].is_in(org_keys).fill_null(False)
    # Only the combinations with some evidence, or that a rating may lift, can have a fit above zero.
    ratings = rated.grades
    rows = texts.evidenced(index, at_target_org, rated.reach(frame, texts))
    needed = [
        *(f"_m{index}_{f}" for f in TEXT_FIELDS), f"_cov{index}", f"_staff{index}", f"_sk{index}_title", f"_c{index}_title", *strength_columns(index),
        "_support", "_technical", "_level", "_only_learner", "_untitled", "_aspirant",
        f"_x{index}_title_l",  # fit_exprs: whether a sector's part or only a kind of job named the title
    ]
    needed += [f"_sem{index}"] if f"_sem{index}" in texts.combos.columns else []
    numbers = pl.concat(
        [rows.select("_k", *(f"_i{f}" for f in TEXT_FIELDS)), texts.gather(needed, rows=rows)], how="horizontal"
    ).with_columns(at_target_org.gather(rows.get_column("_icompany")).alias("_at_target"))
    # Matched keywords and distinct counts depend on the mask alone: built once per unique mask.
    uniq = numbers.select(any_mask.alias("_mask"), person_mask.alias("_pmask"))
    matched, distinct, squareness = _mask_tables(uniq, target, keyword_factors)
    keyword_score = (pl.col("_base") * pl.when(pl.col("_n") >= 2).then(1.0).otherwise(SINGLE_MATCH_FACTOR)
                     * pl.col("_pmask").replace_strict(squareness, default=1.0, return_dtype=pl.Float64))
    # A keyword in the organisation's name says where someone works, not what they do: it counts as
    # the organisation's evidence (fit_exprs), the person's keywords as theirs.
    person_score = pl.when(pl.col("_pmask") > 0).then(pl.col("keyword_score")).otherwise(0.0)
    named_org = (pl.col(f"_m{index}_company") > 0).cast(pl.Float64)
    fits = fit_exprs(index, person_score, pl.col("_at_target"), COMPANY_ONLY_FIT, named_org, sector, staffed)
    fitted = (
        numbers.lazy()
        .with_columns(any_mask.alias("_mask"), person_mask.alias("_pmask"), base.alias("_base"))
        .with_columns(pl.col("_pmask").replace_strict(distinct, default=0, return_dtype=pl.Int64).alias("_n"))
        .with_columns(pl.when(pl.col("_base") > 0).then(keyword_score).otherwise(0.0).round(4).alias("keyword_score"))
        .with_columns(fit=fits["fit"])
        .with_columns(_semantic(numbers, index))
    )
    if ratings.is_empty():
        # Without ratings nothing can lift a zero fit: drop those combinations before any text is gathered.
        fitted = fitted.filter(pl.col("fit") > 0)
    fitted = fitted.collect()
    labels = [f"{c}_l" for c in strength_columns(index) if f"{c}_l" not in fitted.columns]
    tokens = [] if ratings.is_empty() else ["_ititle", "_icompany"]  # the texts whose words the ratings learn from
    fitted = (
        pl.concat([fitted, texts.gather([*TEXT_FIELDS, *labels], rows=fitted)], how="horizontal")
        .lazy()
        .join(matched.lazy(), on="_mask", how="left")
        .with_columns(_as_written(target))
        .with_columns(_expanded=fits["_expanded"], _org_word=fits["_org_word"], _touches=fits["_touches"],
                      _staff=pl.col(f"_staff{index}"), _aspirant=pl.col("_aspirant"))
        .with_columns(**reason_exprs(target.name))
        .select("_k", "fit", "keyword_score", "matched", "_at_target", *tokens, *REASON_COLUMNS)
    )
    total = sum(weights.values()) or 1.0
    bonus = pl.sum_horizontal(
        pl.lit(weight) * (pl.col("_at_target").cast(pl.Float64) if name == "target_company" else pl.col(f"s_{name}"))
        for name, weight in weights.items()
    ) / total
    scale = 100.0 * target.weight / (1.0 + SIGNAL_SPAN)  # the best fit with every signal scores 100 x weight
    lf = frame.lazy().join(fitted, on="_k", how="inner")
    lf = apply_ratings(lf, ratings, rated.words)
    return (
        lf.filter(pl.col("fit") > 0)
        .with_columns(
            (pl.lit(scale) * pl.col("fit") * (1.0 + SIGNAL_SPAN * bonus)).round(2).alias("score"),
            pl.col("_at_target").cast(pl.Float64).alias("s_target_company"),
            pl.lit(target.name).alias("target"),
        )
        .filter(pl.col("score") > 0)
        .with_columns(why())
        .select(*SCORED_DTYPES, "_id_order")
    )


def _semantic(numbers: pl.DataFrame, index: int) -> pl.Expr:
    """Fit nudged by semantic similarity where there is some fit and the extra ran; else unchanged."""
    if f"_sem{index}" not in numbers.columns:
        return pl.col("fit")
    nudged = (pl.col("fit") + SEMANTIC_WEIGHT * pl.col(f"_sem{index}").clip(0.0, SIMILARITY_CAP)).clip(0.0, 1.0).round(4)
    return pl.when(pl.col("fit") > 0).then(nudged).otherwise(pl.col("fit")).alias("fit")


def _keyword_factors(table: pl.DataFrame, index: int, target: Target) -> list[float]:
    """Per keyword of the target (target_phrases order): ADJACENT_KEYWORD_FACTOR when its fields know it only as adjacent work, else 1."""
    kinds: dict[str, set[str]] = {}
    rows = table.filter((pl.col("t") == index) & (pl.col("lang") == "en") & pl.col("kind").is_in(PERSON_KINDS))
    for found, kind in rows.select("pattern", "kind").iter_rows():
        kinds.setdefault(found, set()).add(kind)
    return [ADJACENT_KEYWORD_FACTOR if kinds.get(phrase) and "core" not in kinds[phrase] else 1.0
            for _, phrase in target_phrases(target)]


def _mask_tables(
    masks: pl.DataFrame, target: Target, factors: list[float]
) -> tuple[pl.DataFrame, dict[int, int], dict[int, float]]:
    """(mask -> matched keywords as written, person mask -> number of distinct keywords, and the best of their factors)."""
    pairs = target_phrases(target)
    labels, phrases = [k for k, _ in pairs], [p for _, p in pairs]
    any_masks = masks["_mask"].unique().to_list()
    person_masks = masks["_pmask"].unique().to_list()
    matched = pl.DataFrame(
        {
            "_mask": pl.Series(any_masks, dtype=pl.UInt64),
            "matched": pl.Series([[labels[i] for i in _outermost(int(m), phrases)] for m in any_masks], dtype=pl.List(pl.String())),
        }
    )
    distinct = {int(m): len(_outermost(int(m), phrases)) for m in person_masks}
    squareness = {int(m): max((factors[i] for i in _outermost(int(m), phrases)), default=1.0) for m in person_masks}
    return matched, distinct, squareness


def _as_written(target: Target) -> pl.Expr:
    """Matched keywords named as the texts write them: "Data Science Manager" matches 'data science', not 'data scientist'.

    Keywords of one canonical phrase ("data scientist", "data science") are one match; the one
    whose words occur literally in the title, headline or notes names it.
    """
    by_phrase: dict[str, list[str]] = {}
    for keyword, phrase in target_phrases(target):
        by_phrase.setdefault(phrase, []).append(keyword)
    text = pl.concat_str([pl.col(f) for f in PERSON_FIELDS], separator=" | ", ignore_nulls=True).str.to_lowercase()
    out = pl.col("matched")
    for keywords in by_phrase.values():
        first = keywords[0]
        for other in keywords[1:]:
            literal = text.str.contains(other.lower(), literal=True) & ~text.str.contains(first.lower(), literal=True)
            out = pl.when(pl.col("matched").list.contains(first) & literal).then(
                out.list.eval(pl.when(pl.element() == first).then(pl.lit(other)).otherwise(pl.element()))
            ).otherwise(out)
    return out.alias("matched")


def _outermost(mask: int, phrases: list[str]) -> list[int]:
    """Indices of the matched phrases not contained in another matched phrase (first of equals)."""
    hits = [i for i in range(len(phrases)) if mask >> i & 1]
    return [
        i for i in hits
        if not any(j != i and phrases[i] in phrases[j] and (phrases[i] != phrases[j] or j < i) for j in hits)
    ]


