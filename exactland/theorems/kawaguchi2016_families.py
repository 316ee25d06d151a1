"""Kawaguchi (2016) Theorem 2.3 (ii)–(iv) and Corollary 2.4 for H = 1, family by family.

For one hidden layer the critical set of ``L(W) = s‖W₂W₁X − Y‖²`` is known completely
(Baldi & Hornik 1989; Kawaguchi 2016 Lemma 4.2).  With ``A = XXᵀ`` invertible, ``XYᵀ`` of
full rank, ``d_y ≤ d_x``, ``W_ols = YXᵀA⁻¹`` and ``Σ = YXᵀA⁻¹XYᵀ = UΛUᵀ`` with distinct
eigenvalues λ₁ > … > λ_{d_y} > 0:

* the gradient is ``∂/∂W₁ = 2s W₂ᵀ(W₂W₁ − W_ols)A``, ``∂/∂W₂ = 2s (W₂W₁ − W_ols)AW₁ᵀ``;
* bring ``W₂ = [B, 0]`` (B of full column rank k) with some ``G ∈ GL(d₁)`` acting by
  ``(W₂, W₁) ↦ (W₂G⁻¹, GW₁)``; then ``W₁ = [(BᵀB)⁻¹BᵀW_ols; L]``, ``col B`` is Σ-invariant,
  so ``col B = span U_I`` for an index set ``|I| = k ≤ min(d₁, d_y)``, and the rows ℓ of L
  satisfy ``YXᵀℓ ∈ span U_I``; the residual symmetry ``G = [[I, 0], [C, D]]`` removes the
  component of ℓ in the row space of ``U_IᵀW_ols`` (which YXᵀ maps onto span U_I), so the
  rows of L may be taken in ``K = ker YXᵀ`` (dimension ``d_x − d_y``);
* critical set ``= ⋃_I GL(d₁)·F_I`` with
  ``F_I = {([U_I, 0], [U_IᵀW_ols; L]) : rows of L in K}``, one family per index set,
  ``Σ_{k ≤ min(d₁, d_y)} C(d_y, k)`` families, told apart by the product ``P_I W_ols``.

Each family is a continuum, so a verdict about it is built from

1. a rational representative (L = 0, G = I) classified by :func:`exactland.classify.classify`
   and an explicit certificate (both re-checked by :func:`exactland.kernel.verify`);
2. a symbolic proof over all of F_I: with the entries of L as sympy symbols (rows in K),
   the gradient vanishes identically, the loss is constant, and the curvature ``vᵀ∇²L v`` along
   an explicit direction ``v(L)`` (rational in L) is a constant or equals a closed form whose
   sign is manifest because ``c = ℓᵀAℓ`` is written as a sum of squares;
3. the orbit argument: ``Φ_G(W₂, W₁) = (W₂G⁻¹, GW₁)`` is linear and ``L∘Φ_G = L`` (checked
   symbolically: ``W₂ adj(G) G W₁ = det(G) W₂W₁``), so ``∇²L(Φθ) = Φ⁻ᵀ∇²L(θ)Φ⁻¹`` — a
   congruence — and ``Φv`` has at ``Φθ`` the curvature v has at θ; the class is constant on
   ``GL(d₁)·F_I``.  Kernel certificates at random family members (random G, random L) are
   added as spot checks.

Negative curvature directions (the derivation is in the docstring of :func:`_directions`):

* I is not a top set (some ``i ∈ I``, ``j ∉ I`` with ``λ_j > λ_i``): rotate ``u_i`` toward
  ``u_j`` inside the used hidden units; ``q = 2s(λ_i − λ_j)``, independent of L.
* I is the top-k set with ``k < min(d₁, d_y)``: the used units are at the width-k optimum (their
  restricted Hessian is PSD), so the direction must use the unused unit ``k+1``, whose row of
  W₁ is a row ℓ of L: ``q = −2sλ_j²(c + 2)/(c + 1)²`` with ``c = ℓᵀAℓ ≥ 0`` (j = k+1).
* I the top-min(d₁, d_y) set: the global family.

>>> res = theorem_2_3_iv_shallow(seed=0)
>>> res.name, res.status
('theorem_2_3_iv', 'held')
"""

from __future__ import annotations

import random as _random
from dataclasses import dataclass, field
from fractions import Fraction
from functools import lru_cache
from itertools import combinations
from math import comb

from .. import kernel
from .. import numbers as nb
from ..classify import certificate as _certificate, classify
from ..instance import (Instance, check_data_hypotheses, ols_matrix, random_invertible,
                        rational_spectrum_instance, sigma_matrix)
from ..numbers import Matrix, fmt
from . import ClaimResult

SHAPES = ((2, 1, 2), (3, 1, 2), (3, 2, 2), (3, 3, 2), (3, 2, 3))


# --- small helpers ---------------------------------------------------------------------------------

def _S(a: Matrix):
    import sympy
    return sympy.Matrix([[sympy.Rational(x.numerator, x.denominator) for x in row] for row in a])


def _R(x: Fraction):
    import sympy
    return sympy.Rational(x.numerator, x.denominator)


def _e(n: int, i: int) -> Matrix:
    return [[Fraction(int(r == i))] for r in range(n)]


def _col(U: Matrix, j: int) -> Matrix:
    return [[row[j]] for row in U]


def _outer(a: Matrix, b: Matrix) -> Matrix:
    """a bᵀ for column vectors a, b."""
    return nb.matmul(a, nb.transpose(b))


# --- eigen-data of Σ ------------------------------------------------------------------------------

