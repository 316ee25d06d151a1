"""Adversarial audit of the ``khk2019b`` kernel checker: forged certificates that the first version accepted
(regressions), independent re-derivations of the formulas it relies on (sympy differentiation), and
property tests that what it accepts is true (sampling around accepted local minima, coverage of the
pieces meeting a kink).  Seeds are fixed and printed in failure messages."""

from __future__ import annotations

import copy
import random
from fractions import Fraction

import pytest
import sympy

from exactland import kernel
from exactland.kernel import khk2019b as kk
from exactland.theorems import khk2019b as T

Q = Fraction


def _valid(cert):
    return kernel.verify(cert)[0]


def _cert(claim, inst, theta, evidence):
    return {"exactland_certificate": 1, "kernel": "khk2019b", "claim": claim, "instance": inst,
            "point": {"theta": [str(x) for x in theta]}, "evidence": evidence}


def _inst(widths, acts, X, Y, scale="1/2"):
    """widths (d_x, d_1, …, d_y); acts one activation per hidden layer (or per-unit lists); X, Y samples as rows."""
    layers = [{"width": w, "activation": a} for w, a in zip(widths[1:-1], acts)]
    layers.append({"width": widths[-1], "activation": "identity"})
    return {"model": {"kind": "feedforward", "layers": layers},
            "data": {"X": [[str(x) for x in col] for col in zip(*X)], "Y": [[str(y) for y in col] for col in zip(*Y)]},
            "loss": {"kind": "squared", "scale": scale}}


# --- forgeries accepted by the first version -------------------------------------------------------

def _prop2ii(claim, m, d, Lam, X=None):
    ev = {"m": m, "d": d, "d_x": T._dx_needed(m, d), "delta": "1", "Lambda": [[str(x) for x in r] for r in Lam]}
    if X is not None:
        ev["X"] = [[str(x) for x in r] for r in X]
    return {"exactland_certificate": 1, "kernel": "khk2019b", "claim": claim, "evidence": ev}


def test_prop2ii_literal_needs_an_activation_pattern():
    """Forgery: Λ = [0; 7] is no activation pattern (σ' ∈ {1, a ≤ 1} or 0), so the hypotheses of Proposition 2(ii)
    do not hold and the 'literal counterexample' claim is false; the first version accepted it."""
    assert _valid(_prop2ii("prop2ii_literal_counterexample", 2, 1, [[0], [1]]))
    assert not _valid(_prop2ii("prop2ii_literal_counterexample", 2, 1, [[0], [7]]))
    assert not _valid(_prop2ii("prop2ii_literal_counterexample", 3, 1, [[0], [Q(1, 2)], [-1]]))  # two slopes in one unit
    assert _valid(_prop2ii("prop2ii_literal_counterexample", 3, 1, [[0], [-1], [-1]]))  # |z|: {0, 1, −1} is fine


def test_prop2ii_full_rank_needs_an_activation_pattern():
    rng = random.Random(7)
    m, d = 4, 2
    X = [[Q(rng.randint(-9, 9), 4) for _ in range(T._dx_needed(m, d))] for _ in range(m)]
    assert _valid(_prop2ii("prop2ii_full_rank", m, d, [[1, 1], [1, 0], [1, 1], [1, 1]], X))
    assert not _valid(_prop2ii("prop2ii_full_rank", m, d, [[1, 1], [1, 0], [1, 1], [7, 1]], X))
    assert not _valid(_prop2ii("prop2ii_full_rank", m, d, [[1, 1], [Q(1, 2), 0], [-1, 1], [1, 1]], X))


def _linear_111(y="1"):
    """1-1-1 identity network, x = 1: L = ½(y − w₁w₂)², θ = 0 has Φ⁽¹⁾ = 0 (the output weight cannot raise L)."""
    return _inst((1, 1, 1), ["identity"], [[1]], [[Q(y)]])


