"""The default answerer: no LLM. It composes a short answer from verbatim evidence sentences, opens
with the specific fact when the question asks for one, introduces every quote by its source and
date, and says plainly when the documents do not hold the answer."""

from __future__ import annotations

import re
from datetime import date

from .query import Understood
from .retrieval import Evidence, Retrieved, document_date
from .types import Answer, AnswerPart, Citation, Document

# Calibrated on the eval set (python -m rag eval): below this confidence the answer is a refusal,
# as it is when most of the question's terms occur nowhere in the library.
REFUSAL_THRESHOLD = 0.32
UNKNOWN_TERMS_LIMIT = 0.5
MAX_CHARS = 900

_GRADE = r"(outstanding|good|requires improvement to be good|requires improvement|require improvement|inadequate)"
_NUMBER_WORDS = r"\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundred|half|a third|a quarter)\b"
_JUDGEMENT_WORDS = {"overall", "judgement", "judgements", "judgment", "judgments", "grade", "grades", "graded", "rating",
                    "ratings", "rated", "effectiveness", "judged", "outcome", "outcomes", "result", "results"}
_LEADING_MARK = re.compile(r"^(?:\s+|- |\d{1,3}\.\s+|\d\.\d\s+)+")


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


def source_intro(doc: Document) -> str:
    """How a quote is introduced: Ofsted's words as Ofsted's, press as press, the council as the council."""
    m = doc.metadata
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
    m = _LEADING_MARK.match(body)
    if m:
        start += m.end()
    # A quote that opens with a quotation mark it never closes: leave the mark out.
    if text[start:start + 1] in "“\"" and not re.search("[”\"]", text[start + 1:end]):
        start += 1
    return start, end


class Composer:
    def __init__(self, document_text):
        self.document_text = document_text  # doc_id -> cleaned text (with the document cached by the caller)
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
        intro = source_intro(doc)
        text = f"{lead}{intro}: “{quote}” [{n}]"
        return AnswerPart(text, [n], group)

    def length(self) -> int:
        return sum(len(p.text) + 2 for p in self.parts)


def _find(text: str, pattern: str, limit: int | None = None) -> tuple[int, int] | None:
    m = re.search(pattern, text[:limit] if limit else text, re.IGNORECASE | re.MULTILINE)
    return (m.start(), m.end()) if m else None


def _line_at(text: str, start: int, end: int) -> tuple[int, int]:
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    return line_start, (len(text) if line_end == -1 else line_end)


def grade_quote(text: str) -> tuple[int, int] | None:
    """Where the report states its overall judgement, in any format since 2014."""
    head = 6000
    for pattern in (
        rf"^Overall effectiveness:?\s+{_GRADE}",
        rf"The overall judgement is(?: that)?[^\n.]*?{_GRADE}",
        rf"Children’?'?s services in [^\n.]+? (?:are|is) {_GRADE}",
    ):
        span = _find(text, pattern, head)
        if span:
            return _line_at(text, *span) if pattern.startswith("^") else span
    return None


# Judgements a question can ask about by name, with the labels reports of each format give them.
JUDGEMENTS = [
    ("adoption", r"adoption", r"adoption performance"),
    ("care_leavers", r"care leavers?", r"(?:experiences and progress of care leavers)"),
    ("in_care", r"children in care|looked after", r"(?:experiences and progress of children in care(?! and)|children looked after and achieving permanence)"),
    ("help_and_protection", r"help and protection", r"children who need help and protection"),
    ("impact_of_leaders", r"leaders|leadership", r"(?:impact of leaders on social work practice with children and families|leadership, management and governance)"),
    ("lscb", r"safeguarding children board|lscb", r"effectiveness of the local safeguarding children board \(lscb\) is"),
]


def judgement_quote(text: str, topic: str, grades: dict[str, str]) -> tuple[str, tuple[int, int] | None]:
    """The judgement the topic names (adoption, care leavers, ...), else the overall one, and where it is stated."""
    for key, asked, label in JUDGEMENTS:
        if re.search(asked, topic, re.IGNORECASE):
            m = re.search(rf"{label}:?\s+{_GRADE}", text[:8000], re.IGNORECASE)
            if m:
                found = next((k for k in (key, "looked_after_and_permanence", "leadership", "in_care_and_care_leavers") if k in grades), key)
                return found, (m.start(), m.end())
    return "overall_effectiveness", grade_quote(text)


