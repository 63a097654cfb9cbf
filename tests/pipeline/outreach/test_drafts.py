"""Drafts: context from provenance, rendering with fallbacks, lint, follow-ups, and golden files."""

from __future__ import annotations

import os
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.errors import TemplateError
from pipeline.outreach.drafts import (
    REQUEST_KINDS,
    build_drafts,
    build_followups,
    draft_filename,
    due_followups,
    field_phrase,
    load_draft_templates,
    one_line,
    person_context,
)
from pipeline.outreach.lint import count_words
from pipeline.profile import Me, Outreach, Profile, Target
from schemas.drafts import DRAFT_COLUMNS, DraftFrame
from schemas.fields import CANONICAL_DTYPES
from tests.paths import GOLDEN

TODAY = date(2026, 11, 25)
GOLDEN = GOLDEN / "drafts"
REGEN = os.environ.get("COFFEECHAT_REGEN_GOLDEN") == "1"

CONTACT_DTYPES = {"contact_id": pl.String(), **CANONICAL_DTYPES, "sources": pl.List(pl.String()),
                  "record_count": pl.Int64(), "status": pl.String()}
PLAN_DTYPES = {
    "rank": pl.Int64(), "contact_id": pl.String(), "name": pl.String(), "company": pl.String(),
    "title": pl.String(), "target": pl.String(), "score": pl.Float64(), "why": pl.String(),
    "channel": pl.String(), "how_we_know": pl.String(), "send_week": pl.Int64(), "send_date": pl.Date(),
    "email": pl.String(), "linkedin_url": pl.String(), "matched": pl.List(pl.String()),
    "questions": pl.List(pl.String()),
}
EVENT_DTYPES = {"contact_id": pl.String(), "kind": pl.String(), "at": pl.Date(), "note": pl.String()}


def make_profile(**outreach: Any) -> Profile:
    """The demo user: a teacher exploring data science, from Riverbend University."""
    return Profile(
        me=Me(name="Jordan Rivera", email="jordan.rivera@example.com", school="Riverbend University", grad_year=2024,
              pitch="I taught high-school maths for six years and am exploring a move into data science."),
        targets=(Target("Data science", ("data scientist",)), Target("UX research", ("ux researcher",))),
        outreach=Outreach(**outreach),
    )


def contact(contact_id: str = "c_000000000001", **values: Any) -> dict[str, Any]:
    """One contacts row with every canonical column; lists empty, the rest null unless given."""
    row: dict[str, Any] = {c: ([] if isinstance(t, pl.List) else None) for c, t in CONTACT_DTYPES.items()}
    row.update(contact_id=contact_id, sources=["alumni"], record_count=1)
    first, last = values.get("first_name", "Ana"), values.get("last_name", "Lopez")
    row.update(first_name=first, last_name=last, full_name=" ".join(p for p in (first, last) if p))
    row.update(values)
    return row


def plan_row(c: dict[str, Any], rank: int = 1, **values: Any) -> dict[str, Any]:
    """The plan row the scoring engineer would hand over for contact `c`."""
    email = c["emails"][0] if c["emails"] else None
    row = {
        "rank": rank, "contact_id": c["contact_id"], "name": c["full_name"], "company": c["company"],
        "title": c["title"], "target": "Data science", "score": 1.0, "why": "title matches",
        "channel": "email" if email else "linkedin", "how_we_know": None, "send_week": 1,
        "send_date": TODAY, "email": email, "linkedin_url": c["linkedin_url"], "matched": ["data scientist"],
        "questions": ["What does a typical week look like in your role?",
                      "Which skills mattered most when you moved into data science?"],
    }
    row.update(values)
    return row


