"""Fit (0-1): how squarely a role is in a target's field, from the user's keywords, field knowledge and the organisation."""

from __future__ import annotations

import polars as pl

from pipeline.rank.fields import ORG_STRENGTH, STRENGTH, find_evidence
from pipeline.rank.keywords import Canonical
from pipeline.rank.levels import HEADS_A_TEAM

# A role the organisation's field does not reach: a recruiter at a solar company is only weakly
# related to climate, an engineer there clearly is.
SUPPORT_ROLES: tuple[str, ...] = (
    "recruiter", "recruiting", "recruitment", "talent acquisition", "hr", "human resources", "sales",
    "account executive", "account manager", "business development", "receptionist", "administrative",
    "office manager", "accountant", "bookkeeper", "customer service", "customer support", "driver",
    "cashier", "legal", "lawyer", "attorney", "marketing", "communications", "executive assistant",
    "personal assistant", "secretary", "payroll", "facilities", "talent", "procurement", "purchasing", "buyer",
    "event", "events", "client services", "customer success", "help desk",
    "people operations", "people partner", "people and culture", "head of people", "chief people officer",
    "people director", "people lead", "people team", "hr business partner",
    # Another function's work, which any organisation has: its software, its IT.
    "software", "developer", "back end", "backend", "front end", "frontend", "full stack",
    "fullstack", "web developer", "it", "information technology", "softwareentwickler",
    "informatique", "informatica", "informatico",  # ("Desarrollador" and kin read as "developer": keywords.TRANSLATIONS)
)
# Back-office roles whose title may name the field's team or project ("Talent Acquisition -
# Software Engineering", "Records Administrator, Clean Energy Project"): a support role there,
# weakly related, unless the target's own words hold the role (an HR target's recruiters).
STAFF_ROLES: tuple[str, ...] = (
    "recruiter", "recruiting", "recruitment", "talent acquisition", "talent", "sourcer", "hr", "human resources",
    "receptionist", "administrative", "administrator", "office manager", "accountant", "bookkeeper",
    "executive assistant", "personal assistant", "administrative assistant", "secretary", "payroll", "records",
    "sales", "account executive", "facilities",  # ("sales" holds every "Sales Executive" already)
)
# Roles that do a sector's technical work: an engineer whose title names a part of the sector
# ("Water Resources Engineer", "Solar Projects Engineer") is as squarely in it as a core title.
# Kinds of job, not fields: a "Geologist" at a mining company is still only related.
TECHNICAL_ROLES: tuple[str, ...] = ("engineer", "engineering", "scientist", "technician", "researcher", "modeller", "modeler")
# At an organisation of a sector, the people doing its work (a technical role, or one heading a
# team) are clearly related; its other professionals (an analyst, a change manager) a little less.
ORG_ROLE_FIT = 0.45
ORG_OTHER_FIT = 0.4
ORG_SUPPORT_FIT = 0.22  # a support role (or no title) there, or any role at one of a function: weakly related
NAMED_ORG = 1.25  # a keyword of the user's in the organisation's name, against 1.0 for a field's org word
ORG_LEARNER_FIT = 0.33  # an intern or student there: learning the field's work, not yet doing it
ASPIRANT_FIT = 0.3  # an "Aspiring UX Designer": the field's words in the title, none of its work yet
CORROBORATION = 0.2  # person evidence and an organisation of the field: share of the gap to 1 closed
# A core title of the field that is all about it ("Software Development Engineer") is nearly as
# square as the user's own keyword; one that only mentions it among other words stays at the floor.
CORE_COVERAGE_SPAN = 0.08
UNREAD_COVERAGE = 0.5  # the share of a core title another language's words are taken to cover
HEADLINE_FACTOR = 0.8  # a headline says what someone is about, less surely than a title
NOTES_FACTOR = 0.6
SURE_ORG = 0.7  # an ambiguous abbreviation needs more than a weak org word ("green") beside it
# Two different weak org words of a field in one name mark it as surely as one of its own words: a
# "Capital Partners", a "Federal Bureau", a "Trust Fund Association" (one alone is any firm's name).
TWO_WEAK_ORGS = SURE_ORG
PERSON_FIELDS: tuple[str, ...] = ("title", "headline", "notes")


