"""Pandera contracts checked where a frame crosses from one stage to the next; a violation is a named bug."""

from __future__ import annotations

import logging

import pandera.errors as pa_errors
import polars as pl

from pipeline.errors import ContractError

log = logging.getLogger(__name__)


def checked(frame: pl.DataFrame, model, *, stage: str) -> pl.DataFrame:
    """`frame` if it satisfies `model` (checked lazily, every failure collected); else a ContractError.

    The error names the stage boundary, the columns and the checks, never the offending values:
    they are other people's data, and the message may reach a log.
    """
    try:
        return model.validate(frame, lazy=True)
    except pa_errors.SchemaErrors as exc:
        cases = exc.failure_cases
        failures = sorted({_describe(row) for row in cases.select("column", "check", "failure_case").iter_rows(named=True)})
        raise ContractError(
            f"{stage}: the {model.__name__} contract failed ({'; '.join(failures[:5])})",
            fix="This is a bug in coffeechat, not in your files: please report it with this message.",
        ) from exc
    except pa_errors.SchemaError as exc:  # a non-lazy failure, e.g. a missing column
        raise ContractError(
            f"{stage}: the {model.__name__} contract failed ({exc.args[0] if exc.args else exc})",
            fix="This is a bug in coffeechat, not in your files: please report it with this message.",
        ) from exc


def _describe(failure: dict) -> str:
    """'column: check', where a missing column is named by the failure itself (a column name, not a value)."""
    if failure["check"] == "column_in_dataframe":
        return f"{failure['failure_case']}: missing"
    return f"{failure['column'] or '(frame)'}: {failure['check']}"
