"""What these reports can hold, and whether a question stays inside it.

Names and numbers the reports never use; the forces they name and the ones they
give values or grades for; the kinds of statistic they never give. A question
outside them is "not covered", however close its topic (for grade questions see
also :mod:`qa.scope_grades`). All from the question's words and the index's own
records, no model.
"""

from __future__ import annotations

import re
from typing import Callable

from .answertype import expects_number
from .figures import COMPARATORS
from .lexical import text_tokens


_WORD = re.compile(r"[A-Za-z][A-Za-z-]*|\d+")
_GROUPED = re.compile(r"\b\d{1,3}(?:,\d{3})+\b")  # "1,000": also typed "1000"
_SENTENCE_START = re.compile(r"(?:^|[.?!:;]\s+)\W*$")


def _without_possessives(text: str) -> str:
    """``text`` with "'s" dropped, so "Kent Police's rate" names "Kent Police"."""
    return text.replace("'s ", " ").replace("’s ", " ")


def vocabulary(texts: list[str]) -> set[str]:
    """Every lower-cased word and number of the indexed text ("1,000" also as "1000")."""
    words = {w.lower() for t in texts for w in _WORD.findall(t)}
    return words | {n.replace(",", "") for t in texts for n in _GROUPED.findall(t)}


_ACRONYMS = re.compile(r"[A-Z]{2,}s")  # "TICs", "DVPOs": abbreviations, left alone like "ASB"
_PLAIN_WORDS = re.compile(r"\b(?:(?:plain|simple|in|into)\s+English|Acts?\s+of\s+Parliament)\b")  # "in plain English": no name


def unknown_names(question: str, vocab: set[str]) -> list[str]:
    """Names (capitalised words not starting a sentence) and numbers in ``question`` that the reports
    never use.

    A question about "Herefordshire", "2019" or "999 calls" that no indexed
    report mentions cannot be answered from them, however close its topic; the
    "Roughly" of "… England and Wales? Roughly how many …" is no name.
    """
    text = _PLAIN_WORDS.sub(" ", _without_possessives(question))
    salient = [m.group() for m in _WORD.finditer(text) if m.group().isdigit() or (
        m.group()[0].isupper() and not m.group().isupper() and not _ACRONYMS.fullmatch(m.group())
        and not _SENTENCE_START.search(text[:m.start()]))]
    # "Paris-style" is known when "Paris" is
    return [w for w in salient if w.lower() not in vocab and w.split("-")[0].lower() not in vocab]


_FORCE_NAME = re.compile(r"((?:[A-Z][\w'’-]*\s+)+)(?:Police|Constabulary)\b")


def _series_forces(figures, judgments: bool) -> set[str]:
    """The series of the judgments (or of the other figures), lower-cased, without "Police"/"Constabulary"."""
    names = {name for f in figures if (f.figure == "Judgment") == judgments for name in f.values}
    return {re.sub(r"\s+(?:Police|Constabulary)$", "", n).strip().lower() for n in names}


def graded_forces(figures) -> set[str]:
    """Names of the forces the index holds judgments for, without "Police"/"Constabulary"."""
    return _series_forces(figures, judgments=True)


def stated_forces(figures) -> set[str]:
    """Names of the forces the index gives statistics for (not the comparator "England and Wales")."""
    return _series_forces(figures, judgments=False) - {c.lower() for c in COMPARATORS}


def ungraded_forces(question: str, graded: set[str]) -> list[str]:
    """Forces the question names ("Kent Police") that the index holds no judgment for.

    A grade question about another force cannot be answered from a report's
    judgments of its own force, however closely its wording matches them.
    """
    named = [m.group(1).strip() for m in _FORCE_NAME.finditer(_without_possessives(question))]
    return [n for n in named if not any(g in n.lower() for g in graded)]


_FORCE_LIST = re.compile(r"((?:[A-Z][\w'’-]*(?:\s+(?:of|and)\s+[A-Z][\w'’-]*)?,\s+)+(?:[A-Z][\w'’-]*\s+and\s+)*"
                         r"[A-Z][\w'’-]*)\s+forces\b")
_LEADING = {"the", "in", "and", "for", "by", "at", "of", "while", "when", "with", "from", "to", "as", "both", "all",
            "excluding", "except", "without", "unlike", "like", "what", "how", "is", "does", "did", "why"}


def _force(words: list[str]) -> str:
    """A force's name from the capitalised words before "Police": "In West Mercia" -> "west mercia"."""
    while words and words[0].lower() in _LEADING:
        words = words[1:]
    return " ".join(words).lower()


