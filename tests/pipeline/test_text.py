"""The shared normalisers: one rule each, table-tested; the phone fast path agrees with phonenumbers."""

from __future__ import annotations

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.text import (
    alumni_relation,
    company_key,
    company_keys,
    e164,
    fold,
    html_escape,
    is_alumnus,
    is_email,
    md_escape,
    phone_keys,
    school_key,
    school_matches,
    schools_match,
    slug_of,
    slugs,
)


@pytest.mark.parametrize(("text", "folded"), [
    ("José ÁLVAREZ", "jose alvarez"), ("O’Brien", "obrien"), ("Straße", "strasse"), ("𝐀𝐧𝐚𝐧𝐝", "anand"),
    ("  --  ", None), (None, None),
])
def test_fold(text, folded):
    """Case, accents, apostrophes and punctuation fold away; nothing left is None."""
    assert fold(text) == folded


@pytest.mark.parametrize(("company", "key"), [
    ("The Boston Consulting Group, Inc.", "bostonconsultinggroup"),
    ("Boston Consulting Group", "bostonconsultinggroup"),
    ("Meta Platforms, Inc.", "metaplatforms"),
    ("Spotify AB", "spotify"),
    ("Acme Holdings, Inc.", "acmeholdings"),
    ("Self-employed", None),
    (None, None),
])
def test_company_key(company, key):
    """One employer key, for dedupe and the per-company cap alike."""
    assert company_key(company) == key


def test_company_keys_on_a_column_match_one_by_one():
    """The column version gives what the one-value version gives."""
    names = ["Acme Inc.", None, "ACME", "The Acme Company, LLC"]
    assert company_keys(pl.Series(names)).to_list() == [company_key(n) for n in names]


SCHOOL_CASES = [
    # (theirs, mine, same)
    ("University of Michigan", "University of Michigan", True),
    ("university of michigan.", "University of Michigan", True),
    ("U of M", "University of Michigan", True),
    ("UMich", "University of Michigan", True),
    ("UM", "University of Michigan", True),
    ("University of Michigan–Ann Arbor", "University of Michigan", True),
    ("University of Michigan - Ann Arbor", "University of Michigan–Ann Arbor", True),
    ("Univ. of Michigan", "University of Michigan", True),
    ("U of Michigan", "University of Michigan", True),
    ("University of Michigan–Dearborn", "University of Michigan–Ann Arbor", False),
    ("Michigan State University", "University of Michigan", False),
    ("State University of New York", "State University", False),
    ("State University", "State University of New York", False),
    ("State Universty", "State University", True),
    ("The State University", "State University", True),
    ("Massachusetts Institute of Technology", "MIT", True),
    ("UPenn", "University of Pennsylvania", True),
    ("Harvard University", "State University", False),
    ("", "State University", False),
    (None, "State University", False),
    ("State University", "", False),
]


@pytest.mark.parametrize(("theirs", "mine", "same"), SCHOOL_CASES)
def test_schools_match(theirs, mine, same):
    """Aliases, abbreviations, campuses and typos match; a longer, different name does not."""
    assert schools_match(theirs, mine) is same


@pytest.mark.parametrize(("theirs", "mine", "same"), SCHOOL_CASES)
def test_schools_match_is_symmetric(theirs, mine, same):
    """Which side is the user's does not change the answer."""
    assert schools_match(mine, theirs) is same


@pytest.mark.parametrize(("name", "key"), [
    ("The University of Michigan", "university of michigan"), ("Univ. of Michigan", "university of michigan"),
    ("U of M", "u of m"), ("  ", None), (None, None),
])
def test_school_key(name, key):
    """A school folded, "The" dropped, "Univ." spelt out."""
    assert school_key(name) == key


def test_school_matches_column():
    """The column version gives what the one-pair version gives; missing schools never match."""
    schools = pl.Series(["UMich", None, "State University", "University of Michigan"])
    assert school_matches(schools, "University of Michigan").to_list() == [True, False, False, True]


ALUMNI_CASES = [
    # (their school, sources, my school, alum)
    ("Other University", ["alumni"], "State University", False),
    ("State University", ["alumni"], "State University", True),
    ("State U", ["linkedin"], "State University", False),
    ("University of Michigan–Ann Arbor", ["linkedin"], "University of Michigan", True),
    (None, ["alumni"], "State University", True),
    ("", ["alumni", "google"], "State University", True),
    (None, ["linkedin"], "State University", False),
    (None, ["alumni"], "", False),
]


@pytest.mark.parametrize(("theirs", "sources", "mine", "alum"), ALUMNI_CASES)
def test_is_alumnus(theirs, sources, mine, alum):
    """The alumni relation: their school is the user's; an alumni list naming no school counts as the user's."""
    assert is_alumnus(theirs, sources, mine) is alum


