"""What the data make true, decided once, exactly: the only source of the note's wording.

Templates, titles and the terminal verdict branch on these fields and on nothing else.  Each field
is decided here from the closed forms (route 2) and names the step whose checked facts establish it
from the definitions (route 1): a wrong decision makes that step's check fail, so a sentence chosen
from a finding is true whenever the build succeeds.  ``tests/test_findings.py`` checks the backing.
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from . import exact
from .closed import Closed, dot
from .landscape.geometry import optima_of

FAILS, HOLDS, VACUOUS = "fails", "holds", "vacuous"


@dataclass(frozen=True)
class Reading:
    """Lemma 4.5 under one reading of "local optima" (all critical points, or minimisers only)."""

    name: str
    verdict: str  # FAILS, HOLDS or VACUOUS (the hypothesis ⟨W0, W*⟩ > 0 does not hold)

    @property
    def fails(self) -> bool:
        return self.verdict == FAILS


@dataclass(frozen=True)
class Findings:
    w0_is_wstar: bool  # data fact (W0 not given, or given equal to W*)
    wstar_multiple: sp.Rational | None  # W* = s·d when critical (backed: "remark-witness")
    w0_critical: bool  # ∇Ĉ(W0) = 0 (backed: "lemma-w0-gradient")
    hypothesis: bool  # ⟨W0, W*⟩ > 0 (backed: "lemma-hypothesis")
    rhs_zero: bool  # the right-hand side of (1) is 0 (backed: "lemma-rhs")
    t_star_sign: int  # sign of ⟨W0, d⟩ (backed: "lemma-distances")
    beyond: bool  # dist²(W0, ℝd) > right-hand side of (1) (backed: "lemma-distances")
    critical: Reading
    minimisers: Reading

    @property
    def wstar_critical(self) -> bool:
        """∇Ĉ(W*) = 0, i.e. W* lies on the line of d (backed: "grad-chat-wstar")."""
        return self.wstar_multiple is not None

    @property
    def wstar_kind(self) -> str | None:
        """"minimiser" / "maximiser" of Ĉ when W* is critical (then a global one)."""
        if self.wstar_multiple is None:
            return None
        return "minimiser" if self.wstar_multiple > 0 else "maximiser"

    def verdict_line(self) -> str:
        """One sentence for the terminal, naming both readings."""
        def one(reading: Reading) -> str:
            return {FAILS: "fails", HOLDS: "holds", VACUOUS: "asserts nothing (⟨W0, W*⟩ ≤ 0)"}[
                reading.verdict]
        if self.critical.verdict == self.minimisers.verdict:
            return (f"Lemma 4.5 {one(self.critical)} at this W0 under both readings of "
                    "'local optima' (all critical points; minimisers only)")
        return (f"Lemma 4.5 {one(self.critical)} at this W0 if 'local optima' means all critical "
                f"points, and {one(self.minimisers)} if it means minimisers only")


def _reading(name: str, hypothesis: bool, fails: bool) -> Reading:
    return Reading(name, VACUOUS if not hypothesis else (FAILS if fails else HOLDS))


@dataclass(frozen=True)
class LemmaAt:
    """Lemma 4.5 at one initialisation W0: the numbers that decide it, and both readings."""

    w0: sp.MatrixBase
    hypothesis: bool  # ⟨W0, W*⟩ > 0
    rho: sp.Expr  # the right-hand side of (1): ‖W0 − W*‖² − (‖W*‖² − ⟨W*, W0⟩)²/‖W*‖²
    distance2: sp.Expr  # dist²(W0, ℝd) = ‖W0‖² − ⟨W0, d⟩²/‖d‖²
    t_star: sp.Expr  # ⟨W0, d⟩/‖d‖²: the multiple of d closest to W0
    t_sign: int
    beyond: bool  # dist²(W0, ℝd) > ρ
    critical: Reading
    minimisers: Reading


def lemma_verdicts(q: Closed, w0: sp.MatrixBase) -> LemmaAt:
    """Decide Lemma 4.5 at ``w0`` under both readings, exactly.

    ``w0`` may hold radicals: every sign is decided by :func:`bnreport.exact.sign` (rationals
    directly, algebraic numbers by outward-rounded enclosures and exact zero tests); an undecidable
    sign raises :class:`~bnreport.exact.Undecided`, never a guess."""
    # The formulas the note displays and checks at its own W0 (Closed), here at any point.
    rho, delta, t_star = q.lemma_rhs_at(w0), q.line_distance2_at(w0), q.t_star_at(w0)
    hypothesis = exact.sign(dot(w0, q.wstar)) > 0
    beyond = exact.compare(delta, rho) > 0
    t_sign = exact.sign(t_star)
    # All critical points ℝd∖{0}: every one is farther than the bound iff dist²(W0, ℝd) > ρ (when
    # ⟨W0, d⟩ = 0 the infimum ‖W0‖² is not attained, and ‖W0‖² > ρ under the hypothesis).
    critical = _reading("all critical points", hypothesis, beyond)
    # Minimisers t·d, t > 0: with ⟨W0, d⟩ ≤ 0 none is closest and all are farther than ‖W0‖ > √ρ.
    # For p = 1 every w ≠ 0 is a local minimiser (optima_of): the readings coincide.
    all_minimise = optima_of(q.p, "minimisers") == "critical"
    minimisers = _reading("minimisers only", hypothesis, beyond or (t_sign <= 0 and not all_minimise))
    return LemmaAt(w0, hypothesis, rho, delta, t_star, t_sign, beyond, critical, minimisers)


def decide(q: Closed) -> Findings:
    """Decide every finding exactly (rational arithmetic; the gradient test is a rational one)."""
    w0, ws = q.w0, q.wstar
    lemma = lemma_verdicts(q, w0)
    return Findings(
        w0_is_wstar=w0 == ws,
        wstar_multiple=q.multiple_of_d(ws),
        w0_critical=q.multiple_of_d(w0) is not None, hypothesis=lemma.hypothesis,
        rhs_zero=exact.sign(lemma.rho) == 0, t_star_sign=lemma.t_sign, beyond=lemma.beyond,
        critical=lemma.critical, minimisers=lemma.minimisers,
    )
