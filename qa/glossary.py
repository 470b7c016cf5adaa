"""A glossary of the report's own abbreviations, used to expand questions.

Built from the indexed text when an index is loaded: "long form (ABBR)"
pairs, checked by their initials, and "ABBR stands for …" sentences. A
question that uses an abbreviation is searched with its long form too (and a
long form with its abbreviation), so "What does CSE stand for?" finds "child
sexual exploitation (CSE)". It adds words to the one query embedding; it does
not add a model pass.
"""

from __future__ import annotations

import re

_PAREN = re.compile(r"\(([A-Z][A-Za-z&]{1,9})\)")
_STANDS = re.compile(r"\b([A-Z][A-Z0-9&]{1,9}s?)\s+(?:stands for|means)\s+([^.;:]{4,120})")
_WORD = re.compile(r"[A-Za-z][A-Za-z']*")
_MINOR = {"of", "and", "the", "in", "for", "to", "on", "a", "an", "with", "at", "by"}


def _initials(words: list[str]) -> str:
    return "".join(w[0] for w in words if w.lower() not in _MINOR).lower()


def _long_form(before: str, abbr: str) -> str | None:
    """The words right before ``(ABBR)`` whose initials spell it, if any."""
    letters = abbr.rstrip("s").lower() if len(abbr) > 2 and abbr.endswith("s") else abbr.lower()
    tokens = _WORD.findall(before.replace("-", " "))[-(len(letters) + 4):]
    for k in range(1, len(tokens) + 1):
        words = tokens[-k:]
        if words[0].lower() in _MINOR:
            continue
        if _initials(words) == letters:
            return " ".join(words)
    return None


def build_glossary(texts: list[str]) -> dict[str, str]:
    """Abbreviation (upper-cased, singular) -> long form, from ``texts``."""
    glossary: dict[str, str] = {}
    for text in texts:
        for match in _PAREN.finditer(text):
            abbr = match.group(1)
            long_form = _long_form(text[: match.start()], abbr)
            if long_form:
                glossary.setdefault(_key(abbr), long_form)
        for match in _STANDS.finditer(text):
            glossary.setdefault(_key(match.group(1)), match.group(2).strip())
    return glossary


def _key(abbr: str) -> str:
    return (abbr[:-1] if len(abbr) > 2 and abbr.endswith("s") else abbr).upper()


def expand(question: str, glossary: dict[str, str]) -> str:
    """``question`` plus the long forms of the abbreviations it uses, and the reverse."""
    extra: list[str] = []
    for token in re.findall(r"[A-Za-z][A-Za-z0-9&]+", question):
        if token.isupper() or (len(token) > 2 and token[:-1].isupper() and token.endswith("s")):
            long_form = glossary.get(_key(token))
            if long_form and long_form.lower() not in question.lower():
                extra.append(long_form)
    lowered = question.lower()
    for abbr, long_form in glossary.items():
        if len(long_form.split()) > 1 and long_form.lower() in lowered and abbr not in question:
            extra.append(abbr)
    return f"{question} ({'; '.join(extra)})" if extra else question
