"""Text repairs for the PDF parser, decided from the document's own words.

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
from collections.abc import Iterable

_WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)?(?:-[A-Za-z]+)*")
_TAIL = re.compile(r"(\S*[A-Za-z])-$")
_HEAD = re.compile(r"^([A-Za-z]+(?:-[A-Za-z]+)*)")
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
        tail = _TAIL.search(first)
        if tail is None:
            return f"{first} {second}"
        head = _HEAD.match(second)
        token = tail.group(1)
        if head is None or not second[:1].islower() or re.search(r"[/\\.@]", token):
            return first + second  # a number range, a proper noun or a web address: keep "-"
        left = re.split(r"[^A-Za-z-]", token)[-1]
        if self.keeps_hyphen(left, head.group(1).split("-")[0]):
            return first + second
        return first[:-1] + second


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
