"""Change between inspections, told judgement by judgement with both lines quoted: one authority's
inspection against the one before it (or another it is asked against), and authorities selected by
how their last two inspections differ ("which councils went from inadequate to good?"). Across
frameworks: an older framework's judgement stands in for today's column (labelled), and a 2026
report, which gives no overall grade, is compared judgement by judgement."""

from __future__ import annotations

import re

from dataclasses import dataclass

from ..domain import grades as grade_words
from ..domain.judgements import COLUMNS
from ..records.model import InspectionRecord
from ..records.table import record_year
from ..types import Answer, AnswerPart, Document
from .compose import Composer, human_range, possessive
from .records import describe, judgement_label

SHORT = {"overall": "overall effectiveness", "impact_of_leaders": "leaders", "help_and_protection": "help and protection",
         "in_care": "children in care", "care_leavers": "care leavers"}


@dataclass(frozen=True)
class Step:
    key: str
    before: str
    after: str
    before_key: str = ""  # the judgement that states it in the earlier report, when an older one stands in

    @property
    def direction(self) -> str:
        a, b = grade_words.SCALE[self.before], grade_words.SCALE[self.after]
        return "improved" if b > a else "declined" if b < a else "same"


def graded(records: list[InspectionRecord], authority: str) -> list[InspectionRecord]:
    return sorted((r for r in records if r.local_authority == authority and r.is_full_inspection and r.grades), key=lambda r: r.date)


def pair(history: list[InspectionRecord], years: list[int], since: str = "", latest: bool = False,
         forward: bool = False) -> tuple[InspectionRecord, InspectionRecord] | None:
    """Which two inspections a change question means: two years named -> those two; one -> that one and
    the one before; "since 2018" -> the 2018 one and the latest; none -> the latest and the one before."""
    if len(history) < 2:
        return None
    if since:
        later = [r for r in history if r.date >= since]
        earlier = [r for r in history if r.date < since]
        return (earlier[-1], later[-1]) if earlier and later else (later[0], later[-1]) if len(later) >= 2 else None
    if years:
        hits = [r for r in history if record_year(r) & set(years)]
        if len(hits) >= 2:
            return hits[0], hits[-1]
        if len(hits) == 1 and latest and hits[0] is not history[-1]:
            return hits[0], history[-1]  # "is the current one better than the 2023 one?"
        if len(hits) == 1:
            i = history.index(hits[0])
            if forward and i + 1 < len(history):  # "outstanding in 2019: did they hold on to it at the next one?"
                return hits[0], history[i + 1]
            return (history[i - 1], hits[0]) if i > 0 else (hits[0], history[i + 1])
        return None
    return history[-2], history[-1]


def _stands_in(r: InspectionRecord, key: str) -> str:
    """The judgement of `r` that graded `key`: itself, or (2018-2023) one judgement of children in care and care leavers."""
    if r.grades.get(key):
        return key
    return "in_care" if key == "care_leavers" and "care leavers" in r.labels.get("in_care", "") and r.grades.get("in_care") else ""


def steps(before: InspectionRecord, after: InspectionRecord, keys=COLUMNS) -> list[Step]:
    out = []
    for key in keys:
        kb, ka = _stands_in(before, key), after.grades.get(key) and key
        if kb and ka:
            out.append(Step(key, grade_words.normalise(before.grades[kb]), grade_words.normalise(after.grades[ka]), kb))
    return out


def verdict(moves: list[Step]) -> str:
    """One word for a change: the overall grade's direction when both give one, else the judgements'."""
    overall = next((s for s in moves if s.key == "overall"), None)
    if overall:
        return overall.direction
    ups = sum(s.direction == "improved" for s in moves)
    downs = sum(s.direction == "declined" for s in moves)
    return "improved" if ups and not downs else "declined" if downs and not ups else "same" if not ups and not downs else "mixed"


_SAY = {"improved": "improved", "declined": "declined", "same": "stayed the same", "mixed": "improved in some judgements and declined in others"}


