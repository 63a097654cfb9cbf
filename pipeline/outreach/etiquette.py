"""The follow-up etiquette rules, read from templates/etiquette.toml (a workspace copy overrides the shipped one)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import TemplateError
from pipeline.resources import templates_dir

FILE_NAME = "etiquette.toml"


@dataclass(frozen=True)
class Etiquette:
    """How many days each follow-up waits; defaults are the shipped file's values."""

    answer_within_days: int = 1
    nudge_after_days: int = 7
    nudge_count: int = 1
    no_reply_after_nudge_days: int = 7
    thank_you_within_days: int = 2
    keep_in_touch_every_days: int = 90
    keep_in_touch_per_year: int = 3


# (section, key) in the TOML file -> field of Etiquette.
_KEYS = {
    ("reply", "answer_within_days"): "answer_within_days",
    ("nudge", "after_days"): "nudge_after_days",
    ("nudge", "count"): "nudge_count",
    ("no_reply", "after_nudge_days"): "no_reply_after_nudge_days",
    ("thank_you", "within_days"): "thank_you_within_days",
    ("keep_in_touch", "every_days"): "keep_in_touch_every_days",
    ("keep_in_touch", "per_year"): "keep_in_touch_per_year",
}


def parse_etiquette(text: str, *, where: str = FILE_NAME) -> Etiquette:
    """Check the TOML text: every key known, every value a whole number of days (0 or more)."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise TemplateError(f"{FILE_NAME} is not valid TOML ({exc})", file=where, fix="Fix the syntax at that spot.") from exc
    values: dict[str, int] = {}
    for section, table in raw.items():
        for key, value in (table.items() if isinstance(table, dict) else [(None, table)]):
            name = _KEYS.get((section, key))
            if name is None:
                known = ", ".join(f"[{s}] {k}" for s, k in _KEYS)
                raise TemplateError(f"Unknown etiquette rule [{section}] {key}", file=where, fix=f"Use one of: {known}.")
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                raise TemplateError(f"[{section}] {key} should be a whole number of days, not {value!r}", file=where,
                                    fix=f"Write it as {key} = 7.")
            values[name] = value
    return Etiquette(**values)


def load_etiquette(template_dir: Path | None = None) -> Etiquette:
    """The workspace's etiquette.toml when it has one, else the shipped rules."""
    for folder in (template_dir, templates_dir()):
        if folder is not None and (folder / FILE_NAME).is_file():
            path = folder / FILE_NAME
            return parse_etiquette(path.read_text(encoding="utf-8"), where=str(path))
    return Etiquette()
