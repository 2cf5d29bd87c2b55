"""One question in, one checked answer out: understand, plan the subject, retrieve when the answerer
needs passages, answer, verify."""

from __future__ import annotations

import re
import time
from dataclasses import replace
from collections.abc import Iterator
from dataclasses import dataclass, field

from .answer.compose import prepend
from .answer.findings import ExtractiveAnswerer
from .answer.table import TABLE, Answerers, Ask, resolve_subject, retrieval_scope
from .citations import verify
from .index import PassageIndex
from .lexical import PassageCorpus
from .records.table import records_of
from .query import Understood, understand
from .understanding.follow_ups import resolve_follow_up, standalone
from .retrieval import Filters, HybridRetriever, Retrieved
from .types import Answer, AnswerPart
from .understanding import Intent, build_query


@dataclass
class Focus:
    """What an answer was about: the documents it cited, first first, and the quotes it gave."""

    doc_ids: list[str] = field(default_factory=list)
    spans: list[tuple[str, int, int]] = field(default_factory=list)
    listed: list[str] = field(default_factory=list)  # a list answer's authorities (its table), for "which of those…"

    @classmethod
    def of(cls, citations: list, about: list[str] | None = None) -> "Focus":
        """`about`: the inspections an answer is about, when it says (it may quote an older one too)."""
        get = (lambda c, k: c[k]) if citations and isinstance(citations[0], dict) else getattr  # noqa: E731
        return cls(list(dict.fromkeys([*(about or []), *(get(c, "doc_id") for c in citations)])),
                   [(get(c, "doc_id"), get(c, "start"), get(c, "end")) for c in citations])


@dataclass
class Conversation:
    """What a follow-up needs from earlier turns. One per chat; never shared between users."""

    turns: list[Understood] = field(default_factory=list)
    focus: list[Focus] = field(default_factory=list)

    @property
    def last(self) -> Understood | None:
        return self.turns[-1] if self.turns else None

    @property
    def last_focus(self) -> Focus | None:
        return self.focus[-1] if self.focus else None

    def remember(self, u: Understood, answer: Answer) -> None:
        self.turns.append(u)
        focus = Focus.of(answer.citations, answer.about) if answer.citations else (self.last_focus or Focus())
        if answer.table:
            focus = replace(focus, listed=list(dict.fromkeys(row.get("authority", "") for row in answer.table if row.get("authority"))))
        self.focus.append(focus)

    @classmethod
    def replay(cls, questions: list[str], answers: list[dict | None] | None = None) -> "Conversation":
        """Rebuild a stored chat's context, so a follow-up after a reload still knows what came before
        (and, given the stored answers, what each answer cited)."""
        conversation = cls()
        for i, question in enumerate(questions):
            conversation.turns.append(resolve_follow_up(question, conversation.last, earlier=conversation.turns))
            stored = (answers or [])[i] if answers and i < len(answers) else None
            cited = stored.get("citations") if stored else None
            focus = Focus.of(cited, stored.get("about")) if cited else (conversation.last_focus or Focus())
            if stored and stored.get("table"):  # "which of those…" after a reload: the list it showed
                focus = replace(focus, listed=list(dict.fromkeys(row.get("authority", "") for row in stored["table"] if row.get("authority"))))
            conversation.focus.append(focus)
        return conversation


# "what else has she led?", "which other inspections did he lead?": the lead inspector of the inspection in focus
_THEIR_OTHERS = re.compile(r"\b(?:she|he|they|that inspector|the same (?:inspector|person|hmi))\b[^?]*\b(?:lead|led|inspected)\b"
                           r"|\b(?:led|inspected) by (?:her|him|them)\b|\b(?:her|his) other (?:inspections|reports)\b", re.IGNORECASE)


