"""Slots the fresh set I showed missing, each in five or more wordings: a month whose year is told relative
to today, a change denied or asked in several directions at once, several facts asked in one question,
counts asked as "count of…", and ages that are ranges ("aged five to 12")."""

from __future__ import annotations

from datetime import date

import pytest

from rag.query import understand
from rag.understanding import Intent, Measure, build_query, slots_of
from rag.understanding.slots import also_asked, change_asked
from rag.understanding.time_span import span_in

TODAY = date(2026, 12, 2)


@pytest.mark.parametrize("text, first, last", [
    ("which reports came out two years ago in july?", "2024-07-01", "2024-07-31"),
    ("reports published in july two years ago", "2024-07-01", "2024-07-31"),
    ("anything published last december?", "2025-12-01", "2025-12-31"),
    ("what came out last july?", "2026-07-01", "2026-07-31"),
    ("what came out the july before last?", "2025-07-01", "2025-07-31"),
    ("reports from july of last year", "2025-07-01", "2025-07-31"),
    ("inspections in march this year", "2026-03-01", "2026-03-31"),
    ("published in may three years ago", "2023-05-01", "2023-05-31"),
])
def test_a_month_with_a_year_told_relative_to_today(text, first, last):
    span = span_in(text, TODAY)
    assert span is not None and span.iso == (first, last)


@pytest.mark.parametrize("text", ["this may be a silly question: what did leeds get?", "the may 2024 report", "last year", "in march 2025"])
def test_words_that_are_not_a_relative_month(text):
    assert span_in(text, TODAY) is None


def test_a_relative_month_is_one_month_not_the_newest_report():
    u = understand("anything published last December?")
    q = build_query(u, [])
    assert q.intent is Intent.LIST and q.selection.span and not q.selection.newest and q.selection.span_label == "December " + str(q.selection.span[0][:4])


@pytest.mark.parametrize("question", ["What came out in July 2024?", "what was published in March 2025?", "What did Ofsted publish in June 2023?",
                                      "so what came out last month?", "what were published in the autumn of 2025?"])
def test_what_came_out_at_a_time_is_a_list_of_reports(question):
    assert build_query(understand(question), []).intent is Intent.LIST


@pytest.mark.parametrize("question", ["Count of East of England councils in the collection?", "number of Yorkshire and the Humber councils you hold",
                                      "tally of London authorities", "how many North West councils?", "total number of south east local authorities"])
def test_a_count_in_other_words(question):
    assert build_query(understand(question), []).intent is Intent.COUNT


@pytest.mark.parametrize("text, directions", [
    ("south west: which councils did not improve at their latest inspection?", ("same", "declined")),
    ("which councils failed to improve last time?", ("same", "declined")),
    ("london boroughs that haven't got better since their previous inspection", ("same", "declined")),
    ("councils that didn't get better at their last inspection", ("same", "declined")),
    ("which authorities didn't decline at their latest inspection?", ("same", "improved")),
    ("east of england - who improved at last inspection, who stayed the same?", ("improved", "same")),
    ("which councils got better, worse or stayed the same?", ("improved", "declined", "same")),
    ("which councils declined or stayed the same at their last inspection?", ("declined", "same")),
])
def test_a_change_denied_or_asked_in_several_directions(text, directions):
    change = change_asked(text)
    assert change is not None and change.directions == directions and change.direction is None


@pytest.mark.parametrize("text", ["which councils improved at their latest inspection?", "has leeds got better since 2022?"])
def test_one_direction_stays_one(text):
    assert change_asked(text).directions == ()


@pytest.mark.parametrize("question", ["east of england - who improved at last inspection?", "who improved in London at their latest inspection?",
                                      "who in the North East got worse?", "South West: which councils did NOT improve?", "who got worse last time round?"])
def test_who_changed_in_a_region_is_a_change_list(question):
    assert build_query(understand(question), []).intent is Intent.CHANGE_LIST


