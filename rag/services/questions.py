"""What the CLI, the HTTP API and the MCP server share: filters from plain values, the inspections table,
the source text around a citation. One place, so the three give the same answers."""

from __future__ import annotations

from dataclasses import dataclass

from ..retrieval import Filters


def filters_for(years: list[int] | None = None, authorities: list[str] | None = None,
                kinds: list[str] | None = None, regions: list[str] | None = None) -> Filters:
    """Filters as the CLI's flags give them: authorities by any of their names, kinds of source or of visit."""
    from ..domain.gazetteer import gazetteer
    from ..domain.visits import BY_KEY as VISIT_KINDS

    kinds = kinds or []
    return Filters(years=list(years or []), local_authorities=[gazetteer().canonical(a) or a for a in authorities or []],
                   kinds=[k for k in kinds if k not in VISIT_KINDS], visit_kinds=[k for k in kinds if k in VISIT_KINDS],
                   regions=list(regions or []))


def inspections(engine, authorities: list[str] | None = None, regions: list[str] | None = None,
                kinds: list[str] | None = None, latest: bool = False, fmt: str = "json") -> str:
    """`rag inspections`: the records as CSV or JSON, with the same filters."""
    from ..records.table import RecordFilter, records_of, select, to_csv, to_json

    every = records_of(list(engine.assistant.corpus.snapshot().documents.values()))
    chosen = select(every, RecordFilter(authorities=authorities or [], regions=regions or [], kinds=kinds or [], latest=latest))
    return to_csv(chosen, every) if fmt == "csv" else to_json(chosen, every)


@dataclass(frozen=True)
class SourceText:
    doc_id: str
    title: str
    document: str
    start: int  # of the text returned, in the document
    end: int
    text: str
    quote_start: int  # of the asked span, in the document
    quote_end: int


class SourceNotFound(LookupError):
    pass


def source_around(engine, doc_id: str, start: int, end: int, context: int = 600) -> SourceText:
    """The document's text around [start, end): what a fact-checker reads beside a quote."""
    text = engine.assistant.document_text(doc_id)
    document = engine.assistant.corpus.snapshot().documents.get(doc_id)
    if text is None or document is None:
        raise SourceNotFound(f"no document {doc_id!r} in the library")
    if not 0 <= start <= end <= len(text):
        raise SourceNotFound(f"offsets {start}-{end} are outside {document.path} ({len(text)} characters)")
    lo, hi = max(0, start - context), min(len(text), end + context)
    return SourceText(doc_id, document.metadata.title, document.path, lo, hi, text[lo:hi], start, end)


def conversation_of(chats, chat_id: str | None, owner: str):
    """A stored chat's context (its questions and what each answer cited), so follow-ups keep their focus;
    a new Conversation for no chat. ChatNotFound when the chat is not this owner's."""
    from ..assistant import Conversation

    if not chat_id:
        return Conversation()
    messages = chats.messages(chat_id, owner)
    return Conversation.replay([m.content for m in messages if m.role == "user"],
                               [m.answer for m in messages if m.role == "assistant"])
