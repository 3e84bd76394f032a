"""Carry out the pending publish of an output directory: a few renames, then the stamp.

Runs in a short-lived process of its own session, forked by
:meth:`bnreport.output.Session.publish` with the publish lock inherited: killing
bnreport — SIGINT, SIGTERM, even SIGKILL — at any moment cannot stop a publish half-way.  Should this
process itself die (a power cut), the plan stays in the manifest and the next run completes it
(:func:`finish` is idempotent) before doing anything else; until then there is no stamp, so nothing
is reported "up to date".
"""

from __future__ import annotations

import contextlib
import os
import shutil
from pathlib import Path

from . import manifest


def finish(out: Path) -> bool:
    """Apply the pending plan of ``out`` (the caller holds the lock); False if there was none."""
    current = manifest.read(out)
    plan = current.pending if current else None
    if current is None or plan is None:
        return False
    private = manifest.private_dir(out)
    staged = private / plan.staging / "set"
    trash = private / plan.trash
    os.makedirs(trash, exist_ok=True)
    for name in plan.install:
        source = staged / name
        if not os.path.lexists(source):
            continue  # moved in by an earlier, interrupted attempt
        if name in manifest.DIRECTORIES:
            _to_trash(out / name, trash)  # a directory cannot be renamed over a non-empty one
            os.rename(source, out / name)
        else:
            os.replace(source, out / name)  # atomic: readers see the old file or the new one
    for name in plan.remove:
        _to_trash(out / name, trash)
    manifest.write(out, current.with_(owned=frozenset(plan.owned), stamp=plan.stamp, pending=None))
    remove_tree(trash)
    return True


def _to_trash(path: Path, trash: Path) -> None:
    if not os.path.lexists(path):
        return
    target = trash / path.name
    while os.path.lexists(target):
        target = target.with_name(target.name + "~")
    os.rename(path, target)  # moves a link itself, never what it points to


def remove_tree(path: Path) -> None:
    """Remove a directory of ours; links inside are unlinked, never followed (fd-based rmtree)."""
    with contextlib.suppress(FileNotFoundError):
        if os.path.islink(path):
            os.unlink(path)
        else:
            shutil.rmtree(path)
