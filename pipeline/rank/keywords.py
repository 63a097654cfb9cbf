"""Keyword matching: texts become canonical token strings once per unique value, then phrases are found in them."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import polars as pl
import snowballstemmer
from rapidfuzz import process
from rapidfuzz.distance import OSA, Indel, Levenshtein

from pipeline.rank.lexicon import is_english
from pipeline.rank.role_phrases import role_phrase_translations

log = logging.getLogger(__name__)

# Abbreviations people write in titles, as data, in two kinds.
# Field terms collapse: "User Experience Researcher" and "UX Researcher" both become "ux research",
# so a keyword written either way finds both.
FIELD_ABBREVIATIONS: dict[str, str] = {
    "ai": "artificial intelligence",
    "ml": "machine learning",
    "nlp": "natural language processing",
    "bi": "business intelligence",
    "ux": "user experience",
    "ui": "user interface",
    "cx": "customer experience",
    "hci": "human computer interaction",
    "esg": "environmental social governance",
    "csr": "corporate social responsibility",
    "ehs": "environment health safety",
    "hr": "human resources",
    "qa": "quality assurance",
    "seo": "search engine optimization",
}
# CSO, CPO, CDO and CMO stay as they are: each stands for several fields (sustainability, security,
# science...), so field knowledge decides with the organisation's evidence (pipeline/rank/fit.py).
# Role words expand, so the words inside stay findable ("CSO" still says "sustainability",
# "SVP Product" still holds "vice president product").
ABBREVIATIONS: dict[str, str] = {
    "vp": "vice president",
    "svp": "senior vice president",
    "evp": "executive vice president",
    "avp": "assistant vice president",
    "ceo": "chief executive officer",
    "cto": "chief technology officer",
    "cfo": "chief financial officer",
    "coo": "chief operating officer",
    "md": "managing director",
    "sr": "senior",
    "snr": "senior",
    "jr": "junior",
    "jnr": "junior",
    "mgr": "manager",
    "mngr": "manager",
    "mgmt": "management",
    "dir": "director",
    "eng": "engineer",
    "engr": "engineer",
    "asst": "assistant",
    "assoc": "associate",
    "mktg": "marketing",
    "dev": "developer",
    "ops": "operations",
    "intl": "international",
    "govt": "government",
    "cofounder": "co founder",
    "swe": "software engineer",  # "SWE Intern"
    "mpp": "master public policy", "mpa": "master public administration",  # "MPP Candidate"
    "uiux": "ui ux",  # "UIUX Designer", written as one word
    # One word or two, the same work: a keyword "frontend" finds a "Front End Engineer", "big data" a "Bigdata Developer".
    "frontend": "front end", "backend": "back end", "fullstack": "full stack", "bigdata": "big data",
    **FIELD_ABBREVIATIONS,
}

# Compounds that name other work than their words do: a "Business Developer" sells, a "Design
# Engineer" designs machines, "Data Entry" is clerical. Each becomes one token, so no keyword or
# field word of its parts finds it; a keyword or field word that is the compound still does.
COMPOUND_TERMS: dict[str, str] = {
    "business developer": "bizdev", "business development": "bizdev",
    "real estate developer": "propertydev", "property developer": "propertydev", "project developer": "projectdev",
    "land developer": "propertydev", "land development": "propertydev",
    # A printing press fed from a roll of paper, no website.
    "web offset": "printing", "web press": "printing", "web printing": "printing",
    # A product developer develops a food's, a garment's or a cosmetic's recipe, no software.
    "product developer": "productdevelopment",
    # The front end of product innovation is consumer and market research, not a web page's code.
    "front end innovation": "innovationresearch", "front end research": "innovationresearch",
    "fuzzy front end": "innovationresearch",
    "data entry": "dataentry", "data center": "datacenter", "data centre": "datacenter",
    "design engineer": "designengineer", "design engineering": "designengineer",
    "structural design": "structuraldesign", "mechanical design": "mechanicaldesign",
    "electrical design": "electricaldesign", "physical design": "physicaldesign", "circuit design": "circuitdesign",
    "pcb design": "pcbdesign", "pcb designer": "pcbdesign", "hardware design": "hardwaredesign", "chip design": "chipdesign",
    "asic design": "asicdesign", "fpga design": "fpgadesign", "rf design": "rfdesign", "hvac design": "hvacdesign",
    "piping design": "pipingdesign", "civil design": "civildesign", "tower design": "towerdesign",
    "interior design": "interiordesign", "interior designer": "interiordesign",
    "fashion design": "fashiondesign", "fashion designer": "fashiondesign",
    "floral designer": "floristry", "floral design": "floristry", "jewelry designer": "jewellerydesign",
    "jewellery designer": "jewellerydesign", "jewelry design": "jewellerydesign", "jewellery design": "jewellerydesign",
    "kitchen designer": "kitchendesign", "kitchen design": "kitchendesign", "cake designer": "cakedesign",
    "hair designer": "hairdresser", "nail designer": "nail technician", "brow designer": "beautyadvisor",
    "level designer": "leveldesign", "level design": "leveldesign",  # a game's maps
    "event experience": "eventexperience", "guest experience": "guestexperience",  # an event's or a hotel's, no product's
    "environment artist": "environmentartist", "environment art": "environmentartist",  # a game's scenery
    # Microsoft's tools, not electric power; a bridge's health, not a person's.
    "power bi": "powerbi", "power platform": "powerplatform", "power apps": "powerapps", "power automate": "powerautomate",
    "power query": "powerquery", "power pivot": "powerpivot", "structural health": "structuralhealth",
    # A gym's, a horse's or a car's trainer or instructor teaches no school subject; a model's training data is no training.
    **dict.fromkeys(("personal trainer", "fitness trainer", "fitness instructor", "fitness coach", "gym instructor",
                     "yoga instructor", "pilates instructor", "swim instructor", "swimming instructor", "ski instructor",
                     "surf instructor", "spin instructor", "group fitness instructor"), "fitnessinstructor"),
    **dict.fromkeys(("driving instructor", "driving instructors", "driving school"), "drivinginstructor"),
    **dict.fromkeys(("flight instructor", "flight instructors"), "flightinstructor"),
    **dict.fromkeys(("horse trainer", "dog trainer", "animal trainer", "dog training"), "animaltrainer"),
    "training data": "trainingdata",
    # Cables, privacy law and phone plans carry data; none of them is data work.
    **dict.fromkeys(("data cabling", "data cable", "data cables"), "cabling"),
    **dict.fromkeys(("data protection", "protection des donnees", "proteccion de datos", "protecao de dados",
                     "datenschutz"), "dataprotection"),
    **dict.fromkeys(("data plan", "data plans"), "mobileplan"),
    # A UI claim is an unemployment-insurance claim: no user interface.
    **dict.fromkeys(("ui claims", "ui claim", "unemployment insurance"), "unemploymentinsurance"),
    # A plant of botany is no factory; a foundation of a building, a journal's entries, a brand's or a wallet's
    # health, a culture of cells, a talent agent, a test environment, social security and a security guard
    # are other work than the field words inside them say.
    **dict.fromkeys(("plant biologist", "plant biology", "plant science", "plant sciences", "plant scientist",
                     "plant breeding", "plant breeder", "plant pathology", "plant pathologist", "plant physiology"), "botany"),
    **dict.fromkeys(("foundation engineer", "foundation engineering", "foundations engineer", "foundation design"),
                    "geotechnicalengineer"),
    **dict.fromkeys(("journal entries", "journal entry"), "bookkeepingentries"),
    **dict.fromkeys(("financial health", "financial wellness", "financial wellbeing"), "financialwellbeing"),
    "brand health": "brandhealth", "platform health": "platformhealth", "customer health": "customerhealth",
    **dict.fromkeys(("cell culture", "cell cultures", "culture media", "cell culture media"), "cellculture"),
    **dict.fromkeys(("talent agent", "talent agency", "talent agents"), "artistsagent"),  # not "talent*": HR's German word start
    **dict.fromkeys(("test environment", "test environments", "it environment", "development environment",
                     "production environment", "sap environment", "cloud environment", "cloud environments"), "itenvironment"),
    "social security": "socialsecurity",
    "food safety": "foodsafety",  # a kitchen's and an inspector's safety, not a network's
    # A student's academic adviser and a market researcher do no academic research.
    **dict.fromkeys(("academic advisor", "academic advisors", "academic adviser", "academic advising", "academic counselor",
                     "academic counsellor"), "academicadvisor"),
    **dict.fromkeys(("market research", "market researcher", "market researchers"), "marketresearch"),
    **dict.fromkeys(("security guard", "security guards", "loss prevention"), "securityguard"),
    **dict.fromkeys(("innovation lab", "innovation labs"), "innovationlab"),
    **dict.fromkeys(("energy healer", "energy healing", "reiki"), "energyhealing"),
    "anchor handling": "anchorhandling",
    **dict.fromkeys(("press operator", "press operators"), "pressoperator"),
    **dict.fromkeys(("company secretary", "company secretarial", "corporate secretary"), "companysecretary"),
    **dict.fromkeys(("state assembly", "national assembly", "legislative assembly"), "legislativeassembly"),
    **dict.fromkeys(("assembly member", "assemblymember", "assemblyman", "assemblywoman"), "legislator"),
    # A vet's hospital or clinic treats animals: no hospital of healthcare's.
    **dict.fromkeys(("animal hospital", "veterinary hospital", "pet hospital", "animal clinic", "veterinary clinic",
                     "vet clinic", "veterinary technician", "vet tech", "veterinary nurse"), "veterinaryclinic"),
    # A blood bank keeps blood, a food bank feeds people: no bank of money.
    **dict.fromkeys(("blood bank", "blood banks"), "bloodbank"), **dict.fromkeys(("food bank", "food banks"), "foodbank"),
    # Marketing's channels and roles, not the news media nor a community's organiser; testing software, not parts.
    "social media": "socialmedia", "community manager": "communitymanager", "software quality": "softwarequality",
    # A Spanish master builder, no mayor.
    "maestro mayor de obras": "masterbuilder", "maestro mayor": "masterbuilder",
    # A film's, a show's or a brand's production is no factory's; a road's or a drain's design no machine's.
    **{f"{kind} {word}": f"{kind.replace(' ', '')}production" for word in ("production", "productions") for kind in (
        "post", "content", "video", "film", "tv", "television", "music", "event", "events", "media", "theatre", "theater",
        "publishing", "broadcast", "radio", "podcast", "audio", "live", "local", "stage", "theatrical", "creative")},
    **dict.fromkeys(("hydrology design", "road design", "roads design", "highway design", "drainage design",
                     "infrastructure design", "infrastructures design", "utilities design", "utility design"), "civildesign"),
    # A site's water and drain pipes (wet) and cable ducts (dry) are civil design, no power utility.
    **dict.fromkeys(("wet utilities", "wet utility"), "wetutilities"),
    **dict.fromkeys(("dry utilities", "dry utility"), "dryutilities"),
    # A business partner (HR's, finance's) and a partner manager serve partners: no firm's partner, no executive.
    **dict.fromkeys(("business partner", "business partners"), "businesspartner"),
    **dict.fromkeys(("partner manager", "partner managers"), "partnermanager"),
    # A radio wave's engineer, no broadcaster; advertising's media, not the news media.
    "radio frequency": "radiofrequency",
    **dict.fromkeys(("paid media", "media buyer", "media buying", "media planner", "media planning"), "mediabuying"),
    # A manual's or a blog's writer, no author of books or plays.
    **dict.fromkeys(("technical writer", "technical writers", "technical writing"), "technicalwriter"),
    **dict.fromkeys(("content writer", "content writers", "content writing"), "contentwriter"),
    # A bank's risk of failed processes, no operations work.
    "operational risk": "operationalrisk",
    # Where a bank trades, no marketing.
    **dict.fromkeys(("global markets", "capital markets", "financial markets", "money markets", "debt markets",
                     "equity markets", "fixed income markets"), "capitalmarkets"),
    # A city's planners, no planners of a supply chain's work.
    **dict.fromkeys(("urban planning", "urban planner", "urban planners", "town planning", "town planner", "city planner",
                     "city planning"), "urbanplanning"),
    # A fossil fuel, not nature.
    "natural gas": "naturalgas",
    # A chip's, a machine's or a structure's design is engineering, no user's experience.
    **dict.fromkeys(("design verification", "design assurance", "design automation"), "engineeringdesign"),
    **dict.fromkeys(("structural design", "structural designer", "steel design", "mechanical design", "mechanical designer"),
                    "engineeringdesign"),
    # Laid off ("Software Engineer - impacted by layoffs"), no work on impact.
    "impacted by": "impactedby",
    # Guarding buildings and people, not systems and data.
    "physical security": "physicalsecurity", "security guard": "securityguard",
    # Owners of a product, process or service backlog, not of the business.
    "product owner": "productowner", "process owner": "processowner", "service owner": "serviceowner",
}

# A few title words in other languages people in an English-language network still write.
TRANSLATIONS: dict[str, str] = {
    "datos": "data", "donnees": "data", "daten": "data", "dados": "data",
    "cientifico": "scientist", "cientifica": "scientist", "scientifique": "scientist",
    "wissenschaftler": "scientist", "analista": "analyst", "analyste": "analyst",
    "ingenieur": "engineer", "ingeniero": "engineer", "ingeniera": "engineer",
    "nachhaltigkeit": "sustainability", "durabilite": "sustainability",
    "sostenibilidad": "sustainability", "sustentabilidad": "sustainability", "sustentabilidade": "sustainability",
    "klima": "climate", "climat": "climate", "clima": "climate",
    **dict.fromkeys(("climatico", "climatica", "climaticos", "climaticas", "climatique", "climatiques"), "climate"),
    **dict.fromkeys(("biotecnologia", "biotechnologie"), "biotechnology"),
    **dict.fromkeys(("bioprocesos", "bioprocessos", "bioproceso", "bioprocesso", "bioprocedes"), "bioprocess"),
    "disenador": "designer", "disenadora": "designer", "designerin": "designer",
    **dict.fromkeys(("mediador", "mediadora", "mediateur", "mediatrice"), "mediator"),
    "produkt": "product", "produit": "product", "producto": "product", "produto": "product",
    "investigador": "researcher", "investigadora": "researcher", "forscher": "researcher",
    "gerente": "manager", "leiter": "head", "leiterin": "head", "directeur": "director",
    "directrice": "director", "director": "director", "berater": "consultant",
    **dict.fromkeys(("redakteur", "redakteurin"), "editor"), **dict.fromkeys(("chefredakteur", "chefredakteurin"), "editor in chief"),
    "analytiker": "analyst", "analytikerin": "analyst",
    # Role and level words, so "Líder Data Science" is all data science and a lead.
    "lider": "lead", "jefe": "head", "jefa": "head", "directora": "director", "diretor": "director",
    "diretora": "director", "fundador": "founder", "fundadora": "founder", "fondateur": "founder",
    "fondatrice": "founder", "grunder": "founder", "grunderin": "founder", "coordinador": "coordinator",
    "coordinadora": "coordinator", "coordenador": "coordinator", "coordenadora": "coordinator",
    "coordinateur": "coordinator", "coordinatrice": "coordinator", "especialista": "specialist",
    "consultor": "consultant", "consultora": "consultant", "responsable": "manager", "engenheiro": "engineer", "engenheira": "engineer",
    # A "Desarrollador web" is a web developer: the user's "developer" should find them.
    "desarrollador": "developer", "desarrolladora": "developer", "desenvolvedor": "developer",
    "desenvolvedora": "developer", "developpeur": "developer", "developpeuse": "developer",
    "entwickler": "developer", "entwicklerin": "developer", "programador": "programmer",
    "programadora": "programmer", "programmeur": "programmer", "programmeuse": "programmer",
    "programmierer": "programmer", "programmiererin": "programmer",
    # The roles of other fields a user names in English: an "Abogada" is the user's lawyer, a
    # "Docente" their teacher, "Ventas" their sales.
    **dict.fromkeys(("abogado", "abogada", "abogados", "advogado", "advogada", "avocat", "avocate", "anwalt", "anwaltin",
                     "rechtsanwalt", "rechtsanwaltin"), "lawyer"),
    **dict.fromkeys(("enfermero", "enfermera", "enfermeiro", "enfermeira", "infirmier", "infirmiere", "krankenschwester",
                     "krankenpfleger"), "nurse"),
    **dict.fromkeys(("profesor", "profesora", "professora", "professeur"), "professor"),
    **dict.fromkeys(("docente", "docentes", "lehrer", "lehrerin", "enseignant", "enseignante", "maestro", "maestra"),
                    "teacher"),  # ("Profesor" stays: a professor as often as a teacher)
    **dict.fromkeys(("ventas", "venta", "vendas", "venda", "ventes", "vertrieb"), "sales"),
    **dict.fromkeys(("vendedor", "vendedora", "vendedores", "vendeur", "vendeuse", "verkaufer", "verkauferin"),
                    "sales representative"),
    **dict.fromkeys(("reclutador", "reclutadora", "recrutador", "recrutadora", "recruteur", "recruteuse"), "recruiter"),
    **dict.fromkeys(("contador", "contadora", "contadores", "comptable", "comptables", "contable", "contables",
                     "contabilista"), "accountant"),
    "rh": "hr",  # Recursos Humanos, Ressources Humaines
    # The front desk and the back office, whose people any organisation has (fit.SUPPORT_ROLES).
    **dict.fromkeys(("recepcionista", "receptionniste", "rezeptionist", "rezeptionistin"), "receptionist"),
    **dict.fromkeys(("administrativo", "administrativa", "administratif", "administratief", "administratieve", "verwaltungsangestellte",
                     "verwaltungsangestellter"), "administrative"),
    **dict.fromkeys(("buchhalter", "buchhalterin"), "bookkeeper"),
    **dict.fromkeys(("motorista", "chofer"), "driver"),
    **dict.fromkeys(("mercadeo", "mercadotecnia"), "marketing"),
    **dict.fromkeys(("periodista", "periodistas", "jornalista", "journaliste", "journalistin"), "journalist"),
    **dict.fromkeys(("periodismo", "jornalismo", "journalisme"), "journalism"),
    **dict.fromkeys(("reportero", "reportera", "reporteiro", "reporteira"), "reporter"),
    **dict.fromkeys(("noticias", "noticia", "noticiero"), "news"),
    **dict.fromkeys(("prensa", "imprensa"), "press"),
    # A "Productor" makes a show; no slip of "production".
    **dict.fromkeys(("productor", "productora", "produtor", "produtora"), "producer"),
    # "Ingeniera ambiental" is an environmental engineer to a user who wrote "environmental".
    **dict.fromkeys(("ambiental", "ambientales", "ambientais", "medioambiental", "medioambientales",
                     "environnemental", "environnementale", "environnementaux"), "environmental"),
    **dict.fromkeys(("sostenible", "sostenibles", "sustentable", "sustentables", "sustentavel", "sustentaveis"), "sustainable"),
    # Russian, Ukrainian and Arabic role words (normalised: й is и, ة is ه), as written in a title's nominative.
    **dict.fromkeys(("разработчик", "разработчица", "розробник", "розробниця", "مطور"), "developer"),
    **dict.fromkeys(("программист", "програміст", "مبرمج"), "programmer"),
    **dict.fromkeys(("инженер", "інженер", "مهندس", "مهندسه"), "engineer"),
    **dict.fromkeys(("аналитик", "аналітик", "محلل"), "analyst"),
    **dict.fromkeys(("дизаинер", "مصمم", "مصممه"), "designer"),
    **dict.fromkeys(("исследователь", "дослідник", "باحث", "باحثه"), "researcher"),
    **dict.fromkeys(("консультант",), "consultant"),
    **dict.fromkeys(("менеджер",), "manager"),
    **dict.fromkeys(("юрист", "адвокат", "محامي", "محاميه"), "lawyer"),
    **dict.fromkeys(("бухгалтер", "محاسب", "محاسبه"), "accountant"),
    **dict.fromkeys(("учитель", "учительница", "преподаватель", "вчитель", "викладач", "معلم", "معلمه", "مدرس"), "teacher"),  # (مدرسه is a school too)
    **dict.fromkeys(("рекрутер",), "recruiter"),
    **dict.fromkeys(("маркетолог", "маркетинг", "تسويق"), "marketing"),
    **dict.fromkeys(("данных", "даних", "بيانات"), "data"),
    # German writes a role as one word: "Datenanalystin" is a data analyst.
    **{f"{de}{suffix}": en for de, en in (
        ("datenanalyst", "data analyst"), ("datenwissenschaftler", "data scientist"), ("dateningenieur", "data engineer"),
        ("softwareentwickler", "software developer"), ("softwareingenieur", "software engineer"),
        ("produktmanager", "product manager"), ("produktdesigner", "product designer"),
        ("nachhaltigkeitsmanager", "sustainability manager"), ("nachhaltigkeitsberater", "sustainability consultant"))
       for suffix in ("", "in")},
}

@functools.cache
def _joined(english: str) -> str:
    """An English phrase with the compounds in it written as their one word ("design engineer" -> "designengineer")."""
    padded = f" {english} "
    for compound, token in COMPOUND_TERMS.items():
        padded = padded.replace(f" {compound} ", f" {token} ")
    return padded.strip()


# Role phrases of other languages in the English word order the user's keywords have: "Analista
# de datos" is a data analyst, not an "analyst ... data". Written normalised (no accents); each
# phrase is rewritten before any language stems the text, so the user's own keyword finds it.
PHRASE_TRANSLATIONS: dict[str, str] = {
    **{phrase: _joined(english) for phrase, english in role_phrase_translations().items()},
    "analyste de donnees": "data analyst", "analyste donnees": "data analyst", "scientifique des donnees": "data scientist",
    "ingenieur de donnees": "data engineer", "ingenieur donnees": "data engineer", "ingenieur data": "data engineer",
    "ingenieure data": "data engineer", "science des donnees": "data science",
    "ingeniero de software": "software engineer", "ingeniera de software": "software engineer",
    # Keeping a product on the market, no sustainability.
    # (Before stemming: "sustaining" and "sustainable" stem alike.)
    **dict.fromkeys(("sustaining engineer", "sustaining engineering"), "product support engineer"),
    # A manager's assistant, whatever the organisation (fit.SUPPORT_ROLES).
    **dict.fromkeys(("secretaire de direction", "assistante de direction", "assistant de direction", "secretaria de direccion",
                     "secretaria ejecutiva", "secretaria executiva", "secretaria de diretoria", "assistente de diretoria",
                     "asistente de direccion", "asistente de gerencia", "asistente ejecutiva", "asistente ejecutivo",
                     "assistente executiva", "assistente executivo"), "executive assistant"),
    # A firm's growth, a forecast's weather and a hospital's cleaning: no climate or environmental work.
    "sustainable growth": "business growth",
    **dict.fromkeys(("presentador del clima", "presentadora del clima", "conductor del clima", "conductora del clima",
                     "reportero del clima", "reportera del clima", "apresentador do tempo", "apresentadora do tempo",
                     "presentateur meteo", "presentatrice meteo"), "weather presenter"),
    **{f"environmental services {role}": f"housekeeping {role}"
       for role in ("aide", "attendant", "worker", "supervisor", "housekeeper", "associate", "tech", "technician")},
    # A software release's environments, no natural one.
    **dict.fromkeys(("environment and release", "environment release", "release and environment", "test environment",
                     "test environments", "environments engineer"), "release management"),
    # An organisation's "climate" is its people's mood, HR's to measure: no weather, no emissions.
    **dict.fromkeys(("clima organizacional", "clima laboral", "clima y cultura", "clima e cultura", "clima de trabajo",
                     "clima interno", "climat social", "organizational climate", "organisational climate",
                     "workplace climate", "employee climate", "climate survey", "climate surveys"), "employee experience"),
    # The workplace's conditions, no natural environment (role_phrases holds them as topics too, for
    # "Responsable environnement de travail", which the grammar would otherwise read as an environment manager).
    **dict.fromkeys(("work environment", "working environment", "workplace environment", "environnement de travail",
                     "entorno de trabajo", "ambiente de trabajo", "ambiente de trabalho"), "workplace"),
    "desarrollador de software": "software developer", "desarrolladora de software": "software developer",
    "engenheiro de software": "software engineer", "desenvolvedor de software": "software developer",
    "ingenieur logiciel": "software engineer", "developpeur logiciel": "software developer",
    "aprendizaje automatico": "machine learning", "aprendizado de maquina": "machine learning",
    "salud publica": "public health", "saude publica": "public health", "sante publique": "public health",
    **dict.fromkeys(("captacion de fondos", "recaudacion de fondos", "procuracion de fondos", "captacao de recursos",
                     "collecte de fonds"), "fundraising"),
    "apprentissage automatique": "machine learning",
    "disenador de producto": "product designer", "disenadora de producto": "product designer",
    "designer de produto": "product designer", "designer produit": "product designer",
    "gerente de producto": "product manager", "gerente de produto": "product manager", "chef de produit": "product manager",
    "disenador ux": "ux designer", "disenadora ux": "ux designer", "disenador ui": "ui designer",
    "disenadora ui": "ui designer", "investigador ux": "ux researcher", "investigadora ux": "ux researcher",
    "experiencia de usuario": "user experience", "experiencia del usuario": "user experience",
    "experiencia do usuario": "user experience", "experience utilisateur": "user experience",
    "recursos humanos": "human resources", "ressources humaines": "human resources",
    "ejecutivo de cuentas": "account executive", "ejecutiva de cuentas": "account executive",
    "gerente de cuentas": "account manager", "executivo de contas": "account executive",
    "executiva de contas": "account executive",
    "аналитик данных": "data analyst", "аналітик даних": "data analyst", "محلل بيانات": "data analyst",
    "علم البيانات": "data science", "عالم بيانات": "data scientist", "تحليل البيانات": "data analytics",
    "инженер данных": "data engineer",
    "مهندس برمجيات": "software engineer", "مطور برمجيات": "software developer", "مطور ويب": "web developer",
    "веб разработчик": "web developer", "разработчик программного обеспечения": "software developer",
    "инженер программист": "software engineer", "مصمم جرافيك": "graphic designer", "مهندس مدني": "civil engineer",
    # Business development is one word (COMPOUND_TERMS): written as that word, since both rewrite in one pass.
    **dict.fromkeys(("desarrollo de negocios", "desarrollo de negocio", "desenvolvimento de negocios"), "bizdev"),
    # Governance, not government: "Gobierno de Datos" is a bank's data governance.
    "gobierno de datos": "data governance", "gobierno corporativo": "corporate governance",
    "governanca de dados": "data governance", "governo corporativo": "corporate governance",
    "asesor legal": "legal advisor", "asesora legal": "legal advisor", "asesor juridico": "legal advisor",
    "asesora juridica": "legal advisor", "conseiller juridique": "legal advisor",
    # A topic without its role still reads in English order.
    **dict.fromkeys(("control de calidad", "control de la calidad", "controle de qualidade"), "quality control"),
    **dict.fromkeys(("aseguramiento de calidad", "aseguramiento de la calidad", "garantia de qualidade"), "quality assurance"),
    # A consultant who sells, recruits or books is a salesperson, a recruiter or an agent, no adviser.
    **dict.fromkeys(("sales consultant", "sales consultants"), "sales representative"),
    **dict.fromkeys(("recruitment consultant", "recruiting consultant", "recruiter consultant", "staffing consultant",
                     "executive search consultant", "search consultant"), "recruiter"),
    **dict.fromkeys(("real estate consultant", "property consultant"), "real estate agent"),
    "travel consultant": "travel agent", "insurance consultant": "insurance agent", "beauty consultant": "beautyadvisor", "beauty advisor": "beautyadvisor",
    # A word of a field in another trade's name: each reads as that trade, so the user's "architect",
    # "law", "reporter", "equity", "sales", "arts", "climate", "power" or "coding" finds only its own.
    **{f"{kind} architect{s}": f"{kind} itarchitect" for s in ("", "s") for kind in (
        "solutions", "solution", "enterprise", "data", "cloud", "software", "network", "information", "security",
        "systems", "system", "technical", "it", "application", "applications", "integration", "salesforce",
        "platform", "database", "ai", "ml", "devops", "infrastructure", "sap", "aws", "azure", "oracle")},
    **{f"{word} {kind}": f"{english} itarchitect" for word in ("architecte", "arquitecto", "arquitecta", "arquiteto", "arquiteta")
       for kind, english in {
           "si": "it", "it": "it", "ti": "it", "cloud": "cloud", "logiciel": "software", "software": "software",
           "solutions": "solutions", "solution": "solutions", "technique": "technical", "reseau": "network",
           "applicatif": "application", "donnees": "data", "salesforce": "salesforce", "sap": "sap",
           "de software": "software", "de solucoes": "solutions", "de soluciones": "solutions", "de solucion": "solutions",
           "de solucao": "solutions", "de datos": "data", "de dados": "data", "de sistemas": "systems", "de nube": "cloud",
       }.items()},
    **dict.fromkeys(("softwarearchitekt", "softwarearchitektin", "losungsarchitekt", "losungsarchitektin", "it architekt",
                     "it architektin"), "software itarchitect"),
    # ...and the architecture of a computer, a network or a model is no building's.
    **{f"{kind} architecture{s}": f"{kind} itarchitecture" for s in ("", "s") for kind in (
        "computer", "software", "solutions", "solution", "enterprise", "data", "cloud", "network", "information", "security",
        "system", "systems", "technical", "it", "application", "applications", "integration", "platform", "database",
        "neural", "model", "processor", "cpu", "gpu", "chip", "hardware", "microservices", "microservice", "serverless")},
    "law enforcement": "police", "court reporter": "court stenographer", "court reporters": "court stenographer",
    "surgical operations": "surgery", "special operations": "special forces", "tree surgeon": "arborist",
    # An operating room's or theatre's nurse is a surgical nurse: no operations, no theatre.
    **dict.fromkeys(("operating room", "operating theatre", "operating theater", "theatre nurse", "theater nurse"),
                    "surgical nursing"),
    # Care of customers, lawns, skin, pets or hair is no health care.
    "customer care": "customer service", "lawn care": "landscaping", "pet care": "pet services",
    **dict.fromkeys(("skin care", "skincare", "hair care", "haircare"), "cosmetics"),
    **dict.fromkeys(("clinical trial recruitment", "patient recruitment", "trial recruitment"), "patient enrollment"),
    **dict.fromkeys(("firewall policy", "firewall policies"), "firewall rules"),
    "policy services": "insurance services", "policy administration": "insurance administration",
    "investment casting": "metal casting", "foundation repair": "structural repair",
    **dict.fromkeys(("environmental services aide", "environmental services attendant", "environmental services worker",
                     "environmental services associate"), "housekeeping aide"),
    **dict.fromkeys(("klimatechniker", "klimatechnikerin", "klimatechnik"), "hvac technician"),
    **dict.fromkeys(("tierpfleger", "tierpflegerin"), "animal keeper"),
    # A state's secretaries rank high in its service: no clerical secretary's support role.
    **dict.fromkeys(("under secretary", "undersecretary", "deputy secretary", "joint secretary", "permanent secretary",
                     "principal secretary", "additional secretary", "chief secretary", "cabinet secretary"),
                    "senior civil servant"),
    **dict.fromkeys(("art supplies", "art supply", "craft supplies"), "craft retail"),
    # An adviser of other trades (a doctor, a salesperson, a travel agent), no consultant to businesses.
    **{f"consultant {specialty}": f"senior {specialty}" for specialty in (
        "physician", "surgeon", "anaesthetist", "anesthetist", "anesthesiologist", "radiologist", "psychiatrist",
        "cardiologist", "paediatrician", "pediatrician", "obstetrician", "gynaecologist", "oncologist", "dermatologist",
        "neurologist", "haematologist", "pathologist", "orthopaedic surgeon", "geriatrician", "nurse", "midwife")},
    **dict.fromkeys(("lactation consultant", "lactation consultants"), "lactation specialist"),
    **dict.fromkeys(("wedding consultant", "bridal consultant"), "wedding planner"),
    **dict.fromkeys(("fashion consultant", "image consultant", "style consultant", "styling consultant"), "stylist"),
    **dict.fromkeys(("skin care consultant", "skincare consultant", "cosmetics consultant", "makeup consultant", "image consultant", "style consultant", "fashion consultant",
                     "makeup artist"), "beautyadvisor"),
    **dict.fromkeys(("consultor imobiliario", "consultora imobiliaria", "consultor inmobiliario", "consultora inmobiliaria",
                     "conseiller immobilier", "conseillere immobiliere"), "real estate agent"),
    **dict.fromkeys(("conseiller clientele", "conseillere clientele", "conseiller client", "conseillere client",
                     "customer advisor", "customer adviser", "asesor de clientes", "asesora de clientes",
                     "atencion al cliente", "atencion a clientes", "atendimento ao cliente", "service client"), "customer service"),
    **dict.fromkeys(("conseiller voyages", "conseillere voyages", "conseiller en voyages", "conseillere en voyages",
                     "travel advisor", "travel adviser", "asesor de viajes", "asesora de viajes"), "travel agent"),
    **dict.fromkeys(("conseiller de vente", "conseillere de vente", "conseiller vente", "conseillere vente",
                     "asesor de ventas", "asesora de ventas", "asesor comercial", "asesora comercial",
                     "ejecutivo comercial", "ejecutiva comercial", "executivo comercial", "executiva comercial",
                     "consultor de vendas", "consultora de vendas", "consultor comercial", "consultora comercial",
                     "sales advisor", "sales adviser"), "sales representative"),
    **dict.fromkeys(("mortgage advisor", "mortgage adviser", "mortgage consultant"), "mortgage broker"),
    # Fairness at work, no stake in a firm: "Diversity, Equity & Inclusion" is HR's.
    **dict.fromkeys(("diversity equity and inclusion", "diversity equity inclusion", "equity diversity and inclusion",
                     "equity diversity inclusion", "diversity equity", "equity and inclusion", "equity inclusion",
                     "inclusion and equity", "inclusion equity"), "diversity and inclusion"),
    "sales tax": "indirect tax", "sales taxes": "indirect tax", "point of sale": "checkout", "point of sales": "checkout",
    "commercial pilot": "airline pilot", "commercial litigation": "business litigation",
    "martial arts": "martialarts", "culinary arts": "culinary", "nail artist": "nail technician",
    "nail art": "nail technician", "artes graficas": "printing", "arts graphiques": "printing",
    "climate control": "hvac", "carbon fiber": "composites", "carbon fibre": "composites",
    **dict.fromkeys(("control de clima", "control del clima", "climatizacion", "climatizacao", "climatisation",
                     # an air-conditioning firm's name: "Aire y Clima", "Frío y Clima", "ClimaFrío"
                     "aire y clima", "frio y clima", "clima y frio", "clima frio", "frio clima", "ar e clima",
                     "clima e frio", "refrigeracion y clima", "clima y refrigeracion"), "hvac"),
    **dict.fromkeys(("fibra de carbono", "fibras de carbono", "fibre de carbone"), "composites"),
    **dict.fromkeys(("carbon steel", "acero al carbono", "aco carbono"), "steel"),
    "power yoga": "yoga", "power washer": "pressure washing", "power washing": "pressure washing",
    "energy drink": "beverage", "energy drinks": "beverage",
    "carbon copy": "carboncopy",
    "data steward": "datasteward", "data stewardship": "datasteward", "data stewards": "datasteward",
    **dict.fromkeys(("medical coding", "medical coder", "medical coders", "coding specialist", "clinical coding",
                     "clinical coder"), "medical billing"),
    **dict.fromkeys(("saisie de donnees", "entrada de datos", "captura de datos", "digitacao de dados",
                     "datenerfassung"), "dataentry"),  # the compound, as "bizdev" above
    **dict.fromkeys(("centro de datos", "centros de datos", "centro de dados", "centros de dados", "centre de donnees",
                     "centres de donnees", "rechenzentrum"), "datacenter"),
    **dict.fromkeys(("municipal bond", "municipal bonds", "muni bonds"), "public finance bonds"),
    # A firm's own rules or an insurer's product, no public policy: read without the word "policy".
    **dict.fromkeys(("hr policy", "hr policies"), "hr"),
    **dict.fromkeys(("employee policy", "employee policies"), "employee relations"),
    **dict.fromkeys(("travel policy", "mobility policy"), "employee mobility"),
    **dict.fromkeys(("security policy", "security policies"), "security"),
    "national security policy": "national security public policy",  # a state's, the longer phrase first
    **dict.fromkeys(("privacy policy", "privacy policies"), "privacy compliance"),
    **dict.fromkeys(("insurance policy", "insurance policies"), "insurance"),
    **dict.fromkeys(("credit policy", "credit policies"), "credit risk"),
    # A show's, a film's or a record's production, in other languages: no factory's either.
    **{phrase: _joined(english) for phrase, english in {
        "produccion de espectaculos": "event production", "produccion de eventos": "event production",
        "produccion audiovisual": "video production", "produccion musical": "music production",
        "produccion de contenidos": "content production", "produccion de contenido": "content production",
        "produccion teatral": "theatre production", "produccion de television": "television production",
        "produccion cinematografica": "film production", "produccion de cine": "film production",
        "producao audiovisual": "video production", "producao musical": "music production",
        "producao de eventos": "event production", "producao de conteudo": "content production",
        "production audiovisuelle": "video production", "production musicale": "music production",
        "production evenementielle": "event production",
        # A record's recording, no records clerk's: its artists make music, its engineers its sound.
        "recording artist": "music artist", "recording artists": "music artists",
        "recording engineer": "sound engineer", "recording studio": "music studio", "recording studios": "music studio",
        "estudio de grabacion": "music studio", "estudio de gravacao": "music studio", "studio d enregistrement": "music studio",
    }.items()},
    # A Spanish, Portuguese or French school's "profesor" teaches a class: a school teacher, no professor.
    **dict.fromkeys(("profesor de secundaria", "profesora de secundaria", "profesor de primaria", "profesora de primaria",
                     "profesor de bachillerato", "profesora de bachillerato", "profesor de instituto", "profesora de instituto",
                     "profesor de educacion secundaria", "profesora de educacion secundaria", "professor de ensino medio",
                     "professora de ensino medio", "professor de ensino fundamental", "professora de ensino fundamental",
                     "professeur des ecoles", "professeure des ecoles", "professeur de college", "professeure de college",
                     "professeur de lycee", "professeure de lycee"), "school teacher"),
    **dict.fromkeys(("redactor creativo", "redactora creativa", "redactor publicitario", "redactora publicitaria",
                     "redator publicitario", "redatora publicitaria", "concepteur redacteur", "conceptrice redactrice"),
                    "copywriter"),
    **dict.fromkeys(("diseno de moda", "disenador de moda", "disenadora de moda", "design de moda", "designer de moda",
                     "design de mode", "styliste de mode", "modedesign", "modedesigner", "modedesignerin"), "fashiondesign"),
    # Designers of rooms, flowers and brows design no interfaces: the compounds, as "interior designer" in English.
    **dict.fromkeys(("disenador de interiores", "disenadora de interiores", "designer de interiores", "design de interiores",
                     "diseno de interiores", "designer d interieur", "architecte d interieur", "decorador de interiores",
                     "decoradora de interiores"), "interiordesign"),
    **dict.fromkeys(("disenador floral", "disenadora floral", "designer floral", "arte floral"), "floristry"),
    **dict.fromkeys(("designer de sobrancelhas", "design de sobrancelhas", "disenadora de cejas", "disenador de cejas"),
                    "beautyadvisor"),
    **dict.fromkeys(("jefe de planta", "jefa de planta"), "plant manager"),
    **dict.fromkeys(("jefe de produccion", "jefa de produccion"), "production manager"),
    **dict.fromkeys(("corredor de seguros", "corredora de seguros", "corretor de seguros", "corretora de seguros",
                     "courtier en assurance", "courtier en assurances", "courtiere en assurances"), "insurance broker"),
    **dict.fromkeys(("gestion publica", "gestao publica", "administracion publica", "administracao publica",
                     "gestion publique", "administration publique"), "public administration"),
    **dict.fromkeys(("obras publicas", "travaux publics"), "public works"),
    **dict.fromkeys(("planificador urbano", "planificadora urbana", "planejador urbano", "planejadora urbana",
                     "urbanista"), "urbanplanning"),  # the compound, as "bizdev" above
    **dict.fromkeys(("derecho laboral", "derecho del trabajo", "direito do trabalho", "direito trabalhista", "droit du travail",
                     "droit social"), "employment law"),
    **dict.fromkeys(("charge de formation", "chargee de formation", "responsable formation", "responsable de formation"),
                    "training manager"),
    **dict.fromkeys(("auxiliar de conversacion", "assistant de langue", "assistante de langue"), "language assistant"),
    # An insurer's policies, no public policy.
    **dict.fromkeys(("policy underwriter", "policy underwriting", "policy servicing"), "insurance underwriting"),
    "kunstliche intelligenz": "artificial intelligence",  # German "artificial", no art ("Kunst")
    **dict.fromkeys(("operario de prensa", "operaria de prensa", "operador de prensa", "operadora de prensa",
                     "prensista"), "pressoperator"),
    **dict.fromkeys(("agent d accueil", "agente d accueil", "hote d accueil", "hotesse d accueil"), "receptionist"),
    # The topic alone, so the lawyer beside it stays one: "Abogada Laboralista" is a lawyer of employment law.
    **dict.fromkeys(("laboralista", "trabalhista"), "employment law"),
    "mediador de seguros": "insurance broker", "mediadora de seguros": "insurance broker",
    **dict.fromkeys(("infirmiere scolaire", "infirmier scolaire", "enfermera escolar", "enfermero escolar",
                     "enfermeira escolar"), "school nurse"),
    # A French, Spanish or Portuguese teacher of an instrument or a subject outside school: no professor.
    **{f"{word} {subject}": "private teacher" for word in ("professeur", "professeure", "profesor", "profesora", "professor",
                                                          "professora")
       for subject in ("de piano", "de musique", "de guitare", "de danse", "de yoga", "de chant", "de violon", "particulier",
                       "particuliere", "de musica", "de guitarra", "de baile", "de danza", "de ingles", "d anglais",
                       "de violao", "particular", "de canto", "de natacion", "de natacao")},
    # French names a designer by what they design after "d'": a "designer d'interaction" is an interaction designer.
    **dict.fromkeys(("designer d interaction", "designeuse d interaction", "designer interaction"), "interaction designer"),
    **dict.fromkeys(("designer d experience", "designer d experience utilisateur", "designer experience utilisateur"),
                    "ux designer"),
    **dict.fromkeys(("designer d interface", "designer d interfaces", "designer interface"), "ui designer"),
    # Written as the compounds' own words: a translation's English is never a compound (they rewrite in one pass).
    **dict.fromkeys(("securite sociale", "seguridad social", "seguridade social", "seguranca social"), "socialsecurity"),
    **dict.fromkeys(("seguridad alimentaria", "seguranca alimentar", "securite alimentaire", "securite des aliments",
                     "lebensmittelsicherheit"), "foodsafety"),
    "energias renovables": "renewable energy", "energia renovable": "renewable energy",
    "energias renovaveis": "renewable energy", "energia renovavel": "renewable energy",
    "energies renouvelables": "renewable energy", "cambio climatico": "climate change",
    "mudancas climaticas": "climate change", "changement climatique": "climate change",
}

# Words the English stemmer folds onto an unrelated word ("production" onto "product",
# "governance" onto "government"): they keep a stem of their own.
PROTECTED_WORDS: dict[str, str] = {
    "analytical": "analytical",  # chemistry's analysis of samples, not analytics
    "conservative": "conservative", "conservatives": "conservative",  # politics, not conservation
    "production": "production", "productions": "production", "productive": "productive",
    "productivity": "productivity", "governance": "governance", "association": "association",
    "associations": "association", "experiment": "experiment", "experiments": "experiment",
    "designation": "designation", "intern": "intern", "interns": "intern", "internal": "internal",
    "international": "international", "carbonated": "carbonated",
    # A developer writes software; "business development" is selling. Renewals are contracts.
    "developer": "developer", "developers": "developer", "renewable": "renewable", "renewables": "renewable",
    # A programme (German "Programm") is a plan of work, not a programmer's; programming is code, not a programme.
    "programme": "programme", "programmes": "programme", "programm": "programme", "programming": "programming",
    # Coding is writing software; a code is also a building's or a compliance rule ("Code Enforcement Officer").
    "coding": "coding",
    # A hospital heals, hospitality hosts; a physician is no physicist's physics nor "physical security";
    # a reporter writes the news, a reporting analyst the numbers.
    "hospitality": "hospitality", "physician": "physician", "physicians": "physician",
    "reporter": "reporter", "reporters": "reporter",
    # A city is no Citi, customs no customer, electricity no electrical installer's trade, a
    # performer no performance engineer, mobility no mobile app, distribution no distributed system.
    "city": "city", "cities": "city", "customs": "customs", "electricity": "electricity",
    "performer": "performer", "performers": "performer", "mobility": "mobility",
    "distribution": "distribution", "distributions": "distribution", "housing": "housing",
    "experience": "experience", "experiences": "experience",  # no stub "experi" other names share
    # A financial controller keeps the accounts, not a quality or project control; a producer
    # makes a show or a game, not a product.
    "controller": "controller", "controllers": "controller", "controlling": "controller",
    "producer": "producer", "producers": "producer",
    # A counselor guides a student or a patient; counsel is a lawyer.
    "counselor": "counselor", "counselors": "counselor", "counsellor": "counselor", "counsellors": "counselor",
    "counseling": "counseling", "counselling": "counseling",
    # A fashion model, a 3D modeller and statistical modelling are three trades; an engine is no
    # engineer, integrity no integration.
    "model": "model", "models": "model", "modeling": "modeling", "modelling": "modeling",
    "modeler": "modeler", "modeller": "modeler", "modelers": "modeler", "modellers": "modeler",
    "engine": "engine", "engines": "engine", "integrity": "integrity", "integral": "integral",
    # Words the stemmer folds onto a field's word they do not mean: an office is no officer, a
    # physical therapist no physicist, a publication no public body, securities no cybersecurity, a
    # residence no medical resident, resource mobilization no mobile app, a port authority no
    # author, a doctoral student no doctor, excellence no Excel, a power transformer no
    # transformation, part time no Times, data visualization no visual designer.
    **{w: w for w in ("office", "physical", "publication", "securities", "residence", "mobilization", "authority",
                      "authorized", "authorization", "doctoral", "doctorate", "excellence", "excellent", "transformer",
                      "times", "visualization")},
    **{w + "s": w for w in ("office", "publication", "residence", "authorization", "doctorate",
                            "transformer", "visualization")},
    "authorities": "authority", "authorised": "authorized", "authorisation": "authorization",
    "mobilisation": "mobilization", "visualisation": "visualization", "visualisations": "visualization",
    # A machine's, a bus's or a phone line's operator runs it; operations are a business's.
    "operator": "operator", "operators": "operator",
    # Accessibility is a design practice; access is a network's, a building's or a system's.
    "accessibility": "accessibility", "accessible": "accessible",
    # An administrator runs a system, a grant or an office; administration is the running of a business.
    "administrator": "administrator", "administrators": "administrator", "administrative": "administrative",
    # A nonprofit's foundation is one; a technical team's or a building's foundations are not.
    "foundations": "foundations",
    # A grocer's produce is no product.
    "produce": "produce",
    # Marketing finds customers; a market is where a bank or a trader deals ("Market Risk Analyst").
    "marketing": "marketing", "marketer": "marketing", "marketers": "marketing",
    # An accountant keeps the books; an account manager or executive sells.
    "accountant": "accounting", "accountants": "accounting", "accounting": "accounting", "accountancy": "accounting",
}
# Stems of one word family that the stemmer leaves apart ("scientist", "science").
STEM_FAMILIES: dict[str, str] = {
    "scientist": "scienc", "scientif": "scienc", "statistician": "statist", "economist": "econom",
    "economi": "econom", "environ": "environment", "environmentalist": "environment",
}

# Joining words carry no meaning in a title, and dropping them lets "Head of Data" match "head data".
STOPWORDS: frozenset[str] = frozenset(
    {"a", "an", "and", "at", "for", "in", "of", "on", "the", "to", "with", "de", "du", "des", "la", "le", "y", "und", "fur"}
)

# Everyday title words are never someone's typo for a keyword ("analyst" is not "analytics").
REAL_WORDS: frozenset[str] = frozenset({
    "analyst", "analysts", "analytical", "manager", "managers", "engineer", "engineers", "designer", "developer", "director",
    "consultant", "officer", "specialist", "scientist", "researcher", "assistant", "associate", "architect",
    "advisor", "adviser", "coordinator", "planner", "senior", "leader", "partner", "founder", "owner",
    "student", "intern", "teacher", "trainer", "analysis", "analyse", "analyze", "research", "designs",
    "renewal", "renewals",  # contracts renewed, two letters from "renewable"
    "physical", "physics", "physicist",  # two letters from "physician"
})

MIN_TYPO_LENGTH = 5  # shorter words differ by one letter too often ("data"/"date", "ux"/"uk")

_STEMMER = snowballstemmer.stemmer("english")


ARABIC_FOLDS: dict[str, str] = {"ى": "ي", "ی": "ي", "ة": "ه", "ک": "ك", "ـ": ""}


def normalize_expr(expr: pl.Expr) -> pl.Expr:
    """Casefold, strip accents and turn every run of non-alphanumerics into one space."""
    return (
        expr.str.normalize("NFKD")
        .str.replace_all(r"\p{M}", "")
        # A job ad's gender tag says who may apply, not what the job is: "(m/w/d)", "(f/h)", "(all genders)".
        .str.replace_all(r"(?i)\(\s*(?:[mwfdhx]\s*/\s*){1,3}[mwfdhx]\s*\)|\(\s*all genders?\s*\)", " ")
        # Dotted two-letter initialisms are words: "A.I." is "AI", "U.X." is "UX".
        .str.replace_all(r"\b(\p{L})\.(\p{L})\b\.?", "${1}${2}")
        # Initialisms joined by "&" are one word: "M&A", "R&D", "FP&A", "S&OP" (else English drops
        # M&A's "a" as a stopword, and "M&A" would find every "D&M"). Words ("IT & HR") stay apart.
        .str.replace_all(r"\b(?:(\p{L}{1,2})&(\p{L})|(\p{L})&(\p{L}{1,2}))\b", "${1}${2}${3}${4}")
        .str.to_lowercase()
        # German's sharp s is the "ss" it is written as without one ("Außendienst", "Aussendienst").
        .str.replace_all("ß", "ss", literal=True)
        # Arabic letters written either way are one letter: final ya (ى, Persian ی) and ي, ta marbuta
        # and ha (ة ه), Persian and Arabic kaf; the tatweel only stretches a word ("مدنى" is "مدني").
        .str.replace_many(list(ARABIC_FOLDS), list(ARABIC_FOLDS.values()))
        # Letters of any script stay (a keyword may be written in Cyrillic); the rest separates words.
        .str.replace_all(r"[^\p{L}\p{N}]+", " ")
        .str.strip_chars()
    )


@functools.lru_cache(maxsize=200_000)
def _stem(token: str) -> str:
    return _STEMMER.stemWord(token)


def _canonical_token(token: str) -> str:
    """One normalised token as canonical tokens ("  "-joined): stems, role abbreviations expanded."""
    if token in STOPWORDS:
        return ""
    if token in FIELD_ABBREVIATIONS:
        return token  # a field abbreviation is its own canonical token
    expansion = ABBREVIATIONS.get(token) or TRANSLATIONS.get(token) or token
    return "  ".join(_stem_word(part) for part in expansion.split() if part not in STOPWORDS)


def _stem_word(word: str) -> str:
    protected = PROTECTED_WORDS.get(word)
    if protected is not None:
        return protected
    stem = _stem(word)
    return STEM_FAMILIES.get(stem, stem)


@functools.cache
def _phrase_collapses() -> dict[str, str]:
    """Stemmed field-term expansions and compounds (padded as in token strings) -> their one token."""
    pairs = [*FIELD_ABBREVIATIONS.items(), *((token, compound) for compound, token in COMPOUND_TERMS.items())]
    return {_pad(_canonical_token(w) for w in words.split()): f" {token} " for token, words in pairs}


@functools.cache
def _phrase_translation_rewrites() -> dict[str, str]:
    """Role phrases of other languages as written (padded normalised words) -> their English words."""
    return {_pad(phrase.split()): _pad(english.split()) for phrase, english in PHRASE_TRANSLATIONS.items()}


@functools.cache
def _text_rewrites() -> dict[str, dict[str, str]]:
    """Phrase translations and compounds as one replacement table, indexed by each phrase's first word."""
    # One pass is the same as translating, then joining compounds, while no translation writes one
    # (tests/pipeline/rank/test_keywords.py checks).
    index: dict[str, dict[str, str]] = {}
    for phrase, english in {**_phrase_translation_rewrites(), **_compound_rewrites()}.items():
        index.setdefault(phrase.split()[0], {})[phrase] = english
    return index


