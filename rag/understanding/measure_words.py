"""The words of the measure slot: how a question asks for dates ("when", "dates on site") and for a figure
("how many", "no. of", "what proportion")."""

from __future__ import annotations

import re

_WHEN = re.compile(r"^\s*when\b|\b(?:fieldwork|inspection|visit|on-?site) dates?\b|\b(?:what|which|on what) dates?\b|\bwhat (?:were|are|was|is) the (?:inspection )?dates?\b|\bdates? of\b|\bover what period\b|\b(?:what|which) period\b"
                   r"|\bhow long did\b|\bwhat (?:day|month|year) (?:was|were|did)\b|\bhow recently\b|\bhow long ago\b|\bwhen (?:was|were|did)\b"
                   # "dates on site?", "- dates?", "when were inspectors in Redbridge?", "which weeks were they on site?"
                   r"|\bdates? (?:on[- ]site|of (?:the )?(?:fieldwork|visit|inspection))\b|[-–:]\s*(?:the\s+)?(?:inspection\s+)?dates?\s*\??\s*$"
                   r"|\b(?:which|what) weeks?\b|\bon[- ]site when\b")
_NUMBER = re.compile(r"\bhow many\b|\bhow much\b(?! (?:better|worse|progress|improvement|has changed))|\b(?:number|count|total|tally) of\b|(?:^|\s)(?:no\.?|#)\s?of\b(?! course)|\bwhat (?:percentage|proportion|share|fraction)\b|\b(?:rate|percentage|proportion) of\b"
                     r"|\bhow (?:big|large|high|low)\b(?! an? (?:jump|leap|change|improvement|drop|fall|difference|shift|step|move))|\btotal\b|\bfigures?\b|\b(?:what|whats|what's) (?:was|is|were|are)? ?(?:the|their|its)? ?(?:average|mean|median|typical|ratio)\b"
                     r"|\b(?:average|mean|median) (?:\w+ ){0,3}(?:caseloads?|number|size|age|time|length|wait)\b")
