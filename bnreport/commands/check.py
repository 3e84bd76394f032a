"""``bnreport check``: verdicts on reviewers' claims, with exact values and no eval."""

from __future__ import annotations

import argparse
import contextlib
import re
import sys
from pathlib import Path
from typing import TextIO

from ..claims.report import FORMATS
from ..errors import EXIT_CHECK_FAILED, EXIT_INPUT, EXIT_OK, InputError
from ..safeio import read_capped

MAX_CLAIMS_FILE = 4 << 20

HELP = "verdicts on claims such as 'is_critical(Chat, W0)' (exact, no eval)"
DESCRIPTION = """\
Decide claims about the quantities of the note exactly. One line per claim: TRUE, FALSE or ERROR,
the claim, and the reason (the exact left-hand value and its decimals; a counter-point for a false
identity in w; what is wrong and at which column for an error). Claims may be pasted from the
PDF or the LaTeX of the note (see "pasted notation" below)."""
#: The claim-language reference; docs/check.md carries the same lines (a test keeps them in sync).
HELP_EPILOG = """\
claim language:
  points      (a, b)  W0  Wstar  d (the direction of the minimisers of Chat)
              w (symbolic; its components are w1, w2, ..., up to p); with p = 1 a number
              or (3) or (3,) is a point
  quantities  z(p) mu(p) sigma(p) C(p) Chat(p) grad_C(p) grad_Chat(p) hess_C(p) hess_Chat(p)
              C(2, 5) is shorthand for C((2, 5)); a point may contain w, as in Chat(2*w)
  arithmetic  integers, decimals (2.5, .5), scientific notation (1e-3), + - * / ^ (or **),
              unary minus, parentheses, implicit products (2 w1, 2 sqrt(3)), sqrt(x),
              abs(x), dot(u, v), norm(u); a number times a tuple scales it; components
              v[1], M[1, 2] (counted from 1); matrices by rows ((12, 18), (18, 28))
  relations   ==  exact; with w: an identity for all w where both sides are defined
                  (a false one gets a counter-point where both sides are real)
              !=  the negation of ==
              < <= > >=  exact, between numbers, or component by component between tuples
              ~=  equal as printed: the exact left side rounds (half away from zero) to the
                  decimals written on the right, e.g. grad_Chat(W0) ~= (-1.23, 4.56);
                  an integer on the right means 0 decimals, 1.2e-3 means 4
  predicates  is_critical(F, p) is_local_min(F, p) is_local_max(F, p)
              is_global_min(F, p) is_global_max(F, p)    with F = C or Chat and p a point;
              decided from the structure of C and Chat, also where the Hessian is singular
              lemma_holds(p) lemma_holds(p, K) lemma_holds(p, M)   Lemma 4.5 at W0 = p,
              "local optima" read as (K) all critical points or (M) minimisers only;
              without K/M both readings must agree; lemma_fails(...) is the negation,
              and so is "not" before any predicate: not is_critical(Chat, W0)
  pasted notation (from the PDF or the LaTeX of the note):
              − ≈ ≤ ≥ ≠ · ×  Ĉ Cˆ ∇C ∇Ĉ ∇²Ĉ µ σ W* W ∗ W_0 W₀ w₁ w_{1} ² √2 ⟨u, v⟩ ‖v‖ |x|
              \\nabla\\hat{\\mathcal{C}}(W^{*}) \\approx \\leq \\geq \\neq \\cdot \\sqrt{} \\frac{}{}
              \\left( \\right) \\langle \\rangle \\| \\mu \\sigma \\begin{pmatrix}..\\end{pmatrix}
              (v)_1  the macros of bnreport.sty (\\bnWstar, \\bnGradChatWstar, ...)
              $...$, a final full stop and a byte-order mark are ignored; "=" alone is an
              error with a hint (write ==)
  limits      10,000 characters, nesting depth 60, exponents up to 1000, numbers up to 4000
              digits, at most 1000 printed decimals, --timeout seconds per claim (default 5);
              beyond: ERROR"""
#: The name bnreport.cli reads the epilog from.
EPILOG = HELP_EPILOG + """
output: TRUE, FALSE or ERROR, the claim, "--" and the reason, one line per claim; --format json
(or --json) prints an array of objects with claim, verdict ("true", "false", "error"), message,
exact (the exact left side as text, or null), lhs (its value: numbers, or decimal strings beyond
the range of a double), column, reason, latex and decimals; --format markdown prints a table
for an OpenReview comment (verdict, claim, exact value as $...$, decimals, why).
exit code: 2 if any claim is an error, else 1 if any is false, else 0.
examples:
  bnreport check 'is_critical(Chat, W0)' 'mu(w) == dot(w, (1, 1))' '∇Ĉ(W₀) ≈ (−1.23, 4.56)'
  bnreport check --format markdown --file claims.txt   (one claim per line; # comments)
  bnreport check -- '-2^2 == -4'                       (also without --)"""

