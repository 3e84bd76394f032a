"""Running `coqc` on a generated file: locked down, time-limited, its errors mapped to theorems.

coqc runs with `-q` (no coqrc), an environment without COQPATH/COQLIB or other load-path overrides,
HOME pointing at the scratch directory, stdin closed, in its own process group (killed as a whole on
timeout or Ctrl-C), and writes nothing but its outputs next to the file in the scratch directory.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from .. import children
from ..errors import EXIT_CHECK_FAILED, EXIT_TEX, BnreportError
from .document import CoqDocument

COQ_PACKAGES = ("coq", "libcoq-coquelicot", "libcoq-interval")
COQ_INSTALL_HINT = (f"install Coq with `apt-get install {' '.join(COQ_PACKAGES)}` "
                    "(or run `make pdf`)")
TIMEOUT_SECONDS = 120
#: The libraries the generated files load (Coquelicot) or the project asks to have (Interval).
LIBRARIES = ("Coquelicot", "Interval")
_LIBRARY_PACKAGES = {"Coquelicot": "libcoq-coquelicot", "Interval": "libcoq-interval"}
_ERROR = re.compile(r'^File "[^"]*", line (?P<line>\d+), characters \d+-\d+:\n(?P<body>(?:.+\n?)*)',
                    re.MULTILINE)


class CoqMissing(BnreportError):
    """coqc or Coquelicot is not installed: the file is written but not checked."""

    exit_code = EXIT_TEX


class FormalRejected(BnreportError):
    """coqc rejected the generated file (or did not finish in time)."""

    exit_code = EXIT_CHECK_FAILED

    def __init__(self, message: str, theorem: str = "") -> None:
        self.theorem = theorem
        super().__init__(message)


@dataclass(frozen=True)
class Toolchain:
    coqc: str
    version: str
    libraries: tuple[tuple[str, str], ...]


def find_toolchain() -> Toolchain | None:
    """coqc on PATH with Coquelicot in its user-contrib, or None."""
    coqc = shutil.which("coqc")
    if coqc is None:
        return None
    try:
        version = _run([coqc, "--print-version"]).split()[0]
        where = Path(_run([coqc, "-where"]).strip())
    except (OSError, subprocess.SubprocessError, IndexError):
        return None
    contrib = where / "user-contrib"
    if not (contrib / "Coquelicot").is_dir():
        return None
    libraries = tuple((name, _package_version(name)) for name in LIBRARIES if (contrib / name).is_dir())
    return Toolchain(coqc, version, libraries)


def _run(command: list[str]) -> str:
    return subprocess.run(command, capture_output=True, text=True, timeout=30, check=True,
                          stdin=subprocess.DEVNULL, env=_environment(None)).stdout


def _package_version(library: str) -> str:
    """The Debian package version when dpkg knows it, else "installed"."""
    dpkg = shutil.which("dpkg-query")
    if dpkg:
        try:
            out = subprocess.run([dpkg, "-W", "-f", "${Version}", _LIBRARY_PACKAGES[library]],
                                 capture_output=True, text=True, timeout=10, stdin=subprocess.DEVNULL)
            if out.returncode == 0 and out.stdout.strip():
                return out.stdout.strip()
        except (OSError, subprocess.SubprocessError):
            pass
    return "installed"


def _environment(home: Path | None) -> dict[str, str]:
    # Only what coqc needs: no COQPATH/COQLIB/OCAMLPATH overrides, no user coqrc (-q as well).
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"}
    if home is not None:
        env["HOME"] = str(home)
    return env


@dataclass(frozen=True)
class CoqRun:
    accepted: bool
    stdout: str
    seconds: float


class CoqProcess:
    """coqc running in the background on one file (in its own process group)."""

    def __init__(self, toolchain: Toolchain, path: Path) -> None:
        self.path = path
        self.start = time.perf_counter()
        self.process = children.spawn(
            [toolchain.coqc, "-q", "-noglob", path.name], cwd=path.parent,
            env=_environment(path.parent), stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT, text=True)

    def wait(self, timeout: float = TIMEOUT_SECONDS) -> CoqRun:
        """coqc's verdict; :class:`FormalRejected` on timeout (coqc is killed then)."""
        try:
            output, _ = self.process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.cancel()
            raise FormalRejected(f"coqc did not finish within {timeout:g} s on {self.path.name}; "
                                 "nothing was published") from None
        except BaseException:  # Ctrl-C: take coqc and anything it started down with us
            self.cancel()
            raise
        return CoqRun(self.process.returncode == 0, output, time.perf_counter() - self.start)

    def cancel(self) -> None:
        children.kill_group(self.process)  # also what coqc left behind, if it has exited


def describe_rejection(output: str, document: CoqDocument, file_name: str) -> FormalRejected:
    """One line naming the theorem (and the claim it supports) where coqc stopped."""
    match = _ERROR.search(_errors_only(output))
    if match is None:
        tail = " ".join(output.strip().splitlines()[-2:])[:200]
        return FormalRejected(f"coqc rejected {file_name} without a located error ({tail})")
    line = int(match["line"])
    located = document.block_at(line)
    message = " ".join(match["body"].replace("Error:", "", 1).split())[:240]
    if located is None or not located.name:
        where = located.part if located and located.part else "the definitions"
        return FormalRejected(f"coqc rejected {file_name}:{line} (in {where}): {message}")
    part = f", {located.part}" if located.part else ""
    return FormalRejected(f"coqc rejected theorem {located.name} ({file_name}:{line}{part}): {message}",
                          located.name)


def _errors_only(output: str) -> str:
    """Drop warning blocks so that the first located block is the error."""
    blocks = re.split(r'(?m)^(?=File ")', output)
    return "".join(b for b in blocks if re.search(r"(?m)^Error", b))


def assumptions(output: str) -> str:
    """The output of the final `Print Assumptions` (coqc prints it on success)."""
    for marker in ("Axioms:", "Closed under the global context"):
        index = output.find(marker)
        if index >= 0:
            return output[index:].strip()
    return ""
