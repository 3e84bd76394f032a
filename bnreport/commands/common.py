"""Options and steps shared by the commands that read a learning set."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from .. import cache
from ..errors import InputError
from ..loader import load_problem
from ..model import Problem

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
    """Shared body of ``build`` and ``snippets``: skip when fresh, else run the pipeline."""
    progress = reporter(args)
    if args.out.exists() and not args.out.is_dir():
        raise InputError(f"--out {args.out}: exists and is not a directory; choose another path")
    problem: Problem = load_problem(args.data)
    formal = pdf and not getattr(args, "no_formal", False)
    stamp = cache.fingerprint(problem) + ("" if formal else "-no-formal")
    if not args.force and cache.is_fresh(args.out, stamp, need_pdf=pdf):
        progress(f"up to date: {args.out} (inputs and code unchanged; --force rebuilds)")
        return 0
    # sympy is imported only when there is work to do: a warm re-run stays well under a second.
    from ..pipeline import build

    progress(f"input: {problem.source or 'in-memory data'}, N = {problem.n}, p = {problem.p}")
    build(problem, args.out, pdf=pdf, progress=progress, formal=formal)
    cache.save(args.out, stamp, pdf=pdf)
    return 0
