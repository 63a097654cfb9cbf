"""Render the plan as Markdown and as one self-contained, sortable HTML page: context first, then templates."""

from __future__ import annotations

import logging
import re
from datetime import date
from typing import Any

import polars as pl

from pipeline.profile import Profile
from pipeline.templating import template_env
from pipeline.text import md_escape

log = logging.getLogger(__name__)

MD_TEMPLATE = "plan.md.j2"
HTML_TEMPLATE = "plan.html.j2"

SIGNAL_LABELS: dict[str, str] = {
    "keyword_score": "keyword fit",
    "s_school": "school",
    "s_near_peer": "near-peer",
    "s_seniority": "seniority",
    "s_warmth": "warmth",
    "s_reachability": "reachability",
    "s_target_company": "target company",
}

_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_BLANK_RUNS = re.compile(r"\n{3,}")
_WEB_URL = re.compile(r"^https?://[^\s\"'<>]+$", re.IGNORECASE)


def day_label(day: date) -> str:
    """ "Mon 7 Dec 2026", independent of the machine's locale."""
    return f"{_DAYS[day.weekday()]} {day.day} {_MONTHS[day.month - 1]} {day.year}"


def _text(value: Any) -> str:
    # Contact data is one line on the page whatever the source file held.
    return " ".join(str(value).split()) if value is not None else ""


HELD_SHOWN = 200  # per section; out/plan_held.csv lists everyone held back


def held_context(held: pl.DataFrame | None) -> dict[str, Any]:
    """The people the plan holds back, by section ("waiting", "unreachable"), each with why; the first HELD_SHOWN of each."""
    out: dict[str, Any] = {}
    for section in ("waiting", "unreachable"):
        rows = held.filter(pl.col("section") == section) if held is not None else None
        total = rows.height if rows is not None else 0
        shown = [
            {"contact_id": _text(r["contact_id"]), "name": _text(r["name"]) or "(no name)", "company": _text(r["company"]),
             "why": _text(r["why"])}
            for r in (rows.head(HELD_SHOWN).iter_rows(named=True) if rows is not None else ())
        ]
        out[section] = {"rows": shown, "total": total}
    return out


def plan_context(
    plan: pl.DataFrame, profile: Profile, *, generated: date, max_rows: int | None = None, held: pl.DataFrame | None = None
) -> dict[str, Any]:
    """Plain values for the plan templates: rows (in rank order, the first `max_rows`) grouped into weeks.

    `held` (contact_id, name, company, section, why) lists who waits on a colleague's reply and
    who cannot be reached; each gets its own section.
    """
    rows = []
    for row in plan.head(max_rows if max_rows is not None else plan.height).iter_rows(named=True):
        url = _text(row.get("linkedin_url"))
        rows.append(
            {
                "rank": row["rank"],
                "contact_id": _text(row["contact_id"]),
                "name": _text(row["name"]) or "(no name)",
                "company": _text(row["company"]),
                "title": _text(row["title"]),
                "target": _text(row["target"]),
                "score": f"{row['score']:.1f}",
                "score_value": row["score"],
                "why": _text(row["why"]),
                "channel": _text(row["channel"]),
                "how_we_know": _text(row["how_we_know"]),
                "send_week": row["send_week"],
                "send_date": row["send_date"].isoformat(),
                "email": _text(row.get("email")),
                # Only web links become hrefs: a `javascript:` URL in an import must stay inert text.
                "linkedin_url": url if _WEB_URL.match(url) else "",
                "matched": [_text(m) for m in row.get("matched") or []],
                "questions": [_text(q) for q in row.get("questions") or []],
                "breakdown": [
                    {"label": label, "value": f"{row[col]:.2f}"}
                    for col, label in SIGNAL_LABELS.items()
                    if col in row and row[col] is not None
                ],
            }
        )
    weeks: list[dict[str, Any]] = []
    for row in rows:
        if not weeks or weeks[-1]["week"] != row["send_week"]:
            day = date.fromisoformat(row["send_date"])
            weeks.append({"week": row["send_week"], "date": row["send_date"], "label": day_label(day), "rows": []})
        weeks[-1]["rows"].append(row)
    return {
        "title": f"Coffee chat plan for {_text(profile.me.name)}" if profile.me.name.strip() else "Coffee chat plan",
        "generated": generated.isoformat(),
        "generated_label": day_label(generated),
        "targets": [t.name for t in profile.targets],
        "per_week": profile.outreach.per_week,
        "per_company": profile.outreach.per_company,
        "total": plan.height,
        "shown": len(rows),
        "rows": rows,
        "weeks": weeks,
        "signals": list(SIGNAL_LABELS.values()),
        "held": held_context(held),
    }


def _markdown_context(context: dict[str, Any]) -> dict[str, Any]:
    def esc(value: Any) -> Any:
        if isinstance(value, str):
            return md_escape(value)
        if isinstance(value, list):
            return [esc(v) for v in value]
        if isinstance(value, dict):
            return {k: esc(v) for k, v in value.items()}
        return value

    # The URL passed the web-link check (no spaces, quotes or angle brackets): it goes in <...> as is.
    rows = [esc(r) | {"linkedin_url": r["linkedin_url"]} for r in context["rows"]]
    by_id = {r["contact_id"]: r for r in rows}
    weeks = [w | {"rows": [by_id[md_escape(r["contact_id"])] for r in w["rows"]]} for w in context["weeks"]]
    return context | {"title": md_escape(context["title"]), "targets": esc(context["targets"]), "rows": rows, "weeks": weeks,
                      "held": esc(context["held"])}


def render_plan_markdown(
    plan: pl.DataFrame, profile: Profile, *, generated: date, max_rows: int | None = None, held: pl.DataFrame | None = None
) -> str:
    """plan.md: the weeks in order, each contact with why, how you know them and what to ask; then who is held back and why."""
    context = _markdown_context(plan_context(plan, profile, generated=generated, max_rows=max_rows, held=held))
    text = template_env().get_template(MD_TEMPLATE).render(context)
    # Loops leave runs of blank lines that Markdown ignores anyway; keep the file tidy to read raw.
    return _BLANK_RUNS.sub("\n\n", text)


def render_plan_html(
    plan: pl.DataFrame, profile: Profile, *, generated: date, max_rows: int | None = None, held: pl.DataFrame | None = None
) -> str:
    """plan.html: one offline file (inline CSS and JS, no network) to sort and filter the plan, then who is held back.

    About 2 kB a row: for a plan of tens of thousands, pass `max_rows` (plan.csv keeps everyone).
    """
    context = plan_context(plan, profile, generated=generated, max_rows=max_rows, held=held)
    return template_env().get_template(HTML_TEMPLATE).render(context)

