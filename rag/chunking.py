"""Structure-aware passages: headings start passages, paragraphs and list items are packed whole,
and only a paragraph longer than the maximum is cut, at a sentence boundary."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .sentences import sentence_spans
from .types import Document, Passage

_TERMINAL = re.compile(r"[.!?:;\"”’)]$")


@dataclass
class Block:
    start: int
    end: int
    text: str
    is_heading: bool


# bullets as PDFs give them: symbol-font glyphs in the private use area (U+F000–U+F0FF), and the usual marks
_BULLET = re.compile(r"^\s*[\uf000-\uf0ff\u2022\u25aa\u25cf\u25e6\u2023\u2043\u2013*•▪●◦►]\s*")


def blocks_of(text: str) -> list[Block]:
    blocks = []
    for m in re.finditer(r"[^\n]+(?:\n(?!\n)[^\n]+)*", text):
        body = m.group(0)
        # a list item ("\uf0be there have been 20 adoptions", "• 13 children…") or a line starting in lower case
        # continues its section; it is never a heading of its own
        heading = (len(body) <= 120 and not body.startswith("- ") and not _TERMINAL.search(body) and not re.match(r"^\d+\.\s", body)
                   and not _BULLET.match(body) and not body[:1].islower())
        blocks.append(Block(m.start(), m.end(), body, heading))
    return blocks


def split_document(doc: Document, min_chars: int = 300, max_chars: int = 900) -> list[Passage]:
    text = doc.text
    blocks = blocks_of(text)
    # Pieces: whole blocks, or sentence runs of a block too long to keep whole.
    pieces: list[tuple[int, int, bool, str | None, int, list[tuple[int, int]]]] = []
    section: str | None = None
    paragraph = 0
    for block in blocks:
        if block.is_heading:
            section = block.text
            pieces.append((block.start, block.end, True, section, paragraph + 1, [(block.start, block.end)]))
            continue
        paragraph += 1
        sentences = sentence_spans(block.text, block.start)
        if block.end - block.start <= max_chars:
            pieces.append((block.start, block.end, False, section, paragraph, sentences))
            continue
        run: list[tuple[int, int]] = []
        for s in sentences:
            if run and s[1] - run[0][0] > max_chars:
                pieces.append((run[0][0], run[-1][1], False, section, paragraph, run))
                run = []
            run.append(s)
        if run:
            pieces.append((run[0][0], run[-1][1], False, section, paragraph, run))

    passages: list[Passage] = []
    current: list = []

    def emit() -> None:
        nonlocal current
        if not current:
            return
        start, end = current[0][0], current[-1][1]
        sentences = [s for piece in current for s in piece[5]]
        body = [p for p in current if not p[2]]
        first = body[0] if body else current[0]
        passages.append(
            Passage(
                passage_id=f"{doc.doc_id}:{doc.version[:12]}:{len(passages):04d}",
                doc_id=doc.doc_id,
                text=text[start:end],
                start=start,
                end=end,
                page=doc.page_at(first[0]),
                section=first[3],
                paragraph=first[4],
                sentences=sentences,
            )
        )
        current = []

    for piece in pieces:
        end, is_heading = piece[1], piece[2]
        size = current and end - current[0][0]
        only_headings = all(p[2] for p in current)
        if current and not only_headings:
            # A heading opens a new passage once the current one is big enough; so does running out of room.
            if (is_heading and current[-1][1] - current[0][0] >= min_chars) or size > max_chars:
                emit()
        elif current and size > max_chars:
            emit()
        current.append(piece)
    emit()
    return passages