def frames(*contacts: dict[str, Any], **plan_values: Any) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(plan, contacts) frames for these contacts, ranked in the order given."""
    plan = [plan_row(c, rank=i, **plan_values) for i, c in enumerate(contacts, start=1)]
    return pl.DataFrame(plan, schema=PLAN_DTYPES), pl.DataFrame(list(contacts), schema=CONTACT_DTYPES)


def draft_for(c: dict[str, Any], profile: Profile | None = None, template_dir: Path | None = None, **plan_values: Any) -> dict[str, Any]:
    """The single draft built for one contact."""
    plan, contacts = frames(c, **plan_values)
    drafts = build_drafts(plan, contacts, profile or make_profile(), today=TODAY,
                          templates=load_draft_templates(template_dir, REQUEST_KINDS))
    assert drafts.height == 1
    return drafts.row(0, named=True)


ALUMNA = contact(emails=["ana.lopez@example.com"], company="Spotify", title="Data Scientist", class_year=2011)
CONNECTION = contact("c_000000000002", first_name="Thomas", last_name="Garcia", sources=["linkedin"],
                     linkedin_url="https://www.linkedin.com/in/thomas-garcia-087", company="Greenfield Energy",
                     title="Analytics Lead", connected_on=date(2024, 3, 2))
REFERRAL = contact("c_000000000003", first_name="Ben", last_name="Okafor", sources=["google"],
                   emails=["ben@example.org"], company="Helios Climate", title="Data Analyst", referred_by="Sam Lee")
NO_COMPANY = contact("c_000000000004", first_name="Eve", last_name="Smith", sources=["google"],
                     emails=["eve@example.net"])
NON_ASCII = contact("c_000000000005", first_name="Zoë", last_name="Ñúñez-Müller", emails=["zoe@example.org"],
                    company="Société Générale", title="Data Scientist", class_year=2019)


# ---------------------------------------------------------------- frame and schema


def test_draft_frame_has_the_contract_columns():
    """build_drafts returns the draft frame, valid against its Pandera model."""
    plan, contacts = frames(ALUMNA, CONNECTION)
    drafts = build_drafts(plan, contacts, make_profile(), today=TODAY)
    assert tuple(drafts.columns) == DRAFT_COLUMNS
    DraftFrame.validate(drafts, lazy=True)


def test_empty_plan_gives_empty_frame():
    """No plan rows, no drafts, still the full set of columns."""
    plan, contacts = frames()
    drafts = build_drafts(plan, contacts, make_profile(), today=TODAY)
    assert drafts.is_empty() and tuple(drafts.columns) == DRAFT_COLUMNS


def test_email_channel_gives_email_draft_with_subject():
    """A contact with an email address gets an email draft addressed to it."""
    draft = draft_for(ALUMNA)
    assert (draft["kind"], draft["to"], draft["ok"]) == ("email", "ana.lopez@example.com", True)
    assert draft["subject"]


def test_contact_without_email_gets_linkedin_note():
    """No email: a LinkedIn note to their profile URL, with no subject."""
    draft = draft_for(CONNECTION)
    assert (draft["kind"], draft["to"], draft["subject"]) == ("linkedin", CONNECTION["linkedin_url"], None)
    assert draft["filename"].endswith(".txt")


def test_connection_without_url_gets_linkedin_note_to_them_by_name():
    """Most connection exports carry no URL or email: the note goes to the first-degree connection by name."""
    draft = draft_for(contact(first_name="Thomas", last_name="Garcia", sources=["linkedin"], title="Analytics Lead"))
    assert (draft["kind"], draft["to"], draft["ok"]) == ("linkedin", "LinkedIn connection: Thomas Garcia", True)


def test_contact_with_no_way_to_reach_fails_lint():
    """Neither email nor LinkedIn: the draft is listed with the reason, not passed as good."""
    draft = draft_for(contact(sources=["google"]))
    assert not draft["ok"] and any(p.startswith("no_recipient") for p in draft["problems"])


# ---------------------------------------------------------------- content of a first request


def test_alumnus_subject_names_school_and_body_names_class_year():
    """Fellow alumni: the subject names the shared school, the body the class year."""
    draft = draft_for(ALUMNA)
    assert "Riverbend University" in draft["subject"]
    assert "class of 2011" in draft["body"]


def test_alumni_record_of_another_school_is_no_fellow_alum():
    """An alumni-list record naming another school gets no "alumni network" opening."""
    draft = draft_for(contact(emails=["ana@example.com"], school="Other State College", sources=["alumni"]))
    assert "alumni" not in draft["body"] and "Riverbend" not in (draft["subject"] or "")


@pytest.mark.parametrize("company", ["Meta Platforms, Inc.", "Acme Interactive Inc."])
def test_a_value_ending_in_a_period_does_not_double_the_full_stop(company):
    """ "... at Meta Platforms, Inc." ends the sentence with one period, never "Inc.."."""
    draft = draft_for(contact(emails=["ana@example.com"], company=company, title="Data Scientist"))
    assert f"{company}." not in draft["body"].replace("...", "") and company in draft["body"]


def test_referral_subject_names_referrer():
    """Referred: the subject and the opening name the referrer."""
    draft = draft_for(REFERRAL)
    assert "Sam Lee" in draft["subject"]
    assert draft["body"].split("\n\n")[1].startswith("Sam Lee suggested")


def test_linkedin_connection_says_since_when():
    """A LinkedIn connection with an email: the opening says since when."""
    draft = draft_for({**CONNECTION, "emails": ["thomas@example.com"]}, channel="email", email="thomas@example.com")
    assert "connected on LinkedIn (since March 2024)" in draft["body"]


def test_request_carries_pitch_ask_and_a_question():
    """Pitch, the 20-30 minute ask for advice (not a role), and a suggested question."""
    body = draft_for(ALUMNA)["body"]
    assert "taught high-school maths" in body
    assert "20-30 minutes" in body and "not a referral or a role" in body
    assert "What does a typical week look like in your role?" in body


def test_why_this_person_names_role_and_company():
    """The draft says why them: their role and organisation."""
    assert "Data Scientist at Spotify" in draft_for(ALUMNA)["body"]


def test_missing_company_and_title_leave_no_hole():
    """Without company or title the sentence falls back to the field; lint finds no hole."""
    draft = draft_for(NO_COMPANY)
    assert draft["ok"], draft["problems"]
    assert "how you got into data science" in draft["body"]


def test_missing_first_name_greets_politely():
    """No first name anywhere: 'Hello,' rather than 'Hi ,'."""
    draft = draft_for(contact(first_name=None, last_name=None, full_name=None, emails=["x@example.com"]), name=None)
    assert draft["body"].startswith("Hello,") and draft["ok"]


def test_request_signs_with_user_name():
    """The draft is signed with the user's name."""
    assert draft_for(ALUMNA)["body"].rstrip().endswith("Jordan Rivera")


