"""Whether a question's words go beyond what the slots read: a topic for the reports' findings ("early help"),
or only grades, places, groups of councils and the frame of a question."""

from __future__ import annotations

import re

from ..domain import judgements, question_frame
from ..domain.grades import PATTERN_ASKED
from ..domain.regions import regions_in
from .cues import _REGION_WORDS
from .slots import GROUP, SLOT_WORDS, respell


def topic_beyond_grades(topic: str, judgements_too: bool = False, named: list[str] | tuple = ()) -> bool:
    """Whether the words are about something beyond grades, places and groups of councils ("early help").
    With `judgements_too`, a judgement's name is not a topic either ("care leavers outstanding": a measure).
    The slots' own words (a grade asked in any verb, a change, a trend, publication) are never the topic."""
    text = respell(topic.lower())
    for name in named:  # the authority asked about is the subject, not a topic ("bury", "chester")
        text = re.sub(rf"\b(?:{'|'.join(re.escape(w) for w in re.findall(r'[a-z]+', name.lower()))})\b", " ", text)
    for pattern in SLOT_WORDS:
        text = pattern.sub(" ", text)
    text = re.sub(rf"\b{GROUP}\b|\b{PATTERN_ASKED}\b", " ", text)
    for j in sorted(judgements.JUDGEMENTS, key=lambda j: j.key != "care_leavers") if judgements_too else ():  # "care leavers" before "in care"
        # the topic has lost its small words: "children in care" is "children care" there
        loose = re.sub(r"\b(?:in|and|the|of|on|for)\\s\+|\b(?:in|and|the|of|on|for) ", "", j.asked)
        text = re.sub(rf"\b(?:{j.asked}|{loose})\b", " ", text)
    for region in regions_in(text):
        text = re.sub(rf"\b{re.escape(region.lower())}\b", " ", text)
    return bool(question_frame.topic_words(set(re.findall(r"[a-z]+", text)) - _REGION_WORDS))
