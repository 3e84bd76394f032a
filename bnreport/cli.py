"""Command line: argv → command, exceptions → one line and an exit code. The only place that prints
errors or knows about exit codes."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from types import ModuleType

from . import __version__
from .errors import BnreportError

#: Command modules are imported only when used, so `bnreport` (warm) never pays for another
#: command's imports (sympy in particular).
COMMANDS = ("build", "snippets", "check")
DESCRIPTION = """\
Machine-checked note on the batch-normalization counterexample of Dannemann & Junike (2025):
every displayed equality is derived with sympy and checked before it is typeset.
Without a command, `build` runs."""


def command_module(name: str) -> ModuleType:
    return importlib.import_module(f"bnreport.commands.{name}")


def parser(names: Sequence[str] = COMMANDS) -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="bnreport", description=DESCRIPTION,
                                  formatter_class=argparse.RawDescriptionHelpFormatter)
    top.add_argument("--version", action="version", version=f"bnreport {__version__}")
    sub = top.add_subparsers(dest="command", metavar="COMMAND")
    for name in names:
        module = command_module(name)
        command = sub.add_parser(
            name, help=module.HELP, description=module.DESCRIPTION,
            epilog=getattr(module, "EPILOG", None),
            formatter_class=argparse.RawDescriptionHelpFormatter)
        command.add_argument("-q", "--quiet", action="store_true", help="no progress lines")
        command.add_argument("--debug", action="store_true", help="show tracebacks on errors")
        module.add_arguments(command)
    return top


def _with_default_command(argv: list[str]) -> list[str]:
    if argv and (argv[0] in COMMANDS or argv[0] in ("-h", "--help", "--version")):
        return argv
    return ["build", *argv]


def main(argv: Sequence[str] | None = None) -> int:
    args_list = _with_default_command(list(sys.argv[1:] if argv is None else argv))
    names = [args_list[0]] if args_list[0] in COMMANDS else list(COMMANDS)
    if args_list[0] in COMMANDS:  # e.g. check: a claim such as '-1<0' is not an option
        args_list = getattr(command_module(args_list[0]), "protect_argv", list)(args_list)
    try:
        args = parser(names).parse_args(args_list)
    except SystemExit as exit_:  # argparse already printed its usage line
        return int(exit_.code or 0)
    try:
        return int(command_module(args.command).run(args))
    except BnreportError as err:
        if args.debug:
            raise
        print(f"bnreport: error: {err}", file=sys.stderr)
        return err.exit_code
    except KeyboardInterrupt:
        print("bnreport: interrupted; outputs are unchanged", file=sys.stderr)
        return 130


def main_entry() -> None:
    sys.exit(main())
