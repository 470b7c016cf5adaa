"""What a question asks for, and which passages answer that kind of question.

Intent: a grade ("how did inspectors rate…"), a definition ("what is MAPPA?"),
advice ("what must the force improve?"), the forces whose data are missing, the
force as a whole. What the reports can hold (names, forces, years, judged areas)
is :mod:`qa.scope`. All from the question's words and the index's own records, no model.
"""

from __future__ import annotations

import re

import numpy as np

from .answertype import OPINION, asks_how_many



_GRADE_INTENT = re.compile(r"\b(grade[sd]?|grading|judge?ments?|judged(?!\s+(?:not|to\s+be\s+not|as\s+not|in\s+the|unnecessary)\b)"
                           r"|verdict|ratings?|rated|marks?|marked|pillars?)\b"
                           r"|\b(?:did|do|does)\b[^?]*?(?<!\bto\s)\bjudge\b"  # not "… the file review to judge how well"
                           # a force's score, not how it scores something ("how does the alliance score OCGs?")
                           r"|\bscored?\s+(?:on|in|for|at|worst|best|well|badly|poorly|highly|overall|lowest|highest)\b"
                           r"|\bscore[sd]?\s*[?.!]?\s*$|\b(?:what|which|its|their|HMIC|inspection|PEEL|effectiveness|overall)\s+scores?\b",
                           re.I)
# ("judged not to be in the public interest" is said of a case, not of the force)
# Evaluative phrasing that asks for a verdict without naming it: "how did inspectors rate the force",
# "were the inspectors happy with …", "is it up to standard", "does it require improvement", "how good is it at".
_VERDICT = re.compile(
    r"\b(?:do|does|did|would)\s+(?:[\w'’-]+\s+){0,4}?rate\s+(?:the|this|that|it|its|their|them|how|(?-i:[A-Z]))"
    r"|\b(?:inspectors?|inspectorate|HMIC)\b[^?]*?\b(?:happy|satisfied|pleased|impressed|content)\b"
    r"|\b(?:happy|satisfied|pleased|impressed|content)\b[^?]*?\b(?:inspectors?|inspectorate|HMIC)\b"
    r"|\bup\s+to\s+(?:standard|scratch|the\s+mark)\b|\bgood\s+enough\b"
    # "can the public trust West Mercia to …", "did the inspectors think it was doing well at …"
    r"|\bcan\s+(?:i|we|you|the\s+public|people|residents|victims)\s+trust\s+(?:the\s+(?:force|police)\b|(?-i:[A-Z]))"
    r"|\b(?:inspectors?|inspectorate|HMIC)\s+(?:think|thought|consider|considered|find|found)\b[^?]*?\b(?:doing\s+)?well\s+at\b"
    r"|\brequir(?:es?|ed|ing)\s+improvement\b|\b(?:outstanding|inadequate)\b|\bhow\s+good\b|\bgood\s+at\b"
    # "did it do better or worse than in last year's assessment?": the grade set beside the earlier one
    r"|\b(?:do|does|did|doing|done)\s+(?:any\s+)?(?:better|worse)\b[^?]*?\b(?:inspection|assessment)\b"
    # "what did West Mercia get in the 2016 effectiveness inspection?"
    r"|\bwhat\s+(?:did|does)\s+[^?]{1,40}?\s+(?:get|receive|achieve)\s+(?:in|from|for)\s+(?:the|its|their)\s+[^?]{0,40}?\b(?:inspection|assessment|PEEL)\b"
    r"|\bhow\s+(?:did|does|is|has)\s+(?:the\s+)?(?:force|(?-i:[A-Z])\w*)[^?]*?\b(?:do|doing|done|fare|fared)\s+(?:on|at|in)\b"
    # a name typed in lower case, "how did west mercia do on …" (two or three words, no plural: not "officers")
    r"|\bhow\s+(?:did|does|has)\s+(?:[a-z'’-]*[a-rt-z]\s+){2,3}?(?:do|fare|fared)\s+(?:on|at|in)\b"
    # the inspection's own question, "How effective is the force at …", asked back
    r"|\bhow\s+effective\s+(?:is|was|are|were)\s+(?:the\s+force|it|(?-i:[A-Z]))"
    r"|\b(?:is|was)\s+(?:the\s+force|it|(?-i:[A-Z])\w*(?:\s+(?-i:[A-Z])\w*){0,2})\s+(?:\w+\s+)?effective\s+(?:at|in)\b"
    # "is West Mercia an effective police force", "did it reach the 'good' standard"
    r"|\b(?:is|was)\s+(?:the\s+force|it|(?-i:[A-Z])\w*(?:\s+(?-i:[A-Z])\w*){0,2})\s+an?\s+(?:\w+\s+)?effective\s+(?:police\s+)?force\b"
    r"|\b(?:reach\w*|achiev\w*|get|gets|got|meet|meets|met|attain\w*)\s+(?:the\s+|an?\s+)?['‘’\"]?"
    r"(?:good|outstanding)['‘’\"]?\s+(?:standard|grade|rating|level|mark)\b"
    # "did it get a 'good' for …", "pass or fail on …"
    r"|\b(?:get|gets|got|given|receive[sd]?|award(?:ed)?|earn(?:s|ed)?)\s+(?:an?\s+)?['‘’\"](?:good|outstanding|inadequate"
    r"|requires?\s+improvement)['‘’\"]|\bpass(?:ed)?\s+or\s+fail(?:ed)?\b",
    re.I,
)


