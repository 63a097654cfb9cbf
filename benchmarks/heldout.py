"""The held-out graded set: real LinkedIn exports read from ../shared, grades kept only as hashes of (title, company)."""

from __future__ import annotations

import csv
import dataclasses
import functools
import hashlib
import io
import random
from collections.abc import Callable
from pathlib import Path

import polars as pl

REALWORLD = Path(__file__).resolve().parents[2] / "shared" / "realworld" / "linkedin"
FILES = (
    "rodolfopardo__linkedin-network__Connections.csv",
    "neelmehra__Linkedin_Analysis__Connections.csv",
    "StanislavZ__linkedin-connection-checker__Connections.csv",
)
GRADES = Path(__file__).resolve().parent / "data" / "heldout_grades.csv"
PROFILE = Path(__file__).resolve().parent / "data" / "heldout_profile.toml"
GRADE_COLUMNS = {"Data science": "data_science", "UX design": "ux_design", "Climate": "climate", "Software engineering": "software"}
SAMPLE_SEED, SAMPLE_SIZE = 12, 180
# The enriched set (RUBRIC.md): per target, rows its broad candidate words surface, plus random rows.
ENRICHED_FILES = (*FILES, "JasonToups__linkedin-export-sorting__Connections.csv",
                  "SergioPereiraLema__LinkedInAnalytics__Connections.csv")
ENRICHED_GRADES = Path(__file__).resolve().parent / "data" / "heldout_enriched_grades.csv"
ENRICHED_SEED, PER_TARGET, RANDOM_ROWS = 21, 50, 100
CANDIDATE_WORDS: dict[str, tuple[str, ...]] = {
    "data_science": ("data", "dato", "analy", "anali", "machine learning", "ai ", "statist", "estad", "scien", "cient",
                     "quant", "insight", "intelligence", "research", "investig"),
    "ux_design": ("ux", "ui", "user", "usuario", "design", "diseñ", "disen", "experience", "experiencia", "interaction",
                  "visual", "creative", "creativ", "product", "research"),
    "climate": ("climat", "clima", "sustain", "sosten", "sustent", "environ", "ambient", "energ", "solar", "wind",
                "eolic", "renew", "renov", "carbon", "green", "verde", "water", "agua", "recycl", "recicl", "electric",
                "battery", "grid", "power", "conserv", "ecolog", "esg", "oil", "gas", "petro", "mining", "miner", "agri",
                "forest"),
    "software": ("software", "develop", "desarroll", "engineer", "ingenier", "program", "devops", "backend", "frontend",
                 "full stack", "fullstack", "web", "cloud", "sre", "tech", "code", "sistemas", "systems", "it "),
}


# The fresh set (RUBRIC.md): exports never read for ranking, sampled like the enriched set.
FRESH_FILES = (
    "Unigalactix__RESUME-GEN__Data__Connections.csv",
    "ahmedalbabily__Plotly_Dash_Dashboard_Linkedin_Analytics__Connections.csv",
    "ericmpastore__linkedin_connections__Connections.csv",
    "Stereo-Alex__Visualize_network__Connections.csv",
    "importJL__LinkedIn-Connections__Connections.csv",
    "Sajiah__mylinkedindata__Connections.csv",
)
FRESH_GRADES = Path(__file__).resolve().parent / "data" / "heldout_fresh_grades.csv"
FRESH_SEED = 33


def key(title: str, company: str) -> str:
    return hashlib.sha256(f"{title}|{company}".encode()).hexdigest()[:16]


_LINKEDIN_COLUMNS = ("First Name", "Last Name", "Email Address", "Company", "Position", "Connected On")


def _decode_line(line: bytes) -> str:
    try:
        return line.decode("utf-8")
    except UnicodeDecodeError:
        return line.decode("latin-1")


def _rows(path: Path) -> list[tuple[str, str]]:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = raw.decode("cp1252")
        except UnicodeDecodeError:  # mixed encodings: each line as UTF-8, else Latin-1
            text = "\n".join(_decode_line(line) for line in raw.splitlines())
    lines = text.splitlines()
    position = "Position"
    start = next((i for i, line in enumerate(lines) if "Position" in line and ("Company" in line or "company" in line)),
                 None)
    fieldnames = None
    if start is None:
        # An Outlook-style export ("Company", "Job Title") or a LinkedIn export without its header row.
        start = next((i for i, line in enumerate(lines) if "Job Title" in line and "Company" in line), None)
        if start is not None:
            position = "Job Title"
        else:
            start, fieldnames = 0, _LINKEDIN_COLUMNS
    body = "\n".join(lines[start:])
    delimiter = ";" if lines[start].count(";") > lines[start].count(",") else ","
    reader = csv.DictReader(io.StringIO(body), fieldnames=fieldnames, delimiter=delimiter)
    out = []
    for row in reader:
        title, company = (row.get(position) or "").strip(), (row.get("Company") or "").strip()
        if title or company:
            out.append((title, company))
    return out


