"""Claims of "Depth creates no more spurious local minima in linear networks" (anonymous, under
review; /work/shared/papers/depth-creates-no-more-spurious-local-minima.txt), checked exactly.

Setting: ``L_k(M_1, …, M_k) = f(M_k⋯M_1)`` for a convex differentiable ``f``; ``d = min_i d_i``; at a
bottleneck ``d_j = d`` (0 < j < k) the network splits as ``A = M_k⋯M_{j+1}``, ``B = M_j⋯M_1``.  The
squared loss is the paper's ``‖M_k⋯M_1X − Y‖²`` (scale 1, no ½).

The constructive heart is :func:`lemma1_certificate`: at a point where ``f'(AB) ≠ 0`` and the split is
rank-deficient it builds a polynomial curve ``θ(s)`` through θ with constant end-to-end product (so
``L(θ(s)) ≡ L(θ)``) along which some gradient entry is a non-zero polynomial — a kernel-checked proof
(``"kernel": "depth"``) that θ is not a local minimum, also where second-order tests are silent.

Critical points are found without a general solver (which coverage this gives is stated in each
claim's details): structural points (``M_a⋯M_1 = 0`` and ``M_k⋯M_b = 0`` with ``a < b``: critical for
every ``f``), the critical points of ``L_2`` of the squared loss in closed form (data with a rational
singular value decomposition, every subset of singular pairs, rank-deficient paddings) lifted to
depth ``k`` by the construction of Theorem 1's proof, and global minima built on purpose.

>>> r = theorem_2(seed=0)
>>> r.status
'held'
"""

from __future__ import annotations

import itertools
import random as _random
from fractions import Fraction

from .. import numbers as nb
from ..kernel import depth as kd
from ..kernel import verify
from ..models.factored import (CrossEntropy, FactoredInstance, PolynomialLoss, SmoothedHinge, SquaredData,
                               random_small)
from ..numbers import Matrix, fmt
from . import ClaimResult, PaperReport

PAPER = "depth_reduction"
ONE = Fraction(1)


# --- the Lemma 1 certificate ---------------------------------------------------------------------------

def _chain_up(mats, i, n_i):
    """U_i = M_k⋯M_{i+1} (0-based i; identity of size n_i when i is the top layer)."""
    return nb.chain([mats[j] for j in range(len(mats) - 1, i, -1)], n_i)


def _chain_down(mats, i, n):
    """L_i = M_{i-1}⋯M_1 (0-based i; identity(n) for the first layer)."""
    return nb.chain([mats[j] for j in range(i - 1, -1, -1)], n)


def _directions(inst, theta, kind, rng, layers=None):
    """One value-preserving direction: ``upper`` perturbs M_i by Δ with U_iΔ = 0 (the paper's w vᵀ steps,
    columns in the null space of the layers above), ``lower`` by Δ with ΔL_i = 0."""
    out = []
    for t, mats in enumerate(theta):
        dirs = []
        for i, M in enumerate(mats):
            r, c = len(M), len(M[0])
            D = nb.zeros(r, c)
            if layers is None or (t, i) in layers:
                if kind == "upper":
                    basis = nb.nullspace(_chain_up(mats, i, r)) if i < len(mats) - 1 else []
                    for w in basis:
                        v = [Fraction(rng.randint(-2, 2)) for _ in range(c)]
                        D = nb.matadd(D, [[wa * vb for vb in v] for wa in w])
                else:
                    basis = nb.nullspace(nb.transpose(_chain_down(mats, i, inst.n))) if i > 0 else []
                    for z in basis:
                        q = [Fraction(rng.randint(-2, 2)) for _ in range(r)]
                        D = nb.matadd(D, [[qa * zb for zb in z] for qa in q])
            dirs.append(D)
        out.append(dirs)
    return out


def _kernel_instance(inst):
    return kd._instance(inst.to_json())


def _nonzero_entry(kin, theta, curve, G):
    """The first (tower, layer, row, col, degree) whose gradient coefficient is certified non-zero."""
    polys = kd._check_constant_product(kin, theta, curve)
    for t, mats in enumerate(polys):
        k = len(mats)
        for i in range(k, 0, -1):
            rows, cols = len(mats[i - 1]), len(mats[i - 1][0])
            for d in range(k + 1):
                for r in range(rows):
                    for c in range(cols):
                        lo, hi = kd.gradient_coefficient(kin, polys, G, t, i, r, c, d)
                        if lo > 0 or hi < 0:
                            return {"type": "gradient_nonzero", "tower": t, "layer": i, "row": r, "col": c,
                                    "degree": d}
    return None


def split_ranks(inst, theta, tower=0):
    """``(j, d, rank A, rank B)`` at the tower's narrowest layer j."""
    j, d = inst.bottleneck(tower)
    mats = theta[tower]
    A = nb.chain([mats[i] for i in range(len(mats) - 1, j - 1, -1)], inst.m)
    B = nb.chain([mats[i] for i in range(j - 1, -1, -1)], inst.n)
    return j, d, nb.rank(A), nb.rank(B)


def lemma1_certificate(inst: FactoredInstance, theta, seed: int = 0, tries: int = 12):
    """``(certificate, why)``: a kernel-checkable proof that θ is not a local minimum (a value-preserving
    polynomial curve with a non-zero gradient polynomial), or ``(None, reason)``.

    Strategies, in order: perturb every layer by the paper's ``w vᵀ`` steps with ``w`` in the null space
    of the layers above (``upper``); the mirror image with rows in the left null space of the layers
    below (``lower``); random subsets of layers of either kind.  The curve is ``θ + sV`` (linear).

    >>> from exactland.models.factored import load_factored
    >>> inst = load_factored({"model": {"kind": "factored", "widths": [2, 2, 1, 2, 2]},
    ...     "data": {"X": [[1, 0, 1], [0, 1, 1]], "Y": [[1, 2, 0], [0, 1, 1]]}, "loss": {"kind": "squared", "scale": 1}})
    >>> cert, why = lemma1_certificate(inst, inst.zero_point())
    >>> verify(cert)
    (True, 'valid')
    """
    theta = inst.point(theta) if isinstance(theta, dict) else theta
    if not inst.loss.differentiable:
        return None, ("f is not differentiable: a local minimum need not have zero gradient, so a "
                      "value-preserving curve proves nothing (Lemma 1 needs differentiability)")
    kin = _kernel_instance(inst)
    P = inst.product(theta)
    G = kd.gradient_enclosure(kin, P)
    if all(lo == hi == 0 for row in G for lo, hi in row):
        status, _ = inst.loss.convexity()
        if status == "none":
            return None, "f'(P) = 0: θ is critical, and f is not convex, so nothing follows (no Lemma 1 certificate)"
        return None, (f"f'(P) = 0: θ is a global minimum of L (f convex{', by assumption' if status == 'assumed' else ''})"
                      ", Lemma 1 has nothing to show")
    if all(lo <= 0 <= hi for row in G for lo, hi in row):
        return None, "f'(P) could not be certified non-zero (its enclosure contains 0)"
    rng = _random.Random(seed)
    plans = [("upper", None), ("lower", None)]
    all_layers = [(t, i) for t, mats in enumerate(theta) for i in range(len(mats))]
    for _ in range(tries):
        plans.append((rng.choice(["upper", "lower"]), set(rng.sample(all_layers, rng.randint(1, len(all_layers))))))
    zero = [[nb.zeros(len(M), len(M[0])) for M in mats] for mats in theta]
    for kind, layers in [("none", None)] + plans:
        V = zero if kind == "none" else _directions(inst, theta, kind, rng, layers)
        ev = _nonzero_entry(kin, theta, [V], G)
        if ev is not None:
            curve = [] if kind == "none" else [_dir_json(inst, V)]
            cert = {"exactland_certificate": 1, "kernel": "depth", "claim": "not_local_min",
                    "instance": inst.to_json(), "point": inst.point_to_json(theta), "curve": curve,
                    "evidence": [ev], "strategy": kind if kind == "none" or layers is None else f"{kind}-subset"}
            ok, why = verify(cert)
            if not ok:  # pragma: no cover - the search and the kernel disagree: a bug
                raise AssertionError(f"generated certificate rejected: {why}")
            return cert, ("θ is not critical" if kind == "none" else
                          f"value-preserving curve ({cert['strategy']}) with a non-zero gradient polynomial")
    return None, f"no value-preserving curve with a non-zero gradient found ({len(plans)} tries, seed {seed})"


def _dir_json(inst, V):
    return inst.point_to_json(V)


def paper_b_only_gradient_vanishes(inst: FactoredInstance, theta, seed: int = 0) -> bool:
    """True iff the paper's perturbation of B alone (layers 1..j, ``w`` in the null space of the layers
    above) leaves the gradient identically zero along the curve (checked exactly on a random choice
    of the ``v``'s and on every gradient entry and degree)."""
    j, _ = inst.bottleneck()
    rng = _random.Random(seed)
    V = _directions(inst, theta, "upper", rng, {(0, i) for i in range(j)})
    kin = _kernel_instance(inst)
    G = kd.gradient_enclosure(kin, inst.product(theta))
    return _nonzero_entry(kin, theta, [V], G) is None


# --- critical points -------------------------------------------------------------------------------------

