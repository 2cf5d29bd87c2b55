"""An inspection record: the facts of one Ofsted report or letter as data, each with where it is stated."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from ..domain import judgements


@dataclass
class InspectionRecord:
    doc_id: str
    document: str  # path in the documents folder
    local_authority: str
    ons_code: str = ""
    region: str = ""
    kind: str = "other"  # rag.domain.visits key: standard, short, sif, focused_visit, monitoring_visit, jtai, ...
    published: str | None = None  # ISO
    inspection_start: str | None = None
    inspection_end: str | None = None
    lead_inspector: str | None = None
    grades: dict[str, str] = field(default_factory=dict)  # judgement key -> a grade of rag.domain.grades.GRADES
    labels: dict[str, str] = field(default_factory=dict)  # judgement key -> the older judgement that stands in for it
    # field -> (start, end) of the verbatim text in the document that states it
    evidence: dict[str, tuple[int, int]] = field(default_factory=dict)
    corrected: list[str] = field(default_factory=list)  # fields a person set in the Library (catalog)

    @property
    def date(self) -> str:
        """When it happened, for ordering: the inspection's end, else publication."""
        return self.inspection_end or self.published or self.inspection_start or ""

    @property
    def is_full_inspection(self) -> bool:
        from ..domain.visits import FULL_INSPECTIONS

        return self.kind in FULL_INSPECTIONS

    def grade(self, key: str) -> str | None:
        return self.grades.get(key)

    def row(self) -> dict[str, str]:
        """One row of `python -m rag inspections`: dates ISO, grades lower case, empty where absent."""
        out = {
            "local_authority": self.local_authority, "ons_code": self.ons_code, "region": self.region, "kind": self.kind,
            "published": self.published or "", "inspection_start": self.inspection_start or "",
            "inspection_end": self.inspection_end or "", "lead_inspector": self.lead_inspector or "",
        }
        out.update({key: self.grades.get(key, "") for key in judgements.COLUMNS})
        out["document"] = self.document
        return out

    def to_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> "InspectionRecord":
        data = dict(data)
        data["evidence"] = {k: tuple(v) for k, v in data.get("evidence", {}).items()}
        return cls(**data)


COLUMNS = ["local_authority", "ons_code", "region", "kind", "published", "inspection_start", "inspection_end",
           "lead_inspector", *judgements.COLUMNS, "overall_note", "document"]  # overall_note: see records.table.overall_notes
