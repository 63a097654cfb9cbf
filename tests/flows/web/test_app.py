"""Every route of the review page through Starlette's TestClient: what each shows, and what each POST changes."""

from __future__ import annotations

import re
import sqlite3

import pytest

from pipeline.store import Store
from tests.flows.web.conftest import TOKEN

SAME = {"Sec-Fetch-Site": "same-origin"}


def _names(html: str) -> list[str]:
    return re.findall(r'<td class="who" data-label="Who"><a href="/contacts/[^"]+">([^<]+)</a>', html)


def _contact_id(reader, name: str) -> str:
    html = reader.get("/", params={"q": name}).text
    return re.search(r'href="/contacts/([^"]+)"', html).group(1)


def _events(ws) -> list[dict]:
    with Store.open(ws.root) as store:
        return store.events().to_dicts()


@pytest.mark.parametrize(
    ("query", "present", "absent"),
    [
        ({}, ["Priya Patel", "Sam Okafor", "Lena Fischer"], []),
        ({"q": "spotify"}, ["Priya Patel"], ["Sam Okafor"]),
        ({"q": "SUSTAINABILITY"}, ["Sam Okafor"], ["Priya Patel"]),
        ({"target": "Sustainability"}, ["Sam Okafor"], ["Priya Patel", "Lena Fischer"]),
        ({"target": "Data science"}, ["Priya Patel"], ["Sam Okafor"]),
        ({"school": "riverbend"}, ["Sam Okafor", "Lena Fischer"], ["Priya Patel"]),
        ({"channel": "email"}, ["Priya Patel"], []),
        ({"stage": "sent"}, [], ["Priya Patel", "Sam Okafor"]),
        ({"week": "1"}, ["Priya Patel"], []),
        ({"q": "nobody-matches-this"}, [], ["Priya Patel"]),
    ],
)
def test_plan_filters(reader, query, present, absent):
    """Each filter keeps the rows it names and drops the others."""
    names = _names(reader.get("/", params=query).text)
    assert all(p in names for p in present) and not any(a in names for a in absent)


@pytest.mark.parametrize(("sort", "direction"), [("name", ""), ("name", "desc"), ("score", "desc"), ("company", "")])
def test_plan_sorts(reader, sort, direction):
    """Sorting by a column orders the rows by it."""
    html = reader.get("/", params={"sort": sort, "dir": direction}).text
    cells = {"name": _names(html),
             "score": [float(x) for x in re.findall(r'data-label="Score">([0-9.]+)<', html)],
             "company": [x.split(" · ")[-1] for x in re.findall(r'<span class="sub">([^<]*)</span></td>', html)]}[sort]
    assert len(cells) >= 4 and cells == sorted(cells, reverse=direction == "desc")


def test_plan_row_shows_fit_score_why_channel_stage_and_next(reader):
    """A row carries the columns the issue asks for."""
    html = reader.get("/", params={"q": "spotify"}).text
    row = html.split('<tr>\n  <td class="num" data-label="#">')[1].split("</tr>")[0]
    for label in ("Fit", "Score", "Why", "Channel", "Stage", "Next"):
        assert f'data-label="{label}"' in row
    assert "planned" in row


def test_contact_page_shows_the_breakdown(reader):
    """The contact page: per-target score, fit and each signal with its weight, and the matched keywords."""
    html = reader.get(f"/contacts/{_contact_id(reader, 'Spotify')}").text
    assert "Why they rank" in html and "near peer" in html and "matched: data scientist" in html


def test_contact_page_shows_records_and_the_pending_pair(reader, _built):
    """Each source record with file and line, and the pending pair with its buttons."""
    with Store.open(_built.root) as store:
        contacts = store.contacts()
    marcus = contacts.filter((contacts["last_name"] == "Chen") & contacts["company"].is_null())["contact_id"][0]
    html = reader.get(f"/contacts/{marcus}").text
    assert "<td>alumni.csv</td><td class=\"num\">2</td>" in html
    assert "Same person" in html and "Not the same" in html and "Undo" in html


def test_dupes_and_imports_pages(reader):
    """The queue lists the pending pair; the imports page each file with counts and its reject."""
    dupes = reader.get("/dupes").text
    imports = reader.get("/imports").text
    assert "r_al2" in dupes and "r_li3" in dupes
    assert "alumni.csv" in imports and "not an email address" in imports and "1 rejected" in imports


def test_same_then_undo(client, review_ws):
    """Same person merges the pair (POST, then a redirect); Undo parts them again."""
    form = {"record_a": "r_al2", "record_b": "r_li3", "next": "/dupes"}
    merged = client.post("/dupes/decide", data={**form, "decision": "same"}, headers=SAME)
    with Store.open(review_ws.root) as store:
        after_merge = (store.counts()["contacts"], store.decisions().height)
    undone = client.post("/dupes/decide", data={**form, "decision": "undo"}, headers=SAME)
    with Store.open(review_ws.root) as store:
        after_undo = (store.counts()["contacts"], store.decisions().height)
    assert (merged.status_code, merged.headers["location"].split("?")[0], after_merge, undone.status_code, after_undo) == (
        303, "/dupes", (5, 1), 303, (6, 0))


