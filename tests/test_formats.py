"""The Markdown and the PDF of the same report give the same sections, figures and top passages."""

import pytest

from qa.build import build_index

from .conftest import REPORT_PDF

QUESTIONS = [
    "What is THRIVE?",
    "What did the inspectors say about missing children?",
    "How well prepared is the force to respond to a firearms attack?",
    "Which force did West Mercia form an alliance with?",
    "How many case files did HMIC review?",
    "What is the rate of burglary in a dwelling?",
    "How does the force manage registered sex offenders?",
    "Why is Dorset Police excluded from crime outcomes?",
]


@pytest.fixture(scope="module")
def pdf_engine(tmp_path_factory):
    from qa.engine import Engine

    target = tmp_path_factory.mktemp("pdf-index")
    build_index([REPORT_PDF], target)
    return Engine.load(target)


def _words(text):
    return set(text.lower().split())


def test_same_figures(pdf_engine, engine):
    def key(f):
        return (f.figure, f.group, f.label, tuple(sorted(f.values.items())), f.unit, f.period)

    assert sorted(map(key, pdf_engine.data.figures), key=repr) == sorted(map(key, engine.data.figures), key=repr)
    burglary = next(f for f in pdf_engine.data.figures if f.label == "Burglary in a dwelling")
    assert burglary.page == 10


def test_same_section_headings(pdf_engine, engine):
    md = [tuple(s["path"])[-1] for d in engine.data.documents for s in d["sections"]]
    pdf = [tuple(s["path"])[-1] for d in pdf_engine.data.documents for s in d["sections"]]
    assert md == pdf


@pytest.mark.parametrize("question", QUESTIONS)
def test_same_top_passage(pdf_engine, engine, question):
    md_top = engine.ask(question, 3).passages[0]
    pdf_top = pdf_engine.ask(question, 3).passages
    md_sentence = md_top.chunk.text[md_top.highlight[0]:md_top.highlight[1]]
    best = max(len(_words(md_sentence) & _words(p.chunk.text)) / len(_words(md_sentence)) for p in pdf_top)
    assert best > 0.9, (md_sentence, [p.chunk.text[:80] for p in pdf_top])


def test_pdf_pages_are_real(pdf_engine):
    header = "PEEL: Police effectiveness 2016 – West Mercia Police"
    assert not any(header in c.text for c in pdf_engine.data.chunks)
    assert max(c.page for c in pdf_engine.data.chunks) <= 62
