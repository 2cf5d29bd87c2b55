"""Places that are not English children's services authorities, so a question about them is answered
"the library holds no reports for X", never with another council's grades: Scotland's, Wales's and
Northern Ireland's councils and cities (Ofsted does not inspect them), the Crown dependencies, and any
"X Council" the gazetteer does not know (a made-up or misremembered name)."""

from __future__ import annotations

import re
from functools import lru_cache

from .gazetteer import gazetteer

SCOTLAND = ("Aberdeen", "Aberdeenshire", "Angus", "Argyll and Bute", "Clackmannanshire", "Dumfries and Galloway", "Dundee",
            "East Ayrshire", "East Dunbartonshire", "East Lothian", "East Renfrewshire", "Edinburgh", "Falkirk", "Fife",
            "Glasgow", "Highland", "Inverclyde", "Midlothian", "Moray", "North Ayrshire", "North Lanarkshire", "Orkney",
            "Perth and Kinross", "Renfrewshire", "Scottish Borders", "Shetland", "South Ayrshire", "South Lanarkshire",
            "Stirling", "West Dunbartonshire", "West Lothian", "Inverness", "Paisley", "Scotland", "Western Isles",
            "Na h-Eileanan Siar")
WALES = ("Blaenau Gwent", "Bridgend", "Caerphilly", "Cardiff", "Carmarthenshire", "Ceredigion", "Conwy", "Denbighshire",
         "Flintshire", "Gwynedd", "Anglesey", "Merthyr Tydfil", "Monmouthshire", "Neath Port Talbot", "Newport",
         "Pembrokeshire", "Powys", "Rhondda Cynon Taf", "Swansea", "Torfaen", "Vale of Glamorgan", "Wrexham", "Wales")
NORTHERN_IRELAND = ("Belfast", "Derry", "Londonderry", "Lisburn", "Armagh", "Newry", "Antrim", "Fermanagh", "Omagh",
                    "Mid Ulster", "Causeway Coast and Glens", "Ards and North Down", "Northern Ireland")
ELSEWHERE = ("Isle of Man", "Jersey", "Guernsey", "Ireland", "Dublin", "Cork")
WHY = {**{p: "Scotland" for p in SCOTLAND}, **{p: "Wales" for p in WALES}, **{p: "Northern Ireland" for p in NORTHERN_IRELAND},
       **{p: "outside the United Kingdom's English councils" for p in ELSEWHERE}}
# "Narnia District Council", "the Borough of Gondor": a council's name the gazetteer does not hold.
_COUNCIL_NAME = re.compile(r"\b((?:[A-Z][a-z'’-]+\s+){1,3})(?:City\s+|County\s+|District\s+|Borough\s+|Metropolitan\s+(?:Borough\s+)?)?Council\b"
                           r"|\b(?:London\s+)?Borough\s+of\s+((?:[A-Z][a-z'’-]+\s*){1,3})|\bCouncil\s+of\s+((?:[A-Z][a-z'’-]+\s*){1,3})")
_NOT_NAMES = {"the", "which", "what", "each", "every", "this", "that", "our", "my", "your", "their", "a", "any", "county", "city",
              "district", "borough", "local", "town", "parish", "unitary", "metropolitan", "london", "english", "england", "how",
              "did", "does", "has", "is", "was", "ofsted", "inspected", "rated", "and"}


@lru_cache(maxsize=1)
def _outside() -> re.Pattern[str]:
    names = sorted(WHY, key=len, reverse=True)
    return re.compile(r"(?<![\w-])(" + "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in names) + r")(?![\w-])", re.IGNORECASE)


