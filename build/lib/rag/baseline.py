"""The plain LangChain pipeline the product is measured against: raw text, recursive splitter, MiniLM, Chroma top-5."""

from __future__ import annotations

from pathlib import Path

import chromadb
from chromadb.config import Settings as ChromaSettings
from langchain_chroma import Chroma
from langchain_core.documents import Document as LCDocument
from langchain_text_splitters import RecursiveCharacterTextSplitter

from .ingest import scan
from .loading import LoadError, load_file
from .settings import Settings


class PlainPipeline:
    def __init__(self, documents_dir: Path, embeddings, settings: Settings, collection: str = "baseline"):
        splitter = RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200)
        chunks: list[LCDocument] = []
        for path in scan(documents_dir, settings):
            try:
                text = load_file(path, settings).text
            except LoadError:
                continue
            chunks.extend(splitter.create_documents([text], metadatas=[{"path": path.relative_to(documents_dir).as_posix()}]))
        client = chromadb.EphemeralClient(settings=ChromaSettings(anonymized_telemetry=False))
        self.store = Chroma(collection_name=collection, embedding_function=embeddings, client=client,
                            collection_metadata={"hnsw:space": "cosine"})
        self.store.add_documents(chunks)
        self.n_chunks = len(chunks)

    def retrieve(self, question: str, k: int = 5) -> list[LCDocument]:
        return self.store.similarity_search(question, k=k)
