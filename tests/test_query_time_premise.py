"""Slots added for questions the earlier ones missed, each checked in five or more wordings: times finer
than a year, the best- and worst-graded, inspectors ranked, premises the records contradict, and
follow-ups that name a new council, only a subject, or no place at all."""

from __future__ import annotations

from datetime import date

import pytest

from rag.assistant import Conversation
from rag.query import understand
from rag.understanding import Intent, Measure, Operation, build_query, slots_of
from rag.understanding.follow_ups import resolve_follow_up
from rag.understanding.query import Premise
from rag.understanding.slots import extreme_of, judgement_extreme
from rag.understanding.time_span import span_in

TODAY = date(2026, 12, 1)


@pytest.mark.parametrize("text, first, last", [
    ("reports published between march and may 2025", "2025-03-01", "2025-05-31"),
    ("inspected from nov 2024 to feb 2025", "2024-11-01", "2025-02-28"),
    ("published in the autumn of 2025", "2025-09-01", "2025-11-30"),
    ("councils inspected in winter 2024", "2023-12-01", "2024-02-29"),
    ("which reports came out in q3 2024", "2024-07-01", "2024-09-30"),
    ("the first half of 2023", "2023-01-01", "2023-06-30"),
    ("anything published in the past six months", "2026-06-01", "2026-12-01"),
    ("reports released in the last 3 months", "2026-09-01", "2026-12-01"),
    ("inadequate councils published since march 2024", "2024-03-01", "2026-12-01"),
    ("reports out last month", "2026-11-01", "2026-11-30"),
])
def test_spans_of_time_finer_than_a_year(text, first, last):
    span = span_in(text, TODAY)
    assert span is not None and span.iso == (first, last)


@pytest.mark.parametrize("text", ["published in 2025", "in march 2025", "the 12 months before the 2017 inspection", "since 2020"])
def test_a_year_or_one_month_is_not_a_span(text):
    assert span_in(text, TODAY) is None


@pytest.mark.parametrize("text, extreme, of_judgements", [
    ("which of those is rated highest?", "highest", False), ("best-rated council in the north west", "highest", False),
    ("which london council is the worst rated?", "lowest", False), ("what was the weakest judgement?", "lowest", True),
    ("what was luton's strongest area at its latest inspection?", "highest", True),
    ("which judgement was worst in bury's 2025 report?", "lowest", True), ("what did ofsted say about best practice?", "", False),
])
def test_the_best_and_worst_graded(text, extreme, of_judgements):
    assert extreme_of(text) == extreme and judgement_extreme(text) == of_judgements


@pytest.mark.parametrize("question", [
    "Which inspector led the most inspections in the library?", "Who has led the most inspections?", "Most prolific lead inspector?",
    "Which HMI has done the most ILACS inspections here?", "Top lead inspectors by number of inspections",
    "How many inspections did each lead inspector lead?",
])
def test_inspectors_ranked_in_other_words(question):
    assert build_query(understand(question), []).intent is Intent.LEAD_TALLY


@pytest.mark.parametrize("question", [
    "What did inspectors want Halton to work on at its latest inspection?", "List the improvement actions Ofsted set for Hull in 2023",
    "What did Ofsted ask Luton to focus on next?", "Which improvement points did the 2022 Luton report set?",
    "Things Halton was told it must tackle in 2024", "What actions did inspectors set out for Solihull?",
    "What should Halton prioritise according to the 2024 report?",
])
def test_what_to_improve_in_other_words(question):
    assert slots_of(question).measure is Measure.IMPROVE


@pytest.mark.parametrize("question", [
    "Talk me through Solihull's Ofsted grades from first to last", "How has Hull fared across its inspections?",
    "How did Bury do inspection by inspection?", "Every Ofsted outcome Hull has had", "Solihull across all its inspections",
    "Give me Halton's record across the years",
])
def test_a_whole_history_in_other_words(question):
    assert slots_of(question).operation is Operation.TREND


@pytest.mark.parametrize("question", ["Bury has been good since 2021, hasnt it?", "Bury's been good since 2021, hasn't it?",
                                      "Bury has been good since 2021 hasn't it"])
def test_contractions_typed_with_or_without_the_apostrophe(question):
    assert build_query(understand(question), []).intent is Intent.GRADE_HISTORY


def test_a_premise_is_noted_only_where_the_record_differs():
    p = Premise(("outstanding",), "overall", "Steve Bailey")
    assert p.grade_note("Good") == " (not the grade the question assumes)" and p.grade_note("Outstanding") == ""
    assert p.lead_note("Victoria Horsefield") == "Not the inspector the question names: " and p.lead_note("steve bailey") == ""


