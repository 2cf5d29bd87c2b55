"""Turn a file into text, trusting its content rather than its extension.

PDFs are parsed in a child process with time and memory limits, because a hostile PDF
(reference loops, decompression bombs) can hang or exhaust the parser.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import zipfile
from functools import partial
from pathlib import Path

from charset_normalizer import from_bytes

from .pdf_parsers import ParseOutcome, PdfParsers, child_env, portable_isolation
from .pdf_server import apply_limits
from .settings import Settings
from .types import ExtractedText

SUPPORTED_SUFFIXES = {".txt": "txt", ".md": "md", ".markdown": "md", ".html": "html", ".htm": "html", ".pdf": "pdf", ".docx": "docx"}


class LoadError(Exception):
    """A file that cannot be indexed; the message says why in words a user understands."""


def sniff(head: bytes) -> str:
    """What the bytes are, whatever the file is called."""
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "zip"
    if head.startswith((b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf")):
        return "text"
    sample = head[:4096]
    if b"\x00" in sample:
        return "binary"
    controls = sum(1 for b in sample if b < 9 or 13 < b < 32)
    if sample and controls / len(sample) > 0.05:
        return "binary"
    lowered = sample.lower()
    if b"<html" in lowered or b"<!doctype html" in lowered or b"<body" in lowered:
        return "html"
    return "text"


def decode_text(data: bytes, path: Path) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, else the most likely single-byte code page."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise LoadError(f"{path.name}: UTF-16 text that cannot be decoded ({exc.reason})") from exc
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    best = from_bytes(data, cp_isolation=["cp1252", "latin_1", "iso8859_15", "utf_8"]).best()
    if best is not None and best.encoding != "utf_8":
        return str(best)
    # Mostly UTF-8 with a few broken bytes: keep the text, mark the bad bytes.
    text = data.decode("utf-8", errors="replace")
    if text.count("\ufffd") > max(10, len(text) // 100):
        raise LoadError(f"{path.name}: text in no encoding this tool can read (too many invalid bytes)")
    return text


def load_file(path: Path, settings: Settings, parsers: PdfParsers | None = None) -> ExtractedText:
    """`parsers`: warm PDF parser processes to use (an ingest's); without them each PDF gets a child of its own."""
    suffix = path.suffix.lower()
    fmt = SUPPORTED_SUFFIXES.get(suffix)
    if fmt is None:
        raise LoadError(f"{path.name}: unsupported file type '{suffix or '(none)'}' (use PDF, DOCX, TXT, MD or HTML)")
    size = path.stat().st_size
    if size == 0:
        raise LoadError(f"{path.name}: the file is empty")
    if size > settings.max_file_bytes:
        raise LoadError(
            f"{path.name}: {size / 2**20:.1f} MiB is over the {settings.max_file_bytes / 2**20:.0f} MiB limit"
        )
    with path.open("rb") as fh:
        head = fh.read(8192)
    actual = sniff(head)
    if fmt == "pdf":
        if actual != "pdf":
            raise LoadError(f"{path.name}: not a PDF (the content is {_describe(actual)})")
        return load_pdf(path, settings, parsers)
    if fmt == "docx":
        if actual != "zip":
            raise LoadError(f"{path.name}: not a Word document (the content is {_describe(actual)})")
        return load_docx(path, settings)
    if actual in ("pdf", "zip", "binary"):
        raise LoadError(f"{path.name}: not a text file (the content is {_describe(actual)})")
    text = decode_text(path.read_bytes(), path)
    if fmt == "html" or (actual == "html" and fmt != "md"):
        return load_html(text, path)
    return ExtractedText(text=text, fmt=fmt)


def _describe(kind: str) -> str:
    return {"pdf": "a PDF", "zip": "a zip archive", "binary": "binary data", "html": "HTML", "text": "plain text"}[kind]


# --- HTML -----------------------------------------------------------------------------------------

def load_html(html: str, path: Path) -> ExtractedText:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "lxml")
    title = soup.title.get_text(" ", strip=True) if soup.title else None
    for tag in soup(["script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "form",
                     "nav", "header", "footer", "aside", "button", "select", "input"]):
        tag.decompose()
    blocks: list[str] = []
    block_tags = ["h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "blockquote", "pre", "td", "th", "dt", "dd"]
    for el in soup.find_all(block_tags):
        if el.find(block_tags):  # the innermost block carries the text
            continue
        text = el.get_text(" ", strip=True)
        if not text:
            continue
        blocks.append(f"- {text}" if el.name == "li" else text)
    if not blocks:
        body = soup.body or soup
        blocks = [line.strip() for line in body.get_text("\n").splitlines() if line.strip()]
    text = "\n\n".join(blocks)
    if not text.strip():
        raise LoadError(f"{path.name}: the HTML page has no readable text")
    return ExtractedText(text=text, fmt="html", title=title)


# --- DOCX -----------------------------------------------------------------------------------------

def check_zip(path: Path, settings: Settings) -> None:
    """Reject zip bombs and entity tricks from the archive's declared sizes, before any parsing."""
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            names = {i.filename for i in infos}
            if "word/document.xml" not in names:
                raise LoadError(f"{path.name}: a zip archive, but not a Word document (no word/document.xml)")
            total = sum(i.file_size for i in infos)
            if total > settings.max_unzipped_bytes:
                raise LoadError(
                    f"{path.name}: unpacks to {total / 2**20:.0f} MiB, over the "
                    f"{settings.max_unzipped_bytes / 2**20:.0f} MiB limit (possible zip bomb)"
                )
            for info in infos:
                if info.file_size > 10 * 2**20 and info.file_size > 200 * max(info.compress_size, 1):
                    raise LoadError(f"{path.name}: {info.filename} is compressed {info.file_size // max(info.compress_size, 1)}:1 (possible zip bomb)")
            for info in infos:
                if info.filename.endswith(".xml"):
                    with zf.open(info) as fh:
                        if b"<!DOCTYPE" in fh.read(4096).upper():
                            raise LoadError(f"{path.name}: {info.filename} declares a DTD (XML entity tricks are refused)")
    except zipfile.BadZipFile as exc:
        raise LoadError(f"{path.name}: corrupt Word document ({exc})") from exc


def load_docx(path: Path, settings: Settings) -> ExtractedText:
    check_zip(path, settings)
    import docx
    from docx.table import Table

    try:
        document = docx.Document(str(path))
    except Exception as exc:  # python-docx raises a variety of parser errors
        raise LoadError(f"{path.name}: corrupt Word document ({type(exc).__name__}: {exc})") from exc
    blocks: list[str] = []
    for item in document.iter_inner_content():
        if isinstance(item, Table):
            for row in item.rows:
                cells = []
                for cell in row.cells:
                    value = cell.text.strip()
                    if value and value not in cells:  # merged cells repeat their text
                        cells.append(value)
                if cells:
                    blocks.append(" | ".join(cells))
            continue
        text = item.text.strip()
        if not text:
            continue
        style = (item.style.name if item.style is not None else "") or ""
        if style.lower().startswith("list") or item._p.pPr is not None and item._p.pPr.numPr is not None:
            text = f"- {text}"
        blocks.append(text)
    text = "\n\n".join(blocks)
    if not text.strip():
        raise LoadError(f"{path.name}: the Word document has no text")
    props = document.core_properties
    created = props.created.date().isoformat() if props.created else None
    return ExtractedText(text=text, fmt="docx", title=(props.title or None), file_created=created)


# --- PDF ------------------------------------------------------------------------------------------

# Signals that mean the parser crashed on the file (POSIX; SIGBUS is absent on Windows).
CRASH_SIGNALS = {-getattr(signal, name) for name in ("SIGSEGV", "SIGBUS", "SIGILL", "SIGFPE") if hasattr(signal, name)}


def _parse_once(path: Path, settings: Settings) -> ParseOutcome:
    """A child process for this one file (a warm parser saves its start-up; see rag.pdf_parsers). Without
    fork and resource limits (Windows), a portable parser process is started for it instead."""
    if portable_isolation(settings):
        with PdfParsers(settings) as parsers:
            return parsers.parse(path)
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "rag.pdf_worker", str(path)],
            capture_output=True,
            timeout=settings.parse_timeout_s,
            preexec_fn=partial(apply_limits, settings.parse_memory_mb, settings.parse_timeout_s),
            env=child_env(),
        )
    except subprocess.TimeoutExpired:
        return ParseOutcome(timed_out=True)
    return ParseOutcome(proc.returncode, proc.stdout.decode("utf-8", "replace"), proc.stderr.decode("utf-8", "replace"))


