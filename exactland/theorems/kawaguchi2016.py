"""Kawaguchi (2016), "Deep Learning without Poor Local Minima" — its claims, checked exactly.

Every claim is a function named after the statement and returns a
:class:`~exactland.theorems.ClaimResult`.  The instances are seeded and exact:
``random_instance`` (generic data, irrational eigenvectors of Σ) and
``rational_spectrum_instance`` (XXᵀ = I, Σ = O diag(s²) Oᵀ with O rational orthogonal, so the
eigenvectors the paper's constructions need are rational).  Shapes include bottlenecks
((3, 1, 2), (3, 2, 1, 2)), wide layers with p ≥ d_x ((2, 3, 3, 2)) and d_y ≤ d_x throughout.
The paper's normalization is ½‖·‖² (exactland's default); the formulas below are multiplied by 2s
so that they hold for any scale s.

Critical points are *constructed* (never searched numerically) and each is confirmed critical by
an exact gradient before it is used:

* ``eigen point`` (on a rational-spectrum instance), for an index set I of eigenvectors with
  |I| = k ≤ min(p, d_y): W_{H+1} = [U_I, 0], W_1 = [U_Iᵀ W_ols; L] (rows of L in ker YXᵀ), the
  hidden layers either truncated identities ("full": rank W_H⋯W_2 = p) or diag(I_k, 0)
  ("thin": rank k); then moved by a random rational gauge W_j ↦ G_j W_j G_{j-1}⁻¹, which keeps
  the loss and criticality and changes the Hessian by a congruence.  The product is
  U_I U_Iᵀ W_ols; I = the top min(p, d_y) eigenvectors gives the global minima.
* the zero point (critical for H ≥ 1), points with W_{H+1} = W_H = 0 (critical for H ≥ 1) and,
  for H = 2, W_3 = W_2 = 0 with the rows of W_1 in ker YXᵀ (Hessian identically 0).

>>> r = lemma_4_1(seed=0)
>>> r.name, r.status
('lemma_4_1', 'held')
"""

from __future__ import annotations

import random as _random
from fractions import Fraction
from functools import cache
from itertools import combinations
from itertools import product as _iproduct

from .. import kernel
from .. import numbers as nb
from ..classify import certificate as _certificate
from ..classify import classify, curvature_witness
from ..instance import (
    DeepLinear,
    Instance,
    SquaredLoss,
    cayley_orthogonal,
    check_data_hypotheses,
    kawaguchi_order,
    ols_matrix,
    random_instance,
    random_invertible,
    random_matrix,
    rational_spectrum_instance,
)
from ..landscape import Landscape
from ..numbers import Matrix, fmt
from . import ClaimResult, PaperReport

PAPER = "kawaguchi2016"

#: shapes (d_x, d_1, …, d_H, d_y): bottlenecks, p ≥ d_x, d_y ≤ d_x
SHAPES = ((3, 1, 2), (3, 2, 2), (3, 2, 1, 2), (2, 3, 3, 2), (3, 2, 2, 2))
DEEP_SHAPES = ((3, 2, 1, 2), (2, 3, 3, 2), (3, 2, 2, 2), (3, 1, 2, 2))


# --- small exact helpers ---------------------------------------------------------------------------

def kron(P: Matrix, Q: Matrix) -> Matrix:
    """Kronecker product P ⊗ Q.

    >>> kron([[1, 2]], [[1], [3]]) == [[1, 2], [3, 6]]
    True
    """
    return [[p * q for p in prow for q in qrow] for prow in P for qrow in Q]


def vec(M: Matrix) -> list:
    """vec(M): the columns of M stacked (column-major), as in the paper.

    >>> vec([[1, 2], [3, 4]])
    [1, 3, 2, 4]
    """
    return [M[i][j] for j in range(len(M[0])) for i in range(len(M))]


def _combination(vectors, coeffs) -> list:
    """Σ c_i v_i (one coefficient per vector)."""
    return [sum((c * v[i] for c, v in zip(coeffs, vectors)), Fraction(0)) for i in range(len(vectors[0]))]


def _col(v) -> Matrix:
    return [[x] for x in v]


def span_contains(B: Matrix, A: Matrix) -> bool:
    """R(A) ⊆ R(B), exactly: rank [B A] = rank B."""
    if not A or not A[0] or _is_zero(A):
        return True
    return nb.rank([rb + ra for rb, ra in zip(B, A)]) == nb.rank(B)


def prod(W, hi: int, lo: int, n: int | None = None) -> Matrix:
    """The paper's W_hi ⋯ W_lo (1-based); I_n when hi < lo (the paper's convention)."""
    if hi < lo:
        return nb.identity(n)
    return nb.chain([W[j - 1] for j in range(hi, lo - 1, -1)])


def _is_zero(M: Matrix) -> bool:
    return not any(x for row in M for x in row)


def _fmtp(W) -> str:
    return "[" + ", ".join(str(nb.fmt_matrix(w)).replace("'", "") for w in W) + "]"


def _verified(cert) -> bool:
    return kernel.verify(cert)[0]


def _hyp(inst: Instance) -> list[str]:
    return check_data_hypotheses(inst).failures()


# --- Lemma 4.1 and 4.3: the paper's formulas, literally -------------------------------------------

def paper_residual(inst: Instance, W) -> Matrix:
    """r = (Ȳ(W, X) − Y)ᵀ ∈ R^{m × d_y}."""
    return nb.transpose(Landscape(inst).residual(W))


def paper_gradient_blocks(inst: Instance, W) -> list[list[Fraction]]:
    """Lemma 4.1 as printed: (D_vec(W_kᵀ) L̄)ᵀ = (W_{H+1}⋯W_{k+1} ⊗ (W_{k−1}⋯W_1X)ᵀ)ᵀ vec(r), for
    k = H+1, …, 1 (the paper's block order), times 2s (= 1 at the paper's scale ½)."""
    H = inst.model.H
    widths = inst.model.widths
    r = paper_residual(inst, W)
    vr = _col(vec(r))
    two_s = 2 * inst.loss.scale
    out = []
    for k in range(H + 1, 0, -1):
        A = prod(W, H + 1, k + 1, widths[k])      # d_y x d_k
        B = nb.matmul(prod(W, k - 1, 1, widths[0]), inst.X)  # d_{k-1} x m
        g = nb.matmul(nb.transpose(kron(A, nb.transpose(B))), vr)
        out.append([two_s * row[0] for row in g])
    return out


def paper_hessian_diagonal_block(inst: Instance, W, k: int) -> Matrix:
    """Lemma 4.3: D_vec(W_kᵀ)(D_vec(W_kᵀ) L̄)ᵀ = (AᵀA ⊗ BBᵀ), A = W_{H+1}⋯W_{k+1},
    B = W_{k−1}⋯W_1X (times 2s)."""
    H, widths = inst.model.H, inst.model.widths
    A = prod(W, H + 1, k + 1, widths[k])
    B = nb.matmul(prod(W, k - 1, 1, widths[0]), inst.X)
    return nb.scale(2 * inst.loss.scale, kron(nb.matmul(nb.transpose(A), A), nb.matmul(B, nb.transpose(B))))


