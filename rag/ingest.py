"""documents/ -> cleaned, dated, passaged, embedded, stored. Incremental and one writer at a time."""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable
from pathlib import Path

from . import chunking, cleaning, loading, metadata, records
from .index import PassageIndex
from .storage.locks import WriteLock
from .settings import Settings
from .types import Document, FileFailure, IngestReport

# Bump when cleaning, metadata or chunking change what a file becomes: every document is rebuilt.
PIPELINE_VERSION = "2026-11-23.2"

Progress = Callable[[int, int, str], None]


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
            settings: Settings) -> tuple[Document, list]:
    """Load, clean, describe and split one file. Raises LoadError with a reason for the user."""
    extracted = loading.load_file(path, settings)
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


class Ingestor:
    def __init__(self, index: PassageIndex, settings: Settings):
        self.index = index
        self.settings = settings

    def run(self, documents_dir: Path | None = None, progress: Progress | None = None) -> IngestReport:
        documents_dir = documents_dir or self.settings.documents_dir
        report = IngestReport()
        started = time.perf_counter()
        with WriteLock(self.settings):
            self.index.collect_orphans()
            catalog = metadata.load_catalog(documents_dir / self.settings.catalog_name)
            indexed = self.index.versions()
            seen_hashes: dict[str, str] = {}
            present: set[str] = set()
            files = scan(documents_dir, self.settings) if documents_dir.exists() else []
            embedded_before = getattr(self.index.embeddings, "computed", 0)
            reused_before = getattr(self.index.embeddings, "reused", 0)
            for n, path in enumerate(files, start=1):
                relative = path.relative_to(documents_dir).as_posix()
                if progress:
                    progress(n - 1, len(files), relative)
                doc_id = doc_id_for(relative)
                present.add(doc_id)
                try:
                    content_hash = file_hash(path)
                except OSError as exc:
                    report.failed.append(FileFailure(relative, f"cannot be read ({exc.strerror})"))
                    continue
                if content_hash in seen_hashes:  # only files that indexed count: two empty files both fail
                    report.skipped.append(FileFailure(relative, f"duplicate of {seen_hashes[content_hash]} (same content); indexed once"))
                    if doc_id in indexed:
                        self.index.remove(doc_id)
                    continue
                entry = catalog.get(relative)
                version = hashlib.sha256(
                    f"{content_hash}|{json.dumps(entry, sort_keys=True)}|{PIPELINE_VERSION}".encode()
                ).hexdigest()[:16]
                if indexed.get(doc_id, {}).get("version") == version:
                    report.unchanged.append(relative)
                    seen_hashes[content_hash] = relative
                    continue
                try:
                    document, passages = prepare(path, relative, content_hash, version, entry, self.settings)
                except loading.LoadError as exc:
                    reason = str(exc).removeprefix(f"{path.name}: ")
                    if doc_id in indexed:
                        reason += " (the previously indexed version is kept)"
                    report.failed.append(FileFailure(relative, reason))
                    continue
                self.index.put(document, passages)
                seen_hashes[content_hash] = relative
                (report.updated if doc_id in indexed else report.added).append(relative)
            for doc_id, info in indexed.items():
                if doc_id not in present:
                    self.index.remove(doc_id)
                    report.removed.append(info["path"])
            if progress:
                progress(len(files), len(files), "done")
            report.passages_embedded = getattr(self.index.embeddings, "computed", 0) - embedded_before
            report.passages_reused = getattr(self.index.embeddings, "reused", 0) - reused_before
        report.seconds = time.perf_counter() - started
        return report
