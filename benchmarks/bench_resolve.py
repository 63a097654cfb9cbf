"""Speed, peak memory and pairwise F1 of add_match_keys + resolve, side by side with splink (DuckDB) on the same data.

Usage: python benchmarks/bench_resolve.py [SIZE ...] [--sources linkedin,alumni[,google]] [--no-splink] [--sets tuning,held-out]
(default sizes: 100000 1000000; default sources: the issue's LinkedIn export + alumni list)

Each size runs on two generated sets, printed apart: "tuning" (seed = the size, the sets the
settings were tuned on) and "held-out" (HELD_OUT_SEED, never used while tuning).

Each engine runs in its own fresh process (so peak RSS is its own), on the same generated
cross-source records read from one parquet file. Splink gets the match keys coffeechat computed
(its normalisation is not timed, which favours it) and a standard EM-trained model.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import resource
import sys
import tempfile
import time
from pathlib import Path

import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.febrl_cli import pairwise_scores
from benchmarks.synth_people import make_cross_source

# A seed no setting was ever tuned on: its numbers are the honest ones.
HELD_OUT_SEED = 90210


def _peak_mb() -> float:
    """This process's own peak RSS (VmHWM): ru_maxrss would carry the parent's peak across fork + exec."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text(encoding="ascii").splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # not Linux: best effort (KiB)


def run_coffeechat(data: Path, out: Path, queue: mp.Queue) -> None:
    from pipeline.resolve.linkage import resolve
    from pipeline.resolve.normalize import add_match_keys

    records = pl.read_parquet(data)
    start = time.perf_counter()
    keyed = add_match_keys(records)
    keys_s = time.perf_counter() - start
    resolution = resolve(keyed)
    seconds = time.perf_counter() - start
    resolution.assignments.write_parquet(out)
    resolution.review_pairs.select("record_a", "record_b").write_parquet(out.with_suffix(".review.parquet"))
    queue.put({"seconds": seconds, "keys_s": keys_s, "peak_mb": _peak_mb(), "review": resolution.review_pairs.height})


def splink_input(records: pl.DataFrame) -> pl.DataFrame:
    """The columns splink compares: coffeechat's match keys, flattened."""
    from pipeline.resolve.normalize import add_match_keys

    keyed = add_match_keys(records)
    return keyed.select(
        pl.col("record_id").alias("unique_id"),
        pl.col("key_first").alias("first_name"),
        pl.col("key_last").alias("surname"),
        pl.col("key_first").str.slice(0, 1).alias("first_initial"),
        pl.col("key_first").str.slice(0, 2).alias("first_two"),
        pl.col("key_company").alias("company"),
        pl.col("key_title").alias("title"),
        pl.col("key_city").alias("city"),
        pl.col("key_emails").list.first().alias("email"),
        pl.col("key_phones").list.first().alias("phone"),
        pl.col("key_linkedin").alias("linkedin"),
    )


SPLINK_RULES = {
    # Tight rules (FACTS.md's 46 s reference was tight blocking).
    "tight": lambda block_on: [
        block_on("first_name", "surname"), block_on("surname", "company"),
        block_on("email"), block_on("phone"), block_on("linkedin"),
    ],
    # As close to coffeechat's own rules as splink's block_on allows (no nickname lists, no size caps).
    "broad": lambda block_on: [
        block_on("first_name", "surname"), block_on("surname", "first_initial"), block_on("surname", "company"),
        block_on("first_two", "company"), block_on("first_name", "city"),
        block_on("email"), block_on("phone"), block_on("linkedin"),
    ],
}


def run_splink(data: Path, out: Path, queue: mp.Queue, rules: str = "tight") -> None:
    import logging

    import duckdb
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    logging.getLogger("splink").setLevel(logging.WARNING)
    # DuckDB reads the parquet itself (no pyarrow needed); loading it is not timed, which favours splink.
    connection = duckdb.connect()
    connection.execute("CREATE TABLE records AS SELECT * FROM read_parquet(?)", [str(data)])
    start = time.perf_counter()
    settings = SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="unique_id",
        comparisons=[
            cl.NameComparison("first_name"),
            cl.NameComparison("surname"),
            cl.JaroWinklerAtThresholds("company", [0.9]),
            cl.JaroWinklerAtThresholds("title", [0.9]),
            cl.ExactMatch("city"),
            cl.ExactMatch("email"),
            cl.ExactMatch("phone"),
            cl.ExactMatch("linkedin"),
        ],
        blocking_rules_to_generate_predictions=SPLINK_RULES[rules](block_on),
        retain_intermediate_calculation_columns=False,
        retain_matching_columns=False,
    )
    db_api = DuckDBAPI(connection=connection)
    table = db_api.register("records")
    linker = Linker(table, settings, log_level=logging.WARNING)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("email"), block_on("linkedin")], recall=0.6
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6, seed=1)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("first_name", "surname"))
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("surname", "company"))
    predictions = linker.inference.predict(threshold_match_probability=0.5)
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(predictions, 0.5)
    clusters.as_duckdbpyrelation().select("unique_id AS record_id, CAST(cluster_id AS VARCHAR) AS contact_id").write_parquet(
        str(out)
    )
    seconds = time.perf_counter() - start
    queue.put({"seconds": seconds, "keys_s": 0.0, "peak_mb": _peak_mb(), "review": 0})


