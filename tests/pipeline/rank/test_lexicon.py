"""Which title words are English: GCIDE's headwords and their regular plurals."""

from __future__ import annotations

import pytest

from pipeline.rank.lexicon import is_english


@pytest.mark.parametrize(("token", "english"), [
    ("fabric", True), ("product", True), ("planet", True),
    ("operations", True), ("studies", True), ("boxes", True),  # plurals of headwords
    ("fabricacion", False), ("ingeniero", False), ("gerente", False), ("publicidad", False), ("datos", False),
])
def test_english_words_and_their_plurals_are_english(token, english):
    assert is_english(token) is english