def structural_critical_point(widths, a: int, b: int, rng: _random.Random):
    """A random point with ``M_a⋯M_1 = 0`` and ``M_k⋯M_b = 0`` (1 ≤ a < b ≤ k, 1-based): every gradient
    ``U_iᵀ f'(P) L_iᵀ`` has a zero factor, so it is critical for every f; the factors are random and of
    low rank (rank-1 end layers), not zero unless forced."""
    k = len(widths) - 1
    if not 1 <= a < b <= k:
        raise ValueError("need 1 <= a < b <= k")
    sh = [(widths[i], widths[i - 1]) for i in range(1, k + 1)]
    M = [random_small(rng, r, c) for r, c in sh]
    if a >= 2:  # rank-1 first layer, so that the chain below M_a has a left null space
        M[0] = nb.matmul(random_small(rng, sh[0][0], 1), random_small(rng, 1, sh[0][1]))
    if b <= k - 1:
        M[k - 1] = nb.matmul(random_small(rng, sh[k - 1][0], 1), random_small(rng, 1, sh[k - 1][1]))
    low = nb.chain([M[i] for i in range(a - 2, -1, -1)], widths[0])  # M_{a-1}⋯M_1
    Z = nb.nullspace(nb.transpose(low))
    M[a - 1] = _combine_rows(Z, sh[a - 1][0], rng) if Z else nb.zeros(*sh[a - 1])
    up = nb.chain([M[i] for i in range(k - 1, b - 1, -1)], widths[b])  # M_k⋯M_{b+1}
    N = nb.nullspace(up)
    M[b - 1] = nb.transpose(_combine_rows(N, sh[b - 1][1], rng)) if N else nb.zeros(*sh[b - 1])
    return M


def _combine_rows(basis, count, rng):
    """``count`` random integer combinations of the basis vectors, as rows."""
    out = []
    for _ in range(count):
        coeffs = [rng.randint(-2, 2) for _ in basis]
        out.append([sum((a * v[c] for a, v in zip(coeffs, basis)), Fraction(0)) for c in range(len(basis[0]))])
    return out


def svd_data(m: int, n: int, sigmas, rng: _random.Random, rank_x: int | None = None):
    """``(X, Y, U, V, σ, c)``: data with ``‖MX − Y‖² = ‖MXXᵀ… − T‖² + c`` in closed form.  X has
    orthonormal rows (``rank_x < n`` appends zero rows: rank-deficient X), ``T = U diag(σ) Vᵀ`` has a
    rational SVD (Cayley orthogonal factors), and Y = T X + noise orthogonal to X's rows."""
    from ..instance import cayley_orthogonal
    rx = n if rank_x is None else rank_x
    N = rx + 1
    Q = cayley_orthogonal(rng, N)
    X = [Q[i] for i in range(rx)] + [[Fraction(0)] * N for _ in range(n - rx)]
    U = cayley_orthogonal(rng, m)
    V = cayley_orthogonal(rng, rx)
    r = min(m, rx)
    D = [[Fraction(sigmas[i]) if i == j and i < r else Fraction(0) for j in range(rx)] for i in range(m)]
    T = nb.matmul(nb.matmul(U, D), nb.transpose(V))           # m × rx
    noise = [[c * q for q in Q[rx]] for c in [Fraction(rng.randint(-2, 2), 2) for _ in range(m)]]
    Y = nb.matadd(nb.matmul(T, Q[:rx]), noise)
    return X, Y, U, V, [Fraction(s) for s in sigmas[:r]], nb.frob2(noise)


def l2_critical_points(U, V, sigmas, w: int, n: int, rng: _random.Random, pad: bool = True):
    """Critical points ``(A, B, S)`` of ``‖AB X − Y‖²`` (inner width w) from svd_data: for every subset
    S of singular pairs with |S| ≤ w, ``AB = U_S Σ_S V_Sᵀ`` (columns of B past rank X are free: random),
    with a random gauge C and, when |S| < w, A's spare columns random in span U_S (rank-deficient)."""
    r = len(sigmas)
    rx = len(V)
    out = []
    for size in range(0, min(w, r) + 1):
        for S in itertools.combinations(range(r), size):
            C = _invertible(rng, size)
            US = [[U[i][s] for s in S] for i in range(len(U))]
            VS = [[V[i][s] for s in S] for i in range(rx)]
            SVt = [[sigmas[s] * VS[c][q] for c in range(rx)] for q, s in enumerate(S)]  # Σ_S V_Sᵀ
            A = nb.matmul(US, C) if size else [[] for _ in U]
            B = nb.matmul(nb.inverse(C), SVt) if size else []
            E = random_small(rng, size, w - size) if (pad and size) else nb.zeros(size, w - size)
            A = [row + extra for row, extra in zip(A, nb.matmul(US, E) if size else [[Fraction(0)] * w for _ in U])]
            B = B + [[Fraction(0)] * rx for _ in range(w - size)]
            free = random_small(rng, w, n - rx) if n > rx else [[] for _ in range(w)]
            B = [rb + fb for rb, fb in zip(B, free)] if size or w else B
            out.append((A, B, S))
    return out


def _invertible(rng, n):
    while True:
        C = random_small(rng, n, n)
        if nb.rank(C) == n:
            return C


def lift(A: Matrix, B: Matrix, widths, j: int, rng: _random.Random):
    """Theorem 1's construction: M_1, …, M_k with ``M_k⋯M_{j+1} = A`` and ``M_j⋯M_1 = B`` exactly
    (random middle layers; the outer layers solve for A and B through a one-sided inverse)."""
    k = len(widths) - 1
    sh = [(widths[i], widths[i - 1]) for i in range(1, k + 1)]
    while True:
        M = [random_small(rng, r, c) for r, c in sh]
        ok = True
        if k - j >= 2:
            Cu = nb.chain([M[i] for i in range(k - 2, j - 1, -1)])          # M_{k-1}⋯M_{j+1}: d_{k-1} × d_j
            if nb.rank(Cu) < widths[j]:
                ok = False
            else:
                CuT = nb.transpose(Cu)
                M[k - 1] = nb.matmul(nb.matmul(A, nb.inverse(nb.matmul(CuT, Cu))), CuT)
        else:
            M[k - 1] = [row[:] for row in A]
        if j >= 2:
            Cl = nb.chain([M[i] for i in range(j - 1, 0, -1)])              # M_j⋯M_2: d_j × d_1
            if nb.rank(Cl) < widths[j]:
                ok = False
            else:
                ClT = nb.transpose(Cl)
                M[0] = nb.matmul(nb.matmul(ClT, nb.inverse(nb.matmul(Cl, ClT))), B)
        else:
            M[0] = [row[:] for row in B]
        if ok:
            return M


def split(mats, j, m, n):
    """``(A, B) = (M_k⋯M_{j+1}, M_j⋯M_1)``."""
    return (nb.chain([mats[i] for i in range(len(mats) - 1, j - 1, -1)], m),
            nb.chain([mats[i] for i in range(j - 1, -1, -1)], n))


# --- instances -------------------------------------------------------------------------------------------

ARCHS = {  # name: widths [d_0, …, d_k]
    "bottleneck middle, depth 2": (3, 1, 3),
    "bottleneck middle, depth 4": (2, 2, 1, 2, 2),
    "bottleneck middle, depth 5": (3, 2, 1, 2, 2, 3),
    "narrowest at the input end, depth 3": (2, 3, 2, 3),
    "narrowest at the output end, depth 3": (3, 2, 3, 2),
}


def squared_instance(widths, rng, sigmas=None, rank_x=None):
    """A squared-loss instance (paper normalization) with a closed-form critical set of L_2."""
    m, n = widths[-1], widths[0]
    rx = n if rank_x is None else rank_x
    sig = sigmas or sorted(rng.sample(range(1, 9), min(m, rx)), reverse=True)
    X, Y, U, V, s, c = svd_data(m, n, sig, rng, rank_x)
    inst = FactoredInstance([widths], SquaredData(X, Y, ONE))
    return inst, (U, V, s, c)


def hinge_instance(widths, rng, p=2):
    """A seeded smoothed-hinge instance (random inputs, random ±1 labels per output)."""
    n, m = widths[0], widths[-1]
    N = n + 2
    X = random_small(rng, n, N, 3, 2)
    Y = [[Fraction(rng.choice([-1, 1])) for _ in range(N)] for _ in range(m)]
    return FactoredInstance([widths], SmoothedHinge(X, Y, p))


def separable_hinge_instance(widths, rng, p=2):
    """Labels produced by a rank-1 matrix with margin: a global minimum with f = 0 exists at rank 1."""
    n, m = widths[0], widths[-1]
    N = n + 2
    while True:
        X = random_small(rng, n, N, 3, 2)
        u, v = random_small(rng, m, 1), random_small(rng, 1, n)
        P0 = nb.matmul(u, v)
        Q = nb.matmul(P0, X)
        if all(q != 0 for row in Q for q in row):
            break
    c = 1 / min(abs(q) for row in Q for q in row)
    Y = [[Fraction(1 if q > 0 else -1) for q in row] for row in Q]
    return FactoredInstance([widths], SmoothedHinge(X, Y, p)), nb.scale(c, u), v


def ce_instance(widths, rng):
    """A seeded softmax cross-entropy instance (random inputs, random class labels)."""
    n, m = widths[0], widths[-1]
    N = n + 2
    return FactoredInstance([widths], CrossEntropy(random_small(rng, n, N, 3, 2),
                                                   [rng.randrange(m) for _ in range(N)], m))


def quartic_instance(widths, rng):
    """f(M) = ‖MX − Y‖² + ‖M‖⁴, convexity certified from its pieces ‖MX − Y‖² and (‖M‖²)²."""
    n, m = widths[0], widths[-1]
    import sympy
    X, Y = random_small(rng, n, n + 1), random_small(rng, m, n + 1)
    syms = sympy.Matrix(m, n, lambda i, j: sympy.Symbol(f"m{i}_{j}"))
    R = syms * sympy.Matrix(X) - sympy.Matrix(Y)
    expr = sum(x ** 2 for x in R) + sum(x ** 2 for x in syms) ** 2
    f = PolynomialLoss.from_expr(expr, m, n, True)
    f.pieces = [(1, PolynomialLoss.from_expr(sympy.expand(sum(x ** 2 for x in R)), m, n)),
                (2, PolynomialLoss.from_expr(sum(x ** 2 for x in syms), m, n))]
    return FactoredInstance([widths], f)


