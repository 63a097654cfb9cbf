"""Referrals in the plan: each gets a row even when no role fits yet, and takes the first weekly slots."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import polars as pl

from pipeline.profile import Profile
from pipeline.rank.plan import pace
from pipeline.rank.score import (
    EXCLUDED_STATUSES,
    SCORED_DTYPES,
    SIGNAL_SPAN,
    SIGNALS,
)

# Someone the user trusts named this person for a target: that is some fit, though below any
# evidence of the role itself (a company on the target's list alone is 0.25).
REFERRAL_FIT = 0.2


# Logged with `coffeechat log CONTACT --referral ...` (pipeline.outreach.referrals.SOURCE_KIND). A
# "Referred By" column in an imported file warms a score but is no fresh introduction: a file of
# hundreds must not jump the queue.
REFERRAL_SOURCE = "referral"


def _referred() -> pl.Expr:
    named = pl.col("referred_by").is_not_null() & (pl.col("referred_by").str.strip_chars() != "")
    return named & pl.col("sources").list.contains(REFERRAL_SOURCE).fill_null(False)


def referred_ids(contacts: pl.DataFrame) -> set[str]:
    """The contacts someone referred the user to in a logged meeting."""
    if "referred_by" not in contacts.columns or contacts.is_empty():
        return set()
    return set(contacts.filter(_referred())["contact_id"].to_list())


def referral_rows(
    scored: pl.DataFrame, contacts: pl.DataFrame, profile: Profile, *, targets: Mapping[str, str | None]
) -> pl.DataFrame:
    """Scored rows (SCORED_DTYPES) for referrals no target's keywords fit, under the target they were referred for.

    `targets` maps a contact to the target their referral was logged under; one no longer in the
    profile, or none, falls back to the first target. Their warmth is the reason they are asked.
    """
    names = [t.name for t in profile.targets]
    if not names or "referred_by" not in contacts.columns:
        return pl.DataFrame(schema=SCORED_DTYPES)
    status = pl.col("status") if "status" in contacts.columns else pl.lit(None, pl.String)
    missing = contacts.filter(_referred() & (status.is_null() | ~status.is_in(EXCLUDED_STATUSES))).join(
        scored.select("contact_id").unique(), on="contact_id", how="anti"
    )
    if missing.is_empty():
        return pl.DataFrame(schema=SCORED_DTYPES)
    weights = {t.name: t.weight for t in profile.targets}
    chosen = [t if t in weights else names[0] for t in (targets.get(c) for c in missing["contact_id"].to_list())]
    w = profile.weights
    total = sum(getattr(w, s) for s in SIGNALS) or 1.0
    has_email = pl.col("emails").list.len().fill_null(0) > 0
    reach = pl.when(has_email).then(1.0).when(pl.col("linkedin_url").is_not_null()).then(0.6).otherwise(0.0)
    # The score formula of pipeline.rank.score with the two signals a referral is known to have.
    bonus = (w.warmth * 1.0 + w.reachability * reach) / total
    scale = pl.col("_weight") * 100.0 / (1.0 + SIGNAL_SPAN)
    referrer = pl.col("referred_by").str.strip_chars()
    rows = missing.with_columns(
        pl.Series("target", chosen, dtype=pl.String),
        pl.Series("_weight", [weights[t] for t in chosen], dtype=pl.Float64),
    ).select(
        "contact_id",
        "target",
        (scale * REFERRAL_FIT * (1.0 + SIGNAL_SPAN * bonus)).round(2).alias("score"),
        pl.lit(REFERRAL_FIT).alias("fit"),
        pl.lit(0.0).alias("keyword_score"),
        pl.lit([], dtype=pl.List(pl.String)).alias("matched"),
        *[pl.lit(0.0).alias(f"s_{s}") for s in SIGNALS if s not in ("warmth", "reachability")],
        pl.lit(1.0).alias("s_warmth"),
        reach.alias("s_reachability"),
        (pl.lit("referred by ") + referrer + pl.lit(": no role on record for ") + pl.col("target")
         + pl.lit(" yet, the referral is the reason")).alias("why"),
        pl.when(has_email).then(pl.lit("email")).otherwise(pl.lit("linkedin")).alias("channel"),
        (pl.lit("referred by ") + referrer).alias("how_we_know"),
    )
    return rows.select([pl.col(c).cast(t) for c, t in SCORED_DTYPES.items()])


def referrals_first(plan: pl.DataFrame, referred: set[str], profile: Profile, *, today: date) -> pl.DataFrame:
    """The plan with referrals ranked ahead of everyone else, weeks re-assigned under the same caps.

    A referral waits on the user's answer (and the referrer's goodwill); the weekly pacing and the
    per-organisation cap still hold, so a batch never grows.
    """
    if plan.is_empty() or not referred or not plan["contact_id"].is_in(list(referred)).any():
        return plan
    ordered = (
        plan.with_columns(pl.col("contact_id").is_in(list(referred)).alias("_ref"))
        .sort(["_ref", "score", "contact_id"], descending=[True, True, False])
        .drop("_ref")
    )
    return pace(ordered, profile, today=today).select(plan.columns)
