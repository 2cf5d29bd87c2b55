"""Answers about the lead inspectors themselves: who led the most inspections in the library (each one
cited to the report's own "Lead inspector" line), and who did lead an inspection a question says
someone else led."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace

from ..records.model import InspectionRecord
from ..types import Answer, AnswerPart, Document
from ..understanding import Intent
from ..understanding import Query as Plan
from .compose import Composer, human_range
from .records import RecordAnswerer

SHOWN = 5  # inspectors named in the answer; the table holds every one


class InspectorAnswerer:
    def __init__(self, records: RecordAnswerer):
        self.records = records

    def tally(self, plan: Plan, records: list[InspectionRecord], documents: dict[str, Document]) -> Answer:
        """Lead inspectors by the number of inspections (and visits, when asked) they led, most first."""
        from ..records.table import select

        pool = select(records, replace(plan.selection, inspector=None)) if plan.selection else records
        visits = plan.slots.counted == "reports" and "visit" in plan.u.question.lower()
        led: dict[str, list[InspectionRecord]] = defaultdict(list)
        for r in pool:
            if r.lead_inspector and (r.is_full_inspection or visits):
                for name in r.lead_inspector.split(" and "):
                    led[name].append(r)
        composer = Composer(self.records.document_text, name_authority=True)
        answer = Answer(question=plan.u.question)
        ranked = sorted(led.items(), key=lambda kv: (-len(kv[1]), kv[0]))
        what = "inspections and visits" if visits else "inspections"
        if not ranked:
            text = f"No report in this library names a lead inspector of its {what}."
            return Answer(question=plan.u.question, refused=True, parts=[AnswerPart(text, [], note=True)], text=text)
        top = len(ranked[0][1])
        leaders = [name for name, rs in ranked if len(rs) == top]
        rows = []
        for name, rs in ranked:
            marks = []
            for r in sorted(rs, key=lambda r: r.date):
                doc = documents.get(r.doc_id)
                n = self.records._cite(composer, doc, r, "lead_inspector") if doc is not None else None
                if n:
                    marks.append(n)
            if not marks:
                continue
            rows.append({"lead_inspector": name, "inspections": len(rs), "authorities": ", ".join(sorted({r.local_authority for r in rs})),
                         "citations": marks})
            if len(answer.parts) < SHOWN:
                places = "; ".join(f"{r.local_authority} ({human_range(r.inspection_start, r.inspection_end) or r.date[:4]})"
                                   for r in sorted(rs, key=lambda r: r.date))
                answer.parts.append(AnswerPart(f"{name}: {len(rs)} — {places}." + "".join(f" [{n}]" for n in marks), marks))
        names = leaders[0] if len(leaders) == 1 else f"{', '.join(leaders[:-1])} and {leaders[-1]}"
        f = plan.selection
        where = (" in " + ", ".join(("the " if r.split()[0] in ("North", "South", "East", "West") else "") + r for r in f.regions)
                 if f and f.regions else " in this library") + (
            f" ({f.span_label or (str(f.years[0]) if len(f.years) == 1 else f'{f.years[0]}–{f.years[-1]}')})" if f and f.years else "")
        lead = f"{names} led the most {what}{where}: {top}{' each' if len(leaders) > 1 else ''}."
        first = answer.parts[0].citations if answer.parts else []
        answer.parts.insert(0, AnswerPart(lead + "".join(f" [{n}]" for n in first), first))
        answer.citations, answer.table = composer.citations, rows
        answer.text = answer.render()
        return answer

    def premise(self, plan: Plan, records: list[InspectionRecord], documents: dict[str, Document]) -> Answer | None:
        """Who did lead the inspection a question says someone else led ("Steve Bailey led Solihull's 2022
        inspection: what did it find?"), to put before the answer; None when the premise holds."""
        if not plan.premise.lead or plan.intent in (Intent.WHO_LED, Intent.LEAD_TALLY):
            return None
        asked = replace(plan, intent=Intent.WHO_LED)
        chosen = self.records.subject_records(asked, records, [])
        if len(chosen) != 1 or not plan.premise.lead_note(chosen[0].lead_inspector):
            return None
        return self.records.fact_answer(asked, chosen, documents, [])
