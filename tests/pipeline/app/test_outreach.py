"""The follow-through use cases on the sample workspace: drafted events, how-we-know openers, threading, the calendar."""

from __future__ import annotations

import json
import shutil
from datetime import date

import icalendar
import polars as pl
import pytest

from pipeline.app import imports, outreach, planning
from pipeline.outreach.eml import message_id
from pipeline.store import Store
from pipeline.workspace import Workspace, init_workspace
from tests.conftest import SAMPLE

TODAY = date(2026, 11, 25)


@pytest.fixture(scope="module")
def prepared(tmp_path_factory):
    """The sample imported and planned once per module (the import is the slow part)."""
    ws, _ = init_workspace(tmp_path_factory.mktemp("prepared") / "ws")
    shutil.copyfile(SAMPLE / "profile.toml", ws.profile)
    imports.import_into(ws, [SAMPLE / "Connections.csv", SAMPLE / "alumni.csv"])
    first = planning.rank(ws, target=None, today=TODAY).plan.row(0, named=True)
    return ws, first


@pytest.fixture
def ws(prepared, tmp_path):
    """A private copy of the prepared workspace and the plan's first contact."""
    root = tmp_path / "ws"
    shutil.copytree(prepared[0].root, root)
    return Workspace(root), prepared[1]


def drafted(workspace: Workspace) -> pl.DataFrame:
    with Store.open(workspace.root) as store:
        return store.events().filter(pl.col("kind") == "drafted")


def test_drafts_log_one_drafted_event_per_request(ws):
    """Each written first request is logged with its subject, target and Message-ID; a re-run adds none."""
    workspace, first = ws
    result = planning.make_drafts(workspace, today=TODAY)
    events = drafted(workspace)
    requests = result.drafts.filter(pl.col("kind").is_in(["email", "linkedin"]) & pl.col("ok"))
    assert sorted(events["contact_id"]) == sorted(requests["contact_id"])
    mine = events.filter(pl.col("contact_id") == first["contact_id"]).row(0, named=True)
    note = json.loads(mine["note"])
    draft = requests.filter(pl.col("contact_id") == first["contact_id"]).row(0, named=True)
    assert (mine["target"], mine["source"], note["subject"]) == (first["target"], "cli", draft["subject"])
    assert draft["kind"] == "email"  # the sample's first contact has an email address
    assert note["message_id"] == message_id(first["contact_id"], "email", "jordan.rivera@example.com")
    planning.make_drafts(workspace, today=TODAY)
    assert drafted(workspace).height == events.height


def test_flow_source_is_recorded(ws):
    """Drafts made by the Prefect flow say so in the log."""
    workspace, _ = ws
    planning.make_drafts(workspace, today=TODAY, source="flow")
    assert set(drafted(workspace)["source"]) == {"flow"}


def test_how_we_know_opens_the_first_request(ws):
    """--how-we-know gives that contact's request the warm opener; the user's own words stay private."""
    workspace, first = ws
    before = planning.make_drafts(workspace, today=TODAY).drafts
    outreach.mark(workspace, first["contact_id"], "note", on=TODAY, today=TODAY,
                  how_we_know="my sister's college roommate")
    result = planning.make_drafts(workspace, today=TODAY)
    body = result.drafts.filter(pl.col("contact_id") == first["contact_id"])["body"][0]
    assert "because I know you" in body
    assert "because I know you" not in before.filter(pl.col("contact_id") == first["contact_id"])["body"][0]
    assert "my sister's college roommate" not in body


