"""Recursive-descent parser: claim text → a small immutable AST (never Python's own parser).

    claim    := sum [relation sum]
    sum      := product (("+" | "-") product)*
    product  := unary (("*" | "/") unary)*
    unary    := ("-" | "+") unary | power
    power    := atom [("^" | "**") unary]              (right-associative: 2^3^2 = 2^9)
    atom     := number | name | name "(" args ")" | "(" sum ("," sum)* ")"

Chains such as ``1 + 1 + … + 1`` become one flat :class:`Sum` (not a left-leaning tree), so the
evaluator's recursion depth is bounded by the nesting depth, which is limited here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .lexer import ClaimError, Token, tokenize

RELATIONS = ("==", "!=", "<=", ">=", "<", ">", "~=")
#: Parentheses, unary signs and exponents may nest this deep; Python's own limit is never reached.
MAX_DEPTH = 60


@dataclass(frozen=True)
class Number:
    text: str  # digits with at most one ".", exactly as written
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
    op: str  # "-" or "+"
    operand: Node
    column: int


@dataclass(frozen=True)
class Power:
    base: Node
    exponent: Node
    column: int


@dataclass(frozen=True)
class Chain:
    """``first (op operand)*`` for one precedence level: ops are all in "+-" or all in "*/"."""

    first: Node
    rest: tuple[tuple[str, Node, int], ...]  # (op, operand, column of op)


@dataclass(frozen=True)
class Claim:
    left: Node
    relation: str | None
    right: Node | None
    column: int  # of the relation (or 1 for a bare predicate)


Node = Number | Name | Call | Tuple | Unary | Power | Chain


def column_of(node: Node) -> int:
    return column_of(node.first) if isinstance(node, Chain) else node.column


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
            raise ClaimError(f"expected {text!r} but found {_found(self.current)}",
                             self.current.column)
        return token

    def claim(self) -> Claim:
        left = self.sum()
        relation = self.take(*RELATIONS)
        right = self.sum() if relation else None
        if self.current.kind != "end":
            token = self.current
            hint = "; one relation per claim" if token.text in RELATIONS else ""
            raise ClaimError(f"unexpected {token.text!r}{hint}", token.column)
        return Claim(left, relation.text if relation else None, right,
                     relation.column if relation else 1)

    def nested(self, parse: Callable[[], Node], column: int) -> Node:
        """Run ``parse`` one level deeper; a depth limit instead of Python's RecursionError."""
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ClaimError(f"the claim nests deeper than {MAX_DEPTH} levels", column)
        node = parse()
        self.depth -= 1
        return node

    def sum(self) -> Node:
        return self.nested(lambda: self.chain(("+", "-"), self.product), self.current.column)

    def product(self) -> Node:
        return self.chain(("*", "/"), self.unary)

    def chain(self, ops: tuple[str, ...], operand: Callable[[], Node]) -> Node:
        first = operand()
        rest = []
        while (op := self.take(*ops)) is not None:
            rest.append((op.text, operand(), op.column))
        return Chain(first, tuple(rest)) if rest else first

    def unary(self) -> Node:
        if (op := self.take("-", "+")) is not None:
            return self.nested(lambda: Unary(op.text, self.unary(), op.column), op.column)
        return self.power()

    def power(self) -> Node:
        base = self.atom()
        if (op := self.take("^", "**")) is not None:
            return self.nested(lambda: Power(base, self.unary(), op.column), op.column)
        return base

    def atom(self) -> Node:
        token = self.current
        if token.kind == "number":
            self.index += 1
            return Number(token.text, token.column)
        if token.kind == "name":
            self.index += 1
            if self.take("("):
                return Call(token.text, self.items(), token.column)
            return Name(token.text, token.column)
        if self.take("("):
            items = self.items()
            return items[0] if len(items) == 1 else Tuple(items, token.column)
        raise ClaimError(f"expected a number, a name or '(' but found {_found(token)}",
                         token.column)

    def items(self) -> tuple[Node, ...]:
        """Comma-separated expressions up to the closing parenthesis (already past the "(")."""
        if self.take(")"):
            raise ClaimError("empty parentheses", self.tokens[self.index - 1].column)
        items = [self.sum()]
        while self.take(","):
            items.append(self.sum())
        self.expect(")")
        return tuple(items)


def _found(token: Token) -> str:
    return repr(token.text) if token.kind != "end" else "the end of the claim"


def parse(text: str) -> Claim:
    """The AST of one claim, or :class:`ClaimError` naming the column where reading stopped."""
    return _Parser(tokenize(text)).claim()
