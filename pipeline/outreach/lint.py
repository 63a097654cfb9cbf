"""Draft lint rules, declared as data: each names what it checks, which drafts it applies to, and why it fails."""

from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass

from pipeline.profile import Me, Outreach
from pipeline.resources import templates_dir
from pipeline.text import is_email

EMAIL_KINDS = frozenset({"email", "nudge", "thank_you", "keep_in_touch"})
# Where a rule applies: every draft, drafts that go by email, or LinkedIn connection notes.
SCOPES = ("all", "email", "note")

# Leftovers of a template that did not fill: Jinja syntax, mail-merge style and bracket placeholders.
_PLACEHOLDER = re.compile(
    r"\{\{|\}\}|\{%|%\}|\{#|#\}"  # Jinja
    r"|\{[A-Za-z_][A-Za-z0-9_.]*\}"  # str.format / mail merge: {first_name}
    r"|\[\[?\s*(?:first|last|full)?\s*(?:name|company|title|school|your name|their name)\s*\]?\]"  # [Name]
    r"|<<[^<>]*>>|%\([a-z_]+\)s|\$\{[A-Za-z_]+\}",
    re.IGNORECASE,
)
# How Python and polars spell a missing value when it slips into text.
_MISSING = re.compile(r"\b(?:None|nan|NaN|NaT|null|undefined)\b")
# A hole left where a value should have been: "Hi ,", "at .", "()".
_HOLE = re.compile(r"[ \t][,.;:!?](?:\s|$)|\(\s*\)")
# Career centres: the ask is for information and advice; a draft never asks for, or mentions, a job.
_JOB_ASK = re.compile(
    r"\bjobs?\b|\bhiring\b|\bjob[- ]?(?:opening|offer|opportunit)\w*|\bopen (?:position|role)s?\b"
    r"|\bopenings?\b|\bvacanc(?:y|ies)\b|\bpositions? (?:available|open)\b|\b(?:resume|cv) (?:is )?attached\b",
    re.IGNORECASE,
)
_WORD = re.compile(r"[\w'’@./:-]+")


@dataclass(frozen=True)
class Text:
    """What a rule looks at: one rendered draft and the limits that apply to it."""

    kind: str
    channel: str  # "email" or "linkedin"
    to: str | None
    subject: str | None
    body: str
    words: int
    chars: int
    limits: Outreach


@dataclass(frozen=True)
class Rule:
    """One named check; `check` returns the reason it fails, or None when the draft passes."""

    name: str
    scope: str  # one of SCOPES
    severity: str  # "problem" keeps the draft from being written as good; "warning" only tells
    check: Callable[[Text], str | None]


def _pattern(pattern: re.Pattern[str], reason: str, *, subject: bool = True) -> Callable[[Text], str | None]:
    def check(text: Text) -> str | None:
        for part in (text.subject or "", text.body) if subject else (text.body,):
            found = pattern.search(part)
            if found:
                return f"{reason}: {found.group(0).strip()!r}"
        return None

    return check


def count_words(body: str) -> int:
    """Words as a reader counts them: runs of letters, digits and in-word punctuation."""
    return len(_WORD.findall(body))


def count_chars(body: str) -> int:
    """Characters as LinkedIn's counter sees them (UTF-16 units: an emoji counts two), final newline aside."""
    return len(body.rstrip("\n").encode("utf-16-le")) // 2


