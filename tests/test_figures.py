"""Figure extraction on the real West Mercia report, plus a synthetic report proving shape-only rules."""

from __future__ import annotations

import importlib
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from qa.engine import Engine
from qa.figures import extract_figures
from qa.ingest import load_document
from qa.records import Figure, to_dict

ROOT = Path(__file__).resolve().parent.parent
REPORT = ROOT / "reports" / "west-mercia-peel-effectiveness-2016.md"
PDF = ROOT / "tests" / "fixtures" / "west-mercia-peel-effectiveness-2016.pdf"
FORCE, EW = "West Mercia Police", "England and Wales"


@pytest.fixture(scope="module")
def doc():
    return load_document(REPORT)


@pytest.fixture(scope="module")
def figures(doc) -> list[Figure]:
    return extract_figures(doc)


def of(figures: list[Figure], name: str) -> list[Figure]:
    return [f for f in figures if f.figure == name]


def pair(f: Figure) -> tuple:
    return (f.values[FORCE], f.values[EW])


# ---------------------------------------------------------------- tables

FIG2 = {
    "Recorded crime (excluding fraud)": (58.8, 68.2),
    "Victim-based crime": (52.5, 60.4),
    "Sexual offences": (2.2, 1.9),
    "Assault with injury": (7.3, 7.0),
    "Burglary in a dwelling": (5.3, 8.1),
}

_ED_SUPPORTS = "Evidential difficulties (victim supports police action)"
_ED_NOT = "Evidential difficulties (victim does not support police action)"
# (group, label) -> (force, E&W, outcome number or None)
FIG4 = {
    (None, "Charged/Summoned"): (13.2, 12.1, "1"),
    (None, "Taken into consideration"): (0.1, 0.2, "4"),
    (None, "Out-of-court (formal)"): (4.0, 3.2, None),
    ("Out-of-court (formal)", "Caution - youths"): (0.6, 0.4, "2"),
    ("Out-of-court (formal)", "Caution - adults"): (3.0, 2.3, "3"),
    ("Out-of-court (formal)", "Penalty Notices for Disorder"): (0.4, 0.6, "6"),
    (None, "Out-of-court (informal)"): (4.3, 3.6, None),
    ("Out-of-court (informal)", "Cannabis/Khat warning"): (0.9, 0.9, "7"),
    ("Out-of-court (informal)", "Community Resolution"): (3.3, 2.8, "8"),
    (None, "Prosecution prevented or not in the public interest"): (0.8, 1.8, None),
    (_ED_SUPPORTS, "Suspect identified"): (9.5, 8.3, "15"),
    (None, _ED_NOT): (18.9, 13.8, None),
    (_ED_NOT, "Suspect identified"): (16.3, 10.6, "16"),
    (_ED_NOT, "Suspect not identified"): (2.6, 3.2, "14"),
    (None, "Investigation complete – no suspect identified"): (41.4, 47.4, "18"),
    (None, "Action undertaken by another body / agency"): (1.4, 0.6, "20"),
    (None, "Further investigation to support formal action not in the public interest"): (0.6, 0.1, "21"),
    (None, "Total offences assigned an outcome"): (94.0, 91.3, None),
    (None, "Not yet assigned an outcome"): (6.0, 8.7, None),
    (None, "Total"): (100.0, 100.0, None),
}

FIG8 = {
    "Charged / Summoned": (20.8, 23.2),
    "Caution – adults": (4.1, 5.6),
    "Caution – youths": (0.2, 0.3),
    "Community resolution": (0.3, 1.4),
    "Evidential difficulties prevent further action; victim supports police action": (22.1, 24.1),
    "Evidential difficulties prevent further action; victim does not support police action": (52.4, 35.4),
}


