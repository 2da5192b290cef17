"""Small helpers shared by the benchmark scripts: memory readings, percentiles and output."""
from __future__ import annotations

import json
import os
import platform
import resource
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np

try:
    import psutil
except ImportError:  # optional: /proc gives the same numbers on Linux
    psutil = None


def rss_bytes() -> int:
    """Current resident set size of this process."""
    if psutil is not None:
        return psutil.Process().memory_info().rss
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return peak_rss_bytes()  # no better reading available


def smaps_rollup(pid: int) -> dict[str, int]:
    """Bytes per smaps_rollup line (Rss, Pss, Pss_Anon, Pss_File, ...); {} when the process is gone."""
    out = {}
    try:
        for row in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            parts = row.split()
            if len(parts) >= 3 and parts[0].endswith(":") and parts[2] == "kB":
                out[parts[0][:-1]] = int(parts[1]) * 1024
    except OSError:
        pass
    return out


def peak_rss_bytes() -> int:
    """Peak resident set size of this process so far."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024


def memory_source() -> str:
    if psutil is not None:
        return "psutil"
    return "/proc/self/status VmRSS" if Path("/proc/self/status").exists() else "getrusage peak"


def percentiles(samples_ms: Sequence[float]) -> dict[str, float]:
    """p50, p95, p99, mean and max of millisecond samples, rounded for printing."""
    values = np.asarray(samples_ms, dtype=np.float64)
    if not values.size:
        return {}
    return {"p50": round(float(np.percentile(values, 50)), 2), "p95": round(float(np.percentile(values, 95)), 2),
            "p99": round(float(np.percentile(values, 99)), 2), "mean": round(float(values.mean()), 2),
            "max": round(float(values.max()), 2)}


def mib(n_bytes: float) -> float:
    return round(n_bytes / 2**20, 1)


def code_version() -> str:
    """The commit measured, with '+dirty' when embeddings/ has uncommitted changes ('' outside a git checkout)."""
    root = Path(__file__).resolve().parent.parent
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=root, capture_output=True, text=True,
                                timeout=5).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "embeddings"], cwd=root, capture_output=True,
                               text=True, timeout=5).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""
    return commit + ("+dirty" if commit and dirty else "")


def machine() -> dict:
    """Where the numbers were taken; the load average shows whether other work shared the CPUs."""
    return {"python": platform.python_version(), "platform": platform.platform(), "cpus": os.cpu_count(),
            "memory_source": memory_source(), "load_average_1m": round(os.getloadavg()[0], 2), "commit": code_version()}


def best_ms(fn, repeat: int = 1) -> float:
    """The fastest of `repeat` runs of fn, in milliseconds."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best * 1000


def line(label: str, value) -> None:
    """One readable result line."""
    print(f"  {label:<38} {value}", flush=True)


def emit_json(result: dict) -> None:
    """The final machine-readable line: everything measured, on one line."""
    print(json.dumps(result, ensure_ascii=False, sort_keys=False), flush=True)
