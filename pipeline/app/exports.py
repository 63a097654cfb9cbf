"""The `export` action: the store's contacts (one row per source record) or its rejects, as CSV."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from pipeline.errors import CoffeechatError, OutputError
from pipeline.files import write_csv
from pipeline.store import Store
from pipeline.workspace import Workspace
from schemas.fields import CANONICAL_FIELDS

CONTACT_EXPORT_COLUMNS = ("contact_id", "source_file", "source_line", "source_kind", "record_id", *CANONICAL_FIELDS)
REJECT_EXPORT_COLUMNS = ("source_file", "source_line", "column", "value", "reason", "severity")
EXPORTS = ("contacts", "rejects")


def contacts_export(records: pl.DataFrame) -> pl.DataFrame:
    """One row per source record, with the contact it was resolved to."""
    return records.sort("contact_id", "source_file", "source_line").select(
        [c for c in CONTACT_EXPORT_COLUMNS if c in records.columns]
    )


def export(workspace: Workspace, what: str, output: Path) -> int:
    """Write contacts or rejects to `output`; returns the number of rows written."""
    if what not in EXPORTS:
        raise CoffeechatError(
            f"Cannot export {what!r}", fix="Use `coffeechat export contacts` or `coffeechat export rejects`."
        )
    if output.is_dir():
        raise OutputError("--output names a folder", file=output, fix="Give a file name, e.g. --output contacts.csv.")
    with Store.open(workspace.root) as store:
        frame, columns = (
            (contacts_export(store.records()), CONTACT_EXPORT_COLUMNS)
            if what == "contacts"
            else (store.rejects(), REJECT_EXPORT_COLUMNS)
        )
    try:
        return write_csv(frame, output, columns)
    except OSError as exc:
        raise OutputError(f"Cannot write the file ({exc.strerror})", file=output,
                          fix="Choose another --output in a folder you can write to.") from exc