def test_nudge_threads_under_the_subject_as_sent(ws):
    """The user edits the request's subject; a week after sending, the nudge is `Re:` that subject."""
    workspace, first = ws
    made = planning.make_drafts(workspace, today=TODAY)
    name = made.drafts.filter(pl.col("contact_id") == first["contact_id"])["filename"][0]
    path = workspace.drafts / name
    lines = path.read_bytes().split(b"\r\n")
    path.write_bytes(b"\r\n".join(b"Subject: Coffee in December?" if x.startswith(b"Subject:") else x for x in lines))
    planning.make_drafts(workspace, today=TODAY)  # the edited draft is kept, its subject logged
    outreach.mark(workspace, first["contact_id"], "sent", on=TODAY, today=TODAY)
    later = planning.make_drafts(workspace, today=date(2026, 12, 2))
    nudge = later.drafts.filter((pl.col("contact_id") == first["contact_id"]) & (pl.col("kind") == "nudge"))
    assert nudge["subject"].to_list() == ["Re: Coffee in December?"]


def _set_header(path, name: bytes, value: bytes) -> None:
    lines = path.read_bytes().split(b"\r\n")
    path.write_bytes(b"\r\n".join(name + b": " + value if x.startswith(name + b":") else x for x in lines))


def _nudge_of(workspace: Workspace, cid: str, today: date):
    from email import message_from_bytes, policy

    made = planning.make_drafts(workspace, today=today)
    name = made.drafts.filter((pl.col("contact_id") == cid) & (pl.col("kind") == "nudge"))["filename"][0]
    return message_from_bytes((workspace.drafts / name).read_bytes(), policy=policy.default)


def test_nudge_answers_the_message_id_the_log_kept(ws):
    """The user's edited request carries its own Message-ID; it is logged, and the nudge threads under it, not a recomputed one."""
    workspace, first = ws
    cid = first["contact_id"]
    made = planning.make_drafts(workspace, today=TODAY)
    path = workspace.drafts / made.drafts.filter(pl.col("contact_id") == cid)["filename"][0]
    _set_header(path, b"Message-ID", b"<re-approved.7@example.com>")
    planning.make_drafts(workspace, today=TODAY)  # the edit is kept and its Message-ID logged
    outreach.mark(workspace, cid, "sent", on=TODAY, today=TODAY)
    nudge = _nudge_of(workspace, cid, date(2026, 12, 2))
    assert (nudge["In-Reply-To"], nudge["References"]) == ("<re-approved.7@example.com>", "<re-approved.7@example.com>")
    assert message_id(cid, "email", "jordan.rivera@example.com") != "<re-approved.7@example.com>"


def test_nudge_edited_on_the_review_page_keeps_the_logged_thread(ws):
    """A nudge edited and saved from the review page still answers the Message-ID the log kept."""
    from email import message_from_bytes, policy

    from pipeline.app.review_drafts import save_draft

    workspace, first = ws
    cid = first["contact_id"]
    made = planning.make_drafts(workspace, today=TODAY)
    _set_header(workspace.drafts / made.drafts.filter(pl.col("contact_id") == cid)["filename"][0],
                b"Message-ID", b"<re-approved.7@example.com>")
    planning.make_drafts(workspace, today=TODAY)
    outreach.mark(workspace, cid, "sent", on=TODAY, today=TODAY)
    later = date(2026, 12, 2)
    saved = save_draft(workspace, cid, "nudge", subject="Re: my note", body="Hi,\n\nJust following up on my note.\n\nThanks,\nJordan Rivera\n",
                       today=later)
    assert saved.written, saved.problems
    nudge = message_from_bytes((workspace.drafts / saved.filename).read_bytes(), policy=policy.default)
    assert (nudge["In-Reply-To"], nudge["References"]) == ("<re-approved.7@example.com>", "<re-approved.7@example.com>")


def test_request_edited_after_drafting_is_logged_as_sent(ws):
    """Edited on disk after `drafts` ran, then marked sent: the nudge answers the subject and Message-ID that went out."""
    workspace, first = ws
    cid = first["contact_id"]
    made = planning.make_drafts(workspace, today=TODAY)
    path = workspace.drafts / made.drafts.filter(pl.col("contact_id") == cid)["filename"][0]
    _set_header(path, b"Subject", b"Coffee in December?")
    _set_header(path, b"Message-ID", b"<sent.as.is@example.com>")
    outreach.mark(workspace, cid, "sent", on=TODAY, today=TODAY)
    nudge = _nudge_of(workspace, cid, date(2026, 12, 2))
    assert (str(nudge["Subject"]), nudge["In-Reply-To"]) == ("Re: Coffee in December?", "<sent.as.is@example.com>")