def available() -> bool:
    return all((REALWORLD / f).exists() for f in FILES)


def sample() -> pl.DataFrame:
    """The seeded sample of distinct (title, company) rows from the held-out files."""
    rows = sorted({r for f in FILES for r in _rows(REALWORLD / f)})
    picked = random.Random(SAMPLE_SEED).sample(rows, SAMPLE_SIZE)
    return pl.DataFrame(picked, schema={"title": pl.String, "company": pl.String}, orient="row").with_columns(
        pl.Series("key", [key(t, c) for t, c in picked])
    )


def _with_grades(sample: pl.DataFrame, grades: Path) -> pl.DataFrame:
    """A sample joined to its grades file, with content-hash contact ids."""
    frame = sample.join(pl.read_csv(grades, schema_overrides={"key": pl.String}), on="key", how="inner")
    return frame.with_columns(("c_" + pl.col("key")).alias("contact_id"))



def enriched_available() -> bool:
    return all((REALWORLD / f).exists() for f in ENRICHED_FILES)


def _surfaced(rows: list[tuple[str, str]], seed: int, per_target: int = PER_TARGET,
              candidates: dict[str, tuple[str, ...]] = CANDIDATE_WORDS) -> pl.DataFrame:
    """Per target `per_target` rows its candidate words surface, plus RANDOM_ROWS of the rest (RUBRIC.md)."""
    rng = random.Random(seed)
    picked: dict[tuple[str, str], None] = {}
    for words in candidates.values():
        pool = [r for r in rows if r not in picked and any(w in f"{r[0]} {r[1]} ".lower() for w in words)]
        picked.update(dict.fromkeys(rng.sample(pool, min(per_target, len(pool)))))
    rest = [r for r in rows if r not in picked]
    picked.update(dict.fromkeys(rng.sample(rest, min(RANDOM_ROWS, len(rest)))))
    chosen = list(picked)
    return pl.DataFrame(chosen, schema={"title": pl.String, "company": pl.String}, orient="row").with_columns(
        pl.Series("key", [key(t, c) for t, c in chosen])
    )


def enriched_sample() -> pl.DataFrame:
    """The enriched set's rows (RUBRIC.md)."""
    return _surfaced(sorted({r for f in ENRICHED_FILES for r in _rows(REALWORLD / f)}), ENRICHED_SEED)


def fresh_available() -> bool:
    return all((REALWORLD / f).exists() for f in FRESH_FILES)


def fresh_sample() -> pl.DataFrame:
    """The fresh set's rows: its exports' distinct rows not in either earlier set, sampled like the enriched set."""
    seen = set(pl.read_csv(GRADES, schema_overrides={"key": pl.String})["key"]) | set(
        pl.read_csv(ENRICHED_GRADES, schema_overrides={"key": pl.String})["key"]
    )
    rows = sorted(r for r in {r for f in FRESH_FILES for r in _rows(REALWORLD / f)} if key(*r) not in seen)
    return _surfaced(rows, FRESH_SEED)


def fresh_graded() -> pl.DataFrame:
    """The fresh sample joined to its grades, with content-hash contact ids."""
    return _with_grades(fresh_sample(), FRESH_GRADES)


def enriched_graded() -> pl.DataFrame:
    """The enriched sample joined to its grades, with content-hash contact ids."""
    return _with_grades(enriched_sample(), ENRICHED_GRADES)


# The second fresh set (RUBRIC.md): the exports no earlier set used, sampled like the fresh set.
SECOND_FRESH_FILES = (
    "MxKilian__LinkedInToContacts__Connections.csv",
    "PhilCPH__Python_Network_Visualization_LinkedIn__Connections.csv",
    "Tombarr__hello-again__Connections.csv",
    "abhishekwebcode__Abhishek-Mathur-Complete_LinkedInDataExport_11-04-2018__Connections.csv",
    "exemartinez__Contact_Manager_Messager__linkedin_connections_export_microsoft_outlook.EXCERPT.csv",
    "Sajiah__mylinkedindata__Complete_LinkedInDataExport_09-12-2022_(1)__Connections.csv",
)
SECOND_FRESH_GRADES = Path(__file__).resolve().parent / "data" / "heldout_fresh2_grades.csv"
SECOND_FRESH_SEED = 44


def second_fresh_available() -> bool:
    return all((REALWORLD / f).exists() for f in SECOND_FRESH_FILES)


def second_fresh_sample() -> pl.DataFrame:
    """The second fresh set's rows: its exports' distinct rows not in any earlier set, sampled like the fresh set."""
    return _unsampled(SECOND_FRESH_FILES, (GRADES, ENRICHED_GRADES, FRESH_GRADES), SECOND_FRESH_SEED)