def paper_hessian_first_layer_block(inst: Instance, W, k: int) -> Matrix:
    """Lemma 4.3, k ≥ 2: D_vec(W_kᵀ)(D_vec(W_1ᵀ) L̄)ᵀ =
    (Cᵀ(W_{H+1}⋯W_{k+1}) ⊗ X(W_{k−1}⋯W_1X)ᵀ) + [(W_{k−1}⋯W_2)ᵀ ⊗ X][I ⊗ (rW_{H+1}⋯W_{k+1})_{·,1} ⋯
    I ⊗ (rW_{H+1}⋯W_{k+1})_{·,d_k}], literally as printed (times 2s); rows index vec(W_1ᵀ),
    columns vec(W_kᵀ)."""
    H, widths = inst.model.H, inst.model.widths
    X = inst.X
    C = prod(W, H + 1, 2, widths[1])
    A = prod(W, H + 1, k + 1, widths[k])
    B = nb.matmul(prod(W, k - 1, 1, widths[0]), X)
    first = kron(nb.matmul(nb.transpose(C), A), nb.matmul(X, nb.transpose(B)))
    M = prod(W, k - 1, 2, widths[1])            # d_{k-1} x d_1 (I_{d_1} when k = 2)
    rA = nb.matmul(paper_residual(inst, W), A)  # m x d_k
    eye = nb.identity(widths[k - 1])
    blocks = [kron(eye, _col([row[j] for row in rA])) for j in range(widths[k])]
    right = [sum((b[i] for b in blocks), []) for i in range(len(blocks[0]))]
    second = nb.matmul(kron(nb.transpose(M), X), right)
    return nb.scale(2 * inst.loss.scale, nb.matadd(first, second))


def _paper_order_offsets(inst: Instance) -> dict[int, tuple[int, int]]:
    """k (1-based) -> (start, size) of vec(W_kᵀ) in the paper's order (W_{H+1} first)."""
    out, o = {}, 0
    for k in range(inst.model.H + 1, 0, -1):
        r, c = inst.model.shapes[k - 1]
        out[k] = (o, r * c)
        o += r * c
    return out


def _permuted_hessian(inst: Instance, W) -> Matrix:
    perm = kawaguchi_order(inst)
    Hm = Landscape(inst).hessian(W)
    return [[Hm[i][j] for j in perm] for i in perm]


def lemma_4_1_matches(inst: Instance, W) -> bool:
    """The paper's Kronecker gradient equals exactland's gradient (permuted to the paper's order)."""
    perm = kawaguchi_order(inst)
    g = Landscape(inst).gradient_vector(W)
    return sum(paper_gradient_blocks(inst, W), []) == [g[i] for i in perm]


def lemma_4_3_mismatches(inst: Instance, W) -> list[str]:
    """Blocks of Lemma 4.3 that differ from the exact Hessian (empty list: all match)."""
    Hp = _permuted_hessian(inst, W)
    offs = _paper_order_offsets(inst)
    bad = []
    for k in range(1, inst.model.H + 2):
        o, n = offs[k]
        if [row[o:o + n] for row in Hp[o:o + n]] != paper_hessian_diagonal_block(inst, W, k):
            bad.append(f"diagonal block k={k}")
    o1, n1 = offs[1]
    for k in range(2, inst.model.H + 2):
        o, n = offs[k]
        if [row[o:o + n] for row in Hp[o1:o1 + n1]] != paper_hessian_first_layer_block(inst, W, k):
            bad.append(f"block (W_1, W_{k})")
    return bad


def _random_point(inst: Instance, rng: _random.Random, num: int = 3, den: int = 2):
    return [random_matrix(rng, r, c, num, den) for r, c in inst.model.shapes]


# --- constructed critical points ----------------------------------------------------------------------

def gauge(W, Gs) -> list[Matrix]:
    """W_j ↦ G_j W_j G_{j−1}⁻¹ for hidden G_1…G_H (G_0 = I, G_{H+1} = I): L, ∇L = 0 and the
    Hessian's inertia are invariant."""
    out = []
    L = len(W)
    for j in range(L):
        Wj = W[j]
        if j < L - 1:
            Wj = nb.matmul(Gs[j], Wj)
        if j > 0:
            Wj = nb.matmul(Wj, nb.inverse(Gs[j - 1]))
        out.append(Wj)
    return out


def eigen_point(inst: Instance, I, variant: str = "full", L: Matrix | None = None) -> list[Matrix]:
    """The critical point with product U_I U_Iᵀ W_ols on a rational-spectrum instance (see module doc)."""
    widths = inst.model.widths
    H = inst.model.H
    dy = widths[-1]
    U = inst.meta_O
    Wols = ols_matrix(inst)
    k = len(I)
    UI = [[U[r][i] for i in I] for r in range(dy)]
    UtW = nb.matmul(nb.transpose(UI), Wols) if k else []
    W1 = nb.zeros(widths[1], widths[0])
    for a in range(k):
        W1[a] = list(UtW[a])
    if L is not None:
        for a, row in enumerate(L):
            W1[k + a] = list(row)
    W = [W1]
    for j in range(2, H + 1):
        r, c = widths[j], widths[j - 1]
        n = min(r, c) if variant == "full" else k
        W.append([[Fraction(int(a == b and a < n)) for b in range(c)] for a in range(r)])
    top = nb.zeros(dy, widths[H])
    for r_ in range(dy):
        for a in range(k):
            top[r_][a] = UI[r_][a]
    W.append(top)
    return W


def _top_set(inst: Instance) -> tuple:
    return tuple(range(min(inst.model.p, inst.model.widths[-1])))


@cache
def critical_points(seed: int = 0) -> tuple:
    """Constructed critical points: tuples ``(label, instance, W)``; each confirmed critical exactly."""
    rng = _random.Random(1000 + seed)
    pts = []
    seen = set()
    for widths in SHAPES + DEEP_SHAPES:
        if widths in seen:
            continue
        seen.add(widths)
        inst = rational_spectrum_instance(widths, seed=seed)
        H, dy, dx = inst.model.H, widths[-1], widths[0]
        p = inst.model.p
        kerW = nb.nullspace(ols_matrix(inst))  # ker YXᵀ (dimension d_x − d_y)
        for k in range(min(p, dy) + 1):
            for I in combinations(range(dy), k):
                for variant in (("full", "thin") if H >= 2 and k < p else ("full",)):
                    Lrows = None
                    free = widths[1] - k
                    if kerW and free and variant == "full" and H == 1:
                        Lrows = [_combination(kerW, [Fraction(rng.randint(-2, 2)) for _ in kerW])
                                 for _ in range(free)]
                    W = eigen_point(inst, I, variant, Lrows)
                    Gs = [random_invertible(rng, widths[j], 2, 3, shift=1) for j in range(1, H + 1)]
                    W = gauge(W, Gs)
                    pts.append((f"{widths} rational-spectrum, I={list(I)}, {variant}, gauged", inst, W))
        ginst = random_instance(widths, m=widths[0] + 2, seed=seed)
        pts.append((f"{widths} random data, zero point", ginst, ginst.zero_point()))
        if H >= 1:
            W = _random_point(ginst, rng)
            W[-1] = nb.zeros(*ginst.model.shapes[-1])
            W[-2] = nb.zeros(*ginst.model.shapes[-2])
            pts.append((f"{widths} random data, W_(H+1) = W_H = 0, rest random", ginst, W))
        if p >= dy:  # a global minimum: W̄ = W_ols through truncated identities
            Wols = ols_matrix(ginst)
            W = [[list(Wols[a]) if a < dy else [Fraction(0)] * dx for a in range(widths[1])]]
            for j in range(2, H + 2):
                r, c = widths[j], widths[j - 1]
                W.append([[Fraction(int(a == b)) for b in range(c)] for a in range(r)])
            W = gauge(W, [random_invertible(rng, widths[j], 2, 3, shift=1) for j in range(1, H + 1)])
            pts.append((f"{widths} random data, global minimum W̄ = W_ols, gauged", ginst, W))
    # Corollary 2.4's non-zero flat saddle: H = 2, W_3 = W_2 = 0, rows of W_1 in ker YXᵀ
    for widths in ((3, 2, 2, 2), (3, 1, 1, 2)):
        ginst = random_instance(widths, m=widths[0] + 2, seed=seed)
        pts.append((f"{widths} random data, W_3 = W_2 = 0, rows of W_1 in ker YXᵀ", ginst,
                    flat_saddle_point(ginst, rng)))
    out = []
    for label, inst, W in pts:
        ls = Landscape(inst)
        if any(ls.gradient_vector(W)):
            raise AssertionError(f"internal error: constructed point {label} is not critical")
        out.append((label, inst, W))
    return tuple(out)


