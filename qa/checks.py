"""Whether the best passage holds the kind of answer a question asks for.

Retrieval finds the passage most like the question; these checks say whether it can answer it:
a count needs a number beside what is counted, a share or rate asked for needs a sentence stating
one beside a topic word. They read the passage's sentences (stored at build time), never the model.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

import numpy as np

from .answertype import asked_unit, asks_often, asks_size, asks_for_count, counted, counted_head, expects_number, figure_cannot_answer, states_unit, topic_text
from .sentencefit import NAME_WORD, asks_duration, asks_money, asks_when, asks_which_firm, sentence_answers
from .candidates import sentence_rows
from .lexical import text_tokens
from .lexicon import lay_terms
from .records import Figure, Passage
from .scope import COMPARATOR_SAID
from .store import IndexData


# words for people in general: a count of one is a count of any ("residents" asked, "403 people" said)
_PERSONS = {w[:4] for w in text_tokens("people persons individuals residents respondents participants "
                                         "interviewees inhabitants members")}  # "members of the public"


def _named(words, passage_words) -> bool:
    """Whether each of ``words`` is in ``passage_words`` up to its first four letters, so that a
    paraphrase's other ending still counts ("sex offender" for "sexual offences"); a word for people
    in general is named by any other ("residents" by "people")."""
    prefixes = {w[:4] for w in passage_words}
    persons = bool(prefixes & _PERSONS)
    return all(w[:4] in prefixes or any(p.startswith(w) for p in prefixes) or (persons and w[:4] in _PERSONS)
               for w in words)


@dataclass(frozen=True)
class CountAsked:
    """What a question asks of a count stated in prose, read once per question (an index holds
    dozens of counts, each checked against it)."""

    asks: bool  # "how many", a sum of money, "how often"
    size: bool  # "how large was the …", "what was the …": only a count whose own noun it names
    money: bool
    often: bool
    duration: bool  # "how long …": a count of days, weeks, months or years answers
    named: bool  # it names what it counts ("how many forces")
    stated: frozenset[float]  # numbers the question itself states
    words: tuple[str, ...]  # tokens of what it counts, up to its last plural noun
    heads: tuple[str, ...]  # tokens of its plural nouns ("missing persons co-ordinators": either is counted)
    tokens: frozenset[str]

    @classmethod
    def of(cls, question: str) -> "CountAsked":
        thing, money, often = counted(question), asks_money(question), asks_often(question)
        phrase = "" if often else _noun_phrase(thing or "")
        return cls(asks=bool(asks_for_count(question) or thing or money or often), size=asks_size(question),
                   money=money, often=often, duration=asks_duration(question), named=bool(thing),
                   stated=frozenset(float(n.replace(",", "")) for n in re.findall(r"\d[\d,]*(?:\.\d+)?", question)),
                   words=tuple(text_tokens(phrase)),
                   heads=tuple(text_tokens(" ".join(w for w in phrase.split() if is_plural(w.lower())))),
                   # with the statistics' terms for its everyday words: a "pile … waiting to be examined" is a backlog
                   tokens=frozenset(text_tokens(" ".join([question, *lay_terms(question)]))))

    def share_of_counted(self, label: str) -> bool:
        """Whether a share's ``label`` states it of what the question counts: "30 percent of all
        officers should have completed …" answers "How many officers should have done the course?", but
        "12 percent of all police-recorded crime" is no count of domestic abuse crimes: every word of
        what is counted follows "percent of"."""
        of = _share_of(label)
        return bool(of and self.words) and set(self.words) <= of


@functools.lru_cache(maxsize=4096)
def _share_of(label: str) -> frozenset[str]:
    """The tokens of what a share's label states it of ("30 percent of all officers": officers …), read
    once per label: every "how many" question checks every share's label."""
    m = re.search(r"\bper\s*cent\s+of\s+(?:all\s+|the\s+)?((?:[\w-]+\s+){0,3}[\w-]+)", label, re.I)
    return frozenset(text_tokens(m.group(1))) if m else frozenset()


