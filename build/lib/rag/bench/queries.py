"""Answering speed and memory at one library size, in a fresh process: the cold first answer, then every
kind of question warm (findings, lists, counts, compares, inspection records, follow-ups); and memory over
many questions (soak)."""

from __future__ import annotations

import time
from pathlib import Path

from ..domain.grades import GRADES
from ..settings import Settings
from .common import current_rss_mb, dir_mb, pct, peak_rss_mb, replace_settings, seconds_since_process_start

FIRST_QUESTION = "What did Ofsted say about return home interviews in 2016?"


def questions_by_kind(authorities: list[str], gold: list[str]) -> dict[str, list]:
    """Every kind of question a user asks, about authorities this library holds (so none is a quick refusal).
    A follow-up is a pair: the first question sets the context, the second is timed."""
    a, b, c = (authorities * 3)[:3]
    best, second, third, worst = GRADES
    return {
        "findings": gold,
        "list": [f"Which councils are rated {worst}?", f"Which councils are rated {second} for children in care?",
                 f"List the authorities judged {best}.", f"Which councils in London were rated {third}?"],
        "count": [f"How many councils are rated {best}?", f"How many authorities were judged {worst}?",
                  f"How many councils are rated {second} for care leavers?"],
        "compare": [f"Compare {a} and {b}.", f"How does {b} compare with {c} for children in care?",
                    f"Compare {a}, {b} and {c} on the experiences and progress of care leavers."],
        "record": [f"Who led the inspection of {a}?", f"What grade did {b} get?", f"When was {c} last inspected?",
                   f"How has {a}'s overall grade changed over time?"],
        "follow_up": [(f"What did Ofsted say about care leavers in {a}?", f"and in {b}?"),
                      (f"Who led the inspection of {b}?", "did things get better after that?"),
                      (f"What grade did {c} get?", "what about children in care?"),
                      (f"When was {a}'s latest inspection?", "what needed to improve?")],
        "change": [f"Has {a} improved since its previous inspection?", f"Is {b} going up or down?",
                   f"Which councils went from {worst} to {second} or {best}?", "Which councils declined at their last inspection?"],
        "neighbours": [f"How does {a} compare with its statistical neighbours?", f"{b} against similar councils for care leavers"],
        "published": ["How many reports were published in 2023?", f"Which councils were rated {worst} in reports published in 2019?"],
        "not_covered": ["What grade did Glasgow get?", "How is Narnia District Council rated?"],
    }


def bench_queries(index_dir: Path, quick: bool = False, baseline: bool = True) -> dict:
    """In a fresh process per run: cold first answer, then warm percentiles per kind; this process's peak memory."""
    from ..assistant import Conversation
    from ..engine import Engine
    from ..evaluation import load_gold

    started = time.perf_counter()
    before_imports = seconds_since_process_start()
    engine = Engine.build(replace_settings(index_dir=index_dir))
    engine.warm_up_in_background()  # as the app does
    engine.assistant.ask(FIRST_QUESTION)
    cold = (time.perf_counter() - started + before_imports) * 1000
    rss_after_first = current_rss_mb()
    _, records = engine.assistant.records()
    held = sorted({r.local_authority for r in records if r.grades}) or ["Buckinghamshire"]
    gold = [g["question"] for g in load_gold()][: 20 if quick else None]
    kinds = questions_by_kind(held[:: max(1, len(held) // 3)], gold)

    def timed(question, conversation=None) -> float:
        t = time.perf_counter()
        engine.assistant.ask(question, conversation=conversation)
        return (time.perf_counter() - t) * 1000

    by_kind: dict[str, list[float]] = {}
    for kind, questions in kinds.items():  # first pass: nothing about these questions is cached
        for q in questions:
            if isinstance(q, tuple):
                conversation = Conversation()
                engine.assistant.ask(q[0], conversation=conversation)
                by_kind.setdefault(kind, []).append(timed(q[1], conversation))
            else:
                by_kind.setdefault(kind, []).append(timed(q))
    warm = [t for times in by_kind.values() for t in times]
    repeat = [timed(q) for q in kinds["findings"]]  # repeat pass: sentence vectors come from the cache
    product_peak = peak_rss_mb()  # before the baseline below loads Chroma's HNSW index (the product only beyond exact_search_rows)
    plain = []
    for q in gold if baseline else []:
        t = time.perf_counter()
        engine.index.passages.similarity_search(q, k=5)
        plain.append((time.perf_counter() - t) * 1000)
    n_passages = len(engine.assistant.corpus.snapshot().passages)  # not Chroma's count, which loads its HNSW index
    return {"n_passages": n_passages, "cold_first_answer_ms": round(cold),
            "query_p50_ms": round(pct(warm, 0.5), 1), "query_p95_ms": round(pct(warm, 0.95), 1),
            "by_kind_p95_ms": {k: round(pct(v, 0.95), 1) for k, v in by_kind.items()},
            "repeat_p50_ms": round(pct(repeat, 0.5), 1), "repeat_p95_ms": round(pct(repeat, 0.95), 1),
            "rss_after_first_answer_mb": round(rss_after_first), "peak_rss_mb": round(product_peak),
            "peak_rss_with_baseline_mb": round(peak_rss_mb()), "index_mb": round(dir_mb(index_dir), 1),
            "baseline_query_p50_ms": round(pct(plain, 0.5), 1) if plain else None,
            "baseline_query_p95_ms": round(pct(plain, 0.95), 1) if plain else None}


def soak(questions: int, report_every: int = 100) -> list[dict]:
    """Memory over many questions in one process (the app's engine): it should stay flat."""
    from ..assistant import Conversation
    from ..engine import Engine
    from ..evaluation import load_gold

    engine = Engine.build(Settings.from_env())
    gold = [g["question"] for g in load_gold()]
    rows = []
    started = time.perf_counter()
    for n in range(1, questions + 1):
        engine.assistant.ask(gold[n % len(gold)], conversation=Conversation())
        if n == 1 or n % report_every == 0:
            rows.append({"questions": n, "rss_mb": round(current_rss_mb()), "seconds": round(time.perf_counter() - started, 1)})
    return rows
