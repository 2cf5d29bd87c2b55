"""Selecting inspection records: by authority, region, kind of visit, grade, inspector and year, and
"currently" as each authority's latest full inspection. Exports as CSV or JSON."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field

from ..domain import visits
from ..domain.gazetteer import gazetteer
from ..types import Document
from .model import COLUMNS, InspectionRecord


@dataclass
class RecordFilter:
    authorities: list[str] = field(default_factory=list)
    regions: list[str] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)  # visit kinds; empty means any
    grades: list[str] = field(default_factory=list)  # of `judgement`
    judgement: str = "overall"
    inspector: str | None = None
    years: list[int] = field(default_factory=list)
    month: int | None = None  # with one year: that month only
    latest: bool = False  # each authority's latest full inspection that graded `judgement` only
    doc_ids: list[str] = field(default_factory=list)
    # what a year means: "inspected" (inspected or published then), "fieldwork" (inspected then) or "published"
    basis: str = "inspected"
    ungraded: bool = False  # only inspections that graded judgements but gave no overall grade (2026 framework)
    span: tuple[str, str] | None = None  # first and last ISO day: dated within it (on `basis`)
    span_label: str = ""
    newest: bool = False  # only the most recent report (published, on that basis; else inspected)
    extreme: str = ""  # "highest" / "lowest": only the best- / worst-graded for `judgement`
    overall_grades: list[str] = field(default_factory=list)  # beside a judgement's grade, the overall grade too
    every: bool = False  # every judgement the inspection graded is one of `grades`
    fieldwork_years: list[int] = field(default_factory=list)  # beside published `years`: inspected in these years


REFORM_BEGAN = "2026-01-01"  # Ofsted's reformed framework (judgements graded, no overall grade): no report before it


def reformed(r: InspectionRecord) -> bool:
    """An inspection under the 2026 framework: judgements graded, no overall grade. An older report whose
    overall grade was not read is not one."""
    return r.is_full_inspection and bool(r.grades) and not r.grades.get("overall") and (r.inspection_start or r.date or "") >= REFORM_BEGAN


def records_of(documents: list[Document]) -> list[InspectionRecord]:
    """Every record; an upload's only where the library has no record of that authority's same visit
    (an unchecked file never stands in for Ofsted's own report)."""
    own = [d.record for d in documents if d.record is not None and d.metadata.origin != "upload"]
    uploads = [d.record for d in documents if d.record is not None and d.metadata.origin == "upload"]
    kept = own + [u for u in uploads if not any(r.local_authority == u.local_authority and _near(r.date, u.date) for r in own)]
    return sorted(kept, key=lambda r: (r.local_authority, r.date))


def _near(a: str, b: str, days: int = 120) -> bool:
    from datetime import date

    if not a or not b:
        return a == b
    return abs((date.fromisoformat(a) - date.fromisoformat(b)).days) <= days


def record_year(r: InspectionRecord) -> set[int]:
    return {int(v[:4]) for v in (r.inspection_start, r.inspection_end, r.published) if v}


def latest_per_authority(records: list[InspectionRecord], judgement: str = "overall") -> list[InspectionRecord]:
    """Each authority's most recent full inspection that graded `judgement`: what its current grade for it
    is. Under the 2026 framework a report grades each judgement and gives no overall grade, so its
    judgements are current while the overall grade shown stays the earlier report's (see `ungraded_since`)."""
    latest: dict[str, InspectionRecord] = {}
    for r in sorted(records, key=lambda r: r.date):
        if r.is_full_inspection and r.grades.get(judgement):
            latest[r.local_authority] = r
    return sorted(latest.values(), key=lambda r: r.local_authority)


def latest_inspections(records: list[InspectionRecord]) -> dict[str, InspectionRecord]:
    """Each authority's most recent graded full inspection, whatever it graded."""
    latest: dict[str, InspectionRecord] = {}
    for r in sorted(records, key=lambda r: r.date):
        if r.is_full_inspection and r.grades:
            latest[r.local_authority] = r
    return latest


def current(records: list[InspectionRecord], judgement: str | None = None) -> list[InspectionRecord]:
    """What each authority is currently rated for a judgement: for a judgement below overall, its latest
    inspection that graded it; for overall (or none), its latest graded inspection, so an authority whose
    latest report gives no overall grade (the 2026 framework) is not listed under its older grade."""
    if judgement and judgement != "overall":
        return latest_per_authority(records, judgement)
    return sorted(latest_inspections(records).values(), key=lambda r: r.local_authority)


def ungraded_since(records: list[InspectionRecord], judgement: str = "overall") -> dict[str, tuple[InspectionRecord, InspectionRecord]]:
    """Authorities whose latest graded inspection gave no grade for `judgement` (the 2026 framework's reports
    give no overall grade) though an earlier one did: authority -> (latest inspection, the one whose grade stands)."""
    newest = latest_inspections(records)
    graded = {r.local_authority: r for r in latest_per_authority(records, judgement)}
    return {a: (r, graded[a]) for a, r in newest.items() if a in graded and graded[a].doc_id != r.doc_id
            and (judgement != "overall" or reformed(r))}


def published_year(r: InspectionRecord) -> int | None:
    return int(r.published[:4]) if r.published else None


def same_inspector(a: str | None, b: str | None) -> bool:
    if not a or not b:
        return False
    norm = lambda s: " ".join(s.lower().replace(".", "").split())  # noqa: E731
    # joint leads ("Rebecca Quested and Matthew Reed"): either of them led it
    return bool({norm(x) for x in a.split(" and ")} & {norm(x) for x in b.split(" and ")})


def select(records: list[InspectionRecord], f: RecordFilter) -> list[InspectionRecord]:
    chosen = records
    if f.doc_ids:
        chosen = [r for r in chosen if r.doc_id in f.doc_ids]
    if f.years and f.basis == "published":
        chosen = [r for r in chosen if published_year(r) in f.years]
        if f.month and len(f.years) == 1:
            chosen = [r for r in chosen if r.published and int(r.published[5:7]) == f.month]
    elif f.years:
        dated = (lambda r: {int(v[:4]) for v in (r.inspection_start, r.inspection_end) if v}) if f.basis == "fieldwork" else record_year
        chosen = [r for r in chosen if dated(r) & set(f.years)]
        if f.month and len(f.years) == 1:
            stamp = f"{f.years[0]:04d}-{f.month:02d}"
            dates = (lambda r: (r.inspection_start, r.inspection_end)) if f.basis == "fieldwork" else \
                (lambda r: (r.published, r.inspection_start, r.inspection_end))
            chosen = [r for r in chosen if any(v and v.startswith(stamp) for v in dates(r))]
    if f.fieldwork_years:  # "inspected in 2025 but published in 2026"
        chosen = [r for r in chosen if {int(v[:4]) for v in (r.inspection_start, r.inspection_end) if v} & set(f.fieldwork_years)]
    if f.span:
        lo, hi = f.span
        dates = (lambda r: (r.published,)) if f.basis == "published" else (lambda r: (r.inspection_start, r.inspection_end)) \
            if f.basis == "fieldwork" else (lambda r: (r.published, r.inspection_start, r.inspection_end))
        chosen = [r for r in chosen if any(v and lo <= v <= hi for v in dates(r))]
    if f.latest:
        chosen = current(chosen, f.judgement if f.grades else None)
    if f.authorities:
        wanted = {gazetteer().canonical(a) or a for a in f.authorities}
        chosen = [r for r in chosen if r.local_authority in wanted]
    if f.regions:
        regions = {x.lower() for x in f.regions}
        chosen = [r for r in chosen if r.region.lower() in regions]
    if f.kinds:
        chosen = [r for r in chosen if r.kind in f.kinds]
    if f.inspector:
        chosen = [r for r in chosen if same_inspector(r.lead_inspector, f.inspector)]
    if f.grades and f.every:
        from ..domain.judgements import COLUMNS

        chosen = [r for r in chosen if any(r.grades.get(k) for k in COLUMNS) and all(r.grades.get(k) in f.grades for k in COLUMNS if r.grades.get(k))]
    elif f.grades:
        chosen = [r for r in chosen if r.grades.get(f.judgement) in f.grades]
    if f.overall_grades:
        chosen = [r for r in chosen if r.grades.get("overall") in f.overall_grades]
    if f.ungraded:
        chosen = [r for r in chosen if reformed(r)]
    if f.extreme and chosen:
        from ..domain.grades import score as scale

        ranked = [r for r in chosen if scale(r.grades.get(f.judgement))]
        if ranked:
            pick = (max if f.extreme == "highest" else min)(scale(r.grades.get(f.judgement)) for r in ranked)
            chosen = [r for r in ranked if scale(r.grades.get(f.judgement)) == pick]
    if f.newest and chosen:
        when = (lambda r: r.published or "") if f.basis == "published" else (lambda r: r.inspection_start or r.date)
        last = max(when(r) for r in chosen)
        chosen = [r for r in chosen if when(r) == last]
    return chosen


def authorities_of(records: list[InspectionRecord]) -> list[str]:
    return sorted({r.local_authority for r in records})


def inspectors_of(records: list[InspectionRecord]) -> list[str]:
    return sorted({name for r in records if r.lead_inspector for name in r.lead_inspector.split(" and ")})


def last_overall(records: list[InspectionRecord], r: InspectionRecord) -> InspectionRecord | None:
    """The authority's latest full inspection before `r` that gave an overall grade (2026 reports give none)."""
    earlier = [x for x in records if x.local_authority == r.local_authority and x.is_full_inspection and x.grades.get("overall")
               and x.date < r.date]
    return max(earlier, key=lambda x: x.date) if earlier else None


def overall_notes(records: list[InspectionRecord], history: list[InspectionRecord] | None = None) -> dict[str, str]:
    """doc_id -> what to show for the overall grade of an inspection that graded its judgements but gave no
    overall grade (Ofsted's 2026 framework), with the overall grade last given and when. One wording for the
    Inspections page, `rag inspections` and the answers' tables."""
    history = history if history is not None else records
    out = {}
    for r in records:
        if not reformed(r):
            continue
        last = last_overall(history, r)
        out[r.doc_id] = "no overall grade (2026 framework)" + (f"; last given {last.grades['overall']}, inspection ending {last.date}" if last else "")
    return out


def _rows(records: list[InspectionRecord], history: list[InspectionRecord] | None) -> list[dict[str, str]]:
    notes = overall_notes(records, history)
    return [{**r.row(), "overall_note": notes.get(r.doc_id, "")} for r in records]


def to_csv(records: list[InspectionRecord], history: list[InspectionRecord] | None = None) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in _rows(records, history):
        writer.writerow(row)
    return out.getvalue()


def to_json(records: list[InspectionRecord], history: list[InspectionRecord] | None = None) -> str:
    return json.dumps(_rows(records, history), ensure_ascii=False, indent=1)


def kind_label(r: InspectionRecord) -> str:
    return visits.label(r.kind)