def test_figure_2_rows(figures):
    rows = of(figures, "Figure 2")
    assert {f.label: pair(f) for f in rows} == FIG2
    assert len(rows) == len(FIG2)
    for f in rows:
        assert f.title == "Police-recorded crime rates (per 1,000 population) in West Mercia, for the 12 months to 30 June 2016"
        assert f.period == "12 months to 30 June 2016"
        assert f.source == "Home Office data"
        assert f.page == 11 and f.group is None
        if f.label == "Burglary in a dwelling":
            assert f.unit == "per 1,000 households"
            assert f.note == "The rate of burglary in a dwelling is the rate for 1,000 households, rather than population"
            assert f.id == "west-mercia-peel-effectiveness-2016:fig2:burglary-in-a-dwelling"
        else:
            assert f.unit == "per 1,000 population" and f.note is None


def test_figure_4_rows_groups_and_keys(figures):
    rows = of(figures, "Figure 4")
    got = {(f.group, f.label): (*pair(f), f.note) for f in rows}
    assert len(rows) == len(FIG4) == len(got)
    for k, (force, ew, number) in FIG4.items():
        assert got[k][:2] == (force, ew), k
        if number:
            assert got[k][2] == f"Outcome number {number}", k
    marked = got[(None, "Prosecution prevented or not in the public interest")][2]
    assert marked.startswith("Includes the following outcome types: Offender died")
    assert not marked.startswith("*")
    for f in rows:
        assert f.unit == "%"
        assert f.period == "12 months to 30 June 2016"
        assert f.source == "Home Office crime outcomes data"
        assert f.title.startswith("Proportion of outcomes assigned to offences recorded")
    # the heading-only group row is not a figure, but its child carries it
    assert not any(f.label == _ED_SUPPORTS for f in rows)


def test_figure_8_rows(figures):
    rows = of(figures, "Figure 8")
    assert {f.label: pair(f) for f in rows} == FIG8
    for f in rows:
        assert f.unit == "%"  # no unit words: the column sums to 100
        assert f.period == "12 months to 30 June 2016"
        assert f.source == "HMIC data return, Home Office data"
        assert f.page == 38 and f.group is None and f.note is None  # the PDF has it on page 38 too


# ---------------------------------------------------------------- Force in numbers

PER_K = "per 1,000 population"
JUNE16 = "12 months to 30 June 2016"
# (title, label, period) -> (force, E&W, unit)
NUMBERS = {
    ("Calls for assistance", "Calls for assistance", JUNE16): (234, 240, PER_K),
    ("Crime (excluding fraud)", "Crimes recorded", JUNE16): (59, 68, PER_K),
    ("Crime (excluding fraud)", "Change in recorded crime",
     "12 months to 30 June 2015 against 12 months to 30 June 2016"): (13.4, 7.8, "%"),
    ("Crime (excluding fraud)", "Change in recorded crime",
     "5 years to the 12 months to 30 June 2016"): (2.5, -3.4, "%"),
    ("Crime outcomes", "Charged/summonsed", JUNE16): (13.2, 12.1, "%"),
    ("Crime outcomes", "Evidential difficulties: suspect identified but victim does not support action", JUNE16):
        (16.3, 10.6, "%"),
    ("Crime outcomes", "Investigation completed but no suspect identified", JUNE16): (41.4, 47.4, "%"),
    ("Anti-social behaviour", "Anti-social behaviour incidents", "12 months to 31 March 2016"): (35, 31, PER_K),
    ("Anti-social behaviour", "Anti-social behaviour incidents", "12 months to 31 March 2015"): (38, 34, PER_K),
    ("Domestic abuse", "Domestic abuse calls for assistance", JUNE16): (10, 16, PER_K),
    ("Domestic abuse", "Domestic abuse as a percentage of all recorded crime (excluding fraud)", JUNE16):
        (12.4, 11.1, "%"),
    ("Domestic abuse", "Domestic abuse as a percentage of all recorded crime (excluding fraud)",
     "12 months to 31 March 2015"): (10.6, 10.0, "%"),
    ("Organised crime groups", "Organised crime groups", "as at 1 July 2016"): (23, 46, "per million population"),
    ("Victim satisfaction rate", "Victim satisfaction with the overall service provided by the police", JUNE16):
        (84.1, 83.3, "%"),
}


