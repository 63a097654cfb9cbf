"""The draft writer: .eml/.txt files, drafts.csv, drafts.md, and edits that survive re-runs."""

from __future__ import annotations

import csv
import io
import json
import os
import re
from datetime import UTC, datetime
from email import message_from_bytes, policy
from pathlib import Path

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.outreach.drafts import build_drafts, empty_drafts
from pipeline.outreach.write_drafts import MANIFEST, DraftWriteReport, write_drafts
from tests.paths import GOLDEN
from tests.pipeline.outreach.test_drafts import (
    ALUMNA,
    CONNECTION,
    NON_ASCII,
    REFERRAL,
    TODAY,
    contact,
    frames,
    make_profile,
)

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
LATER = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
PROFILE = make_profile()


def batch(*contacts) -> pl.DataFrame:
    plan, frame = frames(*contacts)
    return build_drafts(plan, frame, PROFILE, today=TODAY)


def write(drafts: pl.DataFrame, out: Path, now: datetime = NOW) -> DraftWriteReport:
    return write_drafts(drafts, out, PROFILE, now=now)


def broken(drafts: pl.DataFrame, reason: str = "job_ask: mentions a job") -> pl.DataFrame:
    """The same drafts, marked as failing lint."""
    return drafts.with_columns(pl.lit(False).alias("ok"), pl.lit([reason]).alias("problems"))


def csv_rows(out: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO((out / "drafts.csv").read_text(encoding="utf-8"))))


def test_email_draft_is_an_unsent_eml(tmp_path):
    """An email draft becomes an .eml From the user, To the contact, with X-Unsent: 1."""
    report = write(batch(ALUMNA), tmp_path)
    assert report.written == ["request-ana-lopez-c_000000000001.eml"]
    message = message_from_bytes((tmp_path / report.written[0]).read_bytes(), policy=policy.default)
    assert message["From"] == "Jordan Rivera <jordan.rivera@example.com>"
    assert message["To"] == "Ana Lopez <ana.lopez@example.com>"
    assert message["X-Unsent"] == "1" and "Riverbend" in message["Subject"]


def test_non_ascii_name_in_eml_to_header(tmp_path):
    """The contact's non-ASCII name reaches the To header encoded, and decodes back."""
    report = write(batch(NON_ASCII), tmp_path)
    data = (tmp_path / report.written[0]).read_bytes()
    assert data.split(b"\r\n\r\n")[0].isascii()
    message = message_from_bytes(data, policy=policy.default)
    assert message["To"].addresses[0].display_name == "Zoë Ñúñez-Müller"


def test_linkedin_note_is_a_txt_with_just_the_note(tmp_path):
    """A LinkedIn note becomes a .txt holding exactly the text to paste."""
    drafts = batch(CONNECTION)
    report = write(drafts, tmp_path)
    assert (tmp_path / report.written[0]).read_text(encoding="utf-8") == drafts["body"][0]


def test_crlf_name_does_not_add_a_header_to_the_eml(tmp_path):
    """A name holding CR/LF gives an .eml with no extra header."""
    evil = contact(first_name="Ana", last_name="Lopez\r\nBcc: evil@example.com", emails=["ana@example.com"])
    report = write(batch(evil), tmp_path)
    message = message_from_bytes((tmp_path / report.written[0]).read_bytes(), policy=policy.default)
    assert message["Bcc"] is None
    assert message.keys() == ["From", "To", "Subject", "Date", "Message-ID", "X-Unsent", "Content-Type",
                              "Content-Transfer-Encoding", "MIME-Version"]


def test_failed_draft_is_not_written_and_says_why(tmp_path):
    """A draft that fails lint is listed with its reason, never written as a good file."""
    report = write(broken(batch(ALUMNA)), tmp_path)
    assert report.written == [] and report.failed == [("request-ana-lopez-c_000000000001.eml", "job_ask: mentions a job")]
    assert not (tmp_path / "request-ana-lopez-c_000000000001.eml").exists()


def test_failed_draft_is_listed_under_needs_attention(tmp_path):
    """drafts.md shows failures in their own section with the reason."""
    write(pl.concat([batch(ALUMNA), broken(batch(REFERRAL))]), tmp_path)
    md = (tmp_path / "drafts.md").read_text(encoding="utf-8")
    attention = md.split("## Needs attention")[1].split("## Drafts")[0]
    assert "request-ben-okafor" in attention and "mentions a job" in attention
    assert "request-ana-lopez" in md.split("## Drafts")[1]


