"""Kawaguchi, Huang & Kaelbling (2019), "Effect of Depth and Width on Local Minima in Deep
Learning" (Neural Computation 31(7)) — its claims, checked exactly where they are exact and by
seeded Monte Carlo (labelled *numerical*) where they are probabilistic.

Notation and layout follow the paper (and ``papers/khk2019b-digest.md``): X is m × d_x (one row per
sample), W⁽ˡ⁾ is d_{l−1} × d_l, Φ⁽⁰⁾ = X, Φ⁽ˡ⁾ = σ(Φ⁽ˡ⁻¹⁾W⁽ˡ⁾), Ŷ = Φ⁽ᴴ⁾W⁽ᴴ⁺¹⁾, L = ½‖Ŷ − Y‖²_F, vec is
column-major, θ = (vec W⁽¹⁾, …, vec W⁽ᴴ⁺¹⁾).  Every hidden unit is σ_a(z) = z (z ≥ 0), a·z (z < 0)
with a rational a ≤ 1 (ReLU a = 0, identity a = 1, |z| a = −1).  Λ is the derivative, 0 at a kink.
Certificates use the ``feedforward`` schema of :mod:`exactland.models.piecewise` (samples as columns,
W_l = W⁽ˡ⁾ᵀ, θ flat row-major — the same order as the paper's vec) and are checked by the trusted
kernel ``exactland.kernel.khk2019b``.

Local minima are *planted and certified*: at a point θ with strict margins (no pre-activation of a
non-identity unit is 0) the network output lies, on θ's whole activation region, in the column space
of the path-feature matrix 𝒟 (columns e_c ⊗ Λ_{1,k₁}⋯Λ_{H,k_H}X_{·j}); choosing Y = Ŷ(θ) − r with
r ⊥ col 𝒟 makes θ the minimum of L over that open region, so a local minimum (the kernel re-checks
𝒟ᵀr = 0).  Saddles are planted with r ⊥ col(Jacobian) but not ⊥ col 𝒟 and certified by a rational
direction of negative curvature on the region polynomial.

>>> r = lemma_2(seed=0)
>>> r.name, r.status
('lemma_2', 'held')
"""

from __future__ import annotations

import math
import random as _random
from dataclasses import dataclass
from fractions import Fraction
from itertools import combinations, permutations
from itertools import product as _iproduct

from .. import kernel
from .. import numbers as nb
from ..kernel import khk2019b as kk
from ..numbers import fmt
from . import ClaimResult, PaperReport

PAPER = "khk2019b"
Q = Fraction


# --- the network, exactly ----------------------------------------------------------------------------

def activation_name(a: Fraction) -> str:
    """The schema name of the activation with slope ``a`` below zero.

    >>> activation_name(Fraction(0)), activation_name(Fraction(1, 2)), activation_name(Fraction(-1))
    ('relu', 'leaky:1/2', 'abs')
    """
    a = Q(a)
    return {Q(0): "relu", Q(1): "identity", Q(-1): "abs"}.get(a, f"leaky:{fmt(a)}")


@dataclass(frozen=True)
class Net:
    """A bias-free feedforward network: ``widths = (d_x, d_1, …, d_H, d_y)`` and, per hidden layer,
    each unit's slope below zero (``slopes[l][k]``, a rational ≤ 1).

    >>> net = make_net((2, 3, 1)); net.H, net.n_params
    (1, 9)
    """

    widths: tuple
    slopes: tuple

    def __post_init__(self):
        if len(self.widths) < 3 or min(self.widths) < 1:
            raise ValueError(f"widths must be (d_x, d_1, …, d_H, d_y) with H ≥ 1, got {self.widths}")
        if len(self.slopes) != self.H or any(len(s) != w for s, w in zip(self.slopes, self.widths[1:-1])):
            raise ValueError("one slope per hidden unit is required")
        for s in self.slopes:
            for a in s:
                if isinstance(a, float) or Q(a) > 1:
                    raise ValueError(f"activation slope {a!r} must be an exact rational ≤ 1 (the paper's a ≤ 1)")

    @property
    def H(self) -> int:
        return len(self.widths) - 2

    @property
    def shapes(self) -> list:
        return [(self.widths[l], self.widths[l + 1]) for l in range(self.H + 1)]

    @property
    def n_params(self) -> int:
        return sum(r * c for r, c in self.shapes)

    def model_json(self) -> dict:
        layers = [{"width": w, "activation": [activation_name(a) for a in s] if len(set(s)) > 1
                   else activation_name(s[0])} for w, s in zip(self.widths[1:-1], self.slopes)]
        return {"kind": "feedforward", "layers": layers + [{"width": self.widths[-1], "activation": "identity"}]}


def make_net(widths, activation="relu") -> Net:
    """A network with one activation for every hidden unit (``"relu"``, ``"identity"``, ``"abs"``,
    ``"leaky:p/q"``), or a list with one name per hidden layer."""
    acts = activation if isinstance(activation, (list, tuple)) else [activation] * (len(widths) - 2)
    slopes = tuple(tuple(kk._slope(a) for _ in range(w)) for a, w in zip(acts, widths[1:-1]))
    return Net(tuple(widths), slopes)


def vec(M) -> list:
    """Column-major vec, as in the paper.

    >>> vec([[1, 2], [3, 4]])
    [1, 3, 2, 4]
    """
    return [M[i][j] for j in range(len(M[0])) for i in range(len(M))]


def flatten(W) -> list:
    """θ = (vec W⁽¹⁾, …, vec W⁽ᴴ⁺¹⁾)."""
    return [x for Wl in W for x in vec(Wl)]


@dataclass
class Forward:
    """The exact forward pass at one point: pre-activations G⁽ˡ⁾, outputs Φ⁽ˡ⁾ (Φ[0] = X), Ŷ, the
    paper's Λ (lam[l][k][i], 0 at a kink) and the kinks (l, k, i): zero pre-activations of
    non-identity units that are not identically zero near θ (all their inputs identically 0)."""

    G: list
    Phi: list
    Yhat: list
    lam: list
    kinks: list


def forward(net: Net, X, W) -> Forward:
    """The exact forward pass (rows are samples).

    >>> fw = forward(make_net((1, 1, 1)), [[Q(1)], [Q(-1)]], [[[Q(1)]], [[Q(2)]]])
    >>> fw.Yhat, fw.lam
    ([[Fraction(2, 1)], [Fraction(0, 1)]], [[[Fraction(1, 1), Fraction(0, 1)]]])
    """
    phi, Gs, Phis, lams, ks = X, [], [X], [], []
    dead_in = [[x == 0 for x in row] for row in X]  # inputs identically zero near θ
    for l, Wl in enumerate(W):
        G = nb.matmul(phi, Wl)
        if l == net.H:
            return Forward(Gs, Phis, G, lams, ks)
        a = net.slopes[l]
        phi = [[z if z >= 0 else a[k] * z for k, z in enumerate(row)] for row in G]
        lam = [[Q(1) if (G[i][k] > 0 or a[k] == 1) else a[k] if G[i][k] < 0 else Q(0) for i in range(len(G))]
               for k in range(len(G[0]))]
        ident = [all(row) for row in dead_in]
        ks += [(l, k, i) for i in range(len(G)) for k in range(len(G[0]))
               if G[i][k] == 0 and a[k] != 1 and not ident[i]]
        dead_in = [[ident[i] or (G[i][k] < 0 and a[k] == 0) for k in range(len(G[0]))] for i in range(len(G))]
        Gs.append(G)
        Phis.append(phi)
        lams.append(lam)


def loss(net: Net, X, Y, W) -> Fraction:
    """L(θ) = ½‖Ŷ − Y‖²_F, exactly."""
    return nb.frob2(nb.matsub(forward(net, X, W).Yhat, Y)) / 2


def residual(net, X, Y, W):
    """Ŷ − Y (m × d_y), exactly."""
    return nb.matsub(forward(net, X, W).Yhat, Y)


# --- the paper's matrices: D, the Jacobian, path features, projections -----------------------------------

def d_blocks(net: Net, fw: Forward, W) -> list:
    """``blocks[l-1][k]`` = D⁽ˡ⁾_k ∈ R^{m d_y × d_{l−1}} for l = 1..H (§1.3 of the digest), then the
    output block D⁽ᴴ⁺¹⁾_1 = I_{d_y} ⊗ Φ⁽ᴴ⁾ as ``blocks[H][0]``.  Built from the backward recursion
    V⁽ˡ⁾_{i,k,c} = Λ_{l,k,i} Σ_{k'} W⁽ˡ⁺¹⁾_{k,k'} V⁽ˡ⁺¹⁾_{i,k',c}, which expands to the paper's sum over
    paths of (W⋯W)ᵀ ⊗ (Λ⋯Λ Φ⁽ˡ⁻¹⁾)."""
    H, dy, m = net.H, net.widths[-1], len(fw.Yhat)
    V = [None] * (H + 1)
    WH1 = W[H]
    V[H] = [[[fw.lam[H - 1][k][i] * WH1[k][c] for c in range(dy)] for k in range(net.widths[H])] for i in range(m)]
    for l in range(H - 1, 0, -1):
        Wn = W[l]
        V[l] = [[[fw.lam[l - 1][k][i] * sum((Wn[k][k2] * V[l + 1][i][k2][c] for k2 in range(net.widths[l + 1])), Q(0))
                  for c in range(dy)] for k in range(net.widths[l])] for i in range(m)]
    blocks = []
    for l in range(1, H + 1):
        prev = fw.Phi[l - 1]
        blocks.append([[[V[l][i][k][c] * prev[i][j] for j in range(net.widths[l - 1])]
                        for c in range(dy) for i in range(m)] for k in range(net.widths[l])])
    PhiH = fw.Phi[H]
    blocks.append([[[PhiH[i][j] if c == c2 else Q(0) for c2 in range(dy) for j in range(net.widths[H])]
                    for c in range(dy) for i in range(m)]])
    return blocks


def hcat(mats, rows: int):
    """Horizontal concatenation (an empty list gives ``rows`` empty rows)."""
    out = [[] for _ in range(rows)]
    for M in mats:
        for r, row in zip(out, M):
            r.extend(row)
    return out


def jacobian(net: Net, fw: Forward, W):
    """G = [D D⁽ᴴ⁺¹⁾_1] ∈ R^{m d_y × d_θ} (equal to ∂vec Ŷ/∂θ where Ŷ is differentiable)."""
    blocks = d_blocks(net, fw, W)
    return hcat([B for layer in blocks for B in layer], len(fw.Yhat) * net.widths[-1])


def path_features(net: Net, X, lam) -> list:
    """The path-feature matrix 𝒟 (m d_y rows): columns e_c ⊗ (Λ_{1,k₁}⋯Λ_{H,k_H}) X_{·j}."""
    m, dy, dx = len(X), net.widths[-1], net.widths[0]
    cols = []
    for path in _iproduct(*[range(d) for d in net.widths[1:-1]]):
        u = [Q(1)] * m
        for l, k in enumerate(path):
            u = [u[i] * lam[l][k][i] for i in range(m)]
        for c in range(dy):
            for j in range(dx):
                cols.append([u[i] * X[i][j] if c2 == c else Q(0) for c2 in range(dy) for i in range(m)])
    return nb.transpose(cols)


def _basis_cols(M):
    """A list of columns spanning col(M) (pivot columns)."""
    if not M or not M[0]:
        return []
    B = nb.column_space_basis(M)
    return nb.transpose(B) if B and B[0] else []


def project(M, y) -> list:
    """P[M]y, exactly (M a list of rows; y a list).  The empty span projects to 0."""
    cols = _basis_cols(M)
    if not cols:
        return [Q(0)] * len(y)
    B = nb.transpose(cols)
    c = nb.matmul(nb.inverse(nb.matmul(cols, B)), nb.matmul(cols, [[x] for x in y]))
    return [row[0] for row in nb.matmul(B, c)]


def sq(v) -> Fraction:
    """‖v‖², exactly."""
    return sum((x * x for x in v), Q(0))


def j_single(G, y) -> Fraction:
    """Appendix C: J = ½‖(I − P[G])y‖²."""
    p = project(G, y)
    return sq([a - b for a, b in zip(y, p)]) / 2


def gram_schmidt_terms(blocks, y, pre=None) -> list:
    """‖P[N_k B_k] y‖² for the blocks in the given order (block Gram–Schmidt: N_k = P_N of all earlier
    Q's); ``pre`` (a function on column vectors) is applied to each block first (Theorem 2's P_N[Φ̄⁽ˢ⁾])."""
    rows = len(y)
    Qbar, out = [], []
    for B in blocks:
        cols = nb.transpose(B) if B and B[0] else []
        if pre is not None:
            cols = [pre(c) for c in cols]
        Qbar_rows = nb.transpose(Qbar) if Qbar else None
        Qcols = [[a - b for a, b in zip(c, project(Qbar_rows, c))] if Qbar else c for c in cols]
        out.append(sq(project(nb.transpose(Qcols), y)) if Qcols else Q(0))
        Qbar.extend(Qcols)
    return out


def j_gram_schmidt(net, fw, W, y) -> Fraction:
    """Theorem 1's J(θ) = ½‖Y‖² − ½ Σ_{l,k} ‖P[N⁽ˡ⁾_k D⁽ˡ⁾_k] vec Y‖² (sum over l = 1..H+1)."""
    blocks = [B for layer in d_blocks(net, fw, W) for B in layer]
    return (sq(y) - sum(gram_schmidt_terms(blocks, y))) / 2


