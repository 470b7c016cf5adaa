"""What a grade question may ask that these reports do not judge.

The years their judgments belong to (a report is named for one year and published
the next; its overall judgment may state last year's grade too), the inspections
they point to elsewhere ("efficiency, legitimacy and leadership inspections"), and
the areas each judgment covers. All from the question's words and the index's own
records, no model.
"""

from __future__ import annotations

import re

from .lexical import text_tokens
from .periods import cover_texts
from .scope import vocabulary
from .text import YEAR

# The year a grade is asked for ("in 2017", "its 2015 effectiveness inspection"), not one it is
# compared with ("improved since 2015").
_GRADE_YEAR = re.compile(r"\b(?:in|for|during|of)\s+(?:(?:the|its|their)\s+)?((?:19|20)\d\d)\b"
                         r"|\b((?:19|20)\d\d)\s+(?:[a-z]+\s+)?(?:inspections?|reports?|grades?|grading|judge?ments?"
                         r"|assessments?|ratings?)\b", re.I)


_COMPARED_WITH = re.compile(r"\b(?:since|following|after|before|than|from|compared\s+(?:with|to)|on|last)\s+(?:(?:the|its|their)\s+)?$",
                            re.I)


def held_years(titles: list[str], chunks) -> set[str]:
    """The years the reports' judgments belong to: those of their titles and of their covers ("March
    2017"): a report is named for one year and published the next."""
    return {y for text in [*titles, *cover_texts(chunks)] for y in YEAR.findall(text)}


# "the 2017 PEEL effectiveness inspection": the year of an inspection, not of a report's publication
_INSPECTION_YEAR = re.compile(r"\b((?:19|20)\d\d)\s+(?:[A-Za-z]+\s+){0,2}inspections?\b(?!\s+reports?\b)", re.I)


def unjudged_years(question: str, held: set[str], inspected: set[str] = frozenset()) -> list[str]:
    """Years a grade question asks about that the reports do not judge ("the 2014 inspection" of a
    2016 report), not a year it compares with ("improved since its 2015 inspection"), and none when
    it also asks about a year they do judge. An inspection's year must be one the titles name
    (``inspected``): "PEEL: Police effectiveness 2016", published in 2017, is no 2017 inspection."""
    inspections = [m.group(1) for m in _INSPECTION_YEAR.finditer(question)
                   if not _COMPARED_WITH.search(question[:m.start(1)])]
    if inspected and inspections and not set(inspections) & inspected:
        return inspections
    asked = [m.group(1) or m.group(2) for m in _GRADE_YEAR.finditer(question)
             if not _COMPARED_WITH.search(question[:m.start(1) if m.group(1) else m.start(2)])]
    if not held or any(y in held for y in YEAR.findall(question)):
        return []
    return [y for y in asked if y not in held]


_QUALIFIED = re.compile(r"\b([A-Za-z]{4,})\s+(?:inspections?|grades?|judge?ments?|ratings?)\b", re.I)
# "what grade did the force get for efficiency", "rated for legitimacy"
_FOR_AREA = re.compile(r"\b(?:grade[sd]?|rated|rating|judged|judge?ment|scored?)\b[^?]{0,30}?\bfor\s+(?:its\s+|their\s+)?([A-Za-z]{4,})\b",
                       re.I)
_NOT_QUALIFIERS = set("""what which whose their this that these those last latest previous recent final current
overall actual official highest lowest best worst better worse same other first next good poor given each
every""".split())


def judged_words(figures, titles: list[str]) -> set[str]:
    """Lower-cased words of the index's judgments (their questions and grades) and report titles,
    and their stems ("vulnerability" qualifies the judgment on protecting the vulnerable)."""
    texts = [" ".join(filter(None, [f.group, f.title, f.label, *map(str, f.values.values())]))
             for f in figures if f.figure == "Judgment"] + list(titles)
    return vocabulary(texts) | set(text_tokens(" ".join(texts)))


def judgment_areas(figures, chunks, titles: list[str] = ()) -> dict[int, set[str]]:
    """For each judgment (by figure index), the tokens that tell its area from the others: its
    question and the headings of the sections it judges ("national policing responsibilities",
    "firearms attack"), less the words every area shares and the words of the reports' titles (the
    force's name is no area). A hyphenated word counts joined too ("re-offending", "reoffending")."""
    headings: dict[tuple[str, str], set[str]] = {}  # (document, top heading) -> every heading under it
    for c in chunks:
        if c.section:
            headings.setdefault((c.document, c.section[0]), set()).update(c.section)
    areas = {}
    for i, f in enumerate(figures):
        if f.figure == "Judgment":
            text = " ".join([f.title, *headings.get((f.document, f.title), ())])
            areas[i] = set(text_tokens(text)) | set(text_tokens(" ".join(re.findall(r"\b[A-Za-z]+-[A-Za-z]+\b", text)).replace("-", "")))
    if len(areas) < 2:
        return {}
    common = set.intersection(*areas.values()) | set(text_tokens(" ".join(titles)))
    return {i: {w for w in words - common if not w.isdigit()} for i, words in areas.items()}  # a year is no area



# "the force's efficiency, legitimacy and leadership inspections", "reports on police effectiveness,
# efficiency and legitimacy": the inspections a report names beside its own
_LISTED = r"((?:[A-Za-z-]+,\s+)+[A-Za-z-]+,?\s+and\s+[A-Za-z-]+)"
_INSPECTIONS = re.compile(rf"\b{_LISTED}\s+(?:inspections?|reports?|assessments?)\b"
                          rf"|\b(?:inspections?|reports?|assessments?)\s+(?:on|of|into)\s+(?:police\s+)?{_LISTED}", re.I)


def other_inspections(texts: list[str], judged: set[str]) -> set[str]:
    """The inspections the reports name beside their own and do not hold: the words of a listed
    "efficiency, legitimacy and leadership inspections" that no judgment or title uses."""
    listed = {w.lower() for t in texts for m in _INSPECTIONS.finditer(t)
              for w in re.findall(r"[A-Za-z-]+", m.group(1) or m.group(2)) if w.lower() != "and"}
    others = {w for w in listed if w not in judged and not set(text_tokens(w)) & judged}
    return others | set(text_tokens(" ".join(others)))


def unjudged_qualifiers(question: str, judged: set[str], others: set[str]) -> list[str]:
    """Words qualifying a grade or inspection ("legitimacy grade") that name an inspection the reports
    point to elsewhere (``others``, see :func:`other_inspections`) and no judgment or title uses.

    "What was the force's legitimacy grade?" asks about an inspection the index
    does not hold. Any other word ("prevention pillar grade", "headline rating",
    "investigation and reoffending judgment") qualifies one of the grades it holds.
    """
    words = [m.group(1) for pattern in (_QUALIFIED, _FOR_AREA) for m in pattern.finditer(question)]
    # a name or an acronym ("HMIC grade", "Kent grade") is the grader or a force, judged elsewhere
    named = [w for w in words if w.isupper() or (w[0].isupper() and not question.lstrip().startswith(w))]
    return [w for w in words if w not in named and w.lower() not in _NOT_QUALIFIERS and w.lower() not in judged
            and not set(text_tokens(w)) & judged and (w.lower() in others or set(text_tokens(w)) & others)]
