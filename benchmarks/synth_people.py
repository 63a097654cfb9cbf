"""Synthetic people written out as a LinkedIn export, an alumni list and an address book, the way real sources differ."""

from __future__ import annotations

import hashlib
import random
import string
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

import polars as pl
from nicknames import name_triplets

from schemas.fields import RECORD_DTYPES

_SYLLABLES = ("an", "ber", "cas", "dor", "el", "fin", "gar", "hal", "is", "jor", "kel", "lan", "mor", "nor", "os",
              "per", "quin", "ros", "sal", "tor", "ul", "van", "wes", "yar", "zel", "bro", "cha", "dre", "ste", "tho")
_ENDINGS = ("son", "ton", "ley", "man", "er", "s", "field", "berg", "ez", "ski", "ford", "well", "", "", "")
_SUFFIXES = ("Inc.", "Inc", "LLC", "Ltd", "Corp.", "Corporation", "GmbH", "", "", "")
_TITLES = ("Software Engineer", "Senior Software Engineer", "Product Manager", "Data Scientist", "Analyst",
           "Senior Analyst", "Director of Marketing", "VP Engineering", "Consultant", "Account Executive",
           "Designer", "Research Scientist", "Operations Manager", "Recruiter", "Founder", "CFO")
_CITIES = tuple(f"{a.capitalize()}{b}" for a in _SYLLABLES for b in ("ville", " City", "ton", " Falls"))
_SCHOOLS = ("State University", "Tech Institute", "Lakeside College", "Northern University", "City College")
_CREDENTIALS = (", PhD", ", MBA", ", CPA", " PMP", ", MSc, MBA")
_DECORATIONS = (" (she/her)", " (he/him)", " 🌱", " 🇺🇸", " ✨")
_FREE = ("gmail.com", "yahoo.com", "outlook.com")


@dataclass(frozen=True)
class Person:
    pid: int
    first: str
    nick: str | None
    middle: str | None
    last: str
    company: str
    title: str
    city: str
    school: str
    class_year: int
    slug: str
    personal: str
    work: str
    phone: str
    old_company: str | None


@cache
def _first_names() -> tuple[list[str], dict[str, str]]:
    """Formal first names and one common nickname for each that has one."""
    nick: dict[str, str] = {}
    for t in name_triplets():
        if t.relationship == "has_nickname" and len(t.name2) >= 3 and t.name1 not in nick:
            nick[t.name1] = t.name2
    return sorted({t.name1 for t in name_triplets()}), nick


def _surname_pool(rng: random.Random, size: int) -> list[str]:
    seen: set[str] = set()
    pool: list[str] = []
    while len(pool) < size:
        name = "".join(rng.choice(_SYLLABLES) for _ in range(rng.choice((1, 2, 2, 3)))) + rng.choice(_ENDINGS)
        if len(name) >= 3 and name not in seen:
            seen.add(name)
            pool.append(name.capitalize())
    return pool


def _zipf_choice(rng: random.Random, pool: list[str], k: int, head: int) -> list[str]:
    # Zipf with a flattened head: the commonest name is a few percent of people, as in real rosters.
    weights = [1.0 / (i + head) for i in range(len(pool))]
    return rng.choices(pool, weights=weights, k=k)


def _typo(rng: random.Random, text: str) -> str:
    if len(text) < 4:
        return text
    i = rng.randrange(1, len(text) - 1)
    kind = rng.random()
    if kind < 0.4:
        return text[:i] + rng.choice(string.ascii_lowercase) + text[i + 1:]
    if kind < 0.7:
        return text[:i] + text[i + 1] + text[i] + text[i + 2:]
    return text[:i] + text[i + 1:]