def test_saddle_needs_evidence_that_theta_is_no_local_maximum():
    """A 'saddle' is neither a local minimum nor a local maximum.  The first version checked only criticality and
    a descent curve; where Φ⁽ᴴ⁾ = 0 nothing showed that L rises somewhere, so it now asks for an ascent curve."""
    descent = {"type": "descent_curve", "curve": [["1", "1"]], "order": 2, "coefficient": "-1"}
    cert = _cert("saddle", _linear_111(), [0, 0], descent)
    assert not _valid(cert)
    assert "local maximum" in kernel.verify(cert)[1]
    good = copy.deepcopy(cert)
    good["evidence"]["ascent"] = {"curve": [["1", "-1"]], "order": 2, "coefficient": "1"}
    assert _valid(good)
    for tamper in ({"coefficient": "-1"}, {"coefficient": "2"}, {"curve": [["1", "1"]]}, {"order": 1}):
        bad = copy.deepcopy(good)
        bad["evidence"]["ascent"].update(tamper)
        assert not _valid(bad), tamper
    # still fine as a not-a-local-minimum claim, which needs no ascent
    assert _valid(_cert("not_local_min", _linear_111(), [0, 0], descent))


def test_honest_saddles_still_verify(report):
    saddles = [c for r in report.claims for c in (r.certificates or [])
               if isinstance(c, dict) and c.get("claim") == "saddle"]
    assert saddles
    for c in saddles:
        assert _valid(c)
        bad = copy.deepcopy(c)
        bad["claim"] = "local_min"
        bad["evidence"] = {"type": "path_features"}
        assert not _valid(bad)


@pytest.fixture(scope="module")
def report():
    out = []
    for fn in (T.lemma_4_at_saddles, T.proposition_1_literal_reading):
        out.append(fn(0))
    return type("R", (), {"claims": out})


# --- the kernel's formulas against sympy differentiation -------------------------------------------

def _sym_loss(inst, theta_syms):
    """L(θ) as a sympy expression with σ a Piecewise (independent of the kernel's pattern bookkeeping)."""
    W = []
    k = 0
    w = inst["widths"]
    for l in range(len(w) - 1):
        r, c = w[l], w[l + 1]
        W.append(sympy.Matrix(r, c, lambda i, j, k=k, r=r: theta_syms[k + j * r + i]))
        k += r * c
    phi = sympy.Matrix([[sympy.Rational(x.numerator, x.denominator) for x in row] for row in inst["X"]])
    for l, Wl in enumerate(W):
        G = phi * Wl
        if l == len(W) - 1:
            break
        a = inst["slopes"][l]
        phi = sympy.Matrix(G.rows, G.cols, lambda i, j: sympy.Piecewise((G[i, j], G[i, j] >= 0),
                                                                        (sympy.Rational(str(a[j])) * G[i, j], True)))
    Y = sympy.Matrix([[sympy.Rational(str(y)) for y in row] for row in inst["Y"]])
    E = G - Y
    return sympy.Rational(str(inst["scale"])) * sum(e ** 2 for e in E)


@pytest.mark.parametrize("seed", range(6))
def test_gradient_and_curvature_match_sympy(seed):
    rng = random.Random(seed)
    widths = [(2, 2, 1), (2, 2, 2), (2, 1, 2, 1), (1, 2, 1, 2)][seed % 4]
    acts = [[rng.choice(["relu", "abs", "leaky:1/2", "leaky:-3", "identity"]) for _ in range(d)] for d in widths[1:-1]]
    m = 3
    X = [[Q(rng.randint(-6, 6), 2) for _ in range(widths[0])] for _ in range(m)]
    Y = [[Q(rng.randint(-6, 6), 3) for _ in range(widths[-1])] for _ in range(m)]
    ki = kk.parse_instance(_inst(widths, acts, X, Y, scale=rng.choice(["1/2", "1", "3"])))
    n = kk._n_params(ki)
    for _ in range(20):  # a point with no zero pre-activation
        theta = [Q(rng.randint(-7, 7), rng.randint(1, 3)) for _ in range(n)]
        W = kk._unflatten(ki, [str(t) for t in theta], "θ")
        if not kk.kinks(ki, W):
            break
    else:
        pytest.skip(f"seed {seed}: no strict-margin point drawn")
    syms = sympy.symbols(f"t0:{n}")
    L = _sym_loss(ki, syms)
    at = {s: sympy.Rational(str(t)) for s, t in zip(syms, theta)}
    lam = kk._pattern(ki, W, {})
    grad = kk.piece_gradient(ki, W, lam)
    assert [sympy.Rational(str(g)) for g in grad] == [sympy.diff(L, s).subs(at) for s in syms], f"seed {seed}"
    v = [rng.randint(-2, 2) for _ in range(n)]
    quad = kk.loss_poly(ki, W, lam, [kk._unflatten(ki, v, "v")], 2)[2]  # coefficient of s² = ½ vᵀ∇²L v
    hess = sum(v[i] * v[j] * sympy.diff(L, syms[i], syms[j]).subs(at) for i in range(n) for j in range(n))
    assert sympy.Rational(str(quad)) == hess / 2, f"seed {seed}"


