"""Statistics stated in prose, with the force's value and, where given, the comparator's.

Inspection reports state many numbers only in sentences: "20.2 percent of all
recorded crime in West Mercia was identified as having a vulnerable victim,
which is above the England and Wales figure of 14.3 percent", or a force's
value in one sentence and the national one in the next ("… recorded 18.9
percent as … This compares with 13.8 percent for England and Wales"). Shape:
a paragraph sentence that names the force (or "the force"), or follows one that
does in its paragraph and names neither the comparator nor "forces", and states
an amount with a unit (percent, per 1,000 …, per one million …); the
comparator's amount follows its name in the same sentence, or stands in the
next sentence, which names the comparator and no other force. A change ("a decrease of 0.5
percent", "8 percent fewer") is signed and grouped as "Change"; a difference
from the nation ("5 percent higher than England and Wales") is left out; a
sentence with two amounts of the force's own gives one figure per clause when
each clause holds one. The label is the sentence (or clause) itself, so every
word shown is the report's. A chart of every force ("Figure 7: Domestic abuse arrest
rate (per 100 domestic abuse crimes), by force, …") prints no numbers; the sentence
beside it giving the force's value is that chart's reading, so its caption becomes
the figure's definition when the two share a topic word and the kind of amount.
"""

from __future__ import annotations

import re

from dataclasses import replace

from .answertype import unit_kind
from .figures import COMPARATORS, find_period, slug
from .lexical import text_tokens
from .records import Document, Figure, Section
from .text import decimals, normalize_space, rounds_to, split_sentences

_NUMBER = r"(?P<n>\d+(?:\.\d+)?)"
_AMOUNT = re.compile(
    rf"(?<![\d.,/£-]){_NUMBER}\s*(?P<unit>%|per\s?cent\b|(?:[A-Za-z()'’-]+\s+){{0,6}}?per\s+"
    r"(?P<per>1,000|100|one\s+million|a\s+million|million|thousand|hundred)\b(?:\s+(?:of\s+the\s+)?(?P<base>[a-z]+))?)",
    re.I)
# "For every 100 domestic abuse related offences …, there were 42 arrests": a rate the other way round.
_EVERY = re.compile(r"\bfor\s+every\s+(?P<per>100|1,000|thousand|hundred)\s+(?P<base>[^,]{3,80}?),\s+there\s+(?:were|was)\s+"
                    rf"{_NUMBER}\s+[a-z]+", re.I)
_COMPARISON_PERIOD = re.compile(r"\b(?:when\s+)?compar\w+\s+(?:with|to|against)\s+the\s+(?:previous\s+)?"
                                r"\d+[\s-]months?\s+(?:period\s+)?to\s+\d{1,2}\s+[A-Z][a-z]+\s+\d{4}", re.I)
_FALLS = r"(?:decrease[sd]?|decreasing|fell|fall(?:en|s)?|drop(?:ped|s)?|reduc\w*|declin\w*|went\s+down|gone\s+down)"
# "a decrease of 0.5 percent", "fell by 3 percent", "a reduction in incidents of 4 percent"
_FALL_BEFORE = re.compile(rf"\b{_FALLS}(?:\s+in\s+[\w\s'’-]{{1,60}}?)?(?:\s+(?:of|by))?\s*$", re.I)
# "8 percent fewer incidents", "a 4 percent decrease", "3 percent down"
_FALL_AFTER = re.compile(rf"^\s*(?:fewer|less|lower|down|{_FALLS})\b", re.I)
# "5 percent higher than the England and Wales figure": a difference from the nation, not a level
_DIFFERENCE = re.compile(r"^\s*(?:\w+\s+){0,3}?(?:higher|lower|more|fewer|less|above|below)\b[^.;]{0,60}?\bthan\s+"
                         r"(?:the\s+)?(?:England|national|average|all\s+forces|other\s+forces)", re.I)
