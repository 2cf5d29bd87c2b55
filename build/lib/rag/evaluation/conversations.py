"""Multi-turn conversations over the shipped documents: a turn is right when its answer holds the key
facts and cites one of the right documents. eval/conversations.jsonl is the tuning set,
eval/conversations_heldout.jsonl was written before any tuning and is kept out of it."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from ..assistant import Assistant, Conversation
from .gold import fact_in

EVAL = Path(__file__).resolve().parents[2] / "eval"


@dataclass
class Turn:
    conversation: str
    question: str
    right: bool
    answer: str


def load(name: str) -> list[dict]:
    return [json.loads(line) for line in (EVAL / name).read_text(encoding="utf-8").splitlines() if line.strip()]


def run(assistant: Assistant, conversations: list[dict]) -> list[Turn]:
    turns = []
    for item in conversations:
        conversation = Conversation()
        for turn in item["turns"]:
            answer = assistant.ask(turn["q"], conversation=conversation)
            cited = {c.document for c in answer.citations}
            right = (not answer.refused and all(fact_in(f, answer.text) for f in turn["facts"])
                     and (not turn["sources"] or bool(cited & set(turn["sources"]))))
            turns.append(Turn(item["id"], turn["q"], right, answer.text))
    return turns


def table(turns: list[Turn], title: str) -> str:
    lines = [f"{title}: {sum(t.right for t in turns)}/{len(turns)} turns right"]
    lines += [f"  miss {t.conversation} {t.question!r}: {t.answer[:140]!r}" for t in turns if not t.right]
    return "\n".join(lines)
