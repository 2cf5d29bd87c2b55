"""Whether a sentence gives the number a question asks for: of the unit asked (a count, a share, money),
tied to the thing asked ("29 children were adopted"), and never a year, date, duration, age, rate,
paragraph number, the whole of a part asked about, or those who left rather than those counted."""

from __future__ import annotations

import re

from ..domain import question_frame
from ..domain.abbreviations import ABBREVIATIONS, spell_out, with_same_things
from ..domain.money import MONEY_WORDS
from ..lexical import stems
from .compose import LEADING_MARK

_NUMBER_WORDS = r"\b(two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundred|half|a third|a quarter)\b"


# Words every count question shares: they cannot tie a number to what was asked.
_GENERIC_STEMS = {"child", "children", "kid", "young", "peopl", "number", "mani", "much", "total", "figur", "famili", "case"}
_YEARISH = re.compile(r"^(?:19|20)\d\d$")
_MONTH_AFTER = re.compile(r"\s*(?:january|february|march|april|may|june|july|august|september|october|november|december)\b", re.I)
# A number that is a duration, an age, a place in a document or a school year, never a count of the thing asked.
_NOT_A_COUNT_AFTER = re.compile(r"\s*(?:-|–|\s)?\s*(?:(?:and|or|to|-|–)\s*\d+\s*-?\s*)?(?:years?|months?|weeks?|days?|hours?|minutes?|"
                                r"year-olds?|years? old|-year|yrs?|miles?|kilometres?|kilometers?|km|metres?|meters?|mph)\b"
                                r"|\s*per\s+(?:\d[\d,]*|thousand|hundred)\b", re.I)  # "70 per 10,000" is a rate, not a count
_NOT_A_COUNT_BEFORE = re.compile(r"(?:\bper|\baged?|\bages|\bage of|\bages of|\bunder|\bover|\bpage|\bparagraph|\bsection|\bstage|\byear|\bphase|\bp\.|\bpara|"
                                 r"\btier|\blevel|\bitem|\bpoint|\bnumber|\bno\.|\bweek|\bquarter|\bq|\bterm|\bround|\bwave|\bpart|\bstep|\bkey stage)\s*$|(?:\b(?:aged?|ages(?: of)?|between the ages of)\s+(?:\d+|[a-z]+)\s*(?:and|or|to|-|–)\s*)$", re.I)  # "aged five to 12"
_NUMBER = re.compile(rf"£\d+(?:,\d{{3}})*(?:\.\d+)?(?:\s*(?:million|billion|bn\b|m\b|k\b))?|£?\b\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?%?|£?\b\d+(?:\.\d+)?%?|{_NUMBER_WORDS}(?:[\s-]+{_NUMBER_WORDS})*", re.IGNORECASE)
_MONEY_WORDS = re.compile(rf"\b(?:{MONEY_WORDS})", re.I)
_TIME_STEMS = {"month", "year", "week", "day", "last", "befor", "after", "prior", "period"}


def _fits_unit(body: str, m: re.Match, unit: str) -> bool:
    """The number is of the kind asked: money has a pound sign or millions, a share a per cent, a count neither."""
    value, after = m.group(0), body[m.end():m.end() + 12].lower()
    money = value.startswith("£") or bool(re.match(r"\s*(?:million|m\b|bn|billion|k\b|pounds)", after))
    percent = value.endswith("%") or bool(re.match(r"\s*(?:per ?cent|percent)", after))
    if unit == "money":
        return money
    if unit == "percent":
        return percent
    return not money and not percent


NUMBER_WINDOW = 0.4  # how far below the best sentence a sentence giving the figure asked may rank
_MONTHS = "january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"


def _has_figure(quote: str, unit: str) -> bool:
    """Whether a quote holds any figure of the unit (a per cent for a share; for a count, a number that is not
    a year): then it may answer the question, and "not stated" would be a claim the quote itself refutes."""
    if unit == "percent":
        return bool(re.search(r"\d\s*%|\bper ?cent\b", quote, re.I))
    return any(not _YEARISH.match(m.group(0).lstrip("£")) for m in _NUMBER.finditer(quote))


_RESTRICTING = {"in", "with", "from", "aged", "over", "under", "at", "on", "for", "who", "whose", "that", "placed", "living",
                "without", "outside", "awaiting", "waiting", "eligible"}


_AGENT, _ACTION = re.compile(r"(?:er|or|ers|ors)$"), re.compile(r"(?:ion|ions|ment|ments)$")


