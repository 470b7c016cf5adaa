"""Reporting periods in questions and in figures, so "2015/16" finds the 12 months to 31 March 2016.

Police statistics are stated for periods ending on a date ("12 months to 30
June 2016", "as at 1 July 2016") and over spans ("5 years to …"). Users name
them in other ways: a financial year ("2015/16" ends in March 2016), a month
("the year to June 2016"), a bare year ("in 2016") or a span ("over five
years"). Both sides are reduced to period ends (year, month or None) and a
span in years, and compared. The base of a comparison ("compared with the year
to March 2015", "since 2014/15") is not a period the statistic is for.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .text import KEYWORD_QUERY, MONTHS, YEAR

_MONTHS = {m.lower(): i for i, m in enumerate(MONTHS.split("|"), 1)}  # "march" -> 3
# a year followed by one of these names a document ("the 2014 inspection"), not a period
_DOCUMENTS = r"report|inspection|review|survey|publication|assessment|study|data\s+collection"
_NOT_DOCUMENT = rf"(?!\s+(?:{_DOCUMENTS})s?\b)"
# 2015/16, 2015-16, 2015–16, 2015-2016: a financial year, April 2015 to March 2016
_FINANCIAL = re.compile(r"\b((?:19|20)\d\d)\s*[/\-–—]\s*((?:19|20)?\d\d)\b")
_DATED = re.compile(rf"\b(?:\d{{1,2}}(?:st|nd|rd|th)?\s+)?({MONTHS})\s+((?:19|20)\d\d)\b{_NOT_DOCUMENT}", re.I)
_POINT = rf"(?:(?:\d{{1,2}}(?:st|nd|rd|th)?\s+)?(?:{MONTHS})\s+)?(?:19|20)\d\d"
# "June 2016 to June 2017": a range ends at its second date, so the first is dropped
_RANGE_START = re.compile(rf"\b{_POINT}\s*(?:to|until|till|through|[-–—])\s*(?={_POINT}\b)", re.I)
# a bare year is a period only after a word that makes it one ("in 2016"), not "since the 2014 inspection"
_YEAR = re.compile(rf"\b(?:in|for|during|to|ending|of)\s+(?:the\s+)?(?:year\s+)?((?:19|20)\d\d)\b{_NOT_DOCUMENT}", re.I)
# the base a change is measured from ("compared with the year to March 2015", "since 2014/15", "looking
# back five years to 2011"): not the
# period the statistic is for
_BASE = re.compile(rf"\b(?:compared\s+(?:with|to)|since|than|back\s+(?:[\w-]+\s+){{0,3}}?to)\s+(?:(?:the|its)\s+)?(?:(?:year|12\s+months|twelve\s+months)"
                   rf"\s+(?:to|ending)\s+)?(?:{_POINT}(?:\s*[/\-–—]\s*\d\d)?)\b", re.I)
# a keyword query (not a question): its closing year is its period ("victim satisfaction rate west
# mercia 2015"), else its years wherever they stand ("burglary rate 2015 per 1000 households"), if
# not one naming a document ("2016 inspection", "2016 PEEL")
_KEYWORD = re.compile(rf"{KEYWORD_QUERY}[^?]*$", re.I)
_CLOSING_YEAR = re.compile(r"\s((?:19|20)\d\d)\s*$")
_KEYWORD_YEAR = re.compile(rf"(?<=\s)((?:19|20)\d\d)\b(?!\s+(?:{_DOCUMENTS}|peel)s?\b)", re.I)
_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                 "nine": 9, "ten": 10}
_SPAN = re.compile(r"\b(\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten)[\s-]+(years?|months?)\b"
                   r"|\b(year|annual|annually|yearly)\b", re.I)


@dataclass(frozen=True)
class Period:
    """Where a text's periods end, and how long they run (in years), as far as it says."""

    ends: frozenset[tuple[int, int | None]]
    span: float | None

    def __bool__(self) -> bool:
        return bool(self.ends) or self.span is not None


def parse(text: str | None) -> Period:
    """The period ends and span ``text`` names (an empty Period when it names none)."""
    text = text or ""
    ends: set[tuple[int, int | None]] = set()

    def financial(m: re.Match) -> str:
        start, second = int(m.group(1)), int(m.group(2))
        if second == start + 1 or (second < 100 and second == (start + 1) % 100):
            ends.add((start + 1, 3))
            return " "
        return m.group(0)  # not a financial year ("2014-19"): leave it to the other shapes

    rest = _RANGE_START.sub(" ", _FINANCIAL.sub(financial, _BASE.sub(" ", text)))
    for m in _DATED.finditer(rest):
        ends.add((int(m.group(2)), _MONTHS[m.group(1).lower()]))
    for m in _YEAR.finditer(_DATED.sub(" ", rest)):
        ends.add((int(m.group(1)), None))
    if not ends and _KEYWORD.match(rest.strip()):
        closing = _CLOSING_YEAR.search(rest)
        ends.update((int(y), None) for y in ([closing.group(1)] if closing else _KEYWORD_YEAR.findall(rest)))
    return Period(frozenset(ends), _span(text))


