"""Map a parsed claim onto exact sympy values of the derived quantities, and give the verdict.

Names and functions go through explicit tables; nothing in the claim text is ever looked up as a
Python attribute or handed to an evaluator of Python or sympy text.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass

import sympy as sp

from ..quantities import Quantities, dot
from . import values as v
from .budget import TIME_LIMIT, Timeout, time_limit
from .lexer import ClaimError
from .parser import Call, Chain, Name, Node, Number, Power, Tuple, Unary, parse
from .predicates import KINDS
from .relations import Outcome, judge


@dataclass(frozen=True)
class Result:
    """The verdict on one claim, as printed and as serialised by ``--json``."""

    claim: str
    verdict: str  # "true", "false", "error"
    message: str
    exact: str | None = None
    lhs: float | list[float | None] | list[list[float | None]] | None = None
    column: int | None = None

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


#: name → (closed form on Quantities, undefined where σ = 0). The closed forms, not the
#: definitions: they are what the note checks against the definitions, and they are cheaper.
QUANTITIES: dict[str, tuple[Callable[[Quantities], v.Value], bool]] = {
    "z": (lambda q: sp.Matrix(q.z), False),
    "mu": (lambda q: q.mu, False),
    "sigma": (lambda q: q.sigma, False),
    "C": (lambda q: q.C, False),
    "Chat": (lambda q: q.Chat, True),
    "grad_C": (lambda q: q.grad_C, False),
    "grad_Chat": (lambda q: q.grad_Chat, True),
    "hess_C": (lambda q: q.hess_C, False),
    "hess_Chat": (lambda q: q.hess_Chat, True),
}
FUNCTIONS = ("sqrt", "dot", "norm")


class Evaluator:
    """AST → exact value on one :class:`Quantities`; every error is a :class:`ClaimError`."""

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
            return self.name(node)
        if isinstance(node, Tuple):
            items = [self.value(item) for item in node.items]
            if any(isinstance(i, sp.MatrixBase) for i in items):
                raise ClaimError("tuples hold numbers or expressions, not other tuples", node.column)
            return sp.Matrix(items)
        if isinstance(node, Unary):
            operand = self.value(node.operand)
            return -operand if node.op == "-" else operand
        if isinstance(node, Power):
            return v.power(self.value(node.base), self.value(node.exponent), node.column)
        if isinstance(node, Chain):
            result = self.value(node.first)
            for op, operand, column in node.rest:
                result = v.combine(op, result, self.value(operand), column)
            return result
        return self.call(node)

    def name(self, node: Name) -> v.Value:
        if node.name in self.names:
            return self.names[node.name]()
        if node.name in QUANTITIES or node.name in FUNCTIONS or node.name in KINDS:
            raise ClaimError(f"{node.name} is a function: write {node.name}(...)", node.column)
        raise ClaimError(f"unknown name {node.name!r}; points are W0, Wstar, w and its "
                         f"components w1..w{self.q.p}", node.column)

    def point(self, args: tuple[Node, ...], name: str, column: int) -> sp.Matrix:
        values = [self.value(a) for a in args]
        if len(values) == 1 and v.is_vector(values[0]):
            point = values[0]
        elif not any(isinstance(x, sp.MatrixBase) for x in values):
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
        if name not in FUNCTIONS:
            raise ClaimError(f"unknown function {name!r}; quantities: {', '.join(QUANTITIES)}; "
                             f"functions: {', '.join(FUNCTIONS)}", column)
        values = [self.value(a) for a in args]
        scalars = not any(isinstance(x, sp.MatrixBase) for x in values)
        if name == "sqrt" and len(values) == 1 and scalars:
            return self.sqrt(values[0], column)
        if name == "dot" and len(values) == 2 and all(v.is_vector(x) for x in values):
            if values[0].rows != values[1].rows:
                raise ClaimError("dot needs two vectors of the same length", column)
            return v.checked(dot(values[0], values[1]), column)
        if name == "norm" and len(values) == 1 and v.is_vector(values[0]):
            return self.sqrt(dot(values[0], values[0]), column)
        raise ClaimError(f"wrong arguments for {name}: sqrt(x), dot(u, v), norm(u)", column)

    def sqrt(self, value: sp.Expr, column: int) -> sp.Expr:
        if not value.free_symbols and v.sign(value, column) < 0:
            raise ClaimError("sqrt of a negative number", column)
        return v.checked(sp.sqrt(value), column)

    def quantity(self, name: str, point: sp.Matrix, column: int) -> v.Value:
        form, needs_sigma = QUANTITIES[name]
        q = self.q
        if name == "z" and not q.has_rows:
            raise ClaimError("z needs the rows of the learning set, which are not kept for N > 8",
                             column)
        if needs_sigma and v.is_constant(point) and all(v.sign(e, column) == 0 for e in point):
            raise ClaimError(f"{name} is undefined at {v.exact_text(point)}: σ = 0 there", column)
        expr = form(q)
        if v.is_constant(point):
            value = q.at(expr, point)  # radsimp: the canonical exact form that gets printed
        else:
            subs = dict(zip(q.w, list(point), strict=True))
            value = expr.xreplace(subs)
        if any(e.has(sp.zoo, sp.nan) for e in v.entries(value)):
            raise ClaimError(f"{name} is undefined at {v.exact_text(point)} (division by 0)",
                             column)
        return v.checked(value, column)


def evaluate(q: Quantities, text: str, *, debug: bool = False,
             seconds: float = TIME_LIMIT) -> Result:
    """A verdict for one claim; nothing the text contains can make this raise.

    With ``debug`` an unexpected exception (a bug, not a bad claim) propagates with its traceback
    instead of becoming an ``error`` verdict."""
    try:
        with time_limit(seconds):
            return _result(text, judge(Evaluator(q), parse(text), text))
    except ClaimError as err:
        return Result(text, "error", str(err), column=err.column or None)
    except Timeout:
        return Result(text, "error", f"gave up after {seconds:g} s: the claim is too expensive "
                                     "to decide exactly")
    except RecursionError:
        return Result(text, "error", "the expression is nested too deeply to evaluate")
    except MemoryError:
        return Result(text, "error", "the claim needs too much memory")
    except Exception as err:  # the boundary of untrusted input: a verdict, never a crash
        if debug:
            raise
        return Result(text, "error", f"could not evaluate ({type(err).__name__}: "
                                     f"{' '.join(str(err).split())[:200]}); rerun with --debug")


def _result(text: str, outcome: Outcome) -> Result:
    verdict = "true" if outcome.holds else "false"
    if outcome.left is None:
        return Result(text, verdict, outcome.reason)
    exact = v.exact_text(outcome.left)
    # The message stays one readable line; the JSON field keeps every digit.
    message = f"left side = {v.shorten(exact)} ≈ {v.approx_text(outcome.left)}; {outcome.reason}"
    return Result(text, verdict, message, exact, v.as_float(outcome.left))