def flat_saddle_point(inst: Instance, rng: _random.Random | None = None) -> list[Matrix]:
    """H = 2, W_3 = W_2 = 0 and W_1 with rows in ker YXᵀ (needs d_x > d_y): ∇L = 0 and ∇²L = 0."""
    rng = rng or _random.Random(0)
    YXt = nb.matmul(inst.Y, nb.transpose(inst.X))
    ker = nb.nullspace(YXt)
    d1, dx = inst.model.shapes[0]
    W1 = [_combination(ker, [Fraction(rng.randint(1, 3)) for _ in ker]) if ker else [Fraction(0)] * dx
          for _ in range(d1)]
    return [W1] + [nb.zeros(r, c) for r, c in inst.model.shapes[1:]]


@cache
def _analysed_points(seed: int = 0) -> tuple:
    """``(label, inst, W, inertia)`` for every constructed critical point."""
    return tuple((label, inst, W, nb.inertia(Landscape(inst).hessian(W)))
                 for label, inst, W in critical_points(seed))


def _semidefinite(inertia) -> str | None:
    pos, neg, _ = inertia
    if neg == 0:
        return "PSD"
    if pos == 0:
        return "NSD"
    return None


# --- the claims ---------------------------------------------------------------------------------------

def lemma_4_1(seed: int = 0) -> ClaimResult:
    """Lemma 4.1: the gradient is (W_{H+1}⋯W_{k+1} ⊗ (W_{k−1}⋯W_1X)ᵀ)ᵀ vec(r) blockwise, so W is
    critical iff all these vanish.  Checked literally (Kronecker product, column-major vec, the
    paper's block order) against exactland's gradient at random exact points, and shown to vanish
    exactly at the constructed critical points."""
    rng = _random.Random(seed)
    details, bad, n_rand = [], [], 0
    for widths in SHAPES + ((2, 2, 2, 2, 1),):
        inst = random_instance(widths, m=widths[0] + 2, seed=seed)
        for _ in range(3):
            W = _random_point(inst, rng)
            n_rand += 1
            if not lemma_4_1_matches(inst, W):
                bad.append((inst, W, "paper's gradient ≠ exact gradient"))
    details.append(f"{n_rand} random exact points on shapes {list(SHAPES) + [(2, 2, 2, 2, 1)]}: "
                   "paper's Kronecker formula (× 2s) = ∇L permuted to (vec(W_{H+1}ᵀ), …, vec(W_1ᵀ))")
    n_crit = 0
    for label, inst, W in critical_points(seed):
        n_crit += 1
        blocks = paper_gradient_blocks(inst, W)
        if any(x for b in blocks for x in b):
            bad.append((inst, W, f"paper's gradient non-zero at the critical point {label}"))
    details.append(f"{n_crit} constructed critical points: every block of the formula is exactly 0")
    status = "failed" if bad else "held"
    ce = None
    if bad:
        inst, W, why = bad[0]
        ce = {"instance": inst.to_json(), "point": _fmtp(W), "why": why}
    summary = (f"Kronecker formula = exact gradient at {n_rand} random points; vanishes at {n_crit} "
               "critical points" if not bad else bad[0][2])
    return ClaimResult("lemma_4_1", status, True, summary, details, [], [], [], ce)


def lemma_4_3(seed: int = 0) -> ClaimResult:
    """Lemma 4.3: the diagonal Hessian blocks (AᵀA ⊗ BBᵀ) and the first-layer blocks
    D_vec(W_kᵀ)(D_vec(W_1ᵀ)L̄)ᵀ, k ≥ 2, literally as printed, against the exact Hessian."""
    rng = _random.Random(seed + 1)
    details, bad, n = [], [], 0
    for widths in SHAPES + ((2, 2, 2, 2, 1), (1, 2, 3, 2, 1)):
        inst = random_instance(widths, m=widths[0] + 2, seed=seed)
        for _ in range(2):
            W = _random_point(inst, rng)
            n += 1
            mism = lemma_4_3_mismatches(inst, W)
            if mism:
                bad.append((inst, W, ", ".join(mism)))
    for label, inst, W in critical_points(seed)[::3]:
        n += 1
        mism = lemma_4_3_mismatches(inst, W)
        if mism:
            bad.append((inst, W, ", ".join(mism)))
    details.append(f"{n} exact points (random and critical) on depths H = 1, 2, 3: every diagonal block "
                   "and every (W_1, W_k) block equals the Hessian entries permuted to the paper's order")
    details.append("reading used: rows of D_vec(W_kᵀ)(D_vec(W_1ᵀ)L̄)ᵀ index vec(W_1ᵀ), columns vec(W_kᵀ) "
                   "(numerator layout); entry ((c,d),(a,b)) = (CᵀA)_ca (XBᵀ)_db + (W_{k−1}⋯W_2)_bc (XrA)_da")
    findings = ["no erratum: Lemma 4.3 as printed matches the exact Hessian in the numerator layout with "
                "vec(W_kᵀ) = rows of W_k stacked, with the paper's empty-product convention "
                "(W_{k−1}⋯W_2 = I_{d_1} for k = 2, W_{H+1}⋯W_{H+2} = I_{d_y}) and scale ½"]
    ce = None
    if bad:
        inst, W, why = bad[0]
        ce = {"instance": inst.to_json(), "point": _fmtp(W), "why": why}
    return ClaimResult("lemma_4_3", "failed" if bad else "held", True,
                       f"diagonal and first-layer Kronecker blocks = exact Hessian at {n} points" if not bad
                       else f"mismatch: {bad[0][2]}", details, [], [], findings, ce)


def lemma_4_2_holds_at(inst: Instance, W) -> bool:
    """W_{H+1}⋯W_1 = P_C · YXᵀ(XXᵀ)⁻¹ with P_C = C(CᵀC)⁻Cᵀ, C = W_{H+1}⋯W_2 (exact)."""
    C = prod(W, inst.model.H + 1, 2, inst.model.widths[1])
    return Landscape(inst).product(W) == nb.matmul(nb.projector(C), ols_matrix(inst))