def _losses(widths, rng):
    """One instance per loss family on an architecture."""
    sq = squared_instance(widths, rng)[0]
    weights = [[Fraction(rng.randint(0, 3)) for _ in row] for row in sq.loss.Y]
    weighted = FactoredInstance([widths], SquaredData(sq.loss.X, sq.loss.Y, ONE, weights))
    return [("squared", sq), ("weighted squared", weighted), ("smoothed hinge p=2", hinge_instance(widths, rng)),
            ("cross-entropy", ce_instance(widths, rng)), ("‖MX−Y‖²+‖M‖⁴", quartic_instance(widths, rng))]


def _ab_pairs(k):
    return [(a, b) for a in range(1, k) for b in range(a + 1, k + 1)]


def _is_critical(inst, theta):
    kin = _kernel_instance(inst)
    G = kd.gradient_enclosure(kin, inst.product(theta))
    if any(lo != hi for row in G for lo, hi in row):
        return None  # not decidable exactly here
    return inst.is_critical(theta) if inst.loss.exact_gradient else \
        all(x == 0 for grads in inst.gradient(theta, [[lo for lo, _ in row] for row in G]) for g in grads
            for row in g for x in row)


def _gradient_zero(inst, theta) -> bool | None:
    try:
        G = inst.loss.gradient(inst.product(theta))
    except ValueError:
        return None
    return all(x == 0 for row in G for x in row)


BOTTLENECK_ARCHS = {  # the five architectures with a bottleneck that every bottleneck claim runs on
    "bottleneck in the middle, depth 2": (3, 1, 3),
    "bottleneck in the middle, depth 4": (2, 2, 1, 2, 2),
    "bottleneck next to the input end, depth 4": (3, 1, 2, 2, 3),
    "bottleneck next to the output end, depth 4": (3, 2, 2, 1, 3),
    "bottleneck in the middle, depth 5": (3, 2, 1, 2, 2, 3),
}

NO_BOTTLENECK_ARCHS = {  # five architectures whose narrowest layer is an end (Theorem 3)
    "narrowest at the input, depth 2": (2, 3, 3),
    "narrowest at the output, depth 2": (3, 3, 2),
    "narrowest at the input (and inside), depth 3": (2, 3, 2, 3),
    "narrowest at the output (and inside), depth 3": (3, 2, 3, 2),
    "narrowest at the input, depth 4": (2, 3, 4, 3, 3),
}


def _split_layer(widths):
    """The interior narrowest layer j, or 1 when the narrowest width is only at an end."""
    d = min(widths[1:-1])
    return next(i for i in range(1, len(widths) - 1) if widths[i] == d)


def _complement_projector(a: Matrix, size: int) -> Matrix:
    """I − Π, Π the orthogonal projector onto the column space of ``a`` (size × ·)."""
    P = nb.projector(a) if a and a[0] else nb.zeros(size, size)
    return nb.matsub(nb.identity(size), P)


def planted_convex_instance(widths, rng: _random.Random, rank: int, gradient: bool = True, towers=None):
    """A convex quartic loss with an exact critical point planted at a chosen rank (issue 4 gap: critical
    points of non-quadratic losses).

    ``f(M) = ⟨G, M⟩ + ‖M − P₀‖² + ‖M − P₀‖⁴`` with ``P₀ = AB`` (``A = M_k⋯M_{j+1}``, ``B = M_j⋯M_1`` of rank
    ``rank`` at the split j) and ``G = (I − Π_A) R (I − Π_Bᵀ)`` (R random; G = 0 when ``gradient`` is
    false), so ``f'(P₀) = G``, ``AᵀG = 0`` and ``GBᵀ = 0``: every layer gradient ``U_iᵀ G L_iᵀ`` vanishes
    (``U_i`` ends in A for i ≤ j, ``L_i`` starts with B for i > j).  Convexity of f is certified from its
    pieces (``⟨G, M⟩ + D`` and ``D²``, D = ‖M − P₀‖² ≥ 0 convex).  Returns ``(instance, θ, (A, B, j, G))``;
    with ``towers`` the point is a multi-tower lift (A's columns / B's rows split over the towers).

    >>> inst, theta, (A, B, j, G) = planted_convex_instance((2, 2, 1, 2, 2), _random.Random(0), 0)
    >>> inst.is_critical(theta), inst.loss.convexity()[0], any(x != 0 for row in G for x in row)
    (True, 'certified', True)
    """
    import sympy
    m, n = widths[-1], widths[0]
    if towers is None:
        j = _split_layer(widths)
        w = widths[j]
    else:
        j, w = None, sum(min(t) for t in towers)
    r = min(rank, w, m, n)
    while True:
        A = nb.matmul(random_small(rng, m, r), random_small(rng, r, w)) if r else nb.zeros(m, w)
        B = nb.matmul(random_small(rng, w, r), random_small(rng, r, n)) if r else nb.zeros(w, n)
        if nb.rank(nb.matmul(A, B)) == r:
            break
    P0 = nb.matmul(A, B)
    G = nb.zeros(m, n)
    if gradient:
        QA, QB = _complement_projector(A, m), _complement_projector(nb.transpose(B), n)
        for _ in range(50):
            G = nb.matmul(nb.matmul(QA, random_small(rng, m, n)), QB)
            if any(x != 0 for row in G for x in row):
                break
    syms = [[sympy.Symbol(f"m{i}_{c}") for c in range(n)] for i in range(m)]
    q = lambda x: sympy.Rational(x.numerator, x.denominator)  # noqa: E731
    lin = sum((q(G[i][c]) * syms[i][c] for i in range(m) for c in range(n)), sympy.Integer(0))
    D = sum(((syms[i][c] - q(P0[i][c])) ** 2 for i in range(m) for c in range(n)), sympy.Integer(0))
    f = PolynomialLoss.from_expr(sympy.expand(lin + D + D ** 2), m, n, True)
    f.pieces = [(1, PolynomialLoss.from_expr(sympy.expand(lin + D), m, n)), (2, PolynomialLoss.from_expr(sympy.expand(D), m, n))]
    if towers is None:
        inst = FactoredInstance([widths], f)
        theta = [lift(A, B, widths, j, rng)]
    else:
        inst = FactoredInstance(towers, f)
        theta = _multi_lift(towers, A, B, rng)
    return inst, theta, (A, B, j, G)


def settle(inst: FactoredInstance, theta, seed: int = 0):
    """``(label, certificate or None)`` for an exact critical point: ``global_min`` (squared loss: the Ky Fan
    certificate; otherwise f'(P) = 0 with f convex — exact, no kernel certificate kind exists for it),
    ``not_local_min`` (a saddle certificate or the Lemma 1 curve), or an open label."""
    if not inst.multi and inst.loss.kind == "squared" and inst.loss.weights is None:
        return _classify_squared(inst, theta, seed)
    if _gradient_zero(inst, theta):
        conv = inst.loss.convexity()[0]
        return ("global_min" if conv == "certified" else f"global_min if f is convex ({conv})"), None
    cert, why = lemma1_certificate(inst, theta, seed=seed)
    if cert is not None:
        return ("not_critical" if cert.get("strategy") == "none" else "not_local_min"), cert
    j, d, ra, rb = split_ranks(inst, theta)
    return ("open: full rank, f' ≠ 0" if min(ra, rb) == d else f"open: {why}"), None


def _count(counts, key):
    counts[key] = counts.get(key, 0) + 1


def _fmt_counts(counts):
    return ", ".join(f"{v} {k}" for k, v in sorted(counts.items())) or "none"


def _l2_of(inst, widths, j):
    """The two-layer instance (n, d_j, m) with the same loss."""
    return FactoredInstance([(widths[0], widths[j], widths[-1])], inst.loss)


def _planted_points(widths, rng, ranks=None):
    """Planted convex-quartic critical points: rank-deficient with f' ≠ 0 and full-rank with f' = 0."""
    j = _split_layer(widths)
    w = widths[j]
    out = []
    for r in (ranks if ranks is not None else sorted({0, max(w - 1, 0)})):
        if r < min(w, widths[0], widths[-1]):
            out.append((f"planted rank {r} < {w}, f' ≠ 0",) + planted_convex_instance(widths, rng, r, True)[:2])
    out.append((f"planted rank {min(w, widths[0], widths[-1])}, f' = 0",) +
               planted_convex_instance(widths, rng, w, False)[:2])
    return out


# --- claims -----------------------------------------------------------------------------------------------