_DURATION_UNIT = re.compile(r"(?:minute|hour|day|week|month|year)s")


def count_answers(question: str, figure: Figure, ignore: set[str]) -> bool:
    """Whether a count stated in prose ("188 orders have been issued …") answers ``question`` (see
    :func:`count_fits`)."""
    return count_fits(CountAsked.of(question), figure, ignore)


def count_fits(asked: CountAsked, figure: Figure, ignore: set[str], before: str = "") -> bool:
    """Whether a count stated in prose answers what ``asked`` reads from a question: a "how many",
    money, "how often" or "how large was the <its noun>" question; not with a number the question
    itself states ("Of the 21 people returned to court, how many …"), and every word of what it
    counts, less ``ignore`` (the force's name), stands in the figure's sentence or unit, give or take
    its ending: "180 additional officers are due to be trained" is no count of police officers. A
    bare noun ("188 orders have been issued") points back: ``before``, its paragraph up to it, may
    name the rest ("… sexual offences prevention orders (SOPOs) …")."""
    unit = figure.unit or ""
    if asked.duration and _DURATION_UNIT.fullmatch(unit):  # "How long do new staff get mentoring for?"
        return True
    if not (asked.asks or (asked.size and names_unit(asked.tokens, unit))):
        return False  # "how large was the backlog" names the count's own noun; "what was the rate" does not
    if asked.money != unit.startswith("£"):  # "how much did it cost": a sum, not "10 kiosks"
        return False
    if asked.often != unit.startswith("times a "):  # "how often": "three times each year", only that
        return False
    if any(isinstance(v, float) and v in asked.stated for v in figure.values.values()):
        return False
    words = [w for w in asked.words if w not in ignore]
    unit_words = text_tokens(unit)
    heads = [h for h in asked.heads if h not in ignore] or words[-1:]
    if words and not (unit_words and any(_named([h], unit_words[-1:]) for h in heads)):  # the count's own noun
        return False
    own = text_tokens(f"{figure.definition or figure.label} {unit}")
    return _named(words, own) or bool(before) and _named(words, own + text_tokens(before))


def antecedents(data: IndexData, sentence: np.ndarray) -> dict[int, str]:
    """For each count whose unit is a bare noun ("orders"), its paragraph up to its own sentence:
    what the noun points back to (see :func:`count_fits`)."""
    out = {}
    for i, f in enumerate(data.figures):
        row = int(sentence[i])
        if f.figure != "Text" or not re.fullmatch(r"[A-Za-z-]+", f.unit or "") or row < 0:
            continue
        chunk, start, _ = (int(x) for x in data.sentences[row])
        text = data.chunks[chunk].text
        out[i] = text[text.rfind("\n", 0, start) + 1:start]
    return out


def names_unit(tokens: frozenset[str], unit: str) -> bool:
    """Whether the question's ``tokens`` name what a count counts: its head word ("backlog" of
    "backlog of digital forensic items", "files" of "police case files")."""
    words = text_tokens(unit.split(" of ")[0])
    return bool(words) and words[-1] in tokens


_QUANTIFIERS = {"more", "fewer", "less", "extra", "type", "types", "kind", "kinds", "sort", "sorts",  # and fillers:
                "individual", "separate", "distinct", "single", "actual", "total", "main", "key", "principal",
                "specialist", "dedicated"}
# ("X type orders", "individual case files", "main questions", "specialist … risk officers")


# "…, when was it done and how many people took part?": a further ask, after a comma, "and" or a dash
_FURTHER_ASK = re.compile(r"(?:,\s*(?:and\s+)?|\s+and\s+|\s+[-–—]\s+)(?=(?:(?:from|in|over|during|for)\s+)?"
                          r"(?:who|when|what|where|which|how)\b)", re.I)
# an ask starts with a question word ("when will", not "when working out …") or an auxiliary
_ASK = re.compile(r"^\s*(?:(?:(?:from|in|over|during|for)\s+)?(?:who|what|which|where|how|when)\b(?!\s+\w+ing\b)"
                  r"|(?:is|are|was|were|do|does|did|has|have|can|could|will|would|should)\b)", re.I)
