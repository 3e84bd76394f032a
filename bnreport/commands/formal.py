"""``bnreport formal``: the refutation of Lemma 4.5 as a Coq proof, generated and checked by coqc."""

from __future__ import annotations

import argparse
import dataclasses
import sys
from pathlib import Path
from typing import TextIO

from .common import DEFAULT_OUT, add_data_option, reporter

HELP = "generate formal/Counterexample.v and check it with coqc (Coq + Coquelicot)"
DESCRIPTION = """\
Generate DIR/formal/Counterexample.v from the exact derivation: definitions that follow the paper
(z_i, mu, sigma with divisor N, phi_hat, C and Chat as sums over the learning set) and proofs that
W* is the unique minimiser of C, the exact gradient of Chat at W*, scale invariance, the critical
set and extreme values of Chat, the status of W* for Chat, and Lemma 4.5 at W0 (refuted, or what
holds instead). Then check it with `coqc -q` under a timeout. One line per accepted theorem.
DIR follows the rules of the build: bnreport replaces only files it wrote there, and the note, the
snippets and the figures of a build of the same input stay. Exit codes: 0 accepted, 1 coqc rejected
the file (the theorem is named; the last accepted file is kept, the rejected one is copied to
DIR/.bnreport/failed/Counterexample.rejected.v), 2 bad input, 3 coqc or Coquelicot missing (the
file is written but not checked)."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_data_option(parser)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, metavar="DIR",
                        help="write DIR/formal/Counterexample.v (default: ./output)")
    parser.add_argument("--timeout", type=float, default=None, metavar="SECONDS",
                        help="stop coqc after this many seconds (default: 120)")


def run(args: argparse.Namespace, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    from .. import output
    from ..cache import fingerprint
    from ..errors import InputError
    from ..loader import load_problem

    target = output.inspect(args.out)  # the build's rules for --out: owned files only, no links
    if args.timeout is not None and not args.timeout > 0:
        raise InputError(f"--timeout {args.timeout:g}: must be a positive number of seconds")
    output.check_writable(target)
    problem = load_problem(args.data)
    # Imported here: `formal --help` answers without loading sympy.
    from ..formal import FILE_NAME, FormalRejected, raise_for, run_formal
    from ..formal.coqc import TIMEOUT_SECONDS
    from ..formal.run import REJECTED_NAME

    progress = reporter(args)
    with output.Session(target) as session:
        result = run_formal(problem, session.staging, progress,
                            timeout=args.timeout or TIMEOUT_SECONDS)
        if result.accepted is False:
            kept = session.keep_failed(session.staging / "formal" / REJECTED_NAME)
            raise FormalRejected(f"{result.message} (the rejected file: {kept / REJECTED_NAME})",
                                 result.rejected_theorem)
        # The file a build of the same input makes (byte for byte): the build's other outputs
        # stay, with or without their own formal check.
        session.publish(fingerprint(problem), pdf=False, csv=problem.csv,
                        also=frozenset({fingerprint(problem, "no-formal")}))
    raise_for(dataclasses.replace(result, path=target.path / "formal" / FILE_NAME))
    for claim in result.claims:
        out.write(f"ACCEPTED  {claim.name}  --  {claim.headline}\n")
    return 0
