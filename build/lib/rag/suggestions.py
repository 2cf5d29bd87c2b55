"""Starter questions drawn from the documents actually loaded."""

from __future__ import annotations

from collections import Counter

from .retrieval import document_date
from .types import Document

TOPICS = ["return home interviews", "care leavers", "life story work", "caseloads", "private fostering",
          "management oversight", "the multi-agency safeguarding hub", "supervision", "children who go missing"]


def starter_questions(documents: list[Document], texts: dict[str, str], limit: int = 4) -> list[str]:
    """`texts` maps doc_id to cleaned text (only the official documents are needed)."""
    official = sorted((d for d in documents if d.metadata.kind in ("ofsted_report", "ofsted_letter")), key=document_date)
    questions: list[str] = []
    # A topic Ofsted wrote about in a visit letter: "What did Ofsted say about return home interviews in 2016?"
    for doc in official:
        text = texts.get(doc.doc_id, "").lower()
        year = (doc.metadata.inspection_start or doc.metadata.published or "")[:4]
        topic = next((t for t in TOPICS if text.count(t) >= 2), None)
        if topic and year and doc.metadata.kind == "ofsted_letter":
            questions.append(f"What did Ofsted say about {topic} in {year}?")
            break
    authorities = Counter(la for d in official for la in d.metadata.local_authorities)
    if authorities:
        main = authorities.most_common(1)[0][0]
        reports = [d for d in official if d.metadata.kind == "ofsted_report" and main in d.metadata.local_authorities]
        if len(reports) >= 2:
            first, last = document_date(reports[0])[:4], document_date(reports[-1])[:4]
            questions.append(f"How has {main}'s overall judgement changed between {first} and {last}?")
        if reports:
            questions.append(f"What did the latest inspection of {main} say about care leavers?")
            questions.append(f"Who led the {document_date(reports[-1])[:4]} inspection of {main}?")
    if len(questions) < limit:
        questions.append("How many children were waiting for life story work?")
    return questions[:limit]
