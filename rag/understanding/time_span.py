"""Times finer than a year and coarser than a month: "between March and May 2025", "autumn 2025", "Q3
2024", "the first half of 2023", "in the last three months", "since March 2020". Each is a span of days
(first, last), read against today's date from the clock; a single month or year is left to the year slot."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

_MONTH_NAMES = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
_M = (r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?"
      r"|nov(?:ember)?|dec(?:ember)?)\.?")
_Y = r"((?:19|20)\d\d)"
_N = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
      "eleven": 11, "twelve": 12, "eighteen": 18, "few": 3, "couple of": 2}
_HOW_MANY = r"(\d{1,2}|a|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|eighteen|few|couple of)"
# Meteorological seasons, as people in England use them; winter is December to February.
_SEASONS = {"spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "fall": (9, 11), "winter": (12, 2)}


@dataclass(frozen=True)
class Span:
    first: date
    last: date
    phrase: str  # the question's words for it
    start: int  # where they are in the question
    end: int

    @property
    def iso(self) -> tuple[str, str]:
        return self.first.isoformat(), self.last.isoformat()

    @property
    def years(self) -> list[int]:
        return list(range(self.first.year, self.last.year + 1))

    def label(self) -> str:
        """"March–May 2025", "1 September–1 December 2026"."""
        a, b = self.first, self.last
        if a == b:
            return f"{a.day} {a:%B %Y}"
        whole_months = a.day == 1 and b.day == calendar.monthrange(b.year, b.month)[1]
        if whole_months and (a.year, a.month) == (b.year, b.month):
            return f"{a:%B %Y}"
        if whole_months:
            return f"{a:%B}–{b:%B %Y}" if a.year == b.year else f"{a:%B %Y}–{b:%B %Y}"
        return f"{a.day} {a:%B}–{b.day} {b:%B %Y}" if a.year == b.year else f"{a.day} {a:%B %Y}–{b.day} {b:%B %Y}"


def _month(word: str) -> int:
    return _MONTH_NAMES.index(word.rstrip(".")[:3]) + 1


def _end_of(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _months_back(today: date, n: int) -> date:
    y, m = divmod(today.year * 12 + today.month - 1 - n, 12)
    return date(y, m + 1, min(today.day, calendar.monthrange(y, m + 1)[1]))


def span_in(lowered: str, today: date | None = None) -> Span | None:
    """The span a question names, or None. `lowered` is the question in lower case."""
    today = today or date.today()

    def make(m: re.Match, first: date, last: date) -> Span:
        return Span(first, min(last, max(today, first)), m.group(0), m.start(), m.end())

    # days: "between 1 September and 31 December 2024", "from 1 Oct 2024 to 31 Jan 2025"
    m = re.search(rf"\b(?:between|from)\s+(\d{{1,2}})(?:st|nd|rd|th)?\s+{_M}(?:\s+{_Y})?\s*(?:and|to|-|–|through|till|until)\s*"
                  rf"(\d{{1,2}})(?:st|nd|rd|th)?\s+{_M}\s+{_Y}\b", lowered)
    if m:
        y2 = int(m[6])
        a_month, b_month = _month(m[2]), _month(m[5])
        y1 = int(m[3]) if m[3] else y2 - (1 if a_month > b_month else 0)
        try:
            return make(m, date(y1, a_month, int(m[1])), date(y2, b_month, int(m[4])))
        except ValueError:  # "31 September": no such day
            return None
    # one day, as a report's date: "published on 13 January 2023", "out on the 5th of July 2024" (not "at 31 March
    # 2016", which dates a figure)
    # ("reports published 13 Jan 2025": the verb itself may stand for "on")
    m = re.search(rf"\b(?:on|dated|published|released|issued|out)\s+(?:the\s+)?(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_M}\s+{_Y}\b", lowered)
    m = m or re.search(rf"\b(?:the\s+)(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_M}\s+{_Y}(?=\s+(?:reports|letters|publications)\b)", lowered)
    if m and re.search(r"\b(?:publish\w*|released?|issued?|out|came out|come out|inspect\w*|reports?|letters?)\b", lowered[:m.end() + 9]):
        try:
            day = date(int(m[3]), _month(m[2]), int(m[1]))
        except ValueError:
            return None
        return make(m, day, day)
    m = re.search(rf"\b(?:between|from)?\s*{_M}\s*(?:and|to|-|–|through|till|until)\s*{_M}\s*(?:of\s+)?{_Y}\b", lowered)
    if m:
        a, b, y = _month(m[1]), _month(m[2]), int(m[3])
        return make(m, date(y - (1 if a > b else 0), a, 1), _end_of(y, b))
    m = re.search(rf"\b(?:between|from)?\s*{_M}\s+{_Y}\s*(?:and|to|-|–|through|till|until)\s*{_M}\s+{_Y}\b", lowered)
    if m:
        return make(m, date(int(m[2]), _month(m[1]), 1), _end_of(int(m[4]), _month(m[3])))
    m = re.search(rf"\b(spring|summer|autumn|fall|winter)(?:\s+(?:of|in))?(?:\s+the)?\s+(?:year\s+)?{_Y}\b|\b{_Y}\s+(spring|summer|autumn|fall|winter)\b", lowered)
    if m:
        season, year = (m[1], int(m[2])) if m[1] else (m[4], int(m[3]))
        a, b = _SEASONS[season]
        return make(m, date(year - 1, 12, 1) if a > b else date(year, a, 1), _end_of(year, b))
    m = re.search(rf"\bq([1-4])\s*(?:of\s+)?{_Y}\b|\b(first|second|third|fourth|last|final) quarter (?:of\s+)?{_Y}\b", lowered)
    if m:
        q = int(m[1]) if m[1] else ["first", "second", "third", "fourth"].index(m[3]) + 1 if m[3] in ("first", "second", "third", "fourth") else 4
        year = int(m[2] or m[4])
        return make(m, date(year, 3 * q - 2, 1), _end_of(year, 3 * q))
    m = re.search(rf"\b(first|second|latter|last|1st|2nd) half (?:of\s+)?{_Y}\b|\bh([12])\s+{_Y}\b", lowered)
    if m:
        second = (m[1] in ("second", "latter", "last", "2nd")) if m[1] else m[3] == "2"
        year = int(m[2] or m[4])
        return make(m, date(year, 7, 1) if second else date(year, 1, 1), _end_of(year, 12) if second else _end_of(year, 6))
    m = re.search(rf"\b(?:(?:in|over|during|within|for)\s+)?(?:the\s+)?(?:last|past|previous|recent)\s+{_HOW_MANY}\s+(months?|weeks?)\b", lowered)
    if m:
        n = int(m[1]) if m[1].isdigit() else _N[m[1]]
        first = _months_back(today, n) if m[2].startswith("month") else date.fromordinal(today.toordinal() - 7 * n)
        return make(m, first, today)
    m = re.search(r"\b(?:in\s+)?(?:the\s+)?(last|past|previous|this)\s+(month|quarter)\b", lowered)
    if m:
        if m[2] == "quarter":
            first = _months_back(today, 3) if m[1] != "this" else date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
            return make(m, first, today)
        if m[1] == "this":
            return make(m, date(today.year, today.month, 1), today)
        before = _months_back(today.replace(day=1), 1)
        return make(m, before, _end_of(before.year, before.month))
    month = _month_of_relative_year(lowered, today)
    if month is not None:
        m, year, number = month
        return make(m, date(year, number, 1), _end_of(year, number))
    m = re.search(rf"\b(?:since|after|from)\s+(?:(\d{{1,2}})(?:st|nd|rd|th)?\s+)?{_M}\s+{_Y}(?:\s+(?:onwards?|on))?\b", lowered)
    if m:
        first = date(int(m[3]), _month(m[2]), int(m[1]) if m[1] else 1)
        return make(m, first, today) if first <= today else None
    return None


_YEARS_BACK = rf"(?:{_HOW_MANY}\s+years?\s+(?:ago|back|before)|last\s+year|the\s+year\s+before\s+last|this\s+year|the\s+previous\s+year)"


def _month_of_relative_year(lowered: str, today: date) -> tuple[re.Match, int, int] | None:
    """A month whose year is told relative to today: "last December", "the July before last", "July of last
    year", "two years ago in July", "in March this year". (match, year, month) or None."""
    m = re.search(rf"\b(?:in\s+|during\s+)?(?:the\s+)?{_M}\s+(?:of\s+|in\s+)?{_YEARS_BACK}\b"
                  rf"|\b{_YEARS_BACK}\s*,?\s+(?:in|during)\s+{_M}\b", lowered)
    if m:
        word, back = (m[1], m.group(0)[m.end(1) - m.start(0):]) if m[1] else (m[4], m.group(0))
        n = re.search(_HOW_MANY, back) if re.search(r"years?\s+(?:ago|back|before)", back) else None
        years = (int(n[1]) if n[1].isdigit() else _N[n[1]]) if n else 2 if "before last" in back else 0 if "this year" in back else 1
        return m, today.year - years, _month(word)
    m = re.search(rf"\b(?:in\s+|during\s+)?(last|this|the)\s+{_M}(\s+before\s+last|\s+just\s+gone)?\b", lowered)
    if m and (m[1] != "the" or m[3]) and not (m[1] == "this" and m[2] == "may"):  # "this may be" is no month
        number = _month(m[2])
        # "last July" is the most recent July before this month; "the July before last" the one before that
        year = today.year if number < today.month else today.year - 1
        if m[1] == "this":
            year = today.year
        if m[3] and "before last" in m[3]:
            year -= 1
        return m, year, number
    return None