def named_forces(chunks) -> set[str]:
    """The forces the reports name ("Suffolk Constabulary", "Kent Police"), lower-cased, without the suffix."""
    out: set[str] = set()
    common: set[str] = set()  # words these passages also use in lower case ("national", "chief"): no names
    for chunk in chunks:
        if "Police" not in chunk.text and "Constabulary" not in chunk.text and " forces" not in chunk.text:
            continue
        common.update(re.findall(r"\b[a-z][a-z'’-]+\b", chunk.text))
        out.update(filter(None, (_force(m.group(1).split()) for m in _FORCE_NAME.finditer(chunk.text))))
        for m in _FORCE_LIST.finditer(chunk.text):  # "Derbyshire, Durham and Gloucestershire forces"
            out.update(filter(None, (_force(name.split()) for name in re.split(r",\s*|\s+and\s+", m.group(1)))))
    return {name for name in out if not any(w in common for w in name.split())}


_COMPARATOR_ASKED = re.compile(r"\b(?:England\s+(?:and|&)\s+Wales|national(?:ly)?|nationwide|across\s+(?:all\s+)?(?:the\s+)?forces"
                               r"|all\s+forces|(?:the\s+)?country\s+as\s+a\s+whole)\b", re.I)
_OWN_ASKED = re.compile(r"\b(?:the\s+force|force's|its|locally|local|compar\w*|versus|vs|than|against|both)\b", re.I)
COMPARATOR_SAID = re.compile(r"\b(?:England\s+and\s+Wales|national(?:ly)?|all\s+forces|average|other\s+forces|most\s+forces)\b", re.I)


def asks_comparator_only(question: str, own: set[str]) -> bool:
    """Whether ``question`` asks for the national value of a statistic alone ("What was the England and
    Wales average arrest rate?"), naming neither the force nor a comparison with it: a statistic the report gives
    for the force only does not answer it."""
    question = _PURPOSE.sub("", question)  # "…, so I can / to compare it with West Mercia": why it is asked, not what
    return (expects_number(question) and bool(_COMPARATOR_ASKED.search(question)) and not _OWN_ASKED.search(question)
            and not _names_any(question.lower(), own))


_PURPOSE = re.compile(r",?\s*\b(?:so\s+(?:that\s+)?(?:i|we|you)\s+can|in\s+order\s+to|to\s+(?=compare\b))\b.*$", re.I)


def _names_any(lowered: str, names: set[str]) -> bool:
    """Whether the lower-cased question names one of ``names`` as whole words."""
    return any(re.search(rf"\b{re.escape(n)}\b", lowered) for n in names if n)


# the own force named only beside another's subject: "worse than West Mercia's", "West Mercia's
# alliance partner", "separate from West Mercia", "in an alliance with West Mercia"
_ASIDE_BEFORE = (r"\b(?:than|unlike|versus|vs\.?|separate(?:ly)?\s+from|(?:alliance|partnership|collaboration)\s+with)"
                 r"\s+(?:the\s+)?")
_ASIDE_AFTER = r"(?:\s+(?:police|constabulary))?\s*(?:'s|’s)\s+(?:alliance\s+|strategic\s+)?(?:partner|neighbour|ally)"


def _names_own(lowered: str, own: set[str]) -> bool:
    """Whether the lower-cased question names one of its ``own`` forces as a subject, not only beside
    another force ("Is Warwickshire's rate worse than West Mercia's?")."""
    for name in filter(None, own):
        for m in re.finditer(rf"\b{re.escape(name)}\b", lowered):
            if not (re.search(_ASIDE_BEFORE + "$", lowered[:m.start()]) or re.match(_ASIDE_AFTER, lowered[m.end():])):
                return True
    return False


def other_forces(question: str, known: set[str], own: set[str]) -> list[str]:
    """Forces ``question`` names (``known`` names, or any "X Police") other than the ``own`` forces the
    index holds figures or judgments for, when it names none of its own ("the West Mercia and
    Warwickshire alliance" is about the force too)."""
    text = _without_possessives(question)
    lowered = text.lower()
    if _names_own(question.lower(), own):
        return []
    named = set(filter(None, (_force(m.group(1).split()) for m in _FORCE_NAME.finditer(text))))
    named |= {k for k in known if re.search(rf"\b{re.escape(k)}\b", lowered)}
    # a partner or an exclusion is no subject: "the alliance with Warwickshire", "excluding Dorset Police"
    aside = {n for n in named if re.search(rf"\b(?:alliance|partner\w*|collaborat\w*|with|excluding|except|without|"
                                           rf"apart\s+from|other\s+than)\s+(?:the\s+)?{re.escape(n)}\b|\b{re.escape(n)}"
                                           rf"(?:\s+(?:police|constabulary))?(?:'s|’s)?\s+(?:alliance|partner)", lowered)}
    return sorted(n for n in named - aside if not any(o in n for o in own))


