"""Real files for tests: PDFs (fpdf2), Word documents (python-docx)."""

from __future__ import annotations

from pathlib import Path


def make_pdf(path: Path, pages: list[list[str]], header: str | None = None, title: str | None = None) -> Path:
    """One list of lines per page; a running header and a page number on every page, as Ofsted's PDFs have."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(False)
    pdf.core_fonts_encoding = "cp1252"  # bullets and curly quotes, as Word writes them
    if title:
        pdf.set_title(title)
    for number, lines in enumerate(pages, start=1):
        pdf.add_page()
        pdf.set_font("Helvetica", size=10)
        if header:
            pdf.set_xy(15, 10)
            pdf.cell(0, 5, header)
        y = 25
        for line in lines:
            pdf.set_xy(15, y)
            pdf.cell(0, 5, line)
            y += 6
        pdf.set_xy(100, 285)
        pdf.cell(0, 5, str(number))
    pdf.output(str(path))
    return path


def make_docx(path: Path, paragraphs: list[tuple[str, str | None]]) -> Path:
    import docx

    document = docx.Document()
    for text, style in paragraphs:
        document.add_paragraph(text, style=style)
    document.save(str(path))
    return path


REPORT_PAGES = [
    [
        "Inspection of Buckinghamshire Council children's services",
        "Inspection dates: 27 January to 7 February 2025",
        "Lead inspector: Jane Example, His Majesty's Inspector",
        "",
        "Judgement Grade",
        "The impact of leaders on social work practice with children and families",
        "Requires improvement to be good",
        "Overall effectiveness Requires improvement to be good",
        "",
        "Children who go missing from home or care in Buckinghamshire now receive timely",
        "return home interviews, and the information gathered is used well to reduce risk.",
        "Leaders have strengthened the service since the last inspection and the pace of",
        "improvement has increased. Social workers know their children well and the assess-",
        "ment of risk is thorough in most cases. The work is long-",
        "standing and effective.",
    ],
    [
        "Care leavers benefit from personal advisers who stay in touch with them and help",
        "them find suitable accommodation. Most care leavers live in homes that meet their",
        "needs. A small number wait too long for a full assessment of their health needs.",
        "",
        "What needs to improve?",
        "\u2022 The timeliness of health assessments for care leavers.",
        "\u2022 The quality of supervision for social workers.",
    ],
]


TOPICS = ["help and protection", "children in care", "care leavers", "leadership", "private fostering", "adoption",
          "the multi-agency safeguarding hub", "supervision", "caseloads", "disabled children"]


def report_pages(n_body: int) -> list[list[str]]:
    """A first page, then distinct body pages, as a real report has (repeated pages would read as running headers)."""
    pages = [REPORT_PAGES[0]]
    for i in range(n_body):
        topic = TOPICS[i % len(TOPICS)]
        pages.append([
            f"{10 + i}. Inspectors looked at {topic} in section {i + 1} of the inspection and found that",
            f"practice for {topic} has improved since the last visit, with managers checking work on",
            f"the {topic} files closely.",
            "",
            f"{30 + i}. Children told inspectors about {topic}; their views shape the plans made for",
            f"them in most cases, and case records about {topic} are up to date.",
        ])
    pages.append(REPORT_PAGES[1])
    return pages
