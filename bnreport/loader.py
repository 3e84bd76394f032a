"""Stage 1: read a learning set from TOML into an exact :class:`~bnreport.model.Problem`.

Numbers are read exactly (decimals as rationals, never through floats); nothing from the file is
evaluated.
"""

from __future__ import annotations

import hashlib
import tomllib
from decimal import Decimal
from fractions import Fraction
from importlib import resources
from pathlib import Path
from typing import Any

from .errors import InputError
from .model import Problem, Quoted, problem_from_rows


def default_data_path() -> Path:
    """The shipped Example 3.2 (inside the wheel, or at the top of a source checkout)."""
    packaged = resources.files("bnreport") / "_data" / "examples" / "example_3_2.toml"
    if packaged.is_file():
        return Path(str(packaged))
    return Path(__file__).resolve().parent.parent / "examples" / "example_3_2.toml"


def exact_number(value: Any, where: str) -> Fraction:
    """An int, an exact decimal, or a string such as ``"1/3"`` or ``"-0.25"`` → Fraction."""
    if isinstance(value, bool):
        raise InputError(f"{where}: expected a number, got {value!r}")
    if isinstance(value, int):
        return Fraction(value)
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise InputError(f"{where}: {value} is not a finite number")
        return Fraction(value)
    if isinstance(value, str):
        try:
            result = Fraction(value.strip())
        except (ValueError, ZeroDivisionError):
            raise InputError(f"{where}: {value!r} is not a number (use 3, 0.25 or \"1/3\")") from None
        return result
    raise InputError(f"{where}: expected a number, got {type(value).__name__}")


def load_problem(path: Path | None = None) -> Problem:
    path = path or default_data_path()
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise InputError(f"{path}: cannot read the data file ({err.strerror})") from None
    try:
        doc = tomllib.loads(raw.decode("utf-8"), parse_float=Decimal)
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
        raise InputError(f"{path}: invalid TOML: {err}") from None
    data = doc.get("data", {})
    xs = [tuple(exact_number(v, f"{path}: data.x[{i}][{j}]") for j, v in enumerate(row))
          for i, row in enumerate(data.get("x", []))]
    ys = [exact_number(v, f"{path}: data.y[{i}]") for i, v in enumerate(data.get("y", []))]
    bn = doc.get("bn", {})
    init = doc.get("init", {})
    w0 = init.get("w0")
    paper = doc.get("paper", {})
    return problem_from_rows(
        list(zip(xs, ys, strict=True)),
        gamma=exact_number(bn.get("gamma", 1), f"{path}: bn.gamma"),
        beta=exact_number(bn.get("beta", 0), f"{path}: bn.beta"),
        w0=None if w0 is None else tuple(exact_number(v, f"{path}: init.w0") for v in w0),
        title=str(doc.get("title", "")),
        author=str(doc.get("author", "")),
        quoted=Quoted(tuple(str(v) for v in paper.get("grad_chat_wstar", ()))),
        source=path.name,
        digest=hashlib.sha256(raw).hexdigest()[:16],
    )
