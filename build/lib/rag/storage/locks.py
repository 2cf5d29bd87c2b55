"""The index's single writer: a file lock on one machine, a PostgreSQL session advisory lock across
machines (held on its own connection, so the server frees it the moment a writer dies, even by kill -9)."""

from __future__ import annotations

import os
import time
import zlib

import sqlalchemy as sa
from filelock import FileLock, Timeout
from sqlalchemy.pool import NullPool

from ..index_files import IndexBusy
from ..settings import Settings
from .database import normalise_url


class AdvisoryLock:
    def __init__(self, url: str, name: str, timeout_s: float, poll_s: float = 0.2):
        self._engine = sa.create_engine(normalise_url(url), poolclass=NullPool)
        self._key = zlib.crc32(f"rag-index-writer:{name}".encode())  # one lock per index (collection prefix)
        self._timeout = timeout_s
        self._poll = poll_s
        self._connection: sa.Connection | None = None

    def acquire(self) -> bool:
        """True once held; False when another writer still held it after the timeout."""
        connection = self._engine.connect()
        deadline = time.monotonic() + self._timeout
        while True:
            if connection.execute(sa.text("SELECT pg_try_advisory_lock(:k)"), {"k": self._key}).scalar_one():
                connection.commit()
                self._connection = connection
                return True
            connection.rollback()
            if time.monotonic() >= deadline:
                connection.close()
                return False
            time.sleep(self._poll)

    def release(self) -> None:
        if self._connection is not None:
            self._connection.execute(sa.text("SELECT pg_advisory_unlock(:k)"), {"k": self._key})
            self._connection.close()
            self._connection = None

    def holder(self) -> str:
        """Which database session holds the lock, for the error message."""
        with self._engine.connect() as c:
            row = c.execute(sa.text("SELECT a.client_addr, a.pid FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
                                    "WHERE l.locktype = 'advisory' AND l.objid = :k AND l.granted"), {"k": self._key}).first()
        return f"the server at {row[0] or 'localhost'} (database session {row[1]})" if row else "another server"


def writer_lock(settings: Settings) -> FileLock:
    settings.index_dir.mkdir(parents=True, exist_ok=True)
    return FileLock(str(settings.index_dir / "write.lock"), timeout=settings.lock_timeout_s)


class WriteLock:
    """One writer at a time: a second ingest or upload waits up to lock_timeout_s, then fails clearly.

    A file lock on one machine; with PostgreSQL (a team's servers sharing one Chroma) an advisory lock
    that every server sees."""

    def __init__(self, settings: Settings):
        self._timeout = settings.lock_timeout_s
        self._owner_file = settings.index_dir / "write.lock.owner"
        self._shared = AdvisoryLock(settings.database_url, settings.collection_prefix, self._timeout) if settings.uses_postgres else None
        self._lock = None if self._shared else writer_lock(settings)

    def __enter__(self) -> "WriteLock":
        if self._shared:
            if not self._shared.acquire():
                raise self._busy(self._shared.holder())
            return self
        try:
            self._lock.acquire()
        except Timeout:
            raise self._busy(self._owner_file.read_text().strip() if self._owner_file.exists() else "another process") from None
        self._owner_file.write_text(f"process {os.getpid()}")
        return self

    def _busy(self, owner: str) -> "IndexBusy":
        return IndexBusy(f"the index is being written by {owner}; waited {self._timeout:.0f} s. "
                         "Try again when that ingest or upload has finished.")

    def __exit__(self, *exc) -> None:
        if self._shared:
            self._shared.release()
            return
        self._owner_file.unlink(missing_ok=True)
        self._lock.release()
