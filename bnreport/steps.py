"""The ``Step``: the unit shared by the derivation, the checker and the templates.

A step states something (its ``claim``: sympy objects plus the kind of check they need) and shows it
(``lhs`` and ``rows``: a chain of relations rendered by our LaTeX printer).  The checker reads the
claim, the templates read the display; both come from the same object, so nothing is written twice.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import sympy as sp

from .texescape import TeX

Shown = sp.Basic | sp.MatrixBase | TeX


# -- claims: what the checker verifies ----------------------------------------------------------
@dataclass(frozen=True)
class Identity:
    """lhs = rhs for every value of ``variables`` (where both sides are defined)."""

    lhs: sp.Basic
    rhs: sp.Basic
    variables: tuple[sp.Symbol, ...]
    positive: tuple[sp.Symbol, ...] = ()  # sampled from the positive rationals only

    kind = "identity"


@dataclass(frozen=True)
class Equal:
    """Two exact constants (numbers, vectors or matrices, possibly with radicals) are equal."""

    lhs: sp.Basic
    rhs: sp.Basic

    kind = "value"


@dataclass(frozen=True)
class Compare:
    """An exact strict comparison ``lhs rel rhs`` with rel in ``>``, ``<``, ``!=``."""

    lhs: sp.Basic
    rel: str
    rhs: sp.Basic

    kind = "comparison"


@dataclass(frozen=True)
class NonZero:
    """An exact vector is not the zero vector."""

    vector: sp.MatrixBase

    kind = "nonzero"


@dataclass(frozen=True)
class PositiveDefinite:
    """A symmetric exact matrix is positive definite; with ``kernel``: semidefinite, kernel = span."""

    matrix: sp.MatrixBase
    kernel: sp.MatrixBase | None = None

    kind = "definiteness"


@dataclass(frozen=True)
class Rounds:
    """Each printed decimal is the exact value rounded half away from zero to its own decimals."""

    value: sp.MatrixBase
    printed: tuple[str, ...]

    kind = "rounding"


Claim = Identity | Equal | Compare | NonZero | PositiveDefinite | Rounds


@dataclass(frozen=True)
class Deferred:
    """A claim whose definitional side is derived only when it is checked.

    Rendering needs the display, not the claim; deferring the expensive side (e.g. the gradient of the
    three-term Ĉ) lets TeX start earlier while the checks run on the other core."""

    kind: type
    build: Callable[[], Claim]


# -- display ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Row:
    """One link ``rel expr`` of a displayed chain; ``rel`` is trusted LaTeX such as ``=``.

    ``inline`` continues the previous line instead of starting a new aligned one."""

    rel: str
    expr: Shown
    inline: bool = False


@dataclass(frozen=True)
class Macro:
    """A value exported to ``bnreport.sty`` as ``\\<name>``; ``name`` is letters only."""

    name: str
    value: Shown
    doc: str


@dataclass(frozen=True)
class Step:
    id: str
    title: str
    section: str
    lhs: Shown
    rows: tuple[Row, ...]
    claim: Claim | Deferred
    condition: TeX = TeX("")  # shown after the display, e.g. "for all t > 0"
    macros: tuple[Macro, ...] = field(default=())


@dataclass(frozen=True)
class Verdict:
    """How a step was established: shown next to it in the PDF and in the table of checks."""

    step_id: str
    method: str
    detail: str
