"""Which normalised tokens are English words (GCIDE's headwords, via english-words), with their plurals."""

from __future__ import annotations

import functools

from english_words import get_english_words_set


@functools.cache
def _headwords() -> frozenset[str]:
    return frozenset(get_english_words_set(["gcide"], alpha=True, lower=True))


@functools.lru_cache(maxsize=400_000)
def is_english(token: str) -> bool:
    """Whether a lowercase, accent-free token is an English word or a regular plural of one.

    GCIDE lists headwords only, so "operations" and "studies" are found by their singulars.
    """
    words = _headwords()
    return (
        token in words
        or (token.endswith("s") and token[:-1] in words)
        or (token.endswith("es") and token[:-2] in words)
        or (token.endswith("ies") and token[:-3] + "y" in words)
    )
