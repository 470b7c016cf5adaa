"""Judgments: the overall grade and the grade of each core question.

Shapes: a section titled like "Overall judgment" whose first sentence states the
grade (``<force> is good at …``, ``… requires improvement``), and a later sentence of
it may state last year's (``… last year's assessment, when we judged the force to
require improvement``); and a grade line (a paragraph that is exactly a grade word)
at the top of a "Summary of findings" section, graded for the core question the
section belongs to.
"""

from __future__ import annotations

import re

from .figures import slug
from .records import Block, Document, Figure, Section
from .text import YEAR, grade_of, key, split_sentences

_STATED = re.compile(
    r"\b(?:is|are|was|were|remains?|to\s+be|(?:is|was|has\s+been|have\s+been)\s+judged(?:\s+to\s+be|\s+as)?)\s+"
    r"(?P<grade>outstanding|good|inadequate)\b|\b(?P<ri>requires?|required)\s+improvement\b",
    re.I,
)
_QUESTION = re.compile(r"(?:^|[–—:]\s*)(?P<q>[^–—:]+\?)\s*$")
_TOP_BLOCKS = 2  # a summary's grade line is among its first blocks


def judgment_figures(doc: Document, force: str) -> list[Figure]:
    """The overall judgment and each core question's grade, first occurrence of each question."""
    out: list[Figure] = []
    seen: set[str] = set()
    for section in doc.sections:
        found = _overall(section) if key(section.title).startswith(("overalljudgment", "overalljudgement")) else None
        overall = found is not None
        if found is None and key(section.title) == "summaryoffindings":
            found = _summary_grade(section)
        if found is None:
            continue
        grade, block = found
        question = _question(section.path[0]) if section.path else section.title
        if question in seen:
            continue
        seen.add(question)
        tail = "overall" if overall else slug(question)
        out.append(Figure(
            id=f"{doc.id}:judgment:{tail}", document=doc.id, figure="Judgment", title=question,
            label=question, values={force: grade}, page=block.page, group="Overall" if overall else None,
        ))
        if overall:
            out.extend(_earlier(doc, section, question, force))
    return out


# "This is an improvement on last year's assessment, when we judged the force to require improvement."
_EARLIER = re.compile(r"\b(?:last|previous)\s+year\b|\byear\s+before\b|\bin\s+(?P<year>(?:19|20)\d\d)\b", re.I)


def _earlier(doc: Document, section: Section, question: str, force: str) -> list[Figure]:
    """The previous year's overall grade, when the overall judgment's paragraph states it in a later
    sentence: a Judgment with that year as its period and the sentence as what defines it."""
    paragraphs = _paragraphs(section)
    if not paragraphs:
        return []
    text = paragraphs[0].text
    title_years = YEAR.findall(doc.title)
    for start, end in split_sentences(text)[1:]:
        sentence = text[start:end]
        when, stated = _EARLIER.search(sentence), _STATED.search(sentence)
        if not when or not stated:
            continue
        year = when.group("year") or (str(int(title_years[0]) - 1) if title_years else None)
        grade = grade_of(stated.group("grade")) if stated.group("grade") else "Requires improvement"
        return [Figure(id=f"{doc.id}:judgment:overall-{year or 'earlier'}", document=doc.id, figure="Judgment",
                       title=question, label=question, values={force: grade}, period=year or "previous year",
                       page=paragraphs[0].page, group="Overall", definition=" ".join(sentence.split()))]
    return []


def _question(heading: str) -> str:
    """``Overview – How effective is …?`` -> ``How effective is …?``."""
    m = _QUESTION.search(heading)
    return m.group("q").strip() if m else heading


def _paragraphs(section: Section) -> list[Block]:
    return [b for b in section.blocks if b.kind == "paragraph"]


def _overall(section: Section) -> tuple[str, Block] | None:
    """The grade stated in the first sentence of the section's first paragraph."""
    paragraphs = _paragraphs(section)
    if not paragraphs:
        return None
    first = paragraphs[0]
    if grade_of(first.text):
        return grade_of(first.text), first
    spans = split_sentences(first.text)
    sentence = first.text[spans[0][0]:spans[0][1]] if spans else first.text
    m = _STATED.search(sentence)
    if not m:
        return None
    return (grade_of(m.group("grade")) if m.group("grade") else "Requires improvement"), first


def _summary_grade(section: Section) -> tuple[str, Block] | None:
    """A grade line among the first blocks of a summary section."""
    for block in _paragraphs(section)[:_TOP_BLOCKS]:
        grade = grade_of(block.text)
        if grade:
            return grade, block
    return None