def _rewrites_for(vocab: set[str]) -> dict[str, str]:
    """The phrases of `_text_rewrites` whose words all occur in `vocab`, longest first.

    Longest first, for a leftmost-first pass: "Jefe de seguridad informática" is a head of
    information security, not of security and "informática". Only the phrases a text can hold are
    compiled: tens of thousands of them cost a tenth of a second each time.
    """
    table = {
        phrase: english
        for first in vocab & _text_rewrites().keys()
        for phrase, english in _text_rewrites()[first].items()
        if all(w in vocab for w in phrase.split())
    }
    return dict(sorted(table.items(), key=lambda item: (-len(item[0]), item[0])))


@functools.cache
def _translated_words() -> tuple[str, ...]:
    """The English words phrase translations write, which the texts' vocabulary may not hold yet."""
    return tuple(dict.fromkeys(w for english in PHRASE_TRANSLATIONS.values() for w in english.split()))


@functools.cache
def _compound_rewrites() -> dict[str, str]:
    """Compounds as written (padded normalised words) -> their one token."""
    return {_pad(compound.split()): f" {token} " for compound, token in COMPOUND_TERMS.items()}


def _pad(tokens: Iterable[str]) -> str:
    # Every token is wrapped in its own spaces so adjacent phrases never share a delimiter.
    return "".join(f" {t} " for t in tokens if t)


