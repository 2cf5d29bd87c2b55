"""Every quote is checked, character for character, against the cleaned source text at its offsets.
A failing citation is dropped with the sentence that relied on it."""

from __future__ import annotations

import re
from collections.abc import Callable

from dataclasses import replace

from .types import Answer, Citation


def quote_holds(citation: Citation, source_text: str | None) -> bool:
    return bool(
        source_text is not None
        and citation.quote
        and 0 <= citation.start < citation.end <= len(source_text)
        and source_text[citation.start: citation.end] == citation.quote
    )


def verify(answer: Answer, source_text: Callable[[str], str | None]) -> Answer:
    """Keep the parts whose every citation holds; renumber what is left [1], [2], ...
    A refusal has no citations and is kept as it is."""
    if answer.refused:
        answer.citations = []
        answer.text = answer.render()
        return answer
    texts: dict[str, str | None] = {}
    good: set[int] = set()
    for c in answer.citations:
        if c.doc_id not in texts:
            texts[c.doc_id] = source_text(c.doc_id)
        if quote_holds(c, texts[c.doc_id]):
            good.add(c.n)
    answer.dropped = sorted(c.n for c in answer.citations if c.n not in good)
    kept_parts = [p for p in answer.parts if (p.citations and all(n in good for n in p.citations)) or (p.note and not p.citations)]
    if not any(p.citations for p in kept_parts):
        kept_parts = []  # notes alone are no answer
    used = [n for p in kept_parts for n in p.citations]
    renumber = {old: new for new, old in enumerate(dict.fromkeys(used), start=1)}
    by_n = {c.n: c for c in answer.citations}
    answer.citations = [by_n[old]._replace_n(new) for old, new in renumber.items()]
    answer.parts = [
        replace(p, text=_renumber_markers(p.text, renumber), citations=[renumber[n] for n in p.citations]) for p in kept_parts
    ]
    answer.table = [dict(row, citations=[renumber[n] for n in row["citations"]]) for row in answer.table
                    if row["citations"] and all(n in renumber for n in row["citations"])]
    answer.text = answer.render()
    return answer


def _renumber_markers(text: str, renumber: dict[int, int]) -> str:
    return re.sub(r"\[(\d+)\]", lambda m: f"[{renumber.get(int(m.group(1)), m.group(1))}]", text)
