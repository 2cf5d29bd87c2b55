"""python -m rag eval: the gold questions through the real engine, and through the plain baseline."""

from __future__ import annotations

import json
import re
import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path

from ..assistant import Assistant, Conversation
from ..understanding.follow_ups import resolve_follow_up
from ..types import Answer

GOLD = Path(__file__).resolve().parents[2] / "eval" / "gold.jsonl"


def load_gold(path: Path = GOLD) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


_QUOTE_ONLY = re.compile(r"(?:said|says|reported|say|what needs to improve|words)\s*:?\s*$")


def lead_of(text: str) -> str:
    """What an answer states in its own voice before its first quote: empty when it only introduces quotes."""
    lead = text.split("“", 1)[0].strip()
    return "" if not lead or _QUOTE_ONLY.search(lead) else lead


def false_lead(answer: Answer, item: dict) -> bool:
    """A confident lead that is wrong: the answer states something of its own and it is not the key fact,
    or it states anything at all where the documents hold no answer."""
    if answer.refused or answer.not_stated:
        return False
    lead = lead_of(answer.text)
    if not lead:
        return False
    return not item["answerable"] or not all(fact_in(f, lead) for f in item["key_facts"])


def fact_in(fact: str, text: str) -> bool:
    """A key fact is one or more alternatives separated by '|', matched without regard to case."""
    lowered = text.lower()
    return any(alt.lower() in lowered for alt in fact.split("|"))


@dataclass
class Row:
    id: str
    category: str
    answerable: bool
    refused: bool
    source_hit: bool
    facts_in_answer: bool
    facts_early: bool
    facts_in_quotes: bool
    verbatim: bool
    n_citations: int
    length: int
    latency_ms: float
    retrieval_hit: bool
    retrieval_facts: bool
    baseline_hit: bool = False
    baseline_facts: bool = False
    answer: str = ""
    false_lead: bool = False


@dataclass
class Report:
    rows: list[Row] = field(default_factory=list)
    baseline_ms: list[float] = field(default_factory=list)

    def metrics(self) -> dict:
        answerable = [r for r in self.rows if r.answerable]
        answered = [r for r in answerable if not r.refused]
        latencies = sorted(r.latency_ms for r in self.rows)
        cited = [r for r in self.rows if r.n_citations]

        def rate(items, attr):
            return sum(getattr(r, attr) for r in items) / len(items) if items else float("nan")

        def pct(values, q):
            return values[min(len(values) - 1, int(q * len(values)))] if values else float("nan")

        return {
            "questions": len(self.rows),
            "answerable": len(answerable),
            "gold_source_hit": rate(answerable, "source_hit"),
            "key_facts_in_answer": rate(answerable, "facts_in_answer"),
            "key_facts_in_first_300": rate(answerable, "facts_early"),
            "citation_verbatim": rate(cited, "verbatim"),
            "citation_support": rate(answerable, "facts_in_quotes"),
            "refusal_accuracy": sum(r.refused != r.answerable for r in self.rows) / len(self.rows),
            "unanswerable_refused": sum(r.refused for r in self.rows if not r.answerable),
            "unanswerable": sum(not r.answerable for r in self.rows),
            "false_leads": sum(r.false_lead for r in self.rows),
            "key_facts_count": sum(r.facts_in_answer for r in answerable),
            "source_hit_count": sum(r.source_hit for r in answerable),
            "median_answer_chars": statistics.median(r.length for r in answered) if answered else 0,
            "latency_p50_ms": pct(latencies, 0.5),
            "latency_p95_ms": pct(latencies, 0.95),
            "retrieval_hit_at_5": rate(answerable, "retrieval_hit"),
            "retrieval_key_facts_at_5": rate(answerable, "retrieval_facts"),
            "baseline_hit_at_5": rate(answerable, "baseline_hit"),
            "baseline_key_facts_at_5": rate(answerable, "baseline_facts"),
            "baseline_latency_p50_ms": pct(sorted(self.baseline_ms), 0.5),
        }


def _paths(assistant: Assistant) -> dict[str, str]:
    return {d.doc_id: d.path for d in assistant.corpus.snapshot().documents.values()}


