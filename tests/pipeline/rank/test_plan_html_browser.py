"""plan.html in a real headless Chromium: sorting by a column and filtering by target and text."""

from __future__ import annotations

import shutil
from datetime import date

import pytest

from pipeline.rank.plan import build_plan
from pipeline.rank.questions import load_question_bank
from pipeline.rank.render_plan import render_plan_html
from pipeline.rank.score import score_contacts
from tests.pipeline.rank.test_score import make_contacts, make_profile

SHIPPED_QUESTIONS = load_question_bank()

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
TODAY = date(2026, 11, 25)
ROWS = (
    {"full_name": "Ana Ruiz", "title": "Head of Data Science", "company": "Spotify", "emails": ["ana@example.com"]},
    {"full_name": "Bo Li", "title": "UX Researcher", "company": "Figma"},
    {"full_name": "Cy Twain", "title": "Data Analyst", "company": "Zalando"},
    {"full_name": "Dee José", "title": "Product Designer", "company": "Canva"},
    {"full_name": "Ed Sun", "title": "Machine Learning Engineer", "company": "Acme"},
)


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    """The rendered plan, written to disk and opened over file:// in headless Chromium."""
    if CHROMIUM is None:
        pytest.skip("chromium is not installed (apt install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="python playwright is not installed")
    profile = make_profile()
    contacts = make_contacts(*ROWS)
    plan = build_plan(score_contacts(contacts, profile, today=TODAY), contacts, profile, today=TODAY, questions=SHIPPED_QUESTIONS)
    path = tmp_path_factory.mktemp("plan") / "plan.html"
    path.write_text(render_plan_html(plan, profile, generated=TODAY), encoding="utf-8")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        tab = browser.new_page()
        requests: list[str] = []
        tab.on("request", lambda r: requests.append(r.url))
        errors: list[str] = []
        tab.on("pageerror", lambda e: errors.append(str(e)))
        tab.goto(path.as_uri())
        tab.requests, tab.errors, tab.plan = requests, errors, plan
        yield tab
        browser.close()


def visible_names(page) -> list[str]:
    return page.eval_on_selector_all(
        "#plan tbody tr:not([hidden])", "rows => rows.map(r => r.dataset.name)"
    )


def reset(page) -> None:
    page.select_option("#target-filter", "")
    page.fill("#text-filter", "")
    if page.get_attribute("th[data-key=rank]", "aria-sort") != "ascending":
        page.click("th[data-key=rank] button")


def test_page_loads_only_itself_and_runs_without_errors(page):
    """Opening the page requests nothing but the file itself and raises no script error."""
    assert [u for u in page.requests if not u.startswith("file://")] == []
    assert page.errors == []


def test_rows_start_in_plan_order(page):
    """On load, rows are in rank order."""
    reset(page)
    assert visible_names(page) == page.plan["name"].to_list()


def test_sort_by_name_then_reverse(page):
    """Clicking Name sorts A-Z; clicking again sorts Z-A."""
    reset(page)
    page.click("th[data-key=name] button")
    names = sorted(page.plan["name"].to_list(), key=str.casefold)
    assert visible_names(page) == names
    assert page.get_attribute("th[data-key=name]", "aria-sort") == "ascending"
    page.click("th[data-key=name] button")
    assert visible_names(page) == names[::-1]


def test_sort_by_score_puts_highest_first(page):
    """A first click on Score sorts high to low, numerically."""
    reset(page)
    page.click("th[data-key=score] button")
    scores = page.eval_on_selector_all("#plan tbody tr", "rows => rows.map(r => parseFloat(r.dataset.score))")
    assert scores == sorted(scores, reverse=True)


def test_filter_by_target(page):
    """Choosing a target shows only that target's rows and updates the count."""
    reset(page)
    page.select_option("#target-filter", "UX")
    expected = page.plan.filter(page.plan["target"] == "UX")["name"].to_list()
    assert sorted(visible_names(page)) == sorted(expected) and expected
    assert page.text_content("#count") == f"{len(expected)} of {page.plan.height} shown"


def test_filter_by_text_ignores_case_and_accents(page):
    """Typing "jose" finds "Dee José"; typing a company finds its people."""
    reset(page)
    page.fill("#text-filter", "jose")
    assert visible_names(page) == ["Dee José"]
    page.fill("#text-filter", "SPOTIFY")
    assert visible_names(page) == ["Ana Ruiz"]


def test_filter_with_no_match_shows_the_empty_note(page):
    """When nothing matches, the "No one matches" note appears."""
    reset(page)
    page.fill("#text-filter", "zzzz-nobody")
    assert visible_names(page) == []
    assert page.is_visible("#empty")
