"""bnreport: the batch-normalization counterexample of Dannemann & Junike (2025), machine-checked."""

import sys as _sys

__version__ = "0.1.0"

if _sys.argv[:1] == ["-m"]:  # `python -m bnreport`: signals wait from here until the CLI handles them
    import _signal  # the C module: `signal` would first import enum, a window of its own

    _signal.pthread_sigmask(_signal.SIG_BLOCK, {_signal.SIGINT, _signal.SIGTERM, _signal.SIGHUP})
