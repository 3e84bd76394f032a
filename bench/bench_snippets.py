"""`python -m bnreport snippets` (no TeX) against a bare `python -c "import sympy"`, same run."""

from __future__ import annotations

import tempfile
from pathlib import Path

from _timing import PYTHON, import_sympy, report, seconds


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        command = [PYTHON, "-m", "bnreport", "snippets", "-q", "--force", "--out", Path(tmp)]
        snippets = seconds(command, repeat=5)
        report("snippets vs import sympy", snippets, import_sympy())


if __name__ == "__main__":
    main()
