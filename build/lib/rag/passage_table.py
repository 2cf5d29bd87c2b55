"""The committed passages as columns: numpy arrays, one text file and one vector file, saved beside the
index. A process starts by mapping these files instead of paging every passage out of Chroma, holds
each text once (a passage is a slice of its document) and builds a Passage object only when asked."""

from __future__ import annotations

import json
import os
import shutil
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .types import Passage

FORMAT = 1


class DocumentTexts:
    """Cleaned document texts in one UTF-8 buffer (memory-mapped when loaded); the last few decoded stay cached."""

    def __init__(self, data, offsets: np.ndarray, doc_ids: list[str], keep: int = 64):
        self._data = data
        self._offsets = offsets
        self._row = {d: i for i, d in enumerate(doc_ids)}
        self._decoded: OrderedDict[str, str] = OrderedDict()
        self._keep = keep

    def get(self, doc_id: str) -> str | None:
        if doc_id in self._decoded:
            self._decoded.move_to_end(doc_id)
            return self._decoded[doc_id]
        row = self._row.get(doc_id)
        if row is None:
            return None
        text = bytes(self._data[self._offsets[row]: self._offsets[row + 1]]).decode("utf-8")
        self._decoded[doc_id] = text
        if len(self._decoded) > self._keep:
            self._decoded.popitem(last=False)
        return text


@dataclass
class DocumentRows:
    """One document's passages, as read from Chroma or kept from the previous table."""

    doc_id: str
    version: str
    text: str
    ids: list[str]
    columns: dict[str, np.ndarray]  # start, end, page (-1: none), paragraph: int32, one per passage
    sections: list[str | None]
    sentence_counts: np.ndarray  # sentences per passage
    sentence_spans: np.ndarray  # int32 [sentences, 2], absolute offsets
    vectors: np.ndarray  # float32 [n, dims]


class PassageTable(Sequence):
    """Passages by position; `table[i]` makes the Passage, the columns answer bulk questions."""

    def __init__(self, ids: list[str], versions: dict[str, str], doc_index: np.ndarray, columns: dict[str, np.ndarray],
                 sections: list[str], texts: DocumentTexts, vectors: np.ndarray | None):
        self.ids = ids
        self.versions = versions  # doc_id -> the version whose passages these are
        self.doc_ids = sorted(versions)  # doc_index points into this
        self._doc_row = {d: i for i, d in enumerate(self.doc_ids)}
        self.doc_index = doc_index
        self.start, self.end = columns["start"], columns["end"]
        self.page, self.section, self.paragraph = columns["page"], columns["section"], columns["paragraph"]
        self.sentence_ptr, self.sentence_spans = columns["sentence_ptr"], columns["sentence_spans"]
        self.sections = sections
        self.texts = texts
        self.vectors = vectors  # float32 [n, dims], memory-mapped: only the rows read become resident

    def __len__(self) -> int:
        return len(self.ids)

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        doc_id = self.doc_ids[self.doc_index[i]]
        start, end = int(self.start[i]), int(self.end[i])
        spans = self.sentence_spans[self.sentence_ptr[i]: self.sentence_ptr[i + 1]]
        page, section = int(self.page[i]), int(self.section[i])
        return Passage(passage_id=self.ids[i], doc_id=doc_id, text=(self.texts.get(doc_id) or "")[start:end],
                       start=start, end=end, page=page if page >= 0 else None,
                       section=self.sections[section] if section >= 0 else None, paragraph=int(self.paragraph[i]),
                       sentences=[(int(s), int(e)) for s, e in spans])

    def doc_id(self, i: int) -> str:
        return self.doc_ids[self.doc_index[i]]

    def section_of(self, i: int) -> str | None:
        code = int(self.section[i])
        return self.sections[code] if code >= 0 else None

    def texts_of_all(self):
        """Every passage's text in order (rows are grouped by document, so each document is decoded once)."""
        for i in range(len(self)):
            doc_id = self.doc_ids[self.doc_index[i]]
            yield (self.texts.get(doc_id) or "")[int(self.start[i]): int(self.end[i])]

    def rows_of(self, doc_id: str) -> DocumentRows:
        """One document's rows as array slices, to carry into the next table without re-reading Chroma."""
        rows = np.flatnonzero(self.doc_index == self._doc_row[doc_id])
        first, last = (int(rows[0]), int(rows[-1]) + 1) if len(rows) else (0, 0)
        assert last - first == len(rows)  # a document's rows are contiguous (ordered by document)
        ptr = self.sentence_ptr[first: last + 1]
        return DocumentRows(
            doc_id, self.versions[doc_id], self.texts.get(doc_id) or "", self.ids[first:last],
            {k: getattr(self, k)[first:last] for k in COLUMNS}, [self.section_of(i) for i in range(first, last)],
            np.diff(ptr), self.sentence_spans[ptr[0]: ptr[-1]] if len(ptr) else np.zeros((0, 2), np.int32),
            np.asarray(self.vectors[first:last], dtype=np.float32),
        )


