"""What kind of answer a question asks for, and whether a sentence can be one.

A question that asks for a count or a share ("how many officers…", "what
percentage of…", "how much did … cost") is answered by a number. When no
structured figure matches it and the best passage's best sentence states no
number, the passage is about the right topic but not the asked-for fact, so
the honest answer is that the report does not give it. Years are not counted
as numbers ("in 2016" dates a sentence, it does not answer "how many"), nor
is "one", which mostly says "one of the most …".
"""

from __future__ import annotations

import re

from .text import KEYWORD_QUERY, MONTHS

# what "how much …" asks a sum of
MONEY_WORDS = "cost|costs|costing|spend|spent|spending|money|budget|funding|invested|investment|paid|pay|cash|value"
_COUNT = re.compile(
    r"\bhow\s+many\b"
    r"|\bwhat\s+(?:percentage|proportion|share|fraction|number)\b"
    r"|^\s*(?:the\s+)?(?:total\s+)?number\s+of\b"  # a keyword query, "number of armed response vehicles"
    rf"|\bhow\s+much\b[^?]*\b(?:{MONEY_WORDS})\b"
    # "what was the ONS mid-2015 population estimate for …": its value
    r"|\bwhat\s+(?:is|was|were|are)\s+the\s+(?:[\w'’-]+\s+){0,4}?(?:population|estimate|total)\s*(?:for|of|in|\?|$)",
    re.I,
)
NUMBER_WORDS = (
    "two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen"
    "|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand"
    "|million|billion|half|quarter|third|thirds|quarters|dozen|percent"
)
_NUMBER = re.compile(rf"(?<![\d/])(?!(?:19|20)\d\d\b)\d[\d,.]*|£\s?\d|\b(?:{NUMBER_WORDS})\b", re.I)


_QUANTITY = re.compile(
    r"\bhow\s+(?:often|high|low|common|frequent(?:ly)?|likely)\b|\brates?\b|\bper\s+(?:cent|1,?000|thousand|100|hundred|million)\b"
    r"|\b(?:percentage|proportion|share|fraction|ratio)\b"
    r"|\bcompared?\s+(?:with|to)\b|\bnational(?:ly)?\b|%",
    re.I,
)


_WH = re.compile(
    r"^\s*(?:why|when|where|who|whom|whose|since\s+when|by\s+when|during\s+which"
    r"|(?:in\s+)?(?:which|what)\s+(?:time\s+)?(?:months?|years?|periods?|dates?|days?|span)|(?:which|what)\s+(?:other\s+)?forces?)\b"
    r"|\bwhat\s+(?:date|day|month)\b|\bhow\s+long\s+ago\b", re.I)
_METHOD = re.compile(
    r"\b(?:how|why)\s+(?:is|are|was|were)\b[^?]*\b(?:calculated|worked\s+out|measured|defined|counted|collected)\b"
    # whether the figures themselves can be compared or trusted, not a comparison of values
    r"|\b(?:can\s+(?:i|we|you|one|these|the|they)\b[^?]*\bcompar\w*|comparable|reliable|robust)\b[^?]*"
    r"\b(?:figures|data|statistics|numbers|report|years?)\b"
    r"|\bwhat\s+(?:question|questions|source|sources|sample)\b|\bcome\s+from\b",
    re.I)


_ASKS_AMOUNT = re.compile(
    r"\bhow\s+(?:many|much|often)\b|\bwhat\s+(?:(?:is|was|are|were)\s+the\s+)?(?:[\w-]+\s+){0,2}?"
    r"(?:rate|percentage|proportion|share|fraction|number)\b", re.I)


# "how did the alliance decide how many vehicles it needs?", "what drives how many crimes are flagged?":
# an embedded "how many" is what the question is about, not what it asks for
_EMBEDDED_HOW_MANY = re.compile(r"\b(?:decid\w*|assess\w*|work\w*\s+out|say|says|said|show\w*|know\w*|tell\w*|determin\w*"
                                r"|drives?|driving|estimat\w*|calculat\w*|judg\w*|affect\w*|influenc\w*|establish\w*"
                                r"|understand\w*|predict\w*)\s+(how\s+many)\b", re.I)