# Normalised and canonical forms of keywords and field terms already made: a plan makes about a
# thousand of each, and one batch of them costs what a single one does.
_NORMAL: dict[str, str] = {}
_CANONICAL: dict[str, str] = {}


def _made_once(cache: dict[str, str], texts: Iterable[str], make: Callable[[pl.Series], pl.Series]) -> list[str]:
    """Each text's form from `cache`, the ones not made before made by one call of `make` ("" for null)."""
    texts = list(texts)
    missing = list(dict.fromkeys(t for t in texts if t not in cache))
    if missing:
        made = make(pl.Series(missing, dtype=pl.String())).to_list()
        cache.update(zip(missing, (m or "" for m in made), strict=True))
    return [cache[t] for t in texts]


def normal_many(texts: Iterable[str]) -> list[str]:
    """Each text normalised as normalize_expr does, those not made before in one pass."""
    return _made_once(_NORMAL, texts, lambda s: s.to_frame("t").select(normalize_expr(pl.col("t"))).to_series())


def canonical(text: str) -> str:
    """The canonical token string of one keyword or text (no typo tolerance): ' tok1  tok2 '."""
    found = _CANONICAL.get(text)
    return found if found is not None else canonical_many([text])[0]


def canonical_many(texts: Iterable[str]) -> list[str]:
    """canonical() of each text, those not made before made in one pass.

    A text's canonical form depends on that text alone (no typo reference; a phrase rewrite only
    matches the text holding its words), so a batch gives each text what it gives alone.
    """
    return _made_once(_CANONICAL, texts, canonical_series)


