"""Query-term coverage (idf-weighted share of the question's terms a chunk holds) and definition intent."""

import numpy as np
import pytest

from qa.engine import Engine
from qa.lexical import LexicalIndex
from qa.intent import (advice_chunks, asks_for_advice, asks_for_definition, asks_for_gap, asks_for_method, gap_chunks,
                       method_chunks, pointer_chunks)

TEXTS = ["Burglary in a dwelling: the rate per 1,000 households.", "Burglary fell.", "Victims were satisfied.",
         "Officers attend incidents quickly."]


def test_coverage_is_the_idf_weighted_share_of_question_terms():
    lexical = LexicalIndex.build(TEXTS)
    coverage = lexical.coverage("What is the burglary rate for households?")
    assert coverage.shape == (len(TEXTS),) and coverage.dtype == np.float32
    assert coverage[0] == pytest.approx(1.0)  # every known term of the question
    assert 0 < coverage[1] < coverage[0]  # only "burglary"
    assert coverage[2] == coverage[3] == 0


def test_coverage_rewards_breadth_where_bm25_rewards_repetition():
    lexical = LexicalIndex.build(["satisfied satisfied satisfied victims", "victims were satisfied with officers",
                                  "nothing relevant", "more filler text"])
    question = "were victims satisfied with officers"
    assert lexical.coverage(question)[1] > lexical.coverage(question)[0]


def test_coverage_of_unknown_words_is_zero():
    assert not LexicalIndex.build(TEXTS).coverage("zeppelin quasar").any()


@pytest.mark.parametrize("question, definition", [("What is MAPPA?", True), ("What does SARA stand for?", True),
                                                  ("MASH meaning", True), ("DVPN", True),
                                                  ("Explain the THRIVE model", True),
                                                  ("How many burglaries were recorded in the year?", False),
                                                  ("What is a domestic violence protection notice and who signs it?", True),
                                                  ("Why was the action plan late?", False),
                                                  ("What is wrong with the force's serious and organised crime profiles?", False),
                                                  ("How does the report define a vulnerable person?", True),
                                                  ("What counts as a repeat victim?", True),
                                                  ("What is meant by 'outcomes'?", True),
                                                  ("How many people were interviewed?", False),
                                                  ("What is the burglary figure for West Mercia?", False),
                                                  ("HMIC - full name?", True), ("NCA – what is it?", True),
                                                  ("What is it like to report a crime?", False)])
def test_asks_for_definition(question, definition):
    assert asks_for_definition(question) is definition


INTENTS = [(asks_for_gap, "Which forces couldn't give HMIC any arrest figures?", True),
           (asks_for_gap, "Which force is missing from the breakdown of crime types?", True),
           (asks_for_gap, "Was any force left out of the outcomes data?", True),
           (asks_for_gap, "Which forces have the highest burglary rate?", False),
           (asks_for_gap, "What data did the force provide?", False),
           (asks_for_advice, "What must the force do to improve its crime prevention?", True),
           (asks_for_advice, "What has HMIC told the force to do about outcomes?", True),
           (asks_for_advice, "What did inspectors recommend on missing children?", True),
           (asks_for_advice, "What is the burglary rate?", False), (asks_for_advice, "Who chairs the forum?", False),
           (asks_for_method, "Which population figures are used to work out the per-1,000 rates?", True),
           (asks_for_method, "Can the 2016 figures be compared with 2015?", True),
           (asks_for_method, "How reliable are the anti-social behaviour figures?", True),
           (asks_for_method, "Where does HMIC get its crime statistics from?", True),
           (asks_for_method, "What is the burglary rate?", False),
           (asks_for_method, "How does West Mercia compare with England and Wales?", False)]


@pytest.mark.parametrize("asks, question, expected", INTENTS)
def test_intent_of_questions(asks, question, expected):
    """Gaps (forces whose data are missing), advice (what to improve), method (how statistics are made)."""
    assert asks(question) is expected


def test_gap_question_lifts_the_passage_naming_the_forces(engine):
    """Reports name the forces whose data are missing ("X and Y were unable to provide ..."); a
    question asking which forces those are ranks that passage higher than without the prior."""
    from dataclasses import replace
    flagged = gap_chunks(engine.data.chunks)
    assert flagged.any() and flagged.mean() < 0.1
    question = "Which forces are left out of the data?"

    def first_gap(config):
        engine.config = config
        passages = engine.ask(question, 20).passages
        return next((i for i, p in enumerate(passages) if "unable to provide" in p.chunk.text), 99)

    default = engine.config
    try:
        assert first_gap(default) < first_gap(replace(default, gap_weight=0.0))
    finally:
        engine.config = default