# "Which force had the highest …": a report gives its own force's values (and the nation's); charts
# of every force carry no numbers in the text, so it cannot rank forces.
_RANKING = re.compile(r"\bwhich\s+(?:other\s+)?(?:police\s+)?forces?\b[^?]*?\b(?:highest|lowest|fewest|best|worst|biggest|largest"
                      r"|smallest|greatest|most(?!\s+\w+ly\b)|least(?!\s+\w+ly\b)|top|bottom)\b", re.I)


def ranks_forces(question: str, own: set[str] = frozenset()) -> bool:
    """Whether the question asks which force ranks highest or lowest on something (not "which forces
    work most closely", nor a choice between the reports' own force and another)."""
    lowered = question.lower()
    return bool(_RANKING.search(question)) and not any(o and o in lowered for o in own)


def _heads(labels: list[str]) -> set[str]:
    """The head words of ``labels``: each one's last word outside brackets ("Recorded crime (excluding fraud)").
    A label ending in a participle ("… no suspect identified") has no head noun a kind word could qualify."""
    heads = set()
    for label in labels:
        words = re.findall(r"[A-Za-z][A-Za-z-]*", re.sub(r"\([^)]*\)", " ", label))
        if words and not words[-1].lower().endswith("ed"):
            heads.add(words[-1].lower())
    return heads


def _kind_words(question: str, heads: set[str]) -> list[str]:
    """Words of ``question`` right before a head word: what kind of it is asked for ("knife" crime)."""
    words = _WORD.findall(question)
    return [w for w, following in zip(words, words[1:])
            if following.lower() in heads and w.isalpha() and len(w) > 2 and not w.isupper()
            and not w.lower().endswith(("ing", "ed"))]  # "stopping crime" is no kind


# "vehicle crime figures", "hate crime per 1,000": a kind of crime whose statistic is asked for
_KIND_OF_CRIME = re.compile(r"\b([A-Za-z]{3,})\s+crimes?\s+(?:rates?|figures?|statistics|stats|levels?|numbers?|per)\b", re.I)
# how much or when, not what kind: "a higher rate", "the yearly rate", "what rate", "how many crimes per …",
# or which reading of it: "the actual rate", "the official figures"
_NO_KIND = re.compile(r"(?:er|est|ly)$|^(?:what|which|whose|high|low|overall|average|national|annual|current|total|same"
                      r"|many|much|more|less|fewer|few|all|any|some|actual|real|true|exact|precise|official|headline"
                      r"|latest|recent|typical|usual|general|rough|approximate|their|its|our|your|this|that|these|those)$", re.I)


def unknown_kinds(question: str, vocab: set[str], labels: list[str]) -> list[str]:
    """Words the reports never use that name a kind of what a matched figure counts.

    "What is the rate of knife crime?" matched to rows ending in "crime"
    ("Victim-based crime") asks for a kind of crime the report does not give:
    an unknown word right before the head word of a matched label. Abbreviations
    in capitals ("ASB incidents") are left alone: a report may spell them out.
    """
    return [w for w in _kind_words(question, _heads(labels)) if not _in_vocabulary(w.lower(), vocab)]


def _in_vocabulary(word: str, vocab: set[str]) -> bool:
    """Whether the reports use ``word`` or its plural or singular ("card" of "SIM cards")."""
    return word in vocab or f"{word}s" in vocab or (word.endswith("s") and word[:-1] in vocab)


def _compounded(word: str, texts: list[str], labels: list[str], rare: Callable[[str], bool] | None = None) -> bool:
    """Whether the reports write ``word`` right after a word of ``labels`` ("out of court disposals"
    beside the row "Out-of-court (formal)"), if given only a ``rare`` one ("police response" is no
    compound of a label's "police"): then it names that statistic, not another kind."""
    label_words = {t for t in text_tokens(" ".join(labels)) if rare is None or rare(t)}
    before = re.compile(rf"\b([A-Za-z][A-Za-z-]*)\s+{re.escape(word)}\b", re.I)
    return any(set(text_tokens(m.group(1))) & label_words for t in texts for m in before.finditer(t))


def _after_label(question: str, word: str, label_words: set[str]) -> bool:
    """Whether ``word`` follows a word of the matched label in ``question`` ("community resolution usage
    rate"): it says how that statistic is measured, not another kind of statistic."""
    m = re.search(rf"\b([A-Za-z][A-Za-z-]*)\s+{re.escape(word)}\b", question)
    return bool(m and set(text_tokens(m.group(1))) & label_words)


