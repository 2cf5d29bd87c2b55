"""Wires the pieces together once per process: settings, embeddings, Chroma, ingest."""

from __future__ import annotations

from dataclasses import dataclass

from .embeddings import MiniLMEmbeddings
from .index import PassageIndex, open_client
from .ingest import Ingestor
from .settings import Settings


@dataclass
class Engine:
    settings: Settings
    embeddings: MiniLMEmbeddings
    index: PassageIndex
    ingestor: Ingestor

    @classmethod
    def build(cls, settings: Settings) -> "Engine":
        embeddings = MiniLMEmbeddings(cache_path=settings.index_dir / "embedding_cache.sqlite", batch_size=settings.embed_batch_size)
        index = PassageIndex(open_client(settings), embeddings, prefix=settings.collection_prefix)
        return cls(settings, embeddings, index, Ingestor(index, settings))
