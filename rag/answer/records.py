"""Answers from inspection records: lists, counts, who led, when, grades and grade histories. Every
value is followed by the verbatim line of the report that states it; a value with no such line is
not stated as fact."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from ..domain import grades as grade_words
from ..domain import judgements
from ..records.model import InspectionRecord
from ..records.table import last_overall, record_year, reformed
from ..types import Answer, AnswerPart, Document
from ..understanding import Intent, Measure
from ..understanding.slots import also_asked
from ..understanding.cues import JUDGEMENTS_SHOWN
from ..understanding import Query as Plan
from .compose import Composer, human_range, possessive
from .labels import describe, judgement_label  # noqa: F401  (other answerers import them from here)
from .lists import RecordLists


class RecordAnswerer(RecordLists):
    def __init__(self, document_text):
        self.document_text = document_text

    # --- helpers -----------------------------------------------------------------------------------

    def _cite(self, composer: Composer, doc: Document, r: InspectionRecord, field: str) -> int | None:
        span = r.evidence.get(field)
        if not span or not self.document_text(doc.doc_id):
            return None
        return composer.cite(doc, *span)

    @staticmethod
    def _marks(ns: list[int | None]) -> str:
        return "".join(f" [{n}]" for n in dict.fromkeys(n for n in ns if n))

    def subject_records(self, plan: Plan, records: list[InspectionRecord], ranked_doc_ids: list[str],
                        graded_only: bool = False) -> list[InspectionRecord]:
        """The inspections a question about named authorities (or the library's one authority) means."""
        u = plan.u
        pool = [r for r in records if not plan.authorities or r.local_authority in plan.authorities]
        if plan.slots.extras.get("kind"):  # "its SIF inspection": that framework's inspections only
            pool = [r for r in pool if r.kind == plan.slots.extras["kind"]] or pool
        focused = [r for r in pool if u.focus_doc and r.doc_id == u.focus_doc]
        if focused and (not graded_only or focused[0].grades):
            return focused  # "who wrote it?": the document the last answer was about
            pool = [r for r in pool if r.is_full_inspection and r.grades]
        elif plan.intent in (Intent.WHEN, Intent.WHO_LED):
            said = f"{u.asked} {u.question}"
            # "the monitoring visit", "visits", "the letter" ask for a visit; "when did Ofsted last visit X?" for any inspection
            verb = re.search(r"\b(?:did|does|do|will|has|have|had|last|first|recently|inspectors|ofsted|they)\s+(?:last\s+|first\s+)?visit(?:ed)?\s+(?!in\b|of\b)", said, re.IGNORECASE)
            wants_visit = re.search(r"\bvisits?\b|\bletter", said, re.IGNORECASE) and not (verb and not re.search(r"\b(?:monitoring|focused|follow-up)\b|\bletter", said, re.IGNORECASE))
            pool = [r for r in pool if (not r.is_full_inspection) == bool(wants_visit)] or pool
        if u.since:
            pool = [r for r in pool if r.date >= u.since]
        if u.years:
            pool = [r for r in pool if record_year(r) & set(u.years)]
            if u.month:
                stamp = f"{u.years[0]:04d}-{u.month:02d}"
                pool = [r for r in pool if any(v and v.startswith(stamp) for v in (r.published, r.inspection_start, r.inspection_end))] or pool
            return sorted(pool, key=lambda r: r.date)
        by_authority: dict[str, list[InspectionRecord]] = {}
        for r in sorted(pool, key=lambda r: r.date):
            by_authority.setdefault(r.local_authority, []).append(r)
        chosen = []
        for authority_records in by_authority.values():
            if plan.slots.previous and len(authority_records) > 1 and not u.refers:
                authority_records = authority_records[:-1]  # "the previous inspection": the one before the latest
            ranked = [r for d in ranked_doc_ids for r in authority_records if r.doc_id == d]
            if plan.slots.extras.get("first"):  # "the re-inspection after 2015": the first one after
                chosen.append(authority_records[0])
            elif u.latest or plan.slots.previous or plan.intent in (Intent.GRADE, Intent.IMPROVE) or not ranked:
                chosen.append(authority_records[-1])
            else:
                chosen.append(ranked[0])  # "who led the monitoring visit?": the one the question's words point to
        return chosen

    # --- one authority's facts ---------------------------------------------------------------------

    def fact_answer(self, plan: Plan, records: list[InspectionRecord], documents: dict[str, Document],
                    ranked_doc_ids: list[str]) -> Answer | None:
        graded = plan.intent in (Intent.GRADE, Intent.GRADE_HISTORY)
        chosen = self.subject_records(plan, records, ranked_doc_ids, graded_only=graded)
        if plan.intent is Intent.GRADE_HISTORY:
            chosen = sorted([r for r in records if r.is_full_inspection and r.grades
                             and (not plan.authorities or r.local_authority in plan.authorities)
                             and (not plan.u.years or record_year(r) & set(plan.u.years)) and r.date >= plan.u.since],
                            key=lambda r: r.date)
        note = None
        if not chosen and plan.u.years and len(plan.authorities) == 1 and plan.intent in (Intent.GRADE, Intent.WHO_LED, Intent.WHEN) \
                and max(plan.u.years) <= date.today().year:  # a future year has no nearest inspection to offer
            chosen, note = self._nearest(plan, records, graded)
        if not chosen:
            return None
        composer = Composer(self.document_text, name_authority=True)
        answer = Answer(question=plan.u.question)
        if note:
            answer.parts.append(AnswerPart(note, [], note=True, unstated=True))
        many = len({r.local_authority for r in chosen}) > 1
        for r in chosen[:8]:
            doc = documents.get(r.doc_id)
            if doc is None:
                continue
            alone = plan.intent is Intent.GRADE or len(chosen) == 1  # a history's line per inspection stays short
            # a 2026-framework report in a history: its judgements, since it gives no overall grade
            ungraded = plan.intent is Intent.GRADE_HISTORY and not r.grades.get("overall")
            part = (self._no_overall(plan, r, doc, records, documents, composer) if alone or ungraded else None) or self._fact_part(plan, r, doc, composer)
            if part:
                part.group = (r.local_authority if many else "") or (r.date[:4] if len(chosen) > 1 else "")
                answer.parts.append(part)
                for measure in also_asked((plan.u.asked or plan.u.question).lower(), plan.slots.measure):  # "…and who led it?"
                    asked = replace(plan, intent={Measure.LEAD_INSPECTOR: Intent.WHO_LED, Measure.GRADE: Intent.GRADE}.get(measure, Intent.WHEN))
                    other = ((self._no_overall(asked, r, doc, records, documents, composer) or self._extreme_part("lowest", r, doc, composer, every_only=True))
                             if measure is Measure.GRADE else self._fact_part(asked, r, doc, composer))
                    if other:
                        other.group = part.group
                        answer.parts.append(other)
                if (alone and not ungraded and plan.judgement in (None, "overall") and JUDGEMENTS_SHOWN.search((plan.u.asked or plan.u.question).lower())
                        and Measure.GRADE not in also_asked((plan.u.asked or plan.u.question).lower(), plan.slots.measure) and "judgements:" not in part.text):
                    every = self._extreme_part("lowest", r, doc, composer, every_only=True)  # "all the grades": each judgement
                    if every:
                        every.group = part.group
                        answer.parts.append(every)
                # "and the one before?": another inspection, so its grade as well as what was asked of it
                if plan.intent in (Intent.WHO_LED, Intent.WHEN) and plan.u.refers in ("before_focus", "next_focus") and r.grades.get("overall"):
                    n = self._cite(composer, doc, r, "overall")
                    if n:
                        answer.parts.append(AnswerPart(f"Its overall effectiveness: {grade_words.normalise(r.grades['overall'])} [{n}].",
                                                       [n], part.group))
        if not answer.parts:
            return None
        if plan.intent is Intent.GRADE and judgements.in_question(plan.u.asked or plan.u.question) == "overall" \
                and all(reformed(r) and not r.grades.get("overall") for r in chosen[:8]):
            for part in answer.parts:  # the overall grade asked is one the 2026 framework does not give: said, with what it does
                part.unstated = True
        answer.about = [] if plan.intent is Intent.GRADE_HISTORY else [r.doc_id for r in chosen[:8]]
        if plan.intent is Intent.GRADE_HISTORY and len(chosen) > 1 and len(answer.parts) > 1:  # the trend in one line, then each inspection
            steps = [f"{'no overall grade (2026 framework)' if 'gives no overall effectiveness grade' in p.text else p.text.split('.')[0].lower()} ({p.group})"
                     for p in answer.parts if p.citations]
            ns = [n for p in answer.parts for n in p.citations]
            owner = f"{possessive(plan.authorities[0])} o" if len(plan.authorities) == 1 else "O"
            overall = [grade_words.normalise(r.grades["overall"]) for r in chosen[:8] if r.grades.get("overall")]
            trend = ""
            if len(overall) >= 2:  # "going up or down?": the direction of the latest change, said in words
                a, b = grade_words.SCALE[overall[-2]], grade_words.SCALE[overall[-1]]
                trend = (f" At the latest graded inspection it {'improved' if b > a else 'declined' if b < a else 'stayed the same'}"
                         f" ({overall[-2]} → {overall[-1]}).")
            asked = plan.premise.grades if plan.premise.judgement == "overall" else ()
            hits = [r.date[:4] for r in chosen[:8] if r.grades.get("overall") and grade_words.normalise(r.grades["overall"]) in asked]
            # "has X ever been inadequate?": the answer to that, before the run of grades that shows it
            # "yes"/"no" without repeating the grade: a premise ("outstanding ever since 2018") is not restated
            ever = (f"Yes, in {', '.join(dict.fromkeys(hits))}. " if hits else "No. " if asked else "")
            answer.parts.insert(0, AnswerPart(f"{ever}{owner}verall effectiveness over time: {', '.join(steps)}.{trend}" + self._marks(ns), ns))
        answer.citations = composer.citations
        if note:  # what was asked (that year's inspection) is not held: the nearest is shown, not stated as the answer
            for part in answer.parts:
                part.unstated = True
        answer.text = answer.render()
        return answer

    def _no_overall(self, plan: Plan, r: InspectionRecord, doc: Document, records: list[InspectionRecord],
                    documents: dict[str, Document], composer: Composer) -> AnswerPart | None:
        """An overall grade asked of a 2026-framework report, which grades each judgement but gives none."""
        if plan.intent not in (Intent.GRADE, Intent.GRADE_HISTORY) or plan.judgement != "overall" or not reformed(r):
            return None
        if not any(r.grades.get(k) and k in r.evidence for k in judgements.COLUMNS[1:]):
            return None
        text, ns = f"{describe(r)} gives no overall effectiveness grade (Ofsted's 2026 framework grades each judgement instead).", []
        last = last_overall(records, r)
        if last is not None and documents.get(last.doc_id):
            n = self._cite(composer, documents[last.doc_id], last, "overall")
            if n:
                text += f" The overall grade last given was {grade_words.normalise(last.grades['overall'])}, at {describe(last)} [{n}]."
                ns.append(n)
        cells = []
        for key in judgements.COLUMNS[1:]:
            n = self._cite(composer, doc, r, key) if r.grades.get(key) else None
            if n:
                cells.append(f"{judgement_label(key)} {grade_words.normalise(r.grades[key])} [{n}]")
                ns.append(n)
        text += " Its judgements: " + "; ".join(cells) + "."
        return AnswerPart(text, ns)

    @staticmethod
    def _nearest(plan: Plan, records: list[InspectionRecord], graded: bool) -> tuple[list[InspectionRecord], str | None]:
        """No inspection of the authority in the year asked ("Devon's 2021 inspection"): the nearest ones, said so."""
        authority, years = plan.authorities[0], plan.u.years
        pool = [r for r in records if r.local_authority == authority and r.is_full_inspection and (r.grades or not graded)]
        if not pool:
            return [], None
        gap = lambda r: min(abs(y - x) for y in years for x in record_year(r))  # noqa: E731
        closest = min(gap(r) for r in pool)
        chosen = sorted((r for r in pool if gap(r) == closest), key=lambda r: r.date)
        when = " or ".join(str(y) for y in years) if len(years) <= 2 else f"{years[0]}–{years[-1]}"
        return chosen, f"This library holds no inspection of {authority} in {when}; the nearest:"

    def _extreme_part(self, extreme: str, r: InspectionRecord, doc: Document, composer: Composer, every_only: bool = False) -> AnswerPart | None:
        """"What was the weakest judgement?": the judgements below overall graded lowest (or highest), then every one."""
        cells = [(k, grade_words.normalise(r.grades[k]), self._cite(composer, doc, r, k)) for k in judgements.COLUMNS if r.grades.get(k)]
        cells = [(k, g, n) for k, g, n in cells if n and g]
        below = [(k, g, n) for k, g, n in cells if k != "overall"]
        if every_only and cells:  # "…and what were the judgements?"
            return AnswerPart("Its judgements: " + "; ".join(f"{r.labels.get(k) or judgement_label(k)} {g} [{n}]" for k, g, n in cells) + ".",
                              [n for _, _, n in cells])
        if not below:
            return None
        pick = (min if extreme == "lowest" else max)(grade_words.SCALE[g] for _, g, _ in below)
        named = [f"{judgement_label(k)} ({g}) [{n}]" for k, g, n in below if grade_words.SCALE[g] == pick]
        word = "weakest" if extreme == "lowest" else "strongest"
        every = "; ".join(f"{judgement_label(k)} {g} [{n}]" for k, g, n in cells)
        listed = named[0] if len(named) == 1 else f"{'; '.join(named[:-1])} and {named[-1]}"
        lead = f"The {word} judgement{'s' if len(named) > 1 else ''} of {describe(r)}: {listed}."
        if len(named) == len(below):
            lead = f"Every judgement of {describe(r)} was graded the same."
        return AnswerPart(f"{lead} Judgement by judgement: {every}.", [n for _, _, n in cells])

    def _fact_part(self, plan: Plan, r: InspectionRecord, doc: Document, composer: Composer) -> AnswerPart | None:
        where = describe(r)
        if plan.intent is Intent.WHO_LED:
            n = self._cite(composer, doc, r, "lead_inspector") if r.lead_inspector else None
            if not n:
                return AnswerPart(f"{where} does not name a lead inspector in its text.", [], note=True)
            said = f"{plan.premise.lead_note(r.lead_inspector)}{r.lead_inspector} led {where}: “{composer.citations[n - 1].quote}” [{n}]"
            got = r.grades.get(plan.premise.judgement)
            m = self._cite(composer, doc, r, plan.premise.judgement) if got and plan.premise.grade_note(got) else None
            if m:  # "Thurrock was rated inadequate in 2024 - who led it?" when it was not: the grade too
                said += (f". It judged {judgement_label(plan.premise.judgement)} {grade_words.normalise(got)}"
                         f"{plan.premise.grade_note(got)} [{m}]")
                return AnswerPart(said, [n, m])
            return AnswerPart(said, [n])
        if plan.intent is Intent.WHEN:
            n = self._cite(composer, doc, r, "inspection_dates")
            if not n or not r.inspection_start:
                return None
            when = human_range(r.inspection_start, r.inspection_end)
            m = self._cite(composer, doc, r, "published") if plan.slots.basis == "published" and r.published else None
            if m:  # "when was that report published?": the day it was published leads, in the report's own words
                return AnswerPart(f"Published {human_range(r.published, r.published)}: {where}. The report: “{composer.citations[m - 1].quote}” [{m}]; "
                                  f"inspected “{composer.citations[n - 1].quote}” [{n}]", [m, n])
            if plan.slots.basis == "published" and r.published:
                when = f"Published {human_range(r.published, r.published)}"  # the date asked leads; the quote dates the inspection
            return AnswerPart(f"{when}: {where}. Ofsted’s words: “{composer.citations[n - 1].quote}” [{n}]", [n])
        extreme = plan.slots.extreme or ("lowest" if re.search(r"\bwhich (?:of (?:the|its|their) )?judge?ments?\b", plan.u.asked or plan.u.question, re.I) else "")
        if plan.intent is Intent.GRADE and extreme and not plan.subject.judgement_named:
            part = self._extreme_part(extreme, r, doc, composer)
            if part:
                return part
        key = plan.judgement if plan.intent is Intent.GRADE else "overall"
        grade = r.grades.get(key)
        if not grade:
            stands_in = next((k for k, label in r.labels.items() if key in ("care_leavers",) and k == "in_care"
                              # before 2013 the looked-after children's inspection graded its services as a whole
                              or key == "in_care" and k == "overall" and "looked after" in label), None)
            if stands_in and r.grades.get(stands_in):
                n = self._cite(composer, doc, r, stands_in)
                label = r.labels[stands_in]
                if n:
                    if stands_in == "overall":
                        return AnswerPart(f"{grade_words.label(r.grades['overall'])}. {where} judged the {label}: "
                                          f"“{composer.citations[n - 1].quote}” [{n}]", [n])
                    return AnswerPart(f"{where} had no separate judgement for care leavers; its judgement for {label} was "
                                      f"{grade_words.label(r.grades[stands_in])}: “{composer.citations[n - 1].quote}” [{n}]", [n])
            n = self._cite(composer, doc, r, "overall")
            said = f" Its overall effectiveness: “{composer.citations[n - 1].quote}” [{n}]" if n else ""
            return AnswerPart(f"{where} has no judgement for {judgement_label(key)}.{said}", [n] if n else [], note=not n,
                              unstated=True)
        n = self._cite(composer, doc, r, key)
        if not n:
            return None  # a grade no line of the report states is not stated
        quote = f"“{composer.citations[n - 1].quote}” [{n}]"
        if plan.intent is Intent.GRADE_HISTORY:
            return AnswerPart(f"{grade_words.label(grade)}. {where}: {quote}", [n])
        older = f" (judged as {r.labels[key]})" if key in r.labels else ""
        premise = plan.premise.grade_note(grade) if plan.premise.judgement == key else ""
        return AnswerPart(f"{grade_words.label(grade)}{premise}. {where} judged {judgement_label(key)}{older} "
                          f"{grade_words.normalise(grade)}: {quote}", [n])
