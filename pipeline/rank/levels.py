"""Career levels read off a title: seniority, early career (near-peers) and fellow learners, as data."""

from __future__ import annotations

# Title terms for the seniority and near-peer signals, matched like keywords (stemmed, abbreviations).
# The level from which a person heads a team: no longer a near-peer, named "heads a team" in the why.
HEADS_A_TEAM = 0.8
SENIORITY_LEVELS: tuple[tuple[float, tuple[str, ...]], ...] = (
    (1.0, ("chief", "ceo", "cto", "cfo", "coo", "cmo", "cpo", "cso", "vice president", "president",
           "founder", "co founder", "owner", "partner", "managing director", "executive director",
           # Russian and Ukrainian, Arabic (matched as whole words, like the rest)
           "основатель", "сооснователь", "владелец", "генеральный директор", "засновник", "مؤسس", "مالك")),
    (HEADS_A_TEAM, ("head", "director", "general manager", "руководитель", "директор", "начальник", "керівник")),
    (0.4, ("senior", "lead", "principal", "staff", "старший", "ведущий", "главный", "провідний", "أول")),
)
# Early-career titles: a few years ahead of the user, the near-peers worth asking first.
# A first grade ("Analyst I", "Engineer 1") is early career; "I" alone is too common a word to count.
JUNIOR_TERMS: tuple[str, ...] = (
    "junior", "graduate", "entry level", "associate", "ii", "младший", "молодший",
    *(f"{role} {grade}" for role in ("analyst", "engineer", "developer", "scientist", "designer", "researcher", "consultant")
      for grade in ("i", "1", "ii", "2")),
)
# Fellow learners are no near-peers: they are not yet in the position the user aspires to.
LEARNER_TERMS: tuple[str, ...] = (
    "intern", "internship", "trainee", "apprentice", "working student", "student", "werkstudent",
    "praktikant", "praktikantin", "auszubildender", "azubi", "pasante", "becario", "becaria",
    "estagiario", "estagiaria", "stagiaire", "alternant", "alternante",
    "стажер", "стажерка", "студент", "студентка", "практикант", "стажист", "متدرب", "متدربه", "طالب", "طالبه",
)
# Aspirants are not yet doing the work at all: an "Aspiring UX Designer", a "Data Science Enthusiast"
# or someone "en reconversion" learns the field as the user does, so the field's words in their title
# make them weakly related only (fit.ASPIRANT_FIT). Job seekers ("Open to work", "Seeking...") are left
# out, as they may have done the work for years; so are "Future" (futures are traded) and a bare
# "transition", which the stemmer makes of "transitioning" too (an energy transition is work).
ASPIRANT_TERMS: tuple[str, ...] = (
    "aspiring", "aspirant", "aspirante", "wannabe", "transitioning into", "career changer", "career change",
    "career transition", "enthusiast", "en transicion", "em transicao", "en reconversion", "reconversion professionnelle",
    "quereinsteiger", "quereinsteigerin",
)