def _after_review(assigned: pl.DataFrame, review: pl.DataFrame) -> pl.Series:
    """Contacts once a reviewer answered every listed pair rightly (true pairs joined, the rest kept apart).

    Names alone never merge: what a person is asked about is the rest of the recall, printed apart.
    """
    person = dict(zip(assigned["record_id"], assigned["person"], strict=True))
    contact = dict(zip(assigned["record_id"], assigned["contact_id"], strict=True))
    parent: dict[str, str] = {}

    def root(c: str) -> str:
        while parent.get(c, c) != c:
            c = parent[c]
        return c

    for a, b in review.iter_rows():
        if person[a] == person[b]:
            parent[root(contact[a])] = root(contact[b])
    return pl.Series("after_review", [root(c) for c in assigned["contact_id"]])


def measure(target, data: Path, folder: Path, truth: pl.DataFrame, name: str, *extra) -> dict:
    """Run one engine in a fresh process; its time, its own peak RSS and its pairwise scores."""
    out = folder / f"{name}.parquet"
    context = mp.get_context("spawn")
    queue = context.Queue()
    process = context.Process(target=target, args=(data, out, queue, *extra))
    process.start()
    # Poll, so a child that dies (killed for memory, say) is reported instead of waited on forever.
    while True:
        try:
            stats = queue.get(timeout=5)
            break
        except Exception:  # queue.Empty
            if not process.is_alive():
                return {"seconds": float("nan"), "keys_s": float("nan"), "peak_mb": float("nan"), "review": 0,
                        "precision": float("nan"), "recall": float("nan"), "f1": float("nan"),
                        "failed": f"exit code {process.exitcode}"}
    process.join()
    assigned = truth.join(pl.read_parquet(out), on="record_id", how="left")
    precision, recall, f1 = pairwise_scores(assigned["person"], assigned["contact_id"])
    scores = {**stats, "precision": precision, "recall": recall, "f1": f1}
    review = out.with_suffix(".review.parquet")
    if review.exists():
        reviewed = _after_review(assigned, pl.read_parquet(review))
        scores["recall_after_review"] = pairwise_scores(assigned["person"], reviewed)[1]
    return scores


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[100_000, 1_000_000])
    parser.add_argument("--sources", default="linkedin,alumni",
                        help="comma-separated: linkedin, alumni, google (a sparse address book)")
    parser.add_argument("--no-splink", action="store_true")
    parser.add_argument("--sets", default="tuning,held-out", help="comma-separated: tuning (seed = size), held-out")
    parser.add_argument("--splink-rules", choices=sorted(SPLINK_RULES), default="tight",
                        help="splink's blocking: tight (its usual) or broad (close to coffeechat's own rules)")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        runs = [(size, name) for size in args.sizes for name in args.sets.split(",")]
        for size, set_name in runs:
            seed = size if set_name == "tuning" else HELD_OUT_SEED
            records, person = make_cross_source(size, seed=seed, sources=tuple(args.sources.split(",")))
            truth = records.select("record_id").with_columns(person)
            data = folder / f"records-{size}-{seed}.parquet"
            records.write_parquet(data)
            ours = measure(run_coffeechat, data, folder, truth, f"coffeechat-{size}-{seed}")
            row = {
                "set": f"{set_name} (seed {seed})",
                "records": records.height,
                "coffeechat_s": round(ours["seconds"], 1),
                "of_which_keys_s": round(ours["keys_s"], 1),
                "coffeechat_peak_mb": round(ours["peak_mb"]),
                "coffeechat_P": round(ours["precision"], 4),
                "coffeechat_R": round(ours["recall"], 4),
                "coffeechat_F1": round(ours["f1"], 4),
                "review_pairs": ours["review"],
                # Recall once every listed pair is answered: names alone wait for review by design.
                "coffeechat_R_after_review": round(ours.get("recall_after_review", float("nan")), 4),
            }
            print(row, flush=True)
            if not args.no_splink:
                splink_data = folder / f"splink-{size}-{seed}.parquet"
                splink_input(records).write_parquet(splink_data)
                theirs = measure(run_splink, splink_data, folder, truth, f"splink-{size}-{seed}", args.splink_rules)
                row |= {
                    "splink_s": round(theirs["seconds"], 1),
                    "splink_peak_mb": theirs["peak_mb"] if theirs["peak_mb"] != theirs["peak_mb"] else round(theirs["peak_mb"]),
                    "splink_F1": round(theirs["f1"], 4),
                    "splink_P": round(theirs["precision"], 4),
                    "splink_R": round(theirs["recall"], 4),
                    "time_ratio_splink_over_ours": round(theirs["seconds"] / ours["seconds"], 2),
                }
                if "failed" in theirs:
                    row["splink_failed"] = theirs["failed"]
            rows.append(row)
            print(row, flush=True)
    table = pl.DataFrame([{k: str(v) for k, v in r.items()} for r in rows]).transpose(include_header=True, header_name="metric",
                                         column_names=[f"{r['records']:,} {r['set'].split()[0]}" for r in rows])
    with pl.Config(tbl_rows=-1, tbl_hide_dataframe_shape=True, tbl_hide_column_data_types=True):
        print(f"resolve() vs splink 5 (DuckDB, {args.splink_rules} blocking) on the synthetic cross-source set, "
              f"sources {args.sources} (2 cores)")
        print(table)


if __name__ == "__main__":
    main()
