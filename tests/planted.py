"""Wrong derivations planted into :class:`Quantities`, shared by the checker and CLI tests."""

from __future__ import annotations

import sympy as sp


def sigma_n_minus_1(self):
    return sp.expand(self.scale**2 * self.quad / (self.N - 1))


def flipped_chat(self):
    return self.const + 2 * self.gamma * self.scale * self.linear / sp.sqrt(self.radicand)


def dropped_term(self):
    return sp.expand(sp.Add(*[term**2 for term in self.c_terms[:-1]]))


#: (name, attribute of Quantities to replace, wrong implementation, step that must catch it)
PLANTED = [
    ("sigma divisor N-1", "radicand", sigma_n_minus_1, "bn-std"),
    ("flipped sign in Chat", "Chat", flipped_chat, "chat-compact"),
    ("dropped term in C", "C", dropped_term, "cost-c"),
    ("wrong W*", "wstar", lambda self: sp.Matrix([1, 2]), "normal-equations"),
    ("wrong minimiser direction", "direction", lambda self: sp.Matrix([3, 5]), "critical-ray"),
    ("wrong mean", "mu", lambda self: sp.expand(self.mu_def * 3 / 2), "bn-mean"),
]
PLANTED_IDS = [p[0] for p in PLANTED]
