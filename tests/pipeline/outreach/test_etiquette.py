"""The etiquette file: known rules read, a typo or a bad value named with the fix."""

from __future__ import annotations

import pytest

from pipeline.errors import TemplateError
from pipeline.outreach.etiquette import parse_etiquette


def test_a_rule_can_be_changed():
    """A workspace copy may wait longer before the nudge."""
    assert parse_etiquette("[nudge]\nafter_days = 10\n").nudge_after_days == 10


@pytest.mark.parametrize(("text", "message"), [
    ("[nudge]\nafter_dayz = 10\n", "Unknown etiquette rule [nudge] after_dayz"),
    ("[nudge]\nafter_days = -1\n", "[nudge] after_days should be a whole number of days, not -1"),
    ("[nudge\n", "etiquette.toml is not valid TOML"),
])
def test_bad_rules_are_named(text, message):
    """A typo, a negative number or broken TOML fails with what is wrong."""
    with pytest.raises(TemplateError, match=message.replace("[", r"\[").replace("]", r"\]")):
        parse_etiquette(text)
