"""Role phrases of Spanish, Portuguese and French in the English order a user's keywords have.

"Gerente de planta" is a plant manager, "Analista de riesgos" a risk analyst, "Chargée de
communication" a communications officer and "Jefa de datos" a head of data: a role word, a joining
word, a topic. Each is rewritten to English before any language stems the text, so the keywords
"plant manager" or "risk analyst" find them as they find the English titles. Written normalised
(lowercase, no accents); keywords.PHRASE_TRANSLATIONS adds the phrases this grammar cannot make.
"""

from __future__ import annotations

import functools

from pipeline.rank.lexicon import is_english

# Role words -> their English. A "head" role keeps the English "head of" order ("Head of Data").
_ES_ROLES: dict[str, str] = {
    **dict.fromkeys(("analista", "analistas"), "analyst"),
    **dict.fromkeys(("cientifico", "cientifica", "cientificos"), "scientist"),
    **dict.fromkeys(("ingeniero", "ingeniera", "ingenieros"), "engineer"),
    **dict.fromkeys(("arquitecto", "arquitecta"), "architect"),
    **dict.fromkeys(("gerente", "responsable", "encargado", "encargada"), "manager"),
    **dict.fromkeys(("jefe", "jefa"), "head"),
    **dict.fromkeys(("director", "directora"), "director"),
    **dict.fromkeys(("coordinador", "coordinadora"), "coordinator"),
    "especialista": "specialist",
    **dict.fromkeys(("consultor", "consultora"), "consultant"),
    **dict.fromkeys(("tecnico", "tecnica"), "technician"),
    **dict.fromkeys(("supervisor", "supervisora"), "supervisor"),
    **dict.fromkeys(("ejecutivo", "ejecutiva"), "executive"),
    "representante": "representative",
    **dict.fromkeys(("asesor", "asesora"), "advisor"),
    **dict.fromkeys(("asistente", "auxiliar"), "assistant"),
    "lider": "lead",
    **dict.fromkeys(("desarrollador", "desarrolladora"), "developer"),
    **dict.fromkeys(("disenador", "disenadora"), "designer"),
    **dict.fromkeys(("investigador", "investigadora"), "researcher"),
    **dict.fromkeys(("administrador", "administradora"), "administrator"),
    **dict.fromkeys(("inspector", "inspectora"), "inspector"),
    **dict.fromkeys(("auditor", "auditora"), "auditor"),
    "ciencia": "science",
}
_PT_ROLES: dict[str, str] = {
    **dict.fromkeys(("analista", "analistas"), "analyst"),
    **dict.fromkeys(("cientista",), "scientist"),
    **dict.fromkeys(("engenheiro", "engenheira"), "engineer"),
    **dict.fromkeys(("arquiteto", "arquiteta"), "architect"),
    "gerente": "manager",
    "chefe": "head",
    **dict.fromkeys(("diretor", "diretora"), "director"),
    **dict.fromkeys(("coordenador", "coordenadora"), "coordinator"),
    "especialista": "specialist",
    **dict.fromkeys(("consultor", "consultora"), "consultant"),
    **dict.fromkeys(("tecnico", "tecnica"), "technician"),
    **dict.fromkeys(("supervisor", "supervisora"), "supervisor"),
    **dict.fromkeys(("executivo", "executiva"), "executive"),
    "assistente": "assistant",
    "lider": "lead",
    **dict.fromkeys(("desenvolvedor", "desenvolvedora"), "developer"),
    **dict.fromkeys(("pesquisador", "pesquisadora"), "researcher"),
    "ciencia": "science",
}
_FR_ROLES: dict[str, str] = {
    "analyste": "analyst",
    **dict.fromkeys(("ingenieur", "ingenieure"), "engineer"),
    "architecte": "architect",
    **dict.fromkeys(("chef", "responsable", "gestionnaire"), "manager"),  # a "chef de projet" manages the project
    **dict.fromkeys(("directeur", "directrice"), "director"),
    **dict.fromkeys(("coordinateur", "coordinatrice"), "coordinator"),
    **dict.fromkeys(("consultant", "consultante"), "consultant"),
    **dict.fromkeys(("technicien", "technicienne"), "technician"),
    **dict.fromkeys(("charge", "chargee"), "officer"),
    **dict.fromkeys(("assistant", "assistante"), "assistant"),
    **dict.fromkeys(("developpeur", "developpeuse"), "developer"),
    **dict.fromkeys(("chercheur", "chercheuse"), "researcher"),
    **dict.fromkeys(("conseiller", "conseillere"), "advisor"),
    "scientifique": "scientist",
    "science": "science",
}

