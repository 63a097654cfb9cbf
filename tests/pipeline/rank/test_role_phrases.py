"""The grammar of role phrases in Spanish, Portuguese and French, read in English order."""

from __future__ import annotations

import pytest

from pipeline.rank.role_phrases import role_phrase_translations


@pytest.mark.parametrize(("phrase", "english"), [
    ("gerente de planta", "plant manager"),
    ("analista de riesgos", "risk analyst"),
    ("jefa de datos", "head of data"),  # a head keeps the English "head of"
    ("especialista en marketing", "marketing specialist"),
    ("gerente de vendas", "sales manager"),
    ("responsable qualite", "quality manager"),  # French juxtaposes
    ("chargee de communication", "communications officer"),
    ("responsable de seguridad laboral", "occupational safety manager"),  # safety at work, no security
])
def test_a_role_a_joining_word_and_a_topic_make_an_english_role(phrase, english):
    assert role_phrase_translations()[phrase] == english


@pytest.mark.parametrize("phrase", ["assistant production", "consultant marketing", "science design"])
def test_an_english_role_before_an_english_topic_stays_english(phrase):
    """'Assistant Production Manager' is English: French juxtaposition never reads it as a production assistant."""
    assert phrase not in role_phrase_translations()
