"""Typed records that cross module borders."""

from __future__ import annotations

import bisect
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .records.model import InspectionRecord


@dataclass(frozen=True)
class PageStart:
    """The cleaned text from `offset` on comes from PDF page `page` (1-based)."""

    offset: int
    page: int


@dataclass
class ExtractedText:
    """A loader's output: text as it came out of the file, before cleaning."""

    text: str
    fmt: str  # txt, md, html, pdf, docx
    pages: list[str] | None = None  # PDFs: one string per page
    title: str | None = None  # from the file itself (HTML <title>, PDF /Title, DOCX core properties)
    file_created: str | None = None  # ISO date the file says it was made, if any


@dataclass
class CleanText:
    text: str
    page_starts: list[PageStart] = field(default_factory=list)

    def page_at(self, offset: int) -> int | None:
        if not self.page_starts:
            return None
        i = bisect.bisect_right([p.offset for p in self.page_starts], offset) - 1
        return self.page_starts[max(i, 0)].page


@dataclass
class DocumentMetadata:
    title: str = ""
    kind: str = "other"  # ofsted_report, ofsted_letter, council_statement, news, other
    publisher: str | None = None
    published: str | None = None  # ISO date
    inspection_start: str | None = None
    inspection_end: str | None = None
    local_authorities: list[str] = field(default_factory=list)
    grades: dict[str, str] = field(default_factory=dict)
    lead_inspector: str | None = None
    source_url: str | None = None
    licence: str | None = None
    # Dates known only to the month are stored as the 1st (published) or the whole month (inspection).
    precision: dict[str, str] = field(default_factory=dict)
    origin: str = "library"  # "upload" for files added through the app: labelled, and ranked below the library's own
    inferred: list[str] = field(default_factory=list)  # names of fields inferred from the text

    def published_label(self) -> str:
        """For people: "January 2017" when only the month is known."""
        return _label(self.published, self.precision.get("published")) or "date unknown"

    def inspection_label(self) -> str:
        if not self.inspection_start:
            return ""
        if self.precision.get("inspection") == "month":
            return _label(self.inspection_start, "month")
        if self.inspection_start == self.inspection_end:
            return self.inspection_start
        return f"{self.inspection_start} to {self.inspection_end}"

    def years(self) -> list[int]:
        """Years the document is about: when the visit happened or when it was published."""
        years = set()
        for value in (self.published, self.inspection_start, self.inspection_end):
            if value:
                years.add(int(value[:4]))
        if self.inspection_start and self.inspection_end:
            years.update(range(int(self.inspection_start[:4]), int(self.inspection_end[:4]) + 1))
        return sorted(years)


def _label(iso: str | None, precision: str | None) -> str:
    if not iso:
        return ""
    if precision == "month":
        from datetime import date

        return f"{date.fromisoformat(iso):%B %Y}"
    return iso


@dataclass
class Document:
    doc_id: str
    path: str  # relative to the documents folder
    content_hash: str  # of the file bytes
    version: str  # content hash + catalog entry + pipeline version: what a passage belongs to
    text: str  # cleaned text: what citations quote
    metadata: DocumentMetadata
    page_starts: list[PageStart] = field(default_factory=list)
    fmt: str = "txt"
    record: "InspectionRecord | None" = None  # Ofsted reports and letters: the facts as data (rag.records)

    def page_at(self, offset: int) -> int | None:
        return CleanText(self.text, self.page_starts).page_at(offset)

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class Passage:
    passage_id: str
    doc_id: str
    text: str
    start: int  # offsets into Document.text: text == document.text[start:end]
    end: int
    page: int | None
    section: str | None
    paragraph: int  # 1-based paragraph number in the document
    sentences: list[tuple[int, int]]  # absolute (start, end) offsets of whole sentences

    @property
    def content_hash(self) -> str:
        import hashlib

        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


@dataclass
class FileFailure:
    path: str
    reason: str


@dataclass
class IngestReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    skipped: list[FileFailure] = field(default_factory=list)  # duplicates: not an error
    failed: list[FileFailure] = field(default_factory=list)
    passages_embedded: int = 0
    passages_reused: int = 0
    pages: int = 0  # of the files indexed in this run
    passages: int = 0
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.failed


@dataclass
class Citation:
    n: int
    doc_id: str
    document: str  # path in the documents folder
    title: str
    kind: str
    date: str  # for people: "10 January 2017", or "January 2017" when only the month is known
    quote: str  # verbatim: document text[start:end]
    start: int
    end: int
    page: int | None = None
    published: str | None = None  # ISO
    inspection: str = ""  # the visit or inspection the source describes, for people

    def _replace_n(self, n: int) -> "Citation":
        from dataclasses import replace

        return replace(self, n=n)

    def to_json(self) -> dict:
        return {"n": self.n, "doc_id": self.doc_id, "document": self.document, "title": self.title, "kind": self.kind, "date": self.date,
                "quote": self.quote, "start": self.start, "end": self.end, "page": self.page,
                "published": self.published, "inspection": self.inspection}


@dataclass
class AnswerPart:
    """One sentence of an answer and the citations it rests on."""

    text: str
    citations: list[int]
    group: str = ""  # a heading such as the year, for compare and timeline answers
    note: bool = False  # a sentence about the library itself ("holds no report for X"): claims nothing from a document
    unstated: bool = False  # says the documents do not state what was asked, or shows only what they say instead


@dataclass
class Answer:
    question: str
    parts: list[AnswerPart] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    refused: bool = False
    understood: dict = field(default_factory=dict)
    timings_ms: dict = field(default_factory=dict)
    text: str = ""
    dropped: list[int] = field(default_factory=list)  # citations the checker refused
    mode: str = "extractive"
    table: list[dict] = field(default_factory=list)  # list and count answers: one row per inspection, with its [n]
    plan: dict = field(default_factory=dict)  # what was asked, about whom (rag.understanding.Query.to_json)
    about: list[str] = field(default_factory=list)  # doc_ids of the inspections the answer is about, first first (follow-ups)

    @property
    def not_stated(self) -> bool:
        """The documents do not state what was asked: the answer says so and at most shows what they do say."""
        return not self.refused and any(p.unstated for p in self.parts) and all(p.unstated or p.note for p in self.parts)

    def render(self) -> str:
        lines, group = [], None
        for part in self.parts:
            if part.group and part.group != group:
                group = part.group
                lines.append(f"{part.group}: {part.text}")
            else:
                lines.append(part.text)
        return "\n\n".join(lines)

    def to_json(self) -> dict:
        return {
            "question": self.question,
            "answer": self.text,
            "refused": self.refused,
            "not_stated": self.not_stated,
            "citations": [c.to_json() for c in self.citations],
            "understood": self.understood,
            "timings_ms": self.timings_ms,
            "mode": self.mode,
            "table": self.table,
            "plan": self.plan,
            "about": self.about,
        }
