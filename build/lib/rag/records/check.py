"""How far `python -m rag inspections` agrees with a ground-truth CSV (ilacs_metadata.csv), cell by cell."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from ..domain.gazetteer import gazetteer
from .model import InspectionRecord

UNKNOWN = {"data_unreadable"}  # the ground truth's own parser could not read it: not scored
ABSENT = {"", "inspection_pre_dates_judgement", "not_reported_post_reform"}  # no such judgement (none before it existed; no overall grade in a 2026 report): an empty cell is right
GRADE_COLUMNS = {"overall": "overall_effectiveness_grade", "impact_of_leaders": "impact_of_leaders_grade",
                 "help_and_protection": "help_and_protection_grade", "in_care": "in_care_grade",
                 "care_leavers": "care_leavers_grade"}


@dataclass
class ColumnScore:
    correct: int = 0
    total: int = 0
    misses: list[str] = field(default_factory=list)


def _iso(value: str, fmt: str) -> str:
    return datetime.strptime(value, fmt).date().isoformat() if value else ""


def expected_row(row: dict) -> dict[str, str | None]:
    """The cells the ground truth states; None where it does not know."""
    authority = gazetteer().get(row["local_authority"])
    expected: dict[str, str | None] = {
        "local_authority": authority.name if authority else row["local_authority"],
        "ons_code": authority.ons_code if authority else None,
        "region": authority.region if authority else None,
        "published": _iso(row["publication_date"], "%d/%m/%y"),
        "inspection_start": _iso(row["inspection_start_date"], "%d/%m/%Y") or None,
        "inspection_end": _iso(row["inspection_end_date"], "%d/%m/%Y") or None,
        "lead_inspector": row["inspector_name"] or None,
        "kind": row["inspection_framework"] if row["inspection_framework"] in ("standard", "short") else None,
    }
    for column, source in GRADE_COLUMNS.items():
        value = row[source].strip()
        if value in UNKNOWN or (column == "overall" and not value and not row["inspection_framework"]):
            expected[column] = None
        else:
            expected[column] = "" if value in ABSENT else value
    return expected


def check(records: list[InspectionRecord], truth_csv: Path) -> dict[str, ColumnScore]:
    by_file = {Path(r.document).name.lower(): r for r in records}
    by_path = {r.document.lower(): r for r in records}
    scores: dict[str, ColumnScore] = {}
    with truth_csv.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    for row in rows:
        key = f"{row['urn']}_{row['local_authority']}/{row['pdf_filename']}".lower()
        record = by_path.get(key) or by_file.get(row["pdf_filename"].lower())
        got = record.row() if record else {}
        for column, want in expected_row(row).items():
            if want is None:
                continue
            score = scores.setdefault(column, ColumnScore())
            score.total += 1
            value = got.get(column, "")
            if column == "local_authority":
                value, want = value.lower(), want.lower()
            if value == want:
                score.correct += 1
            else:
                score.misses.append(f"{key}: expected {want!r}, got {value!r}")
    return scores


def report(scores: dict[str, ColumnScore]) -> str:
    total = sum(s.total for s in scores.values())
    correct = sum(s.correct for s in scores.values())
    lines = [f"{'column':<22}{'correct':>8}{'total':>7}{'accuracy':>10}"]
    for name, s in scores.items():
        lines.append(f"{name:<22}{s.correct:>8}{s.total:>7}{s.correct / max(s.total, 1):>10.1%}")
    lines.append(f"{'all cells':<22}{correct:>8}{total:>7}{correct / max(total, 1):>10.1%}")
    for name, s in scores.items():
        lines.extend(f"  miss {name}: {m}" for m in s.misses)
    return "\n".join(lines)
