"""The words the typed query's decisions turn on, beside the slots' own: statistical neighbours, the 2026
framework, "currently", a grade asked, the newest report, inspectors ranked, who runs the services,
the inspection after a year, "ever"; and the checks that read the records (a premise the records
contradict, a grade that belongs to a judgement)."""

from __future__ import annotations

import re

from ..domain import grades as grade_words
from ..domain import judgements
from ..domain.grades import PATTERN_ASKED
from ..records.model import InspectionRecord
from ..records.table import inspectors_of, record_year
from .slots import GROUP

_REGION_WORDS = {"south", "north", "east", "west", "midlands", "mids", "london", "yorkshire", "humber", "england", "capital",
                 "region", "regions", "eastern", "western", "northern", "southern", "in", "the", "of", "that", "which", "to", "be",
                 "require", "requires", "currently", "all", "list", "councils", "se", "sw", "nw", "ne", "eoe", "yh", "mids", "wm", "em"}


_NEIGHBOURS = re.compile(r"\bstat(?:istical|s|\.)? neighbou?rs?\b|\bcomparators?\b|\bsimilar (?:councils|authorities|areas|las)\b|\bneighbou?rs\b"
                         r"|\bpeers?\b|\bcomparator group\b")
# Letters and visits that give no grade: "what did the monitoring letter conclude?" asks for findings, never a grade
UNGRADED_VISIT = re.compile(r"\bletters?\b|\bmonitoring (?:visits?|letters?)\b|\bfocused (?:visits?|assurance visits?)\b|\bjtai\b|\bjoint targeted\b")
# "the other councils whose reports were published the same day", "reported on that date": one publication day's reports
SAME_DAY = re.compile(r"\b(?:(?:on|from|of)\s+)?(?:the\s+)?(?:same|that|that same)\s+(?:day|date)\b|\bpublished (?:alongside|together with|at the same time(?: as)?|with it)\b"
                      r"|\bsame publication date\b|\b(?:came|come|published|reported|released) out together\b")
_NO_OVERALL = re.compile(r"\b(?:no|without an?|not given an?|not awarded an?|didn'?t get an?|did not get an?|missing an?)\s+overall\b"
                         r"|\bno overall (?:effectiveness )?(?:grade|judgement|rating)\b"
                         # the reformed framework is the one that gives no overall grade
                         r"|\b(?:reformed|new|newest|renewed|revised|updated|2026|latest|current)[\s-](?:ilacs[\s-])?(?:inspection[\s-])?framework\b"
                         r"|\bpost[- ]reform\b|\bunder the reforms?\b|\breformed\b|\b(?:2026|new)[\s-](?:style[\s-]|model[\s-])?(?:framework|regime|inspection regime)\b")
_CURRENT = re.compile(r"\b(current(?:ly)?|now|latest|most recent|at present|today|still|these days|right now|as things stand)\b")
_GRADE_CONTEXT = re.compile(r"\b(rated|graded|judged|grade[sd]?|rating|ratings|judgements?|judgments?|found to be|as|got|get|gets|are|is|were|was|been|be|become|became|stayed|remained|still"
                            r"|require|requires|with|scored|received|achieved|awarded|overall)\b")
# "Bury's inadequate inspection", "the outstanding report": a grade naming the inspection that gave it
GRADED_INSPECTION = re.compile(rf"\b({PATTERN_ASKED})\s+(?:(?:ilacs\s+|sif\s+)?(?:inspection|report|one)|ilacs|sif)\b")


_NEWEST = re.compile(r"\b(?:latest|newest|most recent(?:ly)?|last|freshest)\s+(?:\w+\s+){0,2}?(?:published|released|issued|inspected|out)\b"
                     r"|\b(?:published|released|issued|inspected|out)\s+(?:most\s+)?(?:recently|latest|last)\b"
                     r"|\b(?:latest|newest|most recent|last)\s+(?:ofsted\s+|ilacs\s+)?(?:report|inspection)\s+(?:in the library|we have|(?:there )?is|of all)\b")
# Inspectors ranked by what they led: "most prolific lead inspector", "who has led the most inspections?"
_TALLY = re.compile(r"\b(?:inspectors?|hmis?|leads?|led|lead inspectors?)\b.*\b(?:the most(?! recent| latest)|most often|most frequently|most prolific|busiest|top|most inspections|more than (?:any|anyone))\b"
                    r"|\b(?:most prolific|busiest|most active|top)\s+(?:lead\s+)?(?:inspectors?|hmis?)\b"
                    r"|\bhow many (?:inspections|reports|visits) (?:did |has |have )?(?:each|every) (?:lead )?(?:inspector|hmi)\b"
                    r"|\b(?:inspectors?|hmis?) (?:ranked|by (?:the )?number of)\b")
# Who delivers the services (a trust, a company, another council), not who leads them
_OPERATOR = re.compile(r"\bwho (?:actually |now |currently )?(?:runs?|delivers?|provides?|operates?|manages?|is running|is delivering)\b"
                       r"|\b(?:which|what) (?:organisation|organization|body|company|trust)\b"
                       r"|\b(?:run|delivered|operated|provided|managed) by (?:a |an |the )?(?:trust|company|whom|who|another|a different)\b")
_AFTER_YEAR = re.compile(r"\b(?:re-?inspect\w*|inspected again|next (?:full )?(?:inspection|one)|following (?:inspection|one)|the one after|subsequent inspection)\b"
                         r"[^?]*?\b(?:after|following|since)\s+(?:the\s+|its\s+|their\s+)?((?:19|20)\d\d)\b"
                         r"|\b(?:the (?:one|inspection|report)|re-?inspection) (?:after|following) (?:the\s+|its\s+|their\s+)?((?:19|20)\d\d)\b")
