"""Which of several matching figures a question asks for: a row's code, the latest period, a rounded twin."""

from qa.figchoice import asks_rounded, prefer_latest, row_codes
from qa.records import Figure


def _row(label: str, note: str | None = None, period: str | None = None, figure: str = "Figure 4") -> Figure:
    return Figure(id=label, document="d", figure=figure, title="t", label=label, values={"A": 1.0},
                  note=note, period=period)


def test_a_rows_code_is_named_by_its_headers_word_and_the_code():
    codes = row_codes([_row("Suspect identified", "Outcome number 16"), _row("Caution", "Code A1; a note"), _row("Plain")])
    assert codes[0].search("outcome 16 rate") and codes[0].search("Outcomes no. 16")
    assert not codes[0].search("outcome 160") and not codes[0].search("16 outcomes")
    assert codes[1].search("code A1 share") and codes[2] is None


def test_the_latest_period_is_preferred_unless_an_earlier_one_is_named():
    figures = [_row("ASB incidents", period="12 months to 31 March 2015", figure="Force in numbers"),
               _row("ASB incidents", period="12 months to 31 March 2016", figure="Force in numbers"),
               _row("Overall", figure="Judgment")]
    assert prefer_latest([(0, 1.0)], "latest ASB rate", figures)[0][0] == 1
    assert prefer_latest([(0, 1.0)], "ASB rate", figures)[0][0] == 1  # no period named: now
    assert prefer_latest([(0, 1.0)], "ASB rate in 2015", figures)[0][0] == 0
    assert prefer_latest([(0, 1.0)], "ASB rate the year before", figures)[0][0] == 0
    assert prefer_latest([(1, 1.0)], "most recent ASB rate", figures)[0][0] == 1
    assert prefer_latest([(2, 1.0)], "overall grade", figures)[0][0] == 2  # undated: left alone


def test_a_count_needs_its_own_noun_and_not_a_sum_for_a_cost():
    from qa.checks import CountAsked, count_answers, count_fits
    files = Figure(id="c", document="d", figure="Text", title="t", label="HMIC reviewed 60 police case files",
                   values={"A": 60.0}, unit="police case files")
    money = Figure(id="m", document="d", figure="Text", title="t", label="the government allocated £143 million",
                   values={"B": 143.0}, unit="£ million")
    assert count_answers("How many case files did HMIC read?", files, set())
    assert not count_answers("How many police officers are there?", files, set())
    assert not count_answers("Of the 60 files, how many were rapes?", files, set())  # the question states it
    assert not count_answers("How much did the files cost?", files, set())
    assert count_answers("How much money did the government give?", money, set())
    orders = Figure(id="o", document="d", figure="Text", title="t", label="188 orders have been issued",
                    values={"A": 188.0}, unit="orders")
    asked = CountAsked.of("How many sexual harm prevention orders were issued?")
    assert not count_fits(asked, orders, set())  # the sentence alone names no such orders
    assert count_fits(asked, orders, set(), "The force uses sexual harm prevention orders (SHPOs). They restrict.")
    assert not count_fits(asked, orders, set(), "The force uses community protection orders.")
    # a word for people in general is named by any other: residents asked, people said
    surveyed = Figure(id="s", document="d", figure="Text", title="t", label="Some 403 people were interviewed",
                      values={"A": 403.0}, unit="people")
    assert count_answers("How many residents were interviewed?", surveyed, set())
    assert not count_answers("How many officers were interviewed?", surveyed, set())
    # "X or Y" counts its first item, up to that item's last plural noun; a possessive is no plural
    from qa.checks import _noun_phrase
    assert _noun_phrase("sexual offences prevention orders or sexual harm prevention orders") == "sexual offences prevention orders"
    assert _noun_phrase("core questions make up HMIC's framework") == "core questions"
    assert _noun_phrase("forces saw recorded crime rise") == "forces"
    assert _noun_phrase("sexual offences prevention or sexual harm prevention orders") == \
        "sexual offences prevention or sexual harm prevention orders"  # "X or Y orders": one head noun


