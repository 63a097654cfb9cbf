"""Every normaliser more than one stage needs, once: fold, company, school, email, phone, slug, escaping, relations."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from functools import cache
from urllib.parse import unquote

import phonenumbers
import polars as pl
from cleanco import prepare_default_terms
from rapidfuzz import fuzz

# ---------------------------------------------------------------- fold

# Letters NFKD does not take apart into base + accent.
_FOLD = {"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i"}


def fold_text(expr: pl.Expr) -> pl.Expr:
    """NFKC (math-bold letters, full-width), accents dropped, lower case, anything but letters and digits a space."""
    folded = expr.str.normalize("NFKC").str.to_lowercase().str.replace_many(list(_FOLD), list(_FOLD.values()))
    folded = folded.str.normalize("NFKD").str.replace_all(r"\p{M}+", "")
    folded = folded.str.replace_all(r"['’`]", "").str.replace_all(r"[^\p{L}\p{N}]+", " ").str.strip_chars()
    return pl.when(folded == "").then(None).otherwise(folded)


def fold(text: str | None) -> str | None:
    """`fold_text` on one value."""
    return pl.select(fold_text(pl.lit(text, pl.String))).item()


def _on_distinct(values: pl.Series, expr_of: pl.Expr) -> pl.Series:
    """`expr_of` (over column "v") computed once per distinct value, in the order of `values`."""
    frame = values.cast(pl.String).rename("v").to_frame()
    distinct = frame.unique().lazy().with_columns(expr_of.alias("_out")).collect()
    return frame.join(distinct, on="v", how="left", nulls_equal=True, maintain_order="left")["_out"]


# ---------------------------------------------------------------- company

# Values in a company column that name no employer.
NO_COMPANY = frozenset(
    ["self", "employed", "selfemployed", "freelance", "freelancer", "confidential", "career", "break", "none", "n", "a", "na", "retired", "student", "stealth"]
)


@cache
def _legal_suffix_re() -> str:
    """cleanco's legal-form terms (Inc, LLC, GmbH & Co KG, ...) as one regex anchored at the end of a name."""
    terms = {" ".join(w for w in words if w != "&") for _, words in prepare_default_terms()}
    alternation = "|".join(
        r"\s+".join(re.escape(w) for w in term.split()) for term in sorted(terms, key=len, reverse=True) if term
    )
    return rf"(?:\s+(?:{alternation}))+$"


def company_expr(expr: pl.Expr) -> pl.Expr:
    """An employer's key: case, accents, punctuation, spaces, legal suffixes (cleanco's terms) and a leading "The" gone.

    The one key for matching records and for the plan's per-company cap.
    """
    folded = fold_text(expr.str.replace_all("&", " ").str.replace_all(r"\.", ""))  # "S.A." -> "SA"
    # A leading space lets the suffix pattern (which wants one before each term) match the whole name too.
    base = (" " + folded).str.replace(_legal_suffix_re(), "").str.strip_chars().str.replace(r"^the\s+", "")
    base = pl.when(base == "").then(folded).otherwise(base)
    key = base.str.replace_all(" ", "")
    return pl.when(base.is_in(list(NO_COMPANY)) | key.is_in(list(NO_COMPANY)) | (key == "")).then(None).otherwise(key)


def company_key(company: str | None) -> str | None:
    """`company_expr` on one value."""
    return pl.select(company_expr(pl.lit(company, pl.String))).item()


def company_keys(companies: pl.Series) -> pl.Series:
    """`company_expr` on a column, once per distinct name."""
    return _on_distinct(companies, company_expr(pl.col("v")))


# ---------------------------------------------------------------- school

# Words written short in school names; "u" only stands for university when followed by more words.
_SCHOOL_WORDS = {"univ": "university", "uni": "university", "inst": "institute", "coll": "college", "tech": "technology"}
_SCHOOL_GLUE = frozenset({"of", "at", "the", "and", "in", "for"})
# A campus after a dash or comma ("University of Michigan–Ann Arbor", "University of Michigan, Dearborn").
_CAMPUS_SPLIT = re.compile(r"\s*(?:[–—-]|,|\bat\b)\s*")
SCHOOL_TYPO_RATIO = 92  # rapidfuzz ratio of two folded names of as many words: a typo, not another school


def _school_words(name: str) -> list[str]:
    words = (fold(name) or "").split()
    if words[:1] == ["the"]:
        words = words[1:]
    out = [_SCHOOL_WORDS.get(w, w) for w in words]
    if len(out) > 1 and out[0] == "u" and out[1] == "of" and len(out) > 2 and len(out[2]) > 1:
        out[0] = "university"  # "U of Michigan"; "U of M" stays an abbreviation
    return out


def school_key(name: str | None) -> str | None:
    """A school name folded for comparison: case, accents, punctuation, a leading "The", "Univ." spelt out."""
    if not name or not name.strip():
        return None
    return " ".join(_school_words(name)) or None


