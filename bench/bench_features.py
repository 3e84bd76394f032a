"""Learning sets with many features and many rows: time of a cold build (no formal check).

p = 5, 10, 20 (random small integers, N = p + 5) and a CSV of 10⁶ rows (p = 2).  Target (issue 13):
p = 20 within 60 s on this machine.  Times are printed with the time of `import sympy` measured in
the same run, as a reference for the machine's speed.
"""

from __future__ import annotations

import random
import subprocess
import tempfile
import time
from pathlib import Path

from _timing import PYTHON, import_sympy


def toml(path: Path, p: int) -> Path:
    rng = random.Random(p)
    n = p + 5
    xs = [[rng.randint(-5, 5) for _ in range(p)] for _ in range(n)]
    ys = [rng.randint(-5, 5) for _ in range(n)]
    path.write_text(f"[data]\nx = {xs}\ny = {ys}\n")
    return path


def big_csv(directory: Path, rows: int) -> Path:
    rng = random.Random(7)
    lines = ["x1,x2,y"]
    lines += [f"{rng.randint(-50, 50)},{rng.randint(-50, 50)},{rng.randint(-99, 99)}"
              for _ in range(rows)]
    (directory / "big.csv").write_text("\n".join(lines) + "\n")
    path = directory / "big.toml"
    path.write_text('[data]\ncsv = "big.csv"\n')
    return path


def build_seconds(data: Path, out: Path) -> float:
    start = time.perf_counter()
    subprocess.run([PYTHON, "-m", "bnreport", "-q", "--force", "--no-formal", "--data", str(data),
                    "--out", str(out)], check=True, capture_output=True, stdin=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    print(f"reference: import sympy {import_sympy():.2f} s")
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        for p in (5, 10, 20):
            seconds = build_seconds(toml(tmp / f"p{p}.toml", p), tmp / f"out{p}")
            target = " (target <= 60 s)" if p == 20 else ""
            print(f"p = {p:2d}, N = {p + 5}: cold build {seconds:.1f} s{target}"
                  + ("  OVER TARGET" if p == 20 and seconds > 60 else ""))
        seconds = build_seconds(big_csv(tmp, 10**6), tmp / "outbig")
        print(f"N = 1,000,000 rows (p = 2, CSV): cold build {seconds:.1f} s")


if __name__ == "__main__":
    main()
