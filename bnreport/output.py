"""Stage 5b: the output directory — publishing a whole set of outputs at once.

* Where bnreport may write is decided by :mod:`bnreport.target` (re-exported here: :func:`inspect`,
  :func:`check_writable`, :class:`Target`): only ``bnreport.pdf``, ``bnreport.tex``,
  ``bnreport.sty``, ``snippets/`` and the private ``.bnreport/``, and only over files bnreport wrote.
* A build works in its own staging directory ``.bnreport/build-*`` (held by a lock for as long as
  the build lives; later runs remove those whose owner died).  Its outputs are published together
  under the directory's lock by :mod:`bnreport.publisher`: all of them or none, never a mix of two
  builds, even when bnreport is killed; the stamp (hashes of the outputs) is written last.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import secrets
import shutil
import time
from pathlib import Path

from . import interrupts, manifest, publisher
from .errors import InputError
from .manifest import DIRECTORIES, OUTPUTS, Manifest, Plan, Stamp
from .target import (
    LEGACY_STAMP,
    Target,
    check_names,
    check_writable,
    inspect,
    is_file,
    owned_names,
    refuse,
)

__all__ = ["Session", "Target", "check_writable", "inspect", "is_fresh", "stamp_of"]
LEGACY_STAGING = ".bnreport-build-"
_LEGACY_AGE = 3600  # s: older bnreport versions took no lock; their builds never ran this long


# -- one build: a staging directory, then one publish ----------------------------------------------
class Session:
    """A build's private staging directory in ``OUT/.bnreport/``; :meth:`publish` installs it.

    Entering creates OUT and the staging directory (an unwritable ``--out`` fails here, before any
    algebra), completes a publish a killed build left pending and removes staging directories of
    dead builds.  Leaving removes this build's staging directory, whatever happened."""

    def __init__(self, target: Target) -> None:
        self.target = target
        self.out = target.real
        self.name = f"build-{os.getpid()}-{secrets.token_hex(4)}"
        self._lock_fd: int | None = None

    @property
    def work(self) -> Path:
        """Scratch space of this build (the compile runs here)."""
        return manifest.private_dir(self.out) / self.name

    @property
    def staging(self) -> Path:
        """Where the outputs to publish are written: the same names as in OUT."""
        return self.work / "set"

    def __enter__(self) -> Session:
        try:
            with interrupts.deferred():  # an interrupt lands before or after, never half-way
                return self._enter()
        except BaseException:  # including that interrupt: `with` calls no __exit__ for us
            self.__exit__(None, None, None)
            raise

    def _enter(self) -> Session:
        try:
            self.out.mkdir(parents=True, exist_ok=True)
            private = manifest.private_dir(self.out)
            with contextlib.suppress(FileExistsError):
                private.mkdir()
            with manifest.locked(self.out):
                owned = owned_names(self.out)
                check_names(self.target, owned)
                if owned and manifest.read(self.out) is None:  # adopt an older version's outputs
                    manifest.write(self.out, Manifest(owned=owned))
                _recover(self.out)
                _remove_stale(self.out)
                self._lock_fd = manifest.open_lock(private / f"{self.name}.lock")
                fcntl.flock(self._lock_fd, fcntl.LOCK_EX)
                self.staging.mkdir(parents=True)
        except OSError as err:
            self._close()
            raise _unwritable(self.target, err) from None
        return self

    def __exit__(self, *exc: object) -> None:
        with interrupts.deferred():
            self._exit()

    def _exit(self) -> None:
        current = manifest.read(self.out)
        if not (current and current.pending and current.pending.staging == self.name):
            publisher.remove_tree(self.work)  # (else a publish still needs it: the next run's)
        with contextlib.suppress(OSError):
            os.unlink(manifest.private_dir(self.out) / f"{self.name}.lock")
        self._close()

    def _close(self) -> None:
        if self._lock_fd is not None:
            os.close(self._lock_fd)
            self._lock_fd = None

    def publish(self, fingerprint: str, *, pdf: bool, csv: str | None,
                also: frozenset[str] = frozenset()) -> None:
        """Install every output in :attr:`staging` into OUT at once, then stamp them.

        Outputs this build did not produce (the PDF of a ``snippets`` run) stay only if they come
        from the same input and code — the stamp's fingerprint is ``fingerprint`` or one of
        ``also`` (then the stamp keeps it) —; otherwise they are removed, so the set is never
        mixed."""
        produced = manifest.output_files(self.staging)
        try:
            with interrupts.deferred(), manifest.locked(self.out) as lock_fd:
                current = _recover(self.out) or Manifest()
                check_names(self.target, owned_names(self.out))
                plan = self._plan(current, produced, fingerprint, pdf, csv, also)
                manifest.write(self.out, current.with_(
                    owned=current.owned | frozenset(plan.owned), stamp=None, pending=plan))
                try:
                    _finish_detached(self.out, lock_fd)
                except OSError:  # once more here; if this fails too, the next run completes
                    publisher.finish(self.out)  # the plan from the staged files
        except OSError as err:
            raise _unwritable(self.target, err) from None

    def _plan(self, current: Manifest, produced: dict[str, str], fingerprint: str, pdf: bool,
              csv: str | None, also: frozenset[str]) -> Plan:
        install = tuple(name for name in OUTPUTS
                        if name in produced or any(rel.startswith(f"{name}/") for rel in produced))
        files = dict(produced)
        old = current.stamp
        same_build = old is not None and old.fingerprint in {fingerprint, *also}
        if same_build and old is not None:
            fingerprint = old.fingerprint  # what the kept outputs were built as
        remove = []
        for name in OUTPUTS:
            if name in install:
                continue
            kept = {rel: digest for rel, digest in (old.files.items() if old else ())
                    if rel == name or rel.startswith(f"{name}/")}
            if same_build and kept and all(manifest.file_hash(self.out / rel) == digest
                                           for rel, digest in kept.items()):
                files.update(kept)
            elif os.path.lexists(self.out / name):
                remove.append(name)
        pdf = pdf or "bnreport.pdf" in files
        owned = sorted({*files, *(name for name in DIRECTORIES if any(
            rel.startswith(f"{name}/") for rel in files))})
        return Plan(self.name, f"trash-{self.name}", install, tuple(remove), tuple(owned),
                    Stamp(fingerprint, pdf, csv, files))

    def keep_failed(self, *files: Path) -> Path:
        """Copy the files of a failed compile to ``.bnreport/failed/`` (for debugging); its path."""
        failed = manifest.private_dir(self.out) / "failed"
        with contextlib.suppress(OSError), manifest.locked(self.out):
            publisher.remove_tree(failed)
            failed.mkdir()
            for path in files:
                if path.is_file():  # moved: a primed TeX's directory may be on another device
                    shutil.move(path, failed / path.name)
        return failed