@pytest.mark.parametrize("question, also", [
    ("and last time, in 2023 - grade and lead inspector?", {Measure.GRADE}),
    ("Leeds 2022: grade and lead inspector please", {Measure.GRADE}),
    ("what grade did leeds get in 2022 and who led it?", {Measure.GRADE}),
    ("who led it, and when?", {Measure.DATES}),
    ("lead inspector and dates for Bury 2023", {Measure.DATES}),
    ("dates, grade and lead inspector of the latest Leeds inspection", {Measure.DATES, Measure.GRADE}),
])
def test_several_facts_asked_in_any_order(question, also):
    lowered = question.lower()
    assert set(also_asked(lowered, slots_of(question).measure)) == also


@pytest.mark.parametrize("question", ["when was leeds rated outstanding?", "who led the 2019 inspection and the 2022 one?"])
def test_one_fact_asked_is_one(question):
    assert also_asked(question.lower(), slots_of(question).measure) == ()


@pytest.mark.parametrize("sentence, topic", [
    ("Looked after children are members of the council for children aged 12 to 21 and the group for children aged five to 12.", "looked after children"),
    ("The service supports young people aged 16 to 18 who are looked after.", "looked after young people"),
    ("Care leavers between the ages of 18 and 25 can ask for support.", "care leavers"),
    ("Children aged eleven to 15 in care attend the group.", "children in care"),
    ("Young people aged 16-17 who are homeless are assessed.", "homeless young people"),
])
def test_an_age_range_never_leads(sentence, topic):
    from rag.answer.findings import number_in

    assert number_in(sentence, topic) is None


def test_the_count_after_an_age_range_still_leads():
    from rag.answer.findings import number_in

    assert number_in("At 22 May 2016, 398 children are being looked after by the local authority.", "looked after children") == "398"


def test_several_directions_on_a_library(many_authorities):
    ask = many_authorities.assistant.ask
    denied = ask("Which councils did not improve at their latest inspection?")
    both = ask("Which councils improved or stayed the same at their latest inspection?")
    improved = ask("Which councils improved at their latest inspection?")
    same = ask("Which councils stayed the same at their latest inspection?")
    names = lambda a: {row["authority"] for row in (a.table or [])}  # noqa: E731
    assert names(both) == names(improved) | names(same) and names(both)
    assert not names(denied) & names(improved) and names(same) <= names(denied)


@pytest.mark.parametrize("question", ["Of the reformed-framework reports, how many rated the impact of leaders outstanding?",
                                      "among the London councils, how many are outstanding?", "out of all the 2025 reports, how many judged care leavers good?",
                                      "Across the councils in the North West, how many were inadequate?", "of these authorities how many are good?"])
def test_a_group_named_before_how_many_is_counted(question):
    assert slots_of(question).operation.value == "count"


def test_items_under_an_item_that_ends_with_a_colon_are_part_of_it():
    from rag.answer.improve import top_level

    text = "Practice to demonstrate:\nan understanding of x;\ncommunication with y;\nThe response to z.\nThe quality of w."
    spans, at = [], 0
    for line in text.split("\n"):
        spans.append((at, at + len(line)))
        at += len(line) + 1
    assert top_level(text, spans) == 3
    assert top_level(text, spans[3:]) == 2


def test_what_to_improve_lists_every_item_and_a_count_leads(many_authorities):
    ask = many_authorities.assistant.ask
    listed = ask("What did Ofsted say Hull needed to improve in 2019?")
    quoted = [p for p in listed.parts if p.text.startswith("“")]
    assert "Ofsted set out what needs to improve:" in listed.text and len(quoted) >= 9 and "items are shown" not in listed.text
    for question in ["How many recommendations did Hull's 2019 report make?", "number of improvement points in the 2019 Hull inspection",
                     "How many things did Ofsted want Hull to improve in 2019?"]:
        counted = ask(question)
        assert counted.text.startswith(f"{len(quoted)}. In Kingston upon Hull"), (question, counted.text[:120])


