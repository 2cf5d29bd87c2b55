"""LangChain's own standard tests for the retriever and the embeddings (langchain-tests)."""

from __future__ import annotations

import pytest
from langchain_tests.integration_tests import EmbeddingsIntegrationTests, RetrieversIntegrationTests

from rag.embeddings import MiniLMEmbeddings, OnnxMiniLMEmbeddings
from rag.retrieval import LangChainRetriever

_HYBRID = {}


@pytest.fixture(autouse=True)
def _hybrid(shipped):
    _HYBRID["retriever"] = shipped.assistant.retriever
    _HYBRID["onnx_dir"] = shipped.settings.model_cache_dir or shipped.settings.index_dir / "onnx"


class TestRetriever(RetrieversIntegrationTests):
    @property
    def retriever_constructor(self):
        return LangChainRetriever

    @property
    def retriever_constructor_params(self) -> dict:
        return {"hybrid": _HYBRID["retriever"]}

    @property
    def retriever_query_example(self) -> str:
        return "return home interviews"


class TestOnnxEmbeddings(EmbeddingsIntegrationTests):
    """The production backend, on the ONNX export the shipped index made."""

    @property
    def embeddings_class(self):
        return OnnxMiniLMEmbeddings

    @property
    def embedding_model_params(self) -> dict:
        return {"model_dir": _HYBRID["onnx_dir"], "quantized": False}


class TestTorchEmbeddings(EmbeddingsIntegrationTests):
    @property
    def embeddings_class(self):
        return MiniLMEmbeddings


def test_filters_reach_the_retriever(shipped):
    retriever = LangChainRetriever(hybrid=shipped.assistant.retriever)
    assert len(retriever.invoke("care leavers", k=2)) == 2
    assert retriever.invoke("care leavers", k=3, authority=["Buckinghamshire"], kind=["sif"])
    assert retriever.invoke("care leavers", region=["London"]) == []  # Buckinghamshire is in the South East
