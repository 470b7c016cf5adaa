"""Page layout for the PDF parser: positioned text runs grouped into lines.

pypdf's ``extract_text(visitor_text=...)`` reports text only when a line, a
font or a text block ends, so the cells of a table row arrive as one string.
``visitor_operand_before`` sees every show-text operator with its position;
counting each operator's glyphs splits that string back into runs, and the
font's glyph widths give each run's right edge. Runs on one baseline form a
:class:`Line`; raised small runs on it are superscripts (footnote marks).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from pypdf import PageObject
from pypdf.generic import NameObject

from ..text import normalize_space

_SHOW = (b"Tj", b"TJ", b"'", b'"')
_SUP_TEXT = re.compile(r"^\s*\d{1,3}(?:\s*,\s*\d{1,3})*\s*$")


@dataclass
class Run:
    """Text drawn by one show-text operator: left x, baseline y, right edge x1."""

    x: float
    y: float
    size: float
    bold: bool
    text: str
    x1: float


@dataclass
class Line:
    """Runs sharing a baseline on one page; superscript digit runs kept apart."""

    page: int
    y: float
    size: float
    bold: bool
    runs: list[Run]
    sups: list[Run] = field(default_factory=list)

    @property
    def x0(self) -> float:
        return self.runs[0].x

    @property
    def x1(self) -> float:
        return max(r.x1 for r in self.runs)

    @property
    def text(self) -> str:
        return " ".join(cell_text(c) for c in self.cells())

    def refs(self) -> tuple[int, ...]:
        return tuple(int(n) for r in self.sups for n in re.findall(r"\d+", r.text))

    def cells(self) -> list[list[Run]]:
        """Runs split where the horizontal gap is wider than the font size."""
        out: list[list[Run]] = []
        for run in self.runs:
            if out and run.x - out[-1][-1].x1 <= max(run.size, 4.0):
                out[-1].append(run)
            else:
                out.append([run])
        return out


def cell_text(runs: list[Run]) -> str:
    return normalize_space("".join(r.text for r in runs))


def _matrix(tm: list[float], cm: list[float]) -> list[float]:
    return [
        tm[0] * cm[0] + tm[1] * cm[2], tm[0] * cm[1] + tm[1] * cm[3],
        tm[2] * cm[0] + tm[3] * cm[2], tm[2] * cm[1] + tm[3] * cm[3],
        tm[4] * cm[0] + tm[5] * cm[2] + cm[4], tm[4] * cm[1] + tm[5] * cm[3] + cm[5],
    ]


class _FontWidths:
    """Glyph widths (1/1000 em) and code length of a font dictionary.

    A composite (Type0) font uses two-byte codes and ``/W`` widths; a simple
    font one-byte codes and ``/Widths``. Anything unreadable falls back to
    half an em per glyph, which only blurs where a run ends.
    """

    def __init__(self, font: Any) -> None:
        self.code_bytes, self.default, self.widths = 1, 500.0, {}
        try:
            if font is not None and font.get("/Subtype") == "/Type0":
                self.code_bytes = 2
                desc = font["/DescendantFonts"][0].get_object()
                self.default = float(desc.get("/DW", 1000))
                self._cid_widths([_obj(v) for v in _obj(desc.get("/W", []))])
            elif font is not None and "/Widths" in font:
                first = int(font.get("/FirstChar", 0))
                self.widths = {first + i: float(_obj(w)) for i, w in enumerate(_obj(font["/Widths"]))}
        except (KeyError, IndexError, TypeError, ValueError, AttributeError):
            self.widths = {}

    def _cid_widths(self, spec: list[Any]) -> None:
        """``/W`` entries: ``c [w1 w2 ...]`` or ``c_first c_last w``."""
        i = 0
        while i + 1 < len(spec):
            first = int(spec[i])
            if isinstance(spec[i + 1], list):
                self.widths.update({first + k: float(_obj(w)) for k, w in enumerate(spec[i + 1])})
                i += 2
            else:
                self.widths.update(dict.fromkeys(range(first, int(spec[i + 1]) + 1), float(spec[i + 2])))
                i += 3

    def measure(self, data: bytes) -> tuple[int, float]:
        """(glyph count, advance in 1/1000 em) of a string operand."""
        step = self.code_bytes
        codes = [int.from_bytes(data[i:i + step], "big") for i in range(0, len(data) - step + 1, step)]
        return len(codes), sum(self.widths.get(c, self.default) for c in codes)


def _obj(value: Any) -> Any:
    return value.get_object() if hasattr(value, "get_object") else value


def _raw(value: Any) -> bytes:
    if isinstance(value, bytes):
        return value
    original = getattr(value, "original_bytes", None)
    return original if isinstance(original, bytes) else str(value).encode("latin-1", "replace")


class _PageReader:
    """Collects runs from one page through pypdf's visitor callbacks."""

    def __init__(self, page: PageObject) -> None:
        resources = page.get("/Resources")
        fonts = resources.get_object().get("/Font") if resources is not None else None
        self.fonts = {str(k): v.get_object() for k, v in fonts.get_object().items()} if fonts else {}
        self.cache: dict[str, _FontWidths] = {}
        self.widths, self.font_size = _FontWidths(None), 1.0
        self.pending: list[tuple[float, float, int, float, float]] = []
        self.runs: list[Run] = []

    def before(self, op: bytes, args: list[Any], cm: list[float], tm: list[float]) -> None:
        if op == b"Tf" and len(args) >= 2:
            name = str(args[0])
            if name not in self.cache:
                self.cache[name] = _FontWidths(self.fonts.get(name))
            self.widths, self.font_size = self.cache[name], float(args[1])
        elif op in _SHOW and args:
            parts = args[0] if op == b"TJ" else [args[-1]]
            glyphs, advance = 0, 0.0
            for part in parts:
                if isinstance(part, (str, bytes)) and not isinstance(part, NameObject):
                    n, w = self.widths.measure(_raw(part))
                    glyphs, advance = glyphs + n, advance + w
                elif isinstance(part, (int, float)):
                    advance -= float(part)
            m = _matrix(tm, cm)
            sx, sy = math.hypot(m[0], m[1]), math.hypot(m[2], m[3])
            self.pending.append((m[4], m[5], glyphs, advance / 1000 * self.font_size * sx, sy))

    def visit(self, text: str, cm: list[float], tm: list[float], font: Any, size: float) -> None:
        text = text.rstrip("\n")
        ops, self.pending = self.pending, []
        if not text.strip():
            return
        bold = "Bold" in str((font or {}).get("/BaseFont", ""))
        pieces = _split(text, ops)
        if pieces is None:
            m = _matrix(tm, cm)
            sy = math.hypot(m[2], m[3]) or 1.0
            pieces = [(m[4], m[5], text, len(text) * size * sy * 0.5, sy)]
        for x, y, piece, width, sy in pieces:
            self.runs.append(Run(x, y, size * sy, bold, piece, x + width))


