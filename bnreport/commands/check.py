"""``bnreport check``: verdicts on reviewers' claims (issue 5; the claim language is not in yet)."""

from __future__ import annotations

import argparse

from ..errors import InputError

HELP = "check reviewers' claims (not implemented yet)"
DESCRIPTION = "Verdicts on reviewers' claims about the note's quantities (issue 5, not yet)."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("claims", nargs="*", metavar="CLAIM")


def run(args: argparse.Namespace) -> int:
    raise InputError("`bnreport check` is not implemented yet (issue 5); "
                     "see output/snippets/index.json for the checked statements")
