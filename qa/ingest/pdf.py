"""Parse a PDF report into a :class:`Document`, through the same items as Markdown.

Each page's text runs (position, size, weight; see ``pdf_layout``) form lines.
Running headers and page numbers are dropped; small numbered lines at the
page foot are footnotes; tables come from column positions (``pdf_tables``);
the other lines become headings (larger or bold type, level by size rank),
captions, list items and paragraphs. A line set like a caption ("Figure 1:")
is a heading when the PDF's bookmarks list it on that page. The Contents
pages give :class:`ContentsEntry` objects and are not content. A "break" item
marks a page that ends inside a paragraph. ``build_sections`` then does what
every format shares.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from dataclasses import dataclass
from functools import reduce
from pathlib import Path

from pypdf import PdfReader
from pypdf.errors import PdfReadError

from ..records import Document
from ..text import grade_of, key
from . import IngestError
from .assemble import ContentsEntry, Item, build_sections, parse_contents_line
from .pdf_layout import Line, cell_text, furniture, group_lines, page_runs
from .pdf_tables import find_tables, table_item
from .pdf_text import Vocabulary, detach_refs, glued_anchors, split_footnotes

_CAPTION = re.compile(r"^(?:figure\s+\d+|table\s+\d+|source\b|for further information)", re.I)
_BULLET = re.compile(r"^(?:[•●▪■◦○‣∙·*–-]|\d{1,2}[.)]|[a-z][.)]|\([a-z0-9]{1,3}\))$")
_LEADERS = re.compile(r"\.{3,}\s*\.?\s*\d{1,4}\s*$")
_WORDY = re.compile(r"[A-Za-z]{2}")


@dataclass
class _Style:
    """Document-wide measurements used on every page."""

    body: float  # font size of body text
    ranks: dict[float, int]  # heading font size -> level, biggest = 1
    leading: dict[float, float]  # usual line pitch for each font size
    left: float
    right: float
    vocab: Vocabulary
    outline: set[tuple[str, int]]  # (heading key, page) from the PDF bookmarks
    front: set[int]  # cover pages: only their biggest text is a heading

    def level(self, line: Line) -> int:
        return self.ranks.get(_half(line.size), len(self.ranks) + 1)

    def pitch(self, size: float) -> float:
        return self.leading.get(_half(size), 1.35 * size)


def _half(size: float) -> float:
    return round(size * 2) / 2


def parse_pdf(data: bytes, *, doc_id: str, source: str, sha256: str) -> Document:
    """A :class:`Document` from the bytes of a PDF report."""
    try:
        reader = PdfReader(io.BytesIO(data))
        pages = _read_pages(reader)
        outline = _outline(reader)
    except (PdfReadError, ValueError, KeyError, TypeError) as exc:
        raise IngestError(f"{source}: not a readable PDF ({exc})") from exc
    vocab = Vocabulary(line.text for lines in pages for line in lines)
    contents_pages, entries = _contents(pages, vocab)
    front = set(range(1, min(contents_pages))) if contents_pages else set()
    style = _measure(pages, vocab, outline, front)
    title = _title(pages[0] if pages else []) or Path(source).stem
    items: list[Item] = []
    open_end = False
    for lines in pages:
        if lines and lines[0].page not in contents_pages:
            if open_end:
                items.append(Item("break", "", page=lines[0].page))
            open_end = _page_items(lines, style, items)
    offset = 0
    for item in items:
        item.offset, offset = offset, offset + len(item.text) + 1
    return Document(doc_id, title, source, sha256, build_sections(items, entries, title), pages=len(reader.pages))


def _read_pages(reader: PdfReader) -> list[list[Line]]:
    """Lines of every page, without running headers and page numbers."""
    pages = [group_lines(page_runs(page), n) for n, page in enumerate(reader.pages, 1)]
    height = float(reader.pages[0].mediabox.height) if pages else 842.0
    drop = furniture(pages, height)
    return [[line for line in lines if (line.page, line.y) not in drop] for lines in pages]


def _outline(reader: PdfReader) -> set[tuple[str, int]]:
    """(key, page) of every bookmark."""
    found: set[tuple[str, int]] = set()

    def walk(entries: list) -> None:
        for entry in entries:
            if isinstance(entry, list):
                walk(entry)
                continue
            page = reader.get_destination_page_number(entry)
            if page is not None and page >= 0:
                found.add((key(str(entry.title)), page + 1))

    walk(reader.outline)
    return found


def _measure(pages: list[list[Line]], vocab: Vocabulary, outline: set, front: set[int]) -> _Style:
    """Body size, heading size ranks, line pitch per size and the text column."""
    weight: Counter[float] = Counter()
    pitch: dict[float, Counter[float]] = {}
    for lines in pages:
        for a, b in zip(lines, lines[1:]):
            single = len(a.cells()) == len(b.cells()) == 1
            if single and abs(a.size - b.size) < 0.3 and abs(a.x0 - b.x0) < 1 and a.y - b.y < 2 * a.size:
                pitch.setdefault(_half(a.size), Counter())[round(a.y - b.y, 1)] += 1
        for line in lines:
            weight[round(line.size, 1)] += len(line.text)
    body = weight.most_common(1)[0][0] if weight else 10.0
    heads = {_half(ln.size) for lines in pages for ln in lines if _heading_style(ln, body)}
    ranks = {size: rank for rank, size in enumerate(sorted(heads, reverse=True), 1)}
    leading = {size: c.most_common(1)[0][0] for size, c in pitch.items() if c.most_common(1)[0][1] >= 3}
    ends = sorted(ln.x1 for lines in pages for ln in lines if abs(ln.size - body) < 0.3) or [0.0]
    left = min((ln.x0 for lines in pages for ln in lines if abs(ln.size - body) < 0.3), default=0.0)
    return _Style(body, ranks, leading, left, ends[int(len(ends) * 0.99)], vocab, outline, front)


def _heading_style(line: Line, body: float) -> bool:
    if not _WORDY.search(line.text):
        return False
    return (line.bold and line.size >= 0.97 * body) or line.size >= 1.3 * body


def _contents(pages: list[list[Line]], vocab: Vocabulary) -> tuple[set[int], list[ContentsEntry]]:
    """Pages of the Contents list and its entries (a wrapped entry ends at its page number)."""
    start = next((i for i, lines in enumerate(pages) if lines and key(lines[0].text) in ("contents", "tableofcontents")), None)
    if start is None:
        return set(), []
    found, entries, buffer = {start + 1}, [], []
    for i in range(start, len(pages)):
        lines = pages[i][1:] if i == start else pages[i]
        if i > start and sum(bool(_LEADERS.search(ln.text)) for ln in lines) * 2 < len(lines):
            break
        found.add(i + 1)
        for line in lines:
            buffer.append(line)
            if _LEADERS.search(line.text):
                entry = parse_contents_line(reduce(vocab.join, [ln.text for ln in buffer]), buffer[0].bold)
                entries += [entry] if entry else []
                buffer = []
    return found, entries


def _title(lines: list[Line]) -> str:
    """The biggest text on the first page, with the short line that follows it."""
    wordy = [ln for ln in lines if _WORDY.search(ln.text)]
    if not wordy:
        return ""
    big = max(ln.size for ln in wordy)
    first = next(i for i, ln in enumerate(wordy) if ln.size == big)
    last = first
    while last + 1 < len(wordy) and wordy[last + 1].size == big:
        last += 1
    main = " ".join(ln.text for ln in wordy[first:last + 1])
    after = wordy[last + 1].text if last + 1 < len(wordy) else ""
    return f"{main} – {after}" if after and len(after) < 80 else main


def _page_items(lines: list[Line], style: _Style, items: list[Item]) -> bool:
    """Append a page's items; True when its last paragraph may go on overleaf."""
    before = items[-1] if items and items[-1].kind == "footnote" else None
    body, notes = split_footnotes(lines, style.body, style.vocab.join, before)
    numbers = {n.number for n in notes if n.number is not None}
    ends = dict(find_tables(body))
    run: list[Line] = []
    last: tuple[str, Line | None] = ("", None)
    i = 0
    while True:
        if i < len(body) and i not in ends:
            run.append(body[i])
            i += 1
            continue
        for kind, block in _blocks(run, style):
            items.append(_block_item(kind, block, style, numbers))
            last = (kind, block[-1])
        run = []
        if i >= len(body):
            break
        items.append(table_item(body[i:ends[i]], style.vocab.join))
        last, i = ("table", None), ends[i]
    items.extend(notes)
    line = last[1]
    full = line is not None and line.x1 >= style.left + 0.75 * (style.right - style.left)
    return last[0] in ("paragraph", "list_item") and full


