"""Every bad file gets a clear per-file reason; the rest of the batch is indexed; nothing indexed is lost."""

import io
import zipfile
from dataclasses import replace

import pytest
from pypdf import PdfWriter

from rag.loading import LoadError, load_file

from .conftest import build
from .makers import REPORT_PAGES, make_docx, make_pdf, report_pages

GOOD = "Return home interviews are now timely in Buckinghamshire, inspectors found in 2025."


def _encrypted_pdf(path, source):
    writer = PdfWriter(clone_from=str(source))
    writer.encrypt(user_password="secret", owner_password="owner")
    writer.write(str(path))


def _image_only_pdf(path):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 100, 100, style="F")
    pdf.output(str(path))


def _zip_bomb_docx(path):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", b"<w:document>" + b" " * (3 * 2**20) + b"</w:document>")


def _dtd_docx(path, good_docx):
    with zipfile.ZipFile(good_docx) as src, zipfile.ZipFile(path, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "word/document.xml":
                data = data.replace(b"?>", b'?><!DOCTYPE w [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]>', 1)
            dst.writestr(item, data)


BAD_CASES = {
    "empty.pdf": ("", "the file is empty"),
    "empty.txt": ("", "the file is empty"),
    "empty.docx": ("", "the file is empty"),
    "empty.html": ("", "the file is empty"),
    "truncated.pdf": ("truncated", "PDF"),
    "encrypted.pdf": ("encrypted", "encrypted"),
    "scanned.pdf": ("image", "no extractable text"),
    "program.pdf": (b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) * 8, "not a PDF"),
    "program.txt": (b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) * 8, "not a text file"),
    "archive.txt": ("zip", "not a text file"),
    "bomb.docx": ("bomb", "zip bomb"),
    "entities.docx": ("dtd", "DTD"),
    "notword.docx": ("zip", "not a Word document"),
    "huge.txt": ("huge", "over the"),
    "data.json": ('{"a": 1}', "unsupported file type"),
    "scripts.html": ("<html><script>alert(1)</script><style>p{}</style></html>", "no readable text"),
}


def _write_case(folder, name, spec, tmp_path):
    path = folder / name
    if spec == "truncated":
        full = make_pdf(tmp_path / "full.pdf", REPORT_PAGES)
        path.write_bytes(full.read_bytes()[:700])
    elif spec == "encrypted":
        _encrypted_pdf(path, make_pdf(tmp_path / "plain.pdf", REPORT_PAGES))
    elif spec == "image":
        _image_only_pdf(path)
    elif spec == "zip":
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as zf:
            zf.writestr("hello.txt", "hello")
        path.write_bytes(buffer.getvalue())
    elif spec == "bomb":
        _zip_bomb_docx(path)
    elif spec == "dtd":
        _dtd_docx(path, make_docx(tmp_path / "ok.docx", [("Text", None)]))
    elif spec == "huge":
        path.write_text(GOOD * 40000)
    elif isinstance(spec, bytes):
        path.write_bytes(spec)
    else:
        path.write_text(spec)


def test_each_bad_file_fails_alone_with_its_reason(local_settings, embeddings, tmp_path, isolation):
    settings = replace(local_settings, max_file_bytes=2 * 2**20, max_unzipped_bytes=2 * 2**20, pdf_isolation=isolation)
    index, ingestor = build(settings, embeddings)
    folder = settings.documents_dir
    (folder / "good.txt").write_text(GOOD)
    for name, (spec, _) in BAD_CASES.items():
        _write_case(folder, name, spec, tmp_path)
    report = ingestor.run()
    reasons = {f.path: f.reason for f in report.failed}
    for name, (_, expected) in BAD_CASES.items():
        assert name in reasons, f"{name} was not reported"
        assert expected in reasons[name], f"{name}: {reasons[name]}"
    assert report.added == ["good.txt"]
    assert [d.path for d in index.list_documents()] == ["good.txt"]


def test_odd_encodings_are_read(tmp_path, local_settings):
    cases = {
        "cp1252.txt": ("Caf\u00e9 costs \u00a35 \u2013 children\u2019s services".encode("cp1252"), "Caf\u00e9 costs \u00a35 \u2013 children\u2019s services"),
        "utf16.txt": ("\ufeffChildren\u2019s services in Newham".encode("utf-16"), "Children\u2019s services in Newham"),
        "broken.txt": (b"Return home interviews are timely \xff in most cases. " * 20, "Return home interviews are timely"),
    }
    for name, (data, expected) in cases.items():
        path = tmp_path / name
        path.write_bytes(data)
        assert expected in load_file(path, local_settings).text


def test_a_file_that_turns_bad_keeps_its_indexed_version(local_settings, local_pipeline, tmp_path):
    index, ingestor = local_pipeline
    pdf = make_pdf(local_settings.documents_dir / "report.pdf", REPORT_PAGES)
    ingestor.run()
    before = index.list_documents()[0]
    pdf.write_bytes(pdf.read_bytes()[:500])  # a botched copy over the good file
    report = ingestor.run()
    assert report.failed and "previously indexed version is kept" in report.failed[0].reason
    after = index.list_documents()
    assert [d.version for d in after] == [before.version]
    assert index.search("return home interviews", k=1)


def test_pdf_parser_limits(local_settings, tmp_path, isolation):
    """A PDF that outlives the parse timeout is stopped and reported, not waited on forever."""
    pdf = make_pdf(tmp_path / "slow.pdf", report_pages(60))
    with pytest.raises(LoadError, match="took over"):
        load_file(pdf, replace(local_settings, parse_timeout_s=0.05, pdf_isolation=isolation))


