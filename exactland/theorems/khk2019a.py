"""Kawaguchi, Huang & Kaelbling (2019), "Every Local Minimum Value Is the Global Minimum Value of
Induced Model in Nonconvex Machine Learning" (Neural Computation 31(12)) — its claims, checked exactly.

Worked from the digest ``papers/khk2019a-digest.md``.  Squared loss ``L = s Σ‖f(x_i) − y_i‖²``
(s = 1/2; the paper's λ_i = s), bias-free ReLU / leaky / identity networks of
:mod:`exactland.models.piecewise`.  Instances are seeded random exact data; critical points and local
minima are *solved for exactly* (never sampled): on each activation region of a one-hidden-layer net
the loss is a convex quadratic in the products u_j = w2_j·w1_j, whose least-squares minimizer is
mapped back to a θ in that region ("region minima"); saddles come from exact families (zero output
weights with features orthogonal to y; ResNets with y ⊥ the rows of X).  Every verdict rests on a
kernel-checked certificate (kernel "piecewise") or on exact linear algebra stated in the details.

Points at kinks are classified using every one-sided piece that is realizable near the point
(first-layer sign combinations shown unrealizable by Gordan certificates are left out).

>>> theorem_1(seed=0).status
'held'
"""

from __future__ import annotations

import random as _random
from fractions import Fraction

from .. import kernel
from ..models.piecewise import (Layer, PiecewiseNetwork, _cells_2d, least_squares, one_hidden_layer_minima,
                                path_certificate, random_feedforward, random_point, random_resnet,
                                region_certificate, solve_consistent, two_hidden_layer_minima)
from ..numbers import fmt, rank
from . import ClaimResult, PaperReport

PAPER = "khk2019a"
SEARCH = 40          # instances tried per search (seed, seed+1, …)


# --- helpers ----------------------------------------------------------------------------------------------

def _cert(net, theta, claim, evidence, infeasible=None) -> dict:
    c = {"exactland_certificate": 1, "kernel": "piecewise", "claim": claim, "instance": net.to_json(),
         "point": {"theta": [fmt(x) for x in theta]}, "loss": fmt(net.loss(theta)), "evidence": evidence}
    if infeasible:
        c["infeasible_pieces"] = infeasible
    return c


def _ok(cert) -> bool:
    return kernel.verify(cert)[0]


def _fmt(v) -> str:
    return "[" + ", ".join(fmt(x) for x in v) + "]"


def assumption_2_vector(net: PiecewiseNetwork, theta) -> list:
    """The paper's g(θ) for Assumption 2: θ on the output-layer (and skip) coordinates, 0 elsewhere
    (feedforward with identity output); θ on W, 0 elsewhere (resnet)."""
    theta = net._vec(theta)
    g = [Fraction(0)] * net.n_params
    if net.kind == "resnet":
        idx = range(net.d_y * net.d_x)
    else:
        if net.layers[-1].activation != "identity":
            raise ValueError("the output layer is not linear; use the homogeneity vector θ/(H+1)")
        sizes = [r * c for r, c in net.shapes]
        H = len(net.layers) - 1
        start = sum(sizes[:H])
        idx = list(range(start, start + sizes[H])) + list(range(sum(sizes[:H + 1]), net.n_params))
    for k in idx:
        g[k] = theta[k]
    return g


def _fvec(net, theta):
    F = net.output(theta)
    return [F[r][i] for i in range(net.m) for r in range(net.d_y)]


def _yvec(net):
    return [net.Y[r][i] for i in range(net.m) for r in range(net.d_y)]


def basis_value(net, columns) -> Fraction:
    """s · min_α ‖Σ α_k c_k − Y‖² over the given output-space columns (exact least squares)."""
    F = [list(r) for r in zip(*columns)] if columns else [[] for _ in range(net.m * net.d_y)]
    if not columns:
        return net.scale * sum(y * y for y in _yvec(net))
    return net.scale * least_squares(F, _yvec(net))[1]


def _cols(J):
    return [list(c) for c in zip(*J)] if J and J[0] else []


def feature_value(net, feats) -> Fraction:
    """s · min over linear models on the stacked features (d_y = 1): feats is a list of length-m rows."""
    return basis_value(net, [list(f) for f in feats])


def induced_model_certificate(net, theta, g=None, infeasible=None) -> dict:
    """Kernel certificate of KHK 2019a Theorem 1's two facts at θ (Jᵀr = 0 and J g = f_X)."""
    g = assumption_2_vector(net, theta) if g is None else g
    return _cert(net, theta, "gradient_basis_optimal", [{"type": "induced_model", "g": [fmt(x) for x in g]}],
                 infeasible)


def fiber_certificate(net, theta, v) -> dict | None:
    """A Lemma 3 certificate (θ is not a local minimum) along θ + εv, if some ∂L/∂θ_k is non-zero there."""
    for k in range(net.n_params):
        c = _cert(net, theta, "not_local_min", [{"type": "fiber_gradient", "v": [fmt(x) for x in v], "index": k}])
        if _ok(c):
            return c
    return None


def region_minima(seed: int, activation: str = "relu", hidden: int = 2, m: int = 4, tries: int = SEARCH,
                  want: int = 1, bias: bool = False):
    """``[(net, minimum), …]`` from seeded instances seed, seed+1, …: interior region minima (exact)."""
    out = []
    for t in range(tries):
        net = random_feedforward((hidden,), d_x=2, d_y=1, m=m, activation=activation, seed=seed + t, bias=bias)
        mins, _ = one_hidden_layer_minima(net, seed=seed + t)
        for mn in mins:
            out.append((net, mn))
        if len({id(n) for n, _ in out}) >= want:
            break
    return out


def orthogonal_saddles(seed: int, all_active_unit: bool = False, tries: int = SEARCH, activation: str = "relu"):
    """Exact critical points with zero output weights: for each realizable pattern s of a unit, w ⊥ Σ_{i
    active} c_i y_i x_i makes the unit's feature orthogonal to y (found by solving, per region).  The
    second unit is dead on every sample.  With ``all_active_unit`` the first unit is active on all samples
    (θ ∈ Θ_{1,0} of Theorem 4).  Returns ``[(net, theta), …]``."""
    out = []
    for t in range(tries):
        net = random_feedforward((2,), d_x=2, d_y=1, m=4, activation=activation, seed=seed + t)
        X, y, a = net.X, net.Y[0], net.layers[0].slope
        cells = _cells_2d(X)
        pats = {}
        for w in cells:
            pre = [w[0] * X[0][i] + w[1] * X[1][i] for i in range(net.m)]
            if all(pre):
                pats[tuple(1 if p > 0 else -1 for p in pre)] = w
        dead = next((w for s, w in pats.items() if all(x < 0 for x in s)), None)
        if dead is None or a != 0:
            dead = None
        for s, _ in sorted(pats.items()):
            if all_active_unit and not all(x > 0 for x in s):
                continue
            if not any(x > 0 for x in s):
                continue
            c = [sum(((1 if s[i] > 0 else a) * y[i] * X[b][i] for i in range(net.m)), Fraction(0)) for b in range(2)]
            if not any(c):
                continue
            for sign in (1, -1):
                w = [-sign * c[1], sign * c[0]]
                pre = [w[0] * X[0][i] + w[1] * X[1][i] for i in range(net.m)]
                if all(pre) and tuple(1 if p > 0 else -1 for p in pre) == s:
                    second = list(dead) if dead is not None else [Fraction(0), Fraction(0)]
                    if dead is None:
                        continue
                    theta = w + second + [Fraction(0), Fraction(0)]
                    if not any(net.gradient(theta)):
                        out.append((net, theta))
        if out:
            break
    return out


def depth2_minima(seed: int, want: int = 2, tries: int = SEARCH):
    """``[(net, minimum, certificate), …]``: certified local minima of two-hidden-layer ReLU nets
    2 → 2 → 2 → 1 (seeded instances seed, seed+1, …) on regions where every second-layer unit is active on
    every sample; certificate: kernel "khk2019b" ``local_min`` with ``path_features``."""
    out = []
    for t in range(tries):
        net = random_feedforward((2, 2), d_x=2, d_y=1, m=4, seed=seed + t)
        mins, _ = two_hidden_layer_minima(net, seed=seed + t)
        for mn in mins[:1]:
            cert = path_certificate(net, mn["theta"])
            if _ok(cert):
                out.append((net, mn, cert))
        if len(out) >= want:
            break
    return out


# --- claims --------------------------------------------------------------------------------------------------

def theorem_1(seed: int = 0) -> ClaimResult:
    """Theorem 1: at a critical point θ ∉ Ω, L(θ) = inf_α L_θ(α) (least squares on col J(θ)).
    Certified on exact region minima (ReLU and leaky ReLU), orthogonal saddles and ResNet saddles by the
    kernel's induced_model evidence (Jᵀr = 0, J g = f_X), and compared with an independent exact
    least-squares value."""
    details, certs, bad = [], [], []
    points = [(n, mn["theta"], "region minimum") for n, mn in region_minima(seed)[:3]]
    points += [(n, mn["theta"], "region minimum (leaky 1/2)") for n, mn in region_minima(seed, "leaky:1/2")[:2]]
    points += [(n, th, "saddle (zero output weights)") for n, th in orthogonal_saddles(seed)[:2]]
    rs = resnet_saddles(seed)[:1]
    points += [(n, th, "ResNet saddle (W = 0, R = 0)") for n, th, _ in rs]
    points += [(n, mn["theta"], "two-hidden-layer region minimum") for n, mn, _ in depth2_minima(seed, want=1)]
    for net, th, label in points:
        cert = induced_model_certificate(net, th)
        ok = _ok(cert)
        L = net.loss(th)
        val = basis_value(net, _cols(net.jacobian(th)))
        details.append(f"{label}, instance seed {net.meta.get('seed')}: θ = {_fmt(th)}, L = {fmt(L)}, "
                       f"LS on col J = {fmt(val)}, certificate {'valid' if ok else 'INVALID'}")
        certs.append(cert)
        if not ok or val != L:
            bad.append(label)
    cex = nonconvex_loss_counterexample(seed)
    details.append("dropped Assumption 1 (non-convex loss): " + cex["summary"])
    off = fixed_offset_counterexample(seed)
    details.append("dropped Assumption 2 (fixed offset): " + off["summary"])
    kink = kink_counterexample(seed)
    kcex = None
    if kink:
        knet, kth, kcerts, kvals = kink
        kcex = {"instance": knet.to_json(), "theta": [fmt(x) for x in kth], "L": fmt(knet.loss(kth)),
                "one_sided_basis_values": [fmt(x) for x in kvals]}
        details.append(f"dropped θ ∉ Ω (kink), instance seed {knet.meta.get('seed')}: θ = {_fmt(kth)} is a certified "
                       f"local minimum (KKT on both one-sided pieces) with L = {fmt(knet.loss(kth))}, L and f_X not "
                       f"differentiable; one-sided gradient-basis values {[fmt(x) for x in kvals]} < L")
        certs.extend(kcerts)
    status = "held" if points and not bad else ("failed" if bad else "inconclusive")
    return ClaimResult("theorem_1", status, True,
                       f"L(θ) = LS value on col J(θ) at {len(points)} exact critical points (minima and saddles)",
                       details, [], certs, [], {"dropped_assumption_1": cex, "dropped_assumption_2": off,
                                                "dropped_differentiability": kcex}
                       if status == "held" else {"failed_at": bad})


