"""Hybrid retrieval: bm25s and Chroma fused by reciprocal rank, filtered by time, authority and the
user's filters, boosted by kind of source, diversified across documents for compare and timeline
questions, then scored sentence by sentence to pick the evidence inside passages."""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document as LCDocument
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict, Field

from .domain import judgements
from .domain.abbreviations import expand
from .domain.sections import kind_of_section
from .domain.gazetteer import gazetteer
from .lexical import PassageCorpus, Snapshot, stems
from .safety import is_instruction
from .policy import POLICY, RankingPolicy
from .query import Understood
from .understanding.intent import Intent

OVER_TIME = (Intent.COMPARE_YEARS, Intent.GRADE_HISTORY, Intent.CHANGE)  # answered inspection by inspection: diversified by year
from .types import Document, Passage

from .scope import OFFICIAL, Filters, _publisher_named, allowed_documents, document_date  # noqa: F401  (imported from here elsewhere)


@dataclass
class Evidence:
    passage: Passage
    document: Document
    start: int
    end: int
    text: str
    score: float
    dense: float
    coverage: float


@dataclass
class Retrieved:
    passages: list[tuple[Passage, float]]
    evidence: list[Evidence]
    allowed_documents: list[Document]
    reason_empty: str = ""
    unknown_terms: float = 0.0  # share of the question's terms that occur nowhere in the library

    @property
    def confidence(self) -> float:
        """How well the best sentences match: similarity and term coverage, not rank (rank is relative)."""
        return max((POLICY.confidence_dense * e.dense + POLICY.confidence_coverage * e.coverage for e in self.evidence[:5]),
                   default=0.0)


def authority_mentions(text: str) -> set[str]:
    return set(gazetteer().mentions(text))


