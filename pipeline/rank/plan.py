"""Turn scored (contact, target) rows into the ranked plan: best target each, weekly batches, company caps, questions."""

from __future__ import annotations

import logging
from collections import defaultdict
from datetime import date, timedelta

import polars as pl

from pipeline.profile import Profile
from pipeline.rank.levels import HEADS_A_TEAM
from pipeline.rank.questions import (
    QuestionBank,
    question_pools,
    questions_at,
    seed,
    topic_for,
)
from pipeline.rank.score import EXCLUDED_STATUSES, SIGNALS, organisation_key
from schemas.plan import PlanSchema

log = logging.getLogger(__name__)

PLAN_CSV_COLUMNS = (
    # The first eleven are round one's published contract; columns added since go after them.
    "rank", "contact_id", "name", "company", "title", "target", "score", "why", "channel",
    "how_we_know", "send_week", "fit", "send_date", "email", "linkedin_url", "matched", "questions",
)

PLAN_DTYPES: dict[str, pl.DataType] = {
    "rank": pl.Int64(),
    "contact_id": pl.String(),
    "name": pl.String(),
    "company": pl.String(),
    "title": pl.String(),
    "target": pl.String(),
    "score": pl.Float64(),
    "why": pl.String(),
    "channel": pl.String(),
    "how_we_know": pl.String(),
    "send_week": pl.Int64(),
    "fit": pl.Float64(),
    "send_date": pl.Date(),
    "email": pl.String(),
    "linkedin_url": pl.String(),
    "matched": pl.List(pl.String()),
    "questions": pl.List(pl.String()),
    # The breakdown rides along so the CSV and the HTML can show why a score is what it is.
    "keyword_score": pl.Float64(),
    **{f"s_{name}": pl.Float64() for name in SIGNALS},
}
PLAN_COLUMNS: tuple[str, ...] = tuple(PLAN_DTYPES)



def week_one(profile: Profile, today: date) -> date:
    """The Monday of week 1: the week of `outreach.start_date`, else the Monday on or after today."""
    start = profile.outreach.start_date
    if start is not None:
        return start - timedelta(days=start.weekday())
    return today + timedelta(days=(7 - today.weekday()) % 7)


def build_plan(
    scored: pl.DataFrame,
    contacts: pl.DataFrame,
    profile: Profile,
    *,
    target: str | None = None,
    today: date,
    questions: QuestionBank,
) -> pl.DataFrame:
    """Rank contacts (each once, under its best target, or for `target` alone) into capped weekly batches."""
    order = {t.name: i for i, t in enumerate(profile.targets)}
    rows = scored.filter((pl.col("score") > 0) & pl.col("target").is_in(list(order)))
    if target is not None:
        rows = rows.filter(pl.col("target") == profile.target(target).name)
    # Best target per contact; equal scores go to the target listed first in profile.toml.
    rows = (
        rows.with_columns(pl.col("target").replace_strict(order, default=len(order), return_dtype=pl.Int64).alias("_t"))
        .sort(["contact_id", "score", "_t"], descending=[False, True, False])
        .unique("contact_id", keep="first", maintain_order=True)
        .drop("_t")
    )
    people = contacts.select(
        "contact_id",
        _name_expr(contacts).alias("name"),
        _col_or_null(contacts, "company"),
        _col_or_null(contacts, "title"),
        pl.col("emails").list.first().alias("email") if "emails" in contacts.columns else pl.lit(None, pl.String).alias("email"),
        _col_or_null(contacts, "linkedin_url"),
        _col_or_null(contacts, "status"),
    )
    plan = (
        rows.join(people, on="contact_id", how="inner")
        .filter(pl.col("status").is_null() | ~pl.col("status").is_in(EXCLUDED_STATUSES))
        .sort(["score", "contact_id"], descending=[True, False])
    )
    plan = pace(plan, profile, today=today)
    plan = plan.with_columns(_questions(plan, profile, questions))
    plan = plan.select([pl.col(c).cast(t) for c, t in PLAN_DTYPES.items()])
    log.info("plan: %d contacts over %d weeks", plan.height, int(plan["send_week"].max() or 0))
    return PlanSchema.validate(plan)