def lsq_value(M, Y) -> Fraction:
    """½‖P_N[M]Y‖²_F: the global minimum of basis-function regression with basis matrix M."""
    total = Q(0)
    for c in range(len(Y[0])):
        y = [row[c] for row in Y]
        total += sq([a - b for a, b in zip(y, project(M, y))]) if M and M[0] else sq(y)
    return total / 2


def phi_S(fw: Forward, S) -> list:
    """Φ⁽ˢ⁾ = [Φ⁽ˡ⁾]_{l∈S} (m rows)."""
    return hcat([fw.Phi[l] for l in S], len(fw.Yhat))


def theorem_2_rhs(net, fw, W, Y, S, blocks=None) -> tuple:
    """(first term, GS sum) of (5.1): ½‖P_N[Φ⁽ˢ⁾]Y‖² and ½ Σ_{l≤H,k}‖P[N P_N[Φ̄⁽ˢ⁾] D⁽ˡ⁾_k] vec Y‖².
    ``blocks`` replaces the D⁽ˡ⁾_k (Corollary 1's D̂)."""
    m, dy = len(Y), len(Y[0])
    M = phi_S(fw, S)

    def pn(col):  # P_N[I ⊗ Φ⁽ˢ⁾] acts on each output block of the column
        if not S:
            return col
        out = []
        for c in range(dy):
            part = col[c * m:(c + 1) * m]
            out += [a - b for a, b in zip(part, project(M, part))]
        return out

    if blocks is None:
        blocks = [B for layer in d_blocks(net, fw, W)[:-1] for B in layer]
    y = vec(Y)
    first = lsq_value(M, Y) if S else sq(y) / 2
    return first, sum(gram_schmidt_terms(blocks, y, pre=pn)) / 2


# --- Definitions 1 and 2: local (n, t) separated linear units ----------------------------------------

def linear_units(net: Net, fw: Forward, l: int) -> set:
    """Units of hidden layer l (1-based) acting linearly on every training input: σ(z) = z at each
    pre-activation (identity units, or z ≥ 0)."""
    G = fw.G[l - 1]
    return {k for k in range(net.widths[l]) if net.slopes[l - 1][k] == 1 or all(G[i][k] >= 0 for i in range(len(G)))}


def theta_sets(net: Net, fw: Forward, W, n: int, t: int):
    """Decide θ ∈ Θ_{n,t} (Definition 1).  Families of sets satisfying (ii)–(iii) are closed under
    union, so the greatest one exists: start from all linear units and remove a unit of layer l
    (t+1 ≤ l ≤ H−1) while it has an edge to a unit outside S⁽ˡ⁺¹⁾.  Returns {l: S⁽ˡ⁾} (l = t+1..H+1,
    H+1 = outputs) if every |S⁽ˡ⁾| ≥ n, else None."""
    H = net.H
    S = {l: linear_units(net, fw, l) for l in range(t + 1, H + 1)}
    S[H + 1] = set(range(net.widths[-1]))
    changed = True
    while changed:
        changed = False
        for l in range(t + 1, H):
            bad = {k for k in S[l] if any(W[l][k][k2] != 0 for k2 in range(net.widths[l + 1]) if k2 not in S[l + 1])}
            if bad:
                S[l] -= bad
                changed = True
    return S if all(len(s) >= n for s in S.values()) else None


def strong_sets(net: Net, fw: Forward, W, n: int, t: int):
    """Decide θ ∈ Θ^strong_{n,t} (Definition 2, reading U4: conditions i–iii plus the strong
    condition) by trying every family of subsets of the linear units (small networks only)."""
    H = net.H
    cands = {l: sorted(linear_units(net, fw, l)) for l in range(t + 1, H + 1)}
    options = [[set(c) for r in range(n, len(cands[l]) + 1) for c in combinations(cands[l], r)] for l in range(t + 1, H + 1)]
    for choice in _iproduct(*options):
        S = {l: s for l, s in zip(range(t + 1, H + 1), choice)}
        S[H + 1] = set(range(net.widths[-1]))
        ok = all(W[l][k][k2] == 0 for l in range(t + 1, H) for k in S[l] for k2 in range(net.widths[l + 1]) if k2 not in S[l + 1])
        for l in range(t + 1, H):  # l ∉ {H, H+1}: net input of S⁽ˡ⁺¹⁾ units from non-S⁽ˡ⁾ units is 0 on the data
            for k in S[l + 1]:
                for i in range(len(fw.Yhat)):
                    if sum((fw.Phi[l][i][k2] * W[l][k2][k] for k2 in range(net.widths[l]) if k2 not in S[l]), Q(0)):
                        ok = False
        if ok:
            return S
    return None


# --- certificates ------------------------------------------------------------------------------------

def instance_json(net: Net, X, Y) -> dict:
    """The instance in the ``feedforward`` schema of exactland.models.piecewise (samples as columns)."""
    return {"schema": 1, "model": net.model_json(),
            "data": {"X": nb.fmt_matrix(nb.transpose(X)), "Y": nb.fmt_matrix(nb.transpose(Y))},
            "loss": {"kind": "squared", "scale": "1/2"}}


def _cert(claim, net, X, Y, W, evidence) -> dict:
    return {"exactland_certificate": 1, "kernel": "khk2019b", "claim": claim, "instance": instance_json(net, X, Y),
            "point": {"theta": [fmt(x) for x in flatten(W)]}, "loss": fmt(loss(net, X, Y, W)), "evidence": evidence}


def _kinst(net, X, Y):
    return kk.parse_instance(instance_json(net, X, Y))


def _nonneg_combination(g, vecs):
    """μ ≥ 0 (exact) with Σ μ_i vecs_i = g, by trying supports (few vectors), or None."""
    n = len(vecs)
    if not any(g):
        return [Q(0)] * n
    for r in range(1, n + 1):
        for sup in combinations(range(n), r):
            A = nb.transpose([vecs[i] for i in sup])
            sol = _solve(A, g)
            if sol is not None and all(x >= 0 for x in sol):
                mu = [Q(0)] * n
                for i, x in zip(sup, sol):
                    mu[i] = x
                return mu
    return None


def _solve(A, b):
    from ..models.piecewise import solve_consistent
    x, _ = solve_consistent(A, b)
    return x


def local_min_certificate(net: Net, X, Y, W) -> dict | None:
    """A kernel-checkable local-minimum certificate (path features, or for one hidden layer with d_y = 1
    and all outgoing weights ≠ 0 the convex-products KKT form), or None if neither applies."""
    ki = _kinst(net, X, Y)
    r = kk._residual(ki, W)
    pieces = kk.adjacent_sides(ki, W)
    if all(not any(kk.path_feature_residual(ki, W, kk._pattern(ki, W, s), r)) for s in pieces):
        return _cert("local_min", net, X, Y, W, {"type": "path_features"})
    if net.H != 1 or net.widths[-1] != 1 or any(W[1][k][0] == 0 for k in range(net.widths[1])):
        return None
    mult = {}
    for sides in pieces:
        lam = kk._pattern(ki, W, sides)
        per = {}
        for k in range(net.widths[1]):
            s = 1 if W[1][k][0] > 0 else -1
            grad = [s * sum((lam[0][k][i] * X[i][j] * r[i][0] for i in range(len(X))), Q(0)) for j in range(net.widths[0])]
            cone = [(i, sd) for (l, kk_, i), sd in sides.items() if kk_ == k]
            mu = _nonneg_combination(grad, [[sd * x for x in X[i]] for i, sd in cone])
            if mu is None:
                return None
            per[str(k)] = {str(i): fmt(x) for (i, _), x in zip(cone, mu) if x}
        mult[kk._key(sides)] = per
    return _cert("local_min", net, X, Y, W, {"type": "convex_products", "multipliers": mult})


def region_hessian(net, X, Y, W):
    """The exact Hessian of the region polynomial at a strict-margin θ (polarization of the kernel's
    loss polynomial on the fixed pattern)."""
    ki = _kinst(net, X, Y)
    lam = kk._strict_margins(ki, W)
    n = net.n_params

    def q(v):
        return 2 * kk._coef(kk.loss_poly(ki, W, lam, [kk._unflatten(ki, v, "v")], 2), 2)

    e = lambda i: [1 if j == i else 0 for j in range(n)]
    diag = [q(e(i)) for i in range(n)]
    Hm = [[Q(0)] * n for _ in range(n)]
    for i in range(n):
        Hm[i][i] = diag[i]
        for j in range(i):
            v = [1 if t in (i, j) else 0 for t in range(n)]
            Hm[i][j] = Hm[j][i] = (q(v) - diag[i] - diag[j]) / 2
    return Hm


def saddle_certificate(net, X, Y, W) -> dict | None:
    """A kernel-checkable saddle certificate (gradient 0 on the region, a rational direction of negative
    curvature), or None."""
    from ..classify import curvature_witness
    Hm = region_hessian(net, X, Y, W)
    v = curvature_witness(Hm, -1)
    if v is None:
        return None
    quad = sum((v[i] * Hm[i][j] * v[j] for i in range(len(v)) for j in range(len(v))), Q(0)) / 2
    return _cert("saddle", net, X, Y, W, {"type": "descent_curve", "curve": [[fmt(x) for x in v]], "order": 2,
                                          "coefficient": fmt(quad)})


def verified(cert) -> bool:
    """Does the trusted kernel accept ``cert``?"""
    return kernel.verify(cert)[0]


# --- seeded instances -----------------------------------------------------------------------------

def _rq(rng, num=3, den=2) -> Fraction:
    return Q(rng.randint(-num, num), rng.randint(1, den))


def structured_point(rng, net: Net, m: int, dead_out=(), num=7, den=5):
    """Random exact data and a point with strict margins where unit 0 of every hidden layer acts
    linearly (all its pre-activations ≥ 1; the first input column is the constant 1) and has no edge
    to the other units of the next hidden layer: θ ∈ Θ_{1,0} (and Θ_{1,t} for every t).  Units listed
    in ``dead_out`` ((layer, unit)) get zero outgoing weights.  Every hidden unit is active on ≥ 1
    sample.  Returns (X, W) or None when a draw hits a kink."""
    widths = net.widths
    X = [[Q(1)] + [_rq(rng, num, den) for _ in range(widths[0] - 1)] for _ in range(m)]
    W = [[[_rq(rng, num, den) for _ in range(c)] for _ in range(r)] for r, c in net.shapes]
    phi = X
    for l in range(net.H):
        Wl = W[l]
        if l >= 1:
            for k2 in range(1, widths[l + 1]):
                Wl[0][k2] = Q(0)  # (iii): no edge from the linear unit to the other units
        if l < net.H - 1 and widths[l + 1] >= 3 and net.slopes[l][1] == 0 and net.slopes[l][2] == 0:
            for j in range(widths[l]):  # ReLU pair: exactly one of units 1, 2 is active on each sample, so
                Wl[j][2] = -Wl[j][1]     # the next layer's non-linear units keep non-zero pre-activations
        bound = sum((max(abs(row[j]) for row in phi) * abs(Wl[j][0]) for j in range(1, widths[l])), Q(0))
        Wl[0][0] = 1 + bound if l == 0 else (1 + bound) / min(row[0] for row in phi)
        G = nb.matmul(phi, Wl)
        a = net.slopes[l]
        if any(a[k] != 1 and all(G[i][k] < 0 for i in range(m)) for k in range(widths[l + 1])):
            return None
        phi = [[z if z >= 0 else a[k] * z for k, z in enumerate(row)] for row in G]
    for l, k in dead_out:
        W[l][k] = [Q(0)] * len(W[l][k])
    if forward(net, X, W).kinks:
        return None
    return X, W


def plant_local_min(rng, net, X, W, tries=20):
    """Y = Ŷ(θ) − r with r a random non-zero rational vector ⊥ col 𝒟 (θ must have strict margins):
    θ is then the minimum of L over its open activation region.  None if 𝒟 has full row rank."""
    fw = forward(net, X, W)
    if fw.kinks:
        return None
    D = path_features(net, X, fw.lam)
    ns = nb.nullspace(nb.transpose(D))
    if not ns:
        return None
    coefs = [Q(rng.randint(-2, 2)) for _ in ns]
    r = [sum((c * v[i] for c, v in zip(coefs, ns)), Q(0)) for i in range(len(ns[0]))]
    if not any(r):
        r = ns[0]
    m, dy = len(X), net.widths[-1]
    return [[fw.Yhat[i][c] - r[c * m + i] for c in range(dy)] for i in range(m)]


def plant_critical_not_min(rng, net, X, W):
    """Y = Ŷ − r with r ⊥ col G (so θ is a critical point on its region) but r not ⊥ col 𝒟; None if
    col G = col 𝒟."""
    fw = forward(net, X, W)
    G = jacobian(net, fw, W)
    D = path_features(net, X, fw.lam)
    ns = nb.nullspace(nb.transpose(G))
    cands = [v for v in ns if any(nb.matmul([v], D)[0])]
    if not cands:
        return None
    coefs = [Q(rng.randint(-2, 2)) for _ in ns]
    r = [sum((c * v[i] for c, v in zip(coefs, ns)), Q(0)) for i in range(len(ns[0]))]
    if not any(nb.matmul([r], D)[0]):
        r = cands[0]
    m, dy = len(X), net.widths[-1]
    return [[fw.Yhat[i][c] - r[c * m + i] for c in range(dy)] for i in range(m)]