def test_signature_replaces_name_and_profile_link_is_added():
    """A [me] signature and LinkedIn URL close the email."""
    profile = Profile(me=Me(name="Jordan Rivera", email="j@example.com", school="Riverbend University",
                            signature="Jordan Rivera | +1 555 0100", linkedin_url="https://www.linkedin.com/in/jr"))
    body = draft_for(ALUMNA, profile=profile)["body"]
    assert body.rstrip().endswith("Jordan Rivera | +1 555 0100\nhttps://www.linkedin.com/in/jr")


def test_request_stays_under_word_warning_by_dropping_optional_parts():
    """The usual request fits in 100 words: optional parts drop before it warns."""
    draft = draft_for(ALUMNA)
    assert draft["words"] <= 100 and draft["warnings"] == []


def test_long_pitch_warns_above_word_warning():
    """A long pitch pushes the draft past 100 words: kept, with a warning."""
    profile = Profile(me=Me(name="Jordan Rivera", email="j@example.com", pitch="I am exploring data. " * 8))
    draft = draft_for(ALUMNA, profile=profile)
    assert draft["ok"] and 100 < draft["words"] <= 150
    assert any(w.startswith("word_warning") for w in draft["warnings"])


def test_very_long_pitch_fails_word_limit():
    """Over 150 words the draft fails and is not passed as good."""
    profile = Profile(me=Me(name="Jordan Rivera", email="j@example.com", pitch="I am exploring data science. " * 30))
    draft = draft_for(ALUMNA, profile=profile)
    assert not draft["ok"] and any(p.startswith("word_limit") for p in draft["problems"])


def test_no_draft_mentions_a_job():
    """No job ask in any shipped template's output."""
    plan, contacts = frames(ALUMNA, CONNECTION, REFERRAL, NO_COMPANY, NON_ASCII)
    drafts = build_drafts(plan, contacts, make_profile(), today=TODAY)
    assert not any(p.startswith("job_ask") for ps in drafts["problems"] for p in ps)
    assert drafts["ok"].all()


@pytest.mark.parametrize(("target", "phrase"), [("Data science", "data science"), ("UX research", "UX research"),
                                                  ("eCommerce", "eCommerce"), (None, None)])
def test_field_phrase(target, phrase):
    """A target reads naturally mid-sentence; acronyms keep their case."""
    assert field_phrase(target) == phrase


# ---------------------------------------------------------------- LinkedIn notes


@pytest.mark.parametrize("limit", [200, 300])
def test_linkedin_note_fits_the_limit(limit):
    """The note fits the free (200) and premium (300) limits."""
    draft = draft_for(CONNECTION, profile=make_profile(linkedin_note_limit=limit))
    assert draft["ok"] and draft["chars"] <= limit


def test_linkedin_note_uses_pitch_when_it_fits():
    """With room to spare the fullest wording is kept."""
    profile = Profile(me=Me(name="Jordan Rivera", email="j@example.com", pitch="I teach maths."),
                      outreach=Outreach(linkedin_note_limit=300))
    assert "I teach maths." in draft_for(CONNECTION, profile=profile)["body"]