def test_follow_ups_new_council_bare_subject_and_no_place():
    history = understand("Timeline of Bury's overall judgements")
    new = resolve_follow_up("Did Solihull get better at its most recent inspection compared with 2022?", history)
    assert not new.inherited and new.local_authorities == ["Solihull"] and new.intent is Intent.CHANGE
    led = understand("Who led Leeds' 2022 inspection?")
    bare = resolve_follow_up("Luton 2020?", led)
    assert bare.intent is Intent.WHO_LED and bare.local_authorities == ["Luton"] and bare.years == [2020]
    rated = understand("What was Luton rated in 2022?")
    placeless = resolve_follow_up("who led that 2020 one?", rated)
    assert placeless.intent is Intent.WHO_LED and placeless.local_authorities == ["Luton"] and placeless.years == [2020]
    nxt = resolve_follow_up("how did it go the next time?", understand("How did Halton do in 2020?"))
    assert nxt.refers == "next_focus" and nxt.intent is Intent.GRADE
    later = resolve_follow_up("and four years later?", understand("What was Bucks rated in 2018?"))
    assert later.refers == "next_focus"


def test_premises_and_follow_ups_on_the_shipped_library(shipped):
    ask = shipped.assistant.ask
    never = ask("Was Buckinghamshire ever outstanding?")
    assert never.text.startswith("No. Buckinghamshire’s overall effectiveness over time") and "requires improvement (2025)" in never.text
    now = ask("Is Buckinghamshire outstanding?")
    assert now.text.startswith("Requires improvement (not the grade the question assumes).") and now.citations
    assert "outstanding" not in now.text.lower()
    led = ask("Margaret Burke led the 2025 Buckinghamshire inspection, didn't she?")
    assert led.text.startswith("Not the inspector the question names: Nick Bennison led") and "Margaret Burke" not in led.text
    conversation = Conversation()
    ask("What was Bucks rated in 2018?", conversation=conversation)
    later = ask("and four years later?", conversation=conversation)
    assert later.text.startswith("Requires improvement.") and "2021" in later.text
    change = ask("was that an improvement?", conversation=conversation)
    assert "improved to requires improvement, from inadequate," in change.text
    last = ask("When did Ofsted last visit Buckinghamshire?")
    assert last.text.startswith("27 January–7 February 2025")
    weakest = ask("What was the weakest judgement at the 2025 inspection?")
    assert weakest.text.startswith("The weakest judgement") and weakest.citations


@pytest.mark.parametrize("sentence, topic, lead", [
    ("Almost half of Croydon’s 760 children looked after cohort are unaccompanied asylum-seeking children.", "unaccompanied asylum-seeking children", None),
    ("Croydon looks after 760 children, of whom 380 are unaccompanied asylum-seeking children.", "unaccompanied asylum-seeking children", "380"),
    ("Most of the 40 care leavers live in suitable accommodation.", "care leavers", None),
    ("A third of the 90 foster carers were approved this year.", "foster carers", None),
    ("In the last year, 29 children were adopted.", "children adopted", "29"),
    ("Of the 60 care leavers, half live in suitable accommodation.", "care leavers suitable accommodation", None),
    ("Of the 40 children, 12 were adopted.", "children adopted", "12"),
    ("Of its 300 social workers, most are permanent.", "social workers permanent", None),
])
def test_a_number_that_is_the_whole_of_a_part_never_leads(sentence, topic, lead):
    from rag.answer.findings import number_in

    assert number_in(sentence, topic) == lead


@pytest.mark.parametrize("text, direction, before", [
    ("councils that moved up from inadequate", "improved", ("inadequate",)), ("which councils dropped from outstanding?", "declined", ("outstanding",)),
    ("which las climbed out of inadequate in 2024?", "improved", ("inadequate",)), ("who came up from requires improvement?", "improved", ("requires improvement",)),
    ("which authorities slipped down from good?", "declined", ("good",)),
])
def test_a_change_from_a_grade_without_the_grade_it_went_to(text, direction, before):
    from rag.understanding.slots import change_asked

    change = change_asked(text)
    assert change.direction == direction and change.from_grades == before and change.to_grades == ()


