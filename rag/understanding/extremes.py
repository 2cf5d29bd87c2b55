"""The best- and worst-graded asked for: among councils ("which of those is rated highest?") or among one
inspection's judgements ("the weakest judgement", "which area was strongest")."""

from __future__ import annotations

import re

_HIGH, _LOW = r"(?:highest|best|top|strongest)", r"(?:lowest|worst|weakest|poorest|bottom)"
_RATED = r"(?:rated|graded|ranked|scoring|scored|judged|performing|grade[sd]?|ratings?|judge?ments?|areas?|results?|outcomes?|scores?)"


_PARTS = r"(?:judge?ments?|areas?|aspects?|parts?|grades?|ratings?|strengths?|sides?)"


def judgement_extreme(lowered: str) -> bool:
    """Whether the best or worst asked is among one inspection's judgements ("the weakest judgement",
    "which area was strongest"), not among councils."""
    hi_lo = f"(?:{_HIGH}|{_LOW})"
    return bool(re.search(rf"\b{hi_lo}[- ](?:graded |rated )?{_PARTS}\b|\b{_PARTS}\b(?:\s+\w+){{0,3}}?\s+(?:was|were|is|are|got|received|came out)\s+(?:the\s+)?{hi_lo}\b", lowered))


def extreme_of(lowered: str) -> str:
    """"highest" or "lowest" when the question asks for the best- or worst-graded; else ""."""
    for word, pattern in (("highest", _HIGH), ("lowest", _LOW)):
        if judgement_extreme(lowered) and re.search(rf"\b{pattern}\b", lowered):
            return word
        if re.search(rf"\b{pattern}[- ](?:(?:latest|current|most recent|recent|overall|ofsted|inspection|last|ilacs)\s+){{0,2}}{_RATED}\b|\b(?:rated|graded|judged|scored|ranked|does|did|performs?|performed|doing|fares?|fared) (?:the )?{pattern}\b"
                     rf"|\b(?:is|was|are|were) (?:the )?{pattern}\s*\??$|\b{pattern} (?:of (?:those|them|these|the \w+)|one)\b", lowered):
            return word
    return ""
