"""Tests for schemas.records: the canonical record model."""

from __future__ import annotations

import pandera.polars as pa
import polars as pl
import pytest

from schemas.fields import RECORD_DTYPES, empty_records
from schemas.records import IDENTIFIES, RecordModel


def _record(**values) -> pl.DataFrame:
    base = dict.fromkeys(RECORD_DTYPES)
    base.update(record_id="0123456789abcdef", source_kind="linkedin", source_file="c.csv", source_line=2, extras="{}",
                emails=[], phones=[], first_name="Ada")
    base.update(values)
    return pl.DataFrame([base], schema=RECORD_DTYPES)


def test_valid_record_passes():
    """A well-formed record validates unchanged."""
    assert RecordModel.validate(_record()).height == 1


def test_empty_record_frame_passes():
    """The zero-row record frame matches the model."""
    assert RecordModel.validate(empty_records()).height == 0


def test_record_naming_nobody_fails_the_identification_check():
    """No name, email or profile URL fails `identifies_someone` at row 0."""
    with pytest.raises(pa.errors.SchemaErrors) as info:
        RecordModel.validate(_record(first_name=None), lazy=True)
    cases = info.value.failure_cases
    assert cases.select("check", "index").rows() == [(IDENTIFIES, 0)]


@pytest.mark.parametrize(
    ("field", "value"),
    [("class_year", 1776), ("linkedin_url", "https://example.com/x"), ("source_kind", "fax"), ("record_id", "XYZ")],
)
def test_bad_values_fail_with_their_column(field: str, value):
    """Out-of-range or malformed values fail on their own column with the row index."""
    with pytest.raises(pa.errors.SchemaErrors) as info:
        RecordModel.validate(_record(**{field: value}), lazy=True)
    assert info.value.failure_cases.select("column", "index").rows() == [(field, 0)]


def test_wrong_dtype_is_a_schema_level_failure():
    """A string class_year is a schema failure (index null), not a row failure."""
    frame = _record().with_columns(pl.col("class_year").cast(pl.String))
    with pytest.raises(pa.errors.SchemaErrors) as info:
        RecordModel.validate(frame, lazy=True)
    assert info.value.failure_cases["index"].null_count() >= 1