def test_a_change_list_at_a_time_and_a_comparison_verdict(many_authorities):
    ask = many_authorities.assistant.ask
    compared = ask("Compare York and Leeds: which is better rated?")
    assert compared.parts[0].text.startswith("York and Leeds are both outstanding for overall effectiveness.") and compared.parts[0].citations
    hull = ask("Hull or Blackpool on help and protection, which is higher?")
    assert hull.parts[0].text.startswith("Kingston upon Hull and Blackpool are both good for the experiences and progress of children who need help")
    worse = ask("Which councils got worse in 2025?")
    assert worse.table is not None and all(row["published"].startswith("2025") or "2025" in row["inspection"] for row in worse.table)


@pytest.mark.parametrize("text, name", [
    ("The inspection team\n\nLead inspector on site: Pietro Battista\n\nReport author: Sean Tarpey", "Pietro Battista"),
    ("Inspection dates: 24 – 28 June 2013\nReporting inspector Christopher Sands HMI\n", "Christopher Sands"),
    ("Lead inspector: Jan Edwards\n", "Jan Edwards"),
    ("Deputy lead inspector: Ann Bee\nLead inspector: Lisa Summers, His Majesty’s Inspector\n", "Lisa Summers"),
])
def test_lead_inspectors_as_each_framework_names_them(text, name):
    from rag.metadata import infer_lead_inspector

    assert infer_lead_inspector(text) == name


@pytest.mark.parametrize("head, start, end, kind", [
    ("Inspection of looked after children services Sandwell", "2013-06-24", "2013-06-28", "older"),
    ("Inspection of services for children in need of help and protection", "2016-01-11", "2016-02-04", "sif"),
    ("Children's services in Leeds are good", "2015-01-20", "2015-02-11", "sif"),
    ("Local authority children's services inspection. The impact of leaders on social work practice", "2019-01-14", "2019-01-25", "standard"),
    ("Local authority children's services inspection. The impact of leaders on social work practice", "2023-09-11", "2023-09-15", "short"),
])
def test_nothing_before_2018_is_an_ilacs_inspection(head, start, end, kind):
    from rag.domain.visits import classify

    assert classify(head, "ofsted_report", start, end) == kind


@pytest.mark.parametrize("question", ["H&F 2016 SIF - who led it?", "2019 Hull inspection, who headed it?", "Luton 2022: who inspected it?"])
def test_who_led_it(question):
    assert slots_of(question).measure is Measure.LEAD_INSPECTOR


@pytest.mark.parametrize("question", ["Did any of the 2026-framework reports rate help and protection as outstanding?",
                                      "Which councils got outstanding for care leavers under the 2026 framework?",
                                      "reports under the reformed framework rated good for leaders"])
def test_the_2026_framework_is_a_framework_not_a_year(question):
    q = build_query(understand(question), [])
    assert q.selection is not None and q.selection.ungraded and q.selection.years == []


@pytest.mark.parametrize("text, regions", [
    ("councils in the Midlands", ["East Midlands", "West Midlands"]), ("northern councils", ["North East", "North West", "Yorkshire and the Humber"]),
    ("which authorities in the south are good?", ["South East", "South West"]), ("North Somerset council", []),
    ("care leavers moving north", []), ("West Midlands councils", ["West Midlands"]),
])
def test_groups_of_regions_named_as_one(text, regions):
    from rag.domain.regions import regions_in

    assert sorted(regions_in(text)) == sorted(regions)


def test_a_conversation_over_one_councils_inspections(shipped):
    ask = shipped.assistant.ask
    conversation = Conversation()
    ask("Was Buckinghamshire's 2022 inspection better than 2018's?", conversation=conversation)
    latest = ask("and the latest compared to 2022?", conversation=conversation)
    assert "between Buckinghamshire’s ILACS standard inspection of 6–17 December 2021" in latest.text and "27 January–7 February 2025" in latest.text
    trend = ask("so what's the trend?", conversation=conversation)
    assert "inadequate (2014), inadequate (2017), requires improvement (2021), requires improvement (2025)" in trend.text
    counted = ask("How many inspections does the library hold for Buckinghamshire?")
    assert counted.text.startswith("4 inspections")
    found = ask("What did Ofsted conclude in 2018?")
    assert found.text.startswith("Inadequate.") and found.citations


def test_a_list_item_is_never_a_heading():
    from rag.chunking import blocks_of

    text = "Information about this local authority area\n\n\uf0be there have been 20 adoptions\n\n• 13 children became subject of orders\n\nin care of the council"
    assert [b.is_heading for b in blocks_of(text)] == [True, False, False, False]


