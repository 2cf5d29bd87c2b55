"""English local authorities with children's services, and the short names people use for them."""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

AUTHORITIES = [
    "Barking and Dagenham", "Barnet", "Barnsley", "Bath and North East Somerset", "Bedford", "Bexley",
    "Birmingham", "Blackburn with Darwen", "Blackpool", "Bolton", "Bournemouth, Christchurch and Poole",
    "Bracknell Forest", "Bradford", "Brent", "Brighton and Hove", "Bristol", "Bromley", "Buckinghamshire",
    "Bury", "Calderdale", "Cambridgeshire", "Camden", "Central Bedfordshire", "Cheshire East",
    "Cheshire West and Chester", "City of London", "Cornwall", "Coventry", "Croydon", "Cumberland", "Darlington",
    "Derby", "Derbyshire", "Devon", "Doncaster", "Dorset", "Dudley", "Durham", "Ealing", "East Riding of Yorkshire",
    "East Sussex", "Enfield", "Essex", "Gateshead", "Gloucestershire", "Greenwich", "Hackney", "Halton",
    "Hammersmith and Fulham", "Hampshire", "Haringey", "Harrow", "Hartlepool", "Havering", "Herefordshire",
    "Hertfordshire", "Hillingdon", "Hounslow", "Isle of Wight", "Isles of Scilly", "Islington",
    "Kensington and Chelsea", "Kent", "Kingston upon Hull", "Kingston upon Thames", "Kirklees", "Knowsley",
    "Lambeth", "Lancashire", "Leeds", "Leicester", "Leicestershire", "Lewisham", "Lincolnshire", "Liverpool",
    "Luton", "Manchester", "Medway", "Merton", "Middlesbrough", "Milton Keynes", "Newcastle upon Tyne", "Newham",
    "Norfolk", "North East Lincolnshire", "North Lincolnshire", "North Northamptonshire", "North Somerset",
    "North Tyneside", "North Yorkshire", "Northumberland", "Nottingham", "Nottinghamshire", "Oldham",
    "Oxfordshire", "Peterborough", "Plymouth", "Portsmouth", "Reading", "Redbridge", "Redcar and Cleveland",
    "Richmond upon Thames", "Rochdale", "Rotherham", "Rutland", "Salford", "Sandwell", "Sefton", "Sheffield",
    "Shropshire", "Slough", "Solihull", "Somerset", "South Gloucestershire", "South Tyneside", "Southampton",
    "Southend-on-Sea", "Southwark", "St Helens", "Staffordshire", "Stockport", "Stockton-on-Tees",
    "Stoke-on-Trent", "Suffolk", "Sunderland", "Surrey", "Sutton", "Swindon", "Tameside", "Telford and Wrekin",
    "Thurrock", "Torbay", "Tower Hamlets", "Trafford", "Wakefield", "Walsall", "Waltham Forest", "Wandsworth",
    "Warrington", "Warwickshire", "West Berkshire", "West Northamptonshire", "Westminster", "Westmorland and Furness",
    "Wigan", "Wiltshire", "Windsor and Maidenhead", "Wirral", "Wokingham", "Wolverhampton", "Worcestershire", "York",
]

ALIASES = {
    "Bucks": "Buckinghamshire", "Hull": "Kingston upon Hull", "Brighton": "Brighton and Hove",
    "Southend": "Southend-on-Sea", "Stockton": "Stockton-on-Tees", "Stoke": "Stoke-on-Trent",
    "Cheshire West": "Cheshire West and Chester", "East Riding": "East Riding of Yorkshire",
    "City of York": "York", "Newcastle": "Newcastle upon Tyne", "County Durham": "Durham",
    "BCP": "Bournemouth, Christchurch and Poole", "Herts": "Hertfordshire", "Leics": "Leicestershire",
    "Cambs": "Cambridgeshire", "Oxon": "Oxfordshire", "Wilts": "Wiltshire", "Glos": "Gloucestershire",
    "Northants": "North Northamptonshire", "Bath": "Bath and North East Somerset",
    "Kingston": "Kingston upon Thames", "Richmond": "Richmond upon Thames", "Telford": "Telford and Wrekin",
    "Windsor": "Windsor and Maidenhead", "Redcar": "Redcar and Cleveland", "Blackburn": "Blackburn with Darwen",
    "Hammersmith": "Hammersmith and Fulham", "Kensington": "Kensington and Chelsea",
    "Barking": "Barking and Dagenham", "Buckingham": "Buckinghamshire",
}

# Names that are also ordinary words or places inside other authorities: only count them in a clear context.
_AMBIGUOUS = {"Reading", "Bath", "Kingston", "Richmond", "Windsor", "Sutton", "Bury", "Brent", "Kent", "Durham", "York",
              "Derby", "Poole", "Telford", "Stoke", "Newcastle", "Hull", "Barking", "Buckingham"}


def canonical(name: str) -> str | None:
    """The authority a name or alias refers to, case-insensitively, or None."""
    lowered = name.strip().lower()
    for full in AUTHORITIES:
        if full.lower() == lowered:
            return full
    for alias, full in ALIASES.items():
        if alias.lower() == lowered:
            return full
    return None


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern[str]:
    names = sorted(set(AUTHORITIES) | set(ALIASES), key=len, reverse=True)
    return re.compile(r"(?<![\w-])(" + "|".join(re.escape(n) for n in names) + r")(?:’s|'s)?(?![\w-])")


def mentions(text: str) -> Counter[str]:
    """How often each authority is named. Ambiguous short names count only beside council words."""
    counts: Counter[str] = Counter()
    for m in _pattern().finditer(text):
        name = m.group(1)
        if name in _AMBIGUOUS:
            window = text[max(0, m.start() - 40): m.end() + 40].lower()
            if not re.search(r"council|children|borough|authority|ofsted|inspection|social care|services", window):
                continue
        counts[canonical(name) or name] += 1
    return counts


def find_in_question(text: str) -> tuple[list[str], list[str]]:
    """Authorities named in a user's words, in order, and the words used for them. No context rule:
    users are terse ("Bucks in 2016")."""
    found, words = [], []
    for m in re.finditer(_pattern().pattern, text, flags=re.IGNORECASE):
        full = canonical(m.group(1))
        if full:
            words.append(m.group(1))
            if full not in found:
                found.append(full)
    return found, words