def inspector_in_focus(question: str, focus: Focus | None, documents: dict) -> Understood | None:
    """The question about the inspector of the last answer, asked by name; None when it asks something else."""
    if focus is None or not _THEIR_OTHERS.search(question):
        return None
    record = next((documents[d].record for d in focus.doc_ids if d in documents and documents[d].record
                   and documents[d].record.lead_inspector), None)
    return understand(f"Which inspections did {record.lead_inspector.split(' and ')[0]} lead?") if record else None


def one_of_listed(u: Understood, focus: Focus | None, documents: dict) -> Understood:
    """"Most recent one?", "who led the oldest one?" after a list: the newest (or oldest) inspection it showed."""
    shown = [documents[d].record for d in (focus.doc_ids if focus else []) if d in documents and documents[d].record]
    shown = [r for r in shown if not focus.listed or r.local_authority in focus.listed]
    if not shown:
        return replace(u, refers="")
    pick = (max if u.refers == "newest_listed" else min)(shown, key=lambda r: r.inspection_start or r.date)
    year = int((pick.inspection_start or pick.date)[:4])
    picked = replace(u, refers="", local_authorities=[pick.local_authority], years=[year], latest=False, month=None,
                     time_phrase=f"in {year}", focus_doc=pick.doc_id)
    picked.question = standalone(picked)
    return picked


_THAT_PREVIOUS = re.compile(r"\b(?:that|this|the same)\s+(?:previous|earlier|prior|older)\b", re.IGNORECASE)
_FROM_PREVIOUS = re.compile(r"\b(?:from|since|compared (?:to|with)|than|against|on|over|vs\.?|versus)\s+(?:the |its |their |that )?"
                            r"(?:previous|prior|earlier|last)\b|\b(?:from|since|than|on)\s+(?:the one before|before)\b", re.IGNORECASE)


def resolve_focus(u: Understood, focus: Focus, documents: dict, records: list) -> Understood:
    """"Who led it?", "the one before", "did it get better after that?": against the last answer's document."""
    from dataclasses import replace

    from .records.table import record_year

    record = next((documents[d].record for d in focus.doc_ids if d in documents and documents[d].record), None)
    if record is None:
        return u
    same = sorted((r for r in records if r.local_authority == record.local_authority and r.is_full_inspection == record.is_full_inspection),
                  key=lambda r: r.date)
    chosen, intent = record, u.intent
    shown = sorted({d: documents[d].record for d in focus.doc_ids if d in documents and documents[d].record
                    and documents[d].record.local_authority == record.local_authority}.values(), key=lambda r: r.date)
    if u.refers == "before_focus" and len(shown) >= 2 and _THAT_PREVIOUS.search(u.asked or u.question):
        chosen = shown[0]  # after a change answer, "that previous inspection" is the earlier one it showed
    elif u.refers == "before_focus":
        earlier = [r for r in same if r.date < record.date]
        chosen = earlier[-1] if earlier else None
    elif u.refers == "next_focus":
        later = [r for r in same if r.date > record.date]
        chosen = later[0] if later else None
    years = sorted({int(v[:4]) for v in (chosen.inspection_start, chosen.inspection_end) if v} or record_year(chosen)) if chosen else []
    if u.refers == "after_focus":
        later = [y for r in same if r.date >= record.date for y in record_year(r)]
        years, intent = sorted(set(later)), (Intent.GRADE_HISTORY if u.intent in (Intent.CHANGE, Intent.GRADE_HISTORY, Intent.GRADE)
                                             else Intent.COMPARE_YEARS if u.intent is Intent.FINDINGS else u.intent)
    if u.refers == "before_focus" and u.intent is Intent.CHANGE and chosen is not None and _FROM_PREVIOUS.search(u.asked or u.question):
        # "has it gone backwards from the previous one?": the focus against the one before it, both years
        years = sorted(set(years) | {int(v[:4]) for v in (record.inspection_start, record.inspection_end) if v})
        chosen = None
    if not years:
        return u
    since = (record.inspection_start or record.date) if u.refers == "after_focus" else ""  # "after that": nothing earlier
    resolved = replace(u, years=years, since=since, focus_doc=chosen.doc_id if chosen is not None and u.refers != "after_focus" else "", latest=False, month=None, local_authorities=u.local_authorities or [record.local_authority],
                       intent=intent, time_phrase=f"in {years[0]}" if len(years) == 1 else f"from {years[0]} to {years[-1]}")
    resolved.question = standalone(resolved)
    return resolved


