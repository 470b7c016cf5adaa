"""The passage shown for a chunk: the chunk widened by whole sentences of its neighbours.

Chunks are sized for the model's window (all-MiniLM-L6-v2 reads 256 word pieces), so a
paragraph can be split across two, and a chunk's best sentence can sit at its edge with the
sentences that complete it in the next chunk. A reader wants the passage around the cited
sentence, not the model's unit. So the text returned is the chunk plus whole sentences of the
previous and next chunk of the same section and kind, added one at a time on whichever side of
the cited sentence has less text, up to a word budget in all. Footnotes are not widened (their
neighbours are other footnotes). A part of a long table is shown with the table's other parts
(whole parts, the earlier first, within a larger budget), so the passage reads as the report's
one table under its caption and header. Measured with ``peel-qa eval`` on the tuning half: hit@1
0.790 → 0.814 at 180 words (the chunk limit); a larger budget added nothing then. Re-measured
after later rules, 240 words lifted both halves (tune 0.903 → 0.906, check 0.890 → 0.895) and
320 no more.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from .candidates import sentence_rows
from .records import Chunk, Passage
from .retrieve import Evidence, top_passages
from .store import IndexData
from .text import words


class Widener:
    """Widens passages of one index; built once per loaded index."""

    def __init__(self, data: IndexData, rows: dict[str, int]):
        self.data = data
        self._row = rows  # chunk id -> row, shared with the engine

    def _neighbour(self, chunk: Chunk, other: str | None) -> int:
        """Row of the neighbouring chunk ``other`` if it shares ``chunk``'s section and kind, else -1."""
        row = self._row.get(other or "", -1)
        if row < 0:
            return -1
        near = self.data.chunks[row]
        same = near.document == chunk.document and near.section == chunk.section and near.kind == chunk.kind
        return row if same else -1

    def _spans(self, row: int) -> list[tuple[int, int]]:
        """(start, end) of each sentence of chunk ``row``, in order."""
        if row < 0:
            return []
        picked = sentence_rows(self.data, np.array([row]))
        return [(int(self.data.sentences[s, 1]), int(self.data.sentences[s, 2])) for s in picked]

    def _part(self, chunk: Chunk, other: str | None) -> int:
        """Row of the neighbouring chunk ``other`` if it is another part of ``chunk``'s table, else -1."""
        row = self._neighbour(chunk, other)
        return row if row >= 0 and self.data.chunks[row].caption == chunk.caption else -1

    def _table(self, passage: Passage, budget: int) -> Passage:
        """A part of a long table shown with its other parts, the earlier ones first (the first holds the
        caption and header), whole parts only, while the table stays within ``budget`` words."""
        chunk = passage.chunk
        room = budget - words(chunk.text)
        before: list[Chunk] = []
        after: list[Chunk] = []
        prev_row, next_row = self._part(chunk, chunk.prev), self._part(chunk, chunk.next)
        while prev_row >= 0 or next_row >= 0:
            row = prev_row if prev_row >= 0 else next_row
            part = self.data.chunks[row]
            if words(part.text) > room:
                break
            room -= words(part.text)
            if row == prev_row:
                before.insert(0, part)
                prev_row = self._part(part, part.prev)
            else:
                after.append(part)
                next_row = self._part(part, part.next)
        if not before and not after:
            return passage
        pages = sorted({p for part in (*before, chunk, *after) for p in part.pages})
        return replace(passage, before="\n".join(p.text for p in before), after="\n".join(p.text for p in after),
                       pages=tuple(pages))

    def widen(self, passage: Passage, budget: int, table_budget: int = 0) -> Passage:
        """``passage`` with ``before`` / ``after`` text from its neighbours, at most ``budget`` words in all
        (``table_budget`` for a part of a long table, shown with its other parts)."""
        chunk = passage.chunk
        if chunk.kind == "table" and chunk.caption:
            return self._table(passage, max(budget, table_budget))
        room = budget - words(chunk.text)
        if budget <= 0 or room <= 0 or chunk.kind == "footnote":
            return passage
        prev_row, next_row = self._neighbour(chunk, chunk.prev), self._neighbour(chunk, chunk.next)
        prev, following = self._spans(prev_row), self._spans(next_row)
        start, end = passage.highlight
        left, right = words(chunk.text[:start]), words(chunk.text[end:])
        cut_prev = len(self.data.chunks[prev_row].text) if prev_row >= 0 else 0  # start of the text taken
        cut_next = 0  # end of the text taken
        while prev or following:
            take_left = bool(prev) and (not following or left <= right)
            a, b = prev[-1] if take_left else following[0]
            source = self.data.chunks[prev_row if take_left else next_row].text
            size = words(source[a:b])
            if size > room:
                break
            room -= size
            if take_left:
                prev.pop()
                cut_prev, left = a, left + size
            else:
                following.pop(0)
                cut_next, right = b, right + size
        before = self.data.chunks[prev_row].text[cut_prev:].strip() if prev_row >= 0 else ""
        after = self.data.chunks[next_row].text[:cut_next].strip() if next_row >= 0 else ""
        if not before and not after:
            return passage
        pages = list(chunk.pages)
        if before:  # a neighbour shown whole brings all its pages, its last sentences only its last page
            prev_pages = self.data.chunks[prev_row].pages
            pages.extend(prev_pages if cut_prev == 0 else prev_pages[-1:])
        if after:
            next_pages = self.data.chunks[next_row].pages
            pages.extend(next_pages if cut_next >= len(self.data.chunks[next_row].text.rstrip()) else next_pages[:1])
        return replace(passage, before=before, after=after, pages=tuple(sorted(set(pages))))

    def show(self, passages: list[Passage], evidence: Evidence, top_k: int, budget: int, table_budget: int) -> list[Passage]:
        """The passages widened for reading, none repeating what an earlier one shows; places freed
        that way go to the next-best chunks of ``evidence``."""
        shown = self.distinct([self.widen(p, budget, table_budget) for p in passages])
        if len(shown) < len(passages):
            ids = {p.chunk.id for p in passages}
            more = [p for p in top_passages(self.data, evidence, 3 * top_k, ()) if p.chunk.id not in ids]
            shown = self.distinct(shown + [self.widen(p, budget, table_budget) for p in more])[:top_k]
        return shown

    def distinct(self, passages: list[Passage]) -> list[Passage]:
        """``passages`` less those whose chunk an earlier one of the same report already shows (two
        parts of one table, a paragraph shown inside its neighbour's widened text). Reports that
        share a paragraph each keep theirs."""
        out: list[Passage] = []
        for p in passages:
            if not any(p.chunk.document == q.chunk.document and p.chunk.text in q.text for q in out):
                out.append(p)
        return out

