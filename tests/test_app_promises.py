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
