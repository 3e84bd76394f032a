"""The definitions of the Coq file: the data, the paper's quantities, and the derived constants.

The paper's quantities (z_i, μ, σ with divisor N, φ̂, C, Ĉ) are written as the paper defines them,
as sums over the learning set.  With the rows kept (small N) the sums run over the rows; otherwise
the file states the exact sums of the data (Σx, XᵀX, Xᵀy, Σy, Σy², computed by bnreport) and writes
every sum over the rows by linearity in terms of them, and says so.
"""

from __future__ import annotations

from . import coq
from .context import Ctx
from .document import Block, definition

PART = "definitions"


def data_block(ctx: Ctx) -> Block:
    return definition(_rows(ctx) if ctx.spec.rows is not None else _stats(ctx), PART)


def _common_head(ctx: Ctx) -> list[str]:
    spec = ctx.spec
    return [
        f"Definition N : R := {spec.n}.",
        f"Definition gamma : R := {coq.num(spec.gamma)}.",
        f"Definition beta : R := {coq.num(spec.beta)}.",
    ]


def _rows(ctx: Ctx) -> str:
    spec, p, w = ctx.spec, ctx.p, ctx.w
    assert spec.rows is not None
    x_cases = [f"  | {i + 1}, {j + 1} => {coq.num(x[j])}"
               for i, (x, _) in enumerate(spec.rows) for j in range(p)]
    y_cases = [f"  | {i + 1} => {coq.num(y)}" for i, (_, y) in enumerate(spec.rows)]
    z_body = " + ".join(f"x i {j + 1} * {w[j]}" for j in range(p))
    return "\n".join([
        "(* The learning set: N rows x_i in R^p with targets y_i, and the BN constants. *)",
        *_common_head(ctx),
        "Definition x (i j : nat) : R :=",
        "  match i, j with",
        *x_cases,
        "  | _, _ => 0",
        "  end.",
        "Definition y (i : nat) : R :=",
        "  match i with",
        *y_cases,
        "  | _ => 0",
        "  end.",
        "",
        "(* sum_to n f = f 1 + ... + f n;  sum_rows f = the sum of f i over the learning set. *)",
        "Fixpoint sum_to (n : nat) (f : nat -> R) : R :=",
        "  match n with O => 0 | S k => sum_to k f + f (S k) end.",
        f"Definition sum_rows (f : nat -> R) : R := sum_to {spec.n} f.",
        "",
        "(* The output of the neuron on row i: z_i = <w, x_i>. *)",
        f"Definition z (i : nat) {ctx.wbind} : R := {z_body}.",
        "(* Batch mean and population variance (divisor N), standard deviation. *)",
        f"Definition mu {ctx.wbind} : R := sum_rows (fun i => z i {ctx.ws}) / N.",
        f"Definition variance {ctx.wbind} : R :=",
        f"  sum_rows (fun i => (z i {ctx.ws} - mu {ctx.ws}) ^ 2) / N.",
        f"Definition sigma {ctx.wbind} : R := sqrt (variance {ctx.ws}).",
        "(* The BN output on row i (Definition 2.6), the plain cost C and the BN cost Chat. *)",
        f"Definition phi_hat (i : nat) {ctx.wbind} : R :=",
        f"  gamma * (z i {ctx.ws} - mu {ctx.ws}) / sigma {ctx.ws} + beta.",
        f"Definition C {ctx.wbind} : R := sum_rows (fun i => (z i {ctx.ws} - y i) ^ 2).",
        f"Definition Chat {ctx.wbind} : R := sum_rows (fun i => (phi_hat i {ctx.ws} - y i) ^ 2).",
        "",
        "(* Unfolds the sums over the rows into explicit arithmetic. *)",
        "Ltac expand_sums := unfold mu, sum_rows, z, N; cbn [sum_to x y].",
    ])


