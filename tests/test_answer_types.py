"""Answer shapes: counts need a number, periods must agree, a statistic stated twice is one statistic."""

import pytest

from qa.answertype import asks_amount, counted, states_count, asks_for_count, is_relative, expects_number, figure_cannot_answer, states_number
from qa.sentencefit import asked_role, sentence_answers
from qa.periods import Period, agreement, parse


@pytest.mark.parametrize("question", ["How many officers does the force employ?",
                                      "What percentage of calls were answered?",
                                      "How much did the new system cost?", "violence against the person rate",
                                      "Is a bigger share of crime recorded as domestic abuse than nationally?",
                                      "How often are cases dropped here compared with nationally?",
                                      "What was the official population estimate for the county?",
                                      "number of armed response vehicles in the county",
                                      "hate crime figures for the county 2016",
                                      "Are there more crime gangs per head here than in the country?"])
def test_count_questions_expect_a_number(question):
    assert expects_number(question)


@pytest.mark.parametrize("question", ["How much does the force rely on fines?", "What is a MASH?",
                                      "How often are homes burgled?", "How is the national average rate worked out?",
                                      "Which force does it share resources with?",
                                      "Which population estimates are the denominator of the rates?",
                                      "What is the population estimate based on?",
                                      "Which forces were left out of the national rate?"])
def test_other_questions_do_not(question):
    assert not expects_number(question)


@pytest.mark.parametrize("question, amount", [("Has public satisfaction dropped since 2015?", True),
                                              ("Is anti-social behaviour going down here?", True),
                                              ("How big is the backlog?", True),
                                              ("Do residents really trust the police?", True),  # a survey's share
                                              ("How big is it, and has it gone down?", True),
                                              ("Do officers think about it?", False),
                                              ("Why has crime risen?", False), ("Has the force got a plan?", False)])
def test_whether_something_moved_may_be_answered_by_its_change(question, amount):
    assert asks_amount(question) is amount


def test_a_statistic_of_other_people_does_not_answer_the_public_s(engine):
    figures = engine.ask("Has public satisfaction with local policing in West Mercia gone up or down compared with the year before?").figures
    assert not any(f.label.lower().startswith("victim") for f in figures)


def test_a_table_label_the_question_names_chooses_among_matching_figures(engine):
    figures = engine.ask("west mercia victim-based crime change over five years vs national").figures
    assert figures and "victim-based crime" in figures[0].label.lower()
    naming = engine.figures.naming("no suspect identified and victim unsupportive")
    assert not any(naming[i] for i, f in enumerate(engine.data.figures) if f.label == "Suspect identified")


@pytest.mark.parametrize("text, stated", [("HMIC reviewed 60 case files.", True), ("It rose by 2.5 percent.", True),
                                          ("Two thirds were satisfied.", True), ("In 2016 the force changed.", False),
                                          ("It is one of the most important duties.", False),
                                          ("The force has no plan.", False)])
def test_states_number_ignores_years(text, stated):
    assert states_number(text) is stated


def test_periods_parse_financial_years_months_and_spans():
    assert parse("ASB per 1,000 population 2015/16") == Period(frozenset({(2016, 3)}), None)
    assert parse("12 months to 31 March 2016") == Period(frozenset({(2016, 3)}), 1.0)
    assert parse("5 years to the 12 months to 30 June 2016") == Period(frozenset({(2016, 6)}), 5.0)
    assert parse("over five years") == Period(frozenset(), 5.0)
    assert parse("crime change 2011 to 2016").span == 5.0 and parse("between 2011 and 2016").span == 5.0
    assert parse("in 2014 and 2016").span is None and parse("2015-2016").span is None  # two years, one year
    assert parse("in 2016") == Period(frozenset({(2016, None)}), None)
    assert not parse("What is a MASH?")
    assert parse("2015–16") == parse("2015-2016") == parse("2015/16")  # en dash and four digits too
    assert parse("June 2016 to June 2017").ends == {(2017, 6)}  # a range ends at its second date
    assert not parse("Since the 2014 inspection, what is the burglary rate?")  # an incidental year
    assert not parse("Can I compare these figures with the ones in the 2015 report?")  # a document, not a period
    assert parse("What was the rate in 2015?") == Period(frozenset({(2015, None)}), None)
    # the base a change is measured from is not the statistic's period
    assert parse("How much did it rise compared with the year to March 2015?").ends == frozenset()
    assert parse("ASB in 2015/16 compared with 2014/15").ends == {(2016, 3)}
    assert parse("12 months to 30 June 2016 compared with 12 months to 31 March 2015").ends == {(2016, 6)}
    assert parse("Looking back five years to 2011, has crime gone up?") == Period(frozenset(), 5.0)  # a base, reached back to
    assert parse("victim satisfaction rate 2015").ends == {(2015, None)}  # a keyword query's closing year
    assert parse("burglary rate 2015 per 1000 households").ends == {(2015, None)}  # or any of its years
    assert parse("crime rate 2015 vs 2016 west mercia").ends == {(2015, None), (2016, None)}
    assert not parse("west mercia 2016 inspection grade").ends  # a document's year, not a period
    assert not parse("Was it better than in the 2015 report?").ends and not parse("2015").ends


def test_period_agreement():
    march16, march15 = parse("12 months to 31 March 2016"), parse("12 months to 31 March 2015")
    assert agreement(parse("2015/16"), march16) > 0 > agreement(parse("2015/16"), march15)
    assert agreement(parse("in 2016"), march16) > 0
    assert agreement(parse("over five years"), parse("5 years to the 12 months to 30 June 2016")) > 0
    assert agreement(parse("over five years"), march16) < 0
    assert agreement(parse("What is a MASH?"), march16) == 0


def test_count_question_on_a_present_topic_without_a_number_is_not_covered(engine):
    result = engine.ask("How many body-worn cameras has the force bought?")
    assert result.passages and not result.answerable


def test_count_question_answered_by_a_number_is_answered(engine):
    result = engine.ask("How many case files did HMIC review?")
    assert result.answerable and "60" in result.answer.text


def test_which_forces_asks_for_names_not_a_number(engine):
    assert engine.ask("Which police forces couldn't supply vulnerable victim data and so were left out of the national rate?").answerable


