"""The wordings benchmark starts from the held-out profile as written, and covers every graded field."""

from __future__ import annotations

from benchmarks import bench_profiles, heldout
from pipeline.profile import load_profile


def test_each_field_is_first_written_as_the_held_out_profile_writes_it():
    """'ours' is the profile the other benchmarks read, so the two tables agree on that row."""
    targets = {t.name: t.keywords for t in load_profile(heldout.PROFILE).targets}
    assert set(bench_profiles.WORDINGS) == set(heldout.GRADE_COLUMNS)
    for wordings in bench_profiles.WORDINGS.values():
        label, name, keywords = wordings[0]
        assert (label, keywords) == ("ours", targets[name])
