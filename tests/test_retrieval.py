"""Known questions find their passage; figures and abstention behave."""

import pytest

from qa.gradechoice import SCALE

KNOWN = [
    ("What is THRIVE?", "THRIVE is a structured assessment"),
    ("How does West Mercia compare on burglary in a dwelling?", "Burglary in a dwelling"),
    ("What did the inspectors say about missing children?", "missing children"),
    ("What does SARA stand for?", "SARA stands for scanning, analysis, response, and assess"),
    ("Which force did West Mercia form an alliance with?", "alliance with Warwickshire Police"),
    ("How well prepared is the force to respond to a firearms attack?", "firearms"),
    ("Which population estimates were used?", "mid-2015 population estimates"),
    ("How many case files did HMIC review?", "HMIC reviewed 60 police case files"),
    ("What are the possible HMIC judgments?", "HMIC judgments are outstanding, good, requires improvement and inadequate"),
    ("Why is Dorset Police excluded from crime outcomes?", "Dorset Police"),
    ("How satisfied are victims with the service provided?", "Victim satisfaction"),
    ("What happened to public satisfaction with local policing?", "48 percent were very or fairly satisfied"),
]


@pytest.mark.parametrize("question,expected", KNOWN)
def test_known_question_finds_its_passage(engine, question, expected):
    result = engine.ask(question, 5)
    assert any(expected in p.chunk.text for p in result.passages), [p.chunk.text[:80] for p in result.passages]


def test_burglary_figure(engine):
    result = engine.ask("What is the rate of burglary in a dwelling in West Mercia?")
    figure = result.figures[0]
    assert figure.values == {"West Mercia Police": 5.3, "England and Wales": 8.1}
    assert figure.figure == "Figure 2"
    assert "5.3" in result.answer.text and "8.1" in result.answer.text


def test_serious_organised_crime_grade(engine):
    result = engine.ask("What grade did the force get for tackling serious and organised crime?")
    assert any(f.figure == "Judgment" and "Requires improvement" in f.values.values() for f in result.figures)


def test_highlight_is_a_sentence_of_the_passage(engine):
    for p in engine.ask("What is THRIVE?").passages:
        a, b = p.highlight
        assert 0 <= a < b <= len(p.chunk.text)


def test_unrelated_question_is_not_answered(engine):
    result = engine.ask("Who won the football world cup in 2018?")
    assert result.answerable is False
    assert "does not appear" in result.answer.text
    assert result.passages  # passages are still returned


def test_every_figure_links_to_the_passage_that_states_it(engine):
    for figure in engine.data.figures:
        chunk = engine.chunk(figure.chunk)
        assert chunk is not None, figure.id
        lines = [line.strip() for line in chunk.text.split("\n")]
        if figure.figure == "Judgment":
            assert lines[0] == next(iter(figure.values.values())) or "Overall" in chunk.section[-1], figure.id
        else:
            assert figure.label.lower() in chunk.text.lower(), figure.id


