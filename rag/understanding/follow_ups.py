"""Follow-ups: "and in 2021?", "who led it?", "the one before", "which of those…", "which of the two…". An
earlier turn fills in what the new words leave out; `refers` tells the caller what to resolve against
(the last answer's documents or list)."""

from __future__ import annotations

import re
from dataclasses import replace

from ..domain import grades as grade_words
from ..domain import judgements, question_frame
from ..query import Understood, understand
from .intent import Intent

_FOLLOW_UP = re.compile(r"^\s*(and|what about|how about|and what about|what of|same for|also|then|but)\b", re.IGNORECASE)
_MORE = re.compile(r"^\s*(?:go on|tell me more|more|more please|continue|keep going|anything else|what else|and\?|say more|"
                   r"what else did (?:it|they|ofsted) say)\W*$", re.IGNORECASE)
_DEICTIC = re.compile(r"\b(it|that|this|the same|those|these|then|there|they)\b", re.IGNORECASE)
_NEXT = re.compile(r"\b(?:the (?:one|inspection|report|visit|time) after(?! that)|(?:the )?next (?:full |graded |ilacs |sif )?(?:one|inspection|report|visit|time)|the following (?:one|inspection|report|time)"
                   r"|(?:a|one|two|three|four|five|six|seven|eight|\d) years? (?:later|after|on)(?! from)"
                   r"|the subsequent (?:one|inspection|report)|the later one)\b", re.IGNORECASE)
_BEFORE = re.compile(r"\b(?:(?:the |its |their )?previous (?:one|inspection|report|visit|time)|the one before|before that|the earlier one|"
                     r"the inspection before|the last one before|the time before|(?:the )?(?:one|inspection|report) prior|the prior (?:one|inspection|report)"
                     r"|before (?:it|this one|that one)|last time round|the one previous|(?:that|the|this) (?:earlier|prior|older) (?:one|inspection|report|visit))\b", re.IGNORECASE)
# "which ones?", "which of those were inadequate?", "how many of them are in London?": within the last answer's list.
_WITHIN = re.compile(r"^\s*(?:and\s+|ok\s+|so\s+)?(?:which|what|how many|name|list|show|give)(?:\s+me|\s+us)?\s+(?:ones|of (?:those|them|these|the \w+)|are they|were they"
                     r"|them|those|these)\b", re.IGNORECASE)
# "which of the two is better?", "compare them", "how do both compare": the authorities of the last two turns.
_BOTH = re.compile(r"\b(?:the two|both|the pair|either|them|each other)\b", re.IGNORECASE)
_RESPONSE = re.compile(r"\b(?:in response|respond(?:ed)?|response|reaction|react(?:ed)?)\b", re.IGNORECASE)
# "did things get better after that?": a trend, about the last answer's topic or, after a record question, the grades.
_TREND_WORDS = {"things", "thing", "get", "got", "getting", "better", "worse", "improve", "improved", "improving", "it",
                "anything", "go", "went", "change", "changed", "services", "matters"}
_OF_JUDGEMENTS = re.compile(r"\bwhich (?:of (?:the|its|their) )?judge?ments?\b|\b(?:weakest|strongest|best|worst|lowest|highest)[- ](?:graded |rated )?judge?ments?\b", re.IGNORECASE)
_EVER_ASKED = re.compile(r"\b(?:ever|always|never|how often|how many times)\b", re.IGNORECASE)  # every inspection, whatever year was in focus
_RECORD_LIKE = (Intent.WHO_LED, Intent.WHEN, Intent.GRADE, Intent.GRADE_HISTORY, Intent.CHANGE, Intent.IMPROVE)
_AFTER = re.compile(r"\b(?:after that|since then|since that|afterwards|get better|got better|improve(?:d)? (?:after|since))\b|\bsince\W*$", re.IGNORECASE)
# "who led the new one?": the authority's latest inspection, whichever the last answer was about
# "the most recent one", "the oldest of those": one inspection among a list's
_ONE_OF_LIST = re.compile(r"\b(?:the\s+)?(most recent(?:ly)?|latest|newest|oldest|earliest)(?:\s+(?:one|council|authority|la|inspected|inspection|report|of (?:those|them|these)))?\b", re.IGNORECASE)
_NEWER = ("most recent", "most recently", "latest", "newest")
_NEWEST_REF = re.compile(r"\b(?:the|that) (?:new|newer|newest|latest|most recent|current|last) (?:one|inspection|report)\b", re.IGNORECASE)


