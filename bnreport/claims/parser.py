"""Recursive-descent parser: claim text → a small immutable AST (never Python's own parser).

    claim    := ["not"] sum [relation sum]
    sum      := product (("+" | "-") product)*
    product  := unary (("*" | "/") unary | unary-without-sign)*   (juxtaposition: 2 w1, 2 sqrt(3))
    unary    := ("-" | "+") unary | power
    power    := postfix [("^" | "**") unary]              (right-associative: 2^3^2 = 2^9)
    postfix  := atom ("[" sum ["," sum] "]")*              (components from 1: v[1], M[1, 2])
    atom     := number | name | name "(" args ")" | "(" sum ("," sum)* [","] ")"

The text first goes through :mod:`.notation`, so pasted Unicode and LaTeX arrive here as the plain
tokens above.  Chains such as ``1 + 1 + … + 1`` become one flat :class:`Chain` (not a left-leaning
tree), so the evaluator's recursion depth is bounded by the nesting depth, which is limited here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .lexer import ClaimError, Token, clean, tokenize
from .notation import normalise

RELATIONS = ("==", "!=", "<=", ">=", "<", ">", "~=")
#: Parentheses, unary signs and exponents may nest this deep; Python's own limit is never reached.
MAX_DEPTH = 60


@dataclass(frozen=True)
class Number:
    text: str  # digits with at most one "." and an optional exponent (1e-3), as written
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
class Index:
    """``base[i]`` or ``base[i, j]``: components counted from 1, as w1, w2 are."""

    base: Node
    indices: tuple[Node, ...]
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
    negated: bool = False  # "not P" for a predicate P


Node = Number | Name | Call | Tuple | Unary | Power | Index | Chain


def column_of(node: Node) -> int:
    return column_of(node.first) if isinstance(node, Chain) else node.column


def walk(node: Node):
    """Every node of a tree (for questions such as "does the claim mention w?")."""
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        if isinstance(current, Chain):
            stack += [current.first, *(operand for _, operand, _ in current.rest)]
        elif isinstance(current, Call | Tuple):
            stack += list(current.args if isinstance(current, Call) else current.items)
        elif isinstance(current, Unary):
            stack.append(current.operand)
        elif isinstance(current, Power):
            stack += [current.base, current.exponent]
        elif isinstance(current, Index):
            stack += [current.base, *current.indices]


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
        negated = False
        if (self.current.kind == "name" and self.current.text == "not") or (
                self.current.kind == "op" and self.current.text == "!"):
            negated = True
            self.index += 1
        left = self.sum()
        relation = self.take(*RELATIONS)
        if relation is None and self.current.text == "=" and self.current.kind == "op":
            raise ClaimError("'=' is not a relation here: write '==' for exact equality (or '~=' "
                             "for 'equal as printed')", self.current.column)
        right = self.sum() if relation else None
        if self.current.kind != "end":
            token = self.current
            hint = "; one relation per claim" if token.text in (*RELATIONS, "=") else ""
            raise ClaimError(f"unexpected {token.text!r}{hint}", token.column)
        if negated and relation is not None:
            raise ClaimError("'not' negates a predicate such as is_critical(Chat, W0); for a "
                             "relation use its opposite (== and !=, < and >=)", 1)
        return Claim(left, relation.text if relation else None, right,
                     relation.column if relation else 1, negated)

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
        first = self.unary()
        rest = []
        while True:
            if (op := self.take("*", "/")) is not None:
                rest.append((op.text, self.unary(), op.column))
            elif self.juxtaposed():
                column = self.current.column
                rest.append(("*", self.power(), column))
            else:
                break
        return Chain(first, tuple(rest)) if rest else first

    def juxtaposed(self) -> bool:
        """Does an implicit product follow (``2 w1``, ``2 sqrt(3)``, ``(a)(b)``)?  Two numbers in
        a row are refused: pdftotext prints 4/3 as ``43``, and guessing would change the claim."""
        token = self.current
        if token.kind == "number":
            raise ClaimError(f"two values in a row before {token.text!r}: a missing operator? "
                             "(write * between factors; fractions as a/b)", token.column)
        if token.kind == "name" and token.text == "not":
            return False
        return token.kind == "name" or (token.kind == "op" and token.text == "(")

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
        base = self.postfix()
        if (op := self.take("^", "**")) is not None:
            return self.nested(lambda: Power(base, self.unary(), op.column), op.column)
        return base

    def postfix(self) -> Node:
        node = self.atom()
        while (bracket := self.take("[")) is not None:
            indices = [self.sum()]
            if self.take(","):
                indices.append(self.sum())
            self.expect("]")
            node = Index(node, tuple(indices), bracket.column)
        return node

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
            items, trailing = self.items(allow_trailing=True)
            return items[0] if len(items) == 1 and not trailing else Tuple(items, token.column)
        if token.kind == "op" and token.text == "=":
            raise ClaimError("'=' is not a relation here: write '==' for exact equality",
                             token.column)
        raise ClaimError(f"expected a number, a name or '(' but found {_found(token)}",
                         token.column)

    def items(self, allow_trailing: bool = False):
        """Comma-separated expressions up to the closing parenthesis (already past the "(").

        With ``allow_trailing`` also whether a comma closed the list: ``(3,)`` is a 1-vector."""
        if self.take(")"):
            raise ClaimError("empty parentheses", self.tokens[self.index - 1].column)
        items = [self.sum()]
        trailing = False
        while self.take(","):
            if allow_trailing and self.current.kind == "op" and self.current.text == ")":
                trailing = True
                break
            items.append(self.sum())
        self.expect(")")
        return (tuple(items), trailing) if allow_trailing else tuple(items)


def _found(token: Token) -> str:
    return repr(token.text) if token.kind != "end" else "the end of the claim"


def parse(text: str) -> Claim:
    """The AST of one claim, or :class:`ClaimError` naming the column where reading stopped."""
    return _Parser(normalise(tokenize(clean(text)))).claim()
