"""An OpenAI-compatible chat completions endpoint, so chat clients (Open WebUI, Copilot Studio, Teams bots)
can use the engine as a model. The reply's content is the checked answer with its sources listed under it;
the citations also travel as data (`citations`, beside `choices`), which OpenAI clients pass through."""

from __future__ import annotations

import json
import time
import uuid

from fastapi import Depends
from fastapi.responses import StreamingResponse

from ..assistant import Conversation
from ..services.users import User
from ..types import Answer
from .models import ChatCompletionIn

MODEL = "ofsted-rag"
NOTHING_ASKED = "Ask a question about Ofsted inspections of children's social care; every answer is cited to the reports."


def text_of(content) -> str:
    if isinstance(content, list):  # content parts: keep the text ones
        return " ".join(str(p.get("text", "")) for p in content if p.get("type") == "text")
    return content or ""


def with_sources(answer: Answer) -> str:
    lines = [f"[{c.n}] {c.title} ({c.date}{f', page {c.page}' if c.page else ''}): \u201c{c.quote}\u201d"
             for c in answer.citations]
    return answer.text + ("\n\nSources:\n" + "\n".join(lines) if lines else "")


def add_routes(app, engine, caller) -> None:
    @app.get("/v1/models", tags=["openai"])
    def models(user: User = Depends(caller)):
        return {"object": "list", "data": [{"id": MODEL, "object": "model", "created": 0, "owned_by": "local"}]}

    @app.post("/v1/chat/completions", tags=["openai"], responses={200: {
        "description": "a chat.completion (JSON), or with stream=true chat.completion.chunk server-sent events",
        "content": {"application/json": {}, "text/event-stream": {}}}})
    def completions(body: ChatCompletionIn, user: User = Depends(caller)):
        asked = [text_of(m.content) for m in body.messages if m.role == "user" and text_of(m.content).strip()]
        ident, created = f"chatcmpl-{uuid.uuid4().hex}", int(time.time())
        if asked:
            # Earlier user turns are the conversation (system prompts are the client's, never instructions here).
            conversation = Conversation.replay(asked[:-1])
            engine.audit.record(user.id, "asked", "openai", asked[-1])
            answer = engine.assistant.ask(asked[-1][:2000], conversation=conversation)
        else:  # nothing asked yet (a client's system prompt alone): say what can be asked
            answer = Answer(question="", text=NOTHING_ASKED, refused=True)
        citations = [c.to_json() for c in answer.citations]
        if not body.stream:
            return {"id": ident, "object": "chat.completion", "created": created, "model": MODEL,
                    "choices": [{"index": 0, "message": {"role": "assistant", "content": with_sources(answer)},
                                 "finish_reason": "stop"}],
                    "usage": {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0},
                    "citations": citations, "refused": answer.refused}

        def chunks():
            def chunk(delta: dict, finish: str | None = None, **extra) -> str:
                data = {"id": ident, "object": "chat.completion.chunk", "created": created, "model": MODEL,
                        "choices": [{"index": 0, "delta": delta, "finish_reason": finish}], **extra}
                return f"data: {json.dumps(data, ensure_ascii=False)}\n\n"

            yield chunk({"role": "assistant", "content": ""})
            text = with_sources(answer)  # already checked: streamed in pieces for clients that expect it
            for at in range(0, len(text), 400):
                yield chunk({"content": text[at:at + 400]})
            yield chunk({}, "stop", citations=citations)
            yield "data: [DONE]\n\n"
        return StreamingResponse(chunks(), media_type="text/event-stream")
