"""The review page in a real headless Chromium, served by `coffeechat review` itself, checked through the CLI after."""

from __future__ import annotations

import csv
import json
import os
import shutil
import signal
import subprocess
import sys

import pytest

from tests.conftest import REPO, run_cli
from tests.flows.web.conftest import build_workspace

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DOCS = REPO / "docs"
TODAY = "2026-12-02"


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """`coffeechat review --no-open` on a free port over a 26-person network, and the URL it printed."""
    if CHROMIUM is None:
        pytest.skip("chromium is not installed (apt install chromium)")
    pytest.importorskip("playwright.sync_api", reason="python playwright is not installed")
    ws = build_workspace(tmp_path_factory.mktemp("browser") / "ws", extra=20)
    env = {k: v for k, v in os.environ.items() if k != "COFFEECHAT_WORKSPACE"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "flows.cli", "review", "--no-open", "--port", "0", "--workspace", str(ws.root),
         "--today", TODAY],
        cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    url = proc.stdout.readline().strip().removeprefix("Review at ")
    yield ws, url
    proc.send_signal(signal.SIGINT)
    assert proc.wait(timeout=30) == 0


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(
            executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        yield chromium
        chromium.close()


def test_review_end_to_end(served, browser):
    """Filter, open a contact, merge a pair, rate, edit and approve a draft, mark it sent; the CLI sees it all."""
    ws, url = served
    DOCS.mkdir(exist_ok=True)
    tab = browser.new_page(viewport={"width": 1400, "height": 900})
    outside, errors = [], []
    tab.on("request", lambda r: outside.append(r.url) if not r.url.startswith(url.split("/?")[0]) else None)
    tab.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    tab.goto(url)

    # The plan: at least 12 rows fully inside a 1400x900 window.
    visible = tab.eval_on_selector_all(
        "table.plan tbody tr", "rows => rows.filter(r => r.getBoundingClientRect().bottom <= innerHeight).length")
    tab.screenshot(path=str(DOCS / "review-plan.png"))
    assert visible >= 12

    tab.fill("input[name=q]", "spotify")
    tab.click("form.filters button[type=submit]")
    assert tab.locator("td.who a").all_inner_texts() == ["Priya Patel"]

    tab.click("td.who a")
    assert tab.locator("h1").inner_text() == "Priya Patel"
    tab.click("form.rating:has(input[name=target][value='']) button[value='3']")
    assert "Rated 3." in tab.locator(".flash").inner_text()
    assert tab.locator("form.rating:has(input[name=target][value='']) button[aria-pressed=true]").inner_text() == "3"
    tab.screenshot(path=str(DOCS / "review-contact.png"), full_page=True)

    # The pending pair (two Marcus Chens), merged from the review queue.
    tab.click("nav >> text=Duplicates")
    pair = tab.locator("div.pair", has_text="r_al2")
    pair.locator("button[value=same]").click()
    assert "Merged" in tab.locator(".flash").inner_text() and "same" in tab.locator("div.pair.decided").inner_text()

    tab.click("nav >> text=Drafts")
    draft = tab.locator("article.draft", has=tab.locator("h2 a", has_text="Priya Patel"))
    draft.locator("textarea").fill("Hi Priya,\n\nHow did you move into data science at Spotify?\n\nBest,\nJordan Rivera\n")
    draft.locator("button[value=approve]").click()
    assert "Approved" in tab.locator(".flash").inner_text()
    tab.screenshot(path=str(DOCS / "review-drafts.png"))
    draft = tab.locator("article.draft", has=tab.locator("h2 a", has_text="Priya Patel"))
    draft.locator("form.inline button").click()
    assert "Marked sent." in tab.locator(".flash").inner_text()

    phone = browser.new_page(viewport={"width": 390, "height": 844})
    phone.goto(url)
    overflow = phone.evaluate("document.documentElement.scrollWidth - innerWidth")
    phone.screenshot(path=str(DOCS / "review-phone.png"))
    assert (overflow <= 1, outside, errors) == (True, [], [])

    status = run_cli("status", "--json", "--workspace", str(ws.root), "--today", TODAY, cwd=REPO)
    rows = [json.loads(line) for line in status.out.splitlines() if line.strip()] if not status.out.lstrip().startswith("[") \
        else json.loads(status.out)
    assert status.code == 0 and [r["stage"] for r in rows if r["name"] == "Priya Patel"] == ["sent"]
    export = ws.root / "contacts.csv"
    run_cli("export", "contacts", "--output", str(export), "--workspace", str(ws.root), cwd=REPO)
    with export.open(encoding="utf-8") as handle:
        marcus = {r["contact_id"] for r in csv.DictReader(handle) if r["last_name"] == "Chen"}
    assert len(marcus) == 1
    decisions = run_cli("dupes", "decisions", "--workspace", str(ws.root), cwd=REPO)
    assert decisions.code == 0 and "1 decisions (oldest first)" in decisions.out
    assert "#1  same" in decisions.out and "r_al2" in decisions.out
    written = [p for p in ws.drafts.iterdir() if "priya" in p.name]
    assert len(written) == 1 and "How did you move into data science at Spotify?" in written[0].read_text()