def _unsampled(files: tuple[str, ...], earlier: tuple[Path, ...], seed: int, per_target: int = PER_TARGET,
               candidates: dict[str, tuple[str, ...]] = CANDIDATE_WORDS) -> pl.DataFrame:
    """The distinct rows of `files` that no `earlier` grades file holds, sampled like the enriched set."""
    seen: set[str] = set()
    for grades in earlier:
        seen |= set(pl.read_csv(grades, schema_overrides={"key": pl.String})["key"])
    rows = sorted(r for r in {r for f in files for r in _rows(REALWORLD / f)} if key(*r) not in seen)
    return _surfaced(rows, seed, per_target, candidates)



# The third fresh set (RUBRIC.md): every export, only rows no earlier set sampled, sampled like the second fresh set.
THIRD_FRESH_FILES = (
    "JasonToups__linkedin-export-sorting__Connections.csv",
    "MxKilian__LinkedInToContacts__Connections.csv",
    "PhilCPH__Python_Network_Visualization_LinkedIn__Connections.csv",
    "Sajiah__mylinkedindata__Complete_LinkedInDataExport_09-12-2022_(1)__Connections.csv",
    "Sajiah__mylinkedindata__Connections.csv",
    "SergioPereiraLema__LinkedInAnalytics__Connections.csv",
    "StanislavZ__linkedin-connection-checker__Connections.csv",
    "Stereo-Alex__Visualize_network__Connections.csv",
    "Tombarr__hello-again__Connections.csv",
    "Unigalactix__RESUME-GEN__Data__Connections.csv",
    "abhishekwebcode__Abhishek-Mathur-Complete_LinkedInDataExport_11-04-2018__Connections.csv",
    "ahmedalbabily__Plotly_Dash_Dashboard_Linkedin_Analytics__Connections.csv",
    "ericmpastore__linkedin_connections__Connections.csv",
    "exemartinez__Contact_Manager_Messager__linkedin_connections_export_microsoft_outlook.EXCERPT.csv",
    "importJL__LinkedIn-Connections__Connections.csv",
    "neelmehra__Linkedin_Analysis__Connections.csv",
    "rodolfopardo__linkedin-network__Connections.csv",
)
THIRD_FRESH_GRADES = Path(__file__).resolve().parent / "data" / "heldout_fresh3_grades.csv"
THIRD_FRESH_SEED = 55


def third_fresh_available() -> bool:
    return all((REALWORLD / f).exists() for f in THIRD_FRESH_FILES)


def third_fresh_sample() -> pl.DataFrame:
    """The third fresh set's rows: all exports' distinct rows not in any earlier set, sampled like the second."""
    return _unsampled(THIRD_FRESH_FILES, (GRADES, ENRICHED_GRADES, FRESH_GRADES, SECOND_FRESH_GRADES), THIRD_FRESH_SEED)



# The fourth to seventh fresh sets (RUBRIC.md): every export again, only rows no earlier set sampled.
# Each was graded once the one before had been read for diagnosis, to measure the ranking built since.
FOURTH_FRESH_FILES = THIRD_FRESH_FILES
_DATA = Path(__file__).resolve().parent / "data"
FOURTH_FRESH_GRADES, FOURTH_FRESH_SEED = _DATA / "heldout_fresh4_grades.csv", 66
FIFTH_FRESH_GRADES, FIFTH_FRESH_SEED = _DATA / "heldout_fresh5_grades.csv", 77
SIXTH_FRESH_GRADES, SIXTH_FRESH_SEED = _DATA / "heldout_fresh6_grades.csv", 88
SEVENTH_FRESH_GRADES, SEVENTH_FRESH_SEED = _DATA / "heldout_fresh7_grades.csv", 99
EIGHTH_FRESH_GRADES, EIGHTH_FRESH_SEED = _DATA / "heldout_fresh8_grades.csv", 111
NINTH_FRESH_GRADES, NINTH_FRESH_SEED = _DATA / "heldout_fresh9_grades.csv", 122
TENTH_FRESH_GRADES, TENTH_FRESH_SEED = _DATA / "heldout_fresh10_grades.csv", 133
# The ninth and tenth sets draw 80 rows per target: the eighth's 50 left UX with 10 relevant rows, too few to say much.
PER_TARGET_OF: dict[Path, int] = {NINTH_FRESH_GRADES: 80, TENTH_FRESH_GRADES: 80}
_SETS_IN_ORDER = (GRADES, ENRICHED_GRADES, FRESH_GRADES, SECOND_FRESH_GRADES, THIRD_FRESH_GRADES,
                  FOURTH_FRESH_GRADES, FIFTH_FRESH_GRADES, SIXTH_FRESH_GRADES, SEVENTH_FRESH_GRADES, EIGHTH_FRESH_GRADES,
                  NINTH_FRESH_GRADES, TENTH_FRESH_GRADES)


def _later_available(grades: Path) -> bool:
    return all((REALWORLD / f).exists() for f in FOURTH_FRESH_FILES) and grades.exists()