# "What is MAPPA?", "What's a DVPO?", "What does SARA stand for", "MASH meaning", "Explain X", a bare term.
_DEFINITION = re.compile(
    r"^\s*what(?:\s+is|\s+are|'s|’s)\s+(?!wrong\b|happening\b|being\b|going\b|the\s+force\s+doing\b"
    r"|the\s+(?:[\w-]+\s+){0,3}(?:rate|figure|level|number|total|percentage|proportion|share|count)\b)"
    r"(?:an?\s+|the\s+)?(?:[\w'’-]+\s+){0,4}[\w'’-]+\s*(?:\?|$)"
    r"|^\s*what(?:\s+is|\s+are|'s|’s)\s+(?:an?\s+|the\s+)?(?:[\w'’-]+\s+){0,4}[\w'’-]+\s+and\s+(?:what|how|who|why|when)\b"
    r"|\bwhat\s+(?:does|do)\b.*\b(?:stand\s+for|mean)\b"
    r"|\b(?:stands?\s+for|meaning|definition|full\s+(?:name|form)|short\s+for)\b"
    r"|\bwhat\s+(?:is|are)\s+(?:it|they|that|this)\s*\??\s*$"
    r"|^\s*(?:define|explain)\b|\bdefine[sd]?\b|\bwhat\s+counts\s+as\b|\b(?:meant|mean)\s+by\b"
    r"|^\s*[\w'’-]+\s*\??\s*$"
    # "What is THRIVE that the police …", "What is MASH used for?" (not "What is the ASB rate?")
    r"|^\s*what(?:\s+is|\s+are|'s|’s)\s+(?:an?\s+|the\s+)?(?-i:[A-Z]{2,}s?)(?:\s+(?:that|which|used)\b|\s*[,?]|\s*$)",
    re.I,
)


def asks_for_definition(question: str) -> bool:
    """Whether the question asks what a term is or stands for (reports define their terms in footnotes)."""
    return bool(_DEFINITION.search(question))


# "What must the force do to improve…", "What has HMIC told the force to do…", "recommendations on…".
_ADVICE = re.compile(
    r"\b(?:improve|improvements?|recommend\w*|causes?\s+of\s+concern|action\s+plan|better\s+at"
    r"|(?:must|should|needs?\s+to)\s+(?:the\s+force\s+)?do|(?:told|asked)\b.*\bto\s+do)\b", re.I)
_ADVICE_HEADING = re.compile(r"\b(?:areas?\s+for\s+improvement|causes?\s+of\s+concern|recommendations?)\b", re.I)


def asks_for_advice(question: str) -> bool:
    """Whether the question asks what the force must improve or has been told to do."""
    return bool(_ADVICE.search(question))


def advice_chunks(chunks) -> np.ndarray:
    """1.0 for each chunk under an "Areas for improvement", "Causes of concern" or "Recommendations"
    heading (how inspection reports set out what a force must do), else 0.0."""
    return np.array([any(_ADVICE_HEADING.search(h) for h in c.section) for c in chunks], dtype=np.float64)