def rational_eigendata(inst: Instance):
    """Orthonormal rational eigenvectors and eigenvalues of Σ (descending), *checked* exactly.

    Uses the construction of :func:`~exactland.instance.rational_spectrum_instance` but trusts
    none of it: ``UᵀU = I`` and ``ΣU = U diag(λ)`` are verified, and λ strictly decreasing.
    """
    U, s = inst.meta_O, inst.meta_s
    lam = [x * x for x in s]
    S = sigma_matrix(inst)
    d = len(S)
    if nb.matmul(nb.transpose(U), U) != nb.identity(d):
        raise ValueError("eigenvectors are not orthonormal")
    if nb.matmul(S, U) != nb.matmul(U, [[lam[i] if i == j else Fraction(0) for j in range(d)] for i in range(d)]):
        raise ValueError("ΣU ≠ UΛ")
    if any(a <= b for a, b in zip(lam, lam[1:])) or lam[-1] <= 0:
        raise ValueError("eigenvalues are not distinct, positive and descending")
    return U, lam


# --- families -------------------------------------------------------------------------------------

@dataclass
class Family:
    """One critical family GL(d₁)·F_I and everything established about it."""

    I: tuple                      # 0-based eigen indices (eigenvalues in descending order)
    k: int
    l_shape: tuple                # shape of the free parameter Λ (L = Λ Kᵀ)
    is_global: bool
    representative: list          # [W1, W2] at L = 0, G = I
    cls: str = "inconclusive"     # "global_min" | "strict_saddle" | "inconclusive" | contradiction text
    certificates: list = field(default_factory=list)
    neg_proof: str = ""           # how negative curvature was shown on all of F_I
    pos_proof: str = ""
    const_proof: str = ""         # gradient ≡ 0 and loss constant on F_I
    ok: bool = False              # every check passed
    problems: list = field(default_factory=list)

    @property
    def l_dim(self) -> int:
        return self.l_shape[0] * self.l_shape[1]

    def line(self) -> str:
        I = "{" + ", ".join(str(i + 1) for i in self.I) + "}"
        how = ("orbit argument (GL(d₁) congruence) + " +
               ("F_I is a single point" if self.l_dim == 0 else f"symbolic proof over all L ∈ Q^{self.l_shape}"))
        extra = f"; neg: {self.neg_proof}; pos: {self.pos_proof}" if not self.is_global else f"; {self.const_proof}"
        return (f"I = {I} (k = {self.k}), L-parameters: {self.l_dim}, class: {self.cls}; covered by {how}{extra}"
                + (f"; PROBLEMS: {'; '.join(self.problems)}" if self.problems else ""))


def enumerate_index_sets(d1: int, dy: int) -> list[tuple]:
    """All I ⊆ {0..d_y−1} with |I| ≤ min(d₁, d_y).

    >>> len(enumerate_index_sets(2, 3)) == 1 + 3 + 3
    True
    """
    return [I for k in range(min(d1, dy) + 1) for I in combinations(range(dy), k)]


def expected_family_count(d1: int, dy: int) -> int:
    return sum(comb(dy, k) for k in range(min(d1, dy) + 1))


def family_point(inst: Instance, U: Matrix, I: tuple, L: Matrix | None = None, G: Matrix | None = None):
    """The point Φ_G([U_I, 0], [U_IᵀW_ols; L]) = ([U_I, 0]G⁻¹, G[U_IᵀW_ols; L]) as [W1, W2]."""
    dx, d1, dy = inst.model.widths
    k = len(I)
    Wols = ols_matrix(inst)
    UI = [[U[r][i] for i in I] for r in range(dy)]
    W2 = [row + [Fraction(0)] * (d1 - k) for row in UI] if k else nb.zeros(dy, d1)
    top = nb.matmul(nb.transpose(UI), Wols) if k else []
    L = L if L is not None else nb.zeros(d1 - k, dx)
    W1 = top + [list(r) for r in L]
    if G is not None:
        W2, W1 = nb.matmul(W2, nb.inverse(G)), nb.matmul(G, W1)
    return [W1, W2]


def which_family(inst: Instance, U: Matrix, W) -> tuple | None:
    """The index set I with W₂W₁ = P_I W_ols (P_I = U_I U_Iᵀ), or None if there is none.

    The product determines I: W_ols has full row rank, so P_I W_ols = P_J W_ols forces P_I = P_J.
    """
    Wbar = nb.matmul(W[1], W[0])
    Wols = ols_matrix(inst)
    dy = len(U)
    coords = nb.matmul(nb.transpose(U), Wbar)       # rows u_iᵀ W̄
    I = tuple(i for i in range(dy) if any(coords[i]))
    UI = [[U[r][i] for i in I] for r in range(dy)]
    P = _outer_sum(UI, dy)
    return I if nb.matmul(P, Wols) == Wbar else None


def _outer_sum(UI: Matrix, dy: int) -> Matrix:
    return nb.matmul(UI, nb.transpose(UI)) if UI and UI[0] else nb.zeros(dy, dy)


# --- explicit directions --------------------------------------------------------------------------