def pace(plan: pl.DataFrame, profile: Profile, *, today: date) -> pl.DataFrame:
    """Weekly slots for a plan in priority order: `send_week`, `rank` and `send_date` under the profile's caps."""
    weeks = assign_weeks(organisation_key(plan["company"]).to_list(), per_week=profile.outreach.per_week,
                         per_company=profile.outreach.per_company)
    monday = week_one(profile, today)
    return (
        plan.with_columns(pl.Series("send_week", weeks, dtype=pl.Int64))
        .with_row_index("_pos")
        .sort(["send_week", "_pos"])
        .with_columns(
            pl.int_range(1, pl.len() + 1, dtype=pl.Int64).alias("rank"),
            (pl.lit(monday) + pl.duration(weeks=pl.col("send_week") - 1)).cast(pl.Date).alias("send_date"),
        )
        .drop("_pos")
    )


def assign_weeks(orgs: list[str | None], *, per_week: int, per_company: int) -> list[int]:
    """Weeks (1, 2, ...) for contacts in rank order: the earliest with room, at most `per_company` of one org.

    A contact without a company is its own organisation, so such contacts are never capped together.
    """
    fill: dict[int, int] = defaultdict(int)
    org_fill: dict[tuple[str, int], int] = defaultdict(int)
    # Weeks never regain room, so every week a search skips stays closed to that organisation:
    # each organisation's search resumes where its last one ended (linear time overall).
    org_from: dict[str, int] = {}
    first_open = 1
    weeks: list[int] = []
    for org in orgs:
        week = max(first_open, org_from.get(org, 1)) if org else first_open
        while fill[week] >= per_week or (org and org_fill[(org, week)] >= per_company):
            week += 1
        fill[week] += 1
        if org:
            org_fill[(org, week)] += 1
            org_from[org] = week
        while fill[first_open] >= per_week:
            first_open += 1
        weeks.append(week)
    return weeks


def _questions(plan: pl.DataFrame, profile: Profile, bank: QuestionBank) -> pl.Series:
    """2-3 questions per contact; the few distinct choices are built once and joined back."""
    targets = {t.name: t for t in profile.targets}
    topics = {name: topic_for(bank, t) for name, t in targets.items()}
    levels = ("junior", "senior", "general")
    sizes = {
        (name, level): tuple(max(len(pool), 1) for pool in question_pools(bank, topics[name], level))
        for name in targets for level in levels
    }
    keyed = plan.select(
        pl.col("target"),
        pl.when(pl.col("s_seniority") >= HEADS_A_TEAM).then(pl.lit("senior"))
        .when(pl.col("s_near_peer") > 0).then(pl.lit("junior"))
        .otherwise(pl.lit("general")).alias("level"),
        pl.Series("seed", [seed(c) for c in plan["contact_id"].to_list()], dtype=pl.Int64),
    )
    size_table = pl.DataFrame(
        [{"target": t, "level": lv, "n1": a, "n2": b} for (t, lv), (a, b) in sizes.items()],
        schema={"target": pl.String(), "level": pl.String(), "n1": pl.Int64(), "n2": pl.Int64()},
    )
    keyed = keyed.join(size_table, on=["target", "level"], how="left", maintain_order="left").select(
        "target", "level", (pl.col("seed") % pl.col("n1")).alias("i1"), ((pl.col("seed") // 7) % pl.col("n2")).alias("i2")
    )
    combos = keyed.unique()
    table = combos.with_columns(
        pl.Series(
            "questions",
            [questions_at(bank, targets[t], topics[t], lv, i1, i2) for t, lv, i1, i2 in combos.iter_rows()],
            dtype=pl.List(pl.String()),
        )
    )
    return keyed.join(table, on=["target", "level", "i1", "i2"], how="left", maintain_order="left")["questions"]


def _name_expr(contacts: pl.DataFrame) -> pl.Expr:
    parts = [c for c in ("first_name", "last_name") if c in contacts.columns]
    joined = pl.concat_str([pl.col(c) for c in parts], separator=" ", ignore_nulls=True) if parts else pl.lit(None, pl.String)
    full = pl.col("full_name") if "full_name" in contacts.columns else pl.lit(None, pl.String)
    return pl.coalesce(full, pl.when(joined.str.strip_chars() != "").then(joined.str.strip_chars()))


def _col_or_null(contacts: pl.DataFrame, name: str) -> pl.Expr:
    return pl.col(name) if name in contacts.columns else pl.lit(None, pl.String).alias(name)