def test_an_overall_grade_asked_of_a_2026_report_is_not_stated(many_authorities):
    ask = many_authorities.assistant.ask
    for question in ["What overall effectiveness grade did Blackpool get in June 2026?", "Blackpool's overall grade in 2026?"]:
        answer = ask(question)
        assert answer.not_stated and "gives no overall effectiveness grade" in answer.text and answer.citations
    judged = ask("What did Blackpool get at its 2026 inspection?")
    assert not judged.not_stated and "Its judgements:" in judged.text


@pytest.mark.parametrize("question, refers, intent", [
    ("most recent one?", "newest_listed", Intent.GRADE), ("lead inspector for the most recent one?", "newest_listed", Intent.WHO_LED),
    ("who led the oldest one?", "oldest_listed", Intent.WHO_LED), ("when was the latest one inspected?", "newest_listed", Intent.WHEN),
    ("and the earliest of those?", "oldest_listed", Intent.GRADE), ("what needed to improve at the newest one?", "newest_listed", Intent.IMPROVE),
])
def test_one_inspection_of_a_list_asked_after_it(question, refers, intent):
    from rag.understanding.follow_ups import resolve_follow_up

    listed = understand("Which London councils were judged outstanding at their latest inspection?")
    listed.intent = Intent.LIST
    u = resolve_follow_up(question, listed)
    assert u.refers == refers and u.intent is intent


def test_the_best_of_a_list_and_one_of_it_on_a_library(many_authorities):
    from rag.assistant import Conversation

    ask = many_authorities.assistant.ask
    c = Conversation()
    listed = ask("Which councils do you have reports for?", conversation=c)
    shown = {row["authority"] for row in listed.table}
    best = ask("which of them has the best latest result?", conversation=c)
    assert best.table and {row["authority"] for row in best.table} <= shown and "Outstanding" in best.text
    c = Conversation()
    ask("Which councils were rated good at their latest inspection?", conversation=c)
    newest = ask("who led the most recent one?", conversation=c)
    rows = c.focus[0].listed
    assert newest.text.split(" led ")[1].split("’")[0] in rows
    published = ask("when was that report published?", conversation=c)
    assert published.text.startswith("Published ")


@pytest.mark.parametrize("sentence, topic, unit, lead", [
    ("Staff turnover overall has reduced slightly, but in the assessment and intervention team it has significantly increased, "
     "from 10% in 2015 to 30% in 2016.", "staff turnover assessment intervention team", "percent", "30%"),
    ("There has been reduced turnover of staff, from 27% 2013–14 to 13.5% now.", "staff turnover", "percent", "13.5%"),
    ("The vacancy rate fell from 20% last year to 12% this year.", "vacancy rate", "percent", "12%"),
    ("Caseloads have reduced from 25 to 18 children per worker.", "caseloads", "count", "18"),
    ("Agency staff numbers rose from 40 in 2019 to 55 in 2020.", "agency staff", "count", "55"),
])
def test_a_figure_that_moved_leads_with_where_it_went(sentence, topic, unit, lead):
    from rag.answer.findings import number_in

    assert number_in(sentence, topic, unit) == lead


@pytest.mark.parametrize("question", ["what was staff turnover in Leeds in 2015?", "Tower Hamlets' social worker turnover?",
                                      "what is the agency rate in Bury?", "what were re-referral rates in Halton in 2024?",
                                      "How high was the vacancy rate in Luton?"])
def test_a_rate_asked_is_a_share(question):
    s = slots_of(question)
    assert s.measure is Measure.NUMBER and s.unit == "percent"


@pytest.mark.parametrize("question", ["what did Ofsted say about staff turnover in Leeds?", "how did turnover affect children in Bury?",
                                      "why was the vacancy rate so high in Luton?"])