def _split_campus(name: str) -> tuple[str | None, str | None]:
    """(school, campus) of "University of Michigan–Ann Arbor"; the campus is None when none is written."""
    parts = [p for p in _CAMPUS_SPLIT.split(name, maxsplit=1) if p.strip()]
    if len(parts) == 2 and len(_school_words(parts[0])) >= 2:
        return school_key(parts[0]), school_key(parts[1])
    return school_key(name), None


def _initials(words: list[str]) -> str:
    return "".join(w[0] for w in words if w not in _SCHOOL_GLUE)


def _abbreviates(short: str, words: list[str]) -> bool:
    """Whether `short` ("U of M", "UM", "UMich", "MIT") is the usual short form of the school `words`."""
    tokens = (fold(short) or "").split()
    significant = [w for w in words if w not in _SCHOOL_GLUE]
    if len(significant) < 2 or not tokens:
        return False
    letters = [t for t in tokens if t not in _SCHOOL_GLUE]
    if all(len(t) == 1 for t in letters):
        return "".join(letters) == _initials(words)  # "U of M", "U M"
    if len(tokens) != 1:
        return False
    token = tokens[0]
    if token == _initials(words):  # "UM", "MIT", "UCLA"
        return True
    # "UMich", "UPenn", "UConn": the initials of the first words, then a prefix of the last one.
    head, last = _initials(significant[:-1]), significant[-1]
    return token.startswith(head) and len(token) - len(head) >= 3 and last.startswith(token[len(head):])


def schools_match(theirs: str | None, mine: str | None) -> bool:
    """Whether a record's school names the user's: alias-aware, campus-aware, a typo tolerated; never a mere prefix.

    "State University" is not "State University of New York"; "University of Michigan–Ann Arbor",
    "UMich" and "U of M" are "University of Michigan"; two written campuses must agree.
    """
    if not theirs or not mine or not theirs.strip() or not mine.strip():
        return False
    (school_a, campus_a), (school_b, campus_b) = _split_campus(theirs), _split_campus(mine)
    if school_a is None or school_b is None:
        return False
    if campus_a and campus_b and campus_a != campus_b:
        return False
    if school_a == school_b:
        return True
    words_a, words_b = school_a.split(), school_b.split()
    if len(words_a) == len(words_b) and fuzz.ratio(school_a, school_b) >= SCHOOL_TYPO_RATIO:
        return True
    return _abbreviates(theirs, words_b) or _abbreviates(mine, words_a)


def school_matches(schools: pl.Series, mine: str | None) -> pl.Series:
    """`schools_match` against the user's school for a column, once per distinct value."""
    uniq = schools.drop_nulls().unique().to_list()
    hits = {s: schools_match(s, mine) for s in uniq}
    return schools.replace_strict(hits, default=False, return_dtype=pl.Boolean())


# ---------------------------------------------------------------- relations


ALUMNI_SOURCE = "alumni"


def is_alumnus(their_school: str | None, sources: Iterable[str], my_school: str | None) -> bool:
    """The alumni relation: the person's school is the user's (alias-aware), or they come from an
    alumni list that names no school, which is taken to be the user's (`import --school NAME` names it).

    The one rule behind scoring, the plan's "how we know" and the drafts.
    """
    if their_school and their_school.strip():
        return schools_match(their_school, my_school)
    return ALUMNI_SOURCE in set(sources or ()) and bool(my_school and my_school.strip())


def alumni_relation(schools: pl.Series, sources: pl.Series, my_school: str | None) -> pl.Series:
    """`is_alumnus` for columns (school, list of source kinds), schools compared once per distinct value."""
    named = schools.is_not_null() & (schools.str.strip_chars() != "")
    unnamed_alumni = ~named & sources.list.contains(ALUMNI_SOURCE).fill_null(False)
    has_mine = bool(my_school and my_school.strip())
    return (school_matches(schools, my_school) & named.fill_null(False)) | (unnamed_alumni & has_mine)


# ---------------------------------------------------------------- email

# The one shape of a usable address: no spaces, brackets or separators; a dotted domain ending in letters.
EMAIL_RE = r"^[^@\s<>(),;:\"\[\]]+@[^@\s<>(),;:\"\[\]]+\.[A-Za-z]{2,}$"
_EMAIL = re.compile(EMAIL_RE)


def is_email(text: str | None) -> bool:
    """Whether `text` is one usable email address."""
    return bool(text) and _EMAIL.match(text.strip()) is not None


# ---------------------------------------------------------------- phone

# Region assumed for phone numbers written without a country code.
DEFAULT_PHONE_REGION = "US"
# Regions sharing the North American Numbering Plan (+1).
NANP_REGIONS = frozenset({"US", "CA", "AG", "AI", "AS", "BB", "BM", "BS", "DM", "DO", "GD", "GU", "JM", "KN", "KY",
                          "LC", "MP", "MS", "PR", "SX", "TC", "TT", "VC", "VG", "VI"})
