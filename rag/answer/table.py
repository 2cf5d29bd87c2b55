"""One answerer per intent, registered in one table. An answerer reads everything about the question
from its `Ask` (never from state kept on itself: one engine serves every session of the app) and
returns an Answer, or None when the passages should answer instead."""

from __future__ import annotations

import re

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace

from ..domain.gazetteer import gazetteer
from ..domain.places import unknown_name, unknown_place
from ..records.model import InspectionRecord
from ..records.table import current, select
from ..lexical import stems
from ..retrieval import Filters, HybridRetriever, Retrieved
from ..types import Answer, AnswerPart, Document
from .compose import human_date
from ..understanding import Intent, Query, topic_beyond_grades
from .change import ChangeAnswerer
from .compare import CompareAnswerer
from .improve import ImproveAnswerer
from .inspectors import InspectorAnswerer
from .records import RecordAnswerer
from .roles import RoleAnswerer


@dataclass(frozen=True)
class Ask:
    """One question's inputs, handed to its answerer."""

    query: Query
    retrieved: Retrieved | None
    documents: dict[str, Document]
    records: list[InspectionRecord]  # in the user's scope
    filters: Filters
    name_authority: bool
    retriever: HybridRetriever

    @property
    def ranked(self) -> list[str]:
        return [ev.document.doc_id for ev in self.retrieved.evidence] if self.retrieved else []


class Answerers:
    """The answerers, built once per engine with the document text they quote from."""

    def __init__(self, document_text, refusal_threshold: float):
        self.records = RecordAnswerer(document_text)
        self.improve = ImproveAnswerer(document_text)
        self.compare = CompareAnswerer(document_text)
        self.roles = RoleAnswerer(document_text)
        self.change = ChangeAnswerer(document_text)
        self.inspectors = InspectorAnswerer(self.records)
        self.refusal_threshold = refusal_threshold

    def selection(self, ask: Ask) -> Answer:
        return self.records.selection_answer(ask.query, ask.records, ask.documents)

    def facts(self, ask: Ask) -> Answer | None:
        return self.records.fact_answer(ask.query, ask.records, ask.documents, ask.ranked)

    def lead_tally(self, ask: Ask) -> Answer:
        return self.inspectors.tally(ask.query, ask.records, ask.documents)

    def role(self, ask: Ask) -> Answer | None:
        q = ask.query
        if ask.retrieved is None:
            return None
        if q.intent is Intent.ROLE_STATEMENT:
            return self.roles.statement(q.u.question, q.slots.role, ask.retrieved, ask.name_authority)
        place = f" for {', '.join(q.authorities)}" if q.authorities else ""
        return self.roles.answer(q.u.question, q.slots.role, place, ask.retrieved, ask.name_authority)

    def improvements(self, ask: Ask) -> Answer | None:
        q = ask.query
        subject = self.records.subject_records(q, ask.records, ask.ranked, graded_only=True)
        if not q.authorities and len({r.local_authority for r in ask.records}) > 1:
            top = next((ask.documents[d].record for d in ask.ranked if d in ask.documents and ask.documents[d].record), None)
            subject = [r for r in subject if top and r.local_authority == top.local_authority]
        return self.improve.answer(q.u.question, [(r, ask.documents[r.doc_id]) for r in subject if r.doc_id in ask.documents])

    def compared(self, ask: Ask) -> Answer | None:
        q = ask.query
        find_for = None
        if topic_beyond_grades(q.u.topic, judgements_too=True):  # a judgement asked is its grade: no passages per authority
            def find_for(authority: str):
                found = ask.retriever.retrieve(replace(q.u, local_authorities=[authority], intent=Intent.FINDINGS), ask.filters, k=8,
                                               sentences=ask.retriever.policy.sentences_per_compared)
                return found.evidence[0] if found.evidence and found.confidence >= self.refusal_threshold else None
        answer = self.compare.answer(q.u.question, q.authorities, q.judgement, q.u.years, ask.records, ask.documents, find_for)
        if answer is not None and q.subject.same_day_as and len(q.authorities) > 1:  # whose reports share the day, said first
            days = [{r.published for r in ask.records if r.local_authority == a and r.published} for a in q.authorities]
            day = max(set.intersection(*days), default=None)
            if day:
                note = f"Reports published on {human_date(day)}, the same day as {q.authorities[0]}’s: {', '.join(q.authorities[1:])}."
                answer.parts.insert(0, AnswerPart(note, [], note=True))
                answer.text = answer.render()
        return answer

    def changed(self, ask: Ask) -> Answer | None:
        q = ask.query
        authorities = q.authorities or sorted({r.local_authority for r in ask.records})[:1]
        # One year held up as the point of reference ("since the 2021 one", "compared with 2020", "from their
        # 2022 ILACS"): that inspection against the latest, not against the one before it.
        lowered = q.u.question.lower()
        reference = len(q.u.years) == 1 and (re.search(
            rf"\b(?:since|from|after|compared? (?:with|to)|than(?: in| at)?|on|against|versus|vs\.?)\s+(?:(?:the|its|their|his|her|that|it)\s+)?(?:[\w'’]+\s+){{0,5}}?{q.u.years[0]}\b",
            lowered) or re.search(r"\band (?:the|its|their) (?:most recent|latest|current|last|newest)\b|\b(?:now|currently|today|these days|at present)\b", lowered))
        return self.change.authority(authorities, q.u.years, q.u.since, q.judgement, ask.records, ask.documents, q.u.question,
                                     latest=q.u.latest or bool(reference), premise=q.premise,
                                     forward=bool(re.search(r"\b(?:the )?(?:next|following|subsequent|later) (?:one|inspection|report|time|visit)\b"
                                                            r"|\bafterwards\b|\bthe one after\b|\bafter (?:that|it)\b|\bsince\W*$|\bsince then\b", lowered)))

    def changes(self, ask: Ask) -> Answer:
        q = ask.query
        # a time names when the later inspection was ("which councils got worse in 2025?"): the histories stay whole
        pool = select(ask.records, replace(q.selection, grades=[], latest=False, years=[], month=None, span=None)) if q.selection else ask.records
        n = len({r.local_authority for r in pool})
        note = f"of the {n} local {'authority' if n == 1 else 'authorities'} with inspection reports in this library"
        later = select(ask.records, replace(q.selection, grades=[], latest=False)) if q.selection and (q.selection.years or q.selection.span) else None
        return self.change.selection(q.subject.change, q.judgement, pool, ask.documents, q.u.question, note,
                                     later_in={r.doc_id for r in later} if later is not None else None)

    def not_covered(self, ask: Ask) -> Answer:
        return not_held(ask.query, ask.records)


