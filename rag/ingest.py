"""documents/ -> cleaned, dated, passaged, embedded, stored. Incremental and one writer at a time."""

from __future__ import annotations

import hashlib
import json
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from . import chunking, cleaning, loading, metadata, records
from .index import PassageIndex, Stored, title_text
from .pdf_parsers import PdfParsers
from .storage.locks import WriteLock
from .settings import Settings
from .types import Document, FileFailure, IngestReport

# Bump when cleaning, metadata or chunking change what a file becomes: every document is rebuilt.
PIPELINE_VERSION = "2026-12-02.9"  # inspection dates written as numbers (12/09/2016 to 06/10/2016); an inspection before 2013 has its overall grade (looked-after or safeguarding services); an LSCB review published on its own is its own kind; a paused inspection ends on its last day ("… and 13 to 16 January 2025"); lead inspector also as "Lead inspector on site" (SIF) and "Reporting inspector" (2013); nothing before 2018 is ILACS; a list item is never a heading; a SIF overall grade after a straight apostrophe

def doc_id_for(relative_path: str) -> str:
    return hashlib.sha1(relative_path.encode("utf-8")).hexdigest()[:16]


def file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def scan(documents_dir: Path, settings: Settings) -> list[Path]:
    files = []
    for path in sorted(documents_dir.rglob("*")):
        relative = path.relative_to(documents_dir)
        if any(part.startswith(".") for part in relative.parts) or not path.is_file():
            continue
        if path.name in settings.ignored_names:
            continue
        files.append(path)
    return files


def prepare(path: Path, relative: str, content_hash: str, version: str, catalog_entry: dict | None,
            settings: Settings, parsers: PdfParsers | None = None) -> tuple[Document, list]:
    """Load, clean, describe and split one file. Raises LoadError with a reason for the user."""
    extracted = loading.load_file(path, settings, parsers)
    cleaned = cleaning.clean(extracted)
    if len(cleaned.text.strip()) < 20:
        raise loading.LoadError(f"{path.name}: no readable text after cleaning")
    meta = metadata.build_metadata(cleaned.text, extracted, path, catalog_entry)
    if relative.startswith("uploads/"):
        meta.origin = "upload"
    document = Document(
        doc_id=doc_id_for(relative),
        path=relative,
        content_hash=content_hash,
        version=version,
        text=cleaned.text,
        metadata=meta,
        page_starts=cleaned.page_starts,
        fmt=extracted.fmt,
    )
    document.record = records.build(document)
    passages = chunking.split_document(document, settings.passage_min_chars, settings.passage_max_chars)
    return document, passages


@dataclass
class IngestProgress:
    """What a progress bar shows: files done of total, the current file, and throughput so far."""

    done: int
    total: int
    name: str
    pages: int = 0
    passages: int = 0
    seconds: float = 0.0

    @property
    def fraction(self) -> float:
        return self.done / self.total if self.total else 1.0

    @property
    def rates(self) -> str:
        if self.seconds <= 0 or not self.passages:
            return ""
        return f"{self.pages / self.seconds:.1f} pages/s, {self.passages / self.seconds:.1f} passages/s"


Progress = Callable[[IngestProgress], None]


class _Writes:
    """Index writes, in order, on one thread. A failed write is raised at the next hand-over or at the end.

    A pass's writes are held until the next pass's model is running (`release`): Chroma's local writes hold
    the interpreter lock throughout, and started at once they kept the next pass from starting (0.1-0.5 s
    of idle cores at every pass, 1.3-1.7 s per 20 reports)."""

    def __init__(self, writer: ThreadPoolExecutor):
        self.writer = writer
        self.queued: deque[Future] = deque()
        self.held: list[tuple[Callable, tuple]] = []

    def submit(self, fn: Callable, *args) -> None:
        self.release()
        self._start(fn, *args)

    def hold(self, fn: Callable, *args) -> None:
        self.held.append((fn, args))

    def release(self) -> None:
        held, self.held = self.held, []
        for fn, args in held:
            self._start(fn, *args)

    def _start(self, fn: Callable, *args) -> None:
        while self.queued and self.queued[0].done():
            self.queued.popleft().result()
        self.queued.append(self.writer.submit(fn, *args))

    def finish(self) -> None:
        self.release()
        while self.queued:
            self.queued.popleft().result()


