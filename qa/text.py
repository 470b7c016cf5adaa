"""Small text utilities shared by parsers, chunker, figures and retrieval."""

from __future__ import annotations

import re

GRADES = ("Outstanding", "Good", "Requires improvement", "Inadequate", "Ungraded")
YEAR = re.compile(r"\b(?:19|20)\d\d\b")  # a year of this era, as a word
MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"  # for patterns
_GRADE_RE = re.compile(r"^(outstanding|good|requires improvement|inadequate|ungraded)$", re.I)

_SUP = re.compile(r"<sup>\s*([\d,\s]+)\s*</sup>")
_TAGS = re.compile(r"</?(?:b|i|em|strong|u|span)[^>]*>", re.I)
_LINK = re.compile(r"\[([^\]]*)\]\((?:[^()]|\([^()]*\))*\)")
_ESCAPE = re.compile(r"\\+([\\`*_{}\[\]()#+\-.!|>~])")
_ITALIC = re.compile(r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])")
_STAR = "\u0000"

# A sentence ends at . ? or ! followed by space and an upper-case letter, digit or quote,
# but not after common abbreviations or single initials.
_SENT_END = re.compile(r"(?<=[.?!])[\"'”’)]?\s+(?=[A-Z0-9\"'“‘(])")
_ABBREV = re.compile(r"(?:\b(?:e\.g|i\.e|etc|Mr|Mrs|Ms|Dr|No|St|vs|cf)\.|\b[A-Z]\.)$")


def footnote_refs(text: str) -> tuple[int, ...]:
    """Footnote numbers marked with ``<sup>N</sup>`` or ``<sup>N,M</sup>``."""
    refs: list[int] = []
    for match in _SUP.finditer(text):
        refs.extend(int(n) for n in re.findall(r"\d+", match.group(1)))
    return tuple(refs)


def footnote_anchors(raw: str, words: int = 8) -> tuple[tuple[int, str], ...]:
    """Each footnote marked in ``raw`` with the last ``words`` words before its marker."""
    out = []
    for match in _SUP.finditer(raw):
        before = " ".join(clean_inline(raw[: match.start()]).split()[-words:])
        out.extend((int(n), before) for n in re.findall(r"\d+", match.group(1)))
    return tuple(out)


def clean_inline(text: str) -> str:
    """Strip inline markup: tags, ``**``, ``*italic*``, links, backslash escapes, footnote marks."""
    text = _SUP.sub("", text)
    text = _TAGS.sub("", text)
    text = text.replace("\\*", _STAR)
    text = _LINK.sub(lambda m: m.group(1), text)
    text = text.replace("**", "")
    text = _ITALIC.sub(r"\1", text)
    text = _ESCAPE.sub(r"\1", text)
    text = text.replace(_STAR, "*")
    return normalize_space(text)


def normalize_space(text: str) -> str:
    """Collapse runs of white space (including non-breaking spaces) to one space."""
    return re.sub(r"[\s\u00a0]+", " ", text).strip()


def key(text: str) -> str:
    """A heading or label in comparable form: lower-case letters and digits only, markup ignored."""
    return re.sub(r"[^a-z0-9]+", "", clean_inline(text).lower())


def split_marker(text: str) -> tuple[str, str | None]:
    """``Burglary in a dwelling*`` -> (``Burglary in a dwelling``, ``*``): a note marker cut off."""
    stripped = text.rstrip("*†‡ ")
    return stripped, (text[len(stripped):].strip() or None)


def grade_of(text: str) -> str | None:
    """The canonical grade if ``text`` is exactly a grade word, else None."""
    match = _GRADE_RE.match(normalize_space(text).strip("*# "))
    return match.group(1).capitalize() if match else None


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Character spans of the sentences in ``text``; abbreviation-aware."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _SENT_END.finditer(text):
        end = match.start() + len(match.group(0).rstrip())
        candidate = text[start:match.start() + 1]
        if _ABBREV.search(candidate.rstrip("\"'”’)")):
            continue
        spans.append((start, end))
        start = match.end()
    if start < len(text):
        spans.append((start, len(text)))
    return [(a, b) for a, b in spans if text[a:b].strip()]


def parse_number(text: str) -> float | None:
    """A number from a cell such as ``5.3``, ``+13.4%``, ``-3.4%``, ``1,234`` or ``−0.5``."""
    cleaned = text.strip().replace(",", "").replace("\u2212", "-").replace("%", "").strip()
    if not re.fullmatch(r"[+-]?\d+(?:\.\d+)?", cleaned):
        return None
    return float(cleaned)


def decimals(value: float) -> int:
    """How many decimal places ``value`` is stated to: 58.8 -> 1, 59 -> 0."""
    text = f"{value:g}"
    return len(text.split(".")[1]) if "." in text else 0


def rounds_to(coarse: dict, fine: dict) -> bool:
    """Whether every value of ``fine`` rounds to the matching value of ``coarse`` at its precision."""
    for name, value in coarse.items():
        other = fine.get(name)
        if not isinstance(value, float) or not isinstance(other, float):
            return False
        if decimals(other) <= decimals(value) or abs(round(other, decimals(value)) - value) > 1e-9:
            return False
    return True


def words(text: str) -> int:
    """Number of white-space separated words."""
    return len(text.split())


# a keyword query, not a question ("victim satisfaction rate 2015", "digital forensics backlog"): it
# starts with no question word or auxiliary
KEYWORD_QUERY = (r"^(?!\s*(?:what|which|who|whom|whose|how|why|when|where|is|are|was|were|do|does|did|has|have|had"
                 r"|can|could|will|would|should|tell|explain|describe|give|list)\b)")
