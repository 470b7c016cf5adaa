"""Sentence spans inside chunks, and the text a figure is matched by.

Sentences are embedded once at build time so that at query time the best
sentence of a passage (its highlight) and sentence-level evidence cost only
dot products, never another model pass.
"""

from __future__ import annotations

from .records import Chunk, Figure
from .text import split_sentences


def spans(text: str) -> list[tuple[int, int]]:
    """Sentence spans of ``text``; each line (table row, list item) is split on its own."""
    out: list[tuple[int, int]] = []
    offset = 0
    for line in text.split("\n"):
        out.extend((offset + a, offset + b) for a, b in split_sentences(line))
        offset += len(line) + 1
    return out


MIN_WORDS = 3


def chunk_sentences(chunks: list[Chunk]) -> list[tuple[int, int, int]]:
    """(chunk index, start, end) for every sentence of every chunk.

    Fragments under three words ("West Mercia Police", a bare number) carry
    no meaning of their own and would match any question naming the force,
    so they are not scored as sentences. A table's header line is not scored
    either: each row's embedded line already names the series.
    """
    return [(i, a, b) for i, chunk in enumerate(chunks) for a, b in spans(chunk.text)
            if len(chunk.text[a:b].split()) >= MIN_WORDS and (chunk.kind != "table" or chunk.embedded_line(a))]


def sentence_text(chunk: Chunk, start: int, end: int) -> str:
    """What a sentence is embedded as: a table row says what its numbers are and carries its
    table's caption."""
    caption = chunk.caption or chunk.text.split("\n", 1)[0]
    if chunk.kind != "table" or (start == 0 and chunk.text.startswith(caption)):
        return chunk.text[start:end]
    row = chunk.embedded_line(start) if chunk.embedded else chunk.text[start:end]
    return f"{caption} – {row}"


NOTE_WORDS = 6


def _describing(note: str | None) -> str | None:
    """A note that says what a row counts ("Includes … offender died …"), not a bare reference ("Outcome number 4")."""
    return note if note and len(note.split()) >= NOTE_WORDS else None


def figure_text(figure: Figure) -> str:
    """What a figure is matched on: its group, label, unit, period, describing note and the report's
    definition of its label; a judgment, its question (not its grade: "is it good at…" would
    otherwise find whichever judgment is Good).

    A table's caption is left out: every row of a table shares it, so it would
    drown the words that tell the rows apart (the caption still reaches the
    match through the row's own sentence, which is embedded with it).
    """
    if figure.figure == "Judgment":
        parts = [figure.group, figure.title, "grade judgment"]
    else:
        parts = [figure.group, figure.label, figure.unit, figure.period, _describing(figure.note), figure.definition]
    return " ".join(p for p in parts if p)
