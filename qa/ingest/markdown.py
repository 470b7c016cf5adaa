"""Parse a report extracted to Markdown or plain text into a :class:`Document`.

Shapes understood: ``#`` headings and bold-only heading lines; ``<b>``, ``**``
and backslash escapes (stripped); ``<sup>N</sup>`` footnote markers and the
footnote bodies that start with them; tab-separated tables; ``-``/``1.`` list
items; a Contents list whose dotted lines give each section's page. The text
has no page breaks, so pages come from the Contents list (see ``assemble``).
"""

from __future__ import annotations

import re
from pathlib import Path

from ..records import Document
from ..text import clean_inline, footnote_anchors, footnote_refs, grade_of, key
from .assemble import ContentsEntry, Item, build_sections, parse_contents_line

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_BOLD_LINE = re.compile(r"^\s*(?:\*\*|<b>)(.+?)(?:\*\*|</b>)\s*$")
_FOOTNOTE = re.compile(r"^\s*<sup>\s*(\d+)\s*</sup>\s*(.*)$")
_LIST = re.compile(r"^\s*(?:[-*•]|\d{1,2}[.)])\s+(.*)$")
_CAPTION = re.compile(r"^(?:figure\s+\d+|table\s+\d+|source\b|for further information)", re.I)
_RULE = re.compile(r"^\s*(?:-{3,}|\*{3,}|_{3,})\s*$")
_LINK_ONLY = re.compile(r"^\s*\[[^\]]*\]\([^)]*\)\s*$|^\s*(?:https?://|www\.)\S+\s*$")


def _paragraphs(lines: list[str]) -> list[tuple[int, list[str]]]:
    """Blank-line separated runs of lines, with the offset of each run's first line."""
    runs: list[tuple[int, list[str]]] = []
    current: list[str] = []
    start = offset = 0
    for line in lines:
        if line.strip():
            if not current:
                start = offset
            current.append(line)
        elif current:
            runs.append((start, current))
            current = []
        offset += len(line) + 1
    if current:
        runs.append((start, current))
    return runs


def _table(lines: list[str], offset: int) -> Item:
    rows = tuple(tuple(clean_inline(c) for c in line.rstrip("\n").split("\t")) for line in lines)
    bold = tuple("<b>" in line or "**" in line for line in lines)
    refs = tuple(r for line in lines for r in footnote_refs(line))
    text = "\n".join(" ".join(c for c in r if c) for r in rows)
    return Item("table", text, rows=rows, bold_rows=bold, refs=refs, offset=offset)


def _run_items(run: list[str], offset: int) -> list[Item]:
    """Items from one blank-line separated run of lines."""
    if all("\t" in line for line in run if line.strip()) and len(run) > 1:
        return [_table(run, offset)]
    items: list[Item] = []
    para: list[str] = []

    def flush_para() -> None:
        if para:
            raw = " ".join(para)
            text = clean_inline(raw)
            kind = "caption" if _CAPTION.match(text) else "paragraph"
            items.append(Item(kind, text, refs=footnote_refs(raw), offset=offset, extra={"anchors": footnote_anchors(raw)}))
            para.clear()

    for line in run:
        if _RULE.match(line):
            flush_para()
            items.append(Item("break", "", offset=offset))
            continue
        if "\t" in line:
            flush_para()
            items.append(_table([line], offset))
            continue
        heading, bold, note, bullet = (p.match(line) for p in (_HEADING, _BOLD_LINE, _FOOTNOTE, _LIST))
        if heading or bold:
            flush_para()
            raw = heading.group(2) if heading else bold.group(1)
            text = clean_inline(raw)
            wordy = re.search(r"[A-Za-z]{2}", text) is not None
            if heading and wordy:
                items.append(Item("heading", text, level=len(heading.group(1)), refs=footnote_refs(raw), offset=offset))
            elif bold and wordy and not _CAPTION.match(text) and not grade_of(text) and not text.endswith("."):
                items.append(Item("heading", text, level=4, refs=footnote_refs(raw), offset=offset))
            else:
                items.append(Item("caption", text, refs=footnote_refs(raw), offset=offset,
                                  extra={"anchors": footnote_anchors(raw)}))
        elif note:
            flush_para()
            items.append(Item("footnote", clean_inline(note.group(2)), number=int(note.group(1)), offset=offset))
        elif bullet:
            flush_para()
            items.append(Item("list_item", clean_inline(bullet.group(1)), refs=footnote_refs(line), offset=offset,
                              extra={"anchors": footnote_anchors(bullet.group(1))}))
        elif items and items[-1].kind in ("footnote", "list_item") and not para:
            items[-1].text = f"{items[-1].text} {clean_inline(line)}"
        else:
            para.append(line.strip())
    flush_para()
    return items


def _merge(items: list[Item]) -> list[Item]:
    """Attach a link-only paragraph that follows a footnote to that footnote."""
    out: list[Item] = []
    for item in items:
        if item.kind == "paragraph" and out and out[-1].kind == "footnote" and _LINK_ONLY.match(item.extra.get("raw", item.text)):
            out[-1].text = f"{out[-1].text} {item.text}"
            continue
        out.append(item)
    return out


def _split_contents(items: list[Item], runs_raw: dict[int, list[str]]) -> tuple[list[Item], list[ContentsEntry], str]:
    """Remove the front matter and the Contents list; return body items, entries, title."""
    title_parts: list[str] = []
    for item in items:
        if item.kind == "heading":
            title_parts.append(item.text)
            break
    heads = [i for i, it in enumerate(items) if it.kind == "heading"]
    contents_at = next((i for i in heads if key(items[i].text) in ("contents", "tableofcontents")), None)
    if contents_at is None:
        return items, [], " – ".join(title_parts)
    first = heads[0]
    after_title = [it.text for it in items[first + 1:contents_at] if it.kind == "paragraph"]
    if after_title and len(after_title[0]) < 80:
        title_parts.append(after_title[0])
    end = next((i for i in heads if i > contents_at), len(items))
    entries: list[ContentsEntry] = []
    for offset, lines in runs_raw.items():
        if items[contents_at].offset < offset < (items[end].offset if end < len(items) else 1 << 60):
            for line in lines:
                entry = parse_contents_line(line, bold="<b>" in line or "**" in line)
                if entry:
                    entries.append(entry)
    front = items[:contents_at]
    return front + items[end:], entries, " – ".join(title_parts)


def parse_markdown(text: str, *, doc_id: str, source: str, sha256: str) -> Document:
    """A :class:`Document` from Markdown/text content."""
    lines = text.replace("\r\n", "\n").split("\n")
    runs = _paragraphs(lines)
    items: list[Item] = []
    for offset, run in runs:
        found = _run_items(run, offset)
        for it in found:
            it.extra["raw"] = " ".join(run)
        items.extend(found)
    items = _merge(items)
    body, entries, title = _split_contents(items, dict(runs))
    title = title or Path(source).stem
    sections = build_sections(body, entries, title)
    return Document(doc_id, title, source, sha256, sections)