# How the statistics were made and how far they can be trusted: "how is the rate worked out", "can the
# 2016 figures be compared with 2015", "where does HMIC get its data", "how reliable is the survey".
_METHOD = re.compile(
    r"\b(?:calculated|calculate|calculation|worked\s+out|work\s+out|measured|derived|estimated|compiled|collected"
    r"|weighted|sampled|sampling|methodolog\w*)\b"
    r"|\b(?:comparable|compared?|comparisons?)\b[^?]*\b(?:previous|earlier|last|prior|past|other)\s+(?:years?|data|figures)\b"
    r"|\b(?:can|could|should)\b[^?]*\bbe\s+compared\b"
    r"|\b(?:reliable|reliability|accurate|accuracy|robust|caveats?|limitations?|quality\s+assur\w*|weight\s+can)\b"
    r"|\b(?:where|what\s+source|which\s+source)\b[^?]*\b(?:come|comes|came)\s+from\b|\bdata\s+sources?\b|\bsource\s+of\b"
    r"|\bwhere\s+(?:does|do|did)\b[^?]*\b(?:get|obtain|take)\b|\bwhich\s+population\b|\bpopulation\s+(?:figures|estimates)\b",
    re.I)
_METHOD_HEADING = re.compile(r"\babout\s+the\s+data\b|\bmethodolog\w*|\bdata\s+sources?\b|\bnotes?\s+on\s+(?:the\s+)?data\b"
                             r"|\btechnical\s+annex\b", re.I)


def asks_for_method(question: str) -> bool:
    """Whether the question asks how the statistics were made or how far they can be trusted."""
    return bool(_METHOD.search(question))


def method_chunks(chunks) -> np.ndarray:
    """1.0 for each chunk under an "About the data" or "Methodology" heading (where reports say how
    their statistics are made and what to beware of), else 0.0."""
    return np.array([any(_METHOD_HEADING.search(h) for h in c.section) for c in chunks], dtype=np.float64)


_POINTER = re.compile(r"\s*(?:please\s+)?see\b[^.]{0,120}\b(?:above|below|annex\s+\w+)\.?\s*", re.I)


def pointer_chunks(chunks) -> np.ndarray:
    """1.0 for each chunk that only points elsewhere ("Please see 'Anti-social behaviour' above."), else 0.0."""
    return np.array([bool(_POINTER.fullmatch(c.text)) for c in chunks], dtype=np.float64)


# "Which forces could not supply …", "which force is missing from the breakdown …": reports name, in
# footnotes and annexes, the forces whose data are missing ("X and Y were unable to provide …").
_ASKS_GAP = re.compile(
    r"\b(?:which|what)\s+(?:other\s+)?(?:police\s+)?forces?\b[^?]*?(?:\b(?:not|unable|missing|excluded|left\s+out|fail\w*)\b|n't\b)"
    r"|\b(?:missing|excluded|left\s+out)\s+(?:from|of)\b[^?]*\b(?:data|figures?|breakdown|graph|chart|calculation|table)\b",
    re.I)
_GAP = re.compile(r"\b(?:was|were|been)\s+(?:unable|not\s+able)\s+to\s+(?:provide|supply|submit|give)\b", re.I)


def asks_for_gap(question: str) -> bool:
    """Whether the question asks which forces' data are missing from a statistic."""
    return bool(_ASKS_GAP.search(question))


def gap_chunks(chunks) -> np.ndarray:
    """1.0 for each chunk that says a force was unable to provide data, else 0.0."""
    return np.array([bool(_GAP.search(c.text)) for c in chunks], dtype=np.float64)


_OVERALL = re.compile(r"\b(?:overall|in\s+general|as\s+a\s+whole|altogether)\b", re.I)


def asks_overall(question: str) -> bool:
    """Whether the question asks about the force as a whole ("overall"), not one area."""
    return bool(_OVERALL.search(question))


_PURPOSE = re.compile(r"\bto\s+(?:grade|rate|judge|assess)(?=\s+(?:how|whether|individual|each|forces?\b|force\s+performance))", re.I)


def asks_for_grade(question: str) -> bool:
    """Whether the question asks for an inspection grade (judgment) rather than a fact.

    Either it names the grade ("grade", "judgment", "rated") or it asks for a
    verdict in evaluative words (``_VERDICT``); both are answered by a judgment. "How many forces were
    graded good?" counts forces: no judgment of one force answers it.
    """
    question = _PURPOSE.sub(" ", question)  # "used the survey to grade how forces performed": a method
    return (bool(_GRADE_INTENT.search(question) or (_VERDICT.search(question) and not OPINION.search(question)))
            and not _SCALE.search(question) and not asks_how_many(question))


# the grading scale itself, not a force's grade: "What are the possible grades HMIC can give a force?"
_SCALE = re.compile(r"\b(?:possible|available|different|four)\s+(?:grades|ratings|judgments)\b"
                    r"|\b(?:grades|ratings|judge?ments)\s+(?:can|could|may|might|does|do)\s+(?:HMIC|(?:the\s+)?inspectors?|the\s+inspectorate|it|they)"
                    r"\s+(?:\w+\s+)?(?:give|award|assign|use|hand\s+out|issue|make)\b", re.I)