def test_a_filler_adjective_is_not_part_of_what_is_counted(engine):
    """"main questions" are counted by "five 'core' questions": "main" names no kind of question."""
    assert engine.ask("How many main questions did HMIC break the effectiveness inspection down into?").answerable


def test_count_answered_by_another_sentence_of_the_best_passage_is_answered(engine):
    """The survey's size is stated in the sentence after the one that names the survey."""
    result = engine.ask("How many people did Ipsos MORI interview in West Mercia?")
    assert result.answerable and "403" in result.passages[0].chunk.text


@pytest.mark.parametrize("question, thing", [
    ("How many Criminal Behaviour Orders did the force obtain?", "Criminal Behaviour Orders"),
    ("how many OCGs", "OCGs"),
    ("How many victims of modern slavery were identified in 2016?", "victims of modern slavery"),
    ("How many officers will be trained by 2018?", "officers"),
    ("What is the burglary rate?", None),
    ("how many were asked?", None),  # names nothing counted: a later ask of "How satisfied …, and how many were asked?"
    ("Of the 21 people returned to court, how many were convicted?", "convicted people"),
])
def test_counted_is_what_a_how_many_question_counts(question, thing):
    assert counted(question) == thing


def test_a_count_of_something_the_best_passage_gives_no_number_for_is_not_covered(engine):
    """The report says the force makes good use of Criminal Behaviour Orders, and gives other numbers
    nearby, but never how many it obtained."""
    result = engine.ask("How many Criminal Behaviour Orders has the force obtained?")
    assert "Criminal Behaviour Orders" in " ".join(p.chunk.text for p in result.passages)
    assert not result.answerable


def test_a_count_the_best_passage_states_beside_what_is_counted_is_answered(engine):
    result = engine.ask("How many officers have been trained to use the kiosks?")
    assert result.answerable and "50 officers" in result.passages[0].chunk.text


@pytest.mark.parametrize("text, count", [
    ("HMIC reviewed 60 police case files", True),
    ("In the 12 months to 30 June 2016, 188 orders were issued", True),
    ("two officers attended", True),
    ("23 organised crime groups (OCGs) per one million of the population", False),  # a rate
    ("20.2 percent of all recorded crime", False),  # a share
    ("Crimes recorded per 1,000 population 12 months to 30 June 2016 West Mercia Police 59", False),
    ("Figure 10: Active organised crime groups, as at 1 July 2016", False),  # a figure number and a date
    ("for every 100 offences recorded, there were 42 arrests", False),  # a rate the other way round
    ("The rate of burglary is the rate for 1,000 households", False),
])
def test_states_count(text, count):
    assert states_count(text) is count


def test_how_many_for_every_hundred_is_a_rate():
    assert not asks_for_count("How many arrests were there for every 100 domestic abuse offences?")
    assert not asks_for_count("How many cases were dropped, West Mercia vs the rest of the country?")  # a rate or share
    assert not asks_for_count("Out of every hundred domestic abuse offences, how many arrests were made?")
    assert not asks_for_count("If 100 domestic abuse crimes are reported, how many arrests follow?")  # a base stated


def test_number_of_phrasing_asks_for_a_count():
    assert asks_for_count("What was the total number of calls for assistance?")
    assert counted("What was the total number of calls for assistance?") == "calls"
    assert not asks_for_count("What was the number of calls per 1,000 people?")


def test_counted_head():
    from qa.answertype import counted_head
    assert counted_head("Criminal Behaviour Orders") == "Orders"
    assert counted_head("victims of human trafficking") == "victims"
    assert counted_head("forces saw recorded crime rise") is None  # no plural noun at the end: not checked
    assert counted_head("staff") is None


def test_a_count_the_report_gives_only_as_a_rate_is_not_covered(engine):
    """The report gives organised crime groups per one million people, never how many there are; a
    table row of rates counts nothing either."""
    assert not engine.ask("How many burglaries were recorded?").answerable
    assert not engine.ask("How many organised crime groups does the force have?").answerable
    assert not engine.ask("What was the total number of crimes recorded in West Mercia?").answerable


def test_grade_of_an_inspection_no_judgment_covers_is_not_covered(engine):
    assert not engine.ask("What leadership grade did the force receive?").answerable
    assert engine.ask("What grade did the force receive for tackling serious and organised crime?").answerable


def test_twins_are_one_statistic_at_two_precisions(engine):
    figures = engine.data.figures
    twins = [(figures[i], figures[t]) for i, t in enumerate(engine.figures.twin) if t >= 0]
    assert twins, "the report states at least one statistic twice, at two precisions"
    for rounded, precise in twins:
        assert rounded.period == precise.period and rounded.values.keys() == precise.values.keys()
        for key, value in rounded.values.items():
            assert abs(precise.values[key] - value) <= 0.5 and precise.values[key] != value


def test_a_twinned_figure_is_the_one_the_first_passage_states(engine):
    matcher = engine.figures
    rounded, precise = next((i, int(t)) for i, t in enumerate(matcher.twin) if t >= 0)
    row_of = lambda i: int(matcher.chunk[i])
    assert matcher.as_shown([(precise, 1.0)], row_of(rounded)) == [(rounded, 1.0)]  # the passage shown states the rounded one
    assert matcher.as_shown([(rounded, 1.0)], row_of(precise)) == [(precise, 1.0)]
    assert matcher.as_shown([(precise, 1.0)], row_of(precise)) == [(precise, 1.0)]
    other = next(r for r in range(len(engine.data.chunks)) if r not in (row_of(rounded), row_of(precise)))
    assert matcher.as_shown([(precise, 1.0)], other) == [(precise, 1.0)]
    # a precision asked for outranks the passage shown
    assert matcher.as_shown([(rounded, 1.0)], row_of(precise), "roughly what share") == [(rounded, 1.0)]
    assert matcher.as_shown([(precise, 1.0)], row_of(rounded), "to one decimal place") == [(precise, 1.0)]


def test_roughly_gets_the_rounded_statement_whichever_passage_comes_first(engine):
    for question in ["Roughly what part of all crime recorded in West Mercia is domestic abuse?",
                     "Roughly what is West Mercia's crime rate per 1,000 people?"]:
        figures = engine.ask(question).figures
        assert figures and all(float(v).is_integer() for v in figures[0].values.values())


