"""Passages and documents in Chroma: a local PersistentClient under index/, or a shared Chroma server.

A document's passages carry its version. A new version's passages are written first and the
document record is switched to them in one upsert (the commit point); only then are the old
passages deleted. A reader filters passages by the committed version, so a document is never
half-searchable, and a crash leaves at worst orphan passages that the next ingest removes.
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass

import chromadb
import numpy as np
from chromadb.config import Settings as ChromaSettings
from langchain_chroma import Chroma
from langchain_core.embeddings import Embeddings

from .index_files import IndexUnavailable, check_format
from .passage_table import DocumentRows
from .settings import Settings
from .index_records import (document_from_record, document_record, document_rows, passage_from_record, passage_metadata,
                            versions_of)
from .types import Document, Passage

_BATCH = 2048  # rows per add: large adds are cheaper per row, and Chroma takes several thousand


@dataclass
class Stored:
    """One document ready to write: its passages with their vectors, and its title's vector."""

    doc: Document
    passages: list[Passage]
    vectors: np.ndarray
    title_vector: list[float]
    new: bool = False  # never committed, and orphans were collected under the writer's lock


def title_text(doc: Document) -> str:
    """What a document's record is embedded from."""
    return doc.metadata.title or doc.path


def open_client(settings: Settings) -> chromadb.ClientAPI:
    """Chroma for these settings; a local index is checked to be in the format (and embeddings) this version writes."""
    chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
    if settings.chroma_host:
        return chromadb.HttpClient(host=settings.chroma_host, port=settings.chroma_port, settings=chroma_settings)
    settings.index_dir.mkdir(parents=True, exist_ok=True)
    check_format(settings.index_dir, settings.embeddings_backend)
    try:
        return chromadb.PersistentClient(path=str(settings.index_dir / "chroma"), settings=chroma_settings)
    except Exception as exc:
        raise IndexUnavailable(
            f"the index at {settings.index_dir} cannot be opened ({type(exc).__name__}: {exc}); "
            "run `python -m rag ingest --rebuild` to set it aside and rebuild it from documents/"
        ) from exc


def get_all(collection, include: list[str], where: dict | None = None, page: int = 5000) -> dict:
    """Every record of a collection, read a page at a time (one large read overflows Chroma's SQL limits)."""
    out: dict[str, list] = {"ids": [], **{k: [] for k in include}}
    offset = 0
    while True:
        got = collection.get(include=include, where=where, limit=page, offset=offset)
        out["ids"].extend(got["ids"])
        for k in include:
            out[k].extend(got[k] if got[k] is not None else [])
        if len(got["ids"]) < page:
            return out
        offset += page


