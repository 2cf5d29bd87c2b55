"""What every benchmark shares: the machine, memory, sizes, percentiles and the median-of-runs summary."""

from __future__ import annotations

import os
import platform
import statistics
from dataclasses import replace
from pathlib import Path

from ..settings import PROJECT_ROOT, Settings

SHARED_REPORTS = PROJECT_ROOT.parent / "shared" / "ofsted-reports"


def machine() -> dict:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor()) if Path("/proc/cpuinfo").exists() else platform.processor()
    import psutil  # os.sysconf is POSIX-only

    mem = psutil.virtual_memory().total / 2**30
    return {"cpu": cpu, "cores": os.cpu_count(), "memory_gib": round(mem, 1), "python": platform.python_version(),
            "platform": platform.platform()}


def peak_rss_mb() -> float:
    """This process's peak resident memory. VmHWM, not ru_maxrss: a child started by fork+exec inherits
    its parent's ru_maxrss on Linux, which would report the benchmark's own peak for every size."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    import psutil  # no /proc (Windows, macOS): the peak working set where the system keeps one

    info = psutil.Process().memory_info()
    return getattr(info, "peak_wset", info.rss) / 2**20


def dir_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 2**20 if path.exists() else 0.0


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))] if values else float("nan")


def current_rss_mb() -> float:
    import psutil

    return psutil.Process().memory_info().rss / 2**20


def summary(values: list[float], digits: int = 2) -> dict:
    """A figure measured in several runs: the median, with the smallest and largest run beside it."""
    return {"median": round(statistics.median(values), digits), "min": round(min(values), digits),
            "max": round(max(values), digits), "runs": len(values)}


def replace_settings(**changes) -> Settings:
    return replace(Settings.from_env(), **changes)


def seconds_since_process_start() -> float:
    """Time since this process started (interpreter and imports included), from /proc; 0 where there is none."""
    try:
        ticks = int(Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()[19])
        uptime = float(Path("/proc/uptime").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return 0.0
    return max(0.0, uptime - ticks / os.sysconf("SC_CLK_TCK"))
