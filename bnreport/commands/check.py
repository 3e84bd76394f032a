"""Placeholder until the claim checker lands (helper is writing it)."""

from __future__ import annotations

import argparse
from typing import TextIO

HELP = "check reviewers' claims"
DESCRIPTION = HELP


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("claims", nargs="*")


def run(args: argparse.Namespace, out: TextIO | None = None) -> int:
    return 2
