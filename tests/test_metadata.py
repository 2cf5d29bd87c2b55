from datetime import date
from pathlib import Path

from rag.metadata import build_metadata, infer, infer_grades, infer_inspection_dates, parse_date_range
from rag.types import ExtractedText

ILACS = """Inspection of Buckinghamshire Council local authority children's services

Inspection dates: 27 January to 7 February 2025

Lead inspector: Nick Bennison, His Majesty's Inspector

Judgement Grade

The impact of leaders on social work practice with children and families

Requires improvement to be good

The experiences and progress of children who need help and protection

Requires improvement to be good

The experiences and progress of children in care

Good

The experiences and progress of care leavers

Requires improvement to be good

Overall effectiveness Requires improvement to be good

The last full inspection of children's services in Buckinghamshire was in 2021."""

SIF = """Buckinghamshire County Council

Inspection of services for children in need of help and protection, children looked after and care leavers

Inspection date: 3 June – 25 June 2014

Report published: 8 August 2014

The overall judgement is that children’s services are inadequate

1. Children who need help and protection Inadequate

2. Children looked after and achieving permanence Inadequate

2.1 Adoption performance Requires Improvement

2.2 Experiences and progress of care leavers Requires Improvement

3. Leadership, management and governance Inadequate

The effectiveness of the Local Safeguarding Children Board (LSCB) is inadequate.

Lead inspector: Brenda McLaughlin

Deputy lead inspector: Somebody Else"""

LETTER = """Aviation House 125 Kingsway London WC2B 6SE T 0300 123 1231 enquiries@ofsted.gov.uk www.ofsted.gov.uk

10 January 2017

Dear David

Monitoring visit of Buckinghamshire children's services

This letter summarises the findings of the monitoring visit to Buckinghamshire children's services on 30 November and 1 December 2016. The inspectors were Linda Steele HMI and Donna Marriott HMI.

Yours sincerely

Linda Steele

Her Majesty's Inspector"""


def _infer(text: str, name: str = "upload.txt"):
    return infer(text, ExtractedText(text, "txt"), Path(name))


def test_ilacs_report():
    meta = _infer(ILACS)
    assert meta.kind == "ofsted_report"
    assert meta.publisher == "Ofsted"
    assert (meta.inspection_start, meta.inspection_end) == ("2025-01-27", "2025-02-07")
    assert meta.lead_inspector == "Nick Bennison"
    assert meta.local_authorities == ["Buckinghamshire"]
    assert meta.grades == {
        "impact_of_leaders": "requires improvement to be good",
        "help_and_protection": "requires improvement to be good",
        "in_care": "good",
        "care_leavers": "requires improvement to be good",
        "overall_effectiveness": "requires improvement to be good",
    }


def test_sif_report_2014_format():
    meta = _infer(SIF)
    assert meta.kind == "ofsted_report"
    assert (meta.inspection_start, meta.inspection_end) == ("2014-06-03", "2014-06-25")
    assert meta.published == "2014-08-08"
    assert meta.lead_inspector == "Brenda McLaughlin"
    assert meta.grades["overall_effectiveness"] == "inadequate"
    assert meta.grades["adoption"] == "requires improvement"
    assert meta.grades["care_leavers"] == "requires improvement"
    assert meta.grades["lscb"] == "inadequate"


def test_monitoring_letter():
    meta = _infer(LETTER)
    assert meta.kind == "ofsted_letter"
    assert meta.published == "2017-01-10"
    assert (meta.inspection_start, meta.inspection_end) == ("2016-11-30", "2016-12-01")
    assert meta.lead_inspector == "Linda Steele"
    assert meta.local_authorities == ["Buckinghamshire"]


def test_dates_without_year_take_it_from_publication():
    text = "The inspection, which was carried out on November 30 and December 1, looked at all aspects."
    assert infer_inspection_dates(text, date(2017, 1, 12)) == (date(2016, 11, 30), date(2016, 12, 1))
    month = infer_inspection_dates("education bosses rate it inadequate again following their latest visit in November", date(2018, 1, 29))
    assert month == (date(2017, 11, 1), date(2017, 11, 30))


def test_date_range_shapes():
    assert parse_date_range("11 to 15 September 2023") == (date(2023, 9, 11), date(2023, 9, 15))
    assert parse_date_range("6 November 2017 to 30 November 2017") == (date(2017, 11, 6), date(2017, 11, 30))
    assert parse_date_range("18 November – 10 December 2014") == (date(2014, 11, 18), date(2014, 12, 10))