def lemma_1(seed: int = 0) -> ClaimResult:
    """Lemma 1: at a local minimum either f'(AB) = 0 or A, B both have rank d — made constructive: every
    critical point found with f'(AB) ≠ 0 and a rank-deficient split gets a kernel-checked certificate
    that it is not a local minimum."""
    rng = _random.Random(seed)
    details, certs, missing, findings = [], [], [], []
    archs = dict(BOTTLENECK_ARCHS)
    archs.update({a: w for a, w in ARCHS.items() if a.startswith("narrowest")})
    for arch, widths in archs.items():
        k = len(widths) - 1
        cases = []
        for lname, inst in _losses(widths, rng):
            cases.append((lname, inst, ("all-zero point", inst.zero_point())))
            for a, b in rng.sample(_ab_pairs(k), min(2, len(_ab_pairs(k)))):
                cases.append((lname, inst, (f"random structural point (M_{a}⋯M_1 = 0, M_{k}⋯M_{b} = 0)",
                                            [structural_critical_point(widths, a, b, rng)])))
        for label, pinst, theta in _planted_points(widths, rng):
            if "f' ≠ 0" in label:
                cases.append(("planted convex quartic", pinst, (label, theta)))
        done = {}
        for lname, inst, (label, theta) in cases:
            if _is_critical(inst, theta) is False:
                missing.append(f"{arch}/{lname}/{label}: not critical (construction bug)")
                continue
            j, d, ra, rb = split_ranks(inst, theta)
            if _gradient_zero(inst, theta):
                details.append(f"{arch} {list(widths)}, {lname}, {label}: f'(AB) = 0 (global minimum)")
                continue
            cert, why = lemma1_certificate(inst, theta, seed=seed)
            if cert is None:
                missing.append(f"{arch}/{lname}/{label} (rank A = {ra}, rank B = {rb}, d = {d}): {why}")
            else:
                certs.append(cert)
                done[lname] = done.get(lname, 0) + 1
        details.append(f"{arch} {list(widths)}: rank-deficient critical points with f'(AB) ≠ 0 certified not local "
                       f"minima, per loss: {_fmt_counts(done)}")
    # d = 2: rank-1 critical points with a NON-zero product (squared: lifted L_2 points; convex quartic: planted)
    for widths in [(4, 3, 2, 3, 4), (3, 3, 2, 2, 3, 3)]:
        inst, (U, V, s, c) = squared_instance(widths, rng)
        j, d = inst.bottleneck()
        done = total = 0
        pts = [(f"S={list(S)}", inst, [lift(A, B, widths, j, rng)])
               for A, B, S in l2_critical_points(U, V, s, d, inst.n, rng) if 0 < len(S) < d]
        pinst, ptheta = planted_convex_instance(widths, rng, 1, True)[:2]
        pts.append(("planted convex quartic, rank 1", pinst, ptheta))
        for label, pi, theta in pts:
            total += 1
            if not pi.is_critical(theta):
                missing.append(f"{list(widths)} {label}: not critical (construction bug)")
                continue
            cert, why = lemma1_certificate(pi, theta, seed=seed)
            if cert is None:
                missing.append(f"{list(widths)} {label} (rank 1 < d = {d}): {why}")
            else:
                certs.append(cert)
                done += 1
        details.append(f"{list(widths)} (d = {d}): {done}/{total} rank-1 critical points with a non-zero product "
                       "(squared: lifted L_2 points; convex quartic: planted) certified not local minima")
    # the issue's warning, checked: the paper's perturbation of B alone is silent at the origin
    inst = squared_instance((2, 2, 1, 2, 2), rng)[0]
    if paper_b_only_gradient_vanishes(inst, inst.zero_point(), seed):
        findings.append("The proof's perturbation of B alone (layers 1..j) does not by itself exhibit a non-zero "
                        "gradient: at the origin of a (2,2,1,2,2) network the gradient stays exactly 0 along it "
                        "(checked for every entry and degree); the proof concludes only by contradiction through "
                        "Lemma 2 and Laurent–von Brecht.  The certificates here perturb the layers above the "
                        "bottleneck too (null-space steps on every layer below the top), which gives an explicit "
                        "non-zero gradient polynomial.")
    status = "held" if not missing else "inconclusive"
    return ClaimResult("lemma_1", status, True,
                       f"{len(certs)} rank-deficient critical points with f'(AB) ≠ 0 certified not local minima "
                       f"({len(archs)} architectures + two d = 2 nets; squared, weighted squared, smoothed hinge, "
                       "cross-entropy, convex quartics)" + (f"; {len(missing)} not settled" if missing else ""),
                       details + missing, [], certs, findings)


def lemma_2(seed: int = 0) -> ClaimResult:
    """Lemma 2: at a local minimum of L_k, (A, B) is a critical point of L_2.  Checked at the local minima
    found (all global: constructed, certified), and contrapositively: critical points of L_k whose (A, B)
    is not L_2-critical are certified not local minima."""
    rng = _random.Random(seed + 1)
    details, certs, bad = [], [], []
    minima = 0

    def l2_critical(inst, theta, j):
        A2, B2 = split(theta[0], j, inst.m, inst.n)
        G = inst.loss.gradient(nb.matmul(A2, B2))
        return not (any(x for row in nb.matmul(G, nb.transpose(B2)) for x in row) or
                    any(x for row in nb.matmul(nb.transpose(A2), G) for x in row))

    for arch, widths in BOTTLENECK_ARCHS.items():
        found = {}
        inst, (U, V, s, c) = squared_instance(widths, rng)
        j, d = inst.bottleneck()
        top = [p for p in l2_critical_points(U, V, s, d, inst.n, rng) if p[2] == tuple(range(min(d, len(s))))]
        for A, B, S in top:
            theta = [lift(A, B, widths, j, rng)]
            cls, cert = _classify_squared(inst, theta, seed)
            if cls != "global_min":
                bad.append(f"{list(widths)}: lifted top-{d} point classified {cls}")
                continue
            certs.append(cert)
            if not l2_critical(inst, theta, j):
                bad.append(f"{list(widths)}: at a certified local (global) minimum (A, B) is not L_2-critical")
            minima += 1
            _count(found, "squared global minimum (Ky Fan certificate): (A, B) L_2-critical")
        hinst, u, v = separable_hinge_instance(widths, rng)
        A = [ur + [Fraction(0)] * (d - 1) for ur in u]
        B = v + [[Fraction(0)] * inst.n for _ in range(d - 1)]
        theta = [lift(A, B, widths, j, rng)]
        if hinst.loss_value(theta) == 0 and _gradient_zero(hinst, theta) and l2_critical(hinst, theta, j):
            minima += 1
            _count(found, "smoothed-hinge separable global minimum (f = 0): (A, B) L_2-critical")
        pinst, ptheta, _ = planted_convex_instance(widths, rng, d, False)
        if pinst.is_critical(ptheta) and _gradient_zero(pinst, ptheta) and l2_critical(pinst, ptheta, j):
            minima += 1
            _count(found, "convex-quartic global minimum (f' = 0, convexity certified): (A, B) L_2-critical")
        # contrapositive: L_k-critical, not L_2-critical (squared and smoothed hinge)
        for lname, li in (("squared", inst), ("smoothed hinge", hinge_instance(widths, rng))):
            for a, b in _ab_pairs(len(widths) - 1):
                theta = [structural_critical_point(widths, a, b, rng)]
                if not l2_critical(li, theta, j):
                    cert, why = lemma1_certificate(li, theta, seed=seed)
                    if cert is None:
                        bad.append(f"{list(widths)} {lname} (a, b) = ({a}, {b}): L_k-critical, (A, B) not "
                                   f"L_2-critical, and not certified: {why}")
                    else:
                        certs.append(cert)
                        _count(found, f"{lname} L_k-critical point with (A, B) not L_2-critical: certified not a "
                                      "local minimum")
                    break
        details.append(f"{arch} {list(widths)}: {_fmt_counts(found)}")
    status = "held" if not bad else "inconclusive"
    return ClaimResult("lemma_2", status, True,
                       f"{minima} local (global) minima on 5 architectures (squared, smoothed hinge, convex quartic): "
                       "(A, B) L_2-critical; contrapositive certified (squared, smoothed hinge)",
                       details + ["the local minima found are global (f' = 0 for the non-quadratic losses), so "
                                  "L_2-criticality is immediate there; the contrapositive rows carry the content"]
                       + bad, [], certs)


def _as_deep_linear(inst: FactoredInstance):
    """The squared-loss FactoredInstance as a deep_linear Instance (for the polynomial classifier/kernel)."""
    from ..instance import DeepLinear, Instance, SquaredLoss
    f = inst.loss
    return Instance(DeepLinear(inst.towers[0]), f.X, f.Y, SquaredLoss(f.scale))


def _classify_squared(inst, theta, seed=0):
    """``(label, certificate)``: global_min / not_local_min / inconclusive for a squared-loss point."""
    from ..classify import classify
    v = classify(_as_deep_linear(inst), theta[0], seed=seed)
    if v.cls == "global_min":
        return "global_min", v.certificate
    if v.cls == "not_critical":
        return "not_critical", v.certificate
    if v.cls in ("strict_saddle", "non_strict_saddle", "local_max"):
        return "not_local_min", v.certificate
    cert, why = lemma1_certificate(inst, theta, seed=seed)
    if cert is not None:
        return "not_local_min", cert
    return v.cls, v.certificate


def _critical_set(inst, svd, rng, splits=None, limit=None):
    """Lifted L_2 critical points at each split j (0 < j < k; default the interior narrowest layer) plus
    structural points."""
    U, V, s, c = svd
    widths = inst.towers[0]
    k = len(widths) - 1
    out = []
    for j in (splits or [_split_layer(widths)]):
        for A, B, S in l2_critical_points(U, V, s, widths[j], inst.n, rng):
            out.append((f"L_2 point S={list(S)} lifted at j={j}", [lift(A, B, widths, j, rng)]))
    for a, b in _ab_pairs(k)[:2]:
        out.append((f"structural (a, b) = ({a}, {b})", [structural_critical_point(widths, a, b, rng)]))
    return out[:limit] if limit else out


def _tally(label, inst, pts, seed, certs, open_, wrong, check_critical=True):
    """Settle every point; returns the per-label counts."""
    counts = {}
    for plabel, theta in pts:
        crit = _is_critical(inst, theta) if check_critical else None
        if crit is False:
            wrong.append(f"{label}/{plabel}: not critical (construction bug)")
            continue
        cls, cert = settle(inst, theta, seed)
        _count(counts, cls)
        if cert is not None and cls in ("global_min", "not_local_min", "not_critical"):
            certs.append(cert)
        elif cls == "local_min":
            wrong.append(f"{label}/{plabel}: a certified local minimum that is not global")
        elif cls != "global_min":
            open_.append(f"{label}/{plabel}: {cls}")
    return counts


def _non_quadratic_points(widths, rng, with_planted=True):
    """(loss label, instance, [(point label, θ)]): hinge / cross-entropy structural points and planted
    convex-quartic critical points on one architecture."""
    k = len(widths) - 1
    out = []
    for lname, inst in (("smoothed hinge p=2", hinge_instance(widths, rng)), ("cross-entropy", ce_instance(widths, rng))):
        out.append((lname, inst, [(f"structural ({a}, {b})", [structural_critical_point(widths, a, b, rng)])
                                  for a, b in _ab_pairs(k)[:2]]))
    if with_planted:
        for label, pinst, theta in _planted_points(widths, rng):
            out.append(("convex quartic (planted)", pinst, [(label, theta)]))
    return out


