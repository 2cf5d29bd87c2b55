"""The inspections overview service on real reports: latest grades, counts, the year chart, a comparison
group, changes between inspections, and exports equal to `rag inspections`."""

from __future__ import annotations

import csv
import io

from openpyxl import load_workbook

from rag.records.model import COLUMNS
from rag.records.table import records_of, to_csv
from rag.services.overview import NO_OVERALL, NOT_CURRENT, InspectionsOverview, OverviewFilter, to_xlsx


def test_overview_on_real_reports(many_authorities):
    documents = list(many_authorities.assistant.corpus.snapshot().documents.values())
    overview = InspectionsOverview(records_of(documents))
    latest = overview.rows(OverviewFilter())
    assert len(latest) == 11 and len({r.local_authority for r in latest}) == 11
    counts = overview.counts(latest)
    assert sum(counts.values()) == 11 and counts[NOT_CURRENT] == sum(r.kind not in ("standard", "short") for r in latest)
    good = overview.rows(OverviewFilter(grades=["good"]))
    assert good and all(r.grades["overall"] == "good" for r in good)
    london = overview.rows(OverviewFilter(regions=["London"], latest=False))
    assert {r.local_authority for r in london} == {"Newham", "Wandsworth"}
    assert sum(row["inspections"] for row in overview.by_year()) == len([r for r in overview.graded if r.grades.get("overall")])
    before, after, changes = overview.changes("Newham")
    assert before.date < after.date and {c.judgement for c in changes} >= {"overall", "help_and_protection"}
    assert all(c.after_span for c in changes if c.after)
    group = overview.comparison_group("Barnsley")
    assert group[0] == "Barnsley"
    assert overview.standing("Leeds", ["Leeds", "Blackpool"]) == (1, 2)
    # Exports: the CSV is `rag inspections`'s; the workbook holds the same cells.
    assert to_csv(latest).splitlines()[0] == ",".join(COLUMNS)
    sheet = load_workbook(io.BytesIO(to_xlsx(latest))).active
    rows = [[c if c is not None else "" for c in row] for row in sheet.iter_rows(values_only=True)]
    first = next(csv.DictReader(io.StringIO(to_csv(latest))))
    assert rows[0] == COLUMNS and rows[1] == [first[c] for c in COLUMNS]
    # A 2026-framework report (Blackpool's): no overall grade, said the same way in every export.
    blackpool = next(r for r in latest if r.local_authority == "Blackpool")
    assert not blackpool.grades.get("overall") and overview.notes[blackpool.doc_id].startswith("no overall grade (2026 framework); last given")
    assert overview.counts(latest)[NO_OVERALL] == 1


def test_overview_at_national_scale():
    """153 authorities and 1,000 reports (timed in `python -m rag bench`, not here)."""
    from rag.bench.overview import render_once, synthetic_records

    records = synthetic_records()
    latest = InspectionsOverview(records).rows(OverviewFilter())
    assert len(latest) == 153 and len({r.region for r in latest}) == 9
    render_once(records)