@dataclass
class _Work:
    path: Path
    relative: str
    doc_id: str
    content_hash: str
    version: str
    entry: dict | None
    prepared: Future | None = None  # (Document, passages), made ahead in a worker thread


class Ingestor:
    """Three things run at once, so the model never waits: worker threads prepare files (read, PDF text from
    warm parser processes, clean, describe, split) ahead; this thread embeds whatever is prepared in one
    token-sorted pass; one writer thread stores and commits the previous pass in order."""

    def __init__(self, index: PassageIndex, settings: Settings, prepare_ahead: int = 8, embed_together: int = 256,
                 preparers: int = 2):
        self.index = index
        self.settings = settings
        # Files queued ahead: enough to fill the next embedding pass while this one runs.
        self.prepare_ahead = prepare_ahead
        # Most passages embedded in one pass: with token-sorted batches 256 runs as fast as 1024, and the last
        # pass, whose writes nothing overlaps, stays short.
        self.embed_together = embed_together
        self.preparers = preparers

    def run(self, documents_dir: Path | None = None, progress: Progress | None = None) -> IngestReport:
        documents_dir = documents_dir or self.settings.documents_dir
        report = IngestReport()
        started = time.perf_counter()
        with WriteLock(self.settings), PdfParsers(self.settings) as parsers, \
                ThreadPoolExecutor(max_workers=self.preparers) as pool, ThreadPoolExecutor(max_workers=1) as writer:
            self.index.collect_orphans()
            catalog = metadata.load_catalog(documents_dir / self.settings.catalog_name)
            indexed = self.index.versions()
            files = scan(documents_dir, self.settings) if documents_dir.exists() else []
            present = {doc_id_for(path.relative_to(documents_dir).as_posix()) for path in files}
            embedded_before = getattr(self.index.embeddings, "computed", 0)
            reused_before = getattr(self.index.embeddings, "reused", 0)
            work = self._plan(files, documents_dir, catalog, report)
            first_of_hash: dict[str, str] = {}
            for item in work:
                first_of_hash.setdefault(item.content_hash, item.relative)
            seen_hashes: dict[str, str] = {}
            counts = [0, 0]  # pages, passages
            ready: list[tuple[_Work, Document, list]] = []  # prepared, embedded together, then committed one by one
            writes = _Writes(writer)
            pending = [w for w in work if first_of_hash[w.content_hash] == w.relative and indexed.get(w.doc_id, {}).get("version") != w.version]
            ahead, inflight = iter(pending), deque()

            def submit_next() -> None:
                item = next(ahead, None)
                if item is not None:
                    item.prepared = pool.submit(prepare, item.path, item.relative, item.content_hash, item.version, item.entry,
                                                self.settings, parsers)
                    inflight.append(item)

            for _ in range(self.prepare_ahead):
                submit_next()
            for n, item in enumerate(work, start=1):
                if progress:
                    progress(IngestProgress(n - 1, len(work), item.relative, *counts, time.perf_counter() - started))
                if item.content_hash in seen_hashes:  # only files that indexed count: two empty files both fail
                    report.skipped.append(FileFailure(item.relative, f"duplicate of {seen_hashes[item.content_hash]} (same content); indexed once"))
                    if item.doc_id in indexed:
                        writes.submit(self.index.remove, item.doc_id)
                    continue
                if indexed.get(item.doc_id, {}).get("version") == item.version:
                    report.unchanged.append(item.relative)
                    seen_hashes[item.content_hash] = item.relative
                    continue
                try:
                    if item.prepared is not None:
                        inflight.popleft()
                        submit_next()
                        document, passages = item.prepared.result()
                    else:  # a same-content file whose first copy failed: prepared only now
                        document, passages = prepare(item.path, item.relative, item.content_hash, item.version, item.entry,
                                                     self.settings, parsers)
                except loading.LoadError as exc:
                    reason = str(exc).removeprefix(f"{item.path.name}: ")
                    if item.doc_id in indexed:
                        reason += " (the previously indexed version is kept)"
                    report.failed.append(FileFailure(item.relative, reason))
                    continue
                seen_hashes[item.content_hash] = item.relative
                ready.append((item, document, passages))
                waiting = bool(inflight) and not inflight[0].prepared.done()
                if sum(len(r[2]) for r in ready) >= self.embed_together or waiting:  # never idle while a file is parsed
                    self._commit(ready, indexed, report, counts, writes)
            # The last pass's writes overlap nothing: a last file of its own keeps them short.
            last = ready[-1:] if len(ready) > 1 else []
            del ready[len(ready) - len(last):]
            self._commit(ready, indexed, report, counts, writes)
            self._commit(last, indexed, report, counts, writes)
            for doc_id, info in indexed.items():
                if doc_id not in present:
                    writes.submit(self.index.remove, doc_id)
                    report.removed.append(info["path"])
            writes.finish()
            if progress:
                progress(IngestProgress(len(work), len(work), "done", *counts, time.perf_counter() - started))
            report.passages_embedded = getattr(self.index.embeddings, "computed", 0) - embedded_before
            report.passages_reused = getattr(self.index.embeddings, "reused", 0) - reused_before
            report.pages, report.passages = counts
        report.seconds = time.perf_counter() - started
        return report

    def _commit(self, ready: list, indexed: dict, report: IngestReport, counts: list[int], writes: _Writes) -> None:
        """Embed several files' passages and titles in one length-sorted pass, then hand them to the writer."""
        if not ready:
            return
        texts = [p.text for _, _, ps in ready for p in ps] + [title_text(d) for _, d, _ in ready]
        embeddings = self.index.embeddings
        if hasattr(embeddings, "embed_many"):
            vectors = embeddings.embed_many(texts, on_start=writes.release)
        else:  # any LangChain Embeddings
            writes.release()
            vectors = np.asarray(embeddings.embed_documents(texts), dtype=np.float32)
        titles = vectors[len(texts) - len(ready):]
        at, stored = 0, []
        for (item, document, passages), title in zip(ready, titles):
            # Orphans were collected under this run's lock: a document never committed has nothing to delete.
            stored.append(Stored(document, passages, vectors[at: at + len(passages)], title.tolist(), item.doc_id not in indexed))
            at += len(passages)
            counts[0] += max(1, len(document.page_starts))
            counts[1] += len(passages)
            (report.updated if item.doc_id in indexed else report.added).append(item.relative)
        writes.hold(self.index.put_many, stored)  # one write for the pass: large adds cost less per row
        ready.clear()

    def _plan(self, files: list[Path], documents_dir: Path, catalog: dict, report: IngestReport) -> list[_Work]:
        """Each readable file with its content hash and the version it would be indexed as (cheap: no parsing)."""
        work = []
        for path in files:
            relative = path.relative_to(documents_dir).as_posix()
            try:
                content_hash = file_hash(path)
            except OSError as exc:
                report.failed.append(FileFailure(relative, f"cannot be read ({exc.strerror})"))
                continue
            entry = catalog.get(relative)
            version = hashlib.sha256(f"{content_hash}|{json.dumps(entry, sort_keys=True)}|{PIPELINE_VERSION}".encode()).hexdigest()[:16]
            work.append(_Work(path, relative, doc_id_for(relative), content_hash, version, entry))
        return work
