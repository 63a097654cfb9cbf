"""Frames crossing a stage boundary are checked at runtime; a violation is a ContractError naming stage and column."""

from __future__ import annotations

import polars as pl
import pytest

from pipeline.contracts import checked
from pipeline.errors import CoffeechatError, ContractError
from schemas.contacts import ContactFrame
from schemas.resolve import AssignmentFrame, ReviewPairFrame


def _contacts(**overrides) -> pl.DataFrame:
    base = {
        "contact_id": ["c1", "c2"],
        "emails": pl.Series([["a@x.org"], []], dtype=pl.List(pl.String)),
        "phones": pl.Series([[], []], dtype=pl.List(pl.String)),
        "sources": [["linkedin"], ["alumni"]],
        "record_count": [1, 2],
        "class_year": pl.Series([2019, None], dtype=pl.Int32),
    }
    return pl.DataFrame({**base, **overrides})


CASES = [
    # (model, frame, column named in the error)
    (ContactFrame, _contacts(contact_id=["c1", "c1"]), "contact_id"),
    (ContactFrame, _contacts(record_count=[1, 0]), "record_count"),
    (ContactFrame, _contacts(class_year=pl.Series([1850, None], dtype=pl.Int32)), "class_year"),
    (AssignmentFrame, pl.DataFrame({"record_id": ["r1", "r1"], "contact_id": ["c1", "c2"]}), "record_id"),
    (AssignmentFrame, pl.DataFrame({"record_id": ["r1"], "contact_id": ["x1"]}), "contact_id"),
    (ReviewPairFrame, pl.DataFrame({"record_a": ["a"], "record_b": ["b"], "weight": [1.0], "probability": [1.5],
                                    "reasons": ["x"]}), "probability"),
]


@pytest.mark.parametrize(("model", "frame", "column"), CASES)
def test_a_broken_frame_is_a_contract_error_naming_the_column(model, frame, column):
    """Each broken frame raises a ContractError that names the stage and the failing column."""
    with pytest.raises(ContractError, match=rf"score → plan: the {model.__name__} contract failed \(.*{column}"):
        checked(frame, model, stage="score → plan")


def test_a_missing_column_is_a_contract_error():
    """A frame lacking a contract column fails too, as a CoffeechatError (never a raw pandera error)."""
    with pytest.raises(CoffeechatError, match="contact_id"):
        checked(_contacts().drop("contact_id"), ContactFrame, stage="store → rank")


def test_a_good_frame_passes_unchanged():
    """A frame that keeps its contract comes back as it was."""
    frame = _contacts()
    assert checked(frame, ContactFrame, stage="store → rank").equals(frame)


def test_the_error_never_quotes_values():
    """Contract errors name columns and checks, never the values (other people's data)."""
    with pytest.raises(ContractError) as caught:
        checked(_contacts(contact_id=["c-secret-name", "c-secret-name"]), ContactFrame, stage="store → rank")
    assert "secret" not in str(caught.value)
