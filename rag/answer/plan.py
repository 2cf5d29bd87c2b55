"""The question plan: what is asked and about which authorities, years and judgement. Authorities are
named, or selected by their inspection records (grade, region, inspector, statistical neighbours)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..domain import grades as grade_words
from ..domain import judgements, roles, visits
from ..domain.gazetteer import gazetteer
from ..query import Understood
from ..records.model import InspectionRecord
from ..records.table import RecordFilter, inspectors_of

# "areas for improvement" are a report's findings, not a group of places.
_GROUP = r"(?:local authorities|authorities|councils|las|boroughs|counties|areas(?!\s+(?:for|of|needing|requiring|to|that|which)\b)|places)"
_LIST = re.compile(rf"^\s*(?:which|what|list|name|show)(?:\s+of)?(?:\s+(?:the|all|are|were|other))*\s+(?:\w+\s+){{0,2}}{_GROUP}\b"
                   rf"|\b(?:list|name)\s+(?:the|all)\s+{_GROUP}\b|^\s*where\s+has\b.*\blead?\b|\b(?:which|what) inspections\b")
_COUNT = re.compile(rf"\bhow many\b(?:\s+of)?(?:\s+(?:the|these|those))?\s+(?:\w+\s+){{0,2}}(?:{_GROUP}|inspections|reports)\b")
_WHO = re.compile(r"\bwho\s+(?:led|was|were|is|did|carried|conducted|inspected)\b.*\b(?:lead|inspect|led|inspection|visit)"
                  r"|\blead inspector\b|\bname of the inspector\b|^\s*who led\b|\bwho inspected\b"
                  r"|\b(?:which|what) (?:hmi|inspectors?)\b.*\b(?:led|lead|in charge|ran|headed|carried out|conducted|did|made|visited|were on)\b"
                  r"|\bwho (?:headed|ran|was in charge of)\b")
# What a report asks the authority to improve, in the many ways people ask it ("improved since" is a comparison).
_IMPROVE = re.compile(
    r"\bneed(?:s|ed)? to (?:improve|get better|change|develop)\b|\bneed(?:s|ed)? improving\b|\bareas? (?:for|of|needing|to|requiring) "
    r"(?:improvement|development|develop|improve)\b|\brecommend(?:ation)?s?\b|\bimprovements? (?:are |were )?(?:needed|required)\b"
    r"|\b(?:should|must|could|has to|have to|ought to) (?:\w+ )?(?:improve|do better|get better|work on|address|fix|strengthen)\b"
    r"|\bweak(?:ness(?:es)?|er areas?|est)\b|\bshortcomings\b|\bfall(?:s|ing)? short\b|\bwhat (?:isn[’']t|is not|wasn[’']t) working\b"
    r"|\bdo better\b|\bpriority actions?\b|\bpriorities for improvement\b|\bwhere (?:\w+ )*(?:improve|do better)\b"
    r"|\bwhat (?:to|should|must) (?:\w+ )*improve\b|\bimprove (?:on|in)\b")
_SAID = re.compile(r"\b(?:say|said|says|react(?:ed|ion)?|respond(?:ed)?|response|comment(?:ed)?|statement)\b")
_COMPARE = re.compile(r"\b(compare|comparison|compared|versus|vs\.?|differ|difference|against|side by side|benchmark)\b")
_NEIGHBOURS = re.compile(r"\bstatistical neighbou?rs?\b|\bcomparators?\b|\bsimilar (?:councils|authorities|areas)\b|\bneighbou?rs\b")
_CURRENT = re.compile(r"\b(current(?:ly)?|now|latest|most recent|at present|today|still)\b")
_GRADE_CONTEXT = re.compile(r"\b(rated|graded|judged|grade[sd]?|rating|ratings|judgements?|judgments?|found to be|as)\b")


@dataclass
class Plan:
    intent: str  # findings, number, grade, grade_history, who_led, when, list, count, compare_authorities, improve,
    # role (who holds it), role_statement (what its holder said)
    u: Understood
    authorities: list[str] = field(default_factory=list)  # the subject: named, or selected by their records
    selection: RecordFilter | None = None  # how the authorities were selected, when they were not named
    judgement: str = "overall"
    judgement_named: bool = False
    neighbours_of: str | None = None
    role: str | None = None  # who-questions about a role other than the lead inspector

    def to_json(self) -> dict:
        out = {"intent": self.intent, "authorities": self.authorities, "judgement": self.judgement}
        if self.selection:
            s = self.selection
            out["selection"] = {k: v for k, v in {"grades": s.grades, "regions": s.regions, "kinds": s.kinds,
                                                  "inspector": s.inspector, "years": s.years, "latest": s.latest}.items() if v}
        if self.neighbours_of:
            out["neighbours_of"] = self.neighbours_of
        return out


def regions_in(text: str) -> list[str]:
    lowered = text.lower()
    found = [r for r in gazetteer().regions if re.search(rf"\b{re.escape(r.lower())}\b", lowered)]
    if not found and re.search(r"\blondon boroughs?\b", lowered):
        found = ["London"]
    return found


def inspector_in(text: str, records: list[InspectionRecord]) -> str | None:
    """A lead inspector of the library named in the question: full name, else a unique surname."""
    lowered = " ".join(text.lower().split())
    names = inspectors_of(records)
    for name in names:
        if name.lower() in lowered:
            return name
    surnames = [n for n in names if re.search(rf"\b{re.escape(n.split()[-1].lower())}\b", lowered)]
    return surnames[0] if len(surnames) == 1 and len(surnames[0].split()[-1]) > 3 else None


def make_plan(u: Understood, records: list[InspectionRecord]) -> Plan:
    q = u.question
    lowered = q.lower()
    named = list(u.local_authorities)
    judgement = judgements.in_question(lowered)
    plan = Plan("findings", u, named, judgement=judgement or "overall", judgement_named=judgement is not None)
    inspector = inspector_in(q, records)
    unnamed = q
    for word in gazetteer().find_in_question(q)[1]:
        unnamed = unnamed.replace(word, " ")  # "North East Lincolnshire" names an authority, not the region
    regions = regions_in(unnamed)
    kind = visits.in_question(lowered)
    asked_grades = grade_words.in_question(lowered) if _GRADE_CONTEXT.search(lowered) or _LIST.search(lowered) or _COUNT.search(lowered) else []
    if named and _NEIGHBOURS.search(lowered):
        plan.neighbours_of = named[0]
    aggregate = bool(_LIST.search(lowered) or _COUNT.search(lowered))
    selecting = bool(asked_grades or regions or (inspector and not named) or plan.neighbours_of or (aggregate and not named))
    if selecting:
        latest = bool(asked_grades) and not u.years or bool(_CURRENT.search(lowered))
        plan.selection = RecordFilter(regions=regions, kinds=[kind] if kind else [], grades=asked_grades,
                                      judgement=plan.judgement, inspector=None if named else inspector,
                                      years=u.years, latest=latest)
    if _COUNT.search(lowered) and not named:
        plan.intent = "count"
    elif (_LIST.search(lowered) or (inspector and not named and re.search(r"\b(led|lead|inspected)\b", lowered))) and not named:
        plan.intent = "list"
    elif re.search(r"^\s*(?:who|name|which (?:person|councillor|director))\b|\bwho (?:is|was|were)\b|\bname of\b", lowered) and \
            roles.in_question(lowered) not in (None, "lead_inspector"):
        plan.intent, plan.role = "role", roles.in_question(lowered)
    elif _SAID.search(lowered) and roles.in_question(lowered) not in (None, "lead_inspector", "deputy_lead_inspector"):
        plan.intent, plan.role = "role_statement", roles.in_question(lowered)  # "what did the cabinet member say?"
    elif _WHO.search(lowered) or (u.qtype == "who" and re.search(r"\b(led|lead|inspector)", lowered)):
        plan.intent = "who_led"
    elif _IMPROVE.search(lowered):
        plan.intent = "improve"
    elif len(named) >= 2 or plan.neighbours_of or (named and _COMPARE.search(lowered) and plan.selection):
        plan.intent = "compare_authorities"
    elif (u.qtype in ("compare", "timeline") and not topic_beyond_grades(u.topic)) or (named and asked_grades and u.qtype == "grade"):
        # "how has X's judgement changed?", "has X ever been rated inadequate?": every graded inspection
        plan.intent = "grade_history"
    elif not asked_grades and (u.qtype == "grade" or (judgement and re.search(r"\b(rated|graded|judged|rating)\b|\bhow (?:was|were|did) [\w' ]+ (?:do|perform|fare|get on)\b", lowered))):
        plan.intent = "grade"
    elif u.qtype == "when":
        plan.intent = "when"
    elif u.qtype == "how_many":
        plan.intent = "number"
    elif u.qtype in ("compare", "timeline"):
        plan.intent = "compare_years"
    return plan


_GRADE_TOPIC_WORDS = {"verdict", "statistical", "neighbours", "neighbors", "neighbour", "comparators", "similar", "latest", "inspections", "overall", "judgement", "judgements", "judgment", "judgments", "grade", "grades", "graded", "rating",
                      "ratings", "rated", "effectiveness", "judged", "outcome", "outcomes", "result", "results"}


def topic_beyond_grades(topic: str) -> bool:
    return bool(set(topic.lower().split()) - _GRADE_TOPIC_WORDS)
