"""``bnreport snippets``: the checked fragments and value macros, without running TeX."""

from __future__ import annotations

import argparse

from .common import add_data_option, add_output_options, generate

HELP = "write snippets/<step-id>.tex, snippets/index.json and bnreport.sty (no TeX needed)"
DESCRIPTION = """\
Write one LaTeX fragment per checked step (snippets/<step-id>.tex, needing only amsmath and amssymb,
equations labelled bn:<step-id>), snippets/index.json and bnreport.sty with one macro per derived
value (\\bnMu, \\bnSigma, \\bnWstar, \\bnGradChatWstar, ...). Every step is checked first; a failed check
writes nothing (exit 1). TeX is not started."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_data_option(parser)
    add_output_options(parser)


def run(args: argparse.Namespace) -> int:
    return generate(args, pdf=False)