def test_warm_parsers_read_as_one_shot_children_do(local_settings, tmp_path, isolation):
    """An ingest's warm parser processes give the same text, and the same reasons for bad PDFs."""
    from rag.pdf_parsers import PdfParsers
    from rag.settings import PROJECT_ROOT

    local_settings = replace(local_settings, pdf_isolation=isolation)
    pdfs = sorted((PROJECT_ROOT / "documents").glob("*.pdf"))
    truncated = tmp_path / "truncated.pdf"
    truncated.write_bytes(make_pdf(tmp_path / "full.pdf", REPORT_PAGES).read_bytes()[:700])
    encrypted = tmp_path / "encrypted.pdf"
    _encrypted_pdf(encrypted, make_pdf(tmp_path / "plain.pdf", REPORT_PAGES))
    image = tmp_path / "image.pdf"
    _image_only_pdf(image)
    with PdfParsers(local_settings) as parsers:
        for pdf in pdfs:
            assert load_file(pdf, local_settings, parsers) == load_file(pdf, local_settings)
        for bad in (truncated, encrypted, image):
            with pytest.raises(LoadError) as warm:
                load_file(bad, local_settings, parsers)
            with pytest.raises(LoadError) as once:
                load_file(bad, local_settings)
            assert str(warm.value) == str(once.value)
        assert len(parsers._idle) == 1  # one caller at a time: one server, reused
        server = parsers._idle[0].proc
    assert server.poll() is not None  # stopped with the ingest


def test_warm_parser_limits_stop_the_file_not_the_server(local_settings, tmp_path):
    """Fork path: a PDF that outlives the timeout (2 ms: a warm parser reads 60 pages in less than 50) is
    stopped and reported; the next file is read by the same warm server. A server killed
    from outside is replaced."""
    from rag.pdf_parsers import PdfParsers

    local_settings = replace(local_settings, pdf_isolation="fork")
    slow = make_pdf(tmp_path / "slow.pdf", report_pages(60))
    good = make_pdf(tmp_path / "good.pdf", REPORT_PAGES)
    with PdfParsers(replace(local_settings, parse_timeout_s=0.002)) as parsers:
        with pytest.raises(LoadError, match="slow.pdf: the PDF took over"):
            load_file(slow, parsers.settings, parsers)
    with PdfParsers(local_settings) as parsers:
        assert "return home interviews" in load_file(good, local_settings, parsers).text
        first = parsers._idle[0].proc
        parsers.settings = replace(local_settings, parse_timeout_s=0.002)
        with pytest.raises(LoadError, match="took over"):
            load_file(slow, parsers.settings, parsers)
        parsers.settings = local_settings
        assert parsers._idle[0].proc is first and first.poll() is None
        first.kill()
        first.wait()
        assert "return home interviews" in load_file(good, local_settings, parsers).text
        assert parsers._idle[0].proc is not first


def test_portable_parser_is_replaced_after_a_hang_a_crash_or_bloat(local_settings, tmp_path):
    """Portable path (Windows): the server reads the file itself, so a hang, a crash or memory past the
    limit costs that server; it is killed, the file gets its reason, and the next file gets a fresh one."""
    import threading

    from rag.pdf_parsers import PdfParsers

    settings = replace(local_settings, pdf_isolation="portable")
    slow = make_pdf(tmp_path / "slow.pdf", report_pages(60))
    good = make_pdf(tmp_path / "good.pdf", REPORT_PAGES)
    with PdfParsers(settings) as parsers:
        assert "return home interviews" in load_file(good, settings, parsers).text
        first = parsers._idle[0].proc
        parsers.settings = replace(settings, parse_timeout_s=0.002)
        with pytest.raises(LoadError, match="slow.pdf: the PDF took over"):
            load_file(slow, parsers.settings, parsers)
        assert first.poll() is not None and not parsers._idle  # hung: killed, not kept

        parsers.settings = settings
        assert "return home interviews" in load_file(good, settings, parsers).text
        second = parsers._idle[0].proc
        long = make_pdf(tmp_path / "long.pdf", report_pages(1200))  # about a second's read
        killer = threading.Timer(0.1, second.kill)  # dies mid-read, as on a crash in PDFium
        killer.start()
        with pytest.raises(LoadError, match="long.pdf: the PDF crashed the parser"):
            load_file(long, replace(settings, parse_timeout_s=30), parsers)
        killer.join()

        parsers.settings = replace(settings, parse_memory_mb=1)  # any server is over 1 MB resident
        with pytest.raises(LoadError, match="slow.pdf: the PDF exhausted the parser's limits"):
            load_file(slow, parsers.settings, parsers)
        parsers.settings = settings
        assert "return home interviews" in load_file(good, settings, parsers).text


def test_auto_isolation_is_portable_where_fork_is_missing(local_settings, monkeypatch):
    """What a Windows laptop gets: no os.fork (or no resource module) means the portable parser."""
    import builtins
    import os

    from rag.pdf_parsers import portable_isolation

    auto = replace(local_settings, pdf_isolation="auto")
    assert not portable_isolation(auto)  # this POSIX machine forks
    assert portable_isolation(replace(local_settings, pdf_isolation="portable"))
    monkeypatch.delattr(os, "fork")
    assert portable_isolation(auto)
    monkeypatch.undo()
    real_import = builtins.__import__
    monkeypatch.setattr(builtins, "__import__", lambda name, *a, **k: (_ for _ in ()).throw(ImportError(name))
                        if name == "resource" else real_import(name, *a, **k))
    assert portable_isolation(auto)