def test_next_never_leaves_the_server(client):
    """A `next` pointing elsewhere is ignored."""
    form = {"record_a": "r_al2", "record_b": "r_li3", "decision": "different", "next": "//evil.example/x"}
    assert client.post("/dupes/decide", data=form, headers=SAME).headers["location"].startswith("/dupes?")


@pytest.mark.parametrize(("grade", "kind", "stored"), [("3", "rating", 3), ("0", "rating", 0), ("clear", "rating_cleared", None)])
def test_rate(client, review_ws, grade, kind, stored):
    """A rating button records the rate use case's event, from the web."""
    cid = _contact_id(client, "Spotify")
    response = client.post(f"/contacts/{cid}/rate", data={"grade": grade, "target": ""}, headers=SAME)
    last = _events(review_ws)[-1]
    assert (response.status_code, last["kind"], last["grade"], last["source"]) == (303, kind, stored, "web")


def test_mark_sent_and_note(client, review_ws):
    """Stage buttons and the note field go through mark; the contact then shows as sent."""
    cid = _contact_id(client, "Spotify")
    client.post(f"/contacts/{cid}/mark", data={"kind": "sent"}, headers=SAME)
    client.post(f"/contacts/{cid}/mark", data={"kind": "note", "note": "likes tea"}, headers=SAME)
    kinds = [(e["kind"], e["note"], e["source"]) for e in _events(review_ws)]
    page = client.get(f"/contacts/{cid}").text
    assert kinds[:1] == [("sent", None, "web")] and ("note", "likes tea", "web") in kinds and "stage-sent" in page


def test_a_refused_mark_shows_the_reason(client):
    """A mark the log refuses is a 400 page with the use case's message, never a 500."""
    cid = _contact_id(client, "Spotify")
    response = client.post(f"/contacts/{cid}/mark", data={"kind": "dancing"}, headers=SAME)
    assert response.status_code == 400 and "Unknown stage" in response.text


def _draft(html: str, name: str) -> tuple[str, str]:
    block = html.split(name, 1)[1].split("</article>")[0]
    cid = re.search(r'name="contact_id" value="([^"]+)"', block).group(1)
    kind = re.search(r'name="kind" value="([^"]+)"', block).group(1)
    return cid, kind


def test_drafts_page_previews_the_batch(reader):
    """The drafts page shows each draft of the next batch in an editable textarea."""
    html = reader.get("/drafts").text
    assert "<textarea" in html and "Approve" in html and "Mark sent" in html


def test_save_with_a_job_ask_is_refused_with_the_reason(client, review_ws):
    """Lint runs on save: a draft asking for a job is not written, and the page says why (422)."""
    cid, kind = _draft(client.get("/drafts").text, "Priya Patel")
    response = client.post("/drafts/save", data={"contact_id": cid, "kind": kind, "subject": "Hello",
                                                  "body": "Hi Priya, are you hiring?\n\nJordan\n", "action": "approve"},
                           headers=SAME)
    assert response.status_code == 422 and "job_ask" in response.text and "are you hiring?" in response.text
    assert not [e for e in _events(review_ws) if e["kind"] == "approved"]


def test_approve_writes_the_edited_draft_and_records_it(client, review_ws):
    """Approve writes the edited text where `coffeechat drafts` puts it, and logs an approval."""
    cid, kind = _draft(client.get("/drafts").text, "Priya Patel")
    body = "Hi Priya,\n\nI would love to hear how you moved into data science.\n\nBest,\nJordan Rivera\n"
    response = client.post("/drafts/save", data={"contact_id": cid, "kind": kind, "subject": "A question about data science",
                                                  "body": body.replace("\n", "\r\n"), "action": "approve"}, headers=SAME)
    files = [p for p in review_ws.drafts.iterdir() if cid in p.name]
    assert response.status_code == 303 and len(files) == 1
    assert "how you moved into data science" in files[0].read_text() and "\r\n\r\nI would" not in files[0].read_text()
    assert [e["note"] for e in _events(review_ws) if e["kind"] == "approved"] == [files[0].name]
    assert "approved" in client.get("/drafts").text


def test_mark_sent_from_drafts(client, review_ws):
    """Mark sent logs the send for that contact."""
    cid, _ = _draft(client.get("/drafts").text, "Priya Patel")
    response = client.post("/drafts/sent", data={"contact_id": cid}, headers=SAME)
    assert response.status_code == 303 and [(e["contact_id"], e["kind"]) for e in _events(review_ws)] == [(cid, "sent")]


