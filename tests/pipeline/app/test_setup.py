"""The setup use cases: whether a run may publish artifacts to Prefect."""

from __future__ import annotations

import pytest

from pipeline.app import setup


@pytest.mark.parametrize(("section", "expected"), [("", True), ("[prefect]\nartifacts = true\n", True),
                                                  ("[prefect]\nartifacts = false\n", False)])
def test_artifacts_follow_the_profile(workspace, section, expected):
    """`[prefect] artifacts = false` in profile.toml turns the plan artifacts off; they are on by default."""
    workspace.profile.write_text(workspace.profile.read_text() + "\n" + section)
    assert setup.artifacts_enabled(workspace) is expected
