"""Exact numbers from untrusted text: integers, decimals, ``a/b`` fractions — never through floats.

The grammar is ours (ASCII digits only, no ``_`` separators) rather than ``Fraction(str)``, which
accepts ``1_000`` and non-ASCII digits and would evaluate ``1e999999999`` by computing 10**999999999.
Exponents, decimal places and digits are capped so that one bad field cannot stall the loader or
the algebra after it (a 4,001-digit integer, ``1e99999999`` and ``"1/10000…0"`` are one-line errors).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any

from .errors import InputError

#: Largest |power of ten| a number may carry (decimal places or exponent); far beyond any real data.
MAX_EXPONENT = 1000
#: Most digits in an integer, a numerator, a denominator or the digits of a decimal.
MAX_DIGITS = 1000
#: The same bound in bits (10^1000 < 2^3322), checked without converting to text.
MAX_BITS = 3322
#: A figure quoted from the paper is a handful of digits; this many is certainly a mistake.
MAX_FIGURE_DIGITS = 40

_DECIMAL = re.compile(r"([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?\Z", re.ASCII)
_RATIO = re.compile(r"([+-]?\d+)/(\d+)\Z", re.ASCII)
_PLAIN = re.compile(r"[+-]?\d+(?:\.\d+)?\Z", re.ASCII)

HINT = "use numbers such as 3, -0.25 or \"1/3\""
RESCALE = "rescale the data"


def parse_number(text: str, where: str) -> Fraction:
    """Exact value of ``text`` (surrounding whitespace ignored); an :class:`InputError` otherwise."""
    stripped = text.strip()
    if sum(map(str.isdigit, stripped)) > 2 * MAX_DIGITS:  # before int() spends time on them
        raise InputError(f"{where}: {_show(stripped)} has more than {MAX_DIGITS} digits; {RESCALE}")
    try:
        ratio = _RATIO.match(stripped)
        if ratio:
            return _ratio(int(ratio[1]), int(ratio[2]), stripped, where)
        match = _DECIMAL.match(stripped)
        if match and (match[2] or match[3]):
            return _scaled(match, stripped, where)
    except ValueError:  # int() refuses more than sys.get_int_max_str_digits() digits
        raise InputError(f"{where}: {_show(stripped)} has more than {MAX_DIGITS} digits; "
                         f"{RESCALE}") from None
    raise InputError(f"{where}: {_show(stripped)} is not a finite number; {HINT}")


def _ratio(numerator: int, denominator: int, text: str, where: str) -> Fraction:
    _check_size(max(abs(numerator), denominator), _show(text), where)
    if denominator == 0:
        raise InputError(f"{where}: {_show(text)} divides by zero; {HINT}")
    return Fraction(numerator, denominator)


def _scaled(match: re.Match[str], text: str, where: str) -> Fraction:
    decimals = match[3] or ""
    power = int(match[4] or "0") - len(decimals)
    _check_power(power, text, where)
    digits = ((match[2] or "") + decimals).lstrip("0")
    if len(digits) > MAX_DIGITS:
        raise InputError(f"{where}: {_show(text)} has more than {MAX_DIGITS} digits; {RESCALE}")
    value = int(digits or "0")
    value = -value if match[1] == "-" else value
    return Fraction(value * 10**power) if power >= 0 else Fraction(value, 10**-power)


def _check_power(power: int, text: str, where: str) -> None:
    if abs(power) > MAX_EXPONENT:
        raise InputError(f"{where}: {_show(text)} is out of range (more than {MAX_EXPONENT} "
                         "decimal places or powers of ten); rescale the data")


def _check_size(value: int, shown: str, where: str) -> None:
    if abs(value).bit_length() > MAX_BITS:
        raise InputError(f"{where}: {shown} has more than {MAX_DIGITS} digits; {RESCALE}")


def _show(text: str) -> str:
    """A short excerpt of a value the user typed, with control characters escaped (one line)."""
    short = text if len(text) <= 24 else text[:21] + "..."
    return ascii(short) if not short.isprintable() else repr(short)


def exact_number(value: Any, where: str) -> Fraction:
    """A TOML value (int, Decimal from ``parse_float=Decimal``, or text such as ``"1/3"``) → Fraction."""
    if isinstance(value, bool):  # bool is an int subclass; true/false is never meant as 1/0 here
        raise InputError(f"{where}: expected a number, got {str(value).lower()}; {HINT}")
    if isinstance(value, int):
        _check_size(value, "the integer", where)
        return Fraction(value)
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise InputError(f"{where}: {value} is not a finite number; {HINT}")
        _check_power(int(value.as_tuple().exponent), str(value), where)
        if len(value.as_tuple().digits) > MAX_DIGITS:
            raise InputError(f"{where}: {_show(str(value))} has more than {MAX_DIGITS} digits; "
                             f"{RESCALE}")
        return Fraction(value)
    if isinstance(value, str):
        return parse_number(value, where)
    raise InputError(f"{where}: expected a number, got {_kind(value)}; {HINT}")


def ratios(values: Sequence[Any], where: Callable[[int], str]) -> list[tuple[int, int]]:
    """Exact (numerator, denominator) of each TOML value; ``where(i)`` names a bad one.

    The common cases (TOML integers and ordinary decimals) skip building a message and a Fraction
    per value: this is the inner loop of large inline learning sets."""
    out: list[tuple[int, int]] = []
    for i, value in enumerate(values):
        kind = type(value)
        if kind is int and value.bit_length() <= MAX_BITS:
            out.append((value, 1))
        elif kind is Decimal and _in_range(value):
            out.append(value.as_integer_ratio())
        else:
            number = exact_number(value, where(i))
            out.append((number.numerator, number.denominator))
    return out


def _in_range(value: Decimal) -> bool:
    _sign, digits, exponent = value.as_tuple()  # exponent 'n', 'N' or 'F' for NaN and infinities
    return isinstance(exponent, int) and abs(exponent) <= MAX_EXPONENT and len(digits) <= MAX_DIGITS


def plain_decimal(value: Any, where: str) -> str:
    """A figure as printed (``-1.25``): kept as text so its number of decimals is known.

    Only plain decimals pass, because the text is later typeset as it is."""
    plain = isinstance(value, str | int | Decimal) and not isinstance(value, bool)
    text = str(value).strip() if plain else None
    too_long = text is not None and len(text) > MAX_FIGURE_DIGITS + 2
    if text is None or too_long or not _PLAIN.match(text):
        shown = _show(text) if text is not None else _kind(value)
        raise InputError(f"{where}: {shown} is not a plain decimal such as -1.25; quote the "
                         "figure exactly as printed")
    return text


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, list):
        return "a list"
    return "a table" if isinstance(value, dict) else type(value).__name__
