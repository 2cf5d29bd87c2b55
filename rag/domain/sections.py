"""Report sections a question can ask for, by the headings Ofsted gives them in each framework."""

from __future__ import annotations

import re

from .grades import PATTERN

# ILACS: "What needs to improve?"; SIF: "What does the local authority need to improve?", "Recommendations";
# letters: "Areas for improvement".
IMPROVE_HEADING = re.compile(
    r"^(?:what needs to improve\??|what does the local authority need to improve\??|recommendations|"
    r"areas? for (?:priority )?improvement|what needs to improve in [^\n]{3,60}\??)\d{0,2}$", re.IGNORECASE)  # "?1": a footnote mark
IMPROVE_SUBHEADING = re.compile(r"^(?:priority and immediate action|areas for improvement|recommendations)$", re.IGNORECASE)
JUDGEMENT_HEADING = re.compile(r"^(?:the experiences and progress of|the impact of leaders on)\b", re.IGNORECASE)
HEADLINE = re.compile(r"^(?:summary of findings|executive summary|headline findings)$", re.IGNORECASE)


def kind_of_section(heading: str | None) -> str:
    """A passage's section, as a kind: improve, judgement, headline, information, other."""
    h = (heading or "").strip()
    if IMPROVE_HEADING.match(h) or IMPROVE_SUBHEADING.match(h):
        return "improve"
    # The local authority's figures: "Information about this local authority area", and under it "Children
    # looked after in this area", "Child protection in this area" (SIF).
    # (SIF reports head its parts "Local leadership", "Children living in this area", "Other Ofsted inspections")
    if re.match(r"^(?:information about this (?:inspection|local authority)|other information about|local leadership$|other ofsted inspections$"
                r"|.{0,60}\bin this (?:area|local authority)$)", h, re.I):
        return "information"
    if JUDGEMENT_HEADING.match(h) or re.match(r"^(?:children who need help|children looked after|leadership, management)", h, re.I):
        return "judgement"
    if HEADLINE.match(h):
        return "headline"
    return "other"


_STANDALONE = re.compile(
    rf"^(?:(?:the experiences and progress of|the impact of leaders on)[^.]{{0,140}}:\s*{PATTERN}|"
    r"information about this inspection|what needs to improve\??)$", re.IGNORECASE)


def is_standalone_heading(line: str) -> bool:
    """A heading PDFs often run into the neighbouring paragraph: it always stands alone."""
    return bool(_STANDALONE.match(line.strip()))
