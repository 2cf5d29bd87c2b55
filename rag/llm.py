"""Optional generative answers through any OpenAI-compatible server (Ollama, vLLM, llama.cpp's server,
LM Studio, Azure OpenAI) via LangChain. Placeholder until the generator lands: none configured."""

from __future__ import annotations


def generator_from_settings(settings):
    return None
