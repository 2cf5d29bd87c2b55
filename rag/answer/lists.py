"""Lists and counts of authorities (or reports) selected by their records, each row cited: the part of
the record answerer that reads many inspections at once."""

from __future__ import annotations

from dataclasses import replace

from ..domain import grades as grade_words
from ..domain import judgements, visits
from ..records.model import InspectionRecord
from ..records.table import RecordFilter, current, select, ungraded_since
from ..types import Answer, AnswerPart, Document
from ..understanding import Intent
from ..understanding import Query as Plan
from .compose import Composer, human_date, human_range
from .labels import describe, judgement_label


class RecordLists:
    """Mixed into the record answerer: it brings `_cite`, `_marks` and `document_text`."""

    # --- lists and counts --------------------------------------------------------------------------

    def selection_answer(self, plan: Plan, records: list[InspectionRecord], documents: dict[str, Document]) -> Answer:
        f = plan.selection
        graded = [r for r in records if r.is_full_inspection and r.grades]
        if f and f.latest:
            base = current(graded, plan.judgement if f.grades else None)
        else:
            base = records
        chosen = select(records, f) if f else base
        composer = Composer(self.document_text, name_authority=True)
        answer = Answer(question=plan.u.question)
        rows = [self._row(plan, r, documents, composer, answer) for r in sorted(chosen, key=lambda r: (r.local_authority, r.date))]
        rows = [row for row in rows if row]
        authorities = sorted({r.local_authority for r in chosen})
        reports = plan.slots.counted == "reports"
        scope = self._scope(plan, base if f and f.latest else records)
        what = self.what_is_selected(plan)
        if reports and plan.intent is Intent.COUNT:
            full = f is not None and set(f.kinds) == set(visits.FULL_INSPECTIONS)
            noun = ("inspection" if full else "report") + ("" if len(chosen) == 1 else "s")
            about = what.removeprefix("local authorities").strip().replace("in reports published", "published")
            lead = f"{len(chosen)} {noun} {about} ({scope}), of {len(authorities)} local authorit{'y' if len(authorities) == 1 else 'ies'}" \
                   + (f": {', '.join(authorities)}." if authorities else ".")
        elif authorities and plan.intent is Intent.COUNT:
            one = what.replace("local authorities", "local authority", 1) if len(authorities) == 1 else what  # "1 local authority rated…"
            lead = f"{len(authorities)} {one} ({scope}): {', '.join(authorities)}."
        elif authorities:
            lead = f"{what[0].upper()}{what[1:]} ({scope}): {', '.join(authorities)}."
        else:  # none match: say so, and show what the authorities in scope are rated instead
            lead = f"{'0' if plan.intent is Intent.COUNT else 'None: no'} {what} ({scope}). What the library does hold:"
            # what the rest of the selection does hold: the same places, time and framework, any grade
            pool = select(records, replace(f, grades=[], extreme="")) if f and (f.regions or f.ungraded or f.kinds or f.years or f.span) else base
            shown = sorted(pool, key=lambda r: r.local_authority)[:10]
            if f and (f.span or f.years) and not f.grades:  # nothing in that time: the newest report there is
                lead = lead.removesuffix(" What the library does hold:") + " The most recent report in the library:"
                shown = select(records, RecordFilter(basis="published" if f.basis == "published" else "inspected", newest=True))
            for r in shown:
                self._row(plan, r, documents, composer, answer)
        all_ns = sorted({n for p in answer.parts for n in p.citations})
        answer.parts.insert(0, AnswerPart(lead + self._marks(all_ns[:12]), all_ns[:12]))
        if f and f.latest and f.grades:
            self._ungraded_note(plan, graded, documents, composer, answer)
        answer.citations, answer.table = composer.citations, rows
        answer.text = answer.render()
        return answer

    def _row(self, plan: Plan, r: InspectionRecord, documents: dict[str, Document], composer: Composer, answer: Answer) -> dict | None:
        """One inspection as an answer sentence (every value cited) and a table row."""
        doc = documents.get(r.doc_id)
        if doc is None:
            return None
        marks, cells = [], []
        grade = r.grades.get(plan.judgement)
        if grade:
            marks.append(self._cite(composer, doc, r, plan.judgement))
            older = f" ({r.labels[plan.judgement]})" if plan.judgement in r.labels else ""
            unquoted = "" if plan.judgement in r.evidence else " (set in the Library; no line of the report states it)"
            cells.append(f"{grade_words.label(grade)} for {judgement_label(plan.judgement)}{older}{unquoted}")
        marks.append(self._cite(composer, doc, r, "inspection_dates"))
        if r.lead_inspector:
            marks.append(self._cite(composer, doc, r, "lead_inspector"))
            cells.append(f"lead inspector {r.lead_inspector}")
        ns = [n for n in dict.fromkeys(marks) if n]
        answer.parts.append(AnswerPart(f"{describe(r)}: " + "; ".join(cells) + "." + self._marks(marks), ns))
        return {"authority": r.local_authority, "region": r.region, "kind": visits.label(r.kind), "grade": grade or "",
                "judgement": plan.judgement, "inspection": human_range(r.inspection_start, r.inspection_end),
                "published": r.published or "", "lead_inspector": r.lead_inspector or "", "citations": ns}

    def _ungraded_note(self, plan: Plan, graded: list[InspectionRecord], documents: dict[str, Document], composer: Composer,
                       answer: Answer) -> None:
        """Authorities whose latest inspection gave no grade for the judgement (2026 framework: no overall grade)."""
        regions = {x.lower() for x in plan.selection.regions}
        for authority, (latest, stands) in sorted(ungraded_since(graded, plan.judgement).items()):
            if regions and latest.region.lower() not in regions:
                continue
            doc, old = documents.get(latest.doc_id), documents.get(stands.doc_id)
            if doc is None or old is None:
                continue
            n_latest = self._cite(composer, doc, latest, "inspection_dates")
            n_old = self._cite(composer, old, stands, plan.judgement)
            found = "; ".join(f"{judgement_label(k)} {grade_words.normalise(g)}" for k, g in latest.grades.items() if k in judgements.COLUMNS)
            answer.parts.append(AnswerPart(
                f"Not counted: {describe(latest)} gives no grade for {judgement_label(plan.judgement)} (Ofsted's 2026 framework grades each "
                f"judgement and gives no overall grade){'; it found ' + found if found else ''}. The {judgement_label(plan.judgement)} grade "
                f"last given, {grade_words.normalise(stands.grades[plan.judgement])}, is from {describe(stands)}." + self._marks([n_latest, n_old]),
                [n for n in (n_latest, n_old) if n], note=not (n_latest or n_old)))

    @staticmethod
    def what_is_selected(plan: Plan) -> str:
        f = plan.selection
        noun = "local authorities"
        bits = []
        if f and f.grades and f.every:
            bits.append(f"rated {' or '.join(f.grades)} in every judgement")
        elif f and f.grades:
            bits.append(f"rated {' or '.join(f.grades)} for {judgement_label(plan.judgement)}")
        if f and f.overall_grades:
            bits.append(f"and {' or '.join(f.overall_grades)} for overall effectiveness")
        if f and f.inspector:
            bits.append(f"inspected with {f.inspector} as lead inspector")
        if f and f.regions:
            bits.append(f"in {', '.join(f.regions)}")
        if f and f.kinds and set(f.kinds) != set(visits.FULL_INSPECTIONS):
            bits.append(f"with a {', '.join(visits.label(k) for k in f.kinds)}")
        if f and f.ungraded:
            bits.append("inspected under Ofsted's 2026 framework (no overall grade)")
        if f and f.extreme:
            bits.append(f"graded {f.extreme} for {judgement_label(plan.judgement)}")
        if f and f.newest:
            bits.append("in the most recently published report" if f.basis == "published" else "inspected most recently")
        elif f and f.span:
            on = "on" if f.span[0] == f.span[1] else "in"  # "published on 13 January 2023"
            bits.append(f"in reports published {on} {f.span_label}" if f.basis == "published" else f"inspected {on} {f.span_label}")
        elif f and f.years:
            month = f"{human_date(f'{f.years[0]:04d}-{f.month:02d}-01', 'month')}" if f.month and len(f.years) == 1 else ""
            when = month or (f"{f.years[0]}–{f.years[-1]}" if len(f.years) > 2 else " or ".join(str(y) for y in f.years))
            bits.append(f"in reports published in {when}" if f.basis == "published" else f"inspected in {when}")
            if f.fieldwork_years:
                bits.append(f"of inspections in {' or '.join(str(y) for y in f.fieldwork_years)}")
        return " ".join([noun, *bits])

    @staticmethod
    def _scope(plan: Plan, base: list[InspectionRecord]) -> str:
        n = len({r.local_authority for r in base})
        f = plan.selection
        latest = ", latest inspection of each" if f and f.latest else ""
        return f"of the {n} local {'authority' if n == 1 else 'authorities'} with inspection reports in this library{latest}"