def lemma_4_2(seed: int = 0) -> ClaimResult:
    """Lemma 4.2: at a critical point W_{H+1}⋯W_1 = C(CᵀC)⁻Cᵀ YXᵀ(XXᵀ)⁻¹."""
    details, bad, hyp_fail = [], [], []
    n = n_sing = 0
    for label, inst, W in critical_points(seed):
        h = check_data_hypotheses(inst)
        if not h.XXt_full_rank:
            hyp_fail.append(f"{label}: XXᵀ singular")
            continue
        n += 1
        C = prod(W, inst.model.H + 1, 2, inst.model.widths[1])
        if nb.rank(nb.matmul(nb.transpose(C), C)) < len(C[0]):
            n_sing += 1
        if not lemma_4_2_holds_at(inst, W):
            bad.append((inst, W, f"{label}: W̄ ≠ P_C W_ols"))
    details.append(f"{n} constructed critical points (each ∇L = 0 exactly): W̄ = P_C · YXᵀ(XXᵀ)⁻¹")
    details.append(f"at {n_sing} of them CᵀC is singular (rank C < d_1), so (CᵀC)⁻¹ does not exist; "
                   "P_C = C(CᵀC)⁻Cᵀ (any generalized inverse) is the orthogonal projector onto R(C)")
    findings = [f"Lemma 4.2 prints (CᵀC)⁻¹, which does not exist when rank C < d_1 (always when d_1 > d_y; "
                f"{n_sing} of the {n} points here): the statement holds with a generalized inverse "
                "(CᵀC)⁻, i.e. the orthogonal projector onto R(C), as the appendix proof uses"]
    ce = None
    if bad:
        inst, W, why = bad[0]
        ce = {"instance": inst.to_json(), "point": _fmtp(W), "why": why}
    return ClaimResult("lemma_4_2", "failed" if bad else "held", not hyp_fail,
                       f"W̄ = P_C W_ols at {n} critical points ({n_sing} with CᵀC singular)" if not bad
                       else bad[0][2], details, hyp_fail, [], findings, ce)


def _semidef_points(seed):
    return [(lab, inst, W, ine, _semidefinite(ine)) for lab, inst, W, ine in _analysed_points(seed)
            if _semidefinite(ine)]


def _lemma_4_4_conditions(inst: Instance, W):
    """For k = 2..H+1: (range condition, XrW_{H+1}⋯W_{k+1} = 0, rank condition of Cor. 4.5)."""
    H, widths = inst.model.H, inst.model.widths
    C = prod(W, H + 1, 2, widths[1])
    CtC = nb.matmul(nb.transpose(C), C)
    r = paper_residual(inst, W)
    Xr = nb.matmul(inst.X, r)
    out = []
    for k in range(2, H + 2):
        M = prod(W, k - 1, 2, widths[1])           # W_{k−1}⋯W_2, d_{k−1} x d_1
        range_ok = span_contains(CtC, nb.transpose(M))
        zero_ok = _is_zero(nb.matmul(Xr, prod(W, H + 1, k + 1, widths[k])))
        rank_ok = nb.rank(prod(W, H + 1, k, widths[k - 1])) >= nb.rank(M)
        out.append((k, range_ok, zero_ok, rank_ok))
    return out


def _conditions_claim(name: str, seed: int, which: str) -> ClaimResult:
    details, bad, n, hyp_fail, nonvacuous = [], [], 0, [], 0
    for label, inst, W, ine, kind in _semidef_points(seed):
        n += 1
        for k, range_ok, zero_ok, rank_ok in _lemma_4_4_conditions(inst, W):
            first = range_ok if which == "range" else rank_ok
            if not zero_ok and first:
                nonvacuous += 1
            if not (first or zero_ok):
                bad.append((inst, W, f"{label} ({kind} Hessian), k = {k}: both conditions fail"))
    n_indef = 0
    for label, inst, W, ine in _analysed_points(seed):
        if _semidefinite(ine) is None and any(
                not ((c[1] if which == "range" else c[3]) or c[2]) for c in _lemma_4_4_conditions(inst, W)):
            n_indef += 1
    what = ("R((W_{k−1}⋯W_2)ᵀ) ⊆ R(CᵀC) (rank [CᵀC | (W_{k−1}⋯W_2)ᵀ] = rank CᵀC)" if which == "range"
            else "rank(W_{H+1}⋯W_k) ≥ rank(W_{k−1}⋯W_2)")
    details.append(f"{n} constructed critical points with a semidefinite Hessian (exact inertia); at each, "
                   f"for every k = 2..H+1: {what} or XrW_{{H+1}}⋯W_{{k+1}} = 0")
    details.append(f"{nonvacuous} (point, k) pairs satisfy it through the first alternative with Xr⋯ ≠ 0")
    details.append(f"not vacuous: at {n_indef} critical points with an indefinite Hessian both alternatives "
                   "fail for some k")
    for label, inst, W, ine, kind in _semidef_points(seed)[:40]:
        details.append(f"  {label}: {kind}, inertia {ine}")
    ce = None
    if bad:
        inst, W, why = bad[0]
        ce = {"instance": inst.to_json(), "point": _fmtp(W), "why": why}
    status = "failed" if bad else ("held" if n else "inconclusive")
    summary = (f"{n} semidefinite critical points satisfy it for every k; fails at {n_indef} indefinite ones"
               if status == "held" else (bad[0][2] if bad else "no semidefinite critical point"))
    return ClaimResult(name, status, True, summary, details, hyp_fail, [], [], ce)


def lemma_4_4(seed: int = 0) -> ClaimResult:
    """Lemma 4.4: at a critical point with a semidefinite Hessian, for every k ∈ {2..H+1},
    R((W_{k−1}⋯W_2)ᵀ) ⊆ R(CᵀC) or XrW_{H+1}⋯W_{k+1} = 0."""
    return _conditions_claim("lemma_4_4", seed, "range")


def corollary_4_5(seed: int = 0) -> ClaimResult:
    """Corollary 4.5: … rank(W_{H+1}⋯W_k) ≥ rank(W_{k−1}⋯W_2) or XrW_{H+1}⋯W_{k+1} = 0."""
    return _conditions_claim("corollary_4_5", seed, "rank")


def top_eigenprojector(inst: Instance, pbar: int) -> Matrix:
    """U_p̄U_p̄ᵀ on a rational-spectrum instance (columns of meta_O, eigenvalues s² descending)."""
    U = inst.meta_O
    dy = len(U)
    Up = [[U[r][i] for i in range(pbar)] for r in range(dy)]
    return nb.matmul(Up, nb.transpose(Up)) if pbar else nb.zeros(dy, dy)


