"""Which of several matching figures a question asks for: by a row's code, by the period, by precision.

Shapes, none tied to one report:

- A table row keyed by a code column ("Outcome number" 16) is named by the header's
  word and the code: "outcome 16 rate".
- "Latest", "most recent", "this year", or no period named at all: of two figures
  with one label, the later period ("12 months to 31 March 2016" over "… 2015").
- "Roughly", "approximately", "headline": a statistic stated twice, rounded in a
  summary panel and precise in a table, is answered with the rounded one.
- A row of a table about one kind of offence ("… for domestic-related offences")
  answers only a question naming that kind; a row of the same label in a table
  about all crime answers the others.
"""

from __future__ import annotations

import re

import numpy as np

from . import periods
from .lexical import text_tokens
from .records import Figure
from .store import IndexData
from .text import YEAR, key

_CODE_NOTE = re.compile(r"^(?P<header>[A-Za-z][A-Za-z ]*?)\s+(?P<code>[A-Za-z]?\d+[A-Za-z]?)(?:;|$)")
_HEADER_WORD = re.compile(r"[A-Za-z]{4,}")


def row_codes(figures: list[Figure]) -> list[re.Pattern | None]:
    """For each figure, a pattern finding its row's code named in a question ("outcome 16"), or None.
    Table rows carry their key columns in ``note`` as "<header> <code>" ("Outcome number 16")."""
    out: list[re.Pattern | None] = []
    for f in figures:
        m = _CODE_NOTE.match(f.note or "")
        words = [w for w in _HEADER_WORD.findall(m.group("header")) if w.lower() != "number"] if m else []
        out.append(re.compile(rf"\b(?:{'|'.join(words)})s?\s+(?:no\.?\s*|number\s+)?{re.escape(m.group('code'))}\b", re.I)
                   if words else None)
    return out


_LATEST = re.compile(r"\b(?:latest|most\s+recent|newest|current(?:ly)?|this\s+year'?s?|now)\b", re.I)


def _last_year(period: str | None) -> int:
    years = [int(y) for y in YEAR.findall(period or "")]
    return max(years) if years else 0


# a question about an earlier period: it names a year, or "last year", "the previous year", "a year earlier"
_EARLIER = re.compile(r"\b(?:19|20)\d\d\b|\b(?:last|previous|prior|preceding|earlier)\s+(?:year|years|period|time)\b"
                      r"|\byear\s+(?:before|earlier)\b|\b(?:before|ago|since|compared|than)\b", re.I)


def prefer_latest(matched: list[tuple[int, float]], query: str, figures: list[Figure]) -> list[tuple[int, float]]:
    """``matched`` with its first figure swapped for the one of the same label and table in the latest
    period, when the question asks for the latest ("Latest yearly rate please") or names no period and
    no earlier time (a statistic given for two years is asked for now unless a year is named)."""
    if not matched or not (_LATEST.search(query) or not (periods.parse(query) or _EARLIER.search(query))):
        return matched
    first = figures[matched[0][0]]
    if not _last_year(first.period) or first.figure == "Judgment":  # an undated figure, or a grade: left alone
        return matched
    same = [j for j, f in enumerate(figures) if f.document == first.document and f.figure == first.figure
            and key(f.label) == key(first.label) and f.period != first.period]
    later = max(same, key=lambda j: _last_year(figures[j].period), default=None)
    if later is None or _last_year(figures[later].period) <= _last_year(first.period):
        return matched
    return [(later, matched[0][1])] + [(i, s) for i, s in matched if i != later]


# "calls per 1,000 2015 vs 2016", "the charge rate in 2015 compared to 2016": two years set side by side
_YEARS_COMPARED = re.compile(r"\b((?:19|20)\d\d)(?:\s*[/-]\s*\d\d(?:\d\d)?)?\s*(?:vs\.?|versus|v\.?|compared\s+(?:to|with)|against|and)"
                             r"\s*(?:the\s+year\s+to\s+)?((?:19|20)\d\d)\b", re.I)


def unstated_years(question: str, first: int, figures: list[Figure]) -> list[str]:
    """Years a question sets side by side ("… 2015 vs 2016") that no figure of the matched one's label
    (in its table, its document) is stated for: the report gives the statistic for one of them only.
    A change between the two (a period naming both) states both."""
    m = _YEARS_COMPARED.search(question)
    if not m or figures[first].figure in ("Judgment", "Text"):
        return []
    f = figures[first]
    periods_of = [g.period or "" for g in figures if g.document == f.document and _same_label(g.label, f.label)]
    return [y for y in m.groups() if not any(y in p for p in periods_of)]


_ROUGH = re.compile(r"\b(?:rough(?:ly)?|approx\w*|headline|round(?:ed)?|ballpark|(?:nearest\s+)?whole\s+(?:numbers?|percent))\b", re.I)


def asks_rounded(query: str) -> bool:
    """Whether the question asks for a rounded figure ("roughly how many", "the headline figure")."""
    return bool(_ROUGH.search(query))


