"""Warm no-op and reading cost on 2,000,000-row CSV files, against baselines of the same run.

* warm: ``bnreport snippets`` with unchanged inputs on a 2,000,000-row CSV (the outputs exist), vs
  the same on the paper's 3-row example and vs ``python -c pass``; target: <= 0.3 s, i.e. the warm
  path hashes the file bytes and never parses them;
* reading: ``load_problem`` of 2,000,000 rows of fractions (a/b) vs 2,000,000 rows of decimals, with
  the peak memory of each (separate processes); fractions should cost about what decimals cost.

Medians of 5 runs (3 for the reading).  Exit status 1 when the warm run is over 0.3 s.
"""

from __future__ import annotations

import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _timing import PYTHON, report, seconds

ROWS = 2_000_000
WARM_TARGET = 0.3
LOAD = ("import resource, sys, time; from pathlib import Path; "
        "from bnreport.loader import load_problem; "
        "t = time.perf_counter(); p = load_problem(Path(sys.argv[1])); "
        "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)")


def write_set(directory: Path, kind: str) -> Path:
    rng = random.Random(2025)
    directory.mkdir()
    with (directory / "set.csv").open("w") as handle:
        handle.write("x1,x2,y\n")
        for _ in range(ROWS):
            if kind == "fractions":
                handle.write(f"{rng.randint(-99, 99)}/{rng.randint(1, 99)},"
                             f"{rng.randint(-99, 99)}/{rng.randint(1, 99)},"
                             f"{rng.randint(-99, 99)}/{rng.randint(1, 12)}\n")
            else:
                handle.write(f"{rng.randint(-999, 999) / 100:.2f},{rng.randint(0, 9999) / 1000:.3f},"
                             f"{rng.randint(-500, 500) / 10:.1f}\n")
    (directory / "data.toml").write_text(f'title = "{kind}"\n[data]\ncsv = "set.csv"\n')
    return directory / "data.toml"


def load(data: Path) -> tuple[float, float]:
    """(median seconds of load_problem, peak MiB of the process) over 3 fresh processes."""
    times, peaks = [], []
    for _ in range(3):
        out = subprocess.run([PYTHON, "-c", LOAD, str(data)], check=True, capture_output=True,
                             text=True).stdout.split()
        times.append(float(out[0]))
        peaks.append(int(out[1]) / 1024)
    return statistics.median(times), max(peaks)


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        decimals, fractions = write_set(root / "decimals", "decimals"), write_set(root / "fractions",
                                                                                "fractions")
        start = time.perf_counter()
        subprocess.run([PYTHON, "-m", "bnreport", "snippets", "-q", "--data", decimals, "--out",
                        root / "out"], check=True)
        print(f"cold snippets, {ROWS:,} rows: {time.perf_counter() - start:.2f} s (once)")
        subprocess.run([PYTHON, "-m", "bnreport", "snippets", "-q", "--out", root / "small"],
                       check=True)
        warm = seconds([PYTHON, "-m", "bnreport", "snippets", "-q", "--data", decimals, "--out",
                        root / "out"], repeat=5)
        small = seconds([PYTHON, "-m", "bnreport", "snippets", "-q", "--out", root / "small"],
                        repeat=5)
        bare = seconds([PYTHON, "-c", "pass"], repeat=5)
        report(f"warm no-op, {ROWS:,} rows vs 3 rows", warm, small)
        report(f"warm no-op, {ROWS:,} rows vs python -c pass", warm, bare)
        print(f"warm no-op, {ROWS:,} rows: {warm:.3f} s (target <= {WARM_TARGET} s)"
              f"{'  ok' if warm <= WARM_TARGET else '  OVER TARGET'}")
        (load_d, mem_d), (load_f, mem_f) = load(decimals), load(fractions)
        report(f"load_problem, {ROWS:,} rows of fractions vs decimals", load_f, load_d)
        print(f"  decimals {load_d:.2f} s, peak {mem_d:.0f} MiB; fractions {load_f:.2f} s, "
              f"peak {mem_f:.0f} MiB")
        return 0 if warm <= WARM_TARGET else 1


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # bnreport from this checkout
    sys.exit(main())
