"""Adversarial audit of the trusted checkers ``depth`` and ``piecewise`` (soundness).

Each ``test_forgery_*`` builds a certificate whose claim is FALSE (shown independently in the test: by
another kernel certificate, by the project's loader or by exact evaluation) and asserts that the kernel
rejects it; each of them was accepted before the fix it documents (see docs/kernel_audit notes in the
closing report).  The other tests compare the kernels' derivative formulas with sympy / mpmath on seeded
random exact instances, and check that honest certificates still verify.
"""

from __future__ import annotations

import copy
import random
from fractions import Fraction

import mpmath
import pytest
import sympy
from hypothesis import given, settings, strategies as st

from exactland import kernel
from exactland.kernel import depth as kd
from exactland.kernel import piecewise as kp
from exactland.models.factored import load_factored
from exactland.theorems import depth_reduction as dr

Q = Fraction
SEEDS = [0, 1, 2, 3]


def _rejected(cert, needle=None):
    ok, why = kernel.verify(cert)
    assert not ok, "forged certificate accepted"
    if needle is not None:
        assert needle in why, why
    return why


def _cert(kind, claim, instance, point, evidence, **extra):
    c = {"exactland_certificate": 1, "kernel": kind, "claim": claim, "instance": instance, "point": point,
         "evidence": evidence}
    c.update(extra)
    return c


# --- piecewise: Gordan exclusions through a zero sample ------------------------------------------------

RELU_1x1 = {"model": {"kind": "feedforward", "layers": [{"width": 1, "activation": "relu"},
                                                         {"width": 1, "activation": "identity"}]},
            "data": {"X": [["1", "0"]], "Y": [["1", "0"]]}}


def test_forgery_gordan_exclusion_on_a_zero_sample():
    """x₂ = 0 is a kink of the unit at every θ; λ = (0, 1) makes Σ λ_i s_i x_i = 0 for ANY signs, so the old
    check "excluded" both pieces where the unit is active on x₁ — and region_convex_min then only saw the
    inactive pieces.  θ = (w₁, w₂) = (0, 1) is no local minimum: θ + t(1, 0) has L = ½(t − 1)² < ½."""
    theta = ["0", "1"]
    forged = _cert("piecewise", "spurious_local_min", RELU_1x1, {"theta": theta},
                   [{"type": "region_convex_min"}, {"type": "lower_point", "theta": ["1", "1"]}],
                   infeasible_pieces=[{"unit": 0, "signs": [1, 1], "lambda": ["0", "1"]},
                                      {"unit": 0, "signs": [1, -1], "lambda": ["0", "1"]}])
    # the claim is false: the kernel itself certifies a descent curve at the same point
    descent = _cert("piecewise", "not_local_min", RELU_1x1, {"theta": theta},
                    [{"type": "descent_curve", "curve": [["1", "0"]], "order": 1, "coefficient": "-1"}])
    assert kernel.verify(descent) == (True, "valid")
    _rejected(forged, "samples x_i = 0")
    # the same exclusions cannot make the non-differentiable L look differentiable either
    smooth = _cert("piecewise", "loss_differentiable", RELU_1x1, {"theta": theta},
                   [{"type": "loss_pieces_agree"}], infeasible_pieces=forged["infeasible_pieces"])
    _rejected(smooth)


def test_gordan_exclusion_weighing_a_zero_sample_and_a_genuine_one_is_accepted():
    # antipodal pair x, −x (both-active and both-inactive are genuinely unrealizable) plus a zero sample:
    # λ may also weigh the zero sample as long as it weighs a non-zero one; λ on the zero sample alone is refused
    net = kp.parse_instance({"model": RELU_1x1["model"], "data": {"X": [["1", "-1", "0"]], "Y": [["1", "1", "0"]]}})
    theta = [Q(0), Q(1)]
    kinks = [(0, 0, i) for i in range(3)]
    excl = [{"unit": 0, "signs": [a, a, b], "lambda": ["1", "1", "1"]} for a in (1, -1) for b in (1, -1)]
    assert kp._excluded(net, theta, None, kinks, excl) == {(0, (a, a, b)) for a in (1, -1) for b in (1, -1)}
    pieces = kp.one_sided_pieces(net, theta, excl)
    assert sorted(tuple(P[0][0]) for P in pieces) == sorted((a, -a, b) for a in (1, -1) for b in (1, -1))
    with pytest.raises(kernel.Invalid, match="samples x_i = 0"):
        kp._excluded(net, theta, None, kinks, [{"unit": 0, "signs": [1, -1, 1], "lambda": ["0", "0", "1"]}])