def test_statistic_asked_for_a_period_the_report_does_not_cover_is_not_covered(engine):
    stated = engine.ask("What was the sexual offences rate per 1,000 people in the year to June 2016?")
    assert stated.answerable and stated.figures
    other = engine.ask("What was the sexual offences rate per 1,000 people in 2014?")
    assert "2014" in engine.vocab  # so it is the period, not an unknown word, that says no
    assert not other.answerable and not other.figures


@pytest.mark.parametrize("question, cannot", [("Why was the plan late?", True), ("When did the unit open?", True),
                                              ("How is the national average calculated?", True),
                                              ("Can I compare these figures with last year's report?", True),
                                              ("What year did the force start using THRIVE?", True),
                                              ("On what date was the report published?", True),
                                              ("Where do the crime figures come from?", True),
                                              ("What question measures victim satisfaction?", True),
                                              ("How does the burglary rate compare with the national rate?", False),
                                              ("Can you compare West Mercia's burglary rate with England and Wales?", False),
                                              ("Is victim satisfaction here comparable to the national average?", False),
                                              ("When victims withdraw, what share of cases close?", False),
                                              ("When no suspect was found, what was the percentage?", False),
                                              ("When a victim wanted action, what outcome rate was recorded?", False),
                                              ("What time period do the crime rates cover?", True),
                                              ("Which forces are missing from the arrest rate chart?", True),
                                              ("What is the burglary rate?", False)])
def test_why_when_and_how_calculated_questions_get_no_figure(question, cannot):
    assert figure_cannot_answer(question) is cannot


def test_a_definition_question_shows_no_figure_unless_it_asks_for_an_amount(engine):
    assert not engine.ask("What does it mean when an offence is 'taken into consideration'?").figures
    assert not engine.ask("How does the report define victim-based crime?").figures
    assert engine.ask("What is the rate of victim-based crime per 1,000 people?").figures


def test_a_when_question_on_a_statistic_shows_no_figure(engine):
    assert engine.ask("sexual offences rate per 1,000 people").figures
    assert not engine.ask("When did the force start recording sexual offences against children?").figures


@pytest.mark.parametrize("question, period", [("How much has recorded crime increased over five years?", "5 years"),
                                              ("Did recorded crime fall in the year to June 2016?", "against"),
                                              ("Is crime going up in West Mercia?", "")])
def test_rise_or_fall_questions_get_the_change_figure_of_their_period(engine, question, period):
    top = engine.ask(question).figures[0]
    assert top.label.startswith("Change in") and period in top.period
    assert not engine.ask("recorded crime rate").figures[0].label.startswith("Change in")


def test_who_is_the_role_questions_need_the_role_in_the_answer():
    assert asked_role("Who is the chief constable of the force?") == "chief constable"
    assert asked_role("Who chairs the local resilience forum?") is None
    assert not sentence_answers("Who is the chief constable of the force?", "An inspection of the force, 2017.")
    assert sentence_answers("Who is the chief constable of the force?", "The chief constable chairs the board.")
    assert not sentence_answers("How many officers are there?", "Officers are well trained.")
    assert sentence_answers("What is a MASH?", "A hub where agencies share information.")
    # a count the question itself states does not answer it
    assert not sentence_answers("Of the 60 case files, how many were rapes?", "HMIC reviewed 60 case files.")
    assert sentence_answers("Of the 60 case files, how many were rapes?", "Of 60 case files, 12 were rapes.")
    assert sentence_answers("How many case files were reviewed?", "HMIC reviewed 60 case files.")


def test_who_is_the_role_question_the_report_does_not_answer_is_not_covered(engine):
    assert not engine.ask("Who is the deputy chief constable of West Mercia Police?").answerable


def test_a_name_asked_for_needs_a_name_in_the_answer(engine):
    from qa.sentencefit import asked_name
    assert asked_name("What is the name of West Mercia's chief constable?") == "chief constable"
    assert asked_name("What's the name of the change programme in the alliance?") == "change programme"
    assert asked_name("What does the name THRIVE mean?") is None
    question = "What is the name of the assistant chief constable who leads on national threats?"
    assert not sentence_answers(question, "An assistant chief constable is the designated portfolio holder.")
    assert sentence_answers(question, "Assistant Chief Constable Jane Smith holds the portfolio.")
    assert sentence_answers("What's the name of the change programme?", "Its programme of change is known as StraDA.")
    assert sentence_answers("What is the name of the model used?", "The force uses the Pathfinder model.")
    assert not engine.ask("What is the name of West Mercia's chief constable?").answerable
    assert engine.ask("What's the name of the change programme in the Warwickshire and West Mercia alliance?").answerable


def test_a_cost_asked_for_needs_a_sum_of_money(engine):
    question = "How much did the new forensic kiosks cost?"
    assert not sentence_answers(question, "50 officers have now been trained to use the kiosks.")
    assert sentence_answers(question, "The kiosks cost £1.2 million.")
    assert sentence_answers("What was the budget for armed policing?", "The government allocated £143 million.")
    assert not engine.ask("How much did the digital forensic kiosks cost the alliance?").answerable
    assert engine.ask("How much money did the government give forces for armed officers after the Paris attacks?").answerable


def test_rate_question_without_a_figure_or_number_is_not_covered(engine):
    assert not engine.ask("What is the rate of knife crime?").answerable


@pytest.mark.parametrize("question, count", [("How many officers does the force employ?", True),
                                             ("How many crimes are recorded per 1,000 people?", False),
                                             ("What percentage of crimes were charged?", False)])
def test_asks_for_count(question, count):
    assert asks_for_count(question) is count


def test_a_count_question_gets_no_rate_or_percentage(engine):
    assert is_relative("per 1,000 population") and is_relative("%") and not is_relative(None)
    figures = engine.ask("How many forces saw recorded crime rise in the year to June 2016?").figures
    assert not any(is_relative(f.unit) for f in figures)


def test_asks_comparator_only():
    from qa.scope import asks_comparator_only

    own = {"west mercia"}
    assert asks_comparator_only("What was the England and Wales average arrest rate per 100 offences?", own)
    assert asks_comparator_only("What is the national burglary rate?", own)
    assert not asks_comparator_only("What is West Mercia's burglary rate?", own)
    assert not asks_comparator_only("burglary rate West Mercia vs England and Wales", own)  # both asked
    assert not asks_comparator_only("How does the force's burglary rate compare nationally?", own)
    assert not asks_comparator_only("Which national threats does the SPR set out?", own)  # no amount asked