def lemma_4_6(seed: int = 0) -> ClaimResult:
    """Lemma 4.6: at a critical point with a PSD Hessian, C(CᵀC)⁻Cᵀ = U_p̄U_p̄ᵀ or Xr = 0,
    p̄ = rank C (rational-spectrum instances: U is rational, the check is exact)."""
    details, bad, n, hyp_fail, n_zero_pbar, n_proj = [], [], 0, [], 0, 0
    for label, inst, W, ine, kind in _semidef_points(seed):
        if kind != "PSD" or not hasattr(inst, "meta_O"):
            continue
        fails = _hyp(inst)
        if fails:
            hyp_fail.append(f"{label}: " + "; ".join(fails))
            continue
        n += 1
        C = prod(W, inst.model.H + 1, 2, inst.model.widths[1])
        pbar = nb.rank(C)
        n_zero_pbar += pbar == 0
        proj_ok = nb.projector(C) == top_eigenprojector(inst, pbar)
        n_proj += proj_ok and not _is_zero(nb.matmul(inst.X, paper_residual(inst, W)))
        Xr0 = _is_zero(nb.matmul(inst.X, paper_residual(inst, W)))
        if not (proj_ok or Xr0):
            bad.append((inst, W, f"{label}: P_C ≠ U_p̄U_p̄ᵀ (p̄ = {pbar}) and Xr ≠ 0"))
    n_neg = 0
    for label, inst, W, ine in _analysed_points(seed):
        if ine[1] and hasattr(inst, "meta_O"):
            C = prod(W, inst.model.H + 1, 2, inst.model.widths[1])
            if nb.projector(C) != top_eigenprojector(inst, nb.rank(C)) and \
                    not _is_zero(nb.matmul(inst.X, paper_residual(inst, W))):
                n_neg += 1
    details.append(f"{n} constructed critical points with PSD Hessian on rational-spectrum instances: "
                   f"P_C = U_p̄U_p̄ᵀ or Xr = 0 (exact); {n_proj} of them through P_C = U_p̄U_p̄ᵀ with Xr ≠ 0")
    details.append(f"not vacuous: {n_neg} critical points with a negative Hessian eigenvalue violate both")
    findings = []
    if n_zero_pbar:
        findings.append(f"p̄ = rank C is declared in {{1, …, min(d_y, p)}} but is 0 at {n_zero_pbar} PSD critical "
                        "points here (C = 0, e.g. the zero point for H ≥ 2); the lemma holds there with "
                        "U_0U_0ᵀ := 0")
    ce = None
    if bad:
        inst, W, why = bad[0]
        ce = {"instance": inst.to_json(), "point": _fmtp(W), "why": why}
    status = "failed" if bad else ("held" if n else "inconclusive")
    return ClaimResult("lemma_4_6", status, not hyp_fail,
                       f"{n} PSD critical points: P_C = U_p̄U_p̄ᵀ or Xr = 0; {n_neg} non-PSD ones violate it"
                       if status == "held" else (bad[0][2] if bad else "no PSD critical point"),
                       details, hyp_fail, [], findings, ce)


# --- Proposition 2.1 (i) / Conjecture 2.2 (i): block convexity ------------------------------------

CONVEXITY_SHAPES = ((3, 1, 3), (2, 1, 1, 2), (3, 2, 1, 3), (2, 3, 3, 2))


def block_gram_identity(inst: Instance, k: int, factor=None) -> bool:
    """∂²L/∂vec(W_k)² ≡ 2s FᵀF as polynomial matrices in the other weights (symbols), where F is
    the Jacobian of vec(A_k W_k B_k) with respect to vec(W_k) — so the block is a Gram matrix, PSD
    for every value of the other weights: L is convex in W_k (k 0-based here)."""
    import sympy
    ls = Landscape(inst)
    syms = ls.symbols()
    offs = inst.offsets
    shapes = inst.model.shapes
    Ws = [sympy.Matrix(r, c, syms[o:o + r * c]) for (r, c), o in zip(shapes, offs)]
    X = sympy.Matrix([[sympy.Rational(x.numerator, x.denominator) for x in row] for row in inst.X])
    Y = sympy.Matrix([[sympy.Rational(x.numerator, x.denominator) for x in row] for row in inst.Y])
    P = X
    for w in Ws:
        P = w * P
    s = sympy.Rational(inst.loss.scale.numerator, inst.loss.scale.denominator)
    loss = s * sum((P - Y)[i] ** 2 for i in range(len(P)))
    wk = syms[offs[k]:offs[k] + shapes[k][0] * shapes[k][1]]
    block = sympy.hessian(loss, wk)
    A = sympy.eye(shapes[-1][0])
    for w in reversed(Ws[k + 1:]):
        A = A * w
    B = X
    for w in Ws[:k]:
        B = w * B
    F = sympy.Matrix(list(A * Ws[k] * B)).jacobian(wk)
    c = 2 * s if factor is None else sympy.Rational(factor.numerator, factor.denominator)
    return (block - c * F.T * F).expand() == sympy.zeros(len(wk), len(wk))


def conjecture_2_2_i(seed: int = 0) -> ClaimResult:
    """Conjecture 2.2 (i) (Baldi–Lu 2012; for H = 1 it is Proposition 2.1 (i)): for every k, L̄ is
    convex in W_k when the other W_k' are fixed.  L̄ is quadratic in W_k, so convexity for *all*
    other weights is the statement that the block ∂²L/∂vec(W_k)² is PSD everywhere: certified as the
    polynomial identity block ≡ 2s FᵀF (a Gram matrix) with the other weights symbolic, plus exact
    inertia of the blocks at random points."""
    rng = _random.Random(seed + 7)
    details, bad, hyp_fail, inside = [], [], [], 0
    for widths in CONVEXITY_SHAPES:
        inst = random_instance(widths, m=widths[0] + 1, seed=seed)
        dx, dy, p = widths[0], widths[-1], inst.model.p
        h = check_data_hypotheses(inst)
        conds = h.failures()
        if not (p < dx and p < dy and dy == dx):
            conds.append(f"Prop. 2.1 width conditions p < d_x, p < d_y, d_y = d_x fail (p = {p})")
        ids = [block_gram_identity(inst, k) for k in range(len(inst.model.shapes))]
        npts = 0
        for _ in range(2):
            W = _random_point(inst, rng)
            Hm = Landscape(inst).hessian(W)
            for (r, c), o in zip(inst.model.shapes, inst.offsets):
                blk = [row[o:o + r * c] for row in Hm[o:o + r * c]]
                npts += 1
                if nb.inertia(blk)[1]:
                    bad.append(f"{widths}: a diagonal block has a negative eigenvalue at {_fmtp(W)}")
        tag = "Prop. 2.1 / Conj. 2.2 hypotheses hold" if not conds else "outside the hypotheses: " + "; ".join(conds)
        if conds:
            hyp_fail.append(f"{widths}: " + "; ".join(conds))
        else:
            inside += 1
        details.append(f"{widths} (H = {inst.model.H}): block ≡ 2s FᵀF for k = 1..{len(ids)}: "
                       f"{'all identities hold' if all(ids) else 'IDENTITY FAILS for some k'}; "
                       f"{npts} blocks at random points PSD by exact inertia — {tag}")
        if not all(ids):
            bad.append(f"{widths}: Gram identity fails")
    findings = ["(i) needs none of the data or width hypotheses of Proposition 2.1: the Gram identity holds "
                "for any data and widths (checked here also outside them, e.g. (2, 3, 3, 2))"]
    return ClaimResult("conjecture_2_2_i", "failed" if bad else "held", inside > 0,
                       "Prop. 2.1(i)/Conj. 2.2(i): each diagonal block ≡ 2s FᵀF (Gram) as polynomials in the "
                       f"other weights, H = 1, 2 on {len(CONVEXITY_SHAPES)} shapes" if not bad else bad[0],
                       details, hyp_fail, [], findings)