@dataclass(frozen=True)
class Entry:
    answer: Callable[[Answerers, Ask], Answer | None]
    needs_retrieval: bool  # passages are read before it answers (to rank its records, or to quote)


# The one table: every intent, its answerer, and whether it reads passages. None: the passages answer.
TABLE: dict[Intent, Entry | None] = {
    Intent.LIST: Entry(Answerers.selection, False),
    Intent.COUNT: Entry(Answerers.selection, False),
    Intent.WHO_LED: Entry(Answerers.facts, True),
    Intent.LEAD_TALLY: Entry(Answerers.lead_tally, False),
    Intent.WHEN: Entry(Answerers.facts, True),
    Intent.GRADE: Entry(Answerers.facts, True),
    Intent.GRADE_HISTORY: Entry(Answerers.facts, True),
    Intent.CHANGE: Entry(Answerers.changed, False),
    Intent.CHANGE_LIST: Entry(Answerers.changes, False),
    Intent.IMPROVE: Entry(Answerers.improvements, True),
    Intent.COMPARE_AUTHORITIES: Entry(Answerers.compared, False),
    Intent.ROLE: Entry(Answerers.role, True),
    Intent.ROLE_STATEMENT: Entry(Answerers.role, True),
    Intent.NOT_COVERED: Entry(Answerers.not_covered, False),
    Intent.FINDINGS: None,
    Intent.NUMBER: None,
    Intent.COMPARE_YEARS: None,
}


# Intents that answer about one authority's inspection: without an authority named, they ask which.
ONE_AUTHORITY = (Intent.GRADE, Intent.WHO_LED, Intent.WHEN, Intent.GRADE_HISTORY, Intent.CHANGE, Intent.IMPROVE)


FEW = 6  # up to this many authorities in the library, a message names them


def not_held(q: Query, records: list[InspectionRecord]) -> Answer:
    """A place the library does not (or cannot) hold: said plainly, with what it does hold."""
    held = sorted({r.local_authority for r in records})
    name = q.subject.missing or ", ".join(q.authorities)
    why = q.subject.missing_why
    reason = (f"; Ofsted inspects English local authorities' children's services, and {name} is in {why}" if why in ("Scotland", "Wales", "Northern Ireland")
              else f"; {name} is not an English children's services authority" if why else "")
    # A few authorities are named; of many, the number only: a list of other councils' names, under a
    # question about one the library lacks, reads too easily as an answer about them.
    shown = f": {', '.join(held)}." if 0 < len(held) <= FEW else " (the Library page lists them)." if held else "."
    text = f"The library holds no reports for {name}{reason}. It holds reports for {len(held)} local authorit{'y' if len(held) == 1 else 'ies'}{shown}"
    return Answer(question=q.u.question, refused=True, parts=[AnswerPart(text, [], note=True)], text=text)


