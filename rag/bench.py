"""python -m rag bench: speed, memory and size on this machine, for this product and the plain baseline.

Sizes beyond the real corpus are built by re-dating and re-attributing real passages: each copy gets
another authority's name in its text and metadata and other years, and reuses the source vector (the
cost being measured is search, not embedding)."""

from __future__ import annotations

import json
import os
import platform
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .settings import PROJECT_ROOT, Settings

SHARED_REPORTS = PROJECT_ROOT.parent / "shared" / "ofsted-reports"
FIRST_QUESTION = "What did Ofsted say about return home interviews in 2016?"


def machine() -> dict:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor()) if Path("/proc/cpuinfo").exists() else platform.processor()
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return {"cpu": cpu, "cores": os.cpu_count(), "memory_gib": round(mem, 1), "python": platform.python_version(),
            "platform": platform.platform()}


def peak_rss_mb() -> float:
    """This process's peak resident memory. VmHWM, not ru_maxrss: a child started by fork+exec inherits
    its parent's ru_maxrss on Linux, which would report the benchmark's own peak for every size."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def dir_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 2**20 if path.exists() else 0.0


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))] if values else float("nan")


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
    from .engine import Engine
    from .ingest import scan
    from .loading import load_file

    docs, description = corpus(limit)
    index = Path(tempfile.mkdtemp(prefix="rag-bench-index-"))
    settings = replace_settings(documents_dir=docs, index_dir=index, embeddings_backend=backend)
    engine = Engine.build(settings)
    engine.embeddings.embed_query("warm up")  # the model load is start-up, not ingest
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
    from .baseline import PlainPipeline
    from .embeddings import MiniLMEmbeddings

    embeddings = MiniLMEmbeddings()
    embeddings.embed_query("warm up")
    started = time.perf_counter()
    pipeline = PlainPipeline(documents_dir, embeddings, Settings())
    seconds = time.perf_counter() - started
    return {"chunks": pipeline.n_chunks, "seconds": round(seconds, 1), "passages_per_s": round(pipeline.n_chunks / seconds, 1)}


def bench_embeddings(index_dir: Path, n: int = 600) -> dict:
    """Embedding alone, the same passages through each backend."""
    from .embeddings import make_embeddings
    from .engine import Engine

    engine = Engine.build(replace_settings(index_dir=index_dir))
    texts = [p.text for p in engine.assistant.corpus.snapshot().passages[:n]]
    out = {}
    for backend in ("torch", "onnx", "onnx-int8"):
        e = make_embeddings(backend, Path(tempfile.mkdtemp()), cache=False, model_cache_dir=Settings.from_env().model_cache_dir)
        e._encode(["warm up"])
        started = time.perf_counter()
        e._encode(texts)
        out[backend] = round(len(texts) / (time.perf_counter() - started), 1)
    return {"passages": len(texts), "passages_per_s": out}


def build_scaled(source_index: Path, target_index: Path, n_target: int) -> int:
    """Copy real passages (text, metadata, vector) as other authorities' documents in other years."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    from . import records
    from .domain.gazetteer import gazetteer
    from .index import PassageIndex, get_all, open_client
    from .types import Document, DocumentMetadata
    from .embeddings import make_embeddings

    source = PassageIndex(open_client(replace_settings(index_dir=source_index)), make_embeddings("onnx", source_index, cache=False))
    docs = get_all(source.documents, ["documents", "metadatas", "embeddings"])
    passages = source.all_passages(vectors=True)
    by_doc: dict[str, list[int]] = {}
    for i, m in enumerate(passages["metadatas"]):
        by_doc.setdefault(m["doc_id"], []).append(i)
    target = chromadb.PersistentClient(path=str(target_index / "chroma"), settings=ChromaSettings(anonymized_telemetry=False))
    (target_index / "FORMAT.json").write_text((source_index / "FORMAT.json").read_text())
    t_passages = target.get_or_create_collection("rag_passages", metadata={"hnsw:space": "cosine"})
    t_docs = target.get_or_create_collection("rag_documents", metadata={"hnsw:space": "cosine"})
    rng = random.Random(7)
    total, copy = 0, 0
    while total < n_target:
        for d_index, doc_id in enumerate(docs["ids"]):
            if total >= n_target:
                break
            meta = json.loads(docs["metadatas"][d_index]["metadata_json"])
            own = (meta["local_authorities"] or ["Buckinghamshire"])[0]
            names = gazetteer().names
            other = names[(copy * 37 + d_index) % len(names)] if copy else own
            shift = 0 if copy == 0 else rng.randint(-3, 3)
            new_id = f"{doc_id}-c{copy}"
            new_version = f"{docs['metadatas'][d_index]['version']}-c{copy}"
            meta.update(local_authorities=[other], title=meta["title"].replace(own, other))
            for key in ("published", "inspection_start", "inspection_end"):
                if meta.get(key):
                    meta[key] = f"{int(meta[key][:4]) + shift:04d}{meta[key][4:8]}28" if meta[key][5:7] == "02" else f"{int(meta[key][:4]) + shift:04d}{meta[key][4:]}"
            new_text = docs["documents"][d_index].replace(own, other)
            inspection = records.build(Document(new_id, f"scaled/{copy}/{docs['metadatas'][d_index]['path']}", "", new_version,
                                                new_text, DocumentMetadata(**meta)))
            record = dict(docs["metadatas"][d_index], version=new_version, path=f"scaled/{copy}/{docs['metadatas'][d_index]['path']}",
                          metadata_json=json.dumps(meta), title=meta["title"],
                          record_json=json.dumps(inspection.to_json()) if inspection else "")
            t_docs.add(ids=[new_id], documents=[new_text],
                       embeddings=[docs["embeddings"][d_index]], metadatas=[record])
            rows = by_doc.get(doc_id, [])
            ids, texts, metas, vectors = [], [], [], []
            for i in rows:
                m = dict(passages["metadatas"][i], doc_id=new_id, version=new_version, path=record["path"], title=meta["title"])
                for key in list(m):
                    if key.startswith("la_"):
                        del m[key]
                m[f"la_{other.lower().replace(' ', '_').replace('-', '_').replace(',', '')}"] = True
                if m.get("year_from"):
                    m["year_from"] += shift
                    m["year_to"] += shift
                ids.append(f"{new_id}:{i}")
                texts.append(passages["documents"][i].replace(own, other))
                metas.append(m)
                vectors.append(passages["embeddings"][i])
            for b in range(0, len(ids), 2000):
                t_passages.add(ids=ids[b:b + 2000], documents=texts[b:b + 2000], metadatas=metas[b:b + 2000], embeddings=vectors[b:b + 2000])
            total += len(ids)
        copy += 1
    return total


