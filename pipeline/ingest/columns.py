"""Map any contact file's columns onto the canonical fields: one alias table, content checks, the user's map."""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import polars as pl

from pipeline.text import EMAIL_RE
from schemas.fields import CANONICAL_FIELDS

log = logging.getLogger(__name__)

# Targets beyond the canonical fields: `email`/`phone` append to the lists, `url` is a website
# slot whose LinkedIn values become linkedin_url, `ignore` (user map only) drops a column.
SLOT_TARGETS = ("email", "phone", "url")

# THE alias table: header spellings seen in LinkedIn, alumni systems (Raiser's Edge, Salesforce,
# EverTrue, Almabase, 360Alumni...), Google, Outlook and vCard exports. Matching ignores case,
# spaces and punctuation (see `normalize_header`), so `FirstName` and `first_name` match `First Name`.
ALIASES: dict[str, tuple[str, ...]] = {
    "first_name": ("First Name", "Given Name", "Preferred First Name", "First", "Forename", "CnBio_First_Name",
                   "FirstName", "First_Name__c", "Vorname", "Prénom", "Nombre", "Given", "名", "名字", "이름"),
    "middle_name": ("Middle Name", "Additional Name", "CnBio_Middle_Name", "Middle Initial", "Middle",
                    "Weitere Vornamen"),
    "last_name": ("Last Name", "Surname", "Family Name", "CnBio_Last_Name", "CnBio_Surname", "LastName",
                  "Last", "Nachname", "Apellido", "Apellidos", "Nom", "Family", "姓", "姓氏", "성"),
    "full_name": ("Name", "Full Name", "FullName", "Preferred Mail Name", "Preferred Name", "Display Name",
                  "Contact Name", "Formatted Name", "ORFullName", "Alumni Name", "Constituent Name",
                  "姓名", "氏名", "名前", "성명"),
    "email": ("Email", "E-mail", "Email Address", "E-mail Address", "Emails", "Email ID", "Email Addresses",
              "Preferred Email", "Primary Email", "Personal Email", "Work Email", "Business Email",
              "Home Email", "Alternate Email", "Other Email", "Email 2", "CnAdrPrf_Email",
              "npe01__HomeEmail__c", "npe01__WorkEmail__c", "npe01__AlternateEmail__c",
              "npe01__Preferred_Email__c", "E-Mail-Adresse", "Correo electrónico", "Adresse e-mail", "Courriel",
              "电子邮件", "電子郵件", "邮箱", "メール", "メールアドレス", "이메일"),
    "phone": ("Phone", "Phone Number", "Phone Numbers", "PhoneNumbers", "Mobile", "Mobile Phone", "Cell",
              "Cell Phone", "Home Phone", "Business Phone", "Work Phone", "Other Phone", "Telephone",
              "Preferred Phone Number", "MobilePhone", "HomePhone", "OtherPhone", "npe01__WorkPhone__c",
              "Primary Phone", "Business Phone 2", "Home Phone 2", "Car Phone", "Company Main Phone",
              "Telefon", "Teléfono", "Téléphone", "Portable", "Móvil", "Celular", "Telefonnummer", "Handy", "电话",
              "手机", "電話番号", "전화"),
    "url": ("URL", "Web Page", "Website", "Websites", "Sites", "Profiles", "Web Site", "Homepage",
            "Personal Web Page", "Profile URL"),
    "linkedin_url": ("LinkedIn", "LinkedIn URL", "LinkedIn Profile", "LinkedIn Profile URL", "LinkedIn_URL__c",
                     "LinkedIn Url", "Linkedin Link", "Public Profile URL", "Endorser Public Url"),
    "company": ("Company", "Companies", "Company Name", "Organization", "Organization Name", "Organisation",
                "Employer", "Current Employer", "Employer Name", "CnPrBs_Org_Name", "CnBio_Org_Name",
                "Account Name", "Account", "npsp__Primary_Affiliation__c", "Firma", "Empresa",
                "Entreprise", "Current Company", "公司", "单位", "会社", "会社名", "회사"),
    "title": ("Position", "Job Title", "Title", "Organization Title", "Designation", "CnPrBs_Position",
              "CnPrBsAdr_Position", "Occupation", "Role", "Current Position", "Job", "Job Position", "Cargo",
              "Poste", "Current Title", "Professional Title", "职位", "職位", "役職", "직위"),
    "headline": ("Headline", "Tagline", "Bio"),
    "notes": ("Notes", "Note", "Comments", "Comment", "Description", "Remarks", "Notizen"),
    "school": ("School", "School Name", "Preferred School Name", "College", "University", "Institution",
               "CnRelEdu_1_01_School_name", "Alma Mater"),
    "class_year": ("Class Year", "Class of", "Class", "Preferred Class Year", "Pref Class Year", "CL YR",
                   "Graduation Year", "Grad Year", "Year of Graduation", "Year of passing", "Social Class Year",
                   "CnRelEdu_1_01_Class_of", "CnPrAl_Class_of", "hed__Graduation_Year__c", "Year",
                   "UNDERGRADUATEPREFERREDCLASSYEAR1", "UNDERGRADUATIONYEAR1", "Graduated", "Batch",
                   "Passing Year", "Cohort", "Graduation Date", "CnPrAl_Date_graduated"),
    "degree": ("Degree", "Degree Name", "CnRelEdu_1_01_Degree", "UNDERGRADUATEDEGREE1", "Program",
               "Programme", "Major", "Branch", "Field of Study"),
    "city": ("City", "Home City", "Business City", "Mailing City", "MailingCity", "Town", "CnAdrPrf_City",
             "CnAdrAdrProc_City", "Location City", "Ort", "Ciudad", "Ville", "Suburb", "CnAdrPrf_Suburb"),
    "region": ("State", "Region", "Province", "ST", "Home State", "Business State", "Mailing State",
               "MailingState", "CnAdrPrf_State", "CnAdrAdrProc_State", "County", "State/Province"),
    "postal_code": ("Zip", "ZIP Code", "Zip Code", "Postal Code", "Postcode", "Home Postal Code",
                    "Business Postal Code", "Mailing Zip/Postal Code", "MailingPostalCode", "CnAdrPrf_ZIP",
                    "CnAdrPrf_Postcode", "PLZ", "Postleitzahl"),
    "street_address": ("Address", "Street", "Street Address", "Address Line 1", "Address 1", "ADD1",
                       "Home Street", "Business Street", "Mailing Street", "MailingStreet", "CnAdrPrf_Addrline1",
                       "Addresses", "Straße", "Street Number", "House Number", "Address Line 2",
                       "Address 2", "ADD2", "Address Line 3", "CnAdrPrf_Addrline2"),
    "country": ("Country", "Country/Region", "Home Country/Region", "Business Country/Region",
                "Mailing Country", "MailingCountry", "CnAdrPrf_ContryLongDscription",
                "CnAdrPrf_CountryLongDescription", "Nation", "País", "Pays"),
    "birth_date": ("Birthday", "Birth Date", "Date of Birth", "DOB", "Birthdate", "CnBio_Birth_date",
                   "Geburtstag", "Geburtsdatum", "Date de naissance", "Fecha de nacimiento"),
    "connected_on": ("Connected On", "ConnectedOn", "Connection Date", "Connected", "Date Connected",
                     "Verbunden am", "Date de connexion", "Conectado el"),
    "referred_by": ("Referred By", "Referral", "Referrer", "Introduced By", "Source Contact"),
}