def unstated_kinds(question: str, labels: list[str], stated: set[str], rare: Callable[[str], bool],
                   texts: list[str] = ()) -> list[str]:
    """Rare words of the reports, right before "rate" or "crime figures", naming a kind of statistic that no
    figure label uses, give or take an ending ("robbery rate", "vehicle crime"; "sex offences rate"
    is a label's "sexual"), nor the reports' ``texts`` join to a matched label's word: the reports
    mention robbery, yet give no robbery rate, so the burglary row matched to it does not answer.
    A common word counts too when the reports never write it before "rate" ("the response rate" of
    a survey is not its satisfaction rate). ``stated`` holds the tokens of every figure's label."""
    rates = _kind_words(question, {"rate", "rates"})
    kinds = rates + [m.group(1) for m in _KIND_OF_CRIME.finditer(question)]
    label_words = set(text_tokens(labels[0])) if labels else set()
    asked = [w for w in kinds if not _NO_KIND.search(w)
             and not re.search(rf"\b(?:that|which|who)\s+{re.escape(w)}\b", question, re.I)
             and not _after_label(question, w, label_words)]

    def labelled(token: str) -> bool:  # "sex" offences: a label's "sexual"
        return any(s.startswith(token) or token.startswith(s) for s in stated if min(len(s), len(token)) >= 3)

    def unsaid(word: str) -> bool:  # "the response rate": a common word, but never a rate in the reports
        if re.search(rf"\b(?:of|for|in|on|with)\s+{re.escape(word)}\s+rates?\b", question, re.I):
            return False  # "the burglary of homes rate": the kind is the whole phrase
        return bool(texts) and not any(re.search(rf"\b{re.escape(word)}\s+rates?\b", t, re.I) for t in texts)

    def scarce(word: str) -> bool:
        return any(rare(t) for t in text_tokens(word))

    return [w for w in asked if not any(labelled(t) for t in text_tokens(w)) and (scarce(w) or (w in rates and unsaid(w)))
            and not _compounded(w, texts, labels, None if scarce(w) else rare)]


_EXCLUDING = re.compile(r"\b(?:excluding|except|other\s+than|apart\s+from)\s+([\w\s'’-]{2,40}?)\s*(?:\)|,|;|$)", re.I)


# leaves it out too ("not counting fraud"), or asks what is in or out ("is fraud included / counted?")
_LEAVES_OUT = re.compile(r"\b(?:exclud\w*|except|other\s+than|apart\s+from|not\s+(?:counting|including)|without"
                         r"|leaving\s+out|left\s+out|minus|includ\w*|count(?:ed|s)?\s+(?:in|as|towards)|treat\w*"
                         r"|part\s+of|cover\w*)\b|\bnon-", re.I)


def excluded_asked(question: str, labels: list[str]) -> list[str]:
    """What the question asks about that the best-matching label leaves out: "How much fraud was
    reported?" against "Recorded crime (excluding fraud)". A question that excludes it too, or asks
    whether it is included, is answered."""
    if not labels or _LEAVES_OUT.search(question):
        return []
    asked = set(text_tokens(question))
    return [m.group(1) for m in _EXCLUDING.finditer(labels[0]) if set(text_tokens(m.group(1))) & asked]


# "(not households)", "(not per household)", "rather than per household", "instead of adults", "not per million"
_SHUNNED = re.compile(r"\(\s*(?:not|rather\s+than|instead\s+of)\s+(?:per\s+|by\s+|for\s+)?([^()]{2,40}?)\s*\)"
                      r"|\b(?:rather\s+than|instead\s+of)\s+(?:per\s+|by\s+|for\s+)?([\w-]+)"
                      r"|\bnot\s+per\s+([\w-]+)", re.I)  # "the actual number, not per million"


def shunned(question: str, label: str, unit: str | None) -> list[str]:
    """What the question rules out that the matched figure is ("per 1,000 residents (not households)"
    against a rate per 1,000 households): that figure is not the one asked for."""
    stated = set(text_tokens(f"{_EXCLUDING.sub(' ', label)} {unit or ''}"))  # "(excluding fraud)" rules it out too
    ruled_out = [m.group(1) or m.group(2) or m.group(3) for m in _SHUNNED.finditer(question)]
    ruled_out = [w for w in ruled_out if not re.match(r"(?:counting|including)\b", w, re.I)]  # "(not counting fraud)"
    return [w for w in ruled_out if {t for t in text_tokens(w) if t.isalpha()} & stated]  # "1,000" is every rate's