def test_unknown_kinds():
    from qa.scope import unknown_kinds

    labels = ["Victim-based crime", "Sexual offences"]
    vocab = {"crime", "victim", "rate", "of", "the", "what", "is", "sexual", "offences"}
    assert unknown_kinds("What is the rate of knife crime?", vocab, labels) == ["knife"]
    assert unknown_kinds("What is the rate of sexual offences?", vocab, labels) == []
    assert unknown_kinds("ASB crime per 1,000", vocab, labels) == []  # an abbreviation the report may spell out
    assert unknown_kinds("rate of knife crime", vocab, ["Recorded crime (excluding fraud)"]) == ["knife"]
    assert unknown_kinds("Is it stopping crime?", vocab, labels) == []  # a verb, not a kind of crime
    # the report's plural names the kind too: "SIM cards" for "SIM card kiosks"
    assert unknown_kinds("How many card kiosks?", vocab | {"cards"}, ["Forensic kiosks"]) == []
    assert unknown_kinds("How many card kiosks?", vocab, ["Forensic kiosks"]) == ["card"]
    # a label ending in a participle has no head noun: "nobody" is no kind of "identified"
    assert unknown_kinds("crimes closed with nobody identified", vocab, ["Investigation complete – no suspect identified"]) == []


def test_a_kind_of_crime_the_report_does_not_give_is_not_covered(engine):
    assert "knife" not in engine.vocab
    assert not engine.ask("What is the rate of knife crime in West Mercia?").answerable
    assert engine.ask("What is the rate of sexual offences in West Mercia?").figures


def test_unstated_kinds_are_rare_report_words_no_figure_label_uses():
    from qa.scope import unstated_kinds
    stated = {"burglari", "dwell", "sexual", "offenc", "crime", "record"}
    labels = ["Burglary in a dwelling", "Recorded crime"]
    rare = {"robberi", "vehicl", "burglari"}.__contains__  # words of a few passages only
    assert unstated_kinds("robbery rate per 1,000 population", labels, stated, rare) == ["robbery"]
    assert unstated_kinds("vehicle crime rate", labels, stated, rare) == ["vehicle"]
    assert unstated_kinds("burglary rate per 1,000 households", labels, stated, rare) == []  # a label's word
    assert unstated_kinds("crime rate, policing rate", labels, stated, rare) == []  # not rare: no kind
    # how much, when or which, not what kind
    assert unstated_kinds("Is crime recorded at a higher rate?", labels, stated, {"higher"}.__contains__) == []
    assert unstated_kinds("What rate of burglary?", labels, stated, {"what"}.__contains__) == []
    assert unstated_kinds("What's the actual rate versus elsewhere?", labels, stated, {"actual"}.__contains__) == []
    assert unstated_kinds("sex crimes rate", labels, stated, {"sex"}.__contains__) == []  # "sexual", give or take
    # a word the report writes right after a matched label's word names that statistic ("out of court disposals")
    court = (["Out-of-court (formal)"], stated | {"court", "formal"}, {"dispos"}.__contains__)
    assert unstated_kinds("what is the disposals rate", *court) == ["disposals"]
    assert unstated_kinds("what is the disposals rate", *court, ["Pilots of out of court disposals."]) == []
    # a word the question writes right after the matched label's word says how that statistic is measured
    assert unstated_kinds("out-of-court disposals rate", *court) == []
    assert unstated_kinds("community resolution usage rate", ["Community resolution"], stated | {"resolut"},
                          {"usag"}.__contains__) == []
    assert unstated_kinds("cases ending because the victim doesn't back action", ["victim does not support police action"],
                          stated, {"back"}.__contains__) == []  # a verb before a label's head word
    # a common word the reports never put before "rate": a kind of rate they do not give
    texts = ["The survey's response was good.", "The crime rate rose.", "Their rate of arrest fell."]
    assert unstated_kinds("What was the response rate?", labels, stated, rare, texts) == ["response"]
    assert unstated_kinds("What was the crime rate?", labels, stated, rare, texts) == []  # the reports say "crime rate"
    assert unstated_kinds("What's their rate against England?", labels, stated, rare, texts) == []  # no kind
    assert unstated_kinds("Is the burglary of homes rate per head?", labels, stated, rare, texts) == []  # the whole phrase


def test_a_fall_asked_gets_the_change_stated_in_a_sentence(engine):
    """"Has anti-social behaviour come down?" is answered by "This is 8 percent fewer incidents …" (read
    off the chart of changes), not by the panel's levels."""
    figures = engine.ask("Has anti-social behaviour dropped in West Mercia, and by more or less than elsewhere?").figures
    assert figures and figures[0].values.get("West Mercia Police", 0) < 0
    level = engine.ask("How many anti-social behaviour incidents per 1,000 people were there in West Mercia?").figures
    assert level and level[0].values.get("West Mercia Police", 0) > 0


def test_which_firm_did_it_needs_a_name(engine):
    """"Which company …?" is answered by a name ("Ipsos MORI"), not by "an independent contractor"."""
    from qa.sentencefit import asks_which_firm
    assert asks_which_firm("Which consultancy reviewed it?") and not asks_which_firm("Which forces were excluded?")
    assert not engine.ask("Which consultancy firm reviewed the alliance's digital forensics approach?").answerable
    assert engine.ask("Which company carried out the public attitudes survey for HMIC?").answerable


def test_a_survey_response_rate_is_not_a_satisfaction_rate(engine):
    assert not engine.ask("What response rate did West Mercia's victim satisfaction survey achieve?").answerable
    assert engine.ask("What is West Mercia's victim satisfaction rate?").figures


def test_a_rate_of_something_the_report_mentions_but_gives_no_figure_for_is_not_covered(engine):
    """The report names robbery among the crime files it reviewed, but gives no robbery rate."""
    assert "robbery" in engine.vocab
    assert not engine.ask("robbery rate per 1,000 population West Mercia").answerable
    assert engine.ask("burglary rate per 1,000 households West Mercia").figures


