"""Counts and sums of money stated in prose: "Some 403 people were interviewed",
"HMIC reviewed 60 police case files", "the majority of forces (39 out of 43 forces)
showed an annual increase", "the government allocated £143 million".

A reader asks "how many case files did inspectors review?" and wants the number
as a figure, not only a passage. Shape: in a paragraph or a list item, a number followed within
three words by a plural noun (or "N out of M <nouns>"), or a sum of money ("£143
million"); not a year, a date, a period ("the 12 months to …"), a rate or a share (those
are :mod:`qa.figures_prose`'s), nor a reference ("Figure 4", "Recommendation 3").
Also "(39 out of 43)" after a plural noun ("the majority of forces … (39 out of
43)"), a frequency ("three times each year", unit "times a year"), and where a
level went ("reduced its backlog of digital forensic items … from 520 in January to
380 in October": 380, unit "backlog of digital forensic items").
Whose number it is: the comparator's ("England and Wales") when the sentence speaks
of forces, the nation or the government and names no force; another force's when it
names only that one ("Suffolk Constabulary … eight months of … data"); else the force's.
Also a duration ("support for two months", "a two-week course", "up to 28 days"), not a
period ("the 12 months to 30 June 2016").
The label is the clause that states it, so every word shown is the report's.
"""

from __future__ import annotations

import re

from .figures import COMPARATORS, find_period, slug
from .records import Document, Figure
from .text import MONTHS, YEAR, normalize_space, split_sentences

_WORDS = ("two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen "
          "eighteen nineteen twenty").split()
_VALUE = {w: float(i) for i, w in enumerate(_WORDS, 2)}
_COUNT = re.compile(
    rf"(?<![\d.,/-])(?P<n>\d{{1,3}}(?:,\d{{3}})+|\d+|\b(?i:{'|'.join(_WORDS)})\b)(?:\s+out\s+of\s+\d[\d,]*)?\s+['‘’]?"
    r"(?P<what>(?:[A-Za-z()'’-]+\s+){0,3}?(?P<noun>[a-z][a-z-]*[a-rt-z]s|people|children|staff))\b")
_OUT_OF = re.compile(r"\((?P<n>\d[\d,]*)\s+out\s+of\s+\d[\d,]*\)")
_PLURAL = re.compile(r"\b([a-z][a-z-]*[a-rt-z]s)\b")
_ONCE = {"once": 1.0, "twice": 2.0}
_FREQUENCY = re.compile(rf"\b(?P<n>\d+|{'|'.join(_WORDS)}|once|twice)(?:\s+times)?\s+(?:a|an|each|every|per)\s+"
                        r"(?P<per>year|month|week|day)\b", re.I)
_FROM_TO = re.compile(r"\b(?:its|the|their)\s+(?P<what>[a-z][a-z -]{2,60}?)\s+(?:(?:during|in|over)\s+[\w ]{1,30}?,?\s+)?"
                      r"from\s+\d[\d,]*(?:\s+in\s+[A-Z][a-z]+)?\s+to\s+(?P<b>\d[\d,]*)\b(?!\s*(?:%|per\b|percent))")
# a duration: "support for two months", "a two-week course", "up to 28 days", "eight months of data"; not a
# period ("the 12 months to 30 June", "the five year period"), an age ("aged 18 years") or a span's start
_DURATION = re.compile(rf"(?<![\w,.-])(?<!\baged\s)(?P<n>\d+|{'|'.join(_WORDS)})[\s-]"
                       r"(?P<unit>day|week|month|year)s?\b(?![\s-]+(?:to|ending|period|old|and\s+over)\b)", re.I)
_MONEY = re.compile(r"£\s?(?P<n>\d+(?:\.\d+)?)\s*(?P<what>million|billion|m\b|bn\b)?", re.I)
_NOT_COUNTED = re.compile(rf"^(?:{MONTHS}|months?|years?|weeks?|days?|hours?|minutes?|percent|per|times?)$", re.I)
_REFERENCE = re.compile(r"\b(?:figures?|recommendations?|annex|pages?|outcomes?|sections?|chapters?|tables?|paragraphs?)"
                        r"(?:\s+\d+\s*(?:,|and|to|-))*\s*$|\b(?:between|from)\s+\d[\d,.]*\s+(?:and|to)\s*$"
                        r"|\b(?:per|rate\s+for|for\s+every)\s*$", re.I)  # a range's end, a rate's base
_RATE = re.compile(r"^[^.;]{0,60}?\bper\s+(?:\d[\d,]*|one\s+million|a\s+million|million|thousand|hundred)\b", re.I)
_NATION = re.compile(r"\b(?:forces|national(?:ly)?|nation|government|Home\s+Office)\b|" + "|".join(COMPARATORS), re.I)
_EVERY = re.compile(r"\bfor\s+every\b", re.I)
_CLAUSE = re.compile(r",\s+(?=(?:and|but|while|whereas|which|with)\b)|;\s+")


