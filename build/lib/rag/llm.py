"""Optional generative answers through any OpenAI-compatible server (Ollama, vLLM, llama.cpp's server,
LM Studio, Azure OpenAI) via LangChain's chat models. The model must quote a source for every
sentence; each quote is located in its passage and then checked like any other citation, and an
answer that does not survive the checker falls back to the default answerer."""

from __future__ import annotations

import re
from collections.abc import Iterator

from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.messages import HumanMessage, SystemMessage

from . import prompts
from .answer import citation_for, source_intro
from .query import Understood
from .retrieval import Retrieved
from .safety import withhold_instructions
from .types import Answer, AnswerPart, Citation

_QUOTE = re.compile(r"[“\"]([^”\"]{8,}?)[”\"]\s*\[(\d+)\]")
NO_ANSWER = "NO_ANSWER"


def generator_from_settings(settings) -> "GenerativeAnswerer | None":
    if not settings.llm_base_url:
        return None
    from langchain_openai import ChatOpenAI

    model = ChatOpenAI(
        base_url=settings.llm_base_url, model=settings.llm_model, api_key=settings.llm_api_key or "not-needed",
        timeout=settings.llm_timeout_s, temperature=0, streaming=True, max_retries=1,
    )
    return GenerativeAnswerer(model)


class GenerativeAnswerer:
    def __init__(self, model: BaseChatModel, max_sources: int = 6):
        self.model = model
        self.max_sources = max_sources

    def sources_block(self, retrieved: Retrieved) -> tuple[str, list]:
        chosen = retrieved.passages[: self.max_sources]
        docs = {d.doc_id: d for d in retrieved.allowed_documents}
        lines = []
        for n, (passage, _) in enumerate(chosen, start=1):
            doc = docs.get(passage.doc_id)
            label = source_intro(doc) if doc else "Source"
            lines.append(f"[{n}] {label} ({doc.metadata.title if doc else ''}):\n<<<\n{withhold_instructions(passage.text)}\n>>>")
        return "\n\n".join(lines), chosen

    def rewrite(self, question: str, history: list[str]) -> str:
        text = prompts.render("rewrite", history="\n".join(f"- {h}" for h in history), question=question)
        reply = self.model.invoke([HumanMessage(content=text)]).content
        return reply.strip().splitlines()[0] if isinstance(reply, str) and reply.strip() else question

    def stream(self, u: Understood, retrieved: Retrieved) -> Iterator[str | Answer]:
        sources, chosen = self.sources_block(retrieved)
        messages = [
            SystemMessage(content=prompts.render("answer_system")),
            HumanMessage(content=prompts.render("answer_user", question=u.question, sources=sources)),
        ]
        pieces: list[str] = []
        for chunk in self.model.stream(messages):
            token = chunk.content if isinstance(chunk.content, str) else ""
            if token:
                pieces.append(token)
                yield token
        yield self.parse("".join(pieces), u, retrieved, chosen)

    def parse(self, reply: str, u: Understood, retrieved: Retrieved, chosen: list) -> Answer:
        """Each paragraph of the reply becomes a part; each of its quotes a citation located in its passage."""
        answer = Answer(question=u.question, understood=u.to_json(), mode="llm")
        if reply.strip() == NO_ANSWER or not reply.strip():
            return answer
        docs = {d.doc_id: d for d in retrieved.allowed_documents}
        for paragraph in (p.strip() for p in re.split(r"\n\s*\n|\n(?=\S)", reply) if p.strip()):
            numbers: list[int] = []
            text = paragraph
            for m in _QUOTE.finditer(paragraph):
                quote, source = m.group(1), int(m.group(2))
                citation = self._locate(quote, source, chosen, docs, len(answer.citations) + 1)
                answer.citations.append(citation)
                numbers.append(citation.n)
                text = text.replace(m.group(0), f"“{quote}” [{citation.n}]", 1)
            # A sentence without a quote is an unsupported claim: it is given no citation, so the checker drops it.
            answer.parts.append(AnswerPart(text, numbers))
        answer.text = answer.render()
        return answer

    @staticmethod
    def _locate(quote: str, source: int, chosen: list, docs: dict, n: int) -> Citation:
        """Find the quote in the source it names, else in another source it was shown (models misnumber)."""
        order = ([source - 1] if 1 <= source <= len(chosen) else []) + [i for i in range(len(chosen)) if i != source - 1]
        for i in order:
            passage = chosen[i][0]
            at = passage.text.find(quote)
            doc = docs.get(passage.doc_id)
            if at >= 0 and doc is not None:
                start = passage.start + at
                return citation_for(n, doc, start, start + len(quote), quote)
        # In no source: a citation that cannot hold, so the checker drops its sentence.
        return Citation(n, "", "", "", "", "", quote, 0, 0)
