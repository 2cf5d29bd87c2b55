"""Libraries beyond the real corpus, built by re-dating and re-attributing real passages: each copy gets
another authority's name in its text and metadata and other years, and reuses the source vector (the
cost being measured is search, not embedding)."""

from __future__ import annotations

import bisect
import json
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .common import replace_settings

# Above this, Chroma's adds (about 12 minutes per 100k passages here, most of it its full-text and metadata
# tables) would make a bench run take hours: the library is written the direct way (build_scaled_direct).
THROUGH_CHROMA_UP_TO = 100_000


@dataclass
class _Copy:
    """One re-attributed document: its Chroma record and its passages' records, in text order."""

    doc_id: str
    text: str
    vector: list[float]
    record: dict
    ids: list[str]
    texts: list[str]
    metas: list[dict]
    vectors: list


def _copies(source_index: Path, n_target: int) -> Iterator[_Copy]:
    """Copies of the source's documents as other authorities' in other years, until n_target passages."""
    from .. import records
    from ..domain.gazetteer import gazetteer
    from ..embeddings import make_embeddings
    from ..index import PassageIndex, get_all, open_client
    from ..types import Document, DocumentMetadata

    source = PassageIndex(open_client(replace_settings(index_dir=source_index)), make_embeddings("onnx", source_index, cache=False))
    docs = get_all(source.documents, ["documents", "metadatas", "embeddings"])
    passages = source.all_passages(vectors=True)
    by_doc: dict[str, list[int]] = {}
    for i, m in enumerate(passages["metadatas"]):
        by_doc.setdefault(m["doc_id"], []).append(i)
    names = gazetteer().names
    rng = random.Random(7)
    total, copy = 0, 0
    while total < n_target:
        for d_index, doc_id in enumerate(docs["ids"]):
            if total >= n_target:
                return
            meta = json.loads(docs["metadatas"][d_index]["metadata_json"])
            own = (meta["local_authorities"] or ["Buckinghamshire"])[0]
            other = names[(copy * 37 + d_index) % len(names)] if copy else own
            shift = 0 if copy == 0 else rng.randint(-3, 3)
            new_id = f"{doc_id}-c{copy}"
            new_version = f"{docs['metadatas'][d_index]['version']}-c{copy}"
            meta.update(local_authorities=[other], title=meta["title"].replace(own, other))
            for key in ("published", "inspection_start", "inspection_end"):
                if meta.get(key):
                    meta[key] = f"{int(meta[key][:4]) + shift:04d}{meta[key][4:8]}28" if meta[key][5:7] == "02" else f"{int(meta[key][:4]) + shift:04d}{meta[key][4:]}"
            new_text, moved = _replace_with_offsets(docs["documents"][d_index], own, other)
            path = f"scaled/{copy}/{docs['metadatas'][d_index]['path']}"
            inspection = records.build(Document(new_id, path, "", new_version, new_text, DocumentMetadata(**meta)))
            record = dict(docs["metadatas"][d_index], version=new_version, path=path, metadata_json=json.dumps(meta),
                          title=meta["title"], record_json=json.dumps(inspection.to_json()) if inspection else "")
            out = _Copy(new_id, new_text, docs["embeddings"][d_index], record, [], [], [], [])
            for i in sorted(by_doc.get(doc_id, []), key=lambda i: passages["metadatas"][i]["start"]):
                m = dict(passages["metadatas"][i], doc_id=new_id, version=new_version, path=path, title=meta["title"],
                         start=moved(passages["metadatas"][i]["start"]), end=moved(passages["metadatas"][i]["end"]),
                         sentences=json.dumps([(moved(a), moved(b)) for a, b in json.loads(passages["metadatas"][i]["sentences"])]))
                for key in list(m):
                    if key.startswith("la_"):
                        del m[key]
                m[f"la_{other.lower().replace(' ', '_').replace('-', '_').replace(',', '')}"] = True
                if m.get("year_from"):
                    m["year_from"] += shift
                    m["year_to"] += shift
                out.ids.append(f"{new_id}:{i}")
                out.texts.append(new_text[m["start"]: m["end"]])  # offsets stay true to the copy's text
                out.metas.append(m)
                out.vectors.append(passages["embeddings"][i])
            total += len(out.ids)
            yield out
        copy += 1


def _target_collections(target_index: Path, source_index: Path):
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    target = chromadb.PersistentClient(path=str(target_index / "chroma"), settings=ChromaSettings(anonymized_telemetry=False))
    (target_index / "FORMAT.json").write_text((source_index / "FORMAT.json").read_text())
    return (target, target.get_or_create_collection("rag_passages", metadata={"hnsw:space": "cosine"}),
            target.get_or_create_collection("rag_documents", metadata={"hnsw:space": "cosine"}))


def build_scaled(source_index: Path, target_index: Path, n_target: int) -> int:
    """Copy real passages (text, metadata, vector) as other authorities' documents in other years, through
    Chroma as an ingest writes them; the snapshot is then built from Chroma as after an ingest."""
    from ..embeddings import make_embeddings
    from ..index import PassageIndex

    target, t_passages, t_docs = _target_collections(target_index, source_index)
    total = 0
    for c in _copies(source_index, n_target):
        t_docs.add(ids=[c.doc_id], documents=[c.text], embeddings=[c.vector], metadatas=[c.record])
        for b in range(0, len(c.ids), 2000):
            t_passages.add(ids=c.ids[b:b + 2000], documents=c.texts[b:b + 2000], metadatas=c.metas[b:b + 2000],
                           embeddings=c.vectors[b:b + 2000])
        total += len(c.ids)
    PassageIndex(target, make_embeddings("onnx", target_index, cache=False)).mark_changed()
    return total


def build_scaled_direct(source_index: Path, target_index: Path, n_target: int) -> int:
    """The same library for a national-scale size, written the way a process reads it: the snapshot table and
    document records saved beside the index (what `rag ingest` leaves), and in Chroma only what a question
    reads from it at this size, each passage's vector and document for the HNSW search. The bm25 index is
    built from the table when the snapshot is first opened, as after an ingest."""
    from .. import passage_table
    from ..embeddings import DIMENSIONS, make_embeddings
    from ..index import PassageIndex
    from ..index_records import document_rows
    from ..lexical import PassageCorpus

    target, t_passages, _ = _target_collections(target_index, source_index)
    index = PassageIndex(target, make_embeddings("onnx", target_index, cache=False))
    rows, records, total = [], {}, 0
    for c in _copies(source_index, n_target):
        records[c.doc_id] = c.record
        rows.append(document_rows(c.doc_id, c.record["version"], c.text, c.ids, c.metas, c.vectors))
        for b in range(0, len(c.ids), 2000):
            t_passages.add(ids=c.ids[b:b + 2000], metadatas=[{"doc_id": c.doc_id}] * len(c.ids[b:b + 2000]),
                           embeddings=c.vectors[b:b + 2000])
        total += len(c.ids)
    index.mark_changed()
    rows.sort(key=lambda r: records[r.doc_id]["path"])
    corpus = PassageCorpus(index, cache_dir=replace_settings(index_dir=target_index).snapshot_dir)
    corpus.save_built(records, passage_table.build(rows, DIMENSIONS))
    return total


def _replace_with_offsets(text: str, old: str, new: str):
    """text with old replaced by new, and a function moving an offset of text to the same place in the result."""
    found = [m.start() for m in re.finditer(re.escape(old), text)] if old else []
    shift = len(new) - len(old)

    def moved(offset: int) -> int:
        return offset + shift * bisect.bisect_right(found, offset - len(old))

    return (text.replace(old, new) if old else text), moved
