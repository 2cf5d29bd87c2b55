"""python -m rag bench: speed, memory and size on this machine, for this product and the plain baseline.

Every figure is the median of several runs (3 unless told) with the smallest and largest run beside it, and
every ratio comes from one run's own pair of figures. `--quick` runs the same steps on a tiny library, as
CI's smoke test."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from ..settings import PROJECT_ROOT
from .common import machine, replace_settings, summary
from .ingest import bench_baseline_ingest, bench_embeddings, bench_ingest
from .queries import bench_queries, soak  # noqa: F401  (the CLI's entry points)
from .scale import THROUGH_CHROMA_UP_TO, build_scaled, build_scaled_direct


def _combine(rows: list[dict]) -> dict:
    """Runs of one measurement as one row: numbers become median/min/max, nested figures likewise."""
    out: dict = {}
    for key, first in rows[0].items():
        if isinstance(first, bool) or not isinstance(first, (int, float, dict)):
            out[key] = first
        elif isinstance(first, dict):
            out[key] = _combine([r[key] for r in rows])
        else:
            out[key] = summary([r[key] for r in rows])
    return out


def measure_ingest(limit: int | None, runs: int, progress) -> tuple[dict, Path]:
    """Each run ingests a fresh copy, then the baseline and embedding alone on the same files: ratios per run."""
    rows, keep = [], None
    for n in range(runs):
        progress(f"ingest run {n + 1}/{runs}: this product, the plain LangChain baseline, embedding alone…")
        ingest = bench_ingest(limit, "onnx")
        baseline = bench_baseline_ingest(Path(ingest["documents_dir"]))
        alone = bench_embeddings(Path(ingest["index_dir"]))
        embedding = alone["passages_per_s"]
        rows.append({"corpus": ingest["corpus"], "files": ingest["files"], "failed": ingest["failed"],
                     "passages": ingest["passages"], "pages": ingest["pages"], "seconds": ingest["seconds"],
                     "passages_per_s": ingest["passages_per_s"], "pages_per_s": ingest["pages_per_s"],
                     "reingest_unchanged_s": ingest["reingest_unchanged_s"],
                     "baseline_passages_per_s": baseline["passages_per_s"],
                     "vs_baseline": round(ingest["passages_per_s"] / baseline["passages_per_s"], 2),
                     "embedding_alone_per_s": embedding,
                     "ingest_embeds_with": alone["ingest_uses"],
                     "vs_embedding_alone": round(ingest["passages_per_s"] / embedding[alone["ingest_uses"]], 2)})
        if keep:
            shutil.rmtree(keep, ignore_errors=True)
        shutil.rmtree(ingest["documents_dir"], ignore_errors=True)
        keep = Path(ingest["index_dir"])
    return _combine(rows), keep


def measure_size(source_index: Path, size: int, runs: int, quick: bool, progress) -> dict:
    target = Path(tempfile.mkdtemp(prefix=f"rag-bench-{size}-"))
    direct = size > THROUGH_CHROMA_UP_TO
    progress(f"library of about {size} passages ({'written directly' if direct else 'through Chroma'})…")
    started = time.perf_counter()
    built = (build_scaled_direct if direct else build_scaled)(source_index, target, size)
    build_s = time.perf_counter() - started
    progress(f"search snapshot of about {size} passages (what `rag ingest` saves after an ingest)…")
    started = time.perf_counter()
    from ..embeddings import make_embeddings
    from ..index import PassageIndex, open_client
    from ..lexical import PassageCorpus

    settings = replace_settings(index_dir=target)
    index = PassageIndex(open_client(settings), make_embeddings("onnx", target, cache=False))
    PassageCorpus(index, cache_dir=settings.snapshot_dir).snapshot()
    snapshot_s = time.perf_counter() - started
    rows = []
    for n in range(runs):  # a fresh process each run: the cold start is a real one
        progress(f"queries at about {size} passages, run {n + 1}/{runs}…")
        for leftover in target.glob("embedding_cache.sqlite*"):  # no run reuses another's sentence vectors
            leftover.unlink()
        flags = (["--quick"] if quick else []) + (["--no-baseline"] if direct else [])
        out = subprocess.run([sys.executable, "-m", "rag", "bench-queries", "--index", str(target), *flags],
                             capture_output=True, text=True, cwd=PROJECT_ROOT)
        if out.returncode != 0:
            raise RuntimeError(f"queries at {size} passages failed: {out.stderr.strip().splitlines()[-1]}")
        rows.append(json.loads(out.stdout.strip().splitlines()[-1]))
    shutil.rmtree(target, ignore_errors=True)
    return {"built_passages": built, "written": "directly" if direct else "through Chroma", "library_build_s": round(build_s),
            "snapshot_build_s": round(snapshot_s, 1), **_combine(rows)}


def run(limit: int | None, sizes: list[int], runs: int = 3, quick: bool = False, progress=print) -> dict:
    from .overview import measure as measure_overview
    from .overview import measure_page

    result: dict = {"machine": machine(), "command": "python -m rag bench " + " ".join(sys.argv[2:]), "runs": runs, "quick": quick}
    progress("inspections overview, 153 authorities and 1,000 reports…")
    result["overview"] = measure_overview()
    result["overview_page"] = measure_page()
    progress(json.dumps({"overview": result["overview"], "overview_page": result["overview_page"]}))
    result["ingest"], source = measure_ingest(limit, runs, progress)
    progress(json.dumps(result["ingest"]))
    result["sizes"] = []
    for size in sizes:  # each size's figures are printed as they come: an hour-long run keeps what it measured
        result["sizes"].append(measure_size(source, size, runs, quick, progress))
        progress(json.dumps(result["sizes"][-1]))
    shutil.rmtree(source, ignore_errors=True)
    return result


def _f(s: dict) -> str:
    return f"{s['median']} ({s['min']}–{s['max']})"


def table(r: dict) -> str:
    m, i = r["machine"], r["ingest"]
    lines = [
        f"machine: {m['cpu']}, {m['cores']} cores, {m['memory_gib']} GiB, Python {m['python']}; "
        f"each figure the median of {r['runs']} runs (min–max)",
        f"ingest: {i['corpus']}: {i['files']['median']:.0f} files, {i['pages']['median']:.0f} pages, {i['passages']['median']:.0f} passages",
        f"  this product   {_f(i['passages_per_s'])} passages/s, {_f(i['pages_per_s'])} pages/s; re-ingest unchanged {_f(i['reingest_unchanged_s'])} s",
        f"  baseline       {_f(i['baseline_passages_per_s'])} chunks/s; this product / baseline {_f(i['vs_baseline'])}x",
        "  embedding alone " + ", ".join(f"{k} {_f(v)}/s" for k, v in i["embedding_alone_per_s"].items())
        + f"; ingest / embedding alone ({i['ingest_embeds_with']}, what ingest runs) {_f(i['vs_embedding_alone'])}",
    ]
    o, page = r.get("overview", {}), r.get("overview_page", {})
    if o:
        lines.append(f"inspections overview, {o['authorities']} authorities / {o['reports']} reports: queries {o['ms_median']} ms"
                     + (f"; page render {page.get('ms_median')} ms (first {page.get('first_ms')} ms)" if page.get("ms_median") else
                        f"; page render failed: {page.get('error')}"))
    for s in r["sizes"]:
        lines.append(f"{s['n_passages']['median']:.0f} passages: cold first answer {_f(s['cold_first_answer_ms'])} ms; "
                     f"p50 {_f(s['query_p50_ms'])} ms, p95 {_f(s['query_p95_ms'])} ms; repeat p95 {_f(s['repeat_p95_ms'])} ms; "
                     f"peak RSS {_f(s['peak_rss_mb'])} MB; index {s['index_mb']['median']} MB; "
                     + (f"plain similarity search p95 {_f(s['baseline_query_p95_ms'])} ms" if s["baseline_query_p95_ms"] is not None
                        else "no plain baseline (library written directly)"))
        lines.append("    p95 by kind: " + ", ".join(f"{k} {_f(v)} ms" for k, v in s["by_kind_p95_ms"].items()))
    return "\n".join(lines)
