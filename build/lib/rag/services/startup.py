"""The library check at start: once per process, not once per browser session. The first session to arrive
brings the index up to date (with its progress bar); any session arriving meanwhile, or later, shows the
library as indexed at once instead of waiting on the writer lock. Uploads and re-indexing keep it current
after that."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from ..types import FileFailure, IngestReport


@dataclass
class StartupCheck:
    done: bool = False
    failures: list[FileFailure] = field(default_factory=list)
    _running: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def begin(self) -> bool:
        """True: this caller runs the check now (then calls finish). False: done, or running elsewhere."""
        if self.done:
            return False
        return self._running.acquire(blocking=False)

    def finish(self, report: IngestReport | None) -> None:
        if report is not None:
            self.failures = list(report.failed)
        self.done = True
        self._running.release()

    @property
    def running(self) -> bool:
        return not self.done and self._running.locked()
