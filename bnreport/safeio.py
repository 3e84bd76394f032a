"""Opening the files a user names (``--data``, ``data.csv``, ``--file``): regular files only.

A device (``/dev/zero``), a FIFO or a directory is refused with one line before a byte is read:
the open never blocks (``O_NONBLOCK``, so a FIFO without a writer cannot hang it) and the type is
taken from the opened descriptor, so a link swapped in between cannot change it.  Readers cap the
bytes they take (:func:`read_capped`), because ``/proc`` files claim to be regular but have no size.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import BinaryIO

from .errors import InputError

_KINDS = ((stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))


def open_regular(path: Path, what: str, hint: str) -> BinaryIO:
    """``path`` opened for binary reading; :class:`InputError` unless it is a regular file.

    ``what`` names the file in messages ("data file"), ``hint`` says what to do when it is missing."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as err:
        raise InputError(f"{path}: cannot read the {what} ({err.strerror}); {hint}") from None
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            kind = next((name for test, name in _KINDS if test(mode)), "not a regular file")
            raise InputError(f"{path}: the {what} is {kind}; give the path of a regular file")
        os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_capped(path: Path, what: str, hint: str, cap: int, advice: str) -> bytes:
    """The whole of a regular file of at most ``cap`` bytes (``advice`` says what to do if larger)."""
    with open_regular(path, what, hint) as handle:
        try:
            data = handle.read(cap + 1)
        except OSError as err:
            raise InputError(f"{path}: cannot read the {what} ({err.strerror})") from None
    if len(data) > cap:
        raise InputError(f"{path}: the {what} is larger than {describe_size(cap)}; {advice}")
    return data


def describe_size(size: int) -> str:
    for unit, shift in (("GiB", 30), ("MiB", 20), ("KiB", 10)):
        if size >= 1 << shift:
            return f"{size / (1 << shift):g} {unit}"
    return f"{size} bytes"
