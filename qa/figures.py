"""Structured figures from a parsed report: table rows, "Force in numbers" statistics, judgments
(and, in :mod:`qa.figures_prose`, statistics stated in sentences).

Every extractor reads a *shape* of the document model, never a particular
report's rows: a table block read by :func:`qa.tables.read_table` under a
"Figure N:" caption; a statistics panel of label, series names and values; a
grade line at the top of a summary section. The phrase helpers here (periods,
units, series names, slugs) are shared by :mod:`qa.figures_stats` and
:mod:`qa.figures_grades`.
"""

from __future__ import annotations

import re
from dataclasses import replace

from .records import Document, Figure, Section
from .tables import TableRow, TableShape, read_table
from .text import key, normalize_space

# Comparator series named in PEEL reports; the force series is whatever else the line holds.
COMPARATORS = ("England and Wales",)

_DATE = r"(?:\d{1,2}\s+)?[A-Z][a-z]+\s+\d{4}"
_NUM = r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|twelve)"
_SPAN = rf"{_NUM}[\s-](?:month|year)s?(?:\s+period)?\s+(?:to|ending)\s+(?:the\s+{_NUM}\s+months\s+to\s+)?{_DATE}"
_PERIOD = re.compile(
    rf"(?:\b(?i:comparing|for|in|during|over)\s+)?(?:(?i:the)\s+)?(?P<a>{_SPAN})"
    rf"(?:,?\s+(?P<conj>with|against|compared\s+with)\s+(?:the\s+)?(?P<b>{_SPAN}))?"
    rf"|(?P<at>(?i:as\s+at)\s+{_DATE})|(?P<ye>(?i:year\s+ending)\s+{_DATE})"
)
_AMOUNT = r"(?:one\s+)?(?:\d[\d,]*|hundred|thousand|million)(?:\s+million)?"
_STOP = r"(?:in|for|by|as|at|of|to|and|from|with|comparing|the|rather|than)"
_PER = re.compile(rf"\bper\s+(?P<n>{_AMOUNT})\s+(?P<what>[a-z][a-z-]*(?:\s+(?!{_STOP}\b)[a-z][a-z-]*){{0,2}})")
_NOTE_UNIT = re.compile(rf"\b(?:per|for)\s+(?P<n>{_AMOUNT})\s+(?P<what>[a-z][a-z-]*)")
_PCT_LEAD = re.compile(r"^\s*(?:proportion|percentage|percent)\b", re.I)
PERCENT = re.compile(r"\b(?:proportions?|percentages?|per\s?cent)\b|%", re.I)
CAPTION = re.compile(r"^(?P<kind>figure|table)\s+(?P<n>\d+)\s*[:.–-]\s*(?P<title>.+)$", re.I)
SOURCE = re.compile(r"^sources?\s*:\s*(?P<source>.+)$", re.I)
NOTE = re.compile(r"^(?P<marker>[*†‡]+)\s*(?P<text>\S.*)$")


def slug(text: str, limit: int = 80) -> str:
    """``Out-of-court (formal)`` -> ``out-of-court-formal``; cut at a word boundary."""
    s = re.sub(r"[^a-z0-9]+", "-", text.lower().replace("%", " percent ")).strip("-")
    if len(s) > limit:
        s = s[:limit].rsplit("-", 1)[0]
    return s or "x"


def tidy(text: str) -> str:
    """Clean a label left over after cutting phrases out: spaces, empty brackets, dangling commas."""
    text = re.sub(r"\(\s*\)", "", text)
    text = normalize_space(text)
    return text.strip(" ,;:–-")


def find_period(text: str) -> tuple[str | None, str]:
    """The period phrase in ``text`` (``12 months to 30 June 2016``, ``as at 1 July 2016``) and the rest."""
    m = _PERIOD.search(text)
    if not m:
        return None, text
    if m.group("a"):
        period = m.group("a")
        if m.group("b"):
            conj = "compared with" if m.group("conj").lower() == "with" else normalize_space(m.group("conj"))
            period = f"{period} {conj} {m.group('b')}"
    else:
        period = m.group("at") or m.group("ye")
    return normalize_space(period), tidy(text[:m.start()] + " " + text[m.end():])


def find_unit(text: str) -> tuple[str | None, str]:
    """A ``per 1,000 population`` style unit in ``text`` and the text without it."""
    m = _PER.search(text)
    if not m:
        return None, text
    return normalize_space(f"per {m.group('n')} {m.group('what')}"), tidy(text[:m.start()] + " " + text[m.end():])


def caption_unit(*texts: str | None) -> str | None:
    """Unit named by a caption or header: a leading proportion word, a per-phrase, a percent word."""
    present = [t for t in texts if t]
    if any(_PCT_LEAD.match(t) for t in present):
        return "%"
    for t in present:
        unit, _ = find_unit(t)
        if unit:
            return unit
    return "%" if any(PERCENT.search(t) for t in present) else None


def note_unit(note: str | None) -> str | None:
    """A unit a note restates (``the rate for 1,000 households``) -> ``per 1,000 households``."""
    m = _NOTE_UNIT.search(note or "")
    return normalize_space(f"per {m.group('n')} {m.group('what')}") if m else None


