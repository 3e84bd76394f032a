"""Recursive-descent parser: claim text → a small immutable AST (never Python's own parser).

    claim    := sum [relation sum]
    sum      := product (("+" | "-") product)*
    product  := unary (("*" | "/") unary)*
    unary    := ("-" | "+") unary | power
    power    := atom [("^" | "**") unary]              (right-associative)
    atom     := number | name | name "(" args ")" | "(" sum ("," sum)* ")"
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .lexer import ClaimError, Token, tokenize

RELATIONS = ("==", "!=", "<=", ">=", "<", ">", "~=")
MAX_DEPTH = 60


@dataclass(frozen=True)
class Number:
    text: str
    column: int


@dataclass(frozen=True)
class Name:
    name: str
    column: int


@dataclass(frozen=True)
class Call:
    name: str
    args: tuple[Node, ...]
    column: int


@dataclass(frozen=True)
class Tuple:
    items: tuple[Node, ...]
    column: int


@dataclass(frozen=True)
class Unary:
    op: str
    operand: Node
    column: int


@dataclass(frozen=True)
class Binary:
    op: str
    left: Node
    right: Node
    column: int


@dataclass(frozen=True)
class Claim:
    left: Node
    relation: str | None
    right: Node | None


Node = Number | Name | Call | Tuple | Unary | Binary


class _Parser:
    def __init__(self, tokens: list[Token]) -> None:
        self.tokens = tokens
        self.index = 0
        self.depth = 0

    @property
    def current(self) -> Token:
        return self.tokens[self.index]

    def take(self, *texts: str) -> Token | None:
        token = self.current
        if token.kind == "op" and token.text in texts:
            self.index += 1
            return token
        return None

    def expect(self, text: str) -> Token:
        token = self.take(text)
        if token is None:
            found = self.current.text or "the end"
            raise ClaimError(f"expected {text!r} but found {found!r}", self.current.column)
        return token

    def claim(self) -> Claim:
        left = self.sum()
        relation = self.take(*RELATIONS)
        right = self.sum() if relation else None
        if self.current.kind != "end":
            raise ClaimError(f"unexpected {self.current.text!r}", self.current.column)
        return Claim(left, relation.text if relation else None, right)

    def nested(self, parse: Callable[[], Node], column: int) -> Node:
        """Run ``parse`` one level deeper; a depth limit instead of Python's RecursionError."""
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ClaimError(f"the claim nests deeper than {MAX_DEPTH} levels", column)
        node = parse()
        self.depth -= 1
        return node

    def sum(self) -> Node:
        return self.nested(self._sum, self.current.column)

    def _sum(self) -> Node:
        node = self.product()
        while (op := self.take("+", "-")) is not None:
            node = Binary(op.text, node, self.product(), op.column)
        return node

    def product(self) -> Node:
        node = self.unary()
        while (op := self.take("*", "/")) is not None:
            node = Binary(op.text, node, self.unary(), op.column)
        return node

    def unary(self) -> Node:
        if (op := self.take("-", "+")) is not None:
            return self.nested(lambda: Unary(op.text, self.unary(), op.column), op.column)
        return self.power()

    def power(self) -> Node:
        base = self.atom()
        if (op := self.take("^", "**")) is not None:
            return self.nested(lambda: Binary("^", base, self.unary(), op.column), op.column)
        return base

    def atom(self) -> Node:
        token = self.current
        if token.kind == "number":
            self.index += 1
            return Number(token.text, token.column)
        if token.kind == "name":
            self.index += 1
            if self.take("("):
                args = self.items(")")
                return Call(token.text, args, token.column)
            return Name(token.text, token.column)
        if self.take("("):
            items = self.items(")")
            return items[0] if len(items) == 1 else Tuple(items, token.column)
        found = token.text or "the end of the claim"
        raise ClaimError(f"expected a number, a name or '(' but found {found!r}", token.column)

    def items(self, closing: str) -> tuple[Node, ...]:
        if self.take(closing):
            raise ClaimError("empty parentheses", self.tokens[self.index - 1].column)
        items = [self.sum()]
        while self.take(","):
            items.append(self.sum())
        self.expect(closing)
        return tuple(items)


def parse(text: str) -> Claim:
    return _Parser(tokenize(text)).claim()
