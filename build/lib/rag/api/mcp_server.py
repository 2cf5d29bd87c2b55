"""The engine as an MCP server (the official Python SDK, stdio): tools ask, inspections and source, so an
assistant such as Claude Desktop or Copilot can call it. Laptop mode: the local user, as the CLI."""

from __future__ import annotations

import json

from mcp.server.mcpserver import MCPServer

from ..services import questions
from ..services.users import LOCAL_USER


def build_server(engine) -> MCPServer:
    server = MCPServer("ofsted-rag", instructions="Answers about Ofsted inspections of English councils' children's "
                     "social care, every sentence cited to a verbatim quote in a report. Quote the citations.")

    @server.tool()
    def ask(question: str, authorities: list[str] | None = None, years: list[int] | None = None) -> str:
        """Answer a question from the reports. Returns JSON: the answer (with [n] markers), refused,
        and each citation's document, date, page, verbatim quote and character offsets."""
        engine.audit.record(LOCAL_USER.id, "asked", "mcp", question)
        filters = questions.filters_for(years, authorities) if (authorities or years) else None
        answer = engine.assistant.ask(question[:2000], filters=filters)
        return json.dumps(answer.to_json(), ensure_ascii=False)

    @server.tool()
    def inspections(authorities: list[str] | None = None, regions: list[str] | None = None,
                    latest: bool = False) -> str:
        """Inspection records (authority, dates, kind, lead inspector, every judgement's grade, source) as JSON."""
        return questions.inspections(engine, authorities, regions, None, latest, "json")

    @server.tool()
    def source(doc_id: str, start: int, end: int, context: int = 600) -> str:
        """The document's text around a citation's offsets [start, end), for checking a quote in place."""
        return json.dumps(vars(questions.source_around(engine, doc_id, start, end, context)), ensure_ascii=False)

    return server
