"""The app through streamlit.testing.v1.AppTest, on a copy of the shipped corpus in tmp_path."""

import re
import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from rag.history import ChatStore
from rag.storage.database import open_database

from .conftest import app_library

ROOT = Path(__file__).resolve().parent.parent
QUESTION = "What did Ofsted say about return home interviews in 2016?"


@pytest.fixture(scope="module")
def place(tmp_path_factory):
    """One library for the module: st.cache_resource holds one engine per process."""
    base = tmp_path_factory.mktemp("app")
    shutil.copytree(ROOT / "documents", base / "documents")
    with app_library(base):
        yield base


def _plain(markdown: str) -> str:
    """What a person reads: the app escapes Markdown in every text that comes from files or users."""
    return re.sub(r"\\(.)", r"\1", markdown)


def _app() -> AppTest:
    return AppTest.from_file(str(ROOT / "app.py"), default_timeout=240).run()


def _last_answer(base: Path):
    store = ChatStore(open_database(f"sqlite:///{base / 'data' / 'chats.sqlite'}"))
    chat = store.chats("local")[0]
    return chat, store.messages(chat.id, "local")


def _ask(app: AppTest, question: str) -> AppTest:
    app.chat_input[0].set_value(question).run()
    assert not app.exception, app.exception
    return app


def test_question_gets_verbatim_cited_answer_and_follow_up(place):
    app = _app()
    assert not app.exception
    assert (place / "index" / "chroma").exists()  # built on first run
    assert any(QUESTION == b.label for b in app.button)  # starter question drawn from the documents
    _ask(app, QUESTION)
    chat, messages = _last_answer(place)
    answer = messages[-1].answer
    assert "not timely" in messages[-1].content and answer["citations"]
    letter = (place / "documents" / answer["citations"][0]["document"]).read_text(encoding="utf-8")
    assert "Return home interviews are not timely" in answer["citations"][0]["quote"]
    assert any("not timely" in m.value for m in app.markdown)
    assert any(b.label == "Open source" for b in app.button)
    assert answer["citations"][0]["quote"] in letter  # the quote is the source's own words

    _ask(app, "and in 2025?")
    _, messages = _last_answer(place)
    assert {c["document"] for c in messages[-1].answer["citations"]} == {"ofsted-report-2025-05-14-buckinghamshire.pdf"}

    # A reload (a new session with the chat in the address) shows the conversation and keeps its context.
    again = AppTest.from_file(str(ROOT / "app.py"), default_timeout=240)
    again.query_params["chat"] = chat.id
    again.run()
    assert any("not timely" in m.value for m in again.markdown)
    _ask(again, "what about 2018?")
    _, messages = _last_answer(place)
    assert messages[-1].answer["understood"]["years"] == [2018]


def test_filters_change_the_answer(place):
    app = _app()
    app.sidebar.multiselect(key="filter_years").set_value([2014]).run()
    _ask(app, "What did Ofsted say about caseloads?")
    _, messages = _last_answer(place)
    in_2014 = messages[-1].answer["citations"]
    assert in_2014 and all(c["published"].startswith("2014") for c in in_2014)
    app.sidebar.multiselect(key="filter_years").set_value([2017, 2018]).run()
    _ask(app, "What did Ofsted say about caseloads?")
    _, messages = _last_answer(place)
    later = messages[-1].answer["citations"]
    assert later and all(c["published"][:4] in {"2017", "2018"} for c in later)
    assert {c["quote"] for c in later}.isdisjoint({c["quote"] for c in in_2014})


def test_timeline_for_buckinghamshire(place):
    app = _app()
    app.switch_page("app_pages/timeline.py").run()
    assert not app.exception
    shown = " ".join(m.value for m in app.markdown)
    assert "Inspection, 3–25 June 2014" in shown and "Inspection, 27 January–7 February 2025" in shown
    assert "Overall effectiveness: **inadequate**" in shown
    assert len(app.get("vega_lite_chart")) == 1  # grades over time


def test_upload_lands_and_bad_upload_changes_nothing(place):
    app = _app()
    app.switch_page("app_pages/library.py").run()
    before = sorted(p.name for p in (place / "documents").rglob("*") if p.is_file())

    app.file_uploader[0].set_value(("broken.pdf", b"this is not a pdf", "application/pdf")).run()
    next(b for b in app.button if b.label == "Add to library").click().run()
    assert any("Not added: broken.pdf" in _plain(e.value) and "not a PDF" in _plain(e.value) for e in app.error)
    assert sorted(p.name for p in (place / "documents").rglob("*") if p.is_file()) == before

    note = b"Briefing note on Buckinghamshire. Return home interviews are now offered to every child within 72 hours."
    app.file_uploader[0].set_value(("briefing note.txt", note, "text/plain")).run()
    next(b for b in app.button if b.label == "Add to library").click().run()
    assert not app.exception
    assert any("uploads/briefing note.txt" in _plain(s.value) for s in app.success)
    table = app.dataframe[0].value
    row = table[table["file"] == "uploads/briefing note.txt"]
    assert list(row["source"]) == ["upload"]
