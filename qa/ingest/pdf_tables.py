"""Tables in PDF pages: lines whose runs sit in shared column positions.

A table is a run of lines in one font size holding at least three lines that
split into two or more cells (runs apart by more than the font size), plus the
lines among them whose text sits inside one column (a wrapped cell, or a group
label with no values). Columns are the overlapping x-extents of cells
across rows; lines closer together than the table's usual row pitch are the
wrapped second lines of one row.
"""

from __future__ import annotations

from collections.abc import Callable

from .assemble import Item
from .pdf_layout import Line, Run, cell_text

MIN_ROWS = 3


def find_tables(lines: list[Line]) -> list[tuple[int, int]]:
    """Index ranges ``[start, end)`` of the tables among a page's lines."""
    found: list[tuple[int, int]] = []
    i = 0
    while i < len(lines):
        end = _extent(lines, i) if len(lines[i].cells()) > 1 else i + 1
        if sum(len(line.cells()) > 1 for line in lines[i:end]) >= MIN_ROWS:
            found.append((i, end))
            i = end
        else:
            i += 1
    return found


def _extent(lines: list[Line], start: int) -> int:
    """End of the table starting at ``start``: same size, close rows, text inside the columns."""
    first = lines[start]
    spans = _columns(first.cells())
    end = start + 1
    while end < len(lines):
        line, prev = lines[end], lines[end - 1]
        if abs(line.size - first.size) > 0.6 or prev.y - line.y > 2.5 * line.size:
            break
        if len(line.cells()) == 1 and not _in_column(line, spans):
            break
        spans = _columns([c for ln in lines[start:end + 1] for c in ln.cells()])
        end += 1
    return end


def _in_column(line: Line, spans: list[tuple[float, float]]) -> bool:
    """The line starts inside a column and ends before the next one starts."""
    for k, (a, b) in enumerate(spans):
        if a - 1 <= line.x0 <= b:
            return k + 1 == len(spans) or line.x1 < spans[k + 1][0]
    return False


def _columns(cells: list[list[Run]]) -> list[tuple[float, float]]:
    """Column x-extents: the union of overlapping cell extents."""
    spans: list[tuple[float, float]] = []
    for a, b in sorted((c[0].x, max(r.x1 for r in c)) for c in cells):
        if spans and a <= spans[-1][1] - 1:
            spans[-1] = (spans[-1][0], max(spans[-1][1], b))
        else:
            spans.append((a, b))
    return spans


def _rows(lines: list[Line]) -> list[list[Line]]:
    """Lines grouped into rows; a gap clearly below the usual pitch continues a row."""
    gaps = [a.y - b.y for a, b in zip(lines, lines[1:])]
    if not gaps:
        return [lines]
    usual = sorted(gaps)[len(gaps) // 2]
    rows = [[lines[0]]]
    for gap, line in zip(gaps, lines[1:]):
        if gap < 0.8 * usual:
            rows[-1].append(line)
        else:
            rows.append([line])
    return rows


def table_item(lines: list[Line], join: Callable[[str, str], str]) -> Item:
    """One table item: cells per column, header row first, empty cells as ""."""
    spans = _columns([c for line in lines for c in line.cells()])
    rows: list[tuple[str, ...]] = []
    bold: list[bool] = []
    for group in _rows(lines):
        cells = [""] * len(spans)
        for line in group:
            for cell in line.cells():
                col = max(range(len(spans)), key=lambda k: _overlap(cell, spans[k]))
                cells[col] = join(cells[col], cell_text(cell))
        rows.append(tuple(cells))
        runs = [r for line in group for r in line.runs if r.text.strip()]
        weight = sum(len(r.text.strip()) for r in runs)
        bold.append(sum(len(r.text.strip()) for r in runs if r.bold) * 2 > weight)
    refs = tuple(r for line in lines for r in line.refs())
    text = "\n".join(" ".join(c for c in row if c) for row in rows)
    return Item("table", text, page=lines[0].page, rows=tuple(rows), bold_rows=tuple(bold), refs=refs)


def _overlap(cell: list[Run], span: tuple[float, float]) -> float:
    a, b = cell[0].x, max(r.x1 for r in cell)
    return min(b, span[1]) - max(a, span[0])
