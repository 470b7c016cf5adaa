"""The question-answering core: load an index once, answer questions from it.

Pure Python, no web framework: the CLI, the Flask app and the evaluation all
call :meth:`Engine.ask`.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import numpy as np

from . import periods
from .answer import compose
from .answertype import asked_unit, unit_kind, expects_number, asks_amount, asks_for_count, asks_for_quantity, figure_cannot_answer, is_relative
from .embed import Embedder, encoder_for
from .records import Chunk, Result
from .glossary import asked_abbreviations, expand, hyphen_spellings, respell, spelled_out
from .figmatch import FigureMatcher, FigureWeights
from .figures import COMPARATORS
from .lexical import text_tokens
from .intent import (advice_chunks, asks_for_advice, asks_for_definition, asks_for_gap, asks_for_grade, asks_for_method,
                     asks_which_area, gap_chunks, method_chunks, pointer_chunks)
from .gradechoice import GradeChoice
from .scope import (asks_comparator_only, excluded_asked, graded_forces, named_forces, other_forces, ranks_forces, shunned, stated_forces,
                    ungraded_forces, unknown_kinds, unknown_names, unstated_kinds)
from .scope_grades import (held_years, judged_words, other_inspections, unjudged_qualifiers,
                           unjudged_years)
from .retrieve import RetrievalConfig, answerable, gather, match_figures, passage_ranks, promote, top_passages
from .window import Widener
from .checks import ASK_PASSAGES, CountAsked, PassageChecks, antecedents, asks, count_fits, names_unit, numeric_ask
from .sentencefit import asks_duration, asks_population, states_population
from .subgroup import unnamed_group_words
from .figchoice import names_a_label, prefer_group, prefer_latest, prefer_unqualified, unstated_years
from .candidates import allowed_rows, document_rows
from .linking import restatements
from .store import IndexData, load_data
from .validate import MAX_QUESTION, MAX_TOP_K, QuestionError, UnknownDocument, check_documents, validate_question

__all__ = ["Engine", "MAX_QUESTION", "MAX_TOP_K", "QuestionError", "UnknownDocument"]

# words that say how something is measured, not what: they name no statistic of their own
_MEASURES = set(text_tokens("percentage rate rates per population proportion share number total crime crimes "
                            "offences incidents level recorded"))
_FINDING = re.compile(r"\b(?:find|found|show|showed|say|said)\s+about\b", re.I)  # "what did the survey find about … in Kent?"
_TIME_UNIT = re.compile(r"\b(?:minutes?|hours?|days?|weeks?|months?|years?)\b")


class Engine:
    """Answers questions from one loaded index."""

    def __init__(self, data: IndexData, embedder: Embedder, config: RetrievalConfig = RetrievalConfig()):
        self.data = data
        self.embedder = embedder
        self.config = config
        self._by_id = {c.id: c for c in data.chunks}
        self.rows = rows = {c.id: i for i, c in enumerate(data.chunks)}  # chunk id -> row, shared by its parts
        self.widener = Widener(data, rows)
        self.figures = FigureMatcher(data)
        self.glossary = data.glossary
        self._spelled = spelled_out(data.chunks, self.glossary)  # abbreviation -> where each report spells it out
        self.vocab = data.vocabulary
        self._spellings = hyphen_spellings(self.vocab)
        self.graded = graded_forces(data.figures)
        self.stated = stated_forces(data.figures)
        self.forces = named_forces(data.chunks)
        titles = [d.get("title", "") for d in data.manifest["documents"]]
        self.held_years = held_years(titles, data.chunks)
        self.published = periods.published(data.chunks)
        self.inspected_years = held_years(titles, [])  # the titles' years only
        self.judged = judged_words(data.figures, titles)
        self.spans = document_rows(data)
        self._figure_doc = np.array([f.document for f in data.figures], dtype=object)
        self._footnotes = np.array([c.kind == "footnote" for c in data.chunks], dtype=np.float64)
        self._advice = advice_chunks(data.chunks)
        self._method = method_chunks(data.chunks)
        self._relative = np.array([is_relative(f.unit) for f in data.figures], dtype=bool)
        rate_rows = {int(s) for s, rel in zip(self.figures.sentence, self._relative) if rel and s >= 0}
        self.checks = PassageChecks(data, rows, rate_rows)
        self._before = antecedents(data, self.figures.sentence)
        self._restated = restatements(data.figures, data.chunks, self.figures.chunk)
        self._pointers = pointer_chunks(data.chunks)
        self._gaps = gap_chunks(data.chunks)
        self._stated_words = {t for f in data.figures if f.figure != "Judgment" and unit_kind(f.unit) != "count"
                              for t in text_tokens(" ".join(filter(None, [f.group, f.label])))}
        self._texts = [c.text for c in data.chunks]
        self.others = other_inspections(self._texts, self.judged)  # "legitimacy": an inspection held elsewhere
        self._labels = set(self.figures.phrases)  # the table labels of two words or more, found once
        self._timed = np.array([bool(_TIME_UNIT.search(f.unit or "")) for f in data.figures])  # "how long": these only
        self._unit_kinds = np.array([unit_kind(f.unit) or "" for f in data.figures], dtype=object)
        self._force_words = set(text_tokens(" ".join(self.graded | self.stated)))
        self.grades = GradeChoice(data.figures, data.chunks, titles)

    @classmethod
    def load(cls, index_dir: Path, model: str | None = None, config: RetrievalConfig = RetrievalConfig()) -> "Engine":
        """Load ``index_dir``; the model comes from its manifest unless given."""
        data = load_data(Path(index_dir))
        return cls(data, encoder_for(Path(index_dir), data.manifest, model), config)

    @property
    def manifest(self) -> dict:
        return self.data.manifest

    def document(self, doc_id: str) -> dict | None:
        """The parsed document ``doc_id`` (read from disk on demand), or None."""
        ids = [d["id"] for d in self.manifest["documents"]]
        return self.data.documents[ids.index(doc_id)] if doc_id in ids else None

    def chunk(self, chunk_id: str) -> Chunk | None:
        return self._by_id.get(chunk_id)

    def ask(self, question: str, top_k: int = 5, documents: list[str] | None = None) -> Result:
        """Passages, figures and a short answer for ``question``, from ``documents`` (ids) or all."""
        started = time.perf_counter()
        typed = validate_question(question, top_k)
        question = respell(typed, self._spellings)  # "antisocial" as the report spells it, "anti-social"
        allowed = allowed_rows(self.spans, check_documents(self.spans, documents))
        query = expand(question, self.glossary)
        vector = self.embedder.encode([query])[0]
        evidence = gather(self.data, vector, query, self.config, allowed, self._prior(question))
        grade = self.config.grade_boost and asks_for_grade(question)
        unknown = self._unknown(question, grade)
        ok, strength = answerable(evidence, self.config, unknown)
        ok = ok or (not unknown and names_a_label(question, self._labels))  # a row label typed as it stands
        # what a term means, why or when: the report's words answer it, not a statistic's value
        wordy = figure_cannot_answer(question) or (asks_for_definition(question) and not asks_for_quantity(question))
        # a wordy question's figure answers its later ask for a number: "Where is it from, and how many …?"
        asked = question if grade or not wordy else numeric_ask(question)
        wanted = (ok or (grade and not unknown)) and asked is not None
        several = len(asks(question)) > 1
        matched, other_unit = (self._match_figures(vector, query, evidence, grade, documents, asked, several)
                               if wanted else ([], False))
        ok = ok or bool(grade and matched)  # a report's judgment matched: short grade questions score low on passages
        if other_unit:  # no figure answers it; a sentence of the best passage may (below)
            matched = []
        elif matched and (self._stated_otherwise(question, [i for i, _ in matched]) or self._force_only(question, matched)):
            ok, matched = False, []
        if matched and (grade or (self.config.figure_first and asks_for_quantity(question))):
            # the judgment's passage first; for "which area…", the overall summary that names the areas
            first = self.grades.overall_of(matched[0][0]) if grade and asks_which_area(question) else matched[0][0]
            promote(evidence, int(self.figures.chunk[first]))
            promote(evidence, int(self._restated[first]))  # the body's sentence saying it, then the row
        passages = top_passages(self.data, evidence, int(top_k), self.config.reserved)
        if passages:  # a statistic stated twice, rounded and precise: as the first passage states it
            matched = self.figures.as_shown(matched, self.rows[passages[0].chunk.id], query)
        if ok and not self._covered(question, passages, bool(matched), other_unit, grade):
            ok, matched = False, []
        figures = [self.data.figures[i] for i, _ in matched]
        # The short answer is the figure only when the best passage states it (or a grade was asked for).
        stated = bool(matched and passages and figures[0].chunk == passages[0].chunk.id)
        if stated:
            passages[0] = self.figures.highlight(passages[0], matched[0][0])
        passages = self.widener.show(passages, evidence, int(top_k), self.config.passage_words, self.config.table_words)
        answer = compose(passages, figures if grade or stated else [], ok)
        took_ms = round((time.perf_counter() - started) * 1000, 1)
        return Result(typed, answer, ok, tuple(passages), tuple(figures), took_ms, debug={"strength": strength})

    def _covered(self, question: str, passages: list, matched: bool, other_unit: bool, grade: bool) -> bool:
        """Whether the passages can answer what the question asks, once retrieval found them good enough:
        a statistic given only in another kind of amount needs a sentence stating the kind asked; with no
        figure matched, the best passage must hold the kind of answer asked for (a count, a time …; see
        :meth:`PassageChecks.answers`); a population needs a passage stating one, not a rate "per 1,000
        population"; another force's statistic, a passage naming that force."""
        if not passages:
            return not other_unit and not asks_population(question)
        if other_unit and not self.checks.states_amount(question, passages[0]):
            return False
        national = asks_comparator_only(question, self.stated)
        if not other_unit and not matched and not self.checks.answers(question, passages, national):
            return False
        if asks_population(question) and not any(states_population(p.chunk.text) for p in passages[:ASK_PASSAGES]):
            return False
        return grade or not self._about_another_force(question, passages[0])

    def _prior(self, question: str) -> np.ndarray | None:
        """Per-chunk bonus for the kind of passage the question asks for (footnotes define terms,
        "Areas for improvement" sections say what the force must do); a bare cross-reference
        ("Please see 'Anti-social behaviour' above.") answers nothing, so it always loses a little."""
        prior = np.zeros(len(self.data.chunks))
        if asks_for_definition(question):
            prior += self.config.definition_weight * self._footnotes
            for abbr in asked_abbreviations(question, self.glossary):  # where the report spells it out
                prior[self._spelled.get(abbr, [])] += self.config.spelled_weight
        if asks_for_advice(question):
            prior += self.config.advice_weight * self._advice
        if asks_for_method(question):
            prior += self.config.method_weight * self._method
        if asks_for_gap(question):
            prior += self.config.gap_weight * self._gaps
        prior -= self.config.pointer_penalty * self._pointers
        return prior if prior.any() else None

    def _unknown(self, question: str, grade: bool) -> list[str]:
        """What the question names that these reports do not hold: names and numbers they never use, a
        ranking of forces; for a grade question, another force, inspection or year."""
        unknown = unknown_names(question, self.vocab) + (["which force ranks"] if ranks_forces(question, self.stated) else [])
        unknown += periods.after_publication(question, self.published)  # what happened after the reports
        if grade:
            unknown += ungraded_forces(question, self.graded) + unjudged_qualifiers(question, self.judged, self.others)
            earlier = set() if self.grades.names_an_area(question) else self.grades.earlier_years  # stated for the overall grade only
            unknown += other_forces(question, self.forces, self.graded)
            unknown += unjudged_years(question, self.held_years | earlier, self.inspected_years | earlier)
        return unknown

    def _about_another_force(self, question: str, passage) -> bool:
        """Whether a statistic or a finding ("what did the survey find about … in Warwickshire?") is
        asked for another force than the reports' own, and the best passage does not name it: the
        reports give values for their own force and the nation only (a passage about "Suffolk
        Constabulary" providing eight months of data does answer about Suffolk). A why or when
        question is neither."""
        if not expects_number(question) and not _FINDING.search(question):
            return False
        others = other_forces(question, self.forces, self.stated)
        text = passage.chunk.text.lower()
        return bool(others) and not any(o in text for o in others)

    def _force_only(self, question: str, matched: list[tuple[int, float]]) -> bool:
        """Whether the national value alone is asked for and the matched statistic gives the force's only."""
        first = self.data.figures[matched[0][0]]
        return first.figure != "Judgment" and asks_comparator_only(question, self.stated) and not any(
            series in COMPARATORS for series in first.values)

    def _stated_otherwise(self, question: str, matched: list[int]) -> bool:
        """Whether the report gives the matched statistic only for another period than the question
        names, or the question asks for a kind of it the report never mentions ("knife crime") or gives no
        statistic for ("robbery rate"), or rules out what the figure is ("(not households)"), or asks a
        share of a group the figure does not name ("percentage of rape allegations" and all crime's)."""
        period = self.figures.periods[self.figures.period_of[matched[0]]]
        labels = [self.data.figures[i].label for i in matched if self.data.figures[i].figure != "Judgment"]
        first = self.data.figures[matched[0]]
        own_words = " ".join(filter(None, [first.group, first.title, first.label, first.unit,
                                           *self.data.chunks[int(self.figures.chunk[matched[0]])].section]))
        return (periods.contradicts(periods.parse(question), period) or bool(unknown_kinds(question, self.vocab, labels))
                or bool(labels and unstated_kinds(question, labels, self._stated_words, self.checks.rare, self._texts))
                or bool(excluded_asked(question, labels)) or bool(shunned(question, first.label, first.unit))
                or bool(labels and unnamed_group_words(question, own_words, self.checks.scarce, self._force_words))
                or bool(unstated_years(question, matched[0], self.data.figures)))

    def _figure_subset(self, evidence, documents: list[str] | None) -> np.ndarray | None:
        """Figures worth matching: all (small index, no filter), else those of the scored chunks and documents."""
        if evidence.rows is None and documents is None:
            return None
        keep = np.isin(self._figure_doc, documents) if documents is not None else np.ones(len(self._figure_doc), bool)
        if evidence.rows is not None and len(self.data.chunks) > self.config.exact_limit:
            keep &= np.isin(self.figures.chunk, evidence.rows)
        return np.nonzero(keep)[0]

    def _match_figures(self, vector: np.ndarray, query: str, evidence, grade: bool, documents: list[str] | None = None,
                       question: str | None = None, several: bool = False) -> tuple[list[tuple[int, float]], bool]:
        """Figures matching the question (only judgments when it asks for a grade), and whether the
        statistic asked for is given only in another kind of amount ("what percentage of burglary
        victims…" matches a rate per 1,000 households and nothing else). A question of ``several``
        asks ("How many files, and from what period?") matches a count of its noun more loosely: its
        other asks dilute its likeness to the count's sentence."""
        c = self.config
        weights = FigureWeights(c.grade_label if grade else c.fig_label, c.fig_query,
                                c.grade_passage if grade else c.fig_passage, c.fig_period, c.fig_polarity,
                                c.fig_definition, c.fig_prose, c.fig_movement)
        subset = self._figure_subset(evidence, documents)
        scores = self.figures.scores(vector, query, passage_ranks(evidence), weights, subset)
        scores = np.where(self.figures.is_grade == grade, scores, -1.0)
        if grade:
            scores = self.grades.adjust(scores, query, c)
        asked = question or query  # what is asked is read from the question, not its spelled-out abbreviations
        counting = CountAsked.of(asked)
        if asks_duration(asked):  # "how long does it take …": only a figure in units of time
            scores = np.where(self._timed, scores, -1.0)
        if asks_for_count(asked) or counting.money:  # "how many officers", "how much cash": not a rate or a share
            of_counted = np.array([bool(counting.words) and rel and counting.share_of_counted(f.label)
                                   for rel, f in zip(self._relative, self.data.figures)], dtype=bool)
            scores = np.where(self._relative & ~of_counted, -1.0, scores)  # bar "30 percent of all officers"
        for i in np.nonzero(self._unit_kinds == "count")[0]:  # a count stated in prose: of what is asked only
            ok = count_fits(counting, self.data.figures[i], self._force_words, self._before.get(i, ""))
            bonus = c.fig_counted + c.fig_counted_several * several
            # "How were the case files picked, and how many did they look at?": its noun in an earlier ask
            named = counting.named or (counting.asks and names_unit(counting.tokens, self.data.figures[i].unit or ""))
            scores[i] = scores[i] + bonus * named if ok else -1.0
        threshold = self._threshold(query, scores, grade)
        unit = asked_unit(asked)
        other_unit = False
        if unit and not grade:  # a share asked for is not answered by a rate per 1,000, nor the reverse
            clash = ~np.isin(self._unit_kinds, [unit, "either", ""])
            unfiltered = match_figures(self.data, scores, c, threshold)
            scores = np.where(clash, -1.0, scores)
            other_unit = bool(unfiltered) and clash[unfiltered[0][0]] and self._unit_kinds[unfiltered[0][0]] != "count"
        if len(scores) and scores.max() >= threshold:  # which figure, once one is good enough
            scores = scores + c.fig_phrase * self.figures.naming(query)
        matched = match_figures(self.data, scores, c, threshold)
        other_unit = other_unit and not matched  # a figure of the kind asked for matched too: it answers
        matched = prefer_latest(self.figures.prefer_headline(matched, query), query, self.data.figures)
        return prefer_group(prefer_unqualified(matched, query, self.data, self.figures.chunk), query, self.data), other_unit

    def _threshold(self, query: str, scores: np.ndarray, grade: bool) -> float:
        """The figure threshold: lower for grades (one of a few judgments is asked for), and lower when an
        amount is asked for and the best figure's label shares a word with the question that says what
        is measured ("What is the charge rate?" and "Charged/summonsed"), not how ("rate", "percentage")."""
        c = self.config
        if grade:
            return c.grade_threshold
        if len(scores) and asks_amount(query):
            top = self.data.figures[int(np.argmax(scores))]
            label = set(text_tokens(" ".join(filter(None, [top.group, top.label]))))
            if (label & set(text_tokens(query))) - _MEASURES:
                return min(c.named_threshold, c.figure_threshold)
        return c.figure_threshold