def _later_sample(grades: Path, seed: int) -> pl.DataFrame:
    """All exports' distinct rows that no set before `grades` sampled, sampled like the third fresh set."""
    earlier = _SETS_IN_ORDER[: _SETS_IN_ORDER.index(grades)]
    return _unsampled(FOURTH_FRESH_FILES, earlier, seed, PER_TARGET_OF.get(grades, PER_TARGET))


@dataclasses.dataclass(frozen=True)
class GradedSet:
    """One held-out set as the benchmark reports it: how to read its rows, and what has read them since."""

    name: str
    history: str
    available: Callable[[], bool]
    sample: Callable[[], pl.DataFrame]
    grades: Path
    profile: Path = PROFILE
    columns: dict[str, str] = dataclasses.field(default_factory=lambda: dict(GRADE_COLUMNS))

    def graded(self) -> pl.DataFrame:
        """The sample joined to its grades, with content-hash contact ids."""
        return _with_grades(self.sample(), self.grades)


def _later(name: str, history: str, grades: Path, seed: int) -> GradedSet:
    return GradedSet(name, history, functools.partial(_later_available, grades), functools.partial(_later_sample, grades, seed), grades)


# Every held-out set in the order they were drawn; each history says what has read its rows since.
SETS: tuple[GradedSet, ...] = (
    GradedSet("held-out", "a first random sample", available, sample, GRADES),
    GradedSet("held-out enriched", "read for diagnosis since", enriched_available, enriched_sample, ENRICHED_GRADES),
    GradedSet("held-out fresh", "untouched until its first run, climate rows read since", fresh_available, fresh_sample,
              FRESH_GRADES),
    GradedSet("held-out second fresh", "untouched until its first run, UX and climate misses read since",
              second_fresh_available, second_fresh_sample, SECOND_FRESH_GRADES),
    GradedSet("held-out third fresh", "rows no set sampled before, untouched until its first runs, UX, climate and data "
              "science misses read since", third_fresh_available, third_fresh_sample, THIRD_FRESH_GRADES),
    _later("held-out fourth fresh", "rows no set sampled before, untouched until its first run, software, climate and UX "
           "rows read since", FOURTH_FRESH_GRADES, FOURTH_FRESH_SEED),
    _later("held-out fifth fresh", "rows no set sampled before, untouched until its first run, software and climate rows "
           "read since", FIFTH_FRESH_GRADES, FIFTH_FRESH_SEED),
    _later("held-out sixth fresh", "rows no set sampled before, untouched until its first run, climate, UX and data "
           "science rows read since", SIXTH_FRESH_GRADES, SIXTH_FRESH_SEED),
    _later("held-out seventh fresh", "rows no set sampled before, untouched until its first run, software rows read "
           "since; 2 climate rows", SEVENTH_FRESH_GRADES, SEVENTH_FRESH_SEED),
    _later("held-out eighth fresh", "rows no set sampled before, untouched until its first run, data science, UX and "
           "climate rows read since; 4 climate rows",
           EIGHTH_FRESH_GRADES, EIGHTH_FRESH_SEED),
    _later("held-out ninth fresh", "rows no set sampled before, 80 per target, untouched until its first run, software rows read since",
           NINTH_FRESH_GRADES, NINTH_FRESH_SEED),
    _later("held-out tenth fresh", "rows no set sampled before, 80 per target, untouched until its first run, software misses read "
           "since",
           TENTH_FRESH_GRADES, TENTH_FRESH_SEED),
)


def _other_sample(seed: int, candidates: dict[str, tuple[str, ...]], earlier: tuple[Path, ...]) -> pl.DataFrame:
    """All exports' distinct rows no earlier set sampled, drawn by a set's own candidate words (RUBRIC.md)."""
    return _unsampled(FOURTH_FRESH_FILES, (*_SETS_IN_ORDER, *earlier), seed, OTHER_PER_TARGET, candidates)


def _other_set(name: str, history: str, grades: Path, profile: Path, seed: int, columns: dict[str, str],
               candidates: dict[str, tuple[str, ...]], earlier: tuple[Path, ...] = ()) -> GradedSet:
    """A set of other fields: its own profile, grade columns and candidate words; `earlier` other sets' rows left out."""
    return GradedSet(name, history, functools.partial(_later_available, grades),
                     functools.partial(_other_sample, seed, candidates, earlier), grades, profile, columns)


_LATER_OTHER = "rows no set sampled before, four more fields, untouched until its first run, misses of all four read since"


