"""``bnreport check``: verdicts on reviewers' claims, with exact values and no eval."""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from pathlib import Path
from typing import TextIO

from ..errors import EXIT_CHECK_FAILED, EXIT_INPUT, EXIT_OK, InputError
from ..safeio import read_capped

MAX_CLAIMS_FILE = 4 << 20

HELP = "verdicts on claims such as 'is_critical(Chat, W0)' (exact, no eval)"
DESCRIPTION = """\
Decide claims about the quantities of the note exactly. One line per claim: TRUE, FALSE or ERROR,
the claim, and the reason (the exact left-hand value and its decimals; a counter-point for a false
identity in w; what is wrong and at which column for an error)."""
#: The claim-language reference; docs/check.md carries the same lines (a test keeps them in sync).
HELP_EPILOG = """\
claim language:
  points      (a, b)  W0  Wstar  w (symbolic; its components are w1, w2, ..., up to p)
  quantities  z(p) mu(p) sigma(p) C(p) Chat(p) grad_C(p) grad_Chat(p) hess_C(p) hess_Chat(p)
              C(2, 5) is shorthand for C((2, 5)); a point may contain w, as in Chat(2*w)
  arithmetic  integers, decimals (2.5, .5), + - * / ^ (or **), unary minus, parentheses,
              sqrt(x), dot(u, v), norm(u); a number times a tuple scales it
  relations   ==  exact; with w: an identity for all w where both sides are defined
                  (a false one gets a counter-point)
              !=  the negation of ==
              < <= > >=  exact, between numbers, or component by component between tuples
              ~=  equal as printed: the exact left side rounds (half away from zero) to the
                  decimals written on the right, e.g. grad_Chat(W0) ~= (-1.23, 4.56);
                  an integer on the right means 0 decimals
  predicates  is_critical(F, p) is_local_min(F, p) is_local_max(F, p)
              is_global_min(F, p) is_global_max(F, p)    with F = C or Chat and p a point;
              decided from the structure of C and Chat, also where the Hessian is singular
  limits      10,000 characters, nesting depth 60, exponents up to 1000, numbers up to 4000
              digits, expansions up to 5000 terms, 20 s per claim; beyond: ERROR
output: TRUE, FALSE or ERROR, the claim, "--" and the reason, one line per claim; with --json an
array of objects with claim, verdict ("true", "false", "error"), message, exact (the exact left
side as text, or null) and lhs (its value as a float or list of floats, or null), and column.
exit code: 2 if any claim is an error, else 1 if any is false, else 0.
examples:
  bnreport check 'is_critical(Chat, W0)' 'mu(w) == dot(w, (1, 1))'
  bnreport check --json --file claims.txt     (one claim per line; # starts a comment)"""
#: The name bnreport.cli reads the epilog from.
EPILOG = HELP_EPILOG


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("claims", nargs="*", metavar="CLAIM", help="claims to decide")
    parser.add_argument("--file", type=Path, metavar="CLAIMS.txt",
                        help="read claims from a file, one per line (# comments, blank lines)")
    parser.add_argument("--json", action="store_true", help="print a JSON array of verdicts")
    # The CLI may already offer --data on every command's parser; then argparse refuses a second.
    with contextlib.suppress(argparse.ArgumentError):
        parser.add_argument("--data", type=Path, metavar="FILE.toml",
                            help="learning set, BN constants and W0 (default: the paper's "
                                 "Example 3.2)")


def read_claims(args: argparse.Namespace) -> list[str]:
    """The claims from the command line, then those of ``--file`` (comments and blanks dropped)."""
    claims = list(args.claims)
    if args.file is not None:
        # Regular files only, capped: /dev/zero or a FIFO is one line, not a hang (safeio).
        raw = read_capped(args.file, "claims file", "check the path given to --file",
                          MAX_CLAIMS_FILE, "split the claims into several files")
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise InputError(f"{args.file}: not UTF-8 text; save the claims file as UTF-8") from None
        for line in text.splitlines():
            claim = line.split("#", 1)[0].strip()
            if claim:
                claims.append(claim)
    if not claims:
        raise InputError("no claims given: pass them as arguments or with --file (see "
                         "bnreport check --help)")
    return claims


def printable(text: str) -> str:
    """``text`` on one line: control characters (newlines, terminal escapes) shown escaped."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def exit_code(verdicts: list[str]) -> int:
    if "error" in verdicts:
        return EXIT_INPUT
    return EXIT_CHECK_FAILED if "false" in verdicts else EXIT_OK


def run(args: argparse.Namespace, out: TextIO | None = None) -> int:
    """Decide every claim, print the verdicts to ``out`` (stdout), return the exit code."""
    out = out or sys.stdout
    claims = read_claims(args)
    # Imported here: `check --help` and a bad --file answer before sympy is loaded.
    from ..claims.evaluate import evaluate
    from ..loader import load_problem
    from ..quantities import Quantities

    q = Quantities(load_problem(getattr(args, "data", None)))
    debug = bool(getattr(args, "debug", False))
    results = [evaluate(q, claim, debug=debug) for claim in claims]
    if args.json:
        payload = [result.as_dict() for result in results]
        out.write(json.dumps(payload, indent=2, ensure_ascii=False) + "\n")
    else:
        for result in results:
            out.write(f"{result.verdict.upper():5}  {printable(result.claim)}  --  "
                      f"{printable(result.message)}\n")
    return exit_code([result.verdict for result in results])