COLUMNS = ("start", "end", "page", "paragraph")


def build(documents: list[DocumentRows], dims: int) -> PassageTable:
    """A table of these documents' passages, in the given document order (callers sort by path)."""
    versions = {d.doc_id: d.version for d in documents}
    doc_ids = sorted(versions)
    order = {d: i for i, d in enumerate(doc_ids)}
    section_codes: dict[str, int] = {}
    ids = [i for d in documents for i in d.ids]
    columns = {k: np.concatenate([np.zeros(0, np.int32)] + [np.asarray(d.columns[k], np.int32) for d in documents]) for k in COLUMNS}
    columns["section"] = np.array([-1 if s is None else section_codes.setdefault(s, len(section_codes))
                                   for d in documents for s in d.sections], dtype=np.int32)
    counts = np.concatenate([np.zeros(0, np.int64)] + [np.asarray(d.sentence_counts, np.int64) for d in documents])
    columns["sentence_ptr"] = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
    columns["sentence_spans"] = np.concatenate([np.zeros((0, 2), np.int32)] + [np.asarray(d.sentence_spans, np.int32).reshape(-1, 2) for d in documents])
    doc_index = np.concatenate([np.zeros(0, np.int32)] + [np.full(len(d.ids), order[d.doc_id], np.int32) for d in documents])
    by_id = {d.doc_id: d.text.encode("utf-8") for d in documents}
    encoded = [by_id[d] for d in doc_ids]
    offsets = np.concatenate([[0], np.cumsum([len(b) for b in encoded], dtype=np.int64)]).astype(np.int64)
    vectors = np.concatenate([np.zeros((0, dims), np.float32)] + [np.asarray(d.vectors, np.float32).reshape(-1, dims) for d in documents])
    return PassageTable(ids, versions, doc_index, columns, list(section_codes), DocumentTexts(b"".join(encoded), offsets, doc_ids), vectors)


def save(table: PassageTable, target: Path) -> None:
    """Write the table under target atomically: a half-written table is never loaded."""
    partial = target.with_name(f".{target.name}.{os.getpid()}.partial")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    np.savez(partial / "columns.npz", doc_index=table.doc_index, start=table.start, end=table.end, page=table.page,
             section=table.section, paragraph=table.paragraph, sentence_ptr=table.sentence_ptr,
             sentence_spans=table.sentence_spans, doc_offsets=table.texts._offsets)
    np.save(partial / "vectors.npy", np.asarray(table.vectors, dtype=np.float32))
    (partial / "texts.bin").write_bytes(bytes(table.texts._data))
    (partial / "names.json").write_text(json.dumps({"format": FORMAT, "ids": table.ids, "versions": table.versions,
                                                    "sections": table.sections}))
    shutil.rmtree(target, ignore_errors=True)
    partial.rename(target)


def load(source: Path) -> PassageTable | None:
    """The saved table, or None if there is none (or it is from another format)."""
    try:
        names = json.loads((source / "names.json").read_text())
        if names.get("format") != FORMAT:
            return None
        with np.load(source / "columns.npz") as saved:
            columns = {k: saved[k] for k in saved.files}
        data = np.memmap(source / "texts.bin", dtype=np.uint8, mode="r") if (source / "texts.bin").stat().st_size else b""
        vectors = np.load(source / "vectors.npy", mmap_mode="r")
    except (OSError, ValueError, KeyError):
        return None
    texts = DocumentTexts(data, columns.pop("doc_offsets"), sorted(names["versions"]))
    return PassageTable(names["ids"], names["versions"], columns.pop("doc_index"), columns, names["sections"], texts, vectors)
