"""Match keys: names, emails, LinkedIn URLs, phones and employers folded for matching; values as written kept."""

from __future__ import annotations

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from benchmarks.synth_people import records_from_rows
from pipeline.resolve.normalize import KEY_COLUMNS, add_match_keys, company_key, e164, slug_of


def keys_of(**row) -> dict:
    return add_match_keys(records_from_rows([row])).row(0, named=True)


NAME_CASES = [
    # (row, key_first, key_middle, key_last)
    ({"first_name": "Bob", "last_name": "Smith"}, "bob", None, "smith"),
    ({"first_name": "Robert J.", "last_name": "Smith, CPA"}, "robert", "j", "smith"),
    ({"first_name": "Joel", "last_name": "Olazagoitia (he/him)"}, "joel", None, "olazagoitia"),
    ({"first_name": "Sheryl", "last_name": "(Stillman) Sherrick"}, "sheryl", None, "sherrick"),
    ({"first_name": "Vinoth", "last_name": "Konterman🔸"}, "vinoth", None, "konterman"),
    ({"first_name": "𝐀𝐧𝐚𝐧𝐝", "last_name": "Löwe (文竹)"}, "anand", None, "lowe"),
    ({"first_name": "Wen", "last_name": "Ma"}, "wen", None, "ma"),
    ({"first_name": "Ken", "last_name": "O’Brien"}, "ken", None, "obrien"),
    ({"last_name": "Nayak, MSc, MBA, PHR", "first_name": "Asha"}, "asha", None, "nayak"),
    ({"full_name": "Jane Doe, PhD 🌱 (she/her)"}, "jane", None, "doe"),
    ({"full_name": "Smith, Rob"}, "rob", None, "smith"),
    ({"full_name": "Dr. María José de la Cruz"}, "maria", "jose", "delacruz"),
    ({"full_name": "JOSÉ ÁLVAREZ"}, "jose", None, "alvarez"),
]


@pytest.mark.parametrize(("row", "first", "middle", "last"), NAME_CASES)
def test_name_keys(row, first, middle, last):
    """Credentials, pronouns, emoji, accents, `Last, First`, middle initials and particles fold away."""
    keys = keys_of(**row)
    assert (keys["key_first"], keys["key_middle"], keys["key_last"]) == (first, middle, last)


def test_nicknames_share_a_formal_name():
    """Bob and Rob both stand for Robert (the `nicknames` package)."""
    bob, rob = keys_of(first_name="Bob")["key_first_nicks"], keys_of(first_name="Rob")["key_first_nicks"]
    assert "robert" in bob and "robert" in rob


COMPANY_CASES = [
    ("Acme Inc.", "acme"),
    ("ACME", "acme"),
    ("The Acme Company, LLC", "acme"),
    ("Acme GmbH & Co. KG", "acme"),
    ("Société Générale S.A.", "societegenerale"),
    ("J.P. Morgan & Co.", "jpmorgan"),
    ("Self-employed", None),
    (" -", None),
]


@pytest.mark.parametrize(("written", "key"), COMPANY_CASES)
def test_company_key(written, key):
    """Legal suffixes (cleanco's terms), case, punctuation and a leading "The" do not tell employers apart."""
    assert company_key(written) == key


SLUG_CASES = [
    ("https://www.linkedin.com/in/jane-doe-12345", "jane-doe-12345"),
    ("https://www.linkedin.com/in/Jane-Doe-12345/", "jane-doe-12345"),
    ("http://de.linkedin.com/in/jane-doe-12345?trk=public_profile", "jane-doe-12345"),
    ("linkedin.com/in/ken-o%E2%80%99brien-435896237", "ken-o’brien-435896237"),
    ("https://www.example.com/in/jane", None),
]


@pytest.mark.parametrize(("url", "slug"), SLUG_CASES)
def test_linkedin_slug(url, slug):
    """Locale subdomains, query strings, case, trailing slashes and percent-encoding do not change the slug."""
    assert slug_of(url) == slug


def test_linkedin_slugs_of_a_column_match_one_by_one():
    """add_match_keys (vectorised, Python only for percent-encoded slugs) gives what slug_of gives."""
    keys = add_match_keys(records_from_rows([{"linkedin_url": url} for url, _ in SLUG_CASES]))
    assert keys["key_linkedin"].to_list() == [slug for _, slug in SLUG_CASES]


@pytest.mark.parametrize(
    ("written", "expected"),
    [("(415) 555-0101", "+14155550101"), ("+44 20 7946 0958", "+442079460958"), ("415.555.0101", "+14155550101"),
     ("12", None)],
)
def test_phone_e164(written, expected):
    """Phones become E.164 (numbers without a country code are read as US)."""
    assert e164(written) == expected


def test_emails_are_case_folded_and_trimmed():
    """`Robert.Smith@Acme.com ` and `robert.smith@acme.com` are one address; non-addresses are dropped."""
    keys = keys_of(emails=["Robert.Smith@Acme.com ", "urn:li:member:664293716"])
    assert keys["key_emails"] == ["robert.smith@acme.com"]
    assert keys["key_email_orgs"] == ["acme"]


def test_values_as_written_are_kept():
    """Only key_* columns are added; the canonical fields are untouched."""
    records = records_from_rows([{"first_name": "Robert J.", "last_name": "Smith, CPA", "company": "ACME"}])
    keyed = add_match_keys(records)
    assert keyed.select(records.columns).equals(records)
    assert set(keyed.columns) - set(records.columns) == set(KEY_COLUMNS)


names = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=30)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(first=names, last=names, full=names, company=names)
def test_adding_keys_twice_changes_nothing(first, last, full, company):
    """add_match_keys is idempotent, whatever is written in the name and company fields."""
    records = records_from_rows([{"first_name": first or None, "last_name": last or None,
                                  "full_name": full or None, "company": company or None}])
    once = add_match_keys(records)
    assert add_match_keys(once).equals(once)


@settings(max_examples=25, deadline=None)
@given(text=names)
def test_folding_a_key_again_changes_nothing(text):
    """A name key, written back as a name, folds to itself."""
    key = keys_of(last_name=text or None)["key_last"]
    if key is not None:
        assert keys_of(last_name=key)["key_last"] == key


def test_empty_frame_gets_key_columns():
    """Zero records still come back with every key column, typed."""
    keyed = add_match_keys(records_from_rows([]))
    assert keyed.height == 0 and {c: keyed.schema[c] for c in KEY_COLUMNS} == KEY_COLUMNS


def test_key_dtypes():
    """Every key column has its declared dtype."""
    keyed = add_match_keys(records_from_rows([{"first_name": "A"}]))
    assert all(keyed.schema[c] == t for c, t in KEY_COLUMNS.items())
    assert isinstance(keyed, pl.DataFrame)


@pytest.mark.parametrize(("region", "expected"), [("US", "02079460958"), ("GB", "+442079460958")])
def test_phone_region_reads_national_numbers(region, expected):
    """A London number written without +44 is E.164 only when the region says GB (US keeps its digits)."""
    keys = add_match_keys(records_from_rows([{"phones": ["020 7946 0958"]}]), phone_region=region)
    assert keys["key_phones"][0].to_list() == [expected]


def test_phone_keys_are_e164_and_deduplicated():
    """Every way of writing one number (punctuation, extension, country code) gives one E.164 key."""
    keys = keys_of(phones=["(415) 555-0101", "+1 415 555 0101", "415.555.0101 x12", "+44 20 7946 0958", "12"])
    assert keys["key_phones"] == ["+14155550101", "+442079460958"]