def _typo_map(
    vocab: Sequence[str], reference: Sequence[str], min_length: int = MIN_TYPO_LENGTH, known: Iterable[str] = (),
    max_slips: int = 2,
) -> dict[str, str]:
    """Vocabulary tokens that are near-misses of a reference token -> that reference token."""
    # A keyword word, an English word ("Planet" is no slip of "plant"), a known abbreviation ("Asst."
    # is no "asset") or a word translated from another language ("Productor" is a producer, no slip
    # of "production") is never a typo.
    known = set(reference) | set(known) | REAL_WORDS | set(ABBREVIATIONS) | set(TRANSLATIONS)
    candidates = [t for t in vocab if len(t) >= MIN_TYPO_LENGTH - 1 and not t.isdigit() and t not in known
                  and not is_english(t)]
    refs = [r for r in reference if len(r) >= min_length]
    if not candidates or not refs:
        return {}
    osa = process.cdist(candidates, refs, scorer=OSA.distance, dtype=np.int32, workers=-1)
    near = osa <= 2
    if not near.any():
        return {}
    rows, cols = np.nonzero(near)
    mapping: dict[str, str] = {}
    for i, j in zip(rows.tolist(), cols.tolist(), strict=True):
        word, ref = candidates[i], refs[j]
        if word[0] != ref[0] or word in mapping:
            continue  # typos rarely hit the first letter; a wrong first letter is usually another word
        if int(osa[i, j]) <= max_slips and _is_typo(word, ref, int(osa[i, j])):
            mapping[word] = ref
    return mapping


