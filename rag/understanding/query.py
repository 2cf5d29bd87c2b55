"""The typed query: a question's subject, time, measure and operation, each filled by its own
extractor, and the one intent they decide. Built from the words (rag.query.Understood) and the
library's records (its inspectors' names)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from ..domain import grades as grade_words
from ..domain import judgements, question_frame, visits
from ..domain.gazetteer import gazetteer
from ..domain.places import outside_england, unknown_council
from ..domain.regions import regions_in
from ..records.model import InspectionRecord
from ..records.table import RecordFilter, record_year
from .intent import Intent

if TYPE_CHECKING:  # rag.query imports this module to set each question's word-level intent
    from ..query import Understood
from .change_slot import ChangeAsked
from .slots import Measure, Operation, Slots, grades_asked, judgement_extreme, respell, slots_of

from .cues import BUT_OVERALL, EVERY_JUDGEMENT, GRADED_INSPECTION, SAME_DAY, UNGRADED_VISIT, inspector_in, _AFTER_YEAR, _CURRENT, _EVER, _GRADE_CONTEXT, _NEIGHBOURS, _NEWEST, _NOW, _NO_OVERALL, _OPERATOR, _TALLY, _grade_of_judgement, contradicted, direction_contradicted  # noqa: F401
from . import two_dates
from .premise import Premise
from .topic import topic_beyond_grades  # noqa: F401  (part of this module's API)


@dataclass(frozen=True)
class Subject:
    """About whom: authorities named, or selected by their records; or a place the library cannot hold."""

    authorities: tuple[str, ...] = ()
    selection: RecordFilter | None = None
    judgement: str = "overall"
    judgement_named: bool = False
    neighbours_of: str | None = None
    change: ChangeAsked | None = None
    missing: str = ""  # "Glasgow", "Narnia": named, but no English children's services authority
    missing_why: str = ""
    same_day_as: str | None = None  # "…and the councils whose reports were published the same day": this one's day


@dataclass(frozen=True)
class Query:
    intent: Intent
    u: Understood  # the words, time and topic (what retrieval reads)
    subject: Subject = field(default_factory=Subject)
    slots: Slots = field(default_factory=Slots)
    premise: Premise = field(default_factory=Premise)

    @property
    def authorities(self) -> list[str]:
        return list(self.subject.authorities)

    @property
    def judgement(self) -> str:
        return self.subject.judgement

    @property
    def selection(self) -> RecordFilter | None:
        return self.subject.selection

    def with_authorities(self, authorities: list[str]) -> "Query":
        return replace(self, subject=replace(self.subject, authorities=tuple(authorities)))

    def to_json(self) -> dict:
        out = {"intent": self.intent.value, "authorities": self.authorities, "judgement": self.judgement,
               "operation": self.slots.operation.value, "measure": self.slots.measure.value, "basis": self.slots.basis}
        s = self.selection
        if s:
            out["selection"] = {k: v for k, v in {"grades": s.grades, "regions": s.regions, "kinds": s.kinds, "inspector": s.inspector,
                                                  "years": s.years, "latest": s.latest, "basis": s.basis}.items() if v}
        if self.subject.neighbours_of:
            out["neighbours_of"] = self.subject.neighbours_of
        if self.subject.change:
            c = self.subject.change
            out["change"] = {"direction": c.direction, "from": list(c.from_grades), "to": list(c.to_grades)}
        if self.subject.missing:
            out["missing"] = self.subject.missing
        return out


def decide(s: Slots, u: Understood, named: list[str], selecting: bool, asked_grades: tuple, inspector: str | None,
           neighbours_of: str | None, judgement: str | None, missing: str, held: bool = True, regions: list[str] = ()) -> Intent:
    """The one place where slots become an intent: a table read top to bottom, on slots, not words."""
    own_topic = u.asked_topic if u.inherited else u.topic  # a follow-up's own words
    if inspector:  # "inspections led by Christine Kennet": the inspector selects, the name is no topic
        own_topic = re.sub(r"\b(?:" + "|".join(re.escape(w) for w in inspector.split()) + r")\b", " ", own_topic, flags=re.IGNORECASE)
    topical = topic_beyond_grades(own_topic, named=named)
    beyond_selection = topic_beyond_grades(own_topic, judgements_too=True, named=named)
    if missing and not named:
        return Intent.NOT_COVERED
    if not named and _TALLY.search(u.question.lower()):
        return Intent.LEAD_TALLY  # "which inspector has led the most inspections?"
    if not named and s.grouped and selecting and (beyond_selection or s.said) and s.measure in (Measure.GRADE, Measure.TOPIC) and s.change is None \
            and s.operation is Operation.VALUE:
        return Intent.FINDINGS  # "what did Ofsted praise about care leavers in councils rated outstanding?"
    if (s.extreme or re.search(r"\bwhich (?:of (?:the|its|their) )?judge?ments?\b", u.question.lower())) and s.change is None \
            and (s.extreme == "" or judgement_extreme(u.question.lower().replace("’", "'"))) and (named or u.inherited or not s.grouped):
        return Intent.GRADE  # "what was the weakest judgement?": one inspection's judgements, the lowest first
    if not named and s.extreme and s.measure in (Measure.GRADE, Measure.TOPIC) and s.change is None:
        return Intent.LIST  # "which of those is rated highest?", "the worst-rated council in London"
    if s.measure is Measure.ROLE:
        return Intent.ROLE
    if s.measure is Measure.ROLE_STATEMENT:
        return Intent.ROLE_STATEMENT
    if s.operation is Operation.COUNT and s.change is not None and not named and s.counted != "reports" and s.measure is not Measure.IMPROVE:
        return Intent.CHANGE_LIST  # "how many councils got worse at their latest inspection?": the change list, its count first
    if s.operation is Operation.COUNT and (not named or s.counted == "reports"):
        return Intent.COUNT  # "how many inspections does the library hold for Bucks?": its reports, counted
    if named and s.operation is Operation.LIST and s.counted == "reports" and s.change is None and not topical and not neighbours_of:
        return Intent.LIST  # "list Buckinghamshire's inspections" (not "what do the reports credit for that?")
    if s.change is not None and not named and (s.grouped or s.operation is Operation.LIST or s.change.from_grades or s.change.to_grades or regions
                                               or re.match(r"^\s*(?:so\s+|and\s+)?who\b(?!\s+(?:led|was the|were the))", u.question.lower())) \
            and s.measure is not Measure.IMPROVE:
        return Intent.CHANGE_LIST
    # a grade with a region or a date and no authority named selects authorities: a list
    regional = bool(asked_grades) and (bool(regions) or bool(u.years))
    if not named and (s.operation is Operation.LIST or ((s.grouped or regional) and selecting and s.measure is not Measure.IMPROVE
                                                          and not beyond_selection)
                      or (inspector and s.measure in (Measure.LEAD_INSPECTOR, Measure.TOPIC))):
        return Intent.LIST
    if s.measure is Measure.LEAD_INSPECTOR:
        return Intent.WHO_LED
    if s.measure is Measure.IMPROVE:
        return Intent.IMPROVE
    if len(named) >= 2 or neighbours_of:
        return Intent.COMPARE_AUTHORITIES
    if s.operation is Operation.CHANGE and u.refers == "after_focus":
        return Intent.GRADE_HISTORY if not topical else Intent.COMPARE_YEARS
    # A judgement's grade changes ("has help and protection improved?"); Ofsted's view of it is findings.
    records_only = not beyond_selection and not s.said
    if s.operation is Operation.CHANGE and len(u.years) > 2 and re.match(r"(?:between|from)\b", u.time_phrase or ""):
        return Intent.GRADE_HISTORY if records_only else Intent.COMPARE_YEARS  # "changed between 2014 and 2025": every one
    if s.operation is Operation.CHANGE:
        return Intent.CHANGE if records_only else Intent.COMPARE_YEARS
    if s.operation is Operation.TREND:
        return Intent.GRADE_HISTORY if records_only else Intent.COMPARE_YEARS
    # "has X ever been rated inadequate?", "when was X judged inadequate?", "has X always been good?": every
    # inspection; "is X good?", "was X outstanding in 2022?": the one inspection, its grade first
    if named and asked_grades and (s.measure is Measure.DATES or s.measure is Measure.GRADE and (_EVER.search(u.question.lower()) or not (u.years or u.latest) and not _NOW.search(u.question.lower()))):
        return Intent.GRADE_HISTORY
    if s.measure is Measure.GRADE and not (topical and not judgement and s.operation is not Operation.VALUE):
        return Intent.GRADE if not topical or judgement or re.search(r"\b(?:grade|rated|rating|verdict|judge?ment|judged)\b", u.question.lower()) else Intent.FINDINGS
    if s.measure is Measure.DATES:
        return Intent.WHEN
    if s.measure is Measure.NUMBER:
        return Intent.NUMBER
    if s.operation is Operation.COMPARE:  # one authority's inspections compared: a change; a topic compared: findings
        return Intent.CHANGE if named and records_only else Intent.COMPARE_YEARS
    about_inspection = named or re.search(r"\b(?:inspection|report|visit|verdict)\b", u.question.lower())
    if (about_inspection or re.search(r"\b(?:ofsted|inspectors?)\b", u.question.lower())) and (held or not named) and not topical \
            and not UNGRADED_VISIT.search(u.question.lower()) \
            and s.measure is Measure.TOPIC and u.kinds[:1] in ([], ["ofsted_report"]) \
            and re.search(r"\b(?:find|found|conclude|concluded|say|said|think|thought|make of)\b(?!.*\b(?:about|regarding|concerning|on how)\b)", u.question.lower()):
        return Intent.GRADE  # "what did the 2014 report find?", "what did Ofsted conclude in 2018?": its judgement, quoted
    # "Slough 2023 impact of leaders", "Doncaster care leavers?": a judgement named and nothing else asked is its grade
    if named and judgement and judgement != "overall" and held and not beyond_selection and not s.said and s.measure is Measure.TOPIC:
        return Intent.GRADE
    if about_inspection and (held or not named) and not topical and not s.said and s.measure is Measure.TOPIC \
            and not UNGRADED_VISIT.search(u.question.lower()):
        return Intent.GRADE  # "tell me about Solihull's latest inspection", "the 2014 inspection": its grades, quoted
    return Intent.FINDINGS


def build_query(u: Understood, records: list[InspectionRecord]) -> Query:
    q = u.question
    lowered = respell(question_frame.expand_contractions(" ".join(q.lower().replace("’", "'").split())))
    # A follow-up's operation and measure are in this turn's own words; its subject and time were inherited.
    s = slots_of(u.asked if u.inherited and u.asked else q)
    named = list(u.local_authorities)
    asked = " ".join((u.asked or "").lower().replace("’", "'").split())
    judgement = judgements.in_question(asked) if u.inherited and asked else None  # "what about care leavers?"
    judgement = judgement or judgements.in_question(lowered)
    if _OPERATOR.search(lowered) and not s.role:
        # "who runs children's services in Slough?": an organisation is the answer; the words reports use for one
        u = replace(u, topic=f"{u.topic} trust company organisation delivered run by on behalf of the council delegated functions commissioned".strip())
        s = replace(s, measure=Measure.TOPIC)
    after = _AFTER_YEAR.search(lowered)
    if after and len(named) == 1:
        # "the re-inspection after the 2015 inadequate", "the one after 2019": the first full inspection after that year's
        year = int(after[1] or after[2])
        that = [r for r in records if r.local_authority == named[0] and r.is_full_inspection and year in record_year(r)]
        u = replace(u, years=[], month=None, latest=False, since=(max(r.date for r in that) if that else f"{year}-12-31") + "~")
        s = replace(s, extras={**s.extras, "first": True})
    inspector = inspector_in(q, records)
    only = {r.local_authority for r in records}
    if inspector and not named and len(only) == 1 and re.search(r"\b(?:led|lead)\b", lowered) and (u.years or u.month or re.search(
            r"\b(?:the|that|this|its)\s+(?:[\w-]+\s+){0,3}(?:inspection|re-?inspection|visit|report)\b", lowered)):
        named = sorted(only)  # "Linda Steele led the November 2017 re-inspection, right?" in a one-council library: about it
    if inspector and named:  # "Steve Bailey led Solihull's 2022 inspection": a premise about it, not a topic
        u = replace(u, topic=" ".join(w for w in u.topic.split() if w.lower() not in inspector.lower().split()))
    unnamed = q
    for word in gazetteer().find_in_question(q)[1]:
        unnamed = unnamed.replace(word, " ")  # "North East Lincolnshire" names an authority, not the region
    regions = regions_in(unnamed)
    kind = visits.in_question(lowered)
    grade_context = _GRADE_CONTEXT.search(lowered) or s.operation in (Operation.LIST, Operation.COUNT) or s.grouped
    asked_grades = grades_asked(lowered) if grade_context and not (s.change and (s.change.from_grades or s.change.to_grades)) else ()
    if not asked_grades and u.inherited and asked and _GRADE_CONTEXT.search(asked) and not (s.change and (s.change.from_grades or s.change.to_grades)):
        asked_grades = grades_asked(asked)  # "when was it last judged good?": the follow-up's own grade
    # "Derby and Leicester are neighbours in the East Midlands": two councils named are the comparison;
    # their statistical neighbours only when asked for by that name
    neighbours_of = named[0] if named and _NEIGHBOURS.search(lowered) and (len(named) == 1 or re.search(r"\bstat(?:istical|s|\.)?\b|\bcomparators?\b", lowered)) else None
    same_day = named[0] if len(named) == 1 and not neighbours_of and SAME_DAY.search(lowered) else None
    graded_one = GRADED_INSPECTION.search(lowered) if len(named) == 1 and records and not u.years else None
    if graded_one:  # "Bury's inadequate inspection": the (latest) inspection that gave that grade
        hits = sorted((r for r in records if r.local_authority == named[0] and r.is_full_inspection
                       and grade_words.normalise(r.grades.get("overall")) == grade_words.normalise(graded_one[1])), key=lambda r: r.date)
        if hits:
            u = replace(u, years=sorted({int(v[:4]) for v in (hits[-1].inspection_start, hits[-1].inspection_end) if v} or record_year(hits[-1])))
    missing, why = "", ""
    if not named:
        place = outside_england(q)
        if place:
            missing, why = place
        else:
            council = unknown_council(q)
            if council:
                missing, why = council, "not an English local authority"
    aggregate = s.operation in (Operation.LIST, Operation.COUNT) or s.grouped
    # "the latest report published", "which council was inspected most recently?": the newest, of all
    newest = not named and not u.span and bool(_NEWEST.search(lowered))
    if newest:
        s = replace(s, operation=Operation.LIST if s.operation is Operation.VALUE else s.operation,
                    counted="reports" if s.basis == "published" or re.search(r"\breports?\b", lowered) else s.counted)
        aggregate = True
    ungraded = bool(_NO_OVERALL.search(lowered))  # "which councils got no overall grade at their latest inspection?"
    if ungraded and u.years == [2026] and not re.search(r"\b2026\b(?![\s-](?:reformed\b|(?:ilacs[\s-])?(?:inspection[\s-])?(?:framework|regime)\b))", lowered):
        u = replace(u, years=[], time_phrase="")  # "the 2026-framework reports" names a framework, not a year
    counting_reports = named and s.operation in (Operation.COUNT, Operation.LIST) and s.counted == "reports"
    selecting = bool(counting_reports or asked_grades or ungraded or regions or (inspector and not named) or neighbours_of or same_day or (aggregate and not named) or s.change
                     or (s.extreme and not named and not judgement_extreme(lowered)))
    graded_judgement = judgement
    both = BUT_OVERALL.search(lowered) if judgement and judgement != "overall" else None
    overall_too: list[str] = []
    if both:  # "outstanding for children in care but only good overall": two conditions, one each
        asked_grades, overall_too = (grade_words.normalise(both[1]),), [grade_words.normalise(both[2])]
    if judgement and asked_grades and not _grade_of_judgement(lowered, judgement) and not ungraded and not both:
        graded_judgement = None  # "care leavers in councils rated outstanding": the grade is overall, care leavers the topic
        # (under the 2026 framework there is no overall grade: a grade asked is the judgement's)
    selection = None
    if selecting:
        # "currently", and any grade asked without a date, means each authority's latest inspection; a
        # date of publication or inspection means the reports of that time instead.
        latest = ((bool(asked_grades or s.extreme) and not u.years) or bool(_CURRENT.search(lowered)) and not u.years) \
            and not (kind in ("sif", "older") and not _CURRENT.search(lowered))  # "outstanding under the old SIF": any SIF inspection
        # "how many inspections": full inspections, not monitoring visits or letters
        inspections_only = counting_reports and not kind and re.search(r"\binspections\b", lowered) and not re.search(r"\bvisits?\b|\bletters?\b", lowered)
        selection = RecordFilter(authorities=list(named) if counting_reports else [], regions=regions,
                                 kinds=[kind] if kind else list(visits.FULL_INSPECTIONS) if inspections_only else [], grades=list(asked_grades), judgement=graded_judgement or "overall",
                                 inspector=None if named else inspector, years=u.years, month=u.month, latest=latest or ungraded,
                                 basis=s.basis, ungraded=ungraded, span=u.span, span_label=u.span_label, newest=newest,
                                 extreme="" if named or judgement_extreme(lowered) else s.extreme,
                                 overall_grades=overall_too, every=bool(asked_grades) and bool(EVERY_JUDGEMENT.search(lowered)))
        selection = two_dates.apply(selection, lowered)  # "inspected in 2025 but published in 2026"
    held = not records or bool(set(named) & {r.local_authority for r in records})
    intent = decide(s, u, named, selecting, asked_grades, inspector, neighbours_of or same_day, judgement, missing, held, regions)
    if u.inherited and s.measure is Measure.TOPIC and s.operation is Operation.VALUE and s.change is None and not missing \
            and (u.intent is not Intent.FINDINGS or not u.asked_topic):
        intent = u.intent  # "and the one before?", "and in 2021?": what the turn before asked (findings too)
    if intent in (Intent.FINDINGS, Intent.COMPARE_YEARS) and len(named) == 1 and asked_grades and not missing \
            and contradicted(records, named[0], graded_judgement or "overall", asked_grades, u.years):
        intent = Intent.GRADE  # "why did X get outstanding in 2025?" when it did not: the grade it got, quoted, answers
    elif intent is Intent.COMPARE_YEARS and len(named) == 1 and s.change and not missing and (
            contradicted(records, named[0], graded_judgement or "overall", s.change.to_grades, u.years) if s.change.to_grades
            else direction_contradicted(records, named[0], graded_judgement or "overall", s.change.direction, u.years)):
        intent = Intent.CHANGE  # "why was Leeds downgraded to good in 2025?", "why did X decline?" when it did not: what did change
    lead = inspector if inspector and len(named) == 1 else ""
    if lead and intent in (Intent.FINDINGS, Intent.GRADE) and re.search(r"\blead|\bled\b|\bin charge\b|\binspected\b|\bheaded\b", lowered) \
            and not topic_beyond_grades(u.topic, named=named) and not re.search(r"\b(?:find|found|conclude|concluded|say|said|think|judge|judged|rate|rated|grade)\b", lowered):
        intent = Intent.WHO_LED  # "was it Steve Bailey who inspected Solihull in 2022?", "Lisa Summers led Halton, didn't she?"
    asserted = s.change.to_grades if s.change and s.change.to_grades else () if s.change and s.change.from_grades else asked_grades
    premise = Premise(tuple(asserted) if len(named) == 1 and not missing else (), graded_judgement or "overall", lead)
    if named and kind in visits.FULL_INSPECTIONS and not selection:
        s = replace(s, extras={**s.extras, "kind": kind})  # "Cheshire West's SIF inspection dates": that framework's inspection
    if named and re.search(r"\b(?:first|earliest|original|oldest)\b(?:\s+[\w-]+){0,2}?\s+(?:inspection|sif|ilacs|report|one|visit)\b", lowered):
        s = replace(s, extras={**s.extras, "first": True})
    subject = Subject(tuple(named), selection, judgement or "overall", judgement is not None, neighbours_of, s.change, missing, why,
                      same_day_as=same_day)
    return Query(intent, u, subject, s, premise)


def word_intent(u: Understood) -> Intent:
    """The intent from the words alone (no records): what a follow-up inherits and retrieval reads. A place
    the library cannot hold ("Swansea's latest grade?") is answered as such, but what was asked of it is
    what "and Bury?" asks next."""
    q = build_query(u, [])
    if q.intent is Intent.NOT_COVERED and q.subject.missing:
        place = re.escape(q.subject.missing) + r"(?:\s+(?:city|county|district|borough|metropolitan))*(?:\s+council)?"
        from ..query import understand  # the question again, with an authority the library could hold in its place

        return understand(re.sub(place, "Leeds", u.asked or u.question, flags=re.I)).intent
    return q.intent
