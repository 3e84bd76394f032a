"""Claims 2, 3 and 6 about the BN cost Ĉ: closed form, gradient, scale invariance, critical set,
extreme values.

Certificates: the LDLᵀ of the quadratic form ρ (σ = √ρ/κ, so ρ > 0 off 0), the semidefinite LDLᵀ of
the Cauchy–Schwarz gap m·ρ(w) − L(w)², the identity Hᵀ M⁻¹ H = ρ·gap for the gradient numerators
H, and square roots split as r·√s with r rational.
"""

from __future__ import annotations

from fractions import Fraction

from . import coq
from .context import Ctx, conj_intro, split_tac, subst_intro, take_apart
from .document import Block, Claim, theorem
from .linalg import Vector
from .model_defs import chat_parts, num_tac, res2
from .spec import Surd

CLOSED = "the closed form of Ĉ (used by claims 2–6)"
GRAD = "2. the partial derivatives of Ĉ at W*"
SCALE = "3. Ĉ(t·w) = Ĉ(w) for t > 0"
CRIT = "6. the critical points of Ĉ are the line of d without 0"
EXTREMA = "6. the minimum and maximum of Ĉ"



def closed_form(ctx: Ctx) -> list[Block]:
    w, ws = ctx.w, ctx.ws
    forms = ctx.ldl_forms(ctx.rho_ldl, w)
    dec = " ".join(f"destruct (Req_dec {x} 0);" for x in w)
    under = " _" * (len(forms) - 1)
    return [
        theorem("Lemma", "rho_sum_of_squares", f"forall {ws}, rho {ws} = {ctx.sos(forms)}",
                ["intros. unfold rho. field."], CLOSED),
        *ctx.sos_lemmas("sos_rho", ctx.rho_ldl.diag, CLOSED),
        theorem("Lemma", "rho_nonneg", f"forall {ws}, 0 <= rho {ws}",
                ["intros. rewrite rho_sum_of_squares. apply sos_rho_nonneg."], CLOSED),
        theorem("Lemma", "rho_pos", f"forall {ws}, nonzero {ws} -> 0 < rho {ws}", [
            f"intros {ws} Hnz. destruct (Rle_lt_or_eq_dec 0 (rho {ws}) (rho_nonneg {ws})) as [Hp|E];"
            " [exact Hp|].",
            "exfalso. rewrite rho_sum_of_squares in E. symmetry in E.",
            f"{take_apart(f'(sos_rho_zero _{under} E)', 'Z', len(forms))}.",
            f"unfold nonzero in Hnz. {ctx.cases_nonzero()}; apply H; lra.",
        ], CLOSED),
        theorem("Lemma", "nonzero_dec",
                f"forall {ws}, nonzero {ws} \\/ ({ctx.conj([f'{x} = 0' for x in w])})",
                [f"intros. unfold nonzero. {dec} tauto."], CLOSED),
        theorem("Lemma", "variance_closed", f"forall {ws}, variance {ws} = rho {ws} / kappa ^ 2",
                ["intros. unfold variance, rho, kappa. expand_sums. field."], CLOSED),
        theorem("Lemma", "sigma_closed", f"forall {ws}, sigma {ws} = sqrt (rho {ws}) / kappa", [
            "intros. unfold sigma. rewrite variance_closed.",
            f"rewrite sqrt_div_alt by {num_tac(['kappa'])}.",
            f"rewrite sqrt_pow2 by {num_tac(['kappa'])}. reflexivity.",
        ], CLOSED),
        theorem("Lemma", "Chat_closed",
                f"forall {ws}, nonzero {ws} ->\n  "
                f"Chat {ws} = K - 2 * gamma * kappa * (L {ws} / sqrt (rho {ws}))", [
                    f"intros {ws} Hnz.",
                    f"assert (Hr : 0 < rho {ws}) by (apply rho_pos; exact Hnz).",
                    f"assert (Hs : 0 < sqrt (rho {ws})) by (apply sqrt_lt_R0; exact Hr).",
                    f"assert (Hss : sqrt (rho {ws}) * sqrt (rho {ws}) = rho {ws}) by (apply sqrt_sqrt; lra).",
                    f"pose proof (variance_closed {ws}) as Hv.",
                    f"unfold {chat_parts(ctx)}. rewrite sigma_closed.",
                    f"set (s := sqrt (rho {ws})) in *. clearbody s.",
                    f"transitivity (gamma ^ 2 * kappa ^ 2 * (N * variance {ws}) / (s * s)",
                    f"  - 2 * gamma * kappa * (L {ws} / s) + {res2(ctx)}).",
                    "- unfold variance, L. expand_sums. unfold kappa, gamma, beta. field; lra.",
                    "- rewrite Hv, <- Hss. unfold K. expand_sums. unfold kappa, gamma, beta. field; lra.",
                ], CLOSED),
    ]