# --- depth: fields the kernel does not read ---------------------------------------------------------------

def test_forgery_polynomial_loss_with_expr_and_terms():
    """The loader reads ``expr`` before ``terms``; the kernel read only ``terms``.  A certificate could prove
    a spurious minimum of the ``terms`` polynomial while the instance (as loaded) is a convex quadratic."""
    honest = dr.nonconvex_counterexample()["certificates"][0]
    assert kernel.verify(honest) == (True, "valid")
    forged = copy.deepcopy(honest)
    forged["instance"]["loss"]["expr"] = "m0_0**2 + m0_1**2 + m1_0**2 + m1_1**2"
    inst = load_factored(forged["instance"])
    P = inst.product(inst.point(forged["point"]))
    assert any(g != 0 for row in inst.loss.gradient(P) for g in row)  # not even critical: the claim is false
    _rejected(forged, "expr")


def test_forgery_base_certificate_ignores_loss_weights():
    """The polynomial kernel reads only kind/scale of the loss: with ``weights`` (here all 0, leaving only the
    regularizer, whose unique minimum is the origin... so no lower point exists) the base certificate still
    verified, and the lower point was compared in the unweighted loss."""
    _, _, honest = dr.regularized_counterexample()
    assert kernel.verify(honest) == (True, "valid")
    forged = copy.deepcopy(honest)
    Y = forged["instance"]["data"]["Y"]
    zeros = [["0"] * len(Y[0]) for _ in Y]
    forged["instance"]["loss"]["weights"] = zeros
    forged["evidence"][0]["certificate"]["instance"]["loss"]["weights"] = copy.deepcopy(zeros)
    # under the weights the loss is the regularizer Σ λ‖M_i‖² ≥ 0 = L(origin): the lower point is not lower
    reg = forged["instance"]["regularization"]["weights"]
    lower = forged["evidence"][1]["point"]["W"]
    lower_reg = sum(Q(l) * Q(w) ** 2 for R, M in zip(reg, lower) for rr, mr in zip(R, M) for l, w in zip(rr, mr))
    assert lower_reg > 0
    _rejected(forged, "ignores loss fields")


def test_polynomial_kernel_refuses_loss_weights():
    # widths [1, 1], X = [1, 1], Y = [1, 0]: unweighted minimum w = ½; with weights (1, 0) the loss is ½(w − 1)²
    inst = {"model": {"kind": "deep_linear", "widths": [1, 1]}, "data": {"X": [["1", "1"]], "Y": [["1", "0"]]},
            "loss": {"kind": "squared", "scale": "1/2", "weights": [["1", "0"]]}}
    cert = {"exactland_certificate": 1, "claim": "local_min", "instance": inst, "point": {"W": [[["1/2"]]]},
            "evidence": [{"type": "gradient_zero"}, {"type": "hessian_pd"}]}
    ok, why = kernel.verify(cert)
    assert not ok and "does not read" in why


# --- depth: the gradient formula against sympy -----------------------------------------------------------

def _rand_q(rng, num=3, den=3):
    return Fraction(rng.randint(-num, num), rng.randint(1, den))


def _sym(q):
    q = Fraction(q)
    return sympy.Rational(q.numerator, q.denominator)


def _symbolic_weights(net):
    """Symbols t0, t1, … for the parameters and the weight matrices built from them (flat order)."""
    syms = sympy.symbols(f"t0:{net['n']}")
    mats, k = [], 0
    for r, c in net["shapes"]:
        mats.append(sympy.Matrix(r, c, lambda i, j, k=k, c=c: syms[k + i * c + j]))
        k += r * c
    return syms, mats


