"""Plan rendering: Markdown and the offline HTML page, escaped and self-contained."""

from __future__ import annotations

import re
from datetime import date

import polars as pl
import pytest

from pipeline.rank.plan import build_plan
from pipeline.rank.questions import load_question_bank
from pipeline.rank.render_plan import (
    md_escape,
    plan_context,
    render_plan_html,
    render_plan_markdown,
)
from pipeline.rank.score import score_contacts
from tests.pipeline.rank.test_score import make_contacts, make_profile

SHIPPED_QUESTIONS = load_question_bank()

TODAY = date(2026, 11, 25)
GENERATED = date(2026, 11, 25)


def sample_plan(*rows, profile=None) -> pl.DataFrame:
    profile = profile or make_profile()
    contacts = make_contacts(*rows)
    return build_plan(score_contacts(contacts, profile, today=TODAY), contacts, profile, today=TODAY, questions=SHIPPED_QUESTIONS)


ROWS = (
    {"full_name": "Ana Ruiz", "title": "Senior Data Scientist", "company": "Spotify", "emails": ["ana@example.com"]},
    {"full_name": "Bo | Li *bold*", "title": "UX Researcher", "company": "Figma", "linkedin_url": "https://www.linkedin.com/in/bo"},
    {"full_name": "<script>alert(1)</script>", "title": "Data Scientist", "company": "Evil & Co",
     "linkedin_url": "javascript:alert(1)"},
)


@pytest.fixture(scope="module")
def plan() -> pl.DataFrame:
    return sample_plan(*ROWS)


def test_context_groups_rows_into_weeks_in_rank_order(plan):
    """The context lists rows by rank and groups them under their week's Monday."""
    context = plan_context(plan, make_profile(), generated=GENERATED)
    assert [r["rank"] for r in context["rows"]] == [1, 2, 3]
    assert [w["label"] for w in context["weeks"]] == ["Mon 30 Nov 2026"]


def test_markdown_lists_weeks_people_and_questions(plan):
    """plan.md has a heading per week and each person with why, reach and questions."""
    md = render_plan_markdown(plan, make_profile(), generated=GENERATED)
    assert "## Week 1 — Mon 30 Nov 2026" in md
    assert "### 1. Ana Ruiz" in md
    assert "- **Reach:** email ana@example\\.com" not in md  # dots are not special in Markdown
    assert "email ana@example.com" in md
    assert "Is there anyone else" in md


def test_markdown_escapes_table_pipes_and_emphasis(plan):
    """A name with | or * cannot break the table or turn bold."""
    md = render_plan_markdown(plan, make_profile(), generated=GENERATED)
    assert "Bo \\| Li \\*bold\\*" in md
    assert "Bo | Li" not in md


def test_markdown_never_links_a_non_web_url(plan):
    """A javascript: URL from an import is not rendered as a link."""
    md = render_plan_markdown(plan, make_profile(), generated=GENERATED)
    assert "javascript:" not in md
    assert "<https://www.linkedin.com/in/bo>" in md


def test_html_escapes_contact_data(plan):
    """Names, companies and URLs from imports are escaped and javascript: URLs never linked."""
    html = render_plan_html(plan, make_profile(), generated=GENERATED)
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "Evil &amp; Co" in html
    assert 'href="javascript:' not in html


def test_html_is_self_contained(plan):
    """plan.html loads nothing: no external src/href, a CSP that forbids fetching."""
    html = render_plan_html(plan, make_profile(), generated=GENERATED)
    assert not re.search(r'<(script|link|img|iframe)[^>]+(src|href)=', html)
    assert "default-src 'none'" in html
    assert html.count("<script>") == 1 and "<style>" in html


def test_html_carries_sort_and_filter_data(plan):
    """Each row carries the data the page sorts and filters on."""
    html = render_plan_html(plan, make_profile(), generated=GENERATED)
    assert html.count("<tr data-rank=") == plan.height
    assert '<option value="Data science">Data science</option>' in html


