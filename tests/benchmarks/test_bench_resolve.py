"""The resolve benchmark runs end to end and prints its table (a small size; splink only when installed)."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "bench_resolve.py"


def run(*args: str) -> str:
    done = subprocess.run([sys.executable, str(SCRIPT), *args], capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


@pytest.mark.slow
def test_bench_resolve_prints_quality_time_and_memory():
    """3,000 records, coffeechat alone: the table has time, peak memory and pairwise scores."""
    out = run("3000", "--no-splink")
    for metric in ("coffeechat_s", "coffeechat_peak_mb", "coffeechat_P", "coffeechat_R", "coffeechat_F1"):
        assert metric in out


@pytest.mark.slow
@pytest.mark.skipif(importlib.util.find_spec("splink") is None, reason="splink is a benchmark-only dependency")
def test_bench_resolve_runs_splink_side_by_side():
    """With splink installed, the same run prints its time, F1 and the ratio of the two times."""
    out = run("3000")
    for metric in ("splink_s", "splink_F1", "time_ratio_splink_over_ours"):
        assert metric in out
    assert "splink_failed" not in out
