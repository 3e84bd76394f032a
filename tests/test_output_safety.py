"""Issue 14: --out never loses a user's file, never follows or leaves a link, and "up to date" is
said only of a complete, undamaged set from the same input."""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bnreport import cache, manifest, output, publisher
from bnreport.cli import main
from bnreport.loader import load_problem

SNIPPETS = ["snippets", "-q"]


def snippets(out: Path, *extra: str) -> int:
    return main([*SNIPPETS, "--out", str(out), *extra])


def one_line(err: str) -> str:
    assert err.count("\n") == 1 and "Traceback" not in err, err
    return err


def tree(path: Path) -> dict[str, bytes | str]:
    """Every entry under ``path`` (links as their target text), to show nothing changed."""
    found: dict[str, bytes | str] = {}
    for root, dirs, files in os.walk(path):
        for name in dirs + files:
            full = Path(root) / name
            rel = str(full.relative_to(path))
            if full.is_symlink():
                found[rel] = "-> " + os.readlink(full)
            elif full.is_file():
                found[rel] = full.read_bytes()
    return found


# -- unsafe targets: one line, exit 2, nothing written ---------------------------------------------
@pytest.mark.parametrize(("where", "needle"), [
    ("/", "root directory"),
    ("~", "home directory"),
    ("~/..", "directory; give a directory of its own"),  # / when home is /root
    ("/etc", "system directory"),
    ("/usr", "system directory"),
    ("/proc/self", "system directory"),
    ("/dev/shm/bnreport-test", "system directory"),
])
def test_unsafe_targets_are_refused(where, needle, capsys):
    assert snippets(Path(os.path.expanduser(where))) == 2
    assert needle in one_line(capsys.readouterr().err)


def test_world_writable_directory_is_refused(tmp_path, capsys):
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o1777)
    assert snippets(shared) == 2
    assert "writable by every user" in one_line(capsys.readouterr().err)
    assert list(shared.iterdir()) == []
    assert snippets(shared / "mine") == 0  # a directory of its own inside it is fine


@pytest.mark.parametrize("name", ["bnreport.tex", "bnreport.pdf", "bnreport.sty"])
def test_a_users_file_with_our_name_is_never_overwritten(tmp_path, capsys, name):
    (tmp_path / name).write_text("my own work\n")
    before = tree(tmp_path)
    assert main(["--out", str(tmp_path), "-q"]) == 2
    assert f"{name} was not written by bnreport" in one_line(capsys.readouterr().err)
    assert tree(tmp_path) == before


def test_unknown_files_in_snippets_are_never_deleted(tmp_path, capsys):
    assert snippets(tmp_path) == 0
    note = tmp_path / "snippets" / "my-notes.txt"
    note.write_text("keep me\n")
    assert snippets(tmp_path, "--force") == 2
    err = one_line(capsys.readouterr().err)
    assert "snippets/my-notes.txt was not written by bnreport" in err
    assert note.read_text() == "keep me\n"
    note.unlink()
    assert snippets(tmp_path, "--force") == 0


def test_other_files_in_the_directory_are_left_alone(tmp_path):
    (tmp_path / "paper.tex").write_text("\\documentclass{article}\n")
    (tmp_path / "plots").mkdir()
    (tmp_path / "plots" / "plot.pdf").write_bytes(b"%PDF")
    before = tree(tmp_path)
    assert snippets(tmp_path) == 0
    after = tree(tmp_path)
    assert {k: v for k, v in after.items() if k in before} == before
    assert (tmp_path / "snippets" / "bn-std.tex").is_file()


def test_a_directory_of_the_users_at_one_of_our_names_is_refused(tmp_path, capsys):
    # figures/ and formal/ are bnreport's outputs too: a user's own figures/ is never replaced.
    (tmp_path / "figures").mkdir()
    (tmp_path / "figures" / "plot.pdf").write_bytes(b"%PDF")
    assert snippets(tmp_path) == 2
    assert "figures/plot.pdf was not written by bnreport" in capsys.readouterr().err
    assert (tmp_path / "figures" / "plot.pdf").read_bytes() == b"%PDF"


def test_an_unwritable_out_is_one_line_before_any_work(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(output.os, "access", lambda path, mode: False)
    assert snippets(tmp_path / "out") == 2
    assert "is not writable" in one_line(capsys.readouterr().err)
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("code", [errno.EROFS, errno.EACCES, errno.ENOSPC])
def test_a_failing_write_is_one_line_with_exit_2(tmp_path, monkeypatch, capsys, code):
    def refuse(self, *args, **kwargs):
        raise OSError(code, os.strerror(code), str(self))

    monkeypatch.setattr(Path, "mkdir", refuse)
    assert snippets(tmp_path / "out") == 2
    assert os.strerror(code) in one_line(capsys.readouterr().err)


# -- links -------------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["snippets", "bnreport.sty", "bnreport.tex", "bnreport.pdf",
                                  ".bnreport"])