# The other-fields set (RUBRIC.md): four fields no set above graded, its own profile, candidate words and columns.
OTHER_GRADES, OTHER_PROFILE, OTHER_SEED, OTHER_PER_TARGET = _DATA / "heldout_other_grades.csv", _DATA / "heldout_other_profile.toml", 144, 60
OTHER_COLUMNS = {"Product management": "product", "Marketing": "marketing", "Finance": "finance", "Human resources": "hr"}
OTHER_CANDIDATE_WORDS: dict[str, tuple[str, ...]] = {
    "product": ("product", "produc", "produit", "produkt", "owner", "roadmap", " pm", "program", "project", "proyect",
                "projet", "scrum", "agile", "strateg", "launch"),
    "marketing": ("market", "mercad", "brand", "marca", "growth", "content", "conteni", "seo", "social media", "redes",
                  "communic", "comunica", "advertis", "publicid", "media", "public relations", "campaign", "digital",
                  "crm", "commerce"),
    "finance": ("financ", "finanz", "invest", "inversi", "bank", "banc", "account", "contab", "contad", "audit", "tax",
                "fiscal", "treasur", "tesor", "capital", "equity", "fund", "fondo", "credit", "risk", "riesgo", "insur",
                "segur", "cfo", "controller", "wealth", "asset", "trading", "econom"),
    "hr": ("human", "humano", "hr ", "rrhh", "rr.hh", "recruit", "reclut", "talent", "people", "personas", "staffing",
           "hiring", "selecci", "payroll", "nomina", "nómina", "benefit", "compensation", "learning", "training",
           "capacit", "culture", "employ", "chro", "hrbp", "workforce"),
}


OTHER_FIELDS = _other_set("held-out other fields", "rows no set sampled before, four fields no set graded before, untouched "
                          "until its first run, misses of all four read since", OTHER_GRADES, OTHER_PROFILE, OTHER_SEED,
                          OTHER_COLUMNS, OTHER_CANDIDATE_WORDS)

# The second other-fields set (RUBRIC.md): four more fields, drawn after the first had been read.
OTHER2_GRADES, OTHER2_PROFILE, OTHER2_SEED = _DATA / "heldout_other2_grades.csv", _DATA / "heldout_other2_profile.toml", 155
OTHER2_COLUMNS = {"Education": "education", "Healthcare": "healthcare", "Law": "law", "Sales": "sales"}
OTHER2_CANDIDATE_WORDS: dict[str, tuple[str, ...]] = {
    "education": ("teach", "profes", "docent", "educa", "school", "escuela", "colegio", "universi", "academ", "tutor",
                  "lectur", "instruct", "curricul", "learning", "formaci", "training", "enseñ", "ensen", "lehr",
                  "schule", "dean", "faculty"),
    "healthcare": ("health", "salud", "saude", "sante", "santé", "medic", "médic", "hospital", "clinic", "clínic", "nurs",
                   "enfermer", "doctor", "pharma", "farma", "care", "patient", "dental", "therap", "psych", "physio",
                   "surg"),
    "law": ("law", "legal", "lawyer", "attorney", "abogad", "advoga", "avocat", "anwalt", "counsel", "jurid", "juríd",
            "notar", "paralegal", "complian", "litig", "court", "tribunal", "justic", "derecho", "judge"),
    "sales": ("sales", "venta", "vendedor", "comercial", "commercial", "business develop", "account", "partnership",
              "customer success", "retail", "vertrieb", "ventes", "key account", "revenue", "seller", "store", "tienda"),
}


OTHER_FIELDS_2 = _other_set("held-out other fields 2", _LATER_OTHER, OTHER2_GRADES, OTHER2_PROFILE, OTHER2_SEED,
                            OTHER2_COLUMNS, OTHER2_CANDIDATE_WORDS, (OTHER_GRADES,))

# The third other-fields set (RUBRIC.md): four more fields, drawn after the second had been read.
OTHER3_GRADES, OTHER3_PROFILE, OTHER3_SEED = _DATA / "heldout_other3_grades.csv", _DATA / "heldout_other3_profile.toml", 166
OTHER3_COLUMNS = {"Journalism": "journalism", "Nonprofit": "nonprofit", "Government": "government",
                  "Manufacturing": "manufacturing"}
OTHER3_CANDIDATE_WORDS: dict[str, tuple[str, ...]] = {
    "journalism": ("journal", "periodis", "jornalis", "editor", "redac", "report", "news", "noticia", "diario", "revista",
                   "magazine", "media", "medio", "press", "prensa", "broadcast", "radio", "tv", "televis", "podcast",
                   "publish", "writer", "escrit"),
    "nonprofit": ("nonprofit", "non-profit", "non profit", "ngo", "ong", "foundation", "fundaci", "charity", "volunt",
                  "asociaci", "association", "social", "impact", "fundrais", "donor", "humanitarian", "community",
                  "comunidad", "cooperativ", "mutual"),
    "government": ("government", "gobierno", "govern", "ministr", "municip", "city of", "county", "state of", "federal",
                   "public", "públic", "agency", "secretar", "council", "concejo", "senado", "senate", "congress",
                   "diputad", "police", "policía", "army", "ejército", "defense", "defensa"),
    "manufacturing": ("manufactur", "fabric", "production", "producci", "plant", "planta", "factory", "fábrica", "industr",
                      "mechanic", "mecánic", "mecanic", "quality", "calidad", "assembly", "process engineer", "supply",
                      "lean", "six sigma", "maintenance", "mantenim", "automotive", "automotriz"),
}