def planted_minima(seed: int, kind: str = "shallow", count: int = 3):
    """Seeded certified local minima: a list of (label, net, X, Y, W, certificate)."""
    rng = _random.Random(f"khk2019b-{kind}-{seed}")
    specs = {"shallow": [((3, 2, 1), "relu", 8), ((3, 2, 1), "leaky:1/2", 8), ((2, 2, 1), "abs", 6)],
             "deep": [((2, 3, 2, 1), "relu", 14), ((2, 2, 2, 2), "leaky:1/3", 10), ((2, 3, 2, 1), "abs", 14)],
             "deep_mixed": [((2, 2, 2, 1), ["identity", "relu"], 10)]}[kind]
    out = []
    for widths, act, m in specs[:count]:
        net = make_net(widths, act)
        for _ in range(200):
            got = structured_point(rng, net, m)
            if got is None:
                continue
            X, W = got
            Y = plant_local_min(rng, net, X, W)
            if Y is None:
                continue
            cert = local_min_certificate(net, X, Y, W)
            if cert is not None and verified(cert):
                out.append((f"{kind} {widths} {act if isinstance(act, str) else '/'.join(act)} m={m}", net, X, Y, W, cert))
                break
    return out


@dataclass
class PlantedSaddle:
    """A planted saddle point with its kernel certificate."""

    label: str
    net: Net
    X: list
    Y: list
    W: list
    cert: dict


def planted_saddle(seed: int, widths=(3, 2, 1), act="relu", m: int = 6, attempt: int = 0) -> PlantedSaddle | None:
    """A certified saddle in Θ_{1,0}: the linear unit 0 of the hidden layer has zero outgoing weight,
    r ⊥ col G but r not ⊥ col 𝒟 (the situation of Lemma 5's proof step B.5)."""
    rng = _random.Random(f"khk2019b-saddle-{seed}-{attempt}")
    net = make_net(widths, act)
    for _ in range(300):
        got = structured_point(rng, net, m, dead_out=((1, 0),))
        if got is None:
            continue
        X, W = got
        Y = plant_critical_not_min(rng, net, X, W)
        if Y is None:
            continue
        cert = saddle_certificate(net, X, Y, W)
        if cert is not None and verified(cert):
            return PlantedSaddle(f"saddle {widths} {act} m={m}", net, X, Y, W, cert)
    return None


def _fm(M) -> str:
    return str(nb.fmt_matrix(M)).replace("'", "")


def _point_str(W) -> str:
    return "; ".join(f"W{l + 1} = {_fm(Wl)}" for l, Wl in enumerate(W))


# --- Proposition 1 / Theorem 1 ------------------------------------------------------------------------

def _l_equals_j(name, seed, kind, statement):
    details, certs, bad = [], [], []
    minima = planted_minima(seed, kind)
    for label, net, X, Y, W, cert in minima:
        fw = forward(net, X, W)
        L = loss(net, X, Y, W)
        y = vec(Y)
        Jgs = j_gram_schmidt(net, fw, W, y)
        Jc = j_single(jacobian(net, fw, W), y)
        details.append(f"{label}: certified local minimum ({cert['evidence']['type']}), L = {fmt(L)}, "
                       f"J (Gram–Schmidt sum) = {fmt(Jgs)}, J (Appendix C) = {fmt(Jc)}")
        certs.append(cert)
        if not (L == Jgs == Jc):
            bad.append({"instance": instance_json(net, X, Y), "theta": [fmt(x) for x in flatten(W)],
                        "L": fmt(L), "J": fmt(Jgs)})
    # only first-order information is used: L = J also at certified saddles
    sad = planted_saddle(seed)
    if sad is not None:
        fw = forward(sad.net, sad.X, sad.W)
        L = loss(sad.net, sad.X, sad.Y, sad.W)
        Jgs = j_gram_schmidt(sad.net, fw, sad.W, vec(sad.Y))
        details.append(f"beyond the claim: at the certified saddle ({sad.label}) L = {fmt(L)} and J = {fmt(Jgs)} "
                       f"({'equal' if L == Jgs else 'different'}): the identity needs only criticality")
    if not minima:
        return ClaimResult(name, "inconclusive", True, "no local minimum could be planted", details)
    status = "failed" if bad else "held"
    return ClaimResult(name, status, True,
                       f"L = J exactly at {len(minima)} certified differentiable local minima ({statement})",
                       details, [], certs, [], bad[0] if bad else None)


def proposition_1(seed: int = 0) -> ClaimResult:
    """Proposition 1 (shallow, d_y = 1): L(θ) = ½‖Y‖² − ½‖P[N⁽²⁾Φ⁽¹⁾]Y‖² − ½Σ_k‖P[N⁽¹⁾_k D⁽¹⁾_k]Y‖² at
    every differentiable local minimum; checked at planted certified minima (ReLU, leaky 1/2, |z|)."""
    return _l_equals_j("proposition_1", seed, "shallow", "H = 1, d_y = 1; ReLU, leaky 1/2, |z|")


def theorem_1(seed: int = 0) -> ClaimResult:
    """Theorem 1 (deep): L(θ) = J(θ) (4.2) at every differentiable local minimum; H = 2, d_y ∈ {1, 2}."""
    return _l_equals_j("theorem_1", seed, "deep", "H = 2, d_y ∈ {1, 2}; ReLU, leaky 1/3")


# --- Lemmas 1–3, Appendix C -------------------------------------------------------------------------

def _random_points(seed, count=4, kinks=True):
    """Random exact points of several architectures; with ``kinks`` some pre-activations are 0."""
    rng = _random.Random(f"khk2019b-points-{seed}")
    specs = [((2, 2, 1), "relu"), ((2, 2, 2, 2), "leaky:1/2"), ((3, 2, 2, 1), "abs"), ((2, 3, 2, 2), "relu")]
    out = []
    for widths, act in specs[:count]:
        net = make_net(widths, act)
        m = 4
        X = [[_rq(rng) for _ in range(widths[0])] for _ in range(m)]
        W = [[[_rq(rng) for _ in range(c)] for _ in range(r)] for r, c in net.shapes]
        if kinks and X[0][-1] != 0:  # put sample 0 on the kink of unit 0 of layer 1
            W[0][-1][0] = -sum((X[0][j] * W[0][j][0] for j in range(widths[0] - 1)), Q(0)) / X[0][-1]
        Y = [[_rq(rng) for _ in range(widths[-1])] for _ in range(m)]
        out.append((f"{widths} {act}", net, X, Y, W))
    return out


def lemma_1(seed: int = 0) -> ClaimResult:
    """Lemma 1: vec Ŷ = D⁽ˡ⁾ vec W⁽ˡ⁾ for every l ≤ H at every θ (0-at-kink convention), and ∂vec Ŷ/∂vec W⁽ˡ⁾
    = D⁽ˡ⁾ where Ŷ is differentiable.  Exact at random rational points (some on kinks), plus a symbolic
    proof for one architecture with symbolic X, W and Λ."""
    details, bad = [], []
    for label, net, X, Y, W in _random_points(seed):
        fw = forward(net, X, W)
        blocks = d_blocks(net, fw, W)
        yhat = vec(fw.Yhat)
        for l in range(1, net.H + 2):
            D = hcat(blocks[l - 1], len(yhat))
            if [r[0] for r in nb.matmul(D, [[x] for x in vec(W[l - 1])])] != yhat:
                bad.append(f"{label}: vec Ŷ ≠ D⁽{l}⁾ vec W⁽{l}⁾")
        G = jacobian(net, fw, W)
        euler = [sum((G[i][j] * t for j, t in enumerate(flatten(W))), Q(0)) for i in range(len(yhat))]
        if euler != [(net.H + 1) * v for v in yhat]:
            bad.append(f"{label}: Euler identity (H+1)vec Ŷ = Gθ fails")
        if not fw.kinks:
            ki = _kinst(net, X, Y)
            J = nb.transpose(kk.piece_jacobian(ki, W, kk._pattern(ki, W, {})))
            if J != G:
                bad.append(f"{label}: D is not the Jacobian")
        details.append(f"{label}: {len(fw.kinks)} kink(s); vec Ŷ = D⁽ˡ⁾vec W⁽ˡ⁾ for l = 1..{net.H + 1}, Euler identity"
                       + ("" if fw.kinks else ", [D D⁽ᴴ⁺¹⁾] = ∂vecŶ/∂θ (kernel's region polynomial)"))
    sym = _lemma_1_symbolic()
    details.append(sym)
    if "fails" in sym:
        bad.append(sym)
    status = "failed" if bad else "held"
    return ClaimResult("lemma_1", status, True, "exact at random points (kinks included) and symbolically",
                       details, [], [], [], {"mismatch": bad[0]} if bad else None)


def _lemma_1_symbolic() -> str:
    """vec Ŷ − D⁽ˡ⁾vec W⁽ˡ⁾ expands to 0 with X, W and the Λ entries all symbols (m = 2, widths 2,2,2,2):
    a proof for that architecture, since σ(z) = Λz holds for every allowed activation."""
    import sympy
    m, widths = 2, (2, 2, 2, 2)
    H = len(widths) - 2
    X = sympy.Matrix(m, widths[0], lambda i, j: sympy.Symbol(f"x{i}{j}"))
    Ws = [sympy.Matrix(widths[l], widths[l + 1], lambda i, j, l=l: sympy.Symbol(f"w{l}_{i}{j}")) for l in range(H + 1)]
    lam = [[[sympy.Symbol(f"L{l}_{k}_{i}") for i in range(m)] for k in range(widths[l + 1])] for l in range(H)]
    phi = [X]
    for l in range(H):
        G = phi[-1] * Ws[l]
        phi.append(sympy.Matrix(m, widths[l + 1], lambda i, k, G=G, l=l: lam[l][k][i] * G[i, k]))
    Yhat = phi[-1] * Ws[H]
    yv = sympy.Matrix([Yhat[i, c] for c in range(widths[-1]) for i in range(m)])
    for l in range(1, H + 1):
        cols = []
        for k in range(widths[l]):
            Dk = sympy.zeros(m * widths[-1], widths[l - 1])
            for path in _iproduct(*[range(widths[q]) for q in range(l + 1, H + 1)]):
                ks = (k,) + path
                wprod = sympy.Integer(1)
                for q in range(l, H):
                    wprod *= Ws[q][ks[q - l], ks[q - l + 1]]
                lamprod = [sympy.prod([lam[q - 1][ks[q - l]][i] for q in range(l, H + 1)]) for i in range(m)]
                row_w = Ws[H][ks[-1], :] * wprod
                for c in range(widths[-1]):
                    for i in range(m):
                        for j in range(widths[l - 1]):
                            Dk[c * m + i, j] += row_w[c] * lamprod[i] * phi[l - 1][i, j]
            cols.append(Dk)
        D = sympy.Matrix.hstack(*cols)
        wv = sympy.Matrix([Ws[l - 1][i, j] for j in range(widths[l]) for i in range(widths[l - 1])])
        if sympy.expand(D * wv - yv) != sympy.zeros(len(yv), 1):
            return f"symbolic Lemma 1 fails for l = {l}"
    return (f"symbolic: vec Ŷ = D⁽ˡ⁾vec W⁽ˡ⁾ (l = 1..{H}) expands to an identity in the symbols X, W, Λ "
            f"(m = {m}, widths {widths})")


def _sym_projector(M):
    """P[M] over the field of rational functions: B(BᵀB)⁻¹Bᵀ with B a column basis of M (generic rank)."""
    import sympy
    basis = M.columnspace() if M.cols else []
    if not basis:
        return sympy.zeros(M.rows, M.rows)
    B = sympy.Matrix.hstack(*basis)
    G = (B.T * B).applyfunc(sympy.cancel)
    return (B * G.inv(method="LU") * B.T).applyfunc(sympy.cancel)


def _sym_blocks(widths, X, lam):
    """The paper's blocks D⁽ˡ⁾_k (l = 1..H, in Gram–Schmidt order) and D⁽ᴴ⁺¹⁾ = I ⊗ Φ⁽ᴴ⁾ with every weight a
    sympy symbol, for a fixed rational X (m × d_x) and a fixed pattern lam[l][k][i]."""
    import sympy
    H, m, dy = len(widths) - 2, len(X), widths[-1]
    Ws = [sympy.Matrix(widths[l], widths[l + 1], lambda i, j, l=l: sympy.Symbol(f"w{l + 1}_{i}{j}")) for l in range(H + 1)]
    phi = [sympy.Matrix(X)]
    for l in range(H):
        G = phi[-1] * Ws[l]
        phi.append(sympy.Matrix(m, widths[l + 1], lambda i, k, G=G, l=l: lam[l][k][i] * G[i, k]))
    blocks = []
    for l in range(1, H + 1):
        for k in range(widths[l]):
            Dk = sympy.zeros(m * dy, widths[l - 1])
            for path in _iproduct(*[range(widths[q]) for q in range(l + 1, H + 1)]):
                ks = (k,) + path
                wprod = sympy.prod([Ws[q][ks[q - l], ks[q - l + 1]] for q in range(l, H)])
                lamprod = [sympy.prod([lam[q - 1][ks[q - l]][i] for q in range(l, H + 1)]) for i in range(m)]
                for c in range(dy):
                    for i in range(m):
                        for j in range(widths[l - 1]):
                            Dk[c * m + i, j] += Ws[H][ks[-1], c] * wprod * lamprod[i] * phi[l - 1][i, j]
            blocks.append(Dk)
    blocks.append(sympy.diag(*([phi[H]] * dy)))
    return blocks


