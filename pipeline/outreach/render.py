"""Render a draft's context through its template, the variant that fits the budget, then lint it into a frame row."""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from jinja2 import Template, TemplateNotFound, TemplateSyntaxError
from jinja2 import TemplateError as JinjaError

from pipeline.errors import TemplateError
from pipeline.outreach.context import one_line
from pipeline.outreach.lint import (
    EMAIL_KINDS,
    Text,
    count_chars,
    count_words,
    lint,
    pitch_warning,
    profile_problems,
)
from pipeline.profile import Profile
from pipeline.templating import template_env

log = logging.getLogger(__name__)

# Tried in order; the first that fits the budget wins, so optional parts drop before a draft fails.
VARIANTS: tuple[str, ...] = ("full", "short", "minimal")
# A request always carries at least one of the suggested questions when the plan has any.
QUESTIONS_PER_VARIANT = {"full": 2, "short": 1, "minimal": 1}
_SPACES = re.compile(r"(?<=\S)[ \t]{2,}")
# A value ending in a period ("Meta Platforms, Inc.") before the sentence's own period; an ellipsis stays.
_DOUBLED_PERIOD = re.compile(r"(?<=\w)\.\.(?!\.)")


@dataclass(frozen=True)
class Rendered:
    """One rendered draft before it becomes a frame row."""

    subject: str | None
    body: str
    variant: str = "full"  # which of VARIANTS fitted the budget (the report compares reply rates by it)


def tidy(text: str) -> str:
    """Trailing spaces, doubled spaces, a doubled period and runs of blank lines the template left behind."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = [_DOUBLED_PERIOD.sub(".", _SPACES.sub(" ", line)).rstrip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n") + "\n"


def load_template(name: str, template_dir: Path | None) -> Template:
    """A compiled template from the user's folder or the shipped ones; failures name the fix."""
    try:
        return template_env(template_dir).get_template(name)
    except TemplateNotFound as exc:
        raise TemplateError(
            f"Template {name} not found", file=template_dir, fix="Restore it, or delete your copy to use the built-in one."
        ) from exc
    except TemplateSyntaxError as exc:
        raise TemplateError(
            f"Template {name} does not compile ({exc.message})",
            file=exc.filename or name,
            line=exc.lineno,
            fix="Fix the Jinja syntax on that line, or delete your copy to use the built-in one.",
        ) from exc


def render(template: Template, context: Mapping[str, Any]) -> Rendered:
    """Subject and body from the template's `subject` and `body` blocks (a template without blocks is all body)."""
    if "body" not in template.blocks:
        subject = _block(template, "subject", template.new_context(dict(context)))
        return Rendered(subject=subject, body=tidy(template.render(context)))
    # One context for both blocks, as Jinja itself does when it renders a whole template.
    shared = template.new_context(dict(context))
    return Rendered(subject=_block(template, "subject", shared), body=tidy(_block(template, "body", shared) or ""))


def _block(template: Template, name: str, context: Any) -> str | None:
    block = template.blocks.get(name)
    if block is None:
        return None
    text = "".join(block(context))
    return one_line(text) if name == "subject" else text


def _variant_context(context: Mapping[str, Any], variant: str) -> dict[str, Any]:
    return {**context, "variant": variant, "questions": context["all_questions"][: QUESTIONS_PER_VARIANT[variant]]}


def _fits(kind: str, rendered: Rendered, profile: Profile) -> bool:
    if kind == "linkedin":
        return count_chars(rendered.body) <= profile.outreach.linkedin_note_limit
    return count_words(rendered.body) <= profile.outreach.word_warning


def render_best(kind: str, template: Template, context: Mapping[str, Any], profile: Profile) -> Rendered:
    """The first variant that fits the budget, else the smallest: optional parts drop, words are never cut."""
    tried: list[Rendered] = []
    for variant in VARIANTS:
        rendered = replace(render(template, _variant_context(context, variant)), variant=variant)
        if _fits(kind, rendered, profile):
            return rendered
        tried.append(rendered)
    size = (lambda r: count_chars(r.body)) if kind == "linkedin" else (lambda r: count_words(r.body))
    return min(tried, key=size)


def finish(
    *, contact_id: str, kind: str, to: str | None, filename: str, template: Template, context: Mapping[str, Any], profile: Profile
) -> dict[str, Any]:
    """Render, measure and lint one draft into a frame row; a template error fails that draft only."""
    try:
        rendered = render_best(kind, template, context, profile)
    # Undefined names, sandbox refusals, bad filters: a user template's bug fails its drafts, not the run.
    except (JinjaError, TypeError, ValueError, LookupError, ArithmeticError) as exc:
        log.warning("template %s failed for %s: %s", template.name, contact_id, type(exc).__name__)
        rendered = Rendered(subject=None, body="")
        extra = [f"template: {template.name} could not render this contact ({exc})"]
    else:
        extra = []
    body = rendered.body
    # A follow-up to someone without an email goes as a LinkedIn message: no subject line.
    channel = "email" if kind in EMAIL_KINDS and (kind == "email" or (to and "@" in to)) else "linkedin"
    subject = rendered.subject if channel == "email" else None
    words, chars = count_words(body), count_chars(body)
    problems, warnings = lint(Text(kind, channel, to, subject, body, words, chars, profile.outreach))
    problems = extra + profile_problems(profile.me) + problems
    warnings = warnings + pitch_warning(kind, profile.me, body)
    return {
        "contact_id": contact_id, "name": context.get("full_name"), "kind": kind, "to": to, "subject": subject, "body": body,
        "words": words, "chars": chars, "problems": problems, "warnings": warnings,
        "ok": not problems, "filename": filename, "variant": rendered.variant,
    }


# ---------------------------------------------------------------- filenames


def slug(text: str | None, *, limit: int = 40) -> str:
    """A filesystem-safe, ASCII, lower-case form of a name ("Zoë O'Brien" -> "zoe-obrien")."""
    ascii_text = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode("ascii")
    words = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower().replace("'", "")).strip("-")
    return words[:limit].rstrip("-") or "contact"


def draft_filename(prefix: str, name: str | None, contact_id: str, extension: str) -> str:
    """Deterministic: the same person and position give the same file on every run."""
    safe_id = re.sub(r"[^A-Za-z0-9_-]", "", contact_id)[:40] or "unknown"
    return f"{prefix}-{slug(name)}-{safe_id}.{extension}"
