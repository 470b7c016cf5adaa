"""Shown passages (qa.window): a chunk widened by its neighbours' whole sentences, a table part
shown as the whole table."""

from dataclasses import replace

from qa.records import Passage
from qa.text import words


def _passage(engine, chunk, highlight):
    return Passage(chunk, 1.0, highlight)


def _split_paragraph(engine):
    """A text chunk whose next chunk continues its section (a paragraph cut for the model's window)."""
    chunks = engine.data.chunks
    by_id = {c.id: c for c in chunks}
    for c in chunks:
        nxt = by_id.get(c.next or "")
        if c.kind == "text" and nxt is not None and nxt.kind == "text" and nxt.section == c.section \
                and words(c.text) + words(nxt.text) > 200:
            return c, nxt
    raise AssertionError("the report has sections longer than one chunk")


def test_a_sentence_at_the_end_of_a_chunk_is_shown_with_the_next_chunks_first_sentences(engine):
    chunk, nxt = _split_paragraph(engine)
    last = chunk.text.rstrip().rfind(". ", 0, len(chunk.text) - 2) + 2  # the last sentence is cited
    shown = engine.widener.widen(_passage(engine, chunk, (last, len(chunk.text))), 180)
    assert shown.after and nxt.text.startswith(shown.after)  # the side with less text around the citation
    assert shown.text[shown.offset:shown.offset + len(chunk.text)] == chunk.text
    assert words(shown.text) <= 180 and words(shown.text) > words(chunk.text)
    # whole sentences only: what is taken from the next chunk ends where one of its sentences ends
    assert shown.after.rstrip()[-1] in ".:;?!)" or shown.after == nxt.text.strip()


def test_no_budget_or_a_footnote_shows_the_chunk_alone(engine):
    chunk, _ = _split_paragraph(engine)
    assert engine.widener.widen(_passage(engine, chunk, (0, 10)), 0).text == chunk.text
    note = next(c for c in engine.data.chunks if c.kind == "footnote")
    assert engine.widener.widen(_passage(engine, note, (0, 10)), 180).text == note.text


def test_a_part_of_a_long_table_is_shown_as_the_whole_table_under_one_caption_and_header(engine):
    parts = [c for c in engine.data.chunks if c.kind == "table" and c.caption.startswith("Figure 4")]
    assert len(parts) > 2, "Figure 4 is cut into parts for the model's window"
    assert parts[0].text.startswith(parts[0].caption) and not any(p.text.startswith("Figure 4") for p in parts[1:])
    row = parts[2].text.index("Suspect not identified")
    line = (parts[2].text.rfind("\n", 0, row) + 1, parts[2].text.find("\n", row))
    shown = engine.widener.widen(_passage(engine, parts[2], line), 180, 250)
    assert shown.text.count("Figure 4:") == 1 and shown.text.count("Outcome number\tOutcome type") == 1
    assert shown.text.startswith(parts[0].caption)
    assert all(p.text in shown.text for p in parts if words(shown.text) >= sum(words(q.text) for q in parts))
    assert shown.text[shown.offset:shown.offset + len(parts[2].text)] == parts[2].text


def test_ask_returns_widened_passages_with_the_chunk_span_and_the_cited_sentence(client):
    seen = 0
    for q in ("outcome 14 suspect not identified percentage", "How are missing children dealt with?",
              "Who oversees armed policing in the alliance?"):
        for p in client.get("/ask", query_string={"q": q, "top_k": 5}).get_json()["passages"]:
            a, b = p["chunk_span"]
            chunk = client.get(f"/chunks/{p['id']}").get_json()
            assert p["text"][a:b] == chunk["text"]
            h0, h1 = p["highlight"]
            assert a <= h0 < h1 <= b and p["text"][h0:h1] in chunk["text"]
            seen += (a, b) != (0, len(p["text"]))
    assert seen, "some passage is shown wider than its chunk"


def test_no_answer_shows_a_chunk_twice(engine):
    """Two parts of one table, or a paragraph inside its neighbour's widened text, are shown once;
    the place goes to the next-best chunk."""
    for question in ("outcome 16 suspect identified victim does not support police action percentage",
                     "Taken into consideration outcomes West Mercia", "How are missing children dealt with?"):
        passages = engine.ask(question, 5).passages
        assert len(passages) == 5
        for i, p in enumerate(passages):
            assert not any(p.chunk.text in q.text for q in passages[:i]), (question, p.chunk.id)


def test_a_neighbour_shown_whole_brings_its_pages(engine):
    by_id = {c.id: c for c in engine.data.chunks}
    pairs = [(c, by_id[c.next]) for c in engine.data.chunks if c.kind == "text" and c.next in by_id
             and by_id[c.next].section == c.section and by_id[c.next].kind == "text" and len(by_id[c.next].pages) > 1]
    assert pairs, "the report has passages running over a page break"
    for c, nxt in pairs:
        budget = words(c.text) + words(nxt.text) + 5  # room for all of the next chunk
        shown = engine.widener.widen(_passage(engine, c, (len(c.text) - 5, len(c.text))), budget)
        assert shown.after == nxt.text.strip() and set(nxt.pages) <= set(shown.pages)


def test_table_rows_keep_empty_cells_under_their_columns():
    from qa.tables import cells_line
    assert cells_line(("", "Out-of-court (formal)", "4.0", "3.2")) == "\tOut-of-court (formal)\t4.0\t3.2"
    assert cells_line(("15", "Suspect identified", "9.5", "8.3", "")) == "15\tSuspect identified\t9.5\t8.3"


def test_a_figure_highlights_its_own_row_when_two_rows_share_a_label(engine):
    """Figure 4 has two "Suspect identified" rows (outcomes 15 and 16): each figure's row is the one
    stating its values."""
    rows = [(i, f) for i, f in enumerate(engine.data.figures) if f.label == "Suspect identified" and f.figure == "Figure 4"]
    assert len(rows) == 2
    for i, f in rows:
        s = engine.figures.sentence[i]
        chunk = engine.data.chunks[int(engine.data.sentences[s, 0])]
        line = chunk.text[int(engine.data.sentences[s, 1]):int(engine.data.sentences[s, 2])]
        assert f"{f.values['West Mercia Police']:g}" in line.split("\t")