def load_pdf(path: Path, settings: Settings, parsers: PdfParsers | None = None) -> ExtractedText:
    outcome = parsers.parse(path) if parsers is not None else _parse_once(path, settings)
    if outcome.timed_out:
        raise LoadError(f"{path.name}: the PDF took over {settings.parse_timeout_s:.0f} s to read (possible PDF bomb)")
    if outcome.exhausted:
        raise LoadError(f"{path.name}: the PDF exhausted the parser's limits (possible PDF bomb)")
    if outcome.crashed:
        raise LoadError(f"{path.name}: the PDF crashed the parser (a corrupt or hostile file)")
    if outcome.returncode != 0:
        detail = outcome.stderr.strip().splitlines()
        if outcome.returncode in CRASH_SIGNALS:
            raise LoadError(f"{path.name}: the PDF crashed the parser (a corrupt or hostile file)")
        if outcome.returncode < 0 or "MemoryError" in (detail[-1] if detail else ""):
            raise LoadError(f"{path.name}: the PDF exhausted the parser's limits (possible PDF bomb)")
        raise LoadError(f"{path.name}: {detail[-1] if detail else 'the PDF parser failed'}")
    result = json.loads(outcome.stdout)
    if "error" in result:
        raise LoadError(f"{path.name}: {result['error']}")
    pages: list[str] = result["pages"]
    if not any(p.strip() for p in pages):
        raise LoadError(f"{path.name}: no extractable text ({len(pages)} page(s) of images only; it needs OCR)")
    return ExtractedText(
        text="\n".join(pages), fmt="pdf", pages=pages, title=result.get("title"), file_created=result.get("created")
    )
