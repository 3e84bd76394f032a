"""Figures and simulation of "All initialisations" (issue 11), against baselines in the same run.

figures (cold): a fresh process imports bnreport, derives the paper's landscape and writes both
    figures (draw, read back, save)   vs   python -c "import sympy"
figure modules import alone (numpy)   vs   python -c "import sympy"
parallel: the note's checks (derive + check every step) with the figures written meanwhile in a
    forked child process   vs   both in sequence (target ≤ 0.85 with two cores) and vs the longer
    of the two (1.0 = perfect overlap)
simulation: simulate() on the paper's data and on p = 5 (budget 0.2 s each; absolute times only
    here, never in tests)
"""

from __future__ import annotations

import multiprocessing
import statistics
import sys
import tempfile
import time
from pathlib import Path

from _timing import PYTHON, import_sympy, report, seconds

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

FIGURES_SCRIPT = """
import sys, time
start = time.perf_counter()
from bnreport.loader import load_problem
from bnreport.closed import Closed as Quantities
from bnreport.landscape import landscape_of
from bnreport.figview import figure_view
from bnreport.figures import write_figures
imported = time.perf_counter()
view = figure_view(landscape_of(Quantities(load_problem())))
derived = time.perf_counter()
result = write_figures(view, __import__("pathlib").Path(sys.argv[1]))
print(f"{imported - start:.3f} {derived - imported:.3f} {result.seconds:.3f}")
"""


def _figures_child(out: str) -> None:
    from bnreport.closed import Closed
    from bnreport.figures import write_figures
    from bnreport.figview import figure_view
    from bnreport.landscape import landscape_of
    from bnreport.loader import load_problem

    write_figures(figure_view(landscape_of(Closed(load_problem()))), Path(out))


def _checks() -> None:
    from bnreport.check import check_steps
    from bnreport.derive import derive
    from bnreport.loader import load_problem

    check_steps(derive(load_problem()).steps)


def _median(fn, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    sympy = import_sympy()
    modules = seconds([PYTHON, "-c", "import bnreport.figures"], cwd=ROOT)
    report("import the figure code (numpy) vs import sympy", modules, sympy)
    with tempfile.TemporaryDirectory() as tmp:
        cold = seconds([PYTHON, "-c", FIGURES_SCRIPT, tmp], cwd=ROOT)
        report("figures, cold process (import + derive + draw + verify + save) vs import sympy",
               cold, sympy)
        import subprocess
        parts = subprocess.run([PYTHON, "-c", FIGURES_SCRIPT, tmp], cwd=ROOT, check=True,
                               capture_output=True, text=True).stdout.split()
        print(f"  of which: imports {parts[0]} s, landscape + view {parts[1]} s, "
              f"lay out + pdfTeX + read back + save {parts[2]} s")

        # The pipeline imports the figure modules in the worker while the parent derives; here
        # they are loaded first so that the child only draws.
        import bnreport.figures  # noqa: F401

        _checks()  # warm the imports of the check path
        context = multiprocessing.get_context("fork")

        def figures_process() -> None:
            child = context.Process(target=_figures_child, args=(tmp,))
            child.start()
            child.join()
            if child.exitcode != 0:
                raise SystemExit("the figure process failed")

        def overlapped() -> None:
            child = context.Process(target=_figures_child, args=(tmp,))
            child.start()
            _checks()
            child.join()
            if child.exitcode != 0:
                raise SystemExit("the figure process failed")

        checks, figs = _median(_checks), _median(figures_process)
        both = _median(overlapped)
        print(f"  checks alone {checks:.3f} s, figures alone (forked) {figs:.3f} s")
        report("checks with figures in a parallel process vs the two in sequence", both,
               checks + figs, target=0.85)
        report("checks with figures in a parallel process vs the longer of the two", both,
               max(checks, figs))

    from landscape_cases import land

    from bnreport.simulate import simulate
    for name in ("paper", "p=5"):
        the = land(name)
        simulate(the, samples=1 << 16)  # warm numpy
        value = _median(lambda the=the: simulate(the), repeat=5)
        verdict = "ok" if value <= 0.2 else "OVER BUDGET"
        print(f"simulation ({name}, {1 << 20} samples): {value:.3f} s (budget 0.2 s) {verdict}")


if __name__ == "__main__":
    main()