def nonconvex_loss_counterexample(seed: int = 0) -> dict:
    """Drop Assumption 1: f(x; θ) = θx (x = 1), loss ℓ(q) = 3q⁴ − 4(a+b)q³ + 6ab q² + c with seeded
    rational a < 0 < b, c making min ℓ = 0.  ℓ′ = 12 q (q − a)(q − b): the non-global one of θ = a, b is a
    strict local minimum (ℓ″ > 0) with L > 0 = inf_α L_θ(α) (the gradient basis {αx} is the whole model)."""
    rng = _random.Random(seed)
    a = -Fraction(rng.randint(1, 5), rng.randint(1, 3))
    b = Fraction(rng.randint(1, 5), rng.randint(1, 3))
    ell = lambda q: 3 * q ** 4 - 4 * (a + b) * q ** 3 + 6 * a * b * q ** 2
    d2 = lambda q: 36 * q ** 2 - 24 * (a + b) * q + 12 * a * b
    lo = min(ell(a), ell(b))
    c = -lo
    if ell(a) == ell(b):
        b += 1
        return nonconvex_loss_counterexample(seed + 1000)
    q = a if ell(a) > ell(b) else b
    assert d2(q) > 0
    return {"loss": f"3q^4 - 4({fmt(a + b)})q^3 + 6({fmt(a * b)})q^2 + {fmt(c)}", "theta": fmt(q),
            "L": fmt(ell(q) + c), "inf_gradient_basis": "0", "second_derivative": fmt(d2(q)),
            "summary": f"seed {seed}: θ = {fmt(q)} is a strict local minimum (ℓ″ = {fmt(d2(q))} > 0) with "
                       f"L = {fmt(ell(q) + c)} > 0 = inf_α L_θ(α): Theorem 1/2 fail without convex loss"}


def fixed_offset_counterexample(seed: int = 0) -> dict:
    """Drop Assumption 2: f(x; θ) = θ·x + 1 with a fixed (non-trainable) offset, seeded data x, y (m = 2).
    f_X(θ) ∉ col J = span{x} unless x ∥ (1, 1), and at the unique critical point L ≠ inf_α L_θ(α)."""
    rng = _random.Random(seed)
    for _ in range(100):
        x = [Fraction(rng.randint(-4, 4), rng.randint(1, 2)) for _ in range(2)]
        y = [Fraction(rng.randint(-4, 4), rng.randint(1, 2)) for _ in range(2)]
        if x[0] == x[1] or not any(x):
            continue
        xx = sum(v * v for v in x)
        th = sum((yi - 1) * xi for xi, yi in zip(x, y)) / xx
        L = sum((th * xi + 1 - yi) ** 2 for xi, yi in zip(x, y)) / 2
        alpha = sum(yi * xi for xi, yi in zip(x, y)) / xx
        inf = sum((alpha * xi - yi) ** 2 for xi, yi in zip(x, y)) / 2
        a2 = rank([[x[0], th * x[0] + 1], [x[1], th * x[1] + 1]]) == 1
        if L != inf and not a2:
            return {"x": [fmt(v) for v in x], "y": [fmt(v) for v in y], "theta": fmt(th), "L": fmt(L),
                    "inf_gradient_basis": fmt(inf),
                    "summary": f"x = {_fmt(x)}, y = {_fmt(y)}: critical θ = {fmt(th)}, L = {fmt(L)} ≠ "
                               f"inf_α L_θ = {fmt(inf)}; rank[J | f_X] = 2 > rank J (Assumption 2 fails)"}
    return {"summary": "no instance found"}


def _kink_free(make, seed, rng, tries=20):
    """``(net, θ)``: the first of the instances make(seed), make(seed + 100), … with a seeded kink-free θ."""
    for t in range(tries):
        net = make(seed + 100 * t)
        for _ in range(20):
            th = [Fraction(rng.randint(-3, 3), rng.randint(1, 2)) for _ in range(net.n_params)]
            if not net.kinks(th):
                return net, th
    raise ValueError("no kink-free point found")


def assumption_2(seed: int = 0) -> ClaimResult:
    """Assumption 2 (f_X(θ) = J(θ) g(θ) off Ω) checked exactly at seeded points of each model kind, with
    g = the output-layer block (feedforward, with skips) / the W block (ResNet) and, for bias-free
    feedforward nets without skips, the homogeneity vector g = θ/(H+1); the fixed-offset counterexample."""
    rng = _random.Random(seed)
    makers = [lambda s: random_feedforward((2,), seed=s),
              lambda s: random_feedforward((2, 2), seed=s + 1, activation="leaky:1/3"),
              lambda s: random_feedforward((2, 2), seed=s + 2, skip=(0, 1)), lambda s: random_resnet((2,), seed=s + 3),
              lambda s: random_resnet((2, 2), seed=s + 4, activation="leaky:1/2")]
    nets = []
    details, certs, bad = [], [], []
    for make in makers:
        net, th = _kink_free(make, seed, rng)
        nets.append(net)
        J = net.jacobian(th)
        f = _fvec(net, th)
        gs = [("block", assumption_2_vector(net, th))]
        if net.kind == "feedforward" and not net.skip:
            gs.append(("θ/(H+1)", [x / len(net.layers) for x in th]))
        for name, g in gs:
            ok = all(sum(J[a][k] * g[k] for k in range(net.n_params)) == f[a] for a in range(len(f)))
            details.append(f"{net.kind} {[l.to_json() for l in net.layers]} skip {list(net.skip)}: J g = f_X with "
                           f"g = {name}: {ok}")
            if not ok:
                bad.append(name)
    off = fixed_offset_counterexample(seed)
    details.append("fixed offset f = θx + 1: " + off["summary"])
    return ClaimResult("assumption_2", "held" if not bad else "failed", True,
                       f"J g = f_X exactly on {len(nets)} model kinds; fails with a fixed offset (counterexample)",
                       details, [], certs, [], {"fixed_offset": off})


def resnet_saddles(seed: int, tries: int = SEARCH):
    """ResNet critical points W = 0, R = 0 on seeded data with Y ⊥ the rows of X (Σ_i y_i x_i = 0), u with
    strict margins.  Returns ``[(net, theta, fiber_certificate_or_None), …]`` for those whose z-features
    lower the least-squares value (B_3 < L): Theorem 3 says they are not local minima; the fiber
    R → R + ε a bᵀ (a ∈ Null W) certifies it."""
    out = []
    for t in range(tries):
        rng = _random.Random(seed + t)
        base = random_resnet((2,), d_x=2, d_y=1, m=4, seed=seed + t)
        X = base.X
        ns = solve_consistent(X, [0, 0])[1]
        if not ns:
            continue
        y = [sum(Fraction(rng.randint(-2, 2)) * v[i] for v in ns) for i in range(base.m)]
        if not any(y):
            continue
        net = PiecewiseNetwork("resnet", base.layers, X, [y], (), base.scale, {"seed": seed + t,
                               "generator": "random_resnet, Y replaced by a seeded vector ⊥ rows of X"})
        u = [Fraction(rng.randint(-3, 3), rng.randint(1, 2)) for _ in range(4)]
        th = [Fraction(0)] * 6 + u
        if net.kinks(th) or any(net.gradient(th)):
            continue
        z = [row for row in net.preactivations(th)[0]]
        z = [[max(v, Fraction(0)) for v in row] for row in z]
        B3 = feature_value(net, [X[0], X[1]] + z)
        if B3 >= net.loss(th):
            continue
        fc = None
        for k in range(2, 6):       # R + ε a bᵀ: a ∈ Null(W) (W = 0), b a coordinate vector
            v = [Fraction(0)] * net.n_params
            v[k] = Fraction(1)
            fc = fiber_certificate(net, th, v)
            if fc:
                break
        out.append((net, th, fc))
        if len(out) >= 2:
            break
    return out


