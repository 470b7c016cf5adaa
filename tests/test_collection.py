"""Many reports: the documents filter, reuse of unchanged reports' vectors, and the large-index paths.

Uses synthetic variants of the report (bench/synth.py): another force's name
and other numbers, so each report's figures differ.
"""

import json
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from qa.build import build_index
from qa.engine import Engine, QuestionError
from qa.evaluate import DEFAULT_SET, load_questions
from qa.store import load_data

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
from synth import generate  # noqa: E402

QUESTIONS = [q["question"] for q in load_questions(DEFAULT_SET)]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return generate(3, tmp_path_factory.mktemp("synthetic"))


@pytest.fixture(scope="module")
def collection(corpus, tmp_path_factory):
    target = tmp_path_factory.mktemp("collection")
    build_index(corpus, target)
    return target


@pytest.fixture(scope="module")
def engine3(collection):
    return Engine.load(collection)


def doc_id(path: Path) -> str:
    return path.stem


def test_variants_have_their_own_figures(engine3, corpus):
    burglary = {f.document: f.values for f in engine3.data.figures if f.label == "Burglary in a dwelling"}
    assert set(burglary) == {doc_id(p) for p in corpus}
    assert len({json.dumps(v, sort_keys=True) for v in burglary.values()}) == 3  # numbers and force names differ


def test_documents_filter_keeps_passages_and_figures_in_those_reports(engine3, corpus):
    for path in corpus:
        result = engine3.ask("How does burglary compare with England and Wales?", 10, [doc_id(path)])
        assert {p.chunk.document for p in result.passages} == {doc_id(path)}
        assert result.figures and {f.document for f in result.figures} == {doc_id(path)}
    both = engine3.ask("What is THRIVE?", 20, [doc_id(corpus[0]), doc_id(corpus[2])])
    assert {p.chunk.document for p in both.passages} == {doc_id(corpus[0]), doc_id(corpus[2])}


@pytest.mark.parametrize("documents", [["no-such-report"], []])
def test_documents_filter_rejects_unknown_or_empty(engine3, documents):
    with pytest.raises(QuestionError, match="document"):
        engine3.ask("burglary", 5, documents)


def test_candidate_pool_agrees_with_scoring_every_chunk(engine3):
    """The large-index path (a dense + BM25 pool) against exact scoring of all chunks, on the question set."""
    pooled = Engine(engine3.data, engine3.embedder, replace(engine3.config, exact_limit=50, pool=50))
    same = sum(engine3.ask(q).passages[0].chunk.id == pooled.ask(q).passages[0].chunk.id for q in QUESTIONS)
    assert same / len(QUESTIONS) >= 0.95
    filtered = pooled.ask("What is THRIVE?", 5, [engine3.data.documents[1]["id"]])
    assert {p.chunk.document for p in filtered.passages} == {engine3.data.documents[1]["id"]}


def test_rebuild_reuses_unchanged_reports_and_embeds_only_new_ones(corpus, tmp_path):
    first = build_index(corpus[:2], tmp_path)
    assert first.reused == 0 and first.embedded > 0
    before = load_data(tmp_path)
    again = build_index(corpus[:2], tmp_path)
    assert again.reused == 2 and again.embedded == 0
    grown = build_index(corpus, tmp_path)
    assert grown.reused == 2 and 0 < grown.embedded < first.embedded
    after = load_data(tmp_path)
    n = len(before.chunks)
    assert [c.id for c in after.chunks[:n]] == [c.id for c in before.chunks]
    np.testing.assert_array_equal(np.asarray(after.chunk_vectors[:n]), np.asarray(before.chunk_vectors))
    fresh = build_index(corpus, tmp_path / "fresh", reuse=False)
    # Every text is embedded on its own (int8 activations are scaled per pass), so a reused vector
    # is the vector a fresh build computes.
    np.testing.assert_allclose(np.asarray(load_data(tmp_path / "fresh").chunk_vectors),
                               np.asarray(after.chunk_vectors), atol=1e-5)
    assert fresh.reused == 0


