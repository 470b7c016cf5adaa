"""Match a question to the structured figures.

Evidence for a figure: the question's similarity to the figure's own text and
to the sentence (table row, statistic line) that states it in the report; the
share of the figure's label words the question uses, weighted by how rare each
word is among figures (so "adults" counts more than "caution"); the rank
of the passage that states it (or that defines its label); whether the question's
period ("2015/16", "over five years") agrees with the figure's (:mod:`qa.periods`);
and whether one side negates a word the other asserts (:mod:`qa.negation`). A
statistic stated twice at two precisions is given as the report first states it. All
vectors come from the build.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace

import numpy as np

from . import periods
from .figchoice import asks_precise, asks_rounded, label_phrases, plain_words, row_codes
from .figrelations import definition_sentences, precise_twins
from .lexical import text_tokens, tokenize
from .negation import clashes, polarity
from .linking import figure_sentences
from .sentences import figure_text
from .store import IndexData


@dataclass(frozen=True)
class FigureWeights:
    label: float = 0.15
    query: float = 0.3
    passage: float = 0.6
    period: float = 0.1
    polarity: float = 0.1  # taken from a figure whose label negates a word the question asserts, or the reverse
    definition: bool = True  # the passage and sentence defining a label count as the figure's own
    prose: float = 0.5  # taken from a statistic stated only in a sentence: its label is the whole sentence
    movement: float = 0.1  # taken from a level when the question asks how much something rose or fell
    code: float = 2.0  # given to a table row whose code the question names ("outcome 16"): decisive
    whose: float = 0.3  # taken from a statistic of other people ("Victim satisfaction" for "public satisfaction")


_MOVEMENT = re.compile(r"\b(?:go(?:ne|es|ing)?|went)\s+(?:up|down)\b|\b(?:ris(?:e|es|en|ing)|rose|increas\w*|"
                       r"decreas\w*|fall(?:s|en|ing)?|fell|drop(?:s|ped)?|declin\w*|grow(?:s|n|th)?|grew)\b", re.I)


# How an amount is expressed, not what is measured: "the rate of knife crime" must not match a row because
# its note says "the rate of burglary … is the rate for 1,000 households".
HOW_MEASURED = frozenset(text_tokens("percentage rate rates per proportion share number total average level"))


_WHOSE = re.compile(r"\b(public|residents?|victims?|officers?|staff)\b", re.I)


def _whose(text: str) -> frozenset[str]:
    """Whose view or whose count a text names ("public", "victim", "officer" …; residents are the
    public), so a statistic of one group does not answer a question about another."""
    return frozenset("public" if w.lower().startswith("resident") else w.lower().rstrip("s") for w in _WHOSE.findall(text))


# a later ask: "What share are satisfied, and has that dropped since 2015?" asks for the share first
_LATER_ASK = re.compile(r",\s*(?:and\s+|but\s+)?(?=(?:has|have|is|are|was|were|did|does|do|how|what)\b)", re.I)


def _first_ask(query: str) -> str:
    """The question up to a later ask after a comma: what it asks for first."""
    return _LATER_ASK.split(query, maxsplit=1)[0]


def _with_change(query: str) -> str:
    """The question, plus the word statistics use for movement ("Change in …") when it asks how much
    something rose or fell."""
    return f"{query} change" if _MOVEMENT.search(query) else query


class FigureMatcher:
    """Scores every figure of an index for a question."""

    def __init__(self, data: IndexData):
        self.data = data
        position = {c.id: i for i, c in enumerate(data.chunks)}
        self.chunk = np.array([position.get(f.chunk or "", -1) for f in data.figures], dtype=np.int64)
        self.sentence = figure_sentences(data.figures, data.chunks, data.sentences)
        self.is_grade = np.array([any(isinstance(v, str) for v in f.values.values()) for f in data.figures], dtype=bool)
        label_tokens = [set(t) for t in tokenize([" ".join(filter(None, [f.group, f.label])) for f in data.figures])]
        judged = [i for i, f in enumerate(data.figures) if f.figure == "Judgment"]
        if len(judged) > 1:  # words every judgment shares ("how effective is the force") tell none apart
            shared = set.intersection(*(label_tokens[i] for i in judged))
            for i in judged:
                label_tokens[i] = label_tokens[i] - shared
        # A statistic stated in a sentence names the series ("in West Mercia, compared with … England and
        # Wales"); a table row does not. Those words say whose value it is, not which statistic.
        series = set(text_tokens(" ".join({name for f in data.figures for name in f.values})))
        all_tokens = [set(t) - series if f.figure == "Text" else set(t)
                      for f, t in zip(data.figures, tokenize([figure_text(f) for f in data.figures]))]
        # Word rarity is counted over the tables, panels and judgments only: statistics stated in sentences
        # (long labels) must not change how table rows are told apart; their other words count as rare.
        structured = [tokens for f, tokens in zip(data.figures, all_tokens) if f.figure != "Text"]
        n = max(len(structured), 1)
        df: dict[str, int] = {}
        for tokens in structured:
            for t in tokens:
                df[t] = df.get(t, 0) + 1
        for tokens in all_tokens:
            for t in tokens:
                df.setdefault(t, 1)
        self.vocab = {t: i for i, t in enumerate(df)}
        self.idf = np.array([math.log(1 + n / c) for c in df.values()])
        self.labels = self._matrix(label_tokens, weighted=True)  # figure x token: idf of its label's tokens
        self.words = self._matrix(all_tokens, weighted=False)  # figure x token: 1 for every token it is matched on
        self.label_total = np.asarray(self.labels.sum(axis=1)).ravel()
        distinct = {p: i for i, p in enumerate(dict.fromkeys(f.period or "" for f in data.figures))}
        self.periods = [periods.parse(p) for p in distinct]  # few distinct periods, however many figures
        self.period_of = np.array([distinct[f.period or ""] for f in data.figures], dtype=np.int64)
        self.twin = precise_twins(data.figures, label_tokens)
        self.rounded = {int(t): i for i, t in enumerate(self.twin) if t >= 0}  # precise -> its rounded twin
        # a group's words and a row's words negated apart: "(victim does not support …)" / "Suspect identified"
        self.polar = [[polarity(part) for part in (f.group, f.label) if part] for f in data.figures]
        self.negates = np.array([any(any(p.values()) for p in parts) for parts in self.polar], dtype=bool)
        self.prose = np.array([f.figure == "Text" for f in data.figures], dtype=bool)
        self.level = np.array(["chang" not in t for t in label_tokens], dtype=bool)  # no "Change" in label or group
        self.defined = definition_sentences(data)  # (figure, sentence, chunk) triples
        self.codes = row_codes(data.figures)
        labelled = [_whose(f.label) for f in data.figures]
        self.whose_any = np.array([bool(w) for w in labelled], dtype=bool)  # a label naming whose statistic it is
        self.whose_of = {g: np.array([g in w for w in labelled], dtype=bool) for g in set().union(*labelled)}
        plain = [f" {plain_words(f.label)} " for f in data.figures]
        self.phrases = {p: np.array([f" {p} " in text for text in plain], dtype=bool) for p in label_phrases(data.figures)}

    def _matrix(self, token_sets: list[set[str]], weighted: bool):
        """A sparse figure-by-token matrix, so word coverage is one sparse product per question."""
        from scipy.sparse import csr_matrix

        rows, cols = [], []
        for i, tokens in enumerate(token_sets):
            for t in tokens:
                if t in self.vocab:
                    rows.append(i)
                    cols.append(self.vocab[t])
        cols_arr = np.array(cols, dtype=np.int64)
        values = self.idf[cols_arr] if weighted else np.ones(len(cols))
        return csr_matrix((values, (np.array(rows, dtype=np.int64), cols_arr)), shape=(len(token_sets), len(self.vocab)))

    def scores(self, query_vector: np.ndarray, query: str, passage_rank: np.ndarray,
               weights: FigureWeights = FigureWeights(), subset: np.ndarray | None = None) -> np.ndarray:
        """One score per figure, comparable across questions (cosine-like scale); -1 outside ``subset``."""
        out = np.full(len(self.data.figures), -1.0)
        if not self.data.figures:
            return out
        subset = np.arange(len(out)) if subset is None else subset
        dense = self.data.figure_vectors[subset] @ query_vector
        rows = self.sentence[subset]
        row = np.where(rows >= 0, np.asarray(self.data.sentence_vectors[np.maximum(rows, 0)]) @ query_vector, -1.0)
        asked = np.zeros(len(self.vocab))
        asked[[self.vocab[t] for t in set(text_tokens(_with_change(query))) - HOW_MEASURED if t in self.vocab]] = 1.0
        extra = self._extra(weights, subset)
        local = np.full(len(out), -1, dtype=np.int64)
        local[subset] = np.arange(len(subset))
        if len(extra):  # a label's defining sentence speaks for its figure too
            sims = np.asarray(self.data.sentence_vectors[extra[:, 1]]) @ query_vector
            np.maximum.at(row, local[extra[:, 0]], sims)
        out[subset] = np.maximum(dense, row)
        everything = len(subset) == len(out)  # slicing a sparse matrix by rows copies it
        labels, words = (self.labels, self.words) if everything else (self.labels[subset], self.words[subset])
        label = labels @ asked
        total = self.label_total[subset]
        out[subset] += weights.label * np.divide(label, total, out=np.zeros_like(label), where=total > 0)
        known = float(self.idf @ asked)
        if known:
            out[subset] += weights.query * (words @ (self.idf * asked)) / known
        chunk = self.chunk[subset]
        linked = chunk >= 0
        rank = np.where(linked, passage_rank[np.maximum(chunk, 0)], np.iinfo(np.int64).max // 2)
        if len(extra):
            np.minimum.at(rank, local[extra[:, 0]], passage_rank[extra[:, 2]])
        reached = rank < np.iinfo(np.int64).max // 2
        out[subset[reached]] += weights.passage / (1 + rank[reached])
        if weights.prose:
            out[subset[self.prose[subset]]] -= weights.prose
        if weights.movement and _MOVEMENT.search(_first_ask(query)):  # "how much did it rise": a change, not a level
            out[subset[self.level[subset]]] -= weights.movement
            # a change stated only in a sentence ("This is 8 percent fewer incidents …") is what is asked:
            # a quarter of its handicap as prose is lifted
            out[subset[(self.prose & ~self.level)[subset]]] += weights.prose / 4
        if weights.polarity:  # "suspect not identified" does not answer "the suspect was known"
            out[self._clashing(query, subset)] -= weights.polarity
        asked_whose = _whose(query)
        if weights.whose and asked_whose:  # "public satisfaction" is not "Victim satisfaction …"
            theirs = np.zeros(len(out), dtype=bool)
            for group in asked_whose & self.whose_of.keys():
                theirs |= self.whose_of[group]
            other = self.whose_any & ~theirs & ~self.is_grade
            out[subset[other[subset]]] -= weights.whose
        if weights.code:
            named = [i for i in subset if self.codes[i] is not None and self.codes[i].search(query)]
            out[named] += weights.code
        asked_period = periods.parse(query)
        if asked_period:
            agree = np.array([periods.agreement(asked_period, p) for p in self.periods])
            out[subset] += weights.period * agree[self.period_of[subset]]
        return out

    def naming(self, query: str) -> np.ndarray:
        """Per figure, whether it states a table label the question (with its expansions: "crimes with
        a direct victim" adds "victim-based crime") names as it stands: "victim-based crime change"
        asks for victim-based crime's change, not all crime's."""
        asked = f" {plain_words(query)} "
        out = np.zeros(len(self.data.figures), dtype=bool)
        for phrase, holders in self.phrases.items():
            if f" {phrase} " in asked and not re.search(rf"\b(?:no|not|non|without) {re.escape(phrase)} ", asked):
                out |= holders  # "no suspect identified" does not name "Suspect identified"
        return out

    def _clashing(self, query: str, subset: np.ndarray) -> list[int]:
        """Figures of ``subset`` whose label negates a word the question asserts, or the reverse.
        A question without negation can only clash with a label that has one."""
        asked = polarity(query)
        check = subset if any(asked.values()) else subset[self.negates[subset]]
        return [int(i) for i in check if any(clashes(asked, part) for part in self.polar[i])]

    def _extra(self, weights: FigureWeights, subset: np.ndarray) -> np.ndarray:
        """(figure, sentence, chunk) rows of the other sentences that speak for a figure of ``subset``."""
        if not weights.definition or not len(self.defined):
            return np.zeros((0, 3), dtype=np.int64)
        return self.defined[np.isin(self.defined[:, 0], subset)]

    def highlight(self, passage, figure: int):
        """The passage with the figure's own line (its table row, its statistic) highlighted."""
        sentence = self.sentence[figure]
        if sentence < 0:
            return passage
        _, start, end = (int(x) for x in self.data.sentences[sentence])
        return replace(passage, highlight=(start, end))

    def as_shown(self, matched: list[tuple[int, float]], row: int, query: str = "") -> list[tuple[int, float]]:
        """``matched`` with its first figure swapped for its rounded or precise twin when the twin is the
        one the first passage shown (chunk ``row``) states: the figure agrees with the passage, unless
        the question asks for a precision ("roughly", "to one decimal place")."""
        if not matched or asks_rounded(query) or asks_precise(query):
            return matched
        first, score = matched[0]
        twin = int(self.twin[first]) if self.twin[first] >= 0 else self.rounded.get(first)
        if twin is None or self.chunk[first] == row or self.chunk[twin] != row:
            return matched
        return [(twin, score)] + [m for m in matched[1:] if m[0] != twin]

    def prefer_headline(self, matched: list[tuple[int, float]], query: str) -> list[tuple[int, float]]:
        """``matched`` with each figure stated twice at two precisions ("59" in a summary panel, "58.8"
        in a table) given as the report first states it, its headline, and the other statement next;
        the other first when the question asks for its precision ("to one decimal place", "roughly")
        or names what only the other has: words of its table label ("excluding fraud") or its whole
        source ("figure 2")."""
        asked, rough, fine = set(text_tokens(query)), asks_rounded(query), asks_precise(query)
        out: list[tuple[int, float]] = []
        for i, score in matched:
            precise = int(self.twin[i]) if self.twin[i] >= 0 else i  # i is rounded, or may have a rounded twin
            rounded = i if precise != i else self.rounded.get(i, -1)
            chosen = [i]
            if rounded >= 0:  # the other statement follows it: its label too says what was matched
                first, other = sorted((rounded, precise), key=lambda j: (self.chunk[j] < 0, self.chunk[j]))
                pick = rounded if rough else precise if fine else other if self._names_own(other, first, asked) else first
                chosen = [pick, i] if pick != i else [i]
            out.extend((j, score) for j in chosen if all(j != k for k, _ in out))
        return out

    def _names_own(self, figure: int, twin: int, asked: set[str]) -> bool:
        """Whether the question uses a word of ``figure``'s table label that ``twin``'s lacks, or every
        word of its source that ``twin``'s lacks (a statistic stated in a sentence has the sentence
        for its label: no label words of its own)."""
        def label(j: int) -> set[str]:
            f = self.data.figures[j]
            return set() if f.figure == "Text" else set(text_tokens(f.label))
        source = set(text_tokens(self.data.figures[figure].figure)) - set(text_tokens(self.data.figures[twin].figure))
        return bool((label(figure) - label(twin)) & asked) or bool(source and source <= asked)
