"""Map a parsed claim onto exact sympy values of the closed forms, and give the verdict.

Names and functions go through explicit tables; nothing in the claim text is ever looked up as a
Python attribute or handed to an evaluator of Python or sympy text.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import sympy as sp

from ..closed import Closed, dot
from . import values as v
from .budget import TIME_LIMIT, Timeout, time_limit
from .lexer import ClaimError
from .parser import Call, Chain, Index, Name, Node, Number, Power, Tuple, Unary, parse
from .predicates import KINDS
from .relations import Outcome, judge
from .result import Result

#: name → (closed form, undefined where σ = 0). The closed forms, not the definitions: they are
#: what the note checks against the definitions, and they are cheaper.
QUANTITIES: dict[str, tuple[Callable[[Closed], v.Value], bool]] = {
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
FUNCTIONS = ("sqrt", "abs", "dot", "norm")


class Evaluator:
    """AST → exact value on one :class:`Closed`; every error is a :class:`ClaimError`.

    With ``point`` the weights are bound to that rational point: the claim is evaluated as plain
    numbers there, every square root checked for a negative radicand (the pointwise meaning of
    "defined" that a counter-point of an identity must satisfy).  Without it, ``w`` is symbolic and
    :attr:`conditions` collects the radicands the claim takes square roots of (its domain)."""

    def __init__(self, q: Closed, point: Sequence[sp.Rational] | None = None) -> None:
        self.q = q
        self.pointwise = point
        self.conditions: list[sp.Expr] = []
        weights = list(q.w) if point is None else list(point)
        self.names: dict[str, Callable[[], v.Value]] = {
            "W0": lambda: q.w0, "Wstar": lambda: q.wstar, "d": lambda: q.direction,
            "w": lambda: sp.Matrix(weights),
            **{f"w{i + 1}": (lambda x=x: x) for i, x in enumerate(weights)},
        }

    def at(self, point: Sequence[sp.Rational]) -> Evaluator:
        """The same claim's evaluator with ``w`` bound to a rational point."""
        return Evaluator(self.q, point)

    def value(self, node: Node) -> v.Value:
        if isinstance(node, Number):
            return v.number(node.text, node.column)
        if isinstance(node, Name):
            return self.name(node)
        if isinstance(node, Tuple):
            return self.tuple(node)
        if isinstance(node, Unary):
            operand = self.value(node.operand)
            return -operand if node.op == "-" else operand
        if isinstance(node, Power):
            return self.power(node)
        if isinstance(node, Chain):
            result = self.value(node.first)
            for op, operand, column in node.rest:
                result = v.combine(op, result, self.value(operand), column)
            return result
        if isinstance(node, Index):
            return self.index(node)
        return self.call(node)

    def name(self, node: Name) -> v.Value:
        if node.name in self.names:
            return self.names[node.name]()
        if node.name == "hess_C":  # constant: the note writes ∇²C without a point
            return self.q.hess_C
        if node.name in QUANTITIES or node.name in FUNCTIONS or node.name in KINDS:
            raise ClaimError(f"{node.name} is a function: write {node.name}(...)", node.column)
        raise ClaimError(f"unknown name {node.name!r}; points are W0, Wstar, d, w and the "
                         f"components w1..w{self.q.p}", node.column)

    def tuple(self, node: Tuple) -> sp.Matrix:
        items = [self.value(item) for item in node.items]
        if all(v.is_vector(i) for i in items) and len({i.rows for i in items}) == 1:
            return sp.Matrix([list(i) for i in items])  # ((12, 18), (18, 28)): a matrix by rows
        if any(isinstance(i, sp.MatrixBase) for i in items):
            raise ClaimError("a tuple holds numbers, or rows of the same length (a matrix)",
                             node.column)
        return sp.Matrix(items)

    def power(self, node: Power) -> sp.Expr:
        base, exponent = self.value(node.base), self.value(node.exponent)
        result = v.power(base, exponent, node.column)
        if isinstance(exponent, sp.Expr) and exponent.is_Rational and exponent.q > 1:
            self._domain(base)
        return result

    def index(self, node: Index) -> v.Value:
        base = self.value(node.base)
        if not isinstance(base, sp.MatrixBase):
            raise ClaimError("[...] picks a component of a vector or a matrix", node.column)
        picks = []
        for item in node.indices:
            value = self.value(item)
            if not (isinstance(value, sp.Expr) and value.is_Integer):
                raise ClaimError("an index is a whole number, counted from 1", node.column)
            picks.append(int(value))
        if base.cols == 1 and len(picks) == 1:
            picks.append(1)
        elif len(picks) == 1:  # M[i]: the i-th row, as a vector
            _check_range(picks[0], base.rows, node.column)
            return base.row(picks[0] - 1).T
        (i, j), (rows, cols) = picks, base.shape
        _check_range(i, rows, node.column)
        _check_range(j, cols, node.column)
        return base[i - 1, j - 1]

    def point(self, args: tuple[Node, ...], name: str, column: int) -> sp.Matrix:
        values = [self.value(a) for a in args]
        if len(values) == 1 and v.is_vector(values[0]):
            point = values[0]
        elif not any(isinstance(x, sp.MatrixBase) for x in values):
            point = sp.Matrix(values)  # C(2, 5) is C((2, 5)); C(3) with one feature
        else:
            raise ClaimError(f"{name} takes one point", column)
        if point.rows != self.q.p:
            raise ClaimError(f"{name} needs a point with {self.q.p} coordinate"
                             f"{'s' if self.q.p > 1 else ''}, got {point.rows}", column)
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
        if name == "abs" and len(values) == 1 and scalars:
            return v.checked(sp.Abs(values[0]), column)
        if name == "dot" and len(values) == 2 and all(v.is_vector(x) for x in values):
            if values[0].rows != values[1].rows:
                raise ClaimError("dot needs two vectors of the same length", column)
            return v.checked(dot(values[0], values[1]), column)
        if name == "norm" and len(values) == 1 and v.is_vector(values[0]):
            return self.sqrt(dot(values[0], values[0]), column)
        raise ClaimError(f"wrong arguments for {name}: sqrt(x), abs(x), dot(u, v), norm(u)",
                         column)

    def sqrt(self, value: sp.Expr, column: int) -> sp.Expr:
        if not value.free_symbols and v.sign(value, column) < 0:
            raise ClaimError("sqrt of a negative number", column)
        self._domain(value)
        return v.checked(sp.sqrt(value), column)

    def _domain(self, radicand: sp.Expr) -> None:
        if radicand.free_symbols:
            self.conditions.append(radicand)

    def quantity(self, name: str, point: sp.Matrix, column: int) -> v.Value:
        form, needs_sigma = QUANTITIES[name]
        q = self.q
        if name == "z" and not q.has_rows:
            raise ClaimError("z needs the rows of the learning set, which are not kept for N > 8",
                             column)
        constant = v.is_constant(point)
        if needs_sigma and constant and all(v.sign(e, column) == 0 for e in point):
            raise ClaimError(f"{name} is undefined at {v.exact_text(point)}: σ = 0 there", column)
        expr = form(q)
        if constant and self.pointwise is None:
            value = q.at(expr, point)  # radsimp: the canonical exact form that gets printed
        else:  # an expression in w, or a point of an identity's check (plain numbers suffice)
            value = expr.xreplace(dict(zip(q.w, list(point), strict=True)))
        if any(e.has(sp.zoo, sp.nan) for e in v.entries(value)):
            raise ClaimError(f"{name} is undefined at {v.exact_text(point)} (division by 0)",
                             column)
        return v.checked(value, column)


