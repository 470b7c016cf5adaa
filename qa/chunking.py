"""Cut a document's sections into passages small enough for the embedder.

A chunk never crosses a section. Short neighbouring paragraphs of a section
are merged; a long paragraph is split on sentence boundaries so no chunk
exceeds ``max_words`` (all-MiniLM-L6-v2 reads only 256 word pieces). A table
becomes one chunk with its caption, one row a line, and the note that explains
its markers. Each footnote is its own chunk, linked to the chunks that cite it; so is a marked
note under a panel that is no table ("*Figures are shown as …"), which the passage widening
(:mod:`qa.window`) shows with its panel.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Callable

from .records import Block, Chunk, Document, Section
from .tables import table_lines
from .text import split_sentences, words

_CAPTION = re.compile(r"^(?:figure|table)\s+\d+", re.I)
_MARKER_NOTE = re.compile(r"^[*†‡]")


Counter = Callable[[str], int]


@dataclass(frozen=True)
class ChunkConfig:
    """Chunk size limits: words, and word pieces of the embedded text (prefix included)."""

    max_words: int = 180
    min_words: int = 100
    max_tokens: int = 256
    context_tokens: int = 40  # room kept for a chunk's context (citing words, spelled-out abbreviations)


@dataclass(frozen=True)
class _Limit:
    """Whether a text fits one chunk of a given section."""

    config: ChunkConfig
    count: Counter
    prefix: str

    def fits(self, text: str) -> bool:
        budget = self.config.max_tokens - self.config.context_tokens
        return words(text) <= self.config.max_words and self.count(self.prefix + text) <= budget


@dataclass
class _Piece:
    text: str
    pages: list[int]
    refs: list[int]
    kind: str = "text"
    context: str = ""
    embedded: str = ""  # a table's text as the model reads it, line for line (see qa.tables.table_lines)
    caption: str = ""  # a table's caption, kept by every part of it


def _fragment(text: str) -> bool:
    """A short line that is no sentence (a series name, a bare value): it stays with what precedes it."""
    return words(text) <= 6 and not text.rstrip().endswith((".", "?", "!", ":"))


def _sentence_pieces(text: str, limit: _Limit) -> list[str]:
    """Split ``text`` into runs of whole sentences that fit ``limit``."""
    out: list[str] = []
    current: list[str] = []
    for start, end in split_sentences(text):
        sentence = text[start:end].strip()
        if current and not limit.fits(" ".join([*current, sentence])):
            out.append(" ".join(current))
            current = []
        current.append(sentence)
    if current:
        out.append(" ".join(current))
    return out


def _table_pieces(blocks: tuple[Block, ...], i: int, limit: _Limit) -> tuple[list[_Piece], set[int]]:
    """A table with the caption before it and the marker notes after it.

    The shown text is the report's rows; the embedded text says for each row what its numbers are
    (see :func:`qa.tables.table_lines`), line for line. A table too long for one chunk is cut
    between rows. The first part shows the caption and the header; every part keeps the caption
    (``Chunk.caption``), which the model reads with it, so each part still says what its numbers
    are, and parts shown together (:mod:`qa.window`) read as the report's one table.
    """
    used = {i}
    table = blocks[i]
    lines = table_lines(table.rows, table.bold_rows)
    head = lines[:1] if lines and not lines[0][1] else []
    body = lines[len(head):]
    caption, refs = "", list(table.refs)
    if i > 0 and blocks[i - 1].kind == "paragraph" and _CAPTION.match(blocks[i - 1].text):
        caption = blocks[i - 1].text
        refs = list(blocks[i - 1].refs) + refs
        used.add(i - 1)
    j = i + 1
    while j < len(blocks) and blocks[j].kind == "paragraph" and _MARKER_NOTE.match(blocks[j].text):
        body.append((blocks[j].text, blocks[j].text))
        used.add(j)
        j += 1
    rows = len(lines) - len(head)  # body lines before the notes
    caption_line = [(caption, caption)] if caption else []
    parts: list[list[int]] = [[]]
    for k, line in enumerate(body):
        top = caption_line + (head if k < rows and len(parts) == 1 else [])  # the model reads the caption with every part
        if parts[-1] and not limit.fits("\n".join(e for _, e in [*top, *(body[x] for x in parts[-1]), line])):
            parts.append([])
        parts[-1].append(k)
    pages = [table.page] if table.page else []
    pieces = []
    for n, part in enumerate(parts):  # the first part opens with the caption and, over rows, the header
        shown = (caption_line + (head if part[0] < rows else []) if n == 0 else []) + [body[k] for k in part]
        pieces.append(_Piece("\n".join(t for t, _ in shown), pages, refs, "table",
                             embedded="\n".join(e for _, e in shown), caption=caption))
    return pieces, used


def _pieces(section: Section, limit: _Limit, anchors: dict[int, str]) -> list[_Piece]:
    """Chunk-sized pieces of one section, in order."""
    blocks = section.blocks
    tables: dict[int, list[_Piece]] = {}
    for i, block in enumerate(blocks):
        if block.kind == "table":
            found, used = _table_pieces(blocks, i, limit)
            tables.update({u: [] for u in used})
            tables[i] = found
    pieces: list[_Piece] = []
    buffer: _Piece | None = None

    def flush() -> None:
        nonlocal buffer
        if buffer is not None:
            pieces.append(buffer)
            buffer = None

    for i, block in enumerate(blocks):
        if i in tables:
            if tables[i]:
                flush()
                pieces.extend(tables[i])
            continue
        if block.kind == "footnote":
            number = block.number or 0
            pieces.append(_Piece(block.text, [block.page] if block.page else [], [number], "footnote",
                                 anchors.get(number, "")))
            continue
        if block.kind == "paragraph" and _MARKER_NOTE.match(block.text):  # "*Figures are shown as …" under a panel
            flush()
            pieces.append(_Piece(block.text, [block.page] if block.page else [], list(block.refs)))
            continue
        for part in _sentence_pieces(block.text, limit):
            if buffer is not None and (not limit.fits(f"{buffer.text}\n{part}")
                                       or (words(buffer.text) >= limit.config.min_words and not _fragment(part))):
                flush()
            if buffer is None:
                buffer = _Piece(part, [], [])
            else:
                separator = " " if _fragment(part) else "\n"  # a value stays on its label's line
                buffer.text = f"{buffer.text}{separator}{part}"
            if block.page and block.page not in buffer.pages:
                buffer.pages.append(block.page)
            buffer.refs.extend(r for r in block.refs if r not in buffer.refs)
    flush()
    return pieces


def chunk_document(doc: Document, config: ChunkConfig = ChunkConfig(), count: Counter = words) -> list[Chunk]:
    """All chunks of ``doc`` in reading order, with neighbours and spans set.

    ``count`` measures a text in the embedder's word pieces (see
    :func:`qa.embed.token_counter`); by default words are counted.
    """
    chunks: list[Chunk] = []
    anchors: dict[int, str] = {}
    for block in (b for s in doc.sections for b in s.blocks):
        for number, words_before in block.anchors:
            anchors.setdefault(number, words_before)
    for section in doc.sections:
        offset = 0
        prefix = Chunk("", doc.id, section.path, "", None, ()).embed_text()
        for piece in _pieces(section, _Limit(config, count, prefix), anchors):
            pages = tuple(sorted(set(piece.pages))) or ((section.page,) if section.page else ())
            chunk_id = f"{doc.id}:{len(chunks):04d}"
            chunks.append(Chunk(
                id=chunk_id, document=doc.id, section=section.path, text=piece.text,
                page=pages[0] if pages else None, pages=pages, kind=piece.kind,
                span=(offset, offset + len(piece.text)), footnotes=tuple(piece.refs), context=piece.context,
                embedded=piece.embedded, caption=piece.caption,
            ))
            offset += len(piece.text) + 1
    linked = []
    for i, chunk in enumerate(chunks):
        prev_id = chunks[i - 1].id if i > 0 else None
        next_id = chunks[i + 1].id if i + 1 < len(chunks) else None
        linked.append(replace(chunk, prev=prev_id, next=next_id))
    return linked