def _directions(inst: Instance, U, lam, I, Lsym, sym: bool):
    """Negative- and positive-curvature directions (D1, D2) at Φ_I(L), as matrices.

    With ``R = W₂W₁X − Y`` one has ``RXᵀ = −(I − P_I)YXᵀ`` on F_I, and along
    ``θ + t(D₂, D₁)``: ``q = vᵀ∇²Lv = 2s(‖(D₂W₁ + W₂D₁)X‖² + 2⟨R, D₂D₁X⟩)``.

    * rotation (i ∈ I at position p, j ∉ I): ``D₂ = u_j e_pᵀ``, ``D₁ = e_p (W_olsᵀu_j)ᵀ`` gives
      ``q/2s = λ_i + λ_j − 2λ_j = λ_i − λ_j``;
    * unused unit r = k (ℓ = row 0 of L), j ∉ I: ``D₂ = δ u_j e_rᵀ``, ``D₁ = e_r (W_olsᵀu_j)ᵀ``
      gives ``q/2s = δ²c − 2δλ_j`` with ``c = ℓᵀAℓ``; ``δ = λ_j/(c+1)`` makes it
      ``−λ_j²(c+2)/(c+1)²``;
    * positive: ``D₂ = u_i e_0ᵀ`` (i = I[0]) gives ``q/2s = λ_i``; for I = ∅,
      ``D₂ = u_0 e_0ᵀ, D₁ = −e_0(W_olsᵀu_0)ᵀ`` gives ``q/2s = c + 2λ_0``.

    ``sym``: build sympy matrices with L = Lsym (a sympy Matrix); else Fraction matrices with
    L = Lsym (a Fraction matrix).  Returns (neg, pos, neg_kind) or neg = None for the global family.
    """
    import sympy
    dx, d1, dy = inst.model.widths
    k = len(I)
    Wols = ols_matrix(inst)
    A = nb.matmul(inst.X, nb.transpose(inst.X))
    conv = _S if sym else (lambda m: m)
    mul = (lambda a, b: a * b) if sym else nb.matmul
    sc = (lambda c, a: c * a) if sym else nb.scale
    out_ = lambda a, b: mul(conv(a), conv(nb.transpose(b))) if not sym else conv(a) * conv(b).T
    outside = [j for j in range(dy) if j not in I]
    # c = ℓᵀAℓ for the first row of L, as a sum of squares ‖Xᵀℓ‖² (manifestly ≥ 0)
    if k < d1:
        if sym:
            ell = Lsym[0, :]
            c = sum((e ** 2 for e in (ell * _S(inst.X))), sympy.Integer(0))
        else:
            ell = [Lsym[0]]
            c = nb.frob2(nb.matmul(ell, inst.X))
    neg = kind = None
    rot = [(i, j) for i in I for j in outside if lam[j] > lam[i]]
    if rot:
        i = max(I, key=lambda a: -lam[a])          # smallest eigenvalue in I
        j = min(outside)                            # largest eigenvalue outside I
        p = I.index(i)
        uj = _col(U, j)
        D2 = out_(uj, _e(d1, p))
        D1 = out_(_e(d1, p), nb.matmul(nb.transpose(Wols), uj))
        neg, kind = (D1, D2), ("rotation", i, j)
    elif k < min(d1, dy):
        j = outside[0]
        uj = _col(U, j)
        delta = (_R(lam[j]) / (c + 1)) if sym else lam[j] / (c + 1)
        D2 = sc(delta, out_(uj, _e(d1, k)))
        D1 = out_(_e(d1, k), nb.matmul(nb.transpose(Wols), uj))
        neg, kind = (D1, D2), ("unused_unit", k, j)
    if k:
        i = I[0]
        D2 = out_(_col(U, i), _e(d1, 0))
        D1 = conv(nb.zeros(d1, dx))
        pos = (D1, D2)
    else:
        u0 = _col(U, 0)
        D2 = out_(u0, _e(d1, 0))
        D1 = sc(-1, out_(_e(d1, 0), nb.matmul(nb.transpose(Wols), u0)))
        pos = (D1, D2)
    return neg, pos, kind, (c if k < d1 else None)


# --- symbolic proofs over F_I ----------------------------------------------------------------------

def _sym_family(inst: Instance, U, I, Kb: Matrix):
    """(W1, W2, Λ symbols, L) for F_I with L = Λ Kbᵀ, all sympy."""
    import sympy
    dx, d1, dy = inst.model.widths
    k = len(I)
    nk = len(Kb)  # number of basis vectors of K
    lam_syms = sympy.symbols(f"l0:{(d1 - k) * nk}") if (d1 - k) * nk else ()
    Lam = sympy.Matrix(d1 - k, nk, list(lam_syms)) if (d1 - k) * nk else sympy.zeros(d1 - k, nk)
    Kmat = _S(nb.transpose(Kb)) if nk else sympy.zeros(dx, 0)   # dx x nk
    L = Lam * Kmat.T if nk else sympy.zeros(d1 - k, dx)
    base = family_point(inst, U, I)
    W1 = _S(base[0])
    if d1 - k:
        W1 = sympy.Matrix.vstack(W1[:k, :], L) if k else L
    W2 = _S(base[1])
    return W1, W2, list(lam_syms), L


def _loss_sym(inst, W1, W2, D1=None, D2=None, t=None):
    X, Y = _S(inst.X), _S(inst.Y)
    if D1 is not None:
        W1, W2 = W1 + t * D1, W2 + t * D2
    R = W2 * W1 * X - Y
    return _R(inst.loss.scale) * sum((e ** 2 for e in R), 0)


