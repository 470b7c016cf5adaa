"""Compose the short extractive answer and its citation.

A figure answer is one sentence built only from the figure's fields; a text
answer is the best sentence of the best passage, word for word. When the
evidence is weak the answer says the report does not appear to cover it.
"""

from __future__ import annotations

from .records import Answer, Figure, Passage

NOT_COVERED = "The report does not appear to cover this."


def _value(value: float | str | None, unit: str | None) -> str:
    if value is None:
        return "no value"
    if isinstance(value, str):
        return value
    text = f"{value:g}"
    if unit == "%":
        return f"{text}%"
    return f"{text} {unit}" if unit else text


def figure_sentence(figure: Figure) -> Answer:
    """``Burglary in a dwelling: 5.3 per 1,000 households in West Mercia Police, 8.1 in England and Wales``,
    for a judgment ``How effective is the force at …? West Mercia Police: Good``, and for a statistic
    stated in a sentence that sentence (with the values it leaves to the next one)."""
    series = list(figure.values.items())
    where = [figure.figure] + [p for p in (figure.period,) if p] + ([f"page {figure.page}"] if figure.page else [])
    if any(isinstance(v, str) for _, v in series):  # a graded judgment
        grades = "; ".join(f"{name}: {value}" for name, value in series)
        return Answer(f"{figure.label} {grades}", ", ".join(where))
    parts = []
    for i, (name, value) in enumerate(series):
        parts.append(f"{_value(value, figure.unit if i == 0 else ('%' if figure.unit == '%' else None))} in {name}")
    if figure.figure == "Text":  # the report's own sentence; the values only when it does not state them all
        where[0] = figure.title
        stated = all(f"{abs(v):g}" in figure.label for _, v in series if isinstance(v, float))
        return Answer(figure.label if stated else f"{figure.label} ({', '.join(parts)})", ", ".join(where))
    label = f"{figure.group} – {figure.label}" if figure.group else figure.label
    return Answer(f"{label}: {', '.join(parts)}", ", ".join(where))


def passage_citation(passage: Passage) -> str:
    """``Section › Subsection, page N``."""
    chunk = passage.chunk
    where = " › ".join(chunk.section[-2:])
    return f"{where}, page {chunk.page}" if chunk.page else where


def compose(passages: list[Passage], figures: list[Figure], answerable: bool) -> Answer | None:
    """The answer for a result: a figure sentence, the best sentence, or 'not covered'."""
    if not answerable:
        return Answer(NOT_COVERED, "")
    if figures:
        return figure_sentence(figures[0])
    if not passages:
        return None
    best = passages[0]
    start, end = best.highlight
    return Answer(best.chunk.text[start:end].strip(), passage_citation(best))
