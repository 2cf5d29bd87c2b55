"""One extractor per slot of a question, each over the domain's vocabulary and independent of word
order: what is counted or listed (operation), what is asked of it (measure), a change between
inspections, and whether a date means inspected or published."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum

from ..domain import grades as grade_words
from ..domain import roles
from ..domain.money import MONEY
from .change_slot import _CHANGE, ChangeAsked, _or_more, change_asked
from .measure_words import _NUMBER, _WHEN

G = grade_words.PATTERN_ASKED
# "areas for improvement" are a report's findings, not a group of places.
GROUP = (r"(?:local authorities|authorities|councils|las|boroughs|counties|areas(?!\s+(?:for|of|needing|requiring|to|that|which)\b)"
         r"|places|services|children'?s services departments|unitaries|lbs)")
REPORTS = r"(?:inspections|reports|visits|letters|ilacs inspections|inspection reports|judgements)"


class Operation(str, Enum):
    VALUE = "value"
    LIST = "list"
    COUNT = "count"
    COMPARE = "compare"
    CHANGE = "change"
    TREND = "trend"


class Measure(str, Enum):
    TOPIC = "topic"  # whatever the words are about: findings
    GRADE = "grade"
    LEAD_INSPECTOR = "lead_inspector"
    DATES = "dates"
    IMPROVE = "improve"
    NUMBER = "number"
    ROLE = "role"
    ROLE_STATEMENT = "role_statement"


@dataclass(frozen=True)
class Slots:
    operation: Operation = Operation.VALUE
    counted: str = "authorities"  # or "reports": what a count or list is of
    measure: Measure = Measure.TOPIC
    role: str | None = None
    unit: str = ""  # for a number: "money", "percent", "count"
    change: ChangeAsked | None = None
    basis: str = "inspected"  # or "published": what a date in the question means
    previous: bool = False  # the inspection before the latest
    grouped: bool = False  # the question is about a group of authorities ("councils", "LAs")
    said: bool = False  # asks for Ofsted's words ("view", "say", "describe"): findings, even about a judgement
    extras: dict = field(default_factory=dict)
    extreme: str = ""  # "highest" or "lowest": the best- or worst-graded ("which of those is rated highest?", "the weakest judgement")


_LIST = re.compile(rf"(?:^|[,;:.]\s+|\s[-–]\s+)(?:which|what|list|name|show|give)(?:\s+(?:me|of|us))?(?:\s+(?:the|all|are|were|other|every))*\s+(?:[\w-]+\s+){{0,3}}{GROUP}\b"
                   rf"|\b(?:list|name|show|give)(?: me| us)?\s+(?:the|all|every|any|each)\s+(?:[\w-]+\s+){{0,3}}(?:{GROUP}|la|council|authority|borough)\b|^\s*where\s+(?:has|have|did)\b.*\blead?\b"
                   rf"|\b(?:which|what|list|show)(?: me)?(?: all)?(?: the)?\s+(?:(?!(?:do|did|does|have|had|has)\b)[\w-]+\s+){{0,2}}(?:inspections|reports)\b"
                   r"(?!\s+(?:say|said|says|find|found|finds|note|noted|describe|described|mention|mentioned|tell|told|highlight|highlighted|praise|praised|criticise|criticised|conclude|concluded)\b)"
                   rf"|^\s*(?:[\w-]+\s+){{0,3}}{GROUP}\s+(?:that|which|who|with|rated|judged|graded|in|where|whose|currently|now|still)\b|\blist (?:them|those|these|all)\b"
                   r"|\b(?:anyone|anybody|any (?:councils?|las?|authorit(?:y|ies)))\s+(?:still\s+|currently\s+|now\s+)?(?:rated|judged|graded|requir\w*|being|who|that|got|get)\b"
                   rf"|^\s*(?:the\s+|all\s+|(?:two|three|four|five|six|seven|eight|nine|ten|\d{{1,2}})\s+)?(?:{REPORTS})\s+(?:were\s+)?(?:published|released|issued|out|that came out|came out|inspected)\b"
                   rf"|\bwho(?:'s|s| is| are| was| were)\s+(?:currently |now |still |presently )?(?:rated |judged |graded )?(?:{G})\b"
                   r"|\b(?:anything|any(?: new| more| other)? (?:reports?|inspections?|ilacs))\s+(?:\w+\s+){0,2}?(?:published|released|issued|out|come out|came out|been done|inspected)\b"
                   # "what came out in July 2024?", "what did Ofsted publish last month?": the reports of a time, nothing else asked
                   r"|^\s*(?:so\s+|and\s+)?(?:[\w ]{3,25}?\s*[-–:,]\s*)?what\s+(?:else\s+)?(?:came out|was (?:published|released|issued)|were (?:published|released|issued)|got published|has been published"
                   r"|have been published|is out|was out|did ofsted (?:publish|release|put out|issue))(?=\s*(?:in|during|last|this|the|over|between|from|since|on\s+(?:the\s+)?\d|\d|\?|$))"
                   r"(?!.*\b(?:about|for|regarding)\b)(?!.*\bon\b(?!\s+(?:the\s+)?\d))")
_WORD_OR_REGION = r"(?:yorkshire\s*(?:and|&)\s*(?:the\s+)?humber(?:side)?\s+|[\w-]+\s+)"  # the longest region name is four words
_COUNT = re.compile(rf"\bhow many\b(?:\s+of)?(?:\s+(?:the|these|those|our))?\s+{_WORD_OR_REGION}{{0,3}}(?:{GROUP}|{REPORTS})\b"
                    rf"|\b(?:number|count|tally|total|no\.?|#) of {_WORD_OR_REGION}{{0,4}}(?:{GROUP}|{REPORTS})\b|\bhow many times\b"
                    rf"|^\s*count (?:up )?(?:the |all |all the )?(?:[\w-]+\s+){{0,2}}(?:{GROUP}|{REPORTS})\b"
                    rf"|\b{GROUP}\b.*\bhow many\s*\??$|\bhow many (?:are|were|have been|got|get|received|are currently|is) (?:currently |now )?(?:rated|judged|graded"
                    # "how many are in the North West on inadequate?" counts councils; "how many were on child protection plans?" is a figure
                    rf"|(?:in|on|at)\b(?=[^?]{{0,40}}\b(?:{G}|latest|last inspection|region|north|south|east|west|london|midlands|yorkshire)\b))"
                    rf"|\bhow many (?:did|has|have)\b(?:\s+[\w'-]+){{1,3}}\s+(?:lead|led|do|done|carry out|carried out|inspect|inspected)\b"
                    # "of the reformed-framework reports, how many rated leaders outstanding?": the group named first
                    rf"|\b(?:of|among|amongst|out of|across)\s+(?:the\s+|these\s+|those\s+|all\s+(?:the\s+)?)?(?:[\w-]+\s+){{0,3}}(?:{GROUP}|{REPORTS})\b[^?]*?\bhow many\b")
_COUNT_REPORTS = re.compile(rf"\bhow many\b(?:\s+[\w-]+){{0,3}}\s+{REPORTS}\b|^\s*count (?:up )?(?:the |all |all the )?(?:[\w-]+\s+){{0,2}}{REPORTS}\b|\bhow many (?:did|has|have)\b(?:\s+[\w'-]+){{1,3}}\s+(?:lead|led|do|done|carry out|carried out|inspect)\b|\b(?:number|count|tally|total|no\.?|#) of (?:[\w-]+\s+){{0,4}}{REPORTS}\b|\bhow many times\b"
                            rf"|\b(?:of|among|amongst|out of|across)\s+(?:the\s+|these\s+|those\s+|all\s+(?:the\s+)?)?(?:[\w-]+\s+){{0,3}}{REPORTS}\b[^?]*?\bhow many\b")
_COMPARE = re.compile(r"\b(compare|comparison|compared|versus|vs\.?|differ|difference|against|side by side|benchmark(?:ing)?|stack up|measure up)\b")
_TREND = re.compile(r"\b(timeline|history|over the years|over time|each inspection|every inspection|all (?:its|their|the |of (?:its|their|the) )?inspections|chronolog\w*"
                    r"|all of [\w-]+(?:'s?)? inspections|onwards?|to date|to the present|up to now|(?:19|20)\d\d\s*[-–]\s*(?:present|now|date|today)"
                    r"|always|every time|each time|consistently|date order|oldest to newest|newest to oldest|every (?:grade|rating|judgement)"
                    r"|all (?:the |its |their )?(?:grades|ratings|judgements)|all (?:of )?(?:[\w-]+ ){0,2}[\w-]+'s? (?:grades|ratings|results)|sequence|in order|oldest first|newest first|earliest first|one after (?:the |an)?other|run of|string of|succession"
                    r"|trajectory|trend|direction of travel|going up or down|up or down|track record|journey"
                    # the whole run, in other words: "first to last", "across its inspections", "inspection by inspection"
                    r"|first to last|last to first|start to finish|from the (?:start|beginning|first)|inspection by inspection|year by year|over the decades?"
                    r"|(?:across|over|through(?:out)?) (?:all |each |every )?(?:of )?(?:its|their|the|his|her|those|these)? ?(?:inspections|reports|ilacs inspections)"
                    r"|in (?:all|each|every one) of (?:its|their|the) (?:inspections|reports)"
                    r"|(?:across|over|through(?:out)?|in|from|at) (?:every|each) (?:single )?(?:ofsted )?(?:report|inspection|visit)(?! (?:in|of|from|published) (?:19|20)\d\d)"
                    r"|(?:each|all|every one) of (?:its|their|the) (?:inspections|reports|grades|ratings|judgements)"
                    r"|(?:through|down|across|over) the years|over (?:the )?(?:past|last) decade|every (?:ofsted )?(?:outcome|result|verdict|inspection)"
                    r"|all (?:its|their|the) (?:outcomes|results|verdicts)|ups and downs|highs and lows|so far)\b")

_WHO = re.compile(r"\bwho\s+(?:led|was|were|is|did|carried|conducted|inspected)\b.*\b(?:lead|inspect|led|inspection|visit)"
                  r"|\blead inspector\b|\bname of the inspector\b|^\s*who led\b|\bwho inspected\b|\blead hmi\b|\binspection lead\b"
                  r"|\b(?:which|what) (?:hmi|inspectors?)\b.*\b(?:led|lead|in charge|ran|headed|carried out|conducted|did|made|visited|were on)\b"
                  r"|\bwho (?:headed|ran|was in charge of|was the lead)\b|\bwho was the (?:lead|inspector)\b|\binspector in charge\b"
                  r"|\bwho (?:wrote|signed|authored|sent)\b|\bauthor of (?:the|that|this) (?:letter|report)\b"
                  r"|\bwho (?:led|headed|ran|inspected) (?:it|that|this|them|that one|this one)\b"
                  r"|\bled by (?:which|what|whom|who)\b|\b(?:which|what) (?:lead )?(?:inspector|hmi)\b")
# What a report asks the authority to improve, in the many ways people ask it ("improved since" is a change).
_IMPROVE = re.compile(
    r"\bneed(?:s|ed)? to (?:improve|get better|change|develop|work on|fix|address|tackle|sort out|strengthen|do better)\b|\bneed(?:s|ed)? improving\b|\bareas? (?:for|of|needing|to|requiring) "
    r"(?:improvement|development|develop|improve)\b|\brecommend(?:ation)?s?\b|\bimprovements? (?:are |were )?(?:needed|required)\b"
    # "what improvements did Ofsted ask Reading for?", "which improvements were called for?"
    r"|\bimprovements?\b[^?]{0,40}\b(?:ask(?:ed)?|call(?:ed)?|want(?:ed)?|demand(?:ed)?|set out|list(?:ed)?|requir(?:e|ed))\b"
    r"|\b(?:should|must|could|has to|have to|ought to) (?:\w+ )?(?:improve|do better|get better|work on|address|fix|strengthen)\b"
    r"|\bweak(?:ness(?:es)?|er areas?|est)\b|\bshortcomings\b|\bfall(?:s|ing)? short\b|\bwhat (?:isn[’']t|is not|wasn[’']t) working\b"
    r"|\bdo better\b|\bpriority actions?\b|\bpriorities for improvement\b|\bwhere (?:\w+ )*(?:improve|do better)\b"
    r"|\bwhat (?:to|should|must) (?:\w+ )*improve\b|\bto[- ]do list\b|\bactions? (?:required|needed)\b"
    # asked of the inspectors' wishes: "what did Ofsted want X to work on", "told to fix", "asked them to tackle"
    r"|\b(?:want(?:s|ed|ing)?|ask(?:s|ed|ing)?|t[eo]ll(?:s|ing)?|told|expect(?:s|ed|ing)?|urg(?:e|es|ed|ing)|instruct(?:s|ed|ing)?|direct(?:s|ed|ing)?"
    r"|requir(?:e|es|ed|ing)|push(?:es|ed|ing)?|encourag(?:e|es|ed|ing)|recommend(?:s|ed|ing)?)\b(?:\s+[\w'-]+){0,4}?\s+to\s+"
    r"(?:improve|work on|fix|address|tackle|focus on|prioriti[sz]e|strengthen|sort out|do better|get better|develop|change|put right)\b"
    r"|\bimprovement (?:actions?|points?|areas?|priorities|requirements?|asks?|needs?|list)\b|\bactions? (?:for improvement|to improve|points?)\b"
    r"|\b(?:things|areas|issues|points|matters) (?:\w+ ){0,3}(?:to (?:work on|fix|address|tackle|improve|focus on)|for (?:improvement|development))\b"
    r"|\b(?:must|should|has to|have to|needs? to|ought to) (?:\w+ ){0,2}(?:prioriti[sz]e|tackle|address|fix|focus on|work on|put right)\b"
    r"|\b(?:actions|steps|changes)\b(?:\s+\w+){0,3}\s+(?:set|sets|setting|laid|lays|asked|required|recommended|demanded)\b"
    r"|\bnext steps\b|\bpriorities\b|\bdevelopment (?:areas|points|needs)\b"
    r"|\bneeds? (?:more |further |some )?work\b|\broom for improvement\b|\bcould (?:be|do) better\b|\bareas? to develop\b"
    r"|\banything (?:\w+ ){0,3}(?:to )?(?:improve|work on|fix)\b|\b(?:want|wanted|wants|like|liked|wished?)\s+(?:\w+\s+){0,3}improved\b"
    r"|\bpriority (?:and immediate )?action\b|\bimmediate action\b|\b(?:should|must|needs? to|ought to) (?:\w+ )?(?:be )?working on\b"
    r"|\bget(?:ting)? better at\b(?!\s+(?:its|their|the|his|her)\s+(?:\w+\s+){0,2}(?:inspection|one|visit|report))|\bimprove (?:on|upon)\b")
_SAID = re.compile(r"\b(?:say|said|says|react(?:ed|ion)?|respond(?:ed)?|response|comment(?:ed)?|statement)\b")
# A grade asked in other words: "how did the inspection rate X", "what mark", "verdict", "how did X do".
_GRADE = re.compile(r"\b(?:grade[sd]?|grading|judged?|judging|judgements?|judgments?|rated|rating|ratings|rate(?! of)|overall effectiveness|verdict|score[sd]?"
                    r"|mark(?:ed)?|outcome|result|assessed|assessment of|classed|classified|ranked|ofsted (?:gave|give|awarded)|awarded)\b"
                    r"|\bhow (?:did|does|do|was|were|is|are) [\w'’ -]+? (?:do|doing|perform|performing|fare|faring|get on|getting on|come out|score|rate|go|going)\b"
                    r"|\bhow (?:it|things|that|the inspection|the next one|their inspection) went\b"
                    rf"|\b(?:been|be|become|became|stayed|remained|still|ever)\s+(?:\w+\s+){{0,2}}?(?:rated\s+|judged\s+|graded\s+)?{G}\b"
                    r"|\bwhat did (?:ofsted|inspectors|the inspectors) (?:make|think) of\b|\bhow good (?:is|are|was|were)\b|\bhow (?:well|badly)\b"
                    r"|\b(?:is|are|was|were) [\w'’ -]+ (?:good|outstanding|inadequate|failing)\b|\bwhere (?:does|do|did) [\w'’ -]+ stand\b|\bstanding with ofsted\b"
                    r"|\bwhat (?:did|does|do) [\w'’ -]+ (?:get|got|receive|achieve)\b(?! (?:wrong|right|done))|\bhow (?:is|are) [\w'’ -]+ (?:rated|judged|graded|doing)\b")
# a share asked, or a measure that is one ("staff turnover", "the vacancy rate", "re-referral rates")
_RATE_NOUN = (r"\b(?:turnover|(?:vacancy|vacancies|agency|retention|stability|re-?referral|attendance|absence|sickness|conversion|caseload|turnover"
              r"|leaver) rates?)\b")
_PERCENT = re.compile(r"%|\b(?:percent(?:age)?|proportion|share|fraction|rate of)\b|" + _RATE_NOUN)
_SAID_WORDS = re.compile(r"\b(?:views?|say|said|says|saying|describ\w+|findings?|think|thought|comment\w*|prais\w+|critici\w+|concerns?|feedback"
                         r"|highlight\w*|words|quote|why|reasons?|because|evidence|examples?|what (?:did|do|does) (?:ofsted|inspectors|the report) (?:find|note|see))\b")
_PUBLISHED = re.compile(r"\b(?:publish(?:ed|es|ing)?|publications?|released|came out|issued|put out|were out|out in|came in)\b"
                        r"|\b(?:reports?|letters?|inspections?)\s+(?:\w+\s+)?out\b")
_PREVIOUS = re.compile(r"\b(?:previous|prior|last[- ]but[- ]one|penultimate|before (?:the|its|their) (?:latest|last|most recent|current)"
                       r"|the one before|earlier (?:inspection|report))\b")


from .extremes import extreme_of, judgement_extreme  # noqa: F401  (imported from here elsewhere)


def _grades(text: str) -> tuple[str, ...]:
    return tuple(grade_words.in_question(text))


def measure_of(lowered: str) -> tuple[Measure, str | None, str]:
    """(measure, role key, unit of a number)."""
    role = roles.in_question(lowered)
    if re.search(r"^\s*(?:who|name|which (?:person|councillor|director))\b|\bwho (?:is|was|were)\b|\bname of\b", lowered) and role not in (None, "lead_inspector"):
        return Measure.ROLE, role, ""
    if _SAID.search(lowered) and role not in (None, "lead_inspector", "deputy_lead_inspector"):
        return Measure.ROLE_STATEMENT, role, ""
    if _WHO.search(lowered) or (re.search(r"^\s*who\b", lowered) and re.search(r"\b(led|lead|inspector)", lowered)):
        return Measure.LEAD_INSPECTOR, None, ""
    if _IMPROVE.search(lowered):
        return Measure.IMPROVE, None, ""
    if _WHEN.search(lowered):
        return Measure.DATES, None, ""
    # a rate named is a figure asked ("Tower Hamlets' social worker turnover?"), unless what was said of it is asked
    rate = re.search(_RATE_NOUN, lowered) and not re.search(r"\b(?:say|said|says|like|impact|affect\w*|effect\w*|why|describ\w*|find|found|comment\w*"
                                                            r"|how (?:did|does|do|has|have|is|was|were|are)\b(?! (?:high|low|big)))", lowered)
    if (_NUMBER.search(lowered) or rate) and not _COUNT.search(lowered):
        return Measure.NUMBER, None, "money" if MONEY.search(lowered) else "percent" if _PERCENT.search(lowered) else "count"
    if _GRADE.search(lowered):
        return Measure.GRADE, None, ""
    return Measure.TOPIC, None, ""


def operation_of(lowered: str, change: ChangeAsked | None) -> tuple[Operation, str]:
    """(operation, what is counted or listed: "authorities" or "reports")."""
    counted = "reports" if _COUNT_REPORTS.search(lowered) else "authorities"
    if _COUNT.search(lowered):
        return Operation.COUNT, counted
    if _LIST.search(lowered):
        return Operation.LIST, "reports" if re.search(r"\b(?:which|what|list|show)(?: me)?(?: all)?(?: the)?\s+(?:[\w-]+\s+){0,2}(?:inspections|reports)\b|^\s*(?:has |have |was |were |is )?(?:there )?(?:anything|any)\b", lowered) else "authorities"
    against = re.search(r"\b(?:compared?|than|since|previous|before|last time|prior|next)\b", lowered)
    # the whole run named outright ("track record since 2015", "grade history") is a history, whatever else
    whole = re.search(r"\b(?:track record|history|timeline|journey|chronolog\w*|sequence|date order|every inspection|each inspection"
                      r"|all (?:its|their|the) inspections|over the years|over time|inspection by inspection)\b", lowered)
    if _TREND.search(lowered) and (whole and not re.search(r"\b(?:previous|last time|one before|prior)\b", lowered)
                                   or not (change and (change.from_grades or change.to_grades or against))):
        return Operation.TREND, counted
    if change is not None:
        return Operation.CHANGE, counted
    if _COMPARE.search(lowered):
        return Operation.COMPARE, counted
    return Operation.VALUE, counted


# Words a question's slots turn on, for repairing a typo in them ("recomendations", "inspeciton").
VOCABULARY = ("recommendations", "recommendation", "inspection", "inspections", "inspected", "improvement", "improved", "improve",
              "outstanding", "inadequate", "requires", "judgement", "judgements", "effectiveness", "deteriorated", "declined",
              "statistical", "neighbours", "authorities", "councils", "published", "publication", "reinspection", "previous",
              "latest", "leaders", "protection", "leavers", "compare", "compared", "inspector")


def respell(lowered: str) -> str:
    """Each long word that is one or two letters off a slot word becomes that word (rapidfuzz)."""
    from rapidfuzz import fuzz, process

    def fix(m: re.Match) -> str:
        word = m.group(0)
        if len(word) < 7 or word in VOCABULARY:
            return word
        hit = process.extractOne(word, VOCABULARY, scorer=fuzz.ratio, score_cutoff=88)
        if not hit or hit[0].startswith(word) or word.startswith(hit[0]):
            return word  # "council" is not a misspelt "councils", nor "improvements" of "improvement"
        return hit[0]
    return re.sub(r"[a-z]+", fix, lowered)


def slots_of(question: str) -> Slots:
    lowered = respell(" ".join(question.lower().replace("’", "'").split()))
    change = change_asked(lowered)
    operation, counted = operation_of(lowered, change)
    measure, role, unit = measure_of(lowered)
    extreme = extreme_of(lowered)
    if extreme and measure in (Measure.IMPROVE, Measure.TOPIC):
        measure = Measure.GRADE  # "the weakest judgement" is a grade, not what to improve
    if measure is Measure.NUMBER and operation is Operation.CHANGE and not re.search(r"\b(?:grade|rating|judgement|judged|rated)\b", lowered):
        change = None  # "how many more children..." is a figure, not a change of grade
        operation = Operation.VALUE
    grouped = (bool(re.search(rf"\b{GROUP}\b|\banywhere\b|\bany (?:la|council|authority|borough)s?\b|\bevery (?:la|council|authority)\b", lowered)) and not re.search(r"\bchildren'?s services\b", lowered)
               or bool(re.search(r"\b(?:councils|authorities|las)\b", lowered)) or bool(re.search(rf"\b{REPORTS}\b", lowered)))
    if operation is Operation.VALUE and re.search(rf"\b(?:ratings|grades|judgements|outcomes|results)\b(?:\s+[\w'-]+){{0,3}}?\s+(?:in|of|from|for)\s+(?:the\s+)?{REPORTS}\b", lowered):
        operation, counted = Operation.LIST, "reports"  # "outstanding ratings in reports published in July 2024"
    return Slots(operation=operation, counted=counted, measure=measure, role=role, unit=unit, change=change,
                 basis=basis_of(lowered), previous=bool(_PREVIOUS.search(lowered)),
                 grouped=grouped, said=bool(_SAID_WORDS.search(lowered)), extreme=extreme)


def grades_asked(lowered: str) -> tuple[str, ...]:
    """Grades a question selects by: "good or better" is good and outstanding; "RI or worse", RI and inadequate.
    "How good was…" asks a degree, not the grade good."""
    lowered = re.sub(r"\bhow (?:good|well|bad(?:ly)?)\b|\bany good\b|\b(?:really|very|much) good\b|\bgood (?:practice|example|examples|work|progress|news)\b", " ", lowered)
    m = re.search(rf"\b({G})\s+or\s+(better|above|worse|below)\b", lowered)
    if m:
        chosen = tuple(g for g in grade_words.GRADES if g in _or_more(m[1], m[2]))
        if re.search(r"(?:\bnot|n't|\bnever)\s+(?:\w+\s+){0,3}$", lowered[max(0, m.start() - 40):m.start()]):
            return tuple(g for g in grade_words.GRADES if g not in chosen)  # "NOT good or better"
        return chosen
    return tuple(grade_words.selected(lowered, list(_grades(lowered))))


def unit_asked(question: str) -> str:
    """What kind of number a question asks for: "money", "percent" or "count"."""
    lowered = question.lower()
    return "money" if MONEY.search(lowered) else "percent" if _PERCENT.search(lowered) else "count"


# The slots' own words, taken out of a topic before asking whether anything is left ("how did Surrey fare").
SLOT_WORDS = (_GRADE, _CHANGE, _TREND, _PUBLISHED, _COMPARE)  # not Ofsted's words ("praise", "say"): those ask for findings


def also_asked(lowered: str, measure: Measure) -> tuple[Measure, ...]:
    """Other facts asked in the same question, in any order ("when was it inspected and who led it?", "grade
    and lead inspector?", "who led it, and what were the judgements?"): each part of the question beside the
    one that asks the main measure is read for a lead inspector, dates or a grade."""
    cues = {Measure.LEAD_INSPECTOR: lambda t: bool(_WHO.search(t) or re.search(r"\bwho\b.*\b(?:led|lead)\b|^\s*(?:the\s+)?(?:lead\s+)?(?:inspector|hmi)s?\b", t)),
            Measure.DATES: lambda t: bool(_WHEN.search(t) or re.search(r"^\s*(?:the\s+|its\s+)?(?:inspection\s+)?dates?\b", t)),
            Measure.GRADE: lambda t: bool(_GRADE.search(t))}
    if measure not in cues:
        return ()
    parts = [re.sub(r"^(?:and|&|plus|also)\s+", "", p) for p in re.split(r"\s+(?:and|&|plus|as well as|also)\s+|\s*[,;?]\s*|\s+[-–]\s+", lowered) if p.strip()]
    main = next((i for i, p in enumerate(parts) if cues[measure](p)), None)
    if main is None or len(parts) < 2:
        return ()
    return tuple(m for m, asks in cues.items() if m is not measure and any(asks(p) for i, p in enumerate(parts) if i != main))


# "regardless of when published", "not the publication date": publication named only to set it aside.
_SET_ASIDE = re.compile(r"\b(?:regardless of|irrespective of|not|rather than|instead of|never mind|ignoring|ignore|as opposed to)\s+"
                        r"(?:\w+\s+){0,3}$")


_FIELDWORK = re.compile(r"\b(?:fieldwork|took place|on site|inspection dates?|when (?:the )?inspectors (?:were|visited|came)"
                        r"|(?:actually|physically) (?:inspected|visited)|inspected (?:in|during))\b")


def basis_of(lowered: str) -> str:
    """What a date in the question means: "published" when publication is named and not set aside
    ("regardless of when published" is not); "fieldwork" when the inspection itself is named (only its
    dates count); else "inspected" (the inspection or its report dated then)."""
    if any(not _SET_ASIDE.search(lowered[:m.start()]) for m in _PUBLISHED.finditer(lowered)):
        return "published"
    return "fieldwork" if _FIELDWORK.search(lowered) else "inspected"