def _is_typo(word: str, ref: str, osa: int) -> bool:
    """One slip for a mid-length word, two for a long one; short words only drop, double or swap a letter."""
    if len(ref) >= 9:
        return osa <= 2
    if len(ref) >= 7:
        return osa <= 1
    # 5-6 letters: a substituted letter makes another real word too often ("policy"/"police").
    return Indel.distance(word, ref) <= 1 or (osa == 1 and Levenshtein.distance(word, ref) == 2)


@dataclass(frozen=True)
class Canonical:
    """Distinct texts, row for row: normalised and padded (" tok1  tok2 "), canonical, and their token vocabulary."""

    padded: pl.Series
    canon: pl.Series
    vocab: list[str]
    mapping: dict[str, str]  # each vocabulary token's canonical tokens ("" when dropped)


# Stands for the words no matcher can see (keywords.blank_words); normalised text never holds it.
PLACEHOLDER = "~"


def canonical_series(texts: pl.Series, typo_reference: Iterable[str] = ()) -> pl.Series:
    """Each text as its canonical token string, computed once per unique text and token.

    `typo_reference` holds the normalised (unstemmed) keyword words that misspellings should be
    pulled towards.
    """
    uniq = texts.drop_nulls().unique()
    table = pl.DataFrame({"text": uniq, "canon": canonical_distinct(uniq, typo_reference).canon})
    return (
        texts.to_frame("text")
        .join(table, on="text", how="left", maintain_order="left")
        .get_column("canon")
        .alias(texts.name)
    )


