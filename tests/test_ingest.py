"""The whole path from files to searchable passages, against a local index and a Chroma server."""

import json

import pytest

from .makers import make_docx, make_pdf, report_pages

LETTER = (
    "10 January 2017\n\nDear David\n\nMonitoring visit of Buckinghamshire children's services\n\n"
    "This letter summarises the findings of the monitoring visit to Buckinghamshire children's services on "
    "30 November and 1 December 2016. The inspectors were Linda Steele HMI and Donna Marriott HMI.\n\n"
    "When children looked after go missing, they do not routinely receive timely return home interviews.\n\n"
    "Yours sincerely\n\nLinda Steele\n\nHer Majesty's Inspector\n\nwww.ofsted.gov.uk"
)


def _corpus(folder):
    (folder / "letter.txt").write_text(LETTER, encoding="utf-8")
    (folder / "notes.md").write_text("# Adoption\n\nAdoption performance was judged good in Buckinghamshire.\n", encoding="utf-8")
    (folder / "page.html").write_text(
        "<html><head><title>Council news</title><script>alert('x')</script></head><body><nav>Home | News</nav>"
        "<h1>Council responds to Ofsted</h1><p>The council accepts the findings about care leavers.</p></body></html>",
        encoding="utf-8",
    )
    make_docx(folder / "briefing.docx", [("Briefing for members", "Heading 1"), ("Caseloads fell to 16 children per worker.", None),
                                         ("Recruit permanent managers", "List Bullet")])
    make_pdf(folder / "children's services inspection - 14 may 2025.pdf", report_pages(4), header="Inspection of Buckinghamshire Council")


def test_ingest_every_format_with_offsets_pages_and_metadata(settings, pipeline):
    index, ingestor = pipeline
    _corpus(settings.documents_dir)
    report = ingestor.run()
    assert report.ok, report.failed
    assert sorted(report.added) == sorted(p.name for p in settings.documents_dir.iterdir())
    docs = {d.path: d for d in index.list_documents()}
    assert len(docs) == 5
    for summary in docs.values():
        doc = index.get_document(summary.doc_id)
        passages = index.passages_of(doc.doc_id)
        assert passages
        for p in passages:
            assert doc.text[p.start:p.end] == p.text  # a citation can quote start:end
    html = index.get_document(docs["page.html"].doc_id).text
    assert "alert" not in html and "Home | News" not in html and "care leavers" in html
    assert "- Recruit permanent managers" in index.get_document(docs["briefing.docx"].doc_id).text

    pdf = docs["children's services inspection - 14 may 2025.pdf"]
    assert pdf.metadata.kind == "ofsted_report"
    assert pdf.metadata.published == "2025-05-14"
    assert (pdf.metadata.inspection_start, pdf.metadata.inspection_end) == ("2025-01-27", "2025-02-07")
    assert pdf.metadata.lead_inspector == "Jane Example"
    assert pdf.metadata.grades["overall_effectiveness"] == "requires improvement to be good"
    pages = {p.page for p in index.passages_of(pdf.doc_id)}
    assert pages >= {1, 2, 6}

    letter = docs["letter.txt"].metadata
    assert letter.kind == "ofsted_letter" and letter.inspection_start == "2016-11-30"

    hits = index.search("return home interviews for missing children", k=3)
    assert hits and "return home interviews" in hits[0][0].text


def test_incremental_reingest_update_and_delete(settings, pipeline, embeddings):
    index, ingestor = pipeline
    _corpus(settings.documents_dir)
    ingestor.run()
    before = embeddings.computed

    again = ingestor.run()
    assert again.unchanged and not (again.added or again.updated or again.removed)
    assert embeddings.computed == before  # nothing embedded

    (settings.documents_dir / "notes.md").write_text("# Adoption\n\nAdoption performance was judged outstanding in 2025.\n", encoding="utf-8")
    (settings.documents_dir / "page.html").unlink()
    changed = ingestor.run()
    assert changed.updated == ["notes.md"] and changed.removed == ["page.html"]
    paths = {d.path for d in index.list_documents()}
    assert "page.html" not in paths
    notes = next(d for d in index.list_documents() if d.path == "notes.md")
    texts = [p.text for p in index.passages_of(notes.doc_id)]
    assert any("outstanding" in t for t in texts) and not any("judged good" in t for t in texts)
    # Old passages are gone from the store itself, not just hidden.
    assert index.passage_count(notes.doc_id) == len(texts)


def test_duplicate_content_is_indexed_once(settings, pipeline):
    index, ingestor = pipeline
    (settings.documents_dir / "a.txt").write_text(LETTER, encoding="utf-8")
    (settings.documents_dir / "b-copy.txt").write_text(LETTER, encoding="utf-8")
    report = ingestor.run()
    assert report.added == ["a.txt"] and report.ok
    assert report.skipped[0].path == "b-copy.txt" and "duplicate of a.txt" in report.skipped[0].reason
    assert [d.path for d in index.list_documents()] == ["a.txt"]


def test_catalog_metadata_wins(settings, pipeline):
    index, ingestor = pipeline
    (settings.documents_dir / "letter.txt").write_text(LETTER, encoding="utf-8")
    (settings.documents_dir / "catalog.json").write_text(json.dumps({"documents": {"letter.txt": {"title": "The letter", "publisher": "Ofsted"}}}))
    ingestor.run()
    doc = index.list_documents()[0]
    assert doc.metadata.title == "The letter"
    assert "publisher" not in doc.metadata.inferred and "inspection_start" in doc.metadata.inferred


def test_crash_leftovers_are_never_searchable_and_are_collected(local_settings, local_pipeline):
    """A crash after new passages were written but before the document record switched to them."""
    index, ingestor = local_pipeline
    (local_settings.documents_dir / "letter.txt").write_text(LETTER, encoding="utf-8")
    ingestor.run()
    doc = index.list_documents()[0]
    committed = index.passage_count(doc.doc_id)
    index.passages.add_texts(["An uncommitted passage about return home interviews from a crashed ingest."],
                             metadatas=[{"doc_id": doc.doc_id, "version": "crashed", "start": 0, "end": 10, "paragraph": 1, "sentences": "[]"}],
                             ids=["orphan-1"])
    assert all("crashed ingest" not in p.text for p, _ in index.search("uncommitted passage crashed ingest", k=5))
    ingestor.run()
    assert index.passage_count(doc.doc_id) == committed


def test_a_failed_write_is_raised_and_earlier_documents_stay(local_settings, embeddings):
    """Writes run on their own thread: a store failure must still stop the ingest, not vanish with the thread."""
    from rag.index import PassageIndex, open_client
    from rag.ingest import Ingestor

    class DiskFullOnSecond(PassageIndex):
        writes = 0

        def put_many(self, stored):
            DiskFullOnSecond.writes += 1
            if DiskFullOnSecond.writes == 2:
                raise OSError(28, "No space left on device")
            super().put_many(stored)

    for name in ("a.txt", "b.txt", "c.txt"):
        (local_settings.documents_dir / name).write_text(LETTER.replace("Dear David", f"Dear {name}"), encoding="utf-8")
    index = DiskFullOnSecond(open_client(local_settings), embeddings)
    with pytest.raises(OSError, match="No space left"):
        Ingestor(index, local_settings, embed_together=1).run()  # a pass, and a write, per document
    assert "a.txt" in {d.path for d in index.list_documents()}
    assert "b.txt" not in {d.path for d in index.list_documents()}
    report = Ingestor(PassageIndex(open_client(local_settings), embeddings), local_settings).run()
    assert report.added == ["b.txt"] or set(report.added) == {"b.txt", "c.txt"}
