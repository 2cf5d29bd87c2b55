"""The committed passages (a columnar table) with a bm25s index over them.

Saved under index/snapshot/<signature>/ and mapped by every later process; rebuilt only when the set
of committed document versions changes (an ingest), never on a query.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
import shutil
import threading
from dataclasses import dataclass
from pathlib import Path

import bm25s
import numpy as np
import Stemmer
from bm25s.stopwords import STOPWORDS_EN

from . import passage_table
from .embeddings import DIMENSIONS
from .index import PassageIndex
from .index_records import document_from_record, versions_of
from .passage_table import PassageTable
from .types import Document

_stemmer = Stemmer.Stemmer("english")
_DOCUMENTS = "documents.json"  # the document records this snapshot was built from, and the index generation they match


def tokenize(texts: list[str]):
    return bm25s.tokenize(texts, stopwords="en", stemmer=_stemmer, show_progress=False)


_words = re.compile(r"(?u)\b\w\w+\b").findall  # bm25s's own pattern and stop words: the same stems as the index
_stopwords = frozenset(STOPWORDS_EN)


def stems(text: str) -> list[str]:
    """bm25s's tokens for one text, without its per-call set-up (this runs for every candidate sentence)."""
    return _stemmer.stemWords([w for w in _words(text.lower()) if w not in _stopwords])


@dataclass
class Snapshot:
    signature: str
    passages: PassageTable
    documents: dict[str, Document]  # metadata only (texts are in passages.texts)
    bm25: bm25s.BM25 | None
    idf: dict[str, float]
    position: dict[str, int]  # passage_id -> index in passages

    @functools.cached_property
    def years_of(self) -> dict[str, frozenset[int]]:
        """Each document's years (asked of every document by every dated question)."""
        return {d: frozenset(doc.metadata.years()) for d, doc in self.documents.items()}

    @functools.cached_property
    def authority_count(self) -> int:
        return len({la for doc in self.documents.values() for la in doc.metadata.local_authorities[:1]})

    @property
    def doc_ids(self) -> list[str]:
        return self.passages.doc_ids

    @property
    def doc_index(self) -> np.ndarray:
        return self.passages.doc_index

    def text_of(self, doc_id: str) -> str | None:
        return self.passages.texts.get(doc_id)

    def lexical(self, query: str, mask: np.ndarray | None, k: int = 50) -> list[tuple[int, float]]:
        """bm25s over this snapshot's passages (one snapshot per query: an ingest may publish a new one meanwhile)."""
        if self.bm25 is None:
            return []
        tokens = [t for t in stems(query) if t in self.bm25.vocab_dict]
        if not tokens:
            return []
        scores = self.bm25.get_scores(tokens)  # bm25s's own weight_mask path is 10x slower at 100k passages
        if mask is not None:
            scores = np.where(mask, scores, 0.0)
        k = min(k, len(scores))
        best = np.argpartition(-scores, k - 1)[:k]
        best = best[np.argsort(-scores[best], kind="stable")]
        return [(int(i), float(scores[i])) for i in best if scores[i] > 0]

    def dense(self, query_vector: np.ndarray, rows: np.ndarray | None, k: int) -> list[tuple[int, float]]:
        """Exact cosine over the saved (normalised) vectors of these passages, or of all (rows None): the same
        ranking as Chroma's, without loading its HNSW index, and cheaper than its filtered search."""
        vectors = self.passages.vectors
        if rows is not None and not len(rows) or not len(vectors):
            return []
        similarity = (vectors if rows is None else np.asarray(vectors[rows])) @ query_vector  # the map is read, not copied
        k = min(k, len(similarity))
        best = np.argpartition(-similarity, k - 1)[:k]
        best = best[np.argsort(-similarity[best], kind="stable")]
        return [(int(b if rows is None else rows[b]), float(similarity[b])) for b in best]

    def mask_for(self, doc_ids: set[str]) -> np.ndarray:
        """Which passages belong to these documents, without touching every passage id."""
        allowed = np.fromiter((d in doc_ids for d in self.doc_ids), dtype=bool, count=len(self.doc_ids))
        return allowed[self.doc_index]