def test_force_in_numbers(figures):
    stats = of(figures, "Force in numbers")
    got = {(f.title, f.label, f.period): (*pair(f), f.unit) for f in stats}
    assert got == NUMBERS
    assert len(stats) == len(NUMBERS) == 14  # every statistic of the panel, none from Annex A
    for f in stats:
        assert list(f.values) == [FORCE, EW]
        assert f.page in (5, 6)
    outcomes = [f for f in stats if f.title == "Crime outcomes"]
    assert len(outcomes) == 3
    for f in outcomes:  # the subheading's marker is resolved with the subsection's note
        assert f.note == ("Figures are shown as proportions of outcomes assigned to offences recorded "
                          "in the 12 months to 30 June 2016.")
    assert all(f.note is None for f in stats if f.title != "Crime outcomes")


# ---------------------------------------------------------------- judgments

JUDGMENTS = {
    "How effective is the force at keeping people safe and reducing crime?": "Good",
    "How effective is the force at preventing crime, tackling anti-social behaviour and keeping people safe?":
        "Requires improvement",
    "How effective is the force at investigating crime and reducing re-offending?": "Good",
    "How effective is the force at protecting those who are vulnerable from harm, and supporting victims?": "Good",
    "How effective is the force at tackling serious and organised crime?": "Requires improvement",
    "How effective are the force's specialist capabilities?": "Ungraded",
}


def test_judgments(figures):
    earlier = [f for f in of(figures, "Judgment") if f.period]
    grades = [f for f in of(figures, "Judgment") if not f.period]
    assert {f.title: f.values for f in grades} == {q: {FORCE: g} for q, g in JUDGMENTS.items()}
    assert len(grades) == 6
    # "This is an improvement on last year's assessment, when we judged the force to require improvement."
    assert [(f.title, f.values, f.period, f.group) for f in earlier] == [
        (grades[0].title, {FORCE: "Requires improvement"}, "2015", "Overall")]
    assert "last year's assessment" in earlier[0].definition
    assert all(f.label == f.title for f in grades)
    assert grades[0].id == "west-mercia-peel-effectiveness-2016:judgment:overall"
    assert grades[0].group == "Overall" and all(f.group is None for f in grades[1:])


def test_counts_ids_and_document(figures, doc):
    counts = Counter(f.figure for f in figures)
    assert counts == {"Figure 2": 5, "Figure 4": 20, "Figure 8": 6, "Force in numbers": 14, "Judgment": 7, "Text": 45}
    assert sum(":count:" in f.id for f in figures) == 34  # counts, durations and sums of money stated in sentences
    ids = [f.id for f in figures]
    assert len(ids) == len(set(ids))
    assert all(f.document == doc.id and f.id.startswith(doc.id + ":") for f in figures)
    assert extract_figures(doc) == figures  # deterministic


# ---------------------------------------------------------------- shape test (nothing tied to this report)

SYNTHETIC = """\
# PEEL: Police effectiveness 2019

An inspection of Northshire Constabulary

# Force in numbers

## Arrests

Arrests per 1,000 population as at 31 March 2019

Northshire Constabulary      England and Wales

12 15

Stop and search rate per 1,000 population 12 months to 31 March 2019

Northshire Constabulary

England and Wales

**3.5**

**4.2**

## Repeat victims\\*

Repeat victimisation

Northshire Constabulary England and Wales

**21.0%**

**-18.5%**

\\*Shown as a share of all victims in the 12 months to 31 December 2018.

# Overview – How effective is the force at keeping people safe and reducing crime?

## Overall judgment

Northshire Constabulary requires improvement at keeping people safe and reducing crime. It was good last year.

# How effective is the force at keeping roads safe?

## Collisions

The force records collisions by severity.

**Figure 7: Proportion of collisions by severity in Northshire, as at 1 April 2019**

Code\tSeverity\tNorthshire Constabulary\tEngland and Wales
A\t<b>Injury collisions</b>\t<b>60.0</b>\t<b>55.0</b>
A1\tSerious injury†\t10.0\t12.0
A2\tSlight injury\t50.0\t43.0
\t<b>Unclassified</b>\t\t
A3\tPending review\t1.5\t2.5
B\t<b>Damage only</b>\t<b>40.0</b>\t<b>45.0</b>

† Serious injury is counted per 100 collisions.

Source: Department for Transport data

## Summary of findings

**Outstanding**

The force keeps roads safe.

# How effective is the force at protecting wildlife?

## Summary of findings

**Inadequate**

The force does not protect wildlife.
"""