class ChangeAnswerer:
    def __init__(self, document_text):
        self.document_text = document_text

    def _cite(self, composer: Composer, doc: Document | None, r: InspectionRecord, key: str) -> int | None:
        span = r.evidence.get(key)
        return composer.cite(doc, *span) if doc is not None and span and self.document_text(doc.doc_id) else None

    def authority(self, authorities: list[str], years: list[int], since: str, judgement: str, records: list[InspectionRecord],
                  documents: dict[str, Document], question: str, latest: bool = False, premise=None, forward: bool = False) -> Answer | None:
        composer = Composer(self.document_text, name_authority=True)
        answer = Answer(question=question)
        for authority in authorities:
            history = graded(records, authority)
            chosen = pair(history, years, since, latest, forward)
            if chosen is None:
                only = history[-1:] if history else []
                what = f"only one graded inspection ({describe(only[0])})" if only else "no graded inspection report"
                answer.parts.append(AnswerPart(f"The library holds {what} for {authority}, so there is nothing to compare it with.",
                                               [], authority, note=True, unstated=True))
                continue
            before, after = chosen
            answer.about += [after.doc_id, before.doc_id]
            keys = [judgement] if judgement != "overall" else list(COLUMNS)
            moves = steps(before, after, keys)
            if not moves:
                continue
            db, da = documents.get(before.doc_id), documents.get(after.doc_id)
            lines, ns = [], []
            for s in moves:
                nb, na = self._cite(composer, db, before, s.before_key or s.key), self._cite(composer, da, after, s.key)
                if not (nb and na):
                    continue
                stood = s.before_key or s.key
                older = f" ({before.labels[stood]})" if stood in before.labels else ""
                arrow = "the same" if s.direction == "same" else s.direction
                lines.append(f"{SHORT.get(s.key, judgement_label(s.key))}{older}: {s.before} [{nb}] → {s.after} [{na}] ({arrow})")
                ns += [nb, na]
            if not lines:
                continue
            head = headline(authority, before, after, moves, judgement)
            group = authority if len(authorities) > 1 else ""
            taken = premise.judgement if premise is not None else judgement
            # the premise is about the inspection of the year it names ("Derby's 2022 inspection found…"), else the later one
            held = next((r for r in (before, after) if years and record_year(r) & set(years)), after)
            got = held.grades.get(taken)
            note = premise.grade_note(got) if premise is not None and got else ""
            n = self._cite(composer, documents.get(held.doc_id), held, taken) if note else None
            if n:  # "why did X drop to RI in 2024?" when it did not: the grade it got, first
                answer.parts.append(AnswerPart(f"{grade_words.label(got)}{note}: {describe(held)} judged {judgement_label(taken)} "
                                               f"{grade_words.normalise(got)} [{n}].", [n], group))
            answer.parts.append(AnswerPart(head, [], group, note=True))
            answer.parts.append(AnswerPart("Judgement by judgement: " + "; ".join(lines) + ".", list(dict.fromkeys(ns)), group))
        if not any(p.citations for p in answer.parts):
            return answer if answer.parts else None
        answer.citations = composer.citations
        answer.text = answer.render()
        return answer

    def selection(self, change, judgement: str, records: list[InspectionRecord], documents: dict[str, Document],
                  question: str, scope_note: str, later_in: set[str] | None = None) -> Answer:
        """Authorities whose last two inspections grading `judgement` changed as asked, as a table."""
        composer = Composer(self.document_text, name_authority=True)
        answer = Answer(question=question)
        rows, chosen = [], []
        # "at their latest inspection", "since their previous one", "last time": the pair ends at the latest full inspection
        # (so a council whose latest, 2026-framework report gives no overall grade has no such change to show)
        at_latest = not getattr(change, "any_pair", False) and bool(re.search(
            r"\b(?:latest|most recent|last|previous|prior|current|recent|recently|since|now|currently)\b", question.lower()))
        for authority in sorted({r.local_authority for r in records}):
            history = [r for r in graded(records, authority) if r.grades.get(judgement)]
            if len(history) < 2:
                continue
            pairs = list(zip(history, history[1:])) if getattr(change, "any_pair", False) else [(history[-2], history[-1])]
            # "twice in a row": the latest such pair of consecutive inspections; otherwise the last two
            matching = [(b, a) for b, a in pairs if _admits(change, Step(judgement, grade_words.normalise(b.grades[judgement]),
                                                                            grade_words.normalise(a.grades[judgement])))]
            if later_in is not None:  # "…in 2025": the later inspection of the pair is from then
                matching = [(b, a) for b, a in matching if a.doc_id in later_in]
            if not matching:
                continue
            before, after = matching[-1]
            if at_latest and after.doc_id != max((r for r in records if r.local_authority == authority and r.is_full_inspection),
                                                 key=lambda r: r.date).doc_id:
                continue  # "at their latest inspection": the latest gave no such grade (a 2026 report gives no overall)
            s = Step(judgement, grade_words.normalise(before.grades[judgement]), grade_words.normalise(after.grades[judgement]))
            nb = self._cite(composer, documents.get(before.doc_id), before, judgement)
            na = self._cite(composer, documents.get(after.doc_id), after, judgement)
            if not (nb and na):
                continue
            chosen.append(authority)
            answer.parts.append(AnswerPart(f"{authority}: {s.before} at {describe(before)} [{nb}] → {s.after} at {describe(after)} [{na}].",
                                           [nb, na], ""))
            rows.append({"authority": authority, "region": after.region, "judgement": judgement, "from": s.before,
                         "from_inspection": human_range(before.inspection_start, before.inspection_end), "to": s.after,
                         "to_inspection": human_range(after.inspection_start, after.inspection_end), "grade": s.after,
                         "kind": after.kind, "inspection": human_range(after.inspection_start, after.inspection_end),
                         "published": after.published or "", "lead_inspector": after.lead_inspector or "", "citations": [nb, na]})
        what = describe_change(change, judgement)
        if later_in is not None:
            what = what.replace("between their last two graded inspections", "at a graded inspection of the time asked, against the one before")
        lead = (f"{len(chosen)} local {'authority' if len(chosen) == 1 else 'authorities'} {what} ({scope_note}): {', '.join(chosen)}."
                if chosen else f"None of the local authorities {what} ({scope_note}).")
        answer.parts.insert(0, AnswerPart(lead, [], note=True))
        answer.refused = not chosen  # "none of them did" is said, with nothing to quote
        answer.citations, answer.table = composer.citations, rows
        answer.text = answer.render()
        return answer


