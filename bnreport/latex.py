"""Stage 5a: the document shell (pylatex) and a locked-down TeX compile.

pylatex builds the class, packages and title; the body comes from the Jinja templates.  We run
latexmk ourselves instead of ``Document.generate_pdf`` because the compile policy needs what pylatex
does not offer: an environment that forbids reads and writes outside the build tree, no rc files,
stdin closed, a timeout, and a log we can map back to the failing step.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

from pylatex import Command, Document, NoEscape, Package

from .errors import TexError, TexMissing
from .texescape import escape

TEX_INSTALL_HINT = (
    "install TeX with `apt-get install texlive-latex-base texlive-latex-recommended "
    "texlive-fonts-recommended lmodern latexmk` (or run `make pdf`)"
)
ENGINE_FLAGS = ("-no-shell-escape", "-interaction=nonstopmode", "-halt-on-error", "-file-line-error")
TIMEOUT_SECONDS = 120
_STEP_MARK = re.compile(r"^% bnreport step: (?P<id>[a-z0-9-]+)")
_ERROR_LINE = re.compile(r"^(?P<file>[^:\n]+\.tex):(?P<line>\d+): (?P<msg>.*)$", re.MULTILINE)


def document_source(title: str, author: str, date: str, body: str) -> str:
    """The complete ``.tex`` of the note; only packages from the texlive-latex-* base sets."""
    doc = Document(
        documentclass="article", document_options=["11pt", "a4paper"], fontenc="T1",
        inputenc="utf8", lmodern=True, textcomp=True, page_numbers=False,
        geometry_options={"margin": "2.4cm"},
    )
    doc.change_document_style("plain")  # page numbers without pylatex's lastpage dependency
    for name in ("amsmath", "amssymb", "amsthm", "array", "booktabs", "longtable", "graphicx"):
        doc.packages.append(Package(name))
    doc.packages.append(Package("hyperref", options=["hidelinks"]))
    # The note is written as definitions, propositions with proofs, and one theorem.
    doc.preamble.append(NoEscape(
        r"\newtheorem{theorem}{Theorem}\newtheorem{proposition}{Proposition}"
        r"\theoremstyle{definition}\newtheorem{definition}{Definition}"))
    # Paragraphs are separated by space, not indented: prose alternates with displayed steps.
    doc.preamble.append(NoEscape(r"\setlength{\parindent}{0pt}\setlength{\parskip}{0.5ex}"))
    doc.preamble.append(Command("title", NoEscape(escape(title))))
    doc.preamble.append(Command("author", NoEscape(escape(author))))
    doc.preamble.append(Command("date", NoEscape(escape(date))))
    doc.append(Command("maketitle"))
    doc.append(NoEscape(body))
    return doc.dumps() + "\n"


def tex_available() -> bool:
    return shutil.which("latexmk") is not None and shutil.which("pdflatex") is not None


def safe_environment() -> dict[str, str]:
    env = dict(os.environ)
    # kpathsea: 'p'aranoid forbids dot files and absolute paths or '..' outside the working tree.
    env.update(openin_any="p", openout_any="p", shell_escape="f", TEXMFOUTPUT="")
    return env


class CompileJob:
    """latexmk running in the background, so the checks can run on the other core meanwhile.

    Its PDF stays in the staging directory until :meth:`wait` returns and the caller publishes it;
    :meth:`cancel` stops it when a check fails.
    """

    def __init__(self, tex_path: Path) -> None:
        if not tex_available():
            raise TexMissing(f"no TeX engine found (latexmk/pdflatex); {TEX_INSTALL_HINT}")
        self.tex_path = tex_path
        command = ["latexmk", "-norc", "-pdf", "-quiet", *ENGINE_FLAGS, tex_path.name]
        self.process = subprocess.Popen(
            command, cwd=tex_path.parent, env=safe_environment(), stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )

    def wait(self) -> Path:
        try:
            output, _ = self.process.communicate(timeout=TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            self.cancel()
            raise TexError(f"LaTeX did not finish within {TIMEOUT_SECONDS} s; "
                           "the previous PDF is kept") from None
        pdf = self.tex_path.with_suffix(".pdf")
        if self.process.returncode != 0 or not pdf.is_file():
            log = self.tex_path.with_suffix(".log")
            log_text = log.read_text(errors="replace") if log.is_file() else output
            raise TexError(describe_failure(log_text, self.tex_path.read_text()))
        return pdf

    def cancel(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.communicate()


def describe_failure(log_text: str, source: str) -> str:
    """One line: the first error, mapped to the step/template that produced that line."""
    match = _ERROR_LINE.search(log_text)
    if not match:
        tail = " ".join(log_text.strip().splitlines()[-3:])[:200]
        return f"LaTeX failed without a file:line error ({tail}); the previous PDF is kept"
    line_no = int(match["line"])
    where = f"{Path(match['file']).name}:{line_no}"
    origin = step_at_line(source, line_no)
    excerpt = _excerpt(log_text, match.end())
    return (f"LaTeX error at {where} ({origin}): {match['msg'].strip()}{excerpt}; "
            "the previous PDF is kept")


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