def test_failed_draft_is_not_in_the_csv(tmp_path):
    """A mail-merge tool would send every row: failed drafts stay out of drafts.csv."""
    write(pl.concat([batch(ALUMNA), broken(batch(REFERRAL))]), tmp_path)
    assert [r["contact_id"] for r in csv_rows(tmp_path)] == ["c_000000000001"]


def test_rerun_with_same_drafts_is_unchanged(tmp_path):
    """Running again with the same drafts rewrites nothing, even on another day."""
    drafts = batch(ALUMNA, CONNECTION)
    first = write(drafts, tmp_path)
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    second = write(drafts, tmp_path, now=LATER)
    assert second.unchanged == first.written and second.written == []
    assert (tmp_path / first.written[0]).read_bytes() == before[first.written[0]]


def test_changed_draft_is_rewritten(tmp_path):
    """An untouched draft whose content changed is written again."""
    write(batch(ALUMNA), tmp_path)
    report = write(batch({**ALUMNA, "company": "Tidal"}), tmp_path)
    assert report.written == ["request-ana-lopez-c_000000000001.eml"]
    assert b"Tidal" in (tmp_path / report.written[0]).read_bytes()


def test_edited_draft_survives_a_rerun(tmp_path):
    """A draft the user edited is kept as edited and reported."""
    drafts = batch(ALUMNA)
    name = write(drafts, tmp_path).written[0]
    path = tmp_path / name
    edited = path.read_bytes().replace(b"Hi Ana,", b"Dear Ana,")
    path.write_bytes(edited)
    report = write(batch({**ALUMNA, "company": "Tidal"}), tmp_path)
    assert report.kept_edited == [name] and report.written == []
    assert path.read_bytes() == edited


def test_edited_draft_text_goes_to_the_csv(tmp_path):
    """drafts.csv carries the user's edited text for a kept draft, flagged as edited."""
    name = write(batch(ALUMNA), tmp_path).written[0]
    path = tmp_path / name
    path.write_bytes(path.read_bytes().replace(b"Hi Ana,", b"Dear Ana,"))
    write(batch(ALUMNA), tmp_path)
    row = csv_rows(tmp_path)[0]
    assert row["body"].startswith("Dear Ana,") and row["edited"] == "true"


def test_edited_draft_survives_a_rank_change(tmp_path):
    """When the contact's rank moves, their edited draft under the old name is kept, no twin written."""
    name = write(batch(ALUMNA), tmp_path).written[0]
    (tmp_path / name).write_text("my own words", encoding="utf-8")
    report = write(batch(REFERRAL, ALUMNA), tmp_path)
    assert report.kept_edited == [name]
    assert sorted(p.name for p in tmp_path.glob("*ana-lopez*")) == [name]


def test_draft_keeps_its_name_when_the_rank_moves(tmp_path):
    """File names are stable per contact and kind: a new rank leaves the file as it is."""
    old = write(batch(ALUMNA), tmp_path).written[0]
    report = write(batch(REFERRAL, ALUMNA), tmp_path)
    assert old in report.unchanged and (tmp_path / old).exists()


def test_drafts_no_longer_due_move_to_the_archive(tmp_path):
    """A draft left out of the batch (sent, closed) moves to archive/ with the user's edits; the folder and drafts.md agree."""
    name = write(batch(ALUMNA, REFERRAL), tmp_path).written[0]
    (tmp_path / name).write_text("my own words", encoding="utf-8")
    report = write(batch(REFERRAL), tmp_path)
    assert report.archived == [name] and (tmp_path / "archive" / name).read_text(encoding="utf-8") == "my own words"
    on_disk = sorted(p.name for p in tmp_path.iterdir() if p.suffix in (".eml", ".txt"))
    md = (tmp_path / "drafts.md").read_text(encoding="utf-8")
    assert on_disk == ["request-ben-okafor-c_000000000003.eml"] and name not in md


def test_untouched_draft_that_now_fails_is_removed(tmp_path):
    """A good file from an earlier run does not linger once that draft fails."""
    name = write(batch(ALUMNA), tmp_path).written[0]
    write(broken(batch(ALUMNA)), tmp_path)
    assert not (tmp_path / name).exists()


def test_unknown_existing_file_is_never_overwritten(tmp_path):
    """A file coffeechat did not write (no manifest entry) is treated as the user's."""
    (tmp_path / "request-ana-lopez-c_000000000001.eml").write_text("mine", encoding="utf-8")
    report = write(batch(ALUMNA), tmp_path)
    assert report.kept_edited == ["request-ana-lopez-c_000000000001.eml"]
    assert (tmp_path / "request-ana-lopez-c_000000000001.eml").read_text(encoding="utf-8") == "mine"