def _no_spurious(name, archs, seed, summary_what, rng, findings=None, squared_kwargs=None,
                 non_quadratic=True) -> ClaimResult:
    """On each architecture: every critical point found (squared-loss closed-form set; non-quadratic
    structural and planted points) is certified global or certified not a local minimum."""
    details, certs, open_, wrong = [], [], [], []
    total = 0
    for i, (arch, widths) in enumerate(archs.items()):
        kw = dict((squared_kwargs or (lambda i, w: {}))(i, widths))
        dlabel = kw.pop("label", None)
        inst, svd = squared_instance(widths, rng, **kw)
        per = []
        tag = f"{arch} {list(widths)}"
        counts = _tally(tag + " squared", inst, _critical_set(inst, svd, rng), seed, certs, open_, wrong)
        total += sum(counts.values())
        per.append(f"squared{' (' + dlabel + ')' if dlabel else ''}: {_fmt_counts(counts)}")
        if non_quadratic:
            merged = {}
            for lname, li, pts in _non_quadratic_points(widths, rng):
                c = _tally(f"{tag} {lname}", li, pts, seed, certs, open_, wrong)
                total += sum(c.values())
                acc = merged.setdefault(lname, {})
                for key, v in c.items():
                    acc[key] = acc.get(key, 0) + v
            per += [f"{ln}: {_fmt_counts(c)}" for ln, c in merged.items()]
        details.append(f"{tag}: " + "; ".join(per))
    status = "failed" if any("local minimum" in w for w in wrong) else ("inconclusive" if open_ or wrong else "held")
    return ClaimResult(name, status, True,
                       f"{total} critical points {summary_what} on {len(archs)} architectures: each certified global "
                       "or not a local minimum" + (f" ({len(open_)} open)" if open_ else ""),
                       details + open_ + wrong, [], certs, findings or [])


def theorem_2(seed: int = 0) -> ClaimResult:
    """Theorem 2: a spurious local minimum (A, B) of L_2 has A, B of full rank.  Run on the (A, B) of the
    critical points of five deep architectures (split at the bottleneck, as points of L_2 with inner width
    d): each is global or certified not a local minimum, the rank-deficient ones with f' ≠ 0 by the Lemma 1
    certificate on L_2 itself."""
    rng = _random.Random(seed + 2)
    details, certs, open_, wrong = [], [], [], []
    total = 0
    for arch, widths in BOTTLENECK_ARCHS.items():
        inst, svd = squared_instance(widths, rng)
        j, d = inst.bottleneck()
        merged = {}
        groups = [("squared", inst, _critical_set(inst, svd, rng))]
        groups += _non_quadratic_points(widths, rng)
        for lname, li, pts in groups:
            l2 = _l2_of(li, widths, j)
            ab = []
            for plabel, theta in pts:
                if _is_critical(li, theta) is False:
                    wrong.append(f"{arch} {list(widths)} {lname}/{plabel}: not critical in L_k (construction bug)")
                    continue
                A, B = split(theta[0], j, li.m, li.n)
                ab.append((plabel, [[B, A]]))
            # (A, B) need not be L_2-critical (Lemma 2's contrapositive): those are labelled not_critical
            c = _tally(f"{arch} {list(widths)} {lname}", l2, ab, seed, certs, open_, wrong, check_critical=False)
            total += sum(c.values())
            acc = merged.setdefault(lname, {})
            for key, v in c.items():
                acc[key] = acc.get(key, 0) + v
        per = [f"{ln}: {_fmt_counts(c)}" for ln, c in merged.items()]
        details.append(f"(A, B) of {arch} {list(widths)} in L_2 = ({widths[0]}, {d}, {widths[-1]}): " + "; ".join(per))
    status = "failed" if any("local minimum" in w for w in wrong) else ("inconclusive" if open_ or wrong else "held")
    return ClaimResult("theorem_2", status, True,
                       f"{total} points (A, B) of L_2 from critical points of 5 deep architectures (squared, smoothed "
                       "hinge, cross-entropy, convex quartic): each certified global, not critical in L_2, or not a "
                       "local minimum; no rank-deficient local minimum" + (f" ({len(open_)} open)" if open_ else ""),
                       details + open_ + wrong, [], certs)


def theorem_3(seed: int = 0) -> ClaimResult:
    """Theorem 3 (Laurent–von Brecht): with no bottleneck, every local minimum is global."""
    return _no_spurious("theorem_3", NO_BOTTLENECK_ARCHS, seed, "(no bottleneck; squared, smoothed hinge, "
                        "cross-entropy, convex quartic)", _random.Random(seed + 3))


def _flat_to_l2(v, n, w, m):
    """A flat direction (M_1 = B row-major, then M_2 = A) as (ΔB, ΔA)."""
    v = [Fraction(x) for x in v]
    dB = [v[r * n:(r + 1) * n] for r in range(w)]
    off = w * n
    dA = [v[off + r * w: off + (r + 1) * w] for r in range(m)]
    return dB, dA


def tower_transfer(inst: FactoredInstance, theta, l2cert) -> tuple[bool, str]:
    """Corollary 2's transfer, checked exactly: at a multi-tower critical point whose split ``(A, B)`` (A the
    towers' upper products side by side, B the lower ones stacked) has full-rank blocks, lift the L_2
    negative-curvature direction ``(ΔA, ΔB)`` of a kernel-verified ``strict_saddle`` certificate to the
    towers' top and bottom layers (``Δ_k = ΔA_t (U_tᵀU_t)⁻¹U_tᵀ``, ``Δ_1 = W_tᵀ(W_tW_tᵀ)⁻¹ΔB_t``), check that
    ``L(θ + sΔ) ≡ L_2((A, B) + s(ΔA, ΔB))`` as polynomials in s (equal at deg + 1 values) and that θ is
    critical; then the s² coefficient is the certified negative curvature, so θ is not a local minimum.
    Exact arithmetic, untrusted code (the L_2 certificate itself is kernel-checked)."""
    ok, why = verify(l2cert)
    if not ok or l2cert.get("claim") != "strict_saddle":
        return False, f"the L_2 certificate is not a verified strict_saddle ({why})"
    v = next((e["v"] for e in l2cert["evidence"] if e.get("type") == "negative_curvature"), None)
    m, n = inst.m, inst.n
    b = sum(min(t) for t in inst.towers)
    dB, dA = _flat_to_l2(v, n, b, m)
    lifted, c = [], 0
    for mats, widths in zip(theta, inst.towers):
        j, bt = _interior_min(widths), min(widths)
        k = len(mats)
        if k < 2:
            return False, "a tower of depth 1 has no separate top and bottom layer"
        Ut = nb.chain([mats[i] for i in range(k - 2, j - 1, -1)], widths[j])    # M_{k-1}⋯M_{j+1}
        Wt = nb.chain([mats[i] for i in range(j - 1, 0, -1)], widths[1])       # M_j⋯M_2
        if nb.rank(Ut) < bt or nb.rank(Wt) < bt:
            return False, "a tower's inner chain is rank-deficient: the transfer needs full-rank blocks"
        dAt = [row[c:c + bt] for row in dA]
        dBt = dB[c:c + bt]
        UtT, WtT = nb.transpose(Ut), nb.transpose(Wt)
        Dk = nb.matmul(nb.matmul(dAt, nb.inverse(nb.matmul(UtT, Ut))), UtT)
        D1 = nb.matmul(WtT, nb.matmul(nb.inverse(nb.matmul(Wt, WtT)), dBt))
        lifted.append([D1] + [nb.zeros(len(M), len(M[0])) for M in mats[1:-1]] + [Dk])
        c += bt
    A2 = [sum((row for row in rows), []) for rows in zip(*[split(t, _interior_min(w), m, n)[0]
                                                            for t, w in zip(theta, inst.towers)])]
    B2 = [row for t, w in zip(theta, inst.towers) for row in split(t, _interior_min(w), m, n)[1]]
    if not inst.is_critical(theta):
        return False, "θ is not critical"
    deg = 2 * max(2, getattr(inst.loss, "degree", lambda: 2)())
    l2 = FactoredInstance([(n, b, m)], inst.loss)
    vals = []
    for sv in range(deg + 1):
        th = [[nb.matadd(M, nb.scale(sv, D)) for M, D in zip(mats, ds)] for mats, ds in zip(theta, lifted)]
        lv = inst.loss_value(th)
        l2v = l2.loss_value([[nb.matadd(B2, nb.scale(sv, dB)), nb.matadd(A2, nb.scale(sv, dA))]])
        if lv != l2v:
            return False, f"L(θ + sΔ) ≠ L_2((A, B) + s(ΔA, ΔB)) at s = {sv}"
        vals.append(lv)
    # second difference coefficient: the s² coefficient of the interpolating polynomial
    c2 = _coefficient(vals, 2)
    if c2 >= 0:
        return False, f"s² coefficient {fmt(c2)} is not negative"
    return True, f"lifted negative-curvature direction: L(θ + sΔ) ≡ L_2 along (ΔA, ΔB), s² coefficient {fmt(c2)} < 0"


def _coefficient(vals, power):
    """Coefficient of s^power of the polynomial with values ``vals`` at s = 0, 1, …, (exact Newton form)."""
    import sympy
    s = sympy.Symbol("s")
    poly = sympy.interpolate([(i, sympy.Rational(v.numerator, v.denominator)) for i, v in enumerate(vals)], s)
    c = sympy.Poly(poly, s).coeff_monomial(s ** power)
    return Fraction(int(c.p), int(c.q))


