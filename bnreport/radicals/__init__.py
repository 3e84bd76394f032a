"""Exact identities between algebraic functions with square roots: the symbolic half of a check.

An expression in the variables ``gens`` built from rationals, + − × ÷, integer powers, square roots,
``|·|`` and partial derivatives is mapped, on each *sign cell*, to a canonical element of

    ℚ(gens)[u₁, …, u_k],    u_i = √|f_i|  (f_i a monic irreducible polynomial)
                            u_j = √q_j    (q_j from a pairwise coprime set of non-square integers).

A sign cell fixes the sign ε_i of every f_i whose sign matters (an odd power under a root, or inside
``|·|``); there u_i² = ε_i·f_i.  Products of distinct u's are linearly independent over ℚ(gens) (the
f_i are distinct irreducibles, the q_j coprime non-squares), so an element is zero exactly when all
its coefficients are: equality on a cell is *decided*, not guessed.  An identity "lhs = rhs where both
sides are defined" holds iff the difference is zero on every cell where both sides are real.

The polynomial arithmetic is python-flint's sparse ``fmpq_mpoly``: the identities of a note with 20
features have tens of thousands of terms, which sympy's ``Expr`` trees cannot expand in reasonable
time.  Cells that cannot contain a point (f ≥ 0 by an exact certificate) are never enumerated.
"""

from __future__ import annotations

from .cell import Cell
from .decide import (
    PointEvaluator,
    cell_description,
    compare_cells,
    evaluate_at,
    identity_holds,
    symbolic_zero,
)
from .rewrite import affine_system, substitute
from .space import Space, Undefined

__all__ = [
    "Cell",
    "PointEvaluator",
    "Space",
    "Undefined",
    "affine_system",
    "cell_description",
    "compare_cells",
    "evaluate_at",
    "identity_holds",
    "substitute",
    "symbolic_zero",
]