_MOVEMENT = re.compile(r"\b(?:increas\w*|decreas\w*|ris(?:e|es|en|ing)|rose|f[ae]ll\w*|drop\w*|reduc\w*|declin\w*"
                       r"|fewer|more\s+than\s+(?:the|in)\s+(?:previous|last)|change[sd]?)\b", re.I)
_COMPARED = re.compile(r"\b(?:compar\w*|similar|above|below|higher|lower|than|figure|average|rate)\b", re.I)
_NATIONAL = "|".join(re.escape(c) for c in COMPARATORS)
_FORCES = re.compile(r"\bforces\b", re.I)
_CLAUSE = re.compile(r",\s+(?=(?:and|but|while|whereas)\b)|;\s+")


def _unit(m: re.Match) -> str:
    if m.group("per") is None:
        return "%"
    base = normalize_space(m.group("base") or "")
    if m.re is _EVERY:
        base = re.split(r"\s+(?:recorded|in|for|during)\b", base)[0]
    return normalize_space(f"per {m.group('per')} {base}")


def _value(sentence: str, m: re.Match) -> float:
    """The amount, negative when the sentence says it fell ("a decrease of 0.5 percent", "8 percent fewer")."""
    value = float(m.group("n"))
    falls = _FALL_BEFORE.search(sentence[:m.start()]) or _FALL_AFTER.search(sentence[m.end():])
    return -value if falls else value


def _national(sentence: str) -> re.Match | None:
    return re.search(_NATIONAL, sentence)


def _figure(doc: Document, section: Section, page: int | None, force: str, label: str, values: dict,
            unit: str, period: str | None, group: str | None) -> Figure:
    return Figure(id=f"{doc.id}:text:{slug(label, 60)}", document=doc.id, figure="Text", title=section.title,
                  label=label, values=values, unit=unit, period=period, page=page, group=group)


def _paragraph_figures(doc: Document, section: Section, text: str, page: int | None, force: str,
                       names: re.Pattern) -> list[Figure]:
    sentences = [normalize_space(text[a:b]) for a, b in split_sentences(text)]
    period_so_far, named_before = None, False
    out: list[Figure] = []
    for i, sentence in enumerate(sentences):
        period = find_period(_COMPARISON_PERIOD.sub(" ", sentence))[0] or period_so_far
        period_so_far = period
        amounts = sorted([*_AMOUNT.finditer(sentence), *_EVERY.finditer(sentence)], key=lambda m: m.start("n"))
        named = bool(names.search(sentence))
        national = _national(sentence)
        # a sentence after the force's name is about the force too, unless it names the nation or forces
        about_force = named or (named_before and not national and not _FORCES.search(sentence))
        named_before = named_before or named
        if not amounts or not about_force:
            continue
        first = amounts[0]
        if national and national.start() < first.start() and len(amounts) == 1:
            continue  # a national amount only ("In England and Wales as a whole, …")
        if _DIFFERENCE.match(sentence[first.end():]):
            continue
        values = {force: _value(sentence, first)}
        later = [m for m in amounts[1:] if national and m.start() > national.start() - 80 and _COMPARED.search(sentence)]
        if later and _unit(later[0]) == _unit(first):
            values[COMPARATORS[0]] = _value(sentence, later[0])
        elif len(amounts) > 1:  # two amounts of the force's own: one figure per clause, if each has one
            out.extend(_figure(doc, section, page, force, clause, {force: _value(clause, m)}, _unit(m), period,
                               _group(clause)) for clause, m in _clauses(sentence))
            continue
        elif i + 1 < len(sentences):
            values.update(_next_sentence(sentences[i + 1], _unit(first), names))
        out.append(_figure(doc, section, page, force, sentence, values, _unit(first), period, _group(sentence)))
    return out


def _group(text: str) -> str | None:
    return "Change" if _MOVEMENT.search(text) else None


