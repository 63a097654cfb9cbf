"""Referrals read from one line of text, and CONTACT found by id, file name or exact name."""

from __future__ import annotations

import polars as pl
import pytest

from pipeline.errors import CoffeechatError
from pipeline.outreach.referrals import Referral, find_contact, parse_referral, referral_record


@pytest.mark.parametrize(("text", "expected"), [
    ("Mina Park, Spotify, mina@example.com", Referral("Mina Park", "Spotify", "mina@example.com", None)),
    ("Mina Park, linkedin.com/in/mina", Referral("Mina Park", None, None, "https://linkedin.com/in/mina")),
    ("Mina Park", Referral("Mina Park", None, None, None)),
])
def test_parse_referral(text, expected):
    """Name, organisation and the address in any order after the name."""
    assert parse_referral(text) == expected


def test_unreadable_referral_names_the_format():
    """A referral without a name is refused with the format."""
    with pytest.raises(CoffeechatError, match="Name, Organisation, email or profile URL"):
        parse_referral("mina@example.com")


def test_referral_record_carries_source_and_referrer():
    """The record is a `referral` with `referred_by`, like an imported row."""
    row = referral_record(parse_referral("Mina Park, Spotify"), referrer_name="Raj Lindqvist", content_hash="h", import_seq=3)
    assert row.select("source_kind", "referred_by", "company", "first_name").row(0) == ("referral", "Raj Lindqvist", "Spotify", "Mina")


CONTACTS = pl.DataFrame({"contact_id": ["c_a", "c_b", "c_c"], "full_name": ["Ana Diaz", "Ana Diaz", "Bo Li"],
                         "first_name": ["Ana", "Ana", "Bo"], "last_name": ["Diaz", "Diaz", "Li"], "company": ["X", None, "Y"]})


@pytest.mark.parametrize(("query", "found"), [("c_b", "c_b"), ("request-bo-li-c_c.eml", "c_c"),
                                              ("archive/nudge-ana-diaz-c_a.eml", "c_a"), ("  bo   LI ", "c_c")])
def test_find_contact(query, found):
    """An id, a draft's file name or a unique name finds the contact."""
    assert find_contact(CONTACTS, query)["contact_id"] == found


def test_a_shared_name_lists_the_candidates():
    """Two contacts with one name: both are listed with the fix."""
    with pytest.raises(CoffeechatError) as err:
        find_contact(CONTACTS, "Ana Diaz")
    assert str(err.value) == "2 contacts are called 'Ana Diaz': c_a (X); c_b (no organisation). Pass the contact_id of the one you mean."
