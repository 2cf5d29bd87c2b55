"""The Inspections page through AppTest, on real reports from many councils (../shared, in CI) and on the
shipped one-council library: filters, counts, evidence, comparison group, changes, export equal to the CLI."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from rag.domain.grades import GRADES, label
from rag.history import ChatStore
from rag.storage.database import open_database
from rag.records.table import to_csv
from rag.services.overview import InspectionsOverview, OverviewFilter

from .conftest import app_library

ROOT = Path(__file__).resolve().parent.parent
PAGE = "app_pages/inspections.py"


@pytest.fixture(scope="module")
def many_place(many_authorities, tmp_path_factory):
    """A copy of the many-councils library (documents and index) that the app opens as its own."""
    base = tmp_path_factory.mktemp("inspections")
    shutil.copytree(many_authorities.settings.documents_dir, base / "documents")
    shutil.copytree(many_authorities.settings.index_dir, base / "index")
    with app_library(base):
        yield base


def _page() -> AppTest:
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=240).run()
    app.switch_page(PAGE).run()
    assert not app.exception, app.exception
    return app


def _records(many_authorities):
    return many_authorities.assistant.records()[1]


def _cli_csv(base: Path, *extra: str) -> str:
    out = subprocess.run([sys.executable, "-m", "rag", "inspections", "--format", "csv", "--documents", str(base / "documents"),
                          "--index", str(base / "index"), *extra], capture_output=True, text=True, check=True, cwd=ROOT)
    return out.stdout


def test_latest_table_counts_and_export_match_the_records_and_the_cli(many_place, many_authorities):
    app = _page()
    overview = InspectionsOverview(_records(many_authorities))
    latest = overview.rows(OverviewFilter(latest=True))
    table = app.dataframe[0].value
    assert sorted(table["Authority"]) == sorted(r.local_authority for r in latest) and len(latest) >= 10
    shown = {m.label: int(m.value) for m in app.metric}
    counts = overview.headline(latest)
    # A 2026-framework report gives no overall grade: it is counted as ungraded, not under an older grade.
    assert all(shown[label(g)] == counts[g] for g in GRADES)
    assert sum(shown[label(g)] for g in GRADES) + shown["No grade (visits, letters)"] == len(latest)
    assert "Blackpool" in set(table["Authority"]) and any(note.startswith("no overall grade (2026 framework)") for note in table["Overall note"])
    assert shown["of which before ILACS"] == sum(1 for r in latest if r.kind not in ("standard", "short"))
    assert len(app.get("vega_lite_chart")) == 2  # the grade distribution and its movement year by year
    # The export is `rag inspections --latest --format csv`, row for row.
    assert to_csv(latest, _records(many_authorities)) == _cli_csv(many_place, "--latest")


def test_filter_to_one_grade_then_open_a_rows_evidence(many_place, many_authorities):
    app = _page()
    app.multiselect(key="insp_grades").set_value(["good"]).run()
    table = app.dataframe[0].value
    assert len(table) and set(table["Overall"]) == {"Good"}
    expected = [r for r in InspectionsOverview(_records(many_authorities)).rows(OverviewFilter(latest=True))
                if r.grades.get("overall") == "good"]
    assert sorted(table["Authority"]) == sorted(r.local_authority for r in expected)
    cli = list(csv.DictReader(io.StringIO(_cli_csv(many_place, "--latest"))))
    assert sorted(row["local_authority"] for row in cli if row["overall"] == "good") == sorted(table["Authority"])


def test_comparison_group_is_saved_for_the_user(many_place):
    app = _page()
    app.selectbox(key="group_authority").set_value("Leeds").run()
    members = app.multiselect(key="group_members_Leeds")
    members.set_value(["Barnsley", "York"]).run()
    next(b for b in app.button if b.label == "Save as my comparison group").click().run()
    assert not app.exception
    store = ChatStore(open_database(f"sqlite:///{many_place / 'data' / 'chats.sqlite'}"))
    assert store.preference("local", "comparison_group") == {"authority": "Leeds", "members": ["Barnsley", "York"]}
    again = _page()  # a new session: the saved group is the default view
    assert again.selectbox(key="group_authority").value == "Leeds"
    assert again.multiselect(key="group_members_Leeds").value == ["Barnsley", "York"]
    assert any("Where Leeds stands in its group" in c.value for c in again.caption)


def test_changes_between_an_authoritys_last_two_inspections_quote_both(many_place, many_authorities):
    overview = InspectionsOverview(_records(many_authorities))
    twice = next(a for a in sorted({r.local_authority for r in overview.graded}) if overview.changes(a))
    app = _page()
    app.selectbox(key="changes_authority").set_value(twice).run()
    before, after, changes = overview.changes(twice)
    shown = " ".join(m.value for m in app.markdown)
    assert f"What changed for {twice}" in shown
    assert all(c.direction in shown for c in changes)


def test_ask_about_this_puts_the_question_into_chat(many_place):
    app = _page()
    app.selectbox(key="group_authority").set_value("York").run()
    next(b for b in app.button if b.label == "Ask about this group").click().run()
    assert not app.exception
    store = ChatStore(open_database(f"sqlite:///{many_place / 'data' / 'chats.sqlite'}"))
    asked = [m.content for c in store.chats("local") for m in store.messages(c.id, "local") if m.role == "user"]
    assert any(q.startswith("Compare York with") or q == "What did Ofsted say about York?" for q in asked)


def test_one_authority_library_shows_its_history_and_a_hint(tmp_path_factory):
    base = tmp_path_factory.mktemp("one-council")
    shutil.copytree(ROOT / "documents", base / "documents")
    with app_library(base):
        app = _page()
        assert any("one authority, Buckinghamshire" in i.value for i in app.info)
        table = app.dataframe[0].value
        assert set(table["Authority"]) == {"Buckinghamshire"} and len(table) >= 4  # every inspection, oldest to newest


def test_an_empty_library_says_what_to_do(tmp_path_factory):
    base = tmp_path_factory.mktemp("empty")
    (base / "documents").mkdir()
    with app_library(base):
        app = _page()
        assert any("No graded Ofsted inspection" in i.value for i in app.info)
