"""Fine-tuning (`peel-qa model tune`): training pairs, batches, a real short run saved file by file, the shipped model."""

from __future__ import annotations

import json
import random

import pytest

from qa.cli import main
from qa.embed import DEFAULT_MODEL, SHIPPED, STOCK_MODEL, ModelError, resolve_model
from qa.evaluate import DEFAULT_SET, load_questions
from qa.store import load_data
from qa.tuning import RECORD, Example, TuningError, batches, examples


def _norm(text):
    return " ".join(text.split())


def test_examples_pair_each_question_with_the_chunks_holding_its_answers(index_dir):
    data = load_data(index_dir)
    questions = load_questions(DEFAULT_SET, "tune")
    items = examples(questions, data, ("chunk",))
    by_id = {q["id"]: q for q in questions}
    assert len({e.question_id for e in items}) > 200 and {e.key[0] for e in items} == {"c"}
    for e in items:
        q = by_id[e.question_id]
        chunk = data.chunks[int(e.key[1:])]
        assert q["answerable"] and e.key in e.gold and e.text == chunk.embed_text()
        assert any(_norm(a) in _norm(chunk.text) for a in q["answers"])
    assert not {e.question_id for e in items} & {q["id"] for q in load_questions(DEFAULT_SET, "check")}


def test_sentence_and_figure_pairs_are_the_answer_sentence_and_the_expected_figure(index_dir):
    from qa.evaluate import figure_matches
    from qa.records import to_dict
    from qa.sentences import figure_text

    data = load_data(index_dir)
    questions = {q["id"]: q for q in load_questions(DEFAULT_SET, "tune")}
    items = examples(list(questions.values()), data, ("chunk", "sentence", "figure"))
    figures = [e for e in items if e.key[0] == "f"]
    sentences = [e for e in items if e.key[0] == "s"]
    assert len(figures) > 40 and len(sentences) > 200
    for e in figures:
        expected, figure = questions[e.question_id]["figure"], data.figures[int(e.key[1:])]
        assert e.text == figure_text(figure) and figure_matches(expected, to_dict(figure))
        assert _norm(figure.label).lower().rstrip("*") == _norm(expected["label"]).lower().rstrip("*")
    for e in sentences:
        i, a, b = data.sentences[int(e.key[1:])]
        assert f"c{i}" in e.gold  # its chunk answers too, so it is never this question's negative
    with pytest.raises(TuningError, match="--pairs takes"):
        examples([], data, ("chunk", "paragraph"))


def test_hard_negatives_are_the_best_ranked_chunks_that_do_not_answer(index_dir, engine):
    data = load_data(index_dir)
    row = {c.id: i for i, c in enumerate(data.chunks)}
    ranking = {}

    def ranked(question):
        ranking[question] = [row[p.chunk.id] for p in engine.ask(question, 10).passages]
        return ranking[question]

    questions = [q for q in load_questions(DEFAULT_SET, "tune") if q["answerable"]][:30]
    items = examples(questions, data, ("chunk",), ranked)
    by_id = {q["id"]: q for q in questions}
    assert len(items) >= 25
    for e in items:
        key, text = e.negative
        q = by_id[e.question_id]
        assert key not in e.gold and text == data.chunks[int(key[1:])].embed_text()
        assert not any(_norm(a) in _norm(data.chunks[int(key[1:])].text) for a in q["answers"])
        golds = [r for r in ranking[q["question"]] if f"c{r}" in e.gold]
        first = ranking[q["question"]].index(int(key[1:]))
        assert all(r in golds for r in ranking[q["question"]][:first])  # nothing better ranked was skipped


def test_unanswerable_and_answerless_questions_give_no_example(index_dir):
    data = load_data(index_dir)
    qs = [{"id": "u", "question": "What is the budget?", "answerable": False, "answers": []},
          {"id": "n", "question": "Nothing matches", "answers": ["zzzz not in the report zzzz"]}]
    assert examples(qs, data) == []


