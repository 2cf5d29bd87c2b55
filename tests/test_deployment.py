"""The council deployment shape on a real `chroma run` server: two engine processes answering questions
while a separate ingest worker adds a document; the new document becomes visible to both, whole."""

import json
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NEW_DOC = ("Newtown children's services monitoring visit, 4 March 2026.\n\n"
           "Inspectors found that the Newtown family hub now answers every referral within one working day.\n\n"
           + "Staff in the Newtown family hub described a stable team and manageable workloads. " * 30)


def _env(chroma_server, base, prefix):
    return dict(os.environ, RAG_CHROMA_HOST="127.0.0.1", RAG_CHROMA_PORT=str(chroma_server), RAG_COLLECTION_PREFIX=prefix,
                RAG_DOCUMENTS_DIR=str(base / "documents"), RAG_INDEX_DIR=str(base / "local"), RAG_DATA_DIR=str(base / "data"))


class Reader:
    """One engine process (`ask --json -`, the app's engine), fed questions one line at a time."""

    def __init__(self, env):
        self.proc = subprocess.Popen([sys.executable, "-m", "rag", "ask", "--json", "-"], cwd=ROOT, env=env, text=True,
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)

    def ask(self, question: str) -> dict:
        self.proc.stdin.write(question + "\n")
        self.proc.stdin.flush()
        return json.loads(self.proc.stdout.readline())

    def close(self):
        self.proc.stdin.close()
        self.proc.wait(timeout=60)


def test_two_engines_and_an_ingest_worker_share_one_chroma_server(chroma_server, tmp_path):
    shutil.copytree(ROOT / "documents", tmp_path / "documents")
    env = _env(chroma_server, tmp_path, f"deploy{os.getpid()}")
    first = subprocess.run([sys.executable, "-m", "rag", "ingest", "--quiet"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)
    assert first.returncode == 0, first.stderr
    readers = [Reader(env), Reader(env)]
    try:
        for r in readers:
            assert "not timely" in r.ask("What did Ofsted say about return home interviews in 2016?")["answer"]

        (tmp_path / "documents" / "newtown-visit.txt").write_text(NEW_DOC, encoding="utf-8")
        worker = subprocess.Popen([sys.executable, "-m", "rag", "ingest", "--quiet"], cwd=ROOT, env=env,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        answers, errors = [], []

        def keep_asking(reader):
            try:
                while worker.poll() is None:
                    answers.append(reader.ask("What did Ofsted say about care leavers in 2025?"))
            except Exception as exc:
                errors.append(repr(exc))

        askers = [threading.Thread(target=keep_asking, args=(r,)) for r in readers]
        for t in askers:
            t.start()
        out, err = worker.communicate(timeout=900)
        for t in askers:
            t.join(timeout=120)
        assert worker.returncode == 0, err
        assert "added 1" in out
        assert not errors and answers and all(a["citations"] and not a["refused"] for a in answers)

        time.sleep(2.5)  # readers re-read the committed versions at most every 2 s
        for r in readers:
            found = r.ask("How quickly does the Newtown family hub answer referrals?")
            assert not found["refused"], found
            assert found["citations"][0]["document"] == "newtown-visit.txt"
            assert "one working day" in found["answer"]
    finally:
        for r in readers:
            r.close()
