"""Footnotes and text repairs for the PDF parser, decided from the document itself.

* Footnotes are the small lines at a page foot; each starts with its number
  (raised, or in small type); the lines after it continue it.

* A word split at a line-end hyphen (``capabili-`` / ``ties``) is re-joined;
  the hyphen stays when the document shows the word is a hyphenated compound
  (``anti-`` / ``social``): the hyphenated form occurs more often elsewhere
  than the joined form, or, when neither occurs, both halves are words of
  the document on their own.
* A footnote number glued to a word (``people3``) is cut off when that
  number is a footnote on the same page.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable

from .assemble import Item
from .pdf_layout import Line

_WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)?(?:-[A-Za-z]+)*")
_TAIL = re.compile(r"(\S*[A-Za-z])-$")
_HEAD = re.compile(r"^([A-Za-z]+(?:-[A-Za-z]+)*)")
_URL_END = re.compile(r"(?:www\.|https?://)\S*[/_.-]$")
_GLUED = re.compile(r"(?:(?<=[A-Za-z)\]’”'\"])|(?<=[A-Za-z)\]’”'\"][.,;:]))(\d{1,3}(?:,\d{1,3})*)(?![\d%.,]\d)(?=[\s.,;:)]|$)")


class Vocabulary:
    """Word counts of a document, for deciding line-end hyphens."""

    def __init__(self, lines: Iterable[str]) -> None:
        self.counts: Counter[str] = Counter()
        carry = False
        for line in lines:
            words = _WORD.findall(line)
            if carry and words:
                words = words[1:]  # the second half of a word split over lines
            carry = bool(_TAIL.search(line))
            if carry and words:
                words = words[:-1]
            self.counts.update(w.lower() for w in words)

    def keeps_hyphen(self, left: str, right: str) -> bool:
        """True when ``left-`` + ``right`` is a hyphenated compound, False to join them."""
        joined = self.counts[(left + right).lower()]
        hyphenated = self.counts[f"{left}-{right}".lower()]
        if hyphenated != joined:
            return hyphenated > joined
        last = left.rsplit("-", 1)[-1].lower()
        return self.counts[last] > 0 and self.counts[right.lower()] > 0

    def join(self, first: str, second: str) -> str:
        """Two consecutive lines as one text, re-joining a word split at a hyphen."""
        first, second = first.rstrip(), second.lstrip()
        if not first or not second:
            return first or second
        if _URL_END.search(first):
            return first + second  # a web address broken after "/", "-", "_" or "."
        if not re.search(r"\S-$", first):
            return f"{first} {second}"
        tail, head = _TAIL.search(first), _HEAD.match(second)
        if tail is None or head is None or not second[:1].islower() or re.search(r"[/\\.@]", tail.group(1)):
            return first + second  # a number range, a proper noun or an address: keep "-"
        left = re.split(r"[^A-Za-z-]", tail.group(1))[-1]
        return first + second if self.keeps_hyphen(left, head.group(1).split("-")[0]) else first[:-1] + second


def detach_refs(text: str, numbers: set[int]) -> tuple[str, tuple[int, ...]]:
    """Cut footnote numbers glued to words (``people3``) when they are in ``numbers``."""
    refs: list[int] = []

    def cut(match: re.Match[str]) -> str:
        found = [int(n) for n in match.group(1).split(",")]
        if not all(n in numbers for n in found):
            return match.group(0)
        refs.extend(found)
        return ""

    return _GLUED.sub(cut, text), tuple(refs)


def glued_anchors(text: str, numbers: set[int], words: int = 8) -> tuple[tuple[int, str], ...]:
    """Each glued footnote number (as :func:`detach_refs` cuts them) with the words before it."""
    out: list[tuple[int, str]] = []
    for match in _GLUED.finditer(text):
        found = [int(n) for n in match.group(1).split(",")]
        if all(n in numbers for n in found):
            phrase = " ".join(_GLUED.sub("", text[: match.start()]).split()[-words:])
            out.extend((n, phrase) for n in found)
    return tuple(out)


def split_footnotes(
    lines: list[Line], body: float, join: Callable[[str, str], str], before: Item | None
) -> tuple[list[Line], list[Item]]:
    """A page's body lines and its footnotes; ``before`` is the last footnote of the page before."""
    cut = len(lines)
    while cut and lines[cut - 1].size < 0.9 * body:
        cut -= 1
    kept, notes = lines[:cut], []
    for line in lines[cut:]:
        marker = _marker(line, body)
        if marker is not None:
            notes.append(Item("footnote", marker[1], page=line.page, number=marker[0], extra={"size": line.size}))
        elif notes:
            notes[-1].text = join(notes[-1].text, line.text)
        elif before is not None and before.page == line.page - 1 and abs(before.extra["size"] - line.size) < 0.2:
            before.text = join(before.text, line.text)  # a footnote running on overleaf
        else:
            kept.append(line)
    return kept, notes


def _marker(line: Line, body: float) -> tuple[int, str] | None:
    """(number, text) of a footnote's first line: a raised number, or a number in small type."""
    if line.sups and line.sups[0].x < line.x0:
        return int(re.findall(r"\d+", line.sups[0].text)[0]), line.text
    match = re.match(r"^(\d{1,3})\s+(\S.*)$", line.text)
    if match and line.size < 0.9 * body and len(line.cells()) == 1:
        return int(match.group(1)), match.group(2)
    return None
