"""Wrong derivations planted into one route, shared by the checker and CLI tests.

Each entry replaces one attribute of :class:`~bnreport.closed.Closed` (route 2), of
:class:`~bnreport.definitions.Definitions` (route 1) or one display helper, and names the step whose
check must stop the build."""

from __future__ import annotations

import sympy as sp

from bnreport.closed import Closed, quadratic_form
from bnreport.definitions import Definitions


def sigma_n_minus_1(self):
    return quadratic_form(self.scale**2 * self.A / (self.N - 1), self.w)


def flipped_linear(self):
    return -sum(bi * wi for bi, wi in zip(self.b, self.w, strict=True))


def dropped_row(self):
    return sp.Add(*[(zi - y) ** 2 for zi, (_, y) in list(zip(self.z, self.rows, strict=True))[:-1]])


def variance_n_minus_1(self):
    return sp.Add(*[(zi - self.mu) ** 2 for zi in self.z]) / (self.N - 1)


def wrong_factored_gradient(ctx):
    from bnreport.notation import Term

    q = ctx.closed
    radical = q.radicand ** sp.Rational(3, 2)
    shown = sp.Matrix([sp.factor(g) for g in q.grad_numerator]) / radical
    shown[0] = -shown[0]
    return Term(shown, shown)


#: (name, owner, attribute, wrong implementation, step that must catch it)
PLANTED = [
    ("sigma divisor N-1", Closed, "radicand", property(sigma_n_minus_1), "bn-std"),
    ("flipped sign in <w, b>", Closed, "linear", property(flipped_linear), "chat-compact"),
    ("wrong W*", Closed, "wstar", property(lambda self: sp.Matrix([1, 2])), "normal-equations"),
    ("wrong minimiser direction", Closed, "direction", property(lambda self: sp.Matrix([3, 5])),
     "direction"),
    ("wrong mean", Closed, "mu", property(lambda self: sp.Rational(3, 2) * self.w[0]), "bn-mean"),
    ("wrong maximum value", Closed, "chat_max",
     property(lambda self: self.const + sp.sqrt(self.N * self.m)), "chat-extremes"),
    ("wrong Hessian scale", Closed, "hess_scale", property(lambda self: sp.Integer(1)),
     "hess-chat-ray"),
    ("dropped row in C (definitions)", Definitions, "C", property(dropped_row), "cost-c"),
    ("variance divisor N-1 (definitions)", Definitions, "variance",
     property(variance_n_minus_1), "bn-std"),
    ("wrong factored gradient display", "bnreport.derive.gradient", "_gradient_display",
     wrong_factored_gradient, "grad-chat"),
]
PLANTED_IDS = [p[0] for p in PLANTED]


def plant(monkeypatch, owner, attribute, wrong) -> None:
    if isinstance(owner, str):
        import importlib

        owner = importlib.import_module(owner)
    monkeypatch.setattr(owner, attribute, wrong)