def theorem_2(seed: int = 0) -> ClaimResult:
    """Theorem 2 at exact region minima: L(θ) equals the least-squares value over the certified subspace
    T′ spanned by J at θ and at fiber points (ReLU rescalings θ_c: w1_j → c·w1_j, w2_j → w2_j/c, exact
    since they keep the region).  Dropping "local minimum" (critical only): at orthogonal saddles the
    fiber θ + εv (perturb a zero-output-weight unit) has a non-zero gradient polynomial (Lemma 3
    certificate), and LS over J at a fiber point is below L(θ)."""
    details, certs, bad = [], [], []
    mins = [(n, mn) for n, mn in region_minima(seed, want=2)][:3]
    for net, mn in mins:
        th = mn["theta"]
        cols = _cols(net.jacobian(th))
        for c in (Fraction(2), Fraction(1, 3)):
            thc = [x * c for x in th[:4]] + [x / c for x in th[4:]]
            if net.loss(thc) != net.loss(th) or net.activation_pattern(thc) != net.activation_pattern(th):
                bad.append("rescaling left the fiber")
            cols += _cols(net.jacobian(thc))
        val = basis_value(net, cols)
        cert = region_certificate(net, th)
        ok = _ok(cert)
        certs.append(cert)
        details.append(f"region minimum (seed {net.meta.get('seed')}) θ = {_fmt(th)}: L = {fmt(net.loss(th))}, "
                       f"LS over T′ (J at θ, θ_2, θ_1/3) = {fmt(val)}; local-min certificate "
                       f"{'valid' if ok else 'INVALID'}")
        if val != net.loss(th) or not ok:
            bad.append(f"seed {net.meta.get('seed')}")
    sad = orthogonal_saddles(seed)[:2]
    cex = None
    for net, th in sad:
        v = [Fraction(0)] * net.n_params
        v[0] = Fraction(1)
        fc = fiber_certificate(net, th, v)
        eps = Fraction(1, 100)
        the = [x + eps * y for x, y in zip(th, v)]
        val = basis_value(net, _cols(net.jacobian(th)) + _cols(net.jacobian(the)))
        details.append(f"saddle (seed {net.meta.get('seed')}) θ = {_fmt(th)}: L = {fmt(net.loss(th))}, LS over "
                       f"J(θ) ∪ J(θ + εv), ε = 1/100: {fmt(val)}; Lemma 3 certificate "
                       f"{'valid' if fc and _ok(fc) else 'missing'}")
        if fc:
            certs.append(fc)
            cex = cex or {"instance_seed": net.meta.get("seed"), "theta": [fmt(x) for x in th],
                          "L": fmt(net.loss(th)), "perturbable_basis_value": fmt(val)}
    status = "held" if mins and not bad else ("failed" if bad else "inconclusive")
    return ClaimResult("theorem_2", status, True,
                       f"equality on T′ at {len(mins)} certified local minima; fails at saddles (dropped "
                       "'local minimum'), certified by Lemma 3", details, [], certs, [],
                       {"dropped_local_minimum": cex} if cex else None)


def lemma_1(seed: int = 0) -> ClaimResult:
    """Lemma 1 (jointly over samples): LS over col[F_S | F_S′] = LS over col F_{S∪S′} for fiber sets S, S′."""
    out = []
    for net, mn in region_minima(seed)[:2]:
        th = mn["theta"]
        pts = {c: [x * c for x in th[:4]] + [x / c for x in th[4:]] for c in (Fraction(1), Fraction(2), Fraction(3))}
        FS = _cols(net.jacobian(pts[Fraction(1)])) + _cols(net.jacobian(pts[Fraction(2)]))
        FS2 = _cols(net.jacobian(pts[Fraction(3)]))
        union = [c for p in pts.values() for c in _cols(net.jacobian(p))]
        a, b = basis_value(net, FS + FS2), basis_value(net, union)
        out.append((a == b, f"seed {net.meta.get('seed')}: {fmt(a)} = {fmt(b)}"))
    ok = out and all(o for o, _ in out)
    return ClaimResult("lemma_1", "held" if ok else "inconclusive", True,
                       "perturbable-basis least squares is closed under merging fiber sets", [d for _, d in out])


def lemma_2(seed: int = 0) -> ClaimResult:
    """Lemma 2: ∇L = 2s J(θ)ᵀ r(θ) off Ω (so Jᵀr = 0 at critical points); the gradient is recomputed by
    sympy differentiation of the region polynomial (an independent path) at seeded points."""
    import sympy
    rng = _random.Random(seed)
    details, bad = [], 0
    makers = [lambda s: random_feedforward((2,), seed=s), lambda s: random_feedforward((2,), seed=s + 1, skip=(0,)),
              lambda s: random_resnet((1,), seed=s + 2)]
    for make in makers:
        net, th = _kink_free(make, seed, rng)
        P = net.region_polynomial(net.region(th))
        syms = sympy.symbols(f"th0:{net.n_params}")
        sub = dict(zip(syms, [sympy.Rational(x.numerator, x.denominator) for x in th]))
        gs = [sympy.diff(P, s).subs(sub) for s in syms]
        J, r = net.jacobian(th), net.residual_vector(th)
        jr = [2 * net.scale * sum(J[a][k] * r[a] for a in range(len(r))) for k in range(net.n_params)]
        same = [Fraction(int(g.p), int(g.q)) for g in gs] == jr
        bad += not same
        details.append(f"{net.kind} seed {net.meta.get('seed')}: ∇L (sympy) = 2s Jᵀr: {same}")
    for net, mn in region_minima(seed)[:2]:
        J, r = net.jacobian(mn["theta"]), net.residual_vector(mn["theta"])
        z = all(sum(J[a][k] * r[a] for a in range(len(r))) == 0 for k in range(net.n_params))
        bad += not z
        details.append(f"region minimum seed {net.meta.get('seed')}: Jᵀr = 0: {z}")
    return ClaimResult("lemma_2", "held" if not bad else "failed", True, "∇L = 2s Jᵀr; Jᵀr = 0 at critical points",
                       details)


def lemma_3(seed: int = 0) -> ClaimResult:
    """Lemma 3: at a local minimum every nearby fiber point is a local minimum with zero gradient.
    Positive mode: at region minima the gradient vanishes exactly at the rescaled fiber points θ_c.
    Refutation mode (the contrapositive): at orthogonal saddles a straight fiber θ + εv has a non-zero
    gradient polynomial — kernel certificate "fiber_gradient"."""
    details, certs, bad = [], [], []
    for net, mn in region_minima(seed)[:2]:
        th = mn["theta"]
        zero = all(not any(net.gradient([x * c for x in th[:4]] + [x / c for x in th[4:]]))
                   for c in (Fraction(1, 2), Fraction(2), Fraction(5)))
        details.append(f"region minimum seed {net.meta.get('seed')}: ∇L(θ_c) = 0 for c = 1/2, 2, 5: {zero}")
        if not zero:
            bad.append(net.meta.get("seed"))
    for net, th in orthogonal_saddles(seed)[:2]:
        v = [Fraction(0)] * net.n_params
        v[1] = Fraction(1)
        fc = fiber_certificate(net, th, v)
        details.append(f"saddle seed {net.meta.get('seed')}: Lemma 3 refutation certificate "
                       f"{'valid' if fc else 'not found'}")
        if fc:
            certs.append(fc)
    return ClaimResult("lemma_3", "held" if not bad and certs else ("failed" if bad else "inconclusive"), True,
                       "zero gradient along fibers at local minima; non-zero fiber gradient refutes minimality",
                       details, [], certs)


def resnet_region_minima(seed: int, tries: int = SEARCH, m: int = 7, want: int = 2):
    """Local minima of the ResNet W(x + R relu(U x)) (d_x = 2, d_z = 2, d_y = 1) in the interior of activation
    regions, solved exactly: on a region f_i = W x_i + Σ_k c_ik u′_k·x_i with u′_k = (WR)_k U_k, a convex
    quadratic in (W, u′); its least-squares minimizer is realized by U_k = σ_k u′_k, (WR)_k = σ_k,
    R = Wᵀ(WR)/‖W‖².  Returns ``[(net, theta, certificate), …]`` (kernel-checked local_min certificates),
    minima whose residual units all contribute first."""
    from ..models.piecewise import unit_patterns
    out = []
    for t in range(tries):
        net = random_resnet((2,), d_x=2, d_y=1, m=m, seed=seed + t)
        X, y = net.X, net.Y[0]
        pats = unit_patterns(X)
        keys = sorted(pats)
        for i1 in range(len(keys)):
            for i2 in range(i1, len(keys)):
                P = [keys[i1], keys[i2]]
                Phi = [[X[0][i], X[1][i]] + [(1 if P[k][i] > 0 else 0) * X[b][i] for k in range(2) for b in range(2)]
                       for i in range(net.m)]
                sol, _ = least_squares(Phi, y)
                W = sol[:2]
                nw = W[0] ** 2 + W[1] ** 2
                if not nw:
                    continue
                U, V, ok = [], [], True
                for k in range(2):
                    uk = sol[2 + 2 * k:4 + 2 * k]
                    if not any(uk):
                        U.append(list(pats[P[k]]))
                        V.append(Fraction(0))
                        continue
                    pre = [uk[0] * X[0][i] + uk[1] * X[1][i] for i in range(net.m)]
                    sg = next((g for g in (1, -1) if all(g * pre[i] * P[k][i] > 0 for i in range(net.m))), None)
                    if sg is None:
                        ok = False
                        break
                    U.append([sg * x for x in uk])
                    V.append(Fraction(sg))
                if not ok:
                    continue
                R = [[W[a] * V[k] / nw for k in range(2)] for a in range(2)]
                th = list(W) + [x for row in R for x in row] + [x for row in U for x in row]
                if any(net.gradient(th)):
                    continue
                cert = _cert(net, th, "local_min", [{"type": "region_convex_min"}])
                if _ok(cert):
                    out.append((net, th, cert, sum(1 for v in V if v)))
        if len(out) >= want:
            break
    out.sort(key=lambda r: (-r[3], r[0].loss(r[1]) == 0))
    return [(n, th, c) for n, th, c, _ in out]


