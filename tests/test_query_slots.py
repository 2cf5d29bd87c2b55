"""The typed query, slot by slot: each extractor on its own, then paraphrases (five wordings of one
question give one query), then the answers those queries lead to on the shipped library."""

from __future__ import annotations

import pytest

from rag.domain.gazetteer import gazetteer
from rag.domain.places import outside_england, unknown_council
from rag.domain.regions import regions_in
from rag.query import understand
from rag.understanding import Intent, Measure, Operation, build_query, slots_of
from rag.understanding.slots import change_asked, unit_asked


# --- one extractor at a time ------------------------------------------------------------------------

@pytest.mark.parametrize("text, regions", [
    ("South East councils that require improvement to be good", ["South East"]), ("councils in the south-east", ["South East"]),
    ("London boroughs rated good", ["London"]), ("which LAs in the capital are outstanding", ["London"]),
    ("West Mids authorities", ["West Midlands"]), ("the North West's inadequate councils", ["North West"]),
    ("Yorkshire and the Humber", ["Yorkshire and the Humber"]), ("outstanding in the East of England", ["East of England"]),
    ("councils in the NW", ["North West"]), ("North East Lincolnshire", []),
])
def test_regions_in_other_words(text, regions):
    for word in gazetteer().find_in_question(text)[1]:
        text = text.replace(word, " ")  # as the query does: an authority's name is not a region
    assert regions_in(text) == regions


@pytest.mark.parametrize("text, place", [("What grade did Glasgow get?", "Scotland"), ("how is cardiff rated", "Wales"),
                                         ("Belfast children's services", "Northern Ireland"), ("Ofsted rating for Swansea", "Wales")])
def test_places_outside_england(text, place):
    assert outside_england(text)[1] == place


@pytest.mark.parametrize("text, found", [("Narnia District Council rating", "Narnia"), ("the Borough of Gondor", "Gondor"),
                                         ("Is Leeds City Council good?", None), ("What did Hackney Council say?", None),
                                         ("which Council is best", None)])
def test_councils_the_gazetteer_does_not_know(text, found):
    assert unknown_council(text) == found


@pytest.mark.parametrize("text, expected", [
    ("whats the latest on north northants", ["North Northamptonshire"]), ("kent CC children's services grade?", ["Kent"]),
    ("dates of derby's latest inspection?", ["Derby"]), ("I was reading about care leavers", []), ("grades in derby", ["Derby"]),
])
def test_authority_names_as_people_type_them(text, expected):
    assert gazetteer().find_in_question(text)[0] == expected


@pytest.mark.parametrize("text, direction, before, after", [
    ("which councils went from inadequate to good or outstanding", "improved", ("inadequate",), ("good", "outstanding")),
    ("who dropped from good all the way to inadequate?", "declined", ("good",), ("inadequate",)),
    ("which councils stayed inadequate?", "same", ("inadequate",), ("inadequate",)),
    ("inadequate and then inadequate again at the next inspection", "same", ("inadequate",), ("inadequate",)),
    ("has Leeds improved since its previous inspection?", "improved", (), ()),
    ("have they gone downhill since the last inspection?", "declined", (), ()),
    ("better or worse than last time?", None, (), ()),
])
def test_change_asked(text, direction, before, after):
    c = change_asked(text.lower())
    assert (c.direction, c.from_grades, c.to_grades) == (direction, before, after)


def test_what_is_counted_and_what_a_date_means():
    reports = slots_of("How many reports were published in 2023?")
    assert (reports.operation, reports.counted, reports.basis) == (Operation.COUNT, "reports", "published")
    councils = slots_of("North West councils rated inadequate - how many?")
    assert (councils.operation, councils.counted, councils.basis) == (Operation.COUNT, "authorities", "inspected")
    assert slots_of("no. of reports published in March 2016?").operation is Operation.COUNT
    assert slots_of("how many inspections has Anna Gravelle led?").counted == "reports"


