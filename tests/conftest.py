"""Real components on small data: the real MiniLM model, real Chroma (local and a `chroma run` server), real files."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest

from rag.embeddings import MiniLMEmbeddings
from rag.index import PassageIndex, open_client
from rag.ingest import Ingestor
from rag.settings import Settings, go_offline

from .makers import make_pdf  # noqa: F401  (re-exported for tests)
from .servers import OidcProvider, Postgres, free_port


ROOT = Path(__file__).resolve().parent.parent
go_offline()  # as every entry point does
SHARED_REPORTS = ROOT.parent / "shared" / "ofsted-reports"


@pytest.fixture(scope="session")
def shipped(tmp_path_factory):
    """The shipped documents indexed once per test session, with the production embedding backend."""
    from rag.engine import Engine

    base = tmp_path_factory.mktemp("shipped")
    shutil.copytree(ROOT / "documents", base / "documents")
    settings = Settings(documents_dir=base / "documents", index_dir=base / "index", data_dir=base / "data")
    engine = Engine.build(settings)
    assert engine.ingestor.run().ok
    return engine


# Real reports from many authorities (CI has ../shared; a user's machine need not): 17 reports, 11 authorities.
MANY = ["80426_barnsley", "80431_blackpool", "80511_newham", "80550_sefton", "80481_leeds", "80567_surrey",
        "80477_kingston upon hull", "80577_west berkshire", "80518_wandsworth", "80444_calderdale", "80453_york"]


@pytest.fixture(scope="session")
def many_authorities(tmp_path_factory):
    from rag.engine import Engine

    if not SHARED_REPORTS.exists():
        pytest.skip("../shared/ofsted-reports is not here (it is in CI)")
    base = tmp_path_factory.mktemp("many")
    for folder in MANY:
        shutil.copytree(SHARED_REPORTS / folder, base / "documents" / folder)
    settings = Settings(documents_dir=base / "documents", index_dir=base / "index", data_dir=base / "data")
    engine = Engine.build(settings)
    report = engine.ingestor.run()
    # The folder holds Ofsted web pages saved with a .pdf name, as real download folders do: each is
    # refused with its reason, and everything else is indexed.
    assert report.added and all("content is HTML" in f.reason for f in report.failed), report.failed
    return engine


@pytest.fixture(scope="session")
def embeddings() -> MiniLMEmbeddings:
    return MiniLMEmbeddings(cache_path=None)


@contextlib.contextmanager
def app_library(base: Path, **extra_env: str):
    """The app (a fresh st.cache_resource engine) reads documents, index and data under `base`."""
    import streamlit as st

    env = {"RAG_DOCUMENTS_DIR": str(base / "documents"), "RAG_INDEX_DIR": str(base / "index"), "RAG_DATA_DIR": str(base / "data"),
           **extra_env}
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    st.cache_resource.clear()
    try:
        yield base
    finally:
        st.cache_resource.clear()
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def wait_for_server(proc: subprocess.Popen, name: str, probe, timeout_s: float) -> None:
    """Until probe() stops raising OSError; a server that never answers is killed and reported."""
    deadline = time.time() + timeout_s
    while time.time() < deadline:
        try:
            probe()
            return
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError(f"{name} did not start within {timeout_s:.0f} s")


@pytest.fixture(scope="session")
def chroma_server(tmp_path_factory):
    """A real Chroma server on 127.0.0.1, as a council deployment would share."""
    chroma = shutil.which("chroma", path=str(Path(sys.executable).parent)) or shutil.which("chroma")
    port = free_port()
    data = tmp_path_factory.mktemp("chroma-server")
    proc = subprocess.Popen(
        [chroma, "run", "--path", str(data), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=dict(os.environ, ANONYMIZED_TELEMETRY="False"),
    )
    wait_for_server(proc, "chroma run", lambda: socket.create_connection(("127.0.0.1", port), timeout=0.5).close(), 60)
    yield port
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture(scope="session")
def postgres():
    """A real PostgreSQL server (Debian's package) on a free port; postgres.database() makes a fresh database."""
    server = Postgres(wait_for_server)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def oidc_provider():
    provider = OidcProvider(wait_for_server)
    yield provider
    provider.stop()


@pytest.fixture(params=["persistent", "server"])
def settings(request, tmp_path) -> Settings:
    base = Settings(documents_dir=tmp_path / "documents", index_dir=tmp_path / "index", lock_timeout_s=1.0)
    base.documents_dir.mkdir()
    if request.param == "server":
        port = request.getfixturevalue("chroma_server")
        # Each test gets its own collections on the shared server.
        base = replace(base, chroma_host="127.0.0.1", chroma_port=port, collection_prefix=f"t{abs(hash(tmp_path)) % 10**9}")
    return base


@pytest.fixture
def local_settings(tmp_path) -> Settings:
    s = Settings(documents_dir=tmp_path / "documents", index_dir=tmp_path / "index", lock_timeout_s=1.0)
    s.documents_dir.mkdir()
    return s


def build(settings: Settings, embeddings) -> tuple[PassageIndex, Ingestor]:
    index = PassageIndex(open_client(settings), embeddings, prefix=settings.collection_prefix)
    return index, Ingestor(index, settings)


@pytest.fixture
def pipeline(settings, embeddings):
    return build(settings, embeddings)


@pytest.fixture
def local_pipeline(local_settings, embeddings):
    return build(local_settings, embeddings)


@pytest.fixture(autouse=True)
def no_outbound_network(monkeypatch):
    """Nothing leaves the machine: any connection to a non-loopback address fails the test that made it."""
    import ipaddress

    real_connect = socket.socket.connect
    attempts: list = []

    def guarded(sock, address):
        host = address[0] if isinstance(address, tuple) else address
        try:
            loopback = ipaddress.ip_address(host).is_loopback
        except ValueError:
            loopback = host in ("localhost",) or sock.family == socket.AF_UNIX
        if not loopback:
            attempts.append(address)
            raise OSError(f"blocked outbound connection to {address!r} (tests run offline)")
        return real_connect(sock, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)
    yield
    assert not attempts, f"code tried to reach the network: {attempts}"


@pytest.fixture(params=["fork", "portable"])
def isolation(request) -> str:
    """Both ways of isolating a PDF parse: fork with resource limits (POSIX), and the portable spawned
    parser watched from outside (what Windows runs; selected here by the setting)."""
    return request.param