# Architectures of the symbolic Lemma 3 proof: (widths, X, Λ) with a fixed pattern (kinks / dead units included).
_LEMMA3_SYMBOLIC = [
    ((2, 2, 1), [[1, 2], [-1, 1], [3, 0]], [[[1, 1, 0], [1, Fraction(1, 2), 0]]]),
    ((1, 1, 1, 1), [[1], [2], [-1]], [[[1, Fraction(1, 2), 0]], [[1, 1, -1]]]),
]


def _lemma_3_symbolic() -> list:
    """Lemma 3 / Appendix C as identities in symbolic θ and symbolic Y on fixed patterns: the Gram–Schmidt sum
    Σ‖P[N⁽ˡ⁾_k D⁽ˡ⁾_k]vecY‖² minus ‖P[[D D⁽ᴴ⁺¹⁾]]vecY‖² cancels to 0 as a rational function.  Generic: it holds
    wherever the ranks of the blocks are their generic ranks (a dense open set of θ); the exact checks at
    random and kinked points cover particular θ."""
    import sympy
    out = []
    for widths, X, lam in _LEMMA3_SYMBOLIC:
        blocks = _sym_blocks(widths, X, lam)
        n = blocks[0].rows
        y = sympy.Matrix(n, 1, lambda i, j: sympy.Symbol(f"y{i}"))
        total, prev, N = sympy.Integer(0), sympy.zeros(n, 0), sympy.eye(n)
        for Dk in blocks:
            Qk = (N * Dk).applyfunc(sympy.cancel)
            total += (y.T * _sym_projector(Qk) * y)[0]
            prev = sympy.Matrix.hstack(prev, Qk)
            N = (sympy.eye(n) - _sym_projector(prev)).applyfunc(sympy.cancel)
        full = sympy.Matrix.hstack(*blocks)
        single = (y.T * _sym_projector(full) * y)[0]
        ok = sympy.cancel(sympy.together(total - single)) == 0
        out.append((widths, len(X), full.rank(), ok))
    return out


def _lemma_2_symbolic(orthogonal: bool = True) -> bool:
    """Lemma 2 for every size, with sympy's block-matrix algebra: A (n × a), B (n × b) of full column rank
    (apply it to column bases otherwise) with AᵀB = 0 have Gram matrix [A B]ᵀ[A B] = diag(AᵀA, BᵀB), whose inverse
    is diag((AᵀA)⁻¹, (BᵀB)⁻¹), so P[[A B]] = [A B] diag(…) [A B]ᵀ = P[A] + P[B].

    >>> _lemma_2_symbolic(), _lemma_2_symbolic(orthogonal=False)
    (True, False)
    """
    import sympy
    n, a, b = sympy.symbols("n a b", integer=True, positive=True)
    A, B = sympy.MatrixSymbol("A", n, a), sympy.MatrixSymbol("B", n, b)
    M = sympy.BlockMatrix([[A, B]])
    gram = sympy.block_collapse(M.T * M)
    if orthogonal:  # the hypothesis AᵀB = 0 (and so BᵀA = 0)
        gram = gram.subs({A.T * B: sympy.ZeroMatrix(a, b), B.T * A: sympy.ZeroMatrix(b, a)})
    inv = sympy.BlockDiagMatrix(sympy.Inverse(A.T * A), sympy.Inverse(B.T * B))
    prod = sympy.block_collapse(gram * inv).blocks
    is_inverse = (prod[0, 0] == sympy.Identity(a) and prod[1, 1] == sympy.Identity(b)
                  and prod[0, 1].is_ZeroMatrix and prod[1, 0].is_ZeroMatrix)
    split = sympy.block_collapse(M * inv * M.T) - (A * sympy.Inverse(A.T * A) * A.T + B * sympy.Inverse(B.T * B) * B.T)
    return bool(is_inverse) and sympy.simplify(split) == sympy.ZeroMatrix(n, n)


def lemma_2(seed: int = 0) -> ClaimResult:
    """Lemma 2: P[[A B]] = P[A] + P[B] whenever AᵀB = 0 (random rational A, B = P_N[A]C); without
    AᵀB = 0 a seeded search finds a counterexample."""
    rng = _random.Random(f"khk2019b-lemma2-{seed}")
    details, bad = [], []
    for n, a, c in ((4, 2, 1), (5, 2, 2), (5, 1, 3)):
        A = [[_rq(rng) for _ in range(a)] for _ in range(n)]
        C = [[_rq(rng) for _ in range(c)] for _ in range(n)]
        PN = nb.matsub(nb.identity(n), nb.projector(A))
        B = nb.matmul(PN, C)
        lhs = nb.projector(hcat([A, B], n))
        rhs = nb.matadd(nb.projector(A), nb.projector(B))
        details.append(f"n = {n}, A {n}×{a}, B = P_N[A]C {n}×{c}: AᵀB = 0 and P[[A B]] {'=' if lhs == rhs else '≠'} P[A] + P[B]")
        if lhs != rhs:
            bad.append(f"mismatch at n = {n}")
    ce = None
    for _ in range(50):
        A = [[_rq(rng)] for _ in range(2)]
        B = [[_rq(rng)] for _ in range(2)]
        if any(nb.matmul(nb.transpose(A), B)[0]) and nb.projector(hcat([A, B], 2)) != nb.matadd(nb.projector(A), nb.projector(B)):
            ce = {"A": nb.fmt_matrix(A), "B": nb.fmt_matrix(B)}
            details.append(f"hypothesis AᵀB = 0 dropped: A = {_fm(A)}, B = {_fm(B)} gives P[[A B]] ≠ P[A] + P[B]")
            break
    sym = _lemma_2_symbolic()
    details.append("symbolic, every size (sympy block matrices, A and B of full column rank — column bases otherwise): "
                   "AᵀB = 0 makes [A B]ᵀ[A B] = diag(AᵀA, BᵀB), its inverse diag((AᵀA)⁻¹, (BᵀB)⁻¹), and "
                   f"P[[A B]] − P[A] − P[B] {'simplifies to the zero matrix' if sym else 'does NOT simplify to 0'}")
    if not sym:
        bad.append("symbolic identity fails")
    return ClaimResult("lemma_2", "failed" if bad else "held", True,
                       "symbolic block-matrix proof (all sizes) and exact on random instances; the orthogonality hypothesis "
                       "is needed (counterexample found)",
                       details, [], [], [], {"mismatch": bad[0]} if bad else None)


def lemma_3(seed: int = 0) -> ClaimResult:
    """Lemma 3 / Appendix C: Σ_{l,k}‖P[N⁽ˡ⁾_k P_N[Φ̄⁽ˢ⁾] D⁽ˡ⁾_k]vecY‖² = ‖P[P_N[Φ̄⁽ˢ⁾]D]vecY‖² at every θ and
    every S (and with the (H+1) block, J's two forms agree); the total does not depend on the block order."""
    details, bad = [], []
    rng = _random.Random(f"khk2019b-lemma3-{seed}")
    for label, net, X, Y, W in _random_points(seed, count=3):
        fw = forward(net, X, W)
        y = vec(Y)
        blocks_all = d_blocks(net, fw, W)
        Jgs = j_gram_schmidt(net, fw, W, y)
        Jc = j_single(jacobian(net, fw, W), y)
        if Jgs != Jc:
            bad.append(f"{label}: J Gram–Schmidt {fmt(Jgs)} ≠ Appendix C {fmt(Jc)}")
        blocks = [B for layer in blocks_all[:-1] for B in layer]
        order = list(range(len(blocks)))
        rng.shuffle(order)
        ok_S = 0
        for r in range(net.H + 1):
            for S in combinations(range(net.H + 1), r):
                first, gs = theorem_2_rhs(net, fw, W, Y, S)
                M = phi_S(fw, S)
                m, dy = len(Y), len(Y[0])
                D = hcat(blocks, len(y))
                PD = []
                for col in nb.transpose(D) if D and D[0] else []:
                    out = []
                    for c in range(dy):
                        part = col[c * m:(c + 1) * m]
                        out += [a - b for a, b in zip(part, project(M, part))] if S else part
                    PD.append(out)
                single = sq(project(nb.transpose(PD), y)) / 2 if PD else Q(0)
                _, gs_perm = theorem_2_rhs(net, fw, W, Y, S, blocks=[blocks[i] for i in order])
                if not (gs == single == gs_perm):
                    bad.append(f"{label}, S = {S}: GS sum {fmt(gs)}, single {fmt(single)}, permuted {fmt(gs_perm)}")
                else:
                    ok_S += 1
        details.append(f"{label} ({len(fw.kinks)} kinks): J two forms = {fmt(Jgs)}; Lemma 3 identity for all "
                       f"{ok_S} subsequences S, also with the blocks in a random order")
    for widths, m, rk, ok in _lemma_3_symbolic():
        details.append(f"symbolic θ and Y (widths {widths}, m = {m}, fixed X and pattern Λ with kinks/dead entries, "
                       f"generic rank {rk}): Gram–Schmidt sum − single projection {'cancels to 0' if ok else 'does NOT cancel'}")
        if not ok:
            bad.append(f"symbolic identity fails for widths {widths}")
    return ClaimResult("lemma_3", "failed" if bad else "held", True,
                       "Gram–Schmidt sum = single projection: a rational-function identity in θ and Y on two fixed "
                       "patterns (generic θ), and exact at every θ tried and every S; order-independent total",
                       details, [], [], [], {"mismatch": bad[0]} if bad else None)


def appendix_c(seed: int = 0) -> ClaimResult:
    """Appendix C: J(θ) = ½‖(I − P[[D D⁽ᴴ⁺¹⁾]])vec Y‖² for every θ; with it J(θ) ≤ L(θ) at every θ [derived]."""
    details, bad = [], []
    for label, net, X, Y, W in _random_points(seed + 1, count=4):
        fw = forward(net, X, W)
        y = vec(Y)
        Jgs = j_gram_schmidt(net, fw, W, y)
        Jc = j_single(jacobian(net, fw, W), y)
        L = loss(net, X, Y, W)
        details.append(f"{label}: J = {fmt(Jc)} (both forms), L = {fmt(L)}; J ≤ L")
        if Jgs != Jc or Jc > L:
            bad.append(label)
    return ClaimResult("appendix_c", "failed" if bad else "held", True,
                       "J's Gram–Schmidt and single-projection forms agree at random points; J ≤ L",
                       details, [], [], [], {"instance": bad[0]} if bad else None)


# --- Theorem 2, Corollaries 1–2, Lemma 4, Lemma 5, Definitions, Remark 1 -------------------------------

def _theorem_2_on(net, X, Y, W, t, S_list=None, blocks=None):
    fw = forward(net, X, W)
    L = loss(net, X, Y, W)
    out = []
    subs = S_list if S_list is not None else [S for r in range(net.H - t + 2) for S in combinations(range(t, net.H + 1), r)]
    for S in subs:
        first, gs = theorem_2_rhs(net, fw, W, Y, S, blocks=blocks)
        out.append((S, first, gs, L <= first - gs))
    return L, out


def theorem_2(seed: int = 0) -> ClaimResult:
    """Theorem 2: every differentiable local minimum θ ∈ Θ_{d_y,t} has L(θ) ≤ ½‖P_N[Φ⁽ˢ⁾]Y‖² − ½Σ‖P[N P_N[Φ̄⁽ˢ⁾]D⁽ˡ⁾_k]vecY‖²
    for every S ⊆ (t, …, H); checked for every t with θ ∈ Θ_{d_y,t} and every S, exactly."""
    details, certs, bad, n_checks = [], [], [], 0
    minima = planted_minima(seed, "shallow", 2) + planted_minima(seed, "deep")
    for label, net, X, Y, W, cert in minima:
        fw = forward(net, X, W)
        dy = net.widths[-1]
        ts = [t for t in range(net.H + 1) if theta_sets(net, fw, W, dy, t) is not None]
        certs.append(cert)
        for t in ts:
            L, rows = _theorem_2_on(net, X, Y, W, t)
            n_checks += len(rows)
            worst = min(rows, key=lambda r: r[1] - r[2])
            details.append(f"{label}, t = {t} (θ ∈ Θ_{{{dy},{t}}}): L = {fmt(L)} ≤ bound for all {len(rows)} S "
                           f"(tightest: S = {worst[0]}, bound {fmt(worst[1] - worst[2])}, "
                           f"regression term {fmt(worst[1])})")
            bad += [{"instance": instance_json(net, X, Y), "theta": [fmt(x) for x in flatten(W)], "t": t,
                     "S": list(S), "L": fmt(L), "bound": fmt(f - g)} for S, f, g, ok in rows if not ok]
        if not ts:
            details.append(f"{label}: θ in no Θ_{{{dy},t}} (unexpected)")
    status = "failed" if bad else ("held" if n_checks else "inconclusive")
    return ClaimResult("theorem_2", status, True,
                       f"{n_checks} exact bound checks at {len(minima)} certified local minima, every admissible t and S",
                       details, [], certs, [], bad[0] if bad else None)


