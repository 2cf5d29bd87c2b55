"""python -m rag inspections, check-inspections and eval-many: the inspection records from the command line."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .cli_common import _add_paths, _engine, _settings
from .settings import Settings


def cmd_inspections(args: argparse.Namespace) -> int:
    from .services.questions import inspections

    text = inspections(_engine(_settings(args)), args.authority, args.region, args.kind, args.latest, args.format)
    sys.stdout.write(text if args.format == "csv" else text + "\n")
    return 0


def cmd_check_inspections(args: argparse.Namespace) -> int:
    from .records.check import check, report
    from .records.table import records_of

    engine = _engine(_settings(args))
    scores = check(records_of(list(engine.assistant.corpus.snapshot().documents.values())), Path(args.csv))
    print(report(scores))
    return 0


def cmd_eval_many(args: argparse.Namespace) -> int:
    from .evaluation import many

    reports = Path(args.reports)
    settings = Settings.from_env().with_paths(str(reports), args.index or str(Path(".eval-index") / reports.name))
    engine = _engine(settings)
    engine.ingestor.run(settings.documents_dir)
    results = {}
    for which in args.set or ["tuning", "heldout", "heldout2"]:
        outcomes = many.run(engine.assistant, reports, Path(args.csv), which)
        print(many.table(outcomes, f"many-authority eval, {which} set"))
        results[which] = many.metrics(outcomes)
    if args.json:
        print(json.dumps(results))
    return 0


def cmd_eval_set(args: argparse.Namespace) -> int:
    """A question set written outside the project, over the library it names (documents/index flags)."""
    from .evaluation import sets

    engine = _engine(_settings(args))
    if not args.no_ingest:
        engine.ingestor.run()
    items = [i for i in sets.load(Path(args.file)) if not args.library or i.get("library", "reports") == args.library]
    results = sets.run(engine.assistant, items)
    print(sets.table(results, f"{Path(args.file).name} ({args.library or 'all'})"))
    if args.json:
        print(json.dumps(sets.metrics(results)))
    return 0


def add_record_commands(sub) -> None:
    p = sub.add_parser("eval-set", help="score a question set (JSONL of turns with expected facts) over a library")
    _add_paths(p)
    p.add_argument("file")
    p.add_argument("--library", choices=["reports", "shipped"], help="only the items for this library")
    p.add_argument("--no-ingest", action="store_true", help="use the index as it is")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_eval_set)

    p = sub.add_parser("inspections", help="one row per Ofsted report or letter: authority, dates, inspector, grades")
    _add_paths(p)
    p.add_argument("--format", choices=["csv", "json"], default="csv")
    p.add_argument("--authority", action="append", help="only this local authority (repeatable)")
    p.add_argument("--region", action="append", help="only this region, e.g. London (repeatable)")
    p.add_argument("--kind", action="append", help="only this kind of visit: standard, short, sif, focused_visit, monitoring_visit, jtai")
    p.add_argument("--latest", action="store_true", help="each authority's latest full inspection only")
    p.set_defaults(func=cmd_inspections)

    p = sub.add_parser("check-inspections", help="measure `inspections` against a ground-truth CSV, cell by cell")
    _add_paths(p)
    p.add_argument("--csv", required=True)
    p.set_defaults(func=cmd_check_inspections)

    p = sub.add_parser("eval-many", help="questions across councils over a folder of real reports, scored against its CSV")
    p.add_argument("--reports", required=True, help="folder of <urn>_<authority>/<file>.pdf (../shared/ofsted-reports)")
    p.add_argument("--csv", required=True, help="ground truth (ilacs_metadata.csv)")
    p.add_argument("--index", help="index folder for these reports (default .eval-index/<folder name>)")
    p.add_argument("--set", action="append", choices=["tuning", "heldout", "heldout2"], help="which question set (default both)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_eval_many)

