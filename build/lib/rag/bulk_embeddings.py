"""Many passages at once (an ingest) on a CPU that computes bfloat16 natively: the same MiniLM weights,
traced once to TorchScript under bf16 autocast. Matrix products take bf16 inputs and accumulate in fp32;
layer norms, softmax and pooling stay fp32, so vectors agree with the fp32 model to cosine >= 0.9999
(tests/test_embeddings.py), while each core does twice the multiply-adds. Queries stay on ONNX fp32."""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np

NATIVE_BF16_FLAGS = ("avx512_bf16", "amx_bf16")  # without them oneDNN emulates bf16, slower than fp32


def native_bf16() -> bool:
    """True where the CPU multiplies bf16 in hardware (Linux: read from /proc/cpuinfo)."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        flags = Path("/proc/cpuinfo").read_text(errors="replace").split()
    except OSError:
        return False
    return any(flag in flags for flag in NATIVE_BF16_FLAGS)


def padded(token_ids: list[list[int]], batch: list[int]) -> np.ndarray:
    """One batch's token ids, padded with [PAD] (0) to its longest text."""
    ids = np.zeros((len(batch), max(len(token_ids[i]) for i in batch)), dtype=np.int64)
    for row, i in enumerate(batch):
        ids[row, : len(token_ids[i])] = token_ids[i]
    return ids


def _script_passes(inner):
    """Many batches in one TorchScript call. A Python thread needs the interpreter lock between calls, and
    Chroma's local writes hold it for their whole length (an 80-passage add: ~100 ms), so batch-by-batch
    calls left cores idle while ingest wrote."""
    import torch

    class Passes(torch.nn.Module):
        def __init__(self, inner):
            super().__init__()
            self.inner = inner

        def forward(self, batches: list[torch.Tensor]) -> list[torch.Tensor]:
            return [self.inner(ids, (ids != 0).long()) for ids in batches]

    return torch.jit.script(Passes(inner))


class Bf16Encoder:
    """Encodes token ids to normalised mean-pooled vectors. One thread per core, each with one intra-op thread,
    takes its turn of the token-sorted pass's batches in one call: TorchScript keeps the interpreter lock free
    throughout, so the model doesn't wait on ingest's Python threads or Chroma's writes (600 report passages:
    about 100/s against 65/s for ONNX fp32; beside a busy Python thread 68/s against 42/s)."""

    def __init__(self, model_dir: Path, cache_dir: Path):
        self.model_dir = model_dir
        self.cache_dir = cache_dir
        self._module = None
        self._lock = threading.Lock()
        # One pass at a time: each fills every core already, and torch's thread count is restored once.
        self._running = threading.Lock()

    def _load(self):
        with self._lock:
            if self._module is None:
                import torch

                path = self.cache_dir / "minilm-bf16.pt"
                if not path.exists():
                    self._trace(path)
                try:
                    traced = torch.jit.load(str(path))
                except RuntimeError:  # a damaged or foreign cache file: trace again rather than fail the ingest
                    self._trace(path)
                    traced = torch.jit.load(str(path))
                self._module = _script_passes(traced.eval())
        return self._module

    def warm_up(self) -> None:
        self._load()

    def _trace(self, path: Path) -> None:
        import torch
        from transformers import AutoModel

        model = AutoModel.from_pretrained(str(self.model_dir), local_files_only=True).eval()

        class Pooled(torch.nn.Module):
            def __init__(self, inner):
                super().__init__()
                self.inner = inner

            def forward(self, input_ids, attention_mask):
                hidden = self.inner(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state.float()
                mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
                pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1)  # mean pooling, as the model was trained
                return torch.nn.functional.normalize(pooled, dim=1)

        # A padded sample, so the trace keeps the attention mask's path (an all-ones mask may be skipped).
        ids = torch.tensor([[101, 2019, 2742, 6251, 102], [101, 2178, 102, 0, 0]])
        mask = (ids != 0).long()
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        with torch.no_grad(), torch.autocast("cpu", dtype=torch.bfloat16):
            traced = torch.jit.freeze(torch.jit.trace(Pooled(model), (ids, mask), check_trace=False).eval())
        partial = path.with_suffix(f".{os.getpid()}.partial")  # concurrent tracers never share a file
        torch.jit.save(traced, str(partial))
        partial.replace(path)

    def encode(self, token_ids: list[list[int]], batches: list[list[int]], out: np.ndarray,
               on_start: Callable[[], None] | None = None) -> None:
        """Writes the vector of token_ids[i] to out[i] for every i in batches (each batch: indices, similar lengths).
        `on_start` is called once every core's thread is inside its TorchScript call."""
        import torch

        module = self._load()
        workers = max(1, min(os.cpu_count() or 1, len(batches)))
        # Batches dealt in turn, so lengths stay balanced; padded here, so the threads need the lock only to start.
        shares = [[torch.from_numpy(padded(token_ids, batch)) for batch in batches[w::workers]] for w in range(workers)]
        entering = [threading.Event() for _ in range(workers)]

        def run(w: int) -> list:
            torch.set_num_threads(1)
            entering[w].set()
            with torch.inference_mode():
                return module(shares[w])  # one call for the whole share: the lock is free the whole time

        with self._running:
            threads = torch.get_num_threads()
            try:
                with ThreadPoolExecutor(max_workers=workers) as pool:
                    running = [pool.submit(run, w) for w in range(workers)]
                    if on_start:
                        for event in entering:
                            event.wait()
                        time.sleep(0.002)  # from the event to the call: let each thread reach it first
                        on_start()
                    for w, future in enumerate(running):
                        for batch, v in zip(batches[w::workers], future.result()):
                            out[batch] = v.numpy()
            finally:
                torch.set_num_threads(threads)  # the process's other torch users keep their threads
