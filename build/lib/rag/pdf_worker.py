"""Child process: read one PDF's pages with PDFium (pypdfium2), print JSON. Run by rag.loading under limits.

PDFium is C++: about ten times faster than a pure-Python parser (1 s against 12 s for 426 report pages),
so ingest waits on the embedding model, not on parsing. A crash on a hostile file kills only this child."""

from __future__ import annotations

import ctypes
import json
import math
import re
import sys

NUMBERED = re.compile(r"(?m)^(\d{1,3}\.)(?=[A-Za-z])")  # "10.When": PDFium drops the tab after a paragraph number
MIN_POINTS = 2.0  # text smaller than this is unreadable on the page
INVISIBLE_MODES = (3, 7)  # PDF text render modes that paint nothing


def _hidden(obj, raw) -> bool:
    """Text a reader cannot see: invisible render mode, white fill, or a font too small to read.
    Such text is how hostile documents smuggle instructions past a person; it is not indexed."""
    if raw.FPDFTextObj_GetTextRenderMode(obj) in INVISIBLE_MODES:
        return True
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    if raw.FPDFPageObj_GetFillColor(obj, r, g, b, a) and min(r.value, g.value, b.value) >= 242:
        return True
    size, matrix = ctypes.c_float(), raw.FS_MATRIX()
    if raw.FPDFTextObj_GetFontSize(obj, size) and raw.FPDFPageObj_GetMatrix(obj, matrix):
        scale = math.sqrt(abs(matrix.a * matrix.d - matrix.b * matrix.c)) or 1.0
        return 0 < size.value * scale < MIN_POINTS
    return False


def _text_objects(parent, raw, count, get, depth=0):
    for i in range(count(parent)):
        obj = get(parent, i)
        kind = raw.FPDFPageObj_GetType(obj)
        if kind == raw.FPDF_PAGEOBJ_TEXT:
            yield obj
        elif kind == raw.FPDF_PAGEOBJ_FORM and depth < 15:  # text inside a form XObject
            yield from _text_objects(obj, raw, raw.FPDFFormObj_CountObjects, raw.FPDFFormObj_GetObject, depth + 1)


def _object_text(obj, textpage, raw) -> str:
    n = raw.FPDFTextObj_GetText(obj, textpage, None, 0)
    if n <= 2:
        return ""
    buffer = (raw.FPDF_WCHAR * (n // 2))()
    raw.FPDFTextObj_GetText(obj, textpage, buffer, n)
    return bytes(memoryview(buffer).cast("B"))[: n - 2].decode("utf-16-le", "replace")


def visible_text(page, raw) -> str:
    textpage = page.get_textpage()
    try:
        # PDFium joins a word hyphenated across lines and marks the join with U+FFFE: put the line back
        # as the page shows it, so cleaning decides between "assess-ment" and "long-standing" as for any text.
        text = textpage.get_text_range().replace("\r\n", "\n").replace("\r", "\n").replace("\ufffe", "-\n")
        hidden = [_object_text(o, textpage.raw, raw) for o in
                  _text_objects(page.raw, raw, raw.FPDFPage_CountObjects, raw.FPDFPage_GetObject) if _hidden(o, raw)]
    finally:
        textpage.close()
    text = NUMBERED.sub(r"\1 ", text)
    for fragment in hidden:
        fragment = fragment.strip()
        if len(fragment) >= 3:
            at = text.rfind(fragment)
            if at >= 0:
                text = text[:at] + text[at + len(fragment):]
    return text


def _created(value: str) -> str | None:
    """A PDF date (D:YYYYMMDD…) as an ISO date, or None."""
    digits = value.removeprefix("D:")[:8]
    if len(digits) == 8 and digits.isdigit():
        return f"{digits[:4]}-{digits[4:6]}-{digits[6:]}"
    return None


def extract(path: str) -> dict:
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    try:
        document = pdfium.PdfDocument(path)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            return {"error": "the PDF is encrypted with a password"}
        return {"error": f"corrupt or truncated PDF ({exc})"}
    try:
        pages = []
        for n in range(len(document)):
            page = document[n]
            try:
                pages.append(visible_text(page, raw))
            finally:
                page.close()
        meta = document.get_metadata_dict(skip_empty=True)
    except pdfium.PdfiumError as exc:
        return {"error": f"the PDF cannot be read ({exc})"}
    finally:
        document.close()
    if not pages:
        return {"error": "the PDF has no pages"}
    return {"pages": pages, "title": meta.get("Title") or None, "created": _created(meta.get("CreationDate", ""))}


if __name__ == "__main__":
    print(json.dumps(extract(sys.argv[1])))
