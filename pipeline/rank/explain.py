"""The why and how-we-know lines of a scored row: what matched, how it is related, and the signals behind it."""

from __future__ import annotations

import polars as pl

from pipeline.profile import Profile
from pipeline.rank.levels import HEADS_A_TEAM

SOURCE_LABELS: dict[str, str] = {
    "linkedin": "LinkedIn connection",
    "alumni": "alumni directory",
    "google": "Google contacts",
    "outlook": "Outlook contacts",
    "vcard": "vCard",
    "contacts": "address book",
}


def _quoted_list(col: str) -> pl.Expr:
    """A non-empty list as 'a', 'b': one join, not an expression per element (five times faster)."""
    return pl.lit("'") + pl.col(col).list.join("', '") + pl.lit("'")


# The parts of the why that the texts alone decide, found once per distinct combination of texts.
REASON_COLUMNS: tuple[str, ...] = ("_role", "_reason", "_also", "_on_list")


def reason_exprs(target_name: str) -> dict[str, pl.Expr]:
    """Who they are and what matched (the user's keywords, else the field's words), from the texts alone."""
    role = (
        pl.when(pl.col("title").is_not_null() & pl.col("company").is_not_null())
        .then(pl.col("title") + pl.lit(" at ") + pl.col("company"))
        .otherwise(pl.coalesce("title", "company"))
    )
    closeness = pl.when(pl.col("_touches")).then(pl.lit("weakly related")).otherwise(pl.lit("related"))
    related = closeness + pl.lit(f" to {target_name}: '") + pl.col("_expanded") + pl.lit("'")
    org = pl.lit("works at an organisation of the field ('") + pl.col("_org_word") + pl.lit("')")
    # A back-office role that names the field's team fits weakly: the why says so beside the match.
    staff = (pl.when(pl.col("_staff")).then(pl.lit(", in a support role"))
             .when(pl.col("_aspirant")).then(pl.lit(", aspiring to it")).otherwise(pl.lit("")))
    reason = (
        pl.when(pl.col("matched").list.len() > 0).then(pl.lit("matches ") + _quoted_list("matched") + staff)
        .when(pl.col("_expanded").is_not_null()).then(related + staff)
        .when(pl.col("_org_word").is_not_null()).then(org)
    )
    also_org = pl.when(pl.col("_org_word").is_not_null() & ((pl.col("matched").list.len() > 0) | pl.col("_expanded").is_not_null())).then(org)
    company = pl.when(pl.col("_at_target") & (pl.col("matched").list.len() > 0)).then(pl.lit("at a company on your list"))
    return {
        "_role": role,
        "_reason": reason,
        "_also": pl.concat_str([also_org, company], separator="; ", ignore_nulls=True),
        "_on_list": pl.lit("works at ") + pl.col("company") + pl.lit(", on your list"),
    }


def why() -> pl.Expr:
    """One line: who they are, what matched, then the signals (after `reason_exprs`, the ratings and `signal_line`)."""
    fit = (
        pl.when(pl.col("_rated").is_not_null()).then(pl.lit("you rated them ") + pl.col("_rated").cast(pl.String) + pl.lit("/3"))
        .when(pl.col("_reason").is_not_null()).then(pl.col("_reason"))
        .when(pl.col("_learned") > 0).then(pl.lit("like people you rated highly"))
        .otherwise(pl.col("_on_list"))
    )
    also = pl.when(pl.col("_also") != "").then(pl.col("_also"))
    signals = pl.concat_str([fit, also, "_signal_line"], separator="; ", ignore_nulls=True)
    role = pl.col("_role")
    return pl.when(role.is_not_null()).then(role + pl.lit(" — ") + signals).otherwise(signals).alias("why")


def signal_line(frame: pl.DataFrame, profile: Profile) -> pl.Series:
    """Each contact's signals in words, the same for every target ("fellow X alum ('19); near-peer; ...").

    A network has a few thousand distinct signal tuples, so each line is written once per tuple
    and spread back: a plan of a million rows spent a second writing them row by row.
    """
    school = pl.col("s_school") > 0
    linkedin = pl.col("_linkedin")
    inputs = frame.select(
        school.alias("_alum"),
        pl.when(school).then(pl.col("class_year") % 100).alias("_year"),
        pl.when(pl.col("_year_peer")).then(pl.lit("near-peer")).when(pl.col("s_near_peer") > 0).then(pl.lit("early-career role")).alias("_peer"),
        pl.when(pl.col("s_seniority") >= 1.0).then(pl.lit("executive"))
        .when(pl.col("s_seniority") >= HEADS_A_TEAM).then(pl.lit("heads a team")).alias("_senior"),
        pl.when(pl.col("_personal")).then(pl.lit(0)).when(linkedin).then(pl.col("connected_on").dt.year().fill_null(-1)).alias("_warm"),
        pl.when(pl.col("_referred")).then(pl.col("referred_by")).alias("_by"),
    )
    school_name = profile.me.school.strip() or None
    year = pl.lit(" ('") + pl.col("_year").cast(pl.String).str.zfill(2) + pl.lit(")")
    alum = pl.when(pl.col("_alum")).then(pl.lit(f"fellow {school_name} alum" if school_name else "fellow alum") + year.fill_null(""))
    since = pl.when(pl.col("_warm") > 0).then(pl.lit(" since ") + pl.col("_warm").cast(pl.String)).otherwise(pl.lit(""))
    warm = pl.when(pl.col("_warm") == 0).then(pl.lit("in your address book with a note")).when(pl.col("_warm").is_not_null()).then(
        pl.lit("1st-degree LinkedIn") + since
    )
    referred = pl.lit("referred by ") + pl.col("_by")
    line = pl.concat_str([alum, "_peer", "_senior", warm, referred], separator="; ", ignore_nulls=True)
    return _written_once(inputs, pl.when(line != "").then(line).alias("_signal_line"))


def _written_once(inputs: pl.DataFrame, line: pl.Expr) -> pl.Series:
    """`line` over the rows of `inputs`, computed once per distinct row and spread back in row order."""
    groups = inputs.with_row_index("_row").group_by(inputs.columns).agg("_row")
    lines = groups.select("_row", line)
    return lines.explode("_row").sort("_row").to_series(1)


def how_we_know(frame: pl.DataFrame) -> pl.Series:
    """Where each person comes from in the user's own network, in words.

    A network has a few hundred distinct (sources, month connected, referrer) triples, so each
    line is written once per triple and spread back: a third of the time of writing a million.
    """
    inputs = frame.select(
        "sources",
        pl.when(pl.col("_linkedin")).then(pl.col("connected_on").dt.truncate("1mo")).alias("_month"),
        pl.when(pl.col("_referred")).then(pl.col("referred_by")).alias("_by"),
    )
    sources = pl.col("sources").list.unique(maintain_order=True).list.eval(
        pl.element().replace_strict(SOURCE_LABELS, default=pl.element())
    ).list.join(", ")
    return _written_once(
        inputs,
        pl.concat_str(
            [
                pl.when(sources != "").then(sources),
                pl.lit("connected on LinkedIn ") + pl.col("_month").dt.strftime("%b %Y"),
                pl.lit("referred by ") + pl.col("_by"),
            ],
            separator="; ",
            ignore_nulls=True,
        ).alias("how_we_know"),
    )
