"""Draft lint rules: each case is one draft and the rules it must (or must not) trip."""

from __future__ import annotations

import pytest

from pipeline.outreach.lint import RULES, SCOPES, Text, count_chars, count_words, lint
from pipeline.profile import Outreach

LIMITS = Outreach(linkedin_note_limit=200, word_limit=150, word_warning=100)
GOOD = "Hi Ana,\n\nWould you have 20-30 minutes for your advice?\n\nBest regards,\nJordan\n"


def text(body: str = GOOD, *, kind: str = "email", channel: str = "email", to: str | None = "ana@example.com",
         subject: str | None = "Fellow alum", limits: Outreach = LIMITS) -> Text:
    return Text(kind, channel, to, subject, body, count_words(body), count_chars(body), limits)


def names(reasons: list[str]) -> set[str]:
    return {r.split(":", 1)[0] for r in reasons}


def words(n: int) -> str:
    return "Hi Ana,\n\n" + " ".join(["word"] * (n - 4)) + "\n\nThanks,\nJordan\n"


PROBLEM_CASES = [
    # (id, draft, rule expected among the problems)
    ("jinja braces left", text(GOOD.replace("Ana", "{{ first_name }}")), "placeholder"),
    ("jinja block left", text(GOOD + "{% endif %}\n"), "placeholder"),
    ("mail-merge field", text(GOOD.replace("Ana", "{first_name}")), "placeholder"),
    ("bracket placeholder", text(GOOD.replace("Ana", "[Name]")), "placeholder"),
    ("placeholder in subject", text(subject="Hello {{ company }}"), "placeholder"),
    ("None in body", text(GOOD.replace("Ana", "None")), "missing_value"),
    ("nan in body", text(GOOD.replace("your advice", "nan advice")), "missing_value"),
    ("None in subject", text(subject="Fellow None alum"), "missing_value"),
    ("hole before comma", text(GOOD.replace("Hi Ana,", "Hi ,")), "hole"),
    ("hole before full stop", text(GOOD.replace("advice?", "advice at .")), "hole"),
    ("empty brackets", text(GOOD.replace("advice", "advice ()")), "hole"),
    ("job opening", text(GOOD.replace("your advice", "any job opening")), "job_ask"),
    ("hiring", text(GOOD.replace("your advice", "whether you are hiring")), "job_ask"),
    ("open position", text(GOOD.replace("your advice", "an open position")), "job_ask"),
    ("bare job", text(GOOD.replace("your advice", "a job")), "job_ask"),
    ("job in subject", text(subject="Job question"), "job_ask"),
    ("vacancy", text(GOOD.replace("your advice", "a vacancy")), "job_ask"),
    ("empty body", text(""), "empty_body"),
    ("no signature name", text("Hi Ana,\n\nAdvice please?\n\nBest regards,\n"), "unsigned"),
    ("no recipient", text(to=None), "no_recipient"),
    ("bad email", text(to="ana at example.com"), "bad_email"),
    ("email with CRLF", text(to="ana@example.com\r\nBcc: x@y.z"), "bad_email"),
    ("no subject", text(subject=None), "no_subject"),
    ("blank subject", text(subject="  "), "no_subject"),
    ("over word limit", text(words(151)), "word_limit"),
    ("linkedin over 200", text("x" * 201, kind="linkedin", channel="linkedin", subject=None, to="https://www.linkedin.com/in/a"), "note_limit"),
    ("linkedin over 300", text("Hi " + "y" * 298, kind="linkedin", channel="linkedin", subject=None,
                                to="https://www.linkedin.com/in/a", limits=Outreach(linkedin_note_limit=300)), "note_limit"),
]


@pytest.mark.parametrize(("draft", "rule"), [c[1:] for c in PROBLEM_CASES], ids=[c[0] for c in PROBLEM_CASES])
def test_rule_flags_problem(draft, rule):
    """Each bad draft is flagged by the rule named for it."""
    problems, _ = lint(draft)
    assert rule in names(problems)


PASS_CASES = [
    ("good email", text()),
    ("100 words exactly", text(words(100))),
    ("linkedin at 200", text("x" * 200, kind="linkedin", channel="linkedin", subject=None, to="https://www.linkedin.com/in/a")),
    ("not for a referral or a role", text(GOOD.replace("your advice", "advice, not for a referral or a role"))),
    ("linkedin follow-up skips email rules", text(kind="nudge", channel="linkedin", subject=None, to="https://www.linkedin.com/in/a")),
    ("apostrophes and en dashes", text(GOOD.replace("your advice", "your advice on O'Brien's 20–30 minute rule"))),
]


@pytest.mark.parametrize("draft", [c[1] for c in PASS_CASES], ids=[c[0] for c in PASS_CASES])
def test_good_draft_has_no_problems(draft):
    """A draft written the way career centres advise passes every rule."""
    assert lint(draft) == ([], [])