def resolve_subject(q: Query, records: list[InspectionRecord], documents: dict[str, Document],
                    vocabulary: Mapping[str, float] | None = None) -> tuple[Query, Answer | None]:
    """Authorities selected by their records become the query's subject; an empty selection, or a
    named authority the library holds nothing about, is an answer of its own."""
    held = {r.local_authority for r in records} | {a for d in documents.values() for a in d.metadata.local_authorities}
    if q.authorities and not set(q.authorities) & held and q.intent not in (Intent.LIST, Intent.COUNT):
        return q, not_held(q, records)
    in_scope = {r.local_authority for r in records}
    if q.intent in ONE_AUTHORITY and not q.authorities and not q.selection and not q.u.focus_doc and len(in_scope) > 1:
        # One authority's facts, and none named: never another council's answer.
        name = unknown_name(q.u.asked or q.u.question)
        if name:
            return q, not_held(replace(q, subject=replace(q.subject, missing=name, missing_why="")), records)
        if q.intent is not Intent.IMPROVE:  # what to improve follows the passages' best report, as before
            shown = ", ".join(sorted(in_scope)[:12]) + (f" and {len(in_scope) - 12} more" if len(in_scope) > 12 else "")
            text = f"Which local authority do you mean? The library holds reports for {len(in_scope)}: {shown}."
            return q, Answer(question=q.u.question, refused=True, parts=[AnswerPart(text, [], note=True)], text=text)
    if not q.authorities and not q.selection and not q.subject.neighbours_of and q.intent not in (Intent.NOT_COVERED, Intent.LEAD_TALLY):
        # "the latest report on Borsetshire": a place no document names (no word of the library's) has no reports;
        # a town that some report names ("Grimsby") is left to the passages
        place = unknown_place(q.u.asked or q.u.question)
        if place and vocabulary is not None and not any(s in vocabulary for s in stems(place)):
            return q, not_held(replace(q, subject=replace(q.subject, missing=place, missing_why="")), records)
    if q.subject.same_day_as:
        return same_day(q, records, documents)
    if q.subject.neighbours_of:
        with_records = {r.local_authority for r in records}
        return q.with_authorities([q.subject.neighbours_of] + [n for n in gazetteer().neighbours(q.subject.neighbours_of) if n in with_records]), None
    if q.selection and not q.authorities and q.intent not in (Intent.LIST, Intent.COUNT, Intent.CHANGE_LIST, Intent.NOT_COVERED, Intent.LEAD_TALLY):
        chosen = sorted({r.local_authority for r in select(records, q.selection)})
        if not chosen:
            return q, Answer(question=q.u.question, refused=True, parts=[AnswerPart(
                "No local authority in this library matches that: " + RecordAnswerer.what_is_selected(q) + ".", [], note=True)])
        return q.with_authorities(chosen), None
    return q, None


def same_day(q: Query, records: list[InspectionRecord], documents: dict[str, Document] | None = None) -> tuple[Query, Answer | None]:
    """The named authority's report (of the time asked, else its latest) and every other report published that day
    (held, or named by a press piece of that day: "three negative reports published by Ofsted today")."""
    own = sorted((r for r in records if r.local_authority == q.subject.same_day_as and r.published and r.is_full_inspection
                  and (not q.u.years or int(r.published[:4]) in q.u.years) and (not q.u.month or int(r.published[5:7]) == q.u.month)),
                 key=lambda r: r.published)
    if not own:
        return q, None
    day = own[-1].published
    others = sorted({r.local_authority for r in records if r.published == day and r.local_authority != own[-1].local_authority})
    if not others and documents:
        others = sorted({a for d in documents.values() if d.metadata.published == day and d.metadata.kind not in ("ofsted_report", "ofsted_letter")
                         for a in d.metadata.local_authorities if a != own[-1].local_authority})
    u = replace(q.u, years=[int(day[:4])], month=None)
    if not others:
        text = f"No other report in this library was published on {human_date(day)}, the day {own[-1].local_authority}’s was."
        return replace(q, u=u, intent=Intent.GRADE).with_authorities([own[-1].local_authority]), Answer(
            question=q.u.question, refused=True, parts=[AnswerPart(text, [], note=True)], text=text)
    return replace(q, u=u).with_authorities([own[-1].local_authority, *others]), None


def retrieval_scope(q: Query, records: list[InspectionRecord], filters: Filters):
    """What passages may answer: the query's authorities, and for a selection by grade their latest reports."""
    u = replace(q.u, local_authorities=q.authorities) if q.authorities else q.u
    if q.intent in (Intent.ROLE, Intent.ROLE_STATEMENT):  # the role's own words find the sentences that name its holder
        from ..domain.roles import BY_KEY

        # People are named by the press, councils and Ofsted's letters, rarely in reports.
        u = replace(u, topic=f"{BY_KEY[q.slots.role].label} {u.topic}".strip(), kinds=["news", "council_statement", "ofsted_letter"])
    if q.selection and q.selection.latest and not q.subject.neighbours_of:
        latest = [r.doc_id for r in current(records, q.selection.judgement if q.selection.grades else None) if r.local_authority in q.authorities]
        filters = replace(filters, doc_ids=sorted(set(filters.doc_ids) & set(latest)) if filters.doc_ids else latest)
    return u, filters
