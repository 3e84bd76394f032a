"""Claims 4 and 5: the status of W* for Ĉ, and Lemma 4.5 of Santurkar et al. at W0.

Lemma 4.5 as quoted in the note: for any initialization W0 with ⟨W0, W*⟩ > 0, the closest local
optimum Ŵ* of the BN cost satisfies ‖W0 − Ŵ*‖² ≤ ‖W0 − W*‖² − (‖W*‖² − ⟨W*, W0⟩)² / ‖W*‖² (1).
It is stated for three readings of "local optimum" of Ĉ (critical point; local minimiser or
maximiser; local minimiser), each on the domain w ≠ 0 of Ĉ.  Which theorem is generated follows the
derivation's verdict; Coq only accepts it when the verdict is right.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

from . import coq
from .bn_cost import _nonzero_point, value_proof
from .context import Ctx, split_tac, subst_intro, take_apart
from .document import Block, Claim, definition, theorem
from .linalg import Vector, dot
from .model_defs import num_tac

WSTAR = "4. the status of W* for Ĉ"
LEMMA = "5. Lemma 4.5 at W0"
READINGS = ("critical", "local_optimum_of_Chat", "local_minimiser_of_Chat")


def definitions(ctx: Ctx) -> Block:
    p, a, v = ctx.p, ctx.a, ctx.v
    av, vv = " ".join(a), " ".join(v)
    b = coq.weights(p, "b")
    norm = " + ".join(f"{x} ^ 2" for x in a)
    inner = " + ".join(f"{a[k]} * {b[k]}" for k in range(p))
    diff = lambda left, right: " ".join(f"({left[k]} - {right[k]})" for k in range(p))  # noqa: E731
    star = " ".join(ctx.wstar)
    arrow = " -> ".join(["R"] * p)
    return definition("\n".join([
        "(* Lemma 4.5 of Santurkar et al. (2018) as quoted by Dannemann & Junike (2025). *)",
        f"Definition norm2 {coq.binders(a)} : R := {norm}.",
        f"Definition inner {coq.binders([*a, *b])} : R := {inner}.",
        "(* The right-hand side of inequality (1) for an initialization v:",
        "   ||v - W*||^2 - (1 / ||W*||^2) (||W*||^2 - <W*, v>)^2. *)",
        f"Definition rhs1 {coq.binders(v)} : R :=",
        f"  norm2 {diff(v, ctx.wstar)} - / norm2 {star} * (norm2 {star} - inner {star} {vv}) ^ 2.",
        "(* The lemma at v, for a reading of 'local optimum of Chat': if <v, W*> > 0, some local",
        "   optimum a (in the domain w <> 0 of Chat) satisfies inequality (1). *)",
        f"Definition Lemma_4_5_at (local_optimum : {arrow} -> Prop) {coq.binders(v)} : Prop :=",
        f"  0 < inner {vv} {star} ->",
        f"  exists {av}, nonzero {av} /\\ local_optimum {av} /\\ norm2 {diff(v, a)} <= rhs1 {vv}.",
        "(* The lemma itself: for any initialization. *)",
        f"Definition Lemma_4_5 (local_optimum : {arrow} -> Prop) : Prop :=",
        f"  forall {vv}, Lemma_4_5_at local_optimum {vv}.",
        "(* The readings of 'local optimum' (W* itself is the only local optimum of C, see above). *)",
        f"Definition local_optimum_of_Chat {coq.binders(a)} : Prop :=",
        f"  local_min_on nonzero Chat {av} \\/ local_max_on nonzero Chat {av}.",
        f"Definition local_minimiser_of_Chat {coq.binders(a)} : Prop := local_min_on nonzero Chat {av}.",
    ]), LEMMA)


def optimum_is_critical(ctx: Ctx) -> Block:
    p, a = ctx.p, ctx.a
    av = " ".join(a)
    near = " -> ".join(f"Rabs ({ctx.v[k]} - {a[k]}) < eps" for k in range(p))
    vv = " ".join(ctx.v)
    proof = [
        f"intros {av} Hnz Hopt.",
        "assert (Hext : exists eps, 0 < eps /\\",
        f"  ((forall {vv}, nonzero {vv} -> {near} -> Chat {av} <= Chat {vv}) \\/",
        f"   (forall {vv}, nonzero {vv} -> {near} -> Chat {vv} <= Chat {av}))).",
        "{ destruct Hopt as [[eps [He Hm]] | [eps [He Hm]]]; exists eps; split; auto. }",
        "destruct Hext as [eps [He Hm]].",
    ]
    for k in range(p):
        proof += [
            f"assert (Z{k + 1} : dChat{k + 1} {av} = 0).",
            f"{{ apply (line_extremum {ctx.line('Chat', k, a)} {a[k]} _ eps",
            f"    (fun t => nonzero {' '.join('t' if j == k else a[j] for j in range(p))})"
            f" (dChat{k + 1}_spec {av} Hnz) He).",
            f"  - apply (filter_imp (fun t => t <> 0 \\/ ({ctx.nonzero_others(k, a)}))).",
            "    + intros t Ht. unfold nonzero. tauto.",
            "    + apply locally_line. unfold nonzero in Hnz. tauto.",
            "  - destruct Hm as [Hm|Hm]; [left|right]; intros t Hn Ht; cbv beta; apply Hm;",
            "      first [exact Hn | exact Ht | apply Rabs_diag_lt; exact He]. }",
        ]
    proof.append(f"unfold critical. {split_tac(p)}.")
    for k in range(p):
        bullet = "- " if p > 1 else ""
        proof.append(f"{bullet}pose proof (dChat{k + 1}_spec {av} Hnz) as D. rewrite Z{k + 1} in D. exact D.")
    statement = f"forall {av}, nonzero {av} -> local_optimum_of_Chat {av} -> critical {av}"
    return theorem("Lemma", "local_optimum_is_critical", statement, proof, LEMMA)


def wstar_status(ctx: Ctx) -> tuple[Block, Claim]:
    spec, p = ctx.spec, ctx.p
    star = " ".join(ctx.wstar)
    nz = _nonzero_point(ctx, spec.wstar, list(ctx.wstar))
    if not spec.wstar_critical:
        k = next(j for j, g in enumerate(ctx.grad_values) if not g.is_zero)
        g = ctx.grad_values[k]
        value = coq.surd_of(g)
        if g.radicand == 1:
            nonzero_value = f"assert (Hv : {value} <> 0) by lra."
        else:
            nonzero_value = (f"assert (Hv : {value} <> 0) by (apply Rmult_integral_contrapositive_currified;"
                             f" [lra | apply Rgt_not_eq, sqrt_lt_R0; lra]).")
        statement = f"~ local_min_on nonzero Chat {star} /\\ ~ local_max_on nonzero Chat {star}"
        proof = [
            f"assert (Hnz : nonzero {star}) by {nz}.",
            nonzero_value,
            "split; intros Hm; apply Hv;",
            f"  assert (Hc : critical {star}) by (apply local_optimum_is_critical; [exact Hnz |"
            " unfold local_optimum_of_Chat; tauto]);",
            f"  {take_apart('Hc', 'D', p)};",
            f"  rewrite <- (is_derive_unique _ _ _ {ctx.conj_part('grad_Chat_Wstar', k, p)});",
            f"  apply is_derive_unique; exact D{k + 1}.",
        ]
        name = "Wstar_not_a_local_optimum_of_Chat"
        headline = "W* is neither a local minimiser nor a local maximiser of Chat"
        return theorem("Theorem", name, statement, proof, WSTAR), Claim(name, headline, statement)
    minimiser = _multiple_of_d(ctx, spec.wstar) > 0
    target, side = ("Chat_min", "proj1") if minimiser else ("Chat_max", "proj2")
    ws = " ".join(ctx.w)
    relation = f"Chat {star} <= Chat {ws}" if minimiser else f"Chat {ws} <= Chat {star}"
    statement = f"forall {ws}, nonzero {ws} -> {relation}"
    value = ctx.chat_min if minimiser else ctx.chat_max
    proof = [
        f"assert (E : Chat {star} = {target})",
        f"  by ({value_proof(ctx, list(ctx.wstar), spec.wstar, target, value)}).",
        f"intros {ws} Hnz. rewrite E. apply ({side} (proj1 Chat_minimum_and_maximum {ws} Hnz)).",
    ]
    kind = "minimiser" if minimiser else "maximiser"
    name = f"Wstar_global_{kind}_of_Chat"
    return theorem("Theorem", name, statement, proof, WSTAR), Claim(
        name, f"W* is critical for Chat here: it is a global {kind} of Chat", statement)


def _multiple_of_d(ctx: Ctx, point: Vector) -> Fraction:
    d = ctx.spec.direction
    return dot(point, d) / dot(d, d)


def refutation(ctx: Ctx, name: str, w0: Sequence[str], w0_values: Vector, rhs: Fraction,
               dist2: Fraction) -> Block:
    """~ Lemma_4_5_at (every reading) at the initialization w0: the distance from w0 to the line of
    d (where all critical points lie) exceeds the right-hand side of (1)."""
    p, spec = ctx.p, ctx.spec
    d = spec.direction
    nd = dot(d, d)
    t0 = dot(w0_values, d) / nd
    a, av = ctx.a, " ".join(ctx.a)
    star, w0s = " ".join(ctx.wstar), " ".join(w0)
    names = list(dict.fromkeys([*_names(w0), *ctx.wstar]))  # W0_k may unfold to Wstar_k
    shifted = " ".join(f"({w0[k]} - t * {ctx.d[k]})" for k in range(p))
    unfold_all = ", ".join(["rhs1", "norm2", "inner", *names])
    proof = [
        f"assert (Hin : 0 < inner {w0s} {star}) by {num_tac(['inner', *names])}.",
        f"assert (Hcrit : ~ Lemma_4_5_at critical {w0s}).",
        f"{{ intros Hlem. destruct (Hlem Hin) as {_exists_intro(a)}.",
        f"  destruct (proj1 (critical_points_of_Chat {av} Hnz) Hc) as [t [Ht {subst_intro(p)}]].",
        f"  assert (Hr : rhs1 {w0s} = {coq.num(rhs)}) by (unfold {unfold_all}; field).",
        f"  assert (Hd : norm2 {shifted} = {coq.num(nd)} * (t - {coq.num(t0)}) ^ 2 + {coq.num(dist2)})",
        f"    by (unfold {', '.join(['norm2', *names, *ctx.d])}; field).",
        f"  pose proof (pow2_ge_0 (t - {coq.num(t0)})). rewrite Hr, Hd in Hle. lra. }}",
        f"assert (Hopt : ~ Lemma_4_5_at local_optimum_of_Chat {w0s}).",
        f"{{ intros Hlem. apply Hcrit. intros H. destruct (Hlem H) as {_exists_intro(a, 'Ho')}.",
        f"  exists {', '.join(a)}. split; [exact Hnz|].",
        "  split; [apply local_optimum_is_critical; assumption | exact Hle]. }",
        "split; [exact Hin|]. split; [exact Hcrit|]. split; [exact Hopt|].",
        f"intros Hlem. apply Hopt. intros H. destruct (Hlem H) as {_exists_intro(a, 'Ho')}.",
        f"exists {', '.join(a)}. split; [exact Hnz|]. split; [left; exact Ho | exact Hle].",
    ]
    statement = f"0 < inner {w0s} {star} /\\\n  " + " /\\\n  ".join(
        f"~ Lemma_4_5_at {r} {w0s}" for r in READINGS)
    return theorem("Theorem", name, statement, proof, LEMMA)


def vacuous(ctx: Ctx, name: str) -> Block:
    w0s, star = " ".join(ctx.w0), " ".join(ctx.wstar)
    names = [*ctx.w0, *ctx.wstar]
    statement = (f"inner {w0s} {star} <= 0 /\\\n  "
                 + " /\\\n  ".join(f"Lemma_4_5_at {r} {w0s}" for r in READINGS))
    proof = [
        f"assert (Hin : inner {w0s} {star} <= 0) by {num_tac(['inner', *names])}.",
        "split; [exact Hin|]. split; [|split]; intros H; exfalso; lra.",
    ]
    return theorem("Theorem", name, statement, proof, LEMMA)


def holds(ctx: Ctx, name: str) -> Block:
    """Lemma 4.5 holds at W0: the critical point t0·d closest to W0 satisfies (1)."""
    spec, p = ctx.spec, ctx.p
    d = spec.direction
    t0 = dot(spec.w0, d) / dot(d, d)
    point = tuple(t0 * v for v in d)
    terms = [coq.num(v) for v in point]
    pts = " ".join(terms)
    w0s, star = " ".join(ctx.w0), " ".join(ctx.wstar)
    names = [*ctx.w0, *ctx.wstar]
    minimiser = t0 > 0
    target, side, pick = ("Chat_min", "proj1", "left") if minimiser else ("Chat_max", "proj2", "right")
    value = ctx.chat_min if minimiser else ctx.chat_max
    local = "local_min_on" if minimiser else "local_max_on"
    nz = _nonzero_point(ctx, point, terms)
    readings = READINGS if minimiser else READINGS[:2]
    diff = " ".join(f"({ctx.w0[k]} - {terms[k]})" for k in range(p))
    proof = [
        f"assert (Hin : 0 < inner {w0s} {star}) by {num_tac(['inner', *names])}.",
        f"assert (Hnz : nonzero {pts}) by {nz}.",
        f"assert (Hc : critical {pts}).",
        f"{{ apply (proj2 (critical_points_of_Chat {pts} Hnz)). exists {coq.num(t0)}. split; [lra|].",
        f"  unfold {', '.join(ctx.d)}. {split_tac(p)}; field. }}",
        f"assert (Hr : rhs1 {w0s} = {coq.num(spec.lemma_rhs)})"
        f" by (unfold {', '.join(['rhs1', 'norm2', 'inner', *names])}; field).",
        f"assert (Hle : norm2 {diff} <= rhs1 {w0s})"
        f" by (rewrite Hr; unfold {', '.join(['norm2', *names])}; lra).",
        f"assert (E : Chat {pts} = {target}) by ({value_proof(ctx, terms, point, target, value)}).",
        f"assert (Hopt : {local} nonzero Chat {pts}).",
        f"{{ exists 1. split; [lra|]. intros {' '.join(ctx.v)} Hv" + " _" * p + ". rewrite E.",
        f"  apply ({side} (proj1 Chat_minimum_and_maximum {' '.join(ctx.v)} Hv)). }}",
        f"split; [exact Hin|]. {split_tac(len(readings))}; intros _; exists {', '.join(terms)};"
        " split; try exact Hnz; split; try exact Hle.",
        "- exact Hc.",
        f"- unfold local_optimum_of_Chat. {pick}. exact Hopt.",
    ]
    if minimiser:
        proof.append("- exact Hopt.")
    statement = (f"0 < inner {w0s} {star} /\\\n  "
                 + " /\\\n  ".join(f"Lemma_4_5_at {r} {w0s}" for r in readings))
    return theorem("Theorem", name, statement, proof, LEMMA)


def universal(instance: str) -> Block:
    statement = " /\\ ".join(f"~ Lemma_4_5 {r}" for r in READINGS)
    parts = [f"(proj1 (proj2 {instance}))", f"(proj1 (proj2 (proj2 {instance})))",
             f"(proj2 (proj2 (proj2 {instance})))"]
    proof = ["split; [|split]; intros H."]
    proof += [f"- apply {part}. apply H." for part in parts]
    return theorem("Corollary", "Lemma_4_5_is_false", statement, proof, LEMMA)


def _names(terms: Sequence[str]) -> list[str]:
    return [t for t in terms if t.isidentifier()]


def _exists_intro(a: Sequence[str], middle: str = "Hc") -> str:
    pattern = f"[Hnz [{middle} Hle]]"
    for name in reversed(a):
        pattern = f"[{name} {pattern}]"
    return pattern