def test_news_names_every_authority_and_reads_as_press():
    text = ("Buckinghamshire was the hardest hit of three negative reports published by Ofsted today, with Newham and "
            "Barnsley. The Ofsted report for Newham said staff have too much work, the inspectors said. "
            "Cambridgeshire's children's services jumped two grades, the report says.\n\nMore from Community Care")
    meta = _infer(text)
    assert meta.kind == "news"
    assert meta.publisher == "Community Care"
    assert meta.local_authorities[0] in {"Buckinghamshire", "Newham"}
    assert set(meta.local_authorities) == {"Buckinghamshire", "Newham", "Barnsley", "Cambridgeshire"}


def test_catalog_wins_and_inferred_fields_are_recorded():
    entry = {"title": "Curated title", "kind": "ofsted_letter", "published": "2017-01-10"}
    meta = build_metadata(LETTER, ExtractedText(LETTER, "txt"), Path("x.txt"), entry)
    assert meta.title == "Curated title"
    assert "title" not in meta.inferred and "kind" not in meta.inferred
    assert {"inspection_start", "inspection_end", "lead_inspector", "local_authorities"} <= set(meta.inferred)


def test_grades_absent_from_prose():
    assert infer_grades("Social workers report that overall effectiveness of plans is variable.") == {}


def test_month_precision_labels():
    from rag.types import DocumentMetadata

    meta = DocumentMetadata(published="2017-01-01", inspection_start="2021-02-01", inspection_end="2021-02-28",
                            precision={"published": "month", "inspection": "month"})
    assert meta.published_label() == "January 2017"
    assert meta.inspection_label() == "February 2021"
    assert DocumentMetadata(published="2017-01-10").published_label() == "2017-01-10"


OLDER_LAC = """Inspection of looked after children services
Sandwell Metropolitan Borough Council
Inspection dates: 24 – 28 June 2013
Contents
Overall effectiveness of services for looked after children and
young people 5
3. All inspection judgements are made using the following four point scale:
Outstanding (Grade 1) A service that significantly exceeds minimum requirements
Adequate (Grade 3) A service that only meets minimum requirements
Inadequate (Grade 4) A service that does not meet minimum requirements
""" + "Service information. " * 300 + """
Overall effectiveness of services for looked 
after children and young people
Grade 4 (Inadequate)
13. Overall effectiveness for looked after children is inadequate.
Capacity to improve
Grade 3 (Adequate)
"""


def test_an_inspection_before_2013_has_its_overall_grade_with_its_own_label():
    from rag.domain.judgements import OLDER_LABELS
    from rag.records.extract import overall_span

    assert infer_grades(OLDER_LAC) == {"looked_after_overall": "inadequate"}
    start, end = overall_span(OLDER_LAC)
    assert OLDER_LAC[start:end].endswith("Grade 4 (Inadequate)") and "looked" in OLDER_LAC[start:end]
    assert "before 2013" in OLDER_LABELS["looked_after_overall"]
    # "adequate" has no counterpart on today's scale: not read as a grade (and never as "inadequate")
    assert infer_grades(OLDER_LAC.replace("Grade 4 (Inadequate)", "Grade 3 (Adequate)")) == {}


def test_inspection_dates_written_as_numbers_day_first():
    text = ("London Borough of Redbridge Council\nInspection of services for children in need of help and protection\n"
            "Inspection date: 12/09/2016 to 06/10/2016\nReport published: 25/11/2016\n")
    assert infer_inspection_dates(text, date(2016, 11, 25)) == (date(2016, 9, 12), date(2016, 10, 6))
    assert parse_date_range("01/02/2016 - 31/01/2016") is None  # backwards: not a range


def test_a_question_on_looked_after_children_before_2013_is_answered_by_that_inspections_overall_grade():
    from rag.answer.compose import Composer
    from rag.answer.records import RecordAnswerer
    from rag.query import understand
    from rag.records.extract import build
    from rag.types import Document, DocumentMetadata
    from rag.understanding import build_query

    meta = DocumentMetadata(kind="ofsted_report", local_authorities=["Sandwell"], published="2013-08-02",
                            inspection_start="2013-06-24", inspection_end="2013-06-28", grades=infer_grades(OLDER_LAC))
    doc = Document(doc_id="d1", path="sandwell/2013.pdf", content_hash="h", version="v", text=OLDER_LAC, metadata=meta)
    record = build(doc)
    assert record.kind == "older" and record.grades["overall"] == "inadequate"
    answerer = RecordAnswerer(lambda doc_id: OLDER_LAC)
    for question in ("Sandwell 2013 - what was the overall effectiveness of its looked after children services?",
                     "how were Sandwell's children in care judged in 2013?"):
        plan = build_query(understand(question), [record])
        part = answerer._fact_part(plan, record, doc, Composer(lambda doc_id: OLDER_LAC))
        assert part.text.startswith("Inadequate.") and "looked after" in part.text, question