# A well-formed NANP number (area code and exchange start 2-9): phonenumbers' E.164 is "+1" + these ten digits.
_NANP_TEN = r"[2-9][0-9]{2}[2-9][0-9]{6}"
_PLAIN = r"^\s*\+?[0-9 ().\-]+$"


def e164(phone: str, region: str = DEFAULT_PHONE_REGION) -> str | None:
    """phonenumbers' E.164 of a number in the user's region, or its digits when it cannot place it (None when too short)."""
    try:
        parsed = phonenumbers.parse(phone, region)
        if phonenumbers.is_possible_number(parsed):
            return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
    except phonenumbers.NumberParseException:
        pass
    digits = re.sub(r"\D", "", phone)
    return digits if len(digits) >= 7 else None


def e164_fast(expr: pl.Expr, region: str = DEFAULT_PHONE_REGION) -> pl.Expr:
    """The E.164 that `e164` gives, without Python, for the numbers where that is certain; null for the rest.

    Only well-formed North American numbers qualify: anything with another country code may carry
    a trunk "0" ("+44 (0) 20 ...") that phonenumbers drops, so it goes through phonenumbers.
    """
    digits = expr.str.replace_all(r"[^0-9]", "")
    plain = expr.str.contains(_PLAIN) & ~expr.str.contains(r"\(\s*0\s*\)")
    plus_one = expr.str.contains(r"^\s*\+\s*1[^0-9]*[2-9]") & digits.str.contains(f"^1{_NANP_TEN}$")
    national = ~expr.str.contains(r"\+") & digits.str.contains(f"^{_NANP_TEN}$") & pl.lit(region in NANP_REGIONS)
    return (
        pl.when(plain & plus_one).then(pl.lit("+") + digits)
        .when(plain & national).then(pl.lit("+1") + digits)
    )


def phone_keys(phones: pl.Series, region: str = DEFAULT_PHONE_REGION) -> pl.Series:
    """`e164` of a column of numbers: the fast path where it is certain, phonenumbers once per other distinct number."""
    frame = phones.cast(pl.String).rename("v").to_frame()
    distinct = frame.unique().with_columns(e164_fast(pl.col("v"), region).alias("_out"))
    slow = distinct.filter(pl.col("_out").is_null() & pl.col("v").is_not_null()).with_columns(
        pl.col("v").map_elements(lambda p: e164(p, region), return_dtype=pl.String).alias("_out")
    )
    parsed = pl.concat([distinct.drop_nulls("_out"), slow])
    return frame.join(parsed, on="v", how="left", maintain_order="left")["_out"]


# ---------------------------------------------------------------- LinkedIn slug

SLUG_RE = r"linkedin\.com/+(?:in|pub)/+([^/?#\s]+)"


def slug_of(url: str) -> str | None:
    """The member slug of a LinkedIn profile URL (percent-decoded, lower case), or None."""
    match = re.search(SLUG_RE, url, flags=re.IGNORECASE)
    if match is None:
        return None
    slug = unquote(match.group(1)).strip().lower()
    return slug or None


def slugs(urls: pl.Series) -> pl.Series:
    """`slug_of` on a column: extracted by polars; only the few percent-encoded slugs go through Python."""
    raw = urls.str.extract(f"(?i){SLUG_RE}", 1)
    encoded = raw.str.contains("%", literal=True).fill_null(False)
    if encoded.any():
        decoded = pl.Series([unquote(v) for v in raw.filter(encoded).to_list()], dtype=pl.String)
        raw = raw.scatter(encoded.arg_true(), decoded)
    slug = raw.str.strip_chars().str.to_lowercase()
    return slug.set(slug == "", None)


# ---------------------------------------------------------------- prose


def field_phrase(target: str | None) -> str | None:
    """A target as it reads mid-sentence: "Data science" -> "data science", "UX research" stays."""
    target = " ".join((target or "").split())
    if not target:
        return None
    first = target.split()[0]
    # An acronym or a brand ("UX", "iOS", "DevOps") keeps its capitals.
    if first.isupper() or any(c.isupper() for c in first[1:]):
        return target
    return target[0].lower() + target[1:]


# ---------------------------------------------------------------- escaping

# Characters Markdown (CommonMark, GitHub tables) would act on; HTML's are entity-escaped first.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]{}#|!~])")


def html_escape(text: str) -> str:
    """Text safe inside HTML elements and attribute values."""
    return html.escape(text, quote=True)


def md_escape(text: str) -> str:
    """Text that Markdown shows as written: no raw HTML, stray emphasis, links, table cells or headings."""
    return _MD_SPECIAL.sub(r"\\\1", html.escape(text, quote=False))
