"""What passages a question may be answered from: the user's filters, the question's authorities and
time, the latest reports when "currently" is asked, and a publisher named as whose words are wanted."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .domain.gazetteer import gazetteer
from .lexical import Snapshot
from .query import Understood
from .types import Document

OFFICIAL = ("ofsted_report", "ofsted_letter")


@dataclass
class Filters:
    """What the user chose in the UI (or on the command line), on top of what the question says."""

    years: list[int] = field(default_factory=list)
    local_authorities: list[str] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)  # kinds of source: ofsted_report, ofsted_letter, news, ...
    doc_ids: list[str] = field(default_factory=list)
    regions: list[str] = field(default_factory=list)  # of the authority a document is about
    visit_kinds: list[str] = field(default_factory=list)  # standard, short, sif, focused_visit, monitoring_visit, jtai

    def admits(self, r) -> bool:
        """The same scope for inspection records as for passages."""
        return ((not self.doc_ids or r.doc_id in self.doc_ids)
                and (not self.local_authorities or r.local_authority in self.local_authorities)
                and (not self.regions or r.region.lower() in {x.lower() for x in self.regions})
                and (not self.visit_kinds or r.kind in self.visit_kinds)
                and (not self.years or any(v and int(v[:4]) in self.years for v in (r.published, r.inspection_start, r.inspection_end))))


def document_date(doc: Document) -> str:
    meta = doc.metadata
    return meta.inspection_end or meta.published or meta.inspection_start or ""


def allowed_documents(snap: Snapshot, u: Understood, filters: Filters) -> tuple[list[Document], str]:
    docs = list(snap.documents.values())
    if filters.doc_ids:
        docs = [d for d in docs if d.doc_id in filters.doc_ids]
    if filters.kinds:
        docs = [d for d in docs if d.metadata.kind in filters.kinds]
    if filters.regions:
        regions = {r.lower() for r in filters.regions}
        docs = [d for d in docs if any(gazetteer().region_of(la).lower() in regions for la in d.metadata.local_authorities[:1])]
    if filters.visit_kinds:
        docs = [d for d in docs if d.record is not None and d.record.kind in filters.visit_kinds]
    authorities = u.local_authorities or filters.local_authorities
    if authorities:
        docs = [d for d in docs if set(d.metadata.local_authorities) & set(authorities)]
        if not docs:
            return [], f"{', '.join(authorities)}"
    for years in (filters.years, u.years):
        if years:
            wanted = set(years)
            docs = [d for d in docs if snap.years_of[d.doc_id] & wanted]
    if u.since:
        docs = [d for d in docs if document_date(d) >= u.since]
    if u.month and u.years:
        docs = [d for d in docs if _in_month(d, u.years[0], u.month)] or docs
    if u.latest and docs:
        pool = [d for d in docs if d.metadata.kind == "ofsted_report"] or [d for d in docs if d.metadata.kind in OFFICIAL] or docs
        by_authority: dict[str, Document] = {}
        for d in sorted(pool, key=document_date):
            for la in d.metadata.local_authorities[:1] or ["?"]:
                by_authority[la] = d
        docs = list(by_authority.values())
    return docs, ""


def _in_month(doc: Document, year: int, month: int) -> bool:
    meta = doc.metadata
    stamp = f"{year:04d}-{month:02d}"
    dates = [meta.published, meta.inspection_start, meta.inspection_end]
    return any(d and d.startswith(stamp) for d in dates) or bool(
        meta.inspection_start and meta.inspection_end and meta.inspection_start[:7] <= stamp <= meta.inspection_end[:7]
    )


def _publisher_named(docs: list, u: Understood) -> tuple[list, Understood]:
    """"What did the Community Care piece say about Cambridgeshire?": a publisher the documents name is whose
    words are asked for, not a topic: its documents only, and its name out of the topic."""
    from dataclasses import replace

    for publisher in sorted({d.metadata.publisher for d in docs if d.metadata.publisher and d.metadata.kind in ("news", "council_statement")},
                            key=len, reverse=True):
        pattern = re.compile(rf"\b{re.escape(publisher)}\b", re.IGNORECASE)
        if pattern.search(u.topic):
            return [d for d in docs if d.metadata.publisher == publisher], replace(u, topic=" ".join(pattern.sub(" ", u.topic).split()))
    return docs, u
