"""One frozen view of the environment, read once per process."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

# Offline everywhere: no hub look-ups, no telemetry. Set before any HF/Chroma import reads them.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    return int(raw) if raw not in (None, "") else default


def _env_float(name: str, default: float) -> float:
    raw = os.environ.get(name)
    return float(raw) if raw not in (None, "") else default


@dataclass(frozen=True)
class Settings:
    documents_dir: Path = PROJECT_ROOT / "documents"
    index_dir: Path = PROJECT_ROOT / "index"
    data_dir: Path = PROJECT_ROOT / "data"  # chats and feedback (git-ignored)
    model_cache_dir: Path = PROJECT_ROOT / ".model-cache"  # the ONNX export of MiniLM, made once (git-ignored)
    chroma_host: str | None = None
    chroma_port: int = 8000
    collection_prefix: str = "rag"
    # Passages: structure-aware, about 300-900 characters.
    passage_min_chars: int = 300
    passage_max_chars: int = 900
    max_file_bytes: int = 50 * 1024 * 1024
    # PDF parsing runs in a child process with these limits (hostile files).
    parse_timeout_s: float = 120.0
    parse_memory_mb: int = 2048
    # How a PDF is isolated: "fork" (a child per file under resource limits, POSIX), "portable" (a spawned
    # parser process watched from outside: Windows), or "auto" (fork where the system has it).
    pdf_isolation: str = "auto"
    # DOCX: reject archives whose declared uncompressed size is out of proportion.
    max_unzipped_bytes: int = 200 * 1024 * 1024
    lock_timeout_s: float = 30.0
    embed_batch_size: int = 32  # for the torch backend; ONNX uses its own measured default
    # torch (sentence-transformers, fp32), onnx (same vectors, about 2x faster), onnx-int8 (faster, slightly different vectors)
    embeddings_backend: str = "onnx"
    # Sentences are embedded at question time to pick the quote; int8 is 2.3x faster there (eval: see PERFORMANCE.md).
    sentence_embeddings_backend: str = "onnx-int8"
    # An ingest's passes through MiniLM's bf16 trace where the CPU has bf16 (1.5x ONNX; cosine >= 0.9999 to fp32).
    bulk_bf16: bool = True
    # Optional LLM: any OpenAI-compatible server (Ollama: http://127.0.0.1:11434/v1).
    llm_base_url: str | None = None
    llm_model: str = "llama3.1"
    llm_api_key: str | None = None
    llm_timeout_s: float = 60.0
    # Users' data: SQLite under data_dir unless DATABASE_URL names a PostgreSQL server (a team's deployment).
    database_url: str | None = None
    admins: str = ""  # RAG_ADMINS: comma-separated e-mail addresses of administrators when sign-in is on
    catalog_name: str = "catalog.json"
    # Files in documents/ that describe the corpus rather than belong to it.
    ignored_names: frozenset[str] = field(default_factory=lambda: frozenset({"catalog.json", "ATTRIBUTION.md"}))

    @classmethod
    def from_env(cls) -> "Settings":
        base = cls()
        return replace(
            base,
            documents_dir=Path(os.environ.get("RAG_DOCUMENTS_DIR", base.documents_dir)),
            index_dir=Path(os.environ.get("RAG_INDEX_DIR", base.index_dir)),
            data_dir=Path(os.environ.get("RAG_DATA_DIR", base.data_dir)),
            model_cache_dir=Path(os.environ.get("RAG_MODEL_CACHE", base.model_cache_dir)),
            chroma_host=os.environ.get("RAG_CHROMA_HOST") or None,
            chroma_port=_env_int("RAG_CHROMA_PORT", base.chroma_port),
            collection_prefix=os.environ.get("RAG_COLLECTION_PREFIX", base.collection_prefix),
            max_file_bytes=_env_int("RAG_MAX_FILE_MB", base.max_file_bytes // 2**20) * 2**20,
            parse_timeout_s=_env_float("RAG_PARSE_TIMEOUT_S", base.parse_timeout_s),
            pdf_isolation=os.environ.get("RAG_PDF_ISOLATION", base.pdf_isolation),
            lock_timeout_s=_env_float("RAG_LOCK_TIMEOUT_S", base.lock_timeout_s),
            embeddings_backend=os.environ.get("RAG_EMBEDDINGS", base.embeddings_backend),
            sentence_embeddings_backend=os.environ.get("RAG_SENTENCE_EMBEDDINGS", base.sentence_embeddings_backend),
            bulk_bf16=os.environ.get("RAG_BULK_BF16", "1") not in ("0", "false", "no"),
            llm_base_url=os.environ.get("RAG_LLM_BASE_URL") or None,
            llm_model=os.environ.get("RAG_LLM_MODEL", base.llm_model),
            llm_api_key=os.environ.get("RAG_LLM_API_KEY") or None,
            llm_timeout_s=_env_float("RAG_LLM_TIMEOUT_S", base.llm_timeout_s),
            database_url=os.environ.get("DATABASE_URL") or None,
            admins=os.environ.get("RAG_ADMINS", ""),
        )

    @classmethod
    def for_app(cls) -> "Settings":
        """The app's long-lived process embeds a few uploads at a time, where ONNX is as fast as the bf16 path
        once torch's load is counted, and torch would stay resident (+300 MB): bf16 only if RAG_BULK_BF16 asks."""
        settings = cls.from_env()
        return settings if os.environ.get("RAG_BULK_BF16") else replace(settings, bulk_bf16=False)

    @property
    def snapshot_dir(self) -> Path:
        """The saved search snapshot (passage table, vectors, bm25s), one folder per committed corpus."""
        return self.index_dir / "snapshot"

    @property
    def users_database(self) -> str:
        return self.database_url or f"sqlite:///{self.data_dir / 'chats.sqlite'}"

    @property
    def uses_postgres(self) -> bool:
        return (self.database_url or "").startswith(("postgres", "postgresql"))

    def with_paths(self, documents_dir: Path | str | None = None, index_dir: Path | str | None = None) -> "Settings":
        return replace(
            self,
            documents_dir=Path(documents_dir) if documents_dir else self.documents_dir,
            index_dir=Path(index_dir) if index_dir else self.index_dir,
        )
