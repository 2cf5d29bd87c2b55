"""The findings answerer (no LLM): a short answer of verbatim evidence sentences, each introduced by
its source and date, grouped by year for comparisons over time, and a plain refusal when the
documents do not hold the answer."""

from __future__ import annotations



from ..domain.gazetteer import gazetteer
from ..policy import POLICY
from ..query import Understood
from ..retrieval import OVER_TIME, Evidence, Retrieved, document_date
from ..understanding.intent import Intent
from ..understanding.slots import unit_asked
from ..types import Answer, AnswerPart, Document
from .compose import Composer

REFUSAL_THRESHOLD = POLICY.refusal_threshold
UNKNOWN_TERMS_LIMIT = POLICY.unknown_terms_limit
MAX_CHARS = 900
from .numbers import NUMBER_WINDOW, _has_figure, number_in  # noqa: F401  (number_in is this module's API too)

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

    def answer(self, u: Understood, retrieved: Retrieved, all_documents: list[Document], name_authority: bool = False) -> Answer:
        answer = Answer(question=u.question, understood=u.to_json())
        composer = Composer(self.document_text, name_authority)
        evidence = _about(retrieved.evidence, u.local_authorities)
        # "How has X changed?" with no topic: the judgements over time are the answer.
        if (not evidence or retrieved.confidence < self.refusal_threshold
                               or retrieved.unknown_terms >= UNKNOWN_TERMS_LIMIT):
            answer.refused = True
            answer.parts = [AnswerPart(refusal_text(u, retrieved, all_documents), [])]
            answer.text = answer.render()
            return answer
        speakers = {"council_statement": "the council", "news": "the press"}
        wanted = [k for k in u.kinds if k in speakers]
        if wanted and any(ev.document.metadata.kind in wanted for ev in evidence):
            evidence = [ev for ev in evidence if ev.document.metadata.kind in wanted]  # asked for the council: its words only
        elif wanted and not any(d.metadata.kind in wanted for d in retrieved.allowed_documents):
            place = f" about {', '.join(u.local_authorities)}" if u.local_authorities else ""
            when = f" {u.time_phrase}" if u.time_phrase else ""
            composer.parts.append(AnswerPart(  # who is speaking matters: never pass Ofsted's words off as the council's
                f"The library holds nothing from {' or '.join(speakers[k] for k in wanted)}{place}{when}; "
                f"what the documents it does hold say:", [], note=True))
        if u.intent in OVER_TIME:
            self._by_year(evidence, retrieved, composer)
        else:
            unit = unit_asked(u.asked or u.question) if u.intent is Intent.NUMBER else ""
            if unit:
                self._number_first(evidence, composer, u.topic, unit)
            if not (u.years or u.month or u.since or u.span) and evidence:
                evidence = _newest_first(evidence)
            self._quotes(evidence, composer, limit=3)
            unled = unit and composer.parts and not composer.parts[0].text[:1].isdigit() and not composer.parts[0].text.startswith("£")
            # A quote holding a figure of the unit asked may well be the answer, unattached: then the quotes stand
            # alone, with no lead and no claim that the documents are silent. Only quotes with no such figure
            # at all are shown as "not stated" (money: always, as the spend asked is rarely a report's figure).
            if unled and unit != "money" and any(_has_figure(composer.citations[n - 1].quote, unit) for part in composer.parts
                                                 for n in part.citations):
                unled = False
            if unled:
                # no figure of what was asked: say so, and show what the documents do say instead
                for part in composer.parts:
                    part.unstated = True
                what = {"money": "that amount", "percent": "that percentage"}.get(unit, "that figure")
                composer.parts.insert(0, AnswerPart(f"The documents do not state {what}. What they say:", [], note=True, unstated=True))
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
            if per_doc.get(ev.document.doc_id, 0) >= per_doc_limit or any(c.doc_id == ev.document.doc_id and c.start < ev.end and ev.start < c.end for c in composer.citations):
                continue
            part = composer.quote_part(ev.document, ev.start, ev.end)
            if composer.parts and composer.length() + len(part.text) > MAX_CHARS:
                composer.citations.pop()
                continue
            composer.parts.append(part)
            per_doc[ev.document.doc_id] = per_doc.get(ev.document.doc_id, 0) + 1
            added += 1

    @staticmethod
    def _number_first(evidence: list[Evidence], composer: Composer, topic: str, unit: str) -> None:
        # A wider window than for quotes: the figure asked often sits in a plain sentence of the report's
        # information section that ranks below its prose; number_in holds the sentence to the thing asked.
        best = evidence[0].score
        for ev in evidence[:15]:
            if ev.score < best - NUMBER_WINDOW:
                break
            number = number_in(ev.text, topic, unit)
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


def _newest_first(evidence: list[Evidence]) -> list[Evidence]:
    """Quotes close to the best (within the policy's recency window), newest inspection first; the rest
    after them in their order."""
    best = evidence[0].score
    near = [ev for ev in evidence if ev.score >= best - POLICY.recency_window]
    return sorted(near, key=lambda ev: document_date(ev.document), reverse=True) + [ev for ev in evidence if ev.score < best - POLICY.recency_window]


def _about(evidence: list[Evidence], authorities: list[str]) -> list[Evidence]:
    """A press piece covering several councils: only its sentences that name the council asked about
    answer for it (Buckinghamshire's grade must never pass for Cambridgeshire's)."""
    if not authorities:
        return evidence
    wanted = set(authorities)
    kept = []
    for ev in evidence:
        covered = ev.document.metadata.local_authorities
        if len(covered) <= 1 or set(gazetteer().mentions(ev.text)) & wanted:
            kept.append(ev)
    return kept
