"""Is W* a critical point of Ĉ?  A⁻¹b = W* − N·r̄·A⁻¹x̄ decides it (r̄: mean residual of the plain fit)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import sympy as sp

from .geometry import LandscapeInput, Matrix, dot

Role = Literal["minimiser", "maximiser", "not critical", "undefined"]


@dataclass(frozen=True)
class WstarCriterion:
    """A⁻¹b = W* − N·r̄·A⁻¹x̄: W* is critical for Ĉ iff A⁻¹b ∥ W* (so when r̄ = 0 or x̄ = 0)."""

    a_inv_b: Matrix
    mean_residual: sp.Rational   # r̄ = ȳ − ⟨x̄, W*⟩, the mean residual of the plain fit
    a_inv_xbar: Matrix
    multiple: sp.Rational | None  # μ with A⁻¹b = μ·W*, when parallel
    role: Role


def wstar_criterion(data: LandscapeInput) -> WstarCriterion:
    a_inv_b = Matrix(data.A.LUsolve(data.b))
    a_inv_xbar = Matrix(data.A.LUsolve(data.xbar))
    r_bar = sp.expand(data.ybar - dot(data.xbar, data.wstar))
    w = data.wstar
    if all(e == 0 for e in w):
        return WstarCriterion(a_inv_b, r_bar, a_inv_xbar, None, "undefined")
    i = next(i for i, e in enumerate(w) if e != 0)
    mu = a_inv_b[i] / w[i]
    if any(e != 0 for e in a_inv_b - mu * w):
        return WstarCriterion(a_inv_b, r_bar, a_inv_xbar, None, "not critical")
    role: Role = "minimiser" if data.gamma * mu > 0 else "maximiser"
    return WstarCriterion(a_inv_b, r_bar, a_inv_xbar, mu, role)
