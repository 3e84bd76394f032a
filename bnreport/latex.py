"""Stage 5a: the document shell (pylatex) and a locked-down TeX compile.

pylatex builds the class, packages and title; the body comes from the Jinja templates.  We run
pdflatex ourselves instead of ``Document.generate_pdf`` because the compile policy needs what pylatex
does not offer: an environment that forbids reads and writes outside the build tree, stdin closed, a
timeout that kills every TeX process, and a log we can map back to the failing step.

pdflatex (:data:`PASS`) is repeated until the cross-references stop changing, decided on the
content of the .aux (:func:`bnreport.texlabels.digest`).  The build writes the .aux the first pass
will produce beforehand (:func:`bnreport.texlabels.predict`), so one pass is enough when that
prediction is right; latexmk decides on file times and sizes as well, and so stopped after two
passes or three depending on the clock.  Bookmarks are off and the table of checks has fixed column
widths, so nothing else needs a second pass.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from pylatex import Command, Document, NoEscape, Package

from . import children, reproducible, texformat, texlabels
from .errors import InputError, TexError, TexMissing
from .reproducible import BuildTime
from .texescape import escape, pdf_text

TEX_INSTALL_HINT = (
    "install TeX with `apt-get install texlive-latex-base texlive-latex-recommended "
    "texlive-fonts-recommended lmodern latexmk` (or run `make pdf`)"
)
ENGINE_FLAGS = ("-no-shell-escape", "-interaction=nonstopmode", "-halt-on-error", "-file-line-error")
TIMEOUT_SECONDS = 120
MAX_PASSES = 5
#: One pass, as one process group (what timeouts and signals kill): pdflatex with the precompiled
#: preamble, falling back to none (and removing the format) when only that fails; the first build
#: without a format dumps one meanwhile.  :class:`CompileJob` repeats passes until the
#: cross-references are unchanged, at most MAX_PASSES times.
PASS = """
stem=$1; shift
if [ -n "$BNREPORT_FORMAT_DUMP" ]; then  # no format yet: dump one meanwhile, for the next builds
  ( cd "$BNREPORT_FORMAT_DUMP" && pdftex -ini -interaction=batchmode -halt-on-error \
      -jobname=format "&pdflatex" dump.tex >/dev/null 2>&1 && mv -f format.fmt "../$BNREPORT_FORMAT.fmt"
    rm -rf "$BNREPORT_FORMAT_DUMP" ) &
  BNREPORT_FORMAT=
fi
status=0
if [ -n "$BNREPORT_FORMAT" ]; then
  if ! pdflatex -fmt="$BNREPORT_FORMAT" "$@" "$stem.tex"; then
    # A real error, or a format pdflatex cannot load: if it compiles without, it was the format.
    pdflatex "$@" "$stem.tex" && rm -f "$BNREPORT_FORMAT_DIR/$BNREPORT_FORMAT.fmt" || status=$?
  fi
else
  pdflatex "$@" "$stem.tex" || status=$?