def canonical_distinct(uniq: pl.Series, typo_reference: Iterable[str] = ()) -> Canonical:
    """canonical_series for texts that are already distinct and not null, with the normalised texts it made on the way.

    The normalised texts and their vocabulary are what other languages' stemming starts from
    (pipeline/rank/fields.py), so callers that need both normalise once.
    """
    chunks, vocab = _chunks(uniq)
    if not chunks:
        return Canonical(uniq.clear(), uniq.clear(), [], {})
    padded = _padded(uniq, {chunk: _pad(tokens) for chunk, tokens in chunks.items()})
    known = set(vocab)
    rewrites = _rewrites_for(known)
    mapping, vocab = _token_mapping(vocab, known, typo_reference)
    return _canonical(padded, rewrites, vocab, mapping, uniq.name)


def canonical_seen(
    uniq: pl.Series, typo_reference: Iterable[str], blind: Callable[[Canonical], set[str]]
) -> tuple[Canonical, pl.Series]:
    """blank_words(canonical_distinct(uniq), blind(...)) without making every text canonical first.

    `blind` reads only the vocabulary and its mapping, so the tokens it names are blanked while
    the texts are normalised, at the chunk: texts that differ only there ("..., Payments 123",
    "..., Payments 124") become one before the phrase rewrites and the canonical pass, which then
    run on far fewer texts. Words of a phrase rewrite wait for the end, so phrases match as before.
    Returns the blanked texts and each text's row there, as blank_words does.
    """
    chunks, vocab = _chunks(uniq)
    if not chunks:
        return Canonical(uniq.clear(), uniq.clear(), [], {}), pl.Series([], dtype=pl.UInt32)
    known = set(vocab)
    rewrites = _rewrites_for(known)
    mapping, vocab = _token_mapping(vocab, known, typo_reference)
    blind_tokens = blind(Canonical(uniq.clear(), uniq.clear(), vocab, mapping))
    early = blind_tokens - {w for phrase in rewrites for w in phrase.split()}
    padded = _padded(uniq, {chunk: _pad(PLACEHOLDER if t in early else t for t in tokens) for chunk, tokens in chunks.items()})
    groups = padded.to_frame("padded").with_row_index("row").group_by("padded").agg("row")
    first = _spread_codes(groups, padded.len())
    fewer = _canonical(groups.get_column("padded"), rewrites, vocab, mapping, uniq.name)
    blanked, then = blank_words(fewer, blind_tokens)
    return blanked, then.gather(first)


