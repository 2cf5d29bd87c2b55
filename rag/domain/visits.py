"""Kinds of inspection and visit, across frameworks: how a report shows which it is, how people ask."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class VisitKind:
    key: str
    label: str  # for people
    asked: str  # regex: how a question names it


KINDS = (
    VisitKind("standard", "ILACS standard inspection", r"standard inspections?"),
    VisitKind("short", "ILACS short inspection", r"short inspections?"),
    VisitKind("sif", "single inspection framework (SIF) inspection", r"\bsif\b|single inspection framework"),
    VisitKind("older", "inspection under an earlier framework", r"safeguarding and looked after children inspection|looked after children (?:services )?inspection"),
    VisitKind("focused_visit", "focused visit", r"focused visits?"),
    VisitKind("monitoring_visit", "monitoring visit", r"monitoring visits?"),
    VisitKind("jtai", "joint targeted area inspection", r"\bjtai\b|joint targeted area inspections?"),
    VisitKind("lscb_review", "review of the Local Safeguarding Children Board (LSCB)",
              r"\blscb reviews?\b|review of the (?:effectiveness of the )?(?:local )?safeguarding children board"),
    VisitKind("other", "other document", r"$^"),
)
BY_KEY = {k.key: k for k in KINDS}
FULL_INSPECTIONS = ("standard", "short", "sif", "older")
SIF_BEGAN, ILACS_BEGAN = "2013-11-01", "2018-01-01"  # Ofsted's frameworks for inspecting local authority children's services
# ILACS standard inspections are two weeks on site, short ones one week.
_SHORT_MAX_DAYS = 7


def label(key: str) -> str:
    return BY_KEY[key].label if key in BY_KEY else key


def classify(text: str, doc_kind: str, start: str | None, end: str | None) -> str:
    """The kind of visit a document records, from its own words (and, for ILACS, its length)."""
    head = " ".join(text[:3000].split()).lower()
    if doc_kind == "ofsted_letter" or doc_kind not in ("ofsted_report",):
        for key in ("jtai", "focused_visit", "monitoring_visit"):
            if re.search(BY_KEY[key].asked, head):
                return key if doc_kind in ("ofsted_letter", "ofsted_report") else "other"
        return "other"
    ilacs = re.search(r"impact of leaders on (?:social work )?practice|inspection of [^.]{3,60} local authority children", head)
    if not ilacs and re.search(r"inspection of services for children in need of help and protection", head):
        return "sif"
    if not ilacs and re.search(r"review of the effectiveness of the local safeguarding children board", head):
        return "lscb_review"  # published on its own (a SIF report holds the same review beside its inspection)
    if re.search(r"safeguarding and looked after children|inspection of looked after children services|inspection of (?:local authority )?arrangements for", head):
        return "older"
    if not ilacs and start and start < ILACS_BEGAN:  # ILACS began in 2018: a report before it is SIF or older, never ILACS
        return "sif" if start >= SIF_BEGAN else "older"
    if start and end:
        days = (date.fromisoformat(end) - date.fromisoformat(start)).days
        return "short" if days <= _SHORT_MAX_DAYS else "standard"
    return "standard"


def in_question(text: str) -> str | None:
    lowered = text.lower()
    return next((k.key for k in KINDS if re.search(k.asked, lowered)), None)
