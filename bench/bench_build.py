"""Cold and warm `python -m bnreport` against baselines measured in the same run, interleaved.

Each round runs, in turn:
  cold        python -m bnreport --force --no-formal   (fresh output directory: a cold build)
  formal      python -m bnreport --force               (the same with coqc, when it is installed)
  latexmk     latexmk -pdf of the same generated .tex (figures beside it), from a clean directory
  sympy       python -c "import sympy"
  pythontex   a 3-equation unchecked sympy note: pdflatex -> pythontex -> pdflatex
  warm        python -m bnreport (unchanged inputs: nothing to do)
and the medians over the rounds give the ratios (targets from issue 13):
  cold / (latexmk + sympy) < 1.0;  cold / pythontex <= 1.0;  warm <= 0.3 s;  formal - cold printed.
PythonTeX needs texlive-extra-utils and texlive-latex-extra; `make bench` installs them.
The cold builds keep bnreport's precompiled preamble format (an artefact of the TeX installation,
like pdflatex.fmt, see bnreport/texformat.py) and its compiled templates (like __pycache__, see
bnreport/templates.py): the first build of a fresh installation makes both, and is timed apart
("first", with an empty BNREPORT_CACHE_DIR).  No checked fact is ever reused: every cold build
derives and checks every step.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _timing import PYTHON

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "5"))
PYTHONTEX_NOTE = r"""\documentclass{article}
\usepackage{amsmath}
\usepackage{pythontex}
\begin{document}
\begin{pycode}
from sympy import symbols, sqrt, latex, diff, simplify
w1, w2 = symbols('w1 w2')
mu = (4*w1 + 6*w2)/3
sigma = sqrt(2*w1**2 + 6*w1*w2 + 6*w2**2)/3
chat = 201 - 2*(19*w1 + 33*w2)/sqrt(2*w1**2 + 6*w1*w2 + 6*w2**2)
\end{pycode}
\[ \mu = \py{latex(mu)} \]
\[ \sigma = \py{latex(sigma)} \]
\[ \frac{\partial \hat C}{\partial w_1} = \py{latex(simplify(diff(chat, w1)))} \]
\end{document}
"""


def timed(command: list[str], cwd: Path | None = None, env: dict | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, env=env, check=True, capture_output=True,
                   stdin=subprocess.DEVNULL)
    return time.perf_counter() - start


def clean(directory: Path) -> None:
    shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir(parents=True)


def main() -> None:
    have_coq = shutil.which("coqc") is not None
    have_pythontex = shutil.which("pythontex") is not None and subprocess.run(
        ["kpsewhich", "fvextra.sty"], capture_output=True, text=True).stdout.strip() != ""
    env = dict(os.environ, PATH=f"{Path(PYTHON).parent}{os.pathsep}{os.environ['PATH']}")
    times: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        for round_ in range(ROUNDS):
            out = tmp / f"out{round_}"
            times.setdefault("cold", []).append(timed(
                [PYTHON, "-m", "bnreport", "-q", "--force", "--no-formal", "--out", str(out)]))
            if have_coq:
                times.setdefault("formal", []).append(timed(
                    [PYTHON, "-m", "bnreport", "-q", "--force", "--out", str(tmp / "formal")]))
            latex_dir = tmp / "latex"
            clean(latex_dir)
            shutil.copy(out / "bnreport.tex", latex_dir / "bnreport.tex")
            if (out / "figures").is_dir():
                shutil.copytree(out / "figures", latex_dir / "figures")
            times.setdefault("latexmk", []).append(timed(
                ["latexmk", "-pdf", "-quiet", "-interaction=nonstopmode", "bnreport.tex"],
                cwd=latex_dir))
            times.setdefault("sympy", []).append(timed([PYTHON, "-c", "import sympy"]))
            if have_pythontex:
                pt = tmp / "pythontex"
                clean(pt)
                (pt / "note.tex").write_text(PYTHONTEX_NOTE)
                start = time.perf_counter()
                for step in (["pdflatex", "-interaction=nonstopmode", "note.tex"],
                             ["pythontex", "note.tex"],
                             ["pdflatex", "-interaction=nonstopmode", "note.tex"]):
                    subprocess.run(step, cwd=pt, env=env, check=True, capture_output=True,
                                   stdin=subprocess.DEVNULL)
                times.setdefault("pythontex", []).append(time.perf_counter() - start)
            times.setdefault("warm", []).append(timed(
                [PYTHON, "-m", "bnreport", "-q", "--no-formal", "--out", str(out)]))
            times.setdefault("first", []).append(timed(  # a fresh installation: empty caches
                [PYTHON, "-m", "bnreport", "-q", "--force", "--no-formal", "--out",
                 str(tmp / f"first{round_}")],
                env={**os.environ, "BNREPORT_CACHE_DIR": str(tmp / f"cache{round_}")}))
    med = {name: statistics.median(values) for name, values in times.items()}
    print(f"medians of {ROUNDS} interleaved rounds: "
          + ", ".join(f"{k} {v:.3f} s" for k, v in med.items()))
    baseline = med["latexmk"] + med["sympy"]
    ratio(f"cold build vs latexmk + import sympy ({baseline:.3f} s)", med["cold"] / baseline, 1.0)
    if "pythontex" in med:
        ratio(f"cold build vs PythonTeX 3-equation note ({med['pythontex']:.3f} s)",
              med["cold"] / med["pythontex"], 1.0)
    else:
        print("PythonTeX ratio: skipped (install texlive-extra-utils texlive-latex-extra)")
    print(f"first build of a fresh installation (no precompiled preamble, no compiled "
          f"templates yet; it dumps the format): {med['first']:.3f} s = "
          f"{med['first'] / med['cold']:.2f}x a cold build (information, no target)")
    if "formal" in med:
        print(f"formal check adds {med['formal'] - med['cold']:.3f} s to a cold build "
              f"(coqc runs during the checks and figures; TeX waits for its verdict)")
    print(f"warm re-run: {med['warm']:.3f} s (target <= 0.3 s, no TeX started)")


def ratio(name: str, value: float, target: float) -> None:
    verdict = "ok" if value < target or (target == 1.0 and value <= target) else "OVER TARGET"
    print(f"{name}: {value:.2f}x (target {target}) {verdict}")


if __name__ == "__main__":
    sys.exit(main())
