"""A document's inspection record: values from its metadata (the catalog's corrections win), each
located in the document's own words so that an answer can quote the line that states it."""

from __future__ import annotations

import re
from datetime import date

from ..domain import grades as grade_words
from ..domain import judgements, visits
from ..domain.gazetteer import gazetteer
from ..types import Document
from .model import InspectionRecord

_HEAD = 9000  # judgement tables and inspection details sit in the first pages
OFFICIAL = ("ofsted_report", "ofsted_letter")


def _line(text: str, start: int, end: int) -> tuple[int, int]:
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    return line_start, len(text) if line_end == -1 else line_end


def _search(pattern: str, text: str, limit: int | None = _HEAD, flags: int = re.IGNORECASE) -> re.Match | None:
    return re.search(pattern, text[:limit] if limit else text, flags)


def overall_span(text: str) -> tuple[int, int] | None:
    """Where a report states its overall judgement, in any format since 2012."""
    for pattern, whole_line, *limit in (
        (rf"^Overall effectiveness:?\s+{grade_words.PATTERN}\b", True),
        (rf"The overall judgement is(?: that)?[^\n.]*?{grade_words.PATTERN}", False),
        (rf"Children’?'?s services in [^\n.]+? (?:are|is|requires?) {grade_words.PATTERN}", False),
        (r"Children’?'?s services in [^\n.]+? requires? improvement(?: to be good)?", False),
        # before 2013: "Overall effectiveness of services for looked after children and young people / Grade 4 (Inadequate)"
        (r"^Overall effectiveness of (?:services\s+for\s+looked\s+after\s+children\s+and\s+young\s+people|safeguarding\s+services)"
         rf"\s+Grade [1-4] \({grade_words.PATTERN}\)", False, 20000),
        # last: a judgements table the PDF flattened into one line (the words that state it, not the whole line)
        (rf"\bOverall effectiveness:?\s+{grade_words.PATTERN}\b", False),
    ):
        m = _search(pattern, text, *limit, flags=re.IGNORECASE | re.MULTILINE)
        if m:
            return _line(text, m.start(), m.end()) if whole_line and "\n" not in m.group(0) else (m.start(), m.end())
    return None


def _grade_in(text: str, span: tuple[int, int]) -> str | None:
    m = re.search(grade_words.PATTERN, text[span[0]:span[1]], re.IGNORECASE)
    return grade_words.normalise(m.group(1)) if m else None


def judgement_span(text: str, label: str, grade: str) -> tuple[int, int] | None:
    """The words stating this judgement's grade: the judgements table, else a heading ("...: good")."""
    for m in re.finditer(rf"{label}:?\s+(?:is\s+)?{grade_words.PATTERN}\b", text[:_HEAD], re.IGNORECASE):
        if grade_words.normalise(m.group(m.lastindex)) == grade:
            return m.start(), m.end()
    for m in re.finditer(rf"{label}:\s*{grade_words.PATTERN}\b", text, re.IGNORECASE):
        if grade_words.normalise(m.group(m.lastindex)) == grade:
            return m.start(), m.end()
    return None


def _judgements(text: str, meta_grades: dict[str, str], record: InspectionRecord) -> None:
    for j in judgements.JUDGEMENTS:
        for grade_key, label in j.stated:
            grade = grade_words.normalise(meta_grades.get(grade_key))
            if not grade:
                continue
            record.grades[j.key] = grade
            if grade_key in judgements.OLDER_LABELS:
                record.labels[j.key] = judgements.OLDER_LABELS[grade_key]
            span = overall_span(text) if j.key == "overall" else judgement_span(text, label, grade)
            if span and (j.key != "overall" or _grade_in(text, span) == grade):
                record.evidence[j.key] = span
            break


def _dates_span(text: str, start: str | None, kind: str) -> tuple[int, int] | None:
    m = _search(r"^inspection dates?:?[^\n]*", text, 4000, re.IGNORECASE | re.MULTILINE)
    if m:
        return m.start(), m.end()
    if not start:
        return None
    d = date.fromisoformat(start)
    day_month = rf"(?:{d.day}(?:st|nd|rd|th)?\s+{d:%B}|{d:%B}\s+{d.day}\b)"
    m = _search(rf"[^.\n]*\b{day_month}[^.\n]*\.?", text, 6000) or _search(
        rf"[^.\n]*\b(?:visit|inspection)\b[^.\n]*\b{d:%B}\b[^.\n]*\.?", text, 6000)
    return (m.start(), m.end()) if m else None


def _inspector_span(text: str, name: str) -> tuple[int, int] | None:
    name = name.split(" and ")[0]  # joint leads: the line that names the first names both
    m = _search(rf"(?:lead|reporting) inspectors?(?: on site)?:?\s*{re.escape(name)}[^\n]*?(?=\s+Judgement\b|$)", text, None, re.IGNORECASE | re.MULTILINE)
    if m:
        return m.start(), m.end()
    m = _search(rf"[^.\n]*\b{re.escape(name)}\b[^.\n]*\.?", text, None)
    return (m.start(), m.end()) if m else None


def build(doc: Document) -> InspectionRecord | None:
    """The record of an Ofsted report or letter; None for other documents."""
    meta = doc.metadata
    if meta.kind not in OFFICIAL or not meta.local_authorities:
        return None
    text = doc.text
    authority = gazetteer().get(meta.local_authorities[0])
    record = InspectionRecord(
        doc_id=doc.doc_id, document=doc.path,
        local_authority=authority.name if authority else meta.local_authorities[0],
        ons_code=authority.ons_code if authority else "", region=authority.region if authority else "",
        kind=visits.classify(text, meta.kind, meta.inspection_start, meta.inspection_end),
        published=meta.published, inspection_start=meta.inspection_start, inspection_end=meta.inspection_end,
        lead_inspector=meta.lead_inspector,
        corrected=[f for f in ("local_authorities", "published", "inspection_start", "lead_inspector", "grades")
                   if f not in meta.inferred and getattr(meta, f)],
    )
    names = [record.local_authority, *(authority.aliases if authority else ())]
    m = _search(r"(?<![\w-])(?:" + "|".join(re.escape(n) for n in names) + r")(?![\w-])[^\n]*", text, 1500)
    if m:
        record.evidence["local_authority"] = (m.start(), m.end())
    m = _search(r"^(?:report )?published:?[^\n]*\d{4}", text, 4000, re.IGNORECASE | re.MULTILINE)
    if m:
        record.evidence["published"] = (m.start(), m.end())
    span = _dates_span(text, meta.inspection_start, record.kind)
    if span:
        record.evidence["inspection_dates"] = span
    if meta.lead_inspector:
        span = _inspector_span(text, meta.lead_inspector)
        if span:
            record.evidence["lead_inspector"] = span
    if meta.kind == "ofsted_report":
        _judgements(text, meta.grades, record)
    return record