def theorem_1(seed: int = 0) -> ClaimResult:
    """Theorem 1: L_k has spurious local minima iff L_2 has — the maps both ways, exhibited on five
    architectures: L_2 → L_k by the proof's construction of M_1, …, M_k from (A, B) (:func:`lift`), L_k → L_2
    by the split at the bottleneck (:func:`split`), with the status of each point settled on both sides."""
    rng = _random.Random(seed + 4)
    details, certs, bad = [], [], []
    for arch, widths in BOTTLENECK_ARCHS.items():
        inst, (U, V, s, c) = squared_instance(widths, rng)
        j, d = inst.bottleneck()
        l2 = FactoredInstance([(widths[0], d, widths[-1])], inst.loss)
        n_up, both = 0, {}
        saddle_done = False
        theta = None
        for A, B, S in l2_critical_points(U, V, s, d, inst.n, rng):
            theta = [lift(A, B, widths, j, rng)]
            A2, B2 = split(theta[0], j, inst.m, inst.n)
            if (A2, B2) != (A, B) or not inst.is_critical(theta) or \
                    inst.loss_value(theta) != l2.loss_value([[B, A]]):
                bad.append(f"{list(widths)} S={list(S)}: lift does not reproduce (A, B), criticality or the loss")
                continue
            n_up += 1
            top = S == tuple(range(min(d, len(s))))
            if top or (not saddle_done and S):
                cls, cert = _classify_squared(inst, theta, seed)
                cls2, cert2 = _classify_squared(l2, [[B, A]], seed)
                if cls != cls2 or cls not in ("global_min", "not_local_min"):
                    bad.append(f"{list(widths)} S={list(S)}: L_k {cls} but L_2 {cls2}")
                else:
                    certs += [cert, cert2]
                    _count(both, f"squared {cls} on both sides")
                    saddle_done = saddle_done or not top
        # planted convex quartic: the same point settled in L_k and, split, in L_2
        for label, pinst, ptheta in _planted_points(widths, rng):
            A2, B2 = split(ptheta[0], j, pinst.m, pinst.n)
            pl2 = _l2_of(pinst, widths, j)
            if pinst.product(ptheta) != nb.matmul(A2, B2) or not pinst.is_critical(ptheta) or \
                    not pl2.is_critical([[B2, A2]]):
                bad.append(f"{list(widths)} {label}: split of a planted critical point is not L_2-critical")
                continue
            cls, cert = settle(pinst, ptheta, seed)
            cls2, cert2 = settle(pl2, [[B2, A2]], seed)
            if cls != cls2 or cls not in ("global_min", "not_local_min"):
                bad.append(f"{list(widths)} convex quartic {label}: L_k {cls} but L_2 {cls2}")
            else:
                certs += [x for x in (cert, cert2) if x is not None]
                _count(both, f"convex quartic {cls} on both sides")
        # smoothed hinge: a separable global minimum of L_2 (f = 0) lifted and split back
        hinst, u, v = separable_hinge_instance(widths, rng)
        A = [ur + [Fraction(0)] * (d - 1) for ur in u]
        B = v + [[Fraction(0)] * hinst.n for _ in range(d - 1)]
        hl2 = _l2_of(hinst, widths, j)
        htheta = [lift(A, B, widths, j, rng)]
        if split(htheta[0], j, hinst.m, hinst.n) != (A, B) or not hinst.loss_value(htheta) == hl2.loss_value([[B, A]]) == 0:
            bad.append(f"hinge {list(widths)}: lift / split of the global minimum failed")
        else:
            _count(both, "smoothed hinge global_min (f = 0) on both sides")
        # perturbation transfer at the last lifted point: D_1 A_1 = D with A_1 = M_{k-1}⋯M_{j+1}
        transfer = "no full-rank A_1"
        if theta is not None and len(widths) - 1 > j + 1:
            A1 = nb.chain([theta[0][i] for i in range(len(widths) - 3, j - 1, -1)], widths[j])
            if nb.rank(A1) == d:
                D = random_small(rng, inst.m, d)
                A1t = nb.transpose(A1)
                D1 = nb.matmul(nb.matmul(D, nb.inverse(nb.matmul(A1t, A1))), A1t)
                transfer = "D₁A₁ = D checked" if nb.matmul(D1, A1) == D else "D₁A₁ = D FAILED"
                if "FAILED" in transfer:
                    bad.append(f"{list(widths)}: perturbation transfer D₁A₁ = D failed")
        elif len(widths) - 1 == j + 1:
            transfer = "A = M_k (nothing to transfer)"
        details.append(f"{arch} {list(widths)}: {n_up} squared L_2 critical points lifted (M_i from (A, B); product, "
                       f"loss, criticality exact) and split back; statuses: {_fmt_counts(both)}; {transfer}")
    ce = nonconvex_counterexample()
    ok = all(verify(x)[0] for x in ce["certificates"])
    details.append("non-convex f: the spurious local minimum of L_2 and its lift to depth 4 are both certified "
                   "spurious (the direction L_2 → L_k needs no convexity)" if ok else "non-convex lift FAILED")
    if ok:
        certs += ce["certificates"]
    else:
        bad.append("non-convex lift certificates rejected")
    details.append("no spurious local minimum of a convex loss was found on either side (none exists for the squared "
                   "loss, Corollary 1); the 'spurious ↦ spurious' direction is exhibited with the non-convex f")
    findings = ["Typo in the proof of Theorem 1: '(M_k + D_1)A_1 = A + D. This implies any local perturbation to "
                "A can be done through local perturbation to M_1' — it is M_k (checked: D_1 = D(A_1ᵀA_1)⁻¹A_1ᵀ "
                "perturbs M_k).",
                "The direction L_2 → L_k (a spurious local minimum of L_2 lifts to one of L_k) needs neither "
                "convexity nor differentiability of f (certified with a non-convex f); only L_k → L_2 uses them."]
    return ClaimResult("theorem_1", "held" if not bad else "failed", True,
                       "L_2 → L_k (construction of M_i from (A, B)) and L_k → L_2 (split at the bottleneck) "
                       "exhibited on 5 architectures (squared, convex quartic, smoothed hinge); statuses agree on "
                       "both sides", details + bad, [], certs, findings)


def corollary_1(seed: int = 0) -> ClaimResult:
    """Corollary 1: ‖M_k⋯M_1X − Y‖² has no spurious local minima, with no data assumptions."""
    def data(i, widths):
        m, n = widths[-1], widths[0]
        if i % 2 == 0:
            return {"rank_x": n - 1, "label": f"rank-deficient X, rank {n - 1} < d_0 = {n}"}
        return {"sigmas": ([3, 3, 1] if min(m, n) >= 3 else [3, 3])[:min(m, n)],
                "label": "repeated singular values of YXᵀ"}
    res = _no_spurious("corollary_1", BOTTLENECK_ARCHS, seed, "of the squared loss with Kawaguchi (2016)'s data "
                       "hypotheses failing", _random.Random(seed + 5), squared_kwargs=data, non_quadratic=False)
    res.details.append("Kawaguchi (2016)'s data hypotheses (XXᵀ full rank, distinct eigenvalues of Σ) fail on "
                       "these instances; Corollary 1 does not need them.  Non-quadratic losses: not applicable "
                       "(the corollary is about the squared loss; see theorem_2 / theorem_3 for the others)")
    return res


TOWER_ARCHS = {  # five multi-tower networks (name: towers); b = Σ b_i against m, n
    "b < min(m, n)": [(3, 1, 3), (3, 2, 1, 3)],
    "b = m = n": [(2, 1, 2), (2, 1, 1, 2)],
    "min(m, n) ≤ b < max(m, n)": [(3, 1, 2), (3, 1, 1, 2)],
    "b < min(m, n), a depth-4 tower": [(3, 2, 1, 2, 3), (3, 1, 3)],
    "three towers, b > m = n": [(2, 1, 2), (2, 2, 1, 2, 2), (2, 1, 1, 2)],
}