def number_in(text: str) -> str | None:
    body = _LEADING_MARK.sub("", text)
    m = re.search(r"\b\d[\d,]*(?:\.\d+)?%?", body) or re.search(_NUMBER_WORDS, body, re.IGNORECASE)
    return m.group(0) if m else None


def refusal_text(u: Understood, retrieved: Retrieved, all_documents: list[Document]) -> str:
    topic = u.topic or "that"
    place = f" for {', '.join(u.local_authorities)}" if u.local_authorities else ""
    when = f" {u.time_phrase}" if u.time_phrase else ""
    if retrieved.reason_empty and retrieved.reason_empty != "time":
        held = sorted({la for d in all_documents for la in d.metadata.local_authorities})
        return f"The documents do not cover {retrieved.reason_empty}. The library holds documents about {', '.join(held) or 'no authority yet'}."
    if retrieved.reason_empty == "time":
        years = sorted({y for d in all_documents for y in d.metadata.years() if not u.local_authorities or set(d.metadata.local_authorities) & set(u.local_authorities)})
        span = ", ".join(str(y) for y in years)
        return f"The documents do not cover {topic}{place}{when}. The documents{place} are about {span or 'no dates'}."
    if u.topic and len(u.topic.split()) >= 2 and (place or when):
        return f"The documents do not cover {topic}{place}{when}."
    return f"The documents do not cover this: nothing in them answers “{u.question}”."