def _blocks(lines: list[Line], style: _Style) -> list[tuple[str, list[Line]]]:
    """Consecutive lines grouped into headings, captions, list items and paragraphs."""
    biggest = max((ln.size for ln in lines if _WORDY.search(ln.text)), default=0.0)
    blocks: list[tuple[str, list[Line]]] = []
    for line in (part for ln in lines for part in _cell_lines(ln)):
        kind = _kind(line, style, biggest)
        if blocks and _continues(blocks[-1], line, kind, style):
            blocks[-1][1].append(line)
        else:
            blocks.append((kind, [line]))
    return blocks


def _cell_lines(line: Line) -> list[Line]:
    """A line whose cells differ in style (a question and its grade) as one line per cell."""
    cells = line.cells()
    styles = {(sum(r.bold for r in c) * 2 > len(c), round(max(r.size for r in c))) for c in cells}
    if len(cells) < 2 or (len(styles) == 1 and not any(grade_of(cell_text(c)) for c in cells)):
        return [line]
    parts = []
    for k, cell in enumerate(cells):
        end = cells[k + 1][0].x if k + 1 < len(cells) else float("inf")
        parts += group_lines(cell + [s for s in line.sups if cell[0].x <= s.x < end], line.page)
    return parts


def _kind(line: Line, style: _Style, biggest: float) -> str:
    """heading | caption | list_item | paragraph for one line on its own."""
    text = line.text
    if _bullet(line):
        return "list_item"
    if grade_of(text) or not _WORDY.search(text):
        return "paragraph"
    if line.page in style.front:
        return "heading" if line.size >= biggest - 0.1 else "paragraph"
    if _CAPTION.match(text):
        k = key(text)
        if any(o.startswith(k) and p == line.page for o, p in style.outline):
            return "heading"  # the bookmarks list it: a heading set like a caption
        return "caption" if line.bold or line.size < style.body - 0.3 else "paragraph"
    if _heading_style(line, style.body) and not text.endswith("."):
        return "heading"
    return "paragraph"


