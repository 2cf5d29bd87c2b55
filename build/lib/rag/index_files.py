"""The local index's folder: the format marker that refuses an incompatible index, and setting a
damaged one aside so ingest can rebuild it. The errors an unusable index raises live here too."""

from __future__ import annotations

import json
import time
from pathlib import Path

import chromadb

INDEX_FORMAT = 1


class IndexUnavailable(Exception):
    """The index cannot be used; the message says what to do."""


class IndexBusy(IndexUnavailable):
    pass


def check_format(index_dir: Path, embeddings_backend: str = "onnx") -> None:
    """Refuse an index written by an incompatible version (or other embeddings) instead of misreading it."""
    marker = index_dir / "FORMAT.json"
    expected = {"format": INDEX_FORMAT, "chromadb": chromadb.__version__.split(".")[0], "model": "all-MiniLM-L6-v2",
                "embeddings": "onnx" if embeddings_backend == "torch" else embeddings_backend}
    if marker.exists():
        try:
            found = json.loads(marker.read_text())
        except json.JSONDecodeError:
            found = {}
        if found != expected:
            raise IndexUnavailable(
                f"the index at {index_dir} was written in format {found} but this version needs {expected}; "
                "run `python -m rag ingest --rebuild` to set it aside and rebuild it from documents/"
            )
    else:
        marker.write_text(json.dumps(expected))


def set_aside(index_dir: Path) -> Path | None:
    """Move a damaged or outdated local index out of the way (kept for inspection), so ingest can rebuild."""
    built = [p for p in index_dir.iterdir() if p.name != "README.md"] if index_dir.exists() else []
    if not built:
        return None
    aside = index_dir.with_name(f"{index_dir.name}.broken-{time.strftime('%Y%m%d-%H%M%S')}")
    aside.mkdir()
    for path in built:  # only what the index wrote; a README beside it stays
        path.rename(aside / path.name)
    return aside
