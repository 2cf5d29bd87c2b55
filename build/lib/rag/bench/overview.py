"""The inspections overview at national scale (153 authorities, 1,000 reports): how long the page's
queries take, median of three runs. Part of `python -m rag bench`."""

from __future__ import annotations

import statistics
import time

from ..domain.gazetteer import gazetteer
from ..domain.grades import GRADES
from ..records.model import InspectionRecord
from ..records.table import to_csv
from ..services.overview import InspectionsOverview, OverviewFilter


def synthetic_records(authorities: int = 153, reports: int = 1000) -> list[InspectionRecord]:
    names = [a.name for a in gazetteer().authorities if not a.former][:authorities]
    return [InspectionRecord(f"d{i}", f"r{i}.pdf", names[i % len(names)], region=gazetteer().region_of(names[i % len(names)]),
                             kind="standard" if i % 3 else "short", published=f"{2015 + i % 11}-0{1 + i % 9}-15",
                             inspection_start=f"{2015 + i % 11}-0{1 + i % 9}-01", inspection_end=f"{2015 + i % 11}-0{1 + i % 9}-05",
                             lead_inspector=f"Inspector {i % 40}", grades={"overall": GRADES[i % 4], "in_care": GRADES[(i + 1) % 4]})
            for i in range(reports)]


def render_once(records: list[InspectionRecord]) -> None:
    """What the page computes: latest table, counts, the year chart, a filtered view, a comparison, the CSV."""
    overview = InspectionsOverview(records)
    latest = overview.rows(OverviewFilter())
    overview.counts(latest)
    overview.by_year()
    overview.rows(OverviewFilter(grades=["good"], regions=["London"], judgement="in_care"))
    group = overview.comparison_group(latest[0].local_authority)
    overview.standing(latest[0].local_authority, group)
    overview.changes(latest[0].local_authority)
    to_csv(latest)


def measure(authorities: int = 153, reports: int = 1000) -> dict:
    records = synthetic_records(authorities, reports)
    times = []
    for _ in range(3):
        started = time.perf_counter()
        render_once(records)
        times.append((time.perf_counter() - started) * 1000)
    return {"authorities": authorities, "reports": reports, "ms_median": round(statistics.median(times), 1),
            "ms_min": round(min(times), 1), "ms_max": round(max(times), 1)}


def measure_page() -> dict:
    """The Inspections page itself, rendered by Streamlit's script runner in a child process (rag/ never
    imports Streamlit): first render, then the median of three."""
    import json
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    out = subprocess.run([sys.executable, "-m", "app_pages.bench_render"], cwd=root, capture_output=True, text=True, timeout=600)
    if out.returncode:
        return {"error": out.stderr.strip().splitlines()[-1] if out.stderr.strip() else f"exit {out.returncode}"}
    return json.loads(out.stdout.strip().splitlines()[-1])
