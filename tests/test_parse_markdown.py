"""The Markdown parser: sections, heading paths, Contents pages, footnotes, tables."""

from qa.tables import read_table


def section(doc, title):
    return next(s for s in doc.sections if s.title == title)


def test_title_and_contents_not_indexed(md_doc):
    assert md_doc.title.startswith("PEEL: Police effectiveness 2016")
    assert "West Mercia Police" in md_doc.title
    assert not any(s.title == "Contents" for s in md_doc.sections)
    assert not any("....." in b.text for s in md_doc.sections for b in s.blocks)


def test_heading_paths_follow_contents_levels(md_doc):
    paths = [s.path for s in md_doc.sections]
    assert ("Force in numbers", "Calls for assistance") in paths
    assert ("Force in numbers", "Anti-social behaviour") in paths  # '##' in the text, nested by the Contents
    summary = [p for p in paths if p[-1] == "Summary of findings"]
    assert len(summary) == 5 and all(len(p) == 2 for p in summary)
    assert summary[3][0] == "How effective is the force at tackling serious and organised crime?"


def test_pages_from_contents(md_doc):
    pages = {}
    for s in md_doc.sections:
        pages.setdefault(s.path[-1], s.page)
    assert pages["Introduction"] == 4
    assert pages["Force in numbers"] == 5
    assert pages["How much crime and anti-social behaviour is there in West Mercia?"] == 9
    assert pages["Annex A – About the data"] == 55
    page_list = [s.page for s in md_doc.sections]
    assert page_list == sorted(page_list)


def test_footnotes_linked(md_doc):
    notes = md_doc.footnotes()
    assert notes[9].text.startswith("THRIVE is a structured assessment")
    citing = [b for s in md_doc.sections for b in s.blocks if 9 in b.refs and b.kind != "footnote"]
    assert citing and "THRIVE" in citing[0].text
    assert all("<sup>" not in b.text and "**" not in b.text and "<b>" not in b.text
               for s in md_doc.sections for b in s.blocks)


def test_paragraph_split_by_page_break_is_rejoined(md_doc):
    texts = [b.text for s in md_doc.sections for b in s.blocks]
    assert any("there remain areas where local policing could be improved." in t for t in texts)


def test_grade_lines_stay_paragraphs(md_doc):
    blocks = section(md_doc, "Summary of findings").blocks
    assert blocks[0].text == "Requires improvement" and blocks[0].kind == "paragraph"


def test_tables_are_read(md_doc):
    tables = [b for s in md_doc.sections for b in s.blocks if b.kind == "table"]
    assert len(tables) == 3
    shape = read_table(tables[0].rows, tables[0].bold_rows)
    assert shape.series == ("West Mercia Police", "England and Wales")
    burglary = next(r for r in shape.rows if r.label == "Burglary in a dwelling")
    assert burglary.values == {"West Mercia Police": 5.3, "England and Wales": 8.1} and burglary.marker == "*"
