"""Own data from CSV: N = 200,000 rows against N = 3 (p = 2), measured in the same run.

Times ``python -m bnreport snippets --data FILE.toml`` for both sizes (median of 3, ``--force`` so
that every repetition does the full work) and prints the ratio; target <= 2, because everything past
one pass over the rows works on sufficient statistics.  Also prints the in-process ``load_problem``
times (the only part that grows with N), ``python -c "import sympy"`` as the fixed cost they compare
to, and the ratio of the two sums: the only figure available when ``snippets`` is not (then it says
so).  Exit status 1 when the snippets ratio is over target.
"""

from __future__ import annotations

import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _timing import PYTHON, import_sympy, report, seconds

SIZES = (3, 200_000)
TARGET = 2.0


def write_set(directory: Path, n: int) -> Path:
    """A deterministic learning set of random decimals (2, 3 and 1 places) as TOML + CSV."""
    rng = random.Random(20250 + n)
    directory.mkdir()
    rows = "".join(f"{rng.randint(-999, 999) / 100:.2f},{rng.randint(0, 9999) / 1000:.3f},"
                   f"{rng.randint(-500, 500) / 10:.1f}\n" for _ in range(n))
    (directory / "set.csv").write_text("x1,x2,y\n" + rows)
    (directory / "data.toml").write_text(f'title = "bench, N = {n}"\n[data]\ncsv = "set.csv"\n')
    return directory / "data.toml"


def snippets_available() -> bool:
    result = subprocess.run([PYTHON, "-m", "bnreport", "snippets", "--help"], capture_output=True,
                            stdin=subprocess.DEVNULL, check=False)
    return result.returncode == 0


def snippets_seconds(data: Path) -> float:
    return seconds([PYTHON, "-m", "bnreport", "snippets", "-q", "--force", "--data", data,
                    "--out", data.parent / "out"])


def load_seconds(data: Path, repeat: int = 3) -> float:
    from bnreport.loader import load_problem

    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        load_problem(data)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        small, large = (write_set(Path(tmp) / f"n{n}", n) for n in SIZES)
        load_small, load_large = load_seconds(small), load_seconds(large)
        print(f"load_problem: N = 3 {load_small * 1000:.1f} ms, N = 200,000 {load_large * 1000:.0f} ms")
        baseline = import_sympy()
        print(f"python -c 'import sympy': {baseline:.3f} s (fixed cost of any run that derives)")
        # Pessimistic: a real run also pays for derive/check/render, which do not grow with N.
        report("estimate, (load N = 200,000 + import sympy) / (load N = 3 + import sympy)",
               load_large + baseline, load_small + baseline)
        if not snippets_available():
            print("snippets: unavailable (`python -m bnreport snippets --help` failed); "
                  "only the load ratio above was measured")
            return 0
        snip_large, snip_small = snippets_seconds(large), snippets_seconds(small)
        report("snippets --data, N = 200,000 vs N = 3", snip_large, snip_small, target=TARGET)
        return 0 if snip_large <= TARGET * snip_small else 1


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # bnreport from this checkout
    sys.exit(main())