def test_linkedin_note_too_long_fails_without_truncating():
    """Even the shortest wording is too long: lint fails it; no word is cut."""
    school = "The Very Long Name Of A University Of Applied Sciences And Arts " * 3
    c = {**CONNECTION, "sources": ["alumni"]}
    profile = Profile(me=Me(name="Jordan Rivera", email="j@example.com", school=school.strip()),
                      outreach=Outreach(linkedin_note_limit=200))
    draft = draft_for(c, profile=profile)
    assert not draft["ok"] and any(p.startswith("note_limit") for p in draft["problems"])
    assert draft["body"].rstrip().endswith("Jordan")


# ---------------------------------------------------------------- safety


def test_contact_value_is_not_template_code():
    """A contact named {{ 7*7 }} stays literally that (and lint asks a human to look)."""
    draft = draft_for(contact(first_name="{{ 7*7 }}", emails=["x@example.com"]))
    assert "Hi {{ 7*7 }}," in draft["body"] and "49" not in draft["body"]


def test_line_breaks_in_contact_values_are_folded():
    """CR/LF in a name or company never reach the draft as line breaks."""
    draft = draft_for(contact(first_name="Ana\r\nBcc: evil@example.com", emails=["x@example.com"], company="A\nB"))
    assert "Hi Ana Bcc: evil@example.com," in draft["body"]
    assert "\r" not in draft["body"] and "\n" not in (draft["subject"] or "")


@pytest.mark.parametrize(("value", "expected"), [(None, None), ("", None), ("  a \r\n b\t", "a b"),
                                                   (float("nan"), None), ("x\x00y", "x y"), ("a\u2028b", "a b")])
def test_one_line(value, expected):
    """Values become one trimmed line, or None."""
    assert one_line(value) == expected


text_values = st.one_of(st.none(), st.text(max_size=40))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(first=text_values, last=text_values, company=text_values, title=text_values, school=text_values,
       referrer=text_values, year=st.one_of(st.none(), st.integers(1950, 2030)))
def test_rendering_never_leaves_template_syntax_or_missing_values(first, last, company, title, school, referrer, year):
    """Whatever the contact holds, the templates add no {{, }}, None or nan of their own."""
    c = contact(first_name=first, last_name=last, company=company, title=title, school=school,
                referred_by=referrer, class_year=year, emails=["x@example.com"])
    draft = draft_for(c)
    given_text = " ".join(str(v) for v in (first, last, company, title, school, referrer) if v)
    for token in ("{{", "}}", "{%", "None", "nan"):
        if token not in given_text:
            assert token not in draft["body"] and token not in (draft["subject"] or "")
    assert "\r" not in draft["body"] and "  " not in draft["body"] and "\n\n\n" not in draft["body"]
    assert all(line == line.rstrip() for line in draft["body"].split("\n"))


# ---------------------------------------------------------------- templates from the workspace


def test_user_template_overrides_the_shipped_one(tmp_path):
    """A workspace templates/ copy is used instead of the built-in template."""
    (tmp_path / "email_request.txt.j2").write_text(
        "{% block subject %}Hello from me{% endblock %}{% block body %}Hi {{ first_name }}, coffee soon?\n\n"
        "Best,\n{{ me.name }}\n{% endblock %}", encoding="utf-8")
    draft = draft_for(ALUMNA, template_dir=tmp_path)
    assert draft["subject"] == "Hello from me" and draft["body"].startswith("Hi Ana, coffee soon?")


def test_template_without_blocks_is_all_body(tmp_path):
    """A LinkedIn template written as plain text needs no blocks."""
    (tmp_path / "linkedin_note.txt.j2").write_text("Hi {{ first_name }}! Coffee? {{ me.first_name }}\n", encoding="utf-8")
    assert draft_for(CONNECTION, template_dir=tmp_path)["body"] == "Hi Thomas! Coffee? Jordan\n"


def test_broken_user_template_raises_template_error(tmp_path):
    """A template that does not compile stops the batch with the file, line and fix."""
    (tmp_path / "email_request.txt.j2").write_text("line one\n{% if %}\n", encoding="utf-8")
    with pytest.raises(TemplateError, match="does not compile") as info:
        draft_for(ALUMNA, template_dir=tmp_path)
    assert info.value.line == 2


def test_misspelt_variable_fails_that_draft_only(tmp_path):
    """An undefined variable in a user template fails the draft with the reason, not the run."""
    (tmp_path / "email_request.txt.j2").write_text("{% block body %}Hi {{ frist_name }}{% endblock %}", encoding="utf-8")
    draft = draft_for(ALUMNA, template_dir=tmp_path)
    assert not draft["ok"] and "frist_name" in draft["problems"][0]


# ---------------------------------------------------------------- filenames