def _random_depth_instance(rng, kind):
    towers = [[2, rng.randint(1, 2), 2]] + ([[2, 1, 1, 2]] if rng.random() < 0.5 else [])
    n, m, N = 2, 2, 3
    X = [[str(_rand_q(rng)) for _ in range(N)] for _ in range(n)]
    model = {"kind": "multi_tower", "towers": towers} if len(towers) > 1 else {"kind": "factored", "widths": towers[0]}
    if kind == "squared":
        data = {"X": X, "Y": [[str(_rand_q(rng)) for _ in range(N)] for _ in range(m)]}
        loss = {"kind": "squared", "scale": str(Fraction(rng.randint(1, 3), 2)),
                "weights": [[str(Fraction(rng.randint(0, 3))) for _ in range(N)] for _ in range(m)]}
    elif kind == "hinge":
        data = {"X": X, "Y": [[rng.choice([1, -1]) for _ in range(N)] for _ in range(m)]}
        loss = {"kind": "smoothed_hinge", "p": rng.choice([2, 3])}
    else:
        data = {}
        terms = [[str(_rand_q(rng)), [[rng.randrange(m), rng.randrange(n), rng.randint(1, 3)]
                                      for _ in range(rng.randint(1, 3))]] for _ in range(4)]
        loss = {"kind": "polynomial", "terms": terms}
    return {"model": model, "data": data, "loss": loss}, towers


def _sym_loss(obj, P):
    loss = obj["loss"]
    if loss["kind"] == "polynomial":
        return sum(_sym(c) * sympy.Mul(*[P[i, j] ** e for i, j, e in mono]) for c, mono in loss["terms"])
    X = sympy.Matrix([[_sym(x) for x in r] for r in obj["data"]["X"]])
    Y = sympy.Matrix([[_sym(x) for x in r] for r in obj["data"]["Y"]])
    Z = P * X
    if loss["kind"] == "squared":
        W = loss["weights"]
        return _sym(loss["scale"]) * sum(_sym(W[i][s]) * (Z[i, s] - Y[i, s]) ** 2
                                         for i in range(Z.rows) for s in range(Z.cols))
    # smoothed hinge: max(0, ·)^p written as a piecewise function (sympy differentiates each piece)
    return sum(sympy.Max(0, 1 - Y[i, s] * Z[i, s]) ** loss["p"] for i in range(Z.rows) for s in range(Z.cols))


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("kind", ["squared", "hinge", "polynomial"])
def test_depth_gradient_matches_sympy(seed, kind):
    """Every entry of ∂L/∂M_i at a random rational θ (degree-0 coefficient, empty curve) equals sympy's
    derivative of the loss written from its definition."""
    rng = random.Random(1000 * seed + len(kind))
    obj, towers = _random_depth_instance(rng, kind)
    inst = kd._instance(obj)
    theta = [[[[_rand_q(rng) for _ in range(c)] for _ in range(r)] for r, c in shapes] for shapes in inst["shapes"]]
    syms = [[sympy.Matrix(r, c, lambda a, b, t=t, i=i: sympy.Symbol(f"w{t}_{i}_{a}_{b}"))
             for i, (r, c) in enumerate(shapes)] for t, shapes in enumerate(inst["shapes"])]
    P = None
    for mats in syms:
        prod = mats[0]
        for M in mats[1:]:
            prod = M * prod
        P = prod if P is None else P + prod
    L = _sym_loss(obj, P)
    subs = {syms[t][i][a, b]: _sym(theta[t][i][a][b]) for t in range(len(syms)) for i in range(len(syms[t]))
            for a in range(syms[t][i].rows) for b in range(syms[t][i].cols)}
    polys = kd._check_constant_product(inst, theta, [])
    G = kd.gradient_enclosure(inst, kd.product(inst, theta))
    for t, mats in enumerate(syms):
        for i, M in enumerate(mats):
            for a in range(M.rows):
                for b in range(M.cols):
                    want = sympy.diff(L, M[a, b]).subs(subs)
                    lo, hi = kd.gradient_coefficient(inst, polys, G, t, i + 1, a, b, 0)
                    assert lo == hi and sympy.simplify(_sym(lo) - want) == 0, (t, i, a, b, lo, want)