def test_shapes_on_a_synthetic_report(tmp_path):
    path = tmp_path / "northshire-2019.md"
    path.write_text(SYNTHETIC, encoding="utf-8")
    doc = load_document(path)
    figs = extract_figures(doc)
    force = "Northshire Constabulary"
    assert Counter(f.figure for f in figs) == {"Force in numbers": 3, "Figure 7": 5, "Judgment": 4}
    assert all(list(f.values)[0] == force for f in figs)

    stats = {f.label: f for f in of(figs, "Force in numbers")}
    assert stats["Arrests"].values == {force: 12, EW: 15}
    assert (stats["Arrests"].unit, stats["Arrests"].period) == (PER_K, "as at 31 March 2019")
    stop = stats["Stop and search rate"]
    assert (stop.values, stop.unit, stop.period) == ({force: 3.5, EW: 4.2}, PER_K, "12 months to 31 March 2019")
    repeat = stats["Repeat victimisation"]
    assert (repeat.title, repeat.values, repeat.unit) == ("Repeat victims", {force: 21.0, EW: -18.5}, "%")
    assert repeat.period == "12 months to 31 December 2018"
    assert repeat.note == "Shown as a share of all victims in the 12 months to 31 December 2018."

    rows = {f.label: f for f in of(figs, "Figure 7")}
    assert set(rows) == {"Injury collisions", "Serious injury", "Slight injury", "Pending review", "Damage only"}
    assert rows["Serious injury"].values == {force: 10.0, EW: 12.0}
    assert rows["Serious injury"].group == "Injury collisions"
    assert rows["Serious injury"].unit == "per 100 collisions"
    assert rows["Serious injury"].note == "Code A1; Serious injury is counted per 100 collisions."
    assert rows["Pending review"].group == "Unclassified"
    assert rows["Damage only"].group is None and rows["Damage only"].unit == "%"
    assert all(f.title == "Proportion of collisions by severity in Northshire, as at 1 April 2019" for f in rows.values())
    assert all(f.period == "as at 1 April 2019" and f.source == "Department for Transport data" for f in rows.values())
    assert rows["Slight injury"].id == "northshire-2019:fig7:injury-collisions--slight-injury"

    earlier = [f for f in of(figs, "Judgment") if f.period]  # "It was good last year."
    assert [(f.values[force], f.period) for f in earlier] == [("Good", "2018")]
    grades = {f.title: f.values[force] for f in of(figs, "Judgment") if not f.period}
    assert grades == {
        "How effective is the force at keeping people safe and reducing crime?": "Requires improvement",
        "How effective is the force at keeping roads safe?": "Outstanding",
        "How effective is the force at protecting wildlife?": "Inadequate",
    }
    assert len({f.id for f in figs}) == len(figs)


# ---------------------------------------------------------------- statistics stated in sentences

def test_prose_statistics_of_the_report(figures):
    prose = {f.label: f for f in of(figures, "Text") if ":text:" in f.id}  # not the counts (qa.figures_counts)
    vulnerable = next(f for label, f in prose.items() if "vulnerable victim" in label)
    assert pair(vulnerable) == (20.2, 14.3) and vulnerable.unit == "%"
    assert vulnerable.period == "12 months to 30 June 2016"
    fewer = next(f for label, f in prose.items() if label.startswith("This is 8 percent fewer incidents"))
    assert pair(fewer) == (-8.0, -8.0)  # "8 percent fewer", and the next sentence's national figure
    arrests = next(f for label, f in prose.items() if "for every 100" in label)
    assert arrests.values == {FORCE: 42.0} and arrests.unit == "per 100 domestic abuse related offences"
    victims = next(f for label, f in prose.items() if "victim-based crime increased by 2.7" in label)
    assert pair(victims) == (2.7, -0.5)
    # every label is a sentence of the report, and one that restates a table or panel row does so rounded
    # ("12 percent" of "12.4"): kept as the rounded twin a "roughly" question is answered with
    assert all(f.label in " ".join(REPORT.read_text(encoding="utf-8").split()) for f in prose.values())
    structured = [f for f in figures if f.figure not in ("Text", "Judgment")]
    restated = [(p, f) for p in prose.values() for f in structured if set(p.values) <= set(f.values)
                and all(round(f.values[k], 1) == round(v, 1) for k, v in p.values.items())]
    assert not restated
    rounded = [p for p in prose.values() if any(set(p.values) <= set(f.values) and all(
        round(f.values[k]) == v and f.values[k] != v for k, v in p.values.items()) for f in structured)]
    assert any("accounted for 12 percent" in p.label for p in rounded)