def test_manifest_records_each_file_hash(tmp_path):
    """The manifest keeps the sha256 of every file as written."""
    import hashlib

    name = write(batch(ALUMNA), tmp_path).written[0]
    manifest = json.loads((tmp_path / MANIFEST).read_text(encoding="utf-8"))
    assert manifest["files"][name]["sha256"] == hashlib.sha256((tmp_path / name).read_bytes()).hexdigest()


def test_no_temp_files_are_left_behind(tmp_path):
    """Atomic writes leave only the drafts, the previews and the manifest."""
    write(batch(ALUMNA, CONNECTION), tmp_path)
    assert not [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_empty_batch_writes_previews(tmp_path):
    """No drafts: drafts.csv has its header and drafts.md says so."""
    report = write(empty_drafts(), tmp_path)
    assert report == DraftWriteReport()
    assert (tmp_path / "drafts.csv").read_text(encoding="utf-8").startswith("filename,contact_id")
    assert "No drafts in this batch." in (tmp_path / "drafts.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", ["../escape.eml", "sub/dir.eml", ".hidden.eml", "drafts.csv"])
def test_unsafe_filename_fails(tmp_path, name):
    """A filename that would leave out/drafts/ or clobber a preview is refused."""
    drafts = batch(ALUMNA).with_columns(pl.lit(name).alias("filename"))
    report = write(drafts, tmp_path / "out")
    assert report.failed and not (tmp_path / "escape.eml").exists()


def without_fences(md: str) -> str:
    return re.sub(r"(?ms)^(`{3,})text\n.*?^\1$", "", md)


def test_markdown_preview_escapes_html(tmp_path):
    """Contact data shown in drafts.md headings and lists cannot inject HTML."""
    evil = contact(first_name="<script>alert(1)</script>", emails=["x@example.com"], company="<img src=x>")
    drafts = batch(evil).with_columns(pl.lit("<b>Hello</b> <img src=x>").alias("subject"))
    write(drafts, tmp_path)
    outside = without_fences((tmp_path / "drafts.md").read_text(encoding="utf-8"))
    assert "&lt;b&gt;Hello" in outside and "<b>" not in outside and "<img" not in outside


def test_markdown_fence_outgrows_backticks_in_the_body(tmp_path):
    """A body holding ``` cannot close its code fence early."""
    drafts = batch(ALUMNA).with_columns(pl.lit("Hi\n```\n<script>x</script>\n```\n").alias("body"))
    write(drafts, tmp_path)
    md = (tmp_path / "drafts.md").read_text(encoding="utf-8")
    assert "````text\nHi\n```\n<script>" in md and "<script>" not in without_fences(md)


def test_csv_has_one_row_per_good_draft(tmp_path):
    """drafts.csv: one row per written draft, with to, subject and body for mail merge."""
    write(batch(ALUMNA, CONNECTION), tmp_path)
    rows = csv_rows(tmp_path)
    assert [r["kind"] for r in rows] == ["email", "linkedin"]
    assert rows[0]["to"] == "ana.lopez@example.com" and rows[1]["subject"] == ""


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lead=st.sampled_from(["=", "+", "-", "@", "\t", "\r"]), rest=st.text(max_size=20))
def test_csv_neutralises_formulas(tmp_path, lead, rest):
    """No drafts.csv cell starts with a character a spreadsheet would run as a formula."""
    drafts = batch(ALUMNA).with_columns(pl.lit(lead + rest + "\nHi").alias("body"),
                                        pl.lit(lead + "cmd|' /C calc'!A0").alias("subject"))
    write(drafts, tmp_path)
    for row in csv_rows(tmp_path):
        for value in row.values():
            assert not value or value[0] not in "=+-@\t\r"


GOLDEN = GOLDEN / "drafts"
REGEN = os.environ.get("COFFEECHAT_REGEN_GOLDEN") == "1"


def check_golden(name: str, data: bytes) -> None:
    path = GOLDEN / name
    if REGEN:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    assert path.exists(), f"golden file {path} is missing: run with COFFEECHAT_REGEN_GOLDEN=1 and review it"
    assert data == path.read_bytes()


def test_golden_eml_for_non_ascii_name(tmp_path):
    """The .eml for a non-ASCII name matches its golden file byte for byte (COFFEECHAT_REGEN_GOLDEN=1 rewrites)."""
    report = write(batch(NON_ASCII), tmp_path)
    check_golden("non_ascii_name.eml", (tmp_path / report.written[0]).read_bytes())


