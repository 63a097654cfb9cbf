"""`coffeechat mark`, `log`, `status` and `report` as a user runs them: exit codes and the exact messages."""

from __future__ import annotations

import json
import shutil

import pytest

PATRICIA = "c_32d3d5f99790"  # Patricia Garcia in the sample files
TODAY = ("--today", "2026-11-25")


def test_refusal_from_a_real_process(cli, prepared):
    """The installed entry point, as a subprocess: a refused mark is `Error: ...` on stderr and exit 1."""
    shutil.copytree(prepared, cli.cwd / "ws")
    result = cli("mark", PATRICIA, "replied", *TODAY)
    assert (result.code, result.out) == (1, "")
    assert result.err == ("Error: Cannot mark replied on 2026-11-25: no request was sent before it. "
                          "Mark the request first (mark CONTACT sent --date YYYY-MM-DD), then this.\n")


def test_mark_by_name_and_next_action(ready):
    """A unique name finds the contact; the answer names the stage and the one nudge's due date."""
    result = ready("mark", "Patricia Garcia", "sent", "--date", "2026-11-20", *TODAY)
    assert result.code == 0, result.err
    assert result.out == f"{PATRICIA} Patricia Garcia: sent on 2026-11-20 (now sent; next: send the one follow-up by 2026-11-27)\n"


@pytest.mark.parametrize(("args", "message"), [
    (("sent", "--date", "2027-13-01"), "Error: --date '2027-13-01' is not a date. Write it as YYYY-MM-DD.\n"),
    (("sent", "--date", "2026-12-01"),
     "Error: 2026-12-01 is in the future. Log what already happened: leave out --date for today, or give an earlier one.\n"),
    (("replied",), "Error: Cannot mark replied on 2026-11-25: no request was sent before it. "
                   "Mark the request first (mark CONTACT sent --date YYYY-MM-DD), then this.\n"),
    (("flew",), "Error: Unknown stage 'flew'. Use one of: sent, replied, scheduled, met, declined, do-not-contact, note.\n"),
])
def test_mark_refusals(ready, args, message):
    """A bad or future date, a reply before any request and an unknown stage are refused with the fix."""
    result = ready("mark", PATRICIA, *args, *TODAY)
    assert (result.code, result.err) == (1, message)


def test_undo_appends_a_reversal(ready):
    """--undo takes the last event back; the stage is derived again."""
    ready("mark", PATRICIA, "sent", "--date", "2026-11-20", *TODAY)
    result = ready("mark", PATRICIA, "sent", "--undo", *TODAY)
    assert result.out == f"{PATRICIA} Patricia Garcia: undid sent of 2026-11-20 (now planned; next: send the request)\n"
    wrong = ready("mark", PATRICIA, "replied", "--undo", *TODAY)
    assert (wrong.code, wrong.err) == (1, f"Error: Nothing to undo for {PATRICIA} Patricia Garcia. Check the contact with `coffeechat status`.\n")


def test_log_referral_and_status_json(ready):
    """A referral becomes a contact due a first request; status --json has the promised keys."""
    ready("mark", PATRICIA, "sent", "--date", "2026-11-01", *TODAY)
    ready("mark", PATRICIA, "replied", "--date", "2026-11-03", *TODAY)
    ready("mark", PATRICIA, "met", "--date", "2026-11-24", "--note", "private", *TODAY)
    logged = ready("log", PATRICIA, "--takeaway", "learn dbt first", "--referral", "Mina Park, Spotify, mina@example.com", *TODAY)
    assert logged.code == 0, logged.err
    assert logged.out.startswith(f"{PATRICIA} Patricia Garcia: 1 takeaway logged\nreferral: c_")
    rows = json.loads(ready("status", "--json", *TODAY).out)
    assert all(list(r) == ["contact_id", "name", "stage", "next_action", "due", "last_event"] for r in rows)
    by_name = {r["name"]: r for r in rows}
    assert (by_name["Mina Park"]["stage"], by_name["Mina Park"]["next_action"]) == ("planned", "send the request")
    assert (by_name["Patricia Garcia"]["next_action"], by_name["Patricia Garcia"]["due"]) == ("send a thank-you", "2026-11-26")