@pytest.mark.parametrize("text, measure", [
    ("How did the 2019 inspection rate Leeds?", Measure.GRADE), ("what mark did Leeds get", Measure.GRADE),
    ("where does kirklees stand with ofsted these days", Measure.GRADE), ("how did inspectors judge devon in 2020", Measure.GRADE),
    ("what did hackney get for care leavers?", Measure.GRADE), ("what is the rate of re-referrals?", Measure.NUMBER),
    ("who wrote it?", Measure.LEAD_INSPECTOR), ("what must Luton do better?", Measure.IMPROVE),
    ("when did ofsted inspect bromley most recently?", Measure.DATES),
])
def test_measure_in_other_verbs(text, measure):
    assert slots_of(text).measure is measure


def test_unit_of_a_number():
    assert unit_asked("how much did Buckinghamshire spend in 2022?") == "money"
    assert unit_asked("what percentage of children were seen?") == "percent"
    assert unit_asked("how many children were adopted?") == "count"


# --- five wordings, one query -------------------------------------------------------------------------

def _key(question: str) -> tuple:
    q = build_query(understand(question, this_year=2026), [])
    c = q.subject.change
    s = q.selection
    # One authority's change is told as it happened, whichever way the question leans; a list selects by it.
    asked = c and ((c.direction, c.from_grades, c.to_grades) if q.intent is Intent.CHANGE_LIST else True)
    return (q.intent, tuple(q.authorities), q.judgement, asked,
            s and (tuple(s.grades), tuple(s.regions), s.basis, tuple(s.years)))


@pytest.mark.parametrize("phrasings", [
    ["Has Leeds improved since its previous inspection?", "Did Leeds get better at its last inspection compared with the one before?",
     "leeds - better or worse than last time?", "Is Leeds on the up since the previous inspection?",
     "How has Leeds changed since its previous inspection?"],
    ["Which councils went from inadequate to good?", "List the LAs that moved from inadequate to good.",
     "Councils that improved from inadequate to good", "which authorities have gone from inadequate to good?",
     "show me the councils that went from being inadequate to good"],
    ["Which South East councils require improvement to be good?", "South East councils that require improvement to be good",
     "list the RI councils in the south-east", "Which local authorities in the South East are rated requires improvement?",
     "show me councils in the SE judged requires improvement"],
    ["What grade did Glasgow get?", "How is Glasgow rated by Ofsted?", "glasgow children's services rating",
     "Has Ofsted inspected Glasgow?", "What did inspectors find in Glasgow?"],
])
def test_five_wordings_give_one_query(phrasings):
    keys = {_key(q) for q in phrasings}
    assert len(keys) == 1, keys


@pytest.mark.parametrize("question, intent", [
    ("How many reports were published in 2023?", Intent.COUNT), ("Which councils declined at their last inspection?", Intent.CHANGE_LIST),
    ("is Barnsley going up or down", Intent.GRADE_HISTORY), ("tell me about solihull's latest inspection", Intent.GRADE),
    ("What did Ofsted praise about care leavers in councils rated outstanding?", Intent.FINDINGS),
    ("Narnia District Council rating", Intent.NOT_COVERED), ("has early help improved in Leeds?", Intent.COMPARE_YEARS),
])
def test_intents(question, intent):
    assert build_query(understand(question), []).intent is intent


@pytest.mark.parametrize("question", [
    "york - improvement from their 2022 ILACS or not?", "is rochdale still RI or did it move?",
    "How does Havering's most recent outcome compare with the one before it?", "has bury got any better since the 2021 ofsted?",
    "Halton CSC - up or down at the last inspection compared with 2020", "has derby budged since the previous inspection?",
    "was sefton's latest verdict higher than the previous one?",
])
def test_a_change_in_any_words_is_a_change(question):
    """The shape, not the phrase: a word of movement or comparison, and a second inspection to hold it against."""
    assert build_query(understand(question), []).intent is Intent.CHANGE


@pytest.mark.parametrize("question", [
    "birmingham inspection history, in order please", "Lancashire: sequence of inspection outcomes, oldest first",
    "halton - trend across every inspection?", "Is Newham on an upward trajectory over all its Ofsted inspections?",
    "every grade hull has had, one after the other", "tell me every grade newham has had, oldest to newest",
    "give me newham's full run of judgements",
])
def test_a_history_in_any_words_is_the_grades_over_time(question):
    assert build_query(understand(question), []).intent is Intent.GRADE_HISTORY


