"""The exceptions bnreport raises on purpose.

Every user-facing failure is a :class:`BnreportError` carrying a one-line message and the exit code
the CLI returns for it; anything else escaping to the CLI is a bug and shows a traceback.
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_CHECK_FAILED = 1
EXIT_INPUT = 2
EXIT_TEX = 3


class BnreportError(Exception):
    """Base class: ``str(err)`` is the one line shown to the user."""

    exit_code: int = EXIT_INPUT


class InputError(BnreportError):
    """Bad command line, data file, configuration or claim text."""

    exit_code = EXIT_INPUT


class CheckFailed(BnreportError):
    """A derived step did not survive its check; nothing is written from it."""

    exit_code = EXIT_CHECK_FAILED

    def __init__(self, step_id: str, reason: str, point: str | None = None) -> None:
        self.step_id = step_id
        self.reason = reason
        self.point = point
        where = f" at {point}" if point else ""
        super().__init__(f"check failed in step '{step_id}': {reason}{where}")


class TexError(BnreportError):
    """The TeX engine is missing or the compile failed; the previous PDF is kept."""

    exit_code = EXIT_TEX


class TexMissing(TexError):
    """No TeX engine on this machine."""


class Interrupted(KeyboardInterrupt):
    """SIGINT, SIGTERM or SIGHUP arrived: unwinds like Ctrl-C, so TeX is killed and the staging
    directory removed on the way out (``bnreport.cli`` installs the handlers)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum
