"""Split mapped rows into accepted records, rejects with reasons, empty rows and value warnings (Pandera, lazy)."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import pandera.polars as pa
import polars as pl

from pipeline.errors import ContractError, InputFileError
from pipeline.ingest.columns import Mapped
from pipeline.ingest.dates import NO_DATE, DateOrder, date_order, parse_class_year, parse_dates
from schemas.fields import RECORD_COLUMNS, RECORD_DTYPES
from schemas.raw import IDENTIFYING, RAW_MODELS
from schemas.records import IDENTIFIES, RecordModel

log = logging.getLogger(__name__)

ISSUE_SCHEMA: dict[str, pl.DataType] = {
    "source_file": pl.String(), "source_line": pl.Int64(), "column": pl.String(), "value": pl.String(), "reason": pl.String(),
}
NOBODY = "identifies nobody: no name, no email and no LinkedIn profile URL"
_VALUE_CHECK_REASONS = {
    "linkedin_url": "not a LinkedIn profile URL; value dropped",
    "class_year": "class year out of range; value dropped",
}


@dataclass(frozen=True)
class LoadedFile:
    """One imported file: its accepted records, the rows it rejected and why, and value warnings."""

    path: str
    kind: str
    encoding: str
    delimiter: str
    content_hash: str
    accepted: pl.DataFrame  # RECORD_DTYPES
    rejected: pl.DataFrame  # source_file, source_line, column, value, reason
    warnings: pl.DataFrame  # source_file, source_line, column, value, reason (row kept)
    empty: int

    @property
    def rows(self) -> int:
        """Every data row the file holds: accepted + rejected + empty."""
        return self.accepted.height + self.rejected.height + self.empty


def split_rows(
    raw: pl.DataFrame,
    mapped: Mapped,
    lines: pl.Series,
    *,
    path: str,
    kind: str,
    encoding: str,
    delimiter: str,
    content_hash: str,
    byte_warnings: Sequence[tuple[int, str, str, str]] = (),
    byte_rejects: Sequence[tuple[int, str]] = (),
    today: date,
) -> LoadedFile:
    """Validate the mapped rows and split them; every raw row ends in exactly one bucket."""
    check_raw(raw, mapped, kind, path)
    broken = _rows_at(lines, byte_rejects)
    empty_mask = _empty_rows(raw, mapped) & ~broken.is_not_null()
    staged = mapped.frame.with_columns(
        pl.Series("_row", range(raw.height), pl.Int64), lines.alias("source_line")
    ).filter(~empty_mask & broken.is_null())
    staged, cast_warnings = _cast(staged, mapped, kind=kind, today=today)
    staged = staged.with_columns(
        pl.lit(kind).alias("source_kind"),
        pl.lit(path).alias("source_file"),
        pl.Series("record_id", _record_ids(content_hash, staged.get_column("source_line")), pl.String),
    )
    records = staged.select(*(pl.col(c).cast(RECORD_DTYPES[c]) for c in RECORD_COLUMNS), "_row")
    rejected_rows, value_failures = _check(records.drop("_row"))
    records, value_issues = _blank_failures(records, value_failures)
    keep = ~pl.Series(range(records.height)).is_in(rejected_rows)
    accepted = records.filter(keep)
    rejected = pl.concat(
        [_rejects(raw, records.filter(~keep), delimiter, path), _byte_rejects(raw, lines, broken, delimiter, path)]
    ).sort("source_line", maintain_order=True)
    line_of = staged.select("_row", "source_line")
    warnings = pl.concat(
        [
            _issues(mapped.warnings, line_of, path),
            _issues(cast_warnings, line_of, path),
            _issues(value_issues, line_of, path),
        ],
        how="vertical_relaxed",
    )
    # A rejected row reports its reason only; warnings are about rows that were kept.
    warnings = warnings.join(accepted.select(pl.col("source_line")), on="source_line", how="semi")
    warnings = pl.concat(
        [
            pl.DataFrame(
                [(path, line, column, value, reason) for line, column, value, reason in byte_warnings],
                schema=ISSUE_SCHEMA, orient="row",
            ),
            warnings,
        ]
    ).sort("source_line", maintain_order=True)
    empty = int(empty_mask.sum())
    log.info("%s: %d accepted, %d rejected, %d empty, %d warnings", path, accepted.height, rejected.height, empty, warnings.height)
    return LoadedFile(
        path=path, kind=kind, encoding=encoding, delimiter=delimiter, content_hash=content_hash,
        accepted=accepted.drop("_row"), rejected=rejected, warnings=warnings, empty=empty,
    )


def check_raw(raw: pl.DataFrame, mapped: Mapped, kind: str, path: str) -> None:
    """The kind's raw model over the mapped columns: a file whose columns identify nobody fails here."""
    view = mapped_view(mapped)
    try:
        RAW_MODELS[kind].validate(view, lazy=True)
    except pa.errors.SchemaErrors as err:
        cases = err.failure_cases
        if cases.filter(pl.col("check") == IDENTIFYING).height:
            shown = ", ".join(h for h in mapped.headers.values())[:200]
            raise InputFileError(
                f"None of its columns ({shown}) holds a name, an email or a LinkedIn profile URL, so no row can "
                "say who it is", file=path,
                fix='Export the file again with the name columns, or tell coffeechat which column holds them: '
                '--map "Their Header=full_name".',
            ) from err
        raise ContractError(f"the mapped {kind} columns break {RAW_MODELS[kind].__name__}: {cases.head(5)}", file=path) from err