@pytest.mark.parametrize("question, grade", [
    ("How did inspectors rate the force on tackling crime?", True),
    ("Were inspectors satisfied with how it tackles organised crime?", True),
    ("Is the force's neighbourhood policing up to standard?", True),
    ("Does the force still require improvement at preventing crime?", True),
    ("How good is the force at tackling serious and organised crime?", True),
    ("What is the rate of burglary in West Mercia?", False),
    ("How does burglary here compare with the national rate?", False),
    ("How does the crime rate compare with last year?", False),
    ("How did HMIC rate Kent?", True),
    ("How did West Mercia do on protecting vulnerable people?", True),
    ("How is the force doing at tackling organised crime?", True),
    ("How did officers do on the training?", False),
    ("How well does the force deal with mental health incidents?", False),
    ("Were any calls downgraded?", False),
    ("What mark did the force get for protecting vulnerable people?", True),
    ("Is West Mercia Police effective at investigating crime?", True),
    ("How effective is West Mercia at tackling organised crime?", True),
    ("How did inspectors judge the force's work on anti-social behaviour?", True),
    ("Is the THRIVE model effective?", False),
    ("How effective is the MASH?", False),
    ("Does the force put markers on mental health incidents?", False),
    ("Bottom line: is West Mercia an effective police force or not?", True),
    ("Did the force reach the 'good' standard on organised crime?", True),
    ("What is a good standard of investigation?", False),
    ("Is the MASH an effective way to share information?", False),
    ("Did the police pass or fail on supporting victims of crime?", True),
    ("Did West Mercia get a 'good' for taking on organised crime gangs?", True),
    ("Which PEEL pillars did West Mercia fall short on?", True),
    ("victim does not support police action domestic abuse outcome rate West Mercia", False),  # no verb "rate"
    ("What are the possible grades HMIC can give a force?", False),  # the scale, not a force's grade
    ("What grades can HMIC give a police force?", False),
    ("What grades can the inspectorate actually hand out to a force?", False),
    ("Can the public trust West Mercia Police to look after people at risk?", True),
    ("Can I trust these figures?", False),
    ("Did the inspectors think West Mercia was doing well at catching offenders?", True),
    ("What did inspectors find about missing children?", False),
    ("How many forces were graded good for effectiveness?", False),  # counts forces
    ("how did west mercia do on crime prevention", True),
    ("How did the number of crimes change?", False),
    ("How did the force score on catching offenders?", True),
    ("What score did the force get?", True),
    ("How does the unit score and rank gangs?", False),  # how it scores something else
    ("What were the satisfaction scores for follow-up?", False),  # survey scores, not a grade
    ("Do residents actually think the force is any good at tackling anti-social behaviour?", False),  # a survey's
    ("Do people in West Mercia think the police are any good at tackling anti-social behaviour?", False),
    ("Is the force any good at tackling anti-social behaviour?", True),
    ("Are local people actually satisfied with how their area is policed?", False),  # a survey's
    ("What share of residents think the force is good at tackling anti-social behaviour?", False),  # a survey's
    ("Did the inspectors rely only on the file review to judge how well the force performs?", False),  # a purpose
    ("Did the inspectors judge the force good at investigating crime?", True),
    ("Did inspectors use the staff survey to grade how individual forces performed?", False),  # a method
    ("did west mercia do better or worse than in last year's effectiveness assessment?", True),
])
def test_asks_for_grade_includes_evaluative_phrasing(question, grade):
    from qa.intent import asks_for_grade
    assert asks_for_grade(question) is grade


def test_ungraded_forces():
    from qa.scope import ungraded_forces
    graded = {"west mercia"}
    assert ungraded_forces("What overall grade did Kent Police receive?", graded) == ["Kent"]
    assert ungraded_forces("Does West Mercia Police's grade improve?", graded) == []
    assert ungraded_forces("What grade did the force get?", graded) == []


def test_overall_grade_question_gets_the_overall_judgment(engine):
    result = engine.ask("What was the overall judgment for West Mercia Police?")
    assert result.figures and result.figures[0].group == "Overall"


def test_grade_of_another_force_is_not_answered(engine):
    assert engine.ask("What effectiveness grade did Kent Police get?").answerable is False


def test_fact_question_shows_no_judgment(engine):
    result = engine.ask("Are crime victims happy with how the police handled their case overall?")
    assert all(f.figure != "Judgment" for f in result.figures)


def test_compare_with_the_national_rate_gets_the_figure(engine):
    result = engine.ask("how does burglary here compare with the national rate?")
    assert result.figures and result.figures[0].label == "Burglary in a dwelling"


@pytest.mark.parametrize("question, area", [
    ("Is West Mercia good at tackling organised crime?", "serious and organised crime"),
    ("Is West Mercia good at preventing crime?", "preventing crime"),
    ("How good is West Mercia at protecting vulnerable people?", "vulnerable"),
    ("Does West Mercia require improvement at investigating crime?", "investigating crime"),
    ("How did inspectors rate the force overall?", "keeping people safe"),
    ("What overall grade did West Mercia get?", "keeping people safe"),
])
def test_grade_questions_get_the_judgment_of_their_area_whatever_its_grade(engine, question, area):
    figures = engine.ask(question).figures
    assert figures and area in figures[0].label


def test_other_forces_are_named_forces_other_than_the_reports_own(engine):
    from qa.scope import other_forces
    assert {"warwickshire", "kent", "suffolk"} <= engine.forces
    assert {"essex", "durham", "devon"} <= engine.forces  # from "City of London, Devon and Cornwall, Essex … forces"
    assert not {"national", "chief"} & engine.forces  # used in lower case too: no names
    assert other_forces("What is Warwickshire Police's burglary rate?", engine.forces, engine.stated) == ["warwickshire"]
    assert other_forces("Is Kent's crime rate higher?", engine.forces, engine.stated) == ["kent"]
    assert other_forces("How many officers does the West Mercia and Warwickshire alliance have?",
                        engine.forces, engine.stated) == []  # names the force too
    assert other_forces("What is the national burglary rate?", engine.forces, engine.stated) == []
    # a partner or an exclusion is no subject
    assert other_forces("How many risk officers does the alliance with Warwickshire employ?", engine.forces, engine.stated) == []
    assert other_forces("Excluding Dorset Police, what was the England and Wales charge rate?",
                        engine.forces, engine.stated) == []
    # the own force named only beside another's subject does not make the question its own
    assert other_forces("What arrest rate did Kent Police, West Mercia's neighbour, record?",
                        engine.forces, engine.stated) == ["kent"]
    assert other_forces("Is Kent's arrest rate higher than West Mercia's?", engine.forces, engine.stated) == ["kent"]
    assert other_forces("Is West Mercia's arrest rate higher than Kent's?", engine.forces, engine.stated) == []
    # nor named as the other's partner: "Warwickshire's rate, seeing as it's in an alliance with West Mercia"
    assert other_forces("What is Kent's arrest rate, as it works in partnership with West Mercia?",
                        engine.forces, engine.stated) == ["kent"]


