"""Dedupe quality on Febrl 1-4 through `resolve` with default settings (no SSN): pairwise precision, recall, F1."""

from __future__ import annotations

import hashlib
import json
import sys
import time
from pathlib import Path

import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.febrl_cli import febrl_frame, pairwise_scores
from pipeline.resolve.linkage import resolve
from pipeline.resolve.normalize import add_match_keys
from schemas.fields import RECORD_DTYPES

SETS = ("febrl1", "febrl2", "febrl3", "febrl4")


def febrl_records(name: str) -> tuple[pl.DataFrame, pl.Series]:
    """A Febrl set as alumni records (the columns the importer maps them to) and the true entity of each."""
    frame = febrl_frame(name).with_row_index("line", offset=2)
    text = [c for c, t in RECORD_DTYPES.items() if t == pl.String()]
    records = frame.select(
        pl.col("line").cast(pl.String).map_elements(
            lambda line: hashlib.sha256(f"{name}:{line}".encode()).hexdigest()[:16], return_dtype=pl.String
        ).alias("record_id"),
        pl.lit("alumni").alias("source_kind"),
        pl.lit(f"{name}.csv").alias("source_file"),
        pl.col("line").cast(pl.Int64).alias("source_line"),
        pl.struct(pl.col("address_2")).map_elements(
            lambda s: json.dumps({"address_2": s["address_2"]}), return_dtype=pl.String
        ).alias("extras"),
        pl.col("given_name").alias("first_name"),
        pl.col("surname").alias("last_name"),
        pl.concat_str(pl.col("street_number"), pl.col("address_1"), separator=" ", ignore_nulls=True)
        .alias("street_address"),
        pl.col("suburb").alias("city"),
        pl.col("postcode").alias("postal_code"),
        pl.col("state").alias("region"),
        pl.col("date_of_birth").str.to_date("%Y%m%d", strict=False).alias("birth_date"),
    )
    records = records.with_columns(
        *[pl.lit(None, t).alias(c) for c, t in RECORD_DTYPES.items() if c not in records.columns],
        *[pl.when(pl.col(c).str.strip_chars() == "").then(None).otherwise(pl.col(c).str.strip_chars()).alias(c)
          for c in text if c in records.columns],
    ).with_columns(pl.lit([], pl.List(pl.String)).alias("emails"), pl.lit([], pl.List(pl.String)).alias("phones"))
    records = records.select(list(RECORD_DTYPES)).cast(RECORD_DTYPES).with_columns(
        pl.lit(None, pl.String).alias("contact_id"), pl.lit(1, pl.Int64).alias("import_seq")
    )
    return records, frame["entity"]


def score(name: str) -> dict:
    records, truth = febrl_records(name)
    start = time.perf_counter()
    resolution = resolve(add_match_keys(records))
    seconds = time.perf_counter() - start
    predicted = records.select("record_id").join(resolution.assignments, on="record_id", how="left")["contact_id"]
    precision, recall, f1 = pairwise_scores(truth, predicted)
    return {"set": name, "records": records.height, "precision": round(precision, 4), "recall": round(recall, 4),
            "f1": round(f1, 4), "review_pairs": resolution.review_pairs.height, "seconds": round(seconds, 2)}


def main() -> None:
    table = pl.DataFrame([score(name) for name in SETS])
    with pl.Config(tbl_rows=-1, tbl_cols=-1, tbl_hide_dataframe_shape=True, tbl_hide_column_data_types=True):
        print("Febrl through resolve() with default settings (no SSN; febrl3/4 held out; febrl4 = A+B as one list)")
        print(table)


if __name__ == "__main__":
    main()
