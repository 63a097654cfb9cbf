"""Field knowledge (templates/fields/*.toml): which fields a target points to, and the evidence they find in texts."""

from __future__ import annotations

import functools
import itertools
import re
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import polars as pl
import snowballstemmer

from pipeline.errors import ProfileError
from pipeline.profile import Target
from pipeline.rank.keywords import PLACEHOLDER, Canonical, canonical, canonical_many, normal_many
from pipeline.rank.lexicon import is_english
from pipeline.resources import templates_dir

LANGUAGES: dict[str, str] = {"en": "english", "es": "spanish", "pt": "portuguese", "fr": "french", "de": "german",
                             "ru": "russian"}
# Languages whose terms are word parts found in the unstemmed text: Arabic joins its article and
# prepositions to a word ("والمياه", "للتسويق") and its Snowball stemmer cuts them unevenly ("بيانات"
# to "يانا", "البيانات" to "بيان"), so a term is the letters inside a word, written with a * at both ends
# (or at one, where the word must start or end there: "*منتج" is a product, "منتجع" a resort).
WORD_PART_LANGUAGES: tuple[str, ...] = ("ar",)
# Every language a field file may have a section for.
TERM_LANGUAGES: tuple[str, ...] = (*LANGUAGES, *WORD_PART_LANGUAGES)
# A language of its own script stems only words of that script: Latin words are the other languages'.
SCRIPTS: dict[str, re.Pattern[str]] = {"ru": re.compile("[\u0400-\u04ff]")}
KINDS: tuple[str, ...] = ("core", "adjacent", "skills", "touches", "orgs", "weak_orgs", "org_roles", "contrary")
# How much an expanded match is worth as fit, below the user's own keywords (0.63-1.0):
# a core title of the field is squarely in it; an adjacent title or a skill, related; a role that
# touches the field now and then (a product manager for UX, a business analyst for data science),
# weakly related: at the end of the plan, where a small network still has someone to ask.
STRENGTH: dict[str, float] = {
    "core": 0.62, "adjacent": 0.42, "skills": 0.42, "touches": 0.2, "ambiguous": 0.62, "orgs": 1.0, "weak_orgs": 0.5,
    # A generic title that, at an organisation surely of the field, names its core work: an
    # associate or partner at a law firm is a lawyer (pipeline/rank/fit.py).
    "org_roles": 0.62,
    # A title naming work the field stands against (a petroleum engineer, for climate): no evidence
    # of the field, but a mark that its organisation's words do not reach the role (pipeline/rank/fit.py).
    "contrary": 1.0,
}
# How surely a word in an organisation's name marks the field: an org word or a core title word
# of the field fully; an adjacent word or a skill less; a weak org word ("green", "digital"), common
# in names outside the field too, by half.
ORG_STRENGTH: dict[str, float] = {"core": 1.0, "orgs": 1.0, "adjacent": 0.7, "skills": 0.7, "weak_orgs": 0.5}
SHORT_WORD = 5  # letters up to which a word of another language is not stemmed (fields._stem)
# Prefix terms (a trailing *) are found in the unstemmed text, whatever their language.
RAW = "raw"
# Joining words per language; accents are already stripped when these are compared.
STOPWORDS: dict[str, frozenset[str]] = {
    "es": frozenset({"de", "del", "la", "las", "el", "los", "y", "e", "en", "para", "al", "a", "con", "por"}),
    "pt": frozenset({"de", "do", "da", "dos", "das", "e", "em", "para", "o", "a", "os", "as", "com", "no", "na"}),
    "fr": frozenset({"de", "du", "des", "la", "le", "les", "l", "d", "et", "en", "pour", "a", "au", "aux"}),
    "de": frozenset({"der", "die", "das", "und", "fur", "im", "in", "von", "vom", "zur", "zum", "des", "den", "dem"}),
    # (й is и once accents are stripped.)
    "ru": frozenset({"и", "в", "во", "на", "по", "для", "с", "со", "о", "об", "к", "из", "от", "та", "і", "з", "у"}),
}


@dataclass(frozen=True)
class Field:
    """One career field: what points to it and the words of it, per language and kind."""

    key: str
    name: str
    points: tuple[str, ...]
    ambiguous: tuple[str, ...]
    terms: dict[str, dict[str, tuple[str, ...]]]
    # A sector (climate, healthcare): its organisations' people are of it; a function (data
    # science, software): people are of it by their role, wherever they work.
    sector: bool = False
    # Whether every professional at an organisation of the field does its work (a ministry's
    # analysts are civil servants, a foundation's treasurer runs a nonprofit), not only its
    # engineers and heads (a hospital's accountant is no clinician).
    staffed: bool = False


