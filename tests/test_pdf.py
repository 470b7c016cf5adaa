"""The PDF parser on the real West Mercia report, checked against its Markdown version."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from qa.ingest import IngestError, load_document
from qa.ingest.assemble import parse_contents_line
from qa.ingest.pdf import parse_pdf
from qa.ingest.pdf_text import Vocabulary, detach_refs
from qa.tables import read_table

ROOT = Path(__file__).resolve().parents[1]
PDF = ROOT / "tests" / "fixtures" / "west-mercia-peel-effectiveness-2016.pdf"
MD = ROOT / "reports" / "west-mercia-peel-effectiveness-2016.md"
HEADER = "PEEL: Police effectiveness 2016 – West Mercia Police"

# Heading paths where the Markdown and the PDF disagree. In the PDF these
# headings are set in the same type as their siblings, and the PDF's own
# bookmarks nest them the same way, while the Markdown's '#' counts nest them
# one level differently; no reading of the PDF can give the Markdown's paths.
_Q = "How effective is the force at preventing crime, tackling anti-social behaviour and keeping people safe?"
_Q2 = "How effectively do force actions and activities prevent crime and anti-social behaviour?"
_BEST = "Does the force use evidence of best practice and its own learning to improve the service to the public?"
_ANNEX = "Annex A – About the data"
_MOVED = ("Anti-social behaviour", "Domestic abuse", "Organised crime groups (OCGs)", "Victim satisfaction")
KNOWN_MD_ONLY = {
    (_Q, _Q2, "Does the force use effective approaches and tactics to tackle crime and anti-social behaviour?", _BEST),
    (_ANNEX, "Recorded crime and crime outcomes"),
    *((_ANNEX, "Recorded crime and crime outcomes", t) for t in _MOVED),
}
KNOWN_PDF_ONLY = {
    (_Q, _Q2, _BEST),
    (_ANNEX, "Force in numbers", "Recorded crime and crime outcomes"),
    *((_ANNEX, "Force in numbers", t) for t in _MOVED),
}


@pytest.fixture(scope="module")
def pdf_doc():
    return load_document(PDF)


@pytest.fixture(scope="module")
def md():
    return load_document(MD)


@pytest.fixture(scope="module")
def raw_pages() -> list[str]:
    """Plain pypdf text of every page: what the parser has to clean up."""
    return [page.extract_text() for page in PdfReader(PDF).pages]


def blocks(doc, kind=None):
    return [b for s in doc.sections for b in s.blocks if kind is None or b.kind == kind]


def all_text(doc) -> str:
    return "\n".join(b.text for b in blocks(doc))


def section(doc, title):
    return next(s for s in doc.sections if s.title == title)


def test_document_identity(pdf_doc, md):
    assert pdf_doc.title == md.title == "PEEL: Police effectiveness 2016 – An inspection of West Mercia Police"
    assert pdf_doc.pages == 62
    assert pdf_doc.source == PDF.name and len(pdf_doc.sha256) == 64


def test_running_header_and_page_numbers_dropped(pdf_doc, raw_pages):
    assert all(HEADER in text for text in raw_pages[1:])  # on every page after the cover
    for block in blocks(pdf_doc):
        assert HEADER not in block.text
        for line in block.text.split("\n"):
            assert not re.fullmatch(r"\s*\d{1,3}\s*", line), block


def test_contents_pages_are_not_content(pdf_doc):
    assert not any(s.title == "Contents" for s in pdf_doc.sections)
    assert not any("....." in b.text for b in blocks(pdf_doc))
    assert {b.page for b in blocks(pdf_doc)}.isdisjoint({2, 3})


def test_line_end_hyphens_rejoined(pdf_doc, raw_pages):
    text = all_text(pdf_doc)
    splits = [m.groups() for page in raw_pages for m in re.finditer(r"\b([A-Za-z]+)-\n([a-z]+)", page)]
    assert ("anti", "social") in splits and ("recently", "understood") in splits
    for left, right in splits:
        assert f"{left}- {right}" not in text
        assert f"{left}-{right}" in text or f"{left}{right}" in text
    assert "anti-social" in text and "antisocial" not in text
    assert "recently-understood" in text  # only ever split at a line end: joined, hyphen kept
    assert "problem-solving" in text and "problem- solving" not in text


def test_hyphen_decision_uses_the_documents_words(raw_pages):
    vocab = Vocabulary(line for page in raw_pages for line in page.split("\n"))
    assert vocab.counts["capabilities"] > 0 and vocab.counts["anti-social"] > 0
    assert vocab.join("the force's specialist capabili-", "ties are tested") == "the force's specialist capabilities are tested"
    assert vocab.join("tackling anti-", "social behaviour") == "tackling anti-social behaviour"
    assert vocab.join("in the 2014-", "15 period") == "in the 2014-15 period"
    assert vocab.join("see www.gov.uk/government/", "uploads") == "see www.gov.uk/government/uploads"


def test_footnotes_detached_and_linked(pdf_doc, md):
    notes = pdf_doc.footnotes()
    assert sorted(notes) == sorted(md.footnotes()) == list(range(1, 42))
    assert notes[9].text.startswith("THRIVE is a structured assessment") and notes[9].page == 14
    thrive = next(b for b in blocks(pdf_doc, "paragraph") if "known as THRIVE." in b.text)
    assert 9 in thrive.refs and thrive.page == 14
    people = next(b for b in blocks(pdf_doc, "paragraph") if "protects vulnerable people" in b.text)
    assert "people and supports victims" in people.text and people.refs == (3,)
    for block in blocks(pdf_doc):
        for ref in block.refs:
            assert not re.search(rf"[A-Za-z)][.,;:]?{ref}\b", block.text), (ref, block.text)
    assert sorted(r for b in blocks(pdf_doc) for r in b.refs) == sorted(r for b in blocks(md) for r in b.refs)


def test_detach_refs_only_for_footnotes_on_the_page():
    assert detach_refs("protects vulnerable people3 and supports", {3}) == ("protects vulnerable people and supports", (3,))
    assert detach_refs("assessed forces.12,13 Then", {12, 13}) == ("assessed forces. Then", (12, 13))
    assert detach_refs("protects vulnerable people3 and", {4}) == ("protects vulnerable people3 and", ())
    assert detach_refs("an increase of 2.5 percent", {5}) == ("an increase of 2.5 percent", ())


def figure_table(doc, number: int):
    """The table that follows the 'Figure N:' caption."""
    found = blocks(doc)
    at = next(i for i, b in enumerate(found) if b.text.startswith(f"Figure {number}:"))
    return next(b for b in found[at:] if b.kind == "table")


@pytest.mark.parametrize(("number", "page", "rows"), [(2, 10, 6), (4, 18, 22), (8, 38, 7)])
def test_tables_match_markdown(pdf_doc, md, number, page, rows):
    got, want = figure_table(pdf_doc, number), figure_table(md, number)
    assert got.page == page and len(got.rows) == rows
    assert got.rows == want.rows  # header first, empty cells as ""
    assert got.bold_rows[1:] == want.bold_rows[1:]
    shape, expected = read_table(got.rows, got.bold_rows), read_table(want.rows, want.bold_rows)
    assert shape.header == expected.header and shape.series == expected.series
    assert [(r.label, r.values, r.keys, r.marker, r.bold, r.group) for r in shape.rows] == [
        (r.label, r.values, r.keys, r.marker, r.bold, r.group) for r in expected.rows
    ]


def test_figure_2_values(pdf_doc):
    shape = read_table(figure_table(pdf_doc, 2).rows)
    burglary = next(r for r in shape.rows if r.label == "Burglary in a dwelling")
    assert burglary.marker == "*" and burglary.values == {"West Mercia Police": 5.3, "England and Wales": 8.1}


def test_section_paths_match_markdown(pdf_doc, md):
    got, want = [s.path for s in pdf_doc.sections], [s.path for s in md.sections]
    assert [p[-1] for p in got] == [p[-1] for p in want]  # the same headings, in the same order
    assert set(want) - set(got) == KNOWN_MD_ONLY
    assert set(got) - set(want) == KNOWN_PDF_ONLY
    assert len(set(got) & set(want)) / len(set(want)) >= 0.92


def test_section_pages_match_contents(pdf_doc):
    lines = MD.read_text(encoding="utf-8").split("# Contents", 1)[1].split("## Introduction", 1)[0].splitlines()
    entries = [e for line in lines if line.strip() and (e := parse_contents_line(line, "<b>" in line))]
    assert len(entries) == 30
    sections = iter(pdf_doc.sections)
    for entry in entries:
        match = next(s for s in sections if s.title == entry.title)
        assert match.page == entry.page, entry
        assert match.level == entry.level


def test_wrapped_headings_and_captions_joined(pdf_doc):
    chapter = section(pdf_doc, _Q)
    assert chapter.page == 9 and chapter.level == 1
    assert section(pdf_doc, _Q2).page == 13
    caption = next(b for b in blocks(pdf_doc) if b.text.startswith("Figure 4:"))
    assert caption.text.endswith("in 12 months to 30 June 2016, by outcome type") and caption.refs == (12, 13)


def test_force_in_numbers_items(pdf_doc):
    calls = section(pdf_doc, "Calls for assistance")
    assert calls.path == ("Force in numbers", "Calls for assistance") and calls.page == 5
    assert [b.text for b in calls.blocks] == [
        "Calls for assistance per 1,000 population 12 months to 30 June 2016",
        "West Mercia Police England and Wales",
        "234 240",
    ]
    numbers = [s for s in pdf_doc.sections if s.path[0] == "Force in numbers"]
    for s in numbers:
        texts = [b.text for b in s.blocks]
        for i, text in enumerate(texts):
            if text == "West Mercia Police England and Wales":
                assert re.fullmatch(r"[-+]?[\d.]+%? [-+]?[\d.]+%?", texts[i + 1])
                assert texts[i + 1] not in texts[i - 1]  # values not merged into the label


def test_lists_grades_and_pages(pdf_doc):
    intro = section(pdf_doc, "What is police effectiveness and why is it important?")
    items = [b for b in intro.blocks if b.kind == "list_item"]
    assert len(items) == 6 and items[1].text.startswith("How effective is the force at preventing crime")
    overview = section(pdf_doc, "Overall summary")
    assert "Ungraded" in [b.text for b in overview.blocks]
    grades = [s.blocks[0].text for s in pdf_doc.sections if s.title == "Summary of findings"]
    assert grades[:4] == ["Requires improvement", "Good", "Good", "Requires improvement"]
    pages = [s.page for s in pdf_doc.sections]
    assert pages == sorted(pages) and pages[-1] == 62


def test_not_a_pdf():
    with pytest.raises(IngestError):
        parse_pdf(b"not a pdf at all", doc_id="x", source="x.pdf", sha256="0")
