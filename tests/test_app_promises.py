"""The app's library check runs once per process: a session that arrives while it runs shows the library at
once, and later sessions never re-run it."""

from __future__ import annotations

import shutil
import threading
import time

from streamlit.testing.v1 import AppTest

from rag.services.startup import StartupCheck

from .conftest import ROOT, app_library


def test_startup_check_runs_once_and_never_makes_anyone_wait():
    check, started, others = StartupCheck(), threading.Event(), []

    def first():
        assert check.begin()
        started.set()
        time.sleep(0.3)
        check.finish(None)

    runner = threading.Thread(target=first)
    runner.start()
    started.wait(5)
    t = time.perf_counter()
    others.append(check.begin())  # a second session meanwhile: not its job, and no wait
    assert time.perf_counter() - t < 0.05 and others == [False] and check.running
    runner.join()
    assert check.done and not check.running and not check.begin()  # and never again in this process


def test_a_session_during_the_check_shows_the_library_at_once(tmp_path):
    shutil.copytree(ROOT / "documents", tmp_path / "documents")
    with app_library(tmp_path):
        from app_pages.common import get_engine

        first = AppTest.from_file(str(ROOT / "app.py"), default_timeout=240).run()  # builds the index, once
        assert not first.exception
        engine = get_engine()
        assert engine.startup.done
        calls = []
        real = engine.library.reindex
        engine.library.reindex = lambda *a, **k: calls.append(1) or real(*a, **k)
        try:
            second = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
            assert not second.exception and calls == []  # a new session: no re-check, no lock taken

            from rag.storage.locks import WriteLock

            with WriteLock(engine.settings):  # an upload holding the writer lock, as in another session
                t = time.perf_counter()
                meanwhile = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
                assert not meanwhile.exception and meanwhile.chat_input and time.perf_counter() - t < 30

            engine.startup.done = False  # as if the first session's check were still running
            assert engine.startup._running.acquire(blocking=False)
            t = time.perf_counter()
            during = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
            assert time.perf_counter() - t < 30 and calls == []
            assert any("another session" in i.value for i in during.info)
            assert during.chat_input  # the chat is there to use
        finally:
            engine.library.reindex = real
            if engine.startup._running.locked():
                engine.startup._running.release()
            engine.startup.done = True


def test_in_llm_mode_no_unverified_sentence_reaches_the_screen(tmp_path, monkeypatch):
    """A scripted model streams one true quote and one invented sentence with an invented quote: the page
    shows the checked sentence and never the invented one, not even while it streams."""
    from langchain_core.messages import AIMessage

    from rag.llm import GenerativeAnswerer

    from .test_llm import TRUE_QUOTE, ScriptedModel

    invented = "Ofsted praised the council's outstanding new helicopter service"
    shutil.copytree(ROOT / "documents", tmp_path / "documents")
    with app_library(tmp_path):
        from app_pages.common import get_engine

        app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=240).run()
        model = ScriptedModel(messages=iter([AIMessage(content=(
            f"In its letter of 10 January 2017, Ofsted said “{TRUE_QUOTE}” [1] {invented}: “{invented}.” [2]"))]))
        model.seen = []
        get_engine().assistant.generator = GenerativeAnswerer(model)
        import streamlit as st

        streamed, real_write_stream = [], st.write_stream

        def recording(stream, *args, **kwargs):  # what the page streams, chunk by chunk, as the browser would get it
            def tee():
                for chunk in stream:
                    streamed.append(str(chunk))
                    yield chunk
            return real_write_stream(tee(), *args, **kwargs)

        monkeypatch.setattr(st, "write_stream", recording)
        app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=240).run()
        app.radio(key="mode").set_value("LLM (checked quotes)").run()
        app.chat_input[0].set_value("What did Ofsted say about return home interviews in 2016?").run()
        assert not app.exception, app.exception
        shown = " ".join(m.value for m in app.markdown)
        assert model.seen, "the scripted model was not asked"
        assert "Return home interviews are not timely" in shown
        assert "helicopter" not in shown
        assert streamed and "Return home interviews" in "".join(streamed)
        assert not any("helicopter" in chunk for chunk in streamed)  # not even while streaming
