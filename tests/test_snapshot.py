"""The saved columnar snapshot: the same passages as Chroma, loaded by the next process without paging
Chroma, rebuilt after an ingest by re-reading only the documents that changed."""

import numpy as np

from rag.index import PassageIndex, open_client
from rag.lexical import PassageCorpus

from .test_ingest import LETTER, _corpus


def _corpus_of(settings, embeddings) -> PassageCorpus:
    return PassageCorpus(PassageIndex(open_client(settings), embeddings, prefix=settings.collection_prefix),
                         cache_dir=settings.snapshot_dir)


class CountingIndex:
    """The real index, counting which documents' passages, and how often all document records, are read out of Chroma."""

    def __init__(self, index: PassageIndex):
        self.index, self.read, self.records_read = index, [], 0
        read_records = index.document_records

        def counted():
            self.records_read += 1
            return read_records()

        index.document_records = counted  # the index's own versions() reads through it too

    def __getattr__(self, name):
        return getattr(self.index, name)

    def document_rows(self, doc_ids, versions, chunk=100):
        self.read.extend(doc_ids)
        return self.index.document_rows(doc_ids, versions, chunk)


def test_snapshot_matches_chroma_and_is_loaded_by_the_next_process(settings, pipeline, embeddings):
    index, ingestor = pipeline
    _corpus(settings.documents_dir)
    ingestor.run()
    snap = _corpus_of(settings, embeddings).snapshot()
    documents = index.list_documents()
    expected = sorted((p for d in documents for p in index.passages_of(d.doc_id)), key=lambda p: p.passage_id)
    got = sorted(snap.passages, key=lambda p: p.passage_id)
    assert got == expected and len(got) > 5
    full = {d.doc_id: index.get_document(d.doc_id).text for d in documents}
    assert all(snap.text_of(d) == text for d, text in full.items())
    for p in got:  # the invariant citations rely on
        assert full[p.doc_id][p.start:p.end] == p.text
    # Saved vectors are Chroma's: exact search over a document's rows finds its own passage first.
    probe = snap.position[expected[0].passage_id]
    rows = np.flatnonzero(snap.doc_index == snap.doc_index[probe])
    assert snap.dense(np.asarray(snap.passages.vectors[probe]), rows, 3)[0][0] == probe

    saved_records = settings.snapshot_dir / snap.signature / "documents.json"
    written = saved_records.stat().st_mtime_ns
    counting = CountingIndex(PassageIndex(open_client(settings), embeddings, prefix=settings.collection_prefix))
    again = PassageCorpus(counting, cache_dir=settings.snapshot_dir).snapshot()
    assert saved_records.stat().st_mtime_ns == written  # a start from them has nothing new to write
    assert counting.read == [] and sorted(again.passages, key=lambda p: p.passage_id) == expected
    # Nor the document records: the saved ones belong to the index's current generation.
    assert counting.records_read == 0 and again.documents == snap.documents
    assert [d.doc_id for d in again.documents.values()] == [d.doc_id for d in documents]  # by path, as Chroma's
    assert again.lexical("return home interviews", None)[0][0] == snap.lexical("return home interviews", None)[0][0]


def test_after_an_ingest_only_changed_documents_are_read_again(settings, pipeline, embeddings):
    index, ingestor = pipeline
    _corpus(settings.documents_dir)
    ingestor.run()
    _corpus_of(settings, embeddings).snapshot()  # saved

    (settings.documents_dir / "letter.txt").write_text(LETTER.replace("timely", "prompt"), encoding="utf-8")
    (settings.documents_dir / "notes.md").unlink()
    ingestor.run()
    counting = CountingIndex(PassageIndex(open_client(settings), embeddings, prefix=settings.collection_prefix))
    snap = PassageCorpus(counting, cache_dir=settings.snapshot_dir).snapshot()
    letter = next(d for d in index.list_documents() if d.path == "letter.txt")
    assert counting.read == [letter.doc_id]
    assert counting.records_read == 1  # the saved records belong to an older generation: read once, not trusted
    assert snap.documents[letter.doc_id].version == letter.version and len(snap.documents) == len(index.list_documents())
    texts = [p.text for p in snap.passages]
    assert any("routinely receive prompt" in t for t in texts) and not any("routinely receive timely" in t for t in texts)
    assert not any("Adoption performance" in t for t in texts)
    assert sorted(p.passage_id for p in snap.passages) == sorted(
        p.passage_id for d in index.list_documents() for p in index.passages_of(d.doc_id))
    assert [d.name for d in (settings.snapshot_dir).iterdir()] == [snap.signature]  # the old one is gone


def test_a_commit_by_another_process_is_seen_without_rereading_every_time(settings, pipeline, embeddings):
    index, ingestor = pipeline
    (settings.documents_dir / "letter.txt").write_text(LETTER, encoding="utf-8")
    ingestor.run()
    reader = PassageIndex(open_client(settings), embeddings, prefix=settings.collection_prefix)
    first = reader.versions_cached(max_age_s=0)
    reads = []
    original = reader.document_records
    reader.document_records = lambda: reads.append(1) or original()
    assert reader.versions_cached(max_age_s=0) == first and reads == []  # nothing committed: not re-read

    (settings.documents_dir / "notes.md").write_text("# Adoption\n\nAdoption was judged good.\n", encoding="utf-8")
    ingestor.run()
    assert len(reader.versions_cached(max_age_s=0)) == 2 and reads == [1]


def test_stems_are_the_lexical_index_tokens():
    """Sentence coverage looks stems up in the bm25s vocabulary: they must be bm25s's own tokens."""
    import bm25s

    from rag.lexical import _stemmer, stems

    texts = ["Return home interviews weren't timely; the MASH's thresholds (2016) were applied.",
             "Children's services in Barking and Dagenham are INADEQUATE — 12 children waited.", "a", "", "Ça été évalué."]
    for text in texts:
        expected = bm25s.tokenize([text], stopwords="en", stemmer=_stemmer, show_progress=False, return_ids=False)
        assert stems(text) == (expected[0] if expected else [])
    assert stems(texts[0])[:3] == ["return", "home", "interview"]


def test_a_national_library_searches_hnsw_and_keeps_to_the_scope(shipped):
    """Beyond exact_search_rows, dense search asks Chroma's HNSW for the whole library and keeps the hits in
    scope: the same passages as exact search, whether the scope is everything or one year's reports."""
    from dataclasses import replace

    import numpy as np

    from rag.retrieval import HybridRetriever

    exact = shipped.assistant.retriever
    national = HybridRetriever(exact.corpus, exact.embeddings, replace(exact.policy, exact_search_rows=0, candidates=5))
    index = exact.corpus.index
    asked = []
    real_nearest = index.nearest
    index.nearest = lambda vector, n: asked.append(n) or real_nearest(vector, n)
    try:
        snap = exact.corpus.snapshot()
        vector = np.array(exact.embeddings.embed_query("return home interviews after children go missing"), dtype=np.float32)
        wanted = {d for d in snap.documents if 2016 in snap.years_of[d]}
        mask = snap.mask_for(wanted)
        for rows, scope in ((None, None), (np.flatnonzero(mask), mask)):
            got = national._dense(snap, vector, rows, scope)
            assert [i for i, _ in got] == [i for i, _ in snap.dense(vector, rows, 5)]
            assert all(scope is None or scope[i] for i, _ in got)
        assert len(asked) == 2 and asked[1] > asked[0]  # a narrower scope fetches more neighbours
    finally:
        index.nearest = real_nearest