def _prove_family(inst: Instance, U, lam, fam: Family, Kb: Matrix) -> None:
    """Symbolic checks on all of F_I (Λ symbolic); fills the proof fields of ``fam``."""
    import sympy
    t = sympy.Symbol("t")
    W1, W2, syms, L = _sym_family(inst, U, fam.I, Kb)
    dx, d1, dy = inst.model.widths
    n1, n2 = d1 * dx, dy * d1
    V = sympy.symbols(f"v0:{n1 + n2}")
    V1, V2 = sympy.Matrix(d1, dx, V[:n1]), sympy.Matrix(dy, d1, V[n1:])
    f = _loss_sym(inst, W1, W2, V1, V2, t)
    grad = sympy.expand(sympy.diff(f, t).subs(t, 0))
    if grad != 0:
        fam.problems.append(f"gradient is not identically zero on F_I: {grad}")
    loss = sympy.expand(_loss_sym(inst, W1, W2))
    if loss.free_symbols:
        fam.problems.append("loss is not constant on F_I")
    fam.const_proof = (f"∇L ≡ 0 and L ≡ {loss} on F_I (symbolic in the {len(syms)} L-parameters)")
    two_s = 2 * _R(inst.loss.scale)
    neg, pos, kind, c = _directions(inst, U, lam, fam.I, L, sym=True)

    def curvature(D):
        g = _loss_sym(inst, W1, W2, D[0], D[1], t)
        return sympy.cancel(sympy.together(sympy.diff(g, t, 2).subs(t, 0)))

    if fam.is_global:
        if neg is not None:
            fam.problems.append("internal: a negative direction was built for the global family")
        return
    if neg is None:
        fam.problems.append("no negative-curvature direction constructed for a non-global family")
        return
    qn = curvature(neg)
    if kind[0] == "rotation":
        i, j = kind[1], kind[2]
        target = two_s * (_R(lam[i]) - _R(lam[j]))
        if sympy.expand(qn - target) == 0 and target < 0:
            fam.neg_proof = (f"rotation u_{i + 1}→u_{j + 1} in the used units: vᵀ∇²Lv ≡ {target} "
                             f"= 2s(λ_{i + 1} − λ_{j + 1}) < 0, independent of L")
        else:
            fam.problems.append(f"rotation curvature {qn} is not the constant {target}")
    else:
        j = kind[2]
        lj = _R(lam[j])
        target = -two_s * lj ** 2 * (c + 2) / (c + 1) ** 2
        if sympy.expand(sympy.numer(sympy.together(qn - target))) == 0:
            fam.neg_proof = (f"unused unit {kind[1] + 1} toward u_{j + 1}: vᵀ∇²Lv ≡ −2sλ_{j + 1}²(c+2)/(c+1)² < 0 "
                             f"with c = ‖Xᵀℓ‖² ≥ 0 a sum of squares (ℓ = first row of L)"
                             + ("" if syms else "; here L has no parameters"))
        else:
            fam.problems.append(f"unused-unit curvature {qn} differs from {target}")
    qp = curvature(pos)
    if fam.I:
        i = fam.I[0]
        target = two_s * _R(lam[i])
        if sympy.expand(qp - target) == 0:
            fam.pos_proof = f"D₂ = u_{i + 1}e_1ᵀ: vᵀ∇²Lv ≡ {target} = 2sλ_{i + 1} > 0, independent of L"
        else:
            fam.problems.append(f"positive curvature {qp} is not {target}")
    else:
        target = two_s * (c + 2 * _R(lam[0]))
        if sympy.expand(qp - target) == 0:
            fam.pos_proof = "vᵀ∇²Lv ≡ 2s(c + 2λ₁) > 0 with c = ‖Xᵀℓ‖² ≥ 0 a sum of squares"
        else:
            fam.problems.append(f"positive curvature {qp} is not {target}")


@lru_cache(maxsize=None)
def orbit_invariance_checked(d1: int, dx: int, dy: int) -> bool:
    """Symbolically: (W₂ adj G)(G W₁) = det(G)·W₂W₁, so Φ_G preserves W₂W₁ hence the loss."""
    import sympy
    G = sympy.Matrix(d1, d1, sympy.symbols(f"g0:{d1 * d1}"))
    W1 = sympy.Matrix(d1, dx, sympy.symbols(f"a0:{d1 * dx}"))
    W2 = sympy.Matrix(dy, d1, sympy.symbols(f"b0:{dy * d1}"))
    diff = (W2 * G.adjugate()) * (G * W1) - G.det() * (W2 * W1)
    return all(sympy.expand(e) == 0 for e in diff)


# --- the analysis of one instance ------------------------------------------------------------------

def _flat(inst, D) -> list:
    return inst.flatten([D[0], D[1]])


def _explicit_certificate(inst, W, neg, pos):
    ev = [{"type": "gradient_zero"},
          {"type": "negative_curvature", "v": [fmt(x) for x in _flat(inst, neg)]},
          {"type": "positive_curvature", "v": [fmt(x) for x in _flat(inst, pos)]}]
    return _certificate(inst, W, "strict_saddle", ev)


def random_member(inst: Instance, U, I, Kb, rng):
    """A random point of GL(d₁)·F_I: random Λ, random G.  Returns (W, G, L)."""
    dx, d1, dy = inst.model.widths
    k = len(I)
    nk = len(Kb)
    Lam = [[Fraction(rng.randint(-3, 3), rng.randint(1, 3)) for _ in range(nk)] for _ in range(d1 - k)]
    L = nb.matmul(Lam, Kb) if nk and d1 - k else nb.zeros(d1 - k, dx)
    G = random_invertible(rng, d1)
    return family_point(inst, U, I, L, G), G, L