def test_an_unedited_request_marked_sent_logs_nothing_more(ws):
    """A request sent as drafted adds no second `drafted` event when marked sent."""
    workspace, first = ws
    planning.make_drafts(workspace, today=TODAY)
    before = drafted(workspace).height
    outreach.mark(workspace, first["contact_id"], "sent", on=TODAY, today=TODAY)
    assert drafted(workspace).height == before


def test_nudge_falls_back_to_the_computed_message_id(ws):
    """A request sent with nothing logged (no drafted event) is answered at the Message-ID its draft would carry."""
    workspace, first = ws
    cid = first["contact_id"]
    outreach.mark(workspace, cid, "sent", on=TODAY, today=TODAY)
    nudge = _nudge_of(workspace, cid, date(2026, 12, 2))
    assert nudge["In-Reply-To"] == message_id(cid, "email", "jordan.rivera@example.com")


def test_referral_with_no_fitting_role_gets_its_first_draft(ws):
    """A referral no target's keywords fit is drafted in the next batch, opening with the referrer, the batch still paced."""
    workspace, first = ws
    cid = first["contact_id"]
    outreach.mark(workspace, cid, "sent", on=date(2026, 11, 2), today=TODAY)
    outreach.mark(workspace, cid, "met", on=date(2026, 11, 20), today=TODAY)
    made = outreach.log_meeting(workspace, cid, takeaways=[], referrals=["Rui Costa, Harbour Bakery, rui@example.com"],
                                on=date(2026, 11, 20), today=TODAY)
    new_id = made.referrals[0][0]
    result = planning.make_drafts(workspace, today=TODAY)
    request = result.drafts.filter((pl.col("contact_id") == new_id) & (pl.col("kind") == "email")).row(0, named=True)
    assert request["ok"], request["problems"]
    assert f"{first['name']} suggested I reach out" in request["body"]
    assert result.batch <= 8  # the sample profile's per_week
    row = planning.rank(workspace, target=None, today=TODAY).plan.filter(pl.col("contact_id") == new_id).row(0, named=True)
    assert (row["send_week"], row["why"].endswith("the referral is the reason")) == (1, True)


def test_a_referral_at_the_referrers_organisation_does_not_wait(ws):
    """The one who replied suggested a colleague: that referral is drafted, not held by the organisation rule."""
    workspace, first = ws
    cid = first["contact_id"]
    planning.make_drafts(workspace, today=TODAY)  # the request is logged under its target
    outreach.mark(workspace, cid, "sent", on=date(2026, 11, 2), today=TODAY)
    outreach.mark(workspace, cid, "replied", on=date(2026, 11, 3), today=TODAY)
    made = outreach.log_meeting(workspace, cid, takeaways=[], on=TODAY, today=TODAY,
                                referrals=[f"Rui Costa, {first['company']}, rui@example.com"])
    new_id = made.referrals[0][0]
    result = planning.make_drafts(workspace, today=TODAY)
    assert new_id in result.drafts.filter(pl.col("kind") == "email")["contact_id"].to_list()
    held = planning.rank(workspace, target=None, today=TODAY).held
    assert new_id not in held["contact_id"].to_list()