class PassageIndex:
    def __init__(self, client: chromadb.ClientAPI, embeddings: Embeddings, prefix: str = "rag"):
        self.client = client
        self.embeddings = embeddings
        try:
            self._open(prefix)
        except Exception as exc:
            raise IndexUnavailable(
                f"the index cannot be read ({type(exc).__name__}: {exc}). "
                "Run `python -m rag ingest --rebuild` to set it aside and rebuild it from documents/"
            ) from exc
        self._versions: dict[str, dict] | None = None
        self._versions_at = 0.0
        self._versions_generation: str | None = None
        self._records: dict[str, dict] | None = None

    def _open(self, prefix: str) -> None:
        self.passages = Chroma(
            collection_name=f"{prefix}_passages",
            embedding_function=self.embeddings,
            client=self.client,
            collection_metadata={"hnsw:space": "cosine"},
        )
        # Document records hold the cleaned text and metadata; their vector is the title's.
        self.documents = self.client.get_or_create_collection(f"{prefix}_documents", metadata={"hnsw:space": "cosine"})
        self.documents.count()  # touch the store now, so a damaged index fails here with a clear message
        # One record that every commit changes: readers re-read the document list only when it did.
        self.changes = self.client.get_or_create_collection(f"{prefix}_changes")

    # --- reading ---------------------------------------------------------------------------------

    def document_records(self) -> dict[str, dict]:
        """Every committed document's record (metadata only), by doc_id."""
        got = get_all(self.documents, ["metadatas"])
        return dict(zip(got["ids"], got["metadatas"]))

    def versions(self) -> dict[str, dict]:
        """Committed documents: doc_id -> {version, content_hash, path}."""
        return versions_of(self.document_records())

    def take_records(self, versions: dict[str, dict]) -> dict[str, dict] | None:
        """The document records read with these (cached) versions, once; None if they were not read with them."""
        records, self._records = self._records, None
        return records if versions is self._versions else None

    def seed_versions(self, versions: dict[str, dict], generation: str) -> None:
        """Versions known to match this generation (a saved snapshot's): no need to read them from Chroma."""
        self._versions, self._versions_generation, self._versions_at = versions, generation, time.monotonic()

    def versions_cached(self, max_age_s: float = 2.0) -> dict[str, dict]:
        """versions(), checked at most every max_age_s (another process may ingest) and re-read only if a
        commit happened since (an index written before the change marker existed is re-read every time)."""
        now = time.monotonic()
        if self._versions is not None and now - self._versions_at <= max_age_s:
            return self._versions
        generation = self.generation()
        if self._versions is None or generation is None or generation != self._versions_generation:
            self._records = self.document_records()  # kept until the snapshot takes them: one read serves both
            self._versions, self._versions_generation = versions_of(self._records), generation
        self._versions_at = now
        return self._versions

    @property
    def versions_generation(self) -> str | None:
        """The change marker's value when the cached versions were read (None: unknown or never read)."""
        return self._versions_generation if self._versions is not None else None

    def generation(self) -> str | None:
        got = self.changes.get(ids=["generation"], include=["metadatas"])
        return got["metadatas"][0]["value"] if got["ids"] else None

    def mark_changed(self) -> None:
        """Called after every commit (writers hold WriteLock); the value only has to differ from the last."""
        self.changes.upsert(ids=["generation"], embeddings=[[1.0]], metadatas=[{"value": uuid.uuid4().hex}])
        self._versions = None

    def list_documents(self) -> list[Document]:
        return sorted((document_from_record(i, "", m) for i, m in self.document_records().items()), key=lambda d: d.path)

    def get_document(self, doc_id: str) -> Document | None:
        got = self.documents.get(ids=[doc_id], include=["metadatas", "documents"])
        if not got["ids"]:
            return None
        return document_from_record(doc_id, got["documents"][0], got["metadatas"][0])

    def nearest(self, vector: list[float], n: int) -> list[tuple[str, float]]:
        """Passage ids nearest a query vector, with cosine similarity (committed or not: callers filter)."""
        hits = self.passages._collection.query(query_embeddings=[vector], n_results=n, include=["distances"])
        return [(i, 1 - d) for i, d in zip(hits["ids"][0], hits["distances"][0])]

    def all_passages(self, vectors: bool = False) -> dict:
        """Every passage record (ids, texts, metadatas and, if asked, vectors), read a page at a time."""
        return get_all(self.passages._collection, ["documents", "metadatas"] + (["embeddings"] if vectors else []))

    def document_rows(self, doc_ids: list[str], versions: dict[str, dict], chunk: int = 100) -> list[DocumentRows]:
        """The committed passages of these documents as columns (with vectors), read a few documents at a time."""
        out: list[DocumentRows] = []
        for c in range(0, len(doc_ids), chunk):
            ids = doc_ids[c: c + chunk]
            texts = self.documents.get(ids=ids, include=["documents"])
            text_of = dict(zip(texts["ids"], texts["documents"]))
            got = get_all(self.passages._collection, ["metadatas", "embeddings"], where={"doc_id": {"$in": ids}})
            rows: dict[str, list[int]] = {}
            for i, m in enumerate(got["metadatas"]):
                if versions.get(m["doc_id"], {}).get("version") == m["version"]:
                    rows.setdefault(m["doc_id"], []).append(i)
            for doc_id in ids:
                if doc_id not in text_of:
                    continue  # removed since the versions were read
                mine = sorted(rows.get(doc_id, []), key=lambda i: got["metadatas"][i]["start"])
                out.append(document_rows(doc_id, versions[doc_id]["version"], text_of[doc_id], [got["ids"][i] for i in mine],
                                         [got["metadatas"][i] for i in mine], [got["embeddings"][i] for i in mine]))
        return out

    def passage_count(self, doc_id: str | None = None) -> int:
        if doc_id is None:
            return self.passages._collection.count()
        return len(get_all(self.passages._collection, [], where={"doc_id": doc_id})["ids"])

    def passages_of(self, doc_id: str) -> list[Passage]:
        version = self.versions().get(doc_id, {}).get("version")
        got = get_all(self.passages._collection, ["documents", "metadatas"],
                      where={"$and": [{"doc_id": doc_id}, {"version": version or ""}]})
        found = [passage_from_record(i, t, m) for i, t, m in zip(got["ids"], got["documents"], got["metadatas"])]
        return sorted(found, key=lambda p: p.start)

    def search(self, query: str, k: int = 5, where: dict | None = None) -> list[tuple[Passage, float]]:
        """Dense search over committed passages only."""
        active = {d: v["version"] for d, v in self.versions_cached().items()}
        hits = self.passages.similarity_search_with_score(query, k=k * 2, filter=where)
        results = []
        for doc, distance in hits:
            if active.get(doc.metadata["doc_id"]) != doc.metadata["version"]:
                continue  # a version mid-replace or left by a crash
            results.append((passage_from_record(doc.id, doc.page_content, doc.metadata), 1.0 - distance))
        return results[:k]

    # --- writing (callers hold WriteLock) --------------------------------------------------------

    def put(self, doc: Document, passages: list[Passage], vectors: np.ndarray | None = None,
            title_vector: list[float] | None = None, new: bool = False) -> None:
        """Write a document's passages, then commit it. `vectors` and `title_vector`: embeddings, if already computed."""
        if vectors is None:
            vectors = np.asarray(self.embeddings.embed_documents([p.text for p in passages]), dtype=np.float32)
        if title_vector is None:
            title_vector = self.embeddings.embed_documents([title_text(doc)])[0]
        self.put_many([Stored(doc, passages, vectors, title_vector, new)])

    def put_many(self, stored: list[Stored]) -> None:
        """Write several documents' passages in large adds (Chroma's writes cost less per row in large batches:
        1,600 passages took 1.2-1.4 s in adds of 400 or more, 1.7-2.1 s in adds of 80), then commit each
        document in turn. `Stored.new`: the caller collected orphans under the write lock it holds and the
        document has no committed version, so none of its passages can be stored and nothing is deleted (each
        filtered delete scans every passage's metadata: 25 ms at 20 reports, more as the library grows)."""
        collection = self.passages._collection
        for item in stored:
            if not item.new:  # leftovers of a crash
                collection.delete(where={"$and": [{"doc_id": item.doc.doc_id}, {"version": item.doc.version}]})
        rows = [(item.doc, p) for item in stored for p in item.passages]
        parts = [np.asarray(item.vectors, dtype=np.float32) for item in stored if item.passages]
        vectors = np.concatenate(parts) if parts else None
        for i in range(0, len(rows), _BATCH):
            batch = rows[i: i + _BATCH]
            collection.add(ids=[p.passage_id for _, p in batch], documents=[p.text for _, p in batch],
                           metadatas=[passage_metadata(d, p) for d, p in batch], embeddings=vectors[i: i + _BATCH])
        for item in stored:
            self._commit(item)

    def _commit(self, item: Stored) -> None:
        doc = item.doc
        self.mark_changed()  # before the commit too: a crash after it never leaves a saved snapshot looking current
        self.documents.upsert(  # the commit point: readers switch to the new version here
            ids=[doc.doc_id],
            documents=[doc.text],
            embeddings=[list(item.title_vector)],
            metadatas=[document_record(doc, len(item.passages))],
        )
        self.mark_changed()
        if not item.new:
            collection = self.passages._collection
            collection.delete(where={"$and": [{"doc_id": doc.doc_id}, {"version": {"$ne": doc.version}}]})

    def remove(self, doc_id: str) -> None:
        self.mark_changed()
        self.documents.delete(ids=[doc_id])  # gone from readers at once
        self.mark_changed()
        self.passages._collection.delete(where={"doc_id": doc_id})

    def collect_orphans(self) -> int:
        """Delete passages whose document version is not committed (left by a crash mid-ingest)."""
        active = {d: v["version"] for d, v in self.versions().items()}
        got = get_all(self.passages._collection, ["metadatas"])
        orphans = [i for i, m in zip(got["ids"], got["metadatas"]) if active.get(m["doc_id"]) != m["version"]]
        for i in range(0, len(orphans), 5000):
            self.passages._collection.delete(ids=orphans[i: i + 5000])
        return len(orphans)