def _asked(question: str) -> str:
    """``question`` with an embedded "how many" (after "decide", "show", "drives" …) read as "which"."""
    return _EMBEDDED_HOW_MANY.sub(lambda m: m.group(0)[:m.start(1) - m.start(0)] + "which", question)


def figure_cannot_answer(question: str) -> bool:
    """Whether ``question`` asks why, when, where or who, or how a number is worked out: the report's
    words answer it, a statistic's value does not (a grade question is judged apart). "When the victim
    withdrew, what share…" still asks for a quantity; "Why is the crime rate rising?" does not."""
    return bool(_METHOD.search(question) or (_WH.search(question) and not _ASKS_AMOUNT.search(question)))


def asks_for_quantity(question: str) -> bool:
    """Whether ``question`` asks for a measured quantity (a rate, a share, a comparison): a statistic."""
    question = _asked(question)
    return bool(_COUNT.search(question) or _QUANTITY.search(question))


_RATE = re.compile(r"\b(?:rates?|percentage|proportion|average|(?:bigger|larger|higher|greater|smaller|lower)\s+share"
                   r"|per\s+(?:head|capita|person|resident))\b"
                   r"|\bhow\s+likely\s+(?:is|are|was|were)\s+(?:an?\s+|the\s+)?\w+"  # "how likely is an arrest?": a rate
                   r"|\b(?:chances?|odds|likelihood)\s+of\b"
                   # a keyword query, "hate crime figures west mercia 2016" (not "Are ASB figures checked as crime figures?")
                   rf"|{KEYWORD_QUERY}[^?]*\bcrimes?\s+(?:figures?|statistics|stats|numbers|levels?)\b", re.I)
_HOW_MADE = re.compile(r"\b(?:work(?:ed)?\s+out|calculat\w*|measured|defined|method\w*|compared?\b|comparable|denominators?)\b",
                       re.I)


_HOW_MANY = re.compile(r"\bhow\s+many\b|\b(?:total|overall|actual|exact)\s+number\s+of\b|^\s*(?:the\s+)?number\s+of\b"
                       r"|\bwhat\s+(?:is|was|are|were)\s+the\s+number\s+of\b", re.I)
# "If 100 domestic abuse crimes are reported, how many arrests …?": a base stated, a rate asked
_RELATIVE = re.compile(r"\b(?:per|rates?|percent(?:age)?|proportion|share|fraction|ratio|average|(?:for|out\s+of|in)\s+every)\b|%"
                       r"|\b(?:if|of|out\s+of)\s+(?:a\s+|every\s+)?(?:100|1,?000|hundred|thousand)\b", re.I)


# a force's amount set beside the nation's is a rate or a share: forces differ in size
_SET_BESIDE = (r"vs\.?|versus|compared?\s+(?:with|to)|than|nationally|England\s+(?:and|&)\s+Wales"
               r"|rest\s+of\s+(?:the\s+)?(?:country|forces)|other\s+forces")
_BESIDE_NATION = re.compile(rf"\b(?:{_SET_BESIDE}|national|relative\s+to)\b", re.I)


def asks_how_many(question: str) -> bool:
    """Whether ``question`` asks "how many" (or "the number of") anything, a count or a rate."""
    return bool(_HOW_MANY.search(_asked(question)))


def asks_for_count(question: str) -> bool:
    """Whether ``question`` asks how many of something there are in all ("how many officers…"), not a
    rate or share ("how many … per 1,000 people", "how many … compared with England and Wales"): a
    rate or a percentage cannot answer it."""
    question = _asked(question)
    return (bool(_HOW_MANY.search(question)) and not _RELATIVE.search(question) and not _BESIDE_NATION.search(question)
            and not _IN_HOW_MANY.search(question))


# "in how many cases did the victim withdraw support?": how often, which a share answers
_IN_HOW_MANY = re.compile(r"\bin\s+how\s+many\s+(?:of\s+(?:the|these|its|their)\s+)?(?:cases|instances|crimes|offences|incidents"
                          r"|investigations|outcomes)\b", re.I)


def is_relative(unit: str | None) -> bool:
    """Whether a figure's unit makes it a rate or share ("%", "per 1,000 population")."""
    return bool(unit and _RELATIVE.search(unit))