@pytest.mark.parametrize("question, intent", [
    ("Which councils got a worse overall effectiveness grade at their most recent inspection than at the one before it?", Intent.CHANGE_LIST),
    ("Which London boroughs got the same overall grade at their last two inspections?", Intent.CHANGE_LIST),
    ("Calderdale - what overall effectiveness grade came out of the Nov 2018 inspection?", Intent.GRADE),
    ("Surrey came out good in 2025 but what still needs work according to the report?", Intent.IMPROVE),
    ("In the West Berkshire report from autumn 2025, what were inspectors asking the council to get better at?", Intent.IMPROVE),
    ("wandsworth was outstanding in 2026 - was there anything at all to improve?", Intent.IMPROVE),
    ("What grades were given in the reports published in December 2024?", Intent.LIST),
    ("north west - who's currently inadequate?", Intent.LIST),
    ("Hull's inspection track record since 2015 - up, down, what?", Intent.GRADE_HISTORY),
    ("Has Leeds been consistently strong? Show its grade history.", Intent.GRADE_HISTORY),
    ("Derby City and Leicester City are neighbours in the East Midlands - how do their latest overall judgements stack up?", Intent.COMPARE_AUTHORITIES),
])
def test_set_g_shapes_in_their_own_words(question, intent):
    q = build_query(understand(question), [])
    assert q.intent is intent
    if intent is Intent.COMPARE_AUTHORITIES:
        assert q.subject.neighbours_of is None and q.authorities == ["Derby", "Leicester"]


@pytest.mark.parametrize("question", ["Under the 2026 reformed inspections, which councils were judged outstanding for care leavers?",
                                      "help and protection grades under the reformed framework - which LAs got good?"])
def test_the_reformed_framework_in_other_words(question):
    q = build_query(understand(question), [])
    assert q.intent is Intent.LIST and q.selection.ungraded and q.selection.years == [] and q.selection.judgement != "overall"


def test_plain_words_bring_the_reports_words():
    from rag.domain.abbreviations import expand

    assert "accommodation" in expand("where care leavers are living") and "foster carers" in expand("foster parents")
    assert expand("caseloads in Hull") == "caseloads in Hull"


@pytest.mark.parametrize("heading, kind", [("Local leadership", "information"), ("Children looked after in this area", "information"),
                                           ("Information about this local authority area", "information"),
                                           ("Leadership, management and governance", "judgement")])
def test_a_sif_reports_information_headings(heading, kind):
    from rag.domain.sections import kind_of_section

    assert kind_of_section(heading) == kind


def test_a_figure_in_a_list_item_reaches_the_answer(many_authorities):
    """A SIF report's figures are bullets with no full stop ("there have been 20 adoptions"): never dropped as fragments."""
    looked_after = many_authorities.assistant.ask("How many children were looked after by Calderdale at the 2015 inspection?")
    assert looked_after.text.startswith("322.")
    adoptions = many_authorities.assistant.ask("How many adoptions did Calderdale have in the year before its 2015 inspection?")
    # its adopters (45 approved, 19 waiting) and children with an adoption plan (55) are not its adoptions
    assert not adoptions.text[:1].isdigit() or adoptions.text.startswith("21.")


@pytest.mark.parametrize("question, intent", [
    ("York ILACS 2025 v 2022: how big a jump was it?", Intent.CHANGE),
    ("cornwall lost its outstanding rating?? what did it get in 2024", Intent.CHANGE),
    ("Which councils have held onto outstanding across their two most recent inspections?", Intent.CHANGE_LIST),
    ("Barnsley's 2014 inspection was led by which inspector?", Intent.WHO_LED),
    ("cheshire west and chester SIF inspection dates", Intent.WHEN),
    ("What did Ofsted say needed priority and immediate action in Warrington in 2015?", Intent.IMPROVE),
    ("what should Lancashire be working on after the 2026 inspection?", Intent.IMPROVE),
    ("manchester - from 2014 inadequate to now, what happened at each inspection", Intent.GRADE_HISTORY),
])
def test_set_h_shapes_in_their_own_words(question, intent):
    assert build_query(understand(question), []).intent is intent


