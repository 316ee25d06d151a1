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
    """f(M) = ‖MX − Y‖² + ‖M‖⁴ (convex: a sum of convex functions; recorded as a user claim)."""
    n, m = widths[0], widths[-1]
    import sympy
    X, Y = random_small(rng, n, n + 1), random_small(rng, m, n + 1)
    syms = sympy.Matrix(m, n, lambda i, j: sympy.Symbol(f"m{i}_{j}"))
    R = syms * sympy.Matrix(X) - sympy.Matrix(Y)
    expr = sum(x ** 2 for x in R) + sum(x ** 2 for x in syms) ** 2
    return FactoredInstance([widths], PolynomialLoss.from_expr(expr, m, n, True))


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


# --- claims -----------------------------------------------------------------------------------------------

def lemma_1(seed: int = 0) -> ClaimResult:
    """Lemma 1: at a local minimum either f'(AB) = 0 or A, B both have rank d — made constructive: every
    critical point found with f'(AB) ≠ 0 and a rank-deficient split gets a kernel-checked certificate
    that it is not a local minimum."""
    rng = _random.Random(seed)
    details, certs, missing, findings = [], [], [], []
    for arch, widths in ARCHS.items():
        k = len(widths) - 1
        for lname, inst in _losses(widths, rng):
            pts = [("all-zero point", inst.zero_point())]
            for a, b in rng.sample(_ab_pairs(k), min(2, len(_ab_pairs(k)))):
                pts.append((f"random structural point (M_{a}⋯M_1 = 0, M_{k}⋯M_{b} = 0)",
                            [structural_critical_point(widths, a, b, rng)]))
            done = 0
            for label, theta in pts:
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
                    done += 1
            conv, why_conv = inst.loss.convexity()
            details.append(f"{arch} {list(widths)}, {lname} (convexity {conv}: {why_conv}; not used by the "
                           f"certificate): {done}/{len(pts)} rank-deficient critical points certified not local minima")
    # squared loss, d = 2: lifted rank-deficient critical points of L_2 with a NON-zero product (|S| = 1 < d)
    for widths in [(4, 3, 2, 3, 4), (3, 3, 2, 2, 3, 3)]:
        inst, (U, V, s, c) = squared_instance(widths, rng)
        j, d = inst.bottleneck()
        done = total = 0
        for A, B, S in l2_critical_points(U, V, s, d, inst.n, rng):
            if len(S) >= d or not S:
                continue
            theta = [lift(A, B, widths, j, rng)]
            total += 1
            if not inst.is_critical(theta):
                missing.append(f"{list(widths)} S={list(S)}: lift not critical (construction bug)")
                continue
            cert, why = lemma1_certificate(inst, theta, seed=seed)
            if cert is None:
                missing.append(f"{list(widths)} S={list(S)} (rank A = rank B = {len(S)} < d = {d}): {why}")
            else:
                certs.append(cert)
                done += 1
        details.append(f"squared {list(widths)} (d = {d}): {done}/{total} lifted L_2 critical points of rank 1 < d "
                       "with a non-zero product certified not local minima")
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
                       f"{len(certs)} rank-deficient critical points with f'(AB) ≠ 0 certified not local minima"
                       + (f"; {len(missing)} not settled" if missing else ""),
                       details + missing, [], certs, findings)


