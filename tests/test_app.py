"""The app builds its index on first run and shows passages with their document and position."""

import shutil
from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent


def test_app_builds_index_and_searches(tmp_path, monkeypatch):
    docs = tmp_path / "documents"
    docs.mkdir()
    shutil.copy(ROOT / "documents" / "ofsted-letter-2017-01-10-buckinghamshire-monitoring-visit.txt", docs)
    monkeypatch.setenv("RAG_DOCUMENTS_DIR", str(docs))
    monkeypatch.setenv("RAG_INDEX_DIR", str(tmp_path / "index"))
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    assert not app.exception
    assert (tmp_path / "index" / "chroma").exists()  # built on first run
    library = app.dataframe[0].value
    assert list(library["kind"]) == ["Ofsted letter"]
    assert list(library["inspection"]) == ["2016-11-30 to 2016-12-01"]

    app.text_input[0].input("return home interviews").run()
    assert not app.exception
    shown = " ".join(t.value for t in app.text)
    assert "return home interviews" in shown
    assert any("characters" in c.value for c in app.caption)
