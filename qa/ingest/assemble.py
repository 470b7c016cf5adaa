"""Turn a parser's flat stream of items into ordered sections.

Both the Markdown and the PDF parser emit :class:`Item` objects in reading
order. This module does what is common to every format: read the Contents
list (it gives heading levels and start pages and is not itself content), set
heading levels and paths, re-join paragraphs split by a page break, keep grade
lines such as "Good" as paragraphs, and estimate pages where a format has none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from ..records import Block, Section
from ..text import clean_inline, grade_of, key, normalize_space

_DOTS = re.compile(r"\s*\.{2,}\s*\.?\s*$|\s*\.+$")
_CONTENTS_LINE = re.compile(r"^(?P<title>.+?)\s*\.{2,}\s*\.?\s*(?P<page>\d{1,4})\s*$")
_TERMINAL = tuple(".?!:;)”\"’'")


@dataclass
class Item:
    """One unit from a parser: a heading or a block, in reading order."""

    kind: str  # heading | paragraph | list_item | table | footnote | caption | break
    text: str
    page: int | None = None
    level: int = 1
    refs: tuple[int, ...] = ()
    number: int | None = None
    rows: tuple[tuple[str, ...], ...] = ()
    bold_rows: tuple[bool, ...] = ()
    offset: int = 0
    extra: dict = field(default_factory=dict)


@dataclass(frozen=True)
class ContentsEntry:
    title: str
    page: int
    level: int


def parse_contents_line(line: str, bold: bool) -> ContentsEntry | None:
    """``Introduction ..... 4`` (tab or dots before the page) -> entry, else None."""
    text = normalize_space(clean_inline(line.replace("\t", " ")))
    match = _CONTENTS_LINE.match(text) or re.match(r"^(?P<title>.+?)\s+(?P<page>\d{1,4})$", text)
    if not match:
        return None
    title = _DOTS.sub("", match.group("title")).strip()
    return ContentsEntry(title, int(match.group("page")), 1 if bold else 2) if title else None


def _levels(items: list[Item], contents: list[ContentsEntry]) -> list[Item]:
    """Heading levels from the Contents list; others nest below the last listed heading."""
    if not contents:
        return items
    pointer, base, stack = 0, 0, []
    out: list[Item] = []
    for item in items:
        if item.kind != "heading":
            out.append(item)
            continue
        k = key(item.text)
        hit = next((j for j in range(pointer, min(pointer + 4, len(contents))) if key(contents[j].title) == k), None)
        if hit is not None:
            entry = contents[hit]
            pointer, base, stack = hit + 1, entry.level, []
            out.append(replace(item, level=entry.level, page=item.page or entry.page, extra={"listed": True}))
            continue
        while stack and stack[-1] >= item.level:
            stack.pop()
        level = base + 1 + len(stack)
        stack.append(item.level)
        out.append(replace(item, level=level))
    return out


def _page_ends(items: list[Item]) -> list[int]:
    """Offsets where a new page surely starts: right after a run of footnotes (they close a page)."""
    ends: list[int] = []
    for before, item in zip(items, items[1:]):
        if before.kind == "footnote" and item.kind not in ("footnote", "break"):
            ends.append(item.offset)
    return ends


def _page_in_span(offset: int, span: tuple[int, int, int, int], ends: list[int]) -> int:
    """Page of ``offset`` between two known pages: known page ends, then interpolation for the rest."""
    o0, p0, o1, p1 = span
    inside = [e for e in ends if o0 < e <= o1]
    if len(inside) > p1 - p0:  # more footnote runs than pages: they are no guide here
        inside = []
    known = sum(e <= offset for e in inside)
    missing = p1 - p0 - len(inside)
    return p0 + known + int(missing * (offset - o0) / max(o1 - o0, 1))


def _estimate_pages(items: list[Item]) -> None:
    """Fill missing pages from the Contents pages of headings, for formats without page breaks.

    Between two headings with known pages, footnote runs mark page ends exactly
    (footnotes sit at the foot of their page); the pages left over are spread
    by character offset. Items before the first known page (the cover) are
    page 1; past the last one the average characters per page carry on.
    """
    anchors = [(it.offset, it.page) for it in items if it.kind == "heading" and it.page is not None]
    if not anchors:
        return
    ends = _page_ends(items)
    (first_o, first_p), (last_o, last_p) = anchors[0], anchors[-1]
    per_page = (last_o - first_o) / (last_p - first_p) if last_p > first_p else None
    for it in items:
        if it.page is not None:
            continue
        if it.offset < first_o:
            it.page = 1
        elif it.offset >= last_o:
            it.page = last_p + (int((it.offset - last_o) / per_page) if per_page else 0)
        else:
            i = max(j for j, a in enumerate(anchors) if a[0] <= it.offset)
            it.page = _page_in_span(it.offset, (*anchors[i], *anchors[i + 1]), ends)


def _rejoin(blocks: list[Block], target: int | None, item: Item, after_break: bool) -> bool:
    """Append ``item`` to paragraph ``target`` when a page break split it.

    A paragraph continues across a break when the earlier part has no closing
    punctuation and the new part starts in lower case (or, right after
    footnotes that end a page, with any letter or digit).
    """
    if item.kind != "paragraph" or target is None:
        return False
    last = blocks[target]
    if last.text.endswith(_TERMINAL):
        return False
    if not (item.text[:1].islower() or (after_break and item.text[:1].isalnum())):
        return False
    anchors = last.anchors + tuple(item.extra.get("anchors", ()))
    blocks[target] = replace(last, text=f"{last.text} {item.text}", refs=last.refs + item.refs, anchors=anchors)
    return True


def build_sections(items: list[Item], contents: list[ContentsEntry], title: str) -> tuple[Section, ...]:
    """Sections from items: levels, paths, pages, page-break joins, grades as paragraphs."""
    items = [replace(it, kind="paragraph") if it.kind == "heading" and grade_of(it.text) else it for it in items]
    items = _levels(items, contents)
    _estimate_pages(items)
    sections: list[Section] = []
    path: list[tuple[int, str]] = []
    head: Item | None = None
    blocks: list[Block] = []
    after_break = False
    target: int | None = None  # the last block a split paragraph may continue

    def flush() -> None:
        if head is not None or blocks:
            names = tuple(t for _, t in path) or (title,)
            level = path[-1][0] if path else 0
            page = head.page if head is not None else (blocks[0].page if blocks else None)
            sections.append(Section(names, level, page, tuple(blocks)))

    for item in items:
        if item.kind == "heading":
            flush()
            while path and path[-1][0] >= item.level:
                path.pop()
            path.append((item.level, item.text))
            head, blocks, after_break, target = item, [], False, None
            continue
        if item.kind == "break":
            after_break = True
            continue
        if item.kind == "footnote":
            blocks.append(Block("footnote", item.text, item.page, item.refs, item.number))
            after_break = True
            continue
        if _rejoin(blocks, target, item, after_break):
            after_break = False
            continue
        after_break = False
        kind = "paragraph" if item.kind == "caption" else item.kind
        joinable = item.kind in ("paragraph", "list_item") and not grade_of(item.text)
        target = len(blocks) if joinable else None
        blocks.append(Block(kind, item.text, item.page, item.refs, item.number, item.rows, item.bold_rows,
                            tuple(item.extra.get("anchors", ()))))
    flush()
    return tuple(s for s in sections if s.blocks or s.level <= 1)