def test_what_was_said_of_a_rate_is_findings(question):
    assert slots_of(question).measure is not Measure.NUMBER


@pytest.mark.parametrize("question", ["better or worse than 2022 for care leavers?", "was care leavers better than in 2018?",
                                      "care leavers: an improvement on 2021?", "is help and protection worse than 2022?",
                                      "compared with 2018, did leaders get better?"])
def test_a_year_held_against_the_inspection_in_focus_after_findings(question):
    from rag.understanding.follow_ups import resolve_follow_up

    findings = resolve_follow_up("was there an age group that was doing worse?", understand("How did the 2025 inspection judge care leavers?"))
    u = resolve_follow_up(question, findings)
    assert u.intent is Intent.CHANGE and 2025 in u.years and len(u.years) == 2, (u.intent, u.years)


def test_a_follow_up_with_its_own_topic_stays_on_the_judgement_asked():
    from rag.understanding.follow_ups import resolve_follow_up

    u = resolve_follow_up("was there an age group that was doing worse?", understand("How did the 2025 inspection judge care leavers?"))
    assert u.intent is Intent.FINDINGS and u.topic.startswith("care leavers") and u.years == [2025]


def test_conversation_about_one_judgement_on_the_shipped_library(shipped):
    from rag.assistant import Conversation

    c = Conversation()
    ask = shipped.assistant.ask
    ask("How did the 2025 inspection judge care leavers?", conversation=c)
    older = ask("was there an age group that was doing worse?", conversation=c)
    assert "aged over 21" in older.text or "over 21" in older.text
    change = ask("better or worse than 2022 for care leavers?", conversation=c)
    assert change.text.startswith("Buckinghamshire’s care leavers stayed requires improvement between") and "6–17 December 2021" in change.text


@pytest.mark.parametrize("head, kind", [
    ("Surrey Safeguarding Children Board Review of the effectiveness of the Local Safeguarding Children Board Inspection date: 15 June 2015", "lscb_review"),
    ("Inspection of services for children in need of help and protection, children looked after and care leavers and Review of the "
     "effectiveness of the Local Safeguarding Children Board", "sif"),
])
def test_an_lscb_review_on_its_own_is_not_a_sif_inspection(head, kind):
    from rag.domain.visits import classify, label

    assert classify(head, "ofsted_report", "2015-06-15", "2015-06-17") == kind
    assert "Safeguarding Children Board" in label("lscb_review")


@pytest.mark.parametrize("question", ["what did the latest report say about care leavers?", "why was the most recent one criticised?",
                                      "what did inspectors find in the newest report about placements?"])
def test_a_findings_question_after_a_list_is_not_one_of_it(question):
    from rag.understanding.follow_ups import resolve_follow_up

    listed = understand("Which London councils were judged outstanding at their latest inspection?")
    listed.intent = Intent.LIST
    assert resolve_follow_up(question, listed).refers not in ("newest_listed", "oldest_listed")


@pytest.mark.parametrize("question, topic", [
    ("Why did inspectors go back to Devon in January 2025 after the autumn visit?", "returned"),
    ("Devon's summer inspection - what did it find about care leavers?", "care leavers"),
    ("In spring 2023 what did inspectors say about Leeds' front door?", "front door"),
    ("why was the Devon inspection paused over the winter?", "paused"),
    ("What did the autumn 2024 visit to Devon say about caseloads?", "caseloads"),
])
def test_a_season_dates_a_visit_and_is_not_its_topic(question, topic):
    assert understand(question).topic == topic


@pytest.mark.parametrize("question", [
    "Sandwell's grades across every report you have, including the old 2013 one",
    "Sandwell grades over time incl. the 2013 one",
    "every grade Sandwell has had, plus the 2013 inspection",
    "Sandwell's grades over the years, even the 2013 report",
    "all of Sandwell's ratings, including 2013",
])
def test_a_year_the_history_must_include_does_not_limit_it(question):
    u = understand(question)
    assert build_query(u, []).intent is Intent.GRADE_HISTORY
    assert 2013 not in u.years