_EVER = re.compile(r"\b(?:ever|when|which years?|what years?|how often|how many times|times|always|never|again|before|previously|been|since|each|every)\b")
_NOW = re.compile(r"^\s*(?:is|are)\b|\b(?:is|are) (?:it|they|\w+) (?:still )?(?:rated |judged |graded )?(?:now|currently|at the moment|today)?\b")


def contradicted(records: list[InspectionRecord], authority: str, judgement: str, asserted: tuple, years: list[int]) -> bool:
    """Whether the records contradict a grade a question takes for granted: the authority's inspection of
    that time (else its latest) gave that judgement another grade."""
    graded = sorted((r for r in records if r.local_authority == authority and r.is_full_inspection and r.grades.get(judgement)
                     and (not years or record_year(r) & set(years))), key=lambda r: r.date)
    return bool(graded) and grade_words.normalise(graded[-1].grades[judgement]) not in asserted


def _grade_of_judgement(lowered: str, key: str) -> bool:
    """Whether a grade in the question is the judgement's ("outstanding for care leavers", "care leavers was
    good", "where the impact of leaders is outstanding") rather than the council's overall grade."""
    j, g = judgements.BY_KEY[key].asked, PATTERN_ASKED
    if re.search(rf"\b{g}\s+(?:\w+\s+){{0,2}}?(?:for|on|in)\s+(?:the\s+)?(?:[\w-]+\s+){{0,4}}?(?:{j})\b|\b(?:{j})\s+(?:grade|judgement|rating)\b", lowered):
        return True
    for jm in re.finditer(rf"\b(?:{j})\b", lowered):
        gm = re.compile(rf"\b{g}\b").search(lowered, jm.end())
        between = lowered[jm.end():gm.start()] if gm else ""
        if gm and len(between.split()) <= 6 and not re.search(rf"\b{GROUP}\b", between):
            return True  # "care leavers was good", "where the impact of leaders is outstanding"
    return False


# "outstanding in every single judgement", "good across the board": every judgement graded so
EVERY_JUDGEMENT = re.compile(r"\b(?:every|all|each)\s+(?:single\s+|one\s+of\s+(?:its|their|the)\s+|of\s+(?:its|their|the)\s+)?(?:judge?ments?|areas?|grades?)\b"
                             r"|\bacross the board\b|\bclean sweep\b")
# "what were all the grades in the 2022 inspection?", "its judgement grades", "the breakdown": every judgement shown
JUDGEMENTS_SHOWN = re.compile(r"\bjudge?ment (?:grades|ratings|results)\b|\b(?:grades?|ratings?) (?:for|of|on|in|across) (?:each|every|all|all the|the different) (?:judge?ments?|areas?)\b"
                              r"|\b(?:each|every|all|all (?:the|its|their|of the|of its|of their)) (?:(?:individual|separate|sub|other)[- ])?(?:judge?ments|grades|ratings)\b"
                              r"|\b(?:each|every) (?:single )?(?:judge?ment|grade|rating)\b"
                              r"|\bbreak ?down\b|\bfull set of (?:grades|judge?ments|ratings)\b|\b(?:grades|judge?ments) (?:in full|one by one)\b")
# "outstanding for children in care but only good overall": a judgement's grade and, beside it, the overall grade
BUT_OVERALL = re.compile(rf"\b({PATTERN_ASKED})\s+(?:for|on|in)\s+(?:the\s+)?(?:[\w-]+\s+){{0,6}}?(?:but|and|yet|while|though)\s+(?:only\s+|just\s+|still\s+)?({PATTERN_ASKED})\s+overall\b")


def inspector_in(text: str, records: list[InspectionRecord]) -> str | None:
    """A lead inspector of the library named in the question: full name, else a unique surname."""
    lowered = " ".join(text.lower().split())
    names = inspectors_of(records)
    for name in names:
        if name.lower() in lowered:
            return name
    flat = " ".join(text.split())
    # a surname alone names an inspector when written as a name ("was it Young?", "led by young"), not as a word
    # ("children and young people", "Young people in Leeds")
    surnames = [n for n in names if re.search(rf"(?<!^)(?<![.?!] )\b{re.escape(n.split()[-1])}\b(?! (?:people|person|carers?|adults?|children|ones?)\b)", flat)
                or re.search(rf"\b(?:inspector|hmi|by|was it|named)\s+{re.escape(n.split()[-1].lower())}\b", lowered)]
    return surnames[0] if len(surnames) == 1 and len(surnames[0].split()[-1]) > 3 else None


def direction_contradicted(records: list[InspectionRecord], authority: str, judgement: str, direction: str, years: list[int]) -> bool:
    """Whether the records contradict a change a question takes for granted ("why did Wandsworth decline in
    2026?"): that inspection (else the latest) against the one before it moved the other way or not at all."""
    graded = sorted((r for r in records if r.local_authority == authority and r.is_full_inspection and r.grades.get(judgement)),
                    key=lambda r: r.date)
    at = [i for i, r in enumerate(graded) if not years or record_year(r) & set(years)]
    if direction not in ("improved", "declined") or not at or at[-1] == 0:
        return False
    before, after = (grade_words.score(graded[i].grades[judgement]) for i in (at[-1] - 1, at[-1]))
    if before is None or after is None:
        return False
    return not (after > before if direction == "improved" else after < before)
