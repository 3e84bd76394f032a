"""`python -m bnreport check CLAIM` (one claim) against a bare `python -c "import sympy"`, same run.

Target <= 1.5 (issue 5); the design aims at 1.2. The two commands alternate so that a machine
getting slower or faster during the run affects both sides alike; the medians are compared.
Exit code 1 of `check` is a FALSE verdict, not a failure; 2 (an error verdict) means the bench
measured the wrong thing and stops.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from _timing import PYTHON, report

ROOT = Path(__file__).resolve().parent.parent
REPEAT = 7
TARGET = 1.5
CLAIMS = [
    "grad_Chat(Wstar) ~= (-0.34, 0.11)",
    "is_local_min(Chat, (5, 3))",
    "is_critical(Chat, Wstar)",
    "Chat(2*w) == Chat(w)",
    "sigma(w) == sqrt(2*w1^2 + 6*w1*w2 + 6*w2^2)/3",
]


def _once(command: Sequence[str], accept: tuple[int, ...] = (0,)) -> float:
    start = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True,
                          stdin=subprocess.DEVNULL)
    elapsed = time.perf_counter() - start
    if done.returncode not in accept:
        sys.exit(f"{' '.join(command)} exited with {done.returncode}:\n{done.stdout}{done.stderr}")
    return elapsed


def measure(claim: str) -> tuple[float, float]:
    """(median of check, median of import sympy), alternating the two commands."""
    check, baseline = [], []
    _once([PYTHON, "-m", "bnreport", "check", claim], accept=(0, 1))  # warm the disk cache
    for _ in range(REPEAT):
        baseline.append(_once([PYTHON, "-c", "import sympy"]))
        check.append(_once([PYTHON, "-m", "bnreport", "check", claim], accept=(0, 1)))
    return statistics.median(check), statistics.median(baseline)


def main() -> None:
    ratios = []
    for claim in CLAIMS:
        check, baseline = measure(claim)
        ratios.append(check / baseline)
        report(f"check {claim!r} vs import sympy", check, baseline, target=TARGET)
    print(f"worst ratio: {max(ratios):.2f}x (target <= {TARGET})")


if __name__ == "__main__":
    main()
