"""Warm PDF parser processes (rag.pdf_server) for an ingest: one per thread asking at the same time, started
on first use and stopped with the ingest. A server that dies or stops answering is killed and replaced."""

from __future__ import annotations

import json
import os
import select
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

from .settings import Settings

# A server answers within the parse timeout (it kills a slow child itself); past this margin it is hung.
REPLY_MARGIN_S = 10.0


@dataclass(frozen=True)
class ParseOutcome:
    """What one parse gave, as for a one-shot child process: its return code (negative: the signal), its
    output and its error text; or that it outlived the parse timeout."""

    returncode: int = 0
    stdout: str = ""
    stderr: str = ""
    timed_out: bool = False


def child_env() -> dict[str, str]:
    return dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parent.parent))


class _Server:
    def __init__(self):
        self.proc = subprocess.Popen([sys.executable, "-m", "rag.pdf_server"], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=child_env())

    def ask(self, path: Path, settings: Settings) -> ParseOutcome:
        request = {"path": str(path), "memory_mb": settings.parse_memory_mb, "timeout_s": settings.parse_timeout_s}
        self.proc.stdin.write((json.dumps(request) + "\n").encode("utf-8"))
        self.proc.stdin.flush()
        ready, _, _ = select.select([self.proc.stdout], [], [], settings.parse_timeout_s + REPLY_MARGIN_S)
        if not ready:
            raise TimeoutError("the PDF parser process stopped answering")
        line = self.proc.stdout.readline()
        if not line:
            raise OSError("the PDF parser process stopped answering")
        reply = json.loads(line)
        if reply.get("timeout"):
            return ParseOutcome(timed_out=True)
        return ParseOutcome(reply["rc"], reply["stdout"], reply["stderr"])

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        for stream in (self.proc.stdin, self.proc.stdout):
            stream.close()


class PdfParsers:
    """Used as a context manager around an ingest; `parse` may be called from several threads at once."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self._idle: list[_Server] = []
        self._lock = threading.Lock()
        self._closed = False

    def parse(self, path: Path) -> ParseOutcome:
        with self._lock:
            if self._closed:
                raise RuntimeError("the PDF parsers were closed")
            server = self._idle.pop() if self._idle else None
        if server is not None and server.proc.poll() is not None:  # ended while idle (killed from outside)
            server.stop()
            server = None
        if server is None:
            server = _Server()
        try:
            outcome = server.ask(path, self.settings)
        except TimeoutError:
            server.stop()
            return ParseOutcome(timed_out=True)
        except (OSError, ValueError):  # died (a hostile file cannot do it: it only has a child) or garbled
            server.stop()
            return ParseOutcome(returncode=1, stderr="the PDF parser failed")
        with self._lock:
            if not self._closed:
                self._idle.append(server)
                return outcome
        server.stop()
        return outcome

    def close(self) -> None:
        with self._lock:
            self._closed = True
            idle, self._idle = self._idle, []
        for server in idle:
            server.stop()

    def __enter__(self) -> PdfParsers:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
