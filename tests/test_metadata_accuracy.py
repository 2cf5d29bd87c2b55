"""Metadata inference against the ground truth for 60 real Ofsted reports, where they are beside the project."""

from pathlib import Path

import pytest

from rag.metadata_check import check
from rag.settings import Settings

REPORTS = Path(__file__).resolve().parent.parent.parent / "shared" / "ofsted-reports"


@pytest.mark.skipif(not (REPORTS / "ilacs_metadata.csv").exists(), reason="the shared report set is not on this machine")
def test_inspection_dates_inspector_and_grade_are_at_least_95_percent():
    scores = check(REPORTS / "ilacs_metadata.csv", REPORTS, Settings())
    for name in ("inspection_dates", "lead_inspector", "overall_effectiveness"):
        assert scores[name].total >= 40
        assert scores[name].accuracy >= 0.95, scores[name].misses