def remark_1(seed: int = 0) -> ClaimResult:
    """Remark 1: (i) a differentiable local minimum in Θ_{d_y,0} is no worse than linear regression on X and
    than regression on [Φ⁽⁰⁾ … Φ⁽ᴴ⁾]; (ii) the bound can improve with width: adding a unit with zero outgoing
    weights keeps L and never increases J, and at a minimum whose new unit sees a non-zero gradient the
    widened point is not critical (exact gradient)."""
    details, bad = [], []
    for label, net, X, Y, W, cert in planted_minima(seed, "deep", 2):
        fw = forward(net, X, W)
        L = loss(net, X, Y, W)
        lin = lsq_value(X, Y)
        allf = lsq_value(phi_S(fw, range(net.H + 1)), Y)
        details.append(f"{label}: L = {fmt(L)} ≤ linear regression {fmt(lin)} and ≤ regression on all Φ⁽ˡ⁾ {fmt(allf)}")
        if not (L <= lin and L <= allf):
            bad.append(label)
        # width: add a unit to hidden layer 1 with random incoming and zero outgoing weights
        rng = _random.Random(f"khk2019b-remark1-{seed}")
        w2 = list(net.widths)
        w2[1] += 1
        net2 = Net(tuple(w2), (net.slopes[0] + (net.slopes[0][0],),) + net.slopes[1:])
        W2 = [[row[:] for row in Wl] for Wl in W]
        W2[0] = [row + [_rq(rng)] for row in W2[0]]
        W2[1] = W2[1] + [[Q(0)] * len(W2[1][0])]
        fw2 = forward(net2, X, W2)
        L2 = loss(net2, X, Y, W2)
        J1, J2 = j_single(jacobian(net, fw, W), vec(Y)), j_single(jacobian(net2, fw2, W2), vec(Y))
        g = nb.matmul([vec(residual(net2, X, Y, W2))], jacobian(net2, fw2, W2))[0]
        details.append(f"  widened by one unit with zero outgoing weights: L = {fmt(L2)} (unchanged), J {fmt(J1)} → {fmt(J2)}"
                       f", gradient {'non-zero: the widened point is not a local minimum' if any(g) else 'zero'}")
        if L2 != L or J2 > J1:
            bad.append(label + " (width)")
    return ClaimResult("remark_1", "failed" if bad else "held", True,
                       "local minima in Θ_{d_y,0} beat linear and all-feature regression; width never hurts J",
                       details, [], [], [], {"instance": bad[0]} if bad else None)


def _corollary_1_blocks(net, fw, W, S_sets, t):
    """D̂ (Corollary 1): for l ≥ t+2 and k ∉ S⁽ˡ⁾ keep only the columns j ∉ S⁽ˡ⁻¹⁾ of D⁽ˡ⁾_k."""
    blocks = d_blocks(net, fw, W)[:-1]
    out = []
    for l in range(1, net.H + 1):
        for k, B in enumerate(blocks[l - 1]):
            if l >= t + 2 and k not in S_sets[l]:
                keep = [j for j in range(net.widths[l - 1]) if j not in S_sets[l - 1]]
                B = [[row[j] for j in keep] for row in B]
            out.append(B)
    return out


def corollary_1(seed: int = 0) -> ClaimResult:
    """Corollary 1: at differentiable local minima of L restricted to I (the (iii) edges fixed at 0), the
    bound (5.2) with the restricted blocks D̂ holds for every S ⊆ (t..H).  Planted minima of L are minima
    of L|_I (they satisfy (iii) and I ∋ θ)."""
    details, bad, n = [], [], 0
    for label, net, X, Y, W, cert in planted_minima(seed, "deep"):
        fw = forward(net, X, W)
        for t in range(net.H + 1):
            S_sets = theta_sets(net, fw, W, net.widths[-1], t)
            if S_sets is None:
                continue
            blocks = _corollary_1_blocks(net, fw, W, S_sets, t)
            L, rows = _theorem_2_on(net, X, Y, W, t, blocks=blocks)
            n += len(rows)
            details.append(f"{label}, t = {t}: L = {fmt(L)} ≤ (5.2) for all {len(rows)} S (D̂ has "
                           f"{sum(len(B[0]) for B in blocks)} columns)")
            bad += [(label, t, S) for S, f, g, ok in rows if not ok]
    return ClaimResult("corollary_1", "failed" if bad else ("held" if n else "inconclusive"), True,
                       f"{n} exact checks of (5.2) with the restricted Jacobian D̂", details, [], [], [],
                       {"where": str(bad[0])} if bad else None)


def _strong_minimum(seed):
    """A planted local minimum in Θ^strong_{1,0} (H = 2): the linear unit of layer 2 receives no input from
    the other units of layer 1 (W⁽²⁾_{k,0} = 0 for k ≠ 0)."""
    rng = _random.Random(f"khk2019b-strong-{seed}")
    net = make_net((2, 3, 2, 1), "relu")
    for _ in range(300):
        got = structured_point(rng, net, 14)
        if got is None:
            continue
        X, W = got
        W[1][1][0] = W[1][2][0] = Q(0)
        fw = forward(net, X, W)
        if fw.kinks or any(all(fw.G[l][i][k] < 0 for i in range(14)) for l in range(2) for k in range(net.widths[l + 1])):
            continue
        Y = plant_local_min(rng, net, X, W)
        if Y is None:
            continue
        cert = local_min_certificate(net, X, Y, W)
        if cert and verified(cert):
            return net, X, Y, W, cert
    return None


def corollary_2(seed: int = 0) -> ClaimResult:
    """Corollary 2: at differentiable local minima in Θ^strong_{d_y,t}, the bound holds for S ⊆ (t, H).  Also the
    reading-U4 consequence Θ^strong ⊆ Θ (checked on the instances)."""
    got = _strong_minimum(seed)
    if got is None:
        return ClaimResult("corollary_2", "inconclusive", True, "no strongly separated minimum planted")
    net, X, Y, W, cert = got
    fw = forward(net, X, W)
    details, bad = [], []
    for t in range(net.H + 1):
        S_strong = strong_sets(net, fw, W, 1, t)
        if S_strong is None:
            continue
        if theta_sets(net, fw, W, 1, t) is None:
            bad.append(f"t = {t}: in Θ^strong but not in Θ")
        subs = sorted({tuple(sorted(set(S))) for S in ((), (t,), (net.H,), (t, net.H))})
        L, rows = _theorem_2_on(net, X, Y, W, t, S_list=subs)
        details.append(f"t = {t}: θ ∈ Θ^strong_{{1,{t}}} (sets {S_strong}); L = {fmt(L)} ≤ bound for S ∈ {subs}")
        bad += [f"t = {t}, S = {S}" for S, f, g, ok in rows if not ok]
    return ClaimResult("corollary_2", "failed" if bad else ("held" if details else "inconclusive"), True,
                       "exact at a certified local minimum with strongly separated linear units; Θ^strong ⊆ Θ",
                       details, [], [cert], [], {"where": bad[0]} if bad else None)


def definitions_1_2(seed: int = 0) -> ClaimResult:
    """Definitions 1–2 facts stated in the paper: every θ ∈ Θ_{d_y,H}; Θ^strong_{n,t} ⊆ Θ_{n,t} (reading U4);
    membership is decided exactly (greatest family of separated sets)."""
    details, bad = [], []
    pts = _random_points(seed, count=4, kinks=False)
    for label, net, X, Y, W in pts:
        fw = forward(net, X, W)
        inH = theta_sets(net, fw, W, net.widths[-1], net.H) is not None
        mem = {t: theta_sets(net, fw, W, 1, t) is not None for t in range(net.H + 1)}
        strong = {t: strong_sets(net, fw, W, 1, t) is not None for t in range(net.H + 1)}
        details.append(f"{label}: θ ∈ Θ_{{d_y,H}}: {inH}; Θ_{{1,t}} membership {mem}; Θ^strong_{{1,t}} {strong}")
        if not inH:
            bad.append(f"{label}: θ ∉ Θ_{{d_y,H}}")
        if any(strong[t] and not mem[t] for t in mem):
            bad.append(f"{label}: Θ^strong ⊄ Θ")
    return ClaimResult("definitions_1_2", "failed" if bad else "held", True,
                       "Θ_{d_y,H} contains every θ; Θ^strong ⊆ Θ (reading U4)", details, [], [],
                       ["Definition 2 is read as including condition iii of Definition 1 (digest U4); under that "
                        "reading Corollary 2 is implied by Theorem 2"], {"where": bad[0]} if bad else None)


def lemma_4(seed: int = 0) -> ClaimResult:
    """Lemma 4: (Φ⁽ˡ⁾)ᵀ(Ŷ − Y) = 0 for l = t..H at every differentiable local minimum θ ∈ Θ_{d_y,t}.
    Exact at planted certified minima; the saddle case (hypothesis 'local minimum' dropped) is
    :func:`lemma_4_at_saddles`."""
    details, bad, certs = [], [], []
    for label, net, X, Y, W, cert in planted_minima(seed, "shallow", 2) + planted_minima(seed, "deep"):
        fw = forward(net, X, W)
        r = residual(net, X, Y, W)
        certs.append(cert)
        for t in range(net.H + 1):
            if theta_sets(net, fw, W, net.widths[-1], t) is None:
                continue
            zero = all(not any(x for row in nb.matmul(nb.transpose(fw.Phi[l]), r) for x in row) for l in range(t, net.H + 1))
            details.append(f"{label}, t = {t}: (Φ⁽ˡ⁾)ᵀr = 0 for l = {t}..{net.H}: {zero}")
            if not zero:
                bad.append(f"{label}, t = {t}")
    return ClaimResult("lemma_4", "failed" if bad else "held", True,
                       "exact at certified local minima in Θ_{d_y,t}", details, [], certs, [],
                       {"where": bad[0]} if bad else None)


def lemma_5(seed: int = 0) -> ClaimResult:
    """Lemma 5 (shallow, d_y = 1): L = ½‖Y‖² − ½‖P[D̃]Y‖² with D̃ = [Λ_{1,k}X]_k at every differentiable local
    minimum; so the local-minimum values are determined by the activation pattern."""
    details, bad, certs = [], [], []
    for label, net, X, Y, W, cert in planted_minima(seed, "shallow"):
        fw = forward(net, X, W)
        Dt = hcat([[[fw.lam[0][k][i] * X[i][j] for j in range(net.widths[0])] for i in range(len(X))]
                   for k in range(net.widths[1])], len(X))
        L = loss(net, X, Y, W)
        rhs = lsq_value(Dt, Y)
        certs.append(cert)
        details.append(f"{label}: L = {fmt(L)}, ½‖P_N[D̃]Y‖² = {fmt(rhs)} (rank D̃ = {nb.rank(Dt)})")
        if L != rhs:
            bad.append(label)
    return ClaimResult("lemma_5", "failed" if bad else "held", True, "exact at certified shallow local minima",
                       details, [], certs, [], {"where": bad[0]} if bad else None)


def _saddle_facts(sad):
    net, X, Y, W = sad.net, sad.X, sad.Y, sad.W
    fw = forward(net, X, W)
    r = residual(net, X, Y, W)
    L = loss(net, X, Y, W)
    Dt = hcat([[[fw.lam[0][k][i] * X[i][j] for j in range(net.widths[0])] for i in range(len(X))]
               for k in range(net.widths[1])], len(X))
    XtR = nb.matmul(nb.transpose(X), r)
    lem5 = lsq_value(Dt, Y)
    _, rows = _theorem_2_on(net, X, Y, W, 0)
    broken = [S for S, f, g, ok in rows if not ok]
    facts = {"lemma_4": any(x for row in XtR for x in row), "lemma_5": L != lem5, "theorem_2": bool(broken)}
    details = [f"{sad.label}: θ = {_point_str(W)}; certified saddle (gradient 0, negative curvature "
               f"{sad.cert['evidence']['coefficient']}·s² along a rational direction); θ ∈ Θ_{{1,0}}: "
               f"{theta_sets(net, fw, W, 1, 0) is not None}",
               f"Lemma 4's conclusion: Xᵀr = {_fm(XtR)} {'≠' if facts['lemma_4'] else '='} 0",
               f"Lemma 5's formula: L = {fmt(L)} vs ½‖P_N[D̃]Y‖² = {fmt(lem5)}",
               f"Theorem 2's bound (t = 0) violated for S ∈ {broken}"]
    return facts, details


def _at_saddle(name, seed, what, attempts: int = 8):
    sad, facts, details = None, {}, []
    for attempt in range(attempts):
        cand = planted_saddle(seed, attempt=attempt)
        if cand is None:
            continue
        sad = cand
        facts, details = _saddle_facts(sad)
        if facts[what]:
            break
    if sad is None:
        return ClaimResult(name, "inconclusive", False, "no saddle found by the seeded search")
    fails = facts[what]
    details.append(f"seeded search: saddle attempt {attempt} of {attempts} (seed {seed})")
    return ClaimResult(name, "failed" if fails else "inconclusive", False,
                       ("the conclusion fails at a certified saddle in Θ_{1,0}: local minimality is needed" if fails
                        else "the conclusion happened to hold at every saddle tried"),
                       details, ["θ is a local minimum (θ is a certified saddle)"], [sad.cert], [],
                       {"instance": instance_json(sad.net, sad.X, sad.Y),
                        "theta": [fmt(x) for x in flatten(sad.W)]} if fails else None)


def lemma_4_at_saddles(seed: int = 0) -> ClaimResult:
    """Lemma 4 with 'local minimum' dropped: a certified saddle in Θ_{1,0} with Xᵀ(Ŷ − Y) ≠ 0."""
    return _at_saddle("lemma_4_at_saddles", seed, "lemma_4")


