"""The "Force in numbers" panel: label line, series names, values, one statistic after another.

Shape (per subsection): a label such as ``Calls for assistance per 1,000 population
12 months to 30 June 2016``; the series names, on separate lines or on one line
(``<force> England and Wales``); then one value per series, one a paragraph or all
on one line. A subheading may carry a marker (``Crime outcomes*``) explained by a
``*…`` note paragraph in the same subsection.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .figures import (
    COMPARATORS, NOTE, PERCENT, find_period, find_unit, slug, split_series,
)
from .records import Block, Document, Figure, Section
from .text import key, parse_number, split_marker

_DASHES = ("-", "–", "—")
_PANEL_TEXT = 200  # a panel has no prose: every paragraph is shorter than this


@dataclass
class _Stat:
    label: Block | None
    series: list[str]
    tokens: list[str]
    page: int | None


@dataclass
class _Panel:
    known: set[str] = field(default_factory=set)
    last: list[str] = field(default_factory=list)


def stat_figures(doc: Document) -> list[Figure]:
    """Figures of the first "Force in numbers" section and its subsections."""
    panel = _Panel()
    out: list[Figure] = []
    for section in _panel_sections(doc, panel):
        out.extend(_section_figures(doc, section, panel))
    return out


def _panel_sections(doc: Document, panel: _Panel) -> list[Section]:
    """The panel section, its subsections, then any following sections that read as panels."""
    sections = doc.sections
    start = next((i for i, s in enumerate(sections) if key(s.title) == "forceinnumbers"), None)
    if start is None:
        return []
    head = sections[start].path
    chosen = [sections[start]]
    for section in sections[start + 1:]:
        if section.path[:len(head)] == head:
            chosen.append(section)
        elif _looks_like_panel(section, panel):
            chosen.append(section)  # a subheading a parser placed at the top level
        else:
            break
    return chosen


def _looks_like_panel(section: Section, panel: _Panel) -> bool:
    texts = [b for b in section.blocks if b.kind == "paragraph"]
    if not texts or any(len(b.text) > _PANEL_TEXT for b in texts):
        return False
    return bool(_read_stats(section, _Panel(set(panel.known), list(panel.last)))[0])


def _value_tokens(text: str) -> list[str] | None:
    """``234``, ``+13.4%`` or ``234 240`` -> tokens; None when the line is not values only."""
    tokens = text.split()
    if not tokens or not all(parse_number(t) is not None or t in _DASHES for t in tokens):
        return None
    return tokens


def _read_stats(section: Section, panel: _Panel) -> tuple[list[_Stat], dict[str, str]]:
    """Statistics (label block, series, value tokens) and marker notes of one section."""
    stats: list[_Stat] = []
    notes: dict[str, str] = {}
    head: list[Block] = []
    tokens: list[str] = []
    page: int | None = None

    def flush() -> None:
        nonlocal tokens, page
        if tokens:
            label, series = _split_head(head, len(tokens), panel)
            if series:
                stats.append(_Stat(label, series, tokens, label.page if label else page))
            head.clear()
        tokens, page = [], None

    for block in section.blocks:
        if block.kind not in ("paragraph", "list_item"):
            continue
        text = block.text.strip()
        values = _value_tokens(text)
        if values is not None:
            page = page if tokens else block.page
            tokens = tokens + values
            continue
        flush()
        note = NOTE.match(text)
        if note:
            notes.setdefault(note.group("marker"), note.group("text").strip())
        else:
            head.append(block)
    flush()
    return stats, notes


def _split_head(head: list[Block], n: int, panel: _Panel) -> tuple[Block | None, list[str]]:
    """Split the lines before ``n`` values into the label line and ``n`` series names."""
    names: list[str] = []
    i, comparator = len(head), False
    while i > 0 and len(names) < n:
        parts = split_series(head[i - 1].text, panel.known)
        if parts is None:
            if not (comparator and i > 1):
                break
            parts = [head[i - 1].text]  # the line next to a comparator line names the force
        comparator = comparator or any(p in COMPARATORS for p in parts)
        if len(names) + len(parts) > n:
            break
        names, i = parts + names, i - 1
    if len(names) != n:
        if len(panel.last) != n:
            return None, []
        names, i = list(panel.last), len(head)
    panel.known.update(names)
    panel.last = names
    return (head[i - 1] if i > 0 else None), names


def _section_figures(doc: Document, section: Section, panel: _Panel) -> list[Figure]:
    title, title_marker = split_marker(section.title)
    stats, notes = _read_stats(section, panel)
    return [_figure(doc, title, stat, notes.get(title_marker) if title_marker else None, notes) for stat in stats]


def _figure(doc: Document, title: str, stat: _Stat, title_note: str | None, notes: dict[str, str]) -> Figure:
    text, marker = split_marker(stat.label.text if stat.label else title)
    note = (notes.get(marker) if marker else None) or title_note
    period, rest = find_period(text)
    unit, rest = find_unit(rest)
    if unit is None and (any("%" in t for t in stat.tokens) or PERCENT.search(rest)):
        unit = "%"
    if period is None and note:
        period, _ = find_period(note)
    label = rest or title
    values = {name: parse_number(tok) for name, tok in zip(stat.series, stat.tokens)}
    fig_id = f"{doc.id}:numbers:{slug(label)}" + (f":{slug(period)}" if period else "")
    return Figure(
        id=fig_id, document=doc.id, figure="Force in numbers", title=title, label=label,
        values=values, unit=unit, period=period, note=note, page=stat.page,
    )