# Numbered groups (Google, Outlook, Raiser's Edge) matched on the normalised header.
PATTERNS: tuple[tuple[str, str], ...] = (
    (r"^e?mail\d+(value|address)$", "email"),  # Google "E-mail 1 - Value", Outlook "E-mail 2 Address"
    (r"^phone\d+value$", "phone"),
    (r"^cnph\d+phonenumber$", "phone"),  # Raiser's Edge keeps emails and URLs here too: routed by content
    (r"^website\d+value$", "url"),
    (r"^organization\d+name$", "company"),
    (r"^organization\d+title$", "title"),
    (r"^address\d+street$", "street_address"),  # `Address n - Formatted` repeats it: kept in extras
    (r"^address\d+city$", "city"),
    (r"^address\d+region$", "region"),
    (r"^address\d+postalcode$", "postal_code"),
    (r"^address\d+country$", "country"),
    (r"^cnreledu\d+schoolname$", "school"),
    (r"^cnreledu\d+classof$", "class_year"),
    (r"^cnreledu\d+degree$", "degree"),
    (r"^cnadrprfaddrline\d$", "street_address"),
    (r"^.*linkedin.*$", "linkedin_url"),
    (r"^.*e?mail.*address.*$", "email"),
)

# Headers that mean something other than the alias table suggests in a given kind of file.
KIND_OVERRIDES: dict[str, dict[str, str]] = {
    # Outlook (and LinkedIn's pre-2018 Outlook-layout export) puts the honorific in `Title`;
    # the job title is `Job Title`.
    "outlook": {"title": "extra"},
    # Google's job title is `Organization Title`; a bare `Title` there is not one.
    "google": {"title": "extra"},
    # Raiser's Edge `CnBio_Title_1` is an honorific.
    "alumni": {"cnbiotitle1": "extra"},
}

