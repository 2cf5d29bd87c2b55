"""Ofsted's four grades: how reports write them, how people ask for them, and their order."""

from __future__ import annotations

import re

GRADES = ("outstanding", "good", "requires improvement", "inadequate")  # best first
REQUIRES_IMPROVEMENT = GRADES[2]
SCALE = {"inadequate": 1, "requires improvement": 2, "good": 3, "outstanding": 4}
# As reports write them; the longest first so "requires improvement to be good" is read whole.
PATTERN = r"(outstanding|good|requires?\s+improvement(?:\s+to\s+be\s+good)?|inadequate)"
_ASKED = {
    "outstanding": r"outstanding",
    "good": r"good(?! (?:practice|work|progress|quality|relationships?|support|use))",
    "requires improvement": r"requires? improvement|requiring improvement|need(?:s|ing)? improvement|\bri\b",
    "inadequate": r"inadequate|failing",
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
