"""Warm PDF parser processes (rag.pdf_server) for an ingest: one per thread asking at the same time, started
on first use and stopped with the ingest. A server that dies or stops answering is killed and replaced.

Two ways of isolating a hostile file, chosen by `Settings.pdf_isolation` ("auto" picks fork where the system
has it): fork, where the server forks a child per file under resource limits; and portable (Windows), where
the server reads the file itself and this side enforces the limits: past the timeout, or past the memory
limit (its resident size, watched with psutil), the server is killed and replaced; a crash is seen as the
pipe's end. Replies are read by a thread (select() on pipes is POSIX-only)."""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from .settings import Settings

# A server answers within the parse timeout (it kills a slow child itself); past this margin it is hung.
REPLY_MARGIN_S = 10.0
WATCH_EVERY_S = 0.02  # the portable path's look at the server's memory while it reads


@dataclass(frozen=True)
class ParseOutcome:
    """What one parse gave, as for a one-shot child process: its return code (negative: the signal), its
    output and its error text; or that it outlived the parse timeout, crashed, or outgrew the memory limit."""

    returncode: int = 0
    stdout: str = ""
    stderr: str = ""
    timed_out: bool = False
    crashed: bool = False
    exhausted: bool = False


def child_env() -> dict[str, str]:
    return dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parent.parent))


def portable_isolation(settings: Settings) -> bool:
    """True where PDFs are isolated without fork (always on Windows; on request elsewhere, for the tests)."""
    if settings.pdf_isolation == "auto":
        try:
            import resource  # noqa: F401
        except ImportError:
            return True
        return not hasattr(os, "fork")
    return settings.pdf_isolation == "portable"


class _Server:
    def __init__(self, portable: bool):
        self.portable = portable
        command = [sys.executable, "-m", "rag.pdf_server"] + (["--portable"] if portable else [])
        self.proc = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL, env=child_env())
        self._lines: queue.Queue[bytes] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        try:
            for line in iter(self.proc.stdout.readline, b""):
                self._lines.put(line)
        except (OSError, ValueError):  # the pipe was closed by stop()
            pass
        self._lines.put(b"")  # the server ended

    def _too_big(self, memory_mb: int) -> bool:
        import psutil

        try:
            return psutil.Process(self.proc.pid).memory_info().rss > memory_mb * 2**20
        except psutil.Error:  # ended between two looks: the pipe's end says so
            return False

    def ask(self, path: Path, settings: Settings) -> ParseOutcome:
        request = {"path": str(path), "memory_mb": settings.parse_memory_mb, "timeout_s": settings.parse_timeout_s}
        self.proc.stdin.write((json.dumps(request) + "\n").encode("utf-8"))
        self.proc.stdin.flush()
        wait = settings.parse_timeout_s if self.portable else settings.parse_timeout_s + REPLY_MARGIN_S
        deadline = time.monotonic() + wait
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                if self.portable:
                    return ParseOutcome(timed_out=True)  # the caller kills this server: it is still reading
                raise TimeoutError("the PDF parser process stopped answering")
            try:
                line = self._lines.get(timeout=min(remaining, WATCH_EVERY_S) if self.portable else remaining)
                break
            except queue.Empty:
                if self.portable and self._too_big(settings.parse_memory_mb):
                    return ParseOutcome(exhausted=True)
        if not line:
            if self.portable:  # the file took the server down with it
                return ParseOutcome(returncode=self.proc.wait(), crashed=True)
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
            server = _Server(portable_isolation(self.settings))
        try:
            outcome = server.ask(path, self.settings)
        except TimeoutError:
            server.stop()
            return ParseOutcome(timed_out=True)
        except (OSError, ValueError):  # died (a hostile file cannot do it: it only has a child) or garbled
            server.stop()
            return ParseOutcome(returncode=1, stderr="the PDF parser failed")
        if server.portable and (outcome.timed_out or outcome.crashed or outcome.exhausted):
            server.stop()  # the portable server read the file itself: it is hung, gone or bloated
            return outcome
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
