"""A glossary of the report's own abbreviations, used to expand questions.

Built from the indexed text (at build time to spell out the abbreviations a
passage uses in its embedded text, and again when an index is loaded): "long form (ABBR)"
pairs, checked by their initials, and "ABBR stands for …" sentences. A
question that uses an abbreviation is searched with its long form too (and a
long form with its abbreviation), so "What does CSE stand for?" finds "child
sexual exploitation (CSE)". It adds words to the one query embedding; it does
not add a model pass.
"""

from __future__ import annotations

import re
from dataclasses import replace

from .lexicon import lay_terms
from .records import Chunk

_PAREN = re.compile(r"\(([A-Z][A-Za-z&]{1,9})\)")
_STANDS = re.compile(r"\b([A-Z][A-Z0-9&]{1,9}s?)\s+(?:stands for|means)\s+([^.;:]{4,120})")
_WORD = re.compile(r"[A-Za-z][A-Za-z']*")
CONTEXT_WORDS = 16  # spelled-out abbreviations added to one chunk's embedded text, at most
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


def _abbreviations(text: str) -> list[str]:
    """Tokens of ``text`` shaped like abbreviations: ``OCG``, ``OCGs``, ``DVPNs``."""
    return [t for t in re.findall(r"[A-Za-z][A-Za-z0-9&]+", text)
            if t.isupper() or (len(t) > 2 and t[:-1].isupper() and t.endswith("s"))]


def expand_chunks(chunks: list[Chunk], glossary: dict[str, str]) -> list[Chunk]:
    """Chunks whose embedded text also spells out the abbreviations they use.

    A passage that says only "OCGs" is then found by a question about
    "organised crime groups". The shown text is unchanged.
    """
    out = []
    for chunk in chunks:
        found: list[str] = []
        for token in _abbreviations(chunk.text):
            long_form = glossary.get(_key(token))
            if long_form and long_form.lower() not in chunk.text.lower() and long_form not in found:
                if sum(len(f.split()) for f in found) + len(long_form.split()) > CONTEXT_WORDS:
                    break
                found.append(long_form)
        context = "; ".join(filter(None, [chunk.context, *found]))
        out.append(replace(chunk, context=context) if found else chunk)
    return out


def _key(abbr: str) -> str:
    return (abbr[:-1] if len(abbr) > 2 and abbr.endswith("s") else abbr).upper()


def expand(question: str, glossary: dict[str, str]) -> str:
    """``question`` plus the long forms of the abbreviations it uses, and the reverse, and the
    statistics' terms for its everyday words (:mod:`qa.lexicon`)."""
    extra: list[str] = lay_terms(question)
    for token in _abbreviations(question):
        long_form = glossary.get(_key(token))
        if long_form and long_form.lower() not in question.lower():
            extra.append(long_form)
    lowered = question.lower()
    for abbr, long_form in glossary.items():
        if len(long_form.split()) > 1 and long_form.lower() in lowered and abbr not in question:
            extra.append(abbr)
    return f"{question} ({'; '.join(extra)})" if extra else question


def asked_abbreviations(question: str, glossary: dict[str, str]) -> list[str]:
    """The glossary's abbreviations ``question`` uses (upper-cased, singular)."""
    return [k for k in dict.fromkeys(_key(t) for t in _abbreviations(question)) if k in glossary]


def spelled_out(chunks: list[Chunk], glossary: dict[str, str]) -> dict[str, list[int]]:
    """For each abbreviation of ``glossary``, the row of the first chunk of each document that spells
    it out, "long form (ABBR)": a report says what an abbreviation is where it first uses it.
    One pass over the chunks, when an index is loaded."""
    out: dict[str, dict[str, int]] = {}
    for i, chunk in enumerate(chunks):
        for match in _PAREN.finditer(chunk.text):
            abbr = _key(match.group(1))
            long_form = glossary.get(abbr)
            seen = out.setdefault(abbr, {})
            if long_form and chunk.document not in seen and \
                    chunk.text[: match.start()].rstrip().lower().endswith(long_form.lower()):
                seen[chunk.document] = i
    return {abbr: list(rows.values()) for abbr, rows in out.items() if rows}


def hyphen_spellings(vocab: frozenset[str] | set[str]) -> dict[str, str]:
    """A reader's spelling of a word the reports only hyphenate, and theirs: "antisocial" ->
    "anti-social", "cybercrime" -> "cyber-crime". Words are lower-cased, as the vocabulary is."""
    return {w.replace("-", ""): w for w in vocab if "-" in w and w.replace("-", "") not in vocab}


def respell(question: str, spellings: dict[str, str]) -> str:
    """``question`` with each word the reports only hyphenate spelled as they spell it, so the
    lexical scorers and the rules that read words find it ("antisocial behaviour")."""
    if not spellings:
        return question
    return _WORD.sub(lambda m: spellings.get(m.group().lower(), m.group()), question)