@pytest.mark.parametrize("render", [render_plan_markdown, render_plan_html])
def test_empty_plan_renders(render):
    """An empty plan renders without template errors and says so (Markdown) or shows no rows."""
    out = render(sample_plan({"title": "Accountant"}), make_profile(), generated=GENERATED)
    assert "{{" not in out and "{%" not in out


@pytest.mark.parametrize("render", [render_plan_markdown, render_plan_html])
def test_rendering_leaves_no_template_syntax(plan, render):
    """Rendered output never contains unrendered Jinja syntax."""
    out = render(plan, make_profile(), generated=GENERATED)
    assert "{{" not in out and "{%" not in out


@pytest.mark.parametrize(("text", "escaped"), [("a|b", "a\\|b"), ("*x*", "\\*x\\*"), ("[l](u)", "\\[l\\](u)"), ("plain", "plain")])
def test_md_escape(text, escaped):
    """md_escape backslash-escapes Markdown's active characters only."""
    assert md_escape(text) == escaped


@pytest.mark.parametrize("render", [render_plan_markdown, render_plan_html])
def test_max_rows_keeps_the_first_rows_and_says_so(plan, render):
    """max_rows renders only the first rows and points to plan.csv for the rest."""
    out = render(plan, make_profile(), generated=GENERATED, max_rows=1)
    marker = "<tr data-rank=" if render is render_plan_html else "\n### "
    assert out.count(marker) == 1
    assert "plan.csv has everyone" in out


HELD = pl.DataFrame(
    [("c101", "Bo | Li", "ACME", "waiting", "Ana Lopez at the same organisation replied for Data science; ask here once that conversation has run its course"),
     ("c102", "<b>Di</b>", None, "unreachable", "no email or profile URL: import a file that has one to plan them")],
    schema=["contact_id", "name", "company", "section", "why"], orient="row",
)


def test_markdown_lists_the_held_in_their_own_sections(plan):
    """plan.md ends with who waits on a colleague's reply and who is unreachable, each with why."""
    md = render_plan_markdown(plan, make_profile(), generated=GENERATED, held=HELD)
    waiting, unreachable = md.index("## Waiting on a colleague's reply (1)"), md.index("## Unreachable (1)")
    assert md.rindex("### ") < waiting < unreachable
    assert ("- **Bo \\| Li**, ACME: Ana Lopez at the same organisation replied for Data science; "
            "ask here once that conversation has run its course") in md
    assert "- **&lt;b&gt;Di&lt;/b&gt;**: no email or profile URL: import a file that has one to plan them" in md


def test_html_lists_the_held_in_their_own_sections(plan):
    """plan.html has a section for the waiting and one for the unreachable, data escaped."""
    html = render_plan_html(plan, make_profile(), generated=GENERATED, held=HELD)
    assert '<section class="held" id="held-waiting">' in html and '<section class="held" id="held-unreachable">' in html
    assert "<h2>Waiting on a colleague&#39;s reply (1)</h2>" in html
    assert '<li data-contact="c102"><strong>&lt;b&gt;Di&lt;/b&gt;</strong>: no email or profile URL' in html


@pytest.mark.parametrize("render", [render_plan_markdown, render_plan_html])
def test_no_held_section_when_nobody_is_held(plan, render):
    """With nobody held back there is no held section."""
    out = render(plan, make_profile(), generated=GENERATED, held=HELD.head(0))
    assert "Waiting on a colleague" not in out and "Unreachable" not in out


def test_held_sections_are_capped_and_point_to_the_csv(plan, monkeypatch):
    """Past HELD_SHOWN a section lists the first ones and points to out/plan_held.csv."""
    from pipeline.rank import render_plan

    many = pl.concat([HELD.filter(pl.col("section") == "unreachable").with_columns(pl.lit(f"c{i}").alias("contact_id"))
                      for i in range(3)])
    monkeypatch.setattr(render_plan, "HELD_SHOWN", 2)
    md = render_plan_markdown(plan, make_profile(), generated=GENERATED, held=many)
    assert "## Unreachable (3)" in md and "The first 2 are listed; out/plan_held.csv has everyone." in md
