"""Every number is derived: no result of Example 3.2 is typed into the code or the templates."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SOURCES = sorted([*ROOT.joinpath("bnreport").rglob("*.py"), *ROOT.joinpath("templates").rglob("*")])
FORBIDDEN = {
    "exact gradient denominator": r"\b1369\b",
    "gradient decimals": r"0\.3393|0\.1131|0\.34\b|0\.11\b|-?0\.339|0\.113",
    "radicands": r"\b194\b|\b74\b",
    "constant of Chat": r"\b201\b|\b198\b",
    "distance to the ray": r"72/17|\b72\b",
    "ray equation": r"3\s*\*?\s*w_?\{?1\}?\s*=\s*5\s*\*?\s*w|\(5,\s*3\)|\[5,\s*3\]",
    "minimiser": r"\(1,\s*3\)|\[1,\s*3\]",
}


def test_sources_are_found():
    assert any(p.parent.name == "derive" for p in SOURCES)
    assert any(p.name == "step.tex.jinja" for p in SOURCES)


@pytest.mark.parametrize("label", list(FORBIDDEN))
def test_no_result_value_is_typed(label):
    pattern = re.compile(FORBIDDEN[label])
    hits = [f"{p.relative_to(ROOT)}:{n}: {line.strip()}"
            for p in SOURCES if p.is_file()
            for n, line in enumerate(p.read_text(errors="replace").splitlines(), start=1)
            if pattern.search(line)]
    assert hits == [], f"{label} typed by hand:\n" + "\n".join(hits)