WARNING_CASES = [
    ("101 words", text(words(101)), {"word_warning"}),
    ("150 words", text(words(150)), {"word_warning"}),
    ("151 words fails, does not also warn", text(words(151)), set()),
    ("long subject", text(subject="s" * 79), {"subject_length"}),
    ("a phrase said twice", text(GOOD.replace("for your advice?", "for your advice? I'd be grateful for it; I'd be grateful for any time.")),
     {"repeated"}),
    ("a word said twice is no phrase", text(GOOD.replace("for your advice?", "for advice? Advice matters.")), set()),
]


@pytest.mark.parametrize(("draft", "expected"), [c[1:] for c in WARNING_CASES], ids=[c[0] for c in WARNING_CASES])
def test_warnings(draft, expected):
    """Warnings tell without failing the draft."""
    _, warnings = lint(draft)
    assert names(warnings) == expected


def test_rules_have_unique_names_and_known_scopes():
    """Rules are data: each one named once, each scope one of the declared scopes."""
    assert len({r.name for r in RULES}) == len(RULES)
    assert {r.scope for r in RULES} <= set(SCOPES)
    assert {r.severity for r in RULES} == {"problem", "warning"}


@pytest.mark.parametrize(("body", "expected"), [("Hi Ana,", 2), ("20-30 minutes", 2), ("O'Brien's advice.", 2), ("", 0)])
def test_count_words(body, expected):
    """Words are counted the way a reader counts them."""
    assert count_words(body) == expected


@pytest.mark.parametrize(("body", "expected"), [("Hi Ana\n", 6), ("Zoë", 3), ("☕🙂", 3), ("", 0)])
def test_count_chars_like_linkedin(body, expected):
    """Characters count as LinkedIn counts them: UTF-16 units, so an emoji is two."""
    assert count_chars(body) == expected


def test_repeated_phrase_names_the_phrase():
    """The warning names the four words said twice."""
    _, warnings = lint(text(GOOD.replace("for your advice?", "for your advice? I'd be grateful for it; I'd be grateful for any time.")))
    assert warnings == ["repeated: the phrase \"i'd be grateful for\" appears twice"]


# What `coffeechat init` writes in [me]: each one left as is fails the draft, naming that key.
EXAMPLE_CASES = [
    ("name", {"name": "Your Name"}, "name"),
    ("email", {"email": "you@example.com"}, "email"),
    ("school", {"school": "Your University"}, "school"),
    ("pitch", {"pitch": "I studied economics and am exploring a move into data science."}, "pitch"),
    ("pitch_short", {"pitch_short": "I'm exploring a move into data science."}, "pitch_short"),
    ("all as written", {"name": "Your Name", "email": "you@example.com", "school": "Your University"}, "name, email, school"),
]


@pytest.mark.parametrize(("values", "named"), [c[1:] for c in EXAMPLE_CASES], ids=[c[0] for c in EXAMPLE_CASES])
def test_example_profile_values_fail_with_the_fix(values, named):
    """A [me] value left as the init template wrote it is a problem that names it and says to edit profile.toml."""
    from pipeline.outreach.lint import profile_problems
    from pipeline.profile import Me

    me = Me(**{"name": "Jordan Rivera", "email": "jordan@example.org", "school": "Riverbend University",
               "pitch": "I taught maths.", **values})
    assert profile_problems(me) == [f"profile: [me] {named} still the example from `coffeechat init` (edit profile.toml)"]


def test_an_edited_profile_has_no_example_problem():
    """A profile whose [me] values were all edited passes."""
    from pipeline.outreach.lint import profile_problems
    from pipeline.profile import Me

    assert profile_problems(Me(name="Jordan Rivera", email="jordan@example.org", school="Riverbend University",
                               pitch="I taught maths.")) == []


@pytest.mark.parametrize(("kind", "body", "pitch_short", "warned"), [
    ("linkedin", "Hi Ana! I taught maths for six years. Could we talk?", "", False),
    ("linkedin", "Hi Ana! A maths teacher. Could we talk?", "A maths teacher.", "pitch_short"),
    ("linkedin", "Hi Ana! Could we talk?", "", "no pitch"),
    ("email", "Hi Ana! Could we talk?", "", False),
])
def test_pitch_warning_when_the_long_pitch_was_dropped(kind, body, pitch_short, warned):
    """A LinkedIn note without the long pitch warns, saying what it used instead; an email never does."""
    from pipeline.outreach.lint import pitch_warning
    from pipeline.profile import Me

    me = Me(name="Jordan Rivera", pitch="I taught maths for six years.", pitch_short=pitch_short)
    expected = [f"pitch: the long pitch did not fit the note limit; the note uses {warned} "
                "(set [me] pitch_short, 120 characters at most)"] if warned else []
    assert pitch_warning(kind, me, body) == expected
