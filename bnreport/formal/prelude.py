"""The data-independent part of every generated file: imports and general lemmas of real analysis.

These lemmas say nothing about any learning set; they are proved once here, in every file, so that
the file checks on its own with nothing but Coq and Coquelicot installed.  Every numeric fact in
the files is decided exactly (`lra`, `field`), so no floating-point bounds are needed.
"""

from __future__ import annotations

IMPORTS = """\
(* Coquelicot's coercions make Coq warn about ambiguous paths; they are harmless here. *)
Set Warnings "-ambiguous-paths".
Require Import Reals Psatz.
From Coquelicot Require Import Coquelicot.
Open Scope R_scope.
"""

GENERAL_LEMMAS = r"""
(* A square root written as a rational times the root of a square-free integer. *)
Lemma sqrt_as (v r s : R) : 0 <= r -> 0 <= s -> v = r ^ 2 * s -> sqrt v = r * sqrt s.
Proof.
  intros Hr Hs ->. rewrite sqrt_mult_alt by (apply pow2_ge_0). rewrite sqrt_pow2 by exact Hr. reflexivity.
Qed.

(* Moves a radical from the denominator to the numerator. *)
Lemma div_sqrt (a v : R) : 0 < v -> a / sqrt v = a / v * sqrt v.
Proof.
  intros Hv. assert (Hs : sqrt v * sqrt v = v) by (apply sqrt_sqrt; lra).
  assert (0 < sqrt v) by (apply sqrt_lt_R0; exact Hv).
  rewrite <- Hs at 2. field. lra.
Qed.

(* The derivative of l / sqrt q, with the radical in the numerator. *)
Lemma ratio_deriv (l q : R -> R) (x dl dq : R) :
  is_derive l x dl -> is_derive q x dq -> 0 < q x ->
  is_derive (fun t => l t / sqrt (q t)) x ((dl * q x - l x * dq / 2) * sqrt (q x) / q x ^ 2).
Proof.
  intros Hl Hq Hpos.
  assert (Hs : 0 < sqrt (q x)) by (apply sqrt_lt_R0; exact Hpos).
  assert (Hss : sqrt (q x) * sqrt (q x) = q x) by (apply sqrt_sqrt; lra).
  evar_last.
  - apply is_derive_div; [exact Hl | apply is_derive_sqrt; [exact Hq | exact Hpos] | lra].
  - set (s := sqrt (q x)) in *. rewrite <- Hss. field. lra.
Qed.

(* The derivative of K - c * (l / sqrt q): the shape of Chat in closed form. *)
Lemma closed_deriv (K c : R) (l q : R -> R) (x dl dq : R) :
  is_derive l x dl -> is_derive q x dq -> 0 < q x ->
  is_derive (fun t => K - c * (l t / sqrt (q t))) x
    (- c * ((dl * q x - l x * dq / 2) * sqrt (q x) / q x ^ 2)).
Proof.
  intros Hl Hq Hpos. evar_last.
  - apply (is_derive_minus (fun _ => K) (fun t => c * (l t / sqrt (q t)))).
    + apply is_derive_const.
    + apply (is_derive_scal (fun t => l t / sqrt (q t))). apply (ratio_deriv l q x dl dq); assumption.
  - simpl. unfold minus, plus, opp, zero, scal; simpl. unfold mult; simpl. ring.
Qed.

(* Near a point with a nonzero coordinate, or another coordinate nonzero, w stays nonzero. *)
Lemma locally_line (P : Prop) (a : R) : a <> 0 \/ P -> locally a (fun t => t <> 0 \/ P).
Proof.
  intros [Ha|HP].
  - assert (H : 0 < Rabs a) by (apply Rabs_pos_lt; exact Ha).
    exists (mkposreal _ H). intros t Ht. left. intros ->.
    change (Rabs (0 - a) < Rabs a) in Ht. rewrite Rminus_0_l, Rabs_Ropp in Ht. lra.
  - apply filter_forall. intros; right; exact HP.
Qed.

(* Fermat: at a local extremum of f (on a neighbourhood within P) the derivative is 0. *)
Lemma line_extremum (f : R -> R) (a l eps : R) (P : R -> Prop) :
  is_derive f a l -> 0 < eps -> locally a P ->
  ((forall t, P t -> Rabs (t - a) < eps -> f a <= f t) \/
   (forall t, P t -> Rabs (t - a) < eps -> f t <= f a)) -> l = 0.
Proof.
  intros Hd He [d Hball] Hext.
  set (e := Rmin eps d).
  assert (He' : 0 < e) by (apply Rmin_pos; [exact He | apply cond_pos]).
  assert (Hin : forall t, a - e < t -> t < a + e -> P t /\ Rabs (t - a) < eps).
  { intros t H1 H2. assert (Habs : Rabs (t - a) < e) by (apply Rabs_def1; lra).
    split.
    - apply Hball. change (Rabs (t - a) < d). eapply Rlt_le_trans; [exact Habs | apply Rmin_r].
    - eapply Rlt_le_trans; [exact Habs | apply Rmin_l]. }
  apply is_derive_Reals in Hd.
  set (pr := exist (fun l0 => derivable_pt_lim f a l0) l Hd : derivable_pt f a).
  change l with (derive_pt f a pr).
  destruct Hext as [Hmin|Hmax].
  - apply (deriv_minimum f (a - e) (a + e) a pr); try lra.
    intros t H1 H2. destruct (Hin t H1 H2). apply Hmin; assumption.
  - apply (deriv_maximum f (a - e) (a + e) a pr); try lra.
    intros t H1 H2. destruct (Hin t H1 H2). apply Hmax; assumption.
Qed.

(* c * (h * s / r^2) = 0 with c <> 0, s > 0, r > 0 forces h = 0. *)
Lemma factor_zero (c h s r : R) : c <> 0 -> 0 < s -> 0 < r -> c * (h * s / r ^ 2) = 0 -> h = 0.
Proof.
  intros Hc Hs Hr H.
  apply Rmult_integral in H. destruct H as [H|H]; [contradiction|].
  assert (H2 : h * s = (h * s / r ^ 2) * r ^ 2) by (field; lra).
  rewrite H, Rmult_0_l in H2. apply Rmult_integral in H2. destruct H2; [assumption | lra].
Qed.


(* From L^2 <= m r: |g L / sqrt r| <= |g| sqrt m  (Cauchy-Schwarz, in the form used). *)
Lemma ratio_bound (g L r m : R) :
  0 < r -> 0 <= m -> L ^ 2 <= m * r ->
  - (Rabs g * sqrt m) <= g * (L / sqrt r) <= Rabs g * sqrt m.
Proof.
  intros Hr Hm HL.
  assert (Hs : 0 < sqrt r) by (apply sqrt_lt_R0; exact Hr).
  assert (HLa : Rabs L <= sqrt m * sqrt r).
  { rewrite <- sqrt_mult_alt by exact Hm.
    rewrite <- (sqrt_pow2 (Rabs L)) by apply Rabs_pos.
    apply sqrt_le_1_alt. rewrite pow2_abs. exact HL. }
  assert (Hq : Rabs (g * (L / sqrt r)) <= Rabs g * sqrt m).
  { rewrite Rabs_mult, Rabs_div by lra. rewrite (Rabs_pos_eq (sqrt r)) by lra.
    apply Rmult_le_compat_l; [apply Rabs_pos|].
    apply (Rmult_le_reg_r (sqrt r)); [exact Hs|].
    replace (Rabs L / sqrt r * sqrt r) with (Rabs L) by (field; lra). exact HLa. }
  split.
  - apply Ropp_le_cancel. rewrite Ropp_involutive. eapply Rle_trans; [apply Rle_abs|].
    rewrite Rabs_Ropp. exact Hq.
  - eapply Rle_trans; [apply Rle_abs | exact Hq].
Qed.

(* A square is zero only at zero. *)
Lemma sq_zero (u : R) : u ^ 2 = 0 -> u = 0.
Proof. intros H. apply Rsqr_0_uniq. rewrite Rsqr_pow2. exact H. Qed.

(* The centre of a ball lies in it. *)
Lemma Rabs_diag_lt (a eps : R) : 0 < eps -> Rabs (a - a) < eps.
Proof. intros He. rewrite Rminus_diag_eq by reflexivity. rewrite Rabs_R0. exact He. Qed.

(* A product of nonzero reals is nonzero. *)
Lemma scale_neq (t a : R) : t <> 0 -> a <> 0 -> t * a <> 0.
Proof. intros Ht Ha. apply Rmult_integral_contrapositive_currified; assumption. Qed.
"""