def test_a_link_in_place_of_an_output_is_refused_and_its_target_untouched(tmp_path, capsys, name):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "precious.txt").write_text("do not touch\n")
    out = tmp_path / "out"
    out.mkdir()
    (out / name).symlink_to(elsewhere if name in ("snippets", ".bnreport") else
                            elsewhere / "precious.txt")
    before = tree(tmp_path)
    assert main(["--out", str(out), "-q"]) == 2
    assert "link" in one_line(capsys.readouterr().err) or "not bnreport's" in capsys.readouterr().err
    assert tree(tmp_path) == before


def test_a_link_at_the_old_stamp_name_is_removed_not_followed(tmp_path):
    target = tmp_path / "victim.json"
    target.write_text("original\n")
    out = tmp_path / "out"
    out.mkdir()
    (out / ".bnreport-stamp.json").symlink_to(target)
    assert snippets(out) == 0
    assert target.read_text() == "original\n"
    assert not os.path.lexists(out / ".bnreport-stamp.json")
    assert [p for p in out.rglob("*") if p.is_symlink()] == []


def test_no_link_is_ever_left_behind(tmp_path):
    assert main(["--out", str(tmp_path), "-q"]) in (0, 3)
    assert snippets(tmp_path, "--force") == 0
    assert [p for p in tmp_path.rglob("*") if p.is_symlink()] == []


def test_outputs_of_an_older_version_are_adopted(tmp_path):
    """A directory written before the manifest existed: stamp file, outputs, generated fragments."""
    (tmp_path / ".bnreport-stamp.json").write_text('{"fingerprint": "x", "pdf": false}')
    (tmp_path / "bnreport.sty").write_text("% bnreport.sty -- generated by bnreport 0.0.9\n")
    (tmp_path / "snippets").mkdir()
    (tmp_path / "snippets" / "old-step.tex").write_text("% Generated by bnreport 0.0.9 from x\n")
    (tmp_path / ".bnreport-build-dead").mkdir()
    os.utime(tmp_path / ".bnreport-build-dead", (0, 0))
    assert snippets(tmp_path) == 0
    assert not (tmp_path / "snippets" / "old-step.tex").exists()  # ours: replaced with the set
    assert not (tmp_path / ".bnreport-stamp.json").exists()
    assert not (tmp_path / ".bnreport-build-dead").exists()
    assert "input sha256" in (tmp_path / "bnreport.sty").read_text()


# -- the stamp describes exactly the outputs on disk -----------------------------------------------
DAMAGE = {
    "empty pdf": lambda out: (out / "bnreport.pdf").write_bytes(b""),
    "deleted fragment": lambda out: (out / "snippets" / "bn-std.tex").unlink(),
    "edited sty": lambda out: (out / "bnreport.sty").write_text("% edited\n"),
    "edited index": lambda out: (out / "snippets" / "index.json").write_text("{}"),
    "deleted tex": lambda out: (out / "bnreport.tex").unlink(),
    "stamp deleted": lambda out: (out / ".bnreport" / "manifest.json").unlink(),
    "fragment made a link": lambda out: _linked(out / "snippets" / "bn-std.tex"),
}


def _linked(path: Path) -> None:
    copy = path.with_name("copy.txt.bak")
    path.rename(copy)
    path.symlink_to(copy)


@pytest.fixture
def fake_tex(tmp_path_factory, monkeypatch):
    """A fast stand-in for latexmk/pdflatex on PATH: the 'PDF' is the first line of the .tex."""
    from faketex import install

    return install(tmp_path_factory.mktemp("bin"), monkeypatch)


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_damaged_outputs_are_never_up_to_date(tmp_path, capsys, fake_tex, damage):
    assert main(["--out", str(tmp_path), "-q"]) == 0
    DAMAGE[damage](tmp_path)
    code = main(["--out", str(tmp_path)])
    err = capsys.readouterr().err
    if damage == "fragment made a link":  # a link where ours was: refused, not followed
        assert code == 2 and "not written by bnreport" in err
        return
    assert code == 0 and "up to date" not in err
    assert main(["--out", str(tmp_path)]) == 0
    assert "up to date" in capsys.readouterr().err
    assert (tmp_path / "bnreport.pdf").stat().st_size > 0


