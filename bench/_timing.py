"""Shared timing helpers: medians of repeated subprocess runs (machines are noisy)."""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

PYTHON = sys.executable


def seconds(command: Sequence[str | Path], *, cwd: Path | None = None, repeat: int = 3,
            setup: Sequence[str | Path] | None = None) -> float:
    """Median wall time of ``command``; ``setup`` runs (untimed) before each repetition."""
    times = []
    for _ in range(repeat):
        if setup:
            subprocess.run([str(c) for c in setup], cwd=cwd, check=True, capture_output=True)
        start = time.perf_counter()
        subprocess.run([str(c) for c in command], cwd=cwd, check=True, capture_output=True,
                       stdin=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def import_sympy() -> float:
    return seconds([PYTHON, "-c", "import sympy"])


def report(name: str, value: float, baseline: float, target: float | None = None) -> None:
    ratio = value / baseline
    verdict = "" if target is None else ("  ok" if ratio <= target else "  OVER TARGET")
    goal = "" if target is None else f" (target <= {target})"
    print(f"{name}: {value:.3f} s / {baseline:.3f} s = {ratio:.2f}x{goal}{verdict}")