def gradient(ctx: Ctx) -> tuple[list[Block], Claim]:
    spec, p, w, ws = ctx.spec, ctx.p, ctx.w, ctx.ws
    out: list[Block] = []
    for k in range(p):
        closed_fn = ctx.line("L", k, w)
        rho_fn = ctx.line("rho", k, w)
        out.append(theorem(
            "Lemma", f"dChat{k + 1}_spec",
            f"forall {ws}, nonzero {ws} -> is_derive {ctx.line('Chat', k, w)} {w[k]} (dChat{k + 1} {ws})", [
                f"intros {ws} Hnz.",
                f"assert (Hr : 0 < rho {ws}) by (apply rho_pos; exact Hnz).",
                "apply is_derive_ext_loc with",
                f"  (f := fun t => K - 2 * gamma * kappa * ({closed_fn} t / sqrt ({rho_fn} t))).",
                f"- apply (filter_imp (fun t => t <> 0 \\/ ({ctx.nonzero_others(k, w)}))).",
                "  + intros t Ht. cbv beta. symmetry. apply Chat_closed. unfold nonzero. tauto.",
                "  + apply locally_line. unfold nonzero in Hnz. tauto.",
                "- evar_last.",
                f"  + apply (closed_deriv K (2 * gamma * kappa) {closed_fn} {rho_fn} {w[k]}",
                f"      {coq.num(spec.centred_xty[k])} (2 * Mw{k + 1} {ws})).",
                "    * unfold L. auto_derive; [easy | field].",
                f"    * unfold Mw{k + 1}, rho. auto_derive; [easy | field].",
                "    * exact Hr.",
                f"  + cbv beta. unfold dChat{k + 1}, H{k + 1}. field. lra.",
            ], GRAD))
    values = [coq.surd_of(g) for g in ctx.grad_values]
    parts = [f"is_derive {ctx.line('Chat', k, ctx.wstar)} {ctx.wstar[k]} ({values[k]})" for k in range(p)]
    statement = " /\\\n  ".join(parts)
    r, s = ctx.rho_star_split
    star = " ".join(ctx.wstar)
    nz = _nonzero_point(ctx, spec.wstar, ctx.wstar)
    proof = [
        f"assert (Hnz : nonzero {star}) by {nz}.",
        f"assert (Hrt : sqrt (rho {star}) = {coq.num(r)} * sqrt {s})",
        f"  by (apply sqrt_as; {num_tac(['rho', *ctx.wstar])}).",
    ]
    if p > 1:
        proof.append(f"{split_tac(p)}.")
    unfold = ", ".join(["rho", "L", "gamma", "kappa", *ctx.wstar])
    for k in range(p):
        proof += [
            f"- replace ({values[k]}) with (dChat{k + 1} {star}); [apply dChat{k + 1}_spec; exact Hnz|].",
            f"  unfold dChat{k + 1}, H{k + 1}, Mw{k + 1}. rewrite Hrt. unfold {unfold}. field.",
        ]
    if p == 1:
        proof = [line[2:] if line.startswith(("- ", "  ")) else line for line in proof]
    out.append(theorem("Theorem", "grad_Chat_Wstar", statement, proof, GRAD))
    claim = Claim("grad_Chat_Wstar", "each partial derivative of Chat at W* has the exact value of the note",
                  statement)
    return out, claim


