"""Load and check `profile.toml` into one frozen settings object, passed down to every stage."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from datetime import date
from pathlib import Path
from typing import Any

from rapidfuzz import process

from pipeline.errors import ProfileError
from schemas.fields import CANONICAL_FIELDS, USER_TARGETS

PITCH_SHORT_MAX = 120


@dataclass(frozen=True)
class Me:
    """The user: who the drafts are from and what the signals compare against."""

    name: str = ""
    email: str = ""
    school: str = ""
    grad_year: int | None = None
    pitch: str = ""
    pitch_short: str = ""  # at most PITCH_SHORT_MAX characters: what a LinkedIn note says instead of the pitch
    linkedin_url: str = ""
    signature: str = ""
    phone_region: str = "US"  # how phone numbers written without a +country code are read (ISO 3166 code)


@dataclass(frozen=True)
class Target:
    """One field of interest the user wants to learn about."""

    name: str
    keywords: tuple[str, ...]
    companies: tuple[str, ...] = ()
    weight: float = 1.0
    expand: bool = True  # widen the keywords with the field knowledge the name and keywords point to


@dataclass(frozen=True)
class Outreach:
    """Pacing and etiquette limits for the plan and the drafts."""

    per_week: int = 10
    per_company: int = 2
    linkedin_note_limit: int = 300
    start_date: date | None = None  # week 1 of the plan; defaults to the Monday of the run
    word_limit: int = 150
    word_warning: int = 100


@dataclass(frozen=True)
class Weights:
    """How much each signal counts towards a contact's score (the keyword fit counts 1.0)."""

    school: float = 0.35
    near_peer: float = 0.2
    seniority: float = 0.15
    warmth: float = 0.15
    reachability: float = 0.1
    target_company: float = 0.3


@dataclass(frozen=True)
class PrefectSettings:
    """What a run shares with Prefect: the plan's top rows as artifacts (names, titles, companies)."""

    artifacts: bool = True


@dataclass(frozen=True)
class RankingSettings:
    """How fit is found: `semantic = true` adds the optional embedding scorer (coffeechat[semantic])."""

    semantic: bool = False


@dataclass(frozen=True)
class Profile:
    """Everything the user told coffeechat about themselves, checked once at the edge."""

    me: Me = field(default_factory=Me)
    targets: tuple[Target, ...] = ()
    outreach: Outreach = field(default_factory=Outreach)
    weights: Weights = field(default_factory=Weights)
    prefect: PrefectSettings = field(default_factory=PrefectSettings)
    ranking: RankingSettings = field(default_factory=RankingSettings)
    columns: Mapping[str, str] = field(default_factory=dict)  # "Their Header" -> canonical field
    path: str | None = None

    def target(self, name: str) -> Target:
        """The target called `name` (case-insensitive), or a ProfileError naming the choices."""
        for target in self.targets:
            if target.name.casefold() == name.casefold():
                return target
        choices = ", ".join(repr(t.name) for t in self.targets) or "none defined"
        raise ProfileError(
            f"No target named {name!r}",
            file=self.path,
            value=name,
            fix=f"Use one of the [[targets]] names in profile.toml: {choices}.",
        )


_SECTIONS = {"me": Me, "outreach": Outreach, "weights": Weights, "prefect": PrefectSettings, "ranking": RankingSettings}
_TOP_KEYS = ("me", "targets", "outreach", "weights", "columns", "prefect", "ranking")
_TARGET_KEYS = ("name", "keywords", "companies", "weight", "expand")


def load_profile(path: Path) -> Profile:
    """Read and check a profile.toml; every problem is a ProfileError naming the fix."""
    if not path.exists():
        raise ProfileError(
            "No profile.toml found",
            file=path,
            fix="Run `coffeechat init` to create one, or pass --workspace DIR.",
        )
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ProfileError(
            f"profile.toml is not valid TOML ({exc})", file=path, fix="Fix the syntax at that spot."
        ) from exc
    except UnicodeDecodeError as exc:
        raise ProfileError(
            "profile.toml is not UTF-8 text", file=path, fix="Save it as UTF-8."
        ) from exc
    return parse_profile(raw, path=str(path))


def parse_profile(raw: Mapping[str, Any], *, path: str | None = None) -> Profile:
    """Check a parsed TOML mapping and build the frozen Profile."""
    _check_keys(raw, _TOP_KEYS, "top level", path)
    sections = {
        name: _build_section(cls, raw.get(name, {}), name, path) for name, cls in _SECTIONS.items()
    }
    targets = tuple(
        _build_target(item, i, path) for i, item in enumerate(_as_list(raw.get("targets", []), "targets", path))
    )
    names = [t.name.casefold() for t in targets]
    if len(names) != len(set(names)):
        raise ProfileError(
            "Two [[targets]] share a name", file=path, fix="Give every target its own name."
        )
    columns = _build_columns(raw.get("columns", {}), path)
    return Profile(targets=targets, columns=columns, path=path, **sections)


def _nearest(key: str, valid: tuple[str, ...]) -> str:
    match = process.extractOne(key, valid)
    return f" Did you mean {match[0]!r}?" if match and match[1] >= 50 else ""


def _check_keys(raw: Mapping[str, Any], valid: tuple[str, ...], where: str, path: str | None) -> None:
    if not isinstance(raw, Mapping):
        raise ProfileError(f"{where} should be a table", file=path, fix="See `coffeechat init` for the layout.")
    for key in raw:
        if key not in valid:
            raise ProfileError(
                f"Unknown key {key!r} in {where}",
                file=path,
                value=key,
                fix=f"Valid keys: {', '.join(valid)}.{_nearest(key, valid)}",
            )


