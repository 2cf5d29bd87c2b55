"""Every ranking weight and threshold in one place, tuned by the eval (python -m rag eval, eval-many)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RankingPolicy:
    rrf_k: int = 60  # reciprocal rank fusion of bm25s and dense rankings
    candidates: int = 50  # passages each ranking contributes
    upload_factor: float = 0.5  # an upload never outranks the library's own sources
    unpreferred_kind_factor: float = 0.6  # used, and labelled, but below the sources the question asks for
    secondary_source_factor: float = 0.85  # with no preference, primary sources first
    section_factor: float = 1.3  # a passage in the report's section on the judgement the question names
    # A number question: the report's "Information about this local authority" section holds its counts
    # (children looked after, on plans, adoptions), so its passages rank higher.
    information_section_factor: float = 1.3
    figure_promise: float = 0.3  # a number question: a sentence giving a figure is scored densely before one that gives none
    information_docs: int = 3  # up to this many reports in scope, a number question reads all their information sections
    # Up to this many passages in scope, exact cosine over the snapshot's vectors (no HNSW index to load:
    # 2.3 s and 200 MB at 100k); beyond it, Chroma's HNSW.
    exact_search_rows: int = 200_000
    # Beyond it, HNSW is asked for this many times more neighbours than the scope's share of the library
    # needs, and the scope is applied to them (a filtered Chroma query with thousands of ids took ~1 s at 1M);
    # if too few are in scope, exact search.
    hnsw_overfetch: float = 3.0
    sentences_embedded: int = 16  # sentences scored densely per question (embedding is the cost; 16 keeps every eval score, 8 loses one)
    sentences_per_compared: int = 8  # a comparison quotes one sentence per authority: fewer are scored for each
    sentence_dense: float = 0.5  # sentence score = dense + coverage + passage rank
    sentence_coverage: float = 0.3
    sentence_rank: float = 0.2
    same_authority_bonus: float = 0.15  # the sentence names the authority asked about
    other_authority_penalty: float = 0.1  # it names another authority (press articles about several)
    confidence_dense: float = 0.7  # answer confidence = dense + coverage of the best sentences
    confidence_coverage: float = 0.3
    # A findings question with no time asks about now: among quotes this close to the best, the newest
    # inspection's come first (a 2020 "care leavers live in suitable accommodation" must not stand for 2024's).
    recency_window: float = 0.12
    refusal_threshold: float = 0.32  # below this confidence the answer is a refusal
    unknown_terms_limit: float = 0.5  # ... as it is when most of the question's terms occur nowhere in the library


POLICY = RankingPolicy()