def test_a_figure_the_question_rules_out_does_not_answer_it(engine):
    from qa.scope import shunned
    assert shunned("burglaries per 1,000 residents (not households)?", "Burglary in a dwelling", "per 1,000 households")
    assert shunned("youth cautions rather than adults", "Caution - adults", "%") == ["adults"]
    assert not shunned("burglary rate (not per 1,000 population)", "Burglary in a dwelling", "per 1,000 households")
    assert not shunned("Why did the victim not support action?", "Evidential difficulties: victim does not support", "%")
    assert not shunned("crime (not counting fraud)", "Recorded crime (excluding fraud)", "per 1,000 population")
    assert shunned("gangs in total, not per million people", "Organised crime groups", "per million population")
    assert not engine.ask("How many organised crime groups are there in West Mercia altogether, not per million?").answerable
    assert not shunned("share of crime (not fraud)", "Domestic abuse as a percentage of all recorded crime (excluding fraud)", "%")
    assert not engine.ask("What is the burglary rate in West Mercia per 1,000 population (not per household)?").answerable
    assert engine.ask("What is the burglary rate in West Mercia per 1,000 households?").answerable


@pytest.mark.parametrize("question, answered", [("How did HMIC grade West Mercia Police?", True),
                                                ("What was the force's final grade?", True),
                                                ("Legitimacy grade for West Mercia?", False),
                                                ("What leadership grade did the force receive?", False)])
def test_grade_qualifiers_that_name_no_inspection_are_answered(engine, question, answered):
    assert engine.ask(question).answerable is answered


@pytest.mark.parametrize("question", ["What was the force's grade?", "What was the force's effectiveness grade?",
                                      "How was West Mercia graded?"])
def test_a_grade_question_naming_no_area_gets_the_overall_judgment(engine, question):
    figures = engine.ask(question).figures
    assert figures and figures[0].group == "Overall"


def test_review_shapes():
    assert asked_role("Who is the chief constable?") == "chief constable"
    assert not sentence_answers("Who is the chief constable?", "An assistant chief constable holds the portfolio.")
    assert figure_cannot_answer("Why is the crime rate rising?")
    from qa.intent import asks_for_definition

    assert not asks_for_definition("What is wrong with the force?")
    assert not asks_for_definition("What is the force doing about knife crime?")
    assert asks_for_definition("What is a MASH?")


def test_an_amount_asked_for_by_the_figures_own_word_lowers_the_threshold(engine):
    figures = engine.ask("What is the charge rate?").figures
    assert figures and figures[0].label.lower().startswith("charged")
    shown = engine.ask("What percentage of crimes end in a caution?").figures  # "percentage" names no statistic
    assert not shown or not shown[0].label.startswith("Domestic abuse as a percentage")


@pytest.mark.parametrize("question, unit", [
    ("What percentage of burglary victims were satisfied?", "share"),
    ("What proportion of calls involve mental health?", "share"),
    ("burglary rate per 1,000 households", "per"),
    ("How many organised crime groups per million people?", "per"),
    ("How many arrests for every 100 domestic abuse offences?", None),  # per 100 is a share too
    ("What is the charge rate?", None),
    ("What share of crime per 1,000 people is burglary?", None),
])
def test_asked_unit(question, unit):
    from qa.answertype import asked_unit
    assert asked_unit(question) == unit


def test_how_big_asks_an_amount_a_passage_may_still_give_in_words():
    from qa.answertype import asks_amount
    assert asks_amount("How big is the backlog of seized phones?")
    assert not expects_number("How big is the backlog of seized phones?")  # "it has fallen sharply" answers it too
    assert not asks_amount("How big a problem is knife crime?")
    assert not expects_number("How often does the national team visit?")  # "national" names a team, sets nothing beside


def test_how_long_needs_a_duration_or_a_span():
    asked = "How long does it take to examine a seized phone?"
    assert sentence_answers(asked, "Examinations now take up to six weeks.")
    assert sentence_answers(asked, "Phones were held from January to March.")
    assert not sentence_answers(asked, "The force has cut its backlog of seized phones.")
    assert sentence_answers("How long ago was the unit set up?", "The unit was set up by the force.")  # not a duration


def test_how_long_the_report_does_not_say_is_not_covered_but_a_later_sentence_may_say_it(engine):
    assert not engine.ask("How long does the force take to examine a victim's phone?").answerable
    assert engine.ask("What is a DVPO and for how long can it keep an abuser away?").answerable


def test_when_asked_needs_a_time():
    from qa.sentencefit import asks_when
    assert asks_when("When will the new control rooms open?") and asks_when("On what date did it start?")
    assert not asks_when("When officers attend, is the form filled in?")  # a clause, not the question
    assert not sentence_answers("When will the new control rooms open?", "The forces are planning shared control rooms.")
    assert sentence_answers("When will the new control rooms open?", "The control rooms open in spring 2017.")


def test_a_frequency_is_no_count():
    assert not states_count("Training now takes place three times each year.")
    assert states_count("Three officers were trained this year.")
    assert not sentence_answers("How many firearms officers does the force have?",
                                "Firearms officers are now recruited three times a year.")


def test_how_much_cash_asks_for_a_sum_and_gets_no_rate(engine):
    from qa.sentencefit import asks_money
    assert asks_money("How much cash was seized from gangs?") and asks_money("What was the value of assets seized?")
    result = engine.ask("How much cash was seized from organised crime groups?")
    assert not result.answerable and not result.figures  # the report gives gangs per million people, no sum


def test_a_budget_asked_for_needs_a_sum_even_after_a_long_name():
    from qa.sentencefit import asks_money
    assert asks_money("What is West Mercia Police's annual budget?")


def test_a_backlog_asked_how_big_gets_its_count(engine):
    for question in ["How big is the backlog of digital devices waiting for examination?", "digital device backlog 2016",
                     "Has the backlog of phones and computers waiting for examination got any smaller?"]:
        figures = engine.ask(question).figures
        assert figures and figures[0].unit and "backlog" in figures[0].unit
    from qa.answertype import asks_size
    assert asks_size("digital device backlog 2016") and not asks_size("Why is there a backlog?")
    assert asks_size("Is the backlog shrinking?") and not asks_size("Is the backlog a problem?")
    assert asks_size("Is there still a big backlog?") and asks_size("forensic backlog 2016 - has it come down?")
    assert asks_size("Has the force caught up on its backlog?") and asks_size("Have they got on top of the backlog?")