def outside_england(text: str) -> tuple[str, str] | None:
    """(the place as written, why Ofsted has no report of it) for a place outside England's authorities."""
    for m in _outside().finditer(text):
        word = m.group(1)
        if word.lower() in ("newport", "jersey") and not word[:1].isupper():
            continue
        if gazetteer().find_in_question(text[max(0, m.start() - 20): m.end() + 20])[0]:
            continue  # "Newport" inside an English name, or "Isle of Wight" style overlaps
        key = next(k for k in WHY if k.lower() == " ".join(word.lower().split()))
        return word, WHY[key]
    return None


def unknown_council(text: str) -> str | None:
    """A council named in the question that is no English authority the gazetteer knows ("Narnia District Council")."""
    for m in _COUNCIL_NAME.finditer(text):
        name = " ".join((m.group(1) or m.group(2) or m.group(3) or "").split())
        words = [w for w in name.split() if w.lower() not in _NOT_NAMES]
        if not words:
            continue
        candidate = " ".join(words)
        if gazetteer().find_in_question(candidate)[0] or gazetteer().find_in_question(name)[0]:
            continue
        return candidate
    return None


# Capitalised words a question uses that are not places.
_NOT_PLACES = {"ofsted", "hmi", "ilacs", "sif", "jtai", "mash", "england", "english", "uk", "dcs", "la", "las", "i", "the", "a", "an",
               "covid", "council", "councils", "children", "childrens", "children's", "services", "social", "care", "ofsted's", "what",
               "which", "who", "when", "how", "why", "is", "was", "did", "does", "has", "it", "they", "its", "their", "overall", "good",
               "outstanding", "inadequate", "requires", "improvement", "ri", "lead", "inspector", "inspection", "report", "reports",
               "monday", "tuesday", "wednesday", "thursday", "friday", "january", "february", "march", "april", "may", "june", "july",
               "august", "september", "october", "november", "december", "local", "authority", "please", "and", "or", "me", "us"}
_AFTER_WORD = re.compile(r"\b(?:in|for|of|at|did|does|is|was|has|get|got|about|rate|rated|inspect|inspected)\s+((?:[A-Z][\w'’-]+)(?:\s+[A-Z][\w'’-]+){0,2})")


def unknown_name(text: str) -> str | None:
    """A capitalised name in a question about one authority's records that is no authority the gazetteer
    knows ("What grade did Wakanda get?"): the library holds no reports for it, whatever else it holds."""
    for m in _AFTER_WORD.finditer(text):
        words = [w for w in m.group(1).split() if w.lower().strip("'’s") not in _NOT_PLACES and not w.isupper()]
        if not words or gazetteer().find_in_question(m.group(1))[0]:
            continue
        return " ".join(words).removesuffix("'s").removesuffix("’s")
    return None


# How English place names end ("Borsetshire", "Ambridge", "Wessex", "Casterbridge"): a capitalised word shaped like one
# is a place even in a question about findings, where other capitalised words ("Staying Put", "Mockingbird") are topics.
_PLACE_SHAPED = re.compile(r"(?:shire|ford|ton|ham|bury|borough|brough|caster|chester|cester|by|wick|field|pool|mouth|port"
                           r"|minster|bridge|sex|wall|don|ley|worth|stead|combe|hurst|stoke|land|dale|thorpe|ington)$", re.IGNORECASE)
_ON_WORD = re.compile(r"\b(?:in|for|of|at|on|from|about|rate|rated|inspect|inspected)\s+((?:[A-Z][\w'’-]+)(?:\s+[A-Z][\w'’-]+){0,2})")


def unknown_place(text: str) -> str | None:
    """A capitalised name shaped like an English place that no authority the gazetteer knows bears
    ("the latest report on Borsetshire"): a question about it has no reports to answer from."""
    for m in _ON_WORD.finditer(text):
        words = [w.removesuffix("'s").removesuffix("’s") for w in m.group(1).split()
                 if w.lower().strip("'’s") not in _NOT_PLACES and not w.isupper()]
        if not words or not _PLACE_SHAPED.search(words[-1]) or gazetteer().find_in_question(m.group(1))[0]:
            continue
        return " ".join(words)
    return None
