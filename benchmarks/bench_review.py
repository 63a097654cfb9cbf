"""Time the review page over HTTP on a generated 10k-contact store: the plan page (≤ 300 ms) and a stage change (≤ 100 ms).

Run `python benchmarks/bench_review.py [--contacts N] [--runs R]`. It writes a synthetic store
(the scoring benchmark's contacts, no import), starts `coffeechat review --no-open` on a free
port as a user would, and times requests with http.client (one keep-alive connection).
"""

from __future__ import annotations

import argparse
import http.client
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import polars as pl

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_score import generate  # noqa: E402

from pipeline.store import LedgerEntry, Store  # noqa: E402
from pipeline.workspace import init_workspace  # noqa: E402
from schemas.fields import CANONICAL_DTYPES, RECORD_DTYPES  # noqa: E402

TODAY = "2026-12-02"
PLAN_TARGET_MS = 300
STAGE_TARGET_MS = 100


def make_store(root: Path, n: int) -> None:
    """A workspace whose store holds n contacts, one source record each, with the sample profile."""
    workspace, _ = init_workspace(root)
    shutil.copyfile(ROOT / "data" / "sample" / "profile.toml", workspace.profile)
    contacts = generate(n).drop("status")
    contacts = contacts.with_columns(
        *[pl.lit(None, dtype).alias(k) for k, dtype in CANONICAL_DTYPES.items() if k not in contacts.columns]
    ).with_columns(pl.col("class_year").cast(pl.Int32))
    # One record per contact, so the contact page reads provenance from a store of realistic size.
    records = contacts.select(
        ("r_" + pl.col("contact_id")).alias("record_id"), pl.lit("linkedin").alias("source_kind"),
        pl.lit("Connections.csv").alias("source_file"), (pl.int_range(pl.len()) + 2).cast(pl.Int64).alias("source_line"),
        pl.lit("{}").alias("extras"), *[c for c in CANONICAL_DTYPES if c in RECORD_DTYPES],
    ).select(list(RECORD_DTYPES)).cast(RECORD_DTYPES)
    entry = LedgerEntry(1, "bench", "Connections.csv", "linkedin", "utf-8", f"{TODAY}T09:00:00+00:00", n, n, 0, 0, 0)
    no_issues = pl.DataFrame(schema={"source_file": pl.String, "source_line": pl.Int64, "column": pl.String,
                                     "value": pl.String, "reason": pl.String, "severity": pl.String})
    no_pairs = pl.DataFrame(schema={"record_a": pl.String, "record_b": pl.String, "weight": pl.Float64,
                                    "probability": pl.Float64, "reasons": pl.String})
    with Store.open(root) as store:
        store.write_import(entry=entry, records=records, issues=no_issues,
                           assignments=records.select("record_id", pl.col("record_id").str.slice(2).alias("contact_id")),
                           contacts=contacts.select("contact_id", *CANONICAL_DTYPES, "sources", "record_count"),
                           review_pairs=no_pairs)


class Client:
    """One keep-alive HTTP connection carrying the launch token's cookie."""

    def __init__(self, port: int, token: str) -> None:
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        self.headers = {"Cookie": f"coffeechat_review={token}", "Host": f"127.0.0.1:{port}"}

    def request(self, method: str, path: str, body: str | None = None) -> tuple[int, float, str]:
        headers = dict(self.headers)
        if body is not None:
            headers.update({"Content-Type": "application/x-www-form-urlencoded", "Sec-Fetch-Site": "same-origin"})
        start = time.perf_counter()
        self.conn.request(method, path, body=body, headers=headers)
        response = self.conn.getresponse()
        text = response.read().decode("utf-8", "replace")
        return response.status, (time.perf_counter() - start) * 1000, text


def median_ms(client: Client, method: str, paths: list[str], body: str | None = None) -> float:
    times = []
    for path in paths:
        status, ms, _ = client.request(method, path, body)
        assert status in (200, 303), (path, status)
        times.append(ms)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-review-"))
    try:
        make_store(folder / "ws", args.contacts)
        proc = subprocess.Popen(
            [sys.executable, "-m", "flows.cli", "review", "--no-open", "--port", "0", "--today", TODAY,
             "--workspace", str(folder / "ws")],
            cwd=ROOT, stdout=subprocess.PIPE, text=True,
        )
        line = proc.stdout.readline()
        port, token = re.search(r":(\d+)/\?token=(\S+)", line).groups()
        client = Client(int(port), token)
        try:
            _, first_ms, html = client.request("GET", "/")
            ids = re.findall(r'href="/contacts/([^"]+)"', html)
            marked = ids[args.runs: 2 * args.runs]
            rows = [
                ("plan page, first visit (ranks once)", first_ms, None),
                ("plan page", median_ms(client, "GET", ["/"] * args.runs), PLAN_TARGET_MS),
                ("plan page, text filter + sort", median_ms(client, "GET", ["/?q=data&sort=score&dir=desc"] * args.runs),
                 PLAN_TARGET_MS),
                ("plan page 20", median_ms(client, "GET", ["/?page=20"] * args.runs), PLAN_TARGET_MS),
                ("contact page", median_ms(client, "GET", [f"/contacts/{c}" for c in ids[: args.runs]]), None),
            ]
            # Each stage change is followed by the plan page, as a reviewer would go back to the list.
            changes, after = [], []
            for cid in marked:
                changes.append(client.request("POST", f"/contacts/{cid}/mark", "kind=sent")[1])
                after.append(client.request("GET", "/")[1])
            rows += [
                ("stage change (POST mark sent)", statistics.median(changes), STAGE_TARGET_MS),
                ("plan page after a stage change (kept scores)", statistics.median(after), PLAN_TARGET_MS),
            ]
            client.request("POST", f"/contacts/{ids[0]}/rate", "grade=3&target=")
            rows.append(("plan page after a rating (scores again)", client.request("GET", "/")[1], None))
        finally:
            proc.send_signal(signal.SIGINT)
            proc.wait(timeout=60)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print(f"review page over HTTP, {args.contacts} contacts, median of {args.runs}")
    print(f"{'request':48} {'ms':>8} {'target':>8} {'ms/target':>9}  ok")
    for name, ms, target in rows:
        verdict = "" if target is None else ("yes" if ms <= target else "NO")
        ratio = f"{ms / target:.2f}" if target else ""
        print(f"{name:48} {ms:8.1f} {target or '':>8} {ratio:>9}  {verdict}")


if __name__ == "__main__":
    main()