OTHER_FIELDS_3 = _other_set("held-out other fields 3", _LATER_OTHER, OTHER3_GRADES, OTHER3_PROFILE, OTHER3_SEED,
                            OTHER3_COLUMNS, OTHER3_CANDIDATE_WORDS, (OTHER_GRADES, OTHER2_GRADES))

# The fourth other-fields set (RUBRIC.md): four more fields, drawn after the third had been read.
OTHER4_GRADES, OTHER4_PROFILE, OTHER4_SEED = _DATA / "heldout_other4_grades.csv", _DATA / "heldout_other4_profile.toml", 177
OTHER4_COLUMNS = {"Consulting": "consulting", "Operations and supply chain": "operations", "Architecture": "architecture",
                  "Arts": "arts"}
OTHER4_CANDIDATE_WORDS: dict[str, tuple[str, ...]] = {
    "consulting": ("consult", "advis", "asesor", "strateg", "estrateg", "berat", "conseil", "advisory", "transformation",
                   "management"),
    "operations": ("operat", "operac", "supply", "logist", "procure", "purchas", "compras", "abastec", "warehouse", "almac",
                   "inventor", "shipping", "transport", "fleet", "distribu", "process", "proces", "coo", "planning",
                   "planific"),
    "architecture": ("architect", "arquitect", "arquitet", "urban", "construct", "construc", "civil", "real estate",
                     "inmobil", "imobil", "property", "building", "edific", "interior", "landscape", "bim", "site engineer",
                     "obra"),
    "arts": ("artist", "artista", "art ", "arte", "music", "músic", "musica", "museum", "museo", "theat", "teatro", "film",
             "cine", "dance", "danza", "actor", "actriz", "paint", "pint", "photograph", "fotógraf", "fotograf", "gallery",
             "galer", "cultur", "creative", "animat", "illustrat", "ilustra"),
}


OTHER_FIELDS_4 = _other_set("held-out other fields 4", _LATER_OTHER, OTHER4_GRADES, OTHER4_PROFILE, OTHER4_SEED,
                            OTHER4_COLUMNS, OTHER4_CANDIDATE_WORDS, (OTHER_GRADES, OTHER2_GRADES, OTHER3_GRADES))

# The fifth other-fields set (RUBRIC.md): four more fields, drawn after the fourth had been read.
OTHER5_GRADES, OTHER5_PROFILE, OTHER5_SEED = _DATA / "heldout_other5_grades.csv", _DATA / "heldout_other5_profile.toml", 188
OTHER5_COLUMNS = {"Research": "research", "Public policy": "policy", "Biotech": "biotech", "Cybersecurity": "security"}
OTHER5_CANDIDATE_WORDS: dict[str, tuple[str, ...]] = {
    "research": ("research", "investig", "scien", "cient", "phd", "doctor", "postdoc", "professor", "profesor", "lecturer",
                 "fellow", "laborator", "lab ", "universi", "institut", "academ", "scholar"),
    "policy": ("policy", "polic", "politic", "polít", "public affairs", "government relations", "regulat", "advocacy",
               "think tank", "econom", "legislat", "parliament", "diplomat", "international relations", "relaciones",
               "institucional", "development", "ngo"),
    "biotech": ("bio", "pharma", "farma", "life science", "clinical", "clínic", "genom", "molecul", "chem", "quím", "quimic",
                "lab", "drug", "medic", "vaccin", "diagnos", "therapeut", "regulatory", "device"),
    "security": ("secur", "segur", "sécur", "sicher", "cyber", "ciber", "infosec", "pentest", "penetration", "threat",
                 "vulnerab", "soc ", "siem", "risk", "fraud", "forensic", "privacy", "identity", "network", "firewall",
                 "compliance"),
}
OTHER_FIELDS_5 = _other_set("held-out other fields 5", _LATER_OTHER, OTHER5_GRADES, OTHER5_PROFILE, OTHER5_SEED, OTHER5_COLUMNS, OTHER5_CANDIDATE_WORDS,
                            (OTHER_GRADES, OTHER2_GRADES, OTHER3_GRADES, OTHER4_GRADES))

# The sixth other-fields set (RUBRIC.md): two fields no set graded and the two weakest first runs
# (manufacturing, consulting) again, on rows no set sampled, drawn after the fifth had been read.
OTHER6_GRADES, OTHER6_PROFILE, OTHER6_SEED = _DATA / "heldout_other6_grades.csv", _DATA / "heldout_other6_profile.toml", 199
OTHER6_COLUMNS = {"Energy": "energy", "Public health": "public_health", "Manufacturing": "manufacturing",
                  "Consulting": "consulting"}