def test_alumni_relation_on_columns_matches_one_by_one():
    """The column version gives what is_alumnus gives, case by case."""
    for theirs, sources, mine, alum in ALUMNI_CASES:
        got = alumni_relation(pl.Series([theirs], dtype=pl.String), pl.Series([sources]), mine).item()
        assert got is alum, (theirs, sources, mine)


@pytest.mark.parametrize(("text", "ok"), [
    ("a@b.com", True), (" Robert.Smith@Acme.co.uk ", True), ("urn:li:member:1", False), ("a@b", False),
    ("a b@c.com", False), ("<a@b.com>", False), ("", False), (None, False),
])
def test_is_email(text, ok):
    """One email rule: a local part, @, a dotted domain ending in letters."""
    assert is_email(text) is ok


@pytest.mark.parametrize(("written", "region", "expected"), [
    ("+44 (0) 20 7946 0958", "US", "+442079460958"),
    ("+44 20 7946 0958", "US", "+442079460958"),
    ("020 7946 0958", "GB", "+442079460958"),
    ("(415) 555-0101", "US", "+14155550101"),
    ("+1 415 555 0101", "GB", "+14155550101"),
    ("415.555.0101", "US", "+14155550101"),
    ("030 1234567", "DE", "+49301234567"),
    ("12", "US", None),
])
def test_e164(written, region, expected):
    """phonenumbers' E.164, national numbers read in the user's region."""
    assert e164(written, region) == expected


@pytest.mark.parametrize("region", ["US", "GB"])
def test_phone_keys_give_e164_for_every_notation(region):
    """Two notations of one number share a key, through the fast path or not."""
    written = ["+44 (0) 20 7946 0958", "+44 20 7946 0958", "+1 (415) 555-0101", "+14155550101", None]
    assert phone_keys(pl.Series(written), region).to_list() == [e164(w, region) if w else None for w in written]


_PHONE_CHARS = st.sampled_from(list("0123456789") * 3 + list(" ()-.+"))


@settings(max_examples=400, deadline=None)
@given(st.lists(_PHONE_CHARS, min_size=1, max_size=18).map("".join), st.sampled_from(["US", "CA", "GB", "DE"]))
def test_phone_fast_path_agrees_with_phonenumbers(written, region):
    """Whatever the fast path answers is exactly what phonenumbers answers."""
    assert phone_keys(pl.Series([written]), region).item() == e164(written, region)


@settings(max_examples=200, deadline=None)
@given(st.from_regex(r"\+?1? ?\(?[2-9][0-9]{2}\)?[ .\-]?[2-9][0-9]{2}[ .\-]?[0-9]{4}", fullmatch=True))
def test_phone_fast_path_agrees_on_north_american_shapes(written):
    """The shapes the fast path takes (ten NANP digits, with or without +1) agree with phonenumbers."""
    assert phone_keys(pl.Series([written]), "US").item() == e164(written, "US")


SLUG_CASES = [
    ("https://www.linkedin.com/in/Jane-Doe-123/", "jane-doe-123"),
    ("linkedin.com/in/j%C3%B6rg?trk=x", "jörg"),
    ("http://uk.linkedin.com/pub/bob/1/2/3", "bob"),
    ("https://example.com/in/nobody", None),
]


@pytest.mark.parametrize(("url", "slug"), SLUG_CASES)
def test_slug_of(url, slug):
    """The member slug, percent-decoded and lower case."""
    assert slug_of(url) == slug


def test_slugs_on_a_column_match_one_by_one():
    """The column version gives what slug_of gives."""
    assert slugs(pl.Series([u for u, _ in SLUG_CASES])).to_list() == [s for _, s in SLUG_CASES]


@pytest.mark.parametrize(("text", "escaped"), [
    ("a|b", "a\\|b"), ("*x*", "\\*x\\*"), ("[l](u)", "\\[l\\](u)"), ("<b>Hi</b>", "&lt;b&gt;Hi&lt;/b&gt;"),
    ("# h", "\\# h"), ("AT&T", "AT&amp;T"), ("plain", "plain"),
])
def test_md_escape(text, escaped):
    """One Markdown escaper: HTML entity-escaped, Markdown's active characters backslashed."""
    assert md_escape(text) == escaped


@pytest.mark.parametrize(("text", "escaped"), [
    ("<script>", "&lt;script&gt;"), ('say "hi"', "say &quot;hi&quot;"), ("it's", "it&#x27;s"), ("AT&T", "AT&amp;T"),
])
def test_html_escape(text, escaped):
    """One HTML escaper, safe in attributes too."""
    assert html_escape(text) == escaped