def analyze_instance(inst: Instance, seed: int = 0, spot_checks: int = 1) -> dict:
    """Every critical family of an H = 1 instance with rational eigenvectors, classified."""
    dx, d1, dy = inst.model.widths
    hyp = check_data_hypotheses(inst)
    out = {"instance": inst, "widths": (dx, d1, dy), "hypotheses": hyp, "families": [], "problems": []}
    if not hyp.all_hold:
        out["problems"].append("hypotheses fail: " + "; ".join(hyp.failures()))
        return out
    U, lam = rational_eigendata(inst)
    Kb = nb.nullspace(nb.matmul(inst.Y, nb.transpose(inst.X)))   # basis of K = ker YXᵀ (rows)
    if len(Kb) != dx - dy:
        out["problems"].append(f"dim ker YXᵀ = {len(Kb)} ≠ d_x − d_y")
    if not orbit_invariance_checked(d1, dx, dy):
        out["problems"].append("orbit invariance identity failed")
    sets = enumerate_index_sets(d1, dy)
    if len(sets) != expected_family_count(d1, dy):
        out["problems"].append("family count mismatch")
    rng = _random.Random(seed)
    r = min(d1, dy)
    top = tuple(range(r))
    products = set()
    for I in sets:
        k = len(I)
        fam = Family(I, k, (d1 - k, len(Kb)), I == top, family_point(inst, U, I))
        W = fam.representative
        products.add(str(nb.matmul(W[1], W[0])))
        v = classify(inst, W, seed=seed)
        fam.certificates.append(v.certificate)
        _prove_family(inst, U, lam, fam, Kb)
        if fam.is_global:
            if v.cls != "global_min":
                fam.problems.append(f"representative of the predicted global family classified {v.cls}")
            fam.cls = v.cls
        else:
            neg, pos, kind, _ = _directions(inst, U, lam, I, nb.zeros(d1 - k, dx), sym=False)
            cert = _explicit_certificate(inst, W, neg, pos)
            ok, why = kernel.verify(cert)
            if not ok:
                fam.problems.append(f"explicit certificate rejected: {why}")
            fam.certificates.append(cert)
            if v.cls != "strict_saddle":
                fam.problems.append(f"representative classified {v.cls}, expected strict_saddle")
            fam.cls = v.cls
        # spot checks at random family members (random G, random L): kernel-checked
        for _ in range(spot_checks):
            Wr, G, L = random_member(inst, U, I, Kb, rng)
            if which_family(inst, U, Wr) != I:
                fam.problems.append("random member does not land in its family")
            if fam.is_global:
                vr = classify(inst, Wr, seed=seed)
                if vr.cls != "global_min":
                    fam.problems.append(f"random member classified {vr.cls}")
                fam.certificates.append(vr.certificate)
            else:
                neg, pos, _, _ = _directions(inst, U, lam, I, L, sym=False)
                Ginv = nb.inverse(G)
                move = lambda D: (nb.matmul(G, D[0]), nb.matmul(D[1], Ginv))   # Φ_G is linear
                cert = _explicit_certificate(inst, Wr, move(neg), move(pos))
                ok, why = kernel.verify(cert)
                if not ok:
                    fam.problems.append(f"transported certificate rejected at a random member: {why}")
                fam.certificates.append(cert)
        fam.ok = not fam.problems
        out["families"].append(fam)
    if len(products) != len(sets):
        out["problems"].append("two families share a product W₂W₁")
    return out


@lru_cache(maxsize=None)
def _analysis(seed: int = 0):
    from ..instance import random_instance
    rational = [analyze_instance(rational_spectrum_instance(w, seed=seed), seed) for w in SHAPES]
    generic = [analyze_generic_instance(random_instance(w, m=w[0] + 2, seed=seed), seed) for w in GENERIC_SHAPES]
    return rational + generic


# --- the claims -----------------------------------------------------------------------------------

def _header(a) -> str:
    dx, d1, dy = a["widths"]
    n = len(a["families"])
    gen = (f"random_instance (m = {a['instance'].m}) with irrational eigenvectors — exact algebraic proof "
           "(reduction modulo the eigenvalue relations + isolating intervals), no rational point to give "
           "the kernel" if a.get("algebraic") else "rational_spectrum_instance (rational eigenvectors)")
    return (f"instance (d_x, d₁, d_y) = ({dx}, {d1}, {dy}), {gen}, seed "
            f"{a['instance'].meta.get('seed')}: {n} families = Σ_(k≤{min(d1, dy)}) C({dy}, k) = "
            f"{expected_family_count(d1, dy)}")


def _claim(name: str, seed: int, what: str, need_pos: bool) -> ClaimResult:
    analyses = _analysis(seed)
    details, certs, failed_h, bad, contradiction = [], [], [], [], False
    used = [a for a in analyses if a["hypotheses"].all_hold]
    for a in analyses:
        if not a["hypotheses"].all_hold:   # an instance outside the theorem says nothing about it
            failed_h.append(f"{a['widths']}: " + "; ".join(a["problems"]))
            details.append(f"instance {a['widths']} skipped: " + "; ".join(a["problems"]))
            continue
        details.append(_header(a))
        bad.extend(f"{a['widths']}: {p}" for p in a["problems"])
        dx, d1, dy = a["widths"]
        if len(a["families"]) != expected_family_count(d1, dy):
            bad.append(f"{a['widths']}: {len(a['families'])} families, expected {expected_family_count(d1, dy)}")
        for fam in a["families"]:
            details.append("  " + fam.line())
            certs.extend(fam.certificates)
            bad.extend(f"{a['widths']} I={fam.I}: {p}" for p in fam.problems)
            if not fam.is_global and fam.cls in ("local_min", "global_min", "local_max"):
                contradiction = True
            if fam.is_global and fam.cls != "global_min":
                bad.append(f"{a['widths']} I={fam.I}: predicted global family not shown global")
            if not fam.is_global and (not fam.neg_proof or (need_pos and not fam.pos_proof)):
                bad.append(f"{a['widths']} I={fam.I}: family not covered")
    if contradiction:
        status = "failed"
    elif bad or not used:
        status = "inconclusive"
    else:
        status = "held"
    n_fam = sum(len(a["families"]) for a in used)
    n_alg = sum(1 for a in used if a.get("algebraic"))
    summary = (f"H = 1, {len(used)} instances ({n_alg} with irrational eigenvectors), {n_fam} critical "
               f"families (complete by count): {what}" if status == "held"
               else f"{status}: " + "; ".join(bad[:3]))
    return ClaimResult(name, status, bool(used), summary, details, failed_h, certs)