@pytest.mark.parametrize("question, place", [
    ("What does the latest Ofsted report on Borsetshire say about care leavers?", "Borsetshire"),
    ("how are care leavers supported in Ambridge?", "Ambridge"),
    ("What did inspectors find in Casterbridge about caseloads?", "Casterbridge"),
    ("Is there anything from Wessex about pathway plans?", "Wessex"),
    ("what did reports say about Staying Put for care leavers?", None),  # a capitalised topic is not a place
    ("findings on Mockingbird fostering in Leeds", None),
])
def test_a_name_shaped_like_an_english_place_is_a_place(question, place):
    from rag.domain.places import unknown_place

    assert unknown_place(question) == place


@pytest.mark.parametrize("question", [
    "what did reports say about Staying Put for care leavers?",
    "what do the reports say about pathway plans?",
    "What did the reports find on return home interviews?",
    "what have reports said about caseloads?",
    "what do inspections say about management oversight?",
])
def test_what_the_reports_say_is_findings_not_a_list_of_councils(question):
    assert build_query(understand(question), []).intent is Intent.FINDINGS


@pytest.mark.parametrize("question, named", [
    ("How many children and young people were subject to a CP plan in Kirklees at 31 March 2016?", None),
    ("Young people in Leeds: what did Ofsted say?", None),
    ("what did inspectors say about young carers?", None),
    ("was it Young who led Leeds?", "Ian Young"),
    ("which inspections were led by young?", "Ian Young"),
    ("Did Bailey lead Solihull?", "Steve Bailey"),
])
def test_a_surname_names_an_inspector_only_when_written_as_a_name(question, named):
    from rag.records.model import InspectionRecord
    from rag.understanding.cues import inspector_in

    records = [InspectionRecord(doc_id=n, document="x", local_authority="Leeds", ons_code="", region="", kind="standard",
                                published=None, inspection_start=None, inspection_end=None, lead_inspector=n)
               for n in ("Ian Young", "Steve Bailey")]
    assert inspector_in(question, records) == named


@pytest.mark.parametrize("question, intent", [
    ("how many councils got worse at their most recent inspection compared with the previous one?", Intent.CHANGE_LIST),
    ("how many councils improved at their latest inspection?", Intent.CHANGE_LIST),
    ("number of LAs that declined since their previous inspection", Intent.CHANGE_LIST),
    ("count of councils that stayed the same last time", Intent.CHANGE_LIST),
    ("How many Yorkshire and the Humber councils are rated good at their latest inspection?", Intent.COUNT),
    ("number of Yorkshire & the Humber LAs rated RI", Intent.COUNT),
    ("how many were on child protection plans at 31 October 2017?", Intent.NUMBER),
    ("how many are in the North West on inadequate?", Intent.COUNT),
])
def test_counts_of_changes_regions_and_figures(question, intent):
    assert build_query(understand(question), []).intent is intent


@pytest.mark.parametrize("question, direction, before, after", [
    ("Which councils that were inadequate at their previous inspection have moved up since?", "improved", ("inadequate",), ()),
    ("which councils rated inadequate before have improved?", "improved", ("inadequate",), ()),
    ("which LAs that were RI last time are now good?", "improved", ("requires improvement",), ("good",)),
    ("which were good at their last inspection but are now inadequate?", "declined", ("good",), ("inadequate",)),
    ("authorities that were outstanding at the previous inspection and are still outstanding", "same", ("outstanding",), ("outstanding",)),
    ("South West councils whose grade didn't change between the last two inspections?", "same", (), ()),
    ("which councils did not change grade?", "same", (), ()),
    ("councils that haven't moved since their last inspection", "same", (), ()),
])
def test_grades_before_and_now_and_a_change_denied(question, direction, before, after):
    c = change_asked(question.lower())
    assert (c.direction, c.from_grades, c.to_grades) == (direction, before, after)