# "2011 to 2016", "between 2011 and 2016": a span of years, however it is written
_YEARS_APART = re.compile(r"\b((?:19|20)\d\d)\s*(?:to|until|till|through|[-–—])\s*((?:19|20)\d\d)\b"
                          r"|\bbetween\s+((?:19|20)\d\d)\s+and\s+((?:19|20)\d\d)\b", re.I)


def _span(text: str) -> float | None:
    """The first span named: "5 years" → 5, "12 months" → 1, "the year to" → 1, "2011 to 2016" → 5."""
    m = _SPAN.search(text)
    if not m:
        apart = _YEARS_APART.search(text)
        if not apart:
            return None
        first, last = [int(y) for y in apart.groups() if y]
        return float(last - first) if 2 <= last - first <= 20 else None
    if m.group(3):
        return 1.0
    count = m.group(1).lower()
    n = _NUMBER_WORDS.get(count) or int(count)
    return float(n) if m.group(2).lower().startswith("year") else n / 12


def agreement(asked: Period, stated: Period) -> float:
    """+1 per aspect (end, span) the question names and the figure shares, -1 per one it contradicts.

    A question naming only a year agrees with any end in that year; one that
    names no period, or a figure with none, neither agrees nor contradicts.
    """
    score = 0.0
    if asked.ends and stated.ends:
        same = any(y == sy and (m is None or sm is None or m == sm) for y, m in asked.ends for sy, sm in stated.ends)
        score += 1.0 if same else -1.0
    if asked.span is not None and stated.span is not None:
        score += 1.0 if abs(asked.span - stated.span) < 1e-6 else -1.0
    return score


def contradicts(asked: Period, stated: Period) -> bool:
    """Whether the question names period ends and the figure states it for none of them."""
    return bool(asked.ends and stated.ends) and agreement(Period(asked.ends, None), Period(stated.ends, None)) < 0


# an outcome asked for: "what did the revisit find?", "did the force hand in its plan by May 2017?"
_OUTCOME = re.compile(r"\b(?:did|has|have|had)\b[^?]*?\b(?:find|found|conclude[ds]?|show(?:ed|n)?|say|said|reveal(?:ed)?|hand(?:ed)?"
                      r"|submit(?:ted)?|send|sent|meet|met|happen(?:ed)?|deliver(?:ed)?|achieve[ds]?)\b"
                      r"|\b(?:results?|outcome|findings)\s+of\b|\bwhat\s+happened\b", re.I)
_FOLLOWING = re.compile(r"\b(?:following|next)\s+year(?:'s|’s)?\s+(?:PEEL\s+)?(?:inspection|assessment|report)s?\b", re.I)
_COVER_DATE = re.compile(rf"\b({MONTHS})\s+((?:19|20)\d\d)\b", re.I)


def cover_texts(chunks) -> list[str]:
    """Each document's cover: its first three chunks, if on its first page."""
    seen: dict[str, int] = {}
    covers = []
    for c in chunks:
        seen[c.document] = seen.get(c.document, 0) + 1
        if seen[c.document] <= 3 and (c.page or 1) <= 1:
            covers.append(c.text)
    return covers


def published(chunks) -> tuple[int, int] | None:
    """The latest (year, month) a report's cover names ("An inspection of West Mercia Police March
    2017")."""
    dates = [(int(y), _MONTHS[m.lower()]) for text in cover_texts(chunks) for m, y in _COVER_DATE.findall(text)]
    return max(dates) if dates else None


def after_publication(question: str, date: tuple[int, int] | None) -> list[str]:
    """Dates an outcome question names that come after the reports were published ("What did HMIC
    find when it reviewed the plan in June 2017?" of a report published in March 2017): what happened
    then is not in them. A bare year counts when the whole year is later; "the following year's
    inspection" is a later one whatever is asked of it."""
    if not date:
        return []
    following = _FOLLOWING.findall(question)  # "the following year's inspection": a later one
    if not _OUTCOME.search(question):
        return following
    later = [m.group(0) for m in _COVER_DATE.finditer(question) if (int(m.group(2)), _MONTHS[m.group(1).lower()]) > date]
    rest = _COVER_DATE.sub(" ", question)
    return following + later + [y for y in YEAR.findall(rest) if int(y) > date[0]]