def theorem_2_3_ii(seed: int = 0) -> ClaimResult:
    """(ii) every local minimum is a global minimum, for H = 1, over every critical family.

    Every non-global family carries negative curvature at every point (so contains no local min);
    the global families are global minima.
    """
    return _claim("theorem_2_3_ii", seed, "every non-global family has negative curvature everywhere "
                  "(no local min); the top-min(d₁,d_y) family is global", need_pos=False)


def theorem_2_3_iii(seed: int = 0) -> ClaimResult:
    """(iii) every critical point that is not a global minimum is a saddle point (H = 1)."""
    return _claim("theorem_2_3_iii", seed, "every non-global family has negative and positive curvature "
                  "at every point (strict saddles)", need_pos=True)


def theorem_2_3_iv_shallow(seed: int = 0) -> ClaimResult:
    """(iv) for H = 1 (W_H⋯W_2 := I_{d₁}, so rank = p always): the Hessian at every saddle has a
    negative eigenvalue — also Corollary 2.4's H = 1 half."""
    return _claim("theorem_2_3_iv", seed, "every saddle family has a negative Hessian eigenvalue at every point",
                  need_pos=True)


# --- irrational eigenvectors: exact algebraic numbers ----------------------------------------------
#
# For a generic instance the eigenvalues of Σ are roots of an irreducible characteristic polynomial
# p.  We never approximate them.  A family's representative is written with symbols a_0, …, a_{m−1}
# standing for the distinct roots it involves, eigenvectors v(a) = a column of adj(Σ − aI) (a
# polynomial vector), and 1/‖v(a)‖² as the polynomial inverse of n(a) = ‖v(a)‖² modulo p.  Every
# identity (gradient ≡ 0, the loss, the curvature along a direction) is checked by reduction modulo
# the triangular set p(a_0), Δp(a_0, a_1), Δ²p(a_0, a_1, a_2), … (successive divided differences; a
# lex Gröbner basis whose zeros are exactly the ordered tuples of *distinct* roots of p, so the
# identity holds at the actual eigenvalues).  The only signs needed afterwards are those of
# λ_i − λ_j, λ_j and n(λ_j) > 0 (a non-zero sum of real squares), and they are decided exactly by
# disjoint rational isolating intervals of the real roots of p.

GENERIC_SHAPES = ((3, 2, 2), (3, 2, 3))


def _triangular_set(p_coeffs, gens):
    """[f_1(a_0), f_2(a_0, a_1), …] in a sympy PolyRing: successive divided differences of p.

    ``gens`` are the ring generators a_0, a_1, …; ``p_coeffs`` are p's coefficients, highest first.
    Each f_k is monic in a_{k−1} of degree deg p − k + 1.
    """
    d = len(p_coeffs) - 1
    # divided differences of the power basis: h_e(a_0..a_k) = complete homogeneous polynomials
    out = []
    for k in range(len(gens)):
        f = 0
        for e, c in enumerate(reversed(p_coeffs)):   # c is the coefficient of x^e
            if e >= k and c:
                f += c * _complete_homogeneous(gens[:k + 1], e - k)
        out.append(f)
    return out


def _complete_homogeneous(vars_, deg):
    """h_deg(vars_): the sum of all monomials of degree ``deg`` (the k-th divided difference of x^e
    at k+1 points is h_{e−k} of those points)."""
    from itertools import combinations_with_replacement
    ring = vars_[0].ring
    acc = ring.zero
    for combo in combinations_with_replacement(vars_, deg):
        m = ring.one
        for v in combo:
            m *= v
        acc += m
    return acc


def analyze_generic_instance(inst: Instance, seed: int = 0) -> dict:
    """Every critical family of an H = 1 instance whose Σ has irrational eigenvectors.

    Computations run in a sympy ``PolyRing`` over QQ (sparse exact polynomials) with generators
    a_{m−1} > … > a_0 (roots), then the L-parameters and a formal scale δ, lex order, so the
    triangular set is a Gröbner basis and ``rem`` gives the normal form.
    """
    import sympy
    from sympy import QQ
    from sympy.polys.rings import ring as poly_ring
    dx, d1, dy = inst.model.widths
    hyp = check_data_hypotheses(inst)
    out = {"instance": inst, "widths": (dx, d1, dy), "hypotheses": hyp, "families": [], "problems": [],
           "algebraic": True}
    if not hyp.all_hold:
        out["problems"].append("hypotheses fail: " + "; ".join(hyp.failures()))
        return out
    x = sympy.Symbol("x")
    Sigma = sigma_matrix(inst)
    p = sympy.Poly([_R(c) for c in nb.charpoly(Sigma)], x, domain="QQ")
    roots = sorted(p.intervals(eps=sympy.Rational(1, 64)), key=lambda iv: iv[0][0], reverse=True)
    if len(roots) != dy or any(mult != 1 for _, mult in roots):
        out["problems"].append("Σ does not have d_y distinct real eigenvalues")
        return out
    ivs = [(sympy.Rational(lo), sympy.Rational(hi)) for (lo, hi), _ in roots]
    if any(not ivs[i + 1][1] < ivs[i][0] for i in range(dy - 1)):
        out["problems"].append("isolating intervals are not strictly separated")
        return out
    if not (ivs[-1][0] > 0 or (ivs[-1][0] == 0 and p.eval(0) != 0)):
        out["problems"].append("positivity of the smallest eigenvalue not established")
        return out
    S = _S(Sigma)
    adj = (S - x * sympy.eye(dy)).adjugate()
    v = n = None
    for c in range(dy):
        col = [sympy.Poly(e, x, domain="QQ") for e in adj[:, c]]
        nc = sum((e * e for e in col), sympy.Poly(0, x, domain="QQ"))
        if not nc.is_zero and sympy.gcd(nc, p).degree() == 0:
            v, n = col, nc
            break
    if v is None:
        out["problems"].append("no column of adj(Σ − λI) is non-zero at every eigenvalue")
        return out
    n_inv = sympy.Poly(sympy.invert(n.as_expr(), p.as_expr(), x), x, domain="QQ")
    pc = [QQ(int(c.p), int(c.q)) for c in p.all_coeffs()]
    Kb = nb.nullspace(nb.matmul(inst.Y, nb.transpose(inst.X)))
    nk = len(Kb)
    s = inst.loss.scale
    top = tuple(range(min(d1, dy)))
    for I in enumerate_index_sets(d1, dy):
        fam = _generic_family(inst, I, I == top, d1, dx, dy, nk, Kb, pc, v, n, n_inv, ivs, s, poly_ring)
        fam.ok = not fam.problems
        out["families"].append(fam)
    return out