def theorem_3(seed: int = 0) -> ClaimResult:
    """Theorem 3 (ResNet W(x + R z(x; u)), d_y = 1 ≤ min(d_x, d_z) = 2): (a) at certified local minima
    (interior region minima solved exactly, kernel certificate; and residual units dead on every sample:
    f = Wx near θ, W = LS on x) the chain L ≤ B_3 ≤ B_lin holds;
    (b) at random θ with W of full row rank, col J ⊇ {α_w x + α_r z} (exact rank test), so every critical
    point there satisfies L ≤ B_3 by Theorem 1; (c) contrapositive: critical points W = 0, R = 0 with
    B_3 < L are certified not local minima by the fiber R + ε a bᵀ (the paper's own construction)."""
    details, certs, bad = [], [], []
    # (a) certified interior region minima with contributing residual units
    for net, th, cert in resnet_region_minima(seed)[:2]:
        X = net.X
        z = [[max(v, Fraction(0)) for v in row] for row in net.preactivations(th)[0]]
        L, B3, Blin = net.loss(th), feature_value(net, [X[0], X[1]] + z), feature_value(net, [X[0], X[1]])
        ok = L <= B3 <= Blin
        certs.append(cert)
        details.append(f"(a) seed {net.meta.get('seed')}: certified local minimum θ = {_fmt(th)} (residual units "
                       f"active): L = {fmt(L)} ≤ B_3 = {fmt(B3)} ≤ B_lin = {fmt(Blin)}: {ok}")
        if not ok:
            bad.append("a")
    # (a′) dead residual local minima
    for t in range(SEARCH):
        net = random_resnet((2,), d_x=2, d_y=1, m=4, seed=seed + t)
        X = net.X
        cells = [w for w in _cells_2d(X) if all(w[0] * X[0][i] + w[1] * X[1][i] < 0 for i in range(net.m))]
        if not cells:
            continue
        w = cells[0]
        alpha, _ = least_squares([[X[0][i], X[1][i]] for i in range(net.m)], net.Y[0])
        th = list(alpha) + [Fraction(1), Fraction(0), Fraction(0), Fraction(1)] + list(w) + list(w)
        L = net.loss(th)
        B3 = feature_value(net, [X[0], X[1], [0] * net.m, [0] * net.m])
        Blin = feature_value(net, [X[0], X[1]])
        ok = not any(net.gradient(th)) and L <= B3 <= Blin
        details.append(f"(a′) seed {seed + t}: dead residual units, W = LS on x: local minimum (f = Wx on a "
                       f"neighbourhood, convex in W, ∇L = 0); L = {fmt(L)} ≤ B_3 = {fmt(B3)} ≤ B_lin = {fmt(Blin)}: {ok}")
        if not ok:
            bad.append("a")
        break
    # (b) span inclusion at full-row-rank W
    rng = _random.Random(seed)
    net, th = _kink_free(lambda s: random_resnet((2,), d_x=2, d_y=1, m=4, seed=s + 7), seed, rng)
    th[0] = th[0] or Fraction(1)      # W ≠ 0: full row rank for d_y = 1
    J = net.jacobian(th)
    z = [[max(v, Fraction(0)) for v in row] for row in net.preactivations(th)[0]]
    F = [list(r) for r in zip(net.X[0], net.X[1], *z)]
    incl = rank([a + b for a, b in zip(J, F)]) == rank(J)
    details.append(f"(b) seed {net.meta.get('seed')}, θ = {_fmt(th)}: rank[J | x, z] = rank J (col J ⊇ features): {incl}")
    if not incl:
        bad.append("b")
    # (c) contrapositive
    for net, th, fc in resnet_saddles(seed):
        X = net.X
        z = [[max(v, Fraction(0)) for v in row] for row in net.preactivations(th)[0]]
        B3, Blin, L = feature_value(net, [X[0], X[1]] + z), feature_value(net, [X[0], X[1]]), net.loss(th)
        details.append(f"(c) seed {net.meta.get('seed')}: W = 0, R = 0, u = {_fmt(th[6:])}: critical, L = {fmt(L)} "
                       f"= B_lin = {fmt(Blin)} > B_3 = {fmt(B3)}; fiber certificate (not a local minimum) "
                       f"{'valid' if fc else 'not found'}")
        if fc:
            certs.append(fc)
        else:
            bad.append("c")
    status = "held" if not bad else "failed"
    return ClaimResult("theorem_3", status, True,
                       "chain L ≤ B_3 ≤ B_lin at local minima; B_3 < L certified non-minimal by the fiber",
                       details + ["dropped d_y ≤ d_x (certified global minimum with L > B_3) and a probe of "
                                  "d_y ≤ d_z: see the row bottleneck_dropped"], [], certs)


def proposition_1(seed: int = 0) -> ClaimResult:
    """Proposition 1 (Shamir 2018; d_y = 1, smooth convex loss): at local minima L ≤ inf_W Σ ℓ(W x_i).  The
    ResNet local minima of :func:`theorem_3` (a) satisfy it with equality; Theorem 3's bound B_3 is never
    weaker (B_3 ≤ B_lin at every point checked)."""
    r = theorem_3(seed)
    ok = r.status == "held"
    return ClaimResult("proposition_1", "held" if ok else r.status, True,
                       "L ≤ B_lin at the ResNet local minima; B_3 ≤ B_lin", [d for d in r.details if "(a)" in d or "(c)" in d])


def theorem_4(seed: int = 0) -> ClaimResult:
    """Theorem 4 at exact region minima of one-hidden-layer ReLU nets: t = 1 (always θ ∈ Θ_{1,1}):
    L ≤ LS on h¹; t = 0 when some unit is active on every sample (θ ∈ Θ_{1,0}): L ≤ LS on [x; h¹].
    Dropped θ ∈ Θ_{1,0}: minima with no all-active unit are searched for L > LS on [x; h¹].
    Contrapositive: critical points with zero output weights, one all-active unit with h ⊥ y and one dead
    unit (θ ∈ Θ_{1,0}) have B_{4,0} < L and are certified not local minima (Lemma 3 fiber)."""
    details, certs, bad = [], [], []
    dropped = None
    cands = region_minima(seed, want=4, tries=SEARCH) + region_minima(seed, want=4, tries=SEARCH, bias=True)
    cands.sort(key=lambda nm: -sum(1 for x in nm[1]["theta"][-2:] if x))  # contributing units first
    for net, mn in cands[:16]:
        th = mn["theta"]
        pre = net.preactivations(th)[0]
        h = [[max(v, Fraction(0)) for v in row] for row in pre]
        L = net.loss(th)
        b1 = feature_value(net, h)
        b0 = feature_value(net, [net.X[0], net.X[1]] + h)
        in0 = any(all(v > 0 for v in row) for row in pre)
        if not L <= b1:
            bad.append("t=1")
        if in0 and not L <= b0:
            bad.append("t=0")
        details.append(f"seed {net.meta.get('seed')} θ = {_fmt(th)}: L = {fmt(L)}, B_4,1 = {fmt(b1)}, "
                       f"B_4,0 = {fmt(b0)}, θ ∈ Θ_1,0: {in0}")
        dead = sum(1 for row in pre if all(v < 0 for v in row))
        if not in0 and L > b0 and (dropped is None or (dead and not dropped["dead_units"])):
            cert = region_certificate(net, th)
            if _ok(cert):
                if dropped is not None:
                    certs.remove(dropped["_cert"])
                certs.append(cert)
                dropped = {"instance_seed": net.meta.get("seed"), "theta": [fmt(x) for x in th], "L": fmt(L),
                           "B_4_0": fmt(b0), "certificate": "local_min (region_convex_min)", "dead_units": dead,
                           "_cert": cert}
    if dropped:
        del dropped["_cert"]
    for net, th in orthogonal_saddles(seed, all_active_unit=True)[:1]:
        h = [[max(v, Fraction(0)) for v in row] for row in net.preactivations(th)[0]]
        b0 = feature_value(net, [net.X[0], net.X[1]] + h)
        v = [Fraction(0)] * net.n_params
        v[0] = Fraction(1)
        fc = fiber_certificate(net, th, v)
        details.append(f"contrapositive seed {net.meta.get('seed')}: θ = {_fmt(th)} critical in Θ_1,0, L = "
                       f"{fmt(net.loss(th))} > B_4,0 = {fmt(b0)}; fiber certificate {'valid' if fc else 'not found'}")
        if fc:
            certs.append(fc)
    # two hidden layers: certified (path features) minima; every layer-2 unit is linear on all samples, so
    # θ ∈ Θ_1,1 (J² = all units, J³ = {1}), and θ ∈ Θ_1,0 when some layer-1 unit is active on every sample
    for net, mn, cert in depth2_minima(seed):
        th = mn["theta"]
        pre = net.preactivations(th)
        h1 = [[max(v, Fraction(0)) for v in row] for row in pre[0]]
        h2 = [[max(v, Fraction(0)) for v in row] for row in pre[1]]
        L = net.loss(th)
        b2, b1 = feature_value(net, h2), feature_value(net, h1 + h2)
        in0 = any(all(v > 0 for v in row) for row in pre[0])
        b0 = feature_value(net, [net.X[0], net.X[1]] + h1 + h2)
        ok = L <= b2 and L <= b1 and (not in0 or L <= b0)
        certs.append(cert)
        details.append(f"two hidden layers, seed {net.meta.get('seed')}: certified local minimum (path features, "
                       f"kernel khk2019b) θ = {_fmt(th)}: L = {fmt(L)}, B_4,2 = {fmt(b2)}, B_4,1 = {fmt(b1)}"
                       + (f", θ ∈ Θ_1,0: B_4,0 = {fmt(b0)}" if in0 else ", θ ∉ Θ_1,0") + f": {ok}")
        if not ok:
            bad.append("depth 2")
    if dropped:
        details.append(f"dropped θ ∈ Θ_1,0 ({dropped['dead_units']} unit(s) dead on every sample): certified "
                       f"local minimum with L = {dropped['L']} > B_4,0 = "
                       f"{dropped['B_4_0']} (no unit active on every sample)")
    status = "held" if not bad else "failed"
    return ClaimResult("theorem_4", status, True,
                       "L ≤ B_4,t (t = 0, 1) at certified local minima; hypothesis Θ_1,0 needed for t = 0",
                       details, [], certs, [], {"dropped_theta_1_0": dropped} if dropped else None)