def _clauses(sentence: str) -> list[tuple[str, re.Match]]:
    """The clauses of a sentence with two amounts of the force's own ("Some 34 percent … thought …, and
    only 48 percent were …"), each with its amount; none when a clause holds no amount or two, or a
    clause compares with the nation (which amount is whose is then unclear)."""
    clauses = [c.strip() for c in _CLAUSE.split(sentence) if c.strip()]
    out = []
    for clause in clauses:
        amounts = [*_AMOUNT.finditer(clause), *_EVERY.finditer(clause)]
        if len(amounts) != 1 or _national(clause) or _DIFFERENCE.match(clause[amounts[0].end():]):
            return []
        out.append((clause, amounts[0]))
    return out


def _next_sentence(sentence: str, unit: str, names: re.Pattern) -> dict:
    """The comparator's value from the sentence after the force's, if it names the comparator only."""
    if not _national(sentence) or names.search(sentence):
        return {}
    amounts = [m for m in [*_AMOUNT.finditer(sentence), *_EVERY.finditer(sentence)] if _unit(m) == unit]
    return {COMPARATORS[0]: _value(sentence, amounts[0])} if len(amounts) == 1 else {}


def _restates(figure: Figure, known: list[Figure]) -> bool:
    """Whether a table or panel figure already gives every value of ``figure`` (at its precision)."""
    def same(stated, value: float) -> bool:
        return isinstance(stated, float) and round(stated, decimals(value)) == value

    return any(all(same(k.values.get(name), v) for name, v in figure.values.items()) for k in known)


def _rounder(figure: Figure, known: list[Figure]) -> bool:
    """Whether ``figure`` states a known statistic at a coarser precision ("12 percent" of "12.4"):
    kept as the rounded twin a question asking "roughly" is answered with."""
    return any(rounds_to(figure.values, k.values) for k in known)


def prose_figures(doc: Document, force: str, known: list[Figure] = ()) -> list[Figure]:
    """Figures stated in the paragraphs of ``doc`` about ``force`` ("West Mercia Police"), less those
    a table or statistics panel of ``known`` already gives (the structured source is the better answer)."""
    short = re.sub(r"\s+(?:Police|Constabulary)$", "", force).strip()
    names = re.compile(rf"\b(?:{re.escape(short)}|the\s+force)\b", re.I)
    out: list[Figure] = []
    for section in doc.sections:
        found = []
        for block in section.blocks:
            if block.kind == "paragraph":
                found.extend(_paragraph_figures(doc, section, block.text, block.page or section.page, force, names))
        out.extend(_read_off(found, section, names))
    return [f for f in out if not _restates(f, list(known)) or _rounder(f, list(known))]


_CHART = re.compile(r"^Figure\s+\d+:\s*(?P<title>.+?),\s+by\s+force\b", re.I)
_CHART_WORDS = set(text_tokens("figure percentage proportion rate rates per population change force forces months "
                               "recorded police england wales"))


def _chart_kind(title: str) -> str:
    """The kind of amount a chart's title names, as :func:`qa.answertype.unit_kind` names a unit's."""
    if re.match(r"(?:percentage|proportion)\b", title, re.I):
        return "share"
    return "either" if re.search(r"\bper\s+100\s", title) else "per"


def _read_off(figures: list[Figure], section: Section, names: re.Pattern) -> list[Figure]:
    """``figures`` of ``section``, each defined by the caption of the section's one "by force" chart
    of its kind of amount (and change or level) that shares a topic word with it."""
    charts = [(b.text.strip(), m.group("title")) for b in section.blocks if b.kind == "paragraph"
              for m in [_CHART.match(b.text.strip())] if m]
    out = []
    for f in figures:
        words = set(text_tokens(names.sub(" ", f.label))) - _CHART_WORDS
        fits = [caption for caption, title in charts if _chart_kind(title) == unit_kind(f.unit)
                and bool(re.search(r"\bchange\b", title, re.I)) == (f.group == "Change")
                and words & set(text_tokens(title))]
        out.append(replace(f, definition=fits[0]) if len(fits) == 1 else f)
    return out