PROSE = """\
# PEEL: Police effectiveness 2019

An inspection of Northshire Constabulary

## How much crime is there?

In the 12 months to 31 March 2019, 31.5 percent of all recorded crime in Northshire was linked to alcohol, \
compared with 28.0 percent across England and Wales. The force recorded 14 arrests per 1,000 population \
in the same period. This compares with 11 arrests per 1,000 population for England and Wales.

Shoplifting fell by 6 percent in Northshire, compared with a decrease of 2 percent in England and Wales as a whole.

In England and Wales as a whole, 40 percent of offences were solved. Some 300 people replied to the survey.

Northshire recorded a 4 percent decrease in robbery. Its detection rate in Northshire was 5 percent higher than \
the England and Wales figure of 20 percent. In Northshire 30 percent of people felt safe, and 60 percent trusted the police.

A survey asked Northshire residents about policing. Some 400 people replied and 52 percent were satisfied. \
This compares with 58 percent for England and Wales. Across all forces, 10 percent were dissatisfied.
"""


def test_prose_statistics_shapes_on_a_synthetic_report(tmp_path):
    path = tmp_path / "northshire-2019.md"
    path.write_text(PROSE, encoding="utf-8")
    figs = [f for f in of(extract_figures(load_document(path)), "Text") if ":text:" in f.id]
    force = "Northshire Constabulary"
    values = [(f.values, f.unit) for f in figs]
    # a difference from the nation ("5 percent higher than …") is left out; two amounts of the force's own
    # give a figure per clause; a sentence after the force's name is the force's, unless it names the nation
    # ("This compares with 58 percent for England and Wales") or forces
    assert values == [({force: 31.5, EW: 28.0}, "%"), ({force: 14.0, EW: 11.0}, "per 1,000 population"),
                      ({force: -6.0, EW: -2.0}, "%"), ({force: -4.0}, "%"), ({force: 30.0}, "%"), ({force: 60.0}, "%"),
                      ({force: 52.0, EW: 58.0}, "%")]
    assert figs[1].period == "12 months to 31 March 2019"  # carried from the sentence before
    assert [f.group for f in figs] == [None, None, "Change", "Change", None, None, None]
    assert [f.label for f in figs[4:6]] == ["In Northshire 30 percent of people felt safe",
                                            "and 60 percent trusted the police."]


CHARTS = """\
# PEEL: Police effectiveness 2019

An inspection of Northshire Constabulary

## Repeat victims

In Northshire Constabulary, for every 100 offences recorded in 2019, there were 31 repeat victims identified.
In Northshire 12 percent of calls were abandoned.

Figure 5: Repeat victim rate (per 100 offences), by force, for 2019

Figure 6: Percentage of crime with a hate crime flag, by force, for 2019
"""


def test_a_by_force_charts_caption_defines_the_sentence_that_reads_it_for_the_force(tmp_path):
    """A chart of every force prints no numbers; the sentence giving the force's value (of the chart's
    kind of amount, sharing a topic word) is its reading, and the caption its definition."""
    path = tmp_path / "northshire-2019.md"
    path.write_text(CHARTS, encoding="utf-8")
    figs = {f.values["Northshire Constabulary"]: f for f in of(extract_figures(load_document(path)), "Text")}
    assert figs[31.0].definition == "Figure 5: Repeat victim rate (per 100 offences), by force, for 2019"
    assert figs[12.0].definition is None  # a share, but of calls: no word of the hate crime chart


