"""profile.toml: what loads, and the exact error for what does not."""

from __future__ import annotations

from datetime import date

import pytest

from pipeline.errors import ProfileError
from pipeline.profile import load_profile, parse_profile
from pipeline.resources import templates_dir

GOOD = {
    "me": {"name": "Jordan", "school": "State University", "grad_year": 2024},
    "targets": [{"name": "Data science", "keywords": ["data scientist"], "companies": ["Spotify"]}],
    "outreach": {"per_week": 5, "start_date": date(2026, 12, 7)},
}


def test_shipped_template_loads(tmp_path):
    """The commented profile `coffeechat init` writes is itself a valid profile."""
    profile = load_profile(templates_dir() / "profile.toml")
    assert profile.targets[0].name == "Data science"
    assert profile.outreach.linkedin_note_limit == 300


def test_good_profile_builds_frozen_settings():
    """Values land in typed, frozen fields; omitted ones take their defaults."""
    profile = parse_profile(GOOD)
    assert profile.me.grad_year == 2024
    assert profile.targets[0].companies == ("Spotify",)
    assert profile.targets[0].weight == 1.0
    assert profile.outreach.per_company == 2
    with pytest.raises(AttributeError):
        profile.me.name = "x"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"outreach": {"per_wek": 3}}, "Unknown key 'per_wek' in [outreach]. Valid keys: per_week, per_company, linkedin_note_limit, start_date, word_limit, word_warning. Did you mean 'per_week'?"),
        ({"target": []}, "Unknown key 'target' in top level. Valid keys: me, targets, outreach, weights, columns, prefect, ranking. Did you mean 'targets'?"),
        ({"me": {"grad_year": "2024"}}, "[me] grad_year should be a whole number, not '2024'. Write it as grad_year = <whole number>."),
        ({"targets": [{"name": "X", "keywords": []}]}, "Target 'X' has no keywords. Add keywords = [\"...\"]: the job titles and topics of that field."),
        ({"targets": [{"keywords": ["a"]}]}, "[[targets]] #1 has no name. Add name = \"Data science\" (any label)."),
        ({"outreach": {"per_week": 0}}, "[outreach] per_week must be at least 1. Set per_week = 1 or more."),
        ({"columns": {"Grad Yr": "class_yr"}}, "[columns] maps 'Grad Yr' to unknown field 'class_yr'."),
        ({"me": {"phone_region": "UK"}}, "[me] phone_region 'UK' is not a country code phonenumbers knows. Use a two-letter ISO 3166 code"),
    ],
)
def test_bad_profile_names_the_fix(change, message):
    """Each mistake gets one ProfileError whose text names the problem and the fix."""
    with pytest.raises(ProfileError) as err:
        parse_profile({**GOOD, **change})
    assert str(err.value).startswith(message)


def test_phone_region_is_read_in_any_case():
    """phone_region = "gb" is GB; without one, numbers are read as US numbers."""
    assert parse_profile({**GOOD, "me": {"phone_region": "gb"}}).me.phone_region == "GB"
    assert parse_profile(GOOD).me.phone_region == "US"


def test_missing_profile_points_at_init(tmp_path):
    """No profile.toml: the error says to run coffeechat init."""
    with pytest.raises(ProfileError, match="Run `coffeechat init`"):
        load_profile(tmp_path / "profile.toml")


def test_unknown_target_lists_the_choices():
    """--target with a name not in the profile lists the valid names."""
    with pytest.raises(ProfileError, match=r"Use one of the \[\[targets\]\] names in profile.toml: 'Data science'"):
        parse_profile(GOOD).target("Finance")
