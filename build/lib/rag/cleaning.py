"""Clean extracted text into paragraphs separated by blank lines.

The cleaned text is what passages are cut from and what citations quote, so every later
offset refers to it. Conventions: blocks are separated by one blank line, list items start
with "- " (or keep their "1." numbering), headings are short blocks without final punctuation.
"""

from __future__ import annotations

import re
import statistics
import unicodedata
from collections import Counter

from .domain.sections import is_standalone_heading
from .types import CleanText, ExtractedText, PageStart

# Characters that hide text or break quoting: zero-width, bidi controls, soft hyphen.
_INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_BULLET = re.compile(r"^\s*(?:[\u2022\u25aa\u25a0\u25fc\u25cf\u25e6\u2023\u2043\u2219\uf0b7\uf0a7\uf076\uf0d8\uf0fc\u27a2\u25ba*]|-(?=\s))\s*")
_NUMBERED = re.compile(r"^\s*(?:\d{1,3}(?:\.\d{1,2})?[.)]|\(?[a-z]\)|\(?[ivx]{1,4}\))\s+\S")

# Web-page furniture seen in saved pages: subscription boxes, accessibility toggles, comment stubs.
_FURNITURE = [
    re.compile(p, re.IGNORECASE)
    for p in (
        r"^get (weekly|daily) updates.*subscribe.*$",
        r"^\+?\s*subscribe\b.*$",
        r"^thank you for subscribing.*$",
        r"^could not subscribe.*$",
        r"^invalid email$",
        r"^toggle (high )?contrast$",
        r"^(skip to (main )?content|accept (all )?cookies|cookie settings|share this( page)?|print this page)$",
        r"^comments are closed\.?$",
        r"^more from [\w .&'’-]{1,40}$",
        r"^category:\s*\w[\w ]{0,30}$",
        r"^(related (articles|stories)|read more|back to top|advertisement)$",
    )
]


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = _INVISIBLE.sub("", text)
    text = text.replace("\f", "\n")
    return "\n".join(_SPACES.sub(" ", line).strip() for line in text.split("\n"))


def _is_furniture(line: str) -> bool:
    return any(p.match(line) for p in _FURNITURE)


def _as_list_item(line: str) -> str:
    return _BULLET.sub("- ", line, count=1) if _BULLET.match(line) else line


def clean_flowing_text(text: str) -> str:
    """Text and Markdown: paragraphs split on blank lines; wrapped lines joined; furniture dropped."""
    blocks: list[str] = []
    for raw_block in re.split(r"\n\s*\n", normalise(text)):
        current: list[str] = []
        for line in raw_block.split("\n"):
            line = line.strip()
            if not line or _is_furniture(line):
                continue
            line = re.sub(r"^#{1,6}\s+", "", line)  # Markdown heading marks: the heading stays a short block
            if _BULLET.match(line) or _NUMBERED.match(line):
                if current:
                    blocks.append(" ".join(current))
                    current = []
                blocks.append(_as_list_item(line))
            else:
                current.append(line)
        if current:
            blocks.append(" ".join(current))
    return "\n\n".join(_rejoin_broken_paragraphs([b for b in blocks if b]))


def _rejoin_broken_paragraphs(blocks: list[str]) -> list[str]:
    """A blank line inside a sentence (text saved from a web page or PDF) does not end the paragraph."""
    out: list[str] = []
    for block in blocks:
        if out and block[:1].islower() and not _ENDS_SENTENCE.search(out[-1]) and not out[-1].startswith("- "):
            out[-1] = f"{out[-1]} {block}"
        else:
            out.append(block)
    return out


# --- PDF ------------------------------------------------------------------------------------------

_PAGE_NUMBER = re.compile(r"^(page\s+)?\d{1,4}(\s+(of|/)\s+\d{1,4})?$", re.IGNORECASE)
_FOOTNOTE_LINE = re.compile(r"^([1-9]\d?) (?=[A-Z‘“'\"(])")
_ENDS_SENTENCE = re.compile(r"[.!?:;”’\"')]$")


def _shape(line: str) -> str:
    return re.sub(r"\d+", "#", line.lower())


def _running_lines(pages: list[list[str]]) -> set[str]:
    """Shapes of lines that recur at the top or bottom of many pages: running headers and footers."""
    if len(pages) < 3:
        return set()
    counts: Counter[str] = Counter()
    for lines in pages:
        content = [l for l in lines if l]
        edge = set(_shape(l) for l in content[:4] + content[-3:])
        counts.update(edge)
    threshold = max(3, int(0.5 * len(pages)))
    return {shape for shape, n in counts.items() if n >= threshold and len(shape) > 3 and shape.strip("# ")}