def scale_invariance(ctx: Ctx) -> tuple[Block, Claim]:
    w, ws = ctx.w, ctx.ws
    tw = [f"t * {x}" for x in w]
    chat_tw = ctx.call("Chat", tw)
    statement = f"forall t {ws}, 0 < t -> {chat_tw} = Chat {ws}"
    nonzero_tw = (f"unfold nonzero in *; {ctx.cases_nonzero()}; "
                  + ("[" + " | ".join(f"{ctx.pick(k)}; apply scale_neq; lra" for k in range(ctx.p)) + "]"
                     if ctx.p > 1 else "apply scale_neq; lra"))
    eq0 = subst_intro(ctx.p)
    proof = [
        f"intros t {ws} Ht.",
        f"destruct (nonzero_dec {ws}) as [Hnz | {eq0}].",
        f"- assert (Hnzt : nonzero {' '.join(f'({x})' for x in tw)}) by ({nonzero_tw}).",
        f"  assert (Hs : 0 < sqrt (rho {ws})) by (apply sqrt_lt_R0, rho_pos; exact Hnz).",
        "  rewrite (Chat_closed _" + " _" * (ctx.p - 1) + " Hnzt), (Chat_closed _" + " _" * (ctx.p - 1)
        + " Hnz).",
        f"  replace (rho {' '.join(f'({x})' for x in tw)}) with (t ^ 2 * rho {ws}) by (unfold rho; ring).",
        "  rewrite sqrt_mult_alt by (apply pow2_ge_0).",
        "  rewrite sqrt_pow2 by lra.",
        f"  replace (L {' '.join(f'({x})' for x in tw)}) with (t * L {ws}) by (unfold L; field).",
        "  field. lra.",
        "- rewrite Rmult_0_r. reflexivity.",
    ]
    return theorem("Theorem", "Chat_scale_invariant", statement, proof, SCALE), Claim(
        "Chat_scale_invariant", "Chat(t w) = Chat(w) for every t > 0", statement)


def critical_set(ctx: Ctx) -> tuple[list[Block], Claim]:
    """∇Ĉ(w) = 0 ⟺ H(w) = 0 ⟹ ρ·gap = Hᵀ M⁻¹ H = 0 ⟹ w on the line of d (the gap's kernel)."""
    p, ws = ctx.p, ctx.ws
    ray = [f"{ctx.w[k]} = t * {ctx.d[k]}" for k in range(p)]
    statement = (f"forall {ws}, nonzero {ws} ->\n  (critical {ws} <-> exists t, t <> 0 /\\ "
                 f"{ctx.conj(ray)})")
    proof = [
        f"intros {ws} Hnz.",
        f"assert (Hr : 0 < rho {ws}) by (apply rho_pos; exact Hnz).",
        f"assert (Hs : 0 < sqrt (rho {ws})) by (apply sqrt_lt_R0; exact Hr).",
        f"assert (Hc : - (2 * gamma * kappa) <> 0) by {num_tac(['gamma', 'kappa'])}.",
        "split.",
        *_critical_to_line(ctx),
        *_line_to_critical(ctx),
    ]
    blocks = [*_gap_lemmas(ctx), theorem("Theorem", "critical_points_of_Chat", statement, proof, CRIT)]
    return blocks, Claim("critical_points_of_Chat",
                         "the critical points of Chat are exactly the nonzero multiples of d", statement)


def _gap_lemmas(ctx: Ctx) -> list[Block]:
    p, ws = ctx.p, ctx.ws
    minv = ctx.rho_inverse
    h = [f"H{k + 1} {ws}" for k in range(p)]
    quad_h = " + ".join(
        f"{coq.num(minv[i][j] * (1 if i == j else 2))} * ({h[i]}) * ({h[j]})"
        for i in range(p) for j in range(i, p) if minv[i][j] != 0) or "0"
    gap_forms = ctx.ldl_forms(ctx.gap_ldl, ctx.w, ctx.gap_terms)
    unfold = ", ".join([*(f"H{k + 1}" for k in range(p)), *(f"Mw{k + 1}" for k in range(p))])
    return [
        theorem("Lemma", "gap_sum_of_squares", f"forall {ws}, gap {ws} = {ctx.sos(gap_forms)}",
                ["intros. unfold gap, m_rho, rho, L. field."], CRIT),
        *ctx.sos_lemmas("sos_gap", ctx.gap_ldl.diag[:ctx.gap_terms], CRIT),
        theorem("Lemma", "H_identity", f"forall {ws}, {quad_h} = rho {ws} * gap {ws}",
                [f"intros. unfold {unfold}, gap, m_rho, rho, L. field."], CRIT),
    ]


