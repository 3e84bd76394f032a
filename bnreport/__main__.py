import sys

try:  # Ctrl-C while Python is still importing: one line, no traceback
    from .cli import main_entry
except KeyboardInterrupt:
    sys.stderr.write("bnreport: interrupted (SIGINT); nothing was written\n")
    sys.exit(130)

main_entry()
