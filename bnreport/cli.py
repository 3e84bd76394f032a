"""Command line: argv → command, exceptions → one line and an exit code. The only place that prints
errors or knows about exit codes."""

from __future__ import annotations

import argparse
import contextlib
import importlib
import os
import signal
import sys
from collections.abc import Sequence
from types import ModuleType

from . import __version__, interrupts
from .errors import BnreportError, Interrupted

#: Command modules are imported only when used, so `bnreport` (warm) never pays for another
#: command's imports (sympy in particular).
COMMANDS = ("build", "snippets", "check", "formal")
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
    debug = "--debug" in args_list
    if args_list[0] in COMMANDS:  # e.g. check: a claim such as '-1<0' is not an option
        args_list = getattr(command_module(args_list[0]), "protect_argv", list)(args_list)
    try:
        try:
            args = parser(names).parse_args(args_list)
        except SystemExit as exit_:  # argparse already printed its usage line
            return int(exit_.code or 0)
        return int(command_module(args.command).run(args))
    except BnreportError as err:
        if debug:
            raise
        print(f"bnreport: error: {err}", file=sys.stderr)
        return err.exit_code
    except KeyboardInterrupt as err:
        return interrupted(err)


def interrupted(err: KeyboardInterrupt | None = None) -> int:
    """One line for an interruption; the exit code a shell expects (128 + signal number)."""
    signum = err.signum if isinstance(err, Interrupted) else signal.SIGINT
    print(f"bnreport: interrupted ({signal.Signals(signum).name}); no partial outputs were "
          "published", file=sys.stderr)
    return 128 + signum


def install_signal_handlers() -> None:
    """SIGINT, SIGTERM and SIGHUP raise :class:`Interrupted` (see :mod:`bnreport.interrupts`)."""
    interrupts.install()


def main_entry() -> None:
    """The console script and ``python -m bnreport``: signals unwind cleanly, exit with the code."""
    try:
        with interrupts.deferred():  # the command modules import while no signal can cut in
            importlib.import_module("bnreport.commands.common")
        install_signal_handlers()
        code = main()
    except KeyboardInterrupt as err:  # arrived outside main's own handler
        code = interrupted(err)
    interrupts.ignore()  # nothing may interrupt the exit with a traceback
    # Every output is closed and published, every child reaped by now: skip the interpreter's
    # teardown, which frees sympy's caches object by object (0.1-0.2 s after a build).
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    os._exit(code)