def resolve_follow_up(question: str, previous: Understood | None, this_year: int | None = None,
                      earlier: list[Understood] | None = None) -> Understood:
    """'and in 2021?', 'what about care leavers?', 'who led it?', 'go on', 'the one before': an earlier
    turn fills in what the new words leave out. `refers` tells the caller to resolve against the last
    answer's documents (focus, before_focus, after_focus) or to continue it (more)."""
    current = understand(question, this_year)
    if previous is None:
        return current
    if _NEWEST_REF.search(question) and not current.years:
        current = replace(current, latest=True)
    if _MORE.match(question):  # more of the same documents, in quotes: whatever the last question was
        more = replace(previous, refers="more", intent=Intent.FINDINGS, asked=question, inherited=True, asked_topic="")
        more.question = standalone(more)
        return more
    one = _ONE_OF_LIST.search(question)
    if one and not _WITHIN.match(question) and previous.intent in (Intent.LIST, Intent.COUNT, Intent.CHANGE_LIST) and not current.local_authorities:
        # "most recent one?", "who led the oldest one?" after a list: one inspection of those listed, then asked of
        from .slots import Measure, slots_of

        measure = slots_of(question).measure
        if re.search(r"\b(?:say|said|says|about|regarding|find|found|describ\w*|why|praise\w*|criticis\w*)\b", question, re.I):
            return current  # "what did the latest report say about care leavers?": a question of its own
        asked = {Measure.LEAD_INSPECTOR: Intent.WHO_LED, Measure.DATES: Intent.WHEN, Measure.IMPROVE: Intent.IMPROVE}.get(measure, Intent.GRADE)
        picked = replace(current, intent=asked, refers="newest_listed" if one[1].lower() in _NEWER else "oldest_listed",
                         asked=question, inherited=True, asked_topic=current.topic, latest=False)
        return picked
    if _WITHIN.match(question) and previous.intent in (Intent.LIST, Intent.COUNT, Intent.CHANGE_LIST) and not current.local_authorities:
        # a refinement of the last list: its own words if it asks something ("which of those were inadequate?"),
        # else the same selection listed ("which ones?" after a count)
        own = current.intent is not Intent.FINDINGS or current.topic
        base = current if own else replace(previous, question=re.sub(r"^\s*how many\b", "which", previous.question, flags=re.I))
        within = replace(base, intent=Intent.COUNT if re.match(r"^\s*(?:and\s+)?how many", question, re.I) else Intent.LIST,
                         years=base.years if own else previous.years, month=base.month if own else previous.month, refers="within", asked=question,
                         inherited=True, asked_topic=current.topic)
        if not own:
            within.question = base.question
        return within
    named_before = [a for t in reversed(earlier or [previous]) for a in t.local_authorities]
    pair = list(dict.fromkeys(named_before))[:2]
    if _BOTH.search(question) and not current.local_authorities and len(pair) == 2:  # "which of the two is better overall?"
        both = replace(current, local_authorities=sorted(pair, key=named_before.index), intent=Intent.COMPARE_AUTHORITIES,
                       asked=question, inherited=True, asked_topic=current.topic)
        both.question = f"Compare {' and '.join(both.local_authorities)}: {question}"
        return both
    refers = ("before_focus" if _BEFORE.search(question) else "next_focus" if _NEXT.search(question)
              else "after_focus" if _AFTER.search(question) else "")
    deictic = (bool(_DEICTIC.search(question)) or bool(_RESPONSE.search(question))) and not current.local_authorities and not current.years
    short = len(current.topic.split()) <= 4
    # "what needed to improve?", "who led it?", "better or worse than 2018?": a record question with no
    # authority or time of its own is about the inspection in focus.
    # a history is every inspection, not the one in focus; so is "when was it last judged good?"
    about_focus = current.intent in _RECORD_LIKE and current.intent is not Intent.GRADE_HISTORY and not current.local_authorities \
        and not current.years and not current.latest and not grade_words.in_question(question)
    # "was that better or worse than 2018?": the inspection in focus against another year's.
    # "better or worse than 2022 for care leavers?" (no "that"): the one year named is held against the one in focus
    against_focus = current.intent in (Intent.CHANGE, Intent.COMPARE_YEARS) and not current.local_authorities and (
        bool(_DEICTIC.search(question)) or (current.intent is Intent.CHANGE and len(current.years) == 1 and bool(previous.years)
                                            and bool(re.search(r"\b(?:than|since|compared(?: with| to)?|versus|vs\.?|against|on|over|from)\s+(?:in\s+|at\s+|the\s+|its\s+|their\s+)?(?:19|20)\d\d\b", question, re.I))))
    # "Luton 2020?", "and Halton?": a subject or a time and nothing asked of it asks what the turn before asked.
    bare = not question_frame.topic_words(set(re.findall(r"[a-z]+", current.topic.lower()))) and _asks_nothing(question)
    if bare and previous.intent is not Intent.FINDINGS:
        current = replace(current, intent=previous.intent)
    # A question naming its own authority and time, and asking something of its own, stands alone.
    complete = not bare and bool(current.local_authorities and (current.years or current.latest) and current.intent is not Intent.FINDINGS)
    if complete and not (_FOLLOW_UP.match(question) or refers):
        return current
    # A council not in the conversation yet, named without "and…"/"what about…" and without "it"/"that":
    # a new question ("did Solihull get better…" after a question about Bury), not a follow-up.
    new_place = set(current.local_authorities) - {a for t in (earlier or [previous]) for a in t.local_authorities}
    if new_place and not bare and not _FOLLOW_UP.match(question) and not _DEICTIC.search(question) and not _BOTH.search(question):
        return current
    # "which of the judgements wasn't good?", "the weakest judgement?": the judgements of the inspection in focus
    if _OF_JUDGEMENTS.search(question) and not current.local_authorities and previous.local_authorities:
        current = replace(current, intent=Intent.GRADE)
        about_focus = not current.years and not current.latest
    # "who led that 2020 one?", "who led the latest one?": a record question with no place of its own is
    # about the place the conversation is about
    # (a library of one council names none: the turn before was a record question about it)
    placeless = current.intent in _RECORD_LIKE and not current.local_authorities and (bool(previous.local_authorities) or previous.intent in _RECORD_LIKE)
    if not (_FOLLOW_UP.match(question) or refers or about_focus or against_focus or placeless or (short and (not current.topic or deictic))):
        return current
    record_question = previous.intent in _RECORD_LIKE
    if refers == "after_focus" and not set(current.topic.lower().split()) - _TREND_WORDS:
        current = replace(current, topic="" if record_question else previous.topic,
                          intent=Intent.GRADE_HISTORY if record_question else Intent.COMPARE_YEARS)
    # "and the latest compared to 2022?": that year against the latest, not against the years before
    said_latest = bool(re.search(r"\b(?:latest|most recent|newest|current)\b", question, re.IGNORECASE))
    compare_years = current.intent in (Intent.CHANGE, Intent.COMPARE_YEARS) and bool(current.years) and (record_question or against_focus) \
        and not (current.latest or said_latest)
    inherited_topic = previous.topic
    asked_judgement = judgements.in_question(previous.asked or previous.question)
    if record_question and asked_judgement not in (None, "overall") and not judgements.in_question(question):
        # "and leeds?" after a judgement's grade: that judgement, by its plain name ("children in care")
        label = judgements.BY_KEY[asked_judgement].label
        inherited_topic = re.sub(r"^(?:the experiences and progress of |the )|\s*\(.*\)$", "", label)
        if current.topic and current.intent is Intent.FINDINGS and _own_topic(current):
            # "was there an age group doing worse?" after care leavers' grade: about care leavers still
            current = replace(current, topic=f"{inherited_topic} {current.topic}")
    merged = replace(
        current,
        topic=current.topic if current.topic and not (record_question and current.intent in (Intent.CHANGE, Intent.COMPARE_YEARS)) else inherited_topic,
        years=sorted(set(previous.years) | set(current.years)) if compare_years else
        current.years if (current.years or current.latest) else [] if (current.intent is Intent.GRADE_HISTORY or _EVER_ASKED.search(question)) and not refers
        else previous.years,
        month=current.month if current.years else previous.month,
        # "is that better than the 2023 one?" after "the current rating": the latest against 2023's
        latest=current.latest or (said_latest and current.intent is Intent.CHANGE) or (previous.latest and (not current.years or compare_years)),
        local_authorities=current.local_authorities or previous.local_authorities,
        kinds=current.kinds or previous.kinds,
        # a follow-up with a topic of its own beyond a judgement's name ("what did they say about where care
        # leavers live?") asks for findings; a bare one ("and in 2021?", "what about care leavers?") what came before
        intent=(previous.intent if previous.intent in (Intent.WHO_LED, Intent.WHEN) else Intent.CHANGE) if compare_years
        else current.intent if current.intent is not Intent.FINDINGS or _own_topic(current) else previous.intent,
        time_phrase=current.time_phrase or (previous.time_phrase if not current.years else ""),
            # "when was it last judged good?", "has it ever been inadequate?" ask of every inspection; "was it good?" of the one in focus
        refers=refers or ("focus" if (deictic or about_focus) and not current.years and not current.latest
                          and not (grade_words.in_question(question) and (current.intent in (Intent.WHEN, Intent.GRADE_HISTORY)
                                                                          or re.search(r"\b(?:ever|always|never|how often|how many times)\b", question, re.I)))
                          else ""),
        asked=question,
        inherited=True,
        asked_topic=current.topic,
    )
    merged.question = standalone(merged)
    return merged


