"""Comparing authorities: each authority's latest inspection side by side, grouped by authority, its
grades quoted from its report and, when the question has a topic, its best finding on that topic."""

from __future__ import annotations

import re
from collections.abc import Callable

from ..domain import grades as grade_words
from ..domain.gazetteer import gazetteer
from ..domain.judgements import COLUMNS
from ..records.model import InspectionRecord
from ..records.table import last_overall, record_year
from ..retrieval import Evidence
from ..sentences import sentence_spans
from ..types import Answer, AnswerPart, Document
from .compose import Composer
from .records import describe, judgement_label

SHORT = {"impact_of_leaders": "leaders", "help_and_protection": "help and protection", "in_care": "children in care",
         "care_leavers": "care leavers"}
FindFor = Callable[[str], Evidence | None]  # authority -> its best evidence on the question's topic


class CompareAnswerer:
    def __init__(self, document_text):
        self.document_text = document_text

    @staticmethod
    def _table(authorities: list[str], records: list[InspectionRecord], years: list[int], judgement: str, answer: Answer) -> list[dict]:
        """Side by side: one row per authority compared, its latest graded inspection's grades, with the [n] of its lines."""
        rows = []
        for authority in authorities:
            mine = sorted((r for r in records if r.local_authority == authority and r.is_full_inspection and r.grades
                           and (not years or record_year(r) & set(years))), key=lambda r: r.date)
            if not mine:
                continue
            r = mine[-1]
            ns = sorted({n for p in answer.parts if p.group == authority for n in p.citations})
            rows.append({"authority": authority, "region": r.region, "kind": r.kind, "inspection": r.inspection_end or "",
                         "published": r.published or "", "grade": r.grades.get(judgement) or "", "judgement": judgement,
                         **{key: r.grades.get(key, "") for key in COLUMNS}, "lead_inspector": r.lead_inspector or "", "citations": ns})
        return rows

    @staticmethod
    def _verdict(graded: list[tuple[str, str, int]], judgement: str) -> AnswerPart:
        label = judgement_label(judgement)
        marks = "".join(f" [{n}]" for _, _, n in graded)
        ns = [n for _, _, n in graded]
        if len({g for _, g, _ in graded}) == 1:
            names = ", ".join(a for a, _, _ in graded[:-1]) + f" and {graded[-1][0]}"
            return AnswerPart(f"{names} are {'both' if len(graded) == 2 else 'all'} {graded[0][1]} for {label}.{marks}", ns)
        ranked = sorted(graded, key=lambda x: -grade_words.SCALE[x[1]])
        top = [x for x in ranked if x[1] == ranked[0][1]]
        rest = "; ".join(f"{a} {g}" for a, g, _ in ranked[len(top):])
        who = " and ".join(a for a, _, _ in top)
        return AnswerPart(f"{who} {'is' if len(top) == 1 else 'are'} rated highest for {label} ({ranked[0][1]}); {rest}.{marks}", ns)

    def _said_elsewhere(self, authority: str, documents: dict[str, Document], years: list[int], composer: Composer) -> AnswerPart | None:
        """An authority with no report of its own that another document grades ("Newham, rated good, …" in a press
        piece): that sentence, in its author's words, labelled as theirs."""
        for doc in sorted(documents.values(), key=lambda d: d.metadata.published or "", reverse=True):
            if doc.metadata.kind in ("ofsted_report", "ofsted_letter") or authority in doc.metadata.local_authorities[:1]:
                continue
            if years and doc.metadata.published and int(doc.metadata.published[:4]) not in years:
                continue
            text = self.document_text(doc.doc_id) or ""
            if authority.lower() not in text.lower():
                continue
            for start, end in sentence_spans(text):
                sentence = text[start:end]
                if authority.lower() in sentence.lower() and re.search(rf"{grade_words.PATTERN}|requiring improvement", sentence, re.IGNORECASE) \
                        and authority in gazetteer().mentions(sentence):
                    part = composer.quote_part(doc, start, end)
                    part.text = f"This library holds no report of {authority}’s own. {part.text}"
                    part.group = authority
                    return part
        return None

    def answer(self, question: str, authorities: list[str], judgement: str, years: list[int],
               records: list[InspectionRecord], documents: dict[str, Document], find_for: FindFor | None) -> Answer | None:
        composer = Composer(self.document_text, name_authority=True)
        answer = Answer(question=question)
        graded: list[tuple[str, str, int]] = []  # (authority, grade of the judgement asked, its [n])
        for authority in authorities:
            mine = sorted((r for r in records if r.local_authority == authority and r.is_full_inspection and r.grades
                           and (not years or record_year(r) & set(years))), key=lambda r: r.date)
            if not mine:
                said = self._said_elsewhere(authority, documents, years, composer)
                answer.parts.append(said or AnswerPart(f"This library holds no graded inspection report for {authority}.", [], authority, note=True))
                continue
            r = mine[-1]
            doc = documents.get(r.doc_id)
            if doc is None or not self.document_text(doc.doc_id):
                continue
            keys = ["overall"] + ([judgement] if judgement != "overall" else [])
            if not r.grades.get("overall"):  # a 2026-framework report: say so, with the overall grade last given
                keys = keys[1:]
                last = last_overall(records, r)
                said = ""
                if last is not None and "overall" in last.evidence and documents.get(last.doc_id):
                    n = composer.cite(documents[last.doc_id], *last.evidence["overall"])
                    said = f" The overall grade last given was {grade_words.normalise(last.grades['overall'])}, at {describe(last)} [{n}]."
                answer.parts.append(AnswerPart(f"{describe(r)} gives no overall effectiveness grade (Ofsted's 2026 framework grades each "
                                               f"judgement).{said}", [n] if said else [], authority, note=not said))
            for key in keys:
                span = r.evidence.get(key)
                grade = r.grades.get(key)
                if span and grade:
                    n = composer.cite(doc, *span)
                    if key == judgement:
                        graded.append((authority, grade_words.normalise(grade), n))
                    answer.parts.append(AnswerPart(
                        f"{grade_words.label(grade)} for {judgement_label(key)} at {describe(r)}: “{composer.citations[n - 1].quote}” [{n}]",
                        [n], authority))
                elif key != "overall":
                    answer.parts.append(AnswerPart(f"{describe(r)} has no separate judgement for {judgement_label(key)}.", [], authority, note=True))
            if judgement == "overall":  # side by side, judgement by judgement
                cells, ns = [], []
                for key in COLUMNS[1:]:
                    span, grade = r.evidence.get(key), r.grades.get(key)
                    if span and grade:
                        n = composer.cite(doc, *span)
                        older = f" ({r.labels[key]})" if key in r.labels else ""
                        cells.append(f"{SHORT.get(key, judgement_label(key))}{older} {grade_words.normalise(grade)} [{n}]")
                        ns.append(n)
                if cells:
                    answer.parts.append(AnswerPart("Judgement by judgement: " + "; ".join(cells) + ".", ns, authority))
            evidence = find_for(authority) if find_for else None
            if evidence is not None:
                answer.parts.append(composer.quote_part(evidence.document, evidence.start, evidence.end, group=authority))
        if not any(p.citations for p in answer.parts):
            return None
        if len(graded) >= 2:  # which is rated higher, in one line, before each authority's lines
            answer.parts.insert(0, self._verdict(graded, judgement))
        answer.table = self._table(authorities, records, years, judgement, answer)
        answer.citations = composer.citations
        answer.text = answer.render()
        return answer
