"""English local authorities with children's services: canonical names, codes, regions, statistical
neighbours and the other names people and reports use. One table, shipped as CSV in the package."""

from __future__ import annotations

import csv
import re
from collections import Counter
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

DATA = Path(__file__).with_name("data") / "local_authorities.csv"

# Names that are also ordinary words or places inside other authorities: in documents they count only
# beside council words. Users are terse, so questions take them as they are.
AMBIGUOUS = frozenset({"Reading", "Bath", "Kingston", "Richmond", "Windsor", "Sutton", "Bury", "Brent", "Kent", "Durham",
                       "York", "Derby", "Poole", "Telford", "Stoke", "Newcastle", "Hull", "Barking", "Bedford", "Halton",
                       "Stockton", "Southend", "Brighton", "Blackburn", "Redcar", "Wigan", "Bolton", "Scilly"})
_AMBIGUOUS_LOWER = frozenset(n.lower() for n in AMBIGUOUS)
_TWO_DIRECTIONS = re.compile(r"\b(north|south|east|west)\s+(?:and|&|or|vs\.?|versus|v\.?|against|compared (?:with|to)|with)\s+(north|south|east|west)\s+([a-z]+(?:shire)?)\b",
                             re.IGNORECASE)
_ORDINARY_WORDS = frozenset({"reading", "bury", "bath", "hull", "stoke", "barking", "kent", "derby", "poole"})
# "derby's", "kent cc", "bury council", "reading children's services": an ordinary word used as a council's name.
_NAMED_HERE = re.compile(r"^\w+(?:'s|’s|\s+(?:cc|mbc|bc|council|county|city|borough|la|local authority|children'?s services|childrens services|csc"
                         r"|(?:last |first |most recently )?(?:inspected|rated|judged|graded)|vs|versus|against|compared?))\b", re.I)
_NAMED_BEFORE = re.compile(r"\b(?:in|for|of|at|rate[ds]?|inspect(?:ed)?|compare|versus|vs)\s+$", re.I)
# The ordinary word's own use: a verb, gerund or noun with its usual neighbours ("reading the report", "to bury",
# "a bath", "the dog barking"). Anywhere else in a question about inspections, the word is the council.
_ORDINARY_AFTER = re.compile(r"^\w+\s+(?:the|a|an|this|that|these|those|my|your|our|his|her|its|their|it|them|him|me|us|through|about"
                             r"|over|into|up|material|list|glasses|room|water|time)\b", re.I)
_ORDINARY_BEFORE = re.compile(r"\b(?:to|i|we|you|they|am|be|been|being|keep|kept|start|started|stop|stopped|when|while|by|a|an"
                              r"|the|hot|dog|dogs|mad|am i|are you)\s+$", re.I)
# Counties' short forms, used in names that are not the county's own ("N Yorks", "W Berks", "S Glos").
COUNTY_SHORT = {"Yorkshire": "Yorks", "Berkshire": "Berks", "Gloucestershire": "Glos", "Lincolnshire": "Lincs",
                "Northamptonshire": "Northants", "Somerset": "Som", "Sussex": "Sx"}
FUZZY_CUTOFF = 90  # "Middlesborough", "Northumberlnd" and "Buckinhamshire" pass; "survey" (Surrey, 83) does not
_COUNCIL_CONTEXT = re.compile(r"council|children|borough|authority|ofsted|inspection|social care|services|county|city", re.I)


@dataclass(frozen=True)
class Authority:
    name: str
    ons_code: str
    dfe_code: str
    urn: str
    region: str
    la_type: str
    aliases: tuple[str, ...]
    successors: tuple[str, ...]  # a former authority's successors ("Northamptonshire" -> North and West)
    neighbours: tuple[str, ...]  # ONS codes of its ten statistical neighbours

    @property
    def former(self) -> bool:
        return bool(self.successors)


