"""Libraries beyond the real corpus, built by re-dating and re-attributing real passages: each copy gets
another authority's name in its text and metadata and other years, and reuses the source vector (the
cost being measured is search, not embedding)."""

from __future__ import annotations

import bisect
import json
import random
import re
from pathlib import Path

from .common import replace_settings


def build_scaled(source_index: Path, target_index: Path, n_target: int) -> int:
    """Copy real passages (text, metadata, vector) as other authorities' documents in other years."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    from .. import records
    from ..domain.gazetteer import gazetteer
    from ..index import PassageIndex, get_all, open_client
    from ..types import Document, DocumentMetadata
    from ..embeddings import make_embeddings

    source = PassageIndex(open_client(replace_settings(index_dir=source_index)), make_embeddings("onnx", source_index, cache=False))
    docs = get_all(source.documents, ["documents", "metadatas", "embeddings"])
    passages = source.all_passages(vectors=True)
    by_doc: dict[str, list[int]] = {}
    for i, m in enumerate(passages["metadatas"]):
        by_doc.setdefault(m["doc_id"], []).append(i)
    target = chromadb.PersistentClient(path=str(target_index / "chroma"), settings=ChromaSettings(anonymized_telemetry=False))
    (target_index / "FORMAT.json").write_text((source_index / "FORMAT.json").read_text())
    t_passages = target.get_or_create_collection("rag_passages", metadata={"hnsw:space": "cosine"})
    t_docs = target.get_or_create_collection("rag_documents", metadata={"hnsw:space": "cosine"})
    rng = random.Random(7)
    total, copy = 0, 0
    while total < n_target:
        for d_index, doc_id in enumerate(docs["ids"]):
            if total >= n_target:
                break
            meta = json.loads(docs["metadatas"][d_index]["metadata_json"])
            own = (meta["local_authorities"] or ["Buckinghamshire"])[0]
            names = gazetteer().names
            other = names[(copy * 37 + d_index) % len(names)] if copy else own
            shift = 0 if copy == 0 else rng.randint(-3, 3)
            new_id = f"{doc_id}-c{copy}"
            new_version = f"{docs['metadatas'][d_index]['version']}-c{copy}"
            meta.update(local_authorities=[other], title=meta["title"].replace(own, other))
            for key in ("published", "inspection_start", "inspection_end"):
                if meta.get(key):
                    meta[key] = f"{int(meta[key][:4]) + shift:04d}{meta[key][4:8]}28" if meta[key][5:7] == "02" else f"{int(meta[key][:4]) + shift:04d}{meta[key][4:]}"
            new_text, moved = _replace_with_offsets(docs["documents"][d_index], own, other)
            inspection = records.build(Document(new_id, f"scaled/{copy}/{docs['metadatas'][d_index]['path']}", "", new_version,
                                                new_text, DocumentMetadata(**meta)))
            record = dict(docs["metadatas"][d_index], version=new_version, path=f"scaled/{copy}/{docs['metadatas'][d_index]['path']}",
                          metadata_json=json.dumps(meta), title=meta["title"],
                          record_json=json.dumps(inspection.to_json()) if inspection else "")
            t_docs.add(ids=[new_id], documents=[new_text],
                       embeddings=[docs["embeddings"][d_index]], metadatas=[record])
            rows = by_doc.get(doc_id, [])
            ids, texts, metas, vectors = [], [], [], []
            for i in rows:
                m = dict(passages["metadatas"][i], doc_id=new_id, version=new_version, path=record["path"], title=meta["title"],
                         start=moved(passages["metadatas"][i]["start"]), end=moved(passages["metadatas"][i]["end"]),
                         sentences=json.dumps([(moved(a), moved(b)) for a, b in json.loads(passages["metadatas"][i]["sentences"])]))
                for key in list(m):
                    if key.startswith("la_"):
                        del m[key]
                m[f"la_{other.lower().replace(' ', '_').replace('-', '_').replace(',', '')}"] = True
                if m.get("year_from"):
                    m["year_from"] += shift
                    m["year_to"] += shift
                ids.append(f"{new_id}:{i}")
                texts.append(new_text[m["start"]: m["end"]])  # offsets stay true to the copy's text
                metas.append(m)
                vectors.append(passages["embeddings"][i])
            for b in range(0, len(ids), 2000):
                t_passages.add(ids=ids[b:b + 2000], documents=texts[b:b + 2000], metadatas=metas[b:b + 2000], embeddings=vectors[b:b + 2000])
            total += len(ids)
        copy += 1
    PassageIndex(target, source.embeddings).mark_changed()
    return total




def _replace_with_offsets(text: str, old: str, new: str):
    """text with old replaced by new, and a function moving an offset of text to the same place in the result."""
    found = [m.start() for m in re.finditer(re.escape(old), text)] if old else []
    shift = len(new) - len(old)

    def moved(offset: int) -> int:
        return offset + shift * bisect.bisect_right(found, offset - len(old))

    return (text.replace(old, new) if old else text), moved