def test_filename_is_stable_per_contact_and_kind():
    """Files are named kind-name-contact_id: a rank never hands one file name to another person."""
    assert draft_for(ALUMNA)["filename"] == "request-ana-lopez-c_000000000001.eml"


@pytest.mark.parametrize(("name", "cid", "expected"), [
    ("Zoë Ñúñez-Müller", "c_1", "001-zoe-nunez-muller-c_1.eml"),
    ("../../etc/passwd", "c_2", "001-etc-passwd-c_2.eml"),
    ("王芳", "c_3", "001-contact-c_3.eml"),
    ("Ana", "c/../x", "001-ana-cx.eml"),
])
def test_filename_is_filesystem_safe(name, cid, expected):
    """Names become ASCII slugs; nothing can climb out of out/drafts/."""
    assert draft_filename("001", name, cid, "eml") == expected


# ---------------------------------------------------------------- follow-ups


def events(*rows: tuple[str, int, str | None], contact_id: str = "c_000000000001") -> pl.DataFrame:
    """Events for one contact as (kind, days before TODAY, note)."""
    return pl.DataFrame([{"contact_id": contact_id, "kind": k, "at": TODAY - timedelta(days=d), "note": n}
                         for k, d, n in rows], schema=EVENT_DTYPES)


FOLLOWUP_CASES = [
    # (id, events as (kind, days ago, note), follow-up due)
    ("sent 7 days ago, no reply", [("sent", 7, None)], "nudge"),
    ("sent 6 days ago", [("sent", 6, None)], None),
    ("sent then replied", [("sent", 10, None), ("replied", 8, None)], None),
    ("sent then declined", [("sent", 10, None), ("declined", 9, None)], None),
    ("nudge already sent", [("sent", 20, None), ("sent", 10, None)], None),
    ("do not contact", [("sent", 10, None), ("do_not_contact", 9, None)], None),
    ("only drafted", [("drafted", 10, None)], None),
    ("met yesterday", [("sent", 10, None), ("met", 1, "Learn SQL")], "thank_you"),
    ("met today", [("met", 0, None)], "thank_you"),
    ("met 2 days ago", [("met", 2, None)], "thank_you"),
    ("met 3 days ago", [("met", 3, None)], None),
    ("met yesterday, thanked", [("met", 1, None), ("sent", 0, None)], None),
    ("met 90 days ago", [("met", 90, None)], "keep_in_touch"),
    ("met 89 days ago", [("met", 89, None)], None),
    ("update sent 30 days ago", [("met", 200, None), ("sent", 30, None)], None),
    ("three updates this year", [("met", 400, None), ("sent", 300, None), ("sent", 200, None), ("sent", 100, None)], None),
    ("two updates this year", [("met", 400, None), ("sent", 200, None), ("sent", 100, None)], "keep_in_touch"),
    ("met long ago, do not contact", [("met", 200, None), ("do_not_contact", 100, None)], None),
    ("future event ignored", [("sent", 10, None), ("replied", -3, None)], "nudge"),
]


@pytest.mark.parametrize(("history", "expected"), [c[1:] for c in FOLLOWUP_CASES], ids=[c[0] for c in FOLLOWUP_CASES])
def test_due_followups(history, expected):
    """Etiquette timing: one nudge after 7 days, thank-you within 2, keep-in-touch every 90 (3 a year)."""
    due = due_followups(events(*history), today=TODAY)
    assert (due["kind"].to_list() or [None]) == [expected]


def test_thank_you_names_the_takeaway():
    """A logged takeaway (the user's words) is what the thank-you names."""
    drafts = build_followups(events(("met", 1, None), ("takeaway", 1, "Learn dbt before SQL.")),
                             pl.DataFrame([ALUMNA], schema=CONTACT_DTYPES), make_profile(), today=TODAY)
    row = drafts.row(0, named=True)
    assert row["kind"] == "thank_you" and "One thing I'm taking away: Learn dbt before SQL." in row["body"]


def test_thank_you_never_quotes_a_private_note():
    """The note given with `mark met --note` stays private: the thank-you does not quote it."""
    drafts = build_followups(events(("met", 1, "talk to her colleague in Ann Arbor")),
                             pl.DataFrame([ALUMNA], schema=CONTACT_DTYPES), make_profile(), today=TODAY)
    assert "Ann Arbor" not in drafts.row(0, named=True)["body"]


def test_nudge_refers_to_the_date_sent():
    """The nudge says when the first note went out."""
    drafts = build_followups(events(("sent", 8, None)), pl.DataFrame([ALUMNA], schema=CONTACT_DTYPES),
                             make_profile(), today=TODAY)
    row = drafts.row(0, named=True)
    assert "my note from November 17" in row["body"] and row["subject"].startswith("Re: ")
    assert row["filename"] == "nudge-ana-lopez-c_000000000001.eml"