@pytest.mark.parametrize("question, first, last", [
    ("which councils had reports published on 13 January 2023?", "2023-01-13", "2023-01-13"),
    ("what was published on the 12th of July 2024?", "2024-07-12", "2024-07-12"),
    ("Reports published between 1 September and 31 December 2024?", "2024-09-01", "2024-12-31"),
    ("anything published from 1 Oct 2024 to 31 Jan 2025?", "2024-10-01", "2025-01-31"),
    ("reports out between 1 November and 28 February 2025", "2024-11-01", "2025-02-28"),
])
def test_days_and_ranges_of_days(question, first, last):
    span = span_in(question.lower(), today=date(2026, 12, 1))
    assert span.iso == (first, last)


def test_a_day_that_dates_a_figure_is_not_a_span():
    assert span_in("how many children were on cp plans at 31 march 2016 in kirklees?", today=date(2026, 12, 1)) is None
    assert span_in("how many children were on cp plans on 31 march 2016 in kirklees?", today=date(2026, 12, 1)) is None
    assert span_in("published on 13 january 2023", today=date(2026, 12, 1)).label() == "13 January 2023"


@pytest.mark.parametrize("question", [
    "How did Westminster compare with the other councils whose reports were published the same day?",
    "Compare Reading with the other reports published on the same day as it in July 2024",
    "which councils had reports out on the same day as Halton's, and how did they do?",
    "Leeds and the others published that day: how do they compare?",
    "how did Sandwell do against the councils whose reports came out on the same date?",
])
def test_reports_of_the_same_day_are_a_comparison(question):
    q = build_query(understand(question), [])
    assert q.intent is Intent.COMPARE_AUTHORITIES and q.subject.same_day_as


def test_the_same_day_is_the_named_reports_day():
    from rag.answer.table import same_day
    from rag.records.model import InspectionRecord

    def rec(la, published, start="2024-04-22"):
        return InspectionRecord(doc_id=la + published, document="x", local_authority=la, ons_code="", region="", kind="standard",
                                published=published, inspection_start=start, inspection_end=start, lead_inspector="")
    records = [rec("Reading", "2024-07-12"), rec("Ealing", "2024-07-12"), rec("Halton", "2024-07-12"), rec("Leeds", "2024-07-16"),
               rec("Reading", "2019-10-28", "2019-09-16")]
    q, answer = same_day(build_query(understand("Compare Reading with the reports published the same day"), records), records)
    assert answer is None and q.authorities == ["Reading", "Ealing", "Halton"] and q.u.years == [2024]
    q, answer = same_day(build_query(understand("Compare Reading in 2019 with the reports published the same day"), records), records)
    assert answer is not None and "No other report" in answer.text and "28 October 2019" in answer.text


@pytest.mark.parametrize("question", [
    "luton ofsted history 2016 onwards",
    "Luton's record from 2016 onwards",
    "Luton grades 2016 to date",
    "Luton 2016-present ratings",
    "Devon - all inspections and grades",
    "all of Devon's inspections and their grades",
])
def test_a_run_from_a_year_to_now_is_a_history(question):
    u = understand(question, this_year=2026)
    assert build_query(u, []).intent is Intent.GRADE_HISTORY
    assert not u.years or u.years[-1] == 2026


@pytest.mark.parametrize("question, direction", [
    ("Doncaster was good at its 2017 re-inspection - did the first ILACS after that go down?", "declined"),
    ("did the next one after 2018 go up for Leeds?", "improved"),
    ("did the inspection that followed it drop?", "declined"),
    ("did Bury's grade next time rise?", "improved"),
    ("did the following ILACS for Slough move up?", "improved"),
])
def test_a_direction_asked_after_several_words(question, direction):
    assert change_asked(question.lower()).direction == direction


