"""Ingest speed: this product against the plain LangChain pipeline and against embedding alone."""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

from ..settings import PROJECT_ROOT, Settings
from .common import SHARED_REPORTS, replace_settings


def corpus(limit: int | None) -> tuple[Path, str]:
    """Real reports when they are beside the project, else copies of documents/ to the same scale."""
    folder = Path(tempfile.mkdtemp(prefix="rag-bench-docs-"))
    if SHARED_REPORTS.exists():
        pdfs = sorted(SHARED_REPORTS.glob("*/*.pdf"))[:limit]
        for pdf in pdfs:
            shutil.copy(pdf, folder / f"{pdf.parent.name}__{pdf.name}")
        return folder, f"{len(pdfs)} real Ofsted PDFs from ../shared/ofsted-reports"
    for i in range(max(1, (limit or 20) // 4)):
        for f in (PROJECT_ROOT / "documents").glob("*.pdf"):
            data = f.read_bytes() + f"\n% copy {i}\n".encode()  # a different hash, the same text
            (folder / f"{i:03d}-{f.name}").write_bytes(data)
    return folder, "copies of the PDFs in documents/"


def bench_ingest(limit: int | None, backend: str) -> dict:
    from ..engine import Engine
    from ..ingest import scan
    from ..loading import load_file

    docs, description = corpus(limit)
    index = Path(tempfile.mkdtemp(prefix="rag-bench-index-"))
    settings = replace_settings(documents_dir=docs, index_dir=index, embeddings_backend=backend)
    engine = Engine.build(settings)
    engine.embeddings.embed_query("warm up")  # the model load is start-up, not ingest
    getattr(engine.embeddings, "warm_up", lambda: None)()
    started = time.perf_counter()
    report = engine.ingestor.run(docs)
    seconds = time.perf_counter() - started
    passages = engine.index.passage_count()
    pages = sum(len(load_file(p, settings).pages or []) for p in scan(docs, settings))
    started = time.perf_counter()
    engine.ingestor.run(docs)
    unchanged = time.perf_counter() - started
    return {"corpus": description, "files": len(report.added), "failed": len(report.failed), "passages": passages,
            "pages": pages, "seconds": round(seconds, 1), "passages_per_s": round(passages / seconds, 1),
            "pages_per_s": round(pages / seconds, 2), "reingest_unchanged_s": round(unchanged, 2),
            "index_dir": str(index), "documents_dir": str(docs)}


def bench_baseline_ingest(documents_dir: Path) -> dict:
    from ..baseline import PlainPipeline
    from ..embeddings import MiniLMEmbeddings

    embeddings = MiniLMEmbeddings()
    embeddings.embed_query("warm up")
    started = time.perf_counter()
    pipeline = PlainPipeline(documents_dir, embeddings, Settings())
    seconds = time.perf_counter() - started
    return {"chunks": pipeline.n_chunks, "seconds": round(seconds, 1), "passages_per_s": round(pipeline.n_chunks / seconds, 1)}


def bench_embeddings(index_dir: Path, n: int = 600) -> dict:
    """Embedding alone, the same passages through each backend; `ingest_uses` names the one an ingest runs here
    (ONNX fp32, or its bf16 bulk path where the CPU has bf16)."""
    from ..bulk_embeddings import native_bf16
    from ..embeddings import make_embeddings
    from ..engine import Engine

    engine = Engine.build(replace_settings(index_dir=index_dir))
    texts = [p.text for p in engine.assistant.corpus.snapshot().passages[:n]]
    model_cache = Settings.from_env().model_cache_dir
    backends = {"torch": ("torch", False), "onnx": ("onnx", False), "onnx-int8": ("onnx-int8", False)}
    if native_bf16():
        backends["onnx-bf16-bulk"] = ("onnx", True)
    out = {}
    for name, (backend, bulk) in backends.items():
        e = make_embeddings(backend, Path(tempfile.mkdtemp()), cache=False, model_cache_dir=model_cache, bulk_bf16=bulk)
        e._encode(texts[:64])  # loads (and the bulk path's trace) before the clock starts
        started = time.perf_counter()
        e._encode(texts)
        out[name] = round(len(texts) / (time.perf_counter() - started), 1)
    uses = "onnx-bf16-bulk" if engine.embeddings.bulk is not None else "onnx"
    return {"passages": len(texts), "passages_per_s": out, "ingest_uses": uses}