def corollary_4_deep_linear(seed: int = 0) -> ClaimResult:
    """Corollary of Theorem 4 (and Proposition 2, Laurent & von Brecht 2018): deep linear nets with
    d_y ≤ min d_l: every local minimum is global.  On seeded identity networks d_x = 2 → 1 → 1 → 1:
    a factorization of the least-squares map is a global minimum (value = LS on x); the zero point
    (Hessian zero: second order is silent) is certified not a local minimum by the Lemma 3 fiber
    (ε e, ε, 0); points with exactly one zero factor are certified by the same kind of fiber."""
    details, certs, bad = [], [], []
    net = random_feedforward((1, 1), d_x=2, d_y=1, m=3, activation="identity", seed=seed)
    X = net.X
    alpha, val = least_squares([[X[0][i], X[1][i]] for i in range(net.m)], net.Y[0])
    th = list(alpha) + [Fraction(1), Fraction(1)]
    glob = net.loss(th) == net.scale * val and not any(net.gradient(th))
    details.append(f"seed {seed}: θ = {_fmt(th)} (LS factorization): critical, L = {fmt(net.loss(th))} = "
                   f"LS on x: {glob}")
    zero = [Fraction(0)] * net.n_params
    fc = None
    for v in ([1, 0, 1, 0], [0, 1, 1, 0], [1, 1, 1, 0]):
        fc = fiber_certificate(net, zero, [Fraction(x) for x in v])
        if fc:
            break
    H = net.hessian(zero)
    zero_global = net.loss(zero) == net.scale * val
    details.append(f"zero point: Hessian zero: {not any(any(r) for r in H)}; fiber (ε e, ε, 0) certificate "
                   f"{'valid' if fc else 'not found'}" + ("; L(0) = LS on x: the zero point is global" if zero_global else ""))
    if fc:
        certs.append(fc)
    if not glob or not (fc or zero_global):
        bad.append("deep linear")
    return ClaimResult("corollary_4_deep_linear", "held" if not bad else "failed", True,
                       "global minimum at the LS factorization; the degenerate zero saddle certified non-minimal",
                       details, [], certs)


def proposition_2(seed: int = 0) -> ClaimResult:
    """Proposition 2 (Laurent & von Brecht 2018): the same deep-linear evidence as the corollary."""
    r = corollary_4_deep_linear(seed)
    return ClaimResult("proposition_2", r.status, True, "see corollary_4_deep_linear", r.details, [], r.certificates)


def example_1(seed: int = 0) -> ClaimResult:
    """Example 1 (basis-function model f = W x): every critical point is a global minimum — the exact
    normal-equation solution is critical and its L equals the gradient-basis value (certificate)."""
    net = random_feedforward((), d_x=3, d_y=1, m=4, activation="identity", seed=seed)
    X = net.X
    alpha, val = least_squares([[X[b][i] for b in range(3)] for i in range(net.m)], net.Y[0])
    cert = induced_model_certificate(net, alpha)
    ok = _ok(cert) and net.loss(alpha) == net.scale * val
    return ClaimResult("example_1", "held" if ok else "failed", True, "critical point = global minimum (LS)",
                       [f"seed {seed}: θ = {_fmt(alpha)}, L = {fmt(net.loss(alpha))}"], [], [cert])


def _unit_circle(t: Fraction):
    return ((1 - t * t) / (1 + t * t), 2 * t / (1 + t * t))


def example_2(seed: int = 0) -> ClaimResult:
    """Example 2 / footnote 1: rational unit vectors x_i (stereographic, seeded), δ = 1 − max ⟨x_i, x_j⟩,
    first-layer rows [x_iᵀ, δ − 1], second layer diagonal: rank φ = m exactly, and every critical point in
    the last layer has L = 0.  Finding: a negative diagonal entry (allowed by the text's "≠ 0") kills a
    ReLU unit on every sample and drops the rank — the footnote needs "> 0"."""
    rng = _random.Random(seed)
    m = 3
    ts = set()
    while len(ts) < m:
        ts.add(Fraction(rng.randint(-6, 6), rng.randint(1, 4)))
    xs = [_unit_circle(t) for t in sorted(ts)]
    delta = (1 - max(xs[i][0] * xs[j][0] + xs[i][1] * xs[j][1] for i in range(m) for j in range(m) if i != j)) / 2
    X = [[x[0] for x in xs], [x[1] for x in xs], [Fraction(1)] * m]
    Y = [[Fraction(rng.randint(-4, 4)) for _ in range(m)]]
    net = PiecewiseNetwork("feedforward", (Layer(m, "relu"), Layer(m, "relu"), Layer(1, "identity")), X, Y, (),
                           Fraction(1, 2), {"seed": seed, "generator": "example_2 footnote 1"})

    def build(diag):
        W1 = [[x[0], x[1], delta - 1] for x in xs]
        W2 = [[diag[i] if i == j else Fraction(0) for j in range(m)] for i in range(m)]
        return W1, W2
    details, certs = [], []
    results = {}
    for label, diag in (("diag(1, 1, 1)", [Fraction(1)] * m), ("diag(1, −1, 1)", [Fraction(1), Fraction(-1), Fraction(1)])):
        W1, W2 = build(diag)
        th0 = net.flatten([W1, W2, [[Fraction(0)] * m]])
        pre = net.preactivations(th0)
        phi = [[max(v, Fraction(0)) for v in row] for row in pre[1]]
        rk = rank(phi)
        alpha, val = least_squares([list(r) for r in zip(*phi)], Y[0])
        th = net.flatten([W1, W2, [alpha]])
        results[label] = (rk, net.loss(th))
        details.append(f"{label}: rank φ = {rk}, L at the last-layer critical point = {fmt(net.loss(th))}")
        if rk == m:
            details.append(f"  (with u trainable too this θ lies in Ω: layer-2 pre-activations are 0 where h¹ = 0; "
                           f"f_X differentiable: {net.output_differentiable(th)} — the example treats u as fixed)")
    ok = results["diag(1, 1, 1)"] == (m, 0)
    findings = []
    if results["diag(1, −1, 1)"][0] < m:
        findings.append("Example 2 footnote 1: W^(l)_jj ≠ 0 must read W^(l)_jj > 0 for ReLU (a negative "
                        f"diagonal entry drops rank φ to {results['diag(1, −1, 1)'][0]} < m = {m}; seed {seed})")
    return ClaimResult("example_2", "held" if ok else "failed", True,
                       f"rank φ = m = {m}, L = 0 at critical points in W (δ = {fmt(delta)})", details, [], certs,
                       findings)


def example_3(seed: int = 0) -> ClaimResult:
    """Example 3 (skip connections): one hidden ReLU layer with a skip from the input (skip = [0]); exact
    critical points from region solving (convex quadratic in (u, V)); at each, L ≤ LS on [x; h¹] and
    L = LS on [x; h¹; ∂_u f] (the induced model), with the Theorem 1 certificate."""
    details, certs, bad = [], [], []
    found = 0
    for t in range(SEARCH):
        net = random_feedforward((2,), d_x=2, d_y=1, m=5, seed=seed + t, skip=(0,))
        X, y = net.X, net.Y[0]
        from ..models.piecewise import unit_patterns
        pats = unit_patterns(X)
        keys = sorted(pats)
        for i1 in range(len(keys)):
            for i2 in range(i1, len(keys)):
                P = [keys[i1], keys[i2]]
                Phi = [[(1 if P[j][i] > 0 else 0) * X[b][i] for j in range(2) for b in range(2)] + [X[0][i], X[1][i]]
                       for i in range(net.m)]
                sol, _ = least_squares(Phi, y)
                w1, w2 = [], []
                okp = True
                for j in range(2):
                    uj = sol[2 * j:2 * j + 2]
                    pre = [uj[0] * X[0][i] + uj[1] * X[1][i] for i in range(net.m)]
                    sg = next((s for s in (1, -1) if all(s * pre[i] * P[j][i] > 0 for i in range(net.m))), None)
                    if sg is None:
                        okp = False
                        break
                    w1 += [sg * x for x in uj]
                    w2.append(Fraction(sg))
                if not okp:
                    continue
                th = w1 + w2 + sol[4:]
                if any(net.gradient(th)):
                    continue
                h = [[max(v, Fraction(0)) for v in row] for row in net.preactivations(th)[0]]
                L = net.loss(th)
                bskip = feature_value(net, [X[0], X[1]] + h)
                cert = induced_model_certificate(net, th)
                ok = _ok(cert) and L <= bskip
                details.append(f"seed {seed + t}: θ = {_fmt(th)}, L = {fmt(L)} ≤ LS on [x; h¹] = {fmt(bskip)}; "
                               f"induced-model certificate {'valid' if _ok(cert) else 'INVALID'}")
                certs.append(cert)
                if not ok:
                    bad.append(seed + t)
                found += 1
                if found >= 2:
                    break
            if found >= 2:
                break
        if found >= 2:
            break
    status = "held" if found and not bad else ("failed" if bad else "inconclusive")
    return ClaimResult("example_3", status, True, "critical points no worse than LS on skip-connected features",
                       details, [], certs)


# --- differentiability: kinks, Ω vs Ω̃ --------------------------------------------------------------------------

def gordan_exclusions(net: PiecewiseNetwork, theta) -> list:
    """Gordan certificates for first-layer kink sign combinations that no nearby point realizes
    (d_x = 2: antiparallel pairs s_a x_a = −c s_b x_b, or triples with a positive null vector)."""
    from itertools import combinations, product
    kinks = net.kinks(theta)
    out = []
    for j in sorted({u for (l, u, i) in kinks if l == 0}):
        samples = [i for (l, u, i) in kinks if l == 0 and u == j]
        X = net.X
        for signs in product((1, -1), repeat=len(samples)):
            vecs = [[s * X[b][i] for b in range(net.d_x)] for s, i in zip(signs, samples)]
            lam = None
            for k in (2, 3):
                for idx in combinations(range(len(samples)), k):
                    ns = solve_consistent([[vecs[a][b] for a in idx] for b in range(net.d_x)], [0] * net.d_x)[1]
                    for v in ns:
                        for sg in (1, -1):
                            w = [sg * x for x in v]
                            if all(x >= 0 for x in w) and any(w):
                                lam = [Fraction(0)] * len(samples)
                                for a, x in zip(idx, w):
                                    lam[a] = x
                                break
                        if lam:
                            break
                    if lam:
                        break
                if lam:
                    break
            if lam:
                out.append({"unit": j, "signs": list(signs), "lambda": [fmt(x) for x in lam]})
    return out