_PRECISE = re.compile(r"\b(?:decimal|exact(?:ly)?|precise(?:ly)?|unrounded)\b", re.I)


def asks_precise(query: str) -> bool:
    """Whether the question asks for a precise figure ("to one decimal place", "the exact rate")."""
    return bool(_PRECISE.search(query))


def prefer_unqualified(matched: list[tuple[int, float]], query: str, data: IndexData,
                       chunk_of: np.ndarray) -> list[tuple[int, float]]:
    """``matched`` with its first figure swapped for a row of the same label in another table of the
    same document when the first's table is about a kind of offence the question does not name and
    the other's about none: "community resolution rate" asks for all crime, not the row of the
    table "… for domestic-related offences", unless it says "domestic" (or "abuse", the word after
    it in the table's headings). And the other way round: a question naming the kind is answered
    from that kind's table. ``chunk_of`` gives each figure's chunk row (-1 if none)."""
    if not matched:
        return matched
    asked = set() if _ALL_CRIME.search(query) else set(text_tokens(query))  # "across all crime, not just domestic abuse"
    first = data.figures[matched[0][0]]
    kind = _kind(matched[0][0], data, chunk_of)
    if kind and kind & asked:
        return matched
    for j, other in enumerate(data.figures):
        if (other.document == first.document and other.figure != first.figure and _same_label(other.label, first.label)
                and other.figure not in ("Text", "Judgment")
                and (not _offence_kind(other.title) if kind else bool(_kind(j, data, chunk_of) & asked))):
            return [(j, matched[0][1])] + [(i, sc) for i, sc in matched if i != j]
    return matched


_ALL_CRIME = re.compile(r"\b(?:all|every|any)\s+(?:kinds?\s+of\s+)?(?:recorded\s+)?(?:crimes?|offences)\b|\bnot\s+(?:just|only)\b", re.I)


def _same_label(a: str, b: str) -> bool:
    """Whether two rows' labels name one thing: equal as keys, or word for word up to endings
    ("Charged/summonsed", "Charged / Summoned")."""
    if key(a) == key(b):
        return True
    stems = lambda text: sorted(w[:5] for w in re.findall(r"[a-z]+", text.lower()))  # noqa: E731
    return bool(stems(a)) and stems(a) == stems(b)


def _kind(i: int, data: IndexData, chunk_of: np.ndarray) -> set[str]:
    """The kind of offence figure ``i``'s table is about, with the word after it in the table's
    headings ("domestic", "abuse"), or none."""
    kind = _offence_kind(data.figures[i].title)
    row = int(chunk_of[i])
    if kind and row >= 0:
        words = text_tokens(" ".join(data.chunks[row].section))
        kind |= {b for a, b in zip(words, words[1:]) if a in kind}
    return kind


# "… for domestic-related offences", "… for domestic abuse crimes": a table about one kind of offence
_OFFENCE_KIND = re.compile(r"\bfor\s+((?:[\w-]+\s+){0,2}?[\w-]+)\s+(?:offences|crimes|incidents|cases)\b", re.I)


def _offence_kind(title: str | None) -> set[str]:
    """The words of a table title's "for <kind> offences", less "related", or none."""
    m = _OFFENCE_KIND.search(title or "")
    return set(text_tokens(m.group(1).replace("-related", " "))) - {"relat", "all", "recorded", "record"} if m else set()


def prefer_group(matched: list[tuple[int, float]], query: str, data: IndexData) -> list[tuple[int, float]]:
    """``matched`` with a first row that sits under a group row ("Community Resolution" under
    "Out-of-court (informal)") swapped for that group row when the question names every word of the
    group's label but not every word of the row's own: "informal out-of-court resolutions" asks for
    the group, "community resolutions" for the row."""
    if not matched:
        return matched
    first = data.figures[matched[0][0]]
    asked = set(text_tokens(query))
    if not first.group or set(text_tokens(first.label)) <= asked or not set(text_tokens(first.group)) <= asked:
        return matched
    for j, other in enumerate(data.figures):
        if other.document == first.document and other.figure == first.figure and other.label == first.group:
            return [(j, matched[0][1])] + [(i, sc) for i, sc in matched if i != j]
    return matched


def label_phrases(figures: list[Figure]) -> set[str]:
    """The plain words of each table label of two words or more, for :func:`names_a_label`."""
    return {plain_words(f.label) for f in figures if f.figure != "Text" and len(plain_words(f.label).split()) >= 2}


def names_a_label(question: str, phrases: set[str]) -> bool:
    """Whether the question holds a figure's label of two words or more as it stands ("Caution -
    youths"): a short keyword query scores low against every passage, yet names its row exactly."""
    asked = f" {plain_words(question)} "
    return any(f" {label} " in asked for label in phrases)


def plain_words(text: str) -> str:
    """Lower-cased words of ``text`` joined by single spaces (dashes, slashes and stars dropped)."""
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))
