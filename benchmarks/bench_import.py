"""Time the import stage (read + map + validate via load_file) on a generated 1M-row alumni CSV.

Run `python benchmarks/bench_import.py [--rows N]`. Each measurement runs in its own subprocess
so peak RSS (ru_maxrss) belongs to that step alone. Targets: <= 10 s and <= 2 GB at 1M rows.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "benchmarks" / "out"

FIRST = ["Robert", "Elizabeth", "Priya", "Wei", "José", "Zoë", "Søren", "Amara", "Hiroshi", "Fatima", "Lucas", "Ingrid"]
LAST = ["Smith", "Müller", "O'Brien", "Chen", "Patel", "Martínez", "Kowalski", "Okafor", "Dubois", "Tanaka", "Silva"]
EMPLOYERS = ["Acme Analytics Inc.", "Spotify AB", "Northwind Health LLC", "Greenfield Energy GmbH", "Bluebird Bank plc", ""]
TITLES = ["Data Scientist", "UX Researcher", "ESG Analyst", "Teacher", "Software Engineer", "VP, Analytics", ""]
YEARS = ["1996", "'96", "2001", "'04 MA", "2014-05-15", "2019", "20x9", ""]
CITIES = ["Springfield", "Riverton", "Lakeside", "Portsmouth", "Fairview"]


def generate(path: Path, rows: int) -> None:
    """Write a synthetic alumni export with `rows` rows (vectorised: ~1 s per million)."""
    import polars as pl

    def pick(values: list[str], salt: int) -> pl.Expr:
        return pl.lit(pl.Series(values)).get((pl.int_range(rows) * salt + salt * 7) % len(values))

    i = pl.int_range(rows)
    frame = pl.select(
        ("A" + i.cast(pl.String)).alias("Constituent ID"),
        pick(FIRST, 7).alias("First Name"),
        pick(["J.", "", "M.", ""], 3).alias("Middle Name"),
        pick(LAST, 13).alias("Last Name"),
        pick(YEARS, 5).alias("Preferred Class Year"),
        pick(["BA", "BS", "MBA", "PhD"], 11).alias("Degree"),
        pick(EMPLOYERS, 17).alias("Employer"),
        pick(TITLES, 19).alias("Job Title"),
        pl.when(i % 10 == 3).then(pl.lit("omar@")).otherwise("p" + i.cast(pl.String) + "@example.org").alias("Email"),
        pick(CITIES, 23).alias("Home City"),
        pl.when(i % 3 == 0).then("+1 555 " + (i % 10000).cast(pl.String)).otherwise(pl.lit("")).alias("Mobile Phone"),
        pl.when(i % 4 == 0).then("https://www.linkedin.com/in/p" + i.cast(pl.String)).otherwise(pl.lit("")).alias("LinkedIn"),
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    frame.write_csv(path)


def child(step: str, path: Path) -> None:
    """Run one step in this process and print its wall time, peak RSS and row counts as JSON."""
    sys.path.insert(0, str(ROOT))
    import polars as pl

    start = time.perf_counter()
    if step == "bare":
        frame = pl.read_csv(path, infer_schema=False)
        counts = {"rows": frame.height}
    else:
        from pipeline.ingest.read import load_file

        loaded = load_file(path)
        counts = {"rows": loaded.rows, "accepted": loaded.accepted.height, "rejected": loaded.rejected.height,
                  "empty": loaded.empty, "warnings": loaded.warnings.height}
    seconds = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB
    print(json.dumps({"seconds": seconds, "peak_mb": peak_mb, **counts}))


def measure(step: str, path: Path) -> dict:
    proc = subprocess.run([sys.executable, __file__, "--child", step, str(path)], capture_output=True, text=True, check=True)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--child", nargs=2, metavar=("STEP", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], Path(args.child[1]))
        return
    path = OUT / f"alumni_{args.rows}.csv"
    if not path.exists():
        start = time.perf_counter()
        generate(path, args.rows)
        print(f"generated {path.relative_to(ROOT)} ({path.stat().st_size / 1e6:.0f} MB) in {time.perf_counter() - start:.1f} s")
    legacy = OUT / f"alumni_{args.rows}_cp1252_semicolon.csv"
    if not legacy.exists():
        # The Excel-re-save shape: `;`-separated cp1252, decoded in Python before polars parses it.
        legacy.write_bytes(path.read_text(encoding="utf-8").replace(",", ";").encode("cp1252", errors="replace"))
    bare = measure("bare", path)
    full = measure("load_file", path)
    excel = measure("load_file", legacy)
    print("| step | rows | seconds | rows/s | peak RSS MB | x bare read_csv |")
    print("|---|---|---|---|---|---|")
    steps = (("polars.read_csv (bare)", bare), ("load_file (read+map+validate)", full),
             ("load_file, cp1252 `;` re-save", excel))
    for name, m in steps:
        print(f"| {name} | {m['rows']:,} | {m['seconds']:.2f} | {m['rows'] / m['seconds']:,.0f} | {m['peak_mb']:,.0f} | {m['seconds'] / bare['seconds']:.1f} |")
    print(f"accepted {full['accepted']:,}, rejected {full['rejected']:,}, empty {full['empty']:,}, warnings {full['warnings']:,}")
    ok = full["seconds"] <= 10 and full["peak_mb"] <= 2048
    print(f"target <= 10 s and <= 2048 MB: {'met' if ok else 'MISSED'}")


if __name__ == "__main__":
    main()