def _bullet(line: Line) -> bool:
    first = line.runs[0].text.strip()
    if len(line.runs) > 1 and _BULLET.match(first):
        return True
    return re.match(r"^[•●▪■◦○‣]\s", line.text) is not None


def _continues(block: tuple[str, list[Line]], line: Line, kind: str, style: _Style) -> bool:
    """Whether ``line`` goes on with the block before it (a wrapped line)."""
    bkind, lines = block
    prev = lines[-1]
    gap = prev.y - line.y
    if kind == "list_item" or line.page != prev.page or gap <= 0 or abs(line.size - prev.size) > 0.3:
        return False
    if gap > 1.3 * style.pitch(line.size) or _CAPTION.match(line.text) or grade_of(line.text):
        return False
    if bkind in ("heading", "caption"):
        return kind in ("heading", "paragraph", "caption") and line.bold == prev.bold and _wrapped(prev, line, style)
    if bkind not in ("paragraph", "list_item") or kind != "paragraph":
        return False
    first = lines[0]
    anchor = first.runs[1].x if bkind == "list_item" and len(first.runs) > 1 else first.x0
    return abs(line.x0 - anchor) < 2.5 or (len(lines) > 1 and abs(line.x0 - prev.x0) < 1)


def _wrapped(prev: Line, line: Line, style: _Style) -> bool:
    """``line`` starts with a word that would not have fitted at the end of ``prev``."""
    text = line.text
    word = len(text.split()[0]) / max(len(text), 1) * (line.x1 - line.x0)
    return prev.x1 + 0.3 * line.size + word >= style.right - line.size


def _block_item(kind: str, block: list[Line], style: _Style, numbers: set[int]) -> Item:
    """The item for a block of lines: joined text, footnote references, heading level."""
    texts = [ln.text for ln in block]
    if kind == "list_item":
        texts[0] = re.sub(r"^\S+\s*", "", texts[0], count=1)
    text = reduce(style.vocab.join, texts)
    anchors = _sup_anchors(block) + glued_anchors(text, numbers)
    text, glued = detach_refs(text, numbers)
    refs = tuple(r for ln in block for r in ln.refs()) + glued
    level = style.level(block[0]) if kind == "heading" else 1
    return Item(kind, text, page=block[0].page, level=level, refs=refs, extra={"anchors": anchors})


def _sup_anchors(block: list[Line], words: int = 8) -> tuple[tuple[int, str], ...]:
    """Each raised footnote number with the words before it (earlier lines included)."""
    out: list[tuple[int, str]] = []
    before: list[str] = []
    for line in block:
        for sup in line.sups:
            left = " ".join(r.text for r in line.runs if r.x1 <= sup.x + 0.5)
            phrase = " ".join((" ".join(before) + " " + left).split()[-words:])
            out.extend((int(n), phrase) for n in re.findall(r"\d+", sup.text))
        before.append(line.text)
    return tuple(out)
