"""The HTTP API (FastAPI) over one engine. Every answer is the engine's checked Answer, as `rag ask --json`
gives it; streams carry only sentences that passed the citation checker."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator

from fastapi import Depends, FastAPI, Header, Query, Request
from fastapi.responses import JSONResponse, PlainTextResponse, StreamingResponse

from .. import __version__
from ..history import ChatNotFound
from ..services import questions
from ..services.users import NotAllowed, User
from ..types import Answer
from . import openai_compat
from .auth import ApiAuth, ProviderUnavailable, TooManyRequests, Unauthorised
from .limits import BodyLimit
from .models import AnswerOut, AskIn, ChatOut, DocumentOut, HealthOut, MessageOut, SourceOut, errors


def sse(event: str, data) -> str:
    return f"event: {event}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"


def create_app(engine, auth: ApiAuth) -> FastAPI:
    app = FastAPI(title="Ofsted children's services reports", version=__version__, responses=errors(401, 413, 429, 503),
                  description="Answers from Ofsted's reports, every sentence cited to a verbatim, checked quote.")
    app.add_middleware(BodyLimit, max_bytes=engine.settings.api_max_request_bytes)

    @app.exception_handler(Unauthorised)
    def _unauthorised(_, exc):
        return JSONResponse({"detail": str(exc)}, status_code=401, headers={"WWW-Authenticate": "Bearer"})

    @app.exception_handler(TooManyRequests)
    def _too_many(_, exc):
        return JSONResponse({"detail": str(exc)}, status_code=429, headers={"Retry-After": "60"})

    @app.exception_handler(ProviderUnavailable)
    def _provider_down(_, exc):
        return JSONResponse({"detail": str(exc)}, status_code=503, headers={"Retry-After": "30"})

    @app.exception_handler(NotAllowed)
    def _not_allowed(_, exc):
        return JSONResponse({"detail": str(exc)}, status_code=403)

    @app.exception_handler(ChatNotFound)
    @app.exception_handler(questions.SourceNotFound)
    def _not_found(_, exc):
        return JSONResponse({"detail": str(exc.args[0]) if exc.args else "not found"}, status_code=404)

    def caller(authorization: str | None = Header(default=None)) -> User:
        user = auth.user(authorization)
        auth.admit(user)
        return user

    def own_chat(body: AskIn, user: User) -> None:
        if body.chat_id and not engine.chats.owns(body.chat_id, user.id):
            raise ChatNotFound("no such chat of yours")

    def answer_of(body: AskIn, user: User) -> tuple[Answer, str | None]:
        own_chat(body, user)
        conversation = questions.conversation_of(engine.chats, body.chat_id, user.id)
        f = body.filters
        filters = questions.filters_for(f.years, f.authorities, f.kinds, f.regions) if f else None
        chat_id = engine.actions.ask(user, body.chat_id, body.question) if body.save else None
        if not body.save:
            engine.audit.record(user.id, "asked", "", body.question)
        answer = engine.assistant.ask(body.question, conversation=conversation, filters=filters)
        if chat_id:
            engine.chats.add(chat_id, user.id, "assistant", answer.text, answer)
        return answer, chat_id

    @app.get("/health", response_model=HealthOut, tags=["service"])
    def health():
        return HealthOut(status="ok", version=__version__, documents=len(engine.index.list_documents()),
                         passages=engine.index.passage_count())

    @app.post("/v1/ask", response_model=AnswerOut, tags=["answers"], responses=errors(404))
    def ask(body: AskIn, user: User = Depends(caller)):
        answer, chat_id = answer_of(body, user)
        return {**answer.to_json(), "chat_id": chat_id}

    @app.post("/v1/ask/stream", tags=["answers"], response_class=StreamingResponse,
              responses={**errors(404), 200: {"content": {"text/event-stream": {}}, "description": "server-sent events: status, "
                               "then each checked sentence, then the whole answer"}})
    def ask_stream(body: AskIn, user: User = Depends(caller)):
        own_chat(body, user)  # refused before the stream starts, with its status code

        def events() -> Iterator[str]:
            yield sse("status", {"stage": "answering"})
            answer, chat_id = answer_of(body, user)
            for part in answer.parts:  # the checker has passed every one
                yield sse("sentence", {"text": part.text, "citations": part.citations, "group": part.group})
            yield sse("answer", {**answer.to_json(), "chat_id": chat_id})
        return StreamingResponse(events(), media_type="text/event-stream")

    @app.get("/v1/inspections", tags=["records"], responses={200: {"content": {"text/csv": {}, "application/json": {}}}})
    def inspections(authority: list[str] = Query(default=[]), region: list[str] = Query(default=[]),
                    kind: list[str] = Query(default=[]), latest: bool = False,
                    format: str = Query(default="json", pattern="^(json|csv)$"), user: User = Depends(caller)):
        text = questions.inspections(engine, authority, region, kind, latest, format)
        if format == "csv":
            return PlainTextResponse(text, media_type="text/csv")
        return JSONResponse(json.loads(text))

    @app.get("/v1/documents", response_model=list[DocumentOut], tags=["records"])
    def documents(user: User = Depends(caller)):
        return [DocumentOut(doc_id=d.doc_id, path=d.path, title=d.metadata.title, kind=d.metadata.kind,
                            published=d.metadata.published, local_authorities=d.metadata.local_authorities,
                            origin=d.metadata.origin) for d in engine.index.list_documents()]

    @app.get("/v1/source/{doc_id}", response_model=SourceOut, tags=["records"], responses=errors(404))
    def source(doc_id: str, start: int = Query(ge=0), end: int = Query(ge=0),
               context: int = Query(default=600, ge=0, le=20000), user: User = Depends(caller)):
        return SourceOut(**vars(questions.source_around(engine, doc_id, start, end, context)))

    @app.get("/v1/chats", response_model=list[ChatOut], tags=["chats"])
    def chats(user: User = Depends(caller)):
        return [ChatOut(id=c.id, title=c.title, updated=c.updated) for c in engine.chats.chats(user.id)]

    @app.get("/v1/chats/{chat_id}", response_model=list[MessageOut], tags=["chats"], responses=errors(404))
    def chat(chat_id: str, user: User = Depends(caller)):
        if not engine.chats.owns(chat_id, user.id):
            raise ChatNotFound("no such chat of yours")
        return [MessageOut(id=m.id, role=m.role, content=m.content, answer=m.answer)
                for m in engine.chats.messages(chat_id, user.id)]

    openai_compat.add_routes(app, engine, caller)

    @app.middleware("http")
    async def timing(request: Request, call_next):
        started = time.perf_counter()
        response = await call_next(request)
        response.headers["Server-Timing"] = f"total;dur={(time.perf_counter() - started) * 1000:.1f}"
        return response

    return app
