"""Ground truth for the many-authority eval, from the CSV that came with the reports. Where the CSV could
not read a report's overall grade or lead inspector (pre-2018 reports, one blank row), it is read here
with a rule of the eval's own, independent of the product's metadata code."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from ..domain.gazetteer import gazetteer
from ..domain.grades import normalise

_SIF_OVERALL = re.compile(r"(?:overall judgement is that children’s services (?:are )?|children’s services in [\w ,-]+? (?:are |is )?|overall effectiveness:? )"
                          r"(inadequate|good|outstanding|requires? improvement)", re.IGNORECASE)


_LEAD = re.compile(r"Lead inspector:?\s+([A-Z][a-z]+ [A-Z][\w'’-]+)")


@dataclass
class TruthRow:
    authority: str
    document: str  # <urn>_<authority>/<file>, as the reports folder has it
    published: date
    start: date | None
    end: date | None
    inspector: str
    framework: str
    grades: dict[str, str] = field(default_factory=dict)

    @property
    def overall(self) -> str | None:
        return self.grades.get("overall")


@dataclass
class Truth:
    rows: list[TruthRow]

    def latest_graded(self) -> dict[str, TruthRow]:
        latest: dict[str, TruthRow] = {}
        for r in sorted(self.rows, key=lambda r: r.published):
            if r.overall:
                latest[r.authority] = r
        return latest

    def latest_inspection(self) -> dict[str, TruthRow]:
        """Each authority's latest graded inspection, whatever it graded (a 2026 report gives no overall grade)."""
        latest: dict[str, TruthRow] = {}
        for r in sorted(self.rows, key=lambda r: r.published):
            if r.grades:
                latest[r.authority] = r
        return latest

    def latest_for(self, authority: str, judgement: str) -> TruthRow | None:
        """The latest inspection that graded this judgement."""
        rows = [r for r in sorted(self.rows, key=lambda r: r.published) if r.authority == authority and r.grades.get(judgement)]
        return rows[-1] if rows else None

    def currently(self, grade: str) -> set[str]:
        """Authorities whose latest graded inspection gave this overall grade."""
        return {a for a, r in self.latest_inspection().items() if r.overall == grade}

    def inspectors(self) -> set[str]:
        return {r.inspector for r in self.rows if r.inspector}

    def authorities_led_by(self, inspector: str) -> set[str]:
        return {r.authority for r in self.rows if r.inspector == inspector}

    def authority_of(self, document: str) -> str | None:
        return next((r.authority for r in self.rows if r.document.lower() == document.lower()), None)


def _grade(value: str) -> str | None:
    return normalise(value.strip())


def load_truth(csv_path: Path, reports_dir: Path, assistant) -> Truth:
    texts = {d.path.lower(): d.doc_id for d in assistant.corpus.snapshot().documents.values()}
    rows = []
    with csv_path.open(newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            authority = gazetteer().canonical(row["local_authority"]) or row["local_authority"]
            document = f"{row['urn']}_{row['local_authority']}/{row['pdf_filename']}"
            parse = lambda v: datetime.strptime(v, "%d/%m/%Y").date() if v else None  # noqa: E731
            r = TruthRow(authority, document, datetime.strptime(row["publication_date"], "%d/%m/%y").date(),
                         parse(row["inspection_start_date"]), parse(row["inspection_end_date"]), row["inspector_name"],
                         row["inspection_framework"])
            for key, column in (("overall", "overall_effectiveness_grade"), ("impact_of_leaders", "impact_of_leaders_grade"),
                                ("help_and_protection", "help_and_protection_grade"), ("in_care", "in_care_grade"),
                                ("care_leavers", "care_leavers_grade")):
                grade = _grade(row[column])
                if grade:
                    r.grades[key] = grade
            if (not r.overall or not r.inspector) and document.lower() in texts:
                text = " ".join((assistant.document_text(texts[document.lower()]) or "").split())
                m = _SIF_OVERALL.search(text[:4000])
                if m and not r.overall:
                    r.grades["overall"] = _grade(m.group(1))
                m = _LEAD.search(text)
                if m and not r.inspector:
                    r.inspector = m.group(1)
            rows.append(r)
    return Truth(rows)
