"""Read a table's shape: header, key columns, label column, value columns and group rows.

Tables in inspection reports put a row label in one column, numbers for each
series (the force, England and Wales) in the columns to its right, and
sometimes a code column to its left (e.g. an outcome number). Bold rows are
groups or totals; the plain rows that follow a bold row belong to its group.
Both the chunker (one text line per row) and the figure extractor use this.
"""

from __future__ import annotations

from dataclasses import dataclass

from .text import parse_number, split_marker


@dataclass(frozen=True)
class TableRow:
    """One body row read against the header."""

    label: str
    marker: str | None
    keys: dict[str, str]
    values: dict[str, float | None]
    cells: dict[str, str]
    bold: bool
    group: str | None
    raw: tuple[str, ...] = ()  # the row's cells as the report has them


@dataclass(frozen=True)
class TableShape:
    """The header and the rows of a table."""

    header: tuple[str, ...]
    label_column: int
    series: tuple[str, ...]
    rows: tuple[TableRow, ...]


def _numeric(cell: str) -> bool:
    return parse_number(cell) is not None


def read_table(rows: tuple[tuple[str, ...], ...], bold_rows: tuple[bool, ...] = ()) -> TableShape | None:
    """The shape of a table, or None when it has no header and numeric columns."""
    if len(rows) < 2:
        return None
    width = max(len(r) for r in rows)
    grid = [tuple(r) + ("",) * (width - len(r)) for r in rows]
    bold = tuple(bold_rows) + (False,) * (len(grid) - len(bold_rows))
    header, body = grid[0], grid[1:]
    if any(_numeric(c) for c in header[1:] if c):
        return None

    def mostly_text(col: int) -> bool:
        cells = [r[col] for r in body if r[col].strip()]
        return bool(cells) and sum(not _numeric(c) for c in cells) > len(cells) / 2

    text_cols = [c for c in range(width) if mostly_text(c)]
    if not text_cols:
        return None
    label_col = text_cols[-1]
    value_cols = [c for c in range(label_col + 1, width) if header[c].strip()]
    if not value_cols:
        return None
    series = tuple(header[c].strip() for c in value_cols)
    parsed: list[TableRow] = []
    group: str | None = None
    for row, is_bold in zip(body, bold[1:]):
        label, marker = split_marker(row[label_col].strip())
        keys = {header[c].strip() or f"column {c + 1}": row[c].strip() for c in range(label_col) if row[c].strip()}
        if marker is None:
            for key, value in list(keys.items()):
                if value in ("*", "†", "‡"):
                    marker = value
                    del keys[key]
        cells = {s: row[c].strip() for s, c in zip(series, value_cols)}
        values = {s: parse_number(v) for s, v in cells.items()}
        if not label:
            continue
        if is_bold:
            group = label
            parsed.append(TableRow(label, marker, keys, values, cells, True, None, row))
        else:
            parsed.append(TableRow(label, marker, keys, values, cells, False, group, row))
    return TableShape(tuple(c.strip() for c in header), label_col, series, tuple(parsed))


def row_line(row: TableRow) -> str:
    """A table row as one line of text for BM25 and the embedder.

    ``Burglary in a dwelling: West Mercia Police 5.3; England and Wales 8.1``
    """
    label = f"{row.group} – {row.label}" if row.group else row.label
    keys = ", ".join(f"{k} {v}" for k, v in row.keys.items())
    if keys:
        label = f"{label} ({keys})"
    values = "; ".join(f"{s} {v}" for s, v in row.cells.items() if v)
    return f"{label}: {values}" if values else label


def cells_line(cells: tuple[str, ...]) -> str:
    """A row as the report prints it: its cells, tab-separated, empty ones kept so the cells stay
    under their columns (a group row has no code)."""
    return "\t".join(c.strip() for c in cells).rstrip("\t")


def table_lines(rows: tuple[tuple[str, ...], ...], bold_rows: tuple[bool, ...] = ()) -> list[tuple[str, str]]:
    """A table as (shown, embedded) line pairs: the report's own rows, each with what the model and
    BM25 read for it.

    A reader (and a quotation) wants the report's text, ``Burglary in a dwelling*  5.3  8.1`` under
    the header; the model wants each row to say what its numbers are (:func:`row_line`). The
    header's embedded line is empty, as every row already names the series. A table whose shape
    cannot be read is shown and embedded as its rows.
    """
    shape = read_table(rows, bold_rows)
    if shape is None:
        return [(cells_line(r), " ".join(c for c in r if c)) for r in rows]
    return [(cells_line(rows[0]), "")] + [(cells_line(r.raw), row_line(r)) for r in shape.rows]