# Topics -> their English. No topic starts a phrase keywords.COMPOUND_TERMS joins ("desarrollo",
# development, is left out: "desarrollo de negocios" is selling).
_ES_TOPICS: dict[str, str] = {
    "datos": "data", "ventas": "sales", "planta": "plant", "produccion": "production", "calidad": "quality",
    "mantenimiento": "maintenance", **dict.fromkeys(("proyecto", "proyectos"), "project"), "operaciones": "operations",
    "logistica": "logistics", "compras": "purchasing", **dict.fromkeys(("marketing", "mercadeo"), "marketing"),
    **dict.fromkeys(("producto", "productos"), "product"), "finanzas": "finance", "sistemas": "systems",
    "seguridad": "security", "ciberseguridad": "cybersecurity", "seguridad informatica": "information security",
    # Safety at work is no security of systems.
    **dict.fromkeys(("seguridad laboral", "seguridad industrial", "seguridad e higiene", "seguridad y salud",
                     "seguridad ocupacional", "seguridad y salud ocupacional", "seguridad e higiene laboral"),
                    "occupational safety"),
    # Food safety is a kitchen's and an inspector's; social security is a state's benefits office.
    "seguridad alimentaria": "food safety", "seguridad social": "social security",
    **dict.fromkeys(("comunicacion", "comunicaciones"), "communications"), "investigacion": "research",
    "diseno": "design", "software": "software", "recursos humanos": "human resources", "talento humano": "human resources",
    "procesos": "process", "innovacion": "innovation", "sostenibilidad": "sustainability", "sustentabilidad": "sustainability",
    "medio ambiente": "environment", "energia": "energy", "infraestructura": "infrastructure",
    **dict.fromkeys(("ambiente de trabajo", "entorno de trabajo"), "workplace"),
    **dict.fromkeys(("contenido", "contenidos"), "content"), "prensa": "press", **dict.fromkeys(("riesgo", "riesgos"), "risk"),
    "auditoria": "audit", "impuestos": "tax", "contabilidad": "accounting", "tesoreria": "treasury",
    "inversiones": "investment", "cumplimiento": "compliance", "salud": "health", "salud publica": "public health",
    "educacion": "education",
    **dict.fromkeys(("formacion", "capacitacion"), "training"), "reclutamiento": "recruiting",
    "tecnologia": "technology", "soporte": "support", "eventos": "events", "cadena de suministro": "supply chain",
    "planificacion": "planning", "ingenieria": "engineering", "analitica": "analytics",
    **dict.fromkeys(("negocio", "negocios"), "business"), "inteligencia artificial": "artificial intelligence",
    "aprendizaje automatico": "machine learning", "experiencia de usuario": "user experience",
    "experiencia del usuario": "user experience", "ux": "ux", "ui": "ui", "bienes raices": "real estate",
    "publicidad": "advertising", "relaciones publicas": "public relations", "politicas publicas": "public policy",
    **dict.fromkeys(("captacion de fondos", "recaudacion de fondos", "procuracion de fondos"), "fundraising"),
    **dict.fromkeys(("control de calidad", "control de la calidad"), "quality control"),
    **dict.fromkeys(("aseguramiento de calidad", "aseguramiento de la calidad"), "quality assurance"),
    **dict.fromkeys(("gestion de calidad", "gestion de la calidad", "sistemas de calidad", "sistemas de gestion de calidad"),
                    "quality management"),
    **dict.fromkeys(("proyectos sociales", "proyecto social"), "social projects"), "propiedad intelectual": "intellectual property",
    **dict.fromkeys(("mercado de capitales", "mercados de capitales"), "capital markets"), "mejora continua": "continuous improvement",
    "asuntos publicos": "public affairs", **dict.fromkeys(("redes sociales", "medios sociales"), "social media"),
    # A "Técnico de Selección" selects staff: no sport's national team.
    **dict.fromkeys(("seleccion", "seleccion de personal"), "recruiting"),
}
_PT_TOPICS: dict[str, str] = {
    "dados": "data", "vendas": "sales", "planta": "plant", "producao": "production", "qualidade": "quality",
    "manutencao": "maintenance", **dict.fromkeys(("projeto", "projetos"), "project"), "operacoes": "operations",
    "logistica": "logistics", "compras": "purchasing", "marketing": "marketing",
    **dict.fromkeys(("produto", "produtos"), "product"), "financas": "finance", "sistemas": "systems",
    "seguranca": "security", "seguranca da informacao": "information security",
    **dict.fromkeys(("seguranca do trabalho", "seguranca no trabalho"), "occupational safety"),
    "seguranca alimentar": "food safety", **dict.fromkeys(("seguridade social", "seguranca social"), "social security"),
    "comunicacao": "communications", "pesquisa": "research", "design": "design", "software": "software",
    "recursos humanos": "human resources", "processos": "process", "inovacao": "innovation",
    "sustentabilidade": "sustainability", "meio ambiente": "environment", "energia": "energy",
    "ambiente de trabalho": "workplace",
    "infraestrutura": "infrastructure", "conteudo": "content", **dict.fromkeys(("risco", "riscos"), "risk"),
    "auditoria": "audit", "contabilidade": "accounting", "tecnologia": "technology", "suporte": "support",
    "negocios": "business", "engenharia": "engineering", "experiencia do usuario": "user experience",
    "ux": "ux", "ui": "ui", "saude": "health", "saude publica": "public health", "educacao": "education", "treinamento": "training",
    "captacao de recursos": "fundraising",
    **dict.fromkeys(("projetos sociais", "projeto social"), "social projects"), "propriedade intelectual": "intellectual property",
    "mercado de capitais": "capital markets", "melhoria continua": "continuous improvement", "assuntos publicos": "public affairs",
    **dict.fromkeys(("redes sociais", "midias sociais"), "social media"),
}
_FR_TOPICS: dict[str, str] = {
    "donnees": "data", "ventes": "sales", "production": "production", "qualite": "quality",
    "maintenance": "maintenance", **dict.fromkeys(("projet", "projets"), "project"), "operations": "operations",
    "logistique": "logistics", "achats": "purchasing", "marketing": "marketing",
    **dict.fromkeys(("produit", "produits"), "product"), "finance": "finance", "systemes": "systems",
    "securite": "security", "communication": "communications", "recherche": "research", "design": "design",
    "securite sociale": "social security", "securite alimentaire": "food safety",
    "logiciel": "software", "ressources humaines": "human resources", "processus": "process",
    "innovation": "innovation", "developpement durable": "sustainability", "environnement": "environment",
    "environnement de travail": "workplace",  # the workplace's conditions, no natural environment
    "energie": "energy", "infrastructure": "infrastructure", "contenu": "content", "risques": "risk",
    "collecte de fonds": "fundraising", "projets sociaux": "social projects", "propriete intellectuelle": "intellectual property",
    "marches de capitaux": "capital markets", "amelioration continue": "continuous improvement",
    "affaires publiques": "public affairs", "reseaux sociaux": "social media",
    "audit": "audit", "comptabilite": "accounting", "usine": "plant", "formation": "training",
    "recrutement": "recruiting", "experience utilisateur": "user experience", "ux": "ux", "ui": "ui",
}

# Joining words between role and topic; French also juxtaposes ("Ingénieur qualité").
_JOINS: dict[str, tuple[str, ...]] = {
    "es": ("de", "del", "de la", "de los", "de las", "en"),
    "pt": ("de", "do", "da", "dos", "das", "em"),
    "fr": ("de", "des", "du", "de la", "d", "en", ""),
}
_GRAMMAR = {"es": (_ES_ROLES, _ES_TOPICS), "pt": (_PT_ROLES, _PT_TOPICS), "fr": (_FR_ROLES, _FR_TOPICS)}


def _english(role: str, topic: str) -> str:
    return f"head of {topic}" if role == "head" else f"{topic} {role}"


@functools.cache
def role_phrase_translations() -> dict[str, str]:
    """Every role-join-topic phrase of the grammar (normalised words) -> its English."""
    out: dict[str, str] = {}
    for lang, (roles, topics) in _GRAMMAR.items():
        for role, role_en in roles.items():
            for topic, topic_en in topics.items():
                for join in _JOINS[lang]:
                    if not join and is_english(role):
                        continue  # "Assistant Production Manager" is English: no French "assistant production"
                    out[" ".join(w for w in (role, join, topic) if w)] = _english(role_en, topic_en)
    return out
