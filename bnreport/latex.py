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

import contextlib
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
from .errors import TexError, TexMissing
from .reproducible import BuildTime
from .texescape import escape, pdf_text
from .texrun import ENGINE_FLAGS, TIMEOUT_ENV, safe_environment, tex_timeout

TEX_INSTALL_HINT = (
    "install TeX with `apt-get install texlive-latex-base texlive-latex-recommended "
    "texlive-fonts-recommended lmodern latexmk` (or run `make pdf`)"
)
MAX_PASSES = 5
#: One pass, as one process group (what timeouts and signals kill): pdflatex with the precompiled
#: preamble, falling back to none (and removing the format) when only that fails; the first build
#: without a format dumps one meanwhile.  :class:`CompileJob` repeats passes until the
#: cross-references are unchanged, at most MAX_PASSES times.
PASS = """
stem=$1; input=$2; shift 2
if [ -n "$BNREPORT_FORMAT_DUMP" ]; then  # no format yet: dump one meanwhile, for the next builds
  ( cd "$BNREPORT_FORMAT_DUMP" && pdftex -ini -interaction=batchmode -halt-on-error \\
      -jobname=format "&pdflatex" dump.tex >/dev/null 2>&1 && mv -f format.fmt "../$BNREPORT_FORMAT.fmt"
    rm -rf "$BNREPORT_FORMAT_DUMP" ) &
  BNREPORT_FORMAT=
fi
status=0
if [ -n "$BNREPORT_FORMAT" ]; then
  if ! pdflatex -fmt="$BNREPORT_FORMAT" -jobname="$stem" "$@" "$input"; then
    # A real error, or a format pdflatex cannot load: if it compiles without, it was the format.
    # (A primed driver's body may have been read already: the whole .tex is on disk by then.)
    if [ -f "$stem.tex" ]; then input=$stem.tex; fi
    pdflatex -jobname="$stem" "$@" "$input" && rm -f "$BNREPORT_FORMAT_DIR/$BNREPORT_FORMAT.fmt" \\
      || status=$?
  fi
else
  pdflatex -jobname="$stem" "$@" "$input" || status=$?
fi
wait  # the format dump, if one was started
exit $status
"""
#: A primed compile (:meth:`CompileJob.primed`) reads the preamble from DRIVER, waits on the FIFO
#: GO until the body exists, then reads the body from BODY (padded so that its line numbers are
#: those of the whole .tex).
DRIVER, GO, BODY = "bnreport-driver.tex", "bnreport-go.fifo", "bnreport-body.tex"
#: How long the ``timeout(1)`` backstop of a primed pass allows before feed() (bnreport's own
#: deadline starts at feed; this only bounds a TeX that everything else failed to end).
PRIMED_WAIT = 24 * 3600
#: FIFO ends held open by primed compiles: a forked process (the checks, the publisher) must not
#: keep one, or TeX would wait for it to end.
_HELD: set[int] = set()


def _close_held() -> None:
    for fd in list(_HELD):
        with contextlib.suppress(OSError):
            os.close(fd)
    _HELD.clear()


os.register_at_fork(after_in_child=_close_held)
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


def preamble_of(source: str) -> str:
    """Everything before ``\\begin{document}`` (what a primed compile reads first)."""
    return source[:source.index("\\begin{document}")]


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