def _split(text: str, ops: list[tuple[float, float, int, float, float]]) -> list | None:
    """Cut ``text`` into one piece per operator by glyph counts; None if they disagree.

    A space pypdf put between two operators stays at the start of the later piece.
    """
    if not ops:
        return None
    pieces, pos = [], 0
    for i, (x, y, n, width, sy) in enumerate(ops):
        inserted = i > 0 and text[pos:pos + 1] == " " and not pieces[-1][2].endswith(" ")
        end = len(text) if i == len(ops) - 1 else pos + n + inserted
        pieces.append((x, y, text[pos:end], width, sy))
        pos = end
    if pos != len(text):
        return None
    if len(ops) > 1 and abs(len(pieces[-1][2]) - ops[-1][2]) > 1:
        return None
    return [p for p in pieces if p[2].strip()]


def page_runs(page: PageObject) -> list[Run]:
    """All text runs of a page in drawing order."""
    reader = _PageReader(page)
    page.extract_text(visitor_operand_before=reader.before, visitor_text=reader.visit)
    return reader.runs


def group_lines(runs: list[Run], page: int) -> list[Line]:
    """Runs grouped by baseline (top of page first), each line's runs sorted by x."""
    clusters: list[list[Run]] = []
    for run in sorted(runs, key=lambda r: -r.y):
        last = clusters[-1] if clusters else None
        if last and last[-1].y - run.y <= 0.45 * max(run.size, last[-1].size):
            last.append(run)
        else:
            clusters.append([run])
    return [line for c in clusters if (line := _make_line(c, page)) is not None]


def _make_line(runs: list[Run], page: int) -> Line | None:
    weight = Counter()
    for r in runs:
        weight[round(r.size, 1)] += len(r.text.strip())
    size = max(weight, key=lambda s: (weight[s], s))
    main = [r for r in runs if abs(r.size - size) < 0.6]
    base = Counter(round(r.y, 1) for r in main).most_common(1)[0][0]
    sups = [r for r in runs if r.size < 0.8 * size and r.y > base + 0.1 * size and _SUP_TEXT.match(r.text)]
    body = sorted((r for r in runs if r not in sups), key=lambda r: r.x)
    if not body:
        return None
    chars = sum(len(r.text.strip()) for r in body) or 1
    bold = sum(len(r.text.strip()) for r in body if r.bold) * 2 > chars
    return Line(page, base, size, bold, body, sorted(sups, key=lambda r: r.x))


def furniture(pages: list[list[Line]], height: float) -> set[tuple[int, float]]:
    """(page, y) of running headers/footers and page-number lines.

    A running line is text that recurs on most pages; a page number is a bare
    number that is the top- or bottom-most line of its page, in the margin.
    """
    counts = Counter(k for lines in pages for k in {_furniture_key(line) for line in lines})
    threshold = max(3, len(pages) // 2)
    drop: set[tuple[int, float]] = set()
    for lines in pages:
        ends = (lines[0], lines[-1]) if lines else ()
        for line in lines:
            if counts[_furniture_key(line)] >= threshold and re.search(r"[A-Za-z]{2}", line.text):
                drop.add((line.page, line.y))
            elif line in ends and re.fullmatch(r"(?i)(?:page\s*)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?", line.text):
                if line.y < 0.08 * height or line.y > 0.92 * height:
                    drop.add((line.page, line.y))
    return drop


def _furniture_key(line: Line) -> str:
    return re.sub(r"\d+", "#", line.text.lower())