def test_batches_cover_every_example_once_and_never_hold_an_answering_text_as_a_negative():
    rng = random.Random(3)
    items = [Example(f"q{i}", f"query {i}", f"c{i % 7}", "text", frozenset({f"c{i % 7}", f"c{(i * 3) % 7}"}),
                     (f"c{(i * 5 + 1) % 9}", "negative") if i % 2 else None)
             for i in range(40)]
    items = [e for e in items if not e.negative or e.negative[0] not in e.gold]
    seen = []
    for batch in batches(items, 4, rng):
        assert 1 <= len(batch) <= 4
        keys = [e.key for e in batch]
        negatives = {e.negative[0] for e in batch if e.negative}
        assert len(set(keys)) == len(keys)
        for e in batch:
            assert not (e.gold & (set(keys) - {e.key})) and not (e.gold & negatives)
        seen.extend(batch)
    assert sorted(seen, key=id) == sorted(items, key=id)


def test_a_short_real_run_saves_a_loadable_half_precision_model(index_dir, runner, tmp_path):
    from safetensors import safe_open

    qset = tmp_path / "qs.jsonl"
    rows = [q for q in load_questions(DEFAULT_SET, "tune") if q["answerable"]][:6]
    qset.write_text("".join(json.dumps(q) + "\n" for q in rows))
    out = tmp_path / "model"
    result = runner.invoke(main, ["model", "tune", "--set", str(qset), "--out", str(out), "--epochs", "1",
                                  "--batch", "4", "--index-dir", str(index_dir)])
    assert result.exit_code == 0, result.output
    assert not (out / "README.md").exists() and not list(tmp_path.glob(".model.*"))  # no generated card, no stage left
    assert {oct(p.stat().st_mode & 0o777) for p in out.rglob("*") if p.is_file()} == {"0o644"}
    record = json.loads((out / RECORD).read_text())
    assert record["base_model"] == STOCK_MODEL and record["split"] == "tune" and record["steps"] >= 1
    assert record["questions"] == 6 and record["hard_negatives"] == record["examples"]
    again = runner.invoke(main, ["model", "tune", "--set", str(qset), "--out", str(out), "--index-dir", str(index_dir)])
    assert again.exit_code == 1 and "--force" in again.output  # an existing model is not replaced silently
    with safe_open(str(out / "model.safetensors"), "pt") as fh:
        assert {str(fh.get_tensor(k).dtype) for k in fh.keys()} == {"torch.float16"}
    assert json.loads((out / "config.json").read_text())["dtype"] == "float32"
    from sentence_transformers import SentenceTransformer

    tuned = SentenceTransformer(str(out), device="cpu")
    stock = SentenceTransformer(resolve_model(STOCK_MODEL), device="cpu")
    assert str(next(tuned.parameters()).dtype) == "torch.float32"
    a, b = tuned.encode([rows[0]["question"]]), stock.encode([rows[0]["question"]])
    cosine = float((a * b).sum())
    assert 0.8 < cosine < 0.99999  # trained (moved), not broken


@pytest.mark.parametrize("line, message", [
    ("not json", "line 2: not JSON"),
    ('["a list"]', "line 2: not a JSON object"),
    ('{"id": "b", "question": "ok", "answers": [1, 2]}', "line 2: \"answers\" must be a list"),
    ('{"id": "b", "question": "ok", "answers": "one string"}', "line 2: \"answers\" must be a list"),
    ('{"id": "b", "question": "ok", "answerable": "false"}', "line 2: \"answerable\" must be"),
    ('{"id": "b", "question": "ok", "figure": "label"}', "line 2: \"figure\" must be"),
    ('{"id": ["b"], "question": "ok"}', "line 2: a question needs an \"id\""),
    ('{"id": "b", "question": ""}', "line 2: a question needs a \"question\""),
])
def test_a_bad_question_set_is_a_message_with_its_line(runner, tmp_path, line, message):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "a", "question": "ok", "answers": ["x"]}\n' + line + "\n")
    for args in (["model", "tune", "--out", str(tmp_path / "m")], ["eval"]):
        result = runner.invoke(main, [*args, "--set", str(bad)])
        assert result.exit_code == 1 and message in result.output and "Traceback" not in result.output
    assert not (tmp_path / "m").exists()