def test_a_failed_tex_run_of_another_input_keeps_the_old_set_and_is_not_up_to_date(
        tmp_path, capsys, fake_tex, other_input):
    out = tmp_path / "out"
    assert main(["--out", str(out), "-q"]) == 0
    before = tree(out)
    fake_tex.mode("fail")
    assert main(["--out", str(out), "-q", "--data", str(other_input)]) == 3
    assert "source and log" in one_line(capsys.readouterr().err)
    assert {k: v for k, v in tree(out).items() if not k.startswith(".bnreport")} == {
        k: v for k, v in before.items() if not k.startswith(".bnreport")}
    fake_tex.mode("ok")
    assert main(["--out", str(out), "--data", str(other_input)]) == 0
    assert "up to date" not in capsys.readouterr().err
    assert digests(out) == {load_problem(other_input).digest}


def test_a_failed_stamp_write_is_never_up_to_date(tmp_path, monkeypatch, capsys):
    assert snippets(tmp_path) == 0
    real_write = manifest.write
    monkeypatch.setattr(output, "_finish_detached", lambda out, fd: publisher.finish(out))

    def fail_on_the_stamp(out, record):
        if record.stamp is not None and record.pending is None:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real_write(out, record)

    monkeypatch.setattr(manifest, "write", fail_on_the_stamp)
    assert snippets(tmp_path, "--force") == 2
    assert "No space left" in one_line(capsys.readouterr().err)
    monkeypatch.setattr(manifest, "write", real_write)
    assert snippets(tmp_path) == 0
    assert "up to date" not in capsys.readouterr().err


def test_snippets_of_another_input_remove_the_pdf_of_the_first(tmp_path, fake_tex, other_input):
    assert main(["--out", str(tmp_path), "-q"]) == 0
    assert snippets(tmp_path) == 0
    assert (tmp_path / "bnreport.pdf").is_file()  # same input: the PDF stays
    assert snippets(tmp_path, "--data", str(other_input)) == 0
    assert not (tmp_path / "bnreport.pdf").exists() and not (tmp_path / "bnreport.tex").exists()
    assert digests(tmp_path) == {load_problem(other_input).digest}


def test_the_stamp_lists_the_hash_of_every_output(tmp_path):
    assert snippets(tmp_path) == 0
    record = json.loads((tmp_path / ".bnreport" / "manifest.json").read_text())
    files = record["stamp"]["files"]
    on_disk = {str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*")
               if p.is_file() and ".bnreport" not in p.parts}
    assert set(files) == on_disk
    assert record["stamp"]["fingerprint"] == cache.fingerprint(load_problem(None))
    assert record["pending"] is None


def digests(out: Path) -> set[str]:
    from faketex import digests_on_disk

    return digests_on_disk(out)


def test_outputs_are_recognised_when_the_private_directory_was_deleted(tmp_path, fake_tex):
    assert main(["--out", str(tmp_path), "-q"]) == 0
    fake_pdf = (tmp_path / "bnreport.pdf").read_bytes()
    (tmp_path / "bnreport.pdf").write_bytes(fake_pdf + b"\n/BnreportInput (0123456789abcdef)\n")
    publisher.remove_tree(tmp_path / ".bnreport")
    assert main(["--out", str(tmp_path), "-q"]) == 0
    assert (tmp_path / ".bnreport" / "manifest.json").is_file()


def test_without_a_manifest_a_users_file_is_still_refused(tmp_path, capsys, monkeypatch):
    import bnreport.checkjob as checkjob

    def failing_check(steps, between=None):
        raise KeyboardInterrupt  # a build that created .bnreport/ but never published

    monkeypatch.setattr(checkjob, "check_steps", failing_check)
    assert snippets(tmp_path) == 130
    assert (tmp_path / ".bnreport").is_dir() and manifest.read(tmp_path) is None
    monkeypatch.undo()
    (tmp_path / "bnreport.tex").write_text("\\documentclass{article}% mine\n")
    assert main(["--out", str(tmp_path), "-q"]) == 2
    assert "bnreport.tex was not written by bnreport" in capsys.readouterr().err
    assert (tmp_path / "bnreport.tex").read_text() == "\\documentclass{article}% mine\n"


def test_a_fifo_in_place_of_the_manifest_never_blocks(tmp_path):
    """Every run reads the manifest first: a FIFO there is treated as no manifest, unread."""
    assert snippets(tmp_path) == 0
    fifo = tmp_path / ".bnreport" / "manifest.json"
    fifo.unlink()
    os.mkfifo(fifo)
    done = subprocess.run([sys.executable, "-m", "bnreport", "snippets", "-q", "--out",
                           str(tmp_path)], capture_output=True, text=True, timeout=120,
                          stdin=subprocess.DEVNULL, cwd=Path(__file__).resolve().parent.parent)
    assert done.returncode == 0, done.stderr