def test_set_h_answers_on_the_whole_country(many_authorities):
    ask = many_authorities.assistant.ask
    lost = ask("hull lost its requires improvement grade?? what did it get in 2019")  # Hull: RI in 2015, inadequate in 2019
    assert "declined to inadequate, from requires improvement" in lost.text
    history = ask("Blackpool's journey across its inspections in the library?")
    assert "no overall grade (2026 framework) (2026)" in history.text
    conversation = Conversation()
    ask("What grades did Calderdale get in 2024?", conversation=conversation)
    which = ask("which of the judgements wasn't good?", conversation=conversation)
    assert which.text.startswith(("The weakest judgement", "Every judgement of")) and which.citations
    sif = ask("Leeds SIF inspection dates")
    assert sif.text.startswith("20 January–11 February 2015")


@pytest.mark.parametrize("question, every, grades, overall", [
    ("Which councils got outstanding in every single judgement at their latest inspection?", True, ["outstanding"], []),
    ("Which councils are good across the board?", True, ["good"], []),
    ("LAs rated outstanding for all of their judgements", True, ["outstanding"], []),
    ("Which councils were outstanding for children in care but only good overall at their latest inspection?", False, ["outstanding"], ["good"]),
    ("councils good for care leavers but requires improvement overall", False, ["good"], ["requires improvement"]),
])
def test_two_conditions_on_the_grades(question, every, grades, overall):
    q = build_query(understand(question), [])
    assert q.intent is Intent.LIST and q.selection.every == every and q.selection.grades == grades and q.selection.overall_grades == overall


def test_every_judgement_on_the_whole_country(many_authorities):
    every = many_authorities.assistant.ask("Which councils got outstanding in every single judgement at their latest inspection?")
    assert {row["authority"] for row in every.table} == {"Newham", "Wandsworth", "York"}  # their 2025-26 reports


def test_which_of_those_after_a_reload_keeps_the_list(many_authorities):
    ask = many_authorities.assistant.ask
    listed = ask("Which councils are rated outstanding?")
    stored = listed.to_json()
    conversation = Conversation.replay(["Which councils are rated outstanding?"], [stored])
    assert conversation.last_focus.listed == [row["authority"] for row in listed.table]
    newest = ask("which of those was inspected most recently?", conversation=conversation)
    assert newest.table and {row["authority"] for row in newest.table} <= set(conversation.focus[0].listed)


@pytest.mark.parametrize("text, names", [
    ("North and West Northamptonshire were both inspected", ["North Northamptonshire", "West Northamptonshire"]),
    ("East and West Sussex grades", ["East Sussex", "West Sussex"]), ("North & South Tyneside", ["North Tyneside", "South Tyneside"]),
    ("Leeds and North Yorkshire", ["Leeds", "North Yorkshire"]),
])
def test_two_councils_sharing_a_word(text, names):
    from rag.domain.gazetteer import gazetteer

    assert gazetteer().find_in_question(text)[0] == names


def test_a_sif_overall_grade_after_a_straight_apostrophe():
    from rag.metadata import infer_grades

    text = "Darlington\nInspection of services for children in need of help and protection\nChildren's services in Darlington require improvement to be\ngood\n"
    assert infer_grades(text)["overall_effectiveness"] == "requires improvement"


def test_only_a_2026_report_is_said_to_give_no_overall_grade():
    from rag.records.model import InspectionRecord
    from rag.records.table import reformed

    older = InspectionRecord(doc_id="a", document="a.pdf", local_authority="X", kind="sif", inspection_start="2018-02-27", inspection_end="2018-03-22",
                             grades={"help_and_protection": "requires improvement"})
    newer = InspectionRecord(doc_id="b", document="b.pdf", local_authority="X", kind="standard", inspection_start="2026-05-11", inspection_end="2026-05-22",
                             grades={"impact_of_leaders": "outstanding"})
    assert not reformed(older) and reformed(newer)


def test_two_regions_sharing_a_word_stay_regions():
    q = build_query(understand("Which councils in the East and West Midlands are rated good?"), [])
    assert q.intent is Intent.LIST and sorted(q.selection.regions) == ["East Midlands", "West Midlands"] and not q.authorities


