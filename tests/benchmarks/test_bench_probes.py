"""The probe sets read as written: every field in both sets, a user's few keywords, enough relevant rows to rank."""

from __future__ import annotations

import pytest

from benchmarks import bench_probes


@pytest.mark.parametrize("which", bench_probes.SETS)
def test_each_probe_file_holds_a_target_and_graded_rows(which):
    for probe in bench_probes.probes(which):
        assert 5 <= len(probe.keywords) <= 6, probe.field
        assert 40 <= probe.labels.height <= 60, probe.field
        assert set(probe.labels["grade"].unique()) == {0, 1, 2, 3}, probe.field
        assert (probe.labels["grade"] >= 2).sum() >= 20, probe.field
        assert probe.labels["title"].str.len_chars().min() > 0, probe.field


@pytest.mark.parametrize("which", bench_probes.FIELD_SETS)
def test_a_one_field_probe_set_holds_100_graded_rows(which):
    (probe,) = bench_probes.probes(which)
    assert 5 <= len(probe.keywords) <= 6
    assert probe.labels.height == 100
    assert set(probe.labels["grade"].unique()) == {0, 1, 2, 3}
    assert (probe.labels["grade"] >= 2).sum() >= 30


def test_every_probe_set_covers_the_same_26_fields():
    first, *others = ({p.field for p in bench_probes.probes(w)} for w in bench_probes.SETS)
    assert all(other == first for other in others)
    assert len(first) == 26


def test_a_probe_is_measured_against_the_naive_count_of_its_own_keywords():
    probe = bench_probes.probes("second")[0]
    ndcg, recall, naive = bench_probes.measure(probe)
    assert 0.0 <= naive <= 1.0 and 0.0 <= recall <= 1.0
    assert ndcg > naive  # field knowledge ranks the field's rows above a substring count