def evidence_columns(words: Canonical, table: pl.DataFrame, field: str, n_targets: int) -> pl.DataFrame:
    """Per distinct text of one field (row for row): per target, the strength and label of its best field evidence.

    Person fields give `_x{t}_{field}` (core, adjacent, skill) and `_a{t}_{field}` (ambiguous
    abbreviations); the company gives `_o{t}` from any word of the field in the organisation's name.
    """
    hits = find_evidence(words, table)
    rules = table.with_row_index("rule")
    if field == "company":
        orgs = pl.col("kind").is_in(tuple(ORG_STRENGTH))
        # `_s`: the organisation's words of the target's sectors only (fit_exprs: who works there).
        groups = {"_o": orgs, "_s": orgs & pl.col("sector")}
        strength = pl.col("kind").replace_strict(ORG_STRENGTH, default=0.0, return_dtype=pl.Float64)
        # A word the field lists as a weak org word is weak in a name even where it is also a title word
        # of the field: "health" is public health's adjacent title word, and "... Health" any clinic or app.
        weak = (pl.col("kind") == "weak_orgs").any().over(["lang", "pattern", "t"])
        rules = rules.with_columns(
            pl.when(weak).then(pl.min_horizontal(strength, ORG_STRENGTH["weak_orgs"])).otherwise(strength).alias("strength")
        )
    else:
        groups = {"_x": pl.col("kind").is_in(("core", "adjacent", "skills", "touches")), "_a": pl.col("kind") == "ambiguous"}
        if field == "title":
            groups["_sk"] = pl.col("kind") == "skills"  # a skill of the field in the title (fit_exprs: whose job it is)
            groups["_r"] = pl.col("kind") == "org_roles"  # a generic title of the field's work (fit_exprs: where it counts)
            groups["_c"] = pl.col("kind") == "contrary"  # work the field stands against (fit_exprs: what it caps)
    n = words.canon.len()
    cols = []
    if field == "company":
        pairs = hits.filter((pl.col("kind") == "weak_orgs") & (pl.col("n") >= 2)).join(rules.select("rule", "sector"), on="rule")
    for prefix, kinds in groups.items():
        best = _best_of_kinds(hits, rules.filter(kinds))
        if field == "company":
            surely = (pairs if prefix == "_o" else pairs.filter(pl.col("sector"))).select("tid", "t", pl.lit(TWO_WEAK_ORGS).alias("_two"))
            best = best.join(surely, on=["tid", "t"], how="left").with_columns(
                pl.max_horizontal("strength", pl.col("_two").fill_null(0.0)).alias("strength")).drop("_two")
        for t in range(n_targets):
            name = f"{prefix}{t}" if field == "company" else f"{prefix}{t}_{field}"
            one = best.filter(pl.col("t") == t)
            # Each text has at most one best rule per target: scattered into place, not joined.
            cols.append(pl.zeros(n, dtype=pl.Float64, eager=True).scatter(one["tid"], one["strength"]).alias(name))
            cols.append(pl.Series(f"{name}_l", [None] * n, dtype=pl.String).scatter(one["tid"], one["label"]))
    return pl.DataFrame(cols)


def _best_of_kinds(hits: pl.DataFrame, rules: pl.DataFrame) -> pl.DataFrame:
    """(tid, t, strength, label): of one text's best evidence per kind, the strongest, longest, first by label."""
    ranked = (
        rules.sort(["strength", pl.col("pattern").str.len_chars(), "label", "rule"], descending=[True, True, False, False])
        .with_row_index("rank")
    )
    best = hits.join(ranked.select("rule", "rank"), on="rule", how="inner").group_by("tid", "t").agg(pl.col("rank").min())
    return best.join(ranked.select("rank", "strength", "label"), on="rank", how="left")