# --- Theorem 2.3 (i): non-convex and non-concave ---------------------------------------------------

def indefiniteness_certificate(inst: Instance, W) -> dict | None:
    """A kernel certificate ("not_extremum") with rational u, v: uᵀ∇²Lu < 0 < vᵀ∇²Lv at W."""
    ls = Landscape(inst)
    Hm = ls.hessian(W)
    u, v = curvature_witness(Hm, -1), curvature_witness(Hm, +1)
    if u is None or v is None:
        return None
    if not (ls.quadratic_form(W, u) < 0 < ls.quadratic_form(W, v)):
        raise AssertionError("internal error: curvature witness has the wrong sign")
    ev = [{"type": "negative_curvature", "v": [fmt(x) for x in u]},
          {"type": "positive_curvature", "v": [fmt(x) for x in v]}]
    return _certificate(inst, W, "not_extremum", ev, ls.loss(W))


def theorem_2_3_i(seed: int = 0) -> ClaimResult:
    """Theorem 2.3 (i): L̄ is non-convex and non-concave — a point whose Hessian is indefinite
    (rational u, v with uᵀHu < 0 < vᵀHv, kernel-checked) on each instance."""
    rng = _random.Random(seed + 3)
    details, certs, hyp_fail, bad = [], [], [], []
    for widths in SHAPES + ((2, 2, 2, 2, 1),):
        inst = random_instance(widths, m=widths[0] + 2, seed=seed)
        fails = _hyp(inst)
        if fails:
            hyp_fail.append(f"{widths}: " + "; ".join(fails))
        cert, where = None, ""
        if inst.model.H == 1:
            v = classify(inst, inst.zero_point())
            if v.cls == "strict_saddle":
                cert, where = v.certificate, "the zero point (a strict saddle, classified)"
        for attempt in range(10):
            if cert is not None:
                break
            W = _random_point(inst, rng)
            cert = indefiniteness_certificate(inst, W)
            where = f"the random point {_fmtp(W)}"
        if cert is None or not _verified(cert):
            bad.append(f"{widths}: no indefinite Hessian found")
            continue
        certs.append(cert)
        details.append(f"{widths}: Hessian indefinite at {where}; certificate verified by the kernel")
    status = "inconclusive" if bad else "held"
    return ClaimResult("theorem_2_3_i", status, not hyp_fail,
                       f"indefinite Hessian (kernel-checked u, v) on {len(certs)} instances, H = 1, 2, 3"
                       if not bad else "; ".join(bad), details, hyp_fail, certs)


# --- Theorem 2.3 (iv) for H ≥ 2 and Corollary 2.4 -----------------------------------------------------

def theorem_2_3_iv_deep(seed: int = 0) -> ClaimResult:
    """Theorem 2.3 (iv) for H ≥ 2: at a saddle with rank(W_H⋯W_2) = p the Hessian has a negative
    eigenvalue.  Saddles with that rank are built from eigenvectors ("full" hidden layers, every
    non-top index set), classified exactly, each shown strict_saddle with a kernel certificate."""
    details, certs, hyp_fail, bad = [], [], [], []
    n_saddle = n_glob = n_rank_low = 0
    for label, inst, W, ine in _analysed_points(seed):
        H = inst.model.H
        if H < 2 or not hasattr(inst, "meta_O"):
            continue
        fails = _hyp(inst)
        if fails:
            hyp_fail.append(f"{label}: " + "; ".join(fails))
            continue
        rk = nb.rank(prod(W, H, 2, inst.model.widths[1]))
        if rk != inst.model.p:
            n_rank_low += 1
            continue
        v = classify(inst, W)
        if v.cls == "global_min":
            n_glob += 1
            continue
        n_saddle += 1
        if v.cls != "strict_saddle" or not v.certified:
            bad.append((inst, W, f"{label}: rank(W_H⋯W_2) = p but classified {v.cls}"))
            continue
        certs.append(v.certificate)
        details.append(f"{label}: rank(W_H⋯W_2) = p = {inst.model.p}, inertia {v.inertia} → strict saddle")
    details.append(f"{n_saddle} saddles and {n_glob} global minima with rank(W_H⋯W_2) = p; "
                   f"{n_rank_low} critical points with rank < p set aside (see corollary_2_4)")
    status = "failed" if bad else ("held" if n_saddle else "inconclusive")
    ce = None
    if bad:
        inst, W, why = bad[0]
        ce = {"instance": inst.to_json(), "point": _fmtp(W), "why": why}
    return ClaimResult("theorem_2_3_iv_deep", status, not hyp_fail,
                       f"H ≥ 2: all {n_saddle} constructed saddles with rank(W_H⋯W_2) = p are strict "
                       "(kernel-checked)" if status == "held" else (bad[0][2] if bad else "no such saddle"),
                       details, hyp_fail, certs, [], ce)


def _families():
    try:
        from . import kawaguchi2016_families as fam
    except ImportError:
        return None
    return fam


def corollary_2_4(seed: int = 0) -> ClaimResult:
    """Corollary 2.4: for H = 1 every saddle has a negative Hessian eigenvalue; for H ≥ 2 there are
    saddles whose Hessian has none — exhibited with non_strict_saddle certificates: the zero point,
    W_3 = W_2 = 0 with rows of W_1 in ker YXᵀ (Hessian exactly 0), and "thin" eigenvector saddles
    (rank W_H⋯W_2 < p, C ≠ 0)."""
    details, certs, hyp_fail, bad = [], [], [], []
    # --- H ≥ 2: non-strict saddles
    deep_found = 0
    cands = []
    for widths in ((2, 2, 2, 2), (3, 2, 1, 2), (2, 3, 3, 2)):
        inst = random_instance(widths, m=widths[0] + 2, seed=seed)
        cands.append((f"{widths} random data, zero point", inst, inst.zero_point()))
    for label, inst, W in critical_points(seed):
        if "ker YXᵀ" in label or ("thin" in label and inst.model.H >= 2):
            cands.append((label, inst, W))
    for label, inst, W in cands:
        fails = _hyp(inst)
        if fails:
            hyp_fail.append(f"{label}: " + "; ".join(fails))
            continue
        v = classify(inst, W)
        zeroH = _is_zero(Landscape(inst).hessian(W))
        if v.cls == "non_strict_saddle" and v.certified:
            deep_found += 1
            certs.append(v.certificate)
            details.append(f"H = {inst.model.H}, {label}: non-strict saddle, inertia {v.inertia}"
                           + (" (Hessian identically 0)" if zeroH else "") + f" — {v.reason}")
        else:
            details.append(f"H = {inst.model.H}, {label}: classified {v.cls} (inertia {v.inertia})")
    if not deep_found:
        bad.append("no non-strict saddle certified for H ≥ 2")
    # --- H = 1: every saddle strict
    shallow_status = None
    fam = _families()
    fn = getattr(fam, "theorem_2_3_iv_shallow", None) if fam else None
    if fn is not None:
        res = fn(seed)
        shallow_status = res.status
        details.append(f"H = 1 (family analysis, every critical family): {res.status} — {res.summary}")
        if res.status != "held":
            bad.append(f"H = 1 family analysis: {res.status}")
    else:
        details.append("H = 1 family analysis unavailable; checking the constructed H = 1 saddles only")
    n1 = 0
    for label, inst, W, ine in _analysed_points(seed):
        if inst.model.H != 1 or "global" in label or _hyp(inst):
            continue
        v = classify(inst, W)
        if v.cls == "global_min":
            continue
        n1 += 1
        if v.cls != "strict_saddle":
            bad.append(f"H = 1 saddle {label} classified {v.cls}")
        elif len(certs) < 40:
            certs.append(v.certificate)
    details.append(f"H = 1: {n1} constructed saddles, all strict (negative Hessian eigenvalue)")
    status = "held" if not bad else ("failed" if any("classified" in b for b in bad) else "inconclusive")
    return ClaimResult("corollary_2_4", status, not hyp_fail,
                       f"H ≥ 2: {deep_found} non-strict saddles certified (incl. zero Hessian); H = 1: "
                       f"every saddle strict ({'all families' if shallow_status == 'held' else f'{n1} constructed'})"
                       if status == "held" else "; ".join(bad[:3]), details, hyp_fail, certs)


