"""A fast stand-in for TeX in tests that are about processes, signals and publishing, not typesetting.

``pdflatex`` here writes as "PDF" the first line of the .tex (which names the input's hash) and the
metadata key a real PDF has, so a test can tell which input each output came from;
``FAKE_TEX_MODE`` makes it fail or hang (with a grandchild holding its output open), and
``FAKE_TEX_SLEEP`` slows it down.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

LATEXMK = r"""#!/bin/sh
for last; do :; done
case "${FAKE_TEX_MODE:-ok}" in
  hang) sh -c "sleep ${FAKE_TEX_HANG:-1000}" & exec sleep "${FAKE_TEX_HANG:-1000}" ;;
  fail) echo "./${last}:3: Undefined control sequence." > "${last%.tex}.log"; exit 12 ;;
esac
if [ -n "$FAKE_TEX_SLEEP" ]; then sleep "$FAKE_TEX_SLEEP"; fi
{ head -n 1 "$last"; head -n 1 "$last" | sed -n 's/.*input sha256 \([0-9a-f]*\).*/\/BnreportInput (\1)/p'; } \
  > "${last%.tex}.pdf"
"""
_DIGEST = re.compile(rb"input sha256 ([0-9a-f]{16})|BnreportInput \(([0-9a-f]{16})\)")


@dataclass
class FakeTex:
    bin: Path
    monkeypatch: pytest.MonkeyPatch | None = None

    def mode(self, mode: str) -> None:
        assert self.monkeypatch is not None
        self.monkeypatch.setenv("FAKE_TEX_MODE", mode)

    def env(self, **extra: str) -> dict[str, str]:
        """The environment of a bnreport subprocess that finds this TeX first."""
        env = dict(os.environ)
        env["PATH"] = f"{self.bin}{os.pathsep}{env.get('PATH', '')}"
        env.update(extra)
        return env


def install(directory: Path, monkeypatch: pytest.MonkeyPatch | None = None) -> FakeTex:
    for name in ("latexmk", "pdflatex"):
        script = directory / name
        script.write_text(LATEXMK)
        script.chmod(0o755)
    fake = FakeTex(directory, monkeypatch)
    if monkeypatch is not None:
        monkeypatch.setenv("PATH", f"{directory}{os.pathsep}{os.environ.get('PATH', '')}")
        monkeypatch.setenv("FAKE_TEX_MODE", "ok")
    return fake


def digests_on_disk(out: Path) -> set[str]:
    """The input hashes named by the outputs in ``out``: one element when they agree."""
    found: set[str] = set()
    files = [out / name for name in ("bnreport.pdf", "bnreport.tex", "bnreport.sty")]
    files += sorted((out / "snippets").glob("*.tex")) if (out / "snippets").is_dir() else []
    for path in files:
        if path.is_file():
            match = _DIGEST.search(path.read_bytes())
            found.add((match[1] or match[2]).decode() if match else f"unmarked {path.name}")
    index = out / "snippets" / "index.json"
    if index.is_file():
        document = json.loads(index.read_text())
        found.add(document["input_sha256"])
        listed = {step["file"] for step in document["steps"]}
        present = {p.name for p in (out / "snippets").glob("*.tex")}
        if listed != present:  # a stale fragment from another build, or one missing
            found.add(f"fragments differ from the index: {sorted(listed ^ present)}")
    return found


def processes_with(text: str) -> list[int]:
    """Live processes whose command line contains ``text``."""
    pids = []
    needle = text.encode()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                cmdline = (entry / "cmdline").read_bytes()
                state = (entry / "stat").read_text().split(") ", 1)[1][:1]
            except OSError:
                continue
            if needle in cmdline and state != "Z":
                pids.append(int(entry.name))
    return pids


def before_any_code_ran(err: str) -> bool:
    """The interpreter's own report of a SIGINT in the first milliseconds after exec, while it
    imports ``site`` or ``runpy`` — before the first line of bnreport (or of any script) runs, so no
    program can prevent it.  Such a traceback has no frame of bnreport or of the test driver."""
    if err.startswith("Fatal Python error: init_import_site"):
        return True
    return err.startswith("Traceback") and "/bnreport/" not in err and "publish_driver" not in err