def lemma_2(seed: int = 0) -> ClaimResult:
    """Lemma 2: at a local minimum of L_k, (A, B) is a critical point of L_2.  Checked at the local minima
    found (all global: constructed, certified), and contrapositively: critical points of L_k whose (A, B)
    is not L_2-critical are certified not local minima."""
    rng = _random.Random(seed + 1)
    details, certs, bad = [], [], []
    minima = 0
    for widths in [(2, 2, 1, 2, 2), (3, 2, 1, 2, 2, 3), (3, 1, 3)]:
        inst, (U, V, s, c) = squared_instance(widths, rng)
        j, d = inst.bottleneck()
        top = [p for p in l2_critical_points(U, V, s, d, inst.n, rng) if p[2] == tuple(range(min(d, len(s))))]
        for A, B, S in top:
            theta = [lift(A, B, widths, j, rng)]
            from ..classify import classify
            v = classify(_as_deep_linear(inst), theta[0])
            if v.cls != "global_min":
                bad.append(f"{list(widths)}: lifted top-{d} point classified {v.cls}")
                continue
            certs.append(v.certificate)
            A2, B2 = split(theta[0], j, inst.m, inst.n)
            G = inst.loss.gradient(nb.matmul(A2, B2))
            if any(x for row in nb.matmul(G, nb.transpose(B2)) for x in row) or \
                    any(x for row in nb.matmul(nb.transpose(A2), G) for x in row):
                bad.append(f"{list(widths)}: at a certified local (global) minimum (A, B) is not L_2-critical")
            minima += 1
        hinst, u, v = separable_hinge_instance(widths, rng)
        A = [ur + [Fraction(0)] * (d - 1) for ur in u]
        B = v + [[Fraction(0)] * inst.n for _ in range(d - 1)]
        theta = [lift(A, B, widths, j, rng)]
        if hinst.loss_value(theta) == 0 and _gradient_zero(hinst, theta):
            minima += 1
            details.append(f"{list(widths)} smoothed hinge: a separable global minimum (f = 0 ⇒ f' = 0): (A, B) "
                           "L_2-critical")
        # contrapositive: L_k-critical, not L_2-critical
        for a, b in _ab_pairs(len(widths) - 1):
            theta = [structural_critical_point(widths, a, b, rng)]
            A2, B2 = split(theta[0], j, inst.m, inst.n)
            G = inst.loss.gradient(nb.matmul(A2, B2))
            if any(x for row in nb.matmul(G, nb.transpose(B2)) for x in row) or \
                    any(x for row in nb.matmul(nb.transpose(A2), G) for x in row):
                cert, why = lemma1_certificate(inst, theta, seed=seed)
                if cert is None:
                    bad.append(f"{list(widths)} (a, b) = ({a}, {b}): L_k-critical, (A, B) not L_2-critical, "
                               f"and not certified: {why}")
                else:
                    certs.append(cert)
                    details.append(f"{list(widths)}: structural critical point (a, b) = ({a}, {b}) with (A, B) not "
                                   "L_2-critical: certified not a local minimum")
                break
    status = "held" if not bad else "inconclusive"
    return ClaimResult("lemma_2", status, True,
                       f"{minima} local (global) minima: (A, B) L_2-critical; contrapositive certified",
                       details + bad, [], certs)


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
    if v.cls in ("strict_saddle", "non_strict_saddle", "not_critical", "local_max"):
        return "not_local_min", v.certificate
    cert, why = lemma1_certificate(inst, theta, seed=seed)
    if cert is not None:
        return "not_local_min", cert
    return v.cls, v.certificate


def _critical_set(inst, svd, rng, splits=None, limit=None):
    """Lifted L_2 critical points at each split j (0 < j < k) plus structural points."""
    U, V, s, c = svd
    widths = inst.towers[0]
    k = len(widths) - 1
    out = []
    for j in (splits or [inst.bottleneck()[0]]):
        if not 0 < j < k:
            continue
        for A, B, S in l2_critical_points(U, V, s, widths[j], inst.n, rng):
            out.append((f"L_2 point S={list(S)} lifted at j={j}", [lift(A, B, widths, j, rng)]))
    for a, b in _ab_pairs(k)[:2]:
        out.append((f"structural (a, b) = ({a}, {b})", [structural_critical_point(widths, a, b, rng)]))
    return out[:limit] if limit else out


def _no_spurious(name, instances, seed, summary_what, findings=None) -> ClaimResult:
    """Every critical point found is certified global or certified not a local minimum."""
    details, certs, open_, wrong = [], [], [], []
    rng = _random.Random(seed)
    total = 0
    for label, inst, svd in instances:
        pts = _critical_set(inst, svd, rng)
        counts = {}
        for plabel, theta in pts:
            if not inst.is_critical(theta):
                wrong.append(f"{label}/{plabel}: not critical (construction bug)")
                continue
            total += 1
            cls, cert = _classify_squared(inst, theta, seed)
            counts[cls] = counts.get(cls, 0) + 1
            if cls in ("global_min", "not_local_min"):
                certs.append(cert)
            elif cls == "local_min":
                wrong.append(f"{label}/{plabel}: a certified local minimum that is not global")
            else:
                open_.append(f"{label}/{plabel}: {cls}")
        details.append(f"{label}: {sum(counts.values())} critical points: " +
                       ", ".join(f"{v} {k}" for k, v in sorted(counts.items())))
    status = "failed" if wrong and any("local minimum" in w for w in wrong) else \
        ("inconclusive" if open_ or wrong else "held")
    return ClaimResult(name, status, True,
                       f"{total} critical points {summary_what}: each certified global or not a local minimum"
                       + (f" ({len(open_)} open)" if open_ else ""), details + open_ + wrong, [], certs,
                       findings or [])