def _stats(ctx: Ctx) -> str:
    spec, p, w = ctx.spec, ctx.p, ctx.w
    stats = spec.stats
    sx = [f"  | {j + 1} => {coq.num(stats.sum_x[j])}" for j in range(p)]
    sxx = [f"  | {i + 1}, {j + 1} => {coq.num(stats.xtx[i][j])}" for i in range(p) for j in range(p)]
    sxy = [f"  | {j + 1} => {coq.num(stats.xty[j])}" for j in range(p)]
    ws = ctx.ws
    sum_z = " + ".join(f"{w[j]} * sum_x {j + 1}" for j in range(p))
    sum_zz = " + ".join(f"{w[i]} * {w[j]} * sum_xx {i + 1} {j + 1}" for i in range(p) for j in range(p))
    sum_zy = " + ".join(f"{w[j]} * sum_xy {j + 1}" for j in range(p))
    return "\n".join([
        f"(* The learning set has N = {spec.n} rows: too many to list here.  It enters through its",
        "   exact sums, computed by bnreport from the data file (this reduction is not checked by",
        "   Coq); every sum over the rows below is written by linearity in terms of them. *)",
        *_common_head(ctx),
        "(* sum_x j = sum_i x_ij,  sum_xx j k = sum_i x_ij x_ik,  sum_xy j = sum_i x_ij y_i *)",
        "Definition sum_x (j : nat) : R :=",
        "  match j with", *sx, "  | _ => 0", "  end.",
        "Definition sum_xx (j k : nat) : R :=",
        "  match j, k with", *sxx, "  | _, _ => 0", "  end.",
        "Definition sum_xy (j : nat) : R :=",
        "  match j with", *sxy, "  | _ => 0", "  end.",
        f"Definition sum_y : R := {coq.num(stats.sum_y)}.",
        f"Definition sum_yy : R := {coq.num(stats.sum_yy)}.",
        "",
        "(* With z_i = <w, x_i>: sum_i z_i, sum_i z_i^2 and sum_i z_i y_i. *)",
        f"Definition sum_z {ctx.wbind} : R := {sum_z}.",
        f"Definition sum_zz {ctx.wbind} : R := {sum_zz}.",
        f"Definition sum_zy {ctx.wbind} : R := {sum_zy}.",
        "(* Batch mean and population variance (divisor N), standard deviation. *)",
        f"Definition mu {ctx.wbind} : R := sum_z {ws} / N.",
        "(* sum_i (z_i - mu)^2,  sum_i (z_i - mu) (beta - y_i)  and  sum_i (beta - y_i)^2 *)",
        f"Definition sum_dev2 {ctx.wbind} : R :=",
        f"  sum_zz {ws} - 2 * mu {ws} * sum_z {ws} + N * mu {ws} ^ 2.",
        f"Definition sum_dev_res {ctx.wbind} : R :=",
        f"  beta * (sum_z {ws} - N * mu {ws}) - (sum_zy {ws} - mu {ws} * sum_y).",
        "Definition sum_res2 : R := N * beta ^ 2 - 2 * beta * sum_y + sum_yy.",
        f"Definition variance {ctx.wbind} : R := sum_dev2 {ws} / N.",
        f"Definition sigma {ctx.wbind} : R := sqrt (variance {ws}).",
        "(* C(w) = sum_i (z_i - y_i)^2 and Chat(w) = sum_i (gamma (z_i - mu) / sigma + beta - y_i)^2,",
        "   both expanded by linearity. *)",
        f"Definition C {ctx.wbind} : R := sum_zz {ws} - 2 * sum_zy {ws} + sum_yy.",
        f"Definition Chat {ctx.wbind} : R :=",
        f"  gamma ^ 2 * sum_dev2 {ws} / sigma {ws} ^ 2 + 2 * (gamma / sigma {ws}) * sum_dev_res {ws}",
        "  + sum_res2.",
        "",
        "(* Unfolds the sums into explicit arithmetic. *)",
        "Ltac expand_sums := unfold sum_dev2, sum_dev_res, sum_res2, mu, N;",
        "  unfold sum_z, sum_zz, sum_zy, sum_y, sum_yy; cbn [sum_x sum_xx sum_xy].",
    ])



def res2(ctx: Ctx) -> str:
    """Σ_i (β - y_i)² as the model writes it."""
    return "sum_rows (fun i => (beta - y i) ^ 2)" if ctx.spec.rows is not None else "sum_res2"


def chat_parts(ctx: Ctx) -> str:
    """The definitions to unfold to see Chat as a sum over the rows."""
    return "Chat, phi_hat" if ctx.spec.rows is not None else "Chat"


