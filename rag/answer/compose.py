"""Composing answers from verbatim quotes: dates for people, how each source is introduced (its
authority, kind of visit and dates), citations, and the answer being built."""

from __future__ import annotations

import re
from datetime import date

from ..domain import visits
from ..types import AnswerPart, Citation, Document

LEADING_MARK = re.compile(r"^(?:\s+|- |\d{1,3}\.\s+|\d\.\d\s+)+")


def human_date(iso: str | None, precision: str | None = None) -> str:
    if not iso:
        return ""
    d = date.fromisoformat(iso)
    return f"{d:%B %Y}" if precision == "month" else f"{d.day} {d:%B %Y}"


def human_range(start: str | None, end: str | None, precision: str | None = None) -> str:
    if not start:
        return ""
    if precision == "month":
        return human_date(start, "month")
    a, b = date.fromisoformat(start), date.fromisoformat(end or start)
    if a == b:
        return human_date(start)
    if (a.year, a.month) == (b.year, b.month):
        return f"{a.day}–{b.day} {b:%B %Y}"
    if a.year == b.year:
        return f"{a.day} {a:%B}–{b.day} {b:%B %Y}"
    return f"{human_date(start)}–{human_date(end)}"


def possessive(name: str) -> str:
    return f"{name}’" if name.endswith("s") else f"{name}’s"


def visit_label(doc: Document) -> str:
    """"Barnsley's standard inspection of 11–15 September 2023": whose visit, what kind, when."""
    m, r = doc.metadata, doc.record
    authority = r.local_authority if r else (m.local_authorities[:1] or [""])[0]
    kind = visits.label(r.kind) if r and r.kind != "other" else ("inspection" if m.kind == "ofsted_report" else "visit")
    when = human_range(m.inspection_start, m.inspection_end, m.precision.get("inspection"))
    return f"{possessive(authority)} {kind}" + (f" of {when}" if when else "")


def source_intro(doc: Document, name_authority: bool = False) -> str:
    """How a quote is introduced: Ofsted's words as Ofsted's, press as press, the council as the council.
    With many authorities in the library, Ofsted's words also say whose inspection they are from."""
    m = doc.metadata
    if name_authority and m.kind in ("ofsted_report", "ofsted_letter") and m.origin != "upload" and m.local_authorities:
        published = human_date(m.published, m.precision.get("published"))
        what = "report" if m.kind == "ofsted_report" else "letter"
        return f"On {visit_label(doc)}, Ofsted’s {what}" + (f" (published {published})" if published else "") + " said"
    published = human_date(m.published, m.precision.get("published"))
    visit = human_range(m.inspection_start, m.inspection_end, m.precision.get("inspection"))
    if m.origin == "upload":  # whatever it claims to be, nobody has checked it
        when = f", {published}" if published else ""
        return f"An uploaded document (“{m.title}”{when}), not verified as an official source, says"
    if m.kind == "ofsted_letter":
        after = f" after the visit of {visit}" if visit else ""
        return f"In its letter of {published}{after}, Ofsted said" if published else f"In a letter{after}, Ofsted said"
    if m.kind == "ofsted_report":
        on = f" on the inspection of {visit}" if visit else ""
        return f"In its report published {published}{on}, Ofsted said" if published else f"In its inspection report{on}, Ofsted said"
    if m.kind == "news":
        who = m.publisher or "a news report"
        when = f", {published}" if published else ""
        return f"Press coverage ({who}{when}), not Ofsted's own words, reported"
    if m.kind == "council_statement":
        who = m.publisher or "The council"
        about = f" of Ofsted's findings from the visit in {visit}" if visit else ""
        return f"{who}'s own summary{about} says"
    when = f" ({published})" if published else ""
    return f"The document “{m.title}”{when} says"


def citation_for(n: int, doc: Document, start: int, end: int, quote: str) -> Citation:
    m = doc.metadata
    return Citation(
        n=n, doc_id=doc.doc_id, document=doc.path, title=m.title, kind=m.kind,
        date=human_date(m.published, m.precision.get("published")) or human_range(m.inspection_start, m.inspection_end, m.precision.get("inspection")),
        quote=quote, start=start, end=end, page=doc.page_at(start), published=m.published,
        inspection=human_range(m.inspection_start, m.inspection_end, m.precision.get("inspection")),
    )


def trim_quote(text: str, start: int, end: int) -> tuple[int, int]:
    """Quote the sentence without its list mark or paragraph number; still verbatim."""
    body = text[start:end]
    m = LEADING_MARK.match(body)
    if m:
        start += m.end()
    # A quote that opens with a quotation mark it never closes: leave the mark out.
    if text[start:start + 1] in "“\"" and not re.search("[”\"]", text[start + 1:end]):
        start += 1
    return start, end


class Composer:
    def __init__(self, document_text, name_authority: bool = False):
        self.document_text = document_text  # doc_id -> cleaned text (with the document cached by the caller)
        self.name_authority = name_authority  # many authorities in the library: every quote says whose it is
        self.citations: list[Citation] = []
        self.parts: list[AnswerPart] = []

    def cite(self, doc: Document, start: int, end: int) -> int:
        text = self.document_text(doc.doc_id)
        start, end = trim_quote(text, start, end)
        for c in self.citations:
            if c.doc_id == doc.doc_id and c.start == start and c.end == end:
                return c.n
        n = len(self.citations) + 1
        self.citations.append(citation_for(n, doc, start, end, text[start:end]))
        return n

    def quote_part(self, doc: Document, start: int, end: int, lead: str = "", group: str = "") -> AnswerPart:
        n = self.cite(doc, start, end)
        quote = self.citations[n - 1].quote
        intro = source_intro(doc, self.name_authority)
        text = f"{lead}{intro}: “{quote}” [{n}]"
        return AnswerPart(text, [n], group)

    def length(self) -> int:
        return sum(len(p.text) + 2 for p in self.parts)




def prepend(answer, first):
    """`first`'s parts and citations ahead of `answer`'s, every [n] of `answer` renumbered after them."""
    from dataclasses import replace as _replace

    m = len(first.citations)
    shift = lambda text: re.sub(r"\[(\d+)\]", lambda g: f"[{int(g[1]) + m}]", text)  # noqa: E731
    answer.parts = first.parts + [_replace(p, text=shift(p.text), citations=[n + m for n in p.citations]) for p in answer.parts]
    answer.citations = first.citations + [_replace(c, n=c.n + m) for c in answer.citations]
    answer.about = list(dict.fromkeys([*first.about, *answer.about]))
    answer.text = answer.render()
    return answer