@pytest.mark.parametrize("question", ["has early help improved in Leeds since 2019?", "are return home interviews better than in 2018 in hull?",
                                      "has derby's private fostering changed since the last inspection?"])
def test_a_change_in_a_topic_stays_with_the_findings(question):
    assert build_query(understand(question), []).intent is Intent.COMPARE_YEARS


# --- on the shipped library --------------------------------------------------------------------------

def test_change_is_told_judgement_by_judgement_with_both_lines(shipped):
    answer = shipped.assistant.ask("Has Buckinghamshire improved since its previous inspection?")
    assert answer.plan["intent"] == "change"
    cited = {c.document for c in answer.citations}
    assert cited == {"ofsted-report-2022-02-11-buckinghamshire.pdf", "ofsted-report-2025-05-14-buckinghamshire.pdf"}
    assert "stayed requires improvement" in answer.text and "children in care improved" in answer.text


def test_a_follow_up_keeps_its_inspection(shipped):
    from rag.assistant import Conversation

    c = Conversation()
    shipped.assistant.ask("When was the 2022 inspection?", conversation=c)
    improve = shipped.assistant.ask("What needed to improve?", conversation=c)
    assert {x.document for x in improve.citations} == {"ofsted-report-2022-02-11-buckinghamshire.pdf"}
    than = shipped.assistant.ask("was that better or worse than 2018?", conversation=c)
    assert {x.document for x in than.citations} == {"ofsted-report-2018-01-29-buckinghamshire.pdf", "ofsted-report-2022-02-11-buckinghamshire.pdf"}
    assert "improved to requires improvement, from inadequate," in than.text


@pytest.mark.parametrize("question", ["What grade did Glasgow get?", "How is Cardiff doing?", "Narnia District Council rating"])
def test_places_the_library_cannot_hold_get_no_other_councils_answer(shipped, question):
    answer = shipped.assistant.ask(question)
    assert answer.refused and answer.text.startswith("The library holds no reports for") and not answer.citations


@pytest.mark.parametrize("question", ["How much did Buckinghamshire spend in 2022?",
                                      "How many adoptions were there in the 12 months before the 2017 inspection?",
                                      "How many agency social workers was Bucks using in 2017?"])
def test_no_number_leads_from_an_unrelated_clause(shipped, question):
    import re

    answer = shipped.assistant.ask(question)
    assert not re.match(r"\s*(?:£?\d|one|two|three|four|five|six|seven|eight|nine|ten|twelve|forty)\b", answer.text, re.I), answer.text[:120]


@pytest.mark.parametrize("question, opening", [
    ("What grade did Glasgow get?", "The library holds no reports for Glasgow"),
    ("What grade did Wakanda get?", "The library holds no reports for Wakanda"),
    ("How is Derbyshire rated?", "The library holds no reports for Derbyshire"),  # English, but not in this library
    ("What grade did the 2019 inspection give?", "Which local authority do you mean?"),
])
def test_one_authority_questions_never_answer_for_another(many_authorities, question, opening):
    answer = many_authorities.assistant.ask(question)
    assert answer.refused and answer.text.startswith(opening) and not answer.citations


def test_change_across_frameworks_and_2026(many_authorities):
    ask = many_authorities.assistant.ask
    blackpool = ask("Has Blackpool improved since its previous inspection?")
    assert blackpool.plan["intent"] == "change" and "no overall grade" in blackpool.text and len({c.doc_id for c in blackpool.citations}) == 2
    now = ask("What is Blackpool's overall grade now?")
    assert "gives no overall effectiveness grade" in now.text and "The overall grade last given was" in now.text
    listed = ask("Which councils are currently rated requires improvement?")
    assert "Blackpool" not in {row["authority"] for row in listed.table} and "Not counted: Blackpool" in listed.text


def test_typos_in_slot_words_are_repaired_but_words_are_not_changed():
    from rag.understanding.slots import respell

    assert respell("what were the recomendations then? since the 2020 inspeciton") == \
        "what were the recommendations then? since the 2020 inspection"
    assert respell("what did the council say about improvements") == "what did the council say about improvements"