_ASKS_SHARE = re.compile(r"\b(?:percent(?:ages?)?|per\s?cent|proportions?|share|fraction)\b|%", re.I)
_ASKS_PER = re.compile(r"\bper\s+(?:\d[\d,]*|one|a|thousand|hundred|million|head|capita|person|people|residents?"
                       r"|households?|population|inhabitants?)\b|\bfor\s+every\b", re.I)


_PER_HUNDRED = re.compile(r"\b(?:per|for\s+every|out\s+of\s+every)\s+(?:100|hundred|one\s+hundred)\b(?![,\d])", re.I)


def asked_unit(question: str) -> str | None:
    """The kind of amount a question names: "share" (a percentage, proportion), "per" (a rate per
    1,000 people, per head), or None when it names neither or both, or "per 100" (a share too)."""
    if _PER_HUNDRED.search(question):
        return None
    share, per = bool(_ASKS_SHARE.search(question)), bool(_ASKS_PER.search(question))
    return "share" if share and not per else "per" if per and not share else None


_STATES_SHARE = re.compile(rf"(?:\d|\b(?:one|{NUMBER_WORDS}))\s*(?:%|per\s?cent\b|percent\b)", re.I)  # "two percent" too
_STATES_RATE = re.compile(r"\bper\s+(?:1,000|thousand|10,000|100,000|one\s+million|a\s+million|million|head)\b", re.I)


def states_unit(sentence: str, unit: str | None) -> bool:
    """Whether ``sentence`` states an amount of the kind :func:`asked_unit` names."""
    pattern = _STATES_SHARE if unit == "share" else _STATES_RATE if unit == "per" else None
    return bool(pattern and pattern.search(sentence))


def unit_kind(unit: str | None) -> str | None:
    """The kind of a figure's unit, as :func:`asked_unit` names it: "%" is a share, "per 1,000
    population" a rate; "per 100 offences" is both (42 per 100 is 42 percent); what is counted ("police
    case files") a count; None for no unit."""
    if not unit:
        return None
    if unit.strip() == "%":
        return "share"
    if re.match(r"per\s+(?:100|hundred)\s+\D", unit.strip()):
        return "either"
    return "per" if unit.lstrip().startswith("per ") else "count"  # "police case files", "£ million"


_OFTEN = re.compile(r"\bhow\s+(?:often|frequently|many\s+times)\b", re.I)
_NATION_SET_BESIDE = re.compile(rf"\b(?:{_SET_BESIDE}|national\s+average)\b", re.I)  # not "the national team"
# "How big is the backlog?", "Is there still a big backlog?"
_HOW_BIG = re.compile(r"\bhow\s+(?:big|large)\s+(?:is|was|are|were)\b"
                      r"|\bis\s+there\s+(?:still\s+)?(?:a|any)\s+(?:big|large|huge|long|sizeable)\b", re.I)
# "Has public satisfaction dropped since 2015?", "Is anti-social behaviour going down?": the change answers
_MOVED = re.compile(r"(?:^|[-–—,;:]\s*(?:and\s+|but\s+)?)\s*(?:has|have|is|are|was|were|did|does|do)\b[^?]*?\b"
                    r"(?:(?:go(?:ne|es|ing)?|went|come|coming|came)\s+(?:up|down)|ris(?:en|ing)|rose|fall(?:en|ing)|fell|"
                    r"drop(?:ped|ping)|increas(?:ed|ing)|"
                    r"decreas(?:ed|ing)|reduc(?:ed|ing)|grow(?:n|ing)|grew|shr[iau]nk(?:ing)?|"
                    r"(?:got|gotten|getting|become|became)\s+(?:any\s+)?(?:smaller|bigger|larger)|"
                    # a backlog worked off: "Has the force caught up on …?", "got on top of the pile"
                    r"(?:caught|catching)\s+up|(?:got|gotten|getting)\s+on\s+top\s+of|clear(?:ed|ing))\b", re.I)


