"""Learning sets with many features build a checked note (p = 5 here; 10 and 20 in the bench)."""

from __future__ import annotations

import random

import pytest

from bnreport.cli import main


def random_toml(path, p: int, seed: int = 1):
    rng = random.Random(seed)
    n = p + 5
    xs = [[rng.randint(-5, 5) for _ in range(p)] for _ in range(n)]
    ys = [rng.randint(-5, 5) for _ in range(n)]
    path.write_text(f'title = "Random learning set with {p} features"\n[data]\n'
                    f"x = {xs}\ny = {ys}\n")
    return path


def test_five_features_build_checked_snippets(tmp_path, capsys):
    data = random_toml(tmp_path / "p5.toml", 5)
    assert main(["snippets", "--data", str(data), "--out", str(tmp_path / "out")]) == 0
    err = capsys.readouterr().err
    assert "p = 5" in err and "steps passed" in err
    assert (tmp_path / "out" / "snippets" / "init-probability-m.tex").is_file()


@pytest.mark.latex
def test_five_features_build_the_pdf(tmp_path, capsys):
    data = random_toml(tmp_path / "p5.toml", 5, seed=2)
    assert main(["--data", str(data), "--out", str(tmp_path / "out"), "--no-formal"]) == 0
    assert (tmp_path / "out" / "bnreport.pdf").is_file()
    assert (tmp_path / "out" / "figures" / "landscape-cone.pdf").is_file()


@pytest.mark.parametrize("name", ["W0 negative inner product", "d along e1", "d along e2",
                                  "p=1", "W* maximiser: centred x, gamma<0", "N=2 p=1",
                                  "W0: holds for (K), fails for (M)", "W0 orthogonal to d"])
def test_every_branch_builds_through_the_cli(tmp_path, name):
    # Data that crashed earlier versions (issue 9) or reach rare branches: exit 0.
    from datasets import CASES

    spec = CASES[name]
    xs = [[str(v) for v in x] for x, _ in spec["rows"]]
    ys = [str(y) for _, y in spec["rows"]]
    lines = ["[data]", f"x = {xs}", f"y = {ys}",
             "[bn]", f'gamma = "{spec.get("gamma", 1)}"', f'beta = "{spec.get("beta", 0)}"']
    if "w0" in spec:
        lines += ["[init]", f"w0 = {[str(v) for v in spec['w0']]}"]
    data = tmp_path / "case.toml"
    data.write_text("\n".join(lines).replace("'", '"') + "\n")
    assert main(["snippets", "-q", "--data", str(data), "--out", str(tmp_path / "out")]) == 0
