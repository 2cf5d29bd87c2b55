"""Metadata for a document: curated from the catalog where it has an entry, inferred from the text otherwise.

Inference covers every Ofsted report format since 2014: the single inspection framework (SIF,
2014-2017: "Inspection date: 3 June – 25 June 2014", grades in a numbered list) and ILACS
(2018 on: "Inspection dates: ...", "Lead inspector: ...", a Judgement/Grade table), plus
monitoring-visit letters, council statements and press reports.
"""

from __future__ import annotations

import json
import re
from dataclasses import fields
from datetime import date
from pathlib import Path

from dateutil import parser as dateparser
from dateutil.relativedelta import relativedelta

from .domain import grades as grade_words
from .domain.gazetteer import gazetteer
from .domain.judgements import ILACS_LABELS, OLDER_OVERALL, SIF_LABELS
from .types import DocumentMetadata, ExtractedText

KINDS = ("ofsted_report", "ofsted_letter", "council_statement", "news", "other")
CATALOG_FIELDS = {f.name for f in fields(DocumentMetadata)} - {"inferred", "origin"}

_MONTHS = "january|february|march|april|may|june|july|august|september|october|november|december"
_MON = rf"(?:{_MONTHS}|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)"
_DASH = r"(?:to|until|and|–|—|-)"
# "3 June – 25 June 2014", "27 January to 7 February 2025", "11 to 15 September 2023", "6 November 2017 to 30 November 2017"
_DMY_RANGE = re.compile(
    rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s*(?:({_MON})\.?\s*(\d{{4}})?)?\s*{_DASH}\s*(\d{{1,2}})(?:st|nd|rd|th)?\s+({_MON})\.?,?\s+(\d{{4}})",
    re.IGNORECASE,
)
# "November 30 and December 1", "November 30 and December 1, 2016"
_MDY_RANGE = re.compile(
    rf"\b({_MON})\s+(\d{{1,2}})(?:st|nd|rd|th)?\s*{_DASH}\s*(?:({_MON})\s+)?(\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(\d{{4}}))?",
    re.IGNORECASE,
)
_DMY = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+({_MON})\.?,?\s+(\d{{4}})\b", re.IGNORECASE)
_MONTH_YEAR = re.compile(rf"\b({_MON})\s+(\d{{4}})\b", re.IGNORECASE)
_GRADE = grade_words.PATTERN

def _date(day: str | int, month: str, year: str | int) -> date | None:
    try:
        return dateparser.parse(f"{int(day)} {month} {int(year)}", dayfirst=True).date()
    except (ValueError, OverflowError):
        return None


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


# --- dates ----------------------------------------------------------------------------------------