def split_series(text: str, known: set[str] | None = None) -> list[str] | None:
    """Series names on one line: split around a comparator, or known names; None if not a series line."""
    for comp in COMPARATORS:
        if comp in text:
            before, _, after = text.partition(comp)
            return [p for p in (before.strip(" ,;"), comp, after.strip(" ,;")) if p]
    known = known or set()
    if text in known:
        return [text]
    for name in known:
        rest = text[len(name):].strip()
        if text.startswith(name) and rest in known:
            return [name, rest]
    return None


def table_figures(doc: Document) -> list[Figure]:
    """One figure per body row with values, for every table with numeric series."""
    out: list[Figure] = []
    count = 0
    for section in doc.sections:
        for i, block in enumerate(section.blocks):
            if block.kind != "table":
                continue
            shape = read_table(block.rows, block.bold_rows)
            if shape is None or all(v is None for r in shape.rows for v in r.values.values()):
                continue
            count += 1
            out.extend(_table_rows(doc, section, i, shape, count))
    return out


def _caption(section: Section, i: int) -> tuple[str, str] | None:
    """``("Figure 2", title)`` from the nearest caption before block ``i`` not closed by a source line."""
    for block in reversed(section.blocks[:i]):
        if block.kind == "table" or (block.kind == "paragraph" and SOURCE.match(block.text)):
            break
        m = CAPTION.match(block.text) if block.kind == "paragraph" else None
        if m:
            return f"{m.group('kind').title()} {m.group('n')}", m.group("title").strip()
    m = CAPTION.match(section.title)
    return (f"{m.group('kind').title()} {m.group('n')}", m.group("title").strip()) if m else None


def _after_table(section: Section, i: int) -> tuple[dict[str, str], str | None]:
    """Marker notes and the source line that follow block ``i``, up to the next table or caption."""
    notes: dict[str, str] = {}
    source: str | None = None
    for block in section.blocks[i + 1:]:
        if block.kind == "table" or (block.kind == "paragraph" and CAPTION.match(block.text)):
            break
        if block.kind != "paragraph":
            continue
        src, note = SOURCE.match(block.text), NOTE.match(block.text)
        if src and source is None:
            source = src.group("source").strip()
        elif note:
            notes.setdefault(note.group("marker"), note.group("text").strip())
    return notes, source


def _sums_to_hundred(rows: tuple[TableRow, ...], series: tuple[str, ...]) -> bool:
    leaves = [r for r in rows if not r.bold] or list(rows)
    for s in series:
        total = sum(r.values.get(s) or 0.0 for r in leaves)
        if 98.5 <= total <= 101.5:
            return True
    return any(key(r.label) == "total" and 99.5 <= (r.values.get(s) or 0) <= 100.5 for r in rows for s in series)


def _table_rows(doc: Document, section: Section, i: int, shape: TableShape, count: int) -> list[Figure]:
    block = section.blocks[i]
    figure, title = _caption(section, i) or (f"Table {count}", section.title)
    notes, source = _after_table(section, i)
    period = find_period(title)[0] or find_period(shape.header[shape.label_column])[0]
    unit = caption_unit(title, shape.header[shape.label_column])
    if unit is None and _sums_to_hundred(shape.rows, shape.series):
        unit = "%"
    prefix = f"{doc.id}:{slug(figure).replace('figure-', 'fig').replace('table-', 'table')}"
    out: list[Figure] = []
    for row in shape.rows:
        if not any(row.cells.values()):
            continue  # a heading-only group row: its children carry it as ``group``
        marker_note = notes.get(row.marker) if row.marker else None
        parts = [f"{k} {v}" for k, v in row.keys.items()] + ([marker_note] if marker_note else [])
        row_id = f"{prefix}:{slug(row.group) + '--' if row.group else ''}{slug(row.label)}"
        out.append(Figure(
            id=row_id, document=doc.id, figure=figure, title=title, label=row.label,
            values=dict(row.values), unit=note_unit(marker_note) or unit, period=period,
            note="; ".join(parts) or None, page=block.page, source=source, group=row.group,
        ))
    return out


def force_name(doc: Document, figures: list[Figure]) -> str:
    """The inspected force: the first non-comparator series, else the title's ``inspection of X``."""
    for fig in figures:
        for name in fig.values:
            if name not in COMPARATORS:
                return name
    opening = [doc.title] + [b.text for section in doc.sections[:2] for b in section.blocks[:3]]
    for text in opening:  # the title, or the cover's "An inspection of Northshire Constabulary"
        m = re.search(r"inspection of (?:the\s+)?([A-Z][\w'’ -]*?(?:Police|Constabulary|Service))\b", text)
        if m:
            return m.group(1)
    return "Force"


def _unique(figures: list[Figure]) -> list[Figure]:
    seen: dict[str, int] = {}
    out: list[Figure] = []
    for fig in figures:
        n = seen.get(fig.id, 0) + 1
        seen[fig.id] = n
        if n > 1:
            fig = replace(fig, id=f"{fig.id}-{n}")
        out.append(fig)
    return out


def extract_figures(doc: Document) -> list[Figure]:
    """All structured figures of a report: statistics panel, table rows, statistics stated in
    sentences, then judgments."""
    from .figures_counts import count_figures
    from .figures_grades import judgment_figures
    from .figures_prose import prose_figures
    from .figures_stats import stat_figures

    stats = stat_figures(doc)
    tables = table_figures(doc)
    force = force_name(doc, stats + tables)
    prose = prose_figures(doc, force, stats + tables)
    return _unique(stats + tables + prose + count_figures(doc, force) + judgment_figures(doc, force))