class CompileJob:
    """pdflatex (:data:`PASS`) running in the background, so the checks can run meanwhile.

    Each pass runs in a session and process group of its own, with its output in a file (no pipe a
    grandchild could hold open).  The whole group is killed when the compile ends, fails, times out,
    is cancelled or bnreport is interrupted; if bnreport dies by SIGKILL, TeX gets SIGTERM from the
    kernel (``PR_SET_PDEATHSIG``) and ``timeout(1)`` ends the group at the latest after the timeout.
    Its PDF stays in the staging directory until the caller publishes it.

    :meth:`primed` starts the first pass before the note exists: TeX loads the format and reads
    the preamble (half of a pass) while bnreport derives, then waits on a FIFO; :meth:`feed`
    writes the whole .tex and lets it go on.  The PDF is byte-identical to an unprimed pass."""

    def __init__(self, tex_path: Path, when: BuildTime | None = None, *,
                 preamble: str | None = None) -> None:
        if not tex_available():
            raise TexMissing(f"no TeX engine found (pdflatex); {TEX_INSTALL_HINT}")
        self.tex_path = tex_path
        self.timeout = tex_timeout()
        self.env = safe_environment()
        if when is not None:
            self.env = reproducible.tex_environment(when, self.env)
        self.log_path = tex_path.with_name("pdflatex.out")
        # A primed TeX waits for the algebra: its time counts from feed() (until then it ends
        # with bnreport, by PR_SET_PDEATHSIG or at the end of its FIFO).
        self.deadline = time.monotonic() + self.timeout + (PRIMED_WAIT if preamble else 0)
        self.passes = 1
        self.preamble = preamble
        self.fed = preamble is None
        self.go: int | None = None
        if preamble is None:
            self._prepare(tex_path.read_text())
            self.process = self._start_pass(tex_path.name)
        else:
            directory = tex_path.parent
            for name in (GO, BODY):
                (directory / name).unlink(missing_ok=True)
            os.mkfifo(directory / GO)
            # Held open (read-write: never blocks) until feed(): TeX's open succeeds, its read
            # waits for the end of the file, which comes when this, the only writer, is closed.
            self.go = os.open(directory / GO, os.O_RDWR | os.O_NONBLOCK)
            _HELD.add(self.go)
            (directory / DRIVER).write_text(
                f"{preamble}\\csname @@input\\endcsname {GO}\n\\csname @@input\\endcsname {BODY}\n",
                encoding="utf-8")
            self.source = preamble
            self.process = self._start_pass(DRIVER)

    @classmethod
    def primed(cls, tex_path: Path, preamble: str, when: BuildTime | None = None) -> CompileJob:
        """Start the first pass on ``preamble`` (everything before ``\\begin{document}``)."""
        return cls(tex_path, when, preamble=preamble)

    def _prepare(self, source: str) -> None:
        # The cross-references the first pass will write, so that one pass suffices.
        predicted = texlabels.predict(source)
        self.tex_path.with_suffix(".aux").write_text(predicted)
        self.previous = texlabels.digest(predicted)
        self.source = source

    def feed(self, source: str) -> None:
        """Write ``source`` (the whole .tex) and let the primed pass read its body.  A source
        whose preamble is not the primed one is compiled from scratch instead."""
        if self.fed:
            raise RuntimeError("this compile has its source already")
        self.fed = True
        self.deadline = time.monotonic() + self.timeout
        self.tex_path.write_text(source, encoding="utf-8")
        primed = self.preamble is not None and source.startswith(self.preamble)
        if primed:
            padding = "\n" * self.preamble.count("\n")  # the body's lines keep their numbers
            self.tex_path.with_name(BODY).write_text(padding + source[len(self.preamble):],
                                                     encoding="utf-8")
        self._prepare(source)
        if not primed:
            self.cancel()
            self.process = self._start_pass(self.tex_path.name)
            return
        self._release()

    def _release(self) -> None:
        """Let TeX go on to the body, never blocking, whatever TeX is doing: an empty regular
        file replaces the FIFO (for a TeX that has not opened it yet), then the FIFO's only
        writer is closed (a TeX reading it sees its end)."""
        go, self.go = self.go, None
        if go is None:
            return
        path = self.tex_path.with_name(GO)
        with contextlib.suppress(OSError):
            empty = path.with_name(GO + ".empty")
            empty.write_bytes(b"")
            os.replace(empty, path)
        _HELD.discard(go)
        os.close(go)

    def _start_pass(self, input_name: str) -> subprocess.Popen[bytes]:
        stem = self.tex_path.stem
        command = ["sh", "-c", PASS, "bnreport-tex", stem, input_name, *ENGINE_FLAGS]
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
        if not self.fed:
            raise RuntimeError("a primed compile waits for feed() first")
        while True:
            self._wait_pass()
            aux = self.tex_path.with_suffix(".aux")
            current = texlabels.digest(aux.read_text(errors="replace")) if aux.is_file() else ""
            if current == self.previous or self.passes >= MAX_PASSES:
                return self.tex_path.with_suffix(".pdf")
            self.previous = current
            self.passes += 1
            self.process = self._start_pass(self.tex_path.name)

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
        self._release()


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
    name = Path(match["file"]).name  # the primed driver and body keep the whole .tex's lines
    where = f"{'bnreport.tex' if name in (BODY, DRIVER) else name}:{line_no}"
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