class HybridRetriever:
    def __init__(self, corpus: PassageCorpus, embeddings, policy: RankingPolicy = POLICY, sentence_embeddings=None):
        """`sentence_embeddings`: the model that scores sentences at question time (a faster one may be given)."""
        self.corpus = corpus
        self.embeddings = embeddings
        self.sentence_embeddings = sentence_embeddings or embeddings
        self.policy = policy

    def retrieve(self, u: Understood, filters: Filters | None = None, k: int = 12, section: str | None = None,
                 sentences: int | None = None) -> Retrieved:
        """`section`: a judgement key; passages under that judgement's heading rank higher. `sentences`: how many
        candidate sentences to score densely (the policy's number unless fewer will do)."""
        p = self.policy
        filters = filters or Filters()
        snap = self.corpus.snapshot()
        docs, missing = allowed_documents(snap, u, filters)
        if not docs:
            return Retrieved([], [], [], reason_empty=missing or "time")
        docs, u = _publisher_named(docs, u)
        allowed_ids = {d.doc_id for d in docs}
        mask = snap.mask_for(allowed_ids) if len(snap.passages) else None
        # No topic ("what did Ofsted say about Newham in 2014?"): the authority is what the sentences must be about.
        query = u.topic or ("lead inspector" if u.intent is Intent.WHO_LED else "") or " ".join(u.local_authorities) or u.question
        query_text = u.question if len(query.split()) < 2 else query
        query, query_text = expand(query), expand(query_text)  # "CLA" is "children looked after" in the reports
        query_vector = np.array(self.embeddings.embed_query(query_text), dtype=np.float32)

        lexical = snap.lexical(query, mask, k=p.candidates)
        rows = np.flatnonzero(mask) if mask is not None and len(allowed_ids) < len(snap.documents) else None
        dense = self._dense(snap, query_vector, rows, mask)

        fused: dict[int, float] = {}
        for ranking in (lexical, dense):
            for rank, (i, _) in enumerate(ranking):
                fused[i] = fused.get(i, 0.0) + 1.0 / (p.rrf_k + rank)
        if u.intent is Intent.NUMBER and rows is not None and len(allowed_ids) <= p.information_docs and fused:
            # A count sits in a report's information section as a bare bullet ("there have been 20 adoptions")
            # that neither ranking finds: for a question about a few reports, those sections are candidates too.
            floor = sorted(fused.values(), reverse=True)[min(k, len(fused)) - 1]
            for i in rows:
                if i not in fused and kind_of_section(snap.passages.section_of(int(i))) == "information":
                    fused[int(i)] = floor
        preferred = u.kinds or filters.kinds
        for i in fused:
            meta = snap.documents[snap.passages.doc_id(i)].metadata
            kind = meta.kind
            if meta.origin == "upload":
                fused[i] *= p.upload_factor
            if preferred and kind not in preferred:
                fused[i] *= p.unpreferred_kind_factor
            elif not preferred and kind not in OFFICIAL:
                fused[i] *= p.secondary_source_factor
            if section and judgements.section_is(snap.passages.section_of(i), section):
                fused[i] *= p.section_factor
            if u.intent is Intent.NUMBER and kind_of_section(snap.passages.section_of(i)) == "information":
                fused[i] *= p.information_section_factor
        ranked = sorted(fused.items(), key=lambda x: -x[1])
        if u.intent in OVER_TIME:
            ranked = _diversify(ranked, snap)
        top = [(snap.passages[i], score) for i, score in ranked[:k]]
        sentence_vector = query_vector if self.sentence_embeddings is self.embeddings else np.array(
            self.sentence_embeddings.embed_query(query_text), dtype=np.float32)  # sentences are compared in their model's space
        evidence = self.score_sentences(top, snap, query, sentence_vector, u.local_authorities, sentences, figures=u.intent is Intent.NUMBER)
        topic_stems = set(stems(expand(u.topic)))
        unknown = sum(1 for t in topic_stems if t not in snap.idf) / len(topic_stems) if topic_stems else 0.0
        return Retrieved(top, evidence, docs, unknown_terms=unknown)

    def _dense(self, snap: Snapshot, query_vector: np.ndarray, rows: np.ndarray | None, mask: np.ndarray | None) -> list[tuple[int, float]]:
        """Nearest passages in scope: exact over the snapshot's vectors for up to exact_search_rows, else
        Chroma's HNSW over the whole library, keeping the hits in scope (enough are fetched for the scope's share)."""
        p = self.policy
        in_scope = len(snap.passages) if rows is None else len(rows)
        if in_scope <= p.exact_search_rows:
            return snap.dense(query_vector, rows, p.candidates)
        wanted = min(len(snap.passages), int(p.candidates * p.hnsw_overfetch * len(snap.passages) / max(1, in_scope)))
        hits = [(snap.position[i], similarity) for i, similarity in self.corpus.index.nearest(query_vector.tolist(), wanted)
                if i in snap.position]
        kept = [(i, similarity) for i, similarity in hits if rows is None or mask[i]][: p.candidates]
        return kept if len(kept) >= p.candidates else snap.dense(query_vector, rows, p.candidates)

    def warm_up(self) -> None:
        """Load what the first question would otherwise wait for: the snapshot and, for a library big
        enough to search by HNSW, Chroma's index (about 3 s at 1M passages). Run on a background thread."""
        snap = self.corpus.snapshot()
        if len(snap.passages) > self.policy.exact_search_rows:
            self.corpus.index.nearest([1.0] + [0.0] * (snap.passages.vectors.shape[1] - 1), 1)

    def score_sentences(self, top: list[tuple[Passage, float]], snap: Snapshot, query: str, query_vector: np.ndarray,
                        authorities: list[str] | None = None, limit: int | None = None, figures: bool = False) -> list[Evidence]:
        """`figures`: a number is asked, so sentences that give one (not only a year) are the promising ones."""
        query_stems = set(stems(query))
        weight = sum(snap.idf.get(s, 1.0) for s in query_stems) or 1.0
        candidates: list[tuple[Passage, float, int, int, float]] = []
        best_rank_score = top[0][1] if top else 1.0
        for passage, passage_score in top:
            for start, end in passage.sentences:
                text = passage.text[start - passage.start: end - passage.start]
                figure = bool(re.search(r"\d", text)) and len(text.split()) >= 4  # a list item of the report's figures ("there have been 20 adoptions")
                if len(text) < 20 or (len(text) < 80 and not text.rstrip().endswith((".", "!", "?", "”", '"', "’")) and not figure):
                    continue  # headings and fragments are not evidence
                if is_instruction(text):
                    continue  # text inside documents is data: instructions are never evidence
                words = re.findall(r"[A-Za-z]{2,}", text)
                if words and sum(w[0].isupper() for w in words) / len(words) > 0.7:
                    continue  # addresses, names and title lines are not findings
                overlap = query_stems & set(stems(text))
                coverage = sum(snap.idf.get(s, 1.0) for s in overlap) / weight
                candidates.append((passage, passage_score / best_rank_score, start, end, coverage))
        if not candidates:
            return []
        # Dense scores only for the most promising sentences: embedding is the cost.
        def promise(c) -> float:
            figure = figures and bool(re.search(r"\b(?!(?:19|20)\d\d\b)\d[\d,]*\b", c[0].text[c[2] - c[0].start: c[3] - c[0].start]))
            return 0.6 * c[4] + 0.4 * c[1] + (self.policy.figure_promise if figure else 0.0)
        candidates.sort(key=lambda c: -promise(c))
        candidates = candidates[:limit or self.policy.sentences_embedded]
        vectors = np.array(self.sentence_embeddings.embed_documents([c[0].text[c[2] - c[0].start: c[3] - c[0].start] for c in candidates]), dtype=np.float32)
        dense = vectors @ query_vector
        evidence = []
        for (passage, rank_score, start, end, coverage), cosine in zip(candidates, dense):
            text = passage.text[start - passage.start: end - passage.start]
            p = self.policy
            score = p.sentence_dense * float(cosine) + p.sentence_coverage * coverage + p.sentence_rank * rank_score
            if authorities:
                named = authority_mentions(text)
                if named & set(authorities):
                    score += p.same_authority_bonus
                elif named:
                    score -= p.other_authority_penalty
            evidence.append(Evidence(passage, snap.documents[passage.doc_id], start, end, text, score, float(cosine), coverage))
        evidence.sort(key=lambda e: -e.score)
        return evidence