def kink_minimum_search(seed: int = 0, tries: int = SEARCH):
    """Search for a local minimum θ where L is differentiable with ∇L = 0 but f_X is not (θ ∈ Ω although L
    is smooth).  Family: one hidden layer of two ReLU units, d_x = 2 (second input coordinate 1),
    m = 5 or 6, seeded data; unit A active on every sample (θ ∈ Θ_{1,0}), unit B on a kink at one sample i
    with a non-zero output weight (so f_X is not differentiable).  L is differentiable there iff the
    residual at sample i vanishes; two targets are solved for exactly so that the least-squares minimizer
    u of the region's quadratic has u_B·x_i = 0 and r_i = 0 (then u minimizes both one-sided quadratics).
    Returns ``(net, theta, certificate)`` or ``None``; the certificate is kernel-checked."""
    from ..models.piecewise import unit_patterns
    for t in range(tries):
        base = random_feedforward((2,), d_x=2, d_y=1, m=5 + t % 2, seed=seed + t, bias=True)
        X, m = base.X, base.m
        pats = unit_patterns(X)
        allpos = tuple([1] * m)
        if allpos not in pats:
            continue
        for i in range(m):
            for sB in sorted(pats):
                if sB[i] != 1 or sB == allpos:
                    continue
                P = [allpos, sB]
                Phi = [[(1 if P[j][k] > 0 else 0) * X[b][k] for j in range(2) for b in range(2)] for k in range(m)]
                us = [least_squares(Phi, [Fraction(int(k == q)) for k in range(m)])[0] for q in range(m)]

                def conds(q):  # the two linear conditions evaluated at y = e_q
                    u = us[q]
                    f_i = sum(Phi[i][c] * u[c] for c in range(4))
                    return [u[2] * X[0][i] + u[3] * X[1][i], f_i - int(q == i)]
                C = [conds(q) for q in range(m)]
                free = [q for q in range(m) if q != i][:2]
                y = list(base.Y[0])
                rest = [q for q in range(m) if q not in free]
                rhs = [-sum(C[q][r] * y[q] for q in rest) for r in range(2)]
                sol, _ = solve_consistent([[C[free[0]][r], C[free[1]][r]] for r in range(2)], rhs)
                if sol is None:
                    continue
                y[free[0]], y[free[1]] = sol
                u = [sum(us[q][c] * y[q] for q in range(m)) for c in range(4)]
                preA = [u[0] * X[0][k] + u[1] * X[1][k] for k in range(m)]
                preB = [u[2] * X[0][k] + u[3] * X[1][k] for k in range(m)]
                sA = next((sg for sg in (1, -1) if all(sg * p > 0 for p in preA)), None)
                sgB = next((sg for sg in (1, -1) if all(sg * preB[k] * sB[k] > 0 for k in range(m) if k != i)), None)
                if sA is None or sgB is None or preB[i] != 0 or not any(u[2:]):
                    continue
                net = PiecewiseNetwork("feedforward", base.layers, X, [y], (), base.scale,
                                       {"seed": seed + t, "generator": "kink_minimum_search (two targets solved)"})
                th = [sA * u[0], sA * u[1], sgB * u[2], sgB * u[3], Fraction(sA), Fraction(sgB)]
                if net.loss(th) == 0:
                    continue
                v = net.nondifferentiability_witness(th)
                if v is None:
                    continue
                ev = [{"type": "region_convex_min"}, {"type": "loss_pieces_agree", "zero": True},
                      {"type": "one_sided_asymmetry", "v": [fmt(x) for x in v]}]
                cert = _cert(net, th, "smooth_loss_kink_min", ev)
                if _ok(cert):
                    return net, th, cert
    return None


def kink_counterexample(seed: int = 0, tries: int = SEARCH):
    """Drop θ ∉ Ω: a local minimum at a kink where Theorem 1's conclusion fails for a one-sided gradient basis.
    Search: one hidden ReLU unit, d_x = 2, m = 3, seeded data; the unit sits on the kink of one sample i
    (w1 ⊥ x_i), w2 solves the least-squares problem along that face exactly, and the point is kept when
    both one-sided pieces satisfy KKT with μ ≥ 0 (kernel evidence region_convex_min with multipliers:
    a certified local minimum) while some one-sided Jacobian's least-squares value is below L(θ).
    Returns ``(net, theta, [certificates], values)`` or ``None``."""
    for t in range(tries):
        net = random_feedforward((1,), d_x=2, d_y=1, m=3, seed=seed + t)
        X, y = net.X, net.Y[0]
        for i in range(net.m):
            if not (X[0][i] or X[1][i]):
                continue
            for c in (1, -1):
                w = [-c * X[1][i], c * X[0][i]]
                pre = [w[0] * X[0][k] + w[1] * X[1][k] for k in range(net.m)]
                if any(pre[k] == 0 for k in range(net.m) if k != i):
                    continue
                act = [k for k in range(net.m) if k != i and pre[k] > 0]
                den = sum(pre[k] ** 2 for k in act)
                if not den:
                    continue
                w2 = sum(pre[k] * y[k] for k in act) / den
                if w2 == 0:
                    continue
                th = w + [w2]
                pieces = net.one_sided_patterns(th)
                res = net.residual_vector(th)
                xi = [X[0][i], X[1][i]]
                mults, ok = [], True
                for P in pieces:
                    g = [2 * net.scale * sum(res[k] * X[b][k] * (1 if P[0][0][k] > 0 else 0) for k in range(net.m))
                         for b in range(2)]
                    lam = (g[0] * xi[0] + g[1] * xi[1]) / (xi[0] ** 2 + xi[1] ** 2)
                    if [lam * v for v in xi] != g:
                        ok = False
                        break
                    mu = lam * (1 if w2 > 0 else -1) * P[0][0][i]
                    if mu < 0:
                        ok = False
                        break
                    mults.append([fmt(mu)])
                if not ok:
                    continue
                L = net.loss(th)
                vals = [basis_value(net, _cols(net.jacobian(th, P))) for P in pieces]
                if min(vals) >= L or net.loss_differentiable(th):
                    continue
                v = net.nondifferentiability_witness(th)
                c1 = _cert(net, th, "local_min", [{"type": "region_convex_min", "multipliers": mults}])
                c2 = _cert(net, th, "output_not_differentiable", [{"type": "one_sided_asymmetry",
                                                                   "v": [fmt(x) for x in v]}])
                if _ok(c1) and _ok(c2):
                    return net, th, [c1, c2], vals
    return None


def differentiability_reading(seed: int = 0) -> ClaimResult:
    """The literal-reading question for this paper: what happens at a local minimum where L is
    differentiable but f_X is not (θ ∈ Ω, so the formal hypotheses θ ∉ Ω / θ ∉ Ω̃ exclude it, while the
    prose "differentiable local minimum" could be read as including it)?  exactland finds such a point by
    search (certificate smooth_loss_kink_min: local minimum on every one-sided piece, L differentiable with
    ∇L = 0, f_X not differentiable) and checks Theorems 1 and 4 there with each one-sided Jacobian."""
    found = kink_minimum_search(seed)
    if found is None:
        return ClaimResult("differentiability_reading", "inconclusive", False,
                           f"no smooth-loss kink minimum found in {SEARCH} seeded tries", [])
    net, th, cert = found
    L = net.loss(th)
    pieces = net.one_sided_patterns(th)
    vals = [basis_value(net, _cols(net.jacobian(th, P))) for P in pieces]
    h = [[max(v, Fraction(0)) for v in row] for row in net.preactivations(th)[0]]
    b0 = feature_value(net, [net.X[0], net.X[1]] + h)
    b1 = feature_value(net, h)
    v = cert["evidence"][2]["v"]
    held = all(x == L for x in vals) and L <= b0 and L <= b1
    details = [f"instance seed {net.meta['seed']}: X = {net.to_json()['data']['X']}, Y = {net.to_json()['data']['Y']}",
               f"θ = {_fmt(th)}: L = {fmt(L)}; certified local minimum with L differentiable, ∇L = 0, f_X not "
               f"differentiable (direction {v}); certificate smooth_loss_kink_min {'valid' if _ok(cert) else 'INVALID'}",
               f"Theorem 1 with each one-sided Jacobian J_P: LS values {[fmt(x) for x in vals]} (= L: "
               f"{all(x == L for x in vals)}); Theorem 4: L ≤ B_4,0 = {fmt(b0)}, L ≤ B_4,1 = {fmt(b1)}: {L <= b0 and L <= b1}"]
    return ClaimResult("differentiability_reading", "held" if held else "failed", False,
                       "a smooth-loss kink minimum (θ ∈ Ω) exists; Theorems 1 and 4 still hold there piecewise",
                       details, ["θ ∉ Ω (f_X differentiable) fails at the point, by construction"], [cert],
                       ["The formal hypotheses θ ∉ Ω (Thm 1) and θ ∉ Ω̃ (Thms 2-4) exclude local minima where L is "
                        "smooth but f_X is not; exactland certified such minima exist, so 'differentiable local "
                        "minimum' must mean f_X differentiable. Unlike KHK 2019b (part B), the conclusions of "
                        "Theorems 1 and 4 did not fail at the points found: ∇L = 0 on every one-sided piece gives "
                        "r ⊥ col J_P for each piece."] if held else [],
                       None if held else {"instance": net.to_json(), "theta": [fmt(x) for x in th]})