COUNTS = """\
# PEEL: Police effectiveness 2019

An inspection of Northshire Constabulary

## Overview

Some 300 people replied to the survey, and 52 percent were satisfied. HMIC reviewed 40 case files from 1 April 2019.
In the 12 months to 31 March 2019, 30 out of 43 forces recorded more thefts. The government allocated £12.5 million \
to forces. Figures 2 and 3 show 14 arrests per 1,000 population. Response times varied between 8 and 25 minutes.
Training now runs three times a year. The change affected most forces (12 out of 43).
The force reduced its backlog of case files during 2019, from 200 in January to 150 in June.
The force told us that 20 staff have been trained, with a further 35 staff being trained next year.
"""


def test_counts_and_money_stated_in_sentences_on_a_synthetic_report(tmp_path):
    """A number before a plural noun, or a sum of money, is a count; the nation's when the sentence speaks
    of forces or the government; not a share, a rate, a range's end, a duration or a reference."""
    path = tmp_path / "northshire-2019.md"
    path.write_text(COUNTS, encoding="utf-8")
    counts = [f for f in extract_figures(load_document(path)) if ":count:" in f.id]
    force = "Northshire Constabulary"
    assert [(f.values, f.unit) for f in counts] == [({force: 300.0}, "people"), ({force: 40.0}, "case files"),
                                                    ({EW: 30.0}, "forces"), ({EW: 12.5}, "£ million"),
                                                    ({force: 3.0}, "times a year"), ({EW: 12.0}, "forces"),
                                                    ({force: 150.0}, "backlog of case files"),
                                                    ({force: 20.0}, "staff"), ({force: 35.0}, "staff")]  # ", with": a clause
    assert counts[0].label == "Some 300 people replied to the survey"  # the clause holding it
    assert counts[0].definition.endswith("52 percent were satisfied.")  # and the sentence it stands in


DURATIONS = """\
# PEEL: Police effectiveness 2019

An inspection of Northshire Constabulary

## Overview

New call handlers are mentored for three months. Officers attend a five-day course. In the 12 months to 31 March 2019 \
the previous 12 months were quieter. Victims aged 16 years and over were asked.

## Annex A

- Eastshire Police could supply only nine months of data. Its figures are estimates.
- Westshire Constabulary had a recording problem. This affected 14 days in the year.
"""


def test_durations_and_another_forces_counts_on_a_synthetic_report(tmp_path):
    """A duration is a count in days, weeks, months or years (not a period or an age), and a count in a
    paragraph naming one other force, and not its own, is that force's."""
    path = tmp_path / "northshire-2019.md"
    path.write_text(DURATIONS, encoding="utf-8")
    counts = [f for f in extract_figures(load_document(path)) if ":count:" in f.id]
    assert [(f.values, f.unit) for f in counts] == [({"Northshire Constabulary": 3.0}, "months"),
                                                    ({"Northshire Constabulary": 5.0}, "days"),
                                                    ({"Eastshire Police": 9.0}, "months"),
                                                    ({"Westshire Constabulary": 14.0}, "days")]


def test_a_later_how_many_counts_the_noun_an_earlier_ask_names(engine):
    """"How were the case files chosen, and how many were read?" counts case files."""
    result = engine.ask("How were the case files for the review chosen, and how many were read?")
    assert result.figures and result.figures[0].unit == "police case files"
    assert not engine.ask("What are the main questions the inspectors ask?").figures  # no count asked


def test_a_duration_answers_how_long(engine):
    from qa.checks import CountAsked, count_fits
    figure = next(f for f in engine.data.figures if f.unit == "months" and "mentoring" in f.label)
    assert count_fits(CountAsked.of("How long are new control room staff mentored for?"), figure, set())
    assert not count_fits(CountAsked.of("How many staff are mentored?"), figure, set())
    result = engine.ask("For how long does mentoring of new control room staff last?")
    assert result.figures and result.figures[0].unit == "months"


