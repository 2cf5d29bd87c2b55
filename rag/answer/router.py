"""One small answerer per kind of question, chosen by the plan. Record questions (lists, counts, who,
when, grades) are answered from inspection records; everything else from retrieved passages."""

from __future__ import annotations

from dataclasses import replace

from ..records.model import InspectionRecord
from ..records.table import latest_per_authority, select
from ..retrieval import Filters, HybridRetriever, Retrieved
from ..types import Answer, AnswerPart, Document
from .compare import CompareAnswerer
from .findings import ExtractiveAnswerer
from .improve import ImproveAnswerer
from .plan import Plan, topic_beyond_grades
from .records import RecordAnswerer
from .roles import RoleAnswerer

RECORD_INTENTS = ("who_led", "when", "grade", "grade_history")


class Router:
    def __init__(self, document_text, retriever: HybridRetriever):
        self.retriever = retriever
        self.findings = ExtractiveAnswerer(document_text)
        self.records = RecordAnswerer(document_text)
        self.improve = ImproveAnswerer(document_text)
        self.compare = CompareAnswerer(document_text)
        self.roles = RoleAnswerer(document_text)

    @staticmethod
    def allowed_records(records: list[InspectionRecord], filters: Filters) -> list[InspectionRecord]:
        """The UI's filters apply to records as to passages."""
        chosen = records
        if filters.doc_ids:
            chosen = [r for r in chosen if r.doc_id in filters.doc_ids]
        if filters.local_authorities:
            chosen = [r for r in chosen if r.local_authority in filters.local_authorities]
        if filters.regions:
            chosen = [r for r in chosen if r.region.lower() in {x.lower() for x in filters.regions}]
        if filters.visit_kinds:
            chosen = [r for r in chosen if r.kind in filters.visit_kinds]
        if filters.years:
            chosen = [r for r in chosen if any(v and int(v[:4]) in filters.years for v in (r.published, r.inspection_start, r.inspection_end))]
        return chosen

    def resolve_subject(self, plan: Plan, records: list[InspectionRecord]) -> Answer | None:
        """Authorities selected by their records become the plan's subject; an empty selection is an answer."""
        if plan.neighbours_of:
            from ..domain.gazetteer import gazetteer

            held = {r.local_authority for r in records}
            plan.authorities = [plan.neighbours_of] + [n for n in gazetteer().neighbours(plan.neighbours_of) if n in held]
        elif plan.selection and not plan.authorities and plan.intent not in ("list", "count"):
            chosen = select(records, plan.selection)
            plan.authorities = sorted({r.local_authority for r in chosen})
            if not plan.authorities:
                return Answer(question=plan.u.question, refused=True, parts=[AnswerPart(
                    "No local authority in this library matches that: " + self.records.what_is_selected(plan) + ".", [], note=True)])
        return None

    def answer(self, plan: Plan, retrieved: Retrieved | None, documents: dict[str, Document],
               records: list[InspectionRecord], filters: Filters, name_authority: bool) -> Answer | None:
        """A record-based answer, or None: the caller answers from passages."""
        if plan.intent in ("list", "count"):
            return self.records.selection_answer(plan, records, documents)
        ranked = [ev.document.doc_id for ev in retrieved.evidence] if retrieved else []
        if plan.intent == "role" and retrieved is not None:
            place = f" for {', '.join(plan.authorities)}" if plan.authorities else ""
            return self.roles.answer(plan.u.question, plan.role, place, retrieved, name_authority)
        if plan.intent == "role_statement" and retrieved is not None:
            return self.roles.statement(plan.u.question, plan.role, retrieved, name_authority)
        if plan.intent in RECORD_INTENTS:
            return self.records.fact_answer(plan, records, documents, ranked)
        if plan.intent == "improve":
            subject = self.records.subject_records(plan, records, ranked, graded_only=True)
            if not plan.authorities and len({r.local_authority for r in records}) > 1:
                top = next((documents[d].record for d in ranked if d in documents and documents[d].record), None)
                subject = [r for r in subject if top and r.local_authority == top.local_authority]
            return self.improve.answer(plan.u.question, [(r, documents[r.doc_id]) for r in subject if r.doc_id in documents])
        if plan.intent == "compare_authorities":
            find_for = None
            if topic_beyond_grades(plan.u.topic):
                def find_for(authority: str):
                    found = self.retriever.retrieve(replace(plan.u, local_authorities=[authority], qtype="what"), filters, k=8,
                                                    sentences=self.retriever.policy.sentences_per_compared)
                    return found.evidence[0] if found.evidence and found.confidence >= self.findings.refusal_threshold else None
            return self.compare.answer(plan.u.question, plan.authorities, plan.judgement, plan.u.years, records, documents, find_for)
        return None

    def retrieval_scope(self, plan: Plan, records: list[InspectionRecord], filters: Filters) -> tuple:
        """What passages may answer: the plan's authorities, and for a selection by grade their latest reports."""
        u = replace(plan.u, local_authorities=plan.authorities) if plan.authorities else plan.u
        if plan.intent in ("role", "role_statement"):  # the role's own words find the sentences that name its holder
            from ..domain.roles import BY_KEY

            # People are named by the press, councils and Ofsted's letters, rarely in reports.
            u = replace(u, topic=f"{BY_KEY[plan.role].label} {u.topic}".strip(), kinds=["news", "council_statement", "ofsted_letter"])
        if plan.selection and plan.selection.latest and not plan.neighbours_of:
            latest = [r.doc_id for r in latest_per_authority(records) if r.local_authority in plan.authorities]
            filters = replace(filters, doc_ids=sorted(set(filters.doc_ids) & set(latest)) if filters.doc_ids else latest)
        return u, filters