def _diversify(ranked: list[tuple[int, float]], snap: Snapshot) -> list[tuple[int, float]]:
    """Round-robin across documents so every year gets its best passages."""
    by_doc: dict[str, list[tuple[int, float]]] = {}
    for item in ranked:
        by_doc.setdefault(snap.passages.doc_id(item[0]), []).append(item)
    out: list[tuple[int, float]] = []
    while any(by_doc.values()):
        for doc_id in list(by_doc):
            if by_doc[doc_id]:
                out.append(by_doc[doc_id].pop(0))
    return out


class LangChainRetriever(BaseRetriever):
    """The hybrid retriever behind LangChain's BaseRetriever, for chains that want one. `k` and the
    filters can be set on the retriever or per call: `invoke(query, k=1, authority=["Leeds"])`."""

    model_config = ConfigDict(arbitrary_types_allowed=True)
    hybrid: HybridRetriever
    k: int = 8
    filters: Filters = Field(default_factory=Filters)

    def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun, k: int | None = None,
                                authority: list[str] | None = None, region: list[str] | None = None,
                                kind: list[str] | None = None, year: list[int] | None = None) -> list[LCDocument]:
        from dataclasses import replace

        from .query import understand

        filters = replace(self.filters, local_authorities=authority or self.filters.local_authorities,
                          regions=region or self.filters.regions, visit_kinds=kind or self.filters.visit_kinds,
                          years=year or self.filters.years)
        found = self.hybrid.retrieve(understand(query), filters, k=k or self.k)
        return [
            LCDocument(page_content=p.text, metadata={"doc_id": p.doc_id, "start": p.start, "end": p.end, "page": p.page,
                                                      "section": p.section, "score": s})
            for p, s in found.passages[: k or self.k]
        ]