def test_a_count_answers_only_a_question_counting_what_it_counts(engine):
    """"how many forces" is answered by "39 out of 43 forces"; "how many police officers" is not
    answered by "180 additional officers are due to be trained", nor a count by the number it states."""
    result = engine.ask("How many forces saw recorded crime rise in the year to June 2016?")
    assert result.answerable and result.figures[0].values == {"England and Wales": 39.0}
    assert not engine.ask("How many police officers does West Mercia Police employ in total?").figures
    assert not engine.ask("Of the 21 people returned to court for breaching their orders, how many were convicted?").figures
    notes = engine.ask("In how many forces did recorded crime go up, according to the notes on arrest rates?")
    assert notes.figures and notes.figures[0].values == {"England and Wales": 39.0}  # "rates" counts nothing here
    backlog = engine.ask("How large was the backlog of digital forensic items by October 2016?")
    assert backlog.figures and backlog.figures[0].values == {"West Mercia Police": 380.0}
    assert not engine.ask("What was the crime rate?").figures[0].unit.startswith("backlog")
    # a bare "188 orders have been issued" is of the "sexual offences prevention orders" its paragraph names
    more = engine.ask("How many more officers will be trained in child abuse investigation by the end of 2018?")
    assert more.figures and more.figures[0].values == {"West Mercia Police": 180.0}  # "more" says how many, not what
    orders = engine.ask("How many sexual offending prevention orders were issued in the past year?")
    assert orders.figures and orders.figures[0].values == {"West Mercia Police": 188.0}
    rate = engine.ask("What was West Mercia's domestic abuse arrest rate per 100 offences?")  # Figure 7's reading
    assert rate.figures and rate.figures[0].values == {"West Mercia Police": 42.0}
    often = engine.ask("How often are authorised firearms officers now recruited and trained?")
    assert often.figures and often.figures[0].values == {"West Mercia Police": 3.0} and often.figures[0].unit == "times a year"


def test_an_earlier_years_grade_answers_only_a_question_asking_for_it(engine):
    before = engine.ask("What grade did West Mercia get the year before this inspection?")
    assert before.answerable and before.figures[0].values["West Mercia Police"] == "Requires improvement"
    assert before.figures[0].period == "2015"
    then = engine.ask("Has the force got better since its previous inspection, and what had it been rated then?")
    assert then.figures[0].values["West Mercia Police"] == "Requires improvement"
    graded = engine.ask("Is the grade better than last time? What was it graded before?")
    assert graded.figures[0].values["West Mercia Police"] == "Requires improvement"
    for question in ["What was West Mercia's overall grade?", "Did West Mercia improve on last year's overall effectiveness grade?"]:
        assert engine.ask(question).figures[0].values["West Mercia Police"] == "Good"


def test_a_statistic_stated_in_a_sentence_is_answered_with_that_sentence(engine):
    result = engine.ask("What share of crime in West Mercia had a vulnerable victim, compared with nationally?")
    assert result.figures[0].figure == "Text"
    assert result.answer.text == result.figures[0].label  # the report's sentence, which states both values
    assert "20.2 percent" in result.answer.text and "page 30" in result.answer.citation


def test_how_much_something_rose_is_answered_by_a_change_not_a_level(engine):
    question = "How much did recorded domestic abuse rise in West Mercia?"
    result = engine.ask(question)
    assert result.figures[0].group == "Change" and pair(result.figures[0]) == (41.0, 23.0)
    # the handicap: every level (no "Change" in label or group) loses fig_movement for a movement question
    # only, and a change stated only in a sentence gets back a quarter of its handicap as prose
    from qa.figmatch import FigureWeights
    vector = engine.embedder.encode([question])[0]
    ranks = np.arange(len(engine.data.chunks))
    moved = engine.figures.scores(vector, question, ranks, FigureWeights(movement=0.1))
    still = engine.figures.scores(vector, question, ranks, FigureWeights(movement=0.0))
    level, prose = engine.figures.level, engine.figures.prose
    assert np.allclose(still[level] - moved[level], 0.1) and np.allclose(still[~level & ~prose], moved[~level & ~prose])
    assert (prose & ~level).any() and np.allclose(moved[prose & ~level] - still[prose & ~level], FigureWeights().prose / 4)
    plain = "What share of recorded crime is domestic abuse?"
    assert np.allclose(engine.figures.scores(vector, plain, ranks, FigureWeights(movement=0.1)),
                       engine.figures.scores(vector, plain, ranks, FigureWeights(movement=0.0)))
    share = engine.ask("What share of recorded crime is domestic abuse in West Mercia?")
    assert share.figures[0].label.startswith("Domestic abuse as a percentage")