def parse_date_range(text: str, reference: date | None = None) -> tuple[date, date] | None:
    """The first date range in `text`; a year left out is taken from `reference` (a visit precedes its report)."""
    m = re.search(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\s*(?:to|-|–|until)\s*(\d{1,2})/(\d{1,2})/(\d{4})\b", text)
    if m:  # "Inspection date: 12/09/2016 to 06/10/2016" (some SIF reports): day first, as England writes it
        try:
            start, end = date(int(m[3]), int(m[2]), int(m[1])), date(int(m[6]), int(m[5]), int(m[4]))
        except ValueError:
            start = end = None
        if start and end and start <= end and (end - start).days < 120:
            return start, end
    m = _DMY_RANGE.search(text)
    if m:
        d1, m1, y1, d2, m2, y2 = m.groups()
        end = _date(d2, m2, y2)
        start = _date(d1, m1 or m2, y1 or y2)
        if start and end:
            if start > end and not y1:
                start = start - relativedelta(years=1)  # "30 December to 2 January 2017"
            if start <= end and (end - start).days < 120:
                return start, end
    m = _MDY_RANGE.search(text)
    if m:
        m1, d1, m2, d2, year = m.groups()
        if year is None and reference is None:
            return None
        y = int(year) if year else reference.year
        start, end = _date(d1, m1, y), _date(d2, m2 or m1, y)
        if start and end:
            if end < start:
                start = start - relativedelta(years=1)
            if not year and reference and end > reference:
                start, end = start - relativedelta(years=1), end - relativedelta(years=1)
            if (end - start).days < 120:
                return start, end
    return None


def _first_date(text: str) -> date | None:
    m = _DMY.search(text)
    return _date(*m.groups()) if m else None


def infer_inspection_dates(text: str, published: date | None) -> tuple[date, date] | None:
    flat = _flat(text)
    # Reports: "Inspection date(s): ..."
    m = re.search(r"inspection dates?\s*:?\s*(.{0,80})", flat, re.IGNORECASE)
    if m:
        found = parse_date_range(m.group(1), published)
        if found:
            # "30 September to 11 October 2024 and 13 to 16 January 2025": a paused inspection ends on its last day
            later = re.search(r"\band\s+((?:\d{1,2}\s*(?:to|-|–)\s*)?\d{1,2}\s+\w+\s+\d{4})", m.group(1))
            last = (parse_date_range(later.group(1), published) or (_first_date(later.group(1)),) * 2) if later else None
            if last and last[1] and found[1] < last[1] and (last[1] - found[0]).days < 240:
                return found[0], last[1]
            return found
        single = _first_date(m.group(1))
        if single:
            return single, single
    # Letters and news: "visit ... on 30 November and 1 December 2016", "carried out on November 30 and December 1"
    for cue in re.finditer(r"\b(visit|visited|inspection|inspected|carried out|took place|inspectors?)\b", flat, re.IGNORECASE):
        window = flat[cue.start(): cue.start() + 160]
        found = parse_date_range(window, published)
        if found:
            return found
        m = re.search(rf"\bon\s+(\d{{1,2}}\s+{_MON}\s+\d{{4}})", window, re.IGNORECASE)
        if m:
            single = _first_date(m.group(1))
            if single:
                return single, single
    # "following their latest visit in November": a month, with the year from the publication date
    m = re.search(rf"\b(?:visit|inspection|inspected)\b[^.]{{0,40}}?\bin\s+({_MON})(?:\s+(\d{{4}}))?\b", flat, re.IGNORECASE)
    if m and (m.group(2) or published):
        year = int(m.group(2)) if m.group(2) else published.year
        start = _date(1, m.group(1), year)
        if start and not m.group(2) and published and start > published:
            start = start - relativedelta(years=1)
        if start:
            return start, start + relativedelta(months=1, days=-1)
    return None


def infer_published(text: str, path: Path, extracted: ExtractedText) -> date | None:
    flat = _flat(text[:4000])
    m = re.search(r"(?:report )?published:?\s*(?:on\s+)?(\d{1,2}\s+\w+\s+\d{4})", flat, re.IGNORECASE)
    if m and _first_date(m.group(1)):
        return _first_date(m.group(1))
    # Ofsted names its downloads by publication date: "children's services inspection - 11 february 2022.pdf"
    from_name = _first_date(path.stem.replace("_", " "))
    iso = re.search(r"(?<!\d)(20\d\d)-(\d\d)-(\d\d)(?!\d)", path.stem)
    if from_name or iso:
        try:
            return from_name or date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
        except ValueError:
            pass
    # A letter's date line near the top: "10 January 2017"
    for line in text[:1500].split("\n"):
        line = line.strip()
        if _DMY.fullmatch(line):
            return _first_date(line)
    if extracted.file_created:
        return date.fromisoformat(extracted.file_created)
    return None


# --- people and grades ----------------------------------------------------------------------------

def _clean_name(raw: str) -> str | None:
    name = re.split(r",|\s+(?:HMI|SHMI|Her Majesty|His Majesty|Ofsted|Social Care Regulatory)\b", raw.strip())[0]
    name = re.sub(r"\s+", " ", name).strip(" .;:")
    words = name.split()
    if not 2 <= len(words) <= 4 or not all(w[0].isupper() for w in words):
        return None
    return name


def infer_lead_inspector(text: str) -> str | None:
    """The lead inspector; joint leads ("Lead inspectors: A, His Majesty's Inspector, and B, ...") as "A and B"."""
    m = re.search(r"(?<!deputy )lead inspectors\s*:?\s+([^\n]{3,160})", text, re.IGNORECASE)
    if m:
        names = [_clean_name(p) for p in re.split(r",?\s+and\s+|;", m.group(1))]
        names = [n for n in names if n]
        if names:
            return " and ".join(names)
    # "Lead inspector: X", "Lead inspector on site: X" (SIF), "Reporting inspector X HMI" (2013 looked-after children)
    m = re.search(r"(?<!deputy )(?:lead|reporting) inspector(?: on site)?\s*:?\s+([^\n]{3,80})", text, re.IGNORECASE)
    if m:
        name = _clean_name(m.group(1))
        if name:
            return name
    m = re.search(r"the inspectors were ([^.]{3,120})", _flat(text), re.IGNORECASE)
    if m:
        return _clean_name(re.split(r"\s+and\s+", m.group(1))[0])
    return None


def _grade(raw: str) -> str:
    raw = raw.lower()
    raw = " ".join(raw.split())
    return grade_words.normalise(raw) if raw.startswith("require ") else raw  # "require improvement": one grade


def infer_grades(text: str) -> dict[str, str]:
    head = _flat(text[:6000]).lower()
    grades: dict[str, str] = {}
    if "judgement grade" in head or "overall effectiveness" in head and "inspection dates" in head:
        for key, label in ILACS_LABELS:
            m = re.search(rf"{label}:?\s+{_GRADE}\b", head)
            if m:
                grades[key] = _grade(m.group(1))
    if "overall_effectiveness" not in grades:
        m = re.search(rf"the overall judgement is(?: that)? children’?'?s? services? (?:are |is )?{_GRADE}", head) or re.search(
            rf"the overall judgement is {_GRADE}", head
        ) or re.search(rf"children[’']?s services in [a-z ,-]+? (?:are|is) {_GRADE}\b(?! to)", head)  # either apostrophe
        if m:
            grades["overall_effectiveness"] = _grade(m.group(1))
        elif re.search(r"children[’']?s services in [a-z ,-]+? requires? improvement", head):
            grades["overall_effectiveness"] = grade_words.REQUIRES_IMPROVEMENT
        for key, label in SIF_LABELS:
            m = re.search(rf"\d(?:\.\d)?\.? {label}:? {_GRADE}\b", head)
            if m and key not in grades:
                grades[key] = _grade(m.group(1))
        m = re.search(rf"effectiveness of the local safeguarding children board \(lscb\) is {_GRADE}", head)
        if m:
            grades["lscb"] = _grade(m.group(1))
    if "overall_effectiveness" not in grades:
        older = _flat(text[:20000]).lower()  # the older reports state it after their contents and scale
        for key, label in OLDER_OVERALL:
            m = re.search(rf"{label}\s+grade [1-4] \({_GRADE}\)", older)
            if m:
                grades[key] = _grade(m.group(1))
                break
    return grades


# --- kind, authority, publisher, title ------------------------------------------------------------

def infer_kind(text: str) -> str:
    head = _flat(text[:5000]).lower()
    ofsted_voice = "ofsted.gov.uk" in head or re.search(r"(her|his) majesty[’']s inspector", _flat(text).lower())
    if re.search(r"\binspection dates?:", head) and ("lead inspector" in _flat(text).lower() or "judgement" in head):
        return "ofsted_report"
    if re.search(r"^dear \w+", text[:3000], re.IGNORECASE | re.MULTILINE) and ofsted_voice:
        return "ofsted_letter"
    said = len(re.findall(r"\b(said|says|according to|told)\b", head))
    council_voice = len(re.findall(r"\b(we|our|us)\b", head))
    if (
        re.search(r"^(category|publication of|press release|statement)\b", text[:400].lower(), re.MULTILINE)
        or re.search(r"here is a (short )?summary", head)
        or (re.search(r"\bcouncil\b", head) and council_voice > said + 3)
    ):
        return "council_statement"
    if said >= 2 or re.search(r"\b(reporter|journalist|comments are closed|subscribe)\b", head):
        return "news"
    return "other"


def infer_local_authorities(text: str, kind: str) -> list[str]:
    counts = gazetteer().mentions(text)
    if not counts:
        return []
    if kind in ("ofsted_report", "ofsted_letter"):
        # A report or letter is about one authority: the one its opening names, else the most named.
        opening = gazetteer().mentions(text[:600])
        subject = opening.most_common(1)[0][0] if opening else counts.most_common(1)[0][0]
        return [subject]
    return [name for name, _ in counts.most_common()]


def infer_publisher(text: str, kind: str, local_authorities: list[str]) -> str | None:
    if kind in ("ofsted_report", "ofsted_letter"):
        return "Ofsted"
    if kind == "council_statement" and local_authorities:
        return f"{local_authorities[0]} Council"
    m = re.search(r"^More from ([\w .&'’-]{2,40})$", text, re.MULTILINE)
    return m.group(1).strip() if m else None


def infer_title(text: str, extracted: ExtractedText, path: Path, meta: DocumentMetadata) -> str:
    if meta.kind == "ofsted_report" and meta.local_authorities:
        when = f", {date.fromisoformat(meta.published):%B %Y}" if meta.published else ""
        return f"{meta.local_authorities[0]}: Ofsted inspection of children's services{when}"
    if meta.kind == "ofsted_letter" and meta.local_authorities:
        m = re.search(r"^((?:monitoring|focused|joint targeted area) (?:visit|inspection)[^\n]{0,80})$", text, re.IGNORECASE | re.MULTILINE)
        label = m.group(1) if m else "Ofsted letter"
        when = f", {date.fromisoformat(meta.published):%d %B %Y}" if meta.published else ""
        return f"{label[0].upper()}{label[1:]}{when}"
    title = (extracted.title or "").strip()
    if title and not re.search(r"draft|template|LA NAME|untitled|^microsoft", title, re.IGNORECASE):
        return title
    for block in text.split("\n\n")[:5]:
        block = block.strip()
        if 10 <= len(block) <= 150 and not block.endswith("."):
            return block
    return path.stem.replace("_", " ")


def infer(text: str, extracted: ExtractedText, path: Path) -> DocumentMetadata:
    """Every field from the text alone."""
    meta = DocumentMetadata()
    meta.kind = infer_kind(text)
    published = infer_published(text, path, extracted)
    meta.published = published.isoformat() if published else None
    dates = infer_inspection_dates(text, published)
    if dates:
        meta.inspection_start, meta.inspection_end = dates[0].isoformat(), dates[1].isoformat()
        if dates[0].day == 1 and dates[1] == dates[0] + relativedelta(months=1, days=-1):
            meta.precision["inspection"] = "month"
    meta.local_authorities = infer_local_authorities(text, meta.kind)
    meta.publisher = infer_publisher(text, meta.kind, meta.local_authorities)
    if meta.kind == "ofsted_report":
        meta.grades = infer_grades(text)
    if meta.kind in ("ofsted_report", "ofsted_letter"):
        meta.lead_inspector = infer_lead_inspector(text)
    meta.title = infer_title(text, extracted, path, meta)
    return meta


# --- catalog --------------------------------------------------------------------------------------

class CatalogError(Exception):
    pass


def load_catalog(path: Path) -> dict[str, dict]:
    """Curated metadata keyed by file name relative to the documents folder."""
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise CatalogError(f"{path.name}: not valid JSON ({exc})") from exc
    entries = data.get("documents", {})
    for name, entry in entries.items():
        unknown = set(entry) - CATALOG_FIELDS
        if unknown:
            raise CatalogError(f"{path.name}: entry '{name}' has unknown fields {sorted(unknown)}")
        if entry.get("kind", "other") not in KINDS:
            raise CatalogError(f"{path.name}: entry '{name}' has unknown kind '{entry['kind']}'")
    return entries


def build_metadata(text: str, extracted: ExtractedText, path: Path, catalog_entry: dict | None) -> DocumentMetadata:
    """Catalog fields win; every field the catalog leaves out is inferred and recorded as such."""
    inferred = infer(text, extracted, path)
    entry = catalog_entry or {}
    meta = DocumentMetadata(**{k: v for k, v in entry.items()})
    for name in ("title", "kind", "publisher", "published", "inspection_start", "inspection_end",
                 "local_authorities", "grades", "lead_inspector"):
        if name in entry:
            continue
        value = getattr(inferred, name)
        setattr(meta, name, value)
        if value:
            meta.inferred.append(name)
    if "inspection_start" not in entry and "inspection" in inferred.precision:
        meta.precision.setdefault("inspection", "month")
    if "title" not in entry and ("kind" in entry or "local_authorities" in entry or "published" in entry):
        meta.title = infer_title(text, extracted, path, meta)  # curated facts make a better title
    return meta