OTHER6_CANDIDATE_WORDS: dict[str, tuple[str, ...]] = {
    "energy": ("energ", "power", "oil", "gas ", "petro", "electric", "eléctric", "electr", "utilit", "grid", "solar",
               "wind", "nuclear", "hydro", "renewab", "renovab", "fuel", "refin", "drilling", "pipeline", "upstream"),
    "public_health": ("public health", "salud pública", "salud publica", "saúde", "epidem", "global health",
                      "health policy", "community health", "ministry of health", "ministerio de salud", "health",
                      "salud", "sanit", "nutri", "vaccin", "disease", "hiv", "malaria", "outbreak", "biostat", "ngo"),
    "manufacturing": OTHER3_CANDIDATE_WORDS["manufacturing"],
    "consulting": OTHER4_CANDIDATE_WORDS["consulting"],
}
OTHER_FIELDS_6 = _other_set("held-out other fields 6", "rows no set sampled before, two new fields and two again, "
                            "untouched until its first run", OTHER6_GRADES, OTHER6_PROFILE, OTHER6_SEED, OTHER6_COLUMNS,
                            OTHER6_CANDIDATE_WORDS, (OTHER_GRADES, OTHER2_GRADES, OTHER3_GRADES, OTHER4_GRADES,
                                                     OTHER5_GRADES))
_AGAIN = "rows no set sampled before, four fields graded once before, untouched until its first run"


def _again(number: int, seed: int, columns: dict[str, str], candidates: dict[str, tuple[str, ...]],
           earlier: tuple[Path, ...], history: str = _AGAIN) -> GradedSet:
    """An other-fields set grading fields graded once before again, on rows no set sampled (its files by number)."""
    return _other_set(f"held-out other fields {number}", history, _DATA / f"heldout_other{number}_grades.csv",
                      _DATA / f"heldout_other{number}_profile.toml", seed, columns, candidates, earlier)


_FRESH11 = _DATA / "heldout_fresh11_grades.csv"
_OTHER_UP_TO_6 = (OTHER_GRADES, OTHER2_GRADES, OTHER3_GRADES, OTHER4_GRADES, OTHER5_GRADES, OTHER6_GRADES)
# The seventh to ninth other-fields sets (RUBRIC.md): fields graded once before (journalism, nonprofit,
# government, arts; marketing, finance, education, operations; HR, healthcare, law, sales) again, on
# rows no set sampled, each drawn after every fix their first sets led to.
OTHER_FIELDS_7 = _again(7, 222, {"Journalism": "journalism", "Nonprofit": "nonprofit", "Government": "government",
                                 "Arts": "arts"},
                        {"journalism": OTHER3_CANDIDATE_WORDS["journalism"], "nonprofit": OTHER3_CANDIDATE_WORDS["nonprofit"],
                         "government": OTHER3_CANDIDATE_WORDS["government"], "arts": OTHER4_CANDIDATE_WORDS["arts"]},
                        (*_OTHER_UP_TO_6, _FRESH11))
OTHER_FIELDS_8 = _again(8, 233, {"Marketing": "marketing", "Finance": "finance", "Education": "education",
                                 "Operations and supply chain": "operations"},
                        {"marketing": OTHER_CANDIDATE_WORDS["marketing"], "finance": OTHER_CANDIDATE_WORDS["finance"],
                         "education": OTHER2_CANDIDATE_WORDS["education"], "operations": OTHER4_CANDIDATE_WORDS["operations"]},
                        (*_OTHER_UP_TO_6, OTHER_FIELDS_7.grades, _FRESH11))
OTHER_FIELDS_9 = _again(9, 244, {"Human resources": "hr", "Healthcare": "healthcare", "Law": "law", "Sales": "sales"},
                        {"hr": OTHER_CANDIDATE_WORDS["hr"], "healthcare": OTHER2_CANDIDATE_WORDS["healthcare"],
                         "law": OTHER2_CANDIDATE_WORDS["law"], "sales": OTHER2_CANDIDATE_WORDS["sales"]},
                        (*_OTHER_UP_TO_6, OTHER_FIELDS_7.grades, OTHER_FIELDS_8.grades, _FRESH11))
# Every set the benchmark reports: the four-target sets, then the sets of other fields.
ALL_SETS: tuple[GradedSet, ...] = (*SETS, OTHER_FIELDS, OTHER_FIELDS_2, OTHER_FIELDS_3, OTHER_FIELDS_4, OTHER_FIELDS_5,
                                   OTHER_FIELDS_6, OTHER_FIELDS_7, OTHER_FIELDS_8, OTHER_FIELDS_9)

# The eleventh fresh set (RUBRIC.md): the four first targets again on rows no set above sampled (the
# other-fields sets included), drawn after this stop's cross-language and role-phrase changes.
ELEVENTH_FRESH_GRADES, ELEVENTH_FRESH_SEED = _DATA / "heldout_fresh11_grades.csv", 211
_OTHER_GRADES_FILES = _OTHER_UP_TO_6


def _eleventh_sample() -> pl.DataFrame:
    return _unsampled(FOURTH_FRESH_FILES, (*_SETS_IN_ORDER, *_OTHER_GRADES_FILES), ELEVENTH_FRESH_SEED, 80)


