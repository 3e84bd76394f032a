"""Issue 14: fractions in a CSV take the fast column-wise path too (2,000,000 rows used to take a
Fraction per field: 20-100 s), and the sums stay exact against the Fraction reference."""

from __future__ import annotations

import random
from fractions import Fraction

import pytest

from bnreport import csvdata
from bnreport.errors import InputError
from bnreport.loader import load_problem
from bnreport.model import Stats


def field(rng: random.Random, kind: str) -> tuple[str, Fraction]:
    if kind == "mixed":
        kind = rng.choice(["fraction", "decimal", "integer"])
    if kind == "fraction":
        a, b = rng.randint(-99, 99), rng.randint(1, 40)
        return f"{a}/{b}", Fraction(a, b)
    if kind == "decimal":
        v = rng.randint(-99999, 99999)
        return f"{v / 1000:.3f}", Fraction(v, 1000)
    v = rng.randint(-50, 50)
    return str(v), Fraction(v)


@pytest.mark.parametrize("kinds", [("fraction", "fraction", "fraction"), ("mixed", "decimal", "fraction"),
                                   ("mixed", "mixed", "mixed"), ("integer", "fraction", "decimal")])
@pytest.mark.parametrize("block", [64, 4096, csvdata.BLOCK])
def test_fraction_columns_are_exact_and_never_take_the_slow_path(tmp_path, monkeypatch, kinds, block):
    monkeypatch.setattr(csvdata, "BLOCK", block)

    def slow(*args, **kwargs):
        raise AssertionError("the exact per-row path ran")

    monkeypatch.setattr(csvdata, "_exact_block", slow)
    rng = random.Random(hash(kinds) % 1000 + block)
    rows, lines = [], []
    for _ in range(3000):
        cells = [field(rng, kind) for kind in kinds]
        lines.append(",".join(text for text, _ in cells))
        rows.append(((cells[0][1], cells[1][1]), cells[2][1]))
    (tmp_path / "set.csv").write_text("x1,x2,y\n" + "\n".join(lines) + "\n")
    (tmp_path / "data.toml").write_text('[data]\ncsv = "set.csv"\n')
    assert load_problem(tmp_path / "data.toml").stats == Stats.from_rows(rows)


@pytest.mark.parametrize(("text", "needle"), [("1/0", "divides by zero"), ("1/-3", "not a finite"),
                                               ("1/+3", "not a finite"), ("1.5/2", "not a finite"),
                                               ("1/2/3", "not a finite")])
def test_a_bad_fraction_falls_back_to_the_exact_path_and_is_named(tmp_path, text, needle):
    (tmp_path / "set.csv").write_text(f"x1,y\n1/2,1\n{text},2\n3/4,3\n")
    (tmp_path / "data.toml").write_text('[data]\ncsv = "set.csv"\n')
    with pytest.raises(InputError, match=rf"set\.csv:3: column 1 \(x1\).*{needle}"):
        load_problem(tmp_path / "data.toml")
