"""What a report says needs to improve: its own section ("What needs to improve?", "What does the local
authority need to improve?", "Recommendations", a letter's areas for improvement), item by item."""

from __future__ import annotations

import re

from ..chunking import blocks_of
from ..sentences import sentence_spans
from ..domain.sections import IMPROVE_HEADING, JUDGEMENT_HEADING
from ..records.model import InspectionRecord
from ..types import Answer, AnswerPart, Document
from .compose import Composer
from .records import describe

MAX_ITEMS = 20  # every item a report lists: a list cut short reads as the whole list


_ITEM = re.compile(r"^(?:[^\w\s“\"'(‘]{1,2}\s|\d{1,2}\.\s)")  # "- ", "\uf0ae ", "1. ": PDFs bullet with many glyphs


_GLYPH = re.compile(r"(?:^|\s)[\uf000-\uf8ff•▪●◦]\s+")


def _pieces(body: str, offset: int) -> list[tuple[int, int]]:
    """An item block without its bullet; several items run together by the PDF split at their glyphs."""
    starts = [m.end() for m in _GLYPH.finditer(body)] or [_ITEM.match(body.strip()).end() if _ITEM.match(body) else 0]
    bounds = starts + [len(body) + 1]
    out = []
    for a, b in zip(bounds, bounds[1:]):
        piece = body[a:b - 1] if b <= len(body) else body[a:]
        piece_end = a + len(piece.rstrip())
        piece_end = a + len(body[a:piece_end]) - len(body[a:piece_end]) + len(re.sub(r"\s*[\uf000-\uf8ff•▪●◦]?\s*$", "", body[a:piece_end]))
        if piece_end > a:
            out.append((offset + a, offset + piece_end))
    return out


def _style(text: str) -> str:
    return "number" if re.match(r"^\d", text.strip()) else "bullet"


def _is_item(text: str) -> bool:
    return bool(_ITEM.match(text.strip()))


def improvement_items(text: str) -> list[tuple[int, int]]:
    """Spans of the items of the first "needs to improve" section, each without the heading a PDF glued on."""
    blocks = blocks_of(text)
    for i, block in enumerate(blocks):
        heading = block.text.strip()
        if len(heading) > 120 or not IMPROVE_HEADING.match(heading):
            continue  # a contents line ("Recommendations 8") does not match: the section's own heading does
        items: list[tuple[int, int]] = []
        following = blocks[i + 1:]
        style = None
        for j, item in enumerate(following):
            if JUDGEMENT_HEADING.match(item.text.strip()) or (style and _is_item(item.text) and _style(item.text) != style):
                break  # the next section: a judgement's heading, or numbered paragraphs after bullets
            if not _is_item(item.text):
                next_is_item = j + 1 < len(following) and _is_item(following[j + 1].text)
                if not items and j < 3 and len(item.text) < 200:
                    continue  # "Priority and immediate action", "None were found. Areas for improvement"
                if next_is_item and item.is_heading:
                    continue  # a sub-heading inside the section ("Priority and immediate action", "Training")
                break
            style = style or _style(item.text)
            for start, end in _pieces(item.text, item.start):
                kept = []
                for s, e in sentence_spans(text[start:end], start):
                    if kept and JUDGEMENT_HEADING.match(text[s:e]):
                        break  # the next section's heading, joined onto the last item by the PDF
                    kept.append((s, e))
                    if e - kept[0][0] > 400:
                        break
                if kept:
                    items.append((kept[0][0], kept[-1][1]))
        if items:
            return items
    return []


def summary_bullets(text: str) -> list[tuple[int, int]]:
    """ILACS reports whose PDF lost the heading: the bullet list after the headline findings is that section."""
    blocks = [b for b in blocks_of(text[:9000])]
    for i, block in enumerate(blocks[1:], start=1):
        if _is_item(block.text) and not _is_item(blocks[i - 1].text) and len(blocks[i - 1].text) > 200:
            run = []
            for b in blocks[i:]:
                if not _is_item(b.text):
                    break
                s, e = sentence_spans(b.text, b.start)[0]
                run.append((s, e))
            return run
    return []


def top_level(text: str, spans: list[tuple[int, int]]) -> int:
    """How many items a section lists: sub-items (lower case, after an item that ends with a colon) belong
    to the item they complete ("Practice … to demonstrate:" then "an understanding of …")."""
    count, inside = 0, False
    for s, e in spans:
        item = text[s:e].strip()
        if inside and item[:1].islower():
            continue
        count += 1
        inside = item.endswith(":")
    return count


_COUNTING = re.compile(r"\bhow many\b|\b(?:number|count|total|tally) of\b", re.IGNORECASE)


class ImproveAnswerer:
    def __init__(self, document_text):
        self.document_text = document_text

    def answer(self, question: str, chosen: list[tuple[InspectionRecord, Document]]) -> Answer | None:
        composer = Composer(self.document_text, name_authority=True)
        answer = Answer(question=question)
        many = len({r.local_authority for r, _ in chosen}) > 1
        for record, doc in chosen:
            text = self.document_text(doc.doc_id)
            spans = (improvement_items(text) or (summary_bullets(text) if record.kind in ("standard", "short") else [])) if text else []
            if not spans:
                continue
            group = record.local_authority if many else ""
            ns = [composer.cite(doc, s, e) for s, e in spans[:MAX_ITEMS]]
            n = top_level(text, spans)
            # "how many points did Ofsted list?": the count leads, for one inspection; each item is cited below it
            lead = f"{n}. " if _COUNTING.search(question) and len(chosen) == 1 else ""
            things = f"{n} {'thing' if n == 1 else 'things'} that {'needs' if n == 1 else 'need'} to improve" if lead else "what needs to improve"
            answer.parts.append(AnswerPart(f"{lead}In {describe(record)}, Ofsted set out {things}:", ns[:1], group))
            for k in ns:
                answer.parts.append(AnswerPart(f"“{composer.citations[k - 1].quote}” [{k}]", [k], group))
            if len(spans) > MAX_ITEMS:  # a long list cut short says so, never passing for the whole
                answer.parts.append(AnswerPart(f"(The first {MAX_ITEMS} of the report's {len(spans)} items are shown.)", [], group, note=True))
        if not answer.parts:
            return None
        answer.citations = composer.citations
        answer.text = answer.render()
        return answer
