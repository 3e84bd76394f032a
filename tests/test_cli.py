"""The command line as a user meets it: exit codes, one-line errors, nothing lost on failure."""

from __future__ import annotations

import pytest
from planted import PLANTED, PLANTED_IDS, plant

from bnreport import latex
from bnreport.cli import main
from bnreport.closed import Closed
from bnreport.errors import TexError


def test_help_lists_the_commands(capsys):
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    assert all(name in out for name in ("build", "snippets", "check"))


@pytest.mark.parametrize("argv", [["--bogus"], ["build", "--out"], ["snippets", "--data"]])
def test_bad_usage_exits_2(argv, capsys):
    assert main(argv) == 2
    assert "usage:" in capsys.readouterr().err


def test_missing_data_file_is_one_line_exit_2(tmp_path, capsys):
    code = main(["--data", str(tmp_path / "nope.toml"), "--out", str(tmp_path / "o")])
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1 and "nope.toml" in err and "Traceback" not in err


@pytest.mark.parametrize(("name", "owner", "attribute", "wrong", "step_id"), PLANTED,
                         ids=PLANTED_IDS)
def test_planted_wrong_step_fails_the_build_with_exit_1_and_writes_nothing(
        monkeypatch, tmp_path, capsys, name, owner, attribute, wrong, step_id):
    plant(monkeypatch, owner, attribute, wrong)
    out = tmp_path / "out"
    assert main(["--out", str(out), "-q"]) == 1
    assert f"step '{step_id}'" in capsys.readouterr().err
    assert not (out / "bnreport.pdf").exists()
    assert not (out / "snippets").exists() and not (out / "bnreport.tex").exists()


def test_planted_wrong_step_stops_the_figures_and_coqc(monkeypatch, tmp_path):
    events = []

    class Worker:
        def __init__(self, *args, **kwargs):
            events.append("figures started")

        def draw(self, view, directory):
            events.append("figures drawing")

        def counts(self, draws):  # None: the build draws the simulation itself
            return None

        def close(self):
            events.append("figures stopped")

    class Coq:
        def __init__(self, *args, **kwargs):
            events.append("coqc started")

        def cancel(self):
            events.append("coqc stopped")

    monkeypatch.setattr("bnreport.figjob.FigureWorker", Worker)
    monkeypatch.setattr("bnreport.pipeline.FormalJob", Coq)
    monkeypatch.setattr("bnreport.pipeline.spec_from_note", lambda note: None)
    monkeypatch.setattr(Closed, "C", property(lambda self: self.quad + 1))
    assert main(["--out", str(tmp_path), "-q"]) == 1
    assert sorted(events) == sorted(["figures started", "figures drawing", "coqc started",
                                     "coqc stopped", "figures stopped", "figures stopped"])
    assert not (tmp_path / "bnreport.pdf").exists() and not (tmp_path / "bnreport.tex").exists()


def test_planted_wrong_step_also_stops_snippets(monkeypatch, tmp_path):
    monkeypatch.setattr(Closed, "wstar", property(lambda self: self.xty))
    assert main(["snippets", "--out", str(tmp_path), "-q"]) == 1
    assert not (tmp_path / "snippets").exists() and not (tmp_path / "bnreport.sty").exists()


def test_without_tex_the_tex_and_snippets_are_written_and_exit_is_3(monkeypatch, tmp_path, capsys):
    monkeypatch.setattr("bnreport.pipeline.tex_available", lambda: False)
    assert main(["--out", str(tmp_path), "-q"]) == 3
    err = capsys.readouterr().err
    assert "apt-get install" in err and "Traceback" not in err
    assert (tmp_path / "bnreport.tex").is_file()
    assert (tmp_path / "snippets" / "bn-std.tex").is_file()
    assert not (tmp_path / "bnreport.pdf").exists()


def test_snippets_do_not_start_tex(monkeypatch, tmp_path):
    def no_tex(*args, **kwargs):
        raise AssertionError("snippets must not compile")

    monkeypatch.setattr("bnreport.pipeline.CompileJob", no_tex)
    assert main(["snippets", "--out", str(tmp_path), "-q"]) == 0
    assert (tmp_path / "bnreport.sty").is_file()


def test_debug_shows_the_traceback(tmp_path):
    with pytest.raises(Exception, match=r"nope\.toml"):
        main(["--debug", "--data", str(tmp_path / "nope.toml")])


@pytest.mark.latex
def test_failed_compile_keeps_the_previous_pdf_and_names_the_step(monkeypatch, tmp_path, capsys):
    assert main(["--out", str(tmp_path), "-q"]) == 0
    previous = (tmp_path / "bnreport.pdf").read_bytes()
    original = latex.document_source

    def broken(title, author, date, body, info=None):
        return original(title, author, date,
                        body.replace(r"\mu(\mathbf{w}) &=", r"\mu \undefinedmacro &=", 1), info)

    monkeypatch.setattr("bnreport.pipeline.document_source", broken)
    assert main(["--out", str(tmp_path), "-q", "--force"]) == 3
    err = capsys.readouterr().err
    assert "step 'bn-mean'" in err and "Undefined control sequence" in err
    assert err.count("\n") == 1
    assert (tmp_path / "bnreport.pdf").read_bytes() == previous


@pytest.mark.latex
def test_warm_rerun_starts_no_tex(monkeypatch, tmp_path, capsys):
    assert main(["--out", str(tmp_path)]) == 0

    def no_tex(*args, **kwargs):
        raise TexError("TeX must not run on a warm re-run")

    monkeypatch.setattr("bnreport.pipeline.CompileJob", no_tex)
    assert main(["--out", str(tmp_path)]) == 0
    assert "up to date" in capsys.readouterr().err


def test_out_that_is_a_file_is_an_input_error(tmp_path, capsys):
    target = tmp_path / "file"
    target.write_text("x")
    assert main(["snippets", "--out", str(target)]) == 2
    assert "not a directory" in capsys.readouterr().err