def _generic_family(inst, I, is_global, d1, dx, dy, nk, Kb, pc, v, n, n_inv, ivs, s, poly_ring):
    from sympy import QQ
    k = len(I)
    fam = Family(I, k, (d1 - k, nk), is_global, None)
    outside = [j for j in range(dy) if j not in I]
    rot = [(i, j) for i in I for j in outside if j < i]       # λ_j > λ_i iff j < i (descending order)
    roles = list(I)
    i_r = j_r = None
    if rot:
        i_r, j_r = max(I), min(outside)
        roles.append(j_r)
    elif not is_global:
        j_r = outside[0]
        roles.append(j_r)
    if not I:
        roles.append(0)
    roles = list(dict.fromkeys(roles))
    m = len(roles)
    n_l = (d1 - k) * nk
    names = [f"a{t}" for t in reversed(range(m))] + [f"l{t}" for t in range(n_l)] + ["delta"]
    Rg, *gens = poly_ring(",".join(names), QQ, order="lex")
    a = list(reversed(gens[:m]))                 # a[t] ↔ roles[t]
    lsym = gens[m:m + n_l]
    delta = gens[-1]
    sym_of = {root: a[t] for t, root in enumerate(roles)}
    tri = _triangular_set(pc, a)
    red = lambda e: e.rem(tri) if e else e
    q = lambda f: Rg.ground_new(QQ(f.numerator, f.denominator))
    def at(poly, root):
        g, acc = sym_of[root], Rg.zero
        for c in poly.all_coeffs():
            acc = acc * g + Rg.ground_new(QQ(int(c.p), int(c.q)))
        return red(acc)
    mm = lambda A, B: [[red(sum((A[i][l] * B[l][j] for l in range(len(B))), Rg.zero)) for j in range(len(B[0]))]
                       for i in range(len(A))]
    tr = lambda A: [list(c) for c in zip(*A)]
    add = lambda A, B: [[x + y for x, y in zip(r1, r2)] for r1, r2 in zip(A, B)]
    sc = lambda c, A: [[c * x for x in r] for r in A]
    frob = lambda A: red(sum((x * x for r in A for x in r), Rg.zero))
    inner = lambda A, B: red(sum((x * y for r1, r2 in zip(A, B) for x, y in zip(r1, r2)), Rg.zero))
    X = [[q(f) for f in row] for row in inst.X]
    Y = [[q(f) for f in row] for row in inst.Y]
    Wols = [[q(f) for f in row] for row in ols_matrix(inst)]
    zeros = lambda r, c: [[Rg.zero] * c for _ in range(r)]
    vec = lambda root: [[at(e, root)] for e in v]            # column vector v(λ_root)
    nn = lambda root: at(n, root)
    W2, W1 = zeros(dy, d1), zeros(d1, dx)
    for pos, root in enumerate(I):
        vr = vec(root)
        for r in range(dy):
            W2[r][pos] = vr[r][0]
        row = mm(tr(vr), Wols)[0]
        ni = at(n_inv, root)
        W1[pos] = [red(ni * e) for e in row]
    Lm = [[sum((lsym[r * nk + b] * q(Kb[b][c]) for b in range(nk)), Rg.zero) for c in range(dx)]
          for r in range(d1 - k)]
    for r in range(d1 - k):
        W1[k + r] = Lm[r]
    WX = mm(W1, X)
    Res = add(mm(W2, WX), sc(-1, Y))
    RXt = mm(Res, tr(X))
    two_s = q(2 * s)
    g1, g2 = mm(tr(W2), RXt), mm(RXt, tr(W1))   # ∂L/∂W₁ = 2s W₂ᵀRXᵀ, ∂L/∂W₂ = 2s RXᵀW₁ᵀ
    if any(e for row in g1 + g2 for e in row):
        fam.problems.append("gradient does not vanish modulo the eigenvalue relations")
    loss = q(s) * frob(Res)
    if any(loss.degree(g) > 0 for g in lsym):
        fam.problems.append("loss depends on L")
    if is_global:
        target = q(s) * (q(nb.frob2(inst.Y)) - sum((sym_of[i] for i in I), Rg.zero))
        if red(loss - target) == 0:
            fam.cls = "global_min"
            fam.const_proof = ("∇L ≡ 0 and L ≡ s(‖Y‖² − Σ_top λ) (the Eckart–Young optimum) on F_I, modulo the "
                               f"eigenvalue relations; eigenvalues isolated in {_fmt_ivs(ivs)}")
        else:
            fam.problems.append("loss of the predicted global family is not s(‖Y‖² − Σ_top λ)")
        return fam

    def curvature(D1, D2):
        """vᵀ∇²Lv = 2·[t²] s‖R + tS + t²T‖² = 2s(‖S‖² + 2⟨R, T⟩)."""
        S_ = add(mm(D2, WX), mm(mm(W2, D1), X))
        T_ = mm(mm(D2, D1), X)
        return red(two_s * (frob(S_) + 2 * inner(Res, T_)))

    def E(r_, c_, i_, j_):
        M = zeros(r_, c_)
        M[i_][j_] = Rg.one
        return M

    if k < d1:
        ellX = mm([Lm[0]], X)[0]
        c = sum((e * e for e in ellX), Rg.zero)      # ‖Xᵀℓ‖², a sum of squares
    if rot:
        pos = I.index(i_r)
        vj = vec(j_r)
        D2 = sc(nn(i_r), mm(vj, E(1, d1, 0, pos)))
        D1 = mm(E(d1, 1, pos, 0), tr(mm(tr(Wols), vj)))
        target = two_s * nn(i_r) * nn(j_r) * (sym_of[i_r] - sym_of[j_r])
        if red(curvature(D1, D2) - target) == 0 and _below(ivs[i_r], ivs[j_r]):
            fam.neg_proof = (f"rotation v_{i_r + 1}→v_{j_r + 1}: vᵀ∇²Lv ≡ 2s·n_{i_r + 1}n_{j_r + 1}"
                             f"(λ_{i_r + 1} − λ_{j_r + 1}) < 0 (n = ‖v‖² > 0; λ_{i_r + 1} ∈ {_fmt_iv(ivs[i_r])} "
                             f"< λ_{j_r + 1} ∈ {_fmt_iv(ivs[j_r])}), independent of L")
        else:
            fam.problems.append("rotation curvature identity or sign not established")
    else:
        vj = vec(j_r)
        D2 = sc(delta, mm(vj, E(1, d1, 0, k)))
        D1 = mm(E(d1, 1, k, 0), tr(mm(tr(Wols), vj)))
        qd = curvature(D1, D2)                       # a polynomial of degree ≤ 2 in δ
        coeff = _coeffs_in(qd, delta, Rg)
        lj = sym_of[j_r]
        # δ = λ_j/(c+1):  q·(c+1)² = q₂λ_j² + q₁λ_j(c+1) + q₀(c+1)²  must equal  −2s·n_j λ_j²(c+2)
        lhs = coeff[2] * lj ** 2 + coeff[1] * lj * (c + 1) + coeff[0] * (c + 1) ** 2
        target = -two_s * nn(j_r) * lj ** 2 * (c + 2)
        if red(lhs - target) == 0 and qd.degree(delta) <= 2:
            fam.neg_proof = (f"unused unit {k + 1} toward v_{j_r + 1}, δ = λ_{j_r + 1}/(c+1): vᵀ∇²Lv ≡ "
                             f"−2s·n_{j_r + 1}λ_{j_r + 1}²(c+2)/(c+1)² < 0, c = ‖Xᵀℓ‖² ≥ 0 (sum of squares), "
                             f"n > 0, λ_{j_r + 1} ∈ {_fmt_iv(ivs[j_r])} ≠ 0")
        else:
            fam.problems.append("unused-unit curvature identity not established")
    if I:
        i0 = I[0]
        D2 = mm(vec(i0), E(1, d1, 0, 0))
        D1 = zeros(d1, dx)
        ok = red(curvature(D1, D2) - two_s * sym_of[i0]) == 0
        fam.pos_proof = f"D₂ = v_{i0 + 1}e_1ᵀ: vᵀ∇²Lv ≡ 2sλ_{i0 + 1} > 0, independent of L" if ok else ""
    else:
        v0 = vec(0)
        D2 = mm(v0, E(1, d1, 0, 0))
        D1 = sc(-Rg.one, mm(E(d1, 1, 0, 0), tr(mm(tr(Wols), v0))))
        ok = red(curvature(D1, D2) - two_s * nn(0) * (c + 2 * sym_of[0])) == 0
        fam.pos_proof = "vᵀ∇²Lv ≡ 2s·n_1(c + 2λ₁) > 0, c = ‖Xᵀℓ‖² ≥ 0" if ok else ""
    if not ok:
        fam.problems.append("positive curvature not established")
    fam.cls = "strict_saddle" if fam.neg_proof and fam.pos_proof and not fam.problems else "inconclusive"
    return fam


def _coeffs_in(f, g, Rg):
    """[f₀, f₁, f₂] with f = Σ f_e g^e (g a generator of the ring)."""
    idx = Rg.gens.index(g)
    out = [Rg.zero, Rg.zero, Rg.zero]
    for monom, cf in f.terms():
        e = monom[idx]
        mono = list(monom)
        mono[idx] = 0
        out[e] += Rg({tuple(mono): cf})
    return out


def _below(iv_small, iv_big) -> bool:
    """Strictly separated isolating intervals: the first root is below the second."""
    return iv_small[1] < iv_big[0]


def _fmt_iv(iv) -> str:
    return f"[{iv[0]}, {iv[1]}]"


def _fmt_ivs(ivs) -> str:
    return ", ".join(_fmt_iv(iv) for iv in ivs)
