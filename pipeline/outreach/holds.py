"""Who the plan holds back and why: people already in conversation, the unreachable, and colleagues of someone who replied."""

from __future__ import annotations

import polars as pl

from pipeline.outreach.stages import ANSWERED, IN_PROGRESS

# The statuses the ranking already leaves out; any other stage past "drafted" reads as "sent".
_RANK_EXCLUDES = ("sent", "replied", "met", "declined", "do_not_contact")
HELD_DTYPES = {"contact_id": pl.String(), "reason": pl.String()}


def with_stage_status(contacts: pl.DataFrame, progress: pl.DataFrame) -> pl.DataFrame:
    """Contacts whose `status` is their derived stage (undo and ratings applied), as the ranking reads it."""
    stage = progress.select("contact_id", pl.col("stage").alias("_stage"))
    return (
        contacts.join(stage, on="contact_id", how="left")
        .with_columns(
            pl.when(pl.col("_stage").is_in(list(_RANK_EXCLUDES))).then(pl.col("_stage"))
            .when(pl.col("_stage").is_in(list(IN_PROGRESS))).then(pl.lit("sent"))
            .otherwise(None).alias("status")
        )
        .drop("_stage")
    )


def unreachable(contacts: pl.DataFrame) -> pl.DataFrame:
    """Contacts with neither an email nor a profile URL: nothing can be drafted, so they take no weekly slot."""
    no_email = pl.col("emails").list.len().fill_null(0) == 0
    no_url = pl.col("linkedin_url").is_null() | (pl.col("linkedin_url").str.strip_chars() == "")
    return contacts.filter(no_email & no_url).select(
        "contact_id", pl.lit("unreachable: no email or profile URL").alias("reason")
    )


def waiting_on_colleague(scored: pl.DataFrame, progress: pl.DataFrame, orgs: pl.DataFrame) -> pl.DataFrame:
    """(contact, target) rows that wait because someone at the same organisation replied for that target.

    `orgs` maps contact_id to an organisation key; returns contact_id, target, reason.
    """
    answered = (
        progress.filter(pl.col("stage").is_in(list(ANSWERED)) & pl.col("target").is_not_null())
        .join(orgs, on="contact_id").filter(pl.col("org").is_not_null())
        .select(pl.col("contact_id").alias("_by"), "org", "target")
    )
    if answered.is_empty() or scored.is_empty():
        return pl.DataFrame(schema={"contact_id": pl.String(), "target": pl.String(), "reason": pl.String()})
    return (
        scored.select("contact_id", "target").join(orgs, on="contact_id")
        .join(answered, on=["org", "target"])
        .filter(pl.col("contact_id") != pl.col("_by"))
        .select("contact_id", "target",
                (pl.lit("waits: ") + pl.col("_by") + pl.lit(" at the same organisation replied for ") + pl.col("target"))
                .alias("reason"))
        .unique(["contact_id", "target"], maintain_order=True)
    )