fi
wait  # the format dump, if one was started
exit $status
"""
#: Overrides TIMEOUT_SECONDS (seconds, 1 to 3600), e.g. for slow machines or for tests.
TIMEOUT_ENV = "BNREPORT_TEX_TIMEOUT"
_STEP_MARK = re.compile(r"^% bnreport step: (?P<id>[a-z0-9-]+)")
_ERROR_LINE = re.compile(r"^(?P<file>[^:\n]+\.tex):(?P<line>\d+): (?P<msg>.*)$", re.MULTILINE)


@dataclass(frozen=True)
class PdfInfo:
    """What the PDF says about itself (hyperref's pdfinfo) and how its bytes are fixed."""

    subject: str
    version: str
    source: str
    digest: str
    when: BuildTime

    @property
    def provenance(self) -> str:
        return reproducible.provenance(self.version, self.digest)


def document_source(title: str, author: str, date: str, body: str,
                    info: PdfInfo | None = None) -> str:
    """The complete ``.tex`` of the note; only packages from the texlive-latex-* base sets."""
    doc = Document(
        documentclass="article", document_options=["11pt", "a4paper"], fontenc="T1",
        inputenc="utf8", lmodern=True, textcomp=True, page_numbers=False,
        geometry_options={"margin": "2.4cm"},
    )
    doc.change_document_style("plain")  # page numbers without pylatex's lastpage dependency
    for name in ("amsmath", "amssymb", "amsthm", "array", "booktabs", "longtable", "graphicx"):
        doc.packages.append(Package(name))
    doc.packages.append(Package("hyperref", options=["hidelinks", "bookmarks=false"]))
    # The note is written as definitions, propositions with proofs, and one theorem.
    doc.preamble.append(NoEscape(
        r"\newtheorem{theorem}{Theorem}\newtheorem{proposition}{Proposition}"
        r"\theoremstyle{definition}\newtheorem{definition}{Definition}"))
    # Paragraphs are separated by space, not indented: prose alternates with displayed steps.
    doc.preamble.append(NoEscape(r"\setlength{\parindent}{0pt}\setlength{\parskip}{0.5ex}"))
    if info is not None:
        doc.preamble.append(NoEscape(metadata_preamble(title, author, info)))
    doc.preamble.append(Command("title", NoEscape(escape(title))))
    doc.preamble.append(Command("author", NoEscape(escape(author))))
    doc.preamble.append(Command("date", NoEscape(escape(date))))
    doc.append(Command("maketitle"))
    doc.append(NoEscape(body))
    head = f"% Generated by bnreport {info.version} from {info.source} (input sha256 " \
           f"{info.digest}). Do not edit.\n" if info is not None else ""
    return head + texformat.guarded(doc.dumps()) + "\n"


def metadata_preamble(title: str, author: str, info: PdfInfo) -> str:
    """hyperref's PDF metadata (title, author, subject, keywords with version and input hash), two
    custom Info keys with the same, and the primitives that make the PDF bytes reproducible."""
    keywords = f"batch normalization; {info.provenance}; {info.source}"
    fields = {"pdftitle": title, "pdfauthor": author, "pdfsubject": info.subject,
              "pdfkeywords": keywords, "pdfcreator": f"bnreport {info.version}"}
    setup = ",\n  ".join(f"{key}={{{pdf_text(value)}}}" for key, value in fields.items())
    custom = (rf"\pdfinfo{{/BnreportVersion ({_pdf_literal(info.version)}) "
              rf"/BnreportInput ({_pdf_literal(info.digest)})}}")
    return "\n".join([reproducible.pdf_preamble(info.when, info.version, info.digest),
                      rf"\hypersetup{{{setup}}}", rf"\ifdefined\pdfinfo {custom}\fi"])


def _pdf_literal(text: str) -> str:
    """Hex digits and version numbers only reach here; anything else is dropped, not escaped."""
    return re.sub(r"[^0-9A-Za-z.+-]", "", text)


def tex_available() -> bool:
    return shutil.which("pdflatex") is not None


def safe_environment() -> dict[str, str]:
    env = dict(os.environ)
    # kpathsea: 'p'aranoid forbids dot files and absolute paths or '..' outside the working tree.
    env.update(openin_any="p", openout_any="p", shell_escape="f", TEXMFOUTPUT="")
    return env


def tex_timeout() -> float:
    value = os.environ.get(TIMEOUT_ENV, "").strip()
    if not value:
        return TIMEOUT_SECONDS
    try:
        seconds = float(value)
    except ValueError:
        seconds = 0.0
    if not 1 <= seconds <= 3600:
        raise InputError(f"{TIMEOUT_ENV}={value[:20]!r}: expected seconds between 1 and 3600")
    return seconds


class CompileJob:
    """pdflatex (:data:`PASS`) running in the background, so the checks can run meanwhile.

    Each pass runs in a session and process group of its own, with its output in a file (no pipe a
    grandchild could hold open).  The whole group is killed when the compile ends, fails, times out,
    is cancelled or bnreport is interrupted; if bnreport dies by SIGKILL, TeX gets SIGTERM from the
    kernel (``PR_SET_PDEATHSIG``) and ``timeout(1)`` ends the group at the latest after the timeout.
    Its PDF stays in the staging directory until the caller publishes it."""

    def __init__(self, tex_path: Path, when: BuildTime | None = None) -> None:
        if not tex_available():
            raise TexMissing(f"no TeX engine found (pdflatex); {TEX_INSTALL_HINT}")
        self.tex_path = tex_path
        self.timeout = tex_timeout()
        # The cross-references the first pass will write, so that one pass suffices.
        source = tex_path.read_text()
        predicted = texlabels.predict(source)
        tex_path.with_suffix(".aux").write_text(predicted)
        self.previous = texlabels.digest(predicted)
        self.source = source
        self.env = safe_environment()
        if when is not None:
            self.env = reproducible.tex_environment(when, self.env)
        self.log_path = tex_path.with_name("pdflatex.out")
        self.deadline = time.monotonic() + self.timeout
        self.passes = 1
        self.process = self._start_pass()

    def _start_pass(self) -> subprocess.Popen[bytes]:
        command = ["sh", "-c", PASS, "bnreport-tex", self.tex_path.stem, *ENGINE_FLAGS]
        if shutil.which("timeout"):  # a backstop that needs no bnreport alive
            remaining = max(1.0, self.deadline - time.monotonic())
            command = ["timeout", "-k", "5", f"{remaining + 5:.0f}", *command]
        # Looked up per pass: a format dumped during the first pass serves the later ones.
        env = {**self.env, **_format_environment(self.source, dump=self.passes == 1)}
        with self.log_path.open("wb") as log:
            return children.spawn(command, cwd=self.tex_path.parent, env=env,
                                  stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT)

    def wait(self) -> Path:
        """Passes until the cross-references are unchanged; the PDF, or :class:`TexError`."""
        while True:
            self._wait_pass()
            aux = self.tex_path.with_suffix(".aux")
            current = texlabels.digest(aux.read_text(errors="replace")) if aux.is_file() else ""
            if current == self.previous or self.passes >= MAX_PASSES:
                return self.tex_path.with_suffix(".pdf")
            self.previous = current
            self.passes += 1
            self.process = self._start_pass()

    def _wait_pass(self) -> None:
        try:
            finished = children.wait_exit(self.process.pid, self.deadline)
        finally:
            self.cancel()  # the group: stray grandchildren, or all of TeX on timeout or signal
        if not finished:
            raise TexError(f"LaTeX did not finish within {self.timeout:g} s (set {TIMEOUT_ENV} "
                           "for slow machines); the previous outputs are kept")
        pdf = self.tex_path.with_suffix(".pdf")
        if self.process.returncode != 0 or not pdf.is_file():
            log = self.tex_path.with_suffix(".log")
            source = log if log.is_file() else self.log_path
            log_text = source.read_text(errors="replace") if source.is_file() else ""
            raise TexError(describe_failure(log_text, self.tex_path.read_text()))

    def cancel(self) -> None:
        """Kill TeX's process group and reap its leader (safe to call more than once)."""
        children.kill_group(self.process)


def _format_environment(source: str, *, dump: bool) -> dict[str, str]:
    """Where pdflatex finds the precompiled preamble (:mod:`bnreport.texformat`), or (``dump``)
    what the pass dumps it from when it is missing; nothing if it cannot be had (then no format)."""
    preamble = texformat.fixed_preamble(source)
    name = texformat.format_name(preamble) if preamble is not None else None
    if preamble is None or name is None:
        return {}
    directory = texformat.directory()
    env = {"BNREPORT_FORMAT": name, "BNREPORT_FORMAT_DIR": str(directory),
           "TEXFORMATS": f"{directory}:"}
    if not (directory / f"{name}.fmt").is_file():
        if not dump:
            return {}
        try:
            directory.mkdir(parents=True, exist_ok=True)
            dump = Path(tempfile.mkdtemp(prefix=".dump-", dir=directory))
            (dump / "dump.tex").write_text(texformat.dump_source(preamble), encoding="utf-8")
        except OSError:  # an unwritable cache: build without a format
            return {}
        env["BNREPORT_FORMAT_DUMP"] = str(dump)
    return env


def describe_failure(log_text: str, source: str) -> str:
    """One line: the first error, mapped to the step/template that produced that line."""
    match = _ERROR_LINE.search(log_text)
    if not match:
        tail = " ".join(log_text.strip().splitlines()[-3:])[:200]
        return f"LaTeX failed without a file:line error ({tail}); the previous outputs are kept"
    line_no = int(match["line"])
    where = f"{Path(match['file']).name}:{line_no}"
    origin = step_at_line(source, line_no)
    excerpt = _excerpt(log_text, match.end())
    return (f"LaTeX error at {where} ({origin}): {match['msg'].strip()}{excerpt}; "
            "the previous outputs are kept")


def step_at_line(source: str, line_no: int) -> str:
    lines = source.splitlines()[:line_no]
    for line in reversed(lines):
        found = _STEP_MARK.match(line)
        if found:
            return f"step '{found['id']}', template step.tex.jinja"
    return "document shell or section templates"


def _excerpt(log_text: str, offset: int) -> str:
    following = [ln.strip() for ln in log_text[offset:].splitlines()[1:4] if ln.strip()]
    return f" [{' | '.join(following)[:160]}]" if following else ""