# The same headers, normalised, for kind detection.
_LINKEDIN = {"firstname", "lastname", "url", "emailaddress", "company", "position", "connectedon"}
HONORIFICS = {"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "dame", "rev", "herr", "frau", "mme", "m",
              "mlle", "sr", "sra", "srta", "don", "dona", "hon", "fr", "professor", "doctor", "lord", "lady"}

LINKEDIN_RE = r"(?i)(^|[/.])linkedin\.com/(in|pub)/[^\s]+"
PHONE_RE = r"\d.*\d.*\d"
_SEPARATORS = r"\s*(?::::|;|,)\s*"
_SAMPLE = 500


def normalize_header(header: str) -> str:
    """Casefold and drop everything but letters and digits (any script): `E-mail 1 - Value` -> `email1value`."""
    return re.sub(r"[\W_]", "", header.casefold())


_LOOKUP: dict[str, str] = {normalize_header(alias): field for field, aliases in ALIASES.items() for alias in aliases}


def alias_target(header: str, kind: str | None = None) -> str | None:
    """The field a header maps to by name alone (kind-aware), or None."""
    key = normalize_header(header)
    override = KIND_OVERRIDES.get(kind or "", {}).get(key)
    if override:
        return None if override == "extra" else override
    if key in _LOOKUP:
        return _LOOKUP[key]
    if len(key) > 40:  # prose (LinkedIn's preamble mentions "email address"), not a header
        return None
    for pattern, field in PATTERNS:
        if re.match(pattern, key):
            return field
    return None


def recognised(headers: Sequence[str]) -> int:
    """How many headers the alias table knows: the score that finds the header row."""
    return sum(1 for h in headers if h.strip() and alias_target(h) is not None)


def detect_kind(headers: Sequence[str]) -> str:
    """Which kind of export a header row comes from: linkedin, google, outlook, alumni or contacts."""
    keys = {normalize_header(h) for h in headers if h.strip()}
    if "connectedon" in keys or (keys and keys <= _LINKEDIN and "position" in keys):
        return "linkedin"
    google = {"email1value", "phone1value", "labels", "groupmembership", "fileas", "organization1name",
              "organizationname", "givennameyomi", "phoneticfirstname"}
    if len(keys & google) >= 2 or {"givenname", "familyname"} <= keys:
        return "google"
    outlook = {"emailaddress", "email2address", "emailtype", "emaildisplayname", "jobtitle", "businessstreet",
               "homestreet", "businessphone", "mobilephone", "webpage", "suffix"}
    if ("title" in keys and len(keys & outlook) >= 2) or len(keys & outlook) >= 4:
        return "outlook"
    alumni_prefixes = ("cnbio", "cnprbs", "cnreledu", "cnpral", "cnadrprf", "npe01", "npsp", "hed", "constituent")
    if any(k.startswith(alumni_prefixes) for k in keys) or any(_LOOKUP.get(k) == "class_year" for k in keys):
        return "alumni"
    return "contacts"