def test_changed_report_is_embedded_again(corpus, tmp_path):
    folder = tmp_path / "src"
    folder.mkdir()
    for path in corpus[:2]:
        (folder / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    build_index([folder], tmp_path / "ix")
    changed = folder / corpus[1].name
    changed.write_text(changed.read_text(encoding="utf-8").replace("THRIVE", "THRIVE+"), encoding="utf-8")
    report = build_index([folder], tmp_path / "ix")
    assert report.reused == 1 and report.embedded > 0
    assert any("THRIVE+" in c.text for c in load_data(tmp_path / "ix").chunks)


@pytest.fixture(scope="module")
def collection_client(collection):
    from qa.web import create_app

    app = create_app({"INDEX_DIR": str(collection), "TESTING": True})
    app.extensions["peel_qa"].reload()
    return app.test_client()


def test_api_documents_filter_by_post_and_get(collection_client, corpus):
    one, two = doc_id(corpus[0]), doc_id(corpus[1])
    post = collection_client.post("/ask", json={"question": "What is THRIVE?", "top_k": 10, "documents": [two]})
    assert post.status_code == 200
    assert {p["document"] for p in post.get_json()["passages"]} == {two}
    get = collection_client.get("/ask", query_string={"q": "burglary rate", "documents": f"{one},{two}", "top_k": 20})
    assert get.status_code == 200
    assert {p["document"] for p in get.get_json()["passages"]} == {one, two}
    listed = {d["id"] for d in collection_client.get("/documents").get_json()["documents"]}
    assert listed == {doc_id(p) for p in corpus}


@pytest.mark.parametrize("request_kwargs", [
    {"method": "POST", "json": {"question": "burglary", "documents": ["no-such-report"]}},
    {"method": "POST", "json": {"question": "burglary", "documents": []}},
    {"method": "POST", "json": {"question": "burglary", "documents": ["Not An Id!"]}},
    {"method": "POST", "json": {"question": "burglary", "documents": "one-string"}},
    {"method": "GET", "query_string": {"q": "burglary", "documents": "no-such-report"}},
    {"method": "GET", "query_string": {"q": "burglary", "documents": ",,"}},
])
def test_api_documents_filter_errors_are_400_json(collection_client, request_kwargs):
    response = collection_client.open("/ask", **request_kwargs)
    assert response.status_code == 400
    assert set(response.get_json()["error"]) >= {"code", "message"}


def test_large_index_layout_answers_like_the_small_one(corpus, engine3, tmp_path, monkeypatch):
    """The layout of a large index (inverted file, vectors read row by row from disk, candidate pool),
    forced on three reports, against every chunk scored in memory."""
    import qa.store
    import qa.vectors
    from qa.rowfile import RowFile

    monkeypatch.setattr(qa.vectors, "IVF_THRESHOLD", 100)
    monkeypatch.setattr(qa.store, "IN_MEMORY_BYTES", 0)
    build_index(corpus, tmp_path)
    loaded = Engine.load(tmp_path)
    # Below the pool limit every chunk is scored, reading the row files whole.
    assert loaded.ask("What is THRIVE?").passages[0].chunk.text == engine3.ask("What is THRIVE?").passages[0].chunk.text
    large = Engine(loaded.data, loaded.embedder, replace(loaded.config, exact_limit=50))
    assert large.manifest["index_type"] == "ivf" and not large.data.vectors.exact
    assert isinstance(large.data.sentence_vectors, RowFile) and isinstance(large.data.chunk_vectors, RowFile)
    same = sum(engine3.ask(q).passages[0].chunk.text == large.ask(q).passages[0].chunk.text for q in QUESTIONS)
    assert same / len(QUESTIONS) >= 0.9
    grown = build_index(corpus, tmp_path)  # reuse reads the parts back from the row files
    assert grown.reused == 3 and grown.embedded == 0


def test_each_reports_defined_figures_link_to_their_own_definition(engine3):
    defined = engine3.figures.defined
    documents = {engine3.data.figures[f].document for f, _, _ in defined}
    assert len(documents) == len(engine3.manifest["documents"])  # every variant keeps its footnote
    for figure, _, chunk in defined:
        assert engine3.data.chunks[chunk].document == engine3.data.figures[figure].document


def test_reports_sharing_a_paragraph_each_keep_their_passage(engine3):
    """An answer never shows one chunk twice within a report, but the same paragraph in two reports
    (text every inspection report repeats) is two passages, one per report."""
    passages = engine3.ask("What is police effectiveness and why is it important?", 10).passages
    texts = {}
    for p in passages:
        texts.setdefault(p.chunk.text, set()).add(p.chunk.document)
    assert any(len(docs) > 1 for docs in texts.values())
    for i, p in enumerate(passages):
        assert not any(q.chunk.document == p.chunk.document and p.chunk.text in q.text for q in passages[:i])
