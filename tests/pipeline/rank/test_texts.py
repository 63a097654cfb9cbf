"""The texts a network's contacts are scored on: a title's closing "at <employer>" says where, not what."""

from __future__ import annotations

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.profile import parse_profile
from pipeline.rank.texts import without_employer
from tests.pipeline.rank.test_fields import _fits


@pytest.mark.parametrize(("title", "company", "read"), [
    ("Manager of Talent Acquisition at AIM Consulting Group", "AIM Consulting Group", "Manager of Talent Acquisition"),
    ("Principal Recruiter at Ui Path", "UiPath", "Principal Recruiter"),  # the company's run-together words apart
    ("Health and Safety Officer at the Egyptian armed forces", "Egyptian Armed Forces", "Health and Safety Officer"),
    ("Data Scientist @ Acme", "Acme", "Data Scientist"),
    ("Data Scientist @Acme", "Acme Inc", "Data Scientist"),
    ("Entwickler bei SAP", "SAP SE", "Entwickler"),
    # A tail with words the company lacks names a team or a department: it stays.
    ("Senior Manager at Deloitte Consulting", "Deloitte", "Senior Manager at Deloitte Consulting"),
    ("Research Assistant at the Department of Civil Engineering", "Vanderbilt University",
     "Research Assistant at the Department of Civil Engineering"),
    ("Engineer", "Acme", "Engineer"),
    ("Engineer at Acme", None, "Engineer at Acme"),
])
def test_a_closing_at_employer_is_dropped_only_when_the_company_names_it(title, company, read):
    assert without_employer(pl.Series([title]), pl.Series([company], dtype=pl.String)).to_list() == [read]


def test_a_recruiter_at_a_fields_organisation_named_in_the_title_is_weakly_related():
    """'Recruiter at SunPower Solar' at SunPower Solar is a recruiter at a solar company, not a solar title."""
    climate = parse_profile({"targets": [{"name": "Climate", "keywords": ["climate", "sustainability"]}]})
    fits = _fits(climate, {"title": "Recruiter at SunPower Solar", "company": "SunPower Solar"},
                 {"title": "Recruiter", "company": "SunPower Solar"})
    assert fits["c000"] == fits["c001"] <= 0.22


@given(st.lists(st.tuples(st.text(max_size=30), st.one_of(st.none(), st.text(max_size=12))), max_size=20))
def test_titles_are_only_ever_kept_or_cut_to_what_precedes_their_last_at(rows):
    titles = pl.Series([t for t, _ in rows], dtype=pl.String)
    read = without_employer(titles, pl.Series([c for _, c in rows], dtype=pl.String))
    assert read.len() == titles.len()
    for before, after in zip(titles.to_list(), read.to_list(), strict=True):
        assert after == before or (before is not None and after is not None and before.startswith(after) and len(after) < len(before))
