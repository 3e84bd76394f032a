"""Tokens of the claim language, as a reviewer pastes them; anything else is an error with its column.

The tokenizer reads plain ASCII claims (``grad_Chat(W0) ~= (-1.23, 4.56)``) and, besides, the
pieces of notation that come out of the note's PDF (``∇Ĉ(W ∗) ≈ (−1.23, 4.56)``, via pdftotext) and
out of its LaTeX (``\\nabla\\hat{\\mathcal{C}}(W^{*})``): single Unicode symbols, LaTeX commands and
braces are tokens of their own, which :mod:`.notation` rewrites into the plain language.

Only ASCII digits and letters make numbers and names: ``\\d`` would also let through digits of other
scripts, and a name never starts with ``_``, so no dunder (``__import__``) is even a token.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..errors import InputError

#: Longer claims are refused before any work: a megabyte of text ends in microseconds.
MAX_LENGTH = 10_000

#: Unicode symbols read as tokens of their own (the rest of the text must be ASCII).
SYMBOLS = frozenset(
    "≈≤≥≠−–·×⋅∇√∥‖⟨⟩〈〉∗⋆★²³¹⁰⁴⁵⁶⁷⁸⁹⁻₀₁₂₃₄₅₆₇₈₉µμσĈĉˆ\u0302\u0338⩽⩾≦≧∣")

_TOKEN = re.compile(r"""
    (?P<space>[ \t\r\n\f\v\u00a0\u2000-\u200b\u202f\u205f\u3000\ufeff]+)
  | (?P<number>(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+\-\u2212]?[0-9]+)?)
  | (?P<name>[A-Za-z](?:[A-Za-z0-9]|_(?=[A-Za-z0-9]))*)
  | (?P<latex>\\[A-Za-z]+|\\[^A-Za-z])
  | (?P<op>\*\*|==|!=|~=|<=|>=|[-+*/^<>(),=\[\]{}_|&$~!])
""", re.VERBOSE)


class ClaimError(InputError):
    """A claim that cannot be read or evaluated; ``column`` is 1-based (0 when not positional)."""

    def __init__(self, message: str, column: int = 0) -> None:
        self.column = column
        self.reason = message
        super().__init__(f"{message} (column {column})" if column else message)


@dataclass(frozen=True)
class Token:
    kind: str  # "number", "name", "op", "latex", "symbol", "end"
    text: str
    column: int
    #: Directly after the previous token (no space): ``Cˆ`` is Ĉ, ``C ˆ`` is not.
    joined: bool = False


def clean(text: str) -> str:
    """What is pasted around a claim, removed: a byte-order mark and a sentence's full stop.

    ``C(2, 5) == 7.`` ends a sentence; dropping the stop never changes a number (``7.`` is 7,
    with no decimals, as ``7`` is)."""
    text = text.rstrip()  # leading spaces and a BOM are read as spaces: columns stay right
    if text.endswith("."):
        text = text[:-1].rstrip()
    return text


def tokenize(text: str) -> list[Token]:
    if len(text) > MAX_LENGTH:
        raise ClaimError(f"the claim has {len(text)} characters; at most {MAX_LENGTH} are read")
    tokens: list[Token] = []
    position = 0
    previous_end = -1
    while position < len(text):
        char = text[position]
        match = _TOKEN.match(text, position)
        if match:
            kind, value, end = match.lastgroup or "", match.group(), match.end()
        elif char in SYMBOLS:
            kind, value, end = "symbol", char, position + 1
        else:
            raise ClaimError(f"unexpected character {char!r}{_hint(char)}", position + 1)
        if kind != "space":
            tokens.append(Token(kind, value, position + 1, joined=position == previous_end))
            previous_end = end
        position = end
    tokens.append(Token("end", "", len(text) + 1))
    return tokens


def _hint(char: str) -> str:
    if char in "'\"":
        return "; claims contain no strings"
    if char == ";":
        return "; one claim per line (or per argument)"
    if char == "#":
        return "; '#' starts a comment only in a claims file"
    return ""
