"""``bnreport build`` (the default command): the checked PDF note, plus snippets and macros."""

from __future__ import annotations

import argparse

from .common import add_data_option, add_output_options, generate

HELP = "derive, check and compile the PDF note (default command)"
DESCRIPTION = """\
Derive every step of the note from the data (the paper's Example 3.2 by default), check each one
(exact identities, exact values, rigorous signs), draw and verify the figures, generate the Coq proof
and check it with coqc (when installed), render everything through the Jinja templates and compile
output/bnreport.pdf. Also writes output/bnreport.tex, output/snippets/, output/bnreport.sty,
output/figures/ and output/formal/Counterexample.v.
Exit codes: 0 ok, 1 a check, a figure or the Coq proof failed (nothing written), 2 bad input,
3 TeX missing or failed (the previous PDF is kept; without TeX the .tex and snippets are still
written)."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_data_option(parser)
    add_output_options(parser)
    parser.add_argument("--no-formal", action="store_true",
                        help="do not generate and check the Coq proof (the note then has no formal "
                             "appendix); by default coqc runs whenever it is installed")


def run(args: argparse.Namespace) -> int:
    return generate(args, pdf=True)