def make_people(count: int, seed: int) -> list[Person]:
    """People, with colleagues who share a surname or a first name at one employer."""
    rng = random.Random(seed)
    firsts, nicks = _first_names()
    firsts = rng.sample(firsts, len(firsts))  # the popular names should not all start with "a"
    surnames = _surname_pool(rng, min(max(1000, count), 150_000))  # the syllables make ~400k names at most
    companies = [
        "".join(rng.choice(_SYLLABLES) for _ in range(2)).capitalize() + rng.choice(("", " Labs", " Systems", " Group"))
        for _ in range(max(20, count // 15))
    ]
    first_pick = _zipf_choice(rng, firsts, count, head=5)
    last_pick = _zipf_choice(rng, surnames, count, head=10)
    people: list[Person] = []
    for pid in range(count):
        first, last, company = first_pick[pid], last_pick[pid], rng.choice(companies)
        if people and rng.random() < 0.15:
            # A colleague: same employer and the same surname (or the same first name) as someone else.
            other = people[rng.randrange(len(people))]
            company = other.company
            if rng.random() < 0.6:
                last = other.last
            else:
                first = other.first
        slug = f"{first}-{last.lower()}-{rng.getrandbits(32):08x}"
        domain = company.lower().replace(" ", "") + ".com"
        people.append(Person(
            pid=pid, first=first.capitalize(), nick=nicks.get(first, None),
            middle=rng.choice(string.ascii_uppercase) if rng.random() < 0.5 else None,
            last=last, company=company, title=rng.choice(_TITLES), city=rng.choice(_CITIES),
            school=rng.choice(_SCHOOLS), class_year=rng.randint(1985, 2022), slug=slug,
            personal=f"{first}.{last.lower()}{pid}@{rng.choice(_FREE)}",  # unique, as real addresses are
            work=f"{first[0]}{last.lower()}.{pid}@{domain}",
            phone=f"+1 (415) {200 + pid // 10_000}-{pid % 10_000:04d}",  # unique, as real numbers mostly are
            old_company=rng.choice(companies) if rng.random() < 0.03 else None,
        ))
    return people


def _with_suffix(rng: random.Random, company: str) -> str:
    shown = company.upper() if rng.random() < 0.1 else company
    suffix = rng.choice(_SUFFIXES)
    shown = f"{shown}, {suffix}" if suffix and rng.random() < 0.5 else f"{shown} {suffix}".strip()
    return f"The {shown}" if rng.random() < 0.05 else shown


def _given(rng: random.Random, p: Person, nick_rate: float) -> str:
    return p.nick.capitalize() if p.nick and rng.random() < nick_rate else p.first


def _linkedin(rng: random.Random, p: Person) -> dict:
    last = p.last
    roll = rng.random()
    if roll < 0.05:
        last += rng.choice(_CREDENTIALS)
    elif roll < 0.10:
        last += rng.choice(_DECORATIONS)
    return {
        "first_name": _given(rng, p, 0.4), "last_name": last,
        "emails": [p.personal] if rng.random() < 0.05 else [],
        "linkedin_url": f"https://www.linkedin.com/in/{p.slug}", "company": _with_suffix(rng, p.company),
        "title": p.title, "connected_on": date(2015, 1, 1) + timedelta(days=rng.randrange(3500)),
    }


def _alumni(rng: random.Random, p: Person) -> dict:
    first = _given(rng, p, 0.15)
    if p.middle and rng.random() < 0.4:
        first = f"{first} {p.middle}."
    last = _typo(rng, p.last) if rng.random() < 0.05 else p.last
    if rng.random() < 0.1:
        first, last = first.upper(), last.upper()
    company = p.old_company or p.company
    return {
        "first_name": first, "last_name": last,
        "middle_name": p.middle if p.middle and rng.random() < 0.3 else None,
        "emails": [rng.choice((p.work, p.personal))] if rng.random() < 0.8 else [],
        "phones": [p.phone] if rng.random() < 0.4 else [],
        "company": _with_suffix(rng, company) if rng.random() < 0.95 else None,
        "title": p.title if rng.random() < 0.5 else None,
        "school": p.school, "class_year": p.class_year,
        "city": p.city if rng.random() < 0.6 else None,
    }


def _address_book(rng: random.Random, p: Person) -> dict:
    name = f"{_given(rng, p, 0.5)} {p.last}"
    if rng.random() < 0.2:
        name = f"{p.last}, {_given(rng, p, 0.5)}"
    return {
        "full_name": name,
        "emails": [p.personal] if rng.random() < 0.6 else [],
        "phones": [p.phone] if rng.random() < 0.7 else [],
        "company": _with_suffix(rng, p.company) if rng.random() < 0.8 else None,
        "city": p.city if rng.random() < 0.3 else None,
    }


_SOURCES = (("linkedin", 1, 0.75, _linkedin), ("alumni", 2, 0.6, _alumni), ("google", 3, 0.25, _address_book))


def make_cross_source(
    n: int, seed: int = 0, sources: tuple[str, ...] = ("linkedin", "alumni", "google")
) -> tuple[pl.DataFrame, pl.Series]:
    """About `n` records (RECORD_DTYPES + contact_id + import_seq) from the sources named, and each one's true person.

    The default three sources include a sparse address book, where many entries hold a name and a phone
    number only: against a LinkedIn record that shares no field but the name, such a pair can only be
    asked about, never merged. ("linkedin", "alumni") is the issue's two-source set.
    """
    chosen = [source for source in _SOURCES if source[0] in sources]
    rate_sum = sum(rate for _, _, rate, _ in chosen)
    people = make_people(max(2, int(n / rate_sum)), seed)
    rng = random.Random(seed + 1)
    rows: list[dict] = []
    truth: list[int] = []
    for kind, seq, rate, render in chosen:
        line = 1
        for p in people:
            if rng.random() >= rate:
                continue
            line += 1
            row = render(rng, p)
            row.update(
                record_id=hashlib.sha256(f"{seed}:{kind}:{line}".encode()).hexdigest()[:16],
                source_kind=kind, source_file=f"{kind}.csv", source_line=line, import_seq=seq,
            )
            rows.append(row)
            truth.append(p.pid)
    frame = pl.DataFrame(rows, schema_overrides={**RECORD_DTYPES, "import_seq": pl.Int64}, infer_schema_length=None)
    frame = frame.with_columns(
        *[pl.lit(None, dtype).alias(c) for c, dtype in RECORD_DTYPES.items() if c not in frame.columns],
    ).with_columns(pl.col("emails", "phones").fill_null(pl.lit([], pl.List(pl.String))))
    records = frame.select(*RECORD_DTYPES, "import_seq").cast(RECORD_DTYPES).with_columns(
        pl.lit(None, pl.String).alias("contact_id")
    )
    return records, pl.Series("person", truth, dtype=pl.Int64)


def records_from_rows(rows: list[dict]) -> pl.DataFrame:
    """A record frame (RECORD_DTYPES + contact_id + import_seq) from a few dicts; ids and provenance filled in."""
    filled = []
    for line, row in enumerate(rows, start=2):
        full = dict.fromkeys(RECORD_DTYPES) | {"emails": [], "phones": []}
        full |= {"record_id": f"r{line - 1:04d}", "source_kind": "contacts", "source_file": "test.csv",
                 "source_line": line, "contact_id": None, "import_seq": 1}
        full |= row
        filled.append(full)
    schema = {**RECORD_DTYPES, "contact_id": pl.String(), "import_seq": pl.Int64()}
    return pl.DataFrame(filled, schema=schema)
