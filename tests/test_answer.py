"""The short answer is built only from a figure's fields, or is the passage's own sentence."""

from qa.answer import NOT_COVERED, compose, figure_sentence
from qa.records import Chunk, Figure, Passage

FIG = Figure("d:f", "d", "Figure 2", "Rates", "Burglary in a dwelling",
             {"West Mercia Police": 5.3, "England and Wales": 8.1}, "per 1,000 households",
             "12 months to 30 June 2016", page=10)
GRADE = Figure("d:j", "d", "Judgment", "How effective is the force?", "How effective is the force?",
               {"West Mercia Police": "Good"}, page=7)
CHUNK = Chunk("d:0001", "d", ("Part", "Section"), "First sentence. Second one here.", 4, (4,))


def test_figure_sentence_uses_only_its_fields():
    answer = figure_sentence(FIG)
    assert answer.text == "Burglary in a dwelling: 5.3 per 1,000 households in West Mercia Police, 8.1 in England and Wales"
    assert answer.citation == "Figure 2, 12 months to 30 June 2016, page 10"


def test_grade_sentence():
    answer = figure_sentence(GRADE)
    assert answer.text == "How effective is the force? West Mercia Police: Good"
    assert answer.citation == "Judgment, page 7"


def test_text_answer_is_the_highlighted_sentence():
    answer = compose([Passage(CHUNK, 1.0, (16, 32))], [], True)
    assert answer.text == "Second one here." and answer.citation == "Part › Section, page 4"


def test_not_covered():
    assert compose([Passage(CHUNK, 1.0, (0, 15))], [FIG], False).text == NOT_COVERED
