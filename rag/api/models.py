"""The API's request and response shapes (pydantic: they are the OpenAPI document schemathesis checks)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

QUESTION_CHARS = 2000


class FiltersIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    years: list[int] = Field(default_factory=list, max_length=50)
    authorities: list[str] = Field(default_factory=list, max_length=200)
    kinds: list[str] = Field(default_factory=list, max_length=20)
    regions: list[str] = Field(default_factory=list, max_length=20)


class AskIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    question: str = Field(min_length=1, max_length=QUESTION_CHARS)
    chat_id: str | None = Field(default=None, max_length=64, description="continue this chat of yours (follow-ups)")
    filters: FiltersIn | None = None
    save: bool = Field(default=True, description="keep the question and answer in your chats")


class CitationOut(BaseModel):
    n: int
    doc_id: str
    document: str
    title: str
    kind: str
    date: str
    quote: str = Field(description="verbatim: the document's text[start:end]")
    start: int
    end: int
    page: int | None = None
    published: str | None = None
    inspection: str = ""


class AnswerOut(BaseModel):
    question: str
    answer: str = Field(description="every sentence carries [n] markers to its citations")
    refused: bool
    not_stated: bool
    citations: list[CitationOut]
    understood: dict
    timings_ms: dict
    mode: str
    table: list[dict]
    plan: dict
    about: list[str]
    chat_id: str | None = None


class DocumentOut(BaseModel):
    doc_id: str
    path: str
    title: str
    kind: str
    published: str | None
    local_authorities: list[str]
    origin: str


class SourceOut(BaseModel):
    doc_id: str
    title: str
    document: str
    start: int
    end: int
    text: str
    quote_start: int
    quote_end: int


class ChatOut(BaseModel):
    id: str
    title: str
    updated: float


class MessageOut(BaseModel):
    id: str
    role: str
    content: str
    answer: dict | None


class ErrorOut(BaseModel):
    detail: str


def errors(*codes: int) -> dict:
    """OpenAPI entries for the refusals an operation can give (schemathesis holds the server to them)."""
    said = {401: "no or unknown API key or token", 403: "not allowed for this user", 404: "no such chat or document of yours",
            413: "request too large", 429: "too many requests a minute", 503: "the sign-in provider cannot be reached"}
    return {code: {"model": ErrorOut, "description": said[code]} for code in codes}


class HealthOut(BaseModel):
    status: Literal["ok"]
    version: str
    documents: int
    passages: int


# --- OpenAI-compatible chat completions -------------------------------------------------------------
class ChatMessageIn(BaseModel):
    role: Literal["system", "user", "assistant", "tool", "developer"]
    content: str | list[dict] | None = None


class ChatCompletionIn(BaseModel):
    model: str = Field(default="ofsted-rag", max_length=100)
    messages: list[ChatMessageIn] = Field(min_length=1, max_length=100)
    stream: bool = False
    # Accepted and ignored: the answer is extractive and checked, not sampled.
    temperature: float | None = None
    max_tokens: int | None = None
    user: str | None = None
