"""The committed passages in memory with a bm25s index over them.

Built once per process from Chroma and saved under index/bm25/; rebuilt only when the set of
committed document versions changes (an ingest), never on a query.
"""

from __future__ import annotations

import hashlib
import shutil
import threading
from dataclasses import dataclass
from pathlib import Path

import bm25s
import numpy as np
import Stemmer

from .index import PassageIndex, passage_from_record
from .types import Document, Passage

_stemmer = Stemmer.Stemmer("english")


def tokenize(texts: list[str]):
    return bm25s.tokenize(texts, stopwords="en", stemmer=_stemmer, show_progress=False)


def stems(text: str) -> list[str]:
    tokens = bm25s.tokenize([text], stopwords="en", stemmer=_stemmer, show_progress=False, return_ids=False)
    return tokens[0] if tokens else []


@dataclass
class Snapshot:
    signature: str
    passages: list[Passage]
    documents: dict[str, Document]  # metadata only (text loaded on demand)
    doc_index: np.ndarray  # passage i belongs to documents[doc_ids[doc_index[i]]]
    doc_ids: list[str]
    bm25: bm25s.BM25 | None
    idf: dict[str, float]
    position: dict[str, int]  # passage_id -> index in passages

    def lexical(self, query: str, mask: np.ndarray | None, k: int = 50) -> list[tuple[int, float]]:
        """bm25s over this snapshot's passages (one snapshot per query: an ingest may publish a new one meanwhile)."""
        if self.bm25 is None:
            return []
        tokens = [t for t in stems(query) if t in self.bm25.vocab_dict]
        if not tokens:
            return []
        weight_mask = mask.astype(np.float32) if mask is not None else None
        ids, scores = self.bm25.retrieve([tokens], k=min(k, len(self.passages)), show_progress=False, weight_mask=weight_mask)
        return [(int(i), float(s)) for i, s in zip(ids[0], scores[0]) if s > 0]

    def mask_for(self, doc_ids: set[str]) -> np.ndarray:
        """Which passages belong to these documents, without touching every passage id."""
        allowed = np.fromiter((d in doc_ids for d in self.doc_ids), dtype=bool, count=len(self.doc_ids))
        return allowed[self.doc_index]


class PassageCorpus:
    def __init__(self, index: PassageIndex, cache_dir: Path | None = None):
        self.index = index
        self.cache_dir = cache_dir
        self._snapshot: Snapshot | None = None
        self._lock = threading.Lock()

    def signature(self, versions: dict[str, dict]) -> str:
        joined = "|".join(f"{d}:{v['version']}" for d, v in sorted(versions.items()))
        return hashlib.sha256(joined.encode()).hexdigest()[:16]

    def snapshot(self) -> Snapshot:
        """The current committed corpus; rebuilt only if an ingest changed it."""
        versions = self.index.versions_cached()
        signature = self.signature(versions)
        with self._lock:
            if self._snapshot is None or self._snapshot.signature != signature:
                self._snapshot = self._build(signature, versions)
            return self._snapshot

    def _build(self, signature: str, versions: dict[str, dict]) -> Snapshot:
        documents = {d.doc_id: d for d in self.index.list_documents()}
        got = self.index.all_passages()
        passages = [
            passage_from_record(i, t, m)
            for i, t, m in zip(got["ids"], got["documents"], got["metadatas"])
            if versions.get(m["doc_id"], {}).get("version") == m["version"]
        ]
        passages.sort(key=lambda p: (documents[p.doc_id].path, p.start))
        doc_ids = sorted(documents)
        position = {d: i for i, d in enumerate(doc_ids)}
        doc_index = np.array([position[p.doc_id] for p in passages], dtype=np.int32)
        bm25 = self._load_or_build_bm25(signature, passages)
        idf = self._idf(bm25) if bm25 else {}
        position = {p.passage_id: i for i, p in enumerate(passages)}
        return Snapshot(signature, passages, documents, doc_index, doc_ids, bm25, idf, position)

    def _load_or_build_bm25(self, signature: str, passages: list[Passage]) -> bm25s.BM25 | None:
        if not passages:
            return None
        target = self.cache_dir / signature if self.cache_dir else None
        if target and (target / "params.index.json").exists():
            try:
                return bm25s.BM25.load(str(target), show_progress=False)
            except Exception:
                shutil.rmtree(target, ignore_errors=True)
        bm25 = bm25s.BM25()
        bm25.index(tokenize([p.text for p in passages]), show_progress=False)
        if target:
            if self.cache_dir.exists():
                for old in self.cache_dir.iterdir():  # one saved index is enough
                    shutil.rmtree(old, ignore_errors=True)
            target.mkdir(parents=True, exist_ok=True)
            bm25.save(str(target), show_progress=False)
        return bm25

    @staticmethod
    def _idf(bm25: bm25s.BM25) -> dict[str, float]:
        n_docs = bm25.scores["num_docs"]
        indptr = bm25.scores["indptr"]
        df = np.diff(indptr)
        idf = np.log(1 + (n_docs - df + 0.5) / (df + 0.5))
        return {token: float(idf[i]) for token, i in bm25.vocab_dict.items() if i < len(idf)}
