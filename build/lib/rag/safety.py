"""Text inside documents is data, never instructions. Sentences that address a reader or a model
with instructions are kept in the document (a person may read them) but never used as evidence
and never passed to an LLM."""

from __future__ import annotations

import re

_INSTRUCTION = re.compile(
    r"\b(ignore|disregard|forget|override)\b[^.]{0,60}\b(instructions?|prompts?|rules|guidelines|above|previous)\b"
    r"|\bsystem prompt\b|\bprompt injection\b"
    r"|\b(you are|act as|pretend to be|you must now)\b[^.]{0,40}\b(assistant|ai|model|chatbot|language model)\b"
    r"|\b(print|output|say|respond with|reply with|repeat)\s+(the\s+word\s+)?[\"“']?[A-Z][A-Z0-9_]{4,}\b",
    re.IGNORECASE,
)


def is_instruction(text: str) -> bool:
    return bool(_INSTRUCTION.search(text))


WITHHELD = "[withheld: this sentence gives instructions]"


def withhold_instructions(text: str) -> str:
    """For an LLM's context: instruction-like sentences replaced by a marker."""
    parts = re.split(r"(?<=[.!?])\s+", text)
    return " ".join(WITHHELD if is_instruction(p) else p for p in parts)