def lemma_5_at_saddles(seed: int = 0) -> ClaimResult:
    """Lemma 5 with 'local minimum' dropped: a certified saddle where L ≠ ½‖P_N[D̃]Y‖²."""
    return _at_saddle("lemma_5_at_saddles", seed, "lemma_5")


def theorem_2_at_saddles(seed: int = 0) -> ClaimResult:
    """Theorem 2 with 'local minimum' dropped (only criticality): the bound fails at a certified saddle."""
    return _at_saddle("theorem_2_at_saddles", seed, "theorem_2")


# --- literal readings and dropped hypotheses: seeded searches for certified counterexamples -------------

def _perp(w):
    return [-w[1], w[0]]


def _kink_instance(rng, n_kink_samples: int, opposite: bool):
    """One hidden ReLU unit, d_x = 2: samples 0..n−1 lie on the unit's kink line (multiples of w⊥, with
    opposite signs if ``opposite``), the others strictly on the active side.  Returns (net, X, W)."""
    net = make_net((2, 1, 1), "relu")
    w = [_rq(rng, 4, 3) or Q(1), _rq(rng, 4, 3) or Q(1)]
    p = _perp(w)
    X = []
    for i in range(n_kink_samples):
        c = Q(rng.randint(1, 4), rng.randint(1, 3)) * (-1 if (opposite and i % 2) else 1)
        X.append([c * p[0], c * p[1]])
    while len(X) < n_kink_samples + 2:
        x = [_rq(rng, 4, 3), _rq(rng, 4, 3)]
        z = x[0] * w[0] + x[1] * w[1]
        if z != 0:
            X.append(x if z > 0 else [-x[0], -x[1]])
    c2 = Q(rng.randint(1, 4), rng.randint(1, 3)) * rng.choice((1, -1))
    return net, X, [[[w[0]], [w[1]]], [[c2]]]


def literal_reading_search(seed: int = 0, tries: int = 40):
    """Seeded search for a local minimum where L is differentiable but Ŷ is not, with L ≠ J (the literal
    reading of "differentiable local minimum" breaks Proposition 1 / Theorem 1).  The family searched:
    one ReLU unit with two samples on its kink line (the phenomenon needs ≥ 2; with one kink sample
    the paper's Λ = 0 pattern is one of the pieces and L = J follows).  Returns (net, X, Y, W, cert)."""
    rng = _random.Random(f"khk2019b-literal-{seed}")
    for attempt in range(tries):
        net, X, W = _kink_instance(rng, 2, opposite=rng.random() < 0.5)
        ki = kk.parse_instance(instance_json(net, X, [[Q(0)]] * len(X)))
        pieces = kk.adjacent_sides(ki, W)
        fw = forward(net, X, W)
        rows = []
        for sides in pieces:
            lam = kk._pattern(ki, W, sides)
            rows += nb.transpose(path_features(net, X, lam))
        ns = nb.nullspace(rows)
        if not ns:
            continue
        coefs = [Q(rng.randint(1, 3)) for _ in ns]
        r = [sum((c * v[i] for c, v in zip(coefs, ns)), Q(0)) for i in range(len(X))]
        Y = [[fw.Yhat[i][0] - r[i]] for i in range(len(X))]
        J = j_single(jacobian(net, fw, W), vec(Y))
        if J == loss(net, X, Y, W):
            continue
        cert = _cert("literal_reading_counterexample", net, X, Y, W, {"type": "path_features", "J": fmt(J)})
        if verified(cert):
            return net, X, Y, W, cert, attempt + 1
    return None


def _literal_claim(name, seed, quantity):
    found = literal_reading_search(seed)
    if found is None:
        return ClaimResult(name, "inconclusive", True, "the seeded search found no literal-reading counterexample")
    net, X, Y, W, cert, tries = found
    fw = forward(net, X, W)
    L = loss(net, X, Y, W)
    J = j_single(jacobian(net, fw, W), vec(Y))
    Dt = [[fw.lam[0][0][i] * X[i][j] for j in range(2)] for i in range(len(X))]
    lem5 = lsq_value(Dt, Y)
    lsq = lsq_value(X, Y)
    vals = {"J": (J, L == J), "lemma_5": (lem5, L == lem5), "theorem_2": (lsq, L <= lsq)}
    value, holds = vals[quantity]
    details = [f"found after {tries} seeded tries: X = {_fm(X)}, Y = {_fm(Y)}, θ = {_point_str(W)}",
               f"samples 1, 2 sit on the ReLU kink; the two realizable pieces both have 𝒟ᵀr = 0, so θ is a local "
               f"minimum, every piece of L has gradient 0 (L is differentiable), and the pieces' Jacobians of Ŷ differ",
               f"L = {fmt(L)}, J (Λ = 0 at kinks) = {fmt(J)}, Lemma 5's ½‖P_N[D̃]Y‖² = {fmt(lem5)}, "
               f"linear regression ½‖P_N[X]Y‖² = {fmt(lsq)}; θ ∈ Θ_{{1,0}}: {theta_sets(net, fw, W, 1, 0) is not None}",
               "under the corrected hypothesis (Ŷ(X,·) differentiable at θ) the claim holds at every certified minimum "
               f"checked: see {'proposition_1 / theorem_1' if quantity == 'J' else quantity}"]
    if holds:
        return ClaimResult(name, "held", True, "the literal-reading point found does not break this claim",
                           details, [], [cert])
    corrected = {"J": proposition_1, "lemma_5": lemma_5, "theorem_2": theorem_2}[quantity](seed)
    return ClaimResult(
        name, "failed", False,
        f"fails as literally stated ('L differentiable'); holds under the corrected hypothesis (Ŷ differentiable): "
        f"corrected check {corrected.status}",
        details, ["corrected hypothesis: Ŷ(X,·) is differentiable at θ (fails; the literal 'L differentiable' holds)"],
        [cert] + corrected.certificates[:1],
        ["'differentiable local minimum' must mean that the network output Ŷ(X,·) is differentiable at θ; with only L "
         "differentiable the statement is false (certified counterexample)"],
        {"instance": instance_json(net, X, Y), "theta": [fmt(x) for x in flatten(W)], "L": fmt(L),
         "paper_value": fmt(value)})


def proposition_1_literal_reading(seed: int = 0) -> ClaimResult:
    """Proposition 1 / Theorem 1 read literally (L differentiable at θ): a certified local minimum with L
    differentiable, Ŷ not, and L ≠ J."""
    return _literal_claim("proposition_1_literal_reading", seed, "J")


def lemma_5_literal_reading(seed: int = 0) -> ClaimResult:
    """Lemma 5 read literally: the same point has L ≠ ½‖P_N[D̃]Y‖² (paper's Λ)."""
    return _literal_claim("lemma_5_literal_reading", seed, "lemma_5")


def theorem_2_literal_reading(seed: int = 0) -> ClaimResult:
    """Theorem 2 read literally: at the same point (in Θ_{1,0}) the bound L ≤ ½‖P_N[X]Y‖² is checked."""
    return _literal_claim("theorem_2_literal_reading", seed, "theorem_2")


def theorem_1_at_kinks(seed: int = 0, tries: int = 40) -> ClaimResult:
    """Differentiability dropped: a certified non-differentiable local minimum (one sample on a ReLU kink,
    L itself not differentiable) where L ≠ J and the Theorem 2 bound can fail.  Found by a seeded search
    over the KKT multipliers μ_on, μ_off ≥ 0 of the convex-products certificate."""
    rng = _random.Random(f"khk2019b-kink-{seed}")
    for attempt in range(tries):
        net, X, W = _kink_instance(rng, 1, opposite=False)
        if W[1][0][0] < 0:
            W[1][0][0] = -W[1][0][0]
        mu_on, mu_off = Q(rng.randint(0, 3)), Q(rng.randint(1, 3))
        # KKT on both pieces (u = W2·w): r_0 = μ_on + μ_off and x_1 r_1 + x_2 r_2 = −μ_off x_0
        sol = _solve(nb.transpose([X[1], X[2]]), [-mu_off * x for x in X[0]])
        if sol is None:
            continue
        r = [mu_on + mu_off] + sol
        fw = forward(net, X, W)
        Y = [[fw.Yhat[i][0] - r[i] / W[1][0][0]] for i in range(3)]
        cert = local_min_certificate(net, X, Y, W)
        if cert is None or not verified(cert):
            continue
        L = loss(net, X, Y, W)
        J = j_single(jacobian(net, fw, W), vec(Y))
        lsq = lsq_value(X, Y)
        ki = _kinst(net, X, Y)
        grads = {str(kk.piece_gradient(ki, W, kk._pattern(ki, W, s))) for s in kk.adjacent_sides(ki, W)}
        if L == J:
            continue
        details = [f"found after {attempt + 1} seeded tries: X = {_fm(X)}, Y = {_fm(Y)}, θ = {_point_str(W)}",
                   f"certified local minimum (convex-products KKT, μ_on = {fmt(mu_on)}, μ_off = {fmt(mu_off)}); "
                   f"L's pieces have {len(grads)} different gradients at θ (L is not differentiable)",
                   f"L = {fmt(L)} ≠ J = {fmt(J)}; linear regression {fmt(lsq)} "
                   f"({'Theorem 2 bound fails too' if L > lsq else 'Theorem 2 bound holds here'})"]
        return ClaimResult("theorem_1_at_kinks", "failed", False,
                           "differentiability is needed: L ≠ J at a certified non-differentiable local minimum",
                           details, ["θ is a differentiable local minimum (L has a kink at θ)"], [cert], [],
                           {"instance": instance_json(net, X, Y), "theta": [fmt(x) for x in flatten(W)],
                            "L": fmt(L), "J": fmt(J)})
    return ClaimResult("theorem_1_at_kinks", "inconclusive", False, f"no kink minimum in {tries} tries")


def theorem_2_dead_unit(seed: int = 0, tries: int = 200) -> ClaimResult:
    """Structure dropped (θ ∉ Θ_{d_y,0}): a seeded search over small random instances for a local minimum with
    a dead ReLU unit (Ŷ ≡ 0 near θ, so a certified local minimum) whose loss exceeds linear regression."""
    rng = _random.Random(f"khk2019b-dead-{seed}")
    net = make_net((2, 1, 1), "relu")
    for attempt in range(tries):
        m = rng.randint(2, 3)
        X = [[_rq(rng) for _ in range(2)] for _ in range(m)]
        Y = [[_rq(rng)] for _ in range(m)]
        W = [[[_rq(rng)], [_rq(rng)]], [[_rq(rng) or Q(1)]]]
        fw = forward(net, X, W)
        if not all(g[0] < 0 for g in fw.G[0]):
            continue
        L, lsq = loss(net, X, Y, W), lsq_value(X, Y)
        if L <= lsq:
            continue
        cert = local_min_certificate(net, X, Y, W)
        if cert is None or not verified(cert):
            continue
        inside = theta_sets(net, fw, W, 1, 0) is not None
        return ClaimResult("theorem_2_dead_unit", "failed", False,
                           "θ ∈ Θ_{d_y,0} is needed: a certified dead-unit local minimum is worse than linear regression",
                           [f"found after {attempt + 1} seeded tries: X = {_fm(X)}, Y = {_fm(Y)}, θ = {_point_str(W)}",
                            f"every pre-activation < 0 (dead unit): L = {fmt(L)} > ½‖P_N[X]Y‖² = {fmt(lsq)}; "
                            f"θ ∈ Θ_{{1,0}}: {inside}; Theorem 1 still holds: J = {fmt(j_single(jacobian(net, fw, W), vec(Y)))}"],
                           ["θ ∈ Θ_{1,0} (no unit acts linearly)"], [cert], [],
                           {"instance": instance_json(net, X, Y), "theta": [fmt(x) for x in flatten(W)]})
    return ClaimResult("theorem_2_dead_unit", "inconclusive", False, f"nothing found in {tries} tries")


def theorem_2_bottleneck(seed: int = 0, tries: int = 10) -> ClaimResult:
    """n = d_y dropped (a bottleneck d_1 < d_y in a deep linear network): a certified global (hence local)
    minimum whose loss exceeds linear regression; Θ_{d_y,0} is empty for that architecture."""
    from ..classify import classify
    from ..instance import rational_spectrum_instance
    from .kawaguchi2016 import _top_set, eigen_point
    for attempt in range(tries):
        inst = rational_spectrum_instance((2, 1, 2), m=3, seed=1000 * seed + attempt)
        Wk = eigen_point(inst, _top_set(inst))
        v = classify(inst, Wk)
        if v.cls != "global_min" or not v.certified:
            continue
        X, Y = nb.transpose(inst.X), nb.transpose(inst.Y)
        net = make_net((2, 1, 2), "identity")
        W = [nb.transpose(Wl) for Wl in Wk]
        L, lsq = loss(net, X, Y, W), lsq_value(X, Y)
        if L <= lsq:
            continue
        fw = forward(net, X, W)
        return ClaimResult("theorem_2_bottleneck", "failed", False,
                           "n = d_y ≤ min d_l is needed: a certified global minimum of a bottleneck linear net is worse than linear regression",
                           [f"rational_spectrum_instance((2, 1, 2), m = 3, seed = {1000 * seed + attempt}); θ = {_point_str(W)}",
                            f"certified global minimum (default kernel, global_min_value); L = {fmt(L)} > ½‖P_N[X]Y‖² = {fmt(lsq)}",
                            f"θ ∈ Θ_{{2,0}}: {theta_sets(net, fw, W, 2, 0) is not None} (|S⁽¹⁾| ≤ d_1 = 1 < d_y = 2)"],
                           ["θ ∈ Θ_{d_y,0} (d_1 = 1 < d_y = 2)"], [v.certificate], [],
                           {"instance": instance_json(net, X, Y), "theta": [fmt(x) for x in flatten(W)]})
    return ClaimResult("theorem_2_bottleneck", "inconclusive", False, "nothing found")