RULES: tuple[Rule, ...] = (
    Rule("placeholder", "all", "problem", _pattern(_PLACEHOLDER, "unfilled placeholder")),
    Rule("missing_value", "all", "problem", _pattern(_MISSING, "a missing value shows as text")),
    Rule("hole", "all", "problem", _pattern(_HOLE, "a value is missing around")),
    Rule("job_ask", "all", "problem", _pattern(_JOB_ASK, "mentions a job (ask for information and advice only)")),
    Rule(
        "unsigned",
        "all",
        "problem",
        lambda t: "no name to sign with (set [me] name in profile.toml)" if t.body.rstrip().endswith(",") else None,
    ),
    Rule("empty_body", "all", "problem", lambda t: None if t.body.strip() else "the body is empty"),
    Rule("no_recipient", "all", "problem", lambda t: None if t.to else "no email address or LinkedIn profile to send it to"),
    Rule(
        "bad_email",
        "email",
        "problem",
        lambda t: None if not t.to or is_email(t.to) else f"not a usable email address: {t.to!r}",
    ),
    Rule("no_subject", "email", "problem", lambda t: None if (t.subject or "").strip() else "the subject is empty"),
    Rule(
        "subject_length",
        "email",
        "warning",
        lambda t: None if len(t.subject or "") <= 78 else f"the subject is {len(t.subject or '')} characters (keep it under 78)",
    ),
    Rule(
        "word_limit",
        "email",
        "problem",
        lambda t: None if t.words <= t.limits.word_limit else f"{t.words} words (at most {t.limits.word_limit})",
    ),
    Rule(
        "word_warning",
        "email",
        "warning",
        lambda t: None
        if t.words <= t.limits.word_warning or t.words > t.limits.word_limit
        else f"{t.words} words (fewer than {t.limits.word_warning} reads best on a phone)",
    ),
    Rule(
        "repeated",
        "all",
        "warning",
        lambda t: (f"the phrase {found!r} appears twice" if (found := repeated_phrase(t.body)) else None),
    ),
    Rule(
        "note_limit",
        "note",
        "problem",
        lambda t: None
        if t.chars <= t.limits.linkedin_note_limit
        else f"{t.chars} characters (the LinkedIn note limit is {t.limits.linkedin_note_limit})",
    ),
)


@functools.cache
def example_values() -> dict[str, str]:
    """The `[me]` values `coffeechat init` writes as examples, read from the shipped profile.toml itself."""
    raw = tomllib.loads((templates_dir() / "profile.toml").read_text(encoding="utf-8"))
    return {k: v for k, v in raw.get("me", {}).items() if k in ("name", "email", "school", "pitch", "pitch_short") and v}


def profile_problems(me: Me) -> list[str]:
    """A profile left as `init` wrote it fails every draft, with the fix."""
    left = [key for key, value in example_values().items() if getattr(me, key, None) == value]
    if not left:
        return []
    return [f"profile: [me] {', '.join(left)} still the example from `coffeechat init` (edit profile.toml)"]


def pitch_warning(kind: str, me: Me, body: str) -> list[str]:
    """A LinkedIn note that had to leave the long pitch out says so."""
    pitch = " ".join(me.pitch.split())
    if kind != "linkedin" or not pitch or pitch in " ".join(body.split()):
        return []
    used = "pitch_short" if me.pitch_short and me.pitch_short in body else "no pitch"
    return [f"pitch: the long pitch did not fit the note limit; the note uses {used} (set [me] pitch_short, 120 characters at most)"]


_PHRASE_WORDS = 4


def repeated_phrase(body: str) -> str | None:
    """The first run of four words said twice in one draft (\"your advice ... your advice has helped\")."""
    words = [w.casefold().strip(".,;:!?()") for w in body.split()]
    seen: set[tuple[str, ...]] = set()
    for i in range(len(words) - _PHRASE_WORDS + 1):
        gram = tuple(words[i:i + _PHRASE_WORDS])
        if len(set(gram)) < 2:
            continue  # "word word word word" is filler, not a phrase
        if gram in seen:
            return " ".join(gram)
        seen.add(gram)
    return None


def _applies(scope: str, text: Text) -> bool:
    if scope == "email":
        return text.channel == "email"
    if scope == "note":
        return text.kind == "linkedin"
    return True


def lint(text: Text, rules: tuple[Rule, ...] = RULES) -> tuple[list[str], list[str]]:
    """(problems, warnings) for one draft, each reason prefixed with its rule's name."""
    problems: list[str] = []
    warnings: list[str] = []
    for rule in rules:
        if not _applies(rule.scope, text):
            continue
        reason = rule.check(text)
        if reason is not None:
            (problems if rule.severity == "problem" else warnings).append(f"{rule.name}: {reason}")
    return problems, warnings
