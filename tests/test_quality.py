"""Quality gate: retrieval on the held-back check half must not fall below what was reached.

The thresholds are the check-half numbers measured with `peel-qa eval --split check`
when retrieval was last tuned (on the tune half only), less a small margin for
floating-point differences between machines. Not a timing test.
"""

import pytest

from qa import evaluate as ev
from qa.web.api import result_json

# Check half (4,227 questions: q-questions and the blind g001-g100, h001-h080, j001-j110, k001-k120,
# l001-l120, m001-m120, n001-n120, p1001-p4030, r1001-r4030, s1001-s4030, x1001-x4030, z1001-z4040,
# e1001-e4040, b1001-b4040, o1001-o4040, bb1001-bb4040, cc1001-cc4040, ff1001-ff4040, hh1001-hh4040,
# jj1001-jj4040, ll1001-ll4040, qq1001-qq4040, tt1001-tt4040, uu1001-uu4040, xx1001-xx4040,
# yy1001-yy4040, ab1001-ab4040, ac1001-ac4040 and ad1001-ad4040) with the default model (peel-minilm-l6)
# and int8 index: hit@1 0.885, hit@3 0.988, hit@5 0.990, MRR 0.935, figure accuracy 0.940, stray figures
# 0.067, abstention 0.900, false abstention 0.007. Stray figures count the counts stated in sentences
# ("Some 403 people were interviewed") shown for "how many" questions written before those were figures.
# The sets from tt on joined unread, so the check half now flatters the rules less than it did.
FLOORS = {"hit@1": 0.88, "hit@3": 0.97, "hit@5": 0.975, "mrr": 0.925, "figure_accuracy": 0.93, "abstention": 0.89}
CEILINGS = {"false_abstention": 0.02, "stray_figures": 0.09}


@pytest.fixture(scope="module")
def check_metrics(engine):
    questions = ev.load_questions(ev.DEFAULT_SET, "check")
    assert len(questions) >= 4200
    return ev.metrics(ev.run(questions, lambda q, k: result_json(engine.ask(q, k))))


@pytest.mark.parametrize("metric", sorted(FLOORS))
def test_metric_stays_above_its_floor(check_metrics, metric):
    assert check_metrics[metric] >= FLOORS[metric], check_metrics


@pytest.mark.parametrize("metric", sorted(CEILINGS))
def test_metric_stays_below_its_ceiling(check_metrics, metric):
    assert check_metrics[metric] <= CEILINGS[metric], check_metrics


def test_question_set_is_split_and_complete():
    rows = ev.load_questions(ev.DEFAULT_SET)
    assert len(rows) >= 120 and len({r["id"] for r in rows}) == len(rows)
    assert {r["split"] for r in rows} == {"tune", "check"}
    assert sum(not r["answerable"] for r in rows) >= 15
    assert all(r["answers"] for r in rows if r["answerable"])
