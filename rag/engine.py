"""Wires the pieces together once per process: settings, embeddings, Chroma, ingest."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field

from .assistant import Assistant
from .embeddings import MiniLMEmbeddings, make_embeddings
from .history import ChatStore
from .services.actions import UserActions
from .services.audit import AuditLog
from .storage.database import open_database
from .library import Library
from .index import PassageIndex, open_client
from .ingest import Ingestor
from .lexical import PassageCorpus
from .retrieval import HybridRetriever
from .services.startup import StartupCheck
from .settings import Settings


@dataclass
class Engine:
    settings: Settings
    embeddings: MiniLMEmbeddings
    index: PassageIndex
    ingestor: Ingestor
    assistant: Assistant
    library: Library
    chats: ChatStore
    audit: AuditLog
    actions: UserActions
    startup: StartupCheck = field(default_factory=StartupCheck)  # the library check, once per process

    @classmethod
    def build(cls, settings: Settings, generator=None) -> "Engine":
        embeddings = make_embeddings(settings.embeddings_backend, settings.index_dir, settings.embed_batch_size,
                                     model_cache_dir=settings.model_cache_dir, bulk_bf16=settings.bulk_bf16)
        sentence_embeddings = embeddings
        if settings.sentence_embeddings_backend != settings.embeddings_backend:
            sentence_embeddings = make_embeddings(settings.sentence_embeddings_backend, settings.index_dir,
                                                  settings.embed_batch_size, model_cache_dir=settings.model_cache_dir,
                                                  onnx_batch_size=2)
        index = PassageIndex(open_client(settings), embeddings, prefix=settings.collection_prefix)
        corpus = PassageCorpus(index, cache_dir=settings.snapshot_dir)
        if generator is None:
            from .llm import generator_from_settings

            generator = generator_from_settings(settings)
        assistant = Assistant(index, corpus, HybridRetriever(corpus, embeddings, sentence_embeddings=sentence_embeddings), generator)
        ingestor = Ingestor(index, settings)
        users_db = open_database(settings.users_database)
        library, chats, audit = Library(settings, ingestor), ChatStore(users_db), AuditLog(users_db)
        return cls(settings, embeddings, index, ingestor, assistant, library, chats, audit, UserActions(library, chats, audit))

    def warm_up_in_background(self) -> threading.Thread:
        """Called by the app after start: the snapshot and, for a national library, the HNSW index load while
        the user types, not during their first question."""
        def run() -> None:
            try:
                self.assistant.retriever.warm_up()
            except Exception:  # the first question loads them instead
                logging.getLogger(__name__).exception("warm-up failed")

        thread = threading.Thread(target=run, name="rag-warm-up", daemon=True)
        thread.start()
        return thread