def test_depth_gradient_along_a_value_preserving_curve_matches_sympy():
    """Higher coefficients: along the generator's value-preserving curve at the origin of a depth-4 network,
    each coefficient of s^d of ∂L/∂M_i(θ(s)) (kernel) equals the expansion of sympy's derivative."""
    inst = load_factored({"model": {"kind": "factored", "widths": [2, 2, 1, 2, 2]},
                          "data": {"X": [[1, 0, 1], [0, 1, 1]], "Y": [[1, 2, 0], [0, 1, 1]]},
                          "loss": {"kind": "squared", "scale": 1}})
    cert, _ = dr.lemma1_certificate(inst, inst.zero_point())
    assert cert is not None and cert["curve"]
    obj = cert["instance"]
    kin = kd._instance(obj)
    theta = kd._point(kin, cert["point"], "point")
    curve = [kd._point(kin, V, "curve") for V in cert["curve"]]
    polys = kd._check_constant_product(kin, theta, curve)
    G = kd.gradient_enclosure(kin, kd.product(kin, theta))
    s = sympy.Symbol("s")
    shapes = kin["shapes"][0]
    syms = [sympy.Matrix(r, c, lambda a, b, i=i: sympy.Symbol(f"w{i}_{a}_{b}")) for i, (r, c) in enumerate(shapes)]
    P = syms[0]
    for M in syms[1:]:
        P = M * P
    obj2 = copy.deepcopy(obj)
    obj2["loss"]["weights"] = [["1"] * 3 for _ in range(2)]
    L = _sym_loss(obj2, P)
    subs = {syms[i][a, b]: _sym(theta[0][i][a][b]) + sum(s ** (r + 1) * _sym(curve[r][0][i][a][b])
                                                         for r in range(len(curve)))
            for i in range(len(syms)) for a in range(syms[i].rows) for b in range(syms[i].cols)}
    checked = 0
    for i, M in enumerate(syms):
        for a in range(M.rows):
            for b in range(M.cols):
                g = sympy.Poly(sympy.expand(sympy.diff(L, M[a, b]).subs(subs)), s)
                for d in range(len(shapes) + 2):
                    lo, hi = kd.gradient_coefficient(kin, polys, G, 0, i + 1, a, b, d)
                    assert lo == hi == Fraction(str(g.coeff_monomial(s ** d)))
                    checked += 1
    assert checked > 0


# --- depth: interval arithmetic against mpmath ----------------------------------------------------------

@settings(max_examples=60, deadline=None, derandomize=True)
@given(st.fractions(min_value=-40, max_value=40, max_denominator=50))
def test_exp_enclosure_contains_exp(x):
    lo, hi = kd.exp_enclosure(x)
    mpmath.mp.prec = 200
    e = mpmath.exp(mpmath.mpf(x.numerator) / x.denominator)
    assert 0 < lo <= hi
    assert mpmath.mpf(lo.numerator) / lo.denominator <= e <= mpmath.mpf(hi.numerator) / hi.denominator
    assert hi - lo <= hi * Fraction(1, 2 ** 50)  # and it is tight (so non-zero signs get certified)


@pytest.mark.parametrize("seed", SEEDS)
def test_cross_entropy_gradient_enclosure_contains_the_gradient(seed):
    rng = random.Random(seed)
    m, n, N = 3, 2, 4
    obj = {"model": {"kind": "factored", "widths": [n, 2, m]},
           "data": {"X": [[str(_rand_q(rng, 4)) for _ in range(N)] for _ in range(n)],
                    "labels": [rng.randrange(m) for _ in range(N)]},
           "loss": {"kind": "cross_entropy"}}
    inst = kd._instance(obj)
    P = [[_rand_q(rng, 5) for _ in range(n)] for _ in range(m)]
    G = kd.gradient_enclosure(inst, P)
    mpmath.mp.prec = 200
    X = [[mpmath.mpf(Q(x).numerator) / Q(x).denominator for x in r] for r in obj["data"]["X"]]
    Pm = [[mpmath.mpf(x.numerator) / x.denominator for x in r] for r in P]
    for i in range(m):
        for c in range(n):
            want = 0
            for s_ in range(N):
                z = [sum(Pm[k][j] * X[j][s_] for j in range(n)) for k in range(m)]
                soft = mpmath.exp(z[i]) / sum(mpmath.exp(zk) for zk in z)
                want += (soft - (1 if obj["data"]["labels"][s_] == i else 0)) * X[c][s_]
            lo, hi = G[i][c]
            assert mpmath.mpf(lo.numerator) / lo.denominator <= want <= mpmath.mpf(hi.numerator) / hi.denominator


# --- piecewise: piece gradients against sympy -----------------------------------------------------------