def theorem_2(seed: int = 0) -> ClaimResult:
    """Theorem 2: a spurious local minimum (A, B) of L_2 has A, B of full rank.  Every critical point of
    L_2 found is global or certified not a local minimum; the rank-deficient ones with f' ≠ 0 by the
    Lemma 1 certificate."""
    rng = _random.Random(seed + 2)
    insts = []
    for widths in [(3, 1, 3), (3, 2, 4)]:
        inst, svd = squared_instance(widths, rng)
        insts.append((f"squared {list(widths)}", inst, svd))
    res = _no_spurious("theorem_2", insts, seed, "of L_2 (squared loss)")
    # non-quadratic losses on k = 2: rank-deficient critical points (A = 0 or B = 0 families)
    extra = 0
    for widths in [(3, 1, 3), (3, 2, 4)]:
        for inst in (hinge_instance(widths, rng), ce_instance(widths, rng)):
            for A, B in [(nb.zeros(widths[2], widths[1]), nb.zeros(widths[1], widths[0])),
                         (random_small(rng, widths[2], widths[1]), nb.zeros(widths[1], widths[0]))]:
                theta = [[B, A]]
                if _is_critical(inst, theta) is False:
                    continue  # B = 0 with A ≠ 0 is critical only if Aᵀf'(0) = 0
                cert, why = lemma1_certificate(inst, theta, seed=seed)
                if cert is None:
                    res.status = "inconclusive"
                    res.details.append(f"{inst.loss.kind} {list(widths)}: {why}")
                else:
                    res.certificates.append(cert)
                    extra += 1
    res.summary += f"; {extra} rank-deficient critical points of hinge / cross-entropy L_2 certified"
    return res


def theorem_3(seed: int = 0) -> ClaimResult:
    """Theorem 3 (Laurent–von Brecht): with no bottleneck, every local minimum is global."""
    rng = _random.Random(seed + 3)
    insts = []
    for arch in ("narrowest at the input end, depth 3", "narrowest at the output end, depth 3"):
        inst, svd = squared_instance(ARCHS[arch], rng)
        insts.append((f"squared {list(ARCHS[arch])} ({arch})", inst, svd))
    res = _no_spurious("theorem_3", insts, seed, "(no bottleneck)")
    for arch in ("narrowest at the input end, depth 3", "narrowest at the output end, depth 3"):
        widths = ARCHS[arch]
        for inst in (hinge_instance(widths, rng), ce_instance(widths, rng)):
            for a, b in _ab_pairs(len(widths) - 1):
                theta = [structural_critical_point(widths, a, b, rng)]
                cert, why = lemma1_certificate(inst, theta, seed=seed)
                if cert is None and not _gradient_zero(inst, theta):
                    res.status = "inconclusive"
                    res.details.append(f"{inst.loss.kind} {list(widths)} ({a}, {b}): {why}")
                elif cert is not None:
                    res.certificates.append(cert)
    res.summary += "; hinge / cross-entropy structural critical points certified"
    return res


