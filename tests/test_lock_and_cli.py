import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from rag.index_files import IndexBusy
from rag.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
HOLD_LOCK = """
import sys, time
from filelock import FileLock
lock = FileLock(sys.argv[1]); lock.acquire()
open(sys.argv[1] + '.owner', 'w').write('process holding-for-test')
print('locked', flush=True); time.sleep(30)
"""


def test_second_writer_is_refused_clearly(local_settings, local_pipeline):
    _, ingestor = local_pipeline
    (local_settings.documents_dir / "a.txt").write_text("Return home interviews are timely. " * 10)
    local_settings.index_dir.mkdir(exist_ok=True)
    holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(local_settings.index_dir / "write.lock")], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        with pytest.raises(IndexBusy, match="being written by process holding-for-test"):
            ingestor.run()
    finally:
        holder.kill()
        holder.wait()
    assert ingestor.run().added == ["a.txt"]  # once the other writer is gone, ingest proceeds


def _cli(*args, env_extra=None):
    env = dict(os.environ, **(env_extra or {}))
    return subprocess.run([sys.executable, "-m", "rag", *args], cwd=ROOT, capture_output=True, text=True, env=env, timeout=600)


def test_cli_ingest_and_docs_json(tmp_path):
    docs, index = tmp_path / "docs", tmp_path / "index"
    docs.mkdir()
    (docs / "letter.txt").write_text(
        "10 January 2017\n\nDear David\n\nMonitoring visit of Newham children's services on 30 November and 1 December 2016.\n\n"
        "Return home interviews are not timely.\n\nHer Majesty's Inspector\n\nofsted.gov.uk", encoding="utf-8")
    (docs / "broken.pdf").write_bytes(b"not a pdf at all")
    run = _cli("ingest", "--documents", str(docs), "--index", str(index), "--quiet")
    assert run.returncode == 1, run.stderr
    assert "added 1" in run.stdout and "failed 1" in run.stdout
    assert "broken.pdf: not a PDF" in run.stdout

    (docs / "broken.pdf").unlink()
    run = _cli("ingest", "--documents", str(docs), "--index", str(index), "--quiet")
    assert run.returncode == 0 and "unchanged 1" in run.stdout

    listed = json.loads(_cli("docs", "--json", "--documents", str(docs), "--index", str(index)).stdout)
    assert len(listed) == 1
    row = listed[0]
    for key in ("path", "title", "kind", "publisher", "published", "inspection_start", "inspection_end",
                "local_authorities", "grades", "lead_inspector", "inferred", "n_passages"):
        assert key in row
    assert row["kind"] == "ofsted_letter" and row["published"] == "2017-01-10"
    assert row["inspection_start"] == "2016-11-30" and row["local_authorities"] == ["Newham"]
    assert row["n_passages"] >= 1 and "kind" in row["inferred"]


def test_kill_during_ingest_leaves_every_document_whole_or_absent(tmp_path):
    docs, index = tmp_path / "docs", tmp_path / "index"
    docs.mkdir()
    for i in range(30):
        (docs / f"doc{i:02d}.txt").write_text(f"Document {i}. " + "Care leavers are supported by personal advisers. " * (40 + i))
    proc = subprocess.Popen([sys.executable, "-m", "rag", "ingest", "--documents", str(docs), "--index", str(index), "--quiet"],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 120
    while time.time() < deadline and not (index / "chroma").exists():
        time.sleep(0.1)
    time.sleep(6)  # into the embedding of the batch
    proc.kill()
    proc.wait()
    run = _cli("ingest", "--documents", str(docs), "--index", str(index), "--quiet")
    assert run.returncode == 0, run.stdout + run.stderr
    listed = json.loads(_cli("docs", "--json", "--documents", str(docs), "--index", str(index)).stdout)
    assert len(listed) == 30 and all(row["n_passages"] > 0 for row in listed)


def test_corrupt_index_gives_a_clear_message_and_rebuilds(tmp_path):
    docs, index = tmp_path / "docs", tmp_path / "index"
    docs.mkdir()
    (docs / "a.txt").write_text("Care leavers are supported by personal advisers in every team. " * 5)
    assert _cli("ingest", "--documents", str(docs), "--index", str(index), "--quiet").returncode == 0
    database = next((index / "chroma").glob("*.sqlite3"))
    database.write_bytes(b"this is not a database" * 100)
    broken = _cli("docs", "--documents", str(docs), "--index", str(index))
    assert broken.returncode == 2 and "Traceback" not in broken.stderr
    assert "ingest --rebuild" in broken.stderr
    rebuilt = _cli("ingest", "--rebuild", "--documents", str(docs), "--index", str(index), "--quiet")
    assert rebuilt.returncode == 0 and "added 1" in rebuilt.stdout
    assert list(tmp_path.glob("index.broken-*"))  # the damaged index is kept for inspection


HOLD_ADVISORY = """
import sys, time
from rag.settings import Settings
from rag.storage.locks import WriteLock
from pathlib import Path
lock = WriteLock(Settings(index_dir=Path(sys.argv[2]), database_url=sys.argv[1], lock_timeout_s=1.0)).__enter__()
print('locked', flush=True); time.sleep(60)
"""


def test_servers_sharing_postgresql_take_turns_to_write_and_a_killed_writer_frees_the_lock(postgres, tmp_path):
    from rag.storage.locks import WriteLock

    url = postgres.database()
    settings = Settings(index_dir=tmp_path / "index", database_url=url, lock_timeout_s=1.0)
    holder = subprocess.Popen([sys.executable, "-c", HOLD_ADVISORY, url, str(tmp_path / "elsewhere")], cwd=ROOT,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        # Another machine's writer: no shared file, only the database knows.
        with pytest.raises(IndexBusy, match=r"being written by the server at .*database session \d+"):
            with WriteLock(settings):
                pass
    finally:
        holder.kill()  # kill -9: the server drops the dead session's lock
        holder.wait()
    with WriteLock(settings):
        other = WriteLock(settings)
        with pytest.raises(IndexBusy):
            other.__enter__()
    with WriteLock(settings):  # released on exit
        pass