def test_golden_eml_for_a_threaded_nudge(tmp_path):
    """The nudge .eml built from the event log (Re: the logged subject, In-Reply-To the logged Message-ID) matches its golden file."""
    from pipeline.outreach.drafts import build_followups
    from pipeline.outreach.stages import drafted_note
    from tests.pipeline.outreach.test_drafts import CONTACT_DTYPES, events

    log = events(("drafted", 9, drafted_note("Coffee in December?", "full", "email", "<re-approved.7@example.com>")),
                 ("sent", 8, None))
    nudge = build_followups(log, pl.DataFrame([ALUMNA], schema=CONTACT_DTYPES), PROFILE, today=TODAY)
    write_drafts(nudge, tmp_path, PROFILE, now=NOW, threads={ALUMNA["contact_id"]: "<re-approved.7@example.com>"})
    check_golden("followup_nudge.eml", (tmp_path / nudge["filename"][0]).read_bytes())


_DN = "drafted"
THREAD_CASES = [
    # (id, events as (kind, days before TODAY, note), the nudge's subject, its In-Reply-To; None: the computed one)
    ("the request as drafted and sent",
     [(_DN, 9, ("Fellow alum", "<x@example.com>")), ("sent", 8, None)], "Re: Fellow alum", "<x@example.com>"),
    ("the last draft before sending wins",
     [(_DN, 12, ("Fellow alum", "<x@example.com>")), (_DN, 10, ("Coffee?", "<y@example.com>")), ("sent", 8, None)],
     "Re: Coffee?", "<y@example.com>"),
    ("a draft after the send changes nothing",
     [(_DN, 10, ("Fellow alum", "<x@example.com>")), ("sent", 8, None), (_DN, 1, ("Later", "<z@example.com>"))],
     "Re: Fellow alum", "<x@example.com>"),
    ("logged without a Message-ID: the computed one",
     [(_DN, 9, ("Fellow alum", None)), ("sent", 8, None)], "Re: Fellow alum", None),
    ("nothing drafted: the request's subject rendered again (no target known), the computed Message-ID",
     [("sent", 8, None)], "Re: Fellow Riverbend University alum hoping for your advice", None),
]


@pytest.mark.parametrize(("history", "subject", "reply_to"), [c[1:] for c in THREAD_CASES], ids=[c[0] for c in THREAD_CASES])
def test_nudge_threads_as_the_log_says(tmp_path, history, subject, reply_to):
    """The nudge's Subject and In-Reply-To/References come from the first request's logged subject and Message-ID."""
    from pipeline.outreach.drafts import build_followups
    from pipeline.outreach.eml import message_id
    from pipeline.outreach.etiquette import Etiquette
    from pipeline.outreach.stages import derive, drafted_note
    from tests.pipeline.outreach.test_drafts import CONTACT_DTYPES, events

    log = events(*[(k, d, drafted_note(n[0], "full", "email", n[1]) if k == _DN else n) for k, d, n in history])
    threads = {c: m for c, m in derive(log, today=TODAY, rules=Etiquette()).select("contact_id", "message_id").rows() if m}
    nudge = build_followups(log, pl.DataFrame([ALUMNA], schema=CONTACT_DTYPES), PROFILE, today=TODAY)
    write_drafts(nudge, tmp_path, PROFILE, now=NOW, threads=threads)
    message = message_from_bytes((tmp_path / nudge["filename"][0]).read_bytes(), policy=policy.default)
    expected = reply_to or message_id(ALUMNA["contact_id"], "email", PROFILE.me.email)
    assert (str(message["Subject"]), message["In-Reply-To"], message["References"]) == (subject, expected, expected)


def test_every_golden_file_belongs_to_a_case():
    """No golden file lingers after its case is gone: each one under tests/golden/drafts is checked by a test."""
    from tests.pipeline.outreach import test_drafts as cases

    expected = {f"{case}.txt" for case in cases.GOLDEN_CASES} | {"how_we_know.txt", "linkedin_short_pitch.txt"}
    expected |= {f"linkedin_{case}.txt" for case in cases.NOTE_GOLDEN}
    expected |= {f"followup_{case}.txt" for case in [*cases.FOLLOWUP_GOLDEN, *cases.FOLLOWUP_VARIANT_GOLDEN]}
    expected |= {"non_ascii_name.eml", "followup_nudge.eml", "drafts.md"}
    assert sorted(p.name for p in GOLDEN.iterdir()) == sorted(expected)