@dataclass(frozen=True)
class Mapped:
    """The canonical columns built from a raw frame, and the warnings found on the way."""

    frame: pl.DataFrame  # canonical columns (class_year and dates still strings), emails, phones, extras
    targets: dict[str, str]  # raw column -> target ("extra" for extras)
    warnings: pl.DataFrame  # row (0-based), column, value, reason
    headers: dict[str, str]  # raw column -> original header


def plan_columns(
    frame: pl.DataFrame, headers: Sequence[str], kind: str, user_map: Mapping[str, str] | None = None
) -> dict[str, str]:
    """Decide a target for every raw column: user map first, then content, then the alias table."""
    wanted = {normalize_header(k): v for k, v in (user_map or {}).items()}
    plan: dict[str, str] = {}
    for column, header in zip(frame.columns, headers, strict=True):
        key = normalize_header(header)
        if key in wanted:
            plan[column] = wanted[key]
            continue
        target = alias_target(header, kind) or "extra"
        plan[column] = _by_content(frame.get_column(column), header, target)
    return plan


def _by_content(column: pl.Series, header: str, target: str) -> str:
    # Headers lie: a column of LinkedIn profile URLs is linkedin_url whatever it is called, a
    # column of addresses is an email slot, and a "Preferred Email" picklist is not an address.
    sample = column.drop_nulls().head(_SAMPLE).str.strip_chars()
    sample = sample.filter(sample != "")
    if sample.len() == 0:
        return target
    share_linkedin = sample.str.contains(LINKEDIN_RE).mean() or 0.0
    share_email = sample.str.contains(EMAIL_RE).mean() or 0.0
    if target in ("email", "phone", "url", "linkedin_url"):
        return target  # routed value by value
    if share_linkedin >= 0.8:
        return "url"
    if share_email >= 0.8:
        return "email"
    if target == "title" and (sample.str.to_lowercase().str.strip_chars(".").is_in(list(HONORIFICS)).mean() or 0) >= 0.6:
        log.debug("column %r holds honorifics, kept in extras", header)
        return "extra"
    return target


def _email_column_is_picklist(column: pl.Series) -> bool:
    sample = column.drop_nulls().head(_SAMPLE).str.strip_chars()
    sample = sample.filter(sample != "")
    return sample.len() > 0 and (sample.str.contains("@").mean() or 0.0) < 0.5


def map_columns(
    frame: pl.DataFrame, headers: Sequence[str], kind: str, user_map: Mapping[str, str] | None = None
) -> Mapped:
    """Build the canonical columns from a raw all-string frame; nothing unmapped is dropped."""
    plan = plan_columns(frame, headers, kind, user_map)
    header_of = dict(zip(frame.columns, headers, strict=True))
    for column, target in plan.items():
        if target == "email" and _email_column_is_picklist(frame.get_column(column)):
            plan[column] = "extra"
    trimmed = frame.with_columns(pl.col(c).str.strip_chars().replace("", None) for c in frame.columns)
    exprs: list[pl.Expr] = []
    for field in CANONICAL_FIELDS:
        if field in ("emails", "phones", "linkedin_url"):
            continue
        sources = [c for c, t in plan.items() if t == field]
        exprs.append(_combine(field, sources, header_of))
    slot_columns = [c for c, t in plan.items() if t in SLOT_TARGETS or t == "linkedin_url"]
    emails, phones, linkedin, warnings = _route_slots(trimmed, {c: plan[c] for c in slot_columns}, header_of)
    extras = [c for c, t in plan.items() if t == "extra" or (t == "url" and _has_other_urls(trimmed, c))]
    out = trimmed.select(
        *exprs,
        emails.alias("emails"),
        phones.alias("phones"),
        linkedin.alias("linkedin_url"),
        _extras_json([(c, header_of[c]) for c in extras]).alias("extras"),
    )
    out = split_full_names(out)
    return Mapped(frame=out, targets=plan, warnings=warnings, headers=header_of)


