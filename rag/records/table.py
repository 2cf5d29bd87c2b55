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
    latest: bool = False  # each authority's latest full inspection only
    doc_ids: list[str] = field(default_factory=list)


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


def latest_per_authority(records: list[InspectionRecord]) -> list[InspectionRecord]:
    """Each authority's most recent full inspection: what its current grades are."""
    latest: dict[str, InspectionRecord] = {}
    for r in sorted(records, key=lambda r: r.date):
        if r.is_full_inspection and r.grades.get("overall"):
            latest[r.local_authority] = r
    return sorted(latest.values(), key=lambda r: r.local_authority)


def same_inspector(a: str | None, b: str | None) -> bool:
    if not a or not b:
        return False
    norm = lambda s: " ".join(s.lower().replace(".", "").split())  # noqa: E731
    return norm(a) == norm(b)


def select(records: list[InspectionRecord], f: RecordFilter) -> list[InspectionRecord]:
    chosen = records
    if f.doc_ids:
        chosen = [r for r in chosen if r.doc_id in f.doc_ids]
    if f.years:
        chosen = [r for r in chosen if record_year(r) & set(f.years)]
    if f.latest:
        chosen = latest_per_authority(chosen)
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
    if f.grades:
        chosen = [r for r in chosen if r.grades.get(f.judgement) in f.grades]
    return chosen


def authorities_of(records: list[InspectionRecord]) -> list[str]:
    return sorted({r.local_authority for r in records})


def inspectors_of(records: list[InspectionRecord]) -> list[str]:
    return sorted({r.lead_inspector for r in records if r.lead_inspector})


def to_csv(records: list[InspectionRecord]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for r in records:
        writer.writerow(r.row())
    return out.getvalue()


def to_json(records: list[InspectionRecord]) -> str:
    return json.dumps([r.row() for r in records], ensure_ascii=False, indent=1)


def kind_label(r: InspectionRecord) -> str:
    return visits.label(r.kind)
