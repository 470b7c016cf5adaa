"""Chunks: inside one section, within the model's window, tables as row lines, footnotes linked."""

import pytest

from qa.chunking import chunk_document
from qa.sentences import chunk_sentences, sentence_text
from qa.embed import token_counter
from qa.glossary import build_glossary, expand_chunks


@pytest.fixture(scope="module")
def chunks(md_doc):
    chunks = chunk_document(md_doc, count=token_counter())
    return expand_chunks(chunks, build_glossary([c.text for c in chunks]))


def test_chunks_fit_the_model_window(chunks):
    from qa.embed import get_embedder

    tokenizer = get_embedder().model.tokenizer  # the torch model's own tokenizer, not the counter under test
    longest = max(len(tokenizer(c.embed_text())["input_ids"]) for c in chunks)
    assert longest <= 256
    assert max(len(c.text.split()) for c in chunks) <= 180


def test_chunks_never_cross_sections(chunks, md_doc):
    for chunk in chunks:
        section_text = " ".join(b.text for s in md_doc.sections if s.path == chunk.section for b in s.blocks)
        for line in chunk.text.split("\n"):
            if chunk.kind != "table":
                assert line in section_text


def test_table_rows_are_shown_as_printed_and_embedded_with_their_series(chunks):
    """A reader (and a quotation) gets the report's rows; the model and BM25 get rows naming their series."""
    table = next(c for c in chunks if c.kind == "table" and "Burglary" in c.text)
    lines = table.text.split("\n")
    assert table.text.startswith("Figure 2:")
    assert lines[1] == "Rates per 1,000 population\tWest Mercia Police\tEngland and Wales"
    assert "Burglary in a dwelling*\t5.3\t8.1" in lines
    embedded = table.embed_text().split("\n")
    assert "Burglary in a dwelling: West Mercia Police 5.3; England and Wales 8.1" in embedded
    assert not any("Rates per 1,000 population\t" in line for line in embedded)
    row = table.text.index("Burglary in a dwelling*")
    assert sentence_text(table, row, table.text.index("\n", row)) == (
        f"{lines[0]} – Burglary in a dwelling: West Mercia Police 5.3; England and Wales 8.1")


def test_a_table_header_is_no_sentence_and_notes_alone_get_no_header(chunks):
    tables = [(i, c) for i, c in enumerate(chunks) if c.kind == "table"]
    starts = {(i, a) for i, a, _ in chunk_sentences(chunks)}
    for i, chunk in tables:
        lines = chunk.text.split("\n")
        if chunk.caption and chunk.text.startswith(chunk.caption) and len(lines) > 1 and "\t" in lines[1]:
            assert (i, len(lines[0]) + 1) not in starts
    notes_only = [c for _, c in tables if all("\t" not in line for line in c.text.split("\n")[1:])]
    assert notes_only and all(c.embedded.split("\n")[1:] == c.text.split("\n")[1:] for c in notes_only)


def test_footnote_chunks_and_links(chunks):
    thrive = next(c for c in chunks if c.kind == "footnote" and c.text.startswith("THRIVE is"))
    assert thrive.footnotes == (9,)
    assert any(9 in c.footnotes and c.kind == "text" and "THRIVE" in c.text for c in chunks)


def test_neighbours_and_ids(chunks):
    assert len({c.id for c in chunks}) == len(chunks)
    for a, b in zip(chunks, chunks[1:]):
        assert a.next == b.id and b.prev == a.id


def test_a_marker_note_outside_a_table_is_its_own_chunk(chunks, engine):
    """"*Figures are shown as proportions …" under a panel of statistics gets its own vector, and a
    passage showing it is widened with the panel it explains (the neighbour in its section)."""
    note = next(c for c in chunks if c.text.startswith("*Figures are shown as proportions"))
    assert note.kind == "text" and note.text.count("\n") == 0
    shown = engine.ask("The outcome percentages in the panel are proportions of what?").passages[0]
    assert "*Figures are shown as proportions" in shown.text and "Charged/summonsed" in shown.text