#: Options of ``check`` that take a value, and those that do not (for :func:`protect_argv`).
_VALUED = ("--file", "--data", "--format", "--timeout")
_OPTION = re.compile(r"--?[A-Za-z][A-Za-z-]*(=.*)?")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("claims", nargs="*", metavar="CLAIM", help="claims to decide")
    parser.add_argument("--file", type=Path, metavar="CLAIMS.txt",
                        help="read claims from a file, one per line (# comments, blank lines)")
    parser.add_argument("--format", choices=FORMATS, default=None,
                        help="output format (default: plain)")
    parser.add_argument("--json", action="store_true", help="the same as --format json")
    parser.add_argument("--timeout", type=_seconds, default=None, metavar="SECONDS",
                        help="time budget per claim (default: 5)")
    parser.add_argument("--no-cache", dest="cache", action="store_false",
                        help="decide every claim again instead of reusing remembered verdicts")
    # The CLI may already offer --data on every command's parser; then argparse refuses a second.
    with contextlib.suppress(argparse.ArgumentError):
        parser.add_argument("--data", type=Path, metavar="FILE.toml",
                            help="learning set, BN constants and W0 (default: the paper's "
                                 "Example 3.2)")


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if not 0 < value <= 3600:
        raise argparse.ArgumentTypeError("the timeout must be between 0 and 3600 seconds")
    return value


def protect_argv(argv: list[str]) -> list[str]:
    """``check '-1<0'``: argparse would read a claim starting with '-' as an option.  Options go
    first, every claim after ``--``; an unknown option-shaped word stays an option (and argparse
    names it), anything else is a claim.  Claims may also come before options."""
    head, options, claims = argv[:1], [], []
    rest = iter(argv[1:])
    for word in rest:
        if word == "--":
            claims += list(rest)
            break
        name = word.split("=", 1)[0]
        if name in _VALUED:
            options.append(word)
            if "=" not in word:
                options.append(next(rest, ""))
        elif _OPTION.fullmatch(word):
            options.append(word)
        else:
            claims.append(word)
    return [*head, *options, "--", *claims] if claims else [*head, *options]


def read_claims(args: argparse.Namespace) -> list[str]:
    """The claims from the command line, then those of ``--file`` (comments and blanks dropped).

    Bytes that are not UTF-8 in an argument (Python keeps them as lone surrogates, which no output
    can encode) are shown as ``\\xff``: the claim is then an error, and every format can print it."""
    claims = [_text(claim) for claim in args.claims]
    if args.file is not None:
        # Regular files only, capped: /dev/zero or a FIFO is one line, not a hang (safeio).
        raw = read_capped(args.file, "claims file", "check the path given to --file",
                          MAX_CLAIMS_FILE, "split the claims into several files")
        try:
            text = raw.decode("utf-8-sig")  # a BOM is not part of a claim
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


def _text(claim: str) -> str:
    return claim.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def exit_code(verdicts: list[str]) -> int:
    if "error" in verdicts:
        return EXIT_INPUT
    return EXIT_CHECK_FAILED if "false" in verdicts else EXIT_OK


def run(args: argparse.Namespace, out: TextIO | None = None) -> int:
    """Decide every claim, print the verdicts to ``out`` (stdout), return the exit code."""
    out = out or sys.stdout
    claims = read_claims(args)
    fmt = "json" if args.json else (args.format or "plain")
    # Imported here: `check --help` and a bad --file answer before anything heavy is loaded; this
    # process never imports sympy (the worker does, after the fork).
    from ..claims import batch, report
    from ..claims.budget import TIME_LIMIT
    from ..loader import load_problem

    problem = load_problem(getattr(args, "data", None))
    seconds = args.timeout or TIME_LIMIT
    debug = bool(getattr(args, "debug", False))
    cache = _cache(problem) if getattr(args, "cache", True) and not debug else None
    results = {}
    for claim in claims:
        hit = cache.get(claim, need_latex=fmt == "markdown") if cache else None
        if hit is not None:
            results[claim] = hit
    missing = [c for c in dict.fromkeys(claims) if c not in results]
    if missing:
        make_work = _work_factory(problem, seconds, debug, fmt == "markdown")
        for result in batch.evaluate_all(missing, make_work, seconds, isolate=not debug):
            results[result.claim] = result
            if cache:
                cache.put(result)
    if cache:
        cache.save()
    ordered = [results[claim] for claim in claims]
    out.write(report.render(ordered, fmt))
    return exit_code([result.verdict for result in ordered])


def _cache(problem):
    from ..cache import cache_directory
    from ..claims.cache import VerdictCache, fingerprint

    return VerdictCache(cache_directory(), fingerprint(problem))


def _work_factory(problem, seconds: float, debug: bool, latex: bool):
    def make_work():
        # In the worker process (after the fork): sympy is imported there, never here.
        from ..claims.evaluate import evaluate
        from ..closed import Closed

        q = Closed(problem)
        return lambda claim: evaluate(q, claim, debug=debug, seconds=seconds, latex=latex)

    return make_work
