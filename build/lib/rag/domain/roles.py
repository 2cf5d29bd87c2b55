"""People's roles a question can ask about, and how documents tie a name to a role."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Role:
    key: str
    label: str
    asked: str  # regex: how a question names the role
    stated: str  # regex: how a document names it


ROLES = (
    Role("lead_inspector", "lead inspector", r"lead inspector|inspector|hmi|led (?:the|that|this)", r"lead inspector"),
    Role("deputy_lead_inspector", "deputy lead inspector", r"deputy lead inspector|deputy inspector|deputy lead|deputy hmi", r"deputy lead inspector"),
    Role("dcs", "director of children's services",
         r"director of children[’']?s services|\bdcs\b|director of children|children[’']?s services director|(?:executive|corporate|managing) director",
         r"(?:executive |corporate |strategic |managing )?director (?:of|for) children[’']?s (?:services|social care)|\bDCS\b"),
    Role("cabinet_member", "cabinet member for children's services",
         r"cabinet member|lead member|portfolio holder|councillor (?:responsible|in charge)",
         r"cabinet member for [\w’' ]+|lead member for [\w’' ]+|portfolio holder for [\w’' ]+"),
    Role("council_leader", "leader of the council", r"leader of the council|council leader", r"leader of (?:the )?[\w ]*council"),
    Role("chief_executive", "chief executive", r"chief executive", r"chief executive"),
    Role("minister", "minister", r"\bminister\b|secretary of state", r"\bminister\b|secretary of state"),
)
BY_KEY = {r.key: r for r in ROLES}
_NAME = r"(?:(?:Councillor|Cllr|Mr|Mrs|Ms|Dr)\.?\s+)?[A-Z][a-z]+(?:[ -][A-Z][a-z'’-]+){1,2}"


def in_question(text: str) -> str | None:
    """The role a who-question asks about; the lead inspector only when no other role is named."""
    lowered = text.lower()
    for role in ROLES[1:]:
        if re.search(role.asked, lowered):
            return role.key
    return "lead_inspector" if re.search(ROLES[0].asked, lowered) else None


def named_holder(sentence: str, key: str) -> str | None:
    """The person a sentence names as holding the role: "Lin Hazell, Cabinet Member for ...",
    "the cabinet member, councillor Angela Macpherson". None unless the sentence ties the two."""
    role = f"(?i:{BY_KEY[key].stated})"  # the role in any case; the name must be capitalised
    for pattern in (rf"({_NAME}),?\s+(?:(?i:the)\s+)?{role}", rf"{role}\s*[,:]?\s*(?:is\s+|was\s+)?({_NAME})"):
        for m in re.finditer(pattern, sentence):
            name = re.sub(r"^(?:Dear\s+)?(?:Councillor|Cllr|Mr|Mrs|Ms|Dr)\.?\s+", "", m.group(1))
            if not re.match(r"^(?:The|This|That|Children|Ofsted|Inspectors?|Services?|Council|Responding)\b", name) and \
                    not re.search(r"\b(?:Council|County|Borough|City|Services?|Board|Partnership|Trust|Department|Local|Authority)\b", name):
                return name  # a person, not an institution
    m = re.search(rf"(?i:councillor|cllr)\.?\s+([A-Z][a-z]+(?:[ -][A-Z][a-z'’-]+){{1,2}}),?\s+(?i:the)\s+{role}", sentence)
    return m.group(1) if m else None