def bench_queries(index_dir: Path) -> dict:
    """In a fresh process per size: cold first answer, then warm percentiles; peak memory of this process."""
    from .baseline import PlainPipeline  # noqa: F401  (same imports as the app)
    from .engine import Engine

    started = time.perf_counter()
    engine = Engine.build(replace_settings(index_dir=index_dir))
    engine.assistant.ask(FIRST_QUESTION)
    cold = (time.perf_counter() - started) * 1000
    n = engine.index.passage_count()
    from .evaluation import load_gold

    questions = [g["question"] for g in load_gold()]
    warm, repeat = [], []
    for q in questions:  # first pass: nothing about these questions is cached
        t = time.perf_counter()
        engine.assistant.ask(q)
        warm.append((time.perf_counter() - t) * 1000)
    for q in questions:  # repeat pass: sentence vectors come from the cache
        t = time.perf_counter()
        engine.assistant.ask(q)
        repeat.append((time.perf_counter() - t) * 1000)
    baseline = []
    store = engine.index.passages
    for q in questions:
        t = time.perf_counter()
        store.similarity_search(q, k=5)
        baseline.append((time.perf_counter() - t) * 1000)
    return {"n_passages": n, "cold_first_answer_ms": round(cold), "query_p50_ms": round(pct(warm, 0.5), 1),
            "query_p95_ms": round(pct(warm, 0.95), 1), "repeat_p50_ms": round(pct(repeat, 0.5), 1),
            "repeat_p95_ms": round(pct(repeat, 0.95), 1), "peak_rss_mb": round(peak_rss_mb()),
            "index_mb": round(dir_mb(index_dir), 1), "baseline_query_p50_ms": round(pct(baseline, 0.5), 1),
            "baseline_query_p95_ms": round(pct(baseline, 0.95), 1)}


def replace_settings(**changes) -> Settings:
    from dataclasses import replace

    return replace(Settings.from_env(), **changes)