class Assistant:
    def __init__(self, index: PassageIndex, corpus: PassageCorpus, retriever: HybridRetriever, generator=None):
        self.index = index
        self.corpus = corpus
        self.retriever = retriever
        self.generator = generator  # optional LLM backend (rag.llm.GenerativeAnswerer)
        self.extractive = ExtractiveAnswerer(self.document_text)
        self.answerers = Answerers(self.document_text, self.extractive.refusal_threshold)
        self._records: tuple[str, list] = ("", [])

    def document_text(self, doc_id: str) -> str | None:
        """The committed text of a document (from the snapshot: no round trip to Chroma)."""
        return self.corpus.snapshot().text_of(doc_id)

    def records(self):
        """The library's inspection records, rebuilt only when an ingest changed the snapshot."""
        snap = self.corpus.snapshot()
        if self._records[0] != snap.signature:
            self._records = (snap.signature, records_of(list(snap.documents.values())))
        return snap, self._records[1]

    def _records_instead(self, query, refused: Answer, records: list, documents: dict, filters: Filters) -> Answer:
        """Nothing in the passages on the words asked about one council: its records answer what the question's
        slots ask (a change, what to improve, the grades), and the refusal is said first only when the
        words named a topic the records cannot answer."""
        s = query.slots
        intent = (Intent.CHANGE if s.change is not None else Intent.IMPROVE if s.measure.value == "improve"
                  else Intent.GRADE_HISTORY)
        ask = Ask(replace(query, intent=intent), None, documents, records, filters, True, self.retriever)
        held = TABLE[intent].answer(self.answerers, ask) if intent is not Intent.GRADE_HISTORY else \
            self.answerers.records.fact_answer(replace(query, intent=intent), records, documents, [])
        if (held is None or not held.parts) and intent is Intent.GRADE_HISTORY and query.u.years:
            # no inspection of the year asked ("Cumberland's 2019 report"): the nearest, said so
            return self.answerers.records.fact_answer(replace(query, intent=Intent.GRADE), records, documents, []) or refused
        if held is None or not held.parts or held.refused:
            return refused
        if intent is Intent.GRADE_HISTORY:
            said = refused.text.strip() or "The documents do not cover that."
            held.parts.insert(0, AnswerPart(f"{said} What the library holds on {query.authorities[0]}’s inspections:", [],
                                            note=True, unstated=True))
            held.text = held.render()
        return held

    def ask(self, question: str, conversation: Conversation | None = None, filters: Filters | None = None,
            use_llm: bool = False) -> Answer:
        answer = None
        for event in self.ask_stream(question, conversation, filters, use_llm):
            if isinstance(event, Answer):
                answer = event
        return answer

    def ask_stream(self, question: str, conversation: Conversation | None = None, filters: Filters | None = None,
                   use_llm: bool = False) -> Iterator[str | Answer]:
        """Yields text as it is produced (LLM tokens), then the checked Answer last."""
        timings: dict[str, float] = {}
        started = time.perf_counter()
        if use_llm and self.generator is not None and conversation is not None and conversation.turns:
            u = understand(self.generator.rewrite(question, [t.question for t in conversation.turns]))
        else:
            u = resolve_follow_up(question, conversation.last if conversation else None,
                                  earlier=conversation.turns if conversation else None)
        focus = conversation.last_focus if conversation else None

        filters = filters or Filters()
        snap, all_records = self.records()
        records = [r for r in all_records if filters.admits(r)]
        if u.refers == "within" and focus is not None:  # "which of those…": the last answer's authorities only
            listed = set(focus.listed) or {snap.documents[d].record.local_authority for d in focus.doc_ids
                                            if d in snap.documents and snap.documents[d].record}
            records = [r for r in records if r.local_authority in listed] or records
        u = inspector_in_focus(question, focus, snap.documents) or u
        if u.refers in ("newest_listed", "oldest_listed"):
            u = one_of_listed(u, focus, snap.documents)
        if u.refers and u.refers != "within" and focus is not None:
            u = resolve_focus(u, focus, snap.documents, records)
        query = build_query(u, records)
        if u.inherited and query.intent is Intent.FINDINGS and u.intent is not Intent.FINDINGS:
            query = replace(query, intent=u.intent)  # "and in 2021?" asks what the turn before asked
        query, answer = resolve_subject(query, records, snap.documents, snap.idf)
        entry = TABLE[query.intent]
        retrieval_u, retrieval_filters = retrieval_scope(query, records, filters)
        retrieval_u = replace(retrieval_u, intent=query.intent)
        timings["understand"] = (time.perf_counter() - started) * 1000

        t = time.perf_counter()
        section = query.judgement if query.subject.judgement_named and query.judgement != "overall" else None
        reads = u.refers == "more" or entry is None or entry.needs_retrieval
        retrieved = self.retriever.retrieve(retrieval_u, retrieval_filters, section=section) if reads and answer is None else None
        timings["retrieve"] = (time.perf_counter() - t) * 1000

        t = time.perf_counter()
        all_documents = list(snap.documents.values())
        name_authority = snap.authority_count > 1
        if u.refers == "more" and retrieved is not None and focus is not None:  # "go on": what was not yet quoted
            retrieved.evidence = [ev for ev in retrieved.evidence
                                  if not any(d == ev.document.doc_id and s < ev.end and ev.start < e for d, s, e in focus.spans)]
        if answer is None and u.refers != "more" and entry is not None:
            answer = entry.answer(self.answerers, Ask(query, retrieved, snap.documents, records, filters, name_authority, self.retriever))
        if answer is None and retrieved is None:  # the records could not answer: the passages do
            retrieved = self.retriever.retrieve(retrieval_u, retrieval_filters, section=section)
        if answer is None and use_llm and self.generator is not None and retrieved.passages:
            for event in self.generator.stream(retrieval_u, retrieved):
                if isinstance(event, Answer):
                    answer = event
                else:
                    yield event
            if answer is not None:
                answer = verify(answer, self.document_text)
                if not answer.parts:  # nothing the model said survived the checker
                    answer = None
        if answer is None:
            answer = self.extractive.answer(retrieval_u, retrieved, all_documents, name_authority)
        if answer.refused and query.intent in (Intent.FINDINGS, Intent.COMPARE_YEARS) and len(query.authorities) == 1 and not u.refers:
            answer = self._records_instead(query, answer, records, snap.documents, filters)
        correction = self.answerers.inspectors.premise(query, records, snap.documents)
        if correction is not None:  # a premise the record contradicts is put right first
            answer = correction if answer.refused else prepend(answer, correction)
        timings["answer"] = (time.perf_counter() - t) * 1000

        t = time.perf_counter()
        answer = verify(answer, self.document_text)
        if not answer.parts and not answer.refused:
            answer.refused = True
            allowed = retrieved.allowed_documents if retrieved else []
            answer = self.extractive.answer(u, Retrieved([], [], allowed), all_documents)
        timings["verify"] = (time.perf_counter() - t) * 1000
        timings["total"] = (time.perf_counter() - started) * 1000
        answer.question = question
        answer.understood = u.to_json()
        answer.plan = query.to_json()
        answer.timings_ms = {k: round(v, 1) for k, v in timings.items()}
        if conversation is not None:
            conversation.remember(u, answer)
        yield answer
