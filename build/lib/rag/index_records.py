"""How documents and passages are written as Chroma records, and read back (plain JSON values, so a
snapshot can keep the document records beside its table and the next process need not read Chroma)."""

from __future__ import annotations

import json
import re
from dataclasses import asdict

import numpy as np

from .embeddings import DIMENSIONS
from .passage_table import DocumentRows
from .records.model import InspectionRecord
from .types import Document, DocumentMetadata, PageStart, Passage


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")


def passage_metadata(doc: Document, passage: Passage) -> dict:
    meta = doc.metadata
    years = meta.years()
    record = {
        "doc_id": doc.doc_id,
        "version": doc.version,
        "path": doc.path,
        "title": meta.title,
        "kind": meta.kind,
        "start": passage.start,
        "end": passage.end,
        "paragraph": passage.paragraph,
        "sentences": json.dumps(passage.sentences),
        "year_from": years[0] if years else 0,
        "year_to": years[-1] if years else 0,
    }
    optional = {
        "publisher": meta.publisher,
        "published": meta.published,
        "inspection_start": meta.inspection_start,
        "inspection_end": meta.inspection_end,
        "page": passage.page,
        "section": passage.section,
    }
    record.update({k: v for k, v in optional.items() if v is not None})
    for authority in meta.local_authorities:
        record[f"la_{_slug(authority)}"] = True  # scalar flags: Chroma filters on them with $eq
    return record


def passage_from_record(passage_id: str, text: str, record: dict) -> Passage:
    return Passage(
        passage_id=passage_id,
        doc_id=record["doc_id"],
        text=text,
        start=record["start"],
        end=record["end"],
        page=record.get("page"),
        section=record.get("section"),
        paragraph=record["paragraph"],
        sentences=[tuple(s) for s in json.loads(record["sentences"])],
    )


def document_record(doc: Document, n_passages: int) -> dict:
    return {
        "path": doc.path,
        "version": doc.version,
        "content_hash": doc.content_hash,
        "fmt": doc.fmt,
        "title": doc.metadata.title,
        "kind": doc.metadata.kind,
        "metadata_json": json.dumps(asdict(doc.metadata)),
        "page_starts": json.dumps([(p.offset, p.page) for p in doc.page_starts]),
        "n_passages": n_passages,
        "record_json": json.dumps(doc.record.to_json()) if doc.record else "",
    }


def document_from_record(doc_id: str, text: str, record: dict) -> Document:
    return Document(
        doc_id=doc_id,
        path=record["path"],
        content_hash=record["content_hash"],
        version=record["version"],
        text=text,
        metadata=DocumentMetadata(**json.loads(record["metadata_json"])),
        page_starts=[PageStart(o, p) for o, p in json.loads(record["page_starts"])],
        fmt=record["fmt"],
        record=InspectionRecord.from_json(json.loads(record["record_json"])) if record.get("record_json") else None,
    )


def versions_of(records: dict[str, dict]) -> dict[str, dict]:
    """Committed documents: doc_id -> {version, content_hash, path}."""
    return {i: {"version": m["version"], "content_hash": m["content_hash"], "path": m["path"]} for i, m in records.items()}


def document_rows(doc_id: str, version: str, text: str, ids: list[str], metas: list[dict], vectors: list) -> DocumentRows:
    """One document's passage records (in text order) as the columns of a snapshot table."""
    sentences = [json.loads(m["sentences"]) for m in metas]
    columns = {"start": [m["start"] for m in metas], "end": [m["end"] for m in metas],
               "page": [m.get("page", -1) for m in metas], "paragraph": [m["paragraph"] for m in metas]}
    return DocumentRows(
        doc_id, version, text, ids, {k: np.array(v, dtype=np.int32) for k, v in columns.items()},
        [m.get("section") for m in metas], np.array([len(x) for x in sentences], dtype=np.int64),
        np.array([span for x in sentences for span in x], dtype=np.int32).reshape(-1, 2),
        np.array(vectors, dtype=np.float32).reshape(len(ids), DIMENSIONS))