def _combine(field: str, sources: Sequence[str], header_of: Mapping[str, str]) -> pl.Expr:
    """One canonical value from its source columns: address lines join, anything else takes the first."""
    if not sources:
        return pl.lit(None, pl.String).alias(field)
    # Street number, line 1 and line 2 are parts of one address; numbered groups (Google's
    # `Address 1 - Street`, `Address 2 - Street`) are different addresses, so only the first counts.
    numbered = any(re.match(r"^address\d+street$", normalize_header(header_of[c])) for c in sources)
    if field == "street_address" and len(sources) > 1 and not numbered:
        joined = pl.concat_str([pl.col(c) for c in sources], separator=" ", ignore_nulls=True)
        return pl.when(joined.str.len_chars() > 0).then(joined).alias(field)
    return pl.coalesce([pl.col(c) for c in sources]).alias(field)


_REASONS = {
    "email": "not an email address; value dropped",
    "phone": "not a phone number or email; value dropped",
    "linkedin_url": "not a LinkedIn profile URL; value dropped",
}


def _route_slots(
    frame: pl.DataFrame, plan: Mapping[str, str], header_of: Mapping[str, str]
) -> tuple[pl.Series, pl.Series, pl.Series, pl.DataFrame]:
    # Each value goes where its content says: an address to emails, a profile URL to linkedin_url,
    # digits to phones; anything else in an email, phone or LinkedIn slot is a warning and is dropped.
    # Long format (one row per value) so each regex runs once over all slot columns together.
    n = frame.height
    rows = pl.DataFrame({"_row": pl.int_range(n, dtype=pl.Int64, eager=True)})
    if not plan:
        empty_list = pl.Series([[]] * n, dtype=pl.List(pl.String))
        return empty_list, empty_list, pl.Series([None] * n, dtype=pl.String), _no_warnings()
    long = (
        frame.select(pl.int_range(pl.len(), dtype=pl.Int64).alias("_row"), *plan)
        .unpivot(index="_row", variable_name="column", value_name="value")
        .drop_nulls("value")
        # One cell may hold several values: Google joins them with ` ::: `, LinkedIn's Contacts.csv with commas.
        .with_columns(pl.col("value").str.replace_all(_SEPARATORS, "\x1f").str.split("\x1f"))
        .explode("value")
        .with_columns(pl.col("value").str.strip_chars())
        .filter(pl.col("value").str.len_chars() > 0)
        .with_columns(
            pl.col("column").replace_strict(dict(plan), return_dtype=pl.String).alias("target"),
            pl.col("value").str.contains(EMAIL_RE).alias("is_email"),
            pl.col("value").str.contains(LINKEDIN_RE).alias("is_linkedin"),
        )
        .with_columns(
            (pl.col("value").str.contains(PHONE_RE) & ~pl.col("is_email") & ~pl.col("is_linkedin")
             & ~pl.col("value").str.contains("@", literal=True)).alias("is_phone")
        )
    )

    def collect(mask: pl.Expr, how: str) -> pl.Series:
        picked = long.filter(mask).group_by("_row", maintain_order=True)
        agg = picked.agg(pl.col("value").unique(maintain_order=True)) if how == "list" else picked.agg(pl.col("value").first())
        joined = rows.join(agg, on="_row", how="left", maintain_order="left").get_column("value")
        return joined.fill_null(pl.lit([], pl.List(pl.String))) if how == "list" else joined

    emails = collect(pl.col("is_email"), "list")
    phones = collect((pl.col("target") == "phone") & pl.col("is_phone"), "list")
    linkedin = collect(pl.col("is_linkedin"), "first")
    keep = pl.col("is_email") | pl.col("is_linkedin") | ((pl.col("target") == "phone") & pl.col("is_phone"))
    warnings = long.filter(pl.col("target").is_in(list(_REASONS)) & ~keep).select(
        pl.col("_row").alias("row"),
        pl.col("column").replace_strict(dict(header_of), return_dtype=pl.String),
        "value",
        pl.col("target").replace_strict(_REASONS, return_dtype=pl.String).alias("reason"),
    )
    return emails, phones, linkedin, warnings