def test_followup_without_email_goes_by_linkedin():
    """A follow-up for someone without an email is a LinkedIn message (.txt, no subject)."""
    drafts = build_followups(events(("met", 1, None), contact_id=CONNECTION["contact_id"]),
                             pl.DataFrame([CONNECTION], schema=CONTACT_DTYPES), make_profile(), today=TODAY)
    row = drafts.row(0, named=True)
    assert (row["subject"], row["filename"][-4:], row["ok"]) == (None, ".txt", True)


def test_no_events_no_followups():
    """An empty log gives an empty draft frame."""
    drafts = build_followups(pl.DataFrame(schema=EVENT_DTYPES), pl.DataFrame(schema=CONTACT_DTYPES),
                             make_profile(), today=TODAY)
    assert drafts.is_empty() and tuple(drafts.columns) == DRAFT_COLUMNS


def test_followups_never_mention_jobs():
    """Nudge, thank-you and keep-in-touch all pass lint."""
    log = pl.concat([events(("sent", 8, None)), events(("met", 1, "Great chat"), contact_id="c_000000000003"),
                     events(("met", 120, None), contact_id="c_000000000004")])
    contacts = pl.DataFrame([ALUMNA, REFERRAL, NO_COMPANY], schema=CONTACT_DTYPES)
    drafts = build_followups(log, contacts, make_profile(), today=TODAY)
    assert sorted(drafts["kind"]) == ["keep_in_touch", "nudge", "thank_you"] and drafts["ok"].all()


# ---------------------------------------------------------------- golden files


NO_RELATION = contact("c_000000000006", first_name="Priya", last_name="Shah", sources=["google"],
                      emails=["priya@example.com"], company="Northwind Health", title="Data Scientist")

GOLDEN_CASES = {
    "alumnus_class_year": ALUMNA,
    "linkedin_connection": CONNECTION,
    "referral": REFERRAL,
    "missing_company": NO_COMPANY,
    "non_ascii_name": NON_ASCII,
    "no_relation": NO_RELATION,
}
# The relation each golden file opens with: together they cover every rung of the ladder.
GOLDEN_RELATIONS = {"alumnus_class_year": "school", "linkedin_connection": "linkedin", "referral": "referral",
                    "missing_company": "none", "non_ascii_name": "school", "no_relation": "none"}


def test_golden_cases_cover_every_relation():
    """referral, how we know them (how_we_know.txt), school, LinkedIn and none each have a golden file."""
    got = {case: person_context(c, None, make_profile())["relation"] for case, c in GOLDEN_CASES.items()}
    assert got == GOLDEN_RELATIONS
    assert set(GOLDEN_RELATIONS.values()) | {"known"} == {"referral", "known", "school", "linkedin", "none"}
    assert (GOLDEN / "how_we_know.txt").exists()


def as_text(draft: dict[str, Any]) -> str:
    """A draft as one reviewable text file."""
    head = [f"kind: {draft['kind']}", f"to: {draft['to']}", f"file: {draft['filename']}",
            f"words: {draft['words']}, chars: {draft['chars']}", f"subject: {draft['subject']}"]
    return "\n".join(head) + "\n\n" + draft["body"]


@pytest.mark.parametrize("case", sorted(GOLDEN_CASES))
def test_golden_draft(case):
    """Representative drafts match their golden files (COFFEECHAT_REGEN_GOLDEN=1 rewrites them)."""
    text = as_text(draft_for(GOLDEN_CASES[case], profile=make_profile(linkedin_note_limit=300)))
    check_golden(f"{case}.txt", text)


def check_golden(name: str, text: str) -> None:
    """A missing golden file fails (COFFEECHAT_REGEN_GOLDEN=1 writes it); so does any difference."""
    path = GOLDEN / name
    if REGEN:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"golden file {path} is missing: run with COFFEECHAT_REGEN_GOLDEN=1 and review it"
    assert text == path.read_text(encoding="utf-8")


def test_golden_how_we_know():
    """A relation the user wrote opens the draft, warmer than the school they share."""
    plan, contacts = frames(ALUMNA)
    drafts = build_drafts(plan, contacts, make_profile(), today=TODAY,
                          how_we_know={ALUMNA["contact_id"]: "my sister's college roommate"})
    check_golden("how_we_know.txt", as_text(drafts.row(0, named=True)))


