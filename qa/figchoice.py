"""Which of several matching figures a question asks for: by a row's code, by the period, by precision.

Shapes, none tied to one report:

- A table row keyed by a code column ("Outcome number" 16) is named by the header's
  word and the code: "outcome 16 rate".
- "Latest", "most recent", "this year": of two figures with one label, the later
  period ("12 months to 31 March 2016" over "… 2015").
- "Roughly", "approximately", "headline": a statistic stated twice, rounded in a
  summary panel and precise in a table, is answered with the rounded one.
"""

from __future__ import annotations

import re

from .records import Figure
from .text import key

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
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")


def _last_year(period: str | None) -> int:
    years = [int(y) for y in _YEAR.findall(period or "")]
    return max(years) if years else 0


def prefer_latest(matched: list[tuple[int, float]], query: str, figures: list[Figure]) -> list[tuple[int, float]]:
    """``matched`` with its first figure swapped for the one of the same label and table in the latest
    period, when the question asks for the latest ("Latest yearly rate please")."""
    if not matched or not _LATEST.search(query):
        return matched
    first = figures[matched[0][0]]
    same = [j for j, f in enumerate(figures) if f.document == first.document and f.figure == first.figure
            and key(f.label) == key(first.label) and f.period != first.period]
    later = max(same, key=lambda j: _last_year(figures[j].period), default=None)
    if later is None or _last_year(figures[later].period) <= _last_year(first.period):
        return matched
    return [(later, matched[0][1])] + [(i, s) for i, s in matched if i != later]


_ROUGH = re.compile(r"\b(?:rough(?:ly)?|approx\w*|headline|rounded|ballpark|nearest\s+whole)\b", re.I)


def asks_rounded(query: str) -> bool:
    """Whether the question asks for a rounded figure ("roughly how many", "the headline figure")."""
    return bool(_ROUGH.search(query))
