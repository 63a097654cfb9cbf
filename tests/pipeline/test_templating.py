"""The one Jinja environment: sandboxed, strict, HTML-escaping, overridable from a workspace."""

from __future__ import annotations

import pytest
from jinja2 import UndefinedError
from jinja2.sandbox import SandboxedEnvironment, SecurityError

from pipeline.resources import templates_dir
from pipeline.templating import template_env


def test_environment_is_sandboxed():
    """Templates run in Jinja's sandbox."""
    assert isinstance(template_env(), SandboxedEnvironment)


def test_same_folder_gives_the_same_cached_environment(tmp_path):
    """Compiling is the cost: one environment per override folder, reused."""
    assert template_env(tmp_path) is template_env(tmp_path / ".")
    assert template_env() is template_env(None)


def test_override_folder_wins_over_shipped_templates(tmp_path):
    """A user's templates/ copy replaces the built-in template of the same name."""
    (tmp_path / "nudge.txt.j2").write_text("mine {{ x }}", encoding="utf-8")
    assert template_env(tmp_path).get_template("nudge.txt.j2").render(x=1) == "mine 1"


def test_missing_override_falls_back_to_shipped_template(tmp_path):
    """Templates the user did not copy come from the repository's templates/."""
    template = template_env(tmp_path).get_template("nudge.txt.j2")
    assert template.filename == str(templates_dir() / "nudge.txt.j2")


def test_values_are_data_not_template_code(tmp_path):
    """A contact named {{ 7*7 }} stays literally that."""
    (tmp_path / "t.txt.j2").write_text("Hi {{ name }}", encoding="utf-8")
    assert template_env(tmp_path).get_template("t.txt.j2").render(name="{{ 7*7 }}") == "Hi {{ 7*7 }}"


def test_html_templates_escape_values(tmp_path):
    """Output of .html.j2 templates is HTML-escaped."""
    (tmp_path / "t.html.j2").write_text("<p>{{ name }}</p>", encoding="utf-8")
    out = template_env(tmp_path).get_template("t.html.j2").render(name="<script>x</script>")
    assert out == "<p>&lt;script&gt;x&lt;/script&gt;</p>"


def test_text_templates_do_not_escape(tmp_path):
    """Plain-text drafts keep apostrophes and ampersands as written."""
    (tmp_path / "t.txt.j2").write_text("{{ name }}", encoding="utf-8")
    assert template_env(tmp_path).get_template("t.txt.j2").render(name="O'Brien & Co") == "O'Brien & Co"


def test_undefined_variable_raises(tmp_path):
    """StrictUndefined: a misspelt variable fails loudly instead of leaving a hole."""
    (tmp_path / "t.txt.j2").write_text("Hi {{ frist_name }}", encoding="utf-8")
    with pytest.raises(UndefinedError):
        template_env(tmp_path).get_template("t.txt.j2").render(first_name="Ana")


def test_sandbox_blocks_python_internals(tmp_path):
    """A template cannot reach Python internals through a value."""
    (tmp_path / "t.txt.j2").write_text("{{ name.__class__.__mro__[1].__subclasses__() }}", encoding="utf-8")
    with pytest.raises((SecurityError, UndefinedError)):
        template_env(tmp_path).get_template("t.txt.j2").render(name="x")


def test_trailing_newline_is_kept(tmp_path):
    """Files end the way the template ends (keep_trailing_newline)."""
    (tmp_path / "t.txt.j2").write_text("x\n", encoding="utf-8")
    assert template_env(tmp_path).get_template("t.txt.j2").render() == "x\n"
