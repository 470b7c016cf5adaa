"""Everyday words for the terms police statistics use, added to a question's search text.

Readers say "the police know who did it" for a suspect identified, "gangs" for organised crime
groups, "under-18s" for youths, "crimes with a direct victim" for victim-based crime, "handed over
to another organisation" for action undertaken by another body or agency, "happy with" for
satisfied, "the pile of phones waiting to be examined" for a backlog; and they use the
service's abbreviations ("ASB", "PCSOs", "E&W") that a report may never write out, so its own
glossary cannot spell them. These are the Home Office's and HMIC's terms for every force's
outcomes, groups and disposals, so the list is about policing, not about one report; a word is
added only when the question lacks it. Like the glossary (:mod:`qa.glossary`), it adds words to
the one query embedding and the lexical scorers; it adds no model pass.
"""

from __future__ import annotations

import re

# (everyday phrasing, the statistics' term)
TERMS: tuple[tuple[re.Pattern, str], ...] = tuple((re.compile(pattern, re.I), term) for pattern, term in [
    (r"\bwho\s+(?:did|committed|was\s+responsible\s+for)\s+(?:it|the\s+crime|them)\b|\bculprits?\b|\bperpetrators?\b",
     "suspect"),
    (r"^(?!.*\borgani[sz]ed\b).*(?:\b(?:criminal|crime|drugs?)\s+gangs?\b|\bgangs\b)", "organised crime groups"),
    (r"\bunder[-\s]?18s?\b|\bjuveniles?\b|\bteenagers?\b|\bminors\b", "youths"),
    (r"\bcrimes?\s+(?:with|against|involving|that\s+(?:have|has))\s+(?:an?\s+)?(?:direct\s+|real\s+|actual\s+)?"
     r"(?:victims?|persons?|people|individuals?)\b", "victim-based crime"),
    (r"\b(?:handed|passed|referred)\s+(?:over\s+|on\s+)?to\s+(?:another|a\s+different|an\s+other|other)\s+"
     r"(?:organi[sz]ations?|bod(?:y|ies)|agenc(?:y|ies))\b", "action undertaken by another body / agency"),
    (r"\b(?:happy|content|pleased)\s+with\b", "satisfied"),
    (r"\b(?:pile|queue|stack|heap)\s+of\b|\bwaiting\s+(?:to\s+be\s+|for\s+)(?:\w+\s+)?(?:examin|analys|process|check)",
     "backlog"),
    # the service's own abbreviations, which a report may never write out ("ASB" in none of its text)
    (r"\basbs?\b", "anti-social behaviour"),
    (r"\bpcsos?\b", "police community support officers"),
    (r"(?-i:\bDA\b)", "domestic abuse"),
    (r"(?-i:\bTICs?\b)", "taken into consideration"),
    (r"\bE\s?&\s?W\b", "England and Wales"),
])


def lay_terms(question: str) -> list[str]:
    """The statistics' terms for the everyday phrasings ``question`` uses, if it lacks them."""
    lowered = question.lower()
    return [term for pattern, term in TERMS if pattern.search(question) and term not in lowered]