def mapped_view(mapped: Mapped) -> pl.DataFrame:
    """The canonical columns some header was mapped to, and extras: what the raw models check."""
    targets = set(mapped.targets.values())
    slots = {"emails": {"email"}, "phones": {"phone"}, "linkedin_url": {"linkedin_url", "url"}}
    names = {"first_name", "middle_name", "last_name"} if "full_name" in targets else set()
    keep = [
        c for c in mapped.frame.columns
        if c == "extras" or c in targets or c in names or targets & slots.get(c, set())
    ]
    return mapped.frame.select(keep)


def _empty_rows(raw: pl.DataFrame, mapped: Mapped) -> pl.Series:
    # Blank lines, and LinkedIn's date-only rows (hidden or closed profiles), carry nobody.
    content = [c for c in raw.columns if mapped.targets.get(c) not in ("connected_on", "ignore")]
    if not content or raw.height == 0:
        return pl.Series([True] * raw.height, dtype=pl.Boolean)
    blank = [pl.col(c).str.strip_chars().replace("", None).is_null() for c in content]
    return raw.select(pl.all_horizontal(blank)).to_series()


def _cast(staged: pl.DataFrame, mapped: Mapped, *, kind: str, today: date) -> tuple[pl.DataFrame, pl.DataFrame]:
    # Cast the typed fields ourselves (FACTS: coerce=True poisons other checks) and warn per value lost.
    headers = {t: c for c, t in mapped.targets.items()}
    # LinkedIn writes M/D/Y everywhere; any other file's order is read from its own dates, together.
    order = date_order([staged.get_column("birth_date"), staged.get_column("connected_on")], default_day_first=False)
    if kind == "linkedin":
        order = DateOrder(order.day_first if order.undecided is None and order.conflicting is None else False)
    parsed = {
        "class_year": parse_class_year(staged.get_column("class_year"), today=today),
        "birth_date": parse_dates(staged.get_column("birth_date"), today=today, field="birth_date", order=order),
        "connected_on": parse_dates(staged.get_column("connected_on"), today=today, field="connected_on", order=order),
    }
    reasons = {
        "class_year": "not a class year; value dropped",
        "birth_date": "not a date we can read; value dropped",
        "connected_on": "not a date we can read; value dropped",
    }
    frames = [_order_warning(staged, mapped, headers, order)]
    for field, values in parsed.items():
        raw = staged.get_column(field)
        lost = raw.is_not_null() & values.is_null() & ~raw.str.contains(NO_DATE)
        if lost.any():
            frames.append(
                staged.filter(lost).select(
                    pl.col("_row").alias("row"),
                    pl.lit(_header_name(mapped, headers.get(field, field))).alias("column"),
                    pl.col(field).alias("value"),
                    pl.lit(reasons[field]).alias("reason"),
                )
            )
    staged = staged.with_columns(*(v.alias(k) for k, v in parsed.items()))
    return staged, _concat_issues([f for f in frames if f is not None])


def _order_warning(staged: pl.DataFrame, mapped: Mapped, headers: dict, order: DateOrder) -> pl.DataFrame | None:
    # One warning per file, on the first row holding the value that left the order in doubt.
    value = order.undecided or order.conflicting
    if value is None:
        return None
    shown = "D/M/Y (day first)" if order.day_first else "M/D/Y (month first)"
    if order.undecided:
        reason = f"dates such as {value} read either day first or month first and no date in the file decides: read as {shown}"
    else:
        reason = f"dates in this file disagree on day-first or month-first order: most read as {shown}, {value} does not"
    for field in ("birth_date", "connected_on"):
        hits = staged.filter(pl.col(field).str.strip_chars().str.starts_with(value))
        if hits.height:
            return hits.head(1).select(
                pl.col("_row").alias("row"),
                pl.lit(_header_name(mapped, headers.get(field, field))).alias("column"),
                pl.col(field).alias("value"),
                pl.lit(reason + "; write dates as YYYY-MM-DD to be sure").alias("reason"),
            )
    return None


def _rows_at(lines: pl.Series, rejects: Sequence[tuple[int, str]]) -> pl.Series:
    """Per raw row, the reason its bytes rule it out (null for the others): the row that starts at or before that line."""
    reasons = pl.Series([None] * lines.len(), dtype=pl.String)
    if not rejects or lines.len() == 0:
        return reasons
    at = [(int(lines.search_sorted(line, side="right")) - 1, reason) for line, reason in rejects]
    found = {row: reason for row, reason in reversed(at) if row >= 0}
    return reasons.scatter(list(found), list(found.values())) if found else reasons