def test_tune_errors_are_messages(index_dir, runner, tmp_path):
    def run(*args):
        return runner.invoke(main, ["model", "tune", "--index-dir", str(index_dir), *args])

    empty = tmp_path / "empty.jsonl"
    empty.write_text('{"id": "a", "question": "ok", "split": "tune", "answers": ["zzzz nowhere zzzz"]}\n')
    assert "no training examples" in run("--set", str(empty), "--out", str(tmp_path / "m")).output
    assert "no questions in split 'check'" in run("--set", str(empty), "--split", "check", "--out", str(tmp_path / "m")).output
    for pairs in ("", "chunk,paragraph"):
        assert "--pairs takes" in run("--pairs", pairs, "--out", str(tmp_path / "m")).output
    assert "not the current directory" in run("--out", "").output
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "a.txt").write_text("keep me")
    assert "other files than a model" in run("--out", str(tmp_path / "notes"), "--force").output
    assert (tmp_path / "notes" / "a.txt").read_text() == "keep me"
    result = runner.invoke(main, ["model", "tune", "--out", str(tmp_path / "m"), "--index-dir", str(tmp_path / "none")])
    assert result.exit_code == 2
    assert not (tmp_path / "m").exists()


def test_a_failed_save_leaves_the_old_model_and_no_stage(tmp_path):
    from qa.tuning import TuningError
    from qa.tuning_loop import staged

    out = tmp_path / "model"
    out.mkdir()
    (out / "modules.json").write_text("old")
    with pytest.raises(RuntimeError):
        with staged(out) as folder:
            (folder / "modules.json").write_text("new")
            raise RuntimeError("interrupted")
    assert (out / "modules.json").read_text() == "old" and [p.name for p in tmp_path.iterdir()] == ["model"]
    with staged(out) as folder:
        (folder / "modules.json").write_text("new")
    assert (out / "modules.json").read_text() == "new" and [p.name for p in tmp_path.iterdir()] == ["model"]
    assert TuningError


def test_plan_counts_every_step_and_leaves_out_lone_examples():
    from qa.tuning import TuneSettings, plan

    everyone = frozenset(f"c{i}" for i in range(5))  # each answers all five questions
    items = [Example(f"q{i}", "q", f"c{i}", "t", everyone) for i in range(5)]
    assert plan(items, TuneSettings(epochs=3, batch=4)) == []  # each alone in its batch: nothing to learn
    items = [Example(f"q{i}", "q", f"c{i}", "t", frozenset({f"c{i}"})) for i in range(10)]
    steps = plan(items, TuneSettings(epochs=2, batch=4, seed=5))
    assert len(steps) == 6 and sorted(e.question_id for b in steps for e in b) == sorted(2 * [e.question_id for e in items])


def test_gold_holds_the_answer_chunks_whatever_the_pairs(index_dir):
    data = load_data(index_dir)
    items = examples(load_questions(DEFAULT_SET, "tune"), data, ("sentence",))
    assert items and all(e.key[0] == "s" for e in items)
    for e in items:
        i = int(data.sentences[int(e.key[1:])][0])
        assert f"c{i}" in e.gold


def test_the_shipped_default_model_records_its_training():
    assert resolve_model(DEFAULT_MODEL) == str(SHIPPED / DEFAULT_MODEL)
    record = json.loads((SHIPPED / DEFAULT_MODEL / RECORD).read_text())
    assert record["split"] == "tune" and record["base_model"] == STOCK_MODEL and record["examples"] > 200


def test_a_missing_default_model_is_a_clear_error(monkeypatch, tmp_path):
    import qa.embed as embed

    monkeypatch.setattr(embed, "SHIPPED", tmp_path)
    with pytest.raises(ModelError, match="models/ folder"):
        embed.resolve_model(DEFAULT_MODEL)