def _unwritable(target: Target, err: OSError) -> InputError:
    return refuse(target.path, f"cannot write there ({err.strerror or err}); choose a writable "
                                "directory")


def _finish_detached(out: Path, lock_fd: int) -> None:
    """Run :func:`bnreport.publisher.finish` in a forked child in its own session, holding our lock
    (the child shares the locked file description ``lock_fd``), and wait for it.

    The caller holds the handled signals back (:func:`bnreport.interrupts.deferred`) and the child
    keeps them held back in a session of its own, so neither a signal to bnreport nor one to its
    process group stops it once forked; if bnreport is killed, it still completes.  A fork, not a
    new interpreter: the publish is on every build's critical path (a ``python -m`` cost 40 ms).
    If it cannot even be started, the publish completes here."""
    read_fd, write_fd = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        os.close(read_fd)
        os.close(write_fd)
        publisher.finish(out)
        return
    if pid == 0:  # the child: never returns into the build
        status = 1
        try:
            os.close(read_fd)
            os.setsid()
            publisher.finish(out)
            status = 0
        except BaseException as err:  # one line for the parent
            with contextlib.suppress(OSError):
                os.write(write_fd, f"{getattr(err, 'filename', None) or out}: "
                                   f"{getattr(err, 'strerror', None) or err}".encode()[:300])
        finally:
            os._exit(status)
    os.close(write_fd)
    with os.fdopen(read_fd, "rb") as pipe:
        error = pipe.read().decode(errors="replace")
    _, status = os.waitpid(pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise OSError(0, (error or "the publisher failed").strip().splitlines()[-1][:200])


def _recover(out: Path) -> Manifest | None:
    """Complete a publish a killed build left pending (caller holds the lock); the manifest."""
    current = manifest.read(out)
    if current is not None and current.pending is not None:
        if manifest.is_real_dir(manifest.private_dir(out) / current.pending.staging):
            publisher.finish(out)
        else:  # its staging directory is gone: drop the plan; no stamp, so the next run rebuilds
            manifest.write(out, current.with_(pending=None, stamp=None))
        current = manifest.read(out)
    return current


def _remove_stale(out: Path) -> None:
    """Remove staging and trash directories whose build has died (caller holds the lock)."""
    private = manifest.private_dir(out)
    current = manifest.read(out)
    keep = {current.pending.staging, current.pending.trash} if current and current.pending else set()
    for entry in os.scandir(private):
        name = entry.name
        if name in keep or not name.startswith(("build-", "trash-")):
            continue
        if name.startswith("trash-"):
            publisher.remove_tree(Path(entry.path))
            continue
        lock = private / (name.removesuffix(".lock") + ".lock")
        fd = manifest.try_lock(lock)
        if fd is None:
            continue  # a live build
        try:
            publisher.remove_tree(private / name.removesuffix(".lock"))
            with contextlib.suppress(OSError):
                os.unlink(lock)
        finally:
            os.close(fd)
    _remove_legacy(out)


def _remove_legacy(out: Path) -> None:
    """Leftovers of bnreport versions before the manifest: staging directories, the stamp file."""
    now = time.time()
    for entry in os.scandir(out):
        if entry.name.startswith(LEGACY_STAGING) and entry.is_dir(follow_symlinks=False):
            with contextlib.suppress(OSError):
                if now - entry.stat(follow_symlinks=False).st_mtime > _LEGACY_AGE:
                    publisher.remove_tree(Path(entry.path))
    for name in (LEGACY_STAMP, ".snippets.old"):
        path = out / name
        if os.path.islink(path) or is_file(path):
            with contextlib.suppress(OSError):
                os.unlink(path)


def is_fresh(target: Target, fingerprint: str, *, need_pdf: bool) -> bool:
    """True when the outputs on disk are exactly those of a finished build with ``fingerprint``."""
    current = manifest.read(target.real)
    if current is None or current.pending is not None or current.stamp is None:
        return False
    stamp = current.stamp
    if stamp.fingerprint != fingerprint or (need_pdf and not stamp.pdf):
        return False
    return manifest.matches(target.real, stamp)


def stamp_of(target: Target) -> Stamp | None:
    current = manifest.read(target.real)
    return current.stamp if current else None
