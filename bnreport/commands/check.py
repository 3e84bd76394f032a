"""``bnreport check``: verdicts on reviewers' claims, with exact values and no eval."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TextIO

from ..errors import EXIT_CHECK_FAILED, EXIT_INPUT, EXIT_OK, InputError
from .common import add_data_option

HELP = "verdicts on claims such as 'is_critical(Chat, Wstar)' (exact, no eval)"
DESCRIPTION = """\
Decide claims about the quantities of the note exactly. One line per claim: TRUE, FALSE or ERROR,
the claim, and the reason (the exact left-hand value and its decimals; a counter-point for a false
identity in w; what is wrong and where for an error). Exit code: 2 if any claim is an error, else 1
if any is false, else 0."""
EPILOG = """\
claim language:
  points      (a, b)  W0  Wstar  w (symbolic, components w1, w2, ...)
  quantities  z(p) mu(p) sigma(p) C(p) Chat(p) grad_C(p) grad_Chat(p) hess_C(p) hess_Chat(p)
              C(2, 5) is shorthand for C((2, 5))
  arithmetic  integers, decimals, + - * / ^ (or **), unary minus, parentheses,
              sqrt(x), dot(u, v), norm(u); tuples compare component-wise
  relations   ==  (exact; an identity for all w when w appears)   !=  <  <=  >  >=
              ~=  equal as printed: the exact left side rounds (half away from zero) to the
                  decimals written on the right, e.g. grad_Chat(Wstar) ~= (-1.23, 4.56)
  predicates  is_critical(F, p) is_local_min(F, p) is_local_max(F, p)
              is_global_min(F, p) is_global_max(F, p)    with F = C or Chat
examples:
  bnreport check 'is_critical(Chat, Wstar)' 'mu(w) == dot(w, (1, 1))'
  bnreport check --json --file claims.txt      (one claim per line, # starts a comment)"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_data_option(parser)
    parser.add_argument("claims", nargs="*", metavar="CLAIM", help="claims to decide")
    parser.add_argument("--file", type=Path, metavar="CLAIMS.txt",
                        help="read claims from a file, one per line (# comments, blank lines)")
    parser.add_argument("--json", action="store_true", help="print a JSON array of verdicts")


def read_claims(args: argparse.Namespace) -> list[str]:
    claims = list(args.claims)
    if args.file is not None:
        try:
            text = args.file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as err:
            raise InputError(f"{args.file}: cannot read the claims file ({err})") from None
        for line in text.splitlines():
            claim = line.split("#", 1)[0].strip()
            if claim:
                claims.append(claim)
    if not claims:
        raise InputError("no claims given: pass them as arguments or with --file (see --help)")
    return claims


def run(args: argparse.Namespace, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    claims = read_claims(args)
    # Imported here: sympy is only needed once there is something to decide.
    from ..claims.evaluate import evaluate
    from ..loader import load_problem
    from ..quantities import Quantities

    q = Quantities(load_problem(args.data))
    results = [evaluate(q, claim) for claim in claims]
    if args.json:
        out.write(json.dumps([r.__dict__ for r in results], indent=2, ensure_ascii=False) + "\n")
    else:
        for r in results:
            out.write(f"{r.verdict.upper():5}  {r.claim}  --  {r.message}\n")
    verdicts = {r.verdict for r in results}
    return EXIT_INPUT if "error" in verdicts else EXIT_CHECK_FAILED if "false" in verdicts else EXIT_OK