# "the year before this inspection", "last year's grade", "the previous assessment": an earlier judgment asked for
_EARLIER = re.compile(r"\b(?:last|previous|prior|preceding|earlier)\s+(?:year|years|inspection|assessment|report|time)\b"
                      r"|\b(?:graded|rated|judged|assessed|marked)\s+(?:\w+\s+)?before\s*\?"  # "What were they graded before?"
                      r"|\bhad\s+(?:it|they|the\s+force)\s+been\s+(?:rated|graded|judged|assessed|marked)\b"
                      r"|\byear\s+before\b|\ba\s+year\s+(?:earlier|before|ago)\b|\bbefore\s+this\s+(?:one|inspection|year|report)\b",
                      re.I)
# … unless it asks whether the grade moved: that is answered by this year's grade
_MOVED = re.compile(r"\b(?:improv\w*|better|worse|go(?:ne)?\s+up|went\s+up|mov\w*\s+(?:up|down)|up\s+a\s+grade|declin\w*"
                    r"|chang\w*|compar\w*|progress\w*|since)\b", re.I)


_THAN_EARLIER = re.compile(r"\b(?:better|worse)\s+than\s+(?:what|how|in|the|its|it)\b[^?]*?\b(?:previous|last|prior|year\s+before)\b",
                           re.I)


def asks_earlier(question: str, years: set[str] = frozenset()) -> bool:
    """Whether a grade question asks for an earlier year's judgment ("the year before", or one of
    ``years``, the earlier judgments' periods), not whether the grade has moved since."""
    # "Has it improved? What was it rated last time?", "Has it got better, and what had it been rated?",
    # "How was it rated the previous year - was it better than now?"
    return any(_earlier(part, years) for part in re.split(r"(?<=[?.!])\s+|,\s*(?:and\s+)?(?=(?:what|how|which)\b)|\s+[-–—]\s+", question))


def _earlier(question: str, years: set[str]) -> bool:
    named = any(re.search(rf"\b{y}\b", question) for y in years)
    # "Is this grade better than what it got the previous year?" names the earlier grade to set beside
    return bool((_EARLIER.search(question) or named) and (not _MOVED.search(question) or _THAN_EARLIER.search(question)))


_WHICH_AREA = re.compile(r"\bwhich\b|\bwhat\s+(?:areas?|parts?|pillars?|aspects?)\b", re.I)
# "which part of its work …", "in what area …": one of the areas judged, not the force as a whole
_AREA_ASKED = re.compile(r"\b(?:which|what|any)\s+(?:(?:\w+|one)\s+)?(?:of\s+(?:the|its)\s+)?(?:areas?|parts?|pillars?|aspects?|bits?"
                         r"|elements?|sides?|questions?|strands?)\b", re.I)
# the area given the lowest grade: "marked down on", "the weak spot", "lets it down", "worst"
_LOWEST = re.compile(r"\b(?:weak\w*|worst|poorest|lowest|mark(?:ed|s)?\s+down|let(?:s|ting)?\s+(?:\w+\s+){0,2}down|not\s+up\s+to\s+(?:scratch|standard)|"
                     r"least\s+(?:good|well|effective|impressive))\b", re.I)


def asks_which_area(question: str) -> bool:
    """Whether a grade question asks which of the areas judged ("Which part of its work is still
    marked down, despite the overall good rating?"): the overall judgment does not answer it."""
    return bool(_AREA_ASKED.search(question))


def asks_lowest(question: str) -> bool:
    """Whether the question asks for the weakest area ("marked down on", "the weak spot")."""
    return bool(_LOWEST.search(question))


_NAMED_GRADE = {"requires improvement": re.compile(r"\b(?:requir\w*|need\w*)\s+(?:improv\w*|more\s+work|work|attention"
                                                  r"|to\s+(?:improve|get\s+better|do\s+better))"
                                                  r"|\bf[ae]ll\w*\s+short\b",
                                                  re.I),
                "inadequate": re.compile(r"\binadequate\b", re.I), "outstanding": re.compile(r"\boutstanding\b", re.I)}


def grades_named(question: str) -> set[str]:
    """The grades a "which area…" question names ("Which area still requires improvement?"), lower-cased:
    the judgments given that grade answer it. "Good" is left out: it is said of far more than grades."""
    if not _WHICH_AREA.search(question):
        return set()
    return {grade for grade, pattern in _NAMED_GRADE.items() if pattern.search(question)}