def test_status_groups_by_due(ready):
    """Plain status groups overdue / due today / this week; --due shows only the urgent."""
    ready("mark", PATRICIA, "sent", "--date", "2026-11-10", *TODAY)
    result = ready("status", *TODAY)
    assert result.out == (f"Overdue:\n  {PATRICIA}  Patricia Garcia  [sent]  send the one follow-up (due 2026-11-17)"
                          "  last: sent 2026-11-10\n")
    assert ready("status", "--due", "--today", "2026-11-12").out == "Nothing due.\n"


def test_report_prints_the_funnel_and_writes_its_files(ready):
    """report: the funnel table first, one table per breakdown, then where the files went."""
    ready("mark", PATRICIA, "sent", "--date", "2026-11-16", *TODAY)
    ready("mark", PATRICIA, "replied", "--date", "2026-11-19", *TODAY)
    result = ready("report", *TODAY)
    assert result.code == 0, result.err
    ws = ready.cwd / "ws" / "out"
    lines = result.out.splitlines()
    assert (lines[0], lines[5]) == ("Outreach funnel", "│       1 │         1 │       1 │   0 │           0 │       100% │           3 │")
    assert [x for x in lines if x.startswith("By ")] == ["By source", "By target", "By template variant",
                                                          "By week of the first request"]
    assert lines[-1] == f"-> {ws / 'report.md'}, {ws / 'report.csv'}"
    assert (ws / "report.csv").read_text(encoding="utf-8").splitlines()[1] == "all,all,1,1,1,0,0,1.0,3.0"


def test_mark_follow_up_sends_say_what_they_were(ready):
    """A second send is the nudge; a send within two days of meeting is the thank-you; do-not-contact ends it."""
    ready("mark", PATRICIA, "sent", "--date", "2026-11-10", *TODAY)
    nudge = ready("mark", PATRICIA, "sent", "--date", "2026-11-20", *TODAY)
    assert nudge.out == (f"{PATRICIA} Patricia Garcia: sent (the follow-up) on 2026-11-20 "
                         "(now nudged; next: wait for a reply)\n")
    ready("mark", PATRICIA, "replied", "--date", "2026-11-21", *TODAY)
    ready("mark", PATRICIA, "met", "--date", "2026-11-23", *TODAY)
    thanks = ready("mark", PATRICIA, "sent", *TODAY)
    assert thanks.out == (f"{PATRICIA} Patricia Garcia: sent (the thank-you) on 2026-11-25 "
                          "(now thanked; next: send a keep-in-touch update by 2027-02-23)\n")
    stop = ready("mark", PATRICIA, "do-not-contact", *TODAY)
    assert stop.out == f"{PATRICIA} Patricia Garcia: do-not-contact on 2026-11-25 (now do not contact; nothing more to do)\n"


def test_mark_how_we_know_alone(ready):
    """--how-we-know on a note is kept, and the answer says the request is next."""
    result = ready("mark", PATRICIA, "note", "--how-we-know", "my sister's college roommate", *TODAY)
    assert (result.code, result.out) == (
        0, f"{PATRICIA} Patricia Garcia: note on 2026-11-25 (now planned; next: send the request by 2026-11-25)\n")


def test_undo_of_another_kind_names_the_last_event(ready):
    """--undo of a kind that is not the last event is refused, naming the one to undo."""
    ready("mark", PATRICIA, "sent", "--date", "2026-11-20", *TODAY)
    result = ready("mark", PATRICIA, "met", "--undo", *TODAY)
    assert (result.code, result.err) == (1, f"Error: The last event for {PATRICIA} Patricia Garcia is sent on 2026-11-20, "
                                            f"not met. Undo it with `coffeechat mark {PATRICIA} sent --undo`.\n")


def test_unknown_and_ambiguous_contacts(ready):
    """A name nobody has is refused with where to find ids; a name two people share lists both."""
    missing = ready("mark", "Nobody Here", "sent", *TODAY)
    assert (missing.code, missing.err) == (1, "Error: No contact 'Nobody Here'. "
                                              "Copy the contact_id from out/plan.csv or `coffeechat export contacts`.\n")
    logged = ready("log", PATRICIA, "--referral", "Patricia Garcia, Harbour Bakery, pg@harbour.example", *TODAY)
    twin = logged.out.splitlines()[1].split()[1]
    both = ready("mark", "patricia  garcia", "sent", *TODAY)
    assert both.code == 1
    listed = sorted([f"{PATRICIA} (", f"{twin} (Harbour Bakery)"])
    assert both.err.startswith("Error: 2 contacts are called 'patricia  garcia': ")
    assert both.err.endswith(". Pass the contact_id of the one you mean.\n")
    assert all(part in both.err for part in listed)