def _critical_to_line(ctx: Ctx) -> list[str]:
    p, w, ws = ctx.p, ctx.w, ctx.ws
    proof = [f"- intros {conj_intro('D', p)}."]
    for k in range(p):
        proof += [
            f"  assert (E{k + 1} : H{k + 1} {ws} = 0).",
            f"  {{ apply (factor_zero (- (2 * gamma * kappa)) (H{k + 1} {ws}) (sqrt (rho {ws})) (rho {ws})",
            "      Hc Hs Hr).",
            f"    change (dChat{k + 1} {ws} = 0).",
            f"    rewrite <- (is_derive_unique _ _ _ (dChat{k + 1}_spec {ws} Hnz)).",
            f"    apply is_derive_unique. exact D{k + 1}. }}",
        ]
    proof += [
        f"  assert (G : rho {ws} * gap {ws} = 0)",
        "    by (rewrite <- H_identity; " + " ".join(f"rewrite E{k + 1};" for k in range(p)) + " ring).",
        f"  assert (G0 : gap {ws} = 0) by (apply Rmult_integral in G; destruct G; [lra | assumption]).",
        "  rewrite gap_sum_of_squares in G0.",
    ]
    terms = ctx.gap_terms
    if terms:
        term = "(sos_gap_zero" + " _" * terms + " G0)"
        proof.append(f"  {take_apart(term, 'Z', terms)}.")
    d_unfold = ", ".join(ctx.d)
    j = ctx.pivot
    return [
        *proof,
        f"  exists ({w[j]} / {ctx.d[j]}). split.",
        f"  + intros Ht. unfold {d_unfold} in *. unfold nonzero in Hnz. lra.",
        f"  + unfold {d_unfold}. {split_tac(p)}; lra.",
    ]


def _line_to_critical(ctx: Ctx) -> list[str]:
    p = ctx.p
    subs = " ".join(f"(t * {x})" for x in ctx.d)
    d_unfold = ", ".join(ctx.d)
    proof = [f"- intros [t [Ht {subst_intro(p)}]]."]
    if p > 1:
        proof.append(f"  {split_tac(p)}.")
    for k in range(p):
        proof += [
            f"  {'+ ' if p > 1 else ''}assert (Z : dChat{k + 1} {subs} = 0).",
            f"    {{ unfold dChat{k + 1}. replace (H{k + 1} {subs}) with 0",
            f"        by (unfold H{k + 1}, Mw{k + 1}, rho, L, {d_unfold}; field). unfold Rdiv. ring. }}",
            f"    pose proof (dChat{k + 1}_spec _" + " _" * (p - 1) + " Hnz) as D. rewrite Z in D. exact D.",
        ]
    return proof