def test_golden_preview(tmp_path):
    """drafts.md for a small batch with one failure matches its golden file."""
    write(pl.concat([batch(ALUMNA, CONNECTION), broken(batch(REFERRAL))]), tmp_path)
    check_golden("drafts.md", (tmp_path / "drafts.md").read_bytes())


def test_missing_sender_address_fails_email_drafts(tmp_path):
    """Without [me] email an .eml cannot be built: the draft fails, naming the fix."""
    profile = make_profile()
    profile = type(profile)(me=type(profile.me)(name="Jordan Rivera"), outreach=profile.outreach)
    report = write_drafts(batch(ALUMNA), tmp_path, profile, now=NOW)
    assert report.failed == [("request-ana-lopez-c_000000000001.eml", "message: no sender address: set [me] email in profile.toml")]


HEADERS = ["From", "To", "Subject", "Date", "Message-ID", "X-Unsent", "Content-Type", "Content-Transfer-Encoding",
           "MIME-Version"]
nasty = st.text(alphabet=st.sampled_from(list("ab:@ <>\r\n\t\u2028\x00=?é")), max_size=30)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(first=nasty, last=nasty, company=nasty, school=nasty, referrer=nasty)
def test_no_contact_field_adds_a_header(tmp_path, first, last, company, school, referrer):
    """CR/LF anywhere in a contact's fields never adds a header to the written .eml."""
    c = contact(first_name=first, last_name=last, company=company, school=school, referred_by=referrer,
                emails=["ana@example.com"])
    drafts = batch(c).with_columns(pl.lit(True).alias("ok"), pl.lit([], dtype=pl.List(pl.String)).alias("problems"))
    report = write(drafts, tmp_path)
    for name in report.written + report.unchanged:
        message = message_from_bytes((tmp_path / name).read_bytes(), policy=policy.default)
        assert message.keys() == HEADERS


def test_nudge_file_replies_to_the_request(tmp_path):
    """The nudge's .eml answers the request's Message-ID, so mail clients thread them."""
    from pipeline.outreach.eml import message_id

    nudge = batch(ALUMNA).with_columns(pl.lit("nudge").alias("kind"), pl.lit("nudge-ana-lopez-c_000000000001.eml").alias("filename"))
    write(nudge, tmp_path)
    data = (tmp_path / "nudge-ana-lopez-c_000000000001.eml").read_bytes()
    expected = message_id(ALUMNA["contact_id"], "email", PROFILE.me.email)
    assert f"In-Reply-To: {expected}".encode() in data


def test_nudge_file_replies_to_the_logged_message_id(tmp_path):
    """With the request's Message-ID from the log, the nudge's In-Reply-To and References carry that one."""
    nudge = batch(ALUMNA).with_columns(pl.lit("nudge").alias("kind"), pl.lit("nudge-ana-lopez-c_000000000001.eml").alias("filename"))
    write_drafts(nudge, tmp_path, PROFILE, now=NOW, threads={ALUMNA["contact_id"]: "<edited.1@example.com>"})
    message = message_from_bytes((tmp_path / "nudge-ana-lopez-c_000000000001.eml").read_bytes(), policy=policy.default)
    assert (message["In-Reply-To"], message["References"]) == ("<edited.1@example.com>", "<edited.1@example.com>")


def test_nudge_moves_to_a_newly_logged_thread(tmp_path):
    """An untouched nudge written against the computed Message-ID is rewritten once the log has the real one."""
    nudge = batch(ALUMNA).with_columns(pl.lit("nudge").alias("kind"), pl.lit("nudge-ana-lopez-c_000000000001.eml").alias("filename"))
    write(nudge, tmp_path)
    report = write_drafts(nudge, tmp_path, PROFILE, now=LATER, threads={ALUMNA["contact_id"]: "<edited.1@example.com>"})
    assert report.written == ["nudge-ana-lopez-c_000000000001.eml"]
    assert b"In-Reply-To: <edited.1@example.com>" in (tmp_path / "nudge-ana-lopez-c_000000000001.eml").read_bytes()


def test_threads_never_touch_a_first_request(tmp_path):
    """A first request answers nothing, whatever the threads say."""
    report = write_drafts(batch(ALUMNA), tmp_path, PROFILE, now=NOW, threads={ALUMNA["contact_id"]: "<x@example.com>"})
    message = message_from_bytes((tmp_path / report.written[0]).read_bytes(), policy=policy.default)
    assert message["In-Reply-To"] is None
