"""A local authority's inspection history for trainees: each report, visit or letter, dated, with its
grades and its key findings as verbatim quotes that open their source."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .answer import human_date, human_range, trim_quote
from .records.extract import overall_span
from .chunking import blocks_of
from .sentences import sentence_spans
from .domain import grades
from .retrieval import document_date
from .types import Document



@dataclass
class Finding:
    quote: str
    start: int
    end: int
    page: int | None


@dataclass
class Entry:
    document: Document
    date: str  # ISO, the inspection's end or the publication
    label: str  # for people: "Inspection, 3–25 June 2014 (report published 8 August 2014)"
    grades: dict[str, str]
    findings: list[Finding] = field(default_factory=list)

    @property
    def overall_score(self) -> int | None:
        grade = self.grades.get("overall_effectiveness")
        return grades.score(grade)


def _label(doc: Document) -> str:
    m = doc.metadata
    visit = human_range(m.inspection_start, m.inspection_end, m.precision.get("inspection"))
    published = human_date(m.published, m.precision.get("published"))
    what = {"ofsted_report": "Inspection", "ofsted_letter": "Visit", "council_statement": "Council statement",
            "news": "Press report"}.get(m.kind, "Document")
    if visit and published:
        return f"{what}, {visit} (published {published})"
    return f"{what}, {visit or published or 'undated'}"


def key_findings(doc: Document, limit: int = 2) -> list[Finding]:
    """The judgement, then the opening sentences of the first substantial paragraphs: where Ofsted sums up."""
    text = doc.text
    findings: list[Finding] = []
    if doc.metadata.kind == "ofsted_report":
        span = overall_span(text)
        if span:
            findings.append(Finding(text[span[0]:span[1]], span[0], span[1], doc.page_at(span[0])))
    for block in blocks_of(text):
        if len(findings) >= limit + 1 or block.is_heading or len(block.text) < 200:
            continue
        if re.match(r"^(dear|this letter|aviation house|the inspectors)", block.text, re.IGNORECASE):
            continue
        start, end = trim_quote(text, *sentence_spans(block.text, block.start)[0])
        if end - start >= 60 and not any(f.start <= start < f.end for f in findings):
            findings.append(Finding(text[start:end], start, end, doc.page_at(start)))
    return findings[: limit + 1]


def build(documents: list[Document], authority: str) -> list[Entry]:
    """Documents about the authority, oldest first. `documents` must carry their text."""
    chosen = [d for d in documents if authority in d.metadata.local_authorities]
    return [Entry(d, document_date(d), _label(d), dict(d.metadata.grades), key_findings(d))
            for d in sorted(chosen, key=document_date)]
