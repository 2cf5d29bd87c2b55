"""The inspections overview: every authority's latest (or every) inspection, filtered, counted, charted
by year, compared with a group, changes between an authority's last two inspections, exported. Nothing
here is typed in by hand: every value is an inspection record's, with the line that states it."""

from __future__ import annotations

import io
from collections import Counter
from dataclasses import dataclass, field

from ..domain import grades as grade_words
from ..domain.gazetteer import gazetteer
from ..domain.judgements import COLUMNS
from ..records.model import COLUMNS as CSV_COLUMNS
from ..records.model import InspectionRecord
from ..records.table import current, latest_per_authority, overall_notes, record_year, same_inspector, to_csv

NOT_CURRENT = "not yet inspected under the current framework"  # an authority whose latest graded report predates ILACS
NO_OVERALL = "no overall grade (2026 framework)"  # its latest report graded each judgement and gave no overall grade


@dataclass
class OverviewFilter:
    latest: bool = True
    regions: list[str] = field(default_factory=list)
    grades: list[str] = field(default_factory=list)
    judgement: str = "overall"
    kinds: list[str] = field(default_factory=list)
    years: tuple[int, int] | None = None
    inspector: str = ""
    search: str = ""  # part of an authority's name


@dataclass
class Change:
    judgement: str
    before: str | None
    after: str | None
    before_span: tuple[int, int] | None
    after_span: tuple[int, int] | None

    @property
    def direction(self) -> str:
        a, b = grade_words.score(self.before), grade_words.score(self.after)
        if a is None or b is None:
            return "not comparable"
        return "improved" if b > a else "declined" if b < a else "unchanged"


class InspectionsOverview:
    def __init__(self, records: list[InspectionRecord]):
        self.records = records
        # Graded full inspections, a 2026-framework report (judgements graded, no overall grade) among them.
        self.graded = [r for r in records if r.is_full_inspection and r.grades]
        self.notes = overall_notes(records)  # doc_id -> "no overall grade (2026 framework); last given ..."

    def rows(self, f: OverviewFilter) -> list[InspectionRecord]:
        if f.latest:  # a judgement's latest grade; overall: the latest graded inspection, with or without one
            rows = latest_per_authority(self.graded, f.judgement) if f.grades and f.judgement != "overall" else current(self.graded)
        else:
            rows = sorted(self.records, key=lambda r: (r.local_authority, r.date))
        if f.regions:
            rows = [r for r in rows if r.region in f.regions]
        if f.grades:
            rows = [r for r in rows if r.grades.get(f.judgement) in f.grades]
        if f.kinds:
            rows = [r for r in rows if r.kind in f.kinds]
        if f.years:
            rows = [r for r in rows if any(f.years[0] <= y <= f.years[1] for y in record_year(r))]
        if f.inspector:
            rows = [r for r in rows if same_inspector(r.lead_inspector, f.inspector)]
        if f.search:
            rows = [r for r in rows if f.search.lower() in r.local_authority.lower()]
        return rows

    @staticmethod
    def counts(rows: list[InspectionRecord], judgement: str = "overall") -> dict[str, int]:
        """How many of the rows have each grade, and how many have not been graded under ILACS yet."""
        counted = Counter(r.grades.get(judgement) for r in rows if r.kind in ("standard", "short"))
        out = {g: counted.get(g, 0) for g in grade_words.GRADES}
        out[NOT_CURRENT] = sum(1 for r in rows if r.kind not in ("standard", "short"))
        if judgement == "overall":
            out[NO_OVERALL] = sum(1 for r in rows if r.kind in ("standard", "short") and r.grades and not r.grades.get("overall"))
        return out

    @staticmethod
    def headline(rows: list[InspectionRecord], judgement: str = "overall") -> dict[str, int]:
        """The rows shown, by grade under whichever framework gave it; how many of those grades predate
        ILACS; how many rows have no grade for the judgement (visits, letters)."""
        counted = Counter(r.grades.get(judgement) for r in rows)
        out = {g: counted.get(g, 0) for g in grade_words.GRADES}
        out[NOT_CURRENT] = sum(1 for r in rows if r.grades.get(judgement) and r.kind not in ("standard", "short"))
        out["ungraded"] = counted.get(None, 0)
        return out

    def by_year(self) -> list[dict]:
        """Overall grades of the graded inspections that ended each year: the chart of how the picture moved."""
        counted = Counter((int(r.date[:4]), r.grades["overall"]) for r in self.graded if r.grades.get("overall"))
        return [{"year": y, "grade": g, "inspections": n} for (y, g), n in sorted(counted.items())]

    def comparison_group(self, authority: str) -> list[str]:
        """The authority and its statistical neighbours that this library holds graded reports for."""
        held = {r.local_authority for r in self.graded}
        return [a for a in [authority, *gazetteer().neighbours(authority)] if a in held]

    def standing(self, authority: str, group: list[str], judgement: str = "overall") -> tuple[int, int] | None:
        """(position, out of): 1 is the best grade in the group; ties share a position."""
        chosen = current(self.graded) if judgement == "overall" else latest_per_authority(self.graded, judgement)
        latest = {r.local_authority: r for r in chosen if r.local_authority in group}
        mine = grade_words.score(latest[authority].grades.get(judgement)) if authority in latest else None
        if mine is None:
            return None
        better = sum(1 for r in latest.values() if (grade_words.score(r.grades.get(judgement)) or 0) > mine)
        return better + 1, len(latest)

    def changes(self, authority: str) -> tuple[InspectionRecord, InspectionRecord, list[Change]] | None:
        """Judgement by judgement, the authority's last two graded inspections."""
        mine = sorted((r for r in self.graded if r.local_authority == authority), key=lambda r: r.date)
        if len(mine) < 2:
            return None
        before, after = mine[-2], mine[-1]
        return before, after, [Change(k, before.grades.get(k), after.grades.get(k), before.evidence.get(k), after.evidence.get(k))
                               for k in COLUMNS if before.grades.get(k) or after.grades.get(k)]


def to_xlsx(rows: list[InspectionRecord], history: list[InspectionRecord] | None = None) -> bytes:
    """The same columns as `rag inspections --format csv`, as a workbook."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Inspections"
    sheet.append(CSV_COLUMNS)
    notes = overall_notes(rows, history)
    for r in rows:
        row = {**r.row(), "overall_note": notes.get(r.doc_id, "")}
        sheet.append([row[c] for c in CSV_COLUMNS])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


__all__ = ["InspectionsOverview", "OverviewFilter", "NOT_CURRENT", "NO_OVERALL", "to_csv", "to_xlsx"]
