"""Link each structured figure to the chunk that states it, and to its sentence there.

A figure and its passage are two views of one fact: when a figure matches a
question, its passage should rank high, and the other way round. The link is
found from text alone: the chunk naming the figure's label (or sitting in the
section of the judged question) and containing its values, nearest its page.
"""

from __future__ import annotations

import re
from dataclasses import replace

import numpy as np

from .records import Chunk, Figure
from .text import split_sentences

_DEFINES = r"\s*['‘’\"“”]?\s+(?:is|are|means|refers\s+to|describes|covers|includes)\b"


def _value_strings(figure: Figure) -> list[str]:
    out = []
    for value in figure.values.values():
        if isinstance(value, str):
            out.append(value.lower())
        elif value is not None:
            out.append(f"{value:g}".lower())
    return out


def _score(figure: Figure, chunk: Chunk) -> float:
    text = chunk.text.lower()
    score = 2.0 if figure.label.lower() in text else 0.0
    if any(figure.title.lower() in part.lower() for part in chunk.section):
        score += 1.0
    values = _value_strings(figure)
    score += sum(v in text for v in values)
    lines = {line.strip() for line in text.split("\n")}
    score += sum(v in lines for v in values)  # a value on a line of its own: a grade line, a table cell
    if figure.page is not None and chunk.page is not None:
        score -= min(abs(chunk.page - figure.page) * 0.2, 2.0)
    return score


def link_figures(figures: list[Figure], chunks: list[Chunk]) -> list[Figure]:
    """``figures`` with ``chunk`` set to the id of the chunk that states each one."""
    by_doc: dict[str, list[Chunk]] = {}
    for chunk in chunks:
        by_doc.setdefault(chunk.document, []).append(chunk)
    linked = []
    for figure in figures:
        candidates = [c for c in by_doc.get(figure.document, []) if c.kind != "footnote"]
        best = max(candidates, key=lambda c: _score(figure, c), default=None)
        ok = best is not None and _score(figure, best) >= 2.0
        linked.append(replace(figure, chunk=best.id if ok else None))
    return linked


def figure_sentences(figures: list[Figure], chunks: list[Chunk], sentences: np.ndarray) -> np.ndarray:
    """For each figure, the index of the sentence of its chunk that names its label, and of those the
    one stating most of its values (two rows of a table can share a label, "Suspect identified")
    (-1 if none)."""
    index = {c.id: i for i, c in enumerate(chunks)}
    owner = sentences[:, 0]  # sentences are stored in chunk order
    out = np.full(len(figures), -1, dtype=np.int64)
    for f, figure in enumerate(figures):
        ci = index.get(figure.chunk or "")
        if ci is None:
            continue
        rows = range(np.searchsorted(owner, ci), np.searchsorted(owner, ci, side="right"))
        label = figure.label.lower()
        hits = [s for s in rows if label in chunks[ci].text[sentences[s, 1]:sentences[s, 2]].lower()]
        values = _value_strings(figure)

        def stated(s: int) -> int:
            return sum(v in re.findall(r"[\w.%]+", chunks[ci].text[sentences[s, 1]:sentences[s, 2]].lower()) for v in values)
        out[f] = max(hits, key=stated) if hits else (rows[0] if len(rows) else -1)
    return out


def define_figures(figures: list[Figure], chunks: list[Chunk]) -> list[Figure]:
    """``figures`` with ``definition`` set where the report says what a label means.

    A row label such as "Taken into consideration" is often explained once, in a
    footnote or the annex: "'Taken into consideration' is when an offender
    admits…". That sentence, found by its shape (the label, maybe quoted, then
    "is", "means", "refers to"…), lets a question in everyday words reach the row.
    """
    sentences: dict[str, list[str]] = {}
    for chunk in chunks:
        sentences.setdefault(chunk.document, []).extend(chunk.text[a:b] for a, b in split_sentences(chunk.text))
    out = []
    for figure in figures:
        found = None
        if figure.figure != "Judgment" and len(figure.label.split()) >= 2:
            shape = re.compile(rf"^\s*['‘’\"“”]?{re.escape(figure.label)}{_DEFINES}", re.I)
            found = next((s.strip() for s in sentences.get(figure.document, []) if shape.search(s)), None)
        out.append(replace(figure, definition=found) if found else figure)
    return out


def restatements(figures: list[Figure], chunks: list[Chunk], own: np.ndarray) -> np.ndarray:
    """For each table or panel figure with two numbers or more, the row of the chunk whose sentence
    states every one of them as written, with the next sentence ("increased by 13.4 percent …, compared with an increase
    of 7.8 percent" of the row 13.4 / 7.8), other than a table's or panel's chunk (``own`` gives each
    figure's chunk); -1 if none or several. The body's sentence says in words what the row says in cells."""
    out = np.full(len(figures), -1, dtype=np.int64)
    tables = {int(own[i]) for i, f in enumerate(figures) if f.figure not in ("Text", "Judgment")}  # rows' own chunks
    prose: dict[str, list[tuple[int, set[str]]]] = {}  # document -> (row, numbers) of its other text chunks
    for c, chunk in enumerate(chunks):
        if c not in tables and chunk.kind == "text":
            prose.setdefault(chunk.document, []).append((c, set(_NUMBERS.findall(chunk.text))))
    for i, f in enumerate(figures):
        values = [v for v in f.values.values() if isinstance(v, float)]
        if f.figure in ("Text", "Judgment") or len(values) < 2:
            continue
        wanted = {_written(v) for v in values}
        hits = [c for c, numbers in prose.get(f.document, ())
                if wanted <= numbers and _in_two_sentences(chunks[c].text, wanted)]
        out[i] = hits[0] if len(hits) == 1 else -1
    return out


_NUMBERS = re.compile(r"(?<![\d.])\d+(?:\.\d+)?(?![\d])")  # as written, without sign or grouping


def _written(value: float) -> str:
    return str(abs(int(value))) if float(value).is_integer() else str(abs(value))


def _in_two_sentences(text: str, wanted: set[str]) -> bool:
    """Whether a sentence of ``text``, with the next one, states every number of ``wanted`` (the
    force's in one, "This compares with … for England and Wales" in the next)."""
    spans = split_sentences(text)
    numbers = lambda a, b: set(_NUMBERS.findall(text[a:b]))  # noqa: E731
    return any(wanted <= numbers(a, spans[min(k + 1, len(spans) - 1)][1]) for k, (a, _) in enumerate(spans))
