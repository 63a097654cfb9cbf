"""`[ranking] semantic = true` in profile.toml: `coffeechat plan` without the extra installed says how to install it."""

from __future__ import annotations

import importlib.util

import pytest

pytestmark = pytest.mark.skipif(importlib.util.find_spec("wordllama") is not None, reason="the semantic extra is installed")


def test_plan_with_semantic_but_no_extra_names_the_install(ready):
    """No wordllama: exit 1, one Error line with the pip command, no traceback, no plan written."""
    profile = ready.ws / "profile.toml"
    profile.write_text(profile.read_text(encoding="utf-8") + "\n[ranking]\nsemantic = true\n", encoding="utf-8")
    result = ready("plan")
    assert (result.code, result.err) == (1, "Error: The semantic extra is not installed. Run: pip install 'coffeechat[semantic]'.\n")
    assert not (ready.ws / "out" / "plan.csv").exists()
