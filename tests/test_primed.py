"""TeX primed on the preamble (it loads while bnreport derives, then waits on a FIFO): the PDF is
byte-identical to a plain compile, errors in the body name the step and the whole .tex's line,
a changed preamble compiles from scratch, and no forked process can hold TeX back."""

from __future__ import annotations

import multiprocessing
import os
import time
from pathlib import Path

import pytest

from bnreport import latex
from bnreport.cli import main
from bnreport.errors import TexError
from bnreport.latex import CompileJob, preamble_of

pytestmark = pytest.mark.latex
ENV = {"SOURCE_DATE_EPOCH": "1700000000"}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("primed")
    saved = dict(os.environ)
    os.environ.update(ENV)
    try:
        assert main(["-q", "--no-formal", "--out", str(out)]) == 0
    finally:
        os.environ.clear()
        os.environ.update(saved)
    return out


def test_a_build_without_coqc_publishes_every_output(built):
    names = sorted(p.name for p in built.iterdir() if not p.name.startswith("."))
    assert names == ["bnreport.pdf", "bnreport.sty", "bnreport.tex", "figures", "snippets"]
    assert (built / "bnreport.tex").read_text().rstrip().endswith(r"\end{document}")


def _plain_compile(source: str, figures: Path, directory: Path) -> bytes:
    directory.mkdir()
    (directory / "figures").symlink_to(figures)
    tex = directory / "bnreport.tex"
    tex.write_text(source)
    return CompileJob(tex, latex.reproducible.build_time("", ENV)).wait().read_bytes()


def test_the_primed_pdf_is_the_plain_compiles_byte_for_byte(built, tmp_path):
    source = (built / "bnreport.tex").read_text()
    assert (built / "bnreport.pdf").read_bytes() == \
        _plain_compile(source, built / "figures", tmp_path / "plain")


@pytest.mark.parametrize("precompiled", [True, False])
def test_an_error_in_the_body_names_its_step_and_line(built, tmp_path, monkeypatch, precompiled):
    """With the precompiled preamble the failed pass is repeated on the whole .tex; without it
    the error is reported in the body file, whose lines are the whole .tex's."""
    if not precompiled:
        monkeypatch.setattr(latex, "_format_environment", lambda source, dump: {})
    source = (built / "bnreport.tex").read_text()
    broken = source.replace(r"\mu(\mathbf{w}) &=", r"\mu \undefinedmacro &=", 1)
    assert broken != source
    (tmp_path / "figures").symlink_to(built / "figures")
    job = CompileJob.primed(tmp_path / "bnreport.tex", preamble_of(source))
    job.feed(broken)
    with pytest.raises(TexError) as failed:
        job.wait()
    line = next(i for i, text in enumerate(broken.splitlines(), 1) if "undefinedmacro" in text)
    assert f"bnreport.tex:{line} " in str(failed.value) and "step 'bn-mean'" in str(failed.value)
    log = (tmp_path / "bnreport.log").read_text(errors="replace")
    assert (latex.BODY in log) is not precompiled


def test_a_changed_preamble_compiles_from_scratch(built, tmp_path):
    source = (built / "bnreport.tex").read_text()
    (tmp_path / "figures").symlink_to(built / "figures")
    job = CompileJob.primed(tmp_path / "bnreport.tex", preamble_of(source).replace(
        "11pt", "10pt"))
    job.feed(source)
    assert job.wait().read_bytes().startswith(b"%PDF")
    assert not (tmp_path / latex.BODY).exists()


def _sleep() -> None:
    time.sleep(30)


def test_a_process_forked_after_priming_does_not_hold_tex_back(built, tmp_path):
    """The FIFO's writer end is closed in forked children (the checks, the publisher): TeX
    must finish long before this 30-second child does."""
    source = (built / "bnreport.tex").read_text()
    (tmp_path / "figures").symlink_to(built / "figures")
    job = CompileJob.primed(tmp_path / "bnreport.tex", preamble_of(source))
    child = multiprocessing.get_context("fork").Process(target=_sleep, daemon=True)
    child.start()
    try:
        start = time.monotonic()
        job.feed(source)
        job.wait()
        assert time.monotonic() - start < 20
    finally:
        child.kill()
        child.join()


def test_a_cancelled_primed_compile_leaves_no_tex(tmp_path):
    source = latex.document_source("t", "a", "", "x")
    job = CompileJob.primed(tmp_path / "bnreport.tex", preamble_of(source))
    job.cancel()
    assert job.process.poll() is not None and job.go is None


def test_the_timeout_counts_from_the_body_not_from_priming(built, tmp_path, monkeypatch):
    """Found by review: the deadline ran from priming, so slow algebra became a TeX timeout."""
    monkeypatch.setenv("BNREPORT_TEX_TIMEOUT", "2")
    source = (built / "bnreport.tex").read_text()
    (tmp_path / "figures").symlink_to(built / "figures")
    job = CompileJob.primed(tmp_path / "bnreport.tex", preamble_of(source))
    time.sleep(3)  # the algebra, slower than the TeX timeout
    job.feed(source)
    assert job.wait().read_bytes().startswith(b"%PDF")


def test_an_error_in_the_preamble_names_the_whole_tex(tmp_path, monkeypatch):
    monkeypatch.setattr(latex, "_format_environment", lambda source, dump: {})
    source = latex.document_source("t", "a", "", "x").replace(
        r"\begin{document}", "\\badpreamblemacro\n\\begin{document}")
    job = CompileJob.primed(tmp_path / "bnreport.tex", preamble_of(source))
    job.feed(source)
    with pytest.raises(TexError, match=r"LaTeX error at bnreport\.tex:\d+ "):
        job.wait()


def test_directories_of_killed_builds_are_removed(tmp_path):
    import tempfile

    from bnreport import texstart
    from bnreport.loader import load_problem

    stale = Path(tempfile.gettempdir()) / f"{texstart.PREFIX}999999999-abc"  # no such process
    stale.mkdir(exist_ok=True)
    (stale / "bnreport.pdf").write_bytes(b"%PDF")
    with texstart.primed_tex(load_problem(None)) as job:
        assert job is not None and job.tex_path.parent.name.startswith(
            f"{texstart.PREFIX}{os.getpid()}-")
        assert not stale.exists()
    assert not job.tex_path.parent.exists()
