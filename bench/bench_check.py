"""`python -m bnreport check CLAIM` (one claim) against a bare `python -c "import sympy"`, same run.

Target <= 1.2 (DESIGN.md section 8). Two figures per claim:

* cold: an empty verdict cache (a claim never asked before: imports, derivation, decision);
* warm: the same claim asked again (the verdict comes from the cache; sympy is not imported).

The commands alternate (baseline, cold, warm, baseline, ...) so that a machine getting slower or
faster during the run affects all alike; medians are compared.  Exit code 1 of `check` is a FALSE
verdict, not a failure; 2 (an error verdict) means the bench measured the wrong thing and stops.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from _timing import PYTHON, report

ROOT = Path(__file__).resolve().parent.parent
REPEAT = 7
TARGET = 1.2
CLAIMS = [
    "grad_Chat(Wstar) ~= (-0.34, 0.11)",
    "∇Ĉ(W*) ≈ (−0.34, 0.11)",
    "is_local_min(Chat, (5, 3))",
    "is_critical(Chat, Wstar)",
    "lemma_holds(W0, M)",
    "Chat(2*w) == Chat(w)",
    "sigma(w) == sqrt(2*w1^2 + 6*w1*w2 + 6*w2^2)/3",
]


def _once(command: Sequence[str], env: dict[str, str], accept: tuple[int, ...] = (0,)) -> float:
    start = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, env=env,
                          stdin=subprocess.DEVNULL)
    elapsed = time.perf_counter() - start
    if done.returncode not in accept:
        sys.exit(f"{' '.join(command)} exited with {done.returncode}:\n{done.stdout}{done.stderr}")
    return elapsed


def measure(claim: str, cache: Path) -> tuple[float, float, float]:
    """(median cold, median warm, median import sympy), the three commands interleaved."""
    env = {**os.environ, "BNREPORT_CACHE_DIR": str(cache)}
    command = [PYTHON, "-m", "bnreport", "check", claim]
    cold, warm, baseline = [], [], []
    _once(command, env, accept=(0, 1))  # warm the disk cache of the files
    for _ in range(REPEAT):
        baseline.append(_once([PYTHON, "-c", "import sympy"], env))
        shutil.rmtree(cache, ignore_errors=True)
        cold.append(_once(command, env, accept=(0, 1)))
        warm.append(_once(command, env, accept=(0, 1)))
    return statistics.median(cold), statistics.median(warm), statistics.median(baseline)


def main() -> None:
    worst_cold = worst_warm = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        for claim in CLAIMS:
            cold, warm, baseline = measure(claim, Path(tmp) / "cache")
            worst_cold = max(worst_cold, cold / baseline)
            worst_warm = max(worst_warm, warm / baseline)
            report(f"check {claim!r} cold vs import sympy", cold, baseline, target=TARGET)
            report(f"check {claim!r} warm vs import sympy", warm, baseline, target=TARGET)
    print(f"worst ratio: cold {worst_cold:.2f}x, warm {worst_warm:.2f}x (target <= {TARGET})")


if __name__ == "__main__":
    main()