# where the people asked live: "in West Mercia", "across Shropshire and Telford"
_PLACE = r"(?:in|of|across|around)\s+(?:[A-Z][\w'’-]*\s+){1,3}"
# what the public think of the force ("Do people think the police are any good at …?"): a survey's
# share of people who think so answers, not the inspectors' verdict
OPINION = re.compile(r"\b(?:do|does|did|would)\s+(?:local\s+|most\s+|many\s+)?(?:people|residents|the\s+public"
                     r"|members\s+of\s+the\s+public|locals|citizens|communities|the\s+community|victims)\s+"
                     rf"(?:{_PLACE}|a?round\s+here\s+|\w+\s+)?"
                     r"(?:think|feel|believe|reckon|say|trust|agree)\b"
                     # "Are local people actually satisfied with …?", "Are victims happy with …?"
                     r"|\b(?:are|were)\s+(?:(?:local|most|many|the|crime)\s+)?(?:people|residents|the\s+public|locals|citizens"
                     rf"|victims)\s+(?:{_PLACE})?(?:\w+\s+)?"
                     r"(?:satisfied|dissatisfied|happy|unhappy|content|pleased|confident)\b"
                     r"|\b(?:proportion|share|percentage|per\s*cent|how\s+many)\s+of\s+(?:the\s+)?(?:public|people|residents"
                     r"|locals|respondents)\s+(?:\w+\s+)?(?:think|thought|feel|felt|believe|say|said|agree)\b", re.I)


_WHICH = re.compile(r"^\s*which\b", re.I)
_EXISTS = re.compile(r"^\s*(?:were|are|was|is|did|do|does|has|have)\s+(?:there\s+)?any\b", re.I)


def expects_number(question: str) -> bool:
    """Whether ``question`` asks for a count, a share, an amount or a rate (not how a rate is made);
    "how often …" set beside the nation asks for a rate."""
    question = _asked(question)
    if _EXISTS.search(question) or _WHICH.search(question):  # "Were any forces missing …?": yes or no;
        return False  # "Which forces were left out of the national rate?": names
    asks = (_COUNT.search(question) or (_RATE.search(question) and not _HOW_MADE.search(question))
            or (_OFTEN.search(question) and _NATION_SET_BESIDE.search(question)))
    return bool(asks) and not figure_cannot_answer(question)  # "Why is X left out of the rate?" asks for a reason


def asks_amount(question: str) -> bool:
    """Whether a statistic's value may answer ``question``: it :func:`expects_number`, or asks how big
    something is ("How big is the backlog …?"), which a passage may also answer in words."""
    return expects_number(question) or bool(_HOW_BIG.search(question) or _MOVED.search(question)
                                            or OPINION.search(question))


_AUXILIARY = re.compile(r"\b(?:do|does|did|get|gets|got)\b", re.I)


def topic_text(question: str) -> str:
    """``question`` without the words that ask for an amount ("how many", "what percentage") or
    carry the verb ("did … get"): what is left names the topic."""
    return _AUXILIARY.sub(" ", _COUNT.sub(" ", question))


_AUX = r"(?:were|was|are|is|did|does|do|have|has|had|will|would|could|can)"
_COUNTED = re.compile(  # "how many were asked?" names nothing counted
    rf"(?:\bhow\s+many|\bnumber\s+of)\s+(?!{_AUX}\b)(.+?)(?=\s+(?:{_AUX}|in|on|at|by|for"
    r"|from|per|each|between|during|over|across|since|that|who|which|get|got)\b|\s*[?,.;:(]|\s+-|$)", re.I)


def counted_head(thing: str) -> str | None:
    """The plural noun a counted phrase ends on ("Criminal Behaviour Orders", "victims" of "victims of
    human trafficking"), which a sentence answering the count must name; None if it is not one."""
    words = re.split(r"\s+of\s+", thing, maxsplit=1)[0].split()
    last = words[-1] if words else ""
    return last if len(last) > 3 and last.lower().endswith("s") and not last.lower().endswith("ss") else None


def counted(question: str) -> str | None:
    """What a "how many" (or "what was the number of") question counts ("how many Criminal Behaviour Orders did …" → "Criminal
    Behaviour Orders"), or None."""
    m = _COUNTED.search(_asked(question))
    if m:
        return m.group(1)
    # "Of the 21 people returned to court, how many were convicted?" counts the convicted people
    verb, lead = _HOW_MANY_VERB.search(question), _OF_THE.search(question)
    return f"{verb.group(1) or ''} {lead.group(1)}".strip() if verb and lead else None


