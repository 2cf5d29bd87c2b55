"""The judgements Ofsted grades, across frameworks: their names in reports, in questions, and in the
inspections table. Older frameworks' judgements are mapped to today's columns and labelled as such."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Judgement:
    key: str  # a column of the inspections table
    label: str  # for people
    asked: str  # regex: how a question names it
    # How reports state it, per framework: (metadata grade key, regex of the report's label)
    stated: tuple[tuple[str, str], ...]


JUDGEMENTS = (
    Judgement("overall", "overall effectiveness", r"overall|overall effectiveness",
              (("overall_effectiveness", r"overall effectiveness"),
               ("looked_after_overall", r"overall effectiveness of services for looked after children and young people"),
               ("safeguarding_overall", r"overall effectiveness of safeguarding services"))),
    Judgement("impact_of_leaders", "the impact of leaders on social work practice",
              r"impact of leaders|leaders|leadership|management|governance|iol",
              (("impact_of_leaders", r"the impact of leaders on (?:social work )?practice with children and families"),
               ("leadership", r"leadership, management and governance"))),
    Judgement("help_and_protection", "the experiences and progress of children who need help and protection",
              r"help and protection|need(?:ing)? help|protection|child protection|safeguarding|h\s?&\s?p|h and p|hap",
              (("help_and_protection", r"(?:the experiences and progress of )?children who need help and protection"),)),
    Judgement("in_care", "the experiences and progress of children in care",
              r"children in care|in care|looked[- ]after|cared for|permanence|children looked after|cla|cic|lac",
              (("in_care", r"the experiences and progress of children in care(?! and)"),
               ("in_care_and_care_leavers", r"the experiences and progress of children in care and care leavers"),
               ("looked_after_and_permanence", r"children looked after and achieving permanence"))),
    Judgement("care_leavers", "the experiences and progress of care leavers", r"care leavers?|leaving care|care-experienced|cls",
              (("care_leavers", r"(?:the )?experiences and progress of (?:children )?care leavers"),)),
    Judgement("adoption", "adoption performance (2013-2017 framework)", r"adoption",
              (("adoption", r"adoption performance"),)),
    Judgement("lscb", "the local safeguarding children board (2013-2017 framework)", r"safeguarding children board|lscb",
              (("lscb", r"effectiveness of the local safeguarding children board \(lscb\) is"),)),
)
BY_KEY = {j.key: j for j in JUDGEMENTS}

# Metadata grade keys and the labels reports give them, per framework (lower case, whitespace flattened).
# ILACS, 2018 on (2025 reports write "children care leavers"):
ILACS_LABELS = [
    ("impact_of_leaders", r"the impact of leaders on (?:social work )?practice with children and families"),
    ("help_and_protection", r"the experiences and progress of children who need help and protection"),
    ("in_care_and_care_leavers", r"the experiences and progress of children in care and care leavers"),
    ("in_care", r"the experiences and progress of children in care(?! and)"),
    ("care_leavers", r"the experiences and progress of (?:children )?care leavers"),
    ("overall_effectiveness", r"overall effectiveness"),
]
# SIF, 2014-2017:
SIF_LABELS = [
    ("help_and_protection", r"children who need help and protection"),
    ("looked_after_and_permanence", r"children looked after and achieving permanence"),
    ("adoption", r"adoption performance"),
    ("care_leavers", r"experiences and progress of (?:children )?care leavers"),
    ("leadership", r"leadership, management and governance"),
]
COLUMNS = ("overall", "impact_of_leaders", "help_and_protection", "in_care", "care_leavers")
# Report labels that mean an older judgement stands in for a column.
OLDER_LABELS = {"leadership": "leadership, management and governance, under the 2013-2017 framework",
                "looked_after_and_permanence": "children looked after and achieving permanence, under the 2013-2017 framework",
                "in_care_and_care_leavers": "children in care and care leavers, one judgement from 2018 to 2023",
                "looked_after_overall": "overall effectiveness of services for looked after children, under the framework before 2013",
                "safeguarding_overall": "overall effectiveness of safeguarding services, under the framework before 2013"}
# Before November 2013 an inspection graded looked-after children's services and safeguarding services each as a
# whole, on a four-point scale whose third grade was "adequate" (it has no counterpart today, so it is not mapped).
OLDER_OVERALL = (("looked_after_overall", r"overall effectiveness of services for looked after children and young people"),
                 ("safeguarding_overall", r"overall effectiveness of safeguarding services"))


def in_question(text: str) -> str | None:
    """The judgement a question asks about, most specific first; None when it names none."""
    lowered = text.lower()
    for key in ("in_care", "care_leavers", "help_and_protection", "adoption", "lscb", "impact_of_leaders", "overall"):
        if re.search(rf"\b(?:{BY_KEY[key].asked})\b", lowered):
            return key
    return None


def section_is(heading: str | None, key: str) -> bool:
    """Whether a passage's section heading is the report's section on this judgement (any framework)."""
    if not heading or key not in BY_KEY:
        return False
    lowered = " ".join(heading.lower().split())
    return any(re.match(rf"^(?:\d(?:\.\d)?\.?\s*)?{label}", lowered) for _, label in BY_KEY[key].stated)