def _byte_rejects(raw: pl.DataFrame, lines: pl.Series, broken: pl.Series, delimiter: str, path: str) -> pl.DataFrame:
    rows = pl.DataFrame({"_row": pl.int_range(raw.height, eager=True, dtype=pl.Int64), "source_line": lines, "reason": broken})
    rows = rows.filter(pl.col("reason").is_not_null())
    if rows.height == 0:
        return pl.DataFrame(schema=ISSUE_SCHEMA)
    shown = _rejects(raw, rows.select("_row", "source_line"), delimiter, path)
    return shown.with_columns(pl.lit("").alias("column"), rows.get_column("reason").alias("reason"))


def _header_name(mapped: Mapped, column: str) -> str:
    return mapped.headers.get(column, column)


def _record_ids(content_hash: str, lines: pl.Series) -> list[str]:
    # sha256 has no polars expression; hashing is ~0.5 µs a row, well inside the budget.
    return [hashlib.sha256(f"{content_hash}:{line}".encode()).hexdigest()[:16] for line in lines.to_list()]


def _check(records: pl.DataFrame) -> tuple[list[int], pl.DataFrame]:
    """Run RecordModel lazily: rows failing identification, and (row, column) value failures."""
    try:
        RecordModel.validate(records, lazy=True)
    except pa.errors.SchemaErrors as err:
        cases = err.failure_cases
        if cases.filter(pl.col("index").is_null()).height:
            raise RuntimeError(f"record frame does not match RecordModel: {cases.filter(pl.col('index').is_null())}") from err
        nobody = cases.filter(pl.col("check") == IDENTIFIES).get_column("index").cast(pl.Int64).to_list()
        values = cases.filter(pl.col("check") != IDENTIFIES).select(
            pl.col("index").cast(pl.Int64).alias("row"), "column", pl.col("failure_case").alias("value"), "check"
        )
        return nobody, values
    return [], pl.DataFrame(schema={"row": pl.Int64, "column": pl.String, "value": pl.String, "check": pl.String})


def _blank_failures(records: pl.DataFrame, failures: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    # A bad optional value is blanked and reported; the row stays.
    issues = []
    for column in failures.get_column("column").unique().to_list():
        rows = failures.filter(pl.col("column") == column).get_column("row")
        if column not in _VALUE_CHECK_REASONS:
            raise RuntimeError(f"unexpected check failure on {column}: {failures.filter(pl.col('column') == column).head(3)}")
        mask = pl.int_range(pl.len()).is_in(rows.implode())
        records = records.with_columns(pl.when(mask).then(None).otherwise(pl.col(column)).alias(column))
        issues.append(
            failures.filter(pl.col("column") == column).select(
                pl.col("row").alias("_pos"), "column", pl.col("value").cast(pl.String), pl.lit(_VALUE_CHECK_REASONS[column]).alias("reason")
            )
        )
    if not issues:
        return records, _concat_issues([])
    positions = records.select(pl.col("_row"), pl.int_range(pl.len(), dtype=pl.Int64).alias("_pos"))
    found = pl.concat(issues).join(positions, on="_pos").select(pl.col("_row").alias("row"), "column", "value", "reason")
    return records, found


def _rejects(raw: pl.DataFrame, rows: pl.DataFrame, delimiter: str, path: str) -> pl.DataFrame:
    if rows.height == 0:
        return pl.DataFrame(schema=ISSUE_SCHEMA)
    # The value shown is the row as written (non-empty cells), so the user can find it.
    text = raw.select(
        pl.concat_str([pl.col(c).str.strip_chars().replace("", None) for c in raw.columns], separator=delimiter or " | ", ignore_nulls=True)
        .str.slice(0, 200)
        .alias("value")
    ).with_row_index("_row").with_columns(pl.col("_row").cast(pl.Int64))
    return rows.select("_row", "source_line").join(text, on="_row", how="left").select(
        pl.lit(path).alias("source_file"),
        "source_line",
        pl.lit("first_name/last_name/emails/linkedin_url").alias("column"),
        "value",
        pl.lit(NOBODY).alias("reason"),
    )


def _issues(found: pl.DataFrame, line_of: pl.DataFrame, path: str) -> pl.DataFrame:
    if found.height == 0:
        return pl.DataFrame(schema=ISSUE_SCHEMA)
    return found.join(line_of, left_on="row", right_on="_row").select(
        pl.lit(path).alias("source_file"), pl.col("source_line").cast(pl.Int64), "column", pl.col("value").cast(pl.String), "reason"
    )


def _concat_issues(frames: list[pl.DataFrame]) -> pl.DataFrame:
    if not frames:
        return pl.DataFrame(schema={"row": pl.Int64, "column": pl.String, "value": pl.String, "reason": pl.String})
    return pl.concat(frames, how="vertical_relaxed")