def remark_omega_closure(seed: int = 0) -> ClaimResult:
    """The remark that Ω = Ω̃ for ReLU networks.  Corrected statement checked: Ω ⊆ Ω̃ always; for ReLU nets
    the inclusion can be strict: a unit with zero output weight sitting on a kink leaves f_X differentiable
    at θ (certificate output_differentiable), while θ_ε = θ + ε e_{w2_j} has f_X non-differentiable for
    every ε ≠ 0 (certificate at ε = 1, 1/2, 1/10; f is linear in w2_j, so the asymmetry D⁺f(v) + D⁺f(−v)
    at θ_ε is ε times that at ε = 1, hence non-zero for all ε ≠ 0)."""
    for t in range(SEARCH):
        net = random_feedforward((2,), d_x=2, d_y=1, m=4, seed=seed + t)
        X = net.X
        if all(X[0][i] or X[1][i] for i in range(net.m)):
            break
    i0 = 0
    w = [-X[1][i0], X[0][i0]]                      # unit 1 on the kink of sample i0
    w_other = next(([Fraction(a), Fraction(b)] for a in range(-3, 4) for b in range(1, 4)
                    if all(a * X[0][i] + b * X[1][i] for i in range(net.m))), None)
    if w_other is None:
        return ClaimResult("remark_omega_closure", "inconclusive", True, "no kink-free second unit on this data")
    th = w + w_other + [Fraction(0), Fraction(1)]
    c1 = _cert(net, th, "output_differentiable", [{"type": "output_pieces_agree"}])
    certs, details = [c1], [f"instance seed {net.meta.get('seed')}: θ = {_fmt(th)} (w2_1 = 0, unit 1 at a kink on sample {i0}): f_X "
                                  f"differentiable: {'certified' if _ok(c1) else 'NOT certified'}"]
    ok = _ok(c1)
    for eps in (Fraction(1), Fraction(1, 2), Fraction(1, 10)):
        the = th[:4] + [eps, Fraction(1)]
        v = net.nondifferentiability_witness(the)
        if v is None:
            ok = False
            continue
        c = _cert(net, the, "output_not_differentiable", [{"type": "one_sided_asymmetry", "v": [fmt(x) for x in v]}])
        ok = ok and _ok(c)
        certs.append(c)
        details.append(f"ε = {fmt(eps)}: f_X not differentiable at θ + ε e_w2_1 (direction {_fmt(v)})")
    return ClaimResult("remark_omega_closure", "held" if ok else "inconclusive", True,
                       "Ω ⊊ Ω̃ for ReLU nets: the paper's remark Ω = Ω̃ is false (θ ∈ Ω̃ \\ Ω certified)" if ok else
                       "a point of Ω̃ \\ Ω was not certified on this seed", details,
                       [], certs, ["§3.1 remark 'Ω = Ω̃ for ReLU networks' is false: a zero-output-weight unit on a "
                                   "kink gives θ ∈ Ω̃ \\ Ω; Theorem 2's θ ∉ Ω̃ is strictly stronger than θ ∉ Ω"] if ok else [])



# --- dropped bottleneck hypothesis (Theorem 3: d_y ≤ min(d_x, d_z); Corollary 4.L: d_y ≤ min d_l) ----------

def _rational_sqrt(q) -> Fraction | None:
    """The exact rational square root of q ≥ 0, or None when q is not the square of a rational.

    >>> _rational_sqrt(Fraction(9, 4)), _rational_sqrt(2)
    (Fraction(3, 2), None)
    """
    from math import isqrt
    q = Fraction(q)
    if q < 0:
        return None
    a, b = isqrt(q.numerator), isqrt(q.denominator)
    return Fraction(a, b) if a * a == q.numerator and b * b == q.denominator else None


def top_eigenvector_2x2(S) -> list | None:
    """A rational eigenvector of the larger eigenvalue of a symmetric 2×2 rational matrix, or None when
    the eigenvalues are irrational or equal (then no single top direction exists).

    >>> top_eigenvector_2x2([[2, 0], [0, 1]]), top_eigenvector_2x2([[1, 1], [1, 1]])
    ([Fraction(1, 1), Fraction(0, 1)], [Fraction(1, 1), Fraction(1, 1)])
    >>> top_eigenvector_2x2([[1, 1], [1, 0]]) is None     # eigenvalues (1 ± √5)/2
    True
    """
    a, b, c = (Fraction(S[0][0]), Fraction(S[0][1]), Fraction(S[1][1]))
    if Fraction(S[1][0]) != b:
        raise ValueError("the matrix is not symmetric")
    r = _rational_sqrt((a - c) ** 2 + 4 * b * b)
    if r is None or r == 0:
        return None
    lam = (a + c + r) / 2
    if b != 0:
        return [b, lam - a]
    return [Fraction(1), Fraction(0)] if a > c else [Fraction(0), Fraction(1)]


def output_feature_value(net, feats) -> Fraction:
    """s · min over linear maps A (d_y × k) of Σ_i ‖A φ(x_i) − y_i‖², φ the stacked feature rows
    ``feats`` (k rows of length m); any d_y (columns e_r ⊗ feature in output space)."""
    cols = []
    for r in range(net.d_y):
        for f in feats:
            col = [Fraction(0)] * (net.m * net.d_y)
            for i in range(net.m):
                col[i * net.d_y + r] = Fraction(f[i])
            cols.append(col)
    return basis_value(net, cols)


def deep_linear_bottleneck(seed: int = 0, tries: int = 1500) -> dict | None:
    """Search seeded deep linear instances 2 → 1 → 2 (d_1 = 1 < d_y = 2: the corollary's
    d_y ≤ min d_l fails) for one whose Σ = Y P_X Yᵀ has a rational top eigenvector u; the point
    (W_1, W_2) = (uᵀW_ols, u/‖u‖²) is then a global minimum certified by the deep-linear kernel's Ky Fan
    ``global_min_value`` evidence (via :func:`exactland.classify.classify`), and its loss is compared
    with the corollary's bound inf_A Σ ℓ(A x_i) (exact least squares on x)."""
    from ..classify import classify
    from ..instance import ols_matrix, random_instance, sigma_matrix
    from .. import numbers as nb
    for t in range(tries):
        inst = random_instance((2, 1, 2), m=3, seed=seed + t)
        S = sigma_matrix(inst)
        u = top_eigenvector_2x2(S)
        if u is None or nb.rank(nb.matmul(inst.X, nb.transpose(inst.X))) < 2:
            continue
        U = [[u[0]], [u[1]]]
        W1 = nb.matmul(nb.transpose(U), ols_matrix(inst))
        W2 = nb.scale(1 / nb.frob2(U), U)
        v = classify(inst, [W1, W2])
        if v.cls != "global_min":
            continue
        Xt = nb.transpose(inst.X)
        bound = inst.loss.scale * sum(least_squares(Xt, inst.Y[r])[1] for r in range(2))
        return {"instance_seed": seed + t, "tried": t + 1, "instance": inst.to_json(),
                "point": {"W": [nb.fmt_matrix(W1), nb.fmt_matrix(W2)]}, "L": v.loss, "bound": bound,
                "certificate": v.certificate}
    return None


def resnet_bottleneck(seed: int = 0, tries: int = 400) -> dict | None:
    """Search seeded ReLU ResNets W(x + R z(x; u)) with d_x = 1 < d_y = 2 = d_z, m = 2 (Theorem 3's
    d_y ≤ d_x fails) for data with x_1 x_2 < 0 and a rational top right singular vector v of Y.  Every
    output f_X(θ') = W'(X + R'Z') has rank ≤ d_x = 1, so it is the output of the deep linear net
    (m → d_x → d_y) on data I_m with factors (X + R'Z', W'): the ResNet's loss is bounded below by that
    net's global minimum.  At θ with X + RZ = vᵀ, W = Yv/‖v‖² (residual units strictly active on one
    sample each, so θ ∉ Ω̃) the ResNet attains it: a certified global, hence local, minimum.  Returns
    the point, L, B_3 (LS on [x; z]), B_lin (LS on x) and the lifted global_min certificate."""
    from ..classify import classify
    from ..instance import DeepLinear, Instance, SquaredLoss
    for t in range(tries):
        net = random_resnet((2,), d_x=1, d_y=2, m=2, seed=seed + t)
        x, Y = net.X[0], net.Y
        if not x[0] * x[1] < 0:
            continue
        G = [[sum(Y[r][i] * Y[r][j] for r in range(2)) for j in range(2)] for i in range(2)]
        v = top_eigenvector_2x2(G)
        if v is None:
            continue
        nv = v[0] ** 2 + v[1] ** 2
        w = [sum(Y[r][i] * v[i] for i in range(2)) / nv for r in range(2)]
        U = [Fraction(1) if x[0] > 0 else Fraction(-1), Fraction(1) if x[1] > 0 else Fraction(-1)]
        R = [(v[k] - x[k]) / abs(x[k]) for k in range(2)]
        th = w + R + U
        if net.kinks(th):
            continue
        F = net.output(th)
        if F != [[w[r] * v[i] for i in range(2)] for r in range(2)]:
            raise AssertionError("internal error: the ResNet output is not W·vᵀ")
        lifted = Instance(DeepLinear((2, 1, 2)), [[Fraction(1), Fraction(0)], [Fraction(0), Fraction(1)]], Y,
                          SquaredLoss(net.scale), meta={"generator": "rank-d_x lifting of a ResNet",
                                                       "resnet_seed": seed + t})
        verdict = classify(lifted, [[list(v)], [[w[0]], [w[1]]]])
        if verdict.cls != "global_min" or verdict.loss != net.loss(th):
            continue
        z = [[max(p, Fraction(0)) for p in row] for row in net.preactivations(th)[0]]
        return {"net": net, "theta": th, "L": net.loss(th), "B_3": output_feature_value(net, [x] + z),
                "B_lin": output_feature_value(net, [x]), "certificate": verdict.certificate,
                "instance_seed": seed + t, "tried": t + 1}
    return None


