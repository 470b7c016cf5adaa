"""Whether a sentence can be the kind of answer a question asks for.

:mod:`qa.answertype` reads what a question asks for (a count, a share, a rate); this module
reads the rest of a question's shape against one sentence of a passage: a role or a name asked
for needs that name, a sum of money a sum, "how long" a duration or a span, "when will …" a time.
A passage on the right topic without that is not the answer, and the honest reply is that the
report does not give it.
"""

from __future__ import annotations

import re

from .answertype import MONEY_WORDS, NUMBER_WORDS, asks_for_count, expects_number, states_count, states_number
from .text import MONTHS


_ROLE = (r"(?:(?:deputy|assistant|acting|temporary|chief|police|crime|force|senior|lead)\s+)*(?:chief\s+constable|constable"
         r"|commissioner|head|director|leader|chair\w*|manager|superintendent|inspector|sergeant|commander|minister|secretary)")
_WHO_IS = re.compile(r"^\s*who\s+(?:is|was|are|were)\s+(?:(?:the|its|their|(?:[\w-]+\s+){0,2}?[\w-]+(?:'s|’s))\s+"
                     rf"((?:[\w-]+\s+){{0,3}}?[\w-]+)|({_ROLE}))"  # no article: "who was chief constable of …"
                     r"(?:\s+(?:of|for|at|in|on)\b|\s*\?*\s*$)", re.I)


def asked_role(question: str) -> str | None:
    """The role a "who is the <role> of …" question asks to name ("chief constable"), or None."""
    m = _WHO_IS.search(question)
    return (m.group(1) or m.group(2)).lower() if m else None


_NAME_OF = re.compile(r"(?:\b(?:what\s+is|what's|what’s|tell\s+me)\s+the\s+|^\s*)name\s+of\s+(?:the\s+|its\s+|their\s+"
                      r"|(?:[A-Z][\w-]*\s+){0,2}[A-Z][\w-]*(?:'s|’s)\s+)?((?:[\w-]+\s+){0,3}?[\w-]+)"
                      r"(?:\s+(?:of|for|at|in|on|who|that|which|used|by|to|with|from)\b|\s*\?*\s*$)", re.I)


# a keyword query, "west mercia chief constable name 2016": the two words before "name"
# ("HMIC full name" asks what it stands for)
_NAME_LAST = re.compile(r"\b((?:[\w-]+\s+)?(?!(?:full|proper|official|formal)\b)[\w-]+)\s+names?(?:\s+(?:19|20)\d\d)?\s*\??\s*$",
                        re.I)


# which firm or body did something: a name answers ("Ipsos MORI"), not "an independent contractor" (a
# "who …" question is often answered by a role, "the chief constable chairs …")
_WHICH_FIRM = re.compile(r"^\s*which\s+(?:\w+\s+)?(?:company|firm|contractor|consultancy|consultants|supplier|university"
                         r"|academics?|researchers?)\b", re.I)
NAME_WORD = re.compile(r"(?<=[\w,;:(] )([A-Z][a-z][\w'’-]*)")  # a capitalised word inside a sentence


def asks_which_firm(question: str) -> bool:
    """Whether ``question`` asks which firm or body did something: a name answers it."""
    return bool(_WHICH_FIRM.search(question))


def asked_name(question: str) -> str | None:
    """What a "what is the name of the <thing> …" question (or a "<thing> name" query) asks to name
    ("chief constable"), or None."""
    m = _NAME_OF.search(question) or (None if re.match(r"\s*(?:what|which|who|how|why|is|are|does|do)\b", question, re.I)
                                      else _NAME_LAST.search(question))
    return m.group(1).lower() if m else None


def names_it(sentence: str, thing: str) -> bool:
    """Whether ``sentence`` gives ``thing`` a name: "known as StraDA", "Chief Constable Anthony
    Bangham", "the Pathfinder model"; "An assistant chief constable is the portfolio holder" does not."""
    t = re.escape(thing).replace(r"\ ", r"\s+")
    return bool(re.search(r"\b(?:known\s+as|called|named|entitled)\s+[‘'\"“]?[A-Z]", sentence)
                or re.search(rf"(?i:\b{t})\s+[A-Z][A-Za-z-]+", sentence)
                or re.search(rf"\b(?!(?:An?|The|This|That|Its|Their|Each|Every|Any|No|Our)\b)[A-Z][A-Za-z-]+,?\s+"
                             rf"(?:the\s+)?(?i:{t})\b", sentence))


_ASKS_MONEY = re.compile(rf"\bhow\s+much\b[^?]*\b(?:{MONEY_WORDS}|worth)\b"
                         r"|\b(?:what|how\s+big)\s+(?:is|was|were|are)\s+(?:the\s+|its\s+|their\s+)?(?:[\w'’-]+\s+){0,4}?"
                         r"(?:cost|budget|price|spend|funding|value)\b", re.I)
_STATES_MONEY = re.compile(r"£\s?\d|\d\s*(?:million|billion|m|bn|k)?\s*(?:pounds|GBP)\b|\b(?:pounds?|GBP)\s?\d", re.I)


def asks_money(question: str) -> bool:
    """Whether ``question`` asks for a sum of money ("how much did it cost", "what was the budget")."""
    return bool(_ASKS_MONEY.search(question))


_HOW_LONG = re.compile(r"\bhow\s+long\b(?!\s+ago\b)"
                       # "the average turnaround time for a phone", "the target response time, in minutes"
                       r"|\b(?:average|typical|mean|median|target|usual)\s+(?:[\w-]+\s+){0,2}?"
                       r"(?:time|times|wait|waits|delay|delays)\b"
                       r"|\bturnaround\b|\bin\s+(?:minutes|hours|days|weeks)\b", re.I)
