"""Measure metadata inference against a ground-truth CSV of Ofsted reports (ilacs_metadata.csv)."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from .cleaning import clean
from .loading import LoadError, load_file
from .metadata import infer
from .settings import Settings


@dataclass
class FieldScore:
    correct: int = 0
    total: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else float("nan")


def _iso(ddmmyyyy: str) -> str | None:
    return datetime.strptime(ddmmyyyy, "%d/%m/%Y").date().isoformat() if ddmmyyyy else None


def _norm_grade(value: str | None) -> str | None:
    return value.replace(" to be good", "") if value else value


def check(csv_path: Path, reports_dir: Path, settings: Settings) -> dict[str, FieldScore]:
    scores = {name: FieldScore() for name in ("inspection_dates", "lead_inspector", "overall_effectiveness", "published")}
    unreadable = FieldScore()  # files that are not reports (web pages saved as .pdf): refused at ingest, not scored
    with csv_path.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    for row in rows:
        pdf = reports_dir / f"{row['urn']}_{row['local_authority']}" / row["pdf_filename"]
        try:
            extracted = load_file(pdf, settings)
        except LoadError as exc:
            unreadable.total += 1
            unreadable.misses.append(str(exc))
            continue
        text = clean(extracted).text
        meta = infer(text, extracted, pdf)
        label = f"{row['local_authority']}/{row['pdf_filename']}"

        def score(name: str, expected, got) -> None:
            s = scores[name]
            s.total += 1
            if expected == got:
                s.correct += 1
            else:
                s.misses.append(f"{label}: expected {expected!r}, got {got!r}")

        published = datetime.strptime(row["publication_date"], "%d/%m/%y").date().isoformat()
        score("published", published, meta.published)
        # Ground truth exists only where the CSV's own parser could read the report.
        if row["inspection_start_date"]:
            score("inspection_dates", (_iso(row["inspection_start_date"]), _iso(row["inspection_end_date"])),
                  (meta.inspection_start, meta.inspection_end))
        if row["inspector_name"]:
            score("lead_inspector", row["inspector_name"], meta.lead_inspector)
        expected_grade = row["overall_effectiveness_grade"]
        if expected_grade in ("not_reported_post_reform", "inspection_pre_dates_judgement"):
            expected_grade = None  # a 2026-framework report gives no overall grade: none is right
            score("overall_effectiveness", expected_grade, meta.grades.get("overall_effectiveness"))
        elif expected_grade and expected_grade != "data_unreadable":
            score("overall_effectiveness", expected_grade, _norm_grade(meta.grades.get("overall_effectiveness")))
    if unreadable.total:
        scores["not_reports"] = unreadable
    return scores


def report(scores: dict[str, FieldScore]) -> str:
    lines = [f"{'field':<24}{'correct':>8}{'total':>7}{'accuracy':>10}"]
    for name, s in scores.items():
        lines.append(f"{name:<24}{s.correct:>8}{s.total:>7}{s.accuracy:>10.1%}" if name != "not_reports"
                     else f"{name:<24}{'':>8}{s.total:>7}  (not scored: refused as not reports)")
    for name, s in scores.items():
        for miss in s.misses:
            lines.append(f"  miss {name}: {miss}")
    return "\n".join(lines)