def _other_form(word: str, asked_words: list[str]) -> bool:
    """"adopters" for "adoptions": one stem, but the people, not the events (or the other way round)."""
    same = [w for w in asked_words if stems(w) == stems(word) and w != word]
    return any((_AGENT.search(word) and _ACTION.search(w)) or (_ACTION.search(word) and _AGENT.search(w)) for w in same)


def _counts_the_asked(after: str, wanted: set[str], asked_words: list[str] | None = None) -> bool:
    """Whether the noun a number counts (the first content word after it: "261 children", "30 adoptions",
    "(98) of enquiries") is the thing asked or a person or case counted, and all of it: "13 care leavers in
    higher education" counts some care leavers, not the care leavers asked about. With no noun after the
    number ("… is 65."), yes."""
    text = re.sub(r"^\s*(?:\([^)]*\)|\))\s*", " ", after)
    words = re.findall(r"[a-z][a-z'-]*|[,.;:]", text.lower().replace("’", "'"))[:10]
    counted = wanted | _GENERIC_STEMS
    for i, word in enumerate(words[:4]):
        if word in question_frame.FUNCTION_WORDS or not word.replace("'", "").isalpha() or word.endswith("'s"):
            continue  # "11 of Her Majesty's Inspectors", "20 of the council's social workers": the owner is not what is counted
        stem = stems(word)
        if stem and not set(stem) & counted:
            return False
        if asked_words and _other_form(word, asked_words):
            return False
        j = i + 1  # the rest of the counted noun ("care leavers", "children and young people")
        while j < len(words) and (words[j] in ("and", "or") or set(stems(words[j])) & counted):
            j += 1
        if j < len(words) and words[j] in _RESTRICTING:
            rest = words[j + 1:]
            k = next((i for i, w in enumerate(rest) if w.isalpha() and w not in question_frame.FUNCTION_WORDS), None)
            if k is None or not set(stems(rest[k])) & wanted:
                return False  # "in higher education": only if that was asked
            after_it = rest[k + 1] if k + 1 < len(rest) else ""
            # "with an adoption plan" counts children with a plan: the noun the asked word qualifies must be asked too
            return not (after_it.isalpha() and after_it not in question_frame.FUNCTION_WORDS and not set(stems(after_it)) & (wanted | _GENERIC_STEMS))
        return True
    return True