def _admits(change, s: Step) -> bool:
    """Whether one step between two inspections is the change asked."""
    if getattr(change, "directions", ()):
        return s.direction in change.directions and (not change.from_grades or s.before in change.from_grades) \
            and (not change.to_grades or s.after in change.to_grades)
    if (change.direction and s.direction != change.direction) or (not change.direction and s.direction == "same"
                                                                 and not (change.from_grades or change.to_grades)):
        return False
    return (not change.from_grades or s.before in change.from_grades) and (not change.to_grades or s.after in change.to_grades)


def headline(authority: str, before: InspectionRecord, after: InspectionRecord, moves: list[Step], judgement: str) -> str:
    """"Leeds's overall effectiveness improved from <grade> to <grade> between ... and ...; children in care
    declined." A 2026 report gives no overall grade: then the judgements' directions are the headline."""
    between = f"between {describe(before)} and {describe(after)}"
    main = next((s for s in moves if s.key == ("overall" if judgement == "overall" else judgement)), None)
    others = [s for s in moves if s is not main and s.direction != "same"]
    moved = "; ".join(f"{SHORT.get(s.key, judgement_label(s.key))} {s.direction} ({s.before} → {s.after})" for s in others)
    if main is not None:
        label = SHORT.get(main.key, judgement_label(main.key))
        # the grade it has now first ("declined to good, from outstanding"): what a reader skimming needs
        said = (f"stayed {main.after}" if main.direction == "same" else f"{main.direction} to {main.after}, from {main.before},")
        return f"{possessive(authority)} {label} {said} {between}" + (f"; {moved}" if moved else "") + "."
    word = verdict(moves)
    kept = {s.after for s in moves}
    if moves and all(s.direction == "same" for s in moves) and len(kept) == 1:  # "stayed good in every judgement": the grade, first
        return (f"{authority} stayed {kept.pop()} in every judgement {between}; the later report gives no overall grade (Ofsted's 2026 "
                f"framework grades each judgement).")
    return (f"{authority} {_SAY[word]} {between}, judgement by judgement: the later report gives no overall grade (Ofsted's 2026 "
            f"framework grades each judgement)" + (f"; {moved}" if moved else "") + ".")


def describe_change(change, judgement: str) -> str:
    frm = " or ".join(change.from_grades)
    to = " or ".join(change.to_grades)
    what = f"for {judgement_label(judgement)}" if judgement != "overall" else "overall"
    if change.direction == "same" and getattr(change, "any_pair", False):
        return f"were {to or frm or 'at the same grade'} {what} at two graded inspections in a row"
    if change.direction == "same":
        return f"stayed {to or frm or 'at the same grade'} {what} between their last two graded inspections"
    directions = getattr(change, "directions", ())
    if directions and getattr(change, "negated", False):
        verb = "did not improve" if "declined" in directions else "did not decline"
    elif directions:
        words = [{"improved": "improved", "declined": "declined", "same": "stayed the same"}[d] for d in directions]
        verb = ", ".join(words[:-1]) + " or " + words[-1]
    else:
        verb = {"improved": "improved", "declined": "declined"}.get(change.direction or "", "changed")
    return (f"{verb}{' from ' + frm if frm else ''}{' to ' + to if to else ''} {what} between their last two graded inspections")


__all__ = ["ChangeAnswerer", "Step", "pair", "possessive", "steps", "verdict"]
