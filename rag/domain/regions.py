"""England's nine regions as people write them: "the South East", "south-east", "SE", "the capital",
"West Mids", "Yorkshire". The canonical names are the gazetteer's."""

from __future__ import annotations

import re
from functools import lru_cache

# canonical region -> other ways of writing it (regex, matched case-insensitively unless upper-case only)
ALIASES: dict[str, tuple[str, ...]] = {
    "London": (r"london", r"inner london", r"outer london"),
    "South East": (r"south[- ]?east(?:ern)?(?! lincolnshire)", r"se england"),
    "South West": (r"south[- ]?west(?:ern)?", r"sw england"),
    "East of England": (r"east of england", r"eastern region", r"east anglia"),
    "East Midlands": (r"east mid(?:land)?s", r"e\.? ?mids"),
    "West Midlands": (r"west mid(?:land)?s", r"w\.? ?mids", r"the midlands west"),
    "North West": (r"north[- ]?west(?:ern)?(?! (?:leicestershire|somerset))", r"nw england"),
    "North East": (r"north[- ]?east(?:ern)?(?! (?:lincolnshire|derbyshire|somerset))", r"ne england"),
    "Yorkshire and the Humber": (r"yorkshire(?:\s*(?:and|&)\s*(?:the\s+)?humber(?:side)?)?", r"the humber", r"yorks"),
}
# Groups of regions people name as one: "the Midlands", "the north", "northern councils", "the south".
GROUPS: dict[str, tuple[str, ...]] = {
    r"(?<!east )(?<!west )(?:the )?midlands(?! (?:east|west))": ("East Midlands", "West Midlands"),
    r"(?:the )?north(?: of england)?(?![- ](?:east|west|yorkshire|lincolnshire|somerset|tyneside|northamptonshire|norfolk))|northern(?! ireland)": (
        "North East", "North West", "Yorkshire and the Humber"),
    r"(?:the )?south(?: of england)?(?![- ](?:east|west|gloucestershire|tyneside|lakeland|somerset|cambridgeshire|holland|norfolk|kesteven))|southern": (
        "South East", "South West"),
}
# Written in capitals only, or they are ordinary words ("se", "ne", "nw" rarely are, but "SE" is clearer).
UPPER_ONLY: dict[str, str] = {"SE": "South East", "SW": "South West", "NW": "North West", "NE": "North East",
                              "EoE": "East of England", "YH": "Yorkshire and the Humber"}


_COUNCILS = re.compile(r"\b(?:councils?|boroughs?|authorities|authority|las|la|children'?s services)\b", re.I)


@lru_cache(maxsize=1)
def _patterns() -> list[tuple[str, re.Pattern[str]]]:
    return [(region, re.compile(rf"(?<![\w-])(?:{'|'.join(aliases)})(?![\w-])", re.IGNORECASE)) for region, aliases in ALIASES.items()]


def regions_in(text: str) -> list[str]:
    """The regions a question names, in the order of the table. Authority names must be removed first
    ("North East Lincolnshire", "East Riding of Yorkshire" and "West Berkshire" name authorities)."""
    # "the East and West Midlands": the shared word written once names both
    text = re.sub(r"\b(east|west)\s+(?:and|&)\s+(east|west)\s+(mid(?:land)?s)\b", r"\1 \3 and \2 \3", text, flags=re.IGNORECASE)
    found = [region for region, pattern in _patterns() if pattern.search(text)]
    for pattern, regions in GROUPS.items():  # only as a place ("councils in the north"), never a word of a name
        if not any(r in found for r in regions) and re.search(rf"(?<![\w-])(?:{pattern})(?![\w-])", text, re.IGNORECASE) \
                and (_COUNCILS.search(text) or re.search(rf"\b(?:in|across|of)\s+(?:the\s+)?(?:{pattern})", text, re.IGNORECASE)):
            found += [r for r in regions if r not in found]
    if "London" not in found and re.search(r"\bthe capital\b", text, re.I) and _COUNCILS.search(text):
        found.insert(0, "London")  # "councils in the capital", never "the capital of France"
    for word, region in UPPER_ONLY.items():
        if re.search(rf"(?<![\w-]){word}(?![\w-])", text) and region not in found:
            found.append(region)
    if "London" in found and re.search(r"(?<![\w-])(?:the\s+)?london\s+borough\s+of\s+\w", text, re.IGNORECASE):
        found.remove("London")  # "the London Borough of Hackney" names an authority
    return found
