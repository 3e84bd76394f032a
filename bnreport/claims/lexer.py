"""Tokens of the claim language; anything else is an error with its column.

Only ASCII digits and letters are accepted: ``\\d`` would also let through digits of other scripts,
and a name can never start with ``_``, so no dunder (``__import__``, ``__class__``) is even a token.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..errors import InputError

#: Longer claims are refused before any work: a megabyte of text ends in microseconds.
MAX_LENGTH = 10_000

_TOKEN = re.compile(r"""
    (?P<space>[ \t]+)
  | (?P<number>[0-9]+(?:\.[0-9]*)?|\.[0-9]+)
  | (?P<name>[A-Za-z][A-Za-z0-9_]*)
  | (?P<op>\*\*|==|!=|~=|<=|>=|[-+*/^<>(),\u2212])
""", re.VERBOSE)


class ClaimError(InputError):
    """A claim that cannot be read or evaluated; ``column`` is 1-based (0 when not positional)."""

    def __init__(self, message: str, column: int = 0) -> None:
        self.column = column
        super().__init__(f"{message} (column {column})" if column else message)


@dataclass(frozen=True)
class Token:
    kind: str  # "number", "name", "op", "end"
    text: str
    column: int


def tokenize(text: str) -> list[Token]:
    if len(text) > MAX_LENGTH:
        raise ClaimError(f"the claim has {len(text)} characters; at most {MAX_LENGTH} are read")
    tokens: list[Token] = []
    position = 0
    while position < len(text):
        match = _TOKEN.match(text, position)
        if not match:
            raise ClaimError(f"unexpected character {text[position]!r}", position + 1)
        kind = match.lastgroup or ""
        if kind != "space":
            # U+2212 is how PDFs print a minus sign; a figure pasted from the paper keeps working.
            tokens.append(Token(kind, match.group().replace("\u2212", "-"), position + 1))
        position = match.end()
    tokens.append(Token("end", "", len(text) + 1))
    return tokens