def theorem_1(seed: int = 0) -> ClaimResult:
    """Theorem 1: L_k has spurious local minima iff L_2 has — the maps both ways, exhibited."""
    rng = _random.Random(seed + 4)
    details, certs, bad = [], [], []
    for widths in [(2, 2, 1, 2, 2), (3, 2, 1, 2, 2, 3)]:
        inst, (U, V, s, c) = squared_instance(widths, rng)
        j, d = inst.bottleneck()
        l2 = FactoredInstance([(widths[0], d, widths[-1])], inst.loss)
        n_up = n_down = 0
        for A, B, S in l2_critical_points(U, V, s, d, inst.n, rng):
            theta = [lift(A, B, widths, j, rng)]
            A2, B2 = split(theta[0], j, inst.m, inst.n)
            if (A2, B2) != (A, B) or not inst.is_critical(theta) or \
                    inst.loss_value(theta) != l2.loss_value([[B, A]]):
                bad.append(f"{list(widths)} S={list(S)}: lift does not reproduce (A, B), criticality or the loss")
                continue
            n_up += 1
            if S == tuple(range(min(d, len(s)))):
                cls, cert = _classify_squared(inst, theta, seed)
                cls2, cert2 = _classify_squared(l2, [[B, A]], seed)
                if cls == cls2 == "global_min":
                    certs += [cert, cert2]
                    n_down += 1
                else:
                    bad.append(f"{list(widths)}: global minimum maps to {cls} / {cls2}")
        # perturbation transfer at a full-rank point: D_1 A_1 = D with A_1 = M_{k-1}⋯M_{j+1}
        A1 = nb.chain([theta[0][i] for i in range(len(widths) - 3, j - 1, -1)], widths[j])
        if nb.rank(A1) == d:
            D = random_small(rng, inst.m, d)
            A1t = nb.transpose(A1)
            D1 = nb.matmul(nb.matmul(D, nb.inverse(nb.matmul(A1t, A1))), A1t)
            if nb.matmul(D1, A1) != D:
                bad.append("perturbation transfer D_1 A_1 = D failed")
        details.append(f"{list(widths)}: {n_up} L_2 critical points lifted (product, loss, criticality exact); "
                       f"{n_down} global minima certified on both sides; D₁A₁ = D transfer checked")
    # a non-quadratic loss: separable smoothed-hinge data, a global minimum of L_2 (f = 0) lifted and split back
    for widths in [(2, 2, 1, 2, 2), (3, 2, 1, 2, 2, 3)]:
        hinst, u, v = separable_hinge_instance(widths, rng)
        j, d = hinst.bottleneck()
        A, B = [ur + [Fraction(0)] * (d - 1) for ur in u], v + [[Fraction(0)] * hinst.n for _ in range(d - 1)]
        l2 = FactoredInstance([(widths[0], d, widths[-1])], hinst.loss)
        theta = [lift(A, B, widths, j, rng)]
        if split(theta[0], j, hinst.m, hinst.n) != (A, B) or not hinst.loss_value(theta) == l2.loss_value([[B, A]]) == 0:
            bad.append(f"hinge {list(widths)}: lift / split of the global minimum failed")
        else:
            details.append(f"hinge p=2 {list(widths)}: global minimum (f = 0) of L_2 lifted to L_k and split back "
                           "exactly")
    ce = nonconvex_counterexample()
    ok = all(verify(x)[0] for x in ce["certificates"])
    details.append("non-convex f: the spurious local minimum of L_2 and its lift to depth 4 are both certified "
                   "spurious (the direction L_2 → L_k needs no convexity)" if ok else "non-convex lift FAILED")
    if ok:
        certs += ce["certificates"]
    else:
        bad.append("non-convex lift certificates rejected")
    findings = ["Typo in the proof of Theorem 1: '(M_k + D_1)A_1 = A + D. This implies any local perturbation to "
                "A can be done through local perturbation to M_1' — it is M_k (checked: D_1 = D(A_1ᵀA_1)⁻¹A_1ᵀ "
                "perturbs M_k).",
                "The direction L_2 → L_k (a spurious local minimum of L_2 lifts to one of L_k) needs neither "
                "convexity nor differentiability of f (certified with a non-convex f); only L_k → L_2 uses them."]
    return ClaimResult("theorem_1", "held" if not bad else "failed", True,
                       "L_2 → L_k (construction of M_i from (A, B)) and L_k → L_2 (split at the bottleneck) "
                       "exhibited; spurious minima map both ways", details + bad, [], certs, findings)


def corollary_1(seed: int = 0) -> ClaimResult:
    """Corollary 1: ‖M_k⋯M_1X − Y‖² has no spurious local minima, with no data assumptions."""
    rng = _random.Random(seed + 5)
    insts = []
    inst, svd = squared_instance((3, 2, 1, 2, 3), rng, rank_x=2)
    insts.append(("rank-deficient X (rank 2 < d_0 = 3), (3,2,1,2,3)", inst, svd))
    inst, svd = squared_instance((3, 2, 2, 3), rng, sigmas=[3, 3, 1])
    insts.append(("repeated singular values (3, 3, 1) of YXᵀ, (3,2,2,3)", inst, svd))
    res = _no_spurious("corollary_1", insts, seed, "with the data hypotheses of Kawaguchi (2016) failing")
    res.hypotheses_failed = []
    res.details.append("Kawaguchi (2016)'s data hypotheses (XXᵀ full rank, distinct eigenvalues of Σ) fail on "
                       "these instances; Corollary 1 does not need them")
    return res


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