@pytest.mark.parametrize("seed", SEEDS)
def test_piecewise_piece_gradient_matches_sympy(seed):
    """On θ's region (random leaky two-hidden-layer network with a skip), the kernel's piece gradient equals
    sympy's derivative of the piece polynomial written from the definition."""
    rng = random.Random(seed)
    a = Fraction(rng.randint(0, 3), 4)
    dx, d1, d2, dy, m = 2, 2, 2, 1, 3
    inst = {"model": {"kind": "feedforward", "skip": [0],
                      "layers": [{"width": d1, "activation": f"leaky:{a}"}, {"width": d2, "activation": "relu"},
                                 {"width": dy, "activation": "identity"}]},
            "data": {"X": [[str(_rand_q(rng)) for _ in range(m)] for _ in range(dx)],
                     "Y": [[str(_rand_q(rng)) for _ in range(m)] for _ in range(dy)]},
            "loss": {"kind": "squared", "scale": "3/2"}}
    net = kp.parse_instance(inst)
    theta = [_rand_q(rng) for _ in range(net["n"])]
    pat = [[[sg or 1 for sg in row] for row in P] for P in kp._pattern(net, theta)]  # kinks: the "+" piece
    syms, mats = _symbolic_weights(net)
    X = sympy.Matrix([[_sym(Q(x)) for x in r] for r in inst["data"]["X"]])
    Y = sympy.Matrix([[_sym(Q(x)) for x in r] for r in inst["data"]["Y"]])
    slopes = [_sym(a), 0, 1]
    L = 0
    for i in range(m):
        h0 = X[:, i]
        p1 = mats[0] * h0
        h1 = sympy.Matrix([p1[u] * (1 if pat[0][u][i] > 0 else slopes[0]) for u in range(d1)])
        p2 = mats[1] * h1
        h2 = sympy.Matrix([p2[u] * (1 if pat[1][u][i] > 0 else slopes[1]) for u in range(d2)])
        out = mats[2] * h2 + mats[3] * h0
        L += sum((out[r] - Y[r, i]) ** 2 for r in range(dy))
    L = sympy.Rational(3, 2) * L
    subs = dict(zip(syms, [_sym(x) for x in theta]))
    g = kp.gradient(net, theta, pat)
    assert [sympy.diff(L, v).subs(subs) for v in syms] == [_sym(x) for x in g]
    assert _sym(kp._value(net, theta)) == L.subs(subs)


# --- honest certificates keep verifying; tampering is still caught ------------------------------------------

def test_honest_depth_certificates_verify_and_tampering_is_caught():
    for cert in dr.nonconvex_counterexample()["certificates"] + [dr.regularized_counterexample()[2],
                                                                 dr.nondifferentiable_example()[1]]:
        assert kernel.verify(cert) == (True, "valid")
    _, cert = dr.nondifferentiable_example()
    t = copy.deepcopy(cert)
    t["evidence"][0]["plus"] = ["-1"]                         # wrong sign of ⟨g₊, b₀⟩
    _rejected(t, "wrong sign")
    t = copy.deepcopy(cert)
    t["instance"]["loss"]["abs_terms"][0][0] = "-1"         # α < 0: f not convex
    _rejected(t, "negative weight")


def test_not_local_min_tampering_degree_and_coordinate():
    inst = load_factored({"model": {"kind": "factored", "widths": [2, 2, 1, 2, 2]},
                          "data": {"X": [[1, 0, 1], [0, 1, 1]], "Y": [[1, 2, 0], [0, 1, 1]]},
                          "loss": {"kind": "squared", "scale": 1}})
    cert, _ = dr.lemma1_certificate(inst, inst.zero_point())
    assert kernel.verify(cert) == (True, "valid")
    t = copy.deepcopy(cert)
    t["evidence"][0]["degree"] += 5                          # that coefficient is 0
    _rejected(t, "not certified non-zero")
    t = copy.deepcopy(cert)
    t["curve"][0]["W"][0][0][0] = "1"                       # V₁ ≠ 0: s⁴V₄V₃V₂V₁ ≠ 0, the product moves
    assert kernel.verify(t)[1].startswith("the end-to-end product is not constant")
    _rejected(t)


# --- property: accepted Gordan exclusions never leave a nearby point without a piece ----------------------

_col = st.tuples(st.integers(-1, 1), st.integers(-1, 1))