@pytest.mark.parametrize("question, inspected, published", [
    ("Which councils were inspected in 2025 but only had their report published in 2026?", [2025], [2026]),
    ("reports published in 2026 for inspections carried out in 2025", [2025], [2026]),
    ("which LAs had a 2025 inspection whose report came out in 2026", [2025], [2026]),
    ("which councils were visited in 2024 and got their report the following year", [2024], [2025]),
    ("how many inspections took place in 2025 with the report released in 2026?", [2025], [2026]),
    ("2019 reports of inspections held in 2018", [2018], [2019]),
])
def test_an_inspection_and_its_report_dated_apart_are_two_filters(question, inspected, published):
    from rag.records.model import InspectionRecord
    from rag.records.table import select

    def rec(la, start, published):
        return InspectionRecord(doc_id=la, document=f"{la}.pdf", local_authority=la, ons_code="", region="", kind="standard",
                                published=published, inspection_start=start, inspection_end=start, lead_inspector="")
    y0, y1 = inspected[0], published[0]
    records = [rec("Newham", f"{y0}-11-10", f"{y1}-01-12"), rec("Leeds", f"{y0}-06-30", f"{y0}-08-12"),
               rec("Brent", f"{y1}-04-27", f"{y1}-06-17")]
    q = build_query(understand(question, this_year=2026), records)
    assert q.selection.years == published and q.selection.fieldwork_years == inspected and q.selection.basis == "published"
    assert [r.local_authority for r in select(records, q.selection)] == ["Newham"]


@pytest.mark.parametrize("question", ["Which councils were inspected in 2025?", "reports published in 2026",
                                      "councils inspected in 2023 and 2024", "which councils were published in 2019 and inspected in 2019"])
def test_one_date_or_one_side_is_one_filter(question):
    q = build_query(understand(question, this_year=2026), [])
    assert q.selection is not None and not q.selection.fieldwork_years


@pytest.mark.parametrize("question", [
    "Reports published 13 Jan 2025 - how did those councils compare?",
    "councils published 13 January 2025",
    "Four reports came out on 18 May 2026 - line them up against each other",
    "three reports were published on 13 January 2025 - how do they compare",
    "how did the 18 May 2026 reports compare",
])
def test_the_reports_of_one_day_are_listed_side_by_side(question):
    q = build_query(understand(question, this_year=2026), [])
    assert q.intent is Intent.LIST and q.selection.span and q.selection.span[0] == q.selection.span[1]


def test_a_figure_dated_at_a_day_is_no_day_of_reports():
    assert understand("at 31 March 2016 how many children were in care in Leeds", this_year=2026).span is None


def test_a_change_from_the_previous_one_is_the_latest_against_it(shipped):
    ask = shipped.assistant.ask
    conversation = Conversation()
    ask("Buckinghamshire latest ofsted outcome?", conversation=conversation)
    change = ask("so has it gone backwards from the previous one?", conversation=conversation)
    assert "between Buckinghamshire’s ILACS standard inspection of 6–17 December 2021" in change.text and "27 January–7 February 2025" in change.text
    led = ask("who was lead inspector for that previous inspection", conversation=conversation)
    assert led.text.startswith("Nick Stacey led Buckinghamshire’s ILACS standard inspection of 6–17 December 2021")
    earlier = ask("and who led that earlier inspection?", conversation=conversation)
    assert "6–30 November 2017" in earlier.text


@pytest.mark.parametrize("question, direction, expected", [
    ("Why did Wandsworth's children's services decline at the 2026 inspection?", "declined", True),
    ("What made Wandsworth get worse at its last inspection?", "declined", True),
    ("Why has Wandsworth's rating dropped?", "declined", True),
    ("Wandsworth went down in 2026 - why?", "declined", True),
    ("why did wandsworth improve in 2026?", "improved", False),
])
def test_a_change_the_question_assumes_is_checked_against_the_records(question, direction, expected):
    from rag.records.model import InspectionRecord
    from rag.understanding.cues import direction_contradicted

    def rec(start, grade):
        return InspectionRecord(doc_id=start, document=f"{start}.pdf", local_authority="Wandsworth", ons_code="", region="", kind="standard",
                                published=start, inspection_start=start, inspection_end=start, lead_inspector="", grades={"overall": grade})
    records = [rec("2022-11-07", "good"), rec("2026-03-02", "outstanding")]
    q = build_query(understand(question, this_year=2026), records)
    assert q.subject.change.direction == direction
    assert direction_contradicted(records, "Wandsworth", "overall", direction, q.u.years) is expected
    assert (q.intent is Intent.CHANGE) is expected


@pytest.mark.parametrize("question", [
    "South East authorities sitting at requires improvement right now?",
    "north west councils currently sat at good",
    "yorkshire LAs standing at outstanding now",
    "who in the East Midlands sits at requires improvement?",
    "London boroughs placed at inadequate at the moment",
])
def test_where_a_council_sits_on_a_grade_is_a_list(question):
    q = build_query(understand(question, this_year=2026), [])
    assert q.intent is Intent.LIST and q.selection.regions and q.selection.grades
