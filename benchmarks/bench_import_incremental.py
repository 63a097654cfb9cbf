"""Time importing 1,000 new LinkedIn rows into a store that already holds N records, against an empty store.

Run `python benchmarks/bench_import_incremental.py [--stored 100000 1000000]`. Each store is seeded once
(synthetic people from three sources, resolved and written as an import is: weights fitted, block keys
indexed) under benchmarks/out/, then copied fresh for each timing, so every measurement imports the
same file into the same store. The copy is opened and closed once before the clock starts: a store
closed cleanly by the last command skips the integrity check a copied file would otherwise trigger,
and the day's first write (which copies the store to backups/, once a day) is timed apart.
Targets (issue 15): <= 3 s at 100k stored records and <= 2x the empty-store time.
"""

from __future__ import annotations

import argparse
import csv
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "benchmarks" / "out"
NEW_ROWS = 1_000


def write_new_export(path: Path, rows: int) -> None:
    """A LinkedIn export of people the seeded stores do not hold (another seed, other slugs)."""
    sys.path.insert(0, str(ROOT))
    from benchmarks.synth_people import make_people

    people = make_people(rows, seed=4242)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"])
        for p in people:
            writer.writerow([p.first, p.last, f"https://www.linkedin.com/in/new-{p.slug}", "", p.company, p.title,
                             "08 Jan 2024"])


def seed_store(root: Path, records: int) -> float:
    """A workspace whose store holds `records` resolved records (one ledger entry); returns the seconds it took."""
    sys.path.insert(0, str(ROOT))
    import polars as pl

    from benchmarks.synth_people import make_cross_source
    from pipeline.app.resolving import write_import
    from pipeline.store import LedgerEntry, Store
    from pipeline.workspace import init_workspace

    start = time.perf_counter()
    ws, _ = init_workspace(root)
    if records:
        frame, _ = make_cross_source(records, seed=1)
        entry = LedgerEntry(1, "seed", "seed.csv", "contacts", "utf-8", "2026-01-01T00:00:00+00:00",
                            frame.height, frame.height, 0, 0, 0)
        empty = pl.DataFrame(schema={"source_file": pl.String, "source_line": pl.Int64, "column": pl.String,
                                     "value": pl.String, "reason": pl.String, "severity": pl.String})
        with Store.open(ws.root) as store, store.transaction():
            write_import(store, entry, frame.drop("contact_id", "import_seq"), empty)
    return time.perf_counter() - start


def child(root: Path, export: Path) -> None:
    """Import the new export into the workspace at `root`; print seconds, how it resolved and counts as JSON."""
    sys.path.insert(0, str(ROOT))
    from pipeline.app.imports import import_into
    from pipeline.store import Store
    from pipeline.workspace import Workspace

    with Store.open(root) as store:  # as the last command left it: closed cleanly
        fitted = store.resolver_state().fitted_records if store.resolver_state() else None
        start = time.perf_counter()
        with store.transaction():  # the day's first write copies the store to backups/: timed on its own
            pass
        backup = time.perf_counter() - start
    start = time.perf_counter()
    (report,) = import_into(Workspace(root), [export])
    seconds = time.perf_counter() - start
    with Store.open(root) as store:
        counts = store.counts()
        refitted = store.resolver_state().fitted_records != fitted
    how = "full (weights fitted)" if refitted else "incremental"
    print(json.dumps({"seconds": seconds, "backup": backup, "status": report.status, "how": how, **counts}))


def measure(seed: Path, export: Path) -> dict:
    trial = seed.with_name(seed.name + "-trial")
    shutil.rmtree(trial, ignore_errors=True)
    shutil.copytree(seed, trial)
    proc = subprocess.run([sys.executable, __file__, "--child", str(trial), str(export)], capture_output=True, text=True)
    shutil.rmtree(trial, ignore_errors=True)
    if proc.returncode:
        raise SystemExit(proc.stderr)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stored", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--repeat", type=int, default=3, help="trials per store size (the median is shown)")
    parser.add_argument("--child", nargs=2, metavar=("ROOT", "EXPORT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(Path(args.child[0]), Path(args.child[1]))
        return
    export = OUT / f"incremental_new_{NEW_ROWS}.csv"
    if not export.exists():
        write_new_export(export, NEW_ROWS)
    rows = []
    for stored in [0, *args.stored]:
        seed = OUT / f"incremental_store_{stored}"
        if not (seed / "coffeechat.db").exists():
            shutil.rmtree(seed, ignore_errors=True)
            seconds = seed_store(seed, stored)
            print(f"seeded {seed.relative_to(ROOT)} with {stored:,} records in {seconds:.1f} s", flush=True)
        trials = sorted((measure(seed, export) for _ in range(args.repeat)), key=lambda m: m["seconds"])
        rows.append((stored, trials[len(trials) // 2]))  # the median trial
    base = rows[0][1]["seconds"]
    print(f"| stored records | import {NEW_ROWS:,} new rows (s) | x empty store | resolution | records after "
          "| contacts after | the day's first write: backup (s) |")
    print("|---|---|---|---|---|---|---|")
    for stored, m in rows:
        print(f"| {stored:,} | {m['seconds']:.2f} | {m['seconds'] / base:.2f} | {m['how']} | {m['records']:,} "
              f"| {m['contacts']:,} | {m['backup']:.2f} |")
    at_100k = next((m for s, m in rows if s == 100_000), None)
    if at_100k is not None:
        ok = at_100k["seconds"] <= 3 and at_100k["seconds"] <= 2 * base
        print(f"target at 100k: <= 3 s and <= 2x empty: {'met' if ok else 'MISSED'}")


if __name__ == "__main__":
    main()
