"""The engine over HTTP (FastAPI: ask, stream, inspections, documents, source, an OpenAI-compatible chat
endpoint) and over MCP (stdio). Same answers as the CLI: both call rag.services."""