def _no_warnings() -> pl.DataFrame:
    return pl.DataFrame(schema={"row": pl.Int64, "column": pl.String, "value": pl.String, "reason": pl.String})


def _has_other_urls(frame: pl.DataFrame, column: str) -> bool:
    values = frame.get_column(column).drop_nulls()
    return bool((~values.str.contains(LINKEDIN_RE)).any())


def _extras_json(columns: Sequence[tuple[str, str]]) -> pl.Expr:
    # One small JSON object per row holding only the non-empty unmapped values, keyed by original header.
    if not columns:
        return pl.lit("{}")
    seen: dict[str, int] = {}
    pieces = []
    for column, header in columns:
        seen[header] = seen.get(header, 0) + 1
        key = header if seen[header] == 1 else f"{header} ({seen[header]})"
        encoded = pl.struct(pl.col(column).alias(key)).struct.json_encode().str.slice(1).str.strip_suffix("}")
        pieces.append(pl.when(pl.col(column).is_not_null()).then(encoded))
    return pl.concat_str([pl.lit("{"), pl.concat_str(pieces, separator=",", ignore_nulls=True), pl.lit("}")])


_SUFFIXES = r"(?i)^(jr|sr|ii|iii|iv|phd|md|mba|cpa|esq|dds|rn|pe|msc|bsc|ma|ba|bs|ms|dphil|cfa|pmp)\.?$"


def split_full_names(frame: pl.DataFrame) -> pl.DataFrame:
    """Fill first/middle/last from full_name where a row has no name parts (`Last, First` too)."""
    if frame.get_column("full_name").null_count() == frame.height:
        return frame
    full = pl.col("full_name").str.replace_all(r"\s+", " ").str.strip_chars()
    before, after = full.str.extract(r"^([^,]+),", 1), full.str.extract(r"^[^,]+,\s*(.+)$", 1)
    last_first = after.is_not_null() & ~after.str.contains(_SUFFIXES) & ~before.str.contains(" ")
    plain = pl.when(last_first).then(pl.lit(None, pl.String)).otherwise(full.str.replace(r",.*$", ""))
    tokens = plain.str.split(" ")
    given = after.str.split(" ")
    first = pl.when(last_first).then(given.list.first()).otherwise(tokens.list.first())
    middle = (
        pl.when(last_first).then(given.list.slice(1).list.join(" "))
        .otherwise(tokens.list.slice(1, pl.max_horizontal(tokens.list.len() - 2, 0)).list.join(" "))
    )
    last = pl.when(last_first).then(before.str.strip_chars()).otherwise(
        pl.when(tokens.list.len() > 1).then(tokens.list.last())
    )
    needs = pl.col("first_name").is_null() & pl.col("last_name").is_null() & pl.col("full_name").is_not_null()
    return frame.with_columns(
        pl.when(needs).then(first.replace("", None)).otherwise(pl.col("first_name")).alias("first_name"),
        pl.when(needs & pl.col("middle_name").is_null()).then(middle.replace("", None)).otherwise(pl.col("middle_name")).alias("middle_name"),
        pl.when(needs).then(last.replace("", None)).otherwise(pl.col("last_name")).alias("last_name"),
    )
