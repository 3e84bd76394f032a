"""Claim 1: W* is the unique global minimiser of C, and the only local optimum of C.

The certificate is the exact LDLᵀ of XᵀX: C(w) − C(W*) = Σ_k D_k ℓ_k(w − W*)² with D_k > 0.
"""

from __future__ import annotations

from . import coq
from .context import Ctx, split_tac, subst_intro, take_apart
from .document import Block, Claim, definition, theorem

PART = "1. W* is the unique global minimiser of C"


def blocks(ctx: Ctx) -> tuple[list[Block], list[Claim]]:
    spec, p, w = ctx.spec, ctx.p, ctx.w
    ws = " ".join(w)
    star = " ".join(ctx.wstar)
    shifted = [f"({w[k]} - {ctx.wstar[k]})" for k in range(p)]
    forms = ctx.ldl_forms(spec.xtx_ldl, shifted)
    out: list[Block] = []

    stats = spec.stats
    quadratic = (f"{coq.quadratic(stats.xtx, w)} - 2 * ({coq.linear(stats.xty, w)}) + "
                 f"{coq.num(stats.sum_yy)}")
    out.append(theorem("Lemma", "C_expanded", f"forall {ws}, C {ws} = {quadratic}", [
        "intros. unfold C. expand_sums. field.",
    ], PART))
    out.append(theorem("Lemma", "C_sum_of_squares", f"forall {ws}, C {ws} - C {star} = {ctx.sos(forms)}", [
        "intros. rewrite !C_expanded. unfold " + ", ".join(ctx.wstar) + ". field.",
    ], PART))
    out += ctx.sos_lemmas("sos_C", spec.xtx_ldl.diag, PART)
    zero_term = "(sos_C_zero" + " _" * len(forms) + " E)"
    statement_min = (f"(forall {ws}, C {star} <= C {ws}) /\\\n  "
                     f"(forall {ws}, C {ws} <= C {star} -> {ctx.eqs(w, ctx.wstar)})")
    out.append(theorem("Theorem", "Wstar_unique_global_minimiser_of_C", statement_min, [
        f"split; intros {ws}; assert (P : 0 <= C {ws} - C {star})",
        "  by (rewrite C_sum_of_squares; apply sos_C_nonneg).",
        "- lra.",
        f"- intros Hle. assert (E : C {ws} - C {star} = 0) by lra.",
        "  rewrite C_sum_of_squares in E.",
        f"  {take_apart(zero_term, 'Z', len(forms))}.",
        f"  {split_tac(p)}; lra.",
    ], PART))

    # ∂C/∂w_k = 2 ((XᵀX w)_k - (Xᵀy)_k), then: a local optimum of C is critical, hence W*.
    for k in range(p):
        affine = coq.affine(spec.stats.xtx[k], w, -spec.stats.xty[k])
        out.append(definition(f"Definition dC{k + 1} {ctx.wbind} : R := 2 * ({affine}).", PART))
        out.append(theorem(
            "Lemma", f"dC{k + 1}_spec",
            f"forall {ws}, is_derive {ctx.line('C', k, w)} {w[k]} (dC{k + 1} {ws})",
            [f"intros. unfold dC{k + 1}, C. expand_sums. auto_derive; [easy | field]."], PART))
    out.append(_local_optima(ctx))
    claims = [
        Claim("Wstar_unique_global_minimiser_of_C",
              "W* is the unique global minimiser of C (sum of squares from the exact LDL^T of X^T X)",
              statement_min),
        Claim("C_local_optima", "W* is the only local minimiser or maximiser of C",
              _local_optima_statement(ctx)),
    ]
    return out, claims


def _local_optima_statement(ctx: Ctx) -> str:
    ws = " ".join(ctx.w)
    return (f"forall {ws},\n  local_min_on anywhere C {ws} \\/ local_max_on anywhere C {ws} <-> "
            f"{ctx.eqs(ctx.w, ctx.wstar)}")


def _local_optima(ctx: Ctx) -> Block:
    p, w = ctx.p, ctx.w
    ws = " ".join(w)
    vs = " ".join(ctx.v)
    proof = [
        f"intros {ws}. split.",
        "- intros Hopt.",
        "  assert (Hext : exists eps, 0 < eps /\\",
        f"    ((forall {vs}, anywhere {vs} -> {_near(ctx)} -> C {ws} <= C {vs}) \\/",
        f"     (forall {vs}, anywhere {vs} -> {_near(ctx)} -> C {vs} <= C {ws}))).",
        "  { destruct Hopt as [[eps [He Hm]] | [eps [He Hm]]]; exists eps; split; auto. }",
        "  destruct Hext as [eps [He Hm]].",
    ]
    for k in range(p):
        proof += [
            f"  assert (G{k + 1} : dC{k + 1} {ws} = 0).",
            f"  {{ apply (line_extremum {ctx.line('C', k, w)} {w[k]} _ eps (fun _ => True)",
            f"      (dC{k + 1}_spec {ws}) He).",
            "    - apply filter_forall. intros. exact I.",
            "    - destruct Hm as [Hm|Hm]; [left|right]; intros t _ Ht; cbv beta; apply Hm;",
            "        first [exact I | exact Ht | apply Rabs_diag_lt; exact He]. }",
        ]
    unfold = ", ".join([f"dC{k + 1}" for k in range(p)])
    proof += [
        f"  unfold {unfold} in *. unfold {', '.join(ctx.wstar)}. {split_tac(p)}; lra.",
        f"- intros {subst_intro(ctx.p)}. left. exists 1. split; [lra|].",
        f"  intros {vs} _ " + " ".join("_" for _ in range(p)) + ".",
        "  apply (proj1 Wstar_unique_global_minimiser_of_C).",
    ]
    return theorem("Theorem", "C_local_optima", _local_optima_statement(ctx), proof, PART)


def _near(ctx: Ctx) -> str:
    return " -> ".join(f"Rabs ({ctx.v[k]} - {ctx.w[k]}) < eps" for k in range(ctx.p))