def test_definition_question_prefers_the_footnote_that_defines_the_term(engine):
    footnotes = [c for c in engine.data.chunks if c.kind == "footnote"]
    assert footnotes, "the report defines terms in footnotes"
    top = engine.ask("What is a sexual harm prevention order?").passages[0].chunk
    assert top.kind == "footnote" and "sexual harm prevention order" in top.text.lower()


def test_an_abbreviation_asked_about_prefers_where_the_report_first_spells_it_out(engine):
    """"What does GBH stand for?": the report spells GBH out where it introduces it; that passage
    gains the prior and reaches the top, and without the prior it does not."""
    from dataclasses import replace

    from qa.glossary import spelled_out
    rows = spelled_out(engine.data.chunks, engine.glossary)["GBH"]
    assert len(rows) == 1 and "grievous bodily harm (GBH)" in engine.data.chunks[rows[0]].text
    default = engine.config
    try:
        first = engine.ask("What does GBH stand for?").passages[0].chunk.id
        engine.config = replace(default, spelled_weight=0.0)
        without = engine.ask("What does GBH stand for?").passages[0].chunk.id
    finally:
        engine.config = default
    assert first == engine.data.chunks[rows[0]].id != without


# Without reserved places, the dense-best chunk misses the top five of the first and the BM25-best of the second.
QUESTIONS = ["How are officers trained to spot vulnerability?", "Who leads on cyber crime?",
             "What must the force do about local profiles?", "funding for armed officers"]


@pytest.mark.parametrize("question", QUESTIONS)
def test_best_chunk_by_bm25_and_by_dense_alone_reach_the_top_five(engine, question):
    from dataclasses import replace

    from qa.glossary import expand
    from qa.retrieve import gather

    query = expand(question, engine.glossary)
    evidence = gather(engine.data, engine.embedder.encode([query])[0], query, engine.config)
    ids = [p.chunk.id for p in engine.ask(question, 5).passages]
    for signal in ("lexical", "dense"):
        assert engine.data.chunks[int(np.argmax(getattr(evidence, signal)))].id in ids
    # the blend keeps its top places (compared unwidened: a widened passage may hide a neighbour's chunk)
    chunks = Engine(engine.data, engine.embedder, replace(engine.config, passage_words=0))
    plain = Engine(engine.data, engine.embedder, replace(engine.config, reserved=(), passage_words=0))
    assert [p.chunk.id for p in plain.ask(question, 5).passages][:3] == [p.chunk.id for p in chunks.ask(question, 5).passages][:3]
    assert [p.chunk.id for p in engine.ask(question, 1).passages] == ids[:1]


def test_advice_questions_prefer_areas_for_improvement(engine):
    flags = advice_chunks(engine.data.chunks)
    assert flags.any() and not flags.all()
    top = engine.ask("What should the force do better on serious and organised crime?").passages[0].chunk
    assert any("improvement" in h.lower() for h in top.section)


def test_bare_cross_references_do_not_answer(engine):
    pointers = pointer_chunks(engine.data.chunks)
    assert pointers.any(), "the annex points back to sections with 'Please see … above.'"
    top = engine.ask("anti-social behaviour 2015/16").passages[0].chunk
    assert not pointer_chunks([top]).any()


def test_reserved_places_do_not_bring_back_cross_references(engine):
    for question in ("anti-social behaviour", "organised crime groups", "recorded crime"):
        assert not pointer_chunks([p.chunk for p in engine.ask(question, 5).passages]).any()


def test_method_questions_prefer_the_passages_about_the_data(engine):
    from dataclasses import replace
    about = method_chunks(engine.data.chunks)
    assert 0 < about.sum() < len(about) / 2  # the annex "About the data", not the whole report
    question = "Can the anti-social behaviour figures be compared with last year?"
    top = engine.ask(question).passages[0]
    assert "About the data" in top.chunk.section[0]
    plain = Engine(engine.data, engine.embedder, replace(engine.config, method_weight=0.0)).ask(question).passages[0]
    assert "About the data" not in plain.chunk.section[0]  # without the bonus, a passage quoting the rates wins
