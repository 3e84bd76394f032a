"""Verdicts remembered across runs, so that asking again costs no algebra (and no sympy import).

A verdict depends only on the claim text, the learning set and the code: the cache file is named by
a fingerprint of the bnreport version, the input digest and every source file of the package, so an
edit to the code or the data starts a new file.  Verdicts that depend on the machine (a claim that
ran out of time or memory) are never stored.  The file is JSON (never pickle), written atomically
(a temporary file in the same directory, then ``os.replace``), and ignored whenever it cannot be
read, has another format version or fingerprint, or holds anything but well-formed entries.

Location: ``$BNREPORT_CACHE_DIR``, else ``$XDG_CACHE_HOME/bnreport``, else ``~/.cache/bnreport``.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from pathlib import Path

from .. import __version__
from ..model import Problem
from .result import Result, strict_json

FORMAT = 1
#: Entries kept per file (the most recent); a reviewer's batches are far smaller.
MAX_ENTRIES = 20_000
_PACKAGE = Path(__file__).resolve().parent.parent


def fingerprint(problem: Problem) -> str:
    digest = hashlib.sha256(f"claims {FORMAT}\0{__version__}\0{problem.digest}".encode())
    for path in sorted(_PACKAGE.rglob("*.py")):
        if "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(_PACKAGE)).encode() + b"\0")
            digest.update(path.read_bytes())
    return digest.hexdigest()



class VerdictCache:
    def __init__(self, where: Path, stamp: str) -> None:
        self.path = where / f"claims-{stamp[:32]}.json"
        self.stamp = stamp
        self.entries: dict[str, dict] = {}
        self.dirty = False
        with contextlib.suppress(OSError, ValueError, UnicodeDecodeError):
            saved = strict_json(self.path.read_text(encoding="utf-8"))
            if (isinstance(saved, dict) and saved.get("format") == FORMAT
                    and saved.get("fingerprint") == stamp and isinstance(saved.get("results"), dict)):
                self.entries = saved["results"]

    def get(self, claim: str, need_latex: bool = False) -> Result | None:
        try:
            result = Result.from_dict(self.entries.get(claim))
        except (TypeError, ValueError):
            return None
        if result.claim != claim or (need_latex and result.exact is not None
                                     and result.latex is None):
            return None
        return result

    def put(self, result: Result) -> None:
        if result.cacheable:
            self.entries.pop(result.claim, None)
            self.entries[result.claim] = result.as_dict()
            self.dirty = True

    def save(self) -> None:
        """Write atomically; a cache that cannot be written is silently skipped."""
        if not self.dirty:
            return
        entries = dict(list(self.entries.items())[-MAX_ENTRIES:])
        with contextlib.suppress(OSError, ValueError):  # ValueError: text no encoding can write
            payload = json.dumps({"format": FORMAT, "fingerprint": self.stamp, "results": entries},
                                 ensure_ascii=False, allow_nan=False).encode("utf-8")
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".claims-", suffix=".tmp", dir=self.path.parent)
            try:
                with os.fdopen(fd, "wb") as handle:
                    handle.write(payload)
                os.replace(tmp, self.path)
            finally:
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(tmp)