def test_a_row_of_a_table_about_one_kind_of_offence_answers_only_when_that_kind_is_asked(engine):
    """Figure 4 (all crime) and Figure 8 ("… for domestic-related offences") share row labels."""
    from qa.figchoice import _offence_kind
    assert _offence_kind("Rate of outcomes recorded in 12 months for domestic-related offences") == {"domest"}
    assert not _offence_kind("Proportion of outcomes assigned to offences recorded, by outcome type")
    assert engine.ask("community resolution rate west mercia").figures[0].figure == "Figure 4"
    assert engine.ask("domestic abuse community resolution rate").figures[0].figure == "Figure 8"
    assert engine.ask("How often are adults who abuse their partners cautioned?").figures[0].figure == "Figure 8"


# ---------------------------------------------------------------- PDF parity

def _pdf_parser() -> bool:
    try:
        importlib.import_module("qa.ingest.pdf")
    except ImportError:
        return False
    return True


@pytest.mark.skipif(not _pdf_parser(), reason="qa/ingest/pdf.py is not importable yet")
def test_pdf_gives_the_same_figures(figures):
    pdf_figures = extract_figures(load_document(PDF))

    def comparable(f: Figure) -> dict:
        d = to_dict(f)
        d.pop("page")  # Markdown pages are estimated from the Contents list; PDF pages are real
        return d

    assert [comparable(f) for f in pdf_figures] == [comparable(f) for f in figures]
    assert all(isinstance(f.page, int) for f in pdf_figures)


def test_a_label_the_report_defines_carries_its_definition(engine):
    defined = [f for f in engine.data.figures if f.definition]
    assert defined, "the report defines at least one row label in a footnote"
    for f in defined:
        if f.figure != "Judgment":  # an earlier year's grade is defined by the sentence stating it
            # a row's footnote, a count's whole sentence, or the "by force" chart a sentence reads off
            assert f.label.lower() in f.definition.lower() or ", by force," in f.definition
        assert any(f.definition in c.text for c in engine.data.chunks)  # the report's own words


def test_define_figures_finds_quoted_and_plain_definitions():
    from qa.linking import define_figures
    from qa.records import Chunk, Figure

    chunks = [Chunk("d:1", "d", ("A",), "Intro. 'Taken into consideration' is when an offender admits more.", 1, (1,), "footnote"),
              Chunk("d:2", "d", ("B",), "Community resolution means an informal outcome agreed with the victim.", 2, (2,))]
    figures = [Figure("d:f1", "d", "Figure 4", "Outcomes", "Taken into consideration", {"A": 1.0}),
               Figure("d:f2", "d", "Figure 4", "Outcomes", "Community resolution", {"A": 2.0}),
               Figure("d:f3", "d", "Figure 4", "Outcomes", "Charged", {"A": 3.0})]
    defined = define_figures(figures, chunks)
    assert defined[0].definition.startswith("'Taken into consideration' is when")
    assert defined[1].definition.startswith("Community resolution means")
    assert defined[2].definition is None  # one-word labels are too loose to match


def test_a_defined_label_is_found_through_its_definition(engine):
    defined = engine.figures.defined
    assert len(defined), "the defining sentence of a label is linked at load"
    for figure, sentence, chunk in defined:
        definition = engine.data.figures[figure].definition
        start, end = engine.data.sentences[sentence][1:]
        said, definition = " ".join(engine.data.chunks[chunk].text[start:end].split()), " ".join(definition.split())
        assert said in definition or definition in said  # a caption may run into its source line
    figures = engine.ask("How often do offenders admit to other offences when they are sentenced?").figures
    assert figures and figures[0].definition