def _spread_codes(groups: pl.DataFrame, n: int) -> pl.Series:
    """Each of `n` rows' group number, from a group_by's lists of rows (`row`)."""
    spread = groups.select(pl.int_range(0, pl.len(), dtype=pl.UInt32).alias("code"), "row").explode("row")
    return pl.zeros(n, dtype=pl.UInt32, eager=True).scatter(spread["row"], spread["code"])


def _token_mapping(vocab: list[str], known: set[str], typo_reference: Iterable[str]) -> tuple[dict[str, str], list[str]]:
    """(each token's canonical tokens, "" when dropped; the vocabulary with the words translations write)."""
    vocab = [*vocab, *(w for w in _translated_words() if w not in known)]
    mapping = {tok: _canonical_token(tok) for tok in vocab}
    reference = tuple(dict.fromkeys(typo_reference))
    if reference:
        _pull_typos(mapping, vocab, reference)
    return mapping, vocab


def _canonical(padded: pl.Series, rewrites: dict[str, str], vocab: list[str], mapping: dict[str, str], name: str) -> Canonical:
    # Role phrases of other languages read in English order, then compounds are one word, before
    # any language stems the text ("data entry" is no Spanish "datos").
    if rewrites:  # one pass: no translation writes a compound
        padded = padded.str.replace_many(rewrites, leftmost=True)
    return Canonical(padded.alias(name), _rewrite(padded, mapping).alias(name), vocab, mapping)