def run(limit: int | None, sizes: list[int], progress=print) -> dict:
    result: dict = {"machine": machine(), "command": "python -m rag bench " + " ".join(sys.argv[2:])}
    from .bench_overview import measure as measure_overview
    from .bench_overview import measure_page

    progress("inspections overview, 153 authorities and 1,000 reports…")
    result["overview"] = measure_overview()
    result["overview_page"] = measure_page()
    progress("ingest (this product, ONNX embeddings)…")
    ingest = bench_ingest(limit, "onnx")
    result["ingest"] = ingest
    progress("ingest (plain LangChain baseline, PyTorch embeddings)…")
    result["baseline_ingest"] = bench_baseline_ingest(Path(ingest["documents_dir"]))
    progress("embedding backends…")
    result["embeddings"] = bench_embeddings(Path(ingest["index_dir"]))
    result["sizes"] = []
    for size in sizes:
        progress(f"queries at about {size} passages…")
        target = Path(tempfile.mkdtemp(prefix=f"rag-bench-{size}-"))
        n = build_scaled(Path(ingest["index_dir"]), target, size)
        out = subprocess.run([sys.executable, "-m", "rag", "bench-queries", "--index", str(target)],
                             capture_output=True, text=True, cwd=PROJECT_ROOT)
        if out.returncode != 0:
            raise RuntimeError(f"queries at {size} passages failed: {out.stderr.strip().splitlines()[-1]}")
        row = json.loads(out.stdout.strip().splitlines()[-1])
        row["built_passages"] = n
        result["sizes"].append(row)
        shutil.rmtree(target, ignore_errors=True)
    largest = result["sizes"][-1] if result["sizes"] else {}
    result.update({
        "ingest_passages_per_s": ingest["passages_per_s"], "ingest_pages_per_s": ingest["pages_per_s"],
        "query_p50_ms": largest.get("query_p50_ms"), "query_p95_ms": largest.get("query_p95_ms"),
        "n_passages": largest.get("n_passages"), "peak_rss_mb": largest.get("peak_rss_mb"),
        "baseline": {"ingest_passages_per_s": result["baseline_ingest"]["passages_per_s"],
                     "query_p50_ms": largest.get("baseline_query_p50_ms"), "query_p95_ms": largest.get("baseline_query_p95_ms")},
    })
    return result


def table(r: dict) -> str:
    m, i, b = r["machine"], r["ingest"], r["baseline_ingest"]
    lines = [
        f"machine: {m['cpu']}, {m['cores']} cores, {m['memory_gib']} GiB, Python {m['python']}",
        f"ingest: {i['corpus']}: {i['files']} files, {i['pages']} pages, {i['passages']} passages in {i['seconds']} s",
        f"  this product   {i['passages_per_s']:>7} passages/s  {i['pages_per_s']:>6} pages/s   re-ingest unchanged {i['reingest_unchanged_s']} s",
        f"  baseline       {b['passages_per_s']:>7} chunks/s ({b['chunks']} chunks)   ratio {i['passages_per_s'] / b['passages_per_s']:.2f}x",
        "embedding alone ({} passages): ".format(r["embeddings"]["passages"]) + ", ".join(f"{k} {v}/s" for k, v in r["embeddings"]["passages_per_s"].items()),
        f"{'passages':>9} {'cold first':>11} {'p50':>7} {'p95':>7} {'repeat p50/p95':>15} {'peak RSS':>9} {'index':>8} {'baseline p50/p95':>17}",
    ]
    o, page = r.get("overview", {}), r.get("overview_page", {})
    if o:
        lines.insert(1, f"inspections overview, {o['authorities']} authorities / {o['reports']} reports: queries {o['ms_median']} ms"
                        + (f"; page render {page.get('ms_median')} ms (first {page.get('first_ms')} ms)" if page.get("ms_median") else
                           f"; page render failed: {page.get('error')}"))
    for s in r["sizes"]:
        lines.append(f"{s['n_passages']:>9} {s['cold_first_answer_ms']:>9} ms {s['query_p50_ms']:>5} ms {s['query_p95_ms']:>5} ms "
                     f"{s['repeat_p50_ms']:>6} / {s['repeat_p95_ms']:<5} "
                     f"{s['peak_rss_mb']:>6} MB {s['index_mb']:>5} MB {s['baseline_query_p50_ms']:>8} / {s['baseline_query_p95_ms']} ms")
    return "\n".join(lines)


def soak(questions: int, report_every: int = 100) -> list[dict]:
    """Memory over many questions in one process (the app's engine): it should stay flat."""
    from .assistant import Conversation
    from .engine import Engine
    from .evaluation import load_gold

    engine = Engine.build(Settings.from_env())
    gold = [g["question"] for g in load_gold()]
    rows = []
    started = time.perf_counter()
    for n in range(1, questions + 1):
        engine.assistant.ask(gold[n % len(gold)], conversation=Conversation())
        if n == 1 or n % report_every == 0:
            rows.append({"questions": n, "rss_mb": round(current_rss_mb()), "seconds": round(time.perf_counter() - started, 1)})
    return rows


def current_rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return peak_rss_mb()