def test_whether_people_are_happy_with_policing_asks_a_surveys_share(engine):
    """"Are residents happy with …?" asks what a survey found (:data:`qa.answertype.OPINION`), in
    the survey's word, "satisfied" (the lexicon)."""
    from qa.answertype import OPINION
    assert OPINION.search("Are crime victims in Kent happy with the service?") and not OPINION.search("Are you happy?")
    assert OPINION.search("Do people round here reckon the police are any good?")
    result = engine.ask("Are residents in West Mercia content with policing where they live, and is that lower than before?")
    assert result.figures and "satisfied with local policing" in result.figures[0].label


def test_a_share_of_what_is_counted_answers_how_many(engine):
    """"30 percent of all officers should have completed …" answers how many officers should have;
    a share of all crime is no count of one kind of crime."""
    from qa.checks import CountAsked
    asked = CountAsked.of("How many officers are meant to have done the course?")
    assert asked.share_of_counted("by 2018, 30 percent of all officers should have completed a course")
    assert not asked.share_of_counted("12 percent of all police-recorded crime")
    assert not CountAsked.of("How many domestic abuse crimes were recorded?").share_of_counted(
        "domestic abuse accounted for 12 percent of all police-recorded crime")
    figures = engine.ask("How many officers is the force aiming to get through the two-week child abuse investigation course?").figures
    assert figures and figures[0].unit == "%"


def test_how_likely_asks_a_rate(engine):
    from qa.answertype import expects_number
    assert expects_number("How likely is an arrest?") and expects_number("What are the chances of a charge?")
    figures = engine.ask("When domestic abuse is reported to West Mercia Police, how likely is an arrest? Say per 100 offences").figures
    assert figures and "per 100" in (figures[0].unit or "")


def test_a_pile_waiting_to_be_examined_is_a_backlog(engine):
    """Everyday words for a backlog name the count's own noun (``CountAsked`` reads the lexicon's terms)."""
    from qa.lexicon import lay_terms
    assert lay_terms("the pile of laptops") == ["backlog"] and lay_terms("devices waiting to be examined") == ["backlog"]
    assert lay_terms("Is the force waiting for a decision?") == []
    figures = engine.ask("Is the queue of devices waiting to be examined by digital forensics getting smaller?").figures
    assert figures and "backlog" in (figures[0].unit or "")


def test_unit_kind():
    from qa.answertype import unit_kind
    assert unit_kind("%") == "share" and unit_kind("per 1,000 population") == "per"
    assert unit_kind("per 100 domestic abuse related offences") == "either" and unit_kind(None) is None


def test_a_statistic_given_only_in_another_kind_of_amount_is_not_covered(engine):
    """The report gives burglary as a rate per 1,000 households: a percentage of households burgled is
    not in it, while the rate itself and a share the report does give are answered."""
    assert not engine.ask("What percentage of households were burgled in West Mercia?").answerable
    rate = engine.ask("What is the burglary rate per 1,000 households in West Mercia?")
    assert rate.answerable and rate.figures[0].label == "Burglary in a dwelling"
    share = engine.ask("What percentage of crimes were taken into consideration?")
    assert share.answerable and share.figures[0].label == "Taken into consideration"


def test_a_statistic_whose_label_leaves_out_what_is_asked_is_not_covered(engine):
    from qa.scope import excluded_asked
    label = ["Recorded crime (excluding fraud)"]
    assert excluded_asked("How much fraud was reported to the police?", label) == ["fraud"]
    assert excluded_asked("What is the crime rate, not counting fraud?", label) == []
    assert excluded_asked("How many non-fraud crimes were recorded per 1,000 people?", label) == []
    assert excluded_asked("What is the recorded crime rate?", label) == []
    assert not engine.ask("How much fraud was reported to West Mercia Police in the year to June 2016?").answerable
    assert engine.ask("What is the recorded crime rate excluding fraud in West Mercia?").figures


def test_asking_whether_a_label_includes_something_is_answered(engine):
    from qa.scope import excluded_asked
    label = ["Recorded crime (excluding fraud)"]
    for question in ("Is fraud included in the recorded crime figures?", "Are fraud offences counted in recorded crime?",
                     "How is fraud treated in the recorded crime figures?"):
        assert excluded_asked(question, label) == []
    assert engine.ask("Does the recorded crime rate include fraud?").answerable


def test_a_share_stated_in_a_sentence_is_answered_though_the_tables_give_a_rate(engine):
    """The survey's "34 percent" is in a sentence, not a figure, while anti-social behaviour figures
    are rates per 1,000: the passage answers and no rate is shown as the answer."""
    result = engine.ask("What proportion of people surveyed thought the force was effective at tackling anti-social behaviour?")
    assert result.answerable and not any(f.unit and f.unit.startswith("per ") for f in result.figures)
    # a rate per 1,000 matching best does not hide a share of the kind asked for that matches too
    result = engine.ask("What proportion of residents think the police deal well with anti-social behaviour?")
    assert result.answerable and result.figures and result.figures[0].unit == "%"


def test_a_row_label_typed_as_it_stands_is_answered(engine):
    """A keyword query of a table row's label scores low against every passage, yet names its row."""
    result = engine.ask("Caution - youths")
    assert result.answerable and result.figures[0].label == "Caution - youths"
    assert not engine.ask("What is the Community Resolution rate for youths in Kent?").answerable  # another force


def test_a_question_of_several_asks_is_split_only_at_asks():
    from qa.checks import asks
    assert asks("Who ran the survey, when was it done and how many people took part?") == [
        "Who ran the survey", "when was it done", "how many people took part?"]
    assert len(asks("Of the 60 files reviewed, how many were rape cases?")) == 1  # a lead-in, no ask
    assert len(asks("When working out how many vehicles it needs, what did the force consider?")) == 1
    assert asks("How many files were read, and from what period?") == ["How many files were read", "from what period?"]


def test_a_specialist_or_dedicated_count_is_a_count_of_its_noun(engine):
    figures = engine.ask("How many dedicated domestic abuse risk officers does the alliance have?").figures
    assert figures and figures[0].unit and "risk officers" in figures[0].unit


def test_a_count_asked_beside_other_asks_is_still_matched(engine):
    """The other asks dilute the question's likeness to the count's sentence."""
    for question, unit in [("How many crime files did the inspectors go through, and from which months?", "files"),
                           ("Who did the public survey, when, and how many people answered it?", "people")]:
        figures = engine.ask(question).figures
        assert figures and figures[0].unit and unit in figures[0].unit


