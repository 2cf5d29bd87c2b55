"""The ONNX path gives the reference model's vectors; int8 stays close; nothing is fetched from a hub."""

import numpy as np

from rag.embeddings import MiniLMEmbeddings, OnnxMiniLMEmbeddings

TEXTS = ["Return home interviews are not timely.", "Care leavers live in suitable accommodation.",
         "The overall judgement is that children's services are inadequate", "a"]


def test_onnx_matches_the_reference_and_int8_stays_close(tmp_path, embeddings):
    reference = np.array(embeddings.embed_documents(TEXTS))
    fp32 = np.array(OnnxMiniLMEmbeddings(tmp_path, quantized=False).embed_documents(TEXTS))
    int8 = np.array(OnnxMiniLMEmbeddings(tmp_path, quantized=True).embed_documents(TEXTS))
    assert (fp32 * reference).sum(axis=1).min() > 0.999
    assert (int8 * reference).sum(axis=1).min() > 0.85
    assert (tmp_path / "minilm.onnx").exists() and (tmp_path / "minilm-int8.onnx").exists()


def test_cache_keys_keep_backends_apart(tmp_path):
    cache = tmp_path / "cache.sqlite"
    torch_vectors = MiniLMEmbeddings(cache_path=cache).embed_documents(TEXTS[:1])
    onnx = OnnxMiniLMEmbeddings(tmp_path / "onnx", quantized=True, cache_path=cache)
    onnx.embed_documents(TEXTS[:1])
    assert onnx.computed == 1 and onnx.reused == 0  # not served the torch vector
    again = MiniLMEmbeddings(cache_path=cache)
    assert np.allclose(again.embed_documents(TEXTS[:1]), torch_vectors) and again.reused == 1


def test_a_text_repeated_in_one_call_is_embedded_once(tmp_path):
    """Reports repeat boilerplate word for word: each distinct text is run through the model once."""
    onnx = OnnxMiniLMEmbeddings(tmp_path, quantized=True)
    vectors = np.array(onnx.embed_documents([TEXTS[0], TEXTS[1], TEXTS[0], TEXTS[0]]))
    assert onnx.computed == 2 and onnx.reused == 2
    assert np.array_equal(vectors[0], vectors[2]) and np.array_equal(vectors[0], vectors[3])
    assert not np.array_equal(vectors[0], vectors[1])


def test_sentences_are_scored_by_the_faster_model_and_pick_the_same_quote(shipped):
    """Question time embeds the best sentences with int8 (2.3x faster); the quote chosen stays the reference model's."""
    from rag.query import understand
    from rag.retrieval import HybridRetriever

    fast = shipped.assistant.retriever
    assert fast.sentence_embeddings.backend == "onnx-int8" and fast.embeddings.backend == "onnx"
    reference = HybridRetriever(fast.corpus, fast.embeddings)
    before = fast.sentence_embeddings.computed + fast.sentence_embeddings.reused
    u = understand("What did Ofsted say about return home interviews in 2016?")
    got, want = fast.retrieve(u), reference.retrieve(u)
    assert fast.sentence_embeddings.computed + fast.sentence_embeddings.reused > before
    assert got.evidence and got.evidence[0].text == want.evidence[0].text
    assert "return home" in got.evidence[0].text.lower()


def test_a_repeated_query_is_embedded_once(tmp_path):
    class Counting(OnnxMiniLMEmbeddings):
        runs = 0

        def _encode(self, texts):
            Counting.runs += 1
            return super()._encode(texts)

    model = Counting(tmp_path, quantized=True)
    first = model.embed_query("care leavers")
    first[0] = 99.0  # a caller changing its copy changes nothing kept
    again = model.embed_query("care leavers")
    assert Counting.runs == 1 and again[0] != 99.0 and np.isclose(np.linalg.norm(again), 1.0, atol=1e-3)
    model.embed_query("return home interviews")
    assert Counting.runs == 2


def test_an_ingest_pass_through_the_bf16_trace_gives_the_reference_vectors(tmp_path, embeddings):
    """Where the CPU has bf16, ONNX hands a pass of 64 texts or more to the traced bf16 model: padded batches of
    mixed lengths still give the fp32 model's vectors, and torch keeps its thread count for other users."""
    import pytest
    import torch

    from rag.bulk_embeddings import native_bf16
    from rag.embeddings import make_embeddings

    if not native_bf16():
        pytest.skip("this CPU has no native bf16: ingest stays on ONNX fp32")
    texts = [f"{i}. " + t * n for i, (n, t) in enumerate((n, t) for n in (1, 7, 20) for t in TEXTS * 6)]  # 72 distinct, 3-256 tokens
    onnx = make_embeddings("onnx", tmp_path, cache=False, model_cache_dir=tmp_path / "models")
    assert onnx.bulk is not None
    threads = torch.get_num_threads()
    bulk = np.array(onnx.embed_documents(texts))
    assert (tmp_path / "models" / "minilm-bf16.pt").exists()
    assert torch.get_num_threads() == threads
    reference = np.array(embeddings.embed_documents(texts))
    assert (bulk * reference).sum(axis=1).min() > 0.9999
    fp32 = np.array(make_embeddings("onnx", tmp_path, cache=False, model_cache_dir=tmp_path / "models", bulk_bf16=False)
                    .embed_documents(texts))
    assert not np.array_equal(bulk, fp32)  # the bf16 path really ran
    assert np.allclose(np.array(onnx.embed_documents(texts[:3])), fp32[:3], atol=1e-6)  # a few texts (a query) stay on ONNX


def test_a_damaged_bf16_trace_is_traced_again(tmp_path, embeddings):
    import pytest

    from rag.bulk_embeddings import native_bf16
    from rag.embeddings import make_embeddings

    if not native_bf16():
        pytest.skip("this CPU has no native bf16: ingest stays on ONNX fp32")
    (tmp_path / "models").mkdir()
    (tmp_path / "models" / "minilm-bf16.pt").write_bytes(b"not a TorchScript archive")
    texts = [f"Paragraph {i}: return home interviews were offered to {i} children." for i in range(64)]
    vectors = np.array(make_embeddings("onnx", tmp_path, cache=False, model_cache_dir=tmp_path / "models").embed_documents(texts))
    assert (vectors * np.array(embeddings.embed_documents(texts))).sum(axis=1).min() > 0.9999