def _lin(p) -> str:
    return f"(e − {fmt(p)})" if p >= 0 else f"(e + {fmt(-p)})"


def theorem_2_deep_linear(seed: int = 0) -> ClaimResult:
    """§5.2 (deep linear networks): if d_y ≤ min_l d_l, every θ of a deep linear network is in Θ_{d_y,0} and
    differentiable, so every local minimum has L ≤ ½‖P_N[X]Y‖² — the global optimum: every local minimum is
    global (Kawaguchi 2016).  Checked: membership decided at random points, and at the certified global minimum
    (default kernel) L equals ½‖P_N[X]Y‖² exactly."""
    from ..classify import classify
    from ..instance import rational_spectrum_instance
    from .kawaguchi2016 import _top_set, eigen_point
    details, bad, certs = [], [], []
    rng = _random.Random(f"khk2019b-deeplinear-{seed}")
    for widths in ((3, 2, 2), (3, 3, 2, 2)):
        inst = rational_spectrum_instance(widths, m=5, seed=seed)
        net = make_net(widths, "identity")
        X, Y = nb.transpose(inst.X), nb.transpose(inst.Y)
        for _ in range(3):
            W = [[[_rq(rng) for _ in range(c)] for _ in range(r)] for r, c in net.shapes]
            if theta_sets(net, forward(net, X, W), W, widths[-1], 0) is None:
                bad.append(f"{widths}: a random θ is not in Θ_{{d_y,0}}")
        v = classify(inst, eigen_point(inst, _top_set(inst)))
        W = [nb.transpose(Wl) for Wl in eigen_point(inst, _top_set(inst))]
        L, lsq = loss(net, X, Y, W), lsq_value(X, Y)
        ok = v.cls == "global_min" and v.certified and L == lsq
        certs.append(v.certificate)
        details.append(f"widths {widths}, rational_spectrum_instance(m = 5, seed = {seed}): random θ ∈ Θ_{{{widths[-1]},0}}; "
                       f"certified {v.cls}: L = {fmt(L)} = ½‖P_N[X]Y‖² = {fmt(lsq)}: {L == lsq}")
        if not ok:
            bad.append(f"{widths}: L = {fmt(L)}, regression {fmt(lsq)}, class {v.cls}")
    return ClaimResult("theorem_2_deep_linear", "failed" if bad else "held", True,
                       "deep linear nets with d_y ≤ min d_l: Θ_{d_y,0} holds everywhere and the global minimum is the "
                       "regression optimum", details, [], certs, [], {"where": bad[0]} if bad else None)


def theorem_2_nonconvex_loss(seed: int = 0, tries: int = 50) -> ClaimResult:
    """Squared loss dropped: with a non-convex loss ℓ(ŷ − y) (a quartic with rational critical points p < q < s,
    found by seeded search) a 1-1-1 ReLU network with an active unit (θ ∈ Θ_{1,0}) has a certified local minimum
    at the worse of ℓ's two local minima, worse than linear regression under the same loss."""
    rng = _random.Random(f"khk2019b-nonconvex-{seed}")
    for attempt in range(tries):
        p, q, s_ = sorted(Q(rng.randint(-6, 6), rng.randint(1, 2)) for _ in range(3))
        if not p < q < s_:
            continue
        # ℓ'(e) = (e − p)(e − q)(e − s): ℓ(e) = e⁴/4 − σ₁e³/3 + σ₂e²/2 − σ₃e
        s1, s2, s3 = p + q + s_, p * q + p * s_ + q * s_, p * q * s_
        coeffs = [Q(0), -s3, s2 / 2, -s1 / 3, Q(1, 4)]
        ell = lambda e: sum((c * e ** k for k, c in enumerate(coeffs)), Q(0))
        worse, better = (p, s_) if ell(p) > ell(s_) else (s_, p)
        if ell(worse) == ell(better):
            continue
        x, y = Q(rng.randint(1, 3)), _rq(rng)
        w1 = Q(rng.randint(1, 3), rng.randint(1, 2))
        w2 = (worse + y) / (w1 * x)
        if w2 == 0:
            continue
        net = make_net((1, 1, 1), "relu")
        X, Y, W = [[x]], [[y]], [[[w1]], [[w2]]]
        cert = {"exactland_certificate": 1, "kernel": "khk2019b", "claim": "nonconvex_loss_local_min",
                "instance": instance_json(net, X, Y), "point": {"theta": [fmt(w1), fmt(w2)]},
                "evidence": {"loss_coefficients": [fmt(c) for c in coeffs], "better_residual": fmt(better)}}
        if not verified(cert):
            continue
        fw = forward(net, X, W)
        return ClaimResult("theorem_2_nonconvex_loss", "failed", False,
                           "the squared loss is needed: with a non-convex loss a certified local minimum in Θ_{1,0} is "
                           "worse than linear regression",
                           [f"found after {attempt + 1} seeded tries: ℓ'(e) = {_lin(p)}{_lin(q)}{_lin(s_)}, "
                            f"x = {fmt(x)}, y = {fmt(y)}, θ = (W1, W2) = ({fmt(w1)}, {fmt(w2)})",
                            f"L(θ) = ℓ({fmt(worse)}) = {fmt(ell(worse))} > ℓ({fmt(better)}) = {fmt(ell(better))}, which linear "
                            f"regression attains; θ ∈ Θ_{{1,0}}: {theta_sets(net, fw, W, 1, 0) is not None}"],
                           ["squared loss (ℓ is a non-convex quartic)"], [cert], [],
                           {"instance": instance_json(net, X, Y), "theta": [fmt(w1), fmt(w2)],
                            "loss_coefficients": [fmt(c) for c in coeffs]})
    return ClaimResult("theorem_2_nonconvex_loss", "inconclusive", False, "nothing found")


# --- Proposition 2, Lemmas 6–7: literal-reading detection (exact) and Monte Carlo (numerical) ----------

def _dx_needed(m, d, delta=Q(1)) -> int:
    """The least d_x for which the hypotheses of Proposition 2(ii) hold *certifiably* (kernel's ln bounds)
    and the stated probability 1 − 2e^{−d_x/20} is positive."""
    _, hi = kk.ln_bounds(Q(m * d) / delta)
    _, hi2 = kk.ln_bounds(m * d)
    need = max(2 * m * hi * hi / d, hi2 * hi2, 20 * kk.ln_bounds(2)[1])
    return math.floor(need) + 1


def proposition_2_ii_literal(seed: int = 0) -> ClaimResult:
    """Proposition 2(ii) read literally: exactland enumerates every pattern Λ ∈ {0,1}^{m×d} (m ≤ 4, d ≤ 3), δ = 1,
    with the least d_x meeting the hypotheses, and looks for a Λ whose hypotheses hold although rank D̃ = m is
    impossible (a zero row of Λ makes a zero row of D̃ for every X).  Found only for d = 1, where the s_min
    condition ranges over no non-empty I.  Under the corrected hypothesis d ≥ 2 no such Λ exists and rank D̃ = m
    is certified on a Gaussian-like rational sample."""
    literal, corrected_bad, n_checked = [], [], 0
    certs = []
    for d in (1, 2, 3):
        for m in (1, 2, 3, 4):
            dx = _dx_needed(m, d)
            for bits in _iproduct((0, 1), repeat=m * d):
                Lam = [[Q(bits[i * d + k]) for k in range(d)] for i in range(m)]
                ev = {"m": m, "d": d, "d_x": dx, "delta": "1", "Lambda": nb.fmt_matrix(Lam)}
                try:
                    kk._prop2ii_hypotheses(ev, need_d2=False)
                except kernel.Invalid:
                    continue
                n_checked += 1
                if any(not any(row) for row in Lam):
                    if d == 1:
                        literal.append(ev)
                    else:
                        corrected_bad.append(ev)
    cert_lit = None
    if literal:
        ev = min(literal, key=lambda e: (e["m"] < 2, e["m"], sum(x == "1" for row in e["Lambda"] for x in row)))
        cert_lit = {"exactland_certificate": 1, "kernel": "khk2019b", "claim": "prop2ii_literal_counterexample",
                    "evidence": ev}
        certs.append(cert_lit)
    rng = _random.Random(f"khk2019b-prop2-{seed}")
    m, d = 4, 2
    dx = _dx_needed(m, d)
    Lam = [[Q(1), Q(rng.randint(0, 1))] for _ in range(m)]
    X = [[Q(round(rng.gauss(0, 1) * 1000), 1000) for _ in range(dx)] for _ in range(m)]
    cert_ok = {"exactland_certificate": 1, "kernel": "khk2019b", "claim": "prop2ii_full_rank",
               "evidence": {"m": m, "d": d, "d_x": dx, "delta": "1", "Lambda": nb.fmt_matrix(Lam),
                            "X": nb.fmt_matrix(X)}}
    certs.append(cert_ok)
    ok_lit = cert_lit is not None and verified(cert_lit)
    ok_cor = verified(cert_ok) and not corrected_bad
    details = [f"{n_checked} patterns Λ (m ≤ 4, d ≤ 3, δ = 1) satisfy the literal hypotheses with the least certified d_x",
               f"{len(literal)} of them (all with d = 1) have a zero row: D̃ then has a zero row for every X, so rank D̃ < m "
               "and L = ½‖P_N[D̃]Y‖² > 0 almost surely, while the statement promises L = 0 with probability ≥ 1 − 2e^{−d_x/20} > 0",
               f"smallest: {cert_lit['evidence'] if cert_lit else None}",
               f"corrected hypothesis (d ≥ 2, so every single row has norm ≥ δ): {len(corrected_bad)} patterns with a zero row; "
               f"rank D̃ = m = {m} certified for d = {d}, d_x = {dx}, δ = 1 on a rationalized Gaussian X (seed {seed})"]
    if ok_lit and ok_cor:
        return ClaimResult("proposition_2_ii_literal", "failed", False,
                           "fails as literally stated (d = 1); holds under the corrected hypothesis d ≥ 2",
                           details, ["corrected hypothesis: width d ≥ 2 (fails for the counterexample)"], certs,
                           ["Proposition 2(ii) and Lemma 6(ii) need d ≥ 2 (or s_min over the empty row set read as 0): "
                            "for d = 1 the s_min condition is vacuous and Λ = 0 satisfies every hypothesis"],
                           {"evidence": cert_lit["evidence"]})
    return ClaimResult("proposition_2_ii_literal", "inconclusive", True,
                       "the detection did not produce both certificates", details, [], certs)


def _np():
    import numpy
    return numpy


def certified_smin_lower(Lam, digits: int = 3):
    """A rational δ > 0 with δ ≤ s_min(Λ) for an integer m × d matrix Λ with m ≤ d (or None): δ is the numerical
    s_min rounded down by 1 % to ``digits`` decimals, and exactly certified by the positive definiteness of
    ΛΛᵀ − δ²I (Descartes' rule on its characteristic polynomial, computed by python-flint in integers).

    >>> certified_smin_lower([[1, 0], [0, 2]])
    Fraction(99, 100)
    """
    import flint
    np = _np()
    m = len(Lam)
    if m > len(Lam[0]):
        raise ValueError("certified_smin_lower needs m ≤ d (s_min of a tall matrix's rows is not s_min(Λ))")
    est = float(np.linalg.svd(np.array(Lam, dtype=float), compute_uv=False).min())
    delta = Fraction(math.floor(est * 0.99 * 10 ** digits), 10 ** digits)
    if delta <= 0:
        return None
    if any(isinstance(x, bool) or not isinstance(x, int) for row in Lam for x in row):
        raise ValueError("certified_smin_lower needs an integer matrix")
    big = max(abs(x) for row in Lam for x in row)
    if big * big * len(Lam[0]) >= 2 ** 62:
        raise ValueError("entries too large for the exact int64 Gram product")
    Li = np.array(Lam, dtype=np.int64)
    K = [[int(x) for x in row] for row in Li @ Li.T]  # exact: integer products below 2⁶² (checked above)
    d2 = delta * delta
    M = flint.fmpz_mat([[K[i][j] * d2.denominator - (d2.numerator if i == j else 0) for j in range(m)]
                        for i in range(m)])
    coeffs = [Fraction(int(c)) for c in reversed(M.charpoly().coeffs())]  # highest degree first
    return delta if nb.inertia_from_charpoly(coeffs) == (m, 0, 0) else None