class Gazetteer:
    def __init__(self, authorities: list[Authority]):
        self.authorities = sorted(authorities, key=lambda a: a.name)
        self._by_name = {a.name: a for a in self.authorities}
        self._by_code = {a.ons_code: a for a in self.authorities}
        self._lookup: dict[str, str] = {}
        for a in self.authorities:
            for label in (a.name, *a.aliases):
                self._lookup.setdefault(label.lower(), a.name)
        # "North Northants", "West Northants": a part of a county takes the county's short name too.
        # Directions are shortened too: "NE Lincs", "N Yorks", "W Berks", "S Glos".
        for a in self.authorities:
            m = re.match(r"^((?:North|South|East|West)(?: (?:East|West))?|Central|Mid)\s+(.+)$", a.name)
            if not m:
                continue
            county = self._by_name.get(m[2])
            rests = [m[2], *(county.aliases if county else ())]
            rests += [m[2].replace(word, short) for word, short in COUNTY_SHORT.items() if word in m[2]]
            short = "".join(w[0] for w in m[1].split()) if m[1] not in ("Central", "Mid") else m[1]
            for direction in dict.fromkeys((m[1], short)):
                for rest in rests:
                    self._lookup.setdefault(f"{direction} {rest}".lower(), a.name)

    @cached_property
    def initialisms(self) -> dict[str, str]:
        """Council staff's initialisms, made from each name: "RBKC", "K&C", "LBBD", "B&NES", "H&F", "RBWM".
        Only those that name one authority; matched in capitals only ("KC" is not "kc")."""
        made: dict[str, set[str]] = {}
        for a in self.authorities:
            words = [w for w in re.findall(r"[A-Za-z]+", a.name) if w.lower() not in ("and", "of", "upon", "on", "the", "in")]
            initials = "".join(w[0].upper() for w in words)
            forms = {initials, "RB" + initials, "LB" + initials} if len(words) > 1 else set()
            if " and " in a.name:
                left, right = a.name.split(" and ", 1)
                forms.add("".join(w[0] for w in left.split()).upper() + "&" + "".join(w[0] for w in right.split()).upper())
            for form in forms:
                if len(form.replace("&", "")) >= 2:
                    made.setdefault(form, set()).add(a.name)
        return {form: next(iter(names)) for form, names in made.items() if len(names) == 1 and form.lower() not in self._lookup}

    def _initialisms_in(self, text: str) -> list[str]:
        found = []
        # two capitals name a council only beside a council's words ("MK children's services", "MK's grade")
        pairs = r"|\b[A-Z]{2}\b(?=(?:'s|’s)?\s+(?:council|cc|children|childrens|children's|children’s|csc|la|services|social care|ofsted|inspection|report|grades?|rating))"
        for token in re.findall(r"(?<![\w&])[A-Z]{1,4}&[A-Z]{1,4}(?![\w&])|\b[A-Z]{3,6}\b" + pairs, text):
            name = self.initialisms.get(token)
            if name and name not in found:
                found.append(name)
        return found

    @classmethod
    def load(cls, path: Path = DATA) -> "Gazetteer":
        with path.open(newline="", encoding="utf-8") as fh:
            rows = list(csv.DictReader(fh))
        split = lambda v: tuple(x for x in v.split(";") if x)  # noqa: E731
        return cls([Authority(r["name"], r["ons_code"], r["dfe_code"], r["urn"], r["region"], r["la_type"],
                              split(r["aliases"]), split(r["successors"]), split(r["stat_neighbours"])) for r in rows])

    @property
    def names(self) -> list[str]:
        return [a.name for a in self.authorities]

    @cached_property
    def regions(self) -> list[str]:
        return sorted({a.region for a in self.authorities})

    def canonical(self, name: str) -> str | None:
        """The authority a name or alias refers to, case-insensitively, or None."""
        key = " ".join(name.replace("’", "'").split()).lower().removesuffix("'s")
        return self._lookup.get(key) or self._lookup.get(self._unhyphenated.get(key.replace("-", " "), ""))

    @cached_property
    def _unhyphenated(self) -> dict[str, str]:
        return {k.replace("-", " "): k for k in self._lookup}

    def get(self, name: str) -> Authority | None:
        full = self.canonical(name)
        return self._by_name.get(full) if full else None

    def by_code(self, ons_code: str) -> Authority | None:
        return self._by_code.get(ons_code)

    def neighbours(self, name: str) -> list[str]:
        a = self.get(name)
        return [self._by_code[c].name for c in a.neighbours if c in self._by_code] if a else []

    def region_of(self, name: str) -> str:
        a = self.get(name)
        return a.region if a else ""

    @cached_property
    def pattern(self) -> re.Pattern[str]:
        labels = sorted({a.name for a in self.authorities} | {x for a in self.authorities for x in a.aliases}
                        | {k for k in self._lookup if " " in k}, key=len, reverse=True)
        alternatives = "|".join(re.escape(n).replace(r"\ ", r"[\s-]+").replace(r"\-", r"[\s-]+") for n in labels)  # "stockton on tees"
        return re.compile(r"(?<![\w-])(" + alternatives + r")(?:’s|'s)?(?![\w-])", re.IGNORECASE)

    def mentions(self, text: str) -> Counter[str]:
        """How often each authority is named in a document: proper nouns only, ambiguous short names
        only beside council words."""
        counts: Counter[str] = Counter()
        for m in self.pattern.finditer(text):
            word = m.group(1)
            if not word[:1].isupper():
                continue
            if word.lower() in _AMBIGUOUS_LOWER and not _COUNCIL_CONTEXT.search(text[max(0, m.start() - 40): m.end() + 40]):
                continue
            counts[self.canonical(word)] += 1
        return counts

    def find_in_question(self, text: str) -> tuple[list[str], list[str]]:
        """Authorities named in a user's words, in order, and the words used for them. "North and West
        Northamptonshire" names two: the shared word is written once."""
        found, words = [], []
        for m in _TWO_DIRECTIONS.finditer(text):
            both = [self.canonical(f"{direction} {m[3]}") for direction in (m[1], m[2])]
            if all(both):  # "East and West Midlands" are regions, not two councils
                found += [full for full in both if full not in found]
                words.append(m.group(0))
        for m in self.pattern.finditer(text):
            full = self.canonical(m.group(1))
            after, before = text[m.start():m.end() + 30], text[max(0, m.start() - 25):m.start()]
            if not full or (m.group(1) in _ORDINARY_WORDS and not _NAMED_HERE.search(after) and not _NAMED_BEFORE.search(before)
                            and (_ORDINARY_AFTER.search(after) or _ORDINARY_BEFORE.search(before))):
                continue  # "reading the report", "to bury": lower-case ordinary words in their own use are not names
            words.append(m.group(0))
            if full not in found:
                found.append(full)
        if not found:
            found = self._initialisms_in(text)
            words = list(found)
        return (found, words) if found else self._misspelt(text)

    def _misspelt(self, text: str) -> tuple[list[str], list[str]]:
        """"Wiral", "Northumberlnd": the closest name of one to four words, only when it is very close."""
        from rapidfuzz import fuzz, process
        from rapidfuzz.distance import DamerauLevenshtein

        tokens = [re.sub(r"['’]s?$", "", t) for t in re.findall(r"[A-Za-z][A-Za-z'’-]+", text)]  # "Westminister's"
        # Spelling is repaired against whole names only: "n yorkshire" would make "Yorkshire" a council.
        labels = {label.lower(): self._lookup[label.lower()] for label in self._lookup
                  if len(label) >= 6 and not re.match(r"^(?:n|s|e|w|ne|nw|se|sw) ", label)}
        best: tuple[float, str, str] | None = None
        for n in (4, 3, 2, 1):
            for i in range(len(tokens) - n + 1):
                words = " ".join(tokens[i:i + n])
                if len(words) < 6 or words.lower() in _ORDINARY_WORDS:
                    continue
                hit = process.extractOne(words.lower(), labels.keys(), scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF)
                if hit is None and len(words) >= 7:  # one swapped pair of letters in a long name: "Sheffeild", "Enfeild"
                    near = process.extractOne(words.lower(), labels.keys(), scorer=DamerauLevenshtein.distance, score_cutoff=1)
                    hit = (near[0], FUZZY_CUTOFF, near[2]) if near else None
                if hit and (best is None or hit[1] > best[0]):
                    best = (hit[1], labels[hit[0]], words)
        return ([best[1]], [best[2]]) if best else ([], [])


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    return Gazetteer.load()