@pytest.mark.parametrize("question, topic", [
    ("How many case files did inspectors review in Sandwell's looked after children inspection in 2013?", "case files review"),
    ("What did Leeds' focused visit say about care leavers?", "care leavers"),
    ("what did the SIF say about adoption in Bury?", "adoption"),
    ("What did the JTAI find on neglect?", "neglect"),
    ("in the monitoring visit to Slough, what about caseloads?", "caseloads"),
])
def test_the_kind_of_visit_is_not_the_topic(question, topic):
    assert understand(question).topic == topic


@pytest.mark.parametrize("sentence, topic, number", [
    ("At 28 February 2017, the local authority is looking after 604 children.", "children care", "604"),
    ("There are 604 children looked after by the council.", "number children care", "604"),
    ("The council cares for 604 children in care.", "children care", "604"),
    ("A review of 57 case files and 12 recent health assessments.", "case files review", "57"),
    ("At 28 February 2017, the local authority is looking after 604 children.", "care leavers", None),
])
def test_children_looked_after_are_children_in_care(sentence, topic, number):
    from rag.answer.numbers import number_in

    assert number_in(sentence, topic) == number


@pytest.mark.parametrize("question, named", [
    ("North vs West Northamptonshire 2026 - any difference in grades?", ["North Northamptonshire", "West Northamptonshire"]),
    ("north or west northamptonshire", ["North Northamptonshire", "West Northamptonshire"]),
    ("compare North with West Northamptonshire", ["North Northamptonshire", "West Northamptonshire"]),
    ("North and West Northamptonshire", ["North Northamptonshire", "West Northamptonshire"]),
    ("East and West Midlands councils", []),
])
def test_two_directions_share_one_name_in_any_joining_word(question, named):
    from rag.domain.gazetteer import gazetteer

    assert gazetteer().find_in_question(question)[0] == named


@pytest.mark.parametrize("question, sentence, number", [
    ("How many HMIs were on the inspection team for Surrey's SIF?", "The inspection team consisted of 11 of Her Majesty’s Inspectors (HMI) from Ofsted.", "11"),
    ("how many inspectors were on Surrey's 2014 inspection team?", "The inspection team consisted of 11 of Her Majesty’s Inspectors (HMI) from Ofsted.", "11"),
    ("how many inspectors were on Surrey's 2014 inspection team?", "Workloads for social workers in the team are between 15 and 20 children.", None),
    ("how many inspectors were in the team?", "The team of 4 inspectors met 30 children.", "4"),
    ("How many case files did inspectors review?", "A review of 57 case files and 12 recent health assessments.", "57"),
])
def test_the_thing_counted_stays_in_the_topic_even_when_a_frame_word(question, sentence, number):
    from rag.answer.numbers import number_in

    assert number_in(sentence, understand(question).topic) == number


@pytest.mark.parametrize("question, named", [
    ("MK childrens services grade 2024?", ["Milton Keynes"]),
    ("MK's rating", ["Milton Keynes"]),
    ("Enfeild 2024: experiences and progress of children in care?", ["Enfield"]),
    ("is RI good?", []),
    ("SW children in care", []),
])
def test_two_capitals_beside_a_councils_words_and_a_swapped_pair_in_a_seven_letter_name(question, named):
    from rag.domain.gazetteer import gazetteer

    assert gazetteer().find_in_question(question)[0] == named


@pytest.mark.parametrize("question, intent", [
    ("lancashire re-inspection 2018 - dates on site?", Intent.WHEN),
    ("Leeds 2022: dates?", Intent.WHEN),
    ("which weeks were inspectors in Bury in 2021?", Intent.WHEN),
    ("june 2026 - what was published?", Intent.LIST),
    ("last month, what came out?", Intent.LIST),
    ("no. of looked after children in Slough per the Feb 2016 report?", Intent.NUMBER),
    ("no of CP plans in Kirklees 2016?", Intent.NUMBER),
])
def test_dates_lists_and_numbers_in_short_forms(question, intent):
    assert build_query(understand(question), []).intent is intent