def corollary_2(seed: int = 0) -> ClaimResult:
    """Corollary 2: multi-tower networks reduce to the two-layer AB with b = Σ b_i; if b ≥ m, n there are no
    spurious local minima."""
    rng = _random.Random(seed + 6)
    details, certs, bad = [], [], []
    for towers in ([(3, 1, 3), (3, 2, 1, 3)], [(2, 1, 2), (2, 1, 1, 2)]):
        m, n = towers[0][-1], towers[0][0]
        b = sum(min(t) for t in towers)
        X, Y, U, V, s, c = svd_data(m, n, sorted(rng.sample(range(1, 9), min(m, n)), reverse=True), rng)
        inst = FactoredInstance(towers, SquaredData(X, Y, ONE))
        labels = {}
        for A, B, S in l2_critical_points(U, V, s, b, n, rng):
            theta = _multi_lift(towers, A, B, rng)
            if inst.product(theta) != nb.matmul(A, B) or not inst.is_critical(theta):
                bad.append(f"towers {towers} S={list(S)}: the tower lift is not an exact critical point")
                continue
            G = inst.loss.gradient(inst.product(theta))
            if all(x == 0 for row in G for x in row):
                labels["global (f' = 0)"] = labels.get("global (f' = 0)", 0) + 1
                continue
            if len(S) == min(b, len(s)) and len(S) == len(s):
                labels["global"] = labels.get("global", 0) + 1
                continue
            cert, why = lemma1_certificate(inst, theta, seed=seed)
            if cert is not None:
                certs.append(cert)
                labels["certified not local min"] = labels.get("certified not local min", 0) + 1
                continue
            # full rank: map to (A, B) of the two-layer network with inner width b and classify there
            A2 = [sum((row for row in rows), []) for rows in zip(*[split(t, _interior_min(w), m, n)[0]
                                                                    for t, w in zip(theta, towers)])]
            B2 = [row for t, w in zip(theta, towers) for row in split(t, _interior_min(w), m, n)[1]]
            l2 = FactoredInstance([(n, b, m)], inst.loss)
            if nb.matmul(A2, B2) != inst.product(theta):
                bad.append(f"towers {towers}: (A, B) does not reproduce the end-to-end matrix")
                continue
            cls, cert2 = _classify_squared(l2, [[B2, A2]], seed)
            key = f"full rank, (A, B) in L_2: {cls}"
            labels[key] = labels.get(key, 0) + 1
            if cls in ("global_min", "not_local_min"):
                certs.append(cert2)
            else:
                labels["open (full rank, f' ≠ 0)"] = labels.get("open (full rank, f' ≠ 0)", 0) + 1
        for k in range(2):  # structural: every tower critical with zero product
            theta = [structural_critical_point(t, 1, len(t) - 1, rng) for t in towers]
            cert, why = lemma1_certificate(inst, theta, seed=seed)
            if cert is None:
                bad.append(f"towers {towers}: structural point not certified: {why}")
            else:
                certs.append(cert)
                labels["structural, certified"] = labels.get("structural, certified", 0) + 1
        for other in (hinge_instance(towers[0], rng), ce_instance(towers[0], rng)):  # non-quadratic losses
            oinst = FactoredInstance(towers, other.loss)
            theta = [structural_critical_point(t, 1, len(t) - 1, rng) for t in towers]
            cert, why = lemma1_certificate(oinst, theta, seed=seed)
            if cert is None:
                bad.append(f"towers {towers}, {other.loss.kind}: structural point not certified: {why}")
            else:
                certs.append(cert)
                key = f"{other.loss.kind} structural, certified"
                labels[key] = labels.get(key, 0) + 1
        clause = f"b = {b} {'≥' if b >= max(m, n) else '<'} m, n = {m}, {n}"
        details.append(f"towers {towers} ({clause}): " + ", ".join(f"{v} {k}" for k, v in labels.items()))
        if b >= max(m, n) and labels.get("open (full rank, f' ≠ 0)"):
            bad.append(f"towers {towers}: b ≥ m, n but a full-rank non-global critical point is left open")
    findings = ["Corollary 2's proof treats 'some tower has no bottleneck' by fixing all other towers and "
                "applying Theorem 1 to that tower; that yields a global minimum of f restricted to the other "
                "towers' fixed sum, i.e. of f(· + C), which is the global minimum of f only because the free "
                "tower's product ranges over all m × n matrices — true since it has no bottleneck (rank "
                "min(m, n)); the text leaves this step implicit."]
    return ClaimResult("corollary_2", "held" if not bad else "inconclusive", True,
                       "multi-tower critical points map to AB (sum of tower products = AB exactly); rank-deficient "
                       "ones certified not local minima", details + bad, [], certs, findings)


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
    for widths in [(2, 1, 1), (2, 1, 1, 1)]:
        _, cn = nondifferentiable_example(widths)
        tag = f"L{len(widths) - 1}"
        dump(f"nondifferentiable_f_{tag}_instance.json", cn["instance"])
        dump(f"nondifferentiable_f_{tag}_point.json", cn["point"])
        dump(f"nondifferentiable_f_{tag}_certificate.json", cn)
    return written