class PassageCorpus:
    """The snapshot of committed passages. Saved under cache_dir/<signature>/ (table and bm25s index) and
    loaded from there by the next process; after an ingest, unchanged documents' rows are carried over and
    only the changed documents are read from Chroma."""

    def __init__(self, index: PassageIndex, cache_dir: Path | None = None):
        self.index = index
        self.cache_dir = cache_dir
        self._snapshot: Snapshot | None = None
        self._signed: tuple[dict | None, str] = (None, "")
        self._saved_records: dict[str, dict] | None = None
        self._lock = threading.Lock()

    def signature(self, versions: dict[str, dict]) -> str:
        joined = "|".join(f"{d}:{v['version']}" for d, v in sorted(versions.items()))
        return hashlib.sha256(joined.encode()).hexdigest()[:16]

    def snapshot(self) -> Snapshot:
        """The current committed corpus; rebuilt only if an ingest changed it."""
        if self._snapshot is None:
            with self._lock:
                if self._snapshot is None and self._saved_records is None:
                    self._seed_from_saved()
        versions = self.index.versions_cached()
        if versions is not self._signed[0]:  # the same dict until it is re-read: sign it once
            self._signed = (versions, self.signature(versions))
        signature = self._signed[1]
        with self._lock:
            if self._snapshot is None or self._snapshot.signature != signature:
                self._snapshot = self._build(signature, versions)
            return self._snapshot

    def _seed_from_saved(self) -> None:
        """A new process: if a saved snapshot belongs to the index's current generation, its document records
        stand for Chroma's (reading every document's metadata from Chroma costs ~0.7 s and ~230 MB at 100k passages)."""
        generation = self.index.generation()
        if not generation or not self.cache_dir or not self.cache_dir.exists():
            return
        for saved in self.cache_dir.iterdir():
            try:
                data = json.loads((saved / _DOCUMENTS).read_text())
            except (OSError, ValueError):
                continue
            if data.get("generation") == generation:
                self._saved_records = data["records"]
                self.index.seed_versions(versions_of(self._saved_records), generation)
                return

    def _build(self, signature: str, versions: dict[str, dict]) -> Snapshot:
        saved, self._saved_records = self._saved_records, None
        taken = self.index.take_records(versions)  # read with these versions, unless another thread re-read since
        records = next((r for r in (saved, taken) if r is not None and versions_of(r) == versions), None)
        from_saved = records is not None and records is saved
        if records is None:
            records = self.index.document_records()  # a commit since: filtered to these versions below
        records = {d: m for d, m in records.items() if versions.get(d, {}).get("version") == m["version"]}
        documents = {d: document_from_record(d, "", m) for d, m in sorted(records.items(), key=lambda x: x[1]["path"])}
        target = self.cache_dir / signature if self.cache_dir else None
        table = passage_table.load(target / "table") if target else None
        if table is None:
            table = self._table(documents)
            if target:
                passage_table.save(table, target / "table")
                table = passage_table.load(target / "table") or table  # mapped: texts and vectors leave the heap
        bm25 = self._load_or_build_bm25(target, table)
        if target and self.index.versions_generation and not from_saved:  # a seeded start has nothing new to save
            _write_json(target / _DOCUMENTS, {"generation": self.index.versions_generation, "records": records})
        if self.cache_dir and self.cache_dir.exists():
            for old in self.cache_dir.iterdir():  # one saved snapshot is enough
                if old.name != signature and not old.name.startswith("."):
                    shutil.rmtree(old, ignore_errors=True)
        idf = self._idf(bm25) if bm25 else {}
        return Snapshot(signature, table, documents, bm25, idf, {p: i for i, p in enumerate(table.ids)})

    def save_built(self, records: dict[str, dict], table: PassageTable) -> None:
        """Save a table and the document records it holds as the snapshot of the index's current generation,
        as `_build` would after reading them from Chroma (the bench's national-scale libraries are made so)."""
        target = self.cache_dir / self.signature(versions_of(records))
        passage_table.save(table, target / "table")
        _write_json(target / _DOCUMENTS, {"generation": self.index.generation(), "records": records})

    def _table(self, documents: dict[str, Document]) -> PassageTable:
        previous = self._snapshot.passages if self._snapshot is not None else self._saved_table()
        kept = {d: previous.rows_of(d) for d, doc in documents.items()
                if previous is not None and previous.versions.get(d) == doc.version}
        fresh = self.index.document_rows([d for d in documents if d not in kept],
                                         {d: {"version": doc.version} for d, doc in documents.items()})
        rows = {**kept, **{r.doc_id: r for r in fresh}}
        ordered = sorted(rows.values(), key=lambda r: documents[r.doc_id].path)
        return passage_table.build(ordered, DIMENSIONS)

    def _saved_table(self) -> PassageTable | None:
        """The last table any process saved (e.g. before the CLI ingested one more document)."""
        if not self.cache_dir or not self.cache_dir.exists():
            return None
        for saved in sorted(self.cache_dir.iterdir(), key=lambda p: -p.stat().st_mtime):
            table = passage_table.load(saved / "table")
            if table is not None:
                return table
        return None

    def _load_or_build_bm25(self, target: Path | None, table: PassageTable) -> bm25s.BM25 | None:
        if not len(table):
            return None
        saved = target / "bm25" if target else None
        if saved and (saved / "params.index.json").exists():
            try:
                return bm25s.BM25.load(str(saved), show_progress=False, mmap=True)  # a query reads only its terms' columns
            except Exception:
                shutil.rmtree(saved, ignore_errors=True)
        bm25 = bm25s.BM25()
        bm25.index(tokenize(list(table.texts_of_all())), show_progress=False)
        if saved:
            saved.mkdir(parents=True, exist_ok=True)
            bm25.save(str(saved), show_progress=False)
        return bm25

    @staticmethod
    def _idf(bm25: bm25s.BM25) -> dict[str, float]:
        n_docs = bm25.scores["num_docs"]
        indptr = bm25.scores["indptr"]
        df = np.diff(indptr)
        idf = np.log(1 + (n_docs - df + 0.5) / (df + 0.5))
        return {token: float(idf[i]) for token, i in bm25.vocab_dict.items() if i < len(idf)}



def _write_json(path: Path, value: dict) -> None:
    partial = path.with_suffix(f".{os.getpid()}.partial")
    partial.write_text(json.dumps(value))
    partial.replace(path)  # atomic: a reader sees the old file or the new one
