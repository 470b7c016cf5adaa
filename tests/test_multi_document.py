"""Several reports in one index: every chunk, figure and answer names its own document."""

import pytest

from qa.build import build_index
from qa.engine import Engine

from .conftest import REPORT_MD
from .test_figures import SYNTHETIC


@pytest.fixture(scope="module")
def two_reports(tmp_path_factory):
    folder = tmp_path_factory.mktemp("reports")
    (folder / "west-mercia.md").write_text(REPORT_MD.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "northshire-2019.md").write_text(SYNTHETIC, encoding="utf-8")
    target = tmp_path_factory.mktemp("multi-index")
    build_index([folder], target)
    return Engine.load(target)


def test_manifest_lists_both_documents(two_reports):
    docs = {d["id"]: d for d in two_reports.manifest["documents"]}
    assert set(docs) == {"west-mercia", "northshire-2019"}
    assert docs["northshire-2019"]["title"].startswith("PEEL: Police effectiveness 2019")


def test_records_name_their_document(two_reports):
    by_doc = {c.document for c in two_reports.data.chunks}
    assert by_doc == {"west-mercia", "northshire-2019"}
    north = [f for f in two_reports.data.figures if f.document == "northshire-2019"]
    assert {f.figure for f in north} == {"Force in numbers", "Figure 7", "Judgment"}
    assert all(two_reports.chunk(f.chunk).document == f.document for f in two_reports.data.figures)


def test_answers_come_from_the_right_report(two_reports):
    north = two_reports.ask("How does Northshire keep roads safe?")
    assert north.passages[0].chunk.document == "northshire-2019"
    west = two_reports.ask("What is THRIVE?")
    assert west.passages[0].chunk.document == "west-mercia"
    burglary = two_reports.ask("What is the rate of burglary in a dwelling in West Mercia?")
    assert burglary.figures[0].document == "west-mercia"