def extreme_values(ctx: Ctx) -> tuple[list[Block], Claim]:
    spec, w, ws = ctx.spec, ctx.w, ctx.ws
    gap_forms = ctx.ldl_forms(ctx.gap_ldl, w, ctx.gap_terms)
    gap_nonneg = "rewrite gap_sum_of_squares; apply sos_gap_nonneg" if gap_forms else \
        "rewrite gap_sum_of_squares; apply Rle_refl"
    r_m, s_m = ctx.m_split
    absg = "Rabs_pos_eq" if spec.gamma > 0 else "Rabs_left"
    neg_d = [f"(- {x})" for x in ctx.d]
    d_vals = spec.direction
    statement = (f"(forall {ws}, nonzero {ws} -> Chat_min <= Chat {ws} <= Chat_max) /\\\n  "
                 f"Chat {' '.join(ctx.d)} = Chat_min /\\ Chat {' '.join(neg_d)} = Chat_max")
    proof = [
        "split; [|split].",
        f"- intros {ws} Hnz.",
        f"  assert (Hr : 0 < rho {ws}) by (apply rho_pos; exact Hnz).",
        f"  assert (Hgap : L {ws} ^ 2 <= m_rho * rho {ws}).",
        f"  {{ assert (G : 0 <= gap {ws}) by ({gap_nonneg}). unfold gap in G. lra. }}",
        f"  destruct (ratio_bound gamma (L {ws}) (rho {ws}) m_rho Hr ltac:{num_tac(['m_rho'])} Hgap)",
        "    as [B1 B2].",
        "  rewrite (Chat_closed _" + " _" * (ctx.p - 1) + " Hnz).",
        f"  {_sqrt_rewrite('m_rho', r_m, s_m)} in B1, B2 by {num_tac(['m_rho'])}.",
        f"  rewrite ({absg} gamma) in B1, B2 by {num_tac(['gamma'])}.",
        "  unfold Chat_min, Chat_max, K, kappa, gamma in *. split; lra.",
        "- " + value_proof(ctx, list(ctx.d), d_vals, "Chat_min", ctx.chat_min) + ".",
        "- " + value_proof(ctx, neg_d, tuple(-v for v in d_vals), "Chat_max", ctx.chat_max) + ".",
    ]
    block = theorem("Theorem", "Chat_minimum_and_maximum", statement, proof, EXTREMA)
    t_pos = f"forall t, 0 < t -> Chat {' '.join(f'(t * {x})' for x in ctx.d)} = Chat_min /\\ " \
            f"Chat {' '.join(f'(t * - {x})' for x in ctx.d)} = Chat_max"
    ray = theorem("Corollary", "Chat_on_the_line_of_d", t_pos, [
        "intros t Ht. split; rewrite Chat_scale_invariant by exact Ht; apply Chat_minimum_and_maximum.",
    ], EXTREMA)
    return [block, ray], Claim("Chat_minimum_and_maximum",
                               "the minimum and maximum of Chat, attained at d and -d", statement)


def value_proof(ctx: Ctx, point: list[str], values: Vector, name: str, target: Surd) -> str:
    """A tactic (no final period) proving ``Chat point = name`` for a nonzero point of known numbers."""
    rho_v = ctx.rho_at(values)
    r, s = ctx.sqrt_split(rho_v, target.radicand if target.coeff else None)
    args = " ".join(point)
    names = ["rho", *_point_names(point)]
    unfold = ", ".join([name, "K", "L", "rho", "gamma", "kappa", *_point_names(point)])
    nonzero = _nonzero_point(ctx, values, point)
    return (f"rewrite Chat_closed by {nonzero}; "
            f"rewrite div_sqrt by (apply rho_pos; {nonzero[1:-1]}); "
            f"{_sqrt_rewrite(f'(rho {args})', r, s)} by {num_tac(names)}; "
            f"unfold {unfold}; field")


def _sqrt_rewrite(value: str, r: Fraction, s: int) -> str:
    """Rewrite √value as r·√s; for s = 1 also √1 = 1, as a value on radicand 1 prints as a rational
    (e.g. the extreme values of Ĉ when m is a square)."""
    return f"rewrite (sqrt_as {value} {coq.num(r)} {s})" + (", sqrt_1" if s == 1 else "")


def _point_names(point: list[str]) -> list[str]:
    return [t.strip("()- ") for t in point if t.strip("()- ").isidentifier()]


def _nonzero_point(ctx: Ctx, values: Vector, point: list[str]) -> str:
    """(unfold nonzero, ...; pick a nonzero coordinate; lra) for a point of known numbers."""
    k = next((j for j, v in enumerate(values) if v != 0), 0)
    names = _point_names(point)
    unfold = f"unfold nonzero{', ' if names else ''}{', '.join(names)}; "
    return f"({unfold}{ctx.pick(k)}; lra)"