def test_each_ask_of_a_question_needs_an_answer(engine):
    assert engine.ask("Who ran the public attitudes survey, when was it carried out and how many people were interviewed?").answerable
    # the report says what the new control rooms are, never what they cost
    assert not engine.ask("When will the alliance's new control rooms open and how much are they costing?").answerable


def test_how_much_costing_asks_for_a_sum():
    from qa.sentencefit import asks_money
    assert asks_money("How much is the new IT system costing?") and asks_money("How much is the force spending on it?")


@pytest.mark.parametrize("question, asks", [
    ("What is the total population of the force area?", True),
    ("What's the total population of the area the force covers?", True),
    ("What mid-2015 population figure did HMIC use for the force area?", True),
    ("How many people live in the force area?", True),
    ("force area mid-2015 population estimate", True),
    ("What was the force's mid-2015 population estimate used in the calculations?", True),
    ("Which population figures were used to work out rates per 1,000 people?", False),  # which source
    ("population figures used to calculate crime rates", False),
    ("What is the crime rate per 1,000 population?", False),
])
def test_asks_population(question, asks):
    from qa.sentencefit import asks_population
    assert asks_population(question) is asks


def test_a_population_is_stated_by_a_size_not_a_rate_per_population():
    from qa.sentencefit import states_population
    assert states_population("The force serves a population of 1.2 million.")
    assert states_population("Some 1.3 million people live in the area.")
    assert not states_population("There were 59 crimes per 1,000 population.")
    assert not states_population("Some 403 people were interviewed.")


def test_a_population_the_report_never_states_is_not_covered(engine):
    for question in ["How many people live in the West Mercia police area?", "What is the population of the force area?"]:
        result = engine.ask(question)
        assert not result.answerable and not result.figures


def test_the_group_a_share_is_asked_of():
    from qa.subgroup import asked_group, unnamed_group_words
    assert asked_group("What percentage of rape allegations in the area led to a charge?") == "rape allegations"
    assert asked_group("What proportion of crimes closed with no suspect?") == "crimes closed"
    assert asked_group("How many officers were trained?") is None
    rare = lambda t: t in {"rape", "shoplift"}
    assert unnamed_group_words("What percentage of rape allegations led to a charge?", "Charged/summonsed", rare, set()) == ["rape"]
    assert unnamed_group_words("What percentage of rape allegations led to a charge?", "Rape: charged", rare, set()) == []
    assert unnamed_group_words("What proportion of crimes closed with a shoplifting warning?", "Cannabis warning", rare, set()) == []


def test_a_share_of_a_group_no_figure_names_is_not_covered(engine):
    assert not engine.ask("What proportion of shoplifting cases ended in a charge in West Mercia?").answerable
    for question in ["What proportion of crimes ended in a charge in West Mercia?",
                     "What share of domestic abuse crimes ended in a charge?"]:  # a table of domestic abuse outcomes
        result = engine.ask(question)
        assert result.answerable and result.figures and "harge" in result.figures[0].label


def test_names_asked_in_keyword_and_possessive_shapes():
    from qa.sentencefit import asked_name, asked_role
    assert asked_role("Who is the force's director of intelligence?") == "director"
    assert asked_name("force chief constable name 2016") == "chief constable"
    assert asked_name("Name of the officer who leads the unit") == "officer"
    assert asked_name("HMIC full name") is None  # what it stands for
    assert not sentence_answers("force chief constable name 2016", "The chief constable leads the force.")


def test_an_average_or_target_time_asks_for_a_duration():
    from qa.sentencefit import asks_duration
    assert asks_duration("average turnaround time for examining a seized phone")
    assert asks_duration("What is the target response time for armed vehicles, in minutes?")
    assert not asks_duration("What time of day do most burglaries happen?")
    assert not sentence_answers("What is the average turnaround time for a seized phone?", "Phones are examined at kiosks.")


def test_crime_figures_ask_a_number_only_in_a_keyword_query():
    assert not expects_number("Are anti-social behaviour figures checked as carefully as crime figures?")


def test_a_grade_for_an_inspection_held_elsewhere_is_not_covered(engine):
    for question in ["What grade did West Mercia get for efficiency in 2016?", "what did west mercia get in the 2017 peel effectiveness inspection"]:
        assert not engine.ask(question).answerable
    assert engine.ask("What grade did West Mercia get for effectiveness?").answerable


def test_an_outcome_after_the_report_was_published_is_not_in_it(engine):
    from qa.periods import after_publication, published
    assert published(engine.data.chunks) == (2017, 3)  # the cover: "March 2017"
    date = (2017, 3)
    assert after_publication("What did the inspectors find when they came back in June 2017?", date) == ["June 2017"]
    assert after_publication("What did the 2019 survey show?", date) == ["2019"]
    assert after_publication("What did the force plan for June 2017?", date) == []  # a plan the report may state
    assert after_publication("What did HMIC find in 2017?", date) == []  # the year it was published
    assert not engine.ask("What did HMIC find when it checked the force's action plan in August 2017?").answerable
    assert after_publication("What grade did it get in the following year's PEEL inspection?", date)  # a later one
    assert not after_publication("What happens to the subsequent report?", date)  # the report's own words


def test_a_number_of_keyword_query_counts_and_gets_no_rate(engine):
    assert asks_for_count("number of police officers in the county 2016")
    result = engine.ask("number of police officers West Mercia 2016")
    assert not any(is_relative(f.unit) for f in result.figures)


def test_in_how_many_cases_asks_how_often_not_a_count():
    assert not asks_for_count("In how many cases did the victim withdraw support?")
    assert expects_number("In how many cases did the victim withdraw support?")
    assert asks_for_count("How many cases did the unit review?")


def test_a_type_word_is_no_part_of_what_is_counted(engine):
    from qa.checks import _noun_phrase
    assert _noun_phrase("sexual harm prevention type orders") == "sexual harm prevention orders"
    assert _noun_phrase("individual crime case files") == "crime case files"


@pytest.mark.parametrize("question", ["How did the force decide how many armed vehicles it needs?",
                                      "What drives how many crimes a force flags as involving a vulnerable victim?",
                                      "Which forces could not say how many crimes had a vulnerable victim?"])