ASK_PASSAGES = 3
SCARCE = 0.03  # a word in fewer than this share of chunks names a kind of crime or group ("rape", "shoplifting")


def asks(question: str) -> list[str]:
    """The separate asks of a question: its clauses that start with a question word after a comma,
    "and" or a dash ("…, and from what period?" too), when each is an ask ("Of the 60 files
    reviewed, how many …" is one)."""
    parts = [part for part in _FURTHER_ASK.split(question) if part.strip()]
    return parts if len(parts) > 1 and all(_ASK.match(p) for p in parts) else [question]


def numeric_ask(question: str) -> str | None:
    """A later ask of ``question`` that asks for a number ("…, when was it done and how many people
    took part?"), with the first ask's topic, or None: a who/when question's figure answers that ask."""
    parts = asks(question)
    return next((f"{part} {parts[0]}" for part in parts[1:] if expects_number(part) and not figure_cannot_answer(part)), None)


def _noun_phrase(thing: str, stop_at_verb: bool = False) -> str:
    """What a "how many" question counts: its first item ("X or Y") up to the item's last plural noun
    ("forces saw recorded crime rise" counts "forces", "sexual offences prevention orders" counts
    orders); "more" says how many, not what ("how many more officers")."""
    first = re.split(r"\s+(?:or|and)\s+|,", thing, maxsplit=1)[0]
    if first != thing and not is_plural(first.split()[-1].lower()):  # "sexual offences prevention or … orders"
        first = thing
    words = [w for w in first.split() if w.lower() not in _QUANTIFIERS]
    plural = [i for i, word in enumerate(words) if is_plural(word.lower())]
    # a verb after the first plural ends it: "people answered the staff survey" counts people (in a
    # passage; a stated count must still name the rest, "403 people" did not answer the staff survey)
    verb = next((i for i in plural if i + 1 < len(words) and re.fullmatch(r"[a-z]{3,}ed", words[i + 1].lower())), None)
    if stop_at_verb and verb is not None:
        return " ".join(words[:verb + 1])
    return " ".join(words[:plural[-1] + 1]) if plural else thing


def is_plural(w: str) -> bool:
    """Whether ``w`` reads as a plural noun ("orders", "people"; not "HMIC's", "process")."""
    w = w.strip("'’")
    possessive = w.endswith(("'s", "’s"))
    return (len(w) > 3 and w.endswith("s") and not w.endswith("ss") and not possessive) or w in ("people", "children", "staff")


