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
    """Contacts with no channel: nothing can be sent, so they take no weekly slot.

    A channel is an email, a profile URL, or being a LinkedIn connection: most connection exports
    carry neither email nor URL, yet a first-degree connection is one message away on LinkedIn.
    """
    no_email = pl.col("emails").list.len().fill_null(0) == 0
    no_url = pl.col("linkedin_url").is_null() | (pl.col("linkedin_url").str.strip_chars() == "")
    connected = pl.col("sources").list.contains("linkedin").fill_null(False)
    return contacts.filter(no_email & no_url & ~connected).select(
        "contact_id", pl.lit("unreachable: no email or profile URL").alias("reason")
    )


def waiting_on_colleague(scored: pl.DataFrame, progress: pl.DataFrame, orgs: pl.DataFrame) -> pl.DataFrame:
    """(contact, target) rows that wait because someone at the same organisation replied for that target.

    `orgs` maps contact_id to an organisation key; returns contact_id, target, reason and `by`, the
    contact who replied.
    """
    answered = (
        progress.filter(pl.col("stage").is_in(list(ANSWERED)) & pl.col("target").is_not_null())
        .join(orgs, on="contact_id").filter(pl.col("org").is_not_null())
        .select(pl.col("contact_id").alias("_by"), "org", "target")
    )
    if answered.is_empty() or scored.is_empty():
        return pl.DataFrame(schema={"contact_id": pl.String(), "target": pl.String(), "reason": pl.String(), "by": pl.String()})
    return (
        scored.select("contact_id", "target").join(orgs, on="contact_id")
        .join(answered, on=["org", "target"])
        .filter(pl.col("contact_id") != pl.col("_by"))
        .select("contact_id", "target",
                (pl.lit("waits: ") + pl.col("_by") + pl.lit(" at the same organisation replied for ") + pl.col("target"))
                .alias("reason"), pl.col("_by").alias("by"))
        .unique(["contact_id", "target"], maintain_order=True)
    )


HELD_VIEW_DTYPES = {"contact_id": pl.String(), "name": pl.String(), "company": pl.String(), "section": pl.String(),
                    "why": pl.String()}


def _name() -> pl.Expr:
    # The name as an import wrote it: the full name, else first and last.
    parts = pl.concat_str([pl.col("first_name"), pl.col("last_name")], separator=" ", ignore_nulls=True).str.strip_chars()
    return pl.coalesce(pl.col("full_name"), pl.when(parts != "").then(parts), pl.col("contact_id"))


def held_view(unreachable: pl.DataFrame, waiting: pl.DataFrame, contacts: pl.DataFrame, planned: pl.DataFrame) -> pl.DataFrame:
    """The contacts a plan holds back, as plan.md and plan.html list them: HELD_VIEW_DTYPES, waiting first.

    `waiting` is waiting_on_colleague's frame (with `by`); anyone `planned` (under another target)
    is not held. Sections: "waiting" (why names the colleague who replied) and "unreachable".
    """
    people = contacts.select("contact_id", _name().alias("name"), pl.col("company"))
    by = people.select(pl.col("contact_id").alias("by"), pl.col("name").alias("_by_name"))
    waits = (
        waiting.join(by, on="by", how="left").with_columns(pl.col("_by_name").fill_null("someone"))
        .group_by("contact_id", maintain_order=True)
        .agg(pl.col("_by_name").first(), pl.col("target").unique(maintain_order=True).str.join(", "))
        .select("contact_id", pl.lit("waiting").alias("section"),
                (pl.col("_by_name") + pl.lit(" at the same organisation replied for ") + pl.col("target")
                 + pl.lit("; ask here once that conversation has run its course")).alias("why"))
    )
    lost = unreachable.select("contact_id", pl.lit("unreachable").alias("section"),
                              pl.lit("no email or profile URL: import a file that has one to plan them").alias("why"))
    # No channel matters before any wait: someone unreachable is listed as that alone.
    held = pl.concat([lost, waits]).unique("contact_id", keep="first", maintain_order=True)
    held = held.join(planned.select("contact_id"), on="contact_id", how="anti")
    return (
        held.join(people, on="contact_id", how="inner", maintain_order="left")
        .sort(["section", "name", "contact_id"], descending=[True, False, False])
        .select(list(HELD_VIEW_DTYPES))
    )