_HOW_MANY_VERB = re.compile(rf"\bhow\s+many\s+{_AUX}\b(?:\s+(?:then\s+|later\s+|actually\s+)?(\w+ed|\w+en)\b)?", re.I)
_OF_THE = re.compile(r"^\s*(?:and\s+)?of\s+(?:the|these|those|its|their)\s+(?:\d[\d,]*\s+)?"
                     r"((?:[\w'’-]+\s+){0,3}?(?:[\w'’-]+s|people|children|staff))\b", re.I)


_RATE_AFTER = re.compile(r"\s*(?:%|per\s?cent\b|percent\b|(?:[^\s.;,]+\s+){0,6}?per\s+(?:1,000|100|one\s+million"
                         r"|a\s+million|million|thousand|hundred|head)\b)", re.I)


_TIMES_AFTER = re.compile(r"\s+times?\s+(?:a|an|each|every|per)\b", re.I)  # "three times each year": how often, not how many
_SHARES = {"percent", "hundred", "thousand", "million", "billion", "half", "quarter", "quarters", "third", "thirds"}


# Numbers that name, date or time something rather than count it: "Figure 10", "1 July", "the 12 months to".
_NAMED_BY = re.compile(r"\b(?:figure|table|annex|page|recommendation|outcome|section)\s+$", re.I)
_DATED = re.compile(rf"\d+\s+(?:{MONTHS})\b|\d+\s+months?\s+(?:to|ending)\b|\d+[\s-]years?\s+to\b", re.I)
_RATE_PHRASE = re.compile(r"\bper\s+(?:1,000|100|one\s+million|a\s+million|million|thousand|hundred|cent)\b|%|\bpercent\b"
                          r"|\bfor\s+every\b|\brates?\s+(?:for|of|per)\b", re.I)


def states_count(text: str) -> bool:
    """Whether ``text`` states a number that counts something: not a rate or a share ("23 groups per
    one million …" does not say how many groups there are), not one after a rate's unit (a statistics
    line "… per 1,000 population … 59 68"), and not a figure number, a date or a period."""
    rate = _RATE_PHRASE.search(text)
    for m in _NUMBER.finditer(text):
        if rate and m.start() >= rate.start():
            break
        if m.group(0).lower() in _SHARES or _RATE_AFTER.match(text, m.end()) or _TIMES_AFTER.match(text, m.end()):
            continue
        if _SPAN_BEFORE.search(text[max(0, m.start() - 12):m.start()]) and _TIME_AFTER.match(text, m.end()):
            continue  # "over the last 12 months": a period, not a count
        if not _NAMED_BY.search(text[max(0, m.start() - 16):m.start()]) and not _DATED.match(text, m.start()):
            return True
    return False


_SPAN_BEFORE = re.compile(r"\b(?:last|past|previous|next|first|recent|coming)\s+$", re.I)
_TIME_AFTER = re.compile(r"\s*(?:days?|weeks?|months?|years?)\b", re.I)


def states_number(text: str) -> bool:
    """Whether ``text`` states a number other than a year (digits, a number word, a fraction word)."""
    return bool(_NUMBER.search(text))


def asks_often(question: str) -> bool:
    """Whether ``question`` asks how often something happens ("how often", "how many times")."""
    return bool(_OFTEN.search(question))


_SIZE = re.compile(r"\bhow\s+(?:big|large|long|high|much)\b|\bwhat\s+(?:is|was|were|are)\s+(?:the|its|their)\b"
                   r"|\bsize\s+of\b"
                   # a keyword query, "digital forensics backlog 2016": what it names, if a count's own noun
                   rf"|{KEYWORD_QUERY}[^?]*$", re.I)


def asks_size(question: str) -> bool:
    """Whether ``question`` asks how big something is ("how large was the backlog", "what was the …",
    or a keyword query naming it, "digital forensics backlog 2016"), or whether it grew or shrank
    ("Has the backlog got any smaller?"): the count now, stated beside its earlier one, answers."""
    return bool(_SIZE.search(question) or _MOVED.search(question) or _HOW_BIG.search(question))