def _own_topic(u: Understood) -> bool:
    from .query import topic_beyond_grades

    return bool(u.topic) and topic_beyond_grades(u.topic, judgements_too=True, named=u.local_authorities)


def _asks_nothing(question: str) -> bool:
    """No operation, measure or change of its own: only a subject and a time."""
    from .slots import Measure, Operation, slots_of

    s = slots_of(question)
    return s.measure is Measure.TOPIC and s.operation is Operation.VALUE and s.change is None


def standalone(u: Understood) -> str:
    """The follow-up as a question of its own: what the app shows as "Understood as"."""
    place = f" of {', '.join(u.local_authorities)}" if u.local_authorities else ""
    when = f" {u.time_phrase}" if u.time_phrase else (" in " + " and ".join(map(str, u.years)) if u.years else "")
    if u.intent is Intent.WHO_LED:
        return f"Who led the inspection{place}{when}?"
    if u.intent is Intent.WHEN:
        return f"When was the inspection{place}{when}?"
    if u.intent is Intent.GRADE:
        return f"What grade{' for ' + u.topic if u.topic else ''} did the inspection{place}{when} give?"
    if u.intent is Intent.IMPROVE:
        return f"What did the inspection{place}{when} say needs to improve?"
    if u.intent is Intent.GRADE_HISTORY:
        return f"How were the inspections{place} graded{when}?"
    if u.intent is Intent.CHANGE and len(u.years) >= 2:
        return f"How did the grades of the inspections{place} change between {u.years[0]} and {u.years[-1]}?"
    if u.intent is Intent.CHANGE:
        return f"How did the grades of the inspection{place}{when} change from the one before?"
    lead = "What did Ofsted say about" if u.kinds[:1] == ["ofsted_report"] else \
        "What did the council say about" if u.kinds[:1] == ["council_statement"] else "What do the documents say about"
    place = f" in {', '.join(u.local_authorities)}" if u.local_authorities else ""
    return f"{lead} {u.topic or 'it'}{place}{when}?"
