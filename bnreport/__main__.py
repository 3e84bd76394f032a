import sys

from . import interrupts

interrupts.hold()  # until the handlers are in place, a signal waits (never a traceback mid-import)
try:
    from .cli import main_entry
except KeyboardInterrupt:  # not expected while held; kept for the console script's path
    sys.stderr.write("bnreport: interrupted (SIGINT); nothing was written\n")
    sys.exit(130)

main_entry()
