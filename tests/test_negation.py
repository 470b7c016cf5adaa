"""Negation scope: which content words of a label or a question are negated."""

from qa.lexical import text_tokens
from qa.negation import clashes, polarity


def _negated(text: str) -> set[str]:
    return {t for t, negated in polarity(text).items() if negated}


def stem(word: str) -> str:
    return text_tokens(word)[0]


def test_not_negates_the_words_around_it_within_the_clause():
    assert _negated("Suspect not identified") == {stem("suspect"), stem("identified")}
    assert _negated("victim does not support police action") == {stem("victim"), stem("support")}
    assert not _negated("Suspect identified")


def test_no_and_without_negate_the_next_two_content_words():
    assert _negated("closed without a suspect being identified") == {stem("suspect"), stem("identified")}


def test_cue_verbs_negate_the_phrase_after_them_and_yet_is_no_boundary():
    assert _negated("unable to identify a suspect") == {stem("identify"), stem("suspect")}
    assert stem("assigned") in _negated("Not yet assigned an outcome")


def test_a_verb_withholding_its_object_negates_that_object_only():
    assert _negated("victim withdraws support suspect identified") == {stem("support")}
    assert _negated("victim unwilling to support prosecution") == {stem("support"), stem("prosecution")}


def test_negation_stops_at_a_clause_boundary():
    negated = _negated("the victim did not support action, but the suspect was identified")
    assert stem("support") in negated and stem("identified") not in negated


def test_clashes_when_a_shared_word_flips():
    assert clashes(polarity("Did police know the suspect identified?"), polarity("Suspect not identified"))
    assert not clashes(polarity("no suspect was identified"), polarity("Suspect not identified"))
    assert not clashes(polarity("burglary rate"), polarity("Suspect not identified"))


def test_one_word_negated_in_both_settles_a_rough_reach():
    # "withdraws" negates "support" only; "does not" also reaches back to "victim"
    assert not clashes(polarity("victim withdraws support"), polarity("victim does not support police action"))
    assert clashes(polarity("victim withdraws support"), polarity("victim supports police action"))


def test_a_withheld_support_question_gets_the_row_under_the_unsupported_group(engine):
    figures = engine.ask("suspect identified but victim withdraws support percentage").figures
    assert figures and "does not support" in (figures[0].group or figures[0].label)


def test_known_suspect_question_gets_the_identified_row(engine):
    figures = engine.ask("In what share of outcomes was the suspect identified but the victim did not support action?").figures
    assert figures and "not identified" not in figures[0].label.lower()