def proposition_2_ii(seed: int = 0, trials: int = 200, trials_large: int = 30) -> ClaimResult:
    """Proposition 2(ii) under the corrected hypothesis (d ≥ 2), numerically: Gaussian X, fixed Λ, frequency of
    rank D̃ = m vs the stated 1 − 2e^{−d_x/20}, (a) at the least certified sizes (m = 10, d = 2: d_x ≥ m, nearly
    trivial) and (b) in the non-trivial regime d_x < m (m = 200, d = 400, δ = s_min(Λ) by interlacing), where
    rank D̃ = rank(D̃D̃ᵀ) = rank((XXᵀ) ∘ (ΛΛᵀ)) keeps it to an m × m matrix.  Labelled numerical."""
    np = _np()
    gen = np.random.default_rng(seed)
    m, d = 10, 2
    dx = _dx_needed(m, d)
    Lam = np.ones((m, d))
    Lam[gen.random((m, d)) < 0.4] = 0
    Lam[Lam.sum(axis=1) == 0, 0] = 1
    full = 0
    for _ in range(trials):
        Xs = gen.standard_normal((m, dx))
        Dt = np.hstack([Lam[:, [k]] * Xs for k in range(d)])
        full += np.linalg.matrix_rank(Dt) == m
    bound = 1 - 2 * math.exp(-dx / 20)
    M2, d2 = 200, 400
    Lam2 = (gen.random((M2, d2)) < 0.5).astype(float)
    delta_q = certified_smin_lower(Lam2.astype(int).tolist())  # ≤ s_min(Λ) ≤ s_min(Λ_I) (Cauchy interlacing)
    delta = float(delta_q)
    dx2 = _dx_needed(M2, d2, delta_q)  # least d_x meeting the hypotheses, certified by the kernel's ln bounds
    K = Lam2 @ Lam2.T
    full2 = 0
    for _ in range(trials_large):
        Xs = gen.standard_normal((M2, dx2))
        full2 += np.linalg.matrix_rank((Xs @ Xs.T) * K) == M2
    bound2 = 1 - 2 * math.exp(-dx2 / 20)
    ok = full / trials >= bound and full2 / trials_large >= bound2
    return ClaimResult("proposition_2_ii", "held" if ok else "failed", True,
                       f"numerical (Monte Carlo, seed {seed}): rank D̃ = m in {full}/{trials} (m = {m}) and "
                       f"{full2}/{trials_large} (m = {M2}, d_x = {dx2} < m) trials; stated ≥ {bound:.4f} / {bound2:.4f}",
                       [f"(a) m = {m}, d = {d}, d_x = {dx} (least d_x meeting the hypotheses, δ = 1); Λ fixed, no zero row; "
                        "here d_x ≥ m, so rank D̃ = m holds almost surely and the check is nearly trivial",
                        f"(b) m = {M2}, d = {d2}, Λ a fixed Bernoulli(1/2) 0/1 pattern, δ = {fmt(delta_q)} ≤ s_min(Λ) "
                        "(exact: ΛΛᵀ − δ²I positive definite by the signs of its characteristic polynomial), "
                        f"d_x = {dx2} < m (least d_x meeting the hypotheses for this δ, exact log bounds); rank via the "
                        "m × m Gram (XXᵀ) ∘ (ΛΛᵀ) in floating point",
                        "on rank D̃ = m, every local minimum with pattern Λ has L = 0 (Lemma 5; exact certificate in "
                        "proposition_2_ii_literal)"], [], [], [])


def prop_2_i_vacuity_threshold(t: float = 1.0, delta: float = 1.0) -> tuple:
    """(m, k): the least m (bisection, floating point — numerical) for which some k = d_x·d meets the hypothesis
    m ≥ 64 ln²(k m/δ²)·k of Proposition 2(i) and makes the bound (1 + 6√(t/m))(m − k)/m < 1."""
    def ok(m):
        k = math.floor(6 * math.sqrt(t) * m / (math.sqrt(m) + 6 * math.sqrt(t))) + 1  # least k with bound < 1
        return k < m and m >= 64 * math.log(k * m / delta ** 2) ** 2 * k, k
    lo, hi = 2, 10 ** 15
    while lo < hi:
        mid = (lo + hi) // 2
        if ok(mid)[0]:
            hi = mid
        else:
            lo = mid + 1
    return lo, ok(lo)[1]


def proposition_2_i(seed: int = 0, trials: int = 4000) -> ClaimResult:
    """Proposition 2(i), numerically: (a) the vacuity threshold (the bound is ≥ ½‖Y‖², hence trivial, below
    m ≈ 5·10¹¹ for t = δ = 1); (b) the Beta-tail step (B.27) with mpmath's regularized incomplete beta; (c) a
    Monte Carlo of ‖P_N[D̃]Y‖²/‖Y‖² at the least m meeting the hypothesis (d_x d = 1).  Labelled numerical."""
    import mpmath
    np = _np()
    m_star, k_star = prop_2_i_vacuity_threshold()
    details = [f"least m with a non-trivial bound under the hypothesis (t = 1, δ = 1): m ≈ {m_star:.3e} "
               f"(k = d_x·d ≈ {k_star:.3e}) — confirms the digest's ≈ 5·10¹¹"]
    worst = 0.0
    for m, k in ((20, 2), (100, 10), (1000, 10), (5000, 1), (50, 40)):
        for t in (0.1, 0.5, 1, 2, 5):
            x = (1 + 6 * math.sqrt(t / m)) * (m - k) / m
            tail = 0.0 if x >= 1 else float(mpmath.betainc((m - k) / 2, k / 2, x, 1, regularized=True))
            worst = max(worst, tail / (2 * math.exp(-t)))
    details.append(f"(B.27) P[Beta((m−k)/2, k/2) > (1+6√(t/m))(m−k)/m] ≤ 2e^{{−t}} on 25 (m, k, t): worst ratio "
                   f"tail/2e^{{−t}} = {worst:.3g}")
    gen = np.random.default_rng(seed)
    m = 4538
    x = gen.standard_normal((trials, m))
    y = gen.standard_normal((trials, m))
    ratio = 1 - (np.einsum("ij,ij->i", x, y) ** 2 / np.einsum("ij,ij->i", x, x)) / np.einsum("ij,ij->i", y, y)
    bound = (1 + 6 * math.sqrt(1 / m)) * (m - 1) / m
    frac = float(np.mean(ratio <= bound))
    details.append(f"Monte Carlo (seed {seed}, {trials} trials, m = {m}, d_x = d = 1, Λ = 1): ratio ≤ bound in "
                   f"{frac:.4f} of trials (stated ≥ {1 - math.exp(-m / (64 * math.log(m))) - 2 * math.exp(-1):.4f}); "
                   f"the bound {bound:.4f} ≥ 1, i.e. vacuous")
    ok = worst <= 1 and frac >= 1 - 2 * math.exp(-1)
    return ClaimResult("proposition_2_i", "held" if ok else "failed", True,
                       f"numerical: holds, but vacuous (bound ≥ ½‖Y‖²) below m ≈ {m_star:.1e}", details, [], [],
                       [f"Proposition 2(i) is vacuous below m ≈ {m_star:.1e} (t = δ = 1): its bound is then ≥ ½‖Y‖², "
                        "which every critical point satisfies"])


def lemma_6(seed: int = 0, trials: int = 300) -> ClaimResult:
    """Lemma 6, numerically: (i) rank D̃ = d_x d and (ii) rank D̃ = m for Gaussian X and fixed Λ, Monte Carlo
    frequencies vs the stated probabilities, at the least sizes meeting the hypotheses.  Labelled numerical."""
    np = _np()
    gen = np.random.default_rng(seed)
    m1 = 4538  # least m for d_x d = 1, δ = 1 (digest; (i) needs m ≥ 64 ln²(d_x d m/δ²) d_x d)
    assert m1 >= 64 * kk.ln_bounds(m1)[1] ** 2  # the hypothesis, certified with the kernel's exact log bounds
    hits = sum(np.linalg.matrix_rank(gen.standard_normal((m1, 1))) == 1 for _ in range(trials))
    p1 = 1 - math.exp(-m1 / (64 * math.log(m1)))
    m2, d2 = 6, 2
    dx2 = _dx_needed(m2, d2)
    Lam = np.array([[1, 0], [0, 1], [1, 1], [1, 0], [0, 1], [1, 1]], dtype=float)
    hits2 = sum(np.linalg.matrix_rank(np.hstack([Lam[:, [k]] * gen.standard_normal((m2, dx2)) for k in range(d2)])) == m2
                for _ in range(trials))
    p2 = 1 - 2 * math.exp(-dx2 / 20)
    ok = hits / trials >= p1 and hits2 / trials >= p2
    return ClaimResult("lemma_6", "held" if ok else "failed", True,
                       f"numerical (seed {seed}): (i) {hits}/{trials} ≥ {p1:.4f}; (ii) {hits2}/{trials} ≥ {p2:.4f}",
                       [f"(i) m = {m1}, d_x = d = 1, Λ = 1 (s_min(Λ_I) = √|I| ≥ 1)",
                        f"(ii) m = {m2}, d = {d2}, d_x = {dx2}, Λ without zero rows",
                        "at the least sizes meeting the hypotheses both events hold almost surely; the statements cannot be "
                        "probed in their non-trivial regimes at feasible sizes",
                        "erratum: Lemma 6(i) lists −2e^{−t}, which belongs to Proposition 2(i) (digest §0)"],
                       [], [], ["Lemma 6(i)'s probability lists −2e^{−t}, which belongs to Proposition 2(i) (typo)"])


def lemma_7(seed: int = 0, trials: int = 20000) -> ClaimResult:
    """Lemma 7 (Laurent & Massart): both tail bounds, Monte Carlo with random weights 0 ≤ a_i ≤ K, and exact-to-
    precision χ² tails (mpmath gammainc) for equal weights.  Labelled numerical."""
    import mpmath
    np = _np()
    gen = np.random.default_rng(seed)
    worst, details = 0.0, []
    for n in (1, 5, 30):
        a = gen.uniform(0, 2, n)
        K = float(a.max())
        g = gen.standard_normal((trials, n))
        s = (a ** 2 * (g ** 2 - 1)).sum(axis=1)
        a4 = math.sqrt(float((a ** 4).sum()))
        for t in (0.5, 1, 2, 4):
            up = float(np.mean(s >= 2 * math.sqrt(t) * a4 + 2 * K ** 2 * t))
            lo = float(np.mean(s <= -2 * math.sqrt(t) * a4))
            worst = max(worst, up / math.exp(-t), lo / math.exp(-t))
            chi = float(mpmath.gammainc(n / 2, (n + 2 * math.sqrt(t * n) + 2 * t) / 2, mpmath.inf, regularized=True))
            worst = max(worst, chi / math.exp(-t))
    details.append(f"n ∈ {{1, 5, 30}}, t ∈ {{0.5, 1, 2, 4}}, {trials} samples each (seed {seed}); worst ratio "
                   f"(empirical or χ² tail)/e^{{−t}} = {worst:.3g}")
    return ClaimResult("lemma_7", "held" if worst <= 1 else "failed", True,
                       f"numerical: worst tail/e^(−t) = {worst:.3g} ≤ 1", details, [], [], [])


# --- the paper ------------------------------------------------------------------------------------

CLAIMS = [
    (proposition_1, "Proposition 1 (L = J, shallow)"),
    (theorem_1, "Theorem 1 (L = J, deep)"),
    (lemma_1, "Lemma 1 (vec Ŷ = D vec W)"),
    (lemma_2, "Lemma 2 (projector of orthogonal blocks)"),
    (lemma_3, "Lemma 3 (Gram–Schmidt sum)"),
    (appendix_c, "Appendix C (J's single-projection form)"),
    (definitions_1_2, "Definitions 1–2 (separated linear units)"),
    (theorem_2, "Theorem 2 (local minima vs basis-function regression)"),
    (remark_1, "Remark 1"),
    (theorem_2_deep_linear, "Theorem 2, deep linear networks (§5.2)"),
    (corollary_1, "Corollary 1 (edges of (iii) removed)"),
    (corollary_2, "Corollary 2 (strong separation)"),
    (lemma_4, "Lemma 4"),
    (lemma_5, "Lemma 5"),
    (lemma_4_at_saddles, "Lemma 4 at saddles"),
    (lemma_5_at_saddles, "Lemma 5 at saddles"),
    (theorem_2_at_saddles, "Theorem 2 at saddles"),
    (proposition_1_literal_reading, "literal reading: L differentiable, Ŷ not (Prop. 1 / Thm 1)"),
    (lemma_5_literal_reading, "literal reading (Lemma 5)"),
    (theorem_2_literal_reading, "literal reading (Theorem 2)"),
    (theorem_1_at_kinks, "differentiability dropped (kink minimum)"),
    (theorem_2_dead_unit, "structure dropped (dead unit)"),
    (theorem_2_bottleneck, "n = d_y dropped (bottleneck)"),
    (theorem_2_nonconvex_loss, "squared loss dropped (non-convex loss)"),
    (proposition_2_ii_literal, "Proposition 2(ii) literal reading (d = 1)"),
    (proposition_2_ii, "Proposition 2(ii), Monte Carlo"),
    (proposition_2_i, "Proposition 2(i), vacuity and Monte Carlo"),
    (lemma_6, "Lemma 6, Monte Carlo"),
    (lemma_7, "Lemma 7, Monte Carlo"),
]


def check_all(seed: int = 0, progress=None) -> PaperReport:
    """Every claim of KHK 2019b on seeded instances (exact where exact; Monte Carlo claims say 'numerical')."""
    say = progress or (lambda msg: None)
    claims = []
    for fn, label in CLAIMS:
        say(f"checking {label}")
        try:
            claims.append(fn(seed))
        except Exception as err:  # one claim's crash must not hide the others
            claims.append(ClaimResult(fn.__name__, "inconclusive", True, f"error: {type(err).__name__}: {err}"))
    return PaperReport(PAPER, seed, claims)