def resnet_dz_probe(seed: int = 0) -> tuple:
    """Probe of Theorem 3's d_y ≤ d_z on ResNets d_x = d_y = 2 > d_z = 1 at seeded kink-free θ (exact
    rank tests of the two cases of the proof, A.4): (i) W invertible: col J(θ) ⊇ {α_w x + α_r z};
    (ii) W of rank 1 with W a = 0: the span of J(θ) and J(θ + ε a bᵀ on R), ε = 1/10, b = 1 (a fiber
    point: the output is unchanged) contains {α_w x + α_r z}.  Returns (holds_i, holds_ii, J(θ) alone
    suffices in case ii, instance seed).
    Evidence for the proof's step at these θ, not a proof for every local minimum."""
    rng = _random.Random(seed + 11)
    for t in range(SEARCH):
        net = random_resnet((1,), d_x=2, d_y=2, m=4, seed=seed + 100 + t)
        th = random_point(net, seed=rng.randrange(10 ** 6))
        if net.kinks(th) or th[0] * th[3] - th[1] * th[2] == 0:
            continue
        z = [[max(p, Fraction(0)) for p in row] for row in net.preactivations(th)[0]]
        feats = [net.X[0], net.X[1]] + z
        cols = []
        for r in range(2):
            for f in feats:
                col = [Fraction(0)] * (net.m * 2)
                for i in range(net.m):
                    col[i * 2 + r] = f[i]
                cols.append(col)

        def contains(Js):
            A = [sum((J[k] for J in Js), []) for k in range(len(Js[0]))]
            return rank([a + [c[k] for c in cols] for k, a in enumerate(A)]) == rank(A)
        full = contains([net.jacobian(th)])
        # (ii) singular W: second row = first row, a = (th[1], -th[0]) spans Null(W)
        ths = list(th)
        ths[2], ths[3] = ths[0], ths[1]
        a = [ths[1], -ths[0]]
        eps = Fraction(1, 10)
        thp = list(ths)
        thp[4] += eps * a[0]     # R is 2 × 1: R + ε a bᵀ with b = 1
        thp[5] += eps * a[1]
        if net.output(thp) != net.output(ths) or net.kinks(ths) or not any(a):
            continue
        sing = contains([net.jacobian(ths), net.jacobian(thp)])
        return full, sing, contains([net.jacobian(ths)]), seed + 100 + t
    return None, None, None, None


def bottleneck_dropped(seed: int = 0) -> ClaimResult:
    """Dropped bottleneck hypothesis, found by seeded search and certified: (a) Theorem 3 without
    d_y ≤ d_x (ReLU ResNet, d_x = 1 < d_y = 2): a certified global (hence local) minimum θ ∉ Ω̃ with
    L > B_3 = LS on [x; z]; (b) Corollary 4.L / Theorem 4 (t = 0) without d_y ≤ min d_l (deep linear
    2 → 1 → 2): a certified global minimum with L > inf_A Σ ℓ(A x_i).  Status ``failed`` with
    ``hypotheses_hold = False``: the conclusions fail once the hypothesis is dropped, as they must be
    allowed to.  Also a probe (exact rank test, not a proof) that d_y ≤ d_z is not used by the proof's
    full-rank case."""
    details, certs, cex, failed_conclusions = [], [], {}, []
    rb = resnet_bottleneck(seed)
    if rb:
        net, th = rb["net"], rb["theta"]
        gap = rb["L"] > rb["B_3"]
        details.append(f"(a) ResNet d_x = 1 < d_y = 2 = d_z, instance seed {rb['instance_seed']} ({rb['tried']} "
                       f"tried): X = {_fmt(net.X[0])}, Y = {[_fmt(r) for r in net.Y]}; θ = (W, R, U) = {_fmt(th)} "
                       f"(no kink: θ ∉ Ω̃); global minimum certified on the rank-1 lifting (Ky Fan, kernel): "
                       f"L = {fmt(rb['L'])} > B_3 = {fmt(rb['B_3'])} (B_lin = {fmt(rb['B_lin'])}): Theorem 3's "
                       f"conclusion {'fails' if gap else 'holds'}")
        certs.append(rb["certificate"])
        cex["theorem_3_d_y_gt_d_x"] = {"instance": net.to_json(), "theta": [fmt(x) for x in th],
                                        "L": fmt(rb["L"]), "B_3": fmt(rb["B_3"]), "B_lin": fmt(rb["B_lin"]),
                                        "instance_seed": rb["instance_seed"]}
        if gap:
            failed_conclusions.append("theorem_3")
    else:
        details.append("(a) no ResNet instance with a rational top singular vector found")
    db = deep_linear_bottleneck(seed)
    if db:
        gap = db["L"] > db["bound"]
        details.append(f"(b) deep linear 2 → 1 → 2, instance seed {db['instance_seed']} ({db['tried']} tried): "
                       f"global minimum (W_1, W_2) = {db['point']['W']} certified (Ky Fan, kernel): L = {fmt(db['L'])}"
                       f" > inf_A Σ ℓ(A x_i) = {fmt(db['bound'])}: the corollary's conclusion "
                       f"{'fails' if gap else 'holds'} (every local minimum global, but not = LS on x)")
        certs.append(db["certificate"])
        cex["corollary_4_d_1_lt_d_y"] = {"instance": db["instance"], "point": db["point"], "L": fmt(db["L"]),
                                         "bound": fmt(db["bound"]), "instance_seed": db["instance_seed"]}
        if gap:
            failed_conclusions.append("corollary_4_deep_linear")
    else:
        details.append("(b) no deep linear instance with a rational top eigenvector found")
    full, sing, alone, pseed = resnet_dz_probe(seed)
    probe = bool(full and sing)
    details.append(f"probe d_y ≤ d_z (d_x = d_y = 2 > d_z = 1, seed {pseed}, kink-free θ): W invertible: "
                   f"col J ⊇ {{α_w x + α_r z}}: {full}; W of rank 1: span(J(θ), J(θ + ε a bᵀ)) ⊇ {{α_w x + α_r z}} "
                   f"(the proof's fiber, ε = 1/10): {sing} (J(θ) alone: {alone}) — both steps of the proof work without d_y ≤ d_z here "
                   "(evidence at these θ, not a proof)")
    found = len(failed_conclusions) == 2
    status = "failed" if found else "inconclusive"
    return ClaimResult("bottleneck_dropped", status, False,
                       "dropped hypothesis: without d_y ≤ d_x (Thm 3) / d_y ≤ min d_l (Cor. 4.L) certified global "
                       "minima lie above the bound" if found else "no certified bottleneck counterexample found",
                       details, ["d_y ≤ min(d_x, d_z) (Theorem 3)", "d_y ≤ min(d_1, …, d_H) (Corollary 4.L)"],
                       certs, ["Theorem 3: the proof (A.4) uses d_y ≤ d_x only (the counterexample drops it and "
                               "the conclusion fails); d_y ≤ d_z appears superfluous: both steps of the proof pass "
                               "exact rank tests with d_z = 1 < d_y = 2 (probe, not a proof)"] if probe else [],
                       cex or None)


DROPPED = (("kink (θ ∈ Ω)", "theorem_1", "dropped_differentiability"),
           ("non-convex loss (Assumption 1)", "theorem_1", "dropped_assumption_1"),
           ("fixed offset (Assumption 2)", "theorem_1", "dropped_assumption_2"),
           ("saddle instead of local minimum (Theorem 2)", "theorem_2", "dropped_local_minimum"),
           ("dead unit, θ ∉ Θ_1,0: no unit linear on all samples (Thm 4, t = 0)", "theorem_4", "dropped_theta_1_0"),
           ("bottleneck d_y > d_x (Theorem 3, ResNet)", "bottleneck_dropped", "theorem_3_d_y_gt_d_x"),
           ("bottleneck d_1 < d_y (Corollary 4.L, deep linear)", "bottleneck_dropped", "corollary_4_d_1_lt_d_y"))


def dropped_hypotheses(report: PaperReport) -> list:
    """``[(hypothesis, row, found), …]``: for each dropped hypothesis, the row of ``report`` that carries its
    certified counterexample (in the row's ``counterexample`` field) and whether one was found.

    >>> [h for h, _, _ in dropped_hypotheses(PaperReport(PAPER, 0, []))][:2]
    ['kink (θ ∈ Ω)', 'non-convex loss (Assumption 1)']
    """
    by = {c.name: c for c in report.claims}
    out = []
    for label, row, key in DROPPED:
        c = by.get(row)
        cex = (c.counterexample or {}).get(key) if c is not None else None
        ok = bool(cex) and not (isinstance(cex, dict) and cex.get("summary") == "no instance found")
        out.append((label, row, ok))
    return out


def check_all(seed: int = 0, progress=None) -> PaperReport:
    """Every claim of KHK (2019a) on seeded exact instances."""
    say = progress or (lambda msg: None)
    claims = []
    for fn, label in ((assumption_2, "Assumption 2 (+ fixed offset)"), (theorem_1, "Theorem 1"),
                      (lemma_2, "Lemma 2"), (lemma_1, "Lemma 1"), (lemma_3, "Lemma 3"), (theorem_2, "Theorem 2"),
                      (theorem_3, "Theorem 3 (ResNet)"), (proposition_1, "Proposition 1 (Shamir)"),
                      (theorem_4, "Theorem 4"), (corollary_4_deep_linear, "Theorem 4, deep linear corollary"),
                      (proposition_2, "Proposition 2 (Laurent & von Brecht)"), (example_1, "Example 1"),
                      (example_2, "Example 2"), (example_3, "Example 3"),
                      (differentiability_reading, "smooth loss at a kink (θ ∈ Ω)"),
                      (remark_omega_closure, "remark Ω = Ω̃"),
                      (bottleneck_dropped, "dropped bottleneck (Theorem 3, Corollary 4.L)")):
        say(f"checking {label}")
        try:
            claims.append(fn(seed))
        except Exception as err:  # one claim's crash must not hide the others
            claims.append(ClaimResult(fn.__name__, "inconclusive", True, f"error: {type(err).__name__}: {err}"))
    return PaperReport(PAPER, seed, claims)