# --- Corollary 3.2: path-sum model with Bernoulli activations ----------------------------------------

def _paths(widths):
    """Paths (i_0, i_1, …, i_H, j) from an input unit to output unit j."""
    return list(_iproduct(*[range(d) for d in widths]))


def path_model_expectations(widths, X, Y, W, rho: Fraction):
    """Enumerate every activation pattern Z ∈ {0,1}^(outputs × paths × samples) with its exact
    probability under independent Bernoulli(ρ) (A1p-m, A5u-m); return (count, total probability,
    E_Z[Ŷ], E_Z[½‖Ŷ − Y‖²]) for Ŷ_{j,i} = q Σ_p X_{i_0,i} Z_{(j,p),i} Π_k w^(k)_{(j,p)}, q = 1/ρ."""
    q = 1 / rho
    paths = _paths(widths)
    dy, m = widths[-1], len(X[0])
    # path values v[(j, p), i] = X[i_0][i] Π_k W_k[i_k][i_{k-1}]
    slots = []
    for pth in paths:
        val = Fraction(1)
        for k in range(1, len(widths)):
            val *= W[k - 1][pth[k]][pth[k - 1]]
        slots.append((pth[-1], pth[0], val))
    cells = [(si, i) for si in range(len(slots)) for i in range(m)]
    n = len(cells)
    EY = [[Fraction(0)] * m for _ in range(dy)]
    Eloss = Fraction(0)
    total = Fraction(0)
    for mask in range(1 << n):
        ones = bin(mask).count("1")
        pr = rho ** ones * (1 - rho) ** (n - ones)
        Yhat = [[Fraction(0)] * m for _ in range(dy)]
        for b, (si, i) in enumerate(cells):
            if mask >> b & 1:
                j, i0, val = slots[si]
                Yhat[j][i] += q * X[i0][i] * val
        total += pr
        for j in range(dy):
            for i in range(m):
                EY[j][i] += pr * Yhat[j][i]
        Eloss += pr * Fraction(1, 2) * sum((Yhat[j][i] - Y[j][i]) ** 2 for j in range(dy) for i in range(m))
    return n, total, EY, Eloss


def corollary_3_2(seed: int = 0) -> ClaimResult:
    """Corollary 3.2: with A1p-m, A5u-m and q = ρ⁻¹, L(W) = ½‖E_Z[Ŷ − Y]‖² equals L̄(W); the
    expected loss E_Z[½‖Ŷ − Y‖²] = L̄(W) + ½ (1−ρ)/ρ Σ_{j,p,i} (X_{i_0,i} Π_k w^(k)_{(j,p)})² differs."""
    rng = _random.Random(seed + 11)
    widths = (2, 2, 1)
    inst = random_instance(widths, m=2, seed=seed)
    ls = Landscape(inst)
    details, bad = [], []
    fails = _hyp(inst)
    n_pat = 0
    for rho in (Fraction(1, 2), Fraction(2, 3)):
        for t in range(2):
            W = _random_point(inst, rng)
            n, total, EY, Eloss = path_model_expectations(widths, inst.X, inst.Y, W, rho)
            n_pat = 2 ** n
            lin = nb.matmul(ls.product(W), inst.X)
            Lbar = ls.loss(W)
            red = Fraction(1, 2) * nb.frob2(nb.matsub(EY, inst.Y))
            var = Fraction(0)
            for pth in _paths(widths):
                val = Fraction(1)
                for k in range(1, len(widths)):
                    val *= W[k - 1][pth[k]][pth[k - 1]]
                for i in range(inst.m):
                    var += (inst.X[pth[0]][i] * val) ** 2
            var *= (1 - rho) / rho
            ok = total == 1 and EY == lin and red == Lbar and Eloss == Lbar + var / 2
            if not ok:
                bad.append(f"ρ = {rho}, W = {_fmtp(W)}")
            details.append(f"ρ = {fmt(rho)}, q = {fmt(1 / rho)}, W = {_fmtp(W)}: Σ Pr = {fmt(total)}, "
                           f"E_Z[Ŷ] = W₂W₁X: {EY == lin}; ½‖E_Z[Ŷ] − Y‖² = L̄ = {fmt(Lbar)}: {red == Lbar}; "
                           f"E_Z[½‖Ŷ − Y‖²] = {fmt(Eloss)} = L̄ + ½·variance ({fmt(var / 2)}): {Eloss == Lbar + var / 2}")
    # the expected loss is a different surface: a global minimum of L̄ is not critical for it
    Wols = ols_matrix(inst)
    Wg = [[list(Wols[0]), [Fraction(0)] * 2], [[Fraction(1), Fraction(0)]]]
    import sympy
    rho = Fraction(1, 2)
    syms = ls.symbols()
    Wsym = [[[syms[o + a * c + b] for b in range(c)] for a in range(r)]
            for (r, c), o in zip(inst.model.shapes, inst.offsets)]
    var_expr = 0
    for pth in _paths(widths):
        val = 1
        for k in range(1, len(widths)):
            val *= Wsym[k - 1][pth[k]][pth[k - 1]]
        for i in range(inst.m):
            x = inst.X[pth[0]][i]
            var_expr += sympy.Rational(x.numerator, x.denominator) ** 2 * val ** 2
    exp_loss = ls.expr() + sympy.Rational(1, 2) * sympy.Rational(1 - rho) * var_expr / sympy.Rational(rho)
    subs = {s: sympy.Rational(v.numerator, v.denominator) for s, v in zip(syms, inst.flatten(Wg))}
    grad = [sympy.diff(exp_loss, s).subs(subs) for s in syms]
    glob = classify(inst, Wg)
    details.append(f"global minimum of L̄ at W = {_fmtp(Wg)} ({glob.cls}, kernel-checked); gradient of the "
                   f"expected loss E_Z[½‖Ŷ − Y‖²] (ρ = 1/2) there: {[str(g) for g in grad]} — "
                   f"{'non-zero: the expected loss has other critical points' if any(grad) else 'zero'}")
    details.append(f"{n_pat} activation patterns enumerated per point (2^(d_y · Ψ · m), Ψ = {len(_paths(widths))} "
                   "paths per output, m = 2 samples)")
    findings = ["the reduction L = L̄ holds because L takes the expectation inside the norm, "
                "½‖E_Z[Ŷ − Y]‖²; the expected squared loss E_Z[½‖Ŷ − Y‖²] adds the W-dependent term "
                "½(1−ρ)/ρ Σ_paths (x Π w)², a path-norm regularizer, so Corollary 3.2 does not transfer to it "
                "(a global minimum of L̄ is not even critical for it here)"]
    certs = [glob.certificate] if glob.certificate else []
    return ClaimResult("corollary_3_2", "failed" if bad else "held", not fails,
                       f"E_Z[Ŷ] = W̄X and ½‖E_Z[Ŷ]−Y‖² = L̄ exactly over all {n_pat} patterns (ρ = 1/2, 2/3); "
                       "expected loss = L̄ + ½·variance" if not bad else "mismatch at " + bad[0],
                       details, fails, certs, findings)


