"""Options and steps shared by the commands that read a learning set."""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Callable
from pathlib import Path

from .. import cache, interrupts, output
from ..errors import InputError
from ..loader import default_data_path, load_problem
from ..model import Problem, require_wstar
from ..reproducible import build_time

DEFAULT_OUT = Path("output")


def add_data_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data", type=Path, metavar="FILE.toml",
                        help="learning set, BN constants and W0 (default: the paper's Example 3.2)")


def add_output_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, metavar="DIR",
                        help="where results are written (default: ./output)")
    parser.add_argument("--force", action="store_true",
                        help="rebuild even when the outputs are up to date")


def reporter(args: argparse.Namespace) -> Callable[[str], None]:
    if args.quiet:
        return lambda message: None
    return lambda message: print(f"bnreport: {message}", file=sys.stderr, flush=True)


def generate(args: argparse.Namespace, *, pdf: bool) -> int:
    """Shared body of ``build`` and ``snippets``: skip when fresh, else run the pipeline.

    Order matters for "bad input writes nothing": the output directory is only inspected, and the
    input fully read and validated, before anything is created."""
    progress = reporter(args)
    target = output.inspect(args.out)
    data = args.data or default_data_path()
    formal = pdf and not getattr(args, "no_formal", False)
    variant = "" if formal or not pdf else "no-formal"
    if not args.force:
        quick = cache.quick_fingerprint(data, output.stamp_of(target), variant)
        if quick is not None and output.is_fresh(target, quick, need_pdf=pdf):
            progress(f"up to date: {args.out} (inputs and code unchanged; --force rebuilds)")
            return 0
    output.check_writable(target)
    build_time("")  # a malformed SOURCE_DATE_EPOCH is one line, before any work
    if pdf:
        from ..texrun import tex_timeout

        tex_timeout()  # likewise BNREPORT_TEX_TIMEOUT
    problem: Problem = load_problem(args.data)
    require_wstar(problem)
    # The figure worker is forked before sympy is imported: numpy's import overlaps it.
    figures = _figure_worker(problem) if pdf else None
    try:
        # sympy is imported only when there is work to do: a warm re-run stays under 0.1 s.
        with interrupts.deferred():  # a signal during the import raises after it, not inside it
            from ..exact import Undecided
            from ..pipeline import build
            from ..texstart import primed_tex

        # TeX is primed on the preamble now, while the figure worker waits for its view (not
        # with coqc: TeX then starts last, as it shows coqc's verdict).
        with primed_tex(problem) if pdf and not formal else contextlib.nullcontext() as tex:
            progress(f"input: {problem.source or 'in-memory data'}, N = {problem.n}, "
                     f"p = {problem.p}")
            build(problem, target, pdf=pdf, progress=progress, tex=tex, formal=formal,
                  fingerprint=cache.fingerprint(problem, variant), figures=figures)
    except Undecided:
        raise InputError(f"{data}: the values are too far apart in magnitude for bnreport's exact "
                         "decisions (a sign or rounding stays undecided); rescale the data, e.g. "
                         "to values between 1e-100 and 1e100") from None
    finally:
        if figures is not None:
            figures.close()
    return 0


def _figure_worker(problem: Problem):  # -> FigureWorker (imported lazily: multiprocessing is not
    from ..figjob import FigureWorker  # free either)

    return FigureWorker(problem)
