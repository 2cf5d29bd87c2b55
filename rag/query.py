"""What a question asks: topic, time, local authority, kind of source, type; follow-ups made standalone."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime

from .domain import question_frame, visits
from .domain.gazetteer import gazetteer
from .understanding.intent import Intent

_MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december"]
_YEAR = r"(?:19|20)\d\d"
# A month as people write it: "November", "Nov", "Sept"; "Nov/Dec 2016" takes the first.
_MONTH_WORD = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_MONTH_SPAN = rf"\b({_MONTH_WORD})(?:\s*(?:/|-|–|and|to|or)\s*{_MONTH_WORD})?\s+({_YEAR})\b"
PANDEMIC = (2020, 2021)

# Words that frame a question rather than say what it is about.
_FRAMING = re.compile(
    r"\b(what|which|who|whom|when|where|why|how|did|does|do|was|were|is|are|has|have|had|the|a|an|of|about|on|in|for|to|"
    r"say|said|says|tell|me|us|find|found|findings?|ofsted|ofsted's|inspectors?|inspection|inspections|reports?|report's|"
    r"letters?|documents?|latest|last|most|recent|current|between|since|after|before|during|and|or|from|until|"
    r"council|county|borough|local|authority|authorities|children's services|please|give|show|list|any|there|"
    r"compare|comparison|changed|change|over|years?|time|timeline|history|many|much|number|quote|exact|words|"
    r"it|its|their|they|them|that|this|these|those|be|been|being|by|with|at|as|so|far|describe|described|describes|"
    r"conclude|concluded|think|thought|view|comment|commented|mention|mentioned|exactly|give|me|can|you|could|would|"
    r"monitoring|visit|visits|re-inspection|reinspection|led|lead|go|else|then|previous|get|got|round)\b",
    re.IGNORECASE,
)


@dataclass
class Understood:
    question: str  # standalone wording
    topic: str  # what it is about, without framing, time or place
    years: list[int] = field(default_factory=list)  # any of these years; empty means any time
    month: int | None = None
    latest: bool = False
    local_authorities: list[str] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)  # preferred kinds of source, best first
    intent: Intent = Intent.FINDINGS  # from the words alone; rag.understanding.build_query decides with the records
    time_phrase: str = ""  # the words that gave the time, for messages ("in 2016")
    refers: str = ""  # a follow-up about the last answer: focus, before_focus, after_focus, more
    since: str = ""  # ISO date: only documents dated on or after it ("did it get better after that?")
    asked: str = ""  # this turn's own words, before a follow-up was made standalone
    inherited: bool = False  # a follow-up: subject, time or intent came from the turn before
    focus_doc: str = ""  # a follow-up about the last answer's document ("who wrote it?"): its doc_id
    asked_topic: str = ""  # a follow-up's own topic, before the earlier turn's was inherited
    span: tuple[str, str] | None = None  # first and last day, for a time finer than years ("autumn 2025", "the last 3 months")
    span_label: str = ""  # "September–November 2025"

    def to_json(self) -> dict:
        return {
            "question": self.question,
            "topic": self.topic,
            "years": self.years,
            "month": self.month,
            "latest": self.latest,
            "local_authorities": self.local_authorities,
            "kinds": self.kinds,
            "intent": self.intent.value,
            "refers": self.refers,
        }


_NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}
_COUNT_WORDS = "|".join(_NUMBERS)


def _count(word: str) -> int:
    return int(word) if word.isdigit() else _NUMBERS[word.lower()]


def _span_years(start: int, end: int) -> list[int]:
    return list(range(start, end + 1)) if 0 <= end - start <= 30 else []


def parse_time(q: str, this_year: int | None = None) -> tuple[list[int], int | None, bool, str, str]:
    """(years, month, latest, phrase, question without the phrase). "Since 2020" runs to this year, from the clock."""
    this_year = this_year or date.today().year
    lowered = q.lower()
    patterns = [
        (rf"\b(?:between|from)\s+({_YEAR})\s+(?:and|to|-|–)\s+({_YEAR})\b", lambda m: _span_years(int(m[1]), int(m[2]))),
        (rf"\b({_YEAR})\s*(?:-|–|to)\s*({_YEAR})\b", lambda m: _span_years(int(m[1]), int(m[2]))),
        (rf"\b(?:since|after)\s+({_YEAR})\b", lambda m: _span_years(int(m[1]) + (0 if "since" in m[0] else 1), this_year)),
        # "since the start of 2022", "from early 2023 onwards", "since the end of 2020": from that year on
        (rf"\b(?:since|from)\s+(?:the\s+)?(?:start|beginning|end|middle|spring|summer|autumn|winter|early|late|mid)(?:\s+of)?[\s-]+({_YEAR})\b",
         lambda m: _span_years(int(m[1]) + (1 if re.search(r"\bend\b|\blate\b", m[0]) and "since" in m[0] else 0), this_year)),
        (rf"\b(?:from|in)\s+({_YEAR})\s+(?:onwards?|on)\b", lambda m: _span_years(int(m[1]), this_year)),
        # "history 2016 onwards", "2016 to date", "2018-present": that year to this one
        (rf"\b({_YEAR})\s*(?:onwards?|and after|to date|to the present|[-–]\s*(?:present|now|date|today)|to now|to today|till now|until now)\b",
         lambda m: _span_years(int(m[1]), this_year)),
        # "from 2014 inadequate to now", "from 2016 until today": that year to this one
        (rf"\bfrom\s+(?:the\s+|its\s+)?({_YEAR})\b(?=[^?]*?\b(?:to|until|till|up to)\s+(?:now|today|date|the present|present|the latest|the most recent)\b)",
         lambda m: _span_years(int(m[1]), this_year)),
        # "since the 2021 inspection" runs from it; "after the 2017 visit" is about that visit.
        (rf"\bsince\s+(?:the|its|their)\s+({_YEAR})\b", lambda m: _span_years(int(m[1]), this_year)),
        (rf"\bbefore\s+({_YEAR})\b", lambda m: _span_years(2010, int(m[1]) - 1)),
        (r"\b(?:before|prior to)\s+the\s+(?:covid(?:-19)?\s+)?pandemic\b", lambda m: _span_years(2010, PANDEMIC[0] - 1)),
        (r"\b(?:during|in)\s+the\s+(?:covid(?:-19)?\s+)?pandemic\b", lambda m: _span_years(*PANDEMIC)),
        (r"\blast year\b", lambda m: [this_year - 1]),
        (r"\bthis year\b", lambda m: [this_year]),
        (rf"\b(?:over|in|during|for|within) the (?:last|past|previous) ({_COUNT_WORDS}|\d{{1,2}}) years\b",
         lambda m: _span_years(this_year - _count(m[1]) + 1, this_year)),
    ]
    relative = _relative_years(lowered, this_year)
    if relative:
        return relative[0], None, False, q[relative[1]:relative[2]], (q[: relative[1]] + q[relative[2]:]).strip()
    for pattern, years_of in patterns:
        m = re.search(pattern, lowered)
        if m:
            return years_of(m), None, False, q[m.start():m.end()], (q[: m.start()] + q[m.end():]).strip()
    m = re.search(rf"(?:\bin\s+)?{_MONTH_SPAN}", lowered)
    if m:
        month = next(i for i, name in enumerate(_MONTHS, start=1) if name.startswith(m[1].rstrip(".")[:3]))
        return [int(m[2])], month, False, q[m.start():m.end()], (q[: m.start()] + q[m.end():]).strip()
    found = re.findall(rf"\b({_YEAR})\b", lowered)
    if found:
        years = sorted({int(y) for y in found})
        phrase = " and ".join(str(y) for y in years)
        stripped = re.sub(rf"\b(?:in\s+)?({_YEAR})\b", "", q).strip()
        return years, None, False, f"in {phrase}", stripped
    m = re.search(r"\b(?:the\s+)?(latest|most recent(?:ly)?|last|current(?:ly)?|newest|now|these days|at the moment|right now|at present)\b", lowered)
    if m:
        return [], None, True, q[m.start():m.end()], q
    return [], None, False, "", q


_HOW_MANY = r"(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|eighteen|\d{1,2})"
_AGO = rf"{_HOW_MANY}\s+(?:years?|months?)"


def _relative_years(lowered: str, this_year: int) -> tuple[list[int], int, int] | None:
    """Dates relative to today or spelt as dates, read by dateparser: "two years ago", "in the last 18 months",
    "since March 2020". (years, start, end of the phrase) or None."""
    m = re.search(rf"\b(?:since|after|from)\s+((?:\d{{1,2}}(?:st|nd|rd|th)?\s+)?{_MONTH_WORD}\s+{_YEAR})\b"
                  rf"|\b({_AGO})\s+ago\b|\b(?:in|over|during|within)\s+the\s+(?:last|past|previous)\s+({_HOW_MANY}\s+months?)\b", lowered)
    if not m:
        return None
    import dateparser  # loaded only when a question has such a phrase

    today = date.today()
    base = datetime(this_year, today.month, min(today.day, 28))
    phrase = m[1] or f"{m[2] or m[3]} ago"
    when = dateparser.parse(phrase, languages=["en"], settings={"RELATIVE_BASE": base, "PREFER_DATES_FROM": "past"})
    if when is None:
        return None
    years = [when.year] if m[2] else _span_years(when.year, this_year)
    return years, m.start(), m.end()


def preferred_kinds(q: str) -> list[str]:
    lowered = q.lower()
    if re.search(r"\bofsted\b.*\b(say|said|find|found|write|wrote|judge|judged|conclude|report|letter)\b|\bwhat did (?:the )?inspectors?\b", lowered):
        return ["ofsted_report", "ofsted_letter"]
    if re.search(r"\b(press|news|newspaper|media|coverage|reported in|piece|article|journalists?|headlines?)\b", lowered):
        return ["news"]
    if re.search(r"\bcouncil(?:'s)? (?:say|said|respond|response|statement)\b|\bcabinet member\b", lowered):
        return ["council_statement", "news"]
    return []


def topic_of(q: str, authority_names: list[str]) -> str:
    text = q
    for name in sorted(authority_names, key=len, reverse=True):
        text = re.sub(re.escape(name) + r"(?:'s|’s)?", " ", text, flags=re.IGNORECASE)
    text = re.sub(r"[?!.,;:\"“”]", " ", text)
    # "Four reports came out on 18 May 2026": how many there are is what the selection finds, not a topic
    text = re.sub(r"\b(?:two|three|four|five|six|seven|eight|nine|ten|\d{1,2})\s+(?=(?:reports|councils|authorities|las|inspections)\b)",
                  " ", text, flags=re.IGNORECASE)
    words = [w for w in _FRAMING.sub(" ", text).split() if len(w) > 1 or w.isdigit()]
    ordinal = re.search(r"\b(first|second|third|fourth|fifth|sixth|seventh|eighth)\s+(monitoring|focused)\s+visit\b", text, re.IGNORECASE)
    if ordinal:  # "the second monitoring visit" names one visit: its words find it
        words = [w for w in words if w.lower() != ordinal[1].lower()] + [ordinal[1], ordinal[2], "visit"]
    return " ".join(words).strip()


def understand(question: str, this_year: int | None = None) -> Understood:
    q = " ".join(question.split())
    years, month, latest, phrase, _ = parse_time(q, this_year)
    from .understanding.time_span import span_in

    span = span_in(q.lower())
    if span is not None:
        years, month, latest, phrase = span.years, None, False, q[span.start:span.end].strip()
    # "every grade, including the old 2013 one": a year the answer must include is not one it is limited to
    included = {int(y) for y in re.findall(r"\b(?:including|incl\.?|plus|even|as well as|along with|alongside)\s+(?:the\s+)?(?:[a-z]+\s+){0,2}?"
                                          r"((?:19|20)\d{2})\b", q, flags=re.IGNORECASE)}
    if included and re.search(r"\b(?:every|all|each|history|over (?:the years|time)|ever|across)\b", q, flags=re.IGNORECASE):
        years = [y for y in years if y not in included]
    las, la_words = gazetteer().find_in_question(q)
    # "at the end of October 2017" dates a figure; "end" is not what the question is about.
    said_time = re.sub(rf"\b(?:at|by|from|to|until)?\s*the\s+(?:end|start|beginning|close|middle)\s+of\s+(?=(?:{_MONTH_WORD}\s+)?{_YEAR}\b)",
                       " ", q, flags=re.IGNORECASE)
    if " " in phrase and phrase in said_time:  # "two years ago" is when, not what
        said_time = said_time.replace(phrase, " ")
    topic_source = re.sub(r"\b(?:in|since|after|before|between|from|during)\s+(?:the\s+)?(?:(?:covid(?:-19)?\s+)?pandemic|" + _YEAR + r")\b",
                          " ", said_time, flags=re.IGNORECASE)
    topic_source = re.sub(_MONTH_SPAN, " ", topic_source, flags=re.IGNORECASE)
    topic_source = re.sub(rf"\b({'|'.join(_MONTHS)})\b|\b{_YEAR}\b", " ", topic_source, flags=re.IGNORECASE)
    # "after the autumn visit", "in spring 2023", "the summer inspection": seasons date a visit, they are not its topic
    topic_source = re.sub(r"\b(?:(?:in|after|before|during|since|from|over|by)\s+)?(?:the\s+)?(?:autumn|spring|summer|winter)"
                          r"(?=\s+(?:visits?|inspections?|of\b|\d{4})|\s*[?.,!]|\s*$)(?:\s+(?:visits?|inspections?))?",
                          " ", topic_source, flags=re.IGNORECASE)
    # "in Sandwell's looked after children inspection": the kind of visit selects a report, it is not the topic
    # ("what did the 2024 report say about the focused visit before it?" asks about the visit: kept)
    def _kind_dropped(m: re.Match) -> str:
        before = m.string[:m.start()].lower()
        asked_about = re.search(r"\b(?:about|regarding|concerning|on|mention(?:ed|s)?|of)\s+(?:(?:the|its|their|an?|earlier|previous|prior|last"
                                r"|first|second|third|recent|latest)\s+)*$", before)
        return m.group(0) if asked_about else " "
    topic_source = re.sub("|".join(f"(?:{k.asked})" for k in visits.KINDS if k.key != "other"), _kind_dropped, topic_source, flags=re.IGNORECASE)
    topic_source = question_frame.expand_contractions(topic_source)
    # "why did inspectors go back to Devon?": a return visit, in the reports' word for it
    topic_source = re.sub(r"\b(?:go|goes|went|gone|going|come|came|coming)\s+back\b(?=\s+(?:to|in|into|on)\b)|\brevisit(?:ed|s)?\b|\breturn(?:ed|s)?\b(?=\s+(?:to|in|into|on)\b)",
                          "inspectors returned", topic_source, flags=re.IGNORECASE)
    from .understanding.query import word_intent

    u = Understood(
        question=q,
        topic=topic_of(topic_source, las + la_words),
        years=years,
        month=month,
        latest=latest,
        local_authorities=las,
        kinds=preferred_kinds(q),
        time_phrase=phrase,
        asked=q,
        span=span.iso if span else None,
        span_label=span.label() if span else "",
    )
    # "how many inspectors were on the team?": the thing counted is the topic's head, even when it is a frame word
    counted = re.search(r"\bhow many ((?:(?!(?:were|was|are|is|did|do|does|have|has|had|of|the|times)\b)[a-z'-]+\s*){1,2})", q.lower())
    if counted:
        head = [w for w in counted[1].split() if w not in question_frame.FUNCTION_WORDS][:2]
        missing = [w for w in head if w not in u.topic.lower().split()]
        if missing and not gazetteer().find_in_question(" ".join(missing))[0]:
            u.topic = " ".join([*missing, u.topic]).strip()
    u.intent = word_intent(u)
    return u
