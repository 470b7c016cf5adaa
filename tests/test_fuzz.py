"""Property tests of the core on the real index: ``Engine.ask`` accepts any text or says QuestionError.

The contract: for any Unicode question of 1-1000 characters and any ``top_k``,
``Engine.ask`` either returns a well-formed result or raises the core's
:class:`QuestionError` (blank question, ``top_k`` outside 1-20). Nothing else.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qa.engine import MAX_QUESTION, MAX_TOP_K, QuestionError

FUZZ = settings(max_examples=150, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
SPACES = " \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u200a\u2028\u2029\u202f\u205f\u3000"

# Unicode scalar values (every code point but the surrogates, which are not text on their own).
any_text = st.text(st.characters(exclude_categories=["Cs"]), min_size=1, max_size=MAX_QUESTION)
spacey_text = st.text(st.sampled_from(SPACES + "a?9é\u0300\u200b"), min_size=1, max_size=MAX_QUESTION)
report_words = st.lists(st.sampled_from(["burglary", "THRIVE", "rate", "West", "Mercia", "missing", "children",
                                         "grade", "good", "%", "2016", "victims", "?", "what", "is", "the"]),
                        min_size=1, max_size=30).map(" ".join)


def check_answer(engine, question: str, top_k: int) -> None:
    """The property: a valid result, or QuestionError exactly when the question is blank or top_k is out of range."""
    trimmed = " ".join(question.split())
    valid = bool(trimmed) and 1 <= top_k <= MAX_TOP_K
    try:
        result = engine.ask(question, top_k)
    except QuestionError:
        assert not valid, "QuestionError for a valid question"
        return
    assert valid, "accepted an invalid question"
    assert result.question == trimmed
    assert 1 <= len(result.passages) <= top_k
    assert isinstance(result.answerable, bool)
    assert result.answer is None or (result.answer.text and isinstance(result.answer.citation, str))
    for p in result.passages:
        a, b = p.highlight
        assert 0 <= a <= b <= len(p.chunk.text) and engine.chunk(p.chunk.id) is p.chunk


@FUZZ
@given(question=any_text, top_k=st.integers(1, MAX_TOP_K))
def test_any_unicode_question(engine, question, top_k):
    check_answer(engine, question, top_k)


@FUZZ
@given(question=spacey_text, top_k=st.integers(1, MAX_TOP_K))
def test_whitespace_heavy_questions(engine, question, top_k):
    check_answer(engine, question, top_k)


@FUZZ
@given(question=report_words, top_k=st.integers(-5, 30))
def test_report_vocabulary_and_any_top_k(engine, question, top_k):
    check_answer(engine, question, top_k)


@pytest.mark.parametrize("question", ["x" * MAX_QUESTION, "\U0010ffff" * MAX_QUESTION, "\x00", "\ufeff?", "🙂" * 999])
def test_edges(engine, question):
    check_answer(engine, question, 5)


def test_lone_surrogate_is_a_question_error(engine):
    with pytest.raises(QuestionError, match="Unicode"):
        engine.ask("what is \ud800 THRIVE", 5)
