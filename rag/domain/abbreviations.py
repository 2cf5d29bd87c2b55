"""The abbreviations of children's social care that people type and reports spell out: one table, used
wherever a question's words are matched against a report's ("IRO caseload" is "independent reviewing
officer caseload")."""

from __future__ import annotations

import re

ABBREVIATIONS = {
    "iro": "independent reviewing officer", "iros": "independent reviewing officers",
    "cla": "children looked after", "lac": "looked after children", "cic": "children in care",
    "cin": "children in need", "cp": "child protection", "cpp": "child protection plan",
    "sw": "social worker", "sws": "social workers", "nqsw": "newly qualified social worker",
    "nqsws": "newly qualified social workers", "asye": "assessed and supported year in employment",
    "lado": "local authority designated officer", "mash": "multi-agency safeguarding hub",
    "uasc": "unaccompanied asylum-seeking children", "rhi": "return home interview", "rhis": "return home interviews",
    "pep": "personal education plan", "peps": "personal education plans", "ehcp": "education, health and care plan",
    "sgo": "special guardianship order", "sgos": "special guardianship orders", "pa": "personal adviser",
    "pas": "personal advisers", "lscb": "local safeguarding children board", "cse": "child sexual exploitation",
    "dcs": "director of children's services", "csc": "children's social care", "yos": "youth offending service",
    "hmi": "her majesty's inspector", "hmis": "her majesty's inspectors",
    "pla": "public law outline", "plo": "public law outline", "ssa": "supported accommodation",
}
_WORD = re.compile(r"\b[a-z]{2,5}\b")


def spell_out(text: str) -> str:
    """The text with each known abbreviation followed by its long form ("iro caseload" -> "iro independent
    reviewing officer caseload"), so either spelling in a report matches."""
    return _WORD.sub(lambda m: f"{m.group(0)} {ABBREVIATIONS[m.group(0)]}" if m.group(0) in ABBREVIATIONS else m.group(0),
                     text.lower())


# Plain words people use for what reports name otherwise: the reports' words are added, never substituted.
PLAIN_WORDS = (
    (re.compile(r"\bwhere (?:\w+ ){0,3}(?:live|lives|living|stay|stays|staying)\b|\bhousing\b|\bhomes? for care leavers\b", re.I), "accommodation"),
    (re.compile(r"\bkids\b", re.I), "children"),
    (re.compile(r"\b(?:children|young people|kids) in care\b|\bin care\b", re.I), "looked after"),
    (re.compile(r"\bfoster (?:parents|families|mums?|dads?)\b", re.I), "foster carers"),
    (re.compile(r"\b(?:staff|social workers?) (?:leaving|turnover|churn)\b|\bagency staff\b", re.I), "workforce stability"),
    (re.compile(r"\brunaways?\b|\brun(?:ning)? away\b", re.I), "missing from home"),
    (re.compile(r"\b(?:bosses|senior managers|top team)\b", re.I), "leaders"),
    (re.compile(r"\bcouncillors\b", re.I), "elected members"),
    (re.compile(r"\bage (?:group|range|band|bracket)s?\b|\b(?:which|what) ages?\b|\bolder (?:ones|young people|care leavers)\b", re.I), "aged over"),
)


def expand(text: str) -> str:
    """The text with each known abbreviation replaced by its long form, as reports write it ("how many CLA"
    -> "how many children looked after"), and the reports' words beside plain ones ("where care leavers
    live" -> "… accommodation"): what retrieval searches for."""
    text = re.sub(r"\b[A-Za-z]{2,5}\b", lambda m: ABBREVIATIONS.get(m.group(0).lower(), m.group(0)), text)
    added = [words for pattern, words in PLAIN_WORDS if pattern.search(text) and words not in text.lower()]
    return " ".join([text, *added])


# Stems that name one thing in a report's words and a question's: "children in care" are "children looked after"
# ("the local authority is looking after 604 children").
_SAME_STEMS = {"look": "care"}


def with_same_things(stems: set[str]) -> set[str]:
    """The stems and what they also name."""
    return stems | {_SAME_STEMS[s] for s in stems if s in _SAME_STEMS}