def evidence_defaults(n_targets: int) -> dict[str, pl.Expr]:
    """Missing evidence columns (a field nobody filled in) as zero strength, no label."""
    out: dict[str, pl.Expr] = {}
    for t in range(n_targets):
        names = [f"_o{t}", f"_s{t}", f"_sk{t}_title", f"_r{t}_title", f"_c{t}_title"] + [f"{p}{t}_{f}" for p in ("_x", "_a") for f in PERSON_FIELDS]
        for name in names:
            out[name] = pl.lit(0.0)
            out[f"{name}_l"] = pl.lit(None, dtype=pl.String)
    return out


def strength_columns(t: int) -> list[str]:
    """The evidence columns fit reads for target `t`; each has its label in the same name + `_l`."""
    return [*(f"_x{t}_{f}" for f in PERSON_FIELDS), f"_a{t}_title", f"_r{t}_title", f"_o{t}", f"_s{t}"]


def fit_exprs(
    t: int, user_score: pl.Expr, at_target: pl.Expr, company_only_fit: float, named_org: pl.Expr, sector: bool,
    staffed: bool = False,
) -> dict[str, pl.Expr]:
    """Fit and its explanation for target `t`: the user's keywords first, field knowledge after.

    `user_score` is what the user's keywords found in the person's own texts; `named_org` (1.0)
    when one is in the organisation's name, as sure a mark of the field as an org word of it, and
    of a sector when the target is one (`sector`).
    """
    title, head, notes = (pl.col(f"_x{t}_{f}") for f in PERSON_FIELDS)
    org = pl.max_horizontal(pl.col(f"_o{t}"), named_org)
    # The user's own word in the name marks the organisation more surely than field knowledge does.
    named = named_org * NAMED_ORG
    any_org = pl.max_horizontal(pl.col(f"_o{t}"), named)
    sector_org = pl.max_horizontal(pl.col(f"_s{t}"), named) if sector else pl.col(f"_s{t}")
    # A role adjacent to the field at an organisation surely of it does the field's work (a
    # geologist at an environmental consultancy): as squarely in it as a core title. Not a support role.
    not_support = ~pl.col("_support").fill_null(False)
    # (A role that only touches the field stays weakly related wherever it works.)
    at_org = (org >= SURE_ORG) & (title > STRENGTH["touches"]) & not_support
    # Coverage is read in English: a core title found only in another language's words ("Jurista",
    # "Redactora") shows none of it, so it counts as half covered, neither all field nor none.
    coverage = pl.col(f"_cov{t}")
    coverage = pl.when(coverage == 0).then(UNREAD_COVERAGE).otherwise(coverage)
    title = pl.when(title >= STRENGTH["core"]).then(title + CORE_COVERAGE_SPAN * coverage).otherwise(title)
    # A technical role named by a skill of the field ("JavaScript Engineer") does the field's work;
    # in a sector, so does one whose title names any part of it ("Water Resources Engineer").
    named_part = pl.col(f"_sk{t}_title") > 0
    if sector:
        # ...but not by the kind of job alone: a bare "engineer" names no part of manufacturing.
        generic = pl.col(f"_x{t}_title_l").is_in(TECHNICAL_ROLES).fill_null(False)
        named_part = named_part | ((title >= STRENGTH["adjacent"]) & ~generic)
    at_org = at_org | (named_part & pl.col("_technical") & not_support)
    title = pl.when(at_org).then(pl.max_horizontal(title, pl.lit(STRENGTH["core"]))).otherwise(title)
    # The field's own generic titles ("Senior Associate", "Socio") name its core work only where
    # the organisation surely is of the field (a law firm); elsewhere they say nothing.
    org_title = pl.when((org >= SURE_ORG) & not_support).then(pl.col(f"_r{t}_title")).otherwise(0.0)
    title_label = pl.when(title > 0).then(pl.col(f"_x{t}_title_l"))
    title = pl.max_horizontal(title, org_title)
    # An ambiguous abbreviation (CSO, CPO...) counts only with the field in the organisation or headline.
    ambiguous = pl.when((org >= SURE_ORG) | (head > 0)).then(pl.col(f"_a{t}_title")).otherwise(0.0)
    expanded = pl.max_horizontal(title, ambiguous, head * HEADLINE_FACTOR, notes * NOTES_FACTOR)
    person = pl.max_horizontal(user_score, expanded)
    # A back-office role is weakly related, whatever team or project of the field its title names.
    person = pl.when(pl.col(f"_staff{t}")).then(pl.min_horizontal(person, pl.lit(ORG_SUPPORT_FIT))).otherwise(person)
    # Someone aspiring to the field is a fellow learner, however squarely their title names it.
    person = pl.when(pl.col("_aspirant")).then(pl.min_horizontal(person, pl.lit(ASPIRANT_FIT))).otherwise(person)
    # Who works at an organisation of the field, scaled by how surely its name marks the field
    # (ORG_STRENGTH): in a sector (climate, healthcare) anyone in a professional role there does
    # the field's work; in a function (data science) only the role says so, so any other is weak.
    support = pl.col("_support") | pl.col("_untitled")
    doer = pl.col("_technical") | (pl.col("_level") >= HEADS_A_TEAM)
    role_there = (pl.when(support).then(ORG_SUPPORT_FIT).when(pl.col("_only_learner")).then(ORG_LEARNER_FIT)
                  .when(doer).then(ORG_ROLE_FIT).otherwise(ORG_OTHER_FIT))
    # An organisation the user's own keyword names does that work as its business ("... Machine
    # Learning Technologies"): even in a function, its heads and engineers are clearly related.
    named_doer = pl.when((named_org > 0) & doer & ~support).then(ORG_OTHER_FIT).otherwise(0.0)
    org_role = pl.max_horizontal(sector_org * role_there, any_org * ORG_SUPPORT_FIT, named_doer)
    if staffed:
        # A ministry's analysts are civil servants: every professional there does the field's work.
        # Only where the name surely marks the field: a "National ..." or "... Agency" firm is any firm.
        staff = pl.when(support | pl.col("_only_learner") | (sector_org < SURE_ORG)).then(0.0).otherwise(
            pl.min_horizontal(sector_org, pl.lit(1.0)) * STRENGTH["core"])
        org_role = pl.max_horizontal(org_role, staff)
    # A title that names the field only weakly fits no less than any other role at the same organisation.
    fit = (
        pl.when(person > 0)
        .then(pl.max_horizontal(person + org * CORROBORATION * (1 - person), pl.when(org > 0).then(org_role).otherwise(0.0)))
        .when(org > 0).then(org_role)
        .when(at_target).then(company_only_fit)
        .otherwise(0.0)
    )
    label = pl.coalesce(
        title_label,
        pl.when(org_title > 0).then(pl.col(f"_r{t}_title_l")),
        pl.when(ambiguous > 0).then(pl.col(f"_a{t}_title_l")),
        pl.when(head > 0).then(pl.col(f"_x{t}_headline_l")),
        pl.when(notes > 0).then(pl.col(f"_x{t}_notes_l")),
    )
    # Work the field stands against, named in the title without a core word of the field or the
    # user's keyword: a "Petroleum Engineer" at an "... Energy" firm is no climate contact.
    contrary = (pl.col(f"_c{t}_title") > 0) & (pl.col(f"_x{t}_title") < STRENGTH["core"]) & (user_score <= 0)
    fit = pl.when(contrary).then(pl.min_horizontal(fit, pl.lit(ORG_SUPPORT_FIT))).otherwise(fit)
    return {
        "fit": fit.clip(0.0, 1.0).round(4),
        "_expanded": pl.when(user_score >= expanded).then(pl.lit(None, pl.String)).otherwise(label),
        "_org_word": pl.when(pl.col(f"_o{t}") > 0).then(pl.col(f"_o{t}_l")),
        "_touches": (expanded <= STRENGTH["touches"]) | pl.col("_aspirant"),
    }
