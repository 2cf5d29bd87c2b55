"""How long the Inspections page takes to render at national scale (153 authorities, 1,000 reports),
through Streamlit's own script runner. `python -m app_pages.bench_render` prints JSON; `rag bench` runs it
in a child process, so that rag/ itself never imports Streamlit."""

from __future__ import annotations

import json
import statistics
import time

SCRIPT = """
from app_pages.inspections_view import render
from rag.bench.overview import synthetic_records

records = synthetic_records({authorities}, {reports})
render(records, lambda doc_id: "", lambda *where: None, None, lambda group: None)
"""


def measure(authorities: int = 153, reports: int = 1000, runs: int = 3) -> dict:
    from streamlit.testing.v1 import AppTest

    app = AppTest.from_string(SCRIPT.format(authorities=authorities, reports=reports), default_timeout=120)
    times = []
    for _ in range(runs + 1):  # the first run also imports Streamlit's and the page's modules
        started = time.perf_counter()
        app.run()
        times.append((time.perf_counter() - started) * 1000)
    rows = len(app.dataframe[0].value) if app.dataframe else 0
    return {"authorities": authorities, "reports": reports, "rows_shown": rows, "first_ms": round(times[0], 1),
            "ms_median": round(statistics.median(times[1:]), 1), "ms_min": round(min(times[1:]), 1),
            "ms_max": round(max(times[1:]), 1), "error": str(app.exception[0].message) if app.exception else ""}


if __name__ == "__main__":
    print(json.dumps(measure()))
