"""Which of a report's judgments a grade question asks for.

A report holds one overall judgment, one per area it inspects, and perhaps last
year's overall judgment. The figure scores (label, passage) say which judgment a
question is about; these adjustments add what the scores cannot see: a
question naming no area asks for the overall one, "last year" asks for the
earlier one, "which area still requires improvement?" or "which part is the
force marked down on?" asks for the judgments given that grade (or the lowest
grade given), and the share of the question's area words each judgment's own
sections use.
"""

from __future__ import annotations

import numpy as np

from .intent import asks_earlier, asks_lowest, asks_overall, asks_which_area, grades_named
from .lexical import text_tokens
from .scope_grades import judgment_areas

# the grading scale, lowest first
SCALE = ("inadequate", "requires improvement", "good", "outstanding")


class GradeChoice:
    """The judgments of one index, and the adjustments a grade question makes to their scores."""

    def __init__(self, figures, chunks, titles: list[str]):
        judged = [f.figure == "Judgment" for f in figures]
        self.documents = [f.document for f in figures]
        self.overall = np.array([j and f.group == "Overall" for f, j in zip(figures, judged)], dtype=np.float64)
        self.grade_of = np.array([str(next(iter(f.values.values()), "")).lower() if j else ""
                                  for f, j in zip(figures, judged)], dtype=object)
        self.earlier = np.array([j and f.period is not None for f, j in zip(figures, judged)], dtype=bool)
        self.earlier_years = {f.period for f, e in zip(figures, self.earlier) if e}  # last year's overall grade
        self.area_of = judgment_areas(figures, chunks, titles)
        self.areas = set().union(*self.area_of.values()) if self.area_of else set()
        areas = (self.overall == 0) & ~self.earlier & np.isin(self.grade_of, SCALE)
        given = [SCALE.index(g) for g in self.grade_of[areas]]
        self.lowest = SCALE[min(given)] if given else None  # the lowest grade an area was given

    def overall_of(self, figure: int) -> int:
        """The overall judgment of ``figure``'s report (``figure`` itself if there is none)."""
        overall = [i for i in np.nonzero(self.overall)[0] if self.documents[i] == self.documents[figure] and not self.earlier[i]]
        return int(overall[0]) if overall else figure

    def names_an_area(self, query: str) -> bool:
        """Whether the question uses a word that tells one judgment from the others ("organised",
        "vulnerable"); "What was the force's grade?" does not, so it asks for the overall one."""
        return bool(set(text_tokens(query)) & self.areas)

    def adjust(self, scores: np.ndarray, query: str, config) -> np.ndarray:
        """``scores`` of the judgments, adjusted for what the grade question asks (see the module)."""
        which_area = asks_which_area(query)  # "which part, despite the overall good rating": not the overall one
        if not which_area and (asks_overall(query) or not self.names_an_area(query)):
            scores = scores + config.overall_bonus * self.overall
        # an earlier year's judgment answers only a question asking for it, and wins there
        scores = np.where(self.earlier, scores + 1.0 if asks_earlier(query, self.earlier_years) else -1.0, scores)
        named = grades_named(query) | ({self.lowest} if which_area and self.lowest and asks_lowest(query) else set())
        scores = scores + config.named_grade * np.isin(self.grade_of, list(named))
        asked = set(text_tokens(query)) & self.areas
        if config.area_weight and asked:  # the share of the question's area words a judgment's own sections use
            scores = scores.copy()
            for i, words in self.area_of.items():
                scores[i] += config.area_weight * len(asked & words) / len(asked)
        return scores