@pytest.mark.parametrize("text, direction, before, after", [
    ("which councils went good -> outstanding at their latest inspection", "improved", ("good",), ("outstanding",)),
    ("any council judged inadequate twice in a row?", "same", ("inadequate",), ("inadequate",)),
    ("councils that were rated good before but dropped to requires improvement or inadequate", "declined", ("good",),
     ("requires improvement", "inadequate")),
])
def test_changes_asked_in_other_shapes(text, direction, before, after):
    c = change_asked(text.lower())
    assert (c.direction, c.from_grades, c.to_grades) == (direction, before, after)


def test_selections_in_other_words():
    from rag.understanding.slots import grades_asked

    assert grades_asked("which las are good or better at the moment") == ("outstanding", "good")
    assert grades_asked("ri or worse") == ("requires improvement", "inadequate")
    ungraded = build_query(understand("which councils got no overall effectiveness grade at their latest inspection?"), [])
    assert ungraded.intent is Intent.LIST and ungraded.selection.ungraded and ungraded.selection.latest
    regional = build_query(understand("NW: children in care judged outstanding at most recent inspection - who?"), [])
    assert regional.intent is Intent.LIST and regional.selection.judgement == "in_care" and regional.selection.regions == ["North West"]
    assert build_query(understand("derby vs its stat neighbours - latest grades"), []).subject.neighbours_of == "Derby"


def test_joint_lead_inspectors():
    from rag.metadata import infer_lead_inspector
    from rag.records.table import same_inspector

    text = "Lead inspectors: Rebecca Quested, His Majesty’s Inspector, and Matthew Reed, His Majesty’s Inspector\n\nJudgement"
    assert infer_lead_inspector(text) == "Rebecca Quested and Matthew Reed"
    assert same_inspector("Rebecca Quested and Matthew Reed", "Matthew Reed") and not same_inspector("Tom Anthony", "Matthew Reed")


def test_a_comparison_comes_with_a_table(many_authorities):
    answer = many_authorities.assistant.ask("How does Leeds compare with its statistical neighbours?")
    assert answer.plan["intent"] == "compare_authorities" and answer.table[0]["authority"] == "Leeds"
    assert all(row["citations"] for row in answer.table)


@pytest.mark.parametrize("text, expected", [("RBKC 2016 lead inspector", ["Kensington and Chelsea"]), ("how is LBBD doing", ["Barking and Dagenham"]),
                                            ("B&NES latest grade", ["Bath and North East Somerset"]), ("H&F vs K&C", ["Hammersmith and Fulham", "Kensington and Chelsea"]),
                                            ("what did OFSTED say about CSC in the NHS", [])])
def test_initialisms_staff_use(text, expected):
    assert gazetteer().find_in_question(text)[0] == expected


@pytest.mark.parametrize("question, any_pair", [("councils rated inadequate at two inspections in a row?", True),
                                                ("which LAs were judged good twice running?", True),
                                                ("Which authorities have been outstanding at both of their last two inspections?", False),
                                                ("councils that stayed RI at their latest inspection", False)])
def test_in_a_row_means_any_two_consecutive_inspections(question, any_pair):
    q = build_query(understand(question), [])
    assert q.intent is Intent.CHANGE_LIST and q.subject.change.direction == "same" and q.subject.change.any_pair is any_pair


@pytest.mark.parametrize("question, judgement", [("Slough 2023 impact of leaders", "impact_of_leaders"), ("Doncaster care leavers, 2025?", "care_leavers"),
                                                 ("north northants h&p judgement, most recent report", "help_and_protection"),
                                                 ("leeds CLA grade", "in_care")])
def test_a_judgement_named_alone_is_its_grade(question, judgement):
    q = build_query(understand(question), [])
    assert q.intent is Intent.GRADE and q.judgement == judgement


@pytest.mark.parametrize("question, basis", [
    ("how many inspections actually took place in 2020 (regardless of when published)?", "fieldwork"),
    ("reports published in january 2023 - i mean publication date, not when the inspectors visited", "published"),
    ("which councils were inspected in 2022?", "fieldwork"), ("councils rated good in 2019", "inspected"),
    ("how many reports came out in 2024?", "published"), ("not the publication date: which were on site in 2019", "fieldwork"),
])
def test_what_a_date_means_with_publication_set_aside(question, basis):
    assert slots_of(question.lower()).basis == basis