def _word_counts(text: str) -> Counter[str]:
    return Counter(re.findall(r"[a-z]+(?:-[a-z]+)*", text.lower()))


def clean_pdf_pages(raw_pages: list[str]) -> CleanText:
    pages = [normalise(p).split("\n") for p in raw_pages]
    running = _running_lines(pages)
    vocabulary = _word_counts("\n".join(raw_pages))

    # Footnote numbers: lines at a page's foot that start "1 Text" after a gap.
    footnotes: set[str] = set()
    for lines in pages:
        tail = lines[-8:]
        for i, line in enumerate(tail):
            m = _FOOTNOTE_LINE.match(line)
            if m and i > 0 and not tail[i - 1]:
                footnotes.add(m.group(1))

    # One stream of (line, page); None marks a gap (blank line) that ends a block.
    stream: list[tuple[str | None, int]] = []
    for page_no, lines in enumerate(pages, start=1):
        kept = [
            l if l and not _PAGE_NUMBER.match(l) and _shape(l) not in running else ""
            for l in lines
        ]
        while kept and not kept[0]:
            kept.pop(0)
        while kept and not kept[-1]:
            kept.pop()
        if stream and kept and stream[-1][0] is not None and _ENDS_SENTENCE.search(stream[-1][0] or ""):
            stream.append((None, page_no))  # a page that ends a sentence ends the block
        for line in kept:
            stream.append((line or None, page_no))

    content_lengths = [len(l) for l, _ in stream if l and len(l) > 20]
    width = statistics.median(content_lengths) if content_lengths else 80

    blocks: list[list[tuple[str, int]]] = []
    current: list[tuple[str, int]] = []

    def flush() -> None:
        nonlocal current
        if current:
            blocks.append(current)
            current = []

    previous_short = False
    for line, page in stream:
        if line is None:
            flush()
            previous_short = False
            continue
        if _is_furniture(line):
            continue
        if is_standalone_heading(line):
            flush()
            blocks.append([(line, page)])
            previous_short = False
            continue
        starts_item = bool(_BULLET.match(line) or _NUMBERED.match(line))
        # A short line closes its paragraph (or is a heading), unless the next line carries on in lower case.
        if starts_item or (previous_short and not line[:1].islower()):
            flush()
        if starts_item:
            line = _as_list_item(line)
        current.append((line, page))
        previous_short = len(line) < 0.7 * width and not line.endswith(("-", ","))
    flush()

    text_parts: list[str] = []
    page_starts: list[PageStart] = []
    offset = 0
    for block in blocks:
        if text_parts:
            offset += 2  # the blank line between blocks
        joined = ""
        for i, (line, page) in enumerate(block):
            if i > 0:
                joined = _join(joined, line, vocabulary)
                line_offset = offset + len(joined) - len(line)
            else:
                joined = line
                line_offset = offset
            if not page_starts or page_starts[-1].page != page:
                page_starts.append(PageStart(line_offset, page))
        joined = _strip_footnote_markers(joined, footnotes, vocabulary)
        text_parts.append(joined)
        offset += len(joined)
    return CleanText("\n\n".join(text_parts), page_starts)


def _join(left: str, right: str, vocabulary: Counter[str]) -> str:
    """Join two wrapped lines; repair a word split by a line-end hyphen unless the hyphen is real."""
    m = re.search(r"([A-Za-z]+)-$", left)
    if m and right[:1].islower():
        first = m.group(1)
        second = re.match(r"[a-z]+", right).group(0)
        merged, hyphenated = (first + second).lower(), f"{first}-{second}".lower()
        if vocabulary[merged] > vocabulary[hyphenated]:
            return left[:-1] + right
        return left + right
    return f"{left} {right}"


def _strip_footnote_markers(text: str, footnotes: set[str], vocabulary: Counter[str]) -> str:
    """Drop footnote markers glued to the word or punctuation before them: "Board1", "good.1"."""

    def glued_to_word(m: re.Match) -> str:
        word = m.group(1)
        return word if vocabulary[word.lower()] else m.group(0)

    text = re.sub(r"\b([A-Za-z]{3,})[1-9](?=[\s,.;:?]|$)", glued_to_word, text)
    if footnotes:
        numbers = "|".join(sorted(footnotes, key=len, reverse=True))
        text = re.sub(rf"(?<![0-9][.])(?<=[)?.’”])(?:{numbers})(?=\s|$)", "", text)
    return text


def clean(extracted: ExtractedText) -> CleanText:
    if extracted.fmt == "pdf" and extracted.pages is not None:
        return clean_pdf_pages(extracted.pages)
    return CleanText(clean_flowing_text(extracted.text))
