"""What the ``peel-qa`` commands share: the index option, exit codes, error messages, loading the engine."""

from __future__ import annotations

import sys
from pathlib import Path

import click

index_dir_option = click.option(
    "--index-dir", type=click.Path(file_okay=False, path_type=Path), envvar="PEEL_QA_INDEX_DIR",
    default=Path("index"), show_default=True, help="Index directory (env PEEL_QA_INDEX_DIR).")


EXIT_INDEX_UNUSABLE = 2  # missing, damaged, other format or other model: rebuild
EXIT_BUILD_LOCKED = 75  # EX_TEMPFAIL: another build holds the lock; try again later


def fail(message: str, code: int = 1) -> None:
    click.echo(f"Error: {message}", err=True)
    sys.exit(code)


def load_engine(index_dir: Path):
    """The engine of ``index_dir``, proven able to answer (model loads and matches), or exit 2 with the reason."""
    from .store import IndexUnusable
    from .web.state import load_checked

    try:
        return load_checked(index_dir)
    except IndexUnusable as exc:
        fail(str(exc), EXIT_INDEX_UNUSABLE)
