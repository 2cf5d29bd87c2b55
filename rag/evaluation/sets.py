"""Question sets written outside the project (one JSON object a line: id, kind, library, turns of
{q, expect}), scored turn by turn against facts, not wordings: `python -m rag eval-set FILE`.
The format is in docs/EVAL_SETS.md. A set is scored as first read the first time it is run."""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from ..assistant import Assistant, Conversation
from ..domain import grades as grade_words
from ..domain.gazetteer import gazetteer
from ..types import Answer
from .gold import fact_in

_GRADE = re.compile(rf"\b{grade_words.PATTERN}\b", re.IGNORECASE)


@dataclass
class TurnResult:
    item: str
    kind: str
    question: str
    right: bool
    why: list[str] = field(default_factory=list)
    answer: str = ""
    confident_wrong: bool = False


def load(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _names(values) -> set[str]:
    return {gazetteer().canonical(v) or v for v in values}


def _first_grade(text: str) -> str | None:
    m = _GRADE.search(text[:300])
    return grade_words.normalise(m.group(1)) if m else None


def _cited(answer: Answer, files: list[str]) -> list[bool]:
    docs = [c.document.lower() for c in answer.citations]
    return [any(d == f.lower() or d.endswith("/" + f.lower()) or d.endswith(f.lower()) for d in docs) for f in files]


def check(answer: Answer, expect: dict) -> tuple[list[str], bool]:
    """What an answer misses of its expectations, and whether it states something wrong with confidence."""
    text = answer.text
    misses, wrong = [], False
    refused = answer.refused or answer.not_stated
    for fact in expect.get("contains_all", []):
        if not fact_in(fact, text):
            misses.append(f"lacks {fact!r}")
    for fact in expect.get("contains_none", []):
        if fact_in(fact, text):
            misses.append(f"has {fact!r}")
            wrong = True
    if "first_grade" in expect:
        got = _first_grade(text)
        if got != expect["first_grade"]:
            misses.append(f"first grade {got} not {expect['first_grade']}")
            wrong = wrong or got is not None
    if "table_authorities" in expect:
        got = _names(row.get("authority", "") for row in answer.table)
        want, optional = _names(expect["table_authorities"]), _names(expect.get("table_optional", []))
        if not (want <= got and got - want <= optional):
            misses.append(f"table missing {sorted(want - got)} extra {sorted(got - want - optional)}")
            wrong = wrong or bool(got - want - optional)
    if "leading_number" in expect:
        m = re.match(r"\s*(\d[\d,]*)", text)
        got = int(m.group(1).replace(",", "")) if m else None
        if got != int(expect["leading_number"]):
            misses.append(f"leads with {got} not {expect['leading_number']}")
            wrong = wrong or got is not None
    if expect.get("no_leading_number") and re.match(r"\s*\d", text):
        misses.append("leads with a number")
        wrong = True
    if expect.get("cites_any") and not any(_cited(answer, expect["cites_any"])):
        misses.append("cites none of the expected files")
    if expect.get("cites_all") and not all(_cited(answer, expect["cites_all"])):
        misses.append("does not cite every expected file")
    if expect.get("refused"):
        if not refused and not re.search(r"\b(?:holds? no|no reports?|does not (?:hold|state|cover)|do not (?:state|cover|hold))\b", text, re.I):
            misses.append("not refused")
            wrong = True
    elif refused and set(expect) - {"no_leading_number", "contains_none"} and not (expect.get("contains_all") and not misses) \
            and not (expect.get("no_leading_number") and not misses and not set(expect) - {"no_leading_number", "contains_none", "cites_any", "cites_all"}):
        # a fact was expected; where only a wrong lead was ruled out, saying "not stated" is right (from the sources
        # expected, when they are given), and so is an answer that says what was asked is not held and gives every
        # expected fact beside it (a premise corrected)
        misses.append("refused")
    return misses, wrong


def run(assistant: Assistant, items: list[dict]) -> list[TurnResult]:
    results = []
    for item in items:
        conversation = Conversation()
        for turn in item["turns"]:
            answer = assistant.ask(turn["q"], conversation=conversation)
            misses, wrong = check(answer, turn.get("expect", {}))
            results.append(TurnResult(item["id"], item.get("kind", ""), turn["q"], not misses, misses, answer.text, wrong))
    return results


def table(results: list[TurnResult], title: str) -> str:
    by_kind: dict[str, list[TurnResult]] = defaultdict(list)
    for r in results:
        by_kind[r.kind].append(r)
    lines = [f"{title}: {sum(r.right for r in results)}/{len(results)} turns right, "
             f"confident wrong {sum(r.confident_wrong for r in results)}"]
    lines += [f"  {kind:<18} {sum(r.right for r in rows):>3}/{len(rows)}" for kind, rows in sorted(by_kind.items())]
    for r in results:
        if not r.right:
            lines.append(f"  miss {r.item} {r.question!r}: {'; '.join(r.why)}\n       -> {r.answer[:260]!r}")
    return "\n".join(lines)


def metrics(results: list[TurnResult]) -> dict:
    by_kind: dict[str, list[TurnResult]] = defaultdict(list)
    for r in results:
        by_kind[r.kind].append(r)
    return {"right": sum(r.right for r in results), "turns": len(results),
            "confident_wrong": sum(r.confident_wrong for r in results),
            "per_kind": {k: [sum(r.right for r in v), len(v)] for k, v in sorted(by_kind.items())}}