ELEVENTH_FRESH = GradedSet("held-out eleventh fresh", "rows no set sampled before, 80 per target, untouched until its "
                           "first run", functools.partial(_later_available, ELEVENTH_FRESH_GRADES), _eleventh_sample,
                           ELEVENTH_FRESH_GRADES)
ALL_SETS = (*SETS, ELEVENTH_FRESH, *ALL_SETS[len(SETS):])

# The tenth and eleventh other-fields sets (RUBRIC.md): fields graded once before (research, public policy,
# biotech, cybersecurity; product management, architecture) and the two weakest, graded twice (manufacturing,
# consulting), again on rows no set sampled, drawn after every fix their earlier sets led to.
_UP_TO_9 = (*_OTHER_UP_TO_6, OTHER_FIELDS_7.grades, OTHER_FIELDS_8.grades, OTHER_FIELDS_9.grades, _FRESH11)
OTHER_FIELDS_10 = _again(10, 255, OTHER5_COLUMNS, OTHER5_CANDIDATE_WORDS, _UP_TO_9)
OTHER_FIELDS_11 = _again(11, 266, {"Product management": "product", "Architecture": "architecture",
                                   "Manufacturing": "manufacturing", "Consulting": "consulting"},
                         {"product": OTHER_CANDIDATE_WORDS["product"], "architecture": OTHER4_CANDIDATE_WORDS["architecture"],
                          "manufacturing": OTHER3_CANDIDATE_WORDS["manufacturing"],
                          "consulting": OTHER4_CANDIDATE_WORDS["consulting"]},
                         (*_UP_TO_9, OTHER_FIELDS_10.grades),
                         "rows no set sampled before, two fields graded once and two twice before, untouched until its "
                         "first run")
ALL_SETS = (*ALL_SETS, OTHER_FIELDS_10, OTHER_FIELDS_11)

def _fresh_after(before: tuple[GradedSet, ...], name: str, history: str, grades: Path, seed: int) -> GradedSet:
    """A four-target set of 80 rows per target that none of the `before` sets sampled."""
    earlier = tuple(s.grades for s in before)
    return GradedSet(name, history, functools.partial(_later_available, grades),
                     functools.partial(_unsampled, FOURTH_FRESH_FILES, earlier, seed, 80), grades)


def _inserted_after(sets: tuple[GradedSet, ...], anchor: GradedSet, new: GradedSet) -> tuple[GradedSet, ...]:
    """`sets` with `new` right after `anchor`: the four-target sets stay together, in the order they were drawn."""
    at = sets.index(anchor) + 1
    return (*sets[:at], new, *sets[at:])


# The twelfth fresh set (RUBRIC.md): the four first targets again on rows no set above sampled, drawn after
# every fix the one-field probe sets led to (climate's candidate words surface no row left, as for the eleventh).
TWELFTH_FRESH_GRADES, TWELFTH_FRESH_SEED = _DATA / "heldout_fresh12_grades.csv", 212
TWELFTH_FRESH = _fresh_after(ALL_SETS, "held-out twelfth fresh", "rows no set sampled before, 80 per target, untouched "
                             "until its first run, data science, software and climate misses read since",
                             TWELFTH_FRESH_GRADES, TWELFTH_FRESH_SEED)
ALL_SETS = _inserted_after(ALL_SETS, ELEVENTH_FRESH, TWELFTH_FRESH)

# The thirteenth fresh set (RUBRIC.md): the same again on rows no set above sampled, drawn after the fixes the
# twelfth set's data-science and software misses led to.
THIRTEENTH_FRESH_GRADES, THIRTEENTH_FRESH_SEED = _DATA / "heldout_fresh13_grades.csv", 213
THIRTEENTH_FRESH = _fresh_after(ALL_SETS, "held-out thirteenth fresh", "rows no set sampled before, 80 per target, "
                                "untouched until its first run", THIRTEENTH_FRESH_GRADES, THIRTEENTH_FRESH_SEED)
ALL_SETS = _inserted_after(ALL_SETS, TWELFTH_FRESH, THIRTEENTH_FRESH)

# The twelfth other-fields set (RUBRIC.md): journalism, government, arts and consulting again, on rows no set
# sampled, drawn after every fix their earlier sets and the one-field probe sets led to.
OTHER_FIELDS_12 = _again(12, 277, {"Journalism": "journalism", "Government": "government", "Arts": "arts",
                                   "Consulting": "consulting"},
                         {"journalism": OTHER3_CANDIDATE_WORDS["journalism"], "government": OTHER3_CANDIDATE_WORDS["government"],
                          "arts": OTHER4_CANDIDATE_WORDS["arts"], "consulting": OTHER4_CANDIDATE_WORDS["consulting"]},
                         tuple(s.grades for s in ALL_SETS),
                         "rows no set sampled before, three fields graded twice and one three times before, untouched "
                         "until its first run, misses of all four read since")
ALL_SETS = (*ALL_SETS, OTHER_FIELDS_12)