def _chunks(uniq: pl.Series) -> tuple[dict[str, list[str]], list[str]]:
    """Each distinct space-separated chunk of the texts, padded (" Scientist, "), with its normalised tokens; and the vocabulary.

    Normalising never reaches across a space (accents follow their letter, initialisms and a final
    sigma end there, and a space separates words anyway), so each chunk is normalised once and
    put in place by one Aho-Corasick pass (`_padded`): ten times fewer regex runs.
    """
    chunks = uniq.str.split(" ").explode().drop_nulls().unique()
    normal = chunks.to_frame("chunk").select(normalize_expr(pl.col("chunk")))["chunk"]
    table = {f" {chunk} ": words.split() for chunk, words in zip(chunks.to_list(), normal.to_list(), strict=True)}
    vocab = list(dict.fromkeys(tok for tokens in table.values() for tok in tokens))
    return table, vocab


def _padded(uniq: pl.Series, table: dict[str, str]) -> pl.Series:
    """The texts normalised and padded (" tok1  tok2 "), each chunk replaced by its row of `table`.

    Padded so every token sits in its own spaces: token-for-token rewrites are then plain
    Aho-Corasick replacements of " tok " (no regex, no explode and regroup).
    """
    spaced = uniq.to_frame("text").select(pl.lit(" ") + pl.col("text").str.replace_all(" ", "  ", literal=True) + pl.lit(" "))
    padded = spaced.to_series().str.replace_many(table)  # every chunk is a pattern, so each match starts where a chunk does
    # A text of no words is padded as "  ", as the empty normalised text always was.
    return pl.select(pl.when(padded == "").then(pl.lit("  ")).otherwise(padded)).to_series()


def _rewrite(padded: pl.Series, mapping: dict[str, str]) -> pl.Series:
    """Padded normalised texts as canonical token strings: tokens rewritten by `mapping`, field terms collapsed."""
    rewrites = {f" {tok} ": (f" {canon} " if canon else "") for tok, canon in mapping.items() if canon != tok}
    canon = padded
    if rewrites:
        canon = canon.str.replace_many(rewrites)
    canon = canon.str.replace_many(_phrase_collapses())
    # A text of only dropped words (or none) has the empty canonical string.
    return pl.select(pl.when(canon.str.strip_chars() == "").then(pl.lit("")).otherwise(canon)).to_series()


def collapse_words() -> frozenset[str]:
    """The canonical tokens field-term collapses read or write ("user", "experi", "ux")."""
    return frozenset(w for key, value in _phrase_collapses().items() for w in (*key.split(), *value.split()))


def blank_words(words: Canonical, blind: set[str]) -> tuple[Canonical, pl.Series]:
    """The texts with every `blind` token (one no matcher can see) as PLACEHOLDER, distinct again, and each text's row there.

    "Senior Data Scientist, Payments 123" and "..., Payments 124" become one text when no keyword,
    field word or title term holds "123" or "124": what is found in it is found once for both.
    A blind token stays one token, so shares of a title's tokens do not change.
    """
    if not blind:
        return words, pl.int_range(0, words.padded.len(), dtype=pl.UInt32, eager=True)
    padded = words.padded.str.replace_many({f" {tok} ": f" {PLACEHOLDER} " for tok in blind})
    groups = padded.to_frame("padded").with_row_index("row").group_by("padded").agg("row")
    back = _spread_codes(groups, padded.len())
    vocab = [tok for tok in words.vocab if tok not in blind]
    mapping = {tok: words.mapping[tok] for tok in vocab}
    padded = groups.get_column("padded")
    return Canonical(padded, _rewrite(padded, mapping), vocab, mapping), back


def _pull_typos(mapping: dict[str, str], vocab: Sequence[str], reference: Sequence[str]) -> None:
    """Rewrite, in `mapping`, the tokens that are misspellings of a reference token to that token's canonical form."""
    # Words against words and stems against stems: a stem is shorter than its word, so beside a
    # whole word it looks a slip or two away from words it is not ("pharmacist" against
    # "pharmaceut(ical)", "programmat(ic)" against "programmer").
    # A protected keyword word is its own stem: "programming" is no "program", so "Programmer" (stem
    # "programm", a slip from "program") is no misspelling of it.
    stem_refs = sorted({PROTECTED_WORDS.get(r) or _stem(r) for r in reference})
    typo = _typo_map(vocab, reference, known=stem_refs)
    # Stems catch inflected misspellings ("reseachers"); only long words, where stems are safe, and
    # one slip: a stem is shorter than the word it stands for ("pharmacist" is two from "pharmaceut").
    stems = sorted({mapping[t] for t in vocab if " " not in mapping[t]})
    stem_typo = _typo_map(stems, stem_refs, min_length=7, max_slips=1)
    fixed = 0
    for tok in vocab:
        hit = typo.get(tok) or stem_typo.get(mapping[tok])
        if hit is not None and mapping[tok] != _canonical_token(hit):
            mapping[tok] = _canonical_token(hit)
            fixed += 1
    log.debug("typo tolerance pulled %d of %d tokens onto keywords", fixed, len(vocab))


def typo_reference(keywords: Iterable[str]) -> list[str]:
    """The keyword words, normalised, for typo tolerance (their stems are found from them)."""
    out: list[str] = []
    for keyword in keywords:
        normal = pl.select(normalize_expr(pl.lit(keyword))).item() or ""
        for word in normal.split():
            if word in STOPWORDS or word in ABBREVIATIONS or word in TRANSLATIONS:
                continue
            out.append(word)
    return list(dict.fromkeys(out))


def match_masks(canon: pl.Series, phrases: Sequence[str]) -> pl.Series:
    """A UInt64 bitmask per canonical string: bit i is set when phrase i occurs in it (at most 64)."""
    return match_mask_sets(canon, [phrases])[0]


def match_mask_sets(canon: pl.Series, phrase_sets: Sequence[Sequence[str]]) -> list[pl.Series]:
    """One bitmask series per phrase set, from a single Aho-Corasick pass over the strings."""
    if any(len(phrases) > 64 for phrases in phrase_sets):
        raise ValueError("at most 64 keyword phrases per target")
    # One phrase string may stand for several keywords ("data science", "data scientist"): OR their bits.
    bits: list[dict[str, int]] = []
    for phrases in phrase_sets:
        table: dict[str, int] = {}
        for i, phrase in enumerate(phrases):
            if phrase.strip():
                table[phrase] = table.get(phrase, 0) | (1 << i)
        bits.append(table)
    patterns = sorted({p for table in bits for p in table})
    if not patterns or canon.len() == 0:
        return [pl.Series(canon.name, [0] * len(canon), dtype=pl.UInt64) for _ in phrase_sets]
    found = (
        canon.fill_null("").str.extract_many(patterns, overlapping=True).list.unique()
        .to_frame("found").with_row_index("row").explode("found").drop_nulls("found")
    )
    lookup = pl.DataFrame(
        {"found": patterns, **{f"b{t}": [table.get(p, 0) for p in patterns] for t, table in enumerate(bits)}},
        schema={"found": pl.String(), **{f"b{t}": pl.UInt64() for t in range(len(bits))}},
    )
    summed = found.join(lookup, on="found", how="inner").group_by("row").agg(
        pl.col(f"b{t}").sum() for t in range(len(bits))  # distinct phrases hold disjoint bits
    )
    full = pl.DataFrame({"row": pl.int_range(0, len(canon), eager=True).cast(pl.UInt32)})
    joined = full.join(summed, on="row", how="left", maintain_order="left")
    return [joined.get_column(f"b{t}").fill_null(0).cast(pl.UInt64).alias(canon.name) for t in range(len(bits))]


def keyword_matches(keyword: str, text: str) -> bool:
    """Whether one keyword occurs in one text, by the same rules as the vectorised path."""
    phrase = canonical(keyword)
    if not phrase.strip():
        return False
    canon = canonical_series(pl.Series([text], dtype=pl.String()), typo_reference([keyword]))
    return bool(match_masks(canon, [phrase])[0])