@pytest.mark.parametrize("question, first", [("Since the start of 2022, how many reports were published?", 2022),
                                             ("from early 2023 onwards, which councils were inspected?", 2023),
                                             ("since the beginning of 2021 how many inadequate?", 2021), ("from 2020 onwards", 2020)])
def test_since_the_start_of_a_year_runs_to_today(question, first):
    years = understand(question).years
    assert years[0] == first and years[-1] >= 2026


@pytest.mark.parametrize("question, grades", [
    ("in the south west, which councils are NOT good or better right now?", ("requires improvement", "inadequate")),
    ("north-west LAs that aren't rated good or outstanding at the moment", ("requires improvement", "inadequate")),
    ("Yorkshire and Humber LAs currently judged good (not outstanding)", ("good",)),
    ("which councils are below good in london?", ("requires improvement", "inadequate")),
    ("councils rated above requires improvement", ("outstanding", "good")),
    ("councils that are not inadequate", ("outstanding", "good", "requires improvement")),
])
def test_grades_set_aside_or_beyond(question, grades):
    q = build_query(understand(question), [])
    assert q.intent is Intent.LIST and tuple(q.selection.grades) == grades


@pytest.mark.parametrize("question, intent", [
    ("Can you walk me through Luton's overall judgements at each inspection in the library?", Intent.GRADE_HISTORY),
    ("I'm writing a piece on Darlington - how have inspectors rated it each time, in chronological order?", Intent.GRADE_HISTORY),
    ("For a briefing note I need to know whether Halton's overall judgement moved between its two most recent inspections", Intent.CHANGE),
    ("quick question for scrutiny committee: what is leeds rated?", Intent.GRADE),
    ("I'm a trainee looking at york - has it improved since its previous inspection?", Intent.CHANGE),
])
def test_the_wrapper_of_a_request_is_not_its_topic(question, intent):
    assert build_query(understand(question), []).intent is intent


@pytest.mark.parametrize("text, expected", [("NE Lincs", ["North East Lincolnshire"]), ("N Yorks grade", ["North Yorkshire"]),
                                            ("W Berks", ["West Berkshire"]), ("Yorkshire and Humber councils", [])])
def test_directions_shortened(text, expected):
    assert gazetteer().find_in_question(text)[0] == expected


@pytest.mark.parametrize("question", ["Did NE Lincs manage to get out of inadequate at its latest inspection?",
                                      "Cornwall kept its top grade in 2024, right? or did it slip compared with 2019",
                                      "Leicester - what happened to the overall grade between the 2021 report and the most recent one?",
                                      "has cheshire west & chester gone backwards since ofsted's 2019 visit?",
                                      "is sefton no longer inadequate?", "is york's current rating higher than in 2022?",
                                      "did york get better or worse after its 2022 ilacs?"])
def test_more_changes_by_their_shape(question):
    assert build_query(understand(question), []).intent is Intent.CHANGE


@pytest.mark.parametrize("question, intent", [("Why did Bucks get outstanding in 2025?", Intent.GRADE),
                                              ("why was leeds downgraded to good in 2025?", Intent.CHANGE),
                                              ("why did leeds get outstanding in 2025?", Intent.FINDINGS)])
def test_a_premise_the_records_contradict_gets_the_record(many_or_shipped_records, question, intent):
    q = build_query(understand(question), many_or_shipped_records)
    assert q.intent is intent


@pytest.fixture
def many_or_shipped_records():
    """Two authorities' inspections as records, hand-made from their reports' judgement tables."""
    from rag.records.model import InspectionRecord

    def record(la, start, overall):
        return InspectionRecord(doc_id=f"{la}-{start}", document=f"{la}-{start}.pdf", local_authority=la, kind="standard", inspection_start=start,
                                inspection_end=start, published=start, lead_inspector=None, grades={"overall": overall})
    return [record("Buckinghamshire", "2025-01-27", "requires improvement"), record("Buckinghamshire", "2022-01-10", "requires improvement"),
            record("Leeds", "2022-02-21", "outstanding"), record("Leeds", "2025-06-30", "outstanding")]
