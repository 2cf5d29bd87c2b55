"""The library as a user manages it: uploads (validated before they touch documents/), metadata
edits (kept in the catalog, so they survive re-indexing), and deletion."""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .ingest import Ingestor, Progress, file_hash, scan
from .loading import SUPPORTED_SUFFIXES, LoadError, load_file
from .metadata import CATALOG_FIELDS, KINDS, load_catalog
from .settings import Settings
from .types import IngestReport

UPLOADS = "uploads"


class UploadError(Exception):
    pass


@dataclass
class UploadResult:
    path: str
    report: IngestReport


def safe_name(name: str) -> str:
    """A file name that cannot climb out of the uploads folder or hide."""
    stem, dot, suffix = Path(name).name.rpartition(".")
    stem = re.sub(r"[^\w\- ]+", "_", stem if dot else suffix).strip(" ._") or "upload"
    return f"{stem[:120]}.{suffix.lower()}" if dot else stem[:120]


class Library:
    def __init__(self, settings: Settings, ingestor: Ingestor):
        self.settings = settings
        self.ingestor = ingestor

    @property
    def folder(self) -> Path:
        return self.settings.documents_dir

    def add_upload(self, name: str, data: bytes, progress: Progress | None = None) -> UploadResult:
        """Validate in a scratch folder first; only a file that reads cleanly and is new joins the library."""
        clean_name = safe_name(name)
        if Path(clean_name).suffix.lower() not in SUPPORTED_SUFFIXES:
            raise UploadError(f"{name}: unsupported file type (use PDF, DOCX, TXT, MD or HTML)")
        if len(data) > self.settings.max_file_bytes:
            raise UploadError(f"{name}: {len(data) / 2**20:.1f} MiB is over the {self.settings.max_file_bytes / 2**20:.0f} MiB limit")
        digest = hashlib.sha256(data).hexdigest()
        for existing in scan(self.folder, self.settings):
            if file_hash(existing) == digest:
                raise UploadError(f"{name}: the library already holds this document as {existing.relative_to(self.folder).as_posix()}")
        with tempfile.TemporaryDirectory() as scratch:
            trial = Path(scratch) / clean_name
            trial.write_bytes(data)
            try:
                load_file(trial, self.settings)
            except LoadError as exc:
                raise UploadError(f"{name}: {str(exc).removeprefix(clean_name + ': ')}") from None
        target = self.folder / UPLOADS / clean_name
        n = 1
        while target.exists():
            target = target.with_name(f"{Path(clean_name).stem} ({n}){Path(clean_name).suffix}")
            n += 1
        target.parent.mkdir(parents=True, exist_ok=True)
        _write_whole(target, data)
        try:
            report = self.ingestor.run(self.folder, progress=progress)
        except Exception:
            target.unlink(missing_ok=True)  # the library stays as it was
            raise
        relative = target.relative_to(self.folder).as_posix()
        failure = next((f for f in report.failed if f.path == relative), None)
        if failure:
            target.unlink(missing_ok=True)
            self.ingestor.run(self.folder)
            raise UploadError(f"{name}: {failure.reason}")
        return UploadResult(relative, report)

    def delete(self, relative: str) -> IngestReport:
        path = (self.folder / relative).resolve()
        if self.folder.resolve() not in path.parents or not path.is_file():
            raise UploadError(f"{relative}: not a document in the library")
        path.unlink()
        self._write_catalog({k: v for k, v in self._catalog().items() if k != relative})
        return self.ingestor.run(self.folder)

    def edit(self, relative: str, fields: dict) -> IngestReport:
        """Curated values replace inferred ones; they go to the catalog so every re-index keeps them."""
        unknown = set(fields) - CATALOG_FIELDS
        if unknown:
            raise UploadError(f"unknown fields {sorted(unknown)}")
        if "kind" in fields and fields["kind"] not in KINDS:
            raise UploadError(f"unknown kind {fields['kind']!r}")
        catalog = self._catalog()
        catalog.setdefault(relative, {}).update(fields)
        self._write_catalog(catalog)
        return self.ingestor.run(self.folder)

    def reindex(self, progress: Progress | None = None) -> IngestReport:
        return self.ingestor.run(self.folder, progress=progress)

    def _catalog(self) -> dict:
        return load_catalog(self.folder / self.settings.catalog_name)

    def _write_catalog(self, entries: dict) -> None:
        path = self.folder / self.settings.catalog_name
        data = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
        data["documents"] = entries
        _write_whole(path, (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))


def _write_whole(path: Path, data: bytes) -> None:
    """Written under a hidden name, flushed, then renamed: a crash leaves the old file or the new one,
    never half of one, and another server scanning the shared folder never indexes a partial upload."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.part")
    with open(tmp, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    tmp.replace(path)
