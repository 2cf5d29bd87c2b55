"""Ofsted's four grades: how reports write them, how people ask for them, and their order."""

from __future__ import annotations

import re

GRADES = ("outstanding", "good", "requires improvement", "inadequate")  # best first
REQUIRES_IMPROVEMENT = GRADES[2]
SCALE = {"inadequate": 1, "requires improvement": 2, "good": 3, "outstanding": 4}
# As reports write them; the longest first so "requires improvement to be good" is read whole.
PATTERN = r"(outstanding|good|requires?\s+improvement(?:\s+to\s+be\s+good)?|inadequate)"
_ASKED = {
    "outstanding": r"outstanding|(?:top|highest|best(?: possible)?) (?:grade|rating|mark|judgement)",
    "good": r"good(?! (?:practice|work|progress|quality|relationships?|support|use))",
    "requires improvement": r"requires? improvement|requiring improvement|need(?:s|ing)? improvement|\bri\b",
    "inadequate": r"inadequate|failing|(?:lowest|bottom|worst) (?:grade|rating|mark|judgement)",
}


# One grade as a question writes it, for patterns that capture it ("from inadequate to good").
PATTERN_ASKED = (r"(?:outstanding|good|requires?\s+improvement(?:\s+to\s+be\s+good)?|requiring\s+improvement|need(?:s|ing)?\s+improvement"
                 r"|ri|inadequate|failing)")
_SPOKEN = {"ri": "requires improvement", "failing": "inadequate"}


def normalise(raw: str | None) -> str | None:
    """"Requires improvement to be good" and "require improvement" are one grade."""
    if not raw:
        return None
    raw = " ".join(raw.lower().split())
    raw = _SPOKEN.get(raw, raw)
    if raw.startswith("requir") or raw.startswith("need"):
        return "requires improvement"
    return raw if raw in SCALE else None


def score(grade: str | None) -> int | None:
    return SCALE.get(normalise(grade) or "")


def label(grade: str | None) -> str:
    """For people: "Requires improvement"."""
    g = normalise(grade)
    return f"{g[0].upper()}{g[1:]}" if g else ""


def in_question(text: str) -> list[str]:
    """Grades a question names ("rated inadequate", "good or outstanding"), best first."""
    lowered = text.lower()
    found = [g for g in GRADES if re.search(rf"\b(?:{_ASKED[g]})\b", lowered)]
    if "good" in found and not re.search(rf"\b(?:{_ASKED['good']})\b", re.sub(r"requires?\s+improvement\s+to\s+be\s+good", " ", lowered)):
        found.remove("good")  # "requires improvement to be good" is one grade
    return found



# A grade set aside: "not good or better", "aren't rated good or outstanding", "good (not outstanding)".
_NOT = re.compile(r"(?:\bnot|n't|\b(?:arent|isnt|werent|wasnt|dont|doesnt|didnt|hasnt|havent)|\bnever|\bother than|\bexcept|\bexcluding|\bapart from|\brather than)\s+(?:(?:yet|even|quite|currently|rated|judged|graded|been|being|as|at|a|an|or)\s+){0,3}$")
_BEYOND = re.compile(r"\b(below|worse than|under|less than|lower than|short of|above|better than|higher than|beyond)\s+(?:an?\s+)?$")


def selected(text: str, named: list[str]) -> list[str]:
    """The grades a question selects, given the grades it names: a grade set aside is taken out (with any
    grade joined to it by "or"/"and": "aren't rated good or outstanding"), and when every grade named is
    set aside, the others are meant ("not good": the rest); "below good" and "above requires improvement"
    are the grades strictly beyond."""
    lowered = text.lower()
    mentions = sorted((m.start(), m.end(), g) for g in named for m in re.finditer(rf"\b(?:{_ASKED[g]})\b", lowered))
    set_aside, beyond, last_end, last_aside = set(), set(), -1, False
    for start, end, g in mentions:
        before = lowered[max(0, start - 40):start]
        side = _BEYOND.search(before)
        joined = last_end >= 0 and re.fullmatch(r"\s*(?:,|/|or|and|nor|,\s*or)\s*", lowered[last_end:start]) is not None
        aside = False
        if side:
            lower = side[1] in ("below", "worse than", "under", "less than", "lower than", "short of")
            beyond |= {x for x in GRADES if (SCALE[x] < SCALE[g]) == lower and x != g}
        elif _NOT.search(before) or (joined and last_aside):
            aside = True
            set_aside.add(g)
        last_end, last_aside = end, aside
    if beyond:
        return [x for x in GRADES if x in beyond and x not in set_aside]
    if set_aside and set_aside >= set(named):
        return [x for x in GRADES if x not in set_aside]
    return [x for x in named if x not in set_aside]
