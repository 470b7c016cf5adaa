"""Shared fixtures: one real index of the repository's report, built once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
REPORT_MD = ROOT / "reports" / "west-mercia-peel-effectiveness-2016.md"
REPORT_PDF = ROOT / "tests" / "fixtures" / "west-mercia-peel-effectiveness-2016.pdf"


@pytest.fixture(scope="session")
def md_doc():
    from qa.ingest import load_document

    return load_document(REPORT_MD)


@pytest.fixture(scope="session")
def index_dir(tmp_path_factory) -> Path:
    """A real index (real model, real FAISS, real BM25) of reports/."""
    from qa.build import build_index

    target = tmp_path_factory.mktemp("index")
    build_index([ROOT / "reports"], target)
    return target


@pytest.fixture(scope="session")
def engine(index_dir):
    from qa.engine import Engine

    return Engine.load(index_dir)


@pytest.fixture()
def app(index_dir):
    from qa.web import create_app

    return create_app({"TESTING": True, "INDEX_DIR": str(index_dir)})


@pytest.fixture()
def client(app):
    return app.test_client()


@pytest.fixture()
def runner():
    from click.testing import CliRunner

    return CliRunner()