def test_an_embedded_how_many_is_no_count_asked(question):
    assert not asks_for_count(question) and not expects_number(question) and counted(question) is None


def test_a_later_ask_naming_no_topic_is_about_the_first(engine):
    result = engine.ask("How satisfied were local people in the Ipsos MORI poll, and how many were asked?")
    assert result.answerable
    assert not engine.ask("Of the 21 people returned to court for breaching their orders, how many were jailed?").answerable


def test_a_spelled_out_abbreviation_does_not_change_what_is_asked(engine):
    from qa.glossary import expand
    question = "How many organised crime groups did the force archive once the NPCC lifted its freeze?"
    assert "National" in expand(question, engine.glossary) and asks_for_count(question)
    result = engine.ask(question)
    assert not any(is_relative(f.unit) for f in result.figures)  # a count asked: no rate per million


def test_a_duration_asked_gets_no_figure_in_other_units(engine):
    result = engine.ask("How long on average does it take officers to reach emergency calls?")
    assert not any(f.unit and "per" in f.unit for f in result.figures)  # not calls per 1,000 people


def test_two_years_set_side_by_side_need_the_statistic_for_both(engine):
    from qa.figchoice import unstated_years
    figures = engine.data.figures
    calls = next(i for i, f in enumerate(figures) if f.label == "Calls for assistance")
    assert unstated_years("calls for assistance per 1,000 2015 vs 2016", calls, figures) == ["2015"]
    asb = [i for i, f in enumerate(figures) if f.label == "Anti-social behaviour incidents"]
    assert len(asb) == 2 and unstated_years("anti-social behaviour incidents 2015 vs 2016", asb[0], figures) == []
    assert not engine.ask("calls for assistance per 1,000 population 2015 vs 2016").answerable


def test_why_a_national_value_is_asked_is_no_part_of_what_is_asked(engine):
    from qa.scope import asks_comparator_only
    assert asks_comparator_only("What's the England and Wales average arrest rate, so I can compare it with West Mercia?",
                                engine.stated)
    assert asks_comparator_only("national average arrest rate per 100 offences to compare with west mercia", engine.stated)
    assert not asks_comparator_only("How does the arrest rate compare with the national average?", engine.stated)


def test_were_any_asks_whether_not_how_many():
    assert not expects_number("Were any forces missing from the domestic abuse arrest rate comparison?")
    assert asked_role("Who was chief constable of the force when the inspection took place?") == "chief constable"
    assert asked_role("Who is part of the intelligence network?") is None


def test_a_share_in_words_is_a_share_stated():
    from qa.answertype import states_unit
    assert states_unit("Two percent of incidents were estimated.", "share")
    assert not states_unit("Two incidents were estimated.", "share")


def test_a_recent_period_is_no_count():
    assert not states_count("The number of offenders managed has increased over the last 12 months.")
    assert states_count("A protection order can last up to 28 days.")


def test_a_count_whose_topic_the_sentence_before_names_is_answered(engine):
    from qa.checks import _noun_phrase
    assert _noun_phrase("people answered the staff survey", stop_at_verb=True) == "people"
    assert _noun_phrase("people answered the staff survey") == "people answered the staff"  # up to its last plural
    # "HMIC conducted a short survey of police staff … The number of responses varied between 8 and 2,471"
    assert engine.ask("How many people answered the police staff survey in each force?").answerable


def test_a_population_total_keyword_query_asks_its_size():
    from qa.sentencefit import asks_population
    assert asks_population("force area population total used by HMIC mid-2015")


def test_a_later_ask_for_a_number_is_what_a_figure_answers():
    """"How was it collected, and how many forces supplied it?" asks a method, then a count: a
    figure may answer the count, read with the first ask's topic."""
    from qa.checks import numeric_ask
    assert numeric_ask("How was the data collected, and how many forces supplied it?") == (
        "how many forces supplied it? How was the data collected")
    assert numeric_ask("Why was the data collected?") is None


def test_a_word_the_report_only_hyphenates_is_read_as_it_spells_it(engine):
    from qa.glossary import hyphen_spellings, respell
    spellings = hyphen_spellings({"anti-social", "co-ordinators", "re-offending", "reoffending"})
    assert spellings == {"antisocial": "anti-social", "coordinators": "co-ordinators"}  # both spellings used: left
    assert respell("Antisocial behaviour and coordinators", spellings) == "anti-social behaviour and co-ordinators"
    result = engine.ask("what percentage of people think west mercia police are effective at tackling antisocial behaviour")
    assert result.question.endswith("antisocial behaviour")  # echoed as typed
    assert result.answerable and result.figures and result.figures[0].unit == "%"


def test_everyday_words_reach_the_statistics_terms(engine):
    from qa.lexicon import lay_terms
    assert lay_terms("the police knew who did it") == ["suspect"]
    assert lay_terms("Are under-18s cautioned more?") == ["youths"]
    assert lay_terms("How many crime gangs are there?") == ["organised crime groups"]
    assert lay_terms("organised crime gangs") == [] and lay_terms("Was the suspect known?") == []
    assert lay_terms("crimes against a person") == ["victim-based crime"]
    assert lay_terms("ASB rate, West Mercia v E&W") == ["anti-social behaviour", "England and Wales"]
    assert lay_terms("asb rate") == ["anti-social behaviour"]  # no other word is spelled so
    assert lay_terms("a DA case") == ["domestic abuse"] and lay_terms("da") == []  # a common word's letters: capitals only
    assert lay_terms("cases passed on to another agency") == ["action undertaken by another body / agency"]
    assert lay_terms("Are people happy with the police?") == ["satisfied"] and lay_terms("happy to help") == []
    figures = engine.ask("How often are cases dropped because the victim won't go ahead even though the police know who did it?").figures
    assert figures and "suspect identified" in f"{figures[0].group} {figures[0].label}".lower()
    assert engine.ask("Does West Mercia have more criminal gangs per head than the country as a whole?").figures[0].label == "Organised crime groups"


def test_members_of_the_public_are_people():
    from qa.checks import _named
    from qa.lexical import text_tokens
    said = text_tokens("Some 403 people were interviewed")
    assert _named(text_tokens("members"), said) and _named(text_tokens("residents"), said)
    assert not _named(text_tokens("officers"), said)