class PassageChecks:
    """The answer-shape checks over one index's passages."""

    def __init__(self, data: IndexData, rows: dict[str, int], rate_rows: set[int]):
        self.data = data
        self._row = rows  # chunk id -> row, shared with the engine
        self.rate_rows = rate_rows  # sentences that are table rows of rates or shares

    def _sentences(self, passage: Passage):
        """(sentence id, text) of each sentence of ``passage``'s chunk, in order."""
        for s in sentence_rows(self.data, np.array([self._row[passage.chunk.id]])):
            _, a, b = (int(x) for x in self.data.sentences[s])
            yield s, passage.chunk.text[a:b]

    def topic_words(self, question: str) -> set[str]:
        """The question's rare words, less the ones that ask for an amount ("how many")."""
        return {t for t in text_tokens(topic_text(question)) if self.rare(t)}

    def answers(self, question: str, passages: list[Passage], national: bool = False) -> bool:
        """Whether the best passage holds the kind of answer asked for (see :meth:`_answers`); a
        question of several asks ("Who ran the survey, when, and how many people took part?") needs
        each answered by one of the first ``ASK_PASSAGES`` passages."""
        parts = asks(question)
        if len(parts) < 2:
            return self._answers(question, passages[0], national)
        # a later ask that names no topic of its own ("… and how many were asked?") is about the first's
        topics = [f"{part} {parts[0]}" if i and len(part.split()) <= 6 else part for i, part in enumerate(parts)]
        return all(any(self._answers(part, p, national, topic) for p in passages[:ASK_PASSAGES])
                   for part, topic in zip(parts, topics))

    def _answers(self, question: str, passage: Passage, national: bool = False, topic: str | None = None) -> bool:
        """Whether the best passage holds the kind of answer asked for.

        A number asked for may stand in another of its sentences than the best one, if that sentence
        shares a rare word with the question ("Some 403 people were interviewed" after the sentence
        naming the survey). A count ("how many Criminal Behaviour Orders …") needs a sentence that
        states a number and names what is counted (its first word, or one of its rare words): a
        passage giving other numbers on the topic does not answer it. Every word of what is counted
        must stand somewhere in the passage, give or take its ending (see :func:`_named`): "188
        orders" beside sexual harm prevention orders is no count of Criminal Behaviour Orders. A
        ``national`` value asked for needs a sentence speaking of England and Wales or the forces.
        """
        thing = counted(question) if asks_for_count(question) else None
        thing = _noun_phrase(thing, stop_at_verb=True) if thing else None  # "people took part" counts people
        if thing and not _named(text_tokens(thing), text_tokens(passage.text)):
            return False
        focus = {t for t in text_tokens(thing) if self.rare(t)} if thing else set()
        if focus:  # its first word too: "how many forces saw …" counts forces, however common the word
            focus.add(text_tokens(thing)[0])
        head = set(text_tokens(counted_head(thing) or "")) if thing else set()
        start, end = passage.highlight
        said = lambda sentence: not national or bool(COMPARATOR_SAID.search(sentence))
        best = passage.chunk.text[start:end]
        if asks_which_firm(question) and not expects_number(question):  # a name the question lacks, in any sentence
            return any(self._new_name(sentence, question) for _, sentence in self._sentences(passage))
        if not focus and not head and sentence_answers(question, best) and said(best):
            return True
        if (asks_duration(question) or asks_when(question)) and not expects_number(question):  # any sentence of it
            return any(sentence_answers(question, sentence) for _, sentence in self._sentences(passage))
        if not expects_number(question):
            return False
        rare = focus or self.topic_words(topic or question)
        before: set[str] = set()  # the sentence before may name the topic: "a survey of staff … The number of responses …"
        for s, sentence in self._sentences(passage):
            words = set(text_tokens(sentence))
            near, before = words | before, words
            if thing and s in self.rate_rows:  # a table row of rates counts nothing
                continue
            topical = rare & (words if focus else near) or not rare
            if topical and _named(head, words) and sentence_answers(question, sentence) and said(sentence):
                return True
        return False

    def states_amount(self, question: str, passage: Passage) -> bool:
        """Whether a sentence of ``passage`` states an amount of the kind the question asks for (a
        percentage, a rate per 1,000) beside one of its rare words ("34 percent thought the force
        was effective at tackling anti-social behaviour")."""
        rare, unit = self.topic_words(question), asked_unit(question)
        return any(rare & set(text_tokens(sentence)) and states_unit(sentence, unit) for _, sentence in self._sentences(passage))

    def _new_name(self, sentence: str, question: str) -> bool:
        """Whether ``sentence`` names someone the question does not ("HMIC commissioned Ipsos MORI"): a
        capitalised word inside it that few passages use ("Police", "Mercia" name no one new)."""
        asked = set(text_tokens(question))
        return any(self.rare(t) and t not in asked for m in NAME_WORD.finditer(sentence) for t in text_tokens(m.group(1)))

    def rare(self, token: str, share: float = 0.1) -> bool:
        """Whether ``token`` is in fewer than ``share`` of the chunks: a tenth for a topic word (not
        "police"), :data:`SCARCE` for a word naming a kind of crime or group ("rape")."""
        return 0 < self.data.lexical.document_frequency(token) < share * len(self.data.chunks)

    def scarce(self, token: str) -> bool:
        """Whether ``token`` names a kind of crime or group: see :meth:`rare`."""
        return self.rare(token, SCARCE)
