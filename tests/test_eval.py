"""The gold questions through the real engine, against the thresholds the product promises."""

import shutil
from pathlib import Path

from rag import evaluation
from rag.baseline import PlainPipeline
from rag.engine import Engine
from rag.settings import Settings

ROOT = Path(__file__).resolve().parent.parent


def test_eval_meets_thresholds(tmp_path):
    shutil.copytree(ROOT / "documents", tmp_path / "documents")
    settings = Settings(documents_dir=tmp_path / "documents", index_dir=tmp_path / "index")
    engine = Engine.build(settings)
    assert engine.ingestor.run().ok
    report = evaluation.run(engine.assistant, PlainPipeline(settings.documents_dir, engine.embeddings, settings))
    m = report.metrics()
    print(evaluation.table(report))
    assert m["questions"] >= 60 and m["questions"] - m["answerable"] >= 10
    assert m["key_facts_in_answer"] >= 0.95
    assert m["citation_verbatim"] == 1.0
    assert m["refusal_accuracy"] >= 0.9
    assert m["gold_source_hit"] >= 0.9
    assert m["citation_support"] >= 0.85
    assert m["retrieval_hit_at_5"] > m["baseline_hit_at_5"]
