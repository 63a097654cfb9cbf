"""Match keys: the canonical fields folded (case, accents, credentials, nicknames, suffixes) into key_* columns."""

from __future__ import annotations

import logging
from functools import cache

import polars as pl
from nicknames import name_triplets

from pipeline.text import (  # re-exported: the match keys are built from the shared normalisers
    DEFAULT_PHONE_REGION,
    EMAIL_RE,
    company_expr,
    company_key,
    e164,
    fold_text,
    phone_keys,
    school_key,
    slug_of,
    slugs,
)

log = logging.getLogger(__name__)

__all__ = ["DEFAULT_PHONE_REGION", "KEY_COLUMNS", "add_match_keys", "company_key", "e164", "slug_of"]

# Tokens LinkedIn users append to their names: degrees, certifications, honorifics, generational suffixes.
CREDENTIALS = frozenset(
    ["phd", "dphil", "md", "do", "dds", "dvm", "mba", "emba", "mpa", "mph", "msc", "ms", "ma", "mfa", "med", "meng", "mres", "llm", "llb", "jd", "esq", "bsc", "bs", "ba", "bba", "beng", "cpa", "cfa", "cfp", "cma", "cia", "cisa", "cissp", "pmp", "csm", "pe", "peng", "phr", "sphr", "shrm", "cp", "scp", "rn", "np", "pa", "lcsw", "cdr", "ret", "mbbs", "frcs", "facs", "jr", "sr", "ii", "iii", "iv", "dr", "mr", "mrs", "mx", "prof"]
)
# Honorifics only stripped at the front of a full name ("Dr Jane Doe"): "Ms" is also a degree, "Ma" a surname.
HONORIFICS = frozenset(["dr", "mr", "mrs", "ms", "mx", "prof", "sir", "dame"])
# Free-mail domains: two different addresses there say nothing about being two people.
FREE_MAIL = frozenset(
    ["gmail.com", "googlemail.com", "yahoo.com", "yahoo.co.uk", "hotmail.com", "hotmail.co.uk", "outlook.com", "live.com", "msn.com", "aol.com", "icloud.com", "me.com", "mac.com", "proton.me", "protonmail.com", "gmx.com", "gmx.de", "web.de", "mail.com", "yandex.ru", "qq.com", "163.com"]
)
KEY_COLUMNS: dict[str, pl.DataType] = {
    "key_first": pl.String(),
    "key_first_nicks": pl.List(pl.String()),
    "key_middle": pl.String(),
    "key_last": pl.String(),
    "key_name": pl.String(),
    "key_emails": pl.List(pl.String()),
    "key_email_domains": pl.List(pl.String()),
    "key_email_orgs": pl.List(pl.String()),
    "key_linkedin": pl.String(),
    "key_phones": pl.List(pl.String()),
    "key_company": pl.String(),
    "key_title": pl.String(),
    "key_city": pl.String(),
    "key_region": pl.String(),
    "key_postal": pl.String(),
    "key_street": pl.String(),
    "key_birth_date": pl.Date(),
    "key_connected_on": pl.Date(),
    "key_school": pl.String(),
    "key_class_year": pl.Int32(),
}

_CRED_RE = r"\b(?:" + "|".join(sorted(CREDENTIALS, key=len, reverse=True)) + r")\b"
_PARTICLES = ["de", "la", "le", "del", "della", "der", "den", "van", "von", "da", "di", "du", "dos", "das", "st", "ter", "ten", "bin", "ibn", "al", "el", "mac"]
_LAST_RE = r"((?:(?:" + "|".join(_PARTICLES) + r")\s+)*\S+)$"
_HONORIFIC_RE = r"^(?:" + "|".join(sorted(HONORIFICS)) + r")\s+"


def _name_part(expr: pl.Expr, *, bare_credential_is_name: bool = True) -> pl.Expr:
    """Bracketed asides and credentials removed; null when nothing is left."""
    text = expr.str.normalize("NFKC").str.replace_all(r"\([^)]*\)?|\[[^\]]*\]?|\{[^}]*\}?", " ")
    folded = fold_text(text).str.replace_all(r"\d+", " ")
    stripped = folded.str.replace_all(_CRED_RE, " ").str.replace_all(r"\s+", " ").str.strip_chars()
    # A name made only of credential-like tokens (a surname "Ma", "Do") is a name, not a degree.
    fallback = folded if bare_credential_is_name else pl.lit(None, pl.String)
    kept = pl.when(stripped == "").then(fallback).otherwise(stripped).str.replace_all(r"\s+", " ").str.strip_chars()
    return pl.when(kept == "").then(None).otherwise(kept)