def test_a_statistic_for_another_force_is_not_covered(engine):
    assert not engine.ask("What is Warwickshire Police's burglary rate per 1,000 households?").answerable
    assert engine.ask("What is West Mercia's burglary rate per 1,000 households?").figures
    assert not engine.ask("Warwickshire's house burglary rate, given its alliance with West Mercia Police?").answerable
    # what a survey found about another force needs a passage naming it, number or not
    assert not engine.ask("What did the Ipsos MORI survey find about satisfaction with policing in Warwickshire?").answerable


def test_a_national_value_the_report_gives_for_the_force_only_is_not_covered(engine):
    """The report gives the force's domestic abuse arrest rate (42 per 100 offences), not the nation's."""
    assert not engine.ask("What is the national domestic abuse arrest rate per 100 offences?").answerable
    national = engine.ask("What percentage of crime nationally had a vulnerable victim?")
    assert national.answerable and national.figures[0].values["England and Wales"] == 14.3


def test_a_statistic_about_another_force_the_best_passage_names_is_answered(engine):
    """The annex says Suffolk Constabulary could provide only eight months of data."""
    result = engine.ask("How many months of vulnerability data could Suffolk Constabulary provide?")
    assert result.answerable and "Suffolk" in result.passages[0].chunk.text
    assert engine.ask("Why is City of London Police left out of the organised crime group rate?").answerable


def test_unjudged_years():
    from qa.scope_grades import unjudged_years
    held = {"2016", "2017"}  # the title's year and the cover's publication year
    assert unjudged_years("What grade did the force get in its 2015 effectiveness inspection?", held) == ["2015"]
    assert unjudged_years("What was the 2014 grade?", held) == ["2014"]
    assert unjudged_years("What grade did it get in 2016?", held) == []
    assert unjudged_years("What grade did it get in its March 2017 report?", held) == []
    assert unjudged_years("What grade did it get, and what has improved since 2015?", held) == []
    assert unjudged_years("Has its grade improved since its 2015 inspection?", held) == []  # compared with
    assert unjudged_years("What grade did it get in 2016, following its 2015 inspection?", held) == []
    # an inspection's year is a title's: the 2016 inspection was published in 2017
    assert unjudged_years("What grade did it get in the 2017 PEEL inspection?", held, {"2016"}) == ["2017"]
    assert unjudged_years("What grade did it get in the 2017 inspection report?", held, {"2016"}) == []
    assert unjudged_years("What grade did it get in its 2016 effectiveness inspection?", held, {"2016"}) == []


def test_held_years_come_from_titles_and_covers(engine):
    assert engine.held_years == {"2016", "2017"}  # "PEEL: Police effectiveness 2016", published March 2017


def test_a_grade_for_a_year_the_report_does_not_judge_is_not_covered(engine):
    assert not engine.ask("What grade did West Mercia get for investigating crime in 2014?").answerable
    assert engine.ask("What grade did West Mercia get in its March 2017 PEEL report?").answerable
    assert not engine.ask("What grade did West Mercia get in the 2017 PEEL effectiveness inspection?").answerable
    assert engine.ask("What grade did West Mercia get for investigating crime in 2016?").answerable


def test_which_force_ranks_highest_is_not_covered(engine):
    from qa.scope import ranks_forces
    assert ranks_forces("Which force recorded the highest burglary rate?")
    assert ranks_forces("Which forces have the fewest organised crime groups?")
    assert ranks_forces("Which force had the biggest fall in anti-social behaviour?")
    assert ranks_forces("Which forces were in the top 25 percent for charges?")
    assert not ranks_forces("Which forces could not supply arrest data?")
    assert not ranks_forces("Is West Mercia's use of community resolution among the lowest?")
    assert not ranks_forces("Which force does West Mercia work with most closely?")
    assert not ranks_forces("Which has the lowest rate, West Mercia or England and Wales?", {"west mercia"})
    assert not engine.ask("Which force had the lowest use of community resolution for domestic abuse?").answerable