def corollary_2(seed: int = 0) -> ClaimResult:
    """Corollary 2: multi-tower networks reduce to the two-layer AB with b = Σ b_i; if b ≥ m, n there are no
    spurious local minima.  Every critical point found on five tower configurations is certified global or
    not a local minimum *on the towers*: rank-deficient ones by the Lemma 1 certificate (multi-tower curve),
    full-rank saddles by lifting the L_2 negative-curvature direction to the towers (:func:`tower_transfer`)."""
    rng = _random.Random(seed + 6)
    details, certs, bad, open_ = [], [], [], []
    for name, towers in TOWER_ARCHS.items():
        m, n = towers[0][-1], towers[0][0]
        b = sum(min(t) for t in towers)
        X, Y, U, V, s, c = svd_data(m, n, sorted(rng.sample(range(1, 9), min(m, n)), reverse=True), rng)
        inst = FactoredInstance(towers, SquaredData(X, Y, ONE))
        l2 = FactoredInstance([(n, b, m)], inst.loss)
        labels = {}
        for A, B, S in l2_critical_points(U, V, s, b, n, rng):
            theta = _multi_lift(towers, A, B, rng)
            if inst.product(theta) != nb.matmul(A, B) or not inst.is_critical(theta):
                bad.append(f"towers {towers} S={list(S)}: the tower lift is not an exact critical point")
                continue
            A2 = [sum((row for row in rows), []) for rows in zip(*[split(t, _interior_min(w), m, n)[0]
                                                                    for t, w in zip(theta, towers)])]
            B2 = [row for t, w in zip(theta, towers) for row in split(t, _interior_min(w), m, n)[1]]
            if (A2, B2) != (A, B):
                bad.append(f"towers {towers}: splitting the towers does not give back (A, B)")
                continue
            cls2, cert2 = _classify_squared(l2, [[B2, A2]], seed)
            if cls2 == "global_min":
                # same product, so the same (globally minimal) loss value: a global minimum on the towers too
                certs.append(cert2)
                _count(labels, "global (L_2 Ky Fan certificate, same product)")
                continue
            cert, why = lemma1_certificate(inst, theta, seed=seed)
            if cert is not None:
                certs.append(cert)
                _count(labels, "not local min (Lemma 1 curve on the towers)")
                continue
            if cls2 == "not_local_min" and cert2.get("claim") == "strict_saddle":
                ok, why = tower_transfer(inst, theta, cert2)
                if ok:
                    certs.append(cert2)
                    _count(labels, "not local min (L_2 saddle transferred to the towers)")
                    continue
                open_.append(f"towers {towers} S={list(S)}: transfer failed: {why}")
            else:
                open_.append(f"towers {towers} S={list(S)}: L_2 {cls2}, full rank, not settled on the towers")
            _count(labels, "open")
        for _ in range(2):  # structural: every tower critical with zero product
            theta = [structural_critical_point(t, 1, len(t) - 1, rng) for t in towers]
            cert, why = lemma1_certificate(inst, theta, seed=seed)
            if cert is None:
                if not _gradient_zero(inst, theta):
                    bad.append(f"towers {towers}: structural point not certified: {why}")
            else:
                certs.append(cert)
                _count(labels, "squared structural, not local min")
        for other in (hinge_instance(towers[0], rng), ce_instance(towers[0], rng)):  # non-quadratic losses
            oinst = FactoredInstance(towers, other.loss)
            theta = [structural_critical_point(t, 1, len(t) - 1, rng) for t in towers]
            cert, why = lemma1_certificate(oinst, theta, seed=seed)
            if cert is None:
                bad.append(f"towers {towers}, {other.loss.kind}: structural point not certified: {why}")
            else:
                certs.append(cert)
                _count(labels, f"{other.loss.kind} structural, not local min")
        for r, grad in ((0, True), (b, False)):  # planted convex quartic on the towers
            pinst, ptheta, _ = planted_convex_instance(towers[0], rng, r, grad, towers=towers)
            if not pinst.is_critical(ptheta):
                bad.append(f"towers {towers}: planted point not critical (construction bug)")
                continue
            cls, cert = settle(pinst, ptheta, seed)
            if cls in ("global_min", "not_local_min"):
                _count(labels, f"convex quartic (planted) {cls}")
                if cert is not None:
                    certs.append(cert)
            else:
                open_.append(f"towers {towers}: planted convex quartic {cls}")
        rel = "≥" if b >= max(m, n) else ("≥ min(m, n) but <" if b >= min(m, n) else "<")
        details.append(f"{name}: towers {[list(t) for t in towers]}, b = {b} {rel} m, n = {m}, {n}: "
                       f"{_fmt_counts(labels)}")
    findings = ["Corollary 2's proof treats 'some tower has no bottleneck' by fixing all other towers and "
                "applying Theorem 1 to that tower; that yields a global minimum of f restricted to the other "
                "towers' fixed sum, i.e. of f(· + C), which is the global minimum of f only because the free "
                "tower's product ranges over all m × n matrices — true since it has no bottleneck (rank "
                "min(m, n)); the text leaves this step implicit.",
                "The clause 'if b ≥ m, n there are no spurious local minima' holds under the weaker b ≥ min(m, n): "
                "then the two-layer network (n, b, m) has its narrowest layer at an end and Theorem 3 applies "
                "(checked on the configuration with min(m, n) ≤ b < max(m, n): every critical point found is "
                "certified global or not a local minimum on the towers)."]
    status = "held" if not bad and not open_ else "inconclusive"
    return ClaimResult("corollary_2", status, True,
                       "multi-tower critical points on 5 tower configurations (squared, smoothed hinge, cross-entropy, "
                       "convex quartic): each certified global or not a local minimum on the towers (Lemma 1 curves; "
                       "full-rank saddles of L_2 transferred to the towers exactly)", details + open_ + bad, [],
                       certs, findings)


def _interior_min(widths):
    """The first interior layer of minimal width (the tower's bottleneck)."""
    b = min(widths)
    return next(i for i in range(1, len(widths) - 1) if widths[i] == b)


def _multi_lift(towers, A, B, rng):
    """Split A's columns / B's rows over the towers' bottlenecks and lift each tower."""
    out, c = [], 0
    for widths in towers:
        b = min(widths)
        j = next(i for i in range(1, len(widths) - 1) if widths[i] == b) if min(widths[1:-1]) == b else None
        Ai = [row[c:c + b] for row in A]
        Bi = B[c:c + b]
        if j is None:
            raise ValueError("tower without an interior bottleneck")
        out.append(lift(Ai, Bi, widths, j, rng))
        c += b
    return out



# --- dropped hypotheses ------------------------------------------------------------------------------------

def nonconvex_counterexample():
    """f(M) = φ(M₁₁) + Σ_(i,j)≠(1,1) M_ij², φ(p) = p⁴/4 + p³/3 − p² (φ' = p(p − 1)(p + 2)): P = E₁₁ is a
    strict local minimum of f (value −5/12) but f(−2E₁₁) = −8/3.  On the (2,1,2) network and on its lift
    to (2,2,1,2,2) the points with product E₁₁ are spurious local minima."""
    expr = "m0_0**4/4 + m0_0**3/3 - m0_0**2 + m0_1**2 + m1_0**2 + m1_1**2"
    f = PolynomialLoss.from_expr(expr, 2, 2, convex=False)
    out = {"instances": [], "certificates": []}
    rng = _random.Random(7)
    for widths in [(2, 1, 2), (2, 2, 1, 2, 2)]:
        inst = FactoredInstance([widths], f)
        j, d = inst.bottleneck()
        A, B = [[ONE], [Fraction(0)]], [[ONE, Fraction(0)]]
        theta = [lift(A, B, widths, j, rng)]
        lower = [lift([[Fraction(-2)], [Fraction(0)]], B, widths, j, rng)]
        cert = {"exactland_certificate": 1, "kernel": "depth", "claim": "spurious_local_min",
                "instance": inst.to_json(), "point": inst.point_to_json(theta),
                "evidence": [{"type": "strict_local_min_of_f"},
                             {"type": "lower_point", "point": inst.point_to_json(lower)}]}
        out["instances"].append(inst)
        out["certificates"].append(cert)
    return out


def regularized_counterexample():
    """‖M₃M₂M₁X − Y‖² + λΣ‖M_i‖² on (2,1,1,2) (Tikhonov, λ = 1/10): the origin is a strict local minimum
    (Hessian 2λI) with loss ‖Y‖², but a scaled copy of a good rank-1 fit has a smaller loss."""
    from ..classify import classify
    from ..instance import DeepLinear, Instance, SquaredLoss, Tikhonov
    widths = (2, 1, 1, 2)
    X = [[1, 0, 1], [0, 1, 1]]
    Y = [[2, 0, 2], [0, 0, 0]]
    lam = Fraction(1, 10)
    reg = Tikhonov(tuple([[lam] * c for _ in range(r)] for r, c in DeepLinear(widths).shapes))
    inst = Instance(DeepLinear(widths), X, Y, SquaredLoss(ONE), reg)
    v = classify(inst, inst.zero_point())
    lower = [[[ONE, Fraction(0)]], [[ONE]], [[ONE], [Fraction(0)]]]
    from ..instance import point_to_json
    cert = {"exactland_certificate": 1, "kernel": "depth", "claim": "spurious_local_min",
            "instance": inst.to_json(), "point": point_to_json(inst.zero_point()),
            "evidence": [{"type": "base_certificate", "certificate": v.certificate},
                         {"type": "lower_point", "point": point_to_json(lower)}]}
    return inst, v, cert


def nondifferentiable_example(widths=(2, 1, 1)):
    """f(x) = |x₁| + x₂ + x₂² on 1 × 2 matrices (convex, not differentiable on x₁ = 0), network ``widths``
    = (2, 1, …, 1) (no bottleneck: d = d_k = 1), point with top layer a = 0 and lower product b = (1, 0):
    L = 0.  Subgradients g = (s, 1), s ∈ [−1, 1], of f at 0: g₊ = (1, 1) has ⟨g₊, b⟩ = 1 > 0, g₋ = (−1, 1)
    has −1 < 0, so f(a'b') ≥ f(0) + a'⟨g_±, b'⟩ ≥ 0 near θ (choose ± = sign a'): a local minimum; but
    f(0, −½) = −¼.  Returns ``(instance, certificate)`` (kernel evidence ``subgradient_split``).

    >>> inst, cert = nondifferentiable_example()
    >>> verify(cert)
    (True, 'valid')
    """
    from ..models.factored import ConvexAbs
    f = ConvexAbs(1, 2, [[1, [[1, 0]], 0]], PolynomialLoss.from_expr("m0_1 + m0_1**2", 1, 2))
    inst = FactoredInstance([widths], f)
    k = len(widths) - 1
    theta = [[[[ONE, Fraction(0)]]] + [[[ONE]] for _ in range(k - 2)] + [[[Fraction(0)]]]]
    lower = [[[[Fraction(0), Fraction(-1, 2)]]] + [[[ONE]] for _ in range(k - 1)]]
    cert = {"exactland_certificate": 1, "kernel": "depth", "claim": "spurious_local_min",
            "instance": inst.to_json(), "point": inst.point_to_json(theta),
            "evidence": [{"type": "subgradient_split", "plus": ["1"], "minus": ["-1"]},
                         {"type": "lower_point", "point": inst.point_to_json(lower)}]}
    return inst, cert


def theorem_1_nonconvex_f(seed: int = 0) -> ClaimResult:
    """Dropping convexity: a non-convex polynomial f with a spurious local minimum of L_2 and of L_4."""
    ce = nonconvex_counterexample()
    certs, details = [], []
    for inst, cert in zip(ce["instances"], ce["certificates"]):
        ok, why = verify(cert)
        details.append(f"{list(inst.towers[0])}: f = φ(M₁₁) + Σ others², φ = p⁴/4 + p³/3 − p²; product E₁₁ is a "
                       f"strict local minimum of f (value −5/12), f(−2E₁₁) = −8/3: spurious local minimum {why}")
        if ok:
            certs.append(cert)
    status = "failed" if len(certs) == 2 else "inconclusive"
    return ClaimResult("theorem_1_nonconvex_f", status, False,
                       "no spurious local minima FAILS for non-convex f (L_2 and its depth-4 lift, certified)",
                       details, ["f convex"], certs,
                       counterexample={"example": "examples/depth_reduction/nonconvex_f_*.json",
                                       "point_product": "E11", "loss": "-5/12", "lower_loss": "-8/3"})


