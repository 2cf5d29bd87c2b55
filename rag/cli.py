"""python -m rag: the same engine as the app, from the command line."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from .cli_common import _add_paths, _engine, _settings
from .settings import Settings


def cmd_ingest(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from .ingest import IngestProgress

    settings = _settings(args)
    if args.rebuild and not settings.chroma_host:
        from .index_files import set_aside

        aside = set_aside(settings.index_dir)
        if aside:
            print(f"The old index was moved to {aside}; rebuilding from {settings.documents_dir}.", file=sys.stderr)
    engine = _engine(settings)
    bar = tqdm(total=0, unit="file", file=sys.stderr, disable=args.quiet)

    def progress(p: IngestProgress) -> None:
        bar.total = p.total
        bar.n = p.done
        bar.set_postfix_str(f"{p.rates} {p.name[-40:]}".strip(), refresh=True)

    report = engine.ingestor.run(settings.documents_dir, progress=progress)
    bar.close()
    print(
        f"added {len(report.added)}, updated {len(report.updated)}, unchanged {len(report.unchanged)}, "
        f"removed {len(report.removed)}, skipped {len(report.skipped)}, failed {len(report.failed)} "
        f"in {report.seconds:.1f} s ({report.passages_embedded} passages embedded, {report.passages_reused} reused; "
        f"{report.pages / max(report.seconds, 1e-9):.1f} pages/s, {report.passages / max(report.seconds, 1e-9):.1f} passages/s)"
    )
    if report.added or report.updated or report.removed:
        started = time.perf_counter()  # ready now, so the app's first question does not wait for it
        snap = engine.assistant.corpus.snapshot()
        print(f"search snapshot of {len(snap.passages)} passages saved in {time.perf_counter() - started:.1f} s")
    for item in report.skipped:
        print(f"  skipped {item.path}: {item.reason}")
    for item in report.failed:
        print(f"  FAILED  {item.path}: {item.reason}")
    return 0 if report.ok else 1


def document_summary(doc, n_passages: int) -> dict:
    meta = doc.metadata
    return {
        "path": doc.path,
        "title": meta.title,
        "kind": meta.kind,
        "publisher": meta.publisher,
        "published": meta.published,
        "inspection_start": meta.inspection_start,
        "inspection_end": meta.inspection_end,
        "local_authorities": meta.local_authorities,
        "grades": meta.grades,
        "lead_inspector": meta.lead_inspector,
        "source_url": meta.source_url,
        "inferred": meta.inferred,
        "n_passages": n_passages,
        "doc_id": doc.doc_id,
    }


def cmd_docs(args: argparse.Namespace) -> int:
    engine = _engine(_settings(args))
    rows = [document_summary(d, engine.index.passage_count(d.doc_id)) for d in engine.index.list_documents()]
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=1))
        return 0
    if not rows:
        print("The index is empty: run `python -m rag ingest`.")
    for row in rows:
        when = row["inspection_start"] and f"visit {row['inspection_start']}..{row['inspection_end']}" or ""
        grade = row["grades"].get("overall_effectiveness", "")
        print(f"{row['path']}\n    {row['title']} | {row['kind']} | {row['publisher'] or '?'} | published {row['published'] or '?'} "
              f"{when} | {', '.join(row['local_authorities'])} {('| ' + grade) if grade else ''} | {row['n_passages']} passages"
              f"{' | inferred: ' + ', '.join(row['inferred']) if row['inferred'] else ''}")
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    engine = _engine(_settings(args))
    documents = {d.doc_id: d for d in engine.index.list_documents()}
    for passage, score in engine.index.search(args.query, k=args.k):
        doc = documents.get(passage.doc_id)
        where = f"p.{passage.page}" if passage.page else f"¶{passage.paragraph}"
        print(f"[{score:.3f}] {doc.path if doc else passage.doc_id} {where} [{passage.start}:{passage.end}]")
        print(f"    {passage.text[:300]}")
    return 0


def cmd_ask(args: argparse.Namespace) -> int:
    from .assistant import Conversation
    from .services.questions import filters_for

    engine = _engine(_settings(args))
    if engine.index.passage_count() == 0:
        print("error: the index is empty; run `python -m rag ingest` first", file=sys.stderr)
        return 2
    filters = filters_for(args.year, args.authority, args.kind, args.region)
    conversation = Conversation() if args.conversation else None
    questions = (line.strip() for line in sys.stdin) if args.question == "-" else iter([args.question])
    for question in questions:
        if not question:
            continue
        answer = engine.assistant.ask(question, conversation=conversation, filters=filters, use_llm=args.llm)
        if args.json:
            print(json.dumps(answer.to_json(), ensure_ascii=False), flush=True)
            continue
        print(answer.text)
        for c in answer.citations:
            where = f", page {c.page}" if c.page else ""
            print(f"  [{c.n}] {c.title} ({c.date}{where}) {c.document} chars {c.start}-{c.end}")
        print(f"  ({answer.timings_ms['total']:.0f} ms)\n", flush=True)
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    from . import evaluation

    settings = _settings(args)
    engine = _engine(settings)
    engine.ingestor.run(settings.documents_dir)
    baseline = None
    if not args.no_baseline:
        try:  # the plain LangChain pipeline needs the dev extra (pypdf, langchain-text-splitters)
            from .baseline import PlainPipeline
        except ImportError as exc:
            print(f"no baseline: {exc.name} is not installed (pip install 'ofsted-rag[dev]')", file=sys.stderr)
        else:
            baseline = PlainPipeline(settings.documents_dir, engine.embeddings, settings)
    report = evaluation.run(engine.assistant, baseline, evaluation.load_gold(Path(args.gold)) if args.gold else None)
    print(evaluation.table(report))
    if args.json:
        print(json.dumps(report.metrics()))
    from .evaluation import conversations

    for name, title in (("conversations.jsonl", "conversations, tuning"), ("conversations_heldout.jsonl", "conversations, held-out")):
        print(conversations.table(conversations.run(engine.assistant, conversations.load(name)), title))
    reports = Path(args.reports) if args.reports else Path(__file__).resolve().parents[2] / "shared" / "ofsted-reports"
    if not args.no_many and (reports / "ilacs_metadata.csv").exists():  # beside the project in CI, not on users' machines
        from .cli_records import cmd_eval_many

        print()
        return cmd_eval_many(argparse.Namespace(reports=str(reports), csv=str(reports / "ilacs_metadata.csv"), index=None,
                                                set=None, json=args.json))
    return 0


def cmd_bench(args: argparse.Namespace) -> int:
    from . import bench

    default_sizes = "1000" if args.quick else "1000,10000,100000"
    sizes = [int(x) for x in (args.sizes or default_sizes).split(",")]
    limit = args.limit if args.limit is not None else (2 if args.quick else 20)
    result = bench.run(limit or None, sizes, runs=args.runs, quick=args.quick, progress=lambda m: print(m, file=sys.stderr))
    print(json.dumps(result) if args.json else bench.table(result))
    return 0


def cmd_soak(args: argparse.Namespace) -> int:
    from . import bench

    for row in bench.soak(args.questions):
        print(json.dumps(row), flush=True)
    return 0


def cmd_bench_queries(args: argparse.Namespace) -> int:
    from . import bench

    print(json.dumps(bench.bench_queries(Path(args.index), quick=args.quick, baseline=not args.no_baseline)))
    return 0


def cmd_check_metadata(args: argparse.Namespace) -> int:
    from .metadata_check import check, report

    scores = check(Path(args.csv), Path(args.reports), Settings.from_env())
    print(report(scores))
    if args.json:
        print(json.dumps({k: {"correct": s.correct, "total": s.total, "accuracy": s.accuracy} for k, s in scores.items()}))
    return 0


def build_parser() -> argparse.ArgumentParser:
    from . import __version__
    from .cli_records import add_record_commands
    from .cli_serve import add_serve_commands

    parser = argparse.ArgumentParser(prog="rag", description="Ofsted children's social care reports, searchable with citations.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    add_serve_commands(sub)

    p = sub.add_parser("ingest", help="index documents/ (incremental)")
    _add_paths(p)
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.add_argument("--rebuild", action="store_true", help="set the current index aside and build a new one")
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("docs", help="list indexed documents with their metadata")
    _add_paths(p)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_docs)

    add_record_commands(sub)

    p = sub.add_parser("search", help="the passages nearest a query (dense search)")
    _add_paths(p)
    p.add_argument("query")
    p.add_argument("-k", type=int, default=5)
    p.set_defaults(func=cmd_search)

    p = sub.add_parser("ask", help="answer a question with verified citations ('-' reads one question per line)")
    _add_paths(p)
    p.add_argument("question")
    p.add_argument("--json", action="store_true", help="one JSON object per question on standard output")
    p.add_argument("--conversation", action="store_true", help="with '-': treat the lines as one conversation (follow-ups)")
    p.add_argument("--llm", action="store_true", help="answer with the configured LLM (RAG_LLM_BASE_URL); checked the same way")
    p.add_argument("--year", type=int, action="append", help="only documents about this year (repeatable)")
    p.add_argument("--authority", action="append", help="only documents about this local authority (repeatable)")
    p.add_argument("--kind", action="append", help="only this kind of source (ofsted_report, ofsted_letter, news, ...) "
                   "or of visit (standard, short, sif, focused_visit, monitoring_visit, jtai); repeatable")
    p.add_argument("--region", action="append", help="only authorities in this region, e.g. London (repeatable)")
    p.set_defaults(func=cmd_ask)

    p = sub.add_parser("eval", help="run the gold questions; compare with a plain LangChain pipeline")
    _add_paths(p)
    p.add_argument("--gold", help="gold questions (default: eval/gold.jsonl)")
    p.add_argument("--no-baseline", action="store_true")
    p.add_argument("--reports", help="real reports for the many-authority eval (default ../shared/ofsted-reports, when present)")
    p.add_argument("--no-many", action="store_true", help="skip the many-authority eval")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_eval)

    p = sub.add_parser("bench", help="measure ingest, query latency, memory and index size (writes nothing to index/)")
    p.add_argument("--json", action="store_true")
    p.add_argument("--limit", type=int, help="PDFs to ingest (default 20, 2 with --quick; 0 for all)")
    p.add_argument("--sizes", help="passage counts to measure queries at (default 1000,10000,100000; 1000 with --quick; "
                   "1000000 takes about an hour more)")
    p.add_argument("--runs", type=int, default=3, help="runs per figure; the median is reported with min and max (default 3)")
    p.add_argument("--quick", action="store_true", help="a smoke run on a tiny library (CI): every step, small sizes")
    p.set_defaults(func=cmd_bench)

    p = sub.add_parser("soak", help="ask many questions in one process and print memory as it goes")
    p.add_argument("--questions", type=int, default=500)
    p.set_defaults(func=cmd_soak)

    p = sub.add_parser("bench-queries", help=argparse.SUPPRESS)
    p.add_argument("--index", required=True)
    p.add_argument("--quick", action="store_true")
    p.add_argument("--no-baseline", action="store_true", help="the library holds no passage texts in Chroma")
    p.set_defaults(func=cmd_bench_queries)

    p = sub.add_parser("check-metadata", help="measure metadata inference against a ground-truth CSV")
    p.add_argument("--csv", required=True)
    p.add_argument("--reports", required=True, help="folder of <urn>_<authority>/<file>.pdf")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_check_metadata)
    return parser


def main(argv: list[str] | None = None) -> int:
    from .settings import ConfigError, go_offline

    go_offline()
    args = build_parser().parse_args(argv)
    from .index_files import IndexUnavailable
    from .metadata import CatalogError

    try:
        return args.func(args)
    except (IndexUnavailable, CatalogError, ConfigError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
