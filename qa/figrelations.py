"""How the report's statements of a figure relate: the sentence that defines a figure's label,
and the figure stated twice at two precisions ("59" in a summary panel, "58.8" in a table).

Both are worked out once per index, when the figure matcher (:mod:`qa.figmatch`) is built.
"""

from __future__ import annotations

import numpy as np

from .candidates import document_rows, sentence_rows
from .store import IndexData
from .text import decimals, rounds_to


def definition_sentences(data: IndexData) -> np.ndarray:
    """(figure, sentence, chunk) for each figure whose label the report defines: the defining sentence.

    Each figure is looked for only in its own document's chunks, so a collection of
    reports that share a footnote links every report's figure to its own copy, and
    the cost grows with the defined figures, not with the whole index.
    """
    spans = document_rows(data)
    normal: dict[int, str] = {}

    def text(row: int) -> str:
        if row not in normal:
            normal[row] = " ".join(data.chunks[row].text.split())
        return normal[row]

    out = []
    for i, figure in enumerate(data.figures):
        if not figure.definition or figure.document not in spans:
            continue
        definition = " ".join(figure.definition.split())
        chunk = next((c for c in range(*spans[figure.document]) if definition in text(c)), None)
        if chunk is None:
            continue
        for s in sentence_rows(data, np.array([chunk])):
            _, start, end = (int(x) for x in data.sentences[s])
            sentence = " ".join(data.chunks[chunk].text[start:end].split())
            if sentence and (sentence in definition or definition in sentence):
                out.append((i, s, chunk))
                break
    return np.array(out, dtype=np.int64).reshape(-1, 3)


def precise_twins(figures, label_tokens: list[set[str]]) -> np.ndarray:
    """For each figure, another that states the same statistic more precisely (-1 if none).

    A report often gives a number twice: "59" in a summary panel and "58.8" in a
    table. Same document, period and series, values that round to each other,
    and labels sharing a word ("Crimes recorded", "Recorded crime (excluding
    fraud)") make them one statistic (see :meth:`qa.figmatch.FigureMatcher.prefer_headline` for which answers).
    """
    twin = np.full(len(figures), -1, dtype=np.int64)
    groups: dict[tuple, list[int]] = {}
    for i, f in enumerate(figures):
        groups.setdefault((f.document, f.period, tuple(f.values)), []).append(i)
    for members in groups.values():
        for i in members:
            fine = [j for j in members if j != i and label_tokens[i] & label_tokens[j]
                    and rounds_to(figures[i].values, figures[j].values)]
            if fine:
                twin[i] = max(fine, key=lambda j: sum(map(decimals, figures[j].values.values())))
    return twin