@pytest.mark.parametrize("seed", range(4))
def test_convex_products_gradient_matches_sympy(seed):
    """The KKT condition of the convex_products evidence uses (2s)⁻¹∇_{u_k}L_p; re-derive it from
    L_p(u) = s Σ_i(Σ_k sign(W2_k) Λ_ik x_iᵀu_k − y_i)² with sympy, on every piece meeting a kinked θ."""
    rng = random.Random(100 + seed)
    act = ["relu", "abs", "leaky:1/2", "leaky:-2"][seed]
    X = [[Q(1), Q(2)], [Q(-2), Q(-4)], [Q(3), Q(-1)], [Q(0), Q(1)]]
    Y = [[Q(rng.randint(-5, 5))] for _ in X]
    ki = kk.parse_instance(_inst((2, 2, 1), [act], X, Y, scale="1/3"))
    theta = [Q(2), Q(-1), Q(rng.randint(1, 3)), Q(rng.randint(-3, 3)), Q(rng.choice([-2, 3])), Q(1, 2)]  # unit 0 on the kink
    W = kk._unflatten(ki, [str(t) for t in theta], "θ")
    r = kk._residual(ki, W)
    pieces = kk.adjacent_sides(ki, W)
    # samples 0 and 1 (opposite directions) are kinks of unit 0 together: only the sides (+, −) and (−, +)
    assert {(s[(0, 0, 0)], s[(0, 0, 1)]) for s in pieces} == {(1, -1), (-1, 1)}
    u = sympy.symbols("u0:4")
    for sides in pieces:
        lam = kk._pattern(ki, W, sides)
        sgn = [1 if W[1][k][0] > 0 else -1 for k in range(2)]
        out = [sum(sgn[k] * sympy.Rational(str(lam[0][k][i])) * (X[i][0] * u[2 * k] + X[i][1] * u[2 * k + 1])
                   for k in range(2)) for i in range(len(X))]
        F = sympy.Rational(1, 3) * sum((o - sympy.Rational(str(Y[i][0]))) ** 2 for i, o in enumerate(out))
        ustar = {u[2 * k + j]: sympy.Rational(str(abs(W[1][k][0]) * W[0][j][k])) for k in range(2) for j in range(2)}
        for k in range(2):
            mine = [sympy.Rational(str(g)) for g in kk.u_gradient(ki, W, lam, k, r)]
            ref = [sympy.diff(F, u[2 * k + j]).subs(ustar) for j in range(2)]
            assert [2 * sympy.Rational(1, 3) * g for g in mine] == ref, (act, sides, k)


# --- what the kernel accepts is true -----------------------------------------------------------------

def _loss(ki, theta):
    """Plain forward pass (independent of the kernel's polynomial machinery)."""
    W = kk._unflatten(ki, [str(t) for t in theta], "θ")
    phi = ki["X"]
    for l, Wl in enumerate(W):
        G = [[sum((row[j] * Wl[j][k] for j in range(len(row))), Q(0)) for k in range(len(Wl[0]))] for row in phi]
        if l == len(W) - 1:
            break
        phi = [[z if z >= 0 else ki["slopes"][l][k] * z for k, z in enumerate(row)] for row in G]
    return ki["scale"] * sum((G[i][c] - ki["Y"][i][c]) ** 2 for i in range(len(G)) for c in range(len(G[0])))