def test_asks_rounded():
    assert asks_rounded("Roughly how many crimes per 1,000?") and asks_rounded("the headline figure")
    assert asks_rounded("In round whole numbers, what percentage?")
    assert not asks_rounded("What is the crime rate to one decimal place?")


def test_a_twinned_statistic_is_given_as_the_report_first_states_it(engine):
    """The summary panel's "59" comes before Figure 2's "58.8"; the panel's "12.4" before the
    body's "12 percent". The other statement follows; asking for precision or naming the other's
    own words ("excluding fraud") gives the other."""
    from qa.figchoice import asks_precise
    force = "West Mercia Police"
    plain = engine.ask("crime rate per 1,000 people in West Mercia vs England and Wales").figures
    assert [f.values[force] for f in plain[:2]] == [59.0, 58.8]
    assert engine.ask("crime rate per 1,000 people excluding fraud, West Mercia vs national").figures[0].values[force] == 58.8
    assert engine.ask("What share of all recorded crime in West Mercia is domestic abuse?").figures[0].values[force] == 12.4
    assert asks_precise("to one decimal place") and asks_precise("the exact rate") and not asks_precise("roughly")


def test_engine_answers_by_code_rounding_and_period(engine):
    assert engine.ask("outcome 21 rate West Mercia vs England and Wales").figures[0].values["West Mercia Police"] == 0.6
    rough = engine.ask("Roughly how many crimes per thousand people were recorded in West Mercia?").figures[0]
    precise = engine.ask("How many crimes per thousand people were recorded in West Mercia, to one decimal place?").figures[0]
    assert (rough.values["West Mercia Police"], precise.values["West Mercia Police"]) == (59.0, 58.8)
    latest = engine.ask("Anti-social behaviour incidents per 1,000 population, latest year, West Mercia").figures[0]
    assert "2016" in latest.period


def test_a_case_judged_not_in_the_public_interest_is_no_grade_question(engine):
    from qa.intent import asks_for_grade
    question = "Percentage of offences where further investigation was judged not in the public interest"
    assert not asks_for_grade(question) and asks_for_grade("Was West Mercia judged good?")
    assert engine.ask(question).figures[0].values["West Mercia Police"] == 0.6


def test_same_label_up_to_endings_and_spacing():
    from qa.figchoice import _same_label
    assert _same_label("Charged/summonsed", "Charged / Summoned") and _same_label("Caution - youths", "Caution – youths")
    assert not _same_label("Suspect identified", "Suspect not identified")


def test_a_question_naming_a_tables_kind_of_offence_gets_that_tables_row(engine):
    figures = engine.ask("How often is a domestic incident sorted out with a community resolution?").figures
    assert figures[0].figure == "Figure 8" and figures[0].values["West Mercia Police"] == 0.3
    charged = engine.ask("If someone is abused at home, how likely is it the abuser is charged or summonsed?").figures
    assert charged[0].figure == "Figure 8"  # "Charged / Summoned" of the domestic abuse table
    every = engine.ask("Across all crime, not just domestic abuse, what share ended in a community resolution?").figures
    assert every[0].figure == "Figure 4"


def test_a_question_naming_a_group_row_but_not_its_child_gets_the_group(engine):
    """Rows under a group row ("Community Resolution" under "Out-of-court (informal)") match the group's
    words too; a question naming every word of the group and not the child's own gets the group."""
    group = engine.ask("What share of offences got an informal out-of-court outcome?").figures[0]
    assert group.label == "Out-of-court (informal)" and group.values["West Mercia Police"] == 4.3
    assert engine.ask("community resolution share West Mercia").figures[0].label == "Community Resolution"


def test_a_movement_asked_after_a_level_does_not_turn_the_level_into_a_change(engine):
    """"What share …, and has that dropped since 2015?" asks for the share first."""
    figures = engine.ask("What share of people surveyed were happy with local policing in 2016, and has that dropped since 2015?").figures
    assert figures and figures[0].values["West Mercia Police"] == 48
