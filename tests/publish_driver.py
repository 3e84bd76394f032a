"""A build without the mathematics, for many fast trials of the publish protocol.

    python publish_driver.py OUT TOKEN SECONDS

stages a complete output set in which every file names TOKEN (and TOKEN decides how many fragments
there are, so a stale fragment of another set would show), waits SECONDS, then publishes it the way
bnreport does.  Signals are handled as in bnreport (``bnreport.cli.install_signal_handlers``)."""

from __future__ import annotations

import _signal

# As `python -m bnreport` does (bnreport/__init__.py): signals wait until the handlers are in place.
_signal.pthread_sigmask(_signal.SIG_BLOCK, {_signal.SIGINT, _signal.SIGTERM, _signal.SIGHUP})

import json  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

from bnreport import interrupts, output  # noqa: E402
from bnreport.cli import install_signal_handlers, interrupted  # noqa: E402


def fragments(token: str) -> int:
    return 2 + sum(map(ord, token)) % 4


def stage(directory: Path, token: str) -> None:
    (directory / "snippets").mkdir()
    names = [f"step-{k}.tex" for k in range(fragments(token))]
    for name in names:
        (directory / "snippets" / name).write_text(f"% input sha256 {token}\n")
    index = {"input_sha256": token, "steps": [{"file": name} for name in names]}
    (directory / "snippets" / "index.json").write_text(json.dumps(index))
    for name in ("bnreport.sty", "bnreport.tex", "bnreport.pdf"):
        (directory / name).write_text(f"% input sha256 {token}\n")


def main(out: str, token: str, delay: str) -> int:
    try:
        install_signal_handlers()  # a signal held since start-up raises here
        target = output.inspect(Path(out))
        with output.Session(target) as session:
            stage(session.staging, token)
            time.sleep(float(delay))
            session.publish(token, pdf=True, csv=None)
    except KeyboardInterrupt as err:
        return interrupted(err)
    return 0


if __name__ == "__main__":
    code = main(*sys.argv[1:4])
    # As bnreport.cli.main_entry does: a signal landing during the interpreter's shutdown must not
    # print "Exception ignored ..." with a traceback.
    interrupts.ignore()
    sys.exit(code)