def _split_full_name(names: pl.DataFrame, column: str) -> pl.DataFrame:
    """Add _ff, _fm, _fl (first, middle, last) from a full name: `Last, First M.` when a name follows the comma.

    Built step by step on purpose: one nested expression would recompute the shared parts many times.
    """
    full = pl.col(column).str.normalize("NFKC")
    out = names.lazy().with_columns(
        _name_part(full.str.extract(r"^([^,]*)", 1)).alias("_before"),
        _name_part(full.str.extract(r",(.*)$", 1), bare_credential_is_name=False).alias("_after"),
    ).with_columns(
        # "Jane Doe, PhD" leaves nothing after the comma: it only fenced off credentials.
        pl.when(pl.col("_after").is_not_null() & pl.col("_before").is_not_null())
        .then(pl.concat_str(pl.col("_after"), pl.col("_before").str.replace_all(" ", ""), separator=" "))
        .otherwise(pl.coalesce("_before", "_after").str.replace(_HONORIFIC_RE, ""))
        .alias("_joined")
    ).with_columns(
        pl.col("_joined").str.extract(r"^(\S+)", 1).alias("_ff"),
        pl.col("_joined").str.replace(r"^\S+\s*", "").alias("_rest"),
    ).with_columns(
        # Surname particles travel with the surname: "maria jose de la cruz" -> last "delacruz".
        pl.col("_rest").str.extract(_LAST_RE, 1).alias("_last_words"),
    )
    return out.with_columns(
        pl.when(pl.col("_last_words") != "").then(pl.col("_last_words").str.replace_all(" ", "")).alias("_fl"),
        pl.col("_rest").str.slice(0, pl.col("_rest").str.len_chars() - pl.col("_last_words").str.len_chars())
        .str.strip_chars().alias("_fm"),
    ).with_columns(pl.when(pl.col("_fm") != "").then(pl.col("_fm")).alias("_fm")).drop(
        "_before", "_after", "_joined", "_rest", "_last_words"
    ).collect()


@cache
def _nickname_table() -> pl.DataFrame:
    """name -> every formal name it may stand for, itself included (Bob -> bob, robert, bobby, bert)."""
    triplets = pl.DataFrame([(t.name1, t.name2) for t in name_triplets()], schema=["formal", "nick"], orient="row")
    as_nick = triplets.select(pl.col("nick").alias("name"), pl.col("formal").alias("canon"))
    as_self = pl.concat([triplets["formal"], triplets["nick"]]).unique().to_frame("name").with_columns(
        pl.col("name").alias("canon")
    )
    return (
        pl.concat([as_nick, as_self])
        .unique()
        .group_by("name")
        .agg(pl.col("canon").sort().alias("key_first_nicks"))
    )


def _on_unique(frame: pl.DataFrame, column: str, *exprs: pl.Expr) -> pl.DataFrame:
    """Add `exprs` (over `column`) computed once per distinct value of the column."""
    # Lazily, so the shared parts of a nested expression are computed once (common subexpression
    # elimination runs in lazy queries only): ten times faster for the employer key.
    distinct = frame.select(column).unique().lazy().with_columns(*exprs).collect()
    return frame.join(distinct, on=column, how="left", nulls_equal=True, maintain_order="left")


_SOURCE_FIELDS = ("first_name", "middle_name", "last_name", "full_name", "emails", "phones", "linkedin_url", "company",
                  "title", "city", "region", "postal_code", "street_address", "birth_date", "school", "class_year",
                  "connected_on")


def add_match_keys(records: pl.DataFrame, phone_region: str = DEFAULT_PHONE_REGION) -> pl.DataFrame:
    """Add the key_* columns used for matching (values as written are kept); idempotent.

    `phone_region` reads numbers written without a +country code ("020 7946 0958" in "GB").
    """
    kept = records.drop([c for c in records.columns if c.startswith("key_")])
    # Work on a narrow frame of the fields keys are made from: joins then never copy the wide record.
    frame = kept.select(_SOURCE_FIELDS)
    first_tokens = _name_part(pl.col("first_name")).str.split(" ")
    # Names repeat a lot: clean each distinct value once, then join back.
    full = _split_full_name(frame.select("full_name").unique(), "full_name")
    frame = frame.join(full, on="full_name", how="left", nulls_equal=True, maintain_order="left")
    # "Robert J." in a first-name column: the first token is the name, the rest a middle name.
    frame = _on_unique(frame, "first_name", first_tokens.list.first().alias("_f"),
                       pl.when(first_tokens.list.len() > 1).then(first_tokens.list.slice(1).list.join(" ")).alias("_fr"))
    frame = _on_unique(frame, "last_name",
                       _name_part(pl.col("last_name").str.split(",").list.first()).str.replace_all(" ", "").alias("_l"))
    frame = _on_unique(frame, "middle_name", _name_part(pl.col("middle_name")).alias("_m"))
    frame = frame.with_columns(
        pl.coalesce("_f", "_ff").alias("key_first"),
        pl.coalesce("_m", "_fr", pl.when(pl.col("first_name").is_null()).then(pl.col("_fm"))).alias("key_middle"),
        pl.coalesce("_l", "_fl").alias("key_last"),
    ).drop("_ff", "_fm", "_fl", "_f", "_fr", "_l", "_m").with_columns(
        pl.when(pl.col("key_first").is_not_null() & pl.col("key_last").is_not_null())
        .then(pl.concat_str("key_first", "key_last", separator=" "))
        .alias("key_name"),
    )
    nicks = _nickname_table()
    frame = (
        frame.join(nicks, left_on="key_first", right_on="name", how="left", maintain_order="left")
        .with_columns(
            pl.when(pl.col("key_first").is_null())
            .then(pl.lit([], pl.List(pl.String)))
            .when(pl.col("key_first_nicks").is_null())
            .then(pl.concat_list("key_first"))
            .otherwise(pl.col("key_first_nicks"))
            .alias("key_first_nicks")
        )
    )
    frame = _on_unique(frame, "company", company_expr(pl.col("company")).alias("_company"))
    frame = _on_unique(frame, "title", fold_text(pl.col("title")).alias("_title"))
    frame = frame.with_columns(pl.col("_company").alias("key_company"), pl.col("_title").alias("key_title")).drop(
        "_company", "_title"
    )
    emails = (
        pl.col("emails")
        .list.eval(pl.element().str.strip_chars().str.to_lowercase())
        .list.eval(pl.element().filter(pl.element().str.contains(EMAIL_RE)))
        .list.unique(maintain_order=True)
    )
    phones = _phone_keys(frame, phone_region)
    frame = _on_unique(frame, "school", pl.col("school").map_elements(school_key, return_dtype=pl.String).alias("_school"))
    frame = frame.lazy().with_columns(
        emails.alias("key_emails"),
        phones.alias("key_phones"),
        pl.col("linkedin_url").map_batches(slugs, return_dtype=pl.String()).alias("key_linkedin"),
        fold_text(pl.col("city")).alias("key_city"),
        fold_text(pl.col("region")).alias("key_region"),
        pl.col("postal_code").str.to_uppercase().str.replace_all(r"[^0-9A-Z]", "").alias("key_postal"),
        fold_text(pl.col("street_address")).alias("key_street"),
        pl.col("birth_date").alias("key_birth_date"),
        pl.col("connected_on").alias("key_connected_on"),
        pl.col("_school").alias("key_school"),
        pl.col("class_year").cast(pl.Int32).alias("key_class_year"),
    ).with_columns(
        pl.col("key_emails").list.eval(pl.element().str.split("@").list.last()).list.unique(maintain_order=True)
        .alias("key_email_domains"),
        pl.when(pl.col("key_postal") == "").then(None).otherwise(pl.col("key_postal")).alias("key_postal"),
    ).with_columns(
        # The employer an address points at: "r.smith@eng.acme.co.uk" -> "acme" (free mail points at none).
        pl.col("key_email_domains")
        .list.eval(
            pl.element()
            .filter(~pl.element().is_in(list(FREE_MAIL)))
            .str.replace(r"(\.(?:co|com|org|net|ac|edu|gov))?\.[a-z]{2,}$", "")
            .str.split(".")
            .list.last()
        )
        .list.unique(maintain_order=True)
        .alias("key_email_orgs"),
    ).collect()
    log.debug("match keys added to %d records", frame.height)
    return kept.hstack(frame.select(pl.col(c).cast(t) for c, t in KEY_COLUMNS.items()))


def _phone_keys(frame: pl.DataFrame, region: str = DEFAULT_PHONE_REGION) -> pl.Series:
    """Every phone of every record in E.164 (`pipeline.text.phone_keys`), unique per record."""
    exploded = frame.select(pl.int_range(pl.len()).alias("_r"), "phones").explode("phones").drop_nulls("phones")
    grouped = (
        exploded.with_columns(phone_keys(exploded["phones"], region).alias("key_phones"))
        .drop_nulls("key_phones")
        .group_by("_r")
        .agg(pl.col("key_phones").unique(maintain_order=True))
    )
    return (
        pl.DataFrame({"_r": pl.int_range(frame.height, eager=True)})
        .join(grouped, on="_r", how="left", maintain_order="left")["key_phones"]
        .fill_null(pl.lit([], pl.List(pl.String)))
    )