def test_plan_lists_who_waits_and_who_is_unreachable(ws):
    """After a reply, plan.md and plan.html list that person's colleagues (same target) as waiting, and the unreachable apart."""
    workspace, first = ws
    cid = first["contact_id"]
    planning.make_drafts(workspace, today=TODAY)  # the request is logged under its target
    outreach.mark(workspace, cid, "sent", on=date(2026, 11, 10), today=TODAY)
    outreach.mark(workspace, cid, "replied", on=date(2026, 11, 12), today=TODAY)
    result = planning.make_plan(workspace, today=TODAY)
    md = (workspace.out / "plan.md").read_text(encoding="utf-8")
    html = (workspace.out / "plan.html").read_text(encoding="utf-8")
    held = pl.read_csv(workspace.out / "plan_held.csv")
    waiting = held.filter(pl.col("reason").str.starts_with("waits: "))["contact_id"].to_list()
    assert waiting and not set(waiting) & set(result.plan["contact_id"])
    assert f"## Waiting on a colleague's reply ({len(waiting)})" in md
    assert f"{first['name']} at the same organisation replied for {first['target']}" in md
    assert "## Unreachable (1)" in md and "- **Omar Haddad**, Helios Climate: no email or profile URL" in md
    assert 'id="held-waiting"' in html and 'id="held-unreachable"' in html
    unreachable = held.filter(pl.col("reason").str.starts_with("unreachable"))["contact_id"].to_list()
    assert unreachable and not set(unreachable) & set(result.plan["contact_id"])  # no weekly slot for them


def test_drafts_folder_holds_exactly_what_is_due(ws):
    """After one request is sent and another person asks not to be contacted, both drafts move to archive/;
    the folder, drafts.md and drafts.csv list the same files, and each name belongs to one person."""
    import re

    workspace, _ = ws
    made = planning.make_drafts(workspace, today=TODAY)
    requests = made.drafts.filter(pl.col("ok")).select("contact_id", "filename").rows()
    (sent_id, sent_file), (stop_id, stop_file) = requests[0], requests[1]
    outreach.mark(workspace, sent_id, "sent", on=TODAY, today=TODAY)
    outreach.mark(workspace, stop_id, "do-not-contact", on=TODAY, today=TODAY)
    again = planning.make_drafts(workspace, today=TODAY)
    folder = sorted(p.name for p in workspace.drafts.iterdir() if p.suffix in (".eml", ".txt"))
    md = (workspace.drafts / "drafts.md").read_text(encoding="utf-8")
    headings = re.findall(r"^### (\S+\.(?:eml|txt))$", md.split("## Drafts", 1)[1], flags=re.M)
    listed = sorted(re.sub(r"\\(.)", r"\1", h) for h in headings)  # drafts.md backslash-escapes Markdown
    in_csv = sorted(pl.read_csv(workspace.drafts / "drafts.csv")["filename"])
    assert folder == listed == in_csv
    assert sent_file not in folder and stop_file not in folder
    assert (workspace.drafts / "archive" / sent_file).is_file() and (workspace.drafts / "archive" / stop_file).is_file()
    assert sorted(again.report.archived) == sorted([sent_file, stop_file])
    owners = again.drafts.filter(pl.col("ok")).group_by("filename").agg(pl.col("contact_id").n_unique())
    assert owners["contact_id"].max() == 1


def test_calendar_written_with_the_drafts(ws):
    """out/followups.ics holds the sent request's nudge; re-writing after it moves bumps SEQUENCE, never duplicates."""
    workspace, first = ws
    cid = first["contact_id"]
    outreach.mark(workspace, cid, "sent", on=date(2026, 11, 20), today=TODAY)
    planning.make_drafts(workspace, today=TODAY)
    outreach.mark(workspace, cid, "sent", on=date(2026, 11, 20), today=TODAY, undo=True)
    outreach.mark(workspace, cid, "sent", on=date(2026, 11, 23), today=TODAY)
    planning.make_drafts(workspace, today=TODAY)
    cal = icalendar.Calendar.from_ical((workspace.out / "followups.ics").read_bytes())
    events = [e for e in cal.walk("VEVENT") if str(e["uid"]).startswith(cid)]
    assert [(str(e["uid"]), e.decoded("dtstart"), int(e["sequence"])) for e in events] == [
        (f"{cid}-nudge@coffeechat.invalid", date(2026, 11, 30), 1)]