def _counts(clause: str) -> list[tuple[float, str]]:
    """The counts and sums of money of a clause, each with what it counts."""
    out = []
    for m in _COUNT.finditer(clause):
        first = m.group("what").split()[0]
        if YEAR.fullmatch(m.group("n")) or _NOT_COUNTED.match(first) or _REFERENCE.search(clause[:m.start()]):
            continue
        if re.match(r"\s*(?:percent|per\b|%)", clause[m.end("n"):]) or _RATE.match(clause[m.end("n"):]):
            continue  # a share or a rate: qa.figures_prose states those
        n = m.group("n").lower()
        out.append((_VALUE[n] if n in _VALUE else float(n.replace(",", "")), normalize_space(m.group("what").strip("'‘’"))))
    for m in _OUT_OF.finditer(clause):  # "the majority of forces … (39 out of 43)": the noun stands before
        nouns = _PLURAL.findall(clause[:m.start()])
        if nouns:
            out.append((float(m.group("n")), nouns[-1]))
    for m in _FREQUENCY.finditer(clause):  # "three times each year"
        n = m.group("n").lower()
        if n.isdigit() or n in _ONCE or "times" in m.group(0).lower():  # "three times a year", "once a year"
            out.append((_VALUE.get(n) or _ONCE.get(n) or float(n), f"times a {m.group('per').lower()}"))
    for m in _FROM_TO.finditer(clause):  # "reduced its backlog of digital forensic items … from 520 … to 380"
        out.append((float(m.group("b").replace(",", "")), normalize_space(m.group("what"))))
    for m in _DURATION.finditer(clause):  # "dedicated mentoring and support for two months"
        if not re.search(r"\b(?:the|previous|last|next|past|same)\s+$", clause[:m.start()], re.I):  # "the 12 months"
            n = m.group("n").lower()
            out.append((_VALUE.get(n) or float(n), f"{m.group('unit').lower()}s"))
    for m in _MONEY.finditer(clause):
        scale = {"m": "million", "bn": "billion"}.get((m.group("what") or "").lower(), (m.group("what") or "").lower())
        out.append((float(m.group("n")), normalize_space(f"£ {scale}")))
    return out


_OTHER_FORCE = re.compile(r"\b((?:[A-Z][a-z]+\s+){1,3}(?:Constabulary|Police))\b")


def _whose(sentence: str, names: re.Pattern, force: str, paragraph: str = "") -> str:
    """The comparator's when the sentence speaks of forces, the nation or the government and names no
    force; another force's when it, or else its ``paragraph``, names that force and not its own
    ("Suffolk Constabulary was only able to provide eight months of … data"; "Lancashire Constabulary
    experienced difficulties … This affected 23 days"); else the force's (a report on one force counts
    what it found there: "HMIC reviewed 60 files")."""
    if names.search(sentence):
        return force
    if _NATION.search(sentence):
        return COMPARATORS[0]
    others = set(_OTHER_FORCE.findall(sentence)) or (set() if force in paragraph else set(_OTHER_FORCE.findall(paragraph)))
    return others.pop() if len(others) == 1 else force  # one other force only: "Derbyshire … and Suffolk …" are two


def count_figures(doc: Document, force: str) -> list[Figure]:
    """The counts and sums of money stated in ``doc``'s paragraphs, one figure per clause holding one."""
    short = re.sub(r"\s+(?:Police|Constabulary)$", "", force).strip()
    names = re.compile(rf"\b(?:{re.escape(short)}|the\s+force)\b", re.I)
    out: dict[tuple, Figure] = {}
    for section in doc.sections:
        for block in section.blocks:
            if block.kind not in ("paragraph", "list_item"):
                continue
            for a, b in split_sentences(block.text):
                sentence = normalize_space(block.text[a:b])
                whose = _whose(sentence, names, force, block.text)
                for clause in (c.strip() for c in _CLAUSE.split(sentence)):
                    counts = [] if _EVERY.search(clause) else _counts(clause)  # "for every 100 …, 42 arrests": a rate
                    if len(counts) != 1:  # none, or two whose roles are unclear
                        continue
                    value, unit = counts[0]
                    figure = Figure(id=f"{doc.id}:count:{slug(clause, 60)}", document=doc.id, figure="Text",
                                    title=section.title, label=clause, values={whose: value}, unit=unit,
                                    period=find_period(clause)[0], page=block.page or section.page,
                                    definition=sentence if sentence != clause else None)
                    out.setdefault((clause, whose, value), figure)
    return list(out.values())
