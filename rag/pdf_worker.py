"""Child process: read one PDF's pages with pypdf, print JSON. Run by rag.loading under limits."""

from __future__ import annotations

import json
import sys


class _HiddenText:
    """Text a reader cannot see: invisible render mode, white fill, or a font too small to read.
    Such text is how hostile documents smuggle instructions past a person; it is not indexed."""

    MIN_POINTS = 2.0

    def __init__(self):
        self.render_mode = 0
        self.white = False
        self.saved: list[tuple[int, bool]] = []
        self.hidden: list[str] = []

    def before(self, operator, operands, cm, tm):
        op = operator.decode() if isinstance(operator, bytes) else operator
        try:
            if op == "q":
                self.saved.append((self.render_mode, self.white))
            elif op == "Q" and self.saved:
                self.render_mode, self.white = self.saved.pop()
            elif op == "Tr" and operands:
                self.render_mode = int(operands[0])
            elif op in ("rg", "sc", "scn") and len(operands) == 3:
                self.white = all(float(v) >= 0.95 for v in operands)
            elif op in ("g", "sc", "scn") and len(operands) == 1:
                self.white = float(operands[0]) >= 0.95
            elif op in ("k", "sc", "scn") and len(operands) == 4:
                self.white = all(float(v) <= 0.05 for v in operands)
        except (TypeError, ValueError):
            pass

    def text(self, text, cm, tm, font_dict, font_size):
        if not text or not text.strip():
            return
        scale = abs(float(tm[0]) * float(cm[0])) or abs(float(tm[3]) * float(cm[3])) or 1.0
        size = float(font_size or 0) * scale
        if self.render_mode in (3, 7) or self.white or 0 < size < self.MIN_POINTS:
            self.hidden.append(text)


def visible_text(page) -> str:
    hidden = _HiddenText()
    text = page.extract_text(visitor_operand_before=hidden.before, visitor_text=hidden.text) or ""
    for fragment in hidden.hidden:
        fragment = fragment.strip()
        if len(fragment) >= 3:
            at = text.rfind(fragment)
            if at >= 0:
                text = text[:at] + text[at + len(fragment):]
    return text


def extract(path: str) -> dict:
    import pypdf
    from pypdf.errors import FileNotDecryptedError, PdfReadError

    try:
        reader = pypdf.PdfReader(path)
        if reader.is_encrypted:
            try:
                if not reader.decrypt(""):  # an owner-password-only PDF opens with the empty password
                    return {"error": "the PDF is encrypted with a password"}
            except Exception:
                return {"error": "the PDF is encrypted with a password"}
        pages = [visible_text(page) for page in reader.pages]
        meta = reader.metadata or {}
        title = meta.get("/Title") if isinstance(meta.get("/Title"), str) else None
        created = None
        try:
            if reader.metadata and reader.metadata.creation_date:
                created = reader.metadata.creation_date.date().isoformat()
        except Exception:
            created = None
    except FileNotDecryptedError:
        return {"error": "the PDF is encrypted with a password"}
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError) as exc:
        return {"error": f"corrupt or truncated PDF ({type(exc).__name__}: {exc})"}
    except RecursionError:
        return {"error": "corrupt PDF (reference loop)"}
    except MemoryError:
        raise  # the parent reports it as a bomb
    except Exception as exc:  # pypdf raises many kinds on hostile files; every one is a reason, not a crash
        return {"error": f"the PDF cannot be read ({type(exc).__name__}: {str(exc)[:200]})"}
    if not pages:
        return {"error": "the PDF has no pages"}
    return {"pages": pages, "title": title, "created": created}


if __name__ == "__main__":
    import logging

    logging.disable(logging.WARNING)  # pypdf warns on stderr about every oddity; the result says enough
    sys.setrecursionlimit(5000)
    print(json.dumps(extract(sys.argv[1])))