_DURATION = re.compile(rf"\b(?:\d[\d,.]*|a|an|one|several|few|{NUMBER_WORDS})\s+(?:(?:more|further|extra)\s+)?"
                       r"(?:minutes?|hours?|days?|weeks?|fortnights?|months?|years?)\b"
                       r"|\bfrom\b[^.;]{1,40}?\b(?:to|until)\b|\buntil\b|\bindefinitely\b", re.I)


# "when will …", not "When officers attend, is the form filled in?" (a clause, not the question asked)
_WHEN = re.compile(r"^\s*(?:(?:by\s+|since\s+)?when\s+(?:will|would|did|does|do|is|are|was|were|has|have|had|can|could|should"
                   r"|must|might)|(?:on|by|from)\s+what\s+date|what\s+date)\b", re.I)
_TIME = re.compile(rf"\b(?:(?:19|20)\d\d|{MONTHS}|spring|summer|autumn|winter|currently|now|recently|since|until"
                   r"|ago|last|next|previous|later|earlier|soon|today|daily|weekly|monthly|annually|yearly|each|every"
                   r"|\d+\s+(?:days?|weeks?|months?|years?))\b", re.I)


def asks_when(question: str) -> bool:
    """Whether ``question`` asks when something happened or will ("When will the control rooms open?")."""
    return bool(_WHEN.search(question))


def states_time(sentence: str) -> bool:
    """Whether ``sentence`` places something in time: a year, a month, "currently", "next year", "each year"."""
    return bool(_TIME.search(sentence))


def asks_duration(question: str) -> bool:
    """Whether ``question`` asks how long something lasts or takes (not "how long ago")."""
    return bool(_HOW_LONG.search(question))


# the size of a population asked for ("How many people live in …?", "What is the population of …?",
# "mid-2015 population estimate"), not which population figures a rate divides by
_ASKS_POPULATION = re.compile(
    r"\bhow\s+many\s+(?:people|residents|inhabitants|persons)\s+(?:\w+\s+)?(?:live|living|reside|are\s+there)\b"
    r"|\b(?:what(?:'s|’s)|(?:what|how\s+big|how\s+large)\s+(?:is|was|are|were))\s+(?:the\s+|its\s+|their\s+|[\w-]+(?:'s|’s)\s+)?"
    r"(?:[\w'’-]+\s+){0,4}?population\b"
    r"|\bwhat\s+(?:[\w'’-]+\s+){0,3}?population\s+(?:figure|number|total|count|size)\b"  # "What mid-2015 population figure …"
    r"|^(?!\s*(?:which|what|whose|how|why|when|where)\b)(?:[\w'’-]+\s+){0,5}population\s+(?:estimates?|size|total|count)\s*\??\s*$"
    # a keyword query for its value, "West Mercia population total used by HMIC mid-2015"
    r"|^(?!\s*(?:which|what|whose|how|why|when|where)\b)[^?]*\bpopulation\s+(?:size|total|count)\b",
    re.I)
_STATES_POPULATION = re.compile(
    r"\bpopulation\s+(?:of|is|was|stands\s+at|stood\s+at)\s+(?:about\s+|around\s+|some\s+|approximately\s+|over\s+)?\d"
    rf"|\b(?:\d[\d,.]*|{NUMBER_WORDS})\s*(?:million\s+|thousand\s+)?(?:people|residents|inhabitants)\s+(?:\w+\s+)?(?:live|living|reside)"
    r"|\bhome\s+to\s+(?:about\s+|around\s+|some\s+|over\s+)?\d", re.I)


def asks_population(question: str) -> bool:
    """Whether ``question`` asks how many people live in an area: a population figure answers it,
    not a count of people surveyed nor a rate "per 1,000 population"."""
    return bool(_ASKS_POPULATION.search(question))


def states_population(text: str) -> bool:
    """Whether ``text`` says how many people live somewhere ("a population of 1.2 million")."""
    return bool(_STATES_POPULATION.search(text))


def _unstated(sentence: str, question: str) -> str:
    """``sentence`` without the numbers ``question`` itself states."""
    for n in set(re.findall(r"\d[\d,.]*\d|\d", question)):
        sentence = re.sub(rf"(?<![\d,.]){re.escape(n)}(?![\d,]|\.\d)", " ", sentence)
    return sentence


def sentence_answers(question: str, sentence: str) -> bool:
    """Whether ``sentence`` can be the kind of answer ``question`` asks for: a number for a count,
    the role itself for "who is the <role> of …" (a report that never names its chief constable
    is not answered by a sentence about the force), a name for "what is the name of the <thing>", a sum
    of money for "how much did … cost", a duration or a span for "how long"."""
    if expects_number(question) and not states_number(sentence):
        return False
    if asks_for_count(question) and not states_count(_unstated(sentence, question)):
        return False  # "Of the 60 case files, how many were rapes?" is not answered by "60 case files"
    if asks_money(question) and not _STATES_MONEY.search(sentence):
        return False  # "how much did it cost" is answered by a sum of money, not "50 officers"
    if asks_when(question) and not states_time(sentence):
        return False  # "when will the control rooms open?" is answered by a time, not the plans
    if asks_duration(question) and not _DURATION.search(sentence):
        return False  # "how long does it take" is answered by a duration ("for up to 28 days"), not the topic
    thing = asked_name(question)
    if thing and not names_it(sentence, thing):
        return False
    role = asked_role(question)
    # the role itself, not a deputy or assistant of it
    return role is None or bool(re.search(rf"(?<!assistant )(?<!deputy )(?<!temporary )\b{re.escape(role)}\b",
                                          sentence, re.I))
