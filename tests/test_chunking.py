import pytest

from rag.chunking import split_document
from rag.cleaning import clean_flowing_text
from rag.types import Document, DocumentMetadata

SENTENCE = "Return home interviews are not timely and the quality of recording is poor in too many cases. "


def _doc(text: str) -> Document:
    return Document("d1", "d.txt", "h", "v1", text, DocumentMetadata())


def test_offsets_sentences_and_sections():
    raw = "\n\n".join([
        "Summary of findings",
        SENTENCE * 3,
        "- A list item about care leavers.",
        "Help and protection",
        SENTENCE * 12,  # longer than a passage: cut at sentence boundaries
        "The end of the report.",
    ])
    doc = _doc(clean_flowing_text(raw))
    passages = split_document(doc, 300, 900)
    assert len(passages) >= 3
    covered = set()
    for p in passages:
        assert p.text == doc.text[p.start:p.end]
        assert len(p.text) <= 900
        for s, e in p.sentences:
            assert p.start <= s < e <= p.end
            assert doc.text[s:e].strip() == doc.text[s:e]
        covered.update(range(p.start, p.end))
    # Every sentence of the long paragraph is whole in exactly one passage.
    assert sum(p.text.count("Return home interviews") for p in passages) == 15
    assert passages[0].section == "Summary of findings"
    assert any(p.section == "Help and protection" for p in passages)
    assert [p.passage_id for p in passages] == sorted(p.passage_id for p in passages)


def test_short_blocks_are_packed_to_the_minimum():
    doc = _doc("\n\n".join(f"Finding number {i} is short but true." for i in range(20)))
    passages = split_document(doc, 300, 900)
    assert all(len(p.text) >= 300 for p in passages[:-1])
    assert "".join(doc.text[p.start:p.end] for p in passages).count("Finding number") == 20


def test_sentences_split_in_parallel_threads_match_one_thread():
    """Ingest prepares files in worker threads: their sentence offsets must not mix."""
    from concurrent.futures import ThreadPoolExecutor

    from rag.sentences import sentence_spans

    texts = [f"Document {i}. " + "Care leavers are supported by personal advisers. Visits are timely! " * (5 + i * 7)
             for i in range(24)]
    expected = [sentence_spans(t, 10) for t in texts]
    with ThreadPoolExecutor(max_workers=4) as pool:
        for _ in range(3):
            assert list(pool.map(lambda t: sentence_spans(t, 10), texts)) == expected


def _blocks(paths) -> list[str]:
    from rag import cleaning, loading
    from rag.chunking import blocks_of
    from rag.settings import Settings

    settings = Settings()
    out = []
    for p in paths:
        try:
            extracted = loading.load_file(p, settings)
        except loading.LoadError as exc:  # a web page saved as .pdf, as real download folders hold
            assert "content is HTML" in str(exc), exc
            continue
        out += [b.text for b in blocks_of(cleaning.clean(extracted).text) if not b.is_heading]
    return out


def _assert_pysbds_own(texts: list[str]) -> None:
    import pysbd

    from rag.sentences import _segmenter

    theirs = pysbd.Segmenter(language="en", clean=False, char_span=True)
    ours = _segmenter()
    for text in texts:
        assert [(s.sent, s.start, s.end) for s in ours.segment(text)] == [(s.sent, s.start, s.end) for s in theirs.segment(text)], text


def test_sentence_offsets_are_pysbds_own():
    """Our span finder and abbreviation pass replace slow parts of pysbd: same sentences, same offsets."""
    from rag.settings import PROJECT_ROOT

    texts = [p.read_text(encoding="utf-8", errors="replace") for p in sorted((PROJECT_ROOT / "documents").glob("*.txt"))]
    texts += ["Visits are timely.  Visits are timely. Visits are timely.\n\nThe L.A. responded (see p. 4).",
              "Dr. Smith met the DCS, i.e. the director.   \u00a0Then: 3.5% of children waited. ?! ",
              "No end mark here", "   ", "Mr. A. Jones HMI led it. E.g. return home interviews… Done.",
              # abbreviations in several spellings on one line, before capitals, numbers and brackets
              "See No. 5 and no. 6. Dr. Lee, dr. Shah and DR. Khan met. Fig. 2 (p. 7) shows it. Vol. 3 is out.",
              "The Prof. said so. prof. Ray agreed. St. Helens and st. Albans. Gen. Smith, Col. Jones. Jan. 2020 was cold.",
              "pysbd's brace pattern: {Dr} Dr. Who and {No} No. 4. Ends here.",
              # characters that ignore-case matching folds onto ASCII letters
              "\u212aIng. Ltd. \u017ft. Mary's; \u0130nc. co. \u0131nc. Done. Next sentence."]
    texts = [block for t in texts for block in t.split("\n\n")]
    texts += _blocks(sorted((PROJECT_ROOT / "documents").glob("*.pdf")))
    assert len(texts) > 200
    _assert_pysbds_own(texts)


def test_sentence_offsets_are_pysbds_own_on_real_reports():
    """Every paragraph of a dozen real reports from other authorities (CI has them beside the project)."""
    from .conftest import SHARED_REPORTS

    if not SHARED_REPORTS.exists():
        pytest.skip("../shared/ofsted-reports is not here (it is in CI)")
    texts = _blocks(sorted(SHARED_REPORTS.glob("*/*.pdf"))[::5])
    assert len(texts) > 1000
    _assert_pysbds_own(texts)
