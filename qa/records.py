"""Frozen records shared by every stage of the pipeline.

Parsers turn a file into a :class:`Document` of :class:`Section` objects holding
:class:`Block` objects; the chunker turns sections into :class:`Chunk` records;
the figure extractors turn tables and statistics into :class:`Figure` records.
Retrieval returns :class:`Passage` records and an :class:`Answer`.
Everything here is plain data so it can be written to and read from JSON lines.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

BlockKind = Literal["paragraph", "list_item", "table", "footnote"]


@dataclass(frozen=True)
class Block:
    """One paragraph, list item, table or footnote body, with the page it starts on.

    ``text`` is clean text (no markup). A table keeps its cells in ``rows`` and
    which rows were set in bold (group or total rows) in ``bold_rows``.
    ``refs`` are the footnote numbers this block cites; ``number`` is the
    footnote's own number for a footnote block. ``anchors`` pair each cited
    footnote with the words just before its marker (what the footnote explains).
    """

    kind: BlockKind
    text: str
    page: int | None = None
    refs: tuple[int, ...] = ()
    number: int | None = None
    rows: tuple[tuple[str, ...], ...] = ()
    bold_rows: tuple[bool, ...] = ()
    anchors: tuple[tuple[int, str], ...] = ()


@dataclass(frozen=True)
class Section:
    """A heading and the blocks under it up to the next heading.

    ``path`` is the heading path from the top level down to this heading.
    """

    path: tuple[str, ...]
    level: int
    page: int | None
    blocks: tuple[Block, ...] = ()

    @property
    def title(self) -> str:
        return self.path[-1] if self.path else ""


@dataclass(frozen=True)
class Document:
    """A parsed report: identity, provenance and its ordered sections."""

    id: str
    title: str
    source: str
    sha256: str
    sections: tuple[Section, ...]
    pages: int | None = None

    def footnotes(self) -> dict[int, Block]:
        """Footnote blocks by number (first occurrence wins)."""
        notes: dict[int, Block] = {}
        for section in self.sections:
            for block in section.blocks:
                if block.kind == "footnote" and block.number is not None:
                    notes.setdefault(block.number, block)
        return notes


@dataclass(frozen=True)
class Chunk:
    """A retrievable passage: clean text inside one section, never across two."""

    id: str
    document: str
    section: tuple[str, ...]
    text: str
    page: int | None
    pages: tuple[int, ...]
    kind: str = "text"
    span: tuple[int, int] = (0, 0)
    prev: str | None = None
    next: str | None = None
    footnotes: tuple[int, ...] = ()
    context: str = ""
    embedded: str = ""  # a table's rows as the model reads them, line for line with ``text`` (empty: ``text``)
    caption: str = ""  # a table's caption; only its first part shows it

    def embed_text(self) -> str:
        """What the embedder and BM25 see: the section path (and, for a footnote, the words
        that cite it) give context to short text; a table's rows say what their numbers are,
        under the table's caption."""
        lead = " > ".join(self.section[-2:])
        body = "\n".join(line for line in self.embedded.split("\n") if line) if self.embedded else self.text
        if self.caption and not self.text.startswith(self.caption):
            body = f"{self.caption}\n{body}"
        return f"{lead}: {self.context}: {body}" if self.context else f"{lead}: {body}"

    def embedded_line(self, start: int) -> str:
        """The embedded text of the line of ``text`` holding offset ``start``."""
        if not self.embedded:
            line_start = self.text.rfind("\n", 0, start) + 1
            line_end = self.text.find("\n", start)
            return self.text[line_start:line_end if line_end >= 0 else len(self.text)]
        return self.embedded.split("\n")[self.text.count("\n", 0, start)]


@dataclass(frozen=True)
class Figure:
    """A structured number or grade from a table row, a statistic or a judgment."""

    id: str
    document: str
    figure: str
    title: str
    label: str
    values: dict[str, float | str | None]
    unit: str | None = None
    period: str | None = None
    note: str | None = None
    page: int | None = None
    source: str | None = None
    group: str | None = None
    chunk: str | None = None
    definition: str | None = None  # the report's own sentence saying what the label means (often a footnote)


@dataclass(frozen=True)
class Passage:
    """A chunk returned for a question, with its score and best sentence span (in ``chunk.text``).

    ``before`` and ``after`` are whole sentences of the chunk's neighbours in its section, shown
    around it (see :mod:`qa.window`); ``pages`` are the pages the shown text spans.
    """

    chunk: Chunk
    score: float
    highlight: tuple[int, int]
    before: str = ""
    after: str = ""
    pages: tuple[int, ...] = ()

    @property
    def text(self) -> str:
        """The text shown: the chunk's, with its neighbours' sentences around it."""
        return "\n".join(part for part in (self.before, self.chunk.text, self.after) if part)

    @property
    def offset(self) -> int:
        """Where the chunk's own text starts in :attr:`text`."""
        return len(self.before) + 1 if self.before else 0


@dataclass(frozen=True)
class Answer:
    """The short extractive answer: text taken from the report and where it stands."""

    text: str
    citation: str


@dataclass(frozen=True)
class Result:
    """Everything one question gets back from the engine."""

    question: str
    answer: Answer | None
    answerable: bool
    passages: tuple[Passage, ...]
    figures: tuple[Figure, ...]
    took_ms: float = 0.0
    debug: dict[str, Any] = field(default_factory=dict, compare=False)


def to_dict(record: Any) -> dict[str, Any]:
    """A dataclass as JSON-ready data (tuples become lists)."""
    return asdict(record)
