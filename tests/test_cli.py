"""The command line through click's runner, on real indexes."""

import json

from qa.cli import main

from .conftest import REPORT_MD


def test_help_is_fast_and_lists_commands(runner):
    result = runner.invoke(main, ["--help"])
    assert result.exit_code == 0
    for command in ("index", "ask", "serve", "eval"):
        assert command in result.output


def test_build_and_ask(runner, tmp_path):
    target = tmp_path / "idx"
    result = runner.invoke(main, ["index", "build", str(REPORT_MD), "--index-dir", str(target)])
    assert result.exit_code == 0, result.output
    assert "chunks" in result.output and "figures" in result.output
    result = runner.invoke(main, ["ask", "What is THRIVE?", "--index-dir", str(target), "--json", "--top-k", "3"])
    assert result.exit_code == 0, result.output
    body = json.loads(result.output)
    assert len(body["passages"]) == 3


def test_ask_prints_figures_and_passages(runner, index_dir):
    result = runner.invoke(main, ["ask", "burglary in a dwelling rate", "--index-dir", str(index_dir)])
    assert result.exit_code == 0
    assert "Figures:" in result.output and "5.3" in result.output and "page" in result.output


def test_missing_index_message(runner, tmp_path):
    result = runner.invoke(main, ["ask", "hi", "--index-dir", str(tmp_path / "none")])
    assert result.exit_code == 2 and "peel-qa index build" in result.output


def test_env_sets_index_dir(runner, index_dir):
    result = runner.invoke(main, ["ask", "THRIVE", "--json"], env={"PEEL_QA_INDEX_DIR": str(index_dir)})
    assert result.exit_code == 0, result.output


def test_an_index_whose_exported_model_is_gone_is_unusable_not_a_traceback(index_dir, runner, tmp_path):
    import shutil

    from qa.cli import EXIT_INDEX_UNUSABLE, main

    copy = tmp_path / "index"
    shutil.copytree(index_dir, copy)
    for onnx in (copy / "models").rglob("*.onnx"):
        onnx.unlink()
    result = runner.invoke(main, ["ask", "burglary rate", "--index-dir", str(copy)])
    assert result.exit_code == EXIT_INDEX_UNUSABLE and "cannot load its model" in result.output
    assert "Traceback" not in result.output


def test_eval_table_headings_stand_apart(runner, index_dir, tmp_path):
    """Long metric names ("figure_accuracy", "false_abstention") never run into their neighbours."""
    rows = [{"id": "x1", "question": "What is the burglary rate?", "category": "figure", "split": "check",
             "answerable": True, "answers": ["Burglary in a dwelling"], "figure": None}]
    questions = tmp_path / "q.jsonl"
    questions.write_text("".join(json.dumps(r) + "\n" for r in rows))
    result = runner.invoke(main, ["eval", "--set", str(questions), "--index-dir", str(index_dir)])
    assert result.exit_code == 0, result.output
    heading = result.output.splitlines()[0].split()
    assert heading[:3] == ["category", "questions", "hit@1"]
    assert {"mrr", "figure_accuracy", "stray_figures", "abstention", "false_abstention"} <= set(heading)
