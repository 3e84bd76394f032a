"""`snippets --data` at N = 200,000 rows (CSV, p = 2) against N = 3, measured in the same run.

Target <= 2: everything past one pass over the rows works on sufficient statistics.
"""

from __future__ import annotations

import random
import tempfile
from pathlib import Path

from _timing import PYTHON, report, seconds


def write_set(directory: Path, n: int) -> Path:
    rng = random.Random(n)
    directory.mkdir()
    rows = "".join(f"{rng.randint(-999, 999) / 100:.2f},{rng.randint(0, 9999) / 1000:.3f},"
                   f"{rng.randint(-500, 500) / 10:.1f}\n" for _ in range(n))
    (directory / "set.csv").write_text("x1,x2,y\n" + rows)
    (directory / "data.toml").write_text('title = "bench"\n[data]\ncsv = "set.csv"\n')
    return directory / "data.toml"


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        small, large = write_set(Path(tmp) / "small", 3), write_set(Path(tmp) / "large", 200_000)

        def run(data: Path) -> float:
            return seconds([PYTHON, "-m", "bnreport", "snippets", "-q", "--force", "--data", data,
                            "--out", data.parent / "out"])

        report("snippets --data, N = 200,000 vs N = 3", run(large), run(small), target=2.0)


if __name__ == "__main__":
    main()