@settings(max_examples=40, deadline=None, derandomize=True)
@given(st.lists(_col, min_size=2, max_size=4))
def test_accepted_exclusions_keep_every_nearby_point_covered(cols):
    """One ReLU unit with w₁ = 0 (every sample is a kink).  Offer the kernel every Gordan exclusion with
    λ ∈ {0, 1, 2}ᵐ; for each δ on a grid, the signs of δ·x_i (zeros free) must match a remaining piece —
    else the loss at w₁ = εδ is given by no checked piece and a local-min/differentiability proof is void."""
    from itertools import product as iprod
    m = len(cols)
    inst = {"model": RELU_1x1["model"],
            "data": {"X": [[str(c[0]) for c in cols], [str(c[1]) for c in cols]], "Y": [["0"] * m]}}
    net = kp.parse_instance(inst)
    theta = [Q(0), Q(0), Q(1)]
    accepted = []
    for signs in iprod((1, -1), repeat=m):
        for lam in iprod((0, 1, 2), repeat=m):
            item = {"unit": 0, "signs": list(signs), "lambda": [str(x) for x in lam]}
            try:
                kp._excluded(net, theta, None, [(0, 0, i) for i in range(m)], [item])
            except Exception:
                continue
            accepted.append(item)
            break
    # whatever subset of them a certificate lists, a piece must survive for every nearby point: so for each
    # δ some completion of its sign vector (zeros free) must be non-excludable
    excludable = {tuple(item["signs"]) for item in accepted}
    have = [p for p in iprod((1, -1), repeat=m) if p not in excludable]
    for d in iprod(range(-2, 3), repeat=2):
        t = [(d[0] * c[0] + d[1] * c[1] > 0) - (d[0] * c[0] + d[1] * c[1] < 0) for c in cols]
        assert any(all(ti == 0 or ti == pi for ti, pi in zip(t, p)) for p in have), (cols, d, have)


# --- the exact polynomial Hessian and values against sympy (strict_local_min_of_f, lower points) ---------

@pytest.mark.parametrize("seed", SEEDS)
def test_depth_polynomial_hessian_and_values_match_sympy(seed):
    rng = random.Random(50 + seed)
    for kind in ("polynomial", "squared", "hinge"):
        obj, _ = _random_depth_instance(rng, kind)
        inst = kd._instance(obj)
        m, n = inst["m"], inst["n"]
        Ps = sympy.Matrix(m, n, lambda i, j: sympy.Symbol(f"m{i}_{j}"))
        f = _sym_loss(obj, Ps)
        P = [[_rand_q(rng) for _ in range(n)] for _ in range(m)]
        subs = {Ps[i, j]: _sym(P[i][j]) for i in range(m) for j in range(n)}
        assert sympy.simplify(_sym(kd.value(inst, P)) - f.subs(subs)) == 0
        if kind == "polynomial":
            H = kd._poly_hessian(inst, P)
            flat = list(Ps)
            want = [[sympy.diff(f, a, b).subs(subs) for b in flat] for a in flat]
            assert [[_sym(x) for x in row] for row in H] == want


@pytest.mark.parametrize("seed", SEEDS)
def test_piecewise_resnet_outputs_and_gradient_match_sympy(seed):
    """ResNet f(x) = W(x + R σ(U x)): the kernel's outputs and piece gradient against sympy (the residual used
    by the resnet region certificate comes from these outputs)."""
    rng = random.Random(100 + seed)
    a = Fraction(rng.randint(0, 3), 4)
    dx, dz, dy, m = 2, 2, 2, 3
    inst = {"model": {"kind": "resnet", "residual": [{"width": dz, "activation": f"leaky:{a}"}], "d_y": dy},
            "data": {"X": [[str(_rand_q(rng)) for _ in range(m)] for _ in range(dx)],
                     "Y": [[str(_rand_q(rng)) for _ in range(m)] for _ in range(dy)]}}
    net = kp.parse_instance(inst)
    theta = [_rand_q(rng) for _ in range(net["n"])]
    pat = [[[sg or 1 for sg in row] for row in P] for P in kp._pattern(net, theta)]  # kinks: the "+" piece
    syms, mats = _symbolic_weights(net)
    W, R, U = mats
    X = sympy.Matrix([[_sym(Q(x)) for x in r] for r in inst["data"]["X"]])
    Y = sympy.Matrix([[_sym(Q(x)) for x in r] for r in inst["data"]["Y"]])
    subs = dict(zip(syms, [_sym(x) for x in theta]))
    L = 0
    outs = kp._outputs(net, theta)
    for i in range(m):
        p = U * X[:, i]
        z = sympy.Matrix([p[u] * (1 if pat[0][u][i] > 0 else _sym(a)) for u in range(dz)])
        f = W * (X[:, i] + R * z)
        assert [f[r].subs(subs) for r in range(dy)] == [_sym(outs[r][i]) for r in range(dy)]
        L += sum((f[r] - Y[r, i]) ** 2 for r in range(dy))
    L = L / 2
    assert [sympy.diff(L, v).subs(subs) for v in syms] == [_sym(x) for x in kp.gradient(net, theta, pat)]
