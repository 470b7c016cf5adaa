"""Which words of a text are negated, so "suspect not identified" does not answer "the suspect was known".

The BM25 tokeniser drops "no" and "not" as stop words, and a small embedding
model barely tells "identified" from "not identified". Plain scope rules find
the negated content words of a figure's label and of a question: "not",
"n't", "never" negate the nearest content word before and the first after;
"no", "without", "unable"… the next two; "withdrew", "refused" their object; never across a clause boundary.
"""

from __future__ import annotations

import re

from .lexical import text_tokens

_NEGATION = re.compile(r"^(?:not|never|cannot|\w+n't)$", re.I)
# negate the phrase after them: "no suspect identified", "unable to identify a suspect"
_ABSENCE = re.compile(r"^(?:no|without|none|nobody|nothing|neither|nor|unable|unwilling|reluctant|lack\w*|fail\w*|refus\w*|"
                      r"withdr[ae]w\w*)$", re.I)
# a verb that withholds its object negates that object only: "withdraws support" (not the next word too)
_WITHHOLD = re.compile(r"^(?:lack\w*|refus\w*|withdr[ae]w\w*)$", re.I)
_BOUNDARY = re.compile(r"^(?:but|and|or|while|whereas|although|though|because|however|than|when|where|if)$", re.I)
_CLAUSE = re.compile(r"[,;:()\[\]–—?.!]")
_FUNCTION = frozenset("""do does did doing done is am are was were be been being has have had having will would shall
should can could may might must any anyone anybody anything ever even yet still also just a an the this that
these those it its they them their he she his her him we our us you your i me my one some all every each""".split())
_WORDS = re.compile(r"[\w'’]+|[,;:()\[\]–—?.!]")


def polarity(text: str) -> dict[str, bool]:
    """Content tokens of ``text`` with whether each is negated.

    "not", "n't", "never" negate the nearest content word before them and the first after
    ("the victim does not support": victim and support); "no", "without"… the next two ("no suspect
    identified": suspect and identified); never across a clause boundary (punctuation, "but", "and").
    A token asserted in one place and negated in another counts as negated.
    """
    words = [w.replace("’", "'") for w in _WORDS.findall(text)]
    cue = [bool(_NEGATION.match(w) or _ABSENCE.match(w)) for w in words]
    content = [not cue[i] and w.lower() not in _FUNCTION and bool(text_tokens(w)) for i, w in enumerate(words)]
    negated: set[int] = set()
    for i, w in enumerate(words):
        if not cue[i]:
            continue
        reach = ((1, 1),) if _WITHHOLD.match(w) else ((1, 2),) if _ABSENCE.match(w) else ((-1, 1), (1, 1))
        for step, count in reach:
            j = i + step
            while count and 0 <= j < len(words) and not _CLAUSE.match(words[j]) and not _BOUNDARY.match(words[j]):
                if content[j]:
                    negated.add(j)
                    count -= 1
                j += step
    out: dict[str, bool] = {}
    for i, w in enumerate(words):
        if content[i]:
            for t in text_tokens(w):
                out[t] = out.get(t, False) or i in negated
    return out


def clashes(asked: dict[str, bool], stated: dict[str, bool]) -> bool:
    """Whether a word the question and the figure share is negated in one and not the other, and no
    shared word is negated in both. The negation's reach is rough, so one negated word in common
    settles it: "victim withdraws support" agrees with "victim does not support police action"."""
    shared = asked.keys() & stated.keys()
    if any(asked[t] and stated[t] for t in shared):
        return False
    return any(asked[t] != stated[t] for t in shared)
