"""Load the question bank (templates/questions.toml) and pick 2-3 questions for one planned contact."""

from __future__ import annotations

import functools
import logging
import tomllib
import zlib
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import TemplateError
from pipeline.profile import Target
from pipeline.rank.keywords import canonical
from pipeline.resources import templates_dir
from pipeline.text import field_phrase

log = logging.getLogger(__name__)

BANK_FILE = "questions.toml"


@dataclass(frozen=True)
class Topic:
    """Questions for a kind of field, chosen when any `match` term appears in a target."""

    name: str
    match: tuple[str, ...]
    questions: tuple[str, ...]


@dataclass(frozen=True)
class QuestionBank:
    """Every question coffeechat can suggest, grouped by what decides them."""

    who_else: str
    general: tuple[str, ...]
    junior: tuple[str, ...]
    senior: tuple[str, ...]
    field: tuple[str, ...]
    topics: tuple[Topic, ...]


def load_question_bank(override_dir: Path | None = None) -> QuestionBank:
    """The user's templates/questions.toml if there is one, else the shipped bank."""
    path = Path(override_dir) / BANK_FILE if override_dir is not None else None
    if path is None or not path.is_file():
        path = templates_dir() / BANK_FILE
    return _load(path.resolve())


@functools.lru_cache(maxsize=8)
def _load(path: Path) -> QuestionBank:
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
        seniority = raw.get("seniority", {})
        topics = tuple(
            Topic(name=t["name"], match=tuple(t["match"]), questions=tuple(t["questions"]))
            for t in raw.get("topics", [])
        )
        bank = QuestionBank(
            who_else=raw.get("who_else", ""),
            general=tuple(raw["general"]),
            junior=tuple(seniority.get("junior", ())),
            senior=tuple(seniority.get("senior", ())),
            field=tuple(raw.get("field", {}).get("questions", ())),
            topics=topics,
        )
    except (tomllib.TOMLDecodeError, KeyError, TypeError) as exc:
        raise TemplateError(
            f"The question bank cannot be read ({exc})",
            file=str(path),
            fix="Fix that spot, or delete the file to use the shipped questions.",
        ) from exc
    if not bank.general:
        raise TemplateError("The question bank has no general questions", file=str(path), fix="Add general = [...].")
    return bank


def topic_for(bank: QuestionBank, target: Target) -> Topic | None:
    """The topic whose terms appear most often in the target's name and keywords (first wins a tie)."""
    text = canonical(" | ".join((target.name, *target.keywords)))
    best, best_hits = None, 0
    for topic in bank.topics:
        hits = sum(1 for term in topic.match if canonical(term).strip() and canonical(term) in text)
        if hits > best_hits:
            best, best_hits = topic, hits
    return best


def question_pools(bank: QuestionBank, topic: Topic | None, level: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The pools the first two questions come from: the field's, then the level's (junior, senior, general)."""
    field = topic.questions if topic is not None and topic.questions else bank.field
    by_level = {"junior": bank.junior, "senior": bank.senior}.get(level) or bank.general
    return field, by_level


def seed(contact_id: str) -> int:
    """A per-contact number that spreads questions over contacts; crc32 is stable across runs, unlike hash()."""
    return zlib.crc32(contact_id.encode("utf-8"))


def questions_at(bank: QuestionBank, target: Target, topic: Topic | None, level: str, first: int, second: int) -> list[str]:
    """Field question `first`, level question `second`, then who else to ask (2-3 questions)."""
    field_pool, level_pool = question_pools(bank, topic, level)
    chosen: list[str] = []
    if field_pool:
        chosen.append(field_pool[first % len(field_pool)].replace("{field}", field_phrase(target.name) or target.name))
    chosen.append(level_pool[second % len(level_pool)])
    if bank.who_else:
        chosen.append(bank.who_else)
    return chosen[:3]


def pick_questions(bank: QuestionBank, target: Target, topic: Topic | None, *, contact_id: str, level: str) -> list[str]:
    """The questions for one contact: chosen by `seed(contact_id)`, so re-runs give the same ones."""
    n = seed(contact_id)
    return questions_at(bank, target, topic, level, n, n // 7)