# --- outside the hypotheses: a repeated eigenvalue of Σ -------------------------------------------

def repeated_eigenvalue_instance(widths=(3, 1, 2), seed: int = 0, c=Fraction(3, 2)) -> Instance:
    """XXᵀ = I (rows of a rational orthogonal matrix) and Y = c·X[:d_y], so Σ = c²I (all eigenvalues equal)."""
    rng = _random.Random(seed)
    m = widths[0] + 1
    Q = cayley_orthogonal(rng, m)
    X = Q[:widths[0]]
    Y = [[c * x for x in X[i]] for i in range(widths[-1])]
    return Instance(DeepLinear(tuple(widths)), X, Y, SquaredLoss(Fraction(1, 2)),
                    meta={"seed": seed, "generator": "repeated_eigenvalue_instance"})


def theorem_2_3_repeated_eigenvalue(seed: int = 0) -> ClaimResult:
    """What happens when Σ has a repeated eigenvalue (outside Theorem 2.3's hypotheses): Σ = c²I;
    every unit vector u gives a critical point (W_2, W_1) = (u, uᵀW_ols) (scaled rationally), all
    global minima with *different* products W̄ = uuᵀW_ols: a continuum of global minima, no U_p̄ is
    singled out (Lemma 4.6's U_p̄ is not unique), and the zero point is a strict saddle."""
    rng = _random.Random(seed + 5)
    inst = repeated_eigenvalue_instance(seed=seed)
    fails = _hyp(inst)
    ls = Landscape(inst)
    Wols = ols_matrix(inst)
    details, certs, prods, bad = [], [], [], []
    dirs = [(Fraction(1), Fraction(0)), (Fraction(1), Fraction(1)),
            (Fraction(rng.randint(-3, 3)), Fraction(rng.randint(4, 6)))]
    for a, b in dirs:
        u = [[a], [b]]
        nu = nb.frob2(u)
        W1 = nb.scale(1 / nu, nb.matmul(nb.transpose(u), Wols))
        W = [W1, u]
        v = classify(inst, W)
        prods.append(ls.product(W))
        details.append(f"u = ({fmt(a)}, {fmt(b)}): W̄ = uuᵀW_ols/‖u‖², {v.cls}, loss {fmt(v.loss)}")
        if v.cls != "global_min":
            bad.append(f"u = ({a}, {b}) classified {v.cls}")
        else:
            certs.append(v.certificate)
    v0 = classify(inst, inst.zero_point())
    details.append(f"zero point: {v0.cls} (inertia {v0.inertia})")
    if v0.cls != "strict_saddle":
        bad.append(f"zero point {v0.cls}")
    certs.append(v0.certificate)
    distinct = len({str(nb.fmt_matrix(p)) for p in prods})
    details.append(f"{distinct} distinct products W̄ among the global minima: the global minimizers of the "
                   "end-to-end map form a continuum (one per line R·u), unlike under distinct eigenvalues")
    status = "held" if not bad and distinct == len(prods) else "inconclusive"
    return ClaimResult("theorem_2_3_repeated_eigenvalue", status, not fails,
                       f"Σ = c²I (hypothesis fails): {distinct} distinct global-minimum products (a continuum); "
                       "(ii)–(iii) still hold on the points checked", details, fails, certs,
                       ["the distinct-eigenvalue hypothesis is not needed for (ii)/(iii) on this instance; "
                        "it makes the global-minimum product P_{U_p}W_ols unique"])


# --- the paper ------------------------------------------------------------------------------------

def _unavailable(name: str, why: str) -> ClaimResult:
    return ClaimResult(name, "inconclusive", True, f"family analysis unavailable: {why}",
                       [f"exactland.theorems.kawaguchi2016_families: {why}"])


def check_all(seed: int = 0, progress=None, enumerate: bool = False) -> PaperReport:
    """Every claim of Kawaguchi (2016) on seeded exact instances.

    ``enumerate=True`` appends the rows of :mod:`exactland.theorems.kawaguchi2016_enumerate`: the
    whole critical set of small instances, found by solving ∇L = 0 exactly (independently of the
    paper's lemmas), checked against Theorem 2.3 (ii)–(iii) and Corollary 2.4."""
    say = progress or (lambda msg: None)
    claims = []

    def run(fn, label):
        say(f"checking {label}")
        claims.append(fn(seed))

    run(lemma_4_1, "Lemma 4.1 (gradient, Kronecker form)")
    run(lemma_4_3, "Lemma 4.3 (Hessian blocks)")
    run(lemma_4_2, "Lemma 4.2 (product at critical points)")
    run(lemma_4_4, "Lemma 4.4 (semidefinite Hessian: ranges)")
    run(corollary_4_5, "Corollary 4.5 (semidefinite Hessian: ranks)")
    run(lemma_4_6, "Lemma 4.6 (PSD Hessian: top eigenvectors)")
    run(conjecture_2_2_i, "Conjecture 2.2 (i) / Proposition 2.1 (i) (block convexity)")
    run(theorem_2_3_i, "Theorem 2.3 (i) (non-convex, non-concave)")
    fam = _families()
    for name, attr in (("theorem_2_3_ii", "theorem_2_3_ii"), ("theorem_2_3_iii", "theorem_2_3_iii"),
                       ("theorem_2_3_iv", "theorem_2_3_iv_shallow")):
        fn = getattr(fam, attr, None) if fam else None
        if fn is None:
            claims.append(_unavailable(name, "module missing" if fam is None else f"{attr} missing"))
            continue
        say(f"checking Theorem 2.3 ({name[12:]}) (H = 1 critical families)")
        try:
            claims.append(fn(seed))
        except Exception as err:  # a helper's crash must not hide the other claims
            claims.append(_unavailable(name, f"{type(err).__name__}: {err}"))
    run(theorem_2_3_iv_deep, "Theorem 2.3 (iv), H ≥ 2")
    run(corollary_2_4, "Corollary 2.4 (non-strict saddles for H ≥ 2)")
    run(corollary_3_2, "Corollary 3.2 (path model with Bernoulli activations)")
    run(theorem_2_3_repeated_eigenvalue, "outside the hypotheses: repeated eigenvalue of Σ")
    if enumerate:
        from .kawaguchi2016_enumerate import enumerate_claims
        claims.extend(enumerate_claims(seed=seed, progress=say))
    return PaperReport(PAPER, seed, claims)