@pytest.mark.parametrize("channel_email", [True, False])
def test_how_we_know_is_never_quoted_to_them(channel_email):
    """The user's words about how they know someone pick the warm opener but never reach the message."""
    person = ALUMNA if channel_email else {**ALUMNA, "emails": []}
    plan, contacts = frames(person)
    drafts = build_drafts(plan, contacts, make_profile(), today=TODAY,
                          how_we_know={ALUMNA["contact_id"]: "my sister's college roommate"})
    body = drafts.row(0, named=True)["body"]
    assert "roommate" not in body and "sister" not in body
    assert "know" in body


@pytest.mark.parametrize("case", ["nudge", "thank_you", "keep_in_touch"])
def test_how_we_know_is_never_quoted_in_a_followup(case):
    """A nudge, thank-you or keep-in-touch for someone the user said they know never repeats those words."""
    c, history = FOLLOWUP_GOLDEN[case]
    log = events(("how_we_know", 200, "my sister's college roommate"), *history, contact_id=c["contact_id"])
    drafts = build_followups(log, pl.DataFrame([c], schema=CONTACT_DTYPES), make_profile(), today=TODAY)
    assert drafts["kind"].to_list() == [case]
    assert "roommate" not in drafts["body"][0] and "sister" not in drafts["body"][0]


def test_golden_short_pitch_note():
    """A long pitch over a free account's limit gives way to pitch_short; the relation stays, lint warns."""
    profile = make_profile(linkedin_note_limit=200)
    profile = Profile(me=Me(**{**profile.me.__dict__, "pitch": profile.me.pitch * 2,
                               "pitch_short": "A maths teacher exploring data science."}),
                      targets=profile.targets, outreach=profile.outreach)
    draft = draft_for(CONNECTION, profile=profile)
    assert "connected here" in draft["body"] and any(w.startswith("pitch:") for w in draft["warnings"])
    check_golden("linkedin_short_pitch.txt", as_text(draft))


FOLLOWUP_GOLDEN = {
    "nudge": (ALUMNA, [("drafted", 9, '{"subject": "Fellow alum seeking advice on data science"}'), ("sent", 8, None)]),
    "thank_you": (ALUMNA, [("sent", 20, None), ("met", 1, "private: ask about her colleague"),
                           ("takeaway", 1, "learn dbt before Airflow")]),
    "keep_in_touch": (NO_COMPANY, [("sent", 140, None), ("met", 120, None), ("sent", 119, None)]),
}


@pytest.mark.parametrize("case", sorted(FOLLOWUP_GOLDEN))
def test_golden_followup(case):
    """Each follow-up kind matches its golden file."""
    c, history = FOLLOWUP_GOLDEN[case]
    drafts = build_followups(events(*history, contact_id=c["contact_id"]), pl.DataFrame([c], schema=CONTACT_DTYPES),
                             make_profile(), today=TODAY)
    check_golden(f"followup_{case}.txt", as_text(drafts.row(0, named=True)))


# A LinkedIn note for every rung of the ladder (the email side is GOLDEN_CASES + how_we_know.txt).
NOTE_GOLDEN = {
    "referral": ({**REFERRAL, "emails": [], "linkedin_url": "https://www.linkedin.com/in/ben-okafor"}, None),
    "known": (CONNECTION, "we volunteered together at the food bank"),
    "school": ({**ALUMNA, "emails": [], "linkedin_url": "https://www.linkedin.com/in/ana-lopez"}, None),
    "linkedin": (CONNECTION, None),
    "none": ({**NO_RELATION, "emails": [], "linkedin_url": "https://www.linkedin.com/in/priya-shah"}, None),
}


def test_note_golden_cases_cover_every_relation():
    """The LinkedIn note goldens open with each relation: referral, known, school, linkedin, none."""
    got = {case: person_context(c, None, make_profile(), how)["relation"] for case, (c, how) in NOTE_GOLDEN.items()}
    assert got == {case: case for case in NOTE_GOLDEN}
    assert set(got.values()) == {"referral", "known", "school", "linkedin", "none"}


@pytest.mark.parametrize("case", sorted(NOTE_GOLDEN))
def test_golden_linkedin_note(case):
    """Each relation's LinkedIn note (free account's 200 characters) matches its golden file."""
    c, how = NOTE_GOLDEN[case]
    plan, contacts = frames(c)
    drafts = build_drafts(plan, contacts, make_profile(linkedin_note_limit=200), today=TODAY,
                          how_we_know={c["contact_id"]: how} if how else None)
    draft = drafts.row(0, named=True)
    assert (draft["kind"], draft["ok"]) == ("linkedin", True), draft["problems"]
    assert draft["chars"] <= 200
    if how:
        assert how not in draft["body"]  # the user's own words pick the opener, never reach them
    check_golden(f"linkedin_{case}.txt", as_text(draft))


