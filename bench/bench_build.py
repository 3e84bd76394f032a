"""Cold and warm `python -m bnreport` against baselines measured in the same run.

cold: python -m bnreport --force   vs   latexmk -pdf of the generated .tex + python -c "import sympy"
warm: python -m bnreport (unchanged inputs)   vs   python -c "pass" (target: no TeX, <= 0.3 s)
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from _timing import PYTHON, import_sympy, report, seconds


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out"
        build = [PYTHON, "-m", "bnreport", "-q", "--force", "--out", out]
        cold = seconds(build)
        latex_dir = Path(tmp) / "latex"
        latex_dir.mkdir()
        shutil.copy(out / "bnreport.tex", latex_dir / "bnreport.tex")
        latexmk = seconds(["latexmk", "-pdf", "-quiet", "-interaction=nonstopmode", "bnreport.tex"],
                          cwd=latex_dir, setup=["latexmk", "-C", "-quiet"])
        sympy = import_sympy()
        report("cold build vs latexmk + import sympy", cold, latexmk + sympy, target=1.3)
        warm = seconds([PYTHON, "-m", "bnreport", "-q", "--out", out], repeat=5)
        startup = seconds([PYTHON, "-c", "pass"], repeat=5)
        report("warm re-run vs bare python start", warm, startup)
        print(f"warm re-run: {warm:.3f} s (target <= 0.3 s, no TeX started)")


if __name__ == "__main__":
    main()