def _kinked_local_min(rng):
    """A random instance and kinked θ, with Y chosen so that 𝒟_pᵀ(Ŷ − Y) = 0 on every piece meeting θ, r ≠ 0."""
    widths = rng.choice([(2, 2, 1), (3, 2, 1), (2, 2, 2, 1), (2, 1, 2, 1), (1, 2, 2)])
    acts = [[rng.choice(["relu", "abs", "leaky:1/2", "leaky:-2", "identity"]) for _ in range(d)] for d in widths[1:-1]]
    m = rng.randint(3, 5)
    X = [[Q(rng.randint(-4, 4), rng.randint(1, 2)) for _ in range(widths[0])] for _ in range(m)]
    inst = _inst(widths, acts, X, [[0] * widths[-1] for _ in range(m)])
    ki = kk.parse_instance(inst)
    theta = [Q(rng.randint(-4, 4), rng.randint(1, 2)) for _ in range(kk._n_params(ki))]
    W = kk._unflatten(ki, [str(t) for t in theta], "θ")
    for k in range(widths[1]):  # put sample i on unit k's kink: x_iᵀw_k = 0 via the last input weight
        xi = X[rng.randrange(m)]
        if xi[-1] != 0:
            W[0][-1][k] = -sum(xi[j] * W[0][j][k] for j in range(len(xi) - 1)) / xi[-1]
    theta = [Wl[i][j] for Wl in W for j in range(len(Wl[0])) for i in range(len(Wl))]
    dy = widths[-1]
    rows = []
    for sides in kk.adjacent_sides(ki, W):
        lam = kk._pattern(ki, W, sides)
        cols = []
        for e in range(m * dy):
            r = [[Q(0)] * dy for _ in range(m)]
            r[e % m][e // m] = Q(1)
            cols.append(kk.path_feature_residual(ki, W, lam, r))
        rows += [list(x) for x in zip(*cols)]
    null = sympy.Matrix(rows).nullspace()
    if not null:
        return None
    v = sum((rng.randint(1, 3) * b for b in null), sympy.zeros(m * dy, 1))
    _, out = kk.preactivations(ki, W)
    Y = [[out[i][c] - Q(str(v[c * m + i])) for c in range(dy)] for i in range(m)]
    return _cert("local_min", _inst(widths, acts, X, Y), theta, {"type": "path_features"}), bool(kk.kinks(ki, W))


@pytest.mark.parametrize("seed", range(3))
def test_accepted_local_minima_are_not_beaten_nearby(seed):
    """Property (sampling is evidence, not proof — but any lower nearby loss would be a soundness bug)."""
    rng = random.Random(seed)
    done = kinked = 0
    while done < 4:
        made = _kinked_local_min(rng)
        if made is None:
            continue
        cert, has_kink = made
        assert _valid(cert), f"seed {seed}"
        ki = kk.parse_instance(cert["instance"])
        theta = [Q(t) for t in cert["point"]["theta"]]
        L0 = _loss(ki, theta)
        for eps in (Q(1, 10 ** 3), Q(1, 10 ** 7)):
            for _ in range(40):
                d = [Q(rng.randint(-8, 8), 8) for _ in theta]
                assert _loss(ki, [a + eps * b for a, b in zip(theta, d)]) >= L0, f"seed {seed}: {cert}"
        done += 1
        kinked += has_kink
    assert kinked  # the interesting case (a zero pre-activation) was exercised


@pytest.mark.parametrize("seed", range(4))
def test_pieces_meeting_a_kink_cover_every_nearby_point(seed):
    """H = 1: the sign pattern at the kinks of every nearby point (off the kink hyperplanes) is among the
    pieces ``adjacent_sides`` lists — otherwise a local-minimum check could skip a realizable piece."""
    rng = random.Random(200 + seed)
    X = [[Q(1), Q(1), Q(0)], [Q(2), Q(2), Q(0)], [Q(1), Q(-1), Q(1)], [Q(0), Q(0), Q(0)], [Q(-1), Q(-1), Q(2)]]
    act = ["relu", "abs", "leaky:1/3", "leaky:-1/2"][seed]
    ki = kk.parse_instance(_inst((3, 2, 1), [act], X, [[1]] * len(X)))
    # unit 0: samples 0, 1 (parallel) and 4 on the kink; unit 1: samples 0, 1 on the kink
    theta = [Q(1), Q(-1), Q(0), Q(1), Q(-1), Q(rng.randint(1, 3)), Q(2), Q(-1)]
    W = kk._unflatten(ki, [str(t) for t in theta], "θ")
    ks = kk.kinks(ki, W)
    assert {(k, i) for _, k, i in ks} == {(0, 0), (0, 1), (0, 4), (1, 0), (1, 1)}  # sample 3 (x = 0) is no kink
    listed = {kk._key(s) for s in kk.adjacent_sides(ki, W)}
    seen = set()
    for _ in range(300):
        d = [Q(rng.randint(-50, 50), 7) for _ in theta]
        Gs, _ = kk.preactivations(ki, kk._unflatten(ki, [str(a + Q(1, 10 ** 4) * b) for a, b in zip(theta, d)], "θ'"))
        if any(Gs[0][i][k] == 0 for _, k, i in ks):
            continue
        key = kk._key({(0, k, i): 1 if Gs[0][i][k] > 0 else -1 for _, k, i in ks})
        assert key in listed, f"seed {seed}: nearby pattern {key} not among the pieces"
        seen.add(key)
    assert seen == listed  # and every listed piece is realized (no spurious empty pieces either)


# --- exact δ for Proposition 2(ii)'s non-trivial regime ----------------------------------------------

@pytest.mark.parametrize("seed", range(3))
def test_certified_smin_lower_bound_is_exact(seed):
    """δ ≤ s_min(Λ) re-checked independently: ΛΛᵀ − δ²I has only positive eigenvalues (exact inertia), and the
    hypotheses of Proposition 2(ii) then hold at the returned least d_x (kernel's exact log bounds)."""
    from exactland import numbers as nb
    rng = random.Random(300 + seed)
    m, d = 6, 12
    Lam = [[rng.randint(0, 1) for _ in range(d)] for _ in range(m)]
    delta = T.certified_smin_lower(Lam)
    if delta is None:
        pytest.skip(f"seed {seed}: Λ rank deficient")
    K = [[sum(a * b for a, b in zip(Lam[i], Lam[j])) - (delta * delta if i == j else 0) for j in range(m)]
         for i in range(m)]
    assert nb.inertia(K) == (m, 0, 0), f"seed {seed}"
    # and not absurdly low: λ_min(ΛΛᵀ) < (2δ)², i.e. ΛΛᵀ − 4δ²I has a negative eigenvalue
    assert nb.inertia([[x - (3 * delta * delta if i == j else 0) for j, x in enumerate(r)] for i, r in enumerate(K)])[1] > 0
    dx = T._dx_needed(m, d, delta)
    ev = {"m": m, "d": d, "d_x": dx, "delta": str(delta), "Lambda": [[str(x) for x in r] for r in Lam]}
    with pytest.raises(kernel.Invalid):  # d = 12 > 3: the kernel does not check s_min itself, only the logs below
        kk._prop2ii_hypotheses(ev, need_d2=True)
    _, hi = kk.ln_bounds(Q(m * d) / delta)
    assert d * dx >= 2 * m * hi * hi and dx >= kk.ln_bounds(d * m)[1] ** 2
    ev_less = dict(ev, d_x=dx - 1)
    _, hi = kk.ln_bounds(Q(m * d) / delta)
    assert not (d * (dx - 1) >= 2 * m * hi * hi and (dx - 1) >= kk.ln_bounds(d * m)[1] ** 2
                and Q(dx - 1, 20) > kk.ln_bounds(2)[1]), ev_less  # least


def test_certified_smin_lower_refuses_bad_input():
    with pytest.raises(ValueError):
        T.certified_smin_lower([[1], [0], [1]])  # m > d
    with pytest.raises(ValueError):
        T.certified_smin_lower([[Q(1, 2), 0], [0, 1]])  # not an integer matrix
