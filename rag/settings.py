"""One frozen view of the configuration, read once per process: environment variables, then a `.env` file
in the working directory, then secrets files (RAG_SECRETS_DIR, default /run/secrets: Docker's and
Kubernetes'), each checked by pydantic-settings: a bad value is an error naming the variable and what it
expects. Nothing here changes os.environ on import; `go_offline()` is called by the entry points."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

SOURCE_ROOT = Path(__file__).resolve().parent.parent


def _home() -> Path:
    """Where documents/, index/ and data/ live by default: the checkout when run from one (the README's way),
    else the working directory (an installed package: `rag --documents D` or RAG_DOCUMENTS_DIR say where)."""
    return SOURCE_ROOT if (SOURCE_ROOT / "app.py").exists() and (SOURCE_ROOT / "prompts").is_dir() else Path.cwd()


PROJECT_ROOT = _home()


class ConfigError(ValueError):
    """A setting's value is not what it must be; the message names the variable."""


def go_offline() -> None:
    """No hub look-ups, no telemetry, no progress bars: set by each entry point (CLI, app, API) before any
    Hugging Face or Chroma code runs. Values the user set are kept."""
    for name, value in {"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "ANONYMIZED_TELEMETRY": "False",
                        "TOKENIZERS_PARALLELISM": "false", "HF_HUB_DISABLE_PROGRESS_BARS": "1",
                        "TRANSFORMERS_VERBOSITY": "error"}.items():
        os.environ.setdefault(name, value)


def _env(name: str, *more: str):
    return Field(default=None, validation_alias=AliasChoices(name, *more))


class _Environment(BaseSettings):
    """What may be set from outside, each with the variable's name. None: the built-in default."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore", populate_by_name=False,
                                      secrets_dir=os.environ.get("RAG_SECRETS_DIR", "/run/secrets")
                                      if Path(os.environ.get("RAG_SECRETS_DIR", "/run/secrets")).is_dir() else None)

    documents_dir: Path | None = _env("RAG_DOCUMENTS_DIR")
    index_dir: Path | None = _env("RAG_INDEX_DIR")
    data_dir: Path | None = _env("RAG_DATA_DIR")
    model_cache_dir: Path | None = _env("RAG_MODEL_CACHE")
    chroma_host: str | None = _env("RAG_CHROMA_HOST")
    chroma_port: int | None = Field(default=None, ge=1, le=65535, validation_alias="RAG_CHROMA_PORT")
    collection_prefix: str | None = _env("RAG_COLLECTION_PREFIX")
    max_file_mb: int | None = Field(default=None, ge=1, validation_alias="RAG_MAX_FILE_MB")
    parse_timeout_s: float | None = Field(default=None, gt=0, validation_alias="RAG_PARSE_TIMEOUT_S")
    pdf_isolation: Literal["auto", "fork", "portable"] | None = _env("RAG_PDF_ISOLATION")
    lock_timeout_s: float | None = Field(default=None, gt=0, validation_alias="RAG_LOCK_TIMEOUT_S")
    embeddings_backend: Literal["torch", "onnx", "onnx-int8"] | None = _env("RAG_EMBEDDINGS")
    sentence_embeddings_backend: Literal["torch", "onnx", "onnx-int8"] | None = _env("RAG_SENTENCE_EMBEDDINGS")
    bulk_bf16: bool | None = _env("RAG_BULK_BF16")
    llm_base_url: str | None = _env("RAG_LLM_BASE_URL")
    llm_model: str | None = _env("RAG_LLM_MODEL")
    llm_api_key: str | None = _env("RAG_LLM_API_KEY")
    llm_timeout_s: float | None = Field(default=None, gt=0, validation_alias="RAG_LLM_TIMEOUT_S")
    database_url: str | None = _env("DATABASE_URL", "RAG_DATABASE_URL")
    admins: str | None = _env("RAG_ADMINS")
    admin_role: str | None = _env("RAG_ADMIN_ROLE")
    oidc_issuer: str | None = _env("RAG_OIDC_ISSUER")
    oidc_audience: str | None = _env("RAG_OIDC_AUDIENCE")
    api_keys_file: Path | None = _env("RAG_API_KEYS_FILE")
    api_max_request_bytes: int | None = Field(default=None, ge=1024, validation_alias="RAG_API_MAX_REQUEST_BYTES")
    api_rate_per_minute: int | None = Field(default=None, ge=1, validation_alias="RAG_API_RATE_PER_MINUTE")


def _explain(error: ValidationError) -> ConfigError:
    problems = []
    for item in error.errors():
        name = ".".join(str(part) for part in item["loc"])
        problems.append(f"{name}={item.get('input')!r}: {item['msg']}")
    return ConfigError("invalid configuration: " + "; ".join(problems))


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
    # RAG_ADMIN_ROLE: a value of the sign-in token's roles or groups claim that makes a user an administrator
    admin_role: str | None = None
    # The API's bearer tokens: access tokens of this OIDC provider (the app's), checked against its keys.
    oidc_issuer: str | None = None
    oidc_audience: str | None = None
    # The HTTP API: per-user keys (a JSON file of {"key sha256": {"user": ..., "name": ...}}), request limits.
    api_keys_file: Path | None = None
    api_max_request_bytes: int = 64 * 1024
    api_rate_per_minute: int = 60
    catalog_name: str = "catalog.json"
    # Files in documents/ that describe the corpus rather than belong to it.
    ignored_names: frozenset[str] = field(default_factory=lambda: frozenset({"catalog.json", "ATTRIBUTION.md"}))

    @classmethod
    def from_env(cls) -> "Settings":
        """The defaults with what the environment, `.env` and secrets files set; ConfigError if a value is bad."""
        try:
            given = _Environment()
        except ValidationError as exc:
            raise _explain(exc) from None
        changes = {name: value for name, value in given.model_dump().items() if value is not None}
        if "max_file_mb" in changes:
            changes["max_file_bytes"] = changes.pop("max_file_mb") * 2**20
        return replace(cls(), **changes)

    @classmethod
    def for_app(cls) -> "Settings":
        """The app's long-lived process embeds a few uploads at a time, where ONNX is as fast as the bf16 path
        once torch's load is counted, and torch would stay resident (+300 MB): bf16 only if RAG_BULK_BF16 asks."""
        settings = cls.from_env()
        asked = _Environment().bulk_bf16 is not None
        return settings if asked else replace(settings, bulk_bf16=False)

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