def run(assistant: Assistant, baseline=None, gold: list[dict] | None = None) -> Report:
    gold = gold or load_gold()
    paths = _paths(assistant)
    assistant.ask("warm up: what did Ofsted say about care leavers?")  # model and indexes loaded before timing
    report = Report()
    for item in gold:
        conversation = Conversation()
        for earlier in item["history"]:
            assistant.ask(earlier, conversation=conversation)
        previous = conversation.last
        started = time.perf_counter()
        answer: Answer = assistant.ask(item["question"], conversation=conversation)
        latency = (time.perf_counter() - started) * 1000
        sources = set(item["sources"])
        facts = item["key_facts"]
        quotes = " ".join(c.quote for c in answer.citations)
        # Retrieval alone: the top five passages the answer was drawn from.
        u = resolve_follow_up(item["question"], previous)
        top = assistant.retriever.retrieve(u).passages[:5]
        top_text = " ".join(p.text for p, _ in top)
        row = Row(
            id=item["id"], category=item["category"], answerable=item["answerable"],
            refused=answer.refused or answer.not_stated,  # "the documents do not name X" is the right answer to some
            source_hit=any(c.document in sources for c in answer.citations),
            facts_in_answer=all(fact_in(f, answer.text) for f in facts),
            facts_early=all(fact_in(f, answer.text[:300]) for f in facts),
            facts_in_quotes=bool(answer.citations) and all(fact_in(f, quotes) for f in facts),
            verbatim=all(assistant.document_text(c.doc_id)[c.start:c.end] == c.quote for c in answer.citations),
            n_citations=len(answer.citations), length=len(answer.text), latency_ms=latency,
            retrieval_hit=any(paths.get(p.doc_id) in sources for p, _ in top),
            retrieval_facts=all(fact_in(f, top_text) for f in facts),
            answer=answer.text, false_lead=false_lead(answer, item),
        )
        if baseline is not None and item["answerable"]:
            question = u.question if item["history"] else item["question"]
            t = time.perf_counter()
            chunks = baseline.retrieve(question, k=5)
            report.baseline_ms.append((time.perf_counter() - t) * 1000)
            row.baseline_hit = any(c.metadata["path"] in sources for c in chunks)
            row.baseline_facts = all(fact_in(f, " ".join(c.page_content for c in chunks)) for f in facts)
        report.rows.append(row)
    return report


def table(report: Report) -> str:
    m = report.metrics()
    ours_vs = lambda a, b: f"{m[a]:.1%}  vs baseline {m[b]:.1%}  ({m[a] / m[b]:.2f}x)" if m[b] else f"{m[a]:.1%}"
    lines = [
        f"questions                    {m['questions']} ({m['answerable']} answerable)",
        f"gold-source hit (citations)  {m['gold_source_hit']:.1%} ({m['source_hit_count']}/{m['answerable']})",
        f"key facts in the answer      {m['key_facts_in_answer']:.1%} ({m['key_facts_count']}/{m['answerable']})",
        f"key facts in first 300 chars {m['key_facts_in_first_300']:.1%}",
        f"citation verbatim            {m['citation_verbatim']:.1%}",
        f"citation support             {m['citation_support']:.1%}",
        f"refusal accuracy             {m['refusal_accuracy']:.1%} (unanswerable refused {m['unanswerable_refused']}/{m['unanswerable']})",
        f"confident wrong leads        {m['false_leads']}",
        f"median answer length         {m['median_answer_chars']:.0f} chars",
        f"latency p50 / p95 (warm)     {m['latency_p50_ms']:.0f} / {m['latency_p95_ms']:.0f} ms",
        f"retrieval gold-source @5     {ours_vs('retrieval_hit_at_5', 'baseline_hit_at_5')}",
        f"retrieval key facts @5       {ours_vs('retrieval_key_facts_at_5', 'baseline_key_facts_at_5')}",
        f"baseline retrieval p50       {m['baseline_latency_p50_ms']:.0f} ms",
    ]
    misses = [r for r in report.rows if (r.answerable and (r.refused or not r.facts_in_answer)) or (not r.answerable and not r.refused)
              or r.false_lead]
    for r in misses:
        flag = " FALSE LEAD" if r.false_lead else ""
        lines.append(f"  miss{flag} {r.id} [{r.category}] refused={r.refused}: {r.answer[:160]!r}")
    return "\n".join(lines)
