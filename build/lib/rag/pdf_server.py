"""A warm PDF parser process: PDFium is loaded once, then each file is read by a child forked for it alone,
under the same memory, CPU-time and wall-clock limits as a one-shot parse (rag.loading). A hostile file can
crash, exhaust or hang only its own child. Requests and replies are JSON lines on stdin and stdout.

`--portable` (Windows, or any system without fork and resource limits): the server reads each file itself,
and its parent (rag.pdf_parsers) enforces the limits from outside: it kills and replaces a server that
outlives the timeout, grows past the memory limit or crashes.

Loading Python and PDFium took 70 ms of every one-shot parse: 1.4 core-seconds of a 20-report ingest, taken
from the embedding model on a 2-core machine."""

from __future__ import annotations

import json
import math
import os
import selectors
import signal
import sys
import time
import traceback


def apply_limits(memory_mb: int, timeout_s: float) -> None:
    """The limits every PDF-reading child runs under, warm server's or one-shot."""
    import resource

    limit = memory_mb * 2**20
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    # A backstop beside the wall-clock timeout (for a child whose server has gone): CPU past the deadline kills it.
    cpu = math.ceil(timeout_s) + 1
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu))


def _child(path: str, memory_mb: int, timeout_s: float, out_w: int, err_w: int) -> None:
    code = 1
    try:
        devnull = os.open(os.devnull, os.O_RDWR)
        os.dup2(devnull, 0)  # the request pipe and the reply pipe belong to the server
        os.dup2(devnull, 1)
        os.dup2(err_w, 2)
        apply_limits(memory_mb, timeout_s)
        from .pdf_worker import extract

        data = json.dumps(extract(path)).encode("utf-8")
        view = memoryview(data)
        while view:
            view = view[os.write(out_w, view):]
        code = 0
    except BaseException:  # MemoryError included: the parent reads the last line of the traceback
        try:
            traceback.print_exc()
            sys.stderr.flush()
        except BaseException:
            pass
    finally:
        os._exit(code)


def parse_one(path: str, memory_mb: int, timeout_s: float) -> dict:
    """{"rc", "stdout", "stderr"} as subprocess would give them (rc < 0: the signal), or {"timeout": true}."""
    out_r, out_w = os.pipe()
    err_r, err_w = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(out_r)
        os.close(err_r)
        _child(path, memory_mb, timeout_s, out_w, err_w)
    os.close(out_w)
    os.close(err_w)
    chunks: dict[int, list[bytes]] = {out_r: [], err_r: []}
    deadline = time.monotonic() + timeout_s
    timed_out = False
    with selectors.DefaultSelector() as selector:
        for fd in chunks:
            selector.register(fd, selectors.EVENT_READ)
        while selector.get_map():
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                timed_out = True
                break
            for key, _ in selector.select(remaining):
                data = os.read(key.fd, 1 << 16)
                if data:
                    chunks[key.fd].append(data)
                else:
                    selector.unregister(key.fd)
    if timed_out:
        os.kill(pid, signal.SIGKILL)
    _, status = os.waitpid(pid, 0)
    os.close(out_r)
    os.close(err_r)
    if timed_out:
        return {"timeout": True}
    rc = -os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status)
    return {"rc": rc, "stdout": b"".join(chunks[out_r]).decode("utf-8", "replace"),
            "stderr": b"".join(chunks[err_r]).decode("utf-8", "replace")}


def parse_here(path: str, memory_mb: int) -> dict:
    """The portable path's parse, in this process: the parent watches its time and memory. A reply larger
    than the memory limit is refused here rather than piped to the parent."""
    from .pdf_worker import extract

    try:
        data = json.dumps(extract(path))
    except MemoryError:
        return {"rc": 1, "stdout": "", "stderr": "MemoryError"}
    except Exception as exc:  # noqa: BLE001  (a hostile file's error is its reason, not the server's end)
        return {"rc": 1, "stdout": "", "stderr": f"{type(exc).__name__}: {exc}"}
    if len(data) > memory_mb * 2**20 // 4:
        return {"rc": 1, "stdout": "", "stderr": "MemoryError: the text is larger than the parser's limit"}
    return {"rc": 0, "stdout": data, "stderr": ""}


def main() -> None:
    import pypdfium2  # noqa: F401  (loaded once, before any fork: the reason this process exists)
    import pypdfium2.raw  # noqa: F401

    from . import pdf_worker  # noqa: F401

    portable = "--portable" in sys.argv[1:]
    replies = sys.stdout
    if portable:  # PDFium reads in this process: nothing it prints may land in the reply pipe
        replies = os.fdopen(os.dup(sys.stdout.fileno()), "w", encoding="utf-8")
        devnull = os.open(os.devnull, os.O_RDWR)
        os.dup2(devnull, sys.stdout.fileno())
    for line in sys.stdin:
        request = json.loads(line)
        if portable:
            reply = parse_here(request["path"], int(request["memory_mb"]))
        else:
            reply = parse_one(request["path"], int(request["memory_mb"]), float(request["timeout_s"]))
        replies.write(json.dumps(reply) + "\n")
        replies.flush()


if __name__ == "__main__":
    main()
