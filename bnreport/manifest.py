"""The record bnreport keeps in ``OUT/.bnreport/manifest.json``: what it owns, what is on disk.

* ``owned``: every path in OUT that bnreport wrote and has not removed (``bnreport.pdf``,
  ``snippets``, ``snippets/bn-std.tex``, …).  Only these are ever replaced.
* ``stamp``: written last by a publish, it says which input and code produced the outputs and holds
  the SHA-256 of every output file; "up to date" needs every hash to match the disk.
* ``pending``: the plan of a publish in progress (a journal), so a publish cut short by SIGKILL or a
  power cut is completed by the next run before it does anything else.

The file is replaced atomically (write a temporary file, fsync, rename), never edited in place, and
never through a link.  This module imports nothing heavy: the warm path reads it.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import secrets
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, BinaryIO

PRIVATE = ".bnreport"
MANIFEST = "manifest.json"
LOCK = "lock"
FORMAT = 1
#: Everything bnreport writes at the top of OUT (besides its private directory).
OUTPUTS = ("bnreport.pdf", "bnreport.tex", "bnreport.sty", "snippets", "figures", "formal")
DIRECTORIES = ("snippets", "figures", "formal")
_MAX_MANIFEST = 1 << 20


@dataclass(frozen=True)
class Stamp:
    """Which build the outputs on disk come from, and the hash of each output file."""

    fingerprint: str
    pdf: bool
    csv: str | None
    files: dict[str, str]

    def as_dict(self) -> dict[str, Any]:
        return {"fingerprint": self.fingerprint, "pdf": self.pdf, "csv": self.csv,
                "files": dict(sorted(self.files.items()))}

    @classmethod
    def from_dict(cls, data: Any) -> Stamp | None:
        if not isinstance(data, dict):
            return None
        files = data.get("files")
        if not isinstance(files, dict) or not isinstance(data.get("fingerprint"), str):
            return None
        csv = data.get("csv")
        return cls(data["fingerprint"], bool(data.get("pdf")), csv if isinstance(csv, str) else None,
                   {str(k): str(v) for k, v in files.items()})


@dataclass(frozen=True)
class Plan:
    """A publish: move ``install`` from the staging set into OUT, move ``remove`` to the trash."""

    staging: str
    trash: str
    install: tuple[str, ...]
    remove: tuple[str, ...]
    owned: tuple[str, ...]
    stamp: Stamp

    def as_dict(self) -> dict[str, Any]:
        return {"staging": self.staging, "trash": self.trash, "install": list(self.install),
                "remove": list(self.remove), "owned": list(self.owned),
                "stamp": self.stamp.as_dict()}

    @classmethod
    def from_dict(cls, data: Any) -> Plan | None:
        if not isinstance(data, dict):
            return None
        stamp = Stamp.from_dict(data.get("stamp"))
        names = [data.get(key) for key in ("install", "remove", "owned")]
        if stamp is None or not all(isinstance(n, list) for n in names):
            return None
        staging, trash = str(data.get("staging", "")), str(data.get("trash", ""))
        if not _private_name(staging, "build-") or not _private_name(trash, "trash-"):
            return None
        install, remove, owned = (tuple(str(v) for v in n) for n in names)  # type: ignore[union-attr]
        if not set(install) | set(remove) <= set(OUTPUTS):
            return None
        return cls(staging, trash, install, remove, owned, stamp)


def _private_name(name: str, prefix: str) -> bool:
    return name.startswith(prefix) and "/" not in name and name not in (".", "..")


@dataclass(frozen=True)
class Manifest:
    owned: frozenset[str] = field(default_factory=frozenset)
    stamp: Stamp | None = None
    pending: Plan | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"format": FORMAT, "owned": sorted(self.owned),
                "stamp": self.stamp.as_dict() if self.stamp else None,
                "pending": self.pending.as_dict() if self.pending else None}

    def with_(self, **changes: Any) -> Manifest:
        return replace(self, **changes)


def private_dir(out: Path) -> Path:
    return out / PRIVATE


def read(out: Path) -> Manifest | None:
    """The manifest of ``out``; None when there is none (or it is not a regular file we wrote)."""
    with _open_regular(private_dir(out) / MANIFEST) as handle:
        raw = handle.read(_MAX_MANIFEST + 1) if handle else None
    if raw is None:
        return None
    try:
        data = json.loads(raw)
    except ValueError:
        return None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return None
    owned = data.get("owned")
    owned_set = frozenset(str(v) for v in owned) if isinstance(owned, list) else frozenset()
    return Manifest(owned_set, Stamp.from_dict(data.get("stamp")),
                    Plan.from_dict(data.get("pending")))


def write(out: Path, manifest: Manifest) -> None:
    """Replace the manifest atomically (temporary file, fsync, rename); OSError on failure."""
    write_atomic(private_dir(out) / MANIFEST,
                 (json.dumps(manifest.as_dict(), indent=1, sort_keys=True) + "\n").encode())


def write_atomic(path: Path, data: bytes) -> None:
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(6)}")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC,
                 0o644)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)  # replaces the name itself: a link there is never followed
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


# -- hashes of outputs -----------------------------------------------------------------------------
def file_hash(path: Path) -> str | None:
    """SHA-256 of a regular file reached without following a link at its last component."""
    with _open_regular(path) as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest() if handle else None


@contextlib.contextmanager
def _open_regular(path: Path) -> Iterator[BinaryIO | None]:
    """``path`` opened for reading if it is a regular file reached without following a link at
    its last component; else None.  Never blocks (a FIFO or device there is refused unread)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC | os.O_NONBLOCK)
    except OSError:
        yield None
        return
    with os.fdopen(fd, "rb") as handle:
        yield handle if stat.S_ISREG(os.fstat(handle.fileno()).st_mode) else None


def is_real_dir(path: Path) -> bool:
    try:
        return stat.S_ISDIR(os.lstat(path).st_mode)
    except OSError:
        return False


def output_files(root: Path, names: tuple[str, ...] = OUTPUTS) -> dict[str, str]:
    """Hashes of the output files under ``root`` (a staging set or OUT), keyed by relative path."""
    files: dict[str, str] = {}
    for name in names:
        if name in DIRECTORIES:
            if not is_real_dir(root / name):
                continue
            for entry in sorted(os.scandir(root / name), key=lambda e: e.name):
                digest = file_hash(Path(entry.path))
                if digest is not None:
                    files[f"{name}/{entry.name}"] = digest
        else:
            digest = file_hash(root / name)
            if digest is not None:
                files[name] = digest
    return files


def matches(out: Path, stamp: Stamp) -> bool:
    """True when every output file the stamp lists is on disk, unchanged and not a link."""
    if not stamp.files:
        return False
    for directory in DIRECTORIES:
        if any(rel.startswith(f"{directory}/") for rel in stamp.files) and not is_real_dir(
                out / directory):
            return False
    return all(file_hash(out / rel) == digest for rel, digest in stamp.files.items())


# -- locks -------------------------------------------------------------------------------------------
@contextlib.contextmanager
def locked(out: Path) -> Iterator[int]:
    """Hold OUT's publish lock (``flock``; released by the kernel if the holder dies)."""
    fd = open_lock(private_dir(out) / LOCK)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield fd
    finally:
        os.close(fd)


def open_lock(path: Path) -> int:
    return os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)


def try_lock(path: Path) -> int | None:
    """A descriptor holding an exclusive lock on ``path``, or None if another process holds it."""
    try:
        fd = open_lock(path)
    except OSError:
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        return None
    return fd
