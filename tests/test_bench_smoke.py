"""`python -m rag bench --quick`: every step of the benchmark runs and reports each figure as the median of
its runs with min and max. No thresholds here: speed targets are judged from `rag bench` itself."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KINDS = {"findings", "list", "count", "compare", "record", "follow_up", "change", "neighbours", "published", "not_covered"}


def _figure(value, runs) -> None:
    assert set(value) == {"median", "min", "max", "runs"} and value["runs"] == runs
    assert value["min"] <= value["median"] <= value["max"]


def test_quick_bench_runs_every_step_and_reports_medians():
    out = subprocess.run([sys.executable, "-m", "rag", "bench", "--quick", "--json"], cwd=ROOT, capture_output=True, text=True,
                         timeout=1500)
    assert out.returncode == 0, out.stderr[-2000:]
    result = json.loads(out.stdout)
    runs = result["runs"]
    assert runs == 3 and result["quick"]
    ingest = result["ingest"]
    for key in ("passages_per_s", "pages_per_s", "baseline_passages_per_s", "vs_baseline", "vs_embedding_alone"):
        _figure(ingest[key], runs)
        assert ingest[key]["median"] > 0
    from rag.bulk_embeddings import native_bf16

    bulk = {"onnx-bf16-bulk"} if native_bf16() else set()
    assert set(ingest["embedding_alone_per_s"]) == {"torch", "onnx", "onnx-int8"} | bulk
    assert ingest["ingest_embeds_with"] == ("onnx-bf16-bulk" if bulk else "onnx")
    [size] = result["sizes"]
    assert size["n_passages"]["median"] >= 1000
    for key in ("cold_first_answer_ms", "query_p50_ms", "query_p95_ms", "peak_rss_mb", "baseline_query_p95_ms"):
        _figure(size[key], runs)
    assert set(size["by_kind_p95_ms"]) == KINDS
    assert result["overview"]["ms_median"] > 0 and result["overview_page"].get("ms_median"), result["overview_page"]


def test_a_library_written_directly_is_answered_like_one_written_through_chroma(shipped, tmp_path):
    """The national-scale bench library (snapshot and records saved directly, only vectors in Chroma) opens
    without reading document records from Chroma and answers with checked quotes from the copies."""
    from rag.bench.common import replace_settings
    from rag.bench.scale import build_scaled_direct
    from rag.engine import Engine

    built = build_scaled_direct(shipped.settings.index_dir, tmp_path, 1000)
    engine = Engine.build(replace_settings(index_dir=tmp_path))
    snap = engine.assistant.corpus.snapshot()
    assert len(snap.passages) == built >= 1000 and engine.index.documents.count() == 0  # records came from the snapshot
    assert len({d.metadata.local_authorities[0] for d in snap.documents.values()}) > 1  # copies are other authorities'
    answer = engine.assistant.ask("What did Ofsted say about return home interviews?")
    assert answer.citations and not answer.refused
    for c in answer.citations:
        assert snap.text_of(c.doc_id)[c.start:c.end] == c.quote