def theorem_1_regularized(seed: int = 0) -> ClaimResult:
    """Dropping the form f(M_k⋯M_1): a Tikhonov regularizer gives a spurious local minimum."""
    inst, v, cert = regularized_counterexample()
    ok, why = verify(cert)
    details = [f"(2,1,1,2), ‖M₃M₂M₁X − Y‖² + (1/10)Σ‖M_i‖²: origin {v.cls} (Hessian 2λI), loss {fmt(v.loss)}; "
               f"a rank-1 fit has a smaller loss: spurious local minimum {why}"]
    return ClaimResult("theorem_1_regularized", "failed" if ok else "inconclusive", False,
                       "with a regularizer the origin is a certified spurious local minimum", details,
                       ["L = f(M_k⋯M_1) (a regularizer is not a function of the product)"], [cert] if ok else [],
                       counterexample={"example": "examples/depth_reduction/regularized_*.json",
                                       "point": "origin", "loss": fmt(v.loss)} if ok else None)


def theorem_3_nondifferentiable_f(seed: int = 0) -> ClaimResult:
    """Dropping differentiability: a convex, non-differentiable f with a spurious local minimum and no
    bottleneck (so Theorem 3, and with it Lemma 2 and Theorem 1's proof, fail)."""
    certs, details = [], []
    for widths in [(2, 1, 1), (2, 1, 1, 1)]:
        inst, cert = nondifferentiable_example(widths)
        ok, why = verify(cert)
        details.append(f"{list(widths)}: f(x) = |x₁| + x₂ + x₂² (convex: {inst.loss.convexity()[0]}), top layer "
                       f"a = 0, lower product b = (1, 0), L = 0; subgradients (±1, 1) of f at 0 split the sign "
                       f"of a; f(0, −½) = −1/4: spurious local minimum {why}")
        if ok:
            certs.append(cert)
    status = "failed" if len(certs) == 2 else "inconclusive"
    return ClaimResult("theorem_3_nondifferentiable_f", status, False,
                       "convex but non-differentiable f: a certified spurious local minimum with no bottleneck",
                       details, ["f differentiable"], certs,
                       ["Without differentiability Theorem 3 fails already with no bottleneck; the smoothing of "
                        "the paper's footnote 1 (e.g. hinge with p ≥ 2) is needed, not optional."],
                       counterexample={"example": "examples/depth_reduction/nondifferentiable_f_*.json",
                                       "f": "|x1| + x2 + x2^2", "point": "a = 0, b = (1, 0)", "loss": "0",
                                       "lower_loss": "-1/4"})


SOLVER_ARCHS = [(2, 1, 2), (2, 1, 1, 2)]


def solver_mode(seed: int = 0, timeout: float = 30, archs=None) -> ClaimResult:
    """Lemma 1 / Theorem 2 on the critical points enumerated by the exact solver :func:`exactland.solve.solve`
    (issue 3), on tiny unregularized squared-loss instances (paper scale 1, seeded data).  The critical sets
    are positive-dimensional, so the solver returns the real points of random slices of each component
    (rational or real algebraic); every rational point is re-checked here exactly (critical, ranks at the
    split) and, when rank-deficient with f'(AB) ≠ 0, gets the Lemma 1 certificate; algebraic points keep the
    solver's kernel-certified class (the depth kernel works over Q only).  Not part of :func:`check_all`
    (it depends on the solver and its run time); run it with ``exactland depth-solver-check``."""
    try:
        from ..solve import solve
    except Exception as exc:  # pragma: no cover - the solver is another issue's module
        return ClaimResult("lemma_1_theorem_2_solver", "inconclusive", True, f"exactland.solve unavailable: {exc}",
                           [], [], [])
    from ..instance import DeepLinear, Instance, SquaredLoss
    rng = _random.Random(seed)
    details, certs, open_, bad = [], [], [], []
    for widths in (archs or SOLVER_ARCHS):
        n, m = widths[0], widths[-1]
        X, Y = random_small(rng, n, n + 1), random_small(rng, m, n + 1)
        inst = Instance(DeepLinear(widths), X, Y, SquaredLoss(ONE))
        finst = FactoredInstance([widths], SquaredData(X, Y, ONE))
        try:
            res = solve(inst, timeout=timeout)
        except Exception as exc:
            open_.append(f"{list(widths)}: the solver failed ({type(exc).__name__}: {str(exc)[:160]})")
            continue
        counts = {}
        for p in res.points:
            if not p.is_rational:
                _count(counts, f"algebraic (degree {len(p.minpoly) - 1}), solver class {p.cls}")
                if p.cls == "local_min":
                    bad.append(f"{list(widths)}: the solver reports a non-global local minimum")
                continue
            flat = list(p.exact)
            theta, off = [], 0
            for r, c in inst.model.shapes:
                theta.append([flat[off + a * c: off + (a + 1) * c] for a in range(r)])
                off += r * c
            theta = [theta]
            if not finst.is_critical(theta):
                bad.append(f"{list(widths)}: a solver point is not exactly critical")
                continue
            j, d, ra, rb = split_ranks(finst, theta)
            if _gradient_zero(finst, theta):
                _count(counts, "rational, f'(AB) = 0 (global)")
            elif min(ra, rb) < d:
                cert, why = lemma1_certificate(finst, theta, seed=seed)
                if cert is None:
                    open_.append(f"{list(widths)}: rank-deficient solver point not certified: {why}")
                else:
                    certs.append(cert)
                    _count(counts, "rational, rank-deficient: Lemma 1 certificate")
            else:
                _count(counts, f"rational, full rank: solver class {p.cls}")
                if p.cls == "local_min":
                    bad.append(f"{list(widths)}: a full-rank non-global local minimum (contradicts Corollary 1)")
        details.append(f"{list(widths)} (seeded data): {res.summary()}; {_fmt_counts(counts)}"
                       + (f" — {res.message[:160]}" if res.complete != "certified" and res.message else ""))
    details.append("coverage: the points the solver samples on each positive-dimensional component, not the whole "
                   "critical set")
    status = "failed" if bad else ("inconclusive" if open_ or not certs else "held")
    return ClaimResult("lemma_1_theorem_2_solver", status, True,
                       f"{len(certs)} rank-deficient solver critical points certified not local minima (Lemma 1); "
                       "no rank-deficient local minimum (Theorem 2)", details + open_ + bad, [], certs)


def check_all(seed: int = 0, progress=None) -> PaperReport:
    """Every claim on seeded instances (seed printed in the report)."""
    say = progress or (lambda msg: None)
    claims = []
    for fn in (lemma_1, lemma_2, theorem_1, theorem_2, theorem_3, corollary_1, corollary_2, theorem_1_nonconvex_f,
               theorem_1_regularized, theorem_3_nondifferentiable_f):
        say(f"{fn.__name__} (seed {seed})")
        claims.append(fn(seed))
    return PaperReport(PAPER, seed, claims)


def write_examples(folder) -> list:
    """Write the example instances, points and certificates of docs/depth_reduction.md to ``folder``
    (the dropped-hypothesis counterexamples and two Lemma 1 certificates); returns the paths."""
    import json
    from pathlib import Path
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    written = []

    def dump(name, obj):
        """Write one JSON file."""
        p = out / name
        p.write_text(json.dumps(obj, indent=1, ensure_ascii=False) + "\n")
        written.append(p)

    ce = nonconvex_counterexample()
    for inst, cert in zip(ce["instances"], ce["certificates"]):
        tag = "L2" if len(inst.towers[0]) == 3 else f"L{len(inst.towers[0]) - 1}"
        dump(f"nonconvex_f_{tag}_instance.json", cert["instance"])
        dump(f"nonconvex_f_{tag}_point.json", cert["point"])
        dump(f"nonconvex_f_{tag}_certificate.json", cert)
    inst, v, cert = regularized_counterexample()
    dump("regularized_instance.json", cert["instance"])
    dump("regularized_point.json", cert["point"])
    dump("regularized_certificate.json", cert)
    rng = _random.Random(0)
    sq = squared_instance((2, 2, 1, 2, 2), rng)[0]
    c0, _ = lemma1_certificate(sq, sq.zero_point())
    dump("lemma1_depth4_origin_instance.json", c0["instance"])
    dump("lemma1_depth4_origin_point.json", c0["point"])
    dump("lemma1_depth4_origin_certificate.json", c0)
    sq2, (U, V, sv, _) = squared_instance((4, 3, 2, 3, 4), rng)
    A, B, S = next(p for p in l2_critical_points(U, V, sv, 2, 4, rng) if len(p[2]) == 1)
    c2, _ = lemma1_certificate(sq2, [lift(A, B, (4, 3, 2, 3, 4), 2, rng)])
    dump("lemma1_squared_rank1_instance.json", c2["instance"])
    dump("lemma1_squared_rank1_point.json", c2["point"])
    dump("lemma1_squared_rank1_certificate.json", c2)
    hi = hinge_instance((3, 2, 1, 2, 2, 3), rng)
    theta = [structural_critical_point((3, 2, 1, 2, 2, 3), 2, 4, rng)]
    c1, _ = lemma1_certificate(hi, theta)
    dump("lemma1_hinge_rank_deficient_instance.json", c1["instance"])
    dump("lemma1_hinge_rank_deficient_point.json", c1["point"])
    dump("lemma1_hinge_rank_deficient_certificate.json", c1)
    pinst, ptheta, _ = planted_convex_instance((3, 3, 2, 3, 3), _random.Random(1), 1, True)
    cq, _ = lemma1_certificate(pinst, ptheta)  # non-quadratic convex f (certified by convex_pieces), product ≠ 0
    dump("lemma1_convex_quartic_rank1_instance.json", cq["instance"])
    dump("lemma1_convex_quartic_rank1_point.json", cq["point"])
    dump("lemma1_convex_quartic_rank1_certificate.json", cq)
    for widths in [(2, 1, 1), (2, 1, 1, 1)]:
        _, cn = nondifferentiable_example(widths)
        tag = f"L{len(widths) - 1}"
        dump(f"nondifferentiable_f_{tag}_instance.json", cn["instance"])
        dump(f"nondifferentiable_f_{tag}_point.json", cn["point"])
        dump(f"nondifferentiable_f_{tag}_certificate.json", cn)
    return written
