from rag.cleaning import clean, clean_flowing_text, clean_pdf_pages
from rag.loading import load_file
from rag.settings import Settings
from rag.types import ExtractedText

from .makers import make_pdf, report_pages


def test_web_furniture_is_removed_and_content_kept():
    raw = (
        "Get weekly updates directly to your inbox + Subscribe Thank you for subscribing! Could not subscribe, try again later Invalid Email\n\n"
        "Toggle Contrast\n\n"
        "An Ofsted inspection has shown some improvement.\n\n"
        "More from Community Care\n\n"
        "Comments are closed."
    )
    assert clean_flowing_text(raw) == "An Ofsted inspection has shown some improvement."


def test_hidden_characters_and_wrapped_lines():
    raw = "Return home\u200b interviews are\nnot timely.\n\n  1. First finding.\n  2. Second\u00a0finding."
    assert clean_flowing_text(raw) == "Return home interviews are not timely.\n\n1. First finding.\n\n2. Second finding."


def test_pdf_headers_page_numbers_hyphens_bullets_and_pages():
    pages = [
        "Inspection of Somewhere children's services\n6 to 17 December 2021 1\n"
        "The local authority has made steady progress in some areas and the assess-\n"
        "ment of risk is better. Work is long-\nstanding and well-established in the\n"
        "service.\n \nWhat needs to improve?1\n\u25fc The quality of plans.\n\uf0b7 Supervision.\n \n \n1 A footnote text.",
        "Inspection of Somewhere children's services\n6 to 17 December 2021 2\n"
        "Every assessment is timely. Care leavers are well supported by their personal\n"
        "advisers.",
        "Inspection of Somewhere children's services\n6 to 17 December 2021 3\nA final page ends here.",
    ]
    cleaned = clean_pdf_pages(pages)
    text = cleaned.text
    assert "Inspection of Somewhere" not in text  # running header
    assert "2021 2" not in text
    assert "the assessment of risk is better" in text  # split word repaired: "assessment" occurs elsewhere
    assert "long-standing" in text  # a real hyphen stays
    assert "What needs to improve?\n" in text  # footnote marker dropped
    assert "- The quality of plans." in text and "- Supervision." in text
    assert "Care leavers are well supported by their personal advisers." in text
    assert cleaned.page_at(text.index("Every assessment")) == 2
    assert cleaned.page_at(text.index("steady progress")) == 1
    assert cleaned.page_at(text.index("A final page")) == 3


def test_real_pdf_round_trip(tmp_path):
    pdf = make_pdf(tmp_path / "report.pdf", report_pages(2), header="Inspection of Buckinghamshire Council")
    cleaned = clean(load_file(pdf, Settings()))
    assert "Inspection of Buckinghamshire Council\n" not in cleaned.text.split("\n\n", 1)[1]
    assert "assessment of risk" in cleaned.text
    assert "- The timeliness of health assessments for care leavers." in cleaned.text
    last = cleaned.text.rindex("Care leavers benefit")
    assert cleaned.page_at(last) == 4  # first page, two body pages, last page


def test_markdown_headings_become_blocks():
    text = clean(ExtractedText("# Findings\n\nChildren are safe.\n\n* first\n* second", fmt="md")).text
    assert text == "Findings\n\nChildren are safe.\n\n- first\n\n- second"
