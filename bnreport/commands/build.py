"""``bnreport build`` (the default command): the checked PDF note, plus snippets and macros."""

from __future__ import annotations

import argparse

from .common import add_data_option, add_output_options, generate

HELP = "derive, check and compile the PDF note (default command)"
DESCRIPTION = """\
Derive every step of Example 3.2 / Remark 3.3 with sympy, check each one (symbolic reduction plus
exact random points), render them through the Jinja templates and compile output/bnreport.pdf.
Also writes output/bnreport.tex, output/snippets/ and output/bnreport.sty.
Exit codes: 0 ok, 1 a check failed (nothing written), 2 bad input, 3 TeX missing or failed
(the previous PDF is kept; without TeX the .tex and snippets are still written)."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_data_option(parser)
    add_output_options(parser)


def run(args: argparse.Namespace) -> int:
    return generate(args, pdf=True)