def test_a_quarter_or_stage_number_is_not_a_count():
    from rag.answer.numbers import number_in

    s = "The proportion subject to a plan under this category has risen from 38% in 2013–14 to 64% in quarter three of 2014–15."
    assert number_in(s, "children child protection plans") is None
    assert number_in("Children at key stage 4 did well; 12 children sat exams.", "children exams") == "12"


@pytest.mark.parametrize("question", [
    "what did the monitoring visit letter conclude?",
    "What did the January 2017 monitoring letter conclude about Bucks?",
    "what did the focused visit find?",
    "What did Ofsted's letter say?",
    "what did the JTAI conclude in Leeds?",
])
def test_a_letter_or_visit_that_gives_no_grade_is_asked_for_its_findings(question):
    assert build_query(understand(question), []).intent is not Intent.GRADE


@pytest.mark.parametrize("question, intent", [
    ("What's Swansea's latest Ofsted grade for children's services?", Intent.GRADE),
    ("who led Glasgow's last inspection?", Intent.WHO_LED),
    ("when was Cardiff last inspected?", Intent.WHEN),
    ("what needs to improve in Belfast?", Intent.IMPROVE),
    ("has Narnia District Council improved since 2019?", Intent.CHANGE),
])
def test_a_place_the_library_cannot_hold_keeps_what_was_asked_for_the_next_turn(question, intent):
    u = understand(question)
    assert build_query(u, []).intent is Intent.NOT_COVERED
    assert u.intent is intent


@pytest.mark.parametrize("question, intent", [
    ("bury's inadequate inspection - when did it take place?", Intent.WHEN),
    ("who led Bury's inadequate inspection?", Intent.WHO_LED),
    ("what needed to improve after Bury's inadequate ILACS?", Intent.IMPROVE),
    ("the RI inspection of Bury - who led it?", Intent.WHO_LED),
    ("dates of Bury's inadequate inspection?", Intent.WHEN),
])
def test_a_grade_naming_an_inspection_selects_the_one_that_gave_it(question, intent):
    from rag.records.model import InspectionRecord

    def rec(start, grade):
        r = InspectionRecord(doc_id=start, document="x", local_authority="Bury", ons_code="", region="", kind="standard",
                             published=start, inspection_start=start, inspection_end=start, lead_inspector="")
        r.grades["overall"] = grade
        return r
    records = [rec("2016-02-22", "requires improvement"), rec("2021-10-25", "inadequate"), rec("2025-06-09", "requires improvement")]
    q = build_query(understand(question), records)
    assert q.intent is intent
    assert q.u.years == ([2021] if "inadequate" in question else [2025])


@pytest.mark.parametrize("question", [
    "Lancashire: compare the 2023 ILACS with the 2026 reformed-framework one, judgement by judgement",
    "how did Blackpool's 2026 reformed inspection compare with 2022?",
    "Liverpool 2023 vs 2026 new-style inspection",
    "compare Brent's 2023 and 2026 inspections",
    "Lancashire 2022 against its reformed regime inspection in 2026",
])
def test_a_framework_named_by_its_age_is_no_topic(question):
    assert build_query(understand(question), []).intent is Intent.CHANGE


@pytest.mark.parametrize("question, intent", [
    ("What improvements did Ofsted ask Reading for in 2024?", Intent.IMPROVE),
    ("which improvements were called for in Leeds?", Intent.IMPROVE),
    ("improvements Ofsted wanted from Bury in 2025", Intent.IMPROVE),
    ("what improvements did inspectors set out for Slough?", Intent.IMPROVE),
    ("what improvements has Slough made?", None),  # what it did, not what it was asked to do
])
def test_improvements_asked_for_are_what_needs_to_improve(question, intent):
    got = build_query(understand(question), []).intent
    assert got is intent if intent else got is not Intent.IMPROVE