# Follow-ups past the three above: without a takeaway, with one quoted back later, and by LinkedIn.
FOLLOWUP_VARIANT_GOLDEN = {
    "thank_you_no_takeaway": (ALUMNA, [("sent", 20, None), ("met", 1, "private: she is changing teams")]),
    "keep_in_touch_takeaway": (ALUMNA, [("sent", 140, None), ("met", 120, None), ("takeaway", 120, "build one end-to-end project"),
                                        ("sent", 119, None)]),
    "nudge_linkedin": (CONNECTION, [("sent", 8, None)]),
    "thank_you_linkedin": (CONNECTION, [("sent", 20, None), ("met", 1, None), ("takeaway", 1, "ask for the team's reading list")]),
    "keep_in_touch_linkedin": (CONNECTION, [("sent", 140, None), ("met", 120, None), ("sent", 119, None)]),
}


@pytest.mark.parametrize("case", sorted(FOLLOWUP_VARIANT_GOLDEN))
def test_golden_followup_variant(case):
    """Each follow-up kind by email and by LinkedIn, with and without a takeaway, matches its golden file."""
    c, history = FOLLOWUP_VARIANT_GOLDEN[case]
    drafts = build_followups(events(*history, contact_id=c["contact_id"]), pl.DataFrame([c], schema=CONTACT_DTYPES),
                             make_profile(), today=TODAY)
    draft = drafts.row(0, named=True)
    assert draft["ok"], draft["problems"]
    assert "private" not in draft["body"]  # a private note never reaches a draft
    check_golden(f"followup_{case}.txt", as_text(draft))


def test_followup_goldens_cover_every_kind_on_both_channels():
    """nudge, thank-you and keep-in-touch each have a golden file by email and by LinkedIn."""
    covered = set()
    for c, _ in [*FOLLOWUP_GOLDEN.values(), *FOLLOWUP_VARIANT_GOLDEN.values()]:
        covered.add("email" if c["emails"] else "linkedin")
    kinds = {(case.split("_linkedin")[0].replace("_no_takeaway", "").replace("_takeaway", ""),
              "linkedin" if case.endswith("_linkedin") else "email")
             for case in [*FOLLOWUP_GOLDEN, *FOLLOWUP_VARIANT_GOLDEN]}
    assert kinds == {(k, ch) for k in ("nudge", "thank_you", "keep_in_touch") for ch in ("email", "linkedin")}
    assert covered == {"email", "linkedin"}


def golden_drafts() -> list[dict[str, Any]]:
    """Every golden case's draft: requests by email and by LinkedIn note, and each follow-up."""
    drafts = [draft_for(c) for c in GOLDEN_CASES.values()]
    for c, how in NOTE_GOLDEN.values():
        plan, contacts = frames(c)
        drafts += build_drafts(plan, contacts, make_profile(linkedin_note_limit=200), today=TODAY,
                               how_we_know={c["contact_id"]: how} if how else None).to_dicts()
    for c, history in [*FOLLOWUP_GOLDEN.values(), *FOLLOWUP_VARIANT_GOLDEN.values()]:
        drafts += build_followups(events(*history, contact_id=c["contact_id"]), pl.DataFrame([c], schema=CONTACT_DTYPES),
                                  make_profile(), today=TODAY).to_dicts()
    return drafts


def test_no_sentence_runs_into_the_next():
    """Across the golden cases, a sentence's end is always followed by a space or a line break ("out.Could" never)."""
    import re

    assert [d["body"] for d in golden_drafts() if re.search(r"[a-z][.!?,][A-Za-z]", d["body"])] == []


def test_no_golden_draft_repeats_a_phrase():
    """No golden draft, request or follow-up, says the same four words twice ("your advice ... your advice")."""
    assert [(d["filename"], w) for d in golden_drafts() for w in d["warnings"] if w.startswith("repeated:")] == []


def test_example_profile_fails_every_draft():
    """A profile left as `init` wrote it fails lint with the fix."""
    profile = Profile(me=Me(name="Your Name", email="you@example.com", school="Your University", pitch="x"),
                      targets=make_profile().targets)
    draft = draft_for(ALUMNA, profile=profile)
    assert not draft["ok"]
    assert "profile: [me] name, email, school still the example from `coffeechat init` (edit profile.toml)" in draft["problems"]


def test_golden_words_match_the_counter():
    """The golden drafts stay within the etiquette budget."""
    for case, c in GOLDEN_CASES.items():
        draft = draft_for(c)
        assert draft["ok"], (case, draft["problems"])
        assert count_words(draft["body"]) == draft["words"] <= 100
