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