def test_unknown_names_are_capitalised_words_inside_a_sentence_and_unused_numbers():
    from qa.scope import unknown_names, vocabulary
    vocab = vocabulary(["Calls per 1,000 population in England and Wales, 2016."])
    assert unknown_names("What was the 2019 rate in Herefordshire?", vocab) == ["2019", "Herefordshire"]
    assert unknown_names("calls per 1000 people", vocab) == []  # "1,000" typed without its comma
    assert unknown_names("In plain English, what is this model?", vocab) == []  # a language, no name
    assert unknown_names("Which Act of Parliament set it up?", vocab) == []
    assert unknown_names("Is it ready for an England-style attack?", vocab) == []  # "England" is known
    assert unknown_names("Is it ready for a Kent-style attack?", vocab) == ["Kent-style"]
    # a capital that starts a sentence names nothing; one inside a sentence or brackets does
    assert unknown_names("Is it low? Roughly how many per 1,000 population?", vocab) == []
    assert unknown_names("Headline figure please. Calls in England (Shropshire)", vocab) == ["Shropshire"]
    assert unknown_names("What share of calls were TICs?", vocab) == []  # a plural abbreviation, like "ASB"


def test_a_keyword_query_with_a_number_typed_another_way_is_answered(engine):
    result = engine.ask("calls for assistance per 1000 population")
    assert result.answerable and result.figures and result.figures[0].label == "Calls for assistance"


def test_a_grade_question_in_the_words_of_a_judgments_sections_gets_that_judgment(engine):
    """"Firearms attack" is a heading under the specialist capabilities judgment, not in its question;
    "domestic abuse" one under the vulnerability judgment."""
    got = engine.ask("Is the force good at responding to a terrorist firearms attack?").figures[0]
    assert "specialist capabilities" in got.title and got.values["West Mercia Police"] == "Ungraded"
    assert "vulnerable" in engine.ask("grade for domestic abuse").figures[0].title
    # the area words come from each judgment's own headings: "domestic" is the vulnerability judgment's only
    owners = [engine.data.figures[i].title for i, words in engine.grades.area_of.items() if "domest" in words]
    assert len(owners) == 1 and "vulnerable" in owners[0]


def test_other_inspections_are_those_a_report_lists_beside_its_own():
    from qa.scope_grades import other_inspections
    texts = ["Reports on the force's efficiency, legitimacy and leadership inspections are available.",
             "our national reports on police effectiveness, efficiency and legitimacy."]
    others = other_inspections(texts, judged={"effectiveness"})
    assert {"efficiency", "legitimacy", "leadership"} <= others and "effectiveness" not in others


def test_only_another_inspection_qualifying_a_grade_is_unjudged(engine):
    """A word before "grade" that names no inspection the report points to elsewhere qualifies a held grade."""
    from qa.scope_grades import unjudged_qualifiers
    for question in ["West Mercia prevention pillar grade 2016", "investigation and reoffending judgment west mercia",
                     "What was the headline rating?", "Did West Mercia get an inadequate grade for safeguarding?"]:
        assert unjudged_qualifiers(question, engine.judged, engine.others) == []
    assert unjudged_qualifiers("West Mercia leadership inspection grade", engine.judged, engine.others) == ["leadership"]
    result = engine.ask("investigation and reoffending judgment west mercia")
    assert result.answerable and result.figures[0].values["West Mercia Police"] == "Good"
    assert "investigating" in result.figures[0].label


def test_a_grade_qualifier_counts_as_judged_by_its_stem(engine):
    """"vulnerability judgment" qualifies the judgment on protecting the vulnerable; "legitimacy
    grade" names an inspection this index does not hold."""
    from qa.scope_grades import unjudged_qualifiers
    others = engine.others
    assert unjudged_qualifiers("PEEL 2016 vulnerability judgment for West Mercia", engine.judged, others) == []
    assert unjudged_qualifiers("What was the force's legitimacy grade?", engine.judged, others) == ["legitimacy"]
    result = engine.ask("PEEL 2016 vulnerability judgment for West Mercia")
    assert result.answerable and result.figures[0].values["West Mercia Police"] == "Good"
    assert "vulnerable" in result.figures[0].label