class ExtractiveAnswerer:
    def __init__(self, document_text, refusal_threshold: float = REFUSAL_THRESHOLD):
        self.document_text = document_text
        self.refusal_threshold = refusal_threshold

    def answer(self, u: Understood, retrieved: Retrieved, all_documents: list[Document]) -> Answer:
        answer = Answer(question=u.question, understood=u.to_json())
        composer = Composer(self.document_text)
        evidence = retrieved.evidence
        # "How has X changed?" with no topic: the judgements over time are the answer.
        judgement_history = u.qtype in ("compare", "timeline") and not (set(u.topic.lower().split()) - _JUDGEMENT_WORDS)
        structured = (u.qtype in ("grade", "who", "when") or judgement_history) and self._structured(u, retrieved, composer)
        if not structured and (not evidence or retrieved.confidence < self.refusal_threshold
                               or retrieved.unknown_terms >= UNKNOWN_TERMS_LIMIT):
            answer.refused = True
            answer.parts = [AnswerPart(refusal_text(u, retrieved, all_documents), [])]
            answer.text = answer.render()
            return answer
        if u.qtype in ("compare", "timeline") and not structured:
            self._by_year(evidence, retrieved, composer)
        elif not structured:
            if u.qtype == "how_many":
                self._number_first(evidence, composer)
            self._quotes(evidence, composer, limit=3)
        answer.parts, answer.citations = composer.parts, composer.citations
        answer.text = answer.render()
        return answer

    # --- answer shapes ---------------------------------------------------------------------------

    def _quotes(self, evidence: list[Evidence], composer: Composer, limit: int) -> None:
        if not evidence:
            return
        floor = evidence[0].score - 0.2
        strong_docs = {ev.document.doc_id for ev in evidence if ev.score >= floor}
        per_doc_limit = 3 if len(strong_docs) == 1 else 2
        per_doc: dict[str, int] = {}
        added = 0
        for ev in evidence:
            if added >= limit or ev.score < floor:
                break
            if per_doc.get(ev.document.doc_id, 0) >= per_doc_limit or any(c.doc_id == ev.document.doc_id and c.start <= ev.start < c.end for c in composer.citations):
                continue
            part = composer.quote_part(ev.document, ev.start, ev.end)
            if composer.parts and composer.length() + len(part.text) > MAX_CHARS:
                composer.citations.pop()
                continue
            composer.parts.append(part)
            per_doc[ev.document.doc_id] = per_doc.get(ev.document.doc_id, 0) + 1
            added += 1

    def _number_first(self, evidence: list[Evidence], composer: Composer) -> None:
        best = evidence[0].score
        for ev in evidence[:6]:
            if ev.score < best - 0.15:
                break
            number = number_in(ev.text)
            if number:
                part = composer.quote_part(ev.document, ev.start, ev.end, lead=f"{number}. ")
                composer.parts.append(part)
                return

    def _by_year(self, evidence: list[Evidence], retrieved: Retrieved, composer: Composer) -> None:
        """One quote per document, oldest first, each under its year."""
        best_by_doc: dict[str, Evidence] = {}
        for ev in evidence:
            if ev.score >= evidence[0].score - 0.35 and ev.document.doc_id not in best_by_doc:
                best_by_doc[ev.document.doc_id] = ev
        chosen = sorted(best_by_doc.values(), key=lambda ev: document_date(ev.document))
        official = [ev for ev in chosen if ev.document.metadata.kind in ("ofsted_report", "ofsted_letter")]
        if len(official) >= 2:
            chosen = official  # compare Ofsted with Ofsted; press adds nothing but repetition
        for ev in chosen[:6]:
            year = document_date(ev.document)[:4] or "Undated"
            part = composer.quote_part(ev.document, ev.start, ev.end, group=year)
            if composer.parts and composer.length() + len(part.text) > MAX_CHARS + 300:
                composer.citations.pop()
                break
            composer.parts.append(part)

    def _structured(self, u: Understood, retrieved: Retrieved, composer: Composer) -> bool:
        """Grades, lead inspectors and dates come from metadata, and are quoted from the text that states them."""
        docs = self._documents_in_question(u, retrieved)
        added = False
        for doc in docs:
            text = self.document_text(doc.doc_id)
            meta = doc.metadata
            span, lead = None, ""
            if u.qtype in ("grade", "compare", "timeline") and meta.kind == "ofsted_report" and meta.grades:
                _, span = judgement_quote(text, u.topic, meta.grades)
                if span:  # the grade is read from the words quoted, so the lead can never disagree with its quote
                    grade = re.search(_GRADE, text[span[0]:span[1]], re.IGNORECASE).group(1).lower()
                    lead = f"{grade[0].upper()}{grade[1:]}. "
            elif u.qtype == "who" and meta.lead_inspector and re.search(r"inspect|led|lead", u.question, re.IGNORECASE):
                span = _find(text, rf"lead inspector:?\s*{re.escape(meta.lead_inspector)}(?:,?\s*(?:Her|His) Majesty[’']s Inspector|\s+HMI)?") or _find(
                    text, rf"[^.\n]*\b{re.escape(meta.lead_inspector)}\b[^.\n]*\.?")
                lead = f"{meta.lead_inspector}. "
            elif u.qtype == "when" and meta.inspection_start:
                span = _find(text, r"inspection dates?:?[^\n]*", 4000) or _find(text, r"[^.\n]*\b(?:visit|inspection)\b[^.\n]*\b(?:19|20)\d\d\b[^.\n]*\.")
                lead = f"{human_range(meta.inspection_start, meta.inspection_end, meta.precision.get('inspection'))}. "
            if span:
                group = document_date(doc)[:4] if len(docs) > 1 else ""
                composer.parts.append(composer.quote_part(doc, span[0], span[1], lead=lead, group=group))
                added = True
        return added

    @staticmethod
    def _documents_in_question(u: Understood, retrieved: Retrieved) -> list[Document]:
        """The documents a grade, who or when question is about: the ones in its years, else the best match."""
        docs = sorted(retrieved.allowed_documents, key=document_date)
        official = [d for d in docs if d.metadata.kind in ("ofsted_report", "ofsted_letter") and d.metadata.origin != "upload"] or [
            d for d in docs if d.metadata.kind in ("ofsted_report", "ofsted_letter")]  # an upload stands in only when nothing else can
        if u.qtype in ("grade", "compare", "timeline"):
            official = [d for d in official if d.metadata.kind == "ofsted_report"]
        if u.years or u.latest or u.qtype in ("compare", "timeline"):
            return official[:6]
        if u.qtype == "when":  # a visit is in a letter, an inspection in a report
            wanted = "ofsted_letter" if re.search(r"\bvisit", u.question, re.IGNORECASE) else "ofsted_report"
            official = [d for d in official if d.metadata.kind == wanted] or official
        ranked = [ev.document for ev in retrieved.evidence if ev.document in official]
        return ranked[:1] or official[-1:]