def number_in(text: str, topic: str = "", unit: str = "count") -> str | None:
    """The number a sentence gives for what was asked, or None. The number must be of the unit asked, not
    a year, date, duration, age or paragraph number, and (with a topic) sit in the same clause as the
    topic's own words ("61 children were waiting for life story work")."""
    body = LEADING_MARK.sub("", text)
    # The thing counted, not when: "adoptions in the 12 months before the inspection" counts adoptions.
    def content(words: str) -> set[str]:
        return {s for s in stems(spell_out(words)) if s not in _GENERIC_STEMS and s not in _TIME_STEMS and not s.isdigit()
                and s not in ABBREVIATIONS}

    # Every word asked names what is counted ("care leavers"); the clause must hold the asked words that are
    # not the question's frame ("according to the report"), or all of them when the frame is all there is.
    asked = content(topic) if topic else set()
    framed = content(" ".join(w for w in re.findall(r"[\w'-]+", topic.lower()) if question_frame.topic_words({w}))) if topic else set()
    wanted = framed or asked
    # a figure that qualifies what is counted ("care leavers over 21"), not a time ("in the 12 months before")
    qualifiers = [q for q in re.findall(r"\b\d{1,3}\b(?!\s*(?:months?|years?|weeks?|days?)\b)", topic or "") if not _YEARISH.match(q)]
    for m in _NUMBER.finditer(body):
        if _YEARISH.match(m.group(0).lstrip("£")) or _MONTH_AFTER.match(body[m.end():]):
            continue  # a year or a date is not a count
        if _NOT_A_COUNT_AFTER.match(body[m.end():]) or _NOT_A_COUNT_BEFORE.search(body[:m.start()]):
            continue  # "12 months", "aged 16 and 17", "paragraph 12"
        if not _fits_unit(body, m, unit):
            continue
        if unit == "count" and re.fullmatch(r"half|a third|a quarter", m.group(0), re.I):
            continue  # a fraction is a share, not a count
        if unit == "count" and (re.match(r"\s*\(\s*\d+(?:\.\d+)?\s*%\s*\)", body[m.end():])
                                or re.search(r"%\s*\(\s*$", body[:m.start()])):
            continue  # "17 (7%) children…", "12.4% (98) of enquiries": a part of the whole, not the count asked
        if re.search(r"\b(?:19|20)\d\d\s*[–/-]\s*$", body[:m.start()]) or re.search(rf"\b(?:{_MONTHS})\s+$", body[:m.start()], re.I):
            continue  # "2012–13" is a year, "31 May 14" a date
        if re.search(r"\b(?:half|halves|thirds?|quarters?|most|many|some|majority|minority|proportion|percentage|share|fraction|all but|none|few|\d+%)"
                     r"\s+of\s+(?:the\s+|their\s+|its\s+|these\s+|those\s+|[\w'’-]+['’]s\s+)?$", body[:m.start()], re.I):
            continue  # "almost half of Croydon's 760 children looked after": the whole, not the part asked
        if re.search(r"\bof\s+(?:the\s+|its\s+|their\s+|these\s+)?$", body[:m.start()], re.I) and re.match(
                r"[^.;]*?,\s*(?:only\s+|just\s+|almost\s+|nearly\s+|over\s+)?(?:half|most|many|some|few|none|a (?:third|quarter)|all but|\d+\s*%|\d+)\b",
                body[m.end():], re.I):
            continue  # "Of the 60 care leavers, half live…": the whole, not the part asked
        if re.search(r"\bfrom\s+$", body[:m.start()], re.I) and re.match(r"\s*(?:(?:in\s+)?(?:19|20)\d\d(?:\s*[–/-]\s*\d\d(?:\d\d)?)?\s+|last year\s+)?(?:to|→)\s+£?\d", body[m.end():], re.I):
            continue  # "from 10% in 2015 to 30% in 2016": the figure it went to, not the one it left
        if re.search(r"\(\s*$", body[:m.start()]) or re.match(r"\s*out of\b", body[m.end():], re.I):
            continue  # "assessment (40)", "(105 out of 1,340)": a bracketed figure or a part of a whole, not the count asked
        if unit == "count" and topic and not _counts_the_asked(body[m.end():m.end() + 80], asked, re.findall(r"[a-z]+", topic.lower())):
            continue  # "(98) of enquiries" counts enquiries, not the children on plans asked about
        if not wanted:
            return m.group(0)
        cuts = [0] + [c.end() for c in re.finditer(r"[;:\uf000-\uf0ff•▪●]|, (?:and|but|while|whereas|which|who|of whom|of which|including) |\bbecause\b|\balthough\b",
                                                   body)] + [len(body) + 1]  # a list item is a clause of its own
        a, b = next((a, b) for a, b in zip(cuts, cuts[1:]) if a <= m.start() < b)
        if unit == "money":  # the spending verb is the unit's own word: the clause must say what was spent
            if not _MONEY_WORDS.search(body[a:b]):
                continue
            rest = {w for w in wanted if not _MONEY_WORDS.match(w)}
            if len(rest & set(stems(body[a:b]))) >= (len(rest) if len(rest) <= 3 else len(rest) - 1):
                return m.group(0)
            continue
        # A figure in the question qualifies what is counted ("care leavers over 21"): the clause must say it too.
        if any(q not in re.findall(r"\d+", body[a:b]) for q in qualifiers):
            continue
        # "103 children ceased to be looked after" counts those who left, not those asked about (unless that was asked)
        if re.search(r"\b(?:ceased|stopped|left|leaving|no longer|ended|came out of)\b", body[a:b], re.I) and not re.search(
                r"\b(?:ceased|stopped|left|leaving|no longer|ended|came out of|leave|cease)\b", topic, re.I):
            continue
        # Every word of a short topic, most of a long one: "agency social workers" is not "newly qualified social workers";
        # "adopters" is not "adoptions", though one stem
        asked_words = re.findall(r"[a-z]+", topic.lower())
        clause = with_same_things({st for w in re.findall(r"[A-Za-z]+", body[a:b]) if not _other_form(w.lower(), asked_words) for st in stems(w)})
        if len(wanted & clause) >= (len(wanted) if len(wanted) <= 3 else len(wanted) - 1):
            return m.group(0)
        # "Staff turnover has reduced, but in the assessment team it has increased to 30%": the clause holds most
        # of what was asked and the sentence all of it ("it" is the turnover)
        sentence = with_same_things({st for w in re.findall(r"[A-Za-z]+", body) if not _other_form(w.lower(), asked_words) for st in stems(w)})
        if len(wanted) >= 2 and wanted <= sentence and wanted & clause and 2 * len(wanted & clause) >= len(wanted) - 1:
            return m.group(0)
    return None