def test_a_matched_row_the_body_restates_in_words_puts_that_passage_first_then_the_row(engine):
    """"increased by 13.4 percent …. This is compared with an increase of 7.8 percent …" says in words
    what the Force in numbers row says in cells: that passage comes first, the row's next."""
    result = engine.ask("What was the percentage rise in recorded crime in West Mercia in the year to June 2016?")
    assert result.figures[0].values == {"West Mercia Police": 13.4, "England and Wales": 7.8}
    assert "increased by 13.4 percent" in result.passages[0].chunk.text
    assert any(p.chunk.id == result.figures[0].chunk for p in result.passages[1:3])


def test_restatements_need_every_number_in_a_sentence_and_the_next():
    from qa.linking import _in_two_sentences

    text = "Crime rose by 13.4 percent. This compares with 7.8 percent nationally. Other things: 2.5 percent."
    assert _in_two_sentences(text, {"13.4", "7.8"})
    assert not _in_two_sentences(text, {"13.4", "2.5"})  # two sentences apart


def test_which_area_has_a_named_grade_and_a_second_sentence_asking_last_years():
    from qa.intent import asks_earlier, grades_named

    assert grades_named("Which area still requires improvement?") == {"requires improvement"}
    assert grades_named("Which pillars did the force fall short on?") == {"requires improvement"}
    assert grades_named("Which part did the inspectors mark down as needing to improve?") == {"requires improvement"}
    assert grades_named("Which part did the overall judgment say still needs improving?") == {"requires improvement"}
    assert grades_named("Which area did inspectors say still needs to get better?") == {"requires improvement"}
    assert grades_named("Does investigation require improvement?") == set()  # not "which area"
    assert grades_named("Which area was judged good?") == set()  # "good" is said of far more than grades
    assert asks_earlier("Has it got better since the previous inspection? What was it rated last time?")
    assert not asks_earlier("Has it got better since the previous inspection?")
    assert asks_earlier("Has it got better since last year, and what had it been rated then?")  # a second ask
    assert asks_earlier("How was it rated in the previous year's inspection - was it better than now?")
    assert asks_earlier("Is this grade better than what the force got the previous year?")  # the earlier grade named
    assert not asks_earlier("Did the force's grade go up compared with the previous year?")


def test_which_part_asks_for_an_area_and_the_weakest_one():
    from qa.intent import asks_lowest, asks_which_area

    assert asks_which_area("Which part of its work is still marked down, despite the overall good rating?")
    assert asks_which_area("In what areas did the force do well?")
    assert not asks_which_area("Which grade did the force get overall?")
    assert asks_lowest("Which area is its weak spot?") and asks_lowest("Which part lets the force down?")
    assert asks_which_area("Is there any part of the job where they're still not up to scratch?")
    assert asks_lowest("Is any part still not up to scratch?")
    assert not asks_lowest("Which area was judged good?")


def test_gradechoice_knows_the_overall_judgment_and_the_lowest_area_grade(engine):
    grades = engine.grades
    overall = [i for i in range(len(engine.data.figures)) if grades.overall[i] and not grades.earlier[i]]
    assert len(overall) == 1 and engine.data.figures[overall[0]].values["West Mercia Police"] == "Good"
    area_grades = {engine.data.figures[i].values["West Mercia Police"] for i in grades.area_of if not grades.overall[i]}
    assert grades.lowest == min((g.lower() for g in area_grades if g.lower() in SCALE), key=SCALE.index)
    assert grades.overall_of(next(iter(grades.area_of))) == overall[0]


@pytest.mark.parametrize("question", ["Which part of its work is the force still marked down on, despite its overall good grade?",
                                      "Which aspect of the force's work was rated weakest by the inspectors?"])
def test_which_area_despite_the_overall_grade_gets_the_weakest_area(engine, question):
    result = engine.ask(question)
    assert result.figures and not engine.grades.overall[engine.data.figures.index(result.figures[0])]
    assert result.figures[0].values["West Mercia Police"].lower() == engine.grades.lowest


def test_which_area_requires_improvement_gets_that_judgment(engine):
    figures = engine.ask("Which part of the force's work did HMIC say requires improvement?").figures
    assert figures and figures[0].values["West Mercia Police"] == "Requires improvement"


@pytest.mark.parametrize("question, asks", [("What is THRIVE that the police keep mentioning?", True),
                                            ("What is MASH used for?", True),
                                            ("What is the force doing about it?", False),
                                            ("What is the ASB rate?", False)])
def test_what_is_an_abbreviation_asks_for_a_definition(question, asks):
    from qa.intent import asks_for_definition
    assert asks_for_definition(question) is asks