def test_mark_by_draft_file_name(ready):
    """A draft's file name (as `coffeechat drafts` wrote it) finds its contact."""
    drafts = ready("drafts", *TODAY)
    assert drafts.code == 0, drafts.err
    name = sorted(p.name for p in (ready.cwd / "ws" / "out" / "drafts").iterdir() if p.name.endswith(".eml"))[0]
    cid = name.removesuffix(".eml").rsplit("-", 1)[1]
    result = ready("mark", f"out/drafts/{name}", "sent", *TODAY)
    person = json.loads(ready("status", "--json", *TODAY).out)[0]
    assert person["contact_id"] == cid
    assert result.out == f"{cid} {person['name']}: sent on 2026-11-25 (now sent; next: send the one follow-up by 2026-12-02)\n"


def test_log_says_what_it_kept(ready):
    """log names the takeaways and each referral (its new contact_id and who referred them)."""
    result = ready("log", PATRICIA, "--takeaway", "learn dbt first", "--takeaway", "ask Mina",
                   "--referral", "Mina Park, Spotify, mina@example.com", *TODAY)
    # The referral's id comes from its content (referrer, name, organisation, address): the same on every run.
    assert result.out == (f"{PATRICIA} Patricia Garcia: 2 takeaways logged\n"
                          "referral: c_bd5004d40bab Mina Park (referred by Patricia Garcia; drafted with `coffeechat drafts`)\n")


@pytest.mark.parametrize(("args", "message"), [
    ((), "Error: Nothing to log. Add --takeaway \"...\" or --referral \"Name, Organisation, email\".\n"),
    (("--referral", "mina@example.com"), "Error: Cannot read the referral 'mina@example.com'. "
                                         "Write it as --referral \"Name, Organisation, email or profile URL\".\n"),
    (("--takeaway", "x", "--date", "2026-11-30"),
     "Error: 2026-11-30 is in the future. Log what already happened: leave out --date for today, or give an earlier one.\n"),
])
def test_log_refusals(ready, args, message):
    """Nothing to log, an unreadable referral and a future date are refused with the fix."""
    result = ready("log", PATRICIA, *args, *TODAY)
    assert (result.code, result.err) == (1, message)


def test_status_without_outreach_says_how_to_start(ready):
    """Before any mark, status says what to do first."""
    result = ready("status", *TODAY)
    assert (result.code, result.out) == (0, "No outreach logged yet: `coffeechat mark CONTACT sent` after you send a draft.\n")


def test_status_lists_the_closed_last(ready):
    """A declined contact is listed under Closed, with no next action."""
    ready("mark", PATRICIA, "sent", "--date", "2026-11-10", *TODAY)
    ready("mark", PATRICIA, "declined", "--date", "2026-11-12", *TODAY)
    assert ready("status", *TODAY).out == f"Closed:\n  {PATRICIA}  Patricia Garcia  [declined]  -  last: declined 2026-11-12\n"


def test_plan_says_who_is_held_back(ready):
    """After a reply, plan's last line counts who waits on that colleague and who cannot be reached."""
    ready("drafts", *TODAY)  # the request is logged under its target
    ready("mark", PATRICIA, "sent", "--date", "2026-11-10", *TODAY)
    ready("mark", PATRICIA, "replied", "--date", "2026-11-12", *TODAY)
    result = ready("plan", *TODAY)
    assert result.code == 0, result.err
    held = (ready.cwd / "ws" / "out" / "plan_held.csv").read_text(encoding="utf-8").splitlines()[1:]
    waiting = sum(1 for line in held if ",waits: " in line)
    assert result.out.splitlines()[-1] == (f"Held back: {waiting} waiting on a colleague's reply, "
                                           "1 unreachable (no email or profile URL); plan.md says why for each.")


def test_drafts_says_what_moved_to_the_archive(ready):
    """Once a drafted request is marked sent, the next drafts run says it moved to archive/."""
    ready("drafts", *TODAY)
    name = sorted(p.name for p in (ready.cwd / "ws" / "out" / "drafts").iterdir() if p.name.endswith(".eml"))[0]
    ready("mark", name, "sent", *TODAY)
    result = ready("drafts", *TODAY)
    assert result.out.splitlines()[-1] == (
        f"1 no longer due (sent, closed or paused), moved to {ready.cwd / 'ws' / 'out' / 'drafts' / 'archive'}")