@functools.cache
def load_fields(directory: Path | None = None) -> tuple[Field, ...]:
    """Every field file in `directory` (the shipped templates/fields/ by default), sorted by key."""
    folder = directory or templates_dir() / "fields"
    out = []
    for path in sorted(folder.glob("*.toml")):
        try:
            raw = tomllib.loads(path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise ProfileError(f"Field file is not valid TOML ({exc})", file=str(path), fix="Fix the syntax there.") from exc
        terms = {
            lang: {kind: tuple(raw.get(lang, {}).get(kind, ())) for kind in KINDS} for lang in TERM_LANGUAGES
        }
        _check_word_parts(path, terms)
        out.append(Field(path.stem, raw.get("name", path.stem), tuple(raw.get("points", ())), tuple(raw.get("ambiguous", ())), terms,
                         bool(raw.get("sector", False)), bool(raw.get("staffed", False))))
    return tuple(out)


def _check_word_parts(path: Path, terms: dict[str, dict[str, tuple[str, ...]]]) -> None:
    for lang in WORD_PART_LANGUAGES:
        for kind, words in terms[lang].items():
            for term in words:
                if not is_unstemmed(term):
                    raise ProfileError(f"[{lang}] {kind} term {term!r} is not a word part", file=str(path),
                                       fix=f"Write it as \"*{term.strip('*')}*\": {lang} terms are found inside words.")


def fields_for(target: Target, fields: Sequence[Field]) -> tuple[Field, ...]:
    """The fields a target points to: a field word in its name, or a keyword that is a field word.

    A word of the name inside a longer field phrase the name also holds belongs to that phrase:
    "Software engineering" points to software, not to the "engineering" of manufacturing, and
    "Data science" to data science, not to the "science" of research.
    """
    if not target.expand:
        return ()
    canonical_many(p for field in fields for p in (*field.points, field.name))
    name = canonical(target.name)
    keywords = set(canonical_many(target.keywords))
    in_name = {
        field.key: [p for p in (canonical(p) for p in (*field.points, field.name)) if p.strip() and p in name]
        for field in fields
    }
    found = {p for ps in in_name.values() for p in ps}
    chosen = []
    for field in fields:
        outer = [p for p in in_name[field.key] if not any(p != q and p in q for q in found)]
        points = (canonical(p) for p in (*field.points, field.name))
        if outer or any(p.strip() and p in keywords for p in points):
            chosen.append(field)
    return tuple(chosen)


def _forms(groups: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """Each written word -> the form its group keeps."""
    return {word: form for form, words in groups.items() for word in words}


# Spanish and Portuguese write these alike.
_IBERIAN_FORMS: dict[str, tuple[str, ...]] = {
    "publico": ("publico", "publica", "publicos", "publicas"), "programa": ("programa", "programas"),
    "modelo": ("modelo", "modelos"), "operador": ("operador", "operadora", "operadores", "operadoras"),
}


# Words a language's stemmer folds onto a field's word they do not mean keep a form of their own:
# a law firm's "asociados" are no association (nonprofit), a public hospital ("público") is no
# advertising ("publicidad"), a programme ("programa") no programmer, a project ("proyecto", "projeto")
# no draughtsman ("proyectista"), a fashion model ("modelo") no modelling, an operator no operations,
# a universe ("universo") no university, hospitality ("hospitalidad", "hospitalidade") no hospital.
PROTECTED_FORMS: dict[str, dict[str, str]] = {
    "es": _forms({**_IBERIAN_FORMS, "asociado": ("asociado", "asociada", "asociados", "asociadas"),
                  "proyecto": ("proyecto", "proyectos"), "hospitalidad": ("hospitalidad",)}),
    "pt": _forms({**_IBERIAN_FORMS, "associado": ("associado", "associada", "associados", "associadas"),
                  "hospitalidade": ("hospitalidade",),
                  "projeto": ("projeto", "projetos"), "universo": ("universo",)}),
}


@functools.cache
def _stemmer(lang: str) -> snowballstemmer.stemmer:
    """One Snowball stemmer per language: making one costs more than stemming a word."""
    return snowballstemmer.stemmer("russian" if lang == "ru" else LANGUAGES[lang])


@functools.lru_cache(maxsize=400_000)
def _stem(lang: str, token: str) -> str:
    """A token's stem in `lang`; a short word only loses a plural s.

    Stemming a short word cuts it to a stub other words share: Portuguese "saude" (health) and
    "Saudi" both stem to "saud", French "sante" and "Santa" to "sant".
    """
    protected = PROTECTED_FORMS.get(lang, {}).get(token)
    if protected:
        return protected
    if lang == "ru":
        return _russian_stem(token)
    if len(token) <= SHORT_WORD:
        return token[:-1] if len(token) > 3 and token.endswith("s") else token
    stem = _stemmer(lang).stemWord(token)
    # A stub of three letters is any word's: Spanish "senado" (senate) would stem to "sen", as "Sens" does.
    return stem if len(stem) > 3 else token


# Stripping accents made й an и: an adjective's ending "-ый" reads "-ыи", which the stemmer keeps
# ("научныи" stems to "научны", "научная" to "научн"). Its ending is restored before stemming.
_SHORT_I_ENDING = re.compile("([ыио])и$")


def _russian_stem(token: str) -> str:
    """A Cyrillic token's Snowball stem; short words too, since no Latin stub shares a Cyrillic one ("опыта", "опыт")."""
    stem = _stemmer("ru").stemWord(_SHORT_I_ENDING.sub("\\1й", token))
    return stem if len(stem) > 2 else token


def _normal(text: str) -> str:
    return normal_many([text])[0]


def _prepare(fields: Iterable[Field]) -> None:
    """Normalise and canonicalise every term of these fields in two passes, before patterns() reads them one by one."""
    terms = [term for field in fields for lang in TERM_LANGUAGES for kind in KINDS for term in field.terms[lang][kind]]
    normal_many([*(t.strip("*") for t in terms), *(t for field in fields for t in field.ambiguous)])
    canonical_many(t for t in terms if not is_unstemmed(t))


# A stem of another language that is also an English word carries this mark, so it never meets the
# English word in a text: Spanish "fabricacion" stems to "fabric", French "production" to
# "product" and Spanish "publicidad" to "public", and none of them is a Microsoft Fabric
# architect, a product manager or a public servant. (Normalised text never holds "_".)
FOREIGN_MARK = "_"


@functools.lru_cache(maxsize=400_000)
def text_form(lang: str, token: str) -> str:
    """A normalised token of a text as a non-English language's patterns see it ("" when it drops it).

    An English word stays as written: stemming it in another language only makes it another
    language's word ("development" is French "develop"). Any other word becomes its stem, marked
    when that stem is an English word.
    """
    if token in STOPWORDS[lang]:
        return ""
    script = SCRIPTS.get(lang)
    if script is not None:
        return _stem(lang, token) if script.search(token) else token
    return token if is_english(token) else _marked_stem(lang, token)


def _marked_stem(lang: str, token: str) -> str:
    stem = _stem(lang, token)
    return stem + FOREIGN_MARK if is_english(stem) else stem


def _word_forms(lang: str, word: str) -> tuple[str, ...]:
    """The forms a term's word takes in texts of `lang`: an English-looking word also its inflected kin."""
    form = text_form(lang, word)
    if not form or not is_english(word):
        return (form,) if form else ()
    return tuple(dict.fromkeys((form, _marked_stem(lang, word))))  # "social" finds "sociales", "director" "directora"


def is_unstemmed(term: str) -> bool:
    """Whether a field term is a word start or part (a * at either end), found in the unstemmed text."""
    return term.startswith("*") or term.endswith("*")


@functools.lru_cache(maxsize=20_000)
def patterns(lang: str, term: str) -> tuple[str, ...]:
    """A term as the padded patterns found in a text canonicalised for `lang` (several when its words have kin).

    A trailing * matches word starts in the unstemmed text (lang RAW): German compounds
    ("entwickler*" in "Softwareentwicklerin"), and person nouns whose stem is also their
    activity's ("desarrollador*" is a developer, "desarrollo" is any development). A leading *
    matches a word's end too: a German compound is a kind of its last part, so "*lehrer*" finds
    the teacher in "Grundschullehrerin" and "*arzt" the doctor in "Oberarzt".
    """
    if is_unstemmed(term):
        padded = "".join(f" {w} " for w in _normal(term.strip("*")).split())
        padded = padded[1:] if term.startswith("*") else padded
        return (padded[:-1] if term.endswith("*") else padded,)
    if lang == "en":
        canon = canonical(term)
        return (canon,) if canon.strip() else ()
    forms = [f for f in (_word_forms(lang, w) for w in _normal(term).split()) if f]
    return tuple("".join(f" {w} " for w in combo) for combo in itertools.product(*forms)) if forms else ()


def canonical_for(lang: str, padded: pl.Series, vocab: Sequence[str]) -> pl.Series:
    """Padded normalised texts (and their tokens) as padded token strings for a non-English language."""
    rewrites = {}
    for tok in vocab:
        if not tok:
            continue
        new = text_form(lang, tok)
        if new != tok:
            rewrites[f" {tok} "] = f" {new} " if new else ""
    return padded.str.replace_many(rewrites) if rewrites else padded


# An adjacent title that names a person's role ("graphic designer", "data engineer") is a little
# surer than one that names a topic the role touches ("customer experience", "design"): it orders
# the related tier (UX on the held-out sets: +0.005 to +0.007 on four of nine, no loss above 0.001).
ADJACENT_ROLE_BONUS = 0.02
PERSON_NOUNS: frozenset[str] = frozenset({
    "designer", "engineer", "analyst", "developer", "scientist", "researcher", "manager", "director", "artist",
    "writer", "architect", "itarchitect", "consultant", "specialist", "officer", "planner", "technician", "editor", "illustrator",
    "strategist", "advisor", "adviser", "coordinator", "administrator", "programmer", "modeller", "modeler",
    "disenador", "disenadora", "ingeniero", "ingeniera", "analista", "desarrollador", "desarrolladora", "diretor",
    "directora", "graphiste", "ingenieur", "entwickler", "gestalter", "designerin", "engenheiro",
})


def _names_a_person(term: str) -> bool:
    """Whether a field term ends in a person's role noun (the German prefix terms by their stem)."""
    words = term.strip("*").split()
    return bool(words) and words[-1] in PERSON_NOUNS


def evidence_table(targets: Sequence[Target], fields: Sequence[Field]) -> pl.DataFrame:
    """One row per (language, pattern, target): the kind, strength and label of that field word."""
    rows = []
    chosen = [fields_for(target, fields) for target in targets]
    _prepare({field.key: field for target_fields in chosen for field in target_fields}.values())
    for t, target_fields in enumerate(chosen):
        for field in target_fields:
            for lang in TERM_LANGUAGES:
                for kind in KINDS:
                    for term in field.terms[lang][kind]:
                        where = RAW if is_unstemmed(term) else lang
                        strength = STRENGTH[kind]
                        if kind == "adjacent" and _names_a_person(term):
                            strength += ADJACENT_ROLE_BONUS
                        rows += [(where, found, t, kind, strength, term.strip("*"), field.name, field.sector, field.staffed)
                                 for found in patterns(lang, term)]
            for term in field.ambiguous:
                rows.append(("en", f" {_normal(term)} ", t, "ambiguous", STRENGTH["ambiguous"], term, field.name, field.sector,
                             field.staffed))
    frame = pl.DataFrame(
        rows, orient="row",
        schema={"lang": pl.String, "pattern": pl.String, "t": pl.Int64, "kind": pl.String,
                "strength": pl.Float64, "label": pl.String, "field": pl.String, "sector": pl.Boolean,
                "staffed": pl.Boolean},
    )
    # Longer terms are the more specific label when several of one kind match.
    # A word two fields of one target share marks a sector when either is one.
    same = ["lang", "pattern", "t", "kind"]
    return (
        frame.filter(pl.col("pattern") != "").with_columns(pl.col("sector").any().over(same))
        .unique(same, keep="first", maintain_order=True)
    )


def find_evidence(words: Canonical, table: pl.DataFrame) -> pl.DataFrame:
    """(tid, t, kind, rule) for every field word found in each distinct text (tid: its row), best per kind.

    `rule` is the row of `table` that names the evidence. The texts come normalised and canonicalised
    for English already (keywords.canonical_distinct): each other language stems the same
    normalised tokens its own way.
    """
    schema = {"tid": pl.UInt32, "t": pl.Int64, "kind": pl.String, "rule": pl.UInt32, "n": pl.UInt32}
    if table.is_empty() or words.canon.len() == 0:
        return pl.DataFrame(schema=schema)
    rules = _ranked_rules(table)
    parts = []
    for lang in (*LANGUAGES, RAW):
        sub = rules.filter(pl.col("lang") == lang)
        if sub.is_empty():
            continue
        if lang == RAW:
            canon = words.padded
        else:
            canon = words.canon if lang == "en" else canonical_for(lang, words.padded, words.vocab)
        patterns = sub["pattern"].unique().sort().to_list()
        found = (
            canon.fill_null("").str.extract_many(patterns, overlapping=True).list.unique()
            .to_frame("found").with_row_index("tid").explode("found").drop_nulls("found")
        )
        parts.append(found.join(sub.select("pattern", "t", "kind", "rank"), left_on="found", right_on="pattern", how="inner"))
    if not parts:
        return pl.DataFrame(schema=schema)
    # The best rule per kind has the lowest rank: integers to compare, not strengths and labels.
    found = pl.concat(parts)
    best = found.group_by("tid", "t", "kind").agg(pl.col("rank").min())
    # `n`: how many different weak org words the text holds in one language (two mark a name surely;
    # "Technology" and its Arabic beside it are one word). Other kinds are not counted: 1.
    weak = found.filter(pl.col("kind") == "weak_orgs").join(rules.select("rank", "label", "lang"), on="rank", how="left")
    counted = (
        weak.group_by("tid", "t", "lang").agg(pl.col("label").n_unique().alias("n"))
        .group_by("tid", "t").agg(pl.col("n").max()).with_columns(pl.lit("weak_orgs").alias("kind"))
    )
    best = best.join(counted, on=["tid", "t", "kind"], how="left").with_columns(pl.col("n").fill_null(1).cast(pl.UInt32))
    return best.join(rules.select("rank", "rule"), on="rank", how="left").select(list(schema))


def _ranked_rules(table: pl.DataFrame) -> pl.DataFrame:
    """The evidence table with its rows (`rule`) and `rank`: the order in which one kind's evidence names a text."""
    languages = {lang: i for i, lang in enumerate((*LANGUAGES, RAW))}
    return (
        table.with_row_index("rule")
        .with_columns(pl.col("lang").replace_strict(languages, return_dtype=pl.UInt32).alias("_lang"))
        # Equal evidence is named by its English word first, then alphabetically: the same label every run.
        .sort(["strength", pl.col("pattern").str.len_chars(), "_lang", "label", "rule"], descending=[True, True, False, False, False])
        .with_row_index("rank")
    )


def blind_tokens(words: Canonical, table: pl.DataFrame, english_words: frozenset[str]) -> set[str]:
    """The vocabulary tokens no pattern of `table` (in any language) and no word of `english_words` can see.

    A token is seen when its canonical form is a word of an English pattern (or more or fewer
    tokens than one), when a language drops it or stems it onto a word of its patterns, or when a
    prefix term starts it or a word-part term is in it. Every other token could be any other word without changing what is found.
    """
    seen: dict[str, set[str]] = {lang: set() for lang in (*LANGUAGES, RAW)}
    for lang, found in table.select("lang", "pattern").iter_rows():
        seen[lang].update(found.split())
    english = english_words | seen["en"]
    raw = table.filter(pl.col("lang") == RAW)["pattern"]
    prefixes = tuple(w for p in raw.filter(raw.str.starts_with(" ")) for w in p.split())
    # A word part (leading *) may sit anywhere in a token: every token holding one is seen.
    parts = [p.strip() for p in raw.filter(~raw.str.starts_with(" ")) if p.strip()]
    vocab = pl.Series(words.vocab, dtype=pl.String)
    holders = set(vocab.filter(vocab.str.contains_any(parts))) if parts else set()
    blind = set()
    for tok in words.vocab:
        canon = words.mapping[tok]
        if not canon or " " in canon or canon in english or canon == PLACEHOLDER:
            continue
        if (prefixes and tok.startswith(prefixes)) or tok in holders:
            continue
        if any(not (form := text_form(lang, tok)) or form in seen[lang] for lang in STOPWORDS):
            continue
        blind.add(tok)
    return blind


def field_patterns(table: pl.DataFrame, n_targets: int) -> list[list[str]]:
    """Per target, the English patterns of its fields' titles and skills (for how much of a title is the field)."""
    words = table.filter((pl.col("lang") == "en") & pl.col("kind").is_in(["core", "adjacent", "skills"]))
    return [words.filter(pl.col("t") == t)["pattern"].unique().sort().to_list() for t in range(n_targets)]