def _as_list(value: Any, where: str, path: str | None) -> list:
    if not isinstance(value, list):
        raise ProfileError(f"{where} should be a list", file=path, fix=f"Write it as {where} = [...].")
    return value


# How a type error names the type and shows the fix: "should be a whole number", never "a int".
_TYPE_WORDS = {
    "str": ("text in quotes", '"..."'),
    "int": ("a whole number", "<whole number>"),
    "float": ("a number", "<number>"),
    "date": ("a date", "YYYY-MM-DD"),
    "bool": ("true or false", "true"),
}


def _coerce(value: Any, wanted: type | str, key: str, where: str, path: str | None) -> Any:
    # Dataclass annotations are strings under `from __future__ import annotations`.
    kind = wanted if isinstance(wanted, str) else wanted.__name__
    ok = {
        "str": isinstance(value, str),
        "int": isinstance(value, int) and not isinstance(value, bool),
        "float": isinstance(value, int | float) and not isinstance(value, bool),
        "int | None": isinstance(value, int) and not isinstance(value, bool),
        "date | None": isinstance(value, date),
        "bool": isinstance(value, bool),
    }.get(kind, True)
    if not ok:
        base = kind.replace(" | None", "")
        phrase, example = _TYPE_WORDS.get(base, (f"a {base}", f"<{base}>"))
        raise ProfileError(
            f"[{where}] {key} should be {phrase}, not {value!r}",
            file=path,
            value=str(value),
            fix=f"Write it as {key} = {example}.",
        )
    if kind == "float":
        return float(value)
    return value


def _build_section(cls: type, raw: Any, where: str, path: str | None) -> Any:
    valid = tuple(f.name for f in fields(cls))
    _check_keys(raw, valid, f"[{where}]", path)
    types = {f.name: f.type for f in fields(cls)}
    values = {k: _coerce(v, types[k], k, where, path) for k, v in raw.items()}
    for key, value in values.items():
        if isinstance(value, int | float) and not isinstance(value, bool) and value < 0:
            raise ProfileError(
                f"[{where}] {key} cannot be negative", file=path, value=str(value), fix="Use 0 or more."
            )
    if where == "me" and len(values.get("pitch_short", "")) > PITCH_SHORT_MAX:
        raise ProfileError(
            f"[me] pitch_short is {len(values['pitch_short'])} characters (at most {PITCH_SHORT_MAX})", file=path,
            fix="Shorten it: one clause that fits in a LinkedIn note beside the ask.",
        )
    if where == "me" and "phone_region" in values:
        values["phone_region"] = _phone_region(values["phone_region"], path)
    if where == "outreach":
        for key in ("per_week", "per_company", "linkedin_note_limit"):
            if key in values and values[key] < 1:
                raise ProfileError(f"[outreach] {key} must be at least 1", file=path, fix=f"Set {key} = 1 or more.")
    return cls(**values)


def _phone_region(value: str, path: str | None) -> str:
    import phonenumbers

    region = value.strip().upper()
    if region not in phonenumbers.SUPPORTED_REGIONS:
        raise ProfileError(
            f"[me] phone_region {value!r} is not a country code phonenumbers knows",
            file=path, value=value, fix='Use a two-letter ISO 3166 code, such as "US", "GB", "DE" or "IN".',
        )
    return region


def _build_target(raw: Any, index: int, path: str | None) -> Target:
    where = f"[[targets]] #{index + 1}"
    _check_keys(raw, _TARGET_KEYS, where, path)
    name = raw.get("name")
    if not isinstance(name, str) or not name.strip():
        raise ProfileError(f"{where} has no name", file=path, fix='Add name = "Data science" (any label).')
    keywords = raw.get("keywords", [])
    if not isinstance(keywords, list) or not all(isinstance(k, str) and k.strip() for k in keywords):
        raise ProfileError(
            f"Target {name!r}: keywords should be a list of words or phrases",
            file=path,
            fix='Write keywords = ["data scientist", "machine learning"].',
        )
    if not keywords:
        raise ProfileError(
            f"Target {name!r} has no keywords",
            file=path,
            fix='Add keywords = ["..."]: the job titles and topics of that field.',
        )
    companies = raw.get("companies", [])
    if not isinstance(companies, list) or not all(isinstance(c, str) for c in companies):
        raise ProfileError(
            f"Target {name!r}: companies should be a list of names", file=path, fix='Write companies = ["Spotify"].'
        )
    weight = _coerce(raw.get("weight", 1.0), "float", "weight", where, path)
    if weight <= 0:
        raise ProfileError(f"Target {name!r}: weight must be above 0", file=path, fix="Use weight = 1.0.")
    expand = raw.get("expand", True)
    if not isinstance(expand, bool):
        raise ProfileError(f"Target {name!r}: expand should be true or false", file=path, fix="Write expand = false.")
    return Target(
        name=name.strip(),
        expand=expand,
        keywords=tuple(k.strip() for k in keywords),
        companies=tuple(c.strip() for c in companies if c.strip()),
        weight=weight,
    )


def _build_columns(raw: Any, path: str | None) -> dict[str, str]:
    if not isinstance(raw, Mapping):
        raise ProfileError("[columns] should be a table", file=path, fix='Write "Their Header" = "company".')
    columns: dict[str, str] = {}
    for header, target in raw.items():
        if target not in USER_TARGETS:
            raise ProfileError(
                f"[columns] maps {header!r} to unknown field {target!r}",
                file=path,
                value=str(target),
                fix=f"Use one of: {', '.join(USER_TARGETS)}.{_nearest(str(target), CANONICAL_FIELDS)}",
            )
        columns[header] = target
    return columns
