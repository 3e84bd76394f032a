"""Evaluate a parsed claim exactly on the derived quantities and give a verdict."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import sympy as sp

from ..check import (
    decimal_parts,
    decimal_text,
    exact_sign,
    is_zero_constant,
    round_half_away,
    rounds_to,
    verify_identity,
)
from ..errors import CheckFailed
from ..quantities import Quantities, dot
from ..steps import Identity
from . import values as v
from .lexer import ClaimError
from .parser import Binary, Call, Claim, Name, Node, Number, Tuple, Unary, parse
from .predicates import KINDS, decide_c, decide_chat


@dataclass(frozen=True)
class Result:
    claim: str
    verdict: str  # "true", "false", "error"
    message: str
    exact: str | None = None
    lhs: float | list[float] | list[list[float]] | None = None


#: quantity name → (attribute of Quantities, needs σ ≠ 0)
QUANTITIES: dict[str, tuple[str, bool]] = {
    "z": ("z", False), "mu": ("mu", False), "sigma": ("sigma", False), "C": ("C", False),
    "Chat": ("Chat", True), "grad_C": ("grad_C", False), "grad_Chat": ("grad_Chat", True),
    "hess_C": ("hess_C", False), "hess_Chat": ("hess_Chat", True),
}


class Evaluator:
    def __init__(self, q: Quantities) -> None:
        self.q = q
        self.names: dict[str, Callable[[], v.Value]] = {
            "W0": lambda: q.w0, "Wstar": lambda: q.wstar, "w": lambda: q.wvec,
            **{f"w{i + 1}": (lambda s=s: s) for i, s in enumerate(q.w)},
        }

    def value(self, node: Node) -> v.Value:
        if isinstance(node, Number):
            return v.number(node.text, node.column)
        if isinstance(node, Name):
            if node.name in self.names:
                return self.names[node.name]()
            raise ClaimError(f"unknown name {node.name!r} (points: W0, Wstar, w, w1..w{self.q.p})",
                             node.column)
        if isinstance(node, Tuple):
            items = [self.value(item) for item in node.items]
            if any(isinstance(i, sp.MatrixBase) for i in items):
                raise ClaimError("tuples hold numbers only", node.column)
            return sp.Matrix(items)
        if isinstance(node, Unary):
            operand = self.value(node.operand)
            return -operand if node.op == "-" else operand
        if isinstance(node, Binary):
            return self.binary(node)
        return self.call(node)

    def binary(self, node: Binary) -> v.Value:
        left, right = self.value(node.left), self.value(node.right)
        if node.op in "+-":
            return v.add(left, right, 1 if node.op == "+" else -1, node.column)
        if node.op == "*":
            return v.multiply(left, right, node.column)
        if node.op == "/":
            return v.divide(left, right, node.column)
        return v.power(left, right, node.column)

    def point(self, args: tuple[Node, ...], name: str, column: int) -> sp.Matrix:
        values = [self.value(a) for a in args]
        if len(values) == 1 and v.is_vector(values[0]):
            point = values[0]
        elif all(not isinstance(x, sp.MatrixBase) for x in values):
            point = sp.Matrix(values)  # C(2, 5) is C((2, 5))
        else:
            raise ClaimError(f"{name} takes one point", column)
        if point.rows != self.q.p:
            raise ClaimError(f"{name} needs a point with {self.q.p} coordinates, got {point.rows}",
                             column)
        return point

    def call(self, node: Call) -> v.Value:
        name, args, column = node.name, node.args, node.column
        if name in QUANTITIES:
            return self.quantity(name, self.point(args, name, column), column)
        if name in KINDS:
            raise ClaimError(f"{name}(...) is a whole claim; it cannot be part of an expression",
                             column)
        values = [self.value(a) for a in args]
        if name == "sqrt" and len(values) == 1 and not isinstance(values[0], sp.MatrixBase):
            if not values[0].free_symbols and exact_sign(values[0]) < 0:
                raise ClaimError("sqrt of a negative number", column)
            return sp.sqrt(values[0])
        if name == "dot" and len(values) == 2 and all(v.is_vector(x) for x in values):
            if values[0].rows != values[1].rows:
                raise ClaimError("dot needs two vectors of the same length", column)
            return dot(values[0], values[1])
        if name == "norm" and len(values) == 1 and v.is_vector(values[0]):
            return sp.sqrt(dot(values[0], values[0]))
        if name in ("sqrt", "dot", "norm"):
            raise ClaimError(f"wrong arguments for {name}: sqrt(x), dot(u, v), norm(u)", column)
        raise ClaimError(f"unknown function {name!r}", column)

    def quantity(self, name: str, point: sp.Matrix, column: int) -> v.Value:
        attribute, needs_sigma = QUANTITIES[name]
        q = self.q
        if name == "z" and not q.has_rows:
            raise ClaimError("z needs the rows of the learning set, which are not kept for N > 8",
                             column)
        if needs_sigma and not point.free_symbols and point == sp.zeros(q.p, 1):
            raise ClaimError(f"{name} is undefined at {v.exact_text(point)}: σ = 0 there", column)
        expr = getattr(q, attribute)
        expr = sp.Matrix(expr) if isinstance(expr, list) else expr
        if point.free_symbols:
            subs = dict(zip(q.w, list(point), strict=True))
            return v.check_defined(expr.xreplace(subs), name, column)
        return v.check_defined(q.at(expr, point), name, column)


def _printed(node: Node, column: int) -> list[str]:
    """The decimal literals on the right of ``~=`` (with their signs), as written."""
    if isinstance(node, Number):
        return [node.text]
    if isinstance(node, Unary) and isinstance(node.operand, Number):
        return [("-" if node.op == "-" else "") + node.operand.text]
    if isinstance(node, Tuple):
        return [text for item in node.items for text in _printed(item, column)]
    raise ClaimError("'~=' compares with printed decimals such as -0.5 or (1.25, -3.0)", column)


def judge(ev: Evaluator, claim: Claim, text: str) -> Result:
    if claim.relation is None:
        if isinstance(claim.left, Call) and claim.left.name in KINDS:
            return _predicate(ev, claim.left, text)
        raise ClaimError("a claim needs a relation (==, !=, <, <=, >, >=, ~=) or a predicate "
                         "such as is_critical(Chat, Wstar)")
    assert claim.right is not None
    left = ev.value(claim.left)
    if claim.relation == "~=":
        return _rounded(left, _printed(claim.right, 0), text)
    right = ev.value(claim.right)
    if isinstance(left, sp.MatrixBase) != isinstance(right, sp.MatrixBase) or (
            isinstance(left, sp.MatrixBase) and left.shape != right.shape):
        raise ClaimError(f"cannot compare {v.describe(left)} with {v.describe(right)}")
    symbolic = any(e.free_symbols for e in v.entries(left) + v.entries(right))
    if claim.relation in ("==", "!="):
        equal, reason = (_identity(ev, left, right) if symbolic else _equal(left, right))
        holds = equal if claim.relation == "==" else not equal
        return _result(text, holds, reason, None if symbolic else left)
    if symbolic or isinstance(left, sp.MatrixBase):
        raise ClaimError(f"'{claim.relation}' compares two numbers, not vectors or expressions in w")
    sign = exact_sign(left - right)
    holds = {"<": sign < 0, "<=": sign <= 0, ">": sign > 0, ">=": sign >= 0}[claim.relation]
    return _result(text, holds, "decided by the exact sign of the difference", left)


def _equal(left: v.Value, right: v.Value) -> tuple[bool, str]:
    equal = all(is_zero_constant(sp.expand(a - b))
                for a, b in zip(v.entries(left), v.entries(right), strict=True))
    return equal, "exact comparison" + ("" if equal else f"; right side is {v.exact_text(right)}")


def _identity(ev: Evaluator, left: v.Value, right: v.Value) -> tuple[bool, str]:
    try:
        verify_identity("claim", Identity(left, right, tuple(ev.q.w)))
    except CheckFailed as failed:
        where = f" at {failed.point}" if failed.point else ""
        return False, f"not an identity in w: {failed.reason}{where}"
    return True, "identity in w: the difference reduces to 0 and vanishes at random exact points"


def _rounded(left: v.Value, printed: list[str], text: str) -> Result:
    values = v.entries(left)
    if any(e.free_symbols for e in values):
        raise ClaimError("'~=' needs a number or a point on the left, not an expression in w")
    if len(values) != len(printed):
        raise ClaimError(f"'~=' compares {len(values)} value(s) with {len(printed)} printed")
    parts = [decimal_parts(p) for p in printed]
    holds = all(rounds_to(value, *part) for value, part in zip(values, parts, strict=True))
    rounded = [decimal_text(round_half_away(value, d), d) for value, (_, d) in zip(values, parts,
                                                                                     strict=True)]
    shown = rounded[0] if len(rounded) == 1 and not isinstance(left, sp.MatrixBase) else (
        "(" + ", ".join(rounded) + ")")
    return _result(text, holds, f"rounds (half away from zero) to {shown}", left)


def _predicate(ev: Evaluator, call: Call, text: str) -> Result:
    if len(call.args) < 2 or not isinstance(call.args[0], Name) or call.args[0].name not in (
            "C", "Chat"):
        raise ClaimError(f"use {call.name}(C, point) or {call.name}(Chat, point)", call.column)
    function = call.args[0].name
    point = ev.point(call.args[1:], call.name, call.column)
    if point.free_symbols:
        raise ClaimError(f"{call.name} needs a numeric point, not an expression in w", call.column)
    if function == "Chat" and point == sp.zeros(ev.q.p, 1):
        raise ClaimError("Chat is undefined at the origin: σ = 0 there", call.column)
    decide = decide_c if function == "C" else decide_chat
    decision = decide(ev.q, call.name, point)
    return Result(text, "true" if decision.holds else "false", decision.reason)


def _result(text: str, holds: bool, reason: str, left: v.Value | None) -> Result:
    if left is None:
        return Result(text, "true" if holds else "false", reason)
    message = f"left side = {v.exact_text(left)} ≈ {v.approx_text(left)}; {reason}"
    return Result(text, "true" if holds else "false", message, v.exact_text(left), v.as_float(left))


def evaluate(q: Quantities, text: str) -> Result:
    """A verdict for one claim; nothing the text contains can make this raise."""
    try:
        return judge(Evaluator(q), parse(text), text)
    except ClaimError as err:
        return Result(text, "error", str(err))
    except (ValueError, TypeError, ArithmeticError, RecursionError, NotImplementedError) as err:
        # sympy refusing an operation (e.g. an undecidable sign) is reported, not raised.
        return Result(text, "error", f"could not evaluate: {type(err).__name__}: {err}"[:300])
