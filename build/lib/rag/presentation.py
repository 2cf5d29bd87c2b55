"""Text for people, made safe: document and model text is data, so it is shown as text. Markdown
syntax in it is escaped (no images or links smuggled in), web addresses are shown as code."""

from __future__ import annotations

import html
import re

KIND_LABELS = {
    "ofsted_report": "Ofsted report",
    "ofsted_letter": "Ofsted letter",
    "council_statement": "Council",
    "news": "Press",
    "other": "Other",
}
KIND_COLOURS = {"ofsted_report": "blue", "ofsted_letter": "violet", "council_statement": "green", "news": "orange", "other": "gray"}

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:^=])")
_URL = re.compile(r"(?:https?|ftp)://\S+|www\.\S+", re.IGNORECASE)


def escape_markdown(text: str) -> str:
    """Text that renders as itself in st.markdown: no links, images, HTML or formatting from the source."""
    parts, last = [], 0
    for m in _URL.finditer(text):
        parts.append(_MARKDOWN_SPECIAL.sub(r"\\\1", text[last:m.start()]))
        parts.append("`" + m.group(0).replace("`", "'") + "`")  # shown, never linked or fetched
        last = m.end()
    parts.append(_MARKDOWN_SPECIAL.sub(r"\\\1", text[last:]))
    return "".join(parts).replace("\n", "  \n")


def answer_markdown(text: str) -> str:
    """An answer with its [n] markers kept readable: everything escaped, then markers bolded."""
    return re.sub(r"\\\[(\d+)\\\]", r"**[\1]**", escape_markdown(text))


def paragraph_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The block (paragraph or list item) holding a quote."""
    p_start = text.rfind("\n\n", 0, start)
    p_end = text.find("\n\n", end)
    return (0 if p_start == -1 else p_start + 2), (len(text) if p_end == -1 else p_end)


def highlighted_markdown(text: str, start: int, end: int, colour: str = "orange") -> str:
    """The paragraph around a quote, the quote highlighted, all of it escaped."""
    p_start, p_end = paragraph_around(text, start, end)
    before, quote, after = text[p_start:start], text[start:end], text[end:p_end]
    return f"{escape_markdown(before)}:{colour}-background[{escape_markdown(quote)}]{escape_markdown(after)}"


def document_html(text: str, start: int | None, end: int | None, page_starts: list | None = None) -> str:
    """The whole cleaned document as escaped HTML, the quote marked and scrolled to, page numbers in the margin."""
    pieces = []
    marks = sorted({p.offset: p.page for p in (page_starts or [])}.items())
    cuts = sorted({0, len(text)} | {o for o, _ in marks} | ({start, end} if start is not None else set()))
    page_at = dict(marks)
    for a, b in zip(cuts, cuts[1:]):
        if a in page_at:
            pieces.append(f'<span class="page">page {page_at[a]}</span>')
        chunk = html.escape(text[a:b])
        if start is not None and start <= a < end:  # a quote may run over a page break
            pieces.append(f'<mark{" id=quote" if a == start else ""}>{chunk}</mark>')
        else:
            pieces.append(chunk)
    body = "".join(pieces)
    return (
        "<!doctype html><html><head><meta charset='utf-8'>"
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'\">"
        "<style>body{font:15px/1.6 'Source Sans Pro',sans-serif;color:#262730;white-space:pre-wrap;margin:12px}"
        "mark{background:#ffe08a;padding:1px 0}.page{display:block;color:#8a8d93;font-size:12px;margin:8px 0 2px;"
        "border-top:1px solid #e6e6e6}</style></head><body>"
        f"{body}<script>var q=document.getElementById('quote');if(q){{window.scrollTo(0,Math.max(0,q.offsetTop-120));}}</script>"
        "</body></html>"
    )