def derived_block(ctx: Ctx) -> Block:
    """The values bnreport derived, as named constants the theorems below are about."""
    spec, p, w = ctx.spec, ctx.p, ctx.w
    lines = ["(* Derived by bnreport; the theorems below prove what they are. *)",
             "(* W*: the minimiser of C (normal equations). *)"]
    lines += [f"Definition {ctx.wstar[k]} : R := {coq.num(spec.wstar[k])}." for k in range(p)]
    if spec.w0_is_wstar:
        lines.append("(* The initialization W0 = W*, as in the paper. *)")
        lines += [f"Definition {ctx.w0[k]} : R := {ctx.wstar[k]}." for k in range(p)]
    else:
        lines.append("(* The initialization W0 given with the data. *)")
        lines += [f"Definition {ctx.w0[k]} : R := {coq.num(spec.w0[k])}." for k in range(p)]
    lines += [
        "(* d: the direction whose positive multiples minimise Chat. *)",
        *[f"Definition {ctx.d[k]} : R := {coq.num(spec.direction[k])}." for k in range(p)],
        "(* sigma(w) = sqrt(rho(w)) / kappa, with rho a quadratic form of integer-friendly coefficients. *)",
        f"Definition kappa : R := {coq.num(spec.scale)}.",
        f"Definition rho {ctx.wbind} : R := {ctx.rho_term(w)}.",
        "(* L(w) = sum_i (z_i - mu) y_i = <w, Xc^T y>;  K = N gamma^2 + sum_i (beta - y_i)^2. *)",
        f"Definition L {ctx.wbind} : R := {ctx.linear_b(w)}.",
        f"Definition K : R := {coq.num(spec.const)}.",
        "(* The partial derivatives of Chat (w <> 0): with Mw_k = (1/2) d rho / d w_k,",
        "   dChat_k = - 2 gamma kappa (b_k rho - L Mw_k) sqrt(rho) / rho^2. *)",
    ]
    for k in range(p):
        lines += [
            f"Definition Mw{k + 1} {ctx.wbind} : R := {ctx.half_grad_rho(k, w)}.",
            f"Definition H{k + 1} {ctx.wbind} : R :=",
            f"  {coq.num(spec.centred_xty[k])} * rho {ctx.ws} - L {ctx.ws} * Mw{k + 1} {ctx.ws}.",
            f"Definition dChat{k + 1} {ctx.wbind} : R :=",
            f"  - (2 * gamma * kappa) * (H{k + 1} {ctx.ws} * sqrt (rho {ctx.ws}) / rho {ctx.ws} ^ 2).",
        ]
    lines += [
        "(* Cauchy-Schwarz: L(w)^2 <= m_rho * rho(w); gap(w) is the difference. *)",
        f"Definition m_rho : R := {coq.num(ctx.m_rho)}.",
        f"Definition gap {ctx.wbind} : R := m_rho * rho {ctx.ws} - L {ctx.ws} ^ 2.",
        "(* The extreme values of Chat. *)",
        f"Definition Chat_min : R := {coq.surd_of(ctx.chat_min)}.",
        f"Definition Chat_max : R := {coq.surd_of(ctx.chat_max)}.",
    ]
    return definition("\n".join(lines), PART)


def notions_block(ctx: Ctx) -> Block:
    """Local optima on a domain (max-norm balls), the domain w <> 0 of Chat, critical points."""
    p, a, v = ctx.p, ctx.a, ctx.v
    arrow = " -> ".join(["R"] * p)
    near = " -> ".join(f"Rabs ({v[k]} - {a[k]}) < eps" for k in range(p))
    va, aa = " ".join(v), " ".join(a)
    derivs = " /\\ ".join(f"is_derive {ctx.line('Chat', k, a)} {a[k]} 0" for k in range(p))
    nonzero = " \\/ ".join(f"{x} <> 0" for x in ctx.w)
    return definition("\n".join([
        "(* a is a local minimiser (maximiser) of F on the set D: F a <= F v (F v <= F a) for every v",
        "   of D in a neighbourhood of a. *)",
        f"Definition local_min_on (D : {arrow} -> Prop) (F : {arrow} -> R) {coq.binders(a)} : Prop :=",
        f"  exists eps, 0 < eps /\\ forall {va}, D {va} -> {near} -> F {aa} <= F {va}.",
        f"Definition local_max_on (D : {arrow} -> Prop) (F : {arrow} -> R) {coq.binders(a)} : Prop :=",
        f"  exists eps, 0 < eps /\\ forall {va}, D {va} -> {near} -> F {va} <= F {aa}.",
        f"Definition anywhere {ctx.wbind} : Prop := True.",
        "(* Chat is defined where sigma <> 0, i.e. (as proved below) for w <> 0. *)",
        f"Definition nonzero {ctx.wbind} : Prop := {nonzero}.",
        "(* a is a critical point of Chat: every partial derivative exists and is 0. *)",
        f"Definition critical {coq.binders(a)} : Prop :=",
        f"  {derivs}.",
    ]), PART)



def num_tac(names: list[str]) -> str:
    """Unfold the named constants, then decide a numeric (in)equality."""
    unfold = f"unfold {', '.join(names)}; " if names else ""
    return f"({unfold}first [lra | field | nra])"
