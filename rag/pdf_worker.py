"""Child process: read one PDF's pages with pypdf, print JSON. Run by rag.loading under limits."""

from __future__ import annotations

import json
import sys


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
        pages = [page.extract_text() or "" for page in reader.pages]
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
    if not pages:
        return {"error": "the PDF has no pages"}
    return {"pages": pages, "title": title, "created": created}


if __name__ == "__main__":
    import logging

    logging.disable(logging.WARNING)  # pypdf warns on stderr about every oddity; the result says enough
    sys.setrecursionlimit(5000)
    print(json.dumps(extract(sys.argv[1])))