def _check_range(index: int, size: int, column: int) -> None:
    if not 1 <= index <= size:
        raise ClaimError(f"index {index} is out of range: components are numbered 1 to {size}",
                         column)


def evaluate(q: Closed, text: str, *, debug: bool = False, seconds: float = TIME_LIMIT,
             latex: bool = False) -> Result:
    """A verdict for one claim, in this process; nothing the text contains can make this raise.

    ``seconds`` is enforced with SIGALRM (a soft budget: it interrupts Python code, not one long
    call into C); :func:`.batch.evaluate_all` adds the hard one.  With ``debug`` an
    unexpected exception (a bug, not a bad claim) propagates with its traceback instead of becoming
    an ``error`` verdict.  ``latex``: also the LaTeX of the value (for ``--format markdown``)."""
    try:
        with time_limit(seconds):
            return Result.of(text, judge(Evaluator(q), parse(text), text), latex=latex)
    except ClaimError as err:
        return Result(text, "error", str(err), reason=err.reason, column=err.column or None)
    except Timeout:
        return Result.gave_up(text, seconds)
    except RecursionError:
        return Result.error(text, "the expression is nested too deeply to evaluate")
    except MemoryError:
        return Result.out_of_memory(text)
    except Exception as err:  # the boundary of untrusted input: a verdict, never a crash
        if debug:
            raise
        return Result.error(text, f"could not evaluate ({type(err).__name__}: "
                                  f"{' '.join(str(err).split())[:200]}); rerun with --debug")


__all__ = ["Evaluator", "Outcome", "Result", "evaluate"]
