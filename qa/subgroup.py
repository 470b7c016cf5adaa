"""Whether a matched statistic covers the group a share question is about.

"What percentage of rape allegations led to a charge?" matches the charge rate
of all crime best: no figure is about rape. The question restricts the share to
a group ("rape allegations", "burglary victims"); a figure answers it only when
its own words (label, group, table title, section) name that group too. The
group's noun ("cases", "victims") and common words need not be named: only the
rare words before it, which say what kind of crime or person it is.
"""

from __future__ import annotations

import re
from typing import Callable

from .checks import is_plural
from .lexical import text_tokens

# "percentage of <group> …": the group runs up to a verb, a preposition or the end of the clause
_SHARE_OF = re.compile(
    r"\b(?:percentage|proportion|share|fraction|percent|per\s+cent)\s+of\s+(?:all\s+|the\s+|those\s+)?"
    r"(?P<group>[\w\s'’-]+?)(?=\s+(?:in|at|across|for|that|which|who|whose|were|was|are|is|did|does|do|had|has|have"
    r"|led|lead|leads|ended|end|ends|resulted|result|got|get|received|saw|where|when|with|to|by|from|compared|against"
    r"|versus|vs|and|or)\b|\s*[?,.;:()]|$)", re.I)


def asked_group(question: str) -> str | None:
    """The group a share question is about ("rape allegations" of "What percentage of rape
    allegations led to a charge?"), or None."""
    m = _SHARE_OF.search(question)
    return m.group("group") if m else None


def unnamed_group_words(question: str, figure_text: str, rare: Callable[[str], bool], common: set[str]) -> list[str]:
    """The rare words qualifying the question's group (see :func:`asked_group`) that ``figure_text``
    does not use, give or take an ending (its first four letters): "rape" of "rape allegations"
    against the "Charged/summonsed" row of all crime. Only the words before the group's first
    plural noun qualify it ("crimes closed with …" is about crimes); ``common`` words (the force's
    name) never do."""
    group = asked_group(question)
    words = group.split() if group else []
    heads = [i for i, w in enumerate(words) if is_plural(w.lower())]
    if not heads:
        return []
    have = {t[:4] for t in text_tokens(figure_text)}
    qualifiers = text_tokens(" ".join(words[:heads[0]]))
    return [t for t in qualifiers if rare(t) and t not in common and t[:4] not in have]
