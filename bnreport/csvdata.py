"""One streaming pass over a CSV learning set into exact sufficient statistics.

Decimal fields are scaled to integers (10^-E units, E = most decimals seen so far), so 200,000 rows
cost plain integer arithmetic; fields such as ``1/3`` take a slower exact Fraction path.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Iterator
from fractions import Fraction
from pathlib import Path

from .errors import InputError
from .model import ROW_DISPLAY_LIMIT, Stats, Vector

_DECIMAL = re.compile(r"\s*([+-]?)(\d*)(?:\.(\d*))?\s*\Z")


class _Scaled:
    """Σx, XᵀX, Xᵀy, Σy, Σy² in integer units of 10^-E (sums) and 10^-2E (products)."""

    def __init__(self, p: int) -> None:
        self.p, self.e = p, 0
        self.sum_x = [0] * p
        self.xtx = [[0] * p for _ in range(p)]
        self.xty = [0] * p
        self.sum_y = self.sum_yy = 0

    def rescale(self, e: int) -> None:
        one, two = 10 ** (e - self.e), 10 ** (2 * (e - self.e))
        self.sum_x = [v * one for v in self.sum_x]
        self.xtx = [[v * two for v in row] for row in self.xtx]
        self.xty = [v * two for v in self.xty]
        self.sum_y *= one
        self.sum_yy *= two
        self.e = e

    def fractions(self) -> tuple[list[Fraction], list[list[Fraction]], list[Fraction], Fraction,
                                 Fraction]:
        one, two = 10**self.e, 10 ** (2 * self.e)
        xtx = [[Fraction(self.xtx[min(i, j)][max(i, j)], two) for j in range(self.p)]
               for i in range(self.p)]
        return ([Fraction(v, one) for v in self.sum_x], xtx, [Fraction(v, two) for v in self.xty],
                Fraction(self.sum_y, one), Fraction(self.sum_yy, two))


def _field(text: str, where: str) -> tuple[int, int] | Fraction:
    """(digits, decimals) for a plain decimal, else an exact Fraction (e.g. ``1/3``)."""
    match = _DECIMAL.match(text)
    if match and (match[2] or match[3]):
        digits = (match[2] or "") + (match[3] or "")
        value = int(digits or "0")
        return (-value if match[1] == "-" else value), len(match[3] or "")
    try:
        value = Fraction(text.strip())
    except (ValueError, ZeroDivisionError):
        raise InputError(f"{where}: {text.strip()!r} is not a finite number "
                         "(use plain decimals such as 1.5 or fractions such as 1/3)") from None
    return value


def _lines(path: Path) -> Iterator[tuple[int, str]]:
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            yield from enumerate(handle, start=1)
    except OSError as err:
        raise InputError(f"{path}: cannot read the CSV file ({err.strerror})") from None
    except UnicodeDecodeError:
        raise InputError(f"{path}: the CSV file is not UTF-8 text") from None


def _header(path: Path, line: str) -> int:
    names = [name.strip() for name in line.split(",")]
    p = len(names) - 1
    if p < 1 or names != [*(f"x{j}" for j in range(1, p + 1)), "y"]:
        raise InputError(f"{path}:1: the header must be x1,...,xp,y (got {line.strip()!r})")
    return p


CHUNK = 1 << 15


def _fast_columns(lines: list[str], p: int) -> tuple[int, list[list[int]]] | None:
    """Columns of a chunk as integers at a common scale 10^-E, or None if any field is not a
    plain decimal (then the exact per-row path parses it and reports errors with line numbers).

    Column-wise list comprehensions and C-level sums are ~5x faster than a per-row loop."""
    text = "".join(lines)
    if "_" in text or not text.isascii():  # int() would accept 1_000 and non-ASCII digits
        return None
    rows = [line.split(",") for line in lines]
    if any(len(r) != p + 1 for r in rows):
        return None
    columns = [[r[j].strip() for r in rows] for j in range(p + 1)]
    try:
        decimals = [[len(f) - 1 - f.index(".") if "." in f else 0 for f in col] for col in columns]
        e = max(max(d) for d in decimals)
        ints = [[int(f.replace(".", "", 1)) * 10 ** (e - d) for f, d in zip(col, ds, strict=True)]
                for col, ds in zip(columns, decimals, strict=True)]
    except ValueError:
        return None
    return e, ints


def _add_columns(scaled: _Scaled, e: int, ints: list[list[int]]) -> None:
    if e > scaled.e:
        scaled.rescale(e)
    else:
        factor = 10 ** (scaled.e - e)
        ints = [[v * factor for v in col] for col in ints] if factor != 1 else ints
    *xs, y = ints
    for i, xi in enumerate(xs):
        scaled.sum_x[i] += sum(xi)
        scaled.xty[i] += sum(map(operator.mul, xi, y))
        for j in range(i, scaled.p):
            scaled.xtx[i][j] += sum(map(operator.mul, xi, xs[j]))
    scaled.sum_y += sum(y)
    scaled.sum_yy += sum(map(operator.mul, y, y))


def _chunks(path: Path) -> Iterator[tuple[int, list[str]]]:
    """(number of the chunk's first line, non-blank lines) for the lines after the header."""
    chunk: list[str] = []
    start = 2
    for number, line in _lines(path):
        if number == 1:
            continue
        if not chunk:
            start = number
        chunk.append(line)
        if len(chunk) == CHUNK:
            yield start, chunk
            chunk = []
    if chunk:
        yield start, chunk


def read_csv(path: Path) -> tuple[Stats, tuple[tuple[Vector, Fraction], ...] | None]:
    """Sufficient statistics of ``path`` (and its rows when there are few of them)."""
    first = next(_lines(path), None)
    if first is None:
        raise InputError(f"{path}: the CSV file is empty; it needs a header x1,...,xp,y")
    p = _header(path, first[1])
    scaled = _Scaled(p)
    exact_rows: list[tuple[Vector, Fraction]] = []
    kept: list[tuple[Vector, Fraction]] = []
    n = 0
    for start, chunk in _chunks(path):
        numbered = [(start + k, line) for k, line in enumerate(chunk) if line.strip()]
        lines = [line for _, line in numbered]
        fast = _fast_columns(lines, p) if lines else None
        if fast is not None:
            _add_columns(scaled, *fast)
        else:
            exact_rows.extend(_exact_row(path, number, line, p) for number, line in numbered)
        if n == 0 and len(lines) <= ROW_DISPLAY_LIMIT:  # a small set: keep its rows for display
            kept = [_exact_row(path, number, line, p) for number, line in numbered]
        n += len(lines)
    exact = Stats.from_rows(exact_rows) if exact_rows else None
    return _merge(n, p, scaled, exact), (tuple(kept) if n <= ROW_DISPLAY_LIMIT else None)


def _exact_row(path: Path, number: int, line: str, p: int) -> tuple[Vector, Fraction]:
    fields = line.split(",")
    if len(fields) != p + 1:
        raise InputError(f"{path}:{number}: expected {p + 1} fields, found {len(fields)}")
    values = []
    for j, text in enumerate(fields):
        parsed = _field(text, f"{path}:{number}: column {j + 1}")
        values.append(parsed if isinstance(parsed, Fraction) else Fraction(parsed[0], 10 ** parsed[1]))
    return tuple(values[:-1]), values[-1]


def _merge(n: int, p: int, scaled: _Scaled, exact: Stats | None) -> Stats:
    sum_x, xtx, xty, sum_y, sum_yy = scaled.fractions()
    if exact is not None:
        sum_x = [a + b for a, b in zip(sum_x, exact.sum_x, strict=True)]
        xtx = [[a + b for a, b in zip(r, s, strict=True)] for r, s in zip(xtx, exact.xtx, strict=True)]
        xty = [a + b for a, b in zip(xty, exact.xty, strict=True)]
        sum_y += exact.sum_y
        sum_yy += exact.sum_yy
    return Stats(n, tuple(sum_x), tuple(tuple(r) for r in xtx), tuple(xty), sum_y, sum_yy)