@pytest.mark.parametrize(("action", "form"), [
    ("rate", {"grade": "2", "target": ""}),
    ("mark", {"kind": "sent"}),
    ("mark", {"kind": "note", "note": "likes tea"}),
])
def test_busy_store_gives_503_not_500(client, review_ws, monkeypatch, action, form):
    """While another writer holds the lock past the busy timeout, a POST answers 503 with the friendly text."""
    # The real lock, held by a second connection; only the wait is shortened from 30 s.
    monkeypatch.setattr(Store.open.__func__, "__kwdefaults__", {"timeout": 0.2})
    cid = _contact_id(client, "Spotify")
    holder = sqlite3.connect(review_ws.db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        response = client.post(f"/contacts/{cid}/{action}", data=form, headers=SAME)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert response.status_code == 503 and "store is busy with an import" in response.text


def test_token_in_address_works_without_cookie(review_ws):
    """A first visit with ?token= gets in (via the cookie) and lands on the plan."""
    from starlette.testclient import TestClient

    from flows.web.app import create_app

    with TestClient(create_app(review_ws, token=TOKEN), base_url="http://localhost:8750") as fresh:
        page = fresh.get(f"/?token={TOKEN}")
    assert page.status_code == 200 and "Priya Patel" in page.text


def test_undo_a_mark_from_the_contact_page(client, review_ws):
    """The contact page offers Undo for the last mark; it appends the reversal `mark --undo` writes, back to planned."""
    cid = _contact_id(client, "Spotify")
    client.post(f"/contacts/{cid}/mark", data={"kind": "sent"}, headers=SAME)
    offered = 'name="undo" value="1"' in client.get(f"/contacts/{cid}").text
    response = client.post(f"/contacts/{cid}/mark", data={"kind": "sent", "undo": "1"}, headers=SAME)
    events = _events(review_ws)
    page = client.get(f"/contacts/{cid}").text
    assert (offered, response.status_code, events[-1]["kind"], events[-1]["reverses"], events[-1]["source"]) == (
        True, 303, "undo", events[0]["id"], "web")
    assert "stage-planned" in page and 'name="undo" value="1"' not in page


def test_undo_of_another_kind_is_refused_with_the_fix(client):
    """Undo names the kind it reverses: a stale button for another kind gets mark's message, never a 500."""
    cid = _contact_id(client, "Spotify")
    client.post(f"/contacts/{cid}/mark", data={"kind": "sent"}, headers=SAME)
    response = client.post(f"/contacts/{cid}/mark", data={"kind": "declined", "undo": "1"}, headers=SAME)
    assert response.status_code == 400 and "not declined" in response.text and "--undo" in response.text


def test_undo_a_rating_from_the_contact_page(client, review_ws):
    """Undo rating clears it as `rate --clear` does; the grade is no longer shown pressed."""
    cid = _contact_id(client, "Spotify")
    client.post(f"/contacts/{cid}/rate", data={"grade": "2", "target": ""}, headers=SAME)
    rated = client.get(f"/contacts/{cid}").text
    client.post(f"/contacts/{cid}/rate", data={"grade": "clear", "target": ""}, headers=SAME)
    cleared = client.get(f"/contacts/{cid}").text
    assert "Undo rating" in rated and 'aria-pressed="true"' in rated
    assert "Undo rating" not in cleared and 'aria-pressed="true"' not in cleared
    assert [e["kind"] for e in _events(review_ws)] == ["rating", "rating_cleared"]


def test_report_page_shows_the_funnel(client):
    """The report page (linked from every page) shows `coffeechat report`'s funnel and breakdowns from the log."""
    cid = _contact_id(client, "Spotify")
    client.post(f"/contacts/{cid}/mark", data={"kind": "sent"}, headers=SAME)
    client.post(f"/contacts/{cid}/mark", data={"kind": "replied"}, headers=SAME)
    html = client.get("/report").text
    funnel = re.findall(r'<td class="num">([^<]*)</td>', html.split('class="report funnel"')[1].split("</table>")[0])
    assert 'href="/report"' in client.get("/").text and "By template variant" in html
    assert funnel[1:4] + funnel[5:] == ["1", "1", "0", "100%", "0"]


def test_breakdown_stays_after_a_stage_change(client):
    """Someone just marked sent leaves the plan but their page still shows why they fit, as before the mark."""
    cid = _contact_id(client, "Spotify")
    table = lambda: client.get(f"/contacts/{cid}").text.split('<table class="breakdown">')[1].split("</table>")[0]  # noqa: E731
    before = table()
    client.post(f"/contacts/{cid}/mark", data={"kind": "sent"}, headers=SAME)
    assert table() == before and "matched: data scientist" in before
