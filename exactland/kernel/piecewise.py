"""Trusted checker "piecewise": certificates about ReLU / leaky-ReLU / identity networks.

Standard library only; re-derives everything from the instance and point in the certificate.
Model (bias-free; see ``exactland/models/piecewise.py`` for the schema): feedforward
``h⁰ = x, hˡ = σ_l(W_l hˡ⁻¹)`` with optional skips ``V_l hˡ`` into the output layer, or resnet
``W(x + R z(x; u))``; squared loss ``L = s Σ_i ‖f(x_i) − y_i‖²``; θ flat, row-major, matrices in the
order W_1 … W_{H+1}, V_l (feedforward) or W, R, U_1 … (resnet).

One primitive: the forward pass on exact truncated power series ("jets") in t along θ(t); a unit's
slope is read from the leading non-zero coefficient of its pre-activation jet, which is the exact
one-sided expansion for t → 0⁺ (kinks included); or a fixed activation pattern ("piece") is used.

Evidence types (``"evidence": [{"type": …}, …]``):

=====================  ================================================================================
region_convex_min      one hidden layer, identity output, no skip.  For every one-sided piece P at θ
                       (each kink sign set to ±1), the loss is Q_P(U) = s Σ_i ‖Σ_j c_ij U_j x_i − y_i‖²
                       in the products U_j = w2_j w1_jᵀ (c_ij = 1 or the leaky slope): a convex quadratic.
                       ∇Q_P(U(θ)) = 0 for every P, so every point near θ has L ≥ L(θ): a local minimum.
                       At kinks (d_y = 1) optional KKT ``multipliers`` μ ≥ 0 (per piece, per kink): near θ
                       the piece's points have U in the cone {σ_j s u_j·x_i ≥ 0} (σ_j = sign w2_j ≠ 0),
                       and ∇Q_P = Σ μ_k σ_j s_k x_{i_k} makes U(θ) the minimum of Q_P on that cone.
                       ResNet with one residual layer: on a piece f_i = W x_i + Σ_k c_ik M_k x_i with
                       M_k = (WR)_{:,k} U_kᵀ, a convex quadratic in (W, M); both gradients vanish.
lower_point            another point ``theta`` with L < L(θ) (θ is not a global minimum).
units_active           every hidden unit has a positive pre-activation on at least one sample.
descent_curve          L(θ + t v₁ + …) − L(θ) = c tᵏ + O(tᵏ⁺¹) for t → 0⁺ with c < 0.
fiber_gradient         Lemma 3 (KHK 2019a): along θ + εv the output is unchanged (identically in ε), the
                       activation pattern is constant and kink-free for all small ε > 0, and ∂L/∂θ_k
                       there is a non-zero polynomial in ε: θ is not a local minimum.
loss_pieces_agree      every one-sided piece at θ has the same gradient (L is differentiable at θ);
                       with ``"zero": true`` that gradient is 0 (θ is a critical point).
output_pieces_agree    every one-sided piece at θ has the same Jacobian (f_X is differentiable at θ).
one_sided_asymmetry    direction v with D⁺f_X(θ; v) + D⁺f_X(θ; −v) ≠ 0 (f_X is not differentiable at θ).
induced_model          KHK 2019a Thm 1 facts on θ's piece: Jᵀ(f_X − Y) = 0 and J g = f_X(θ) for the
                       stated g, so f_X(θ) is the least-squares point of col J and L(θ) = min_α L_θ(α).
=====================  ================================================================================

"One-sided pieces" at θ: every region pattern that agrees with θ off its kinks (each kink sign ±1),
except first-layer sign combinations the certificate's ``infeasible_pieces`` shows unrealizable near θ
(Gordan certificates; λ must weigh some sample x_i ≠ 0 — a zero sample is a kink at every θ and would
"exclude" every sign).  Including a piece is always sound; only exclusions need proof.
"""

from __future__ import annotations

import sys
from fractions import Fraction
from itertools import product as _iproduct

MAX_KINKS = 12


def _invalid(msg):
    # the package's Invalid, found without an import statement (kernel files import only the standard
    # library); loaded standalone, a ValueError
    cls = getattr(sys.modules.get(__name__.rpartition(".")[0]), "Invalid", ValueError)
    return cls(msg)


def _q(x) -> Fraction:
    if isinstance(x, bool) or not isinstance(x, (int, str)):
        raise _invalid(f"not an exact number: {x!r}")
    try:
        return Fraction(x)
    except (ValueError, ZeroDivisionError):
        raise _invalid(f"not an exact number: {x!r}") from None


def _int(x, name):
    if isinstance(x, bool) or not isinstance(x, int):
        raise _invalid(f"{name} must be an integer")
    return x


def _mat(rows, name):
    if not isinstance(rows, list) or not rows or any(not isinstance(r, list) or len(r) != len(rows[0]) for r in rows):
        raise _invalid(f"{name} is not a rectangular matrix")
    return [[_q(x) for x in r] for r in rows]


def _slope(act):
    if act == "relu":
        return Fraction(0)
    if act == "identity":
        return Fraction(1)
    if isinstance(act, str) and act.startswith("leaky:"):
        a = _q(act[6:])
        if a < 0 or a == 1:
            raise _invalid("leaky slope must be ≥ 0 and ≠ 1")
        return a
    raise _invalid(f"unknown activation {act!r}")


def parse_instance(obj):
    """The instance as plain data: kind, slopes, widths, shapes, X, Y, scale, skip."""
    model = obj["model"]
    kind = model.get("kind")
    X, Y = _mat(obj["data"]["X"], "data.X"), _mat(obj["data"]["Y"], "data.Y")
    if len(X[0]) != len(Y[0]):
        raise _invalid("X and Y have different numbers of samples")
    loss = obj.get("loss") or {}
    if loss.get("kind", "squared") != "squared" or obj.get("regularization"):
        raise _invalid("only the unregularized squared loss is supported")
    scale = _q(loss.get("scale", "1/2"))
    if scale <= 0:
        raise _invalid("loss scale must be positive")
    layers = model["layers"] if kind == "feedforward" else model["residual"] if kind == "resnet" else None
    if layers is None:
        raise _invalid(f"unsupported model {kind!r}")
    if not isinstance(layers, list) or not layers:
        raise _invalid("layers must be a non-empty list")
    widths = [len(X)] + [_int(l["width"], "width") for l in layers]
    if min(widths) < 1:
        raise _invalid("widths must be positive")
    slopes = [_slope(l.get("activation", "relu")) for l in layers]
    chain = [(widths[k + 1], widths[k]) for k in range(len(layers))]
    skip = []
    if kind == "feedforward":
        if widths[-1] != len(Y):
            raise _invalid("output width differs from the rows of Y")
        skip = [_int(l, "skip") for l in model.get("skip") or []]
        if any(not 0 <= l < len(layers) - 1 for l in skip) or len(set(skip)) != len(skip):
            raise _invalid("bad skip list")
        shapes = chain + [(len(Y), widths[l]) for l in skip]
    else:
        if model.get("d_y", len(Y)) != len(Y):
            raise _invalid("d_y differs from the rows of Y")
        shapes = [(len(Y), len(X)), (len(X), widths[-1])] + chain
    return {"kind": kind, "slopes": slopes, "widths": widths, "shapes": shapes, "skip": skip,
            "X": X, "Y": Y, "scale": scale, "m": len(X[0]), "n": sum(r * c for r, c in shapes)}


def _vec(net, v, name):
    if not isinstance(v, list) or len(v) != net["n"]:
        raise _invalid(f"{name} must be a list of {net['n']} exact numbers")
    return [_q(x) for x in v]


# --- rings: univariate jets (lists, truncated at deg) and dual numbers over them --------------------

def _mul(p, q, deg):
    n = len(p) + len(q) - 1
    if deg is not None:
        n = min(n, deg + 1)
    out = [Fraction(0)] * max(n, 1)
    for i, a in enumerate(p[:n]):
        if a:
            for j, b in enumerate(q[:n - i]):
                if b:
                    out[i + j] += a * b
    return out


def _add(p, q):
    if len(p) < len(q):
        p, q = q, p
    return [a + q[i] if i < len(q) else a for i, a in enumerate(p)]


def _lead(p):
    for c in p:
        if c:
            return 1 if c > 0 else -1
    return 0


class _Jets:
    """Truncated power series in t (lists of Fractions, lowest degree first)."""

    def __init__(self, deg):
        self.deg = deg

    def mul(self, a, b):
        return _mul(a, b, self.deg)

    add = staticmethod(_add)

    def const(self, c):
        return [c]

    def scale(self, c, a):
        return [c * x for x in a]

    def sign(self, a):
        return _lead(a)


class _Dual:
    """a + s·b with a, b exact polynomials in ε (no truncation), s² = 0."""

    def mul(self, a, b):
        return (_mul(a[0], b[0], None), _add(_mul(a[0], b[1], None), _mul(a[1], b[0], None)))

    def add(self, a, b):
        return (_add(a[0], b[0]), _add(a[1], b[1]))

    def const(self, c):
        return ([c], [Fraction(0)])

    def scale(self, c, a):
        return ([c * x for x in a[0]], [c * x for x in a[1]])

    def sign(self, a):
        return _lead(a[0])


def forward(net, coords, ring, pattern=None, record=None):
    """Outputs (d_y × m, ring elements) for parameter coordinates ``coords`` (ring elements)."""
    mats, k = [], 0
    for r, c in net["shapes"]:
        mats.append([[coords[k + i * c + j] for j in range(c)] for i in range(r)])
        k += r * c
    m = net["m"]
    x = [[ring.const(net["X"][a][i]) for i in range(m)] for a in range(len(net["X"]))]

    def lin(M, h):
        out = []
        for row in M:
            orow = []
            for i in range(m):
                acc = ring.const(Fraction(0))
                for b, w in enumerate(row):
                    acc = ring.add(acc, ring.mul(w, h[b][i]))
                orow.append(acc)
            out.append(orow)
        return out

    def act(p, li):
        a = net["slopes"][li]
        out = []
        for u, row in enumerate(p):
            orow = []
            for i, e in enumerate(row):
                s = pattern[li][u][i] if pattern is not None else 0
                if s == 0:
                    s = ring.sign(e)
                orow.append(e if s >= 0 or a == 1 else ring.scale(a, e))
            out.append(orow)
        return out

    L = len(net["slopes"])
    if net["kind"] == "feedforward":
        hs, h = [x], x
        for li in range(L):
            p = lin(mats[li], h)
            if li == L - 1:
                for V, l in zip(mats[L:], net["skip"]):
                    q = lin(V, hs[l])
                    p = [[ring.add(p[a][i], q[a][i]) for i in range(m)] for a in range(len(p))]
            if record is not None:
                record.append(p)
            h = act(p, li)
            hs.append(h)
        return h
    h = x
    for li in range(L):
        p = lin(mats[2 + li], h)
        if record is not None:
            record.append(p)
        h = act(p, li)
    Rz = lin(mats[1], h)
    return lin(mats[0], [[ring.add(x[a][i], Rz[a][i]) for i in range(m)] for a in range(len(x))])


def _jet_coords(net, curve, deg):
    return [[v[k] for v in curve[:deg + 1]] for k in range(net["n"])]


def loss_jet(net, curve, deg, pattern=None):
    """Coefficients 0..deg of L(θ(t)) for t → 0⁺ (``curve`` = [θ, v₁, v₂, …])."""
    ring = _Jets(deg)
    F = forward(net, _jet_coords(net, curve, deg), ring, pattern)
    tot = [Fraction(0)]
    for r, row in enumerate(F):
        for i, e in enumerate(row):
            d = _add(e, [-net["Y"][r][i]])
            tot = _add(tot, [net["scale"] * c for c in _mul(d, d, deg)])
    return tot + [Fraction(0)] * (deg + 1 - len(tot))


def _value(net, theta):
    return loss_jet(net, [theta], 0)[0]


def _outputs(net, theta):
    F = forward(net, [[x] for x in theta], _Jets(0))
    return [[e[0] if e else Fraction(0) for e in row] for row in F]


def _pattern(net, theta):
    rec = []
    forward(net, [[x] for x in theta], _Jets(0), record=rec)
    return [[[1 if net["slopes"][li] == 1 else _lead(e) for e in row] for row in P] for li, P in enumerate(rec)]


def _excluded(net, theta, pat, kinks, infeasible):
    """Validated exclusions: (unit, signs over that unit's first-layer kink samples) shown unrealizable
    near θ by a Gordan certificate λ ≥ 0, λ ≠ 0, Σ_i λ_i s_i x_i = 0 (then no δ has s_i δ·x_i > 0 for all
    i, and first-layer pre-activations (w_j + δ)·x_i = δ·x_i at those samples depend on row j alone)."""
    out = set()
    for item in infeasible or []:
        j = _int(item["unit"], "unit")
        samples = [i for (l, u, i) in kinks if l == 0 and u == j]
        signs, lam = item["signs"], item["lambda"]
        if not isinstance(signs, list) or not isinstance(lam, list) or len(signs) != len(samples) or len(lam) != len(samples):
            raise _invalid("an infeasible-piece entry needs one sign and one λ per kink sample of its unit")
        signs = [_int(x, "sign") for x in signs]
        lam = [_q(x) for x in lam]
        if any(x not in (1, -1) for x in signs) or any(x < 0 for x in lam) or not any(lam):
            raise _invalid("Gordan certificate needs signs ±1 and λ ≥ 0, λ ≠ 0")
        X = net["X"]
        if any(sum((l_ * s_ * X[b][i] for l_, s_, i in zip(lam, signs, samples)), Fraction(0)) for b in range(len(X))):
            raise _invalid("Σ λ_i s_i x_i ≠ 0: the excluded piece is not shown unrealizable")
        # a sample x_i = 0 is a kink of every unit at every θ: λ on it alone "excludes" every sign of it, and
        # could so drop all pieces covering the points where the other kink samples are active.  Only λ on
        # non-zero samples shows that some nearby points are really missing (and every nearby point keeps a
        # piece: perturbing δ generically fixes the signs of its zero products δ·x_i, x_i ≠ 0).
        if not any(l_ for l_, i in zip(lam, samples) if any(X[b][i] for b in range(len(X)))):
            raise _invalid("Gordan certificate puts λ only on samples x_i = 0: it excludes nothing")
        out.add((j, tuple(signs)))
    return out


def one_sided_pieces(net, theta, infeasible=None):
    """Every pattern agreeing with θ's signs off its kinks, each kink set to ±1, minus first-layer sign
    combinations shown unrealizable near θ (``infeasible``: Gordan certificates, see :func:`_excluded`)."""
    pat = _pattern(net, theta)
    kinks = [(l, u, i) for l, P in enumerate(pat) for u, row in enumerate(P) for i, s in enumerate(row) if s == 0]
    if len(kinks) > MAX_KINKS:
        raise _invalid(f"{len(kinks)} kinks: too many one-sided pieces to check")
    excl = _excluded(net, theta, pat, kinks, infeasible)
    out = []
    for signs in _iproduct((1, -1), repeat=len(kinks)):
        P = [[row[:] for row in L] for L in pat]
        for (l, u, i), s in zip(kinks, signs):
            P[l][u][i] = s
        if any((j, tuple(P[0][j][i] for (l, u, i) in kinks if l == 0 and u == j)) in excl
               for j in range(len(P[0]))):
            continue
        out.append(P)
    if not out:
        raise _invalid("every one-sided piece excluded")
    return out


def jacobian(net, theta, pattern):
    """Rows sample-major (i·d_y + r), one column per parameter: ∂f_X of the piece ``pattern``."""
    cols = []
    for k in range(net["n"]):
        coords = [[x, Fraction(int(j == k))] for j, x in enumerate(theta)]
        F = forward(net, coords, _Jets(1), pattern)
        cols.append([(F[r][i][1] if len(F[r][i]) > 1 else Fraction(0))
                     for i in range(net["m"]) for r in range(len(net["Y"]))])
    return [list(r) for r in zip(*cols)]


def _residual(net, theta):
    F = _outputs(net, theta)
    return [F[r][i] - net["Y"][r][i] for i in range(net["m"]) for r in range(len(net["Y"]))]


def gradient(net, theta, pattern):
    """∇L of the piece ``pattern`` at θ."""
    J, r = jacobian(net, theta, pattern), _residual(net, theta)
    return [2 * net["scale"] * sum((J[a][k] * r[a] for a in range(len(r))), Fraction(0)) for k in range(net["n"])]


# --- evidence ----------------------------------------------------------------------------------------

def _resnet_region_min(net, theta, ev):
    """ResNet W(x + R z), z = σ(U x) one layer: on a piece f_i = W x_i + Σ_k c_ik M_k x_i with M_k = (WR)_{:,k} U_kᵀ,
    linear in (W, M): the loss is a convex quadratic in (W, M), minimized iff both gradients vanish."""
    if len(net["slopes"]) != 1 or ev.get("multipliers"):
        raise _invalid("region_convex_min for a resnet needs one residual layer (and no kink multipliers)")
    dy, dx = net["shapes"][0]
    dz = net["shapes"][1][1]
    res = _residual(net, theta)
    X, m, a = net["X"], net["m"], net["slopes"][0]
    for P in one_sided_pieces(net, theta, net.get("infeasible")):
        for r in range(dy):
            for b in range(dx):
                if sum((res[i * dy + r] * X[b][i] for i in range(m)), Fraction(0)):
                    raise _invalid("∂Q/∂W ≠ 0: W does not minimize the piece's quadratic")
                for k in range(dz):
                    if sum((res[i * dy + r] * X[b][i] * (1 if P[0][k][i] > 0 else a) for i in range(m)), Fraction(0)):
                        raise _invalid(f"∂Q/∂M_{k} ≠ 0 on a one-sided piece: not the quadratic's minimum")


def _region_convex_min(net, theta, ev):
    if net["kind"] == "resnet":
        return _resnet_region_min(net, theta, ev)
    if net["kind"] != "feedforward" or len(net["slopes"]) != 2 or net["slopes"][1] != 1 or net["skip"]:
        raise _invalid("region_convex_min needs one hidden layer, an identity output layer and no skip")
    d1, dx = net["shapes"][0]
    dy = net["shapes"][1][0]
    W1 = [theta[j * dx:(j + 1) * dx] for j in range(d1)]
    W2 = [theta[d1 * dx + r * d1:d1 * dx + (r + 1) * d1] for r in range(dy)]
    res = _residual(net, theta)
    X, m, a = net["X"], net["m"], net["slopes"][0]
    pat = _pattern(net, theta)
    kinks = [(j, i) for j, row in enumerate(pat[0]) for i, sg in enumerate(row) if sg == 0]
    pieces = one_sided_pieces(net, theta, net.get("infeasible"))
    mult = ev.get("multipliers")
    if mult is not None:
        if dy != 1 or not isinstance(mult, list) or len(mult) != len(pieces) or any(
                not isinstance(mu, list) or len(mu) != len(kinks) for mu in mult):
            raise _invalid("multipliers: d_y = 1 and one list per one-sided piece with one μ per kink")
        mult = [[_q(x) for x in mu] for mu in mult]
        if any(x < 0 for mu in mult for x in mu):
            raise _invalid("KKT multipliers must be ≥ 0")
    for pi, P in enumerate(pieces):
        U = [[[W2[r][j] * W1[j][b] for b in range(dx)] for r in range(dy)] for j in range(d1)]
        for i in range(m):  # the piece's quadratic reproduces the network at θ
            for r in range(dy):
                fi = sum((U[j][r][b] * X[b][i] * (1 if P[0][j][i] > 0 else a) for j in range(d1) for b in range(dx)),
                         Fraction(0))
                if fi - net["Y"][r][i] != res[i * dy + r]:
                    raise _invalid("internal: piece does not reproduce the output")
        for j in range(d1):
            for r in range(dy):
                for b in range(dx):
                    gq = 2 * net["scale"] * sum((res[i * dy + r] * X[b][i] * (1 if P[0][j][i] > 0 else a)
                                                 for i in range(m)), Fraction(0))
                    # KKT on the piece's cone {U : σ_j s u_j·x_i ≥ 0 at the kinks of unit j}, σ_j = sign w2_j
                    for k, (jj, i) in enumerate(kinks):
                        mu = mult[pi][k] if mult is not None else 0
                        if jj == j and mu:
                            if W2[0][j] == 0:
                                raise _invalid("a kink multiplier needs a non-zero output weight")
                            sigma = 1 if W2[0][j] > 0 else -1
                            gq -= mu * sigma * P[0][j][i] * X[b][i]
                    if gq:
                        raise _invalid(f"∂Q/∂U_{j}[{r},{b}] − Σ μ ∇(constraint) = {gq} ≠ 0 on a one-sided piece: "
                                       "U(θ) does not minimize that piece's quadratic on its cone")


def _descent_curve(net, theta, ev):
    curve = ev["curve"]
    if not isinstance(curve, list) or not curve:
        raise _invalid("curve must be a non-empty list of directions")
    k, c = _int(ev["order"], "order"), _q(ev["coefficient"])
    p = loss_jet(net, [theta] + [_vec(net, v, "curve") for v in curve], k)
    if k < 1 or any(p[j] for j in range(1, k)) or p[k] != c:
        raise _invalid(f"L(θ(t)) − L(θ) does not start with {c}·t^{k}")
    if c >= 0:
        raise _invalid("descent_curve: coefficient is not negative")


def _fiber_gradient(net, theta, ev):
    v = _vec(net, ev["v"], "v")
    k = _int(ev["index"], "index")
    if not 0 <= k < net["n"]:
        raise _invalid("index out of range")
    deg = 4 * (len(net["shapes"]) + 2)  # above every degree the forward pass can reach: exact polynomials
    coords = [[x, y] for x, y in zip(theta, v)]
    rec = []
    F = forward(net, coords, _Jets(deg), record=rec)
    F0 = _outputs(net, theta)
    for r, row in enumerate(F):
        for i, e in enumerate(row):
            if any(_add(e, [-F0[r][i]])):
                raise _invalid("the output is not constant along θ + εv (not in the fiber V[θ, ε])")
    pattern = []
    for li, P in enumerate(rec):
        rows = []
        for row in P:
            signs = [_lead(e) for e in row]
            if net["slopes"][li] != 1 and 0 in signs:
                raise _invalid("a pre-activation vanishes identically along θ + εv: not inside one region")
            rows.append([s if net["slopes"][li] != 1 else 1 for s in signs])
        pattern.append(rows)
    # the pattern for small ε > 0 is the leading-sign pattern; on it L is a polynomial in (ε, θ)
    dual = [([x, y], [Fraction(int(j == k))]) for j, (x, y) in enumerate(zip(theta, v))]
    Fd = forward(net, dual, _Dual(), pattern)
    g = [Fraction(0)]
    for r, row in enumerate(Fd):
        for i, (val, der) in enumerate(row):
            g = _add(g, [2 * net["scale"] * c for c in _mul(_add(val, [-net["Y"][r][i]]), der, None)])
    if not any(g):
        raise _invalid(f"∂L/∂θ_{k} along the fiber is the zero polynomial")


def _pieces_agree(net, theta, what, ev):
    pieces = one_sided_pieces(net, theta, net.get('infeasible'))
    f = (lambda P: gradient(net, theta, P)) if what == "loss" else (lambda P: jacobian(net, theta, P))
    ref = f(pieces[0])
    if any(f(P) != ref for P in pieces[1:]):
        raise _invalid(f"one-sided pieces disagree: {'L' if what == 'loss' else 'f_X'} not shown differentiable")
    if what == "loss" and ev.get("zero") is True and any(ref):
        raise _invalid("the gradient is not zero")


def _asymmetry(net, theta, ev):
    v = _vec(net, ev["v"], "v")
    a = loss_free_derivative(net, theta, v)
    b = loss_free_derivative(net, theta, [-x for x in v])
    if not any(x + y for x, y in zip(a, b)):
        raise _invalid("D⁺f(θ; v) = −D⁺f(θ; −v): no asymmetry in this direction")


def loss_free_derivative(net, theta, v):
    """One-sided directional derivative D⁺f_X(θ; v), sample-major."""
    F = forward(net, [[x, y] for x, y in zip(theta, v)], _Jets(1))
    return [(F[r][i][1] if len(F[r][i]) > 1 else Fraction(0)) for i in range(net["m"]) for r in range(len(net["Y"]))]


def _induced_model(net, theta, ev):
    pieces = one_sided_pieces(net, theta, net.get('infeasible'))
    J = jacobian(net, theta, pieces[0])
    if len(pieces) > 1 and any(jacobian(net, theta, P) != J for P in pieces[1:]):
        raise _invalid("θ is on a kink where one-sided Jacobians differ: Theorem 1 needs θ ∉ Ω")
    g = _vec(net, ev["g"], "g")
    r = _residual(net, theta)
    F0 = _outputs(net, theta)
    f = [F0[rr][i] for i in range(net["m"]) for rr in range(len(net["Y"]))]
    if any(sum((J[a][k] * g[k] for k in range(net["n"])), Fraction(0)) != f[a] for a in range(len(f))):
        raise _invalid("J g ≠ f_X(θ): f_X(θ) not shown in col J (Assumption 2 at θ)")
    if any(sum((J[a][k] * r[a] for a in range(len(r))), Fraction(0)) for k in range(net["n"])):
        raise _invalid("Jᵀ(f_X − Y) ≠ 0")


ENTAILS = {
    "local_min": [("region_convex_min",)],
    "spurious_local_min": [("region_convex_min",), ("lower_point",)],
    "spurious_local_min_all_active": [("region_convex_min",), ("lower_point",), ("units_active",)],
    "not_local_min": [("descent_curve", "fiber_gradient")],
    "gradient_basis_optimal": [("induced_model",)],
    "output_not_differentiable": [("one_sided_asymmetry",)],
    "output_differentiable": [("output_pieces_agree",)],
    "loss_differentiable": [("loss_pieces_agree",)],
    # a local minimum where L is differentiable with zero gradient but f_X is not differentiable (the
    # case "differentiable local minimum" leaves ambiguous: θ ∈ Ω although L is smooth at θ)
    "smooth_loss_kink_min": [("region_convex_min",), ("loss_pieces_agree",), ("one_sided_asymmetry",)],
}


def check(cert) -> None:
    """Raise ``exactland.kernel.Invalid`` unless the piecewise certificate proves its claim."""
    claim = cert.get("claim")
    if claim not in ENTAILS:
        raise _invalid(f"unknown piecewise claim {claim!r}")
    net = parse_instance(cert["instance"])
    net["infeasible"] = cert.get("infeasible_pieces") or []
    theta = _vec(net, cert["point"]["theta"], "point.theta")
    if "loss" in cert and _value(net, theta) != _q(cert["loss"]):
        raise _invalid(f"stated loss {cert['loss']} is not L(θ) = {_value(net, theta)}")
    evidence = cert.get("evidence") or []
    present = {ev.get("type") for ev in evidence}
    for alternatives in ENTAILS[claim]:
        if not present & set(alternatives):
            raise _invalid(f"claim {claim} needs evidence of type {' or '.join(alternatives)}")
    if claim == "smooth_loss_kink_min" and not any(
            ev.get("type") == "loss_pieces_agree" and ev.get("zero") is True for ev in evidence):
        raise _invalid("smooth_loss_kink_min needs loss_pieces_agree with zero: true")
    for ev in evidence:
        kind = ev.get("type")
        if kind == "region_convex_min":
            _region_convex_min(net, theta, ev)
        elif kind == "lower_point":
            other = _vec(net, ev["theta"], "lower_point.theta")
            if _value(net, other) >= _value(net, theta):
                raise _invalid("lower_point does not have a smaller loss")
        elif kind == "units_active":
            pre = []
            forward(net, [[x] for x in theta], _Jets(0), record=pre)
            hidden = pre[:-1] if net["kind"] == "feedforward" else pre
            if any(not any(_lead(e) > 0 for e in row) for P in hidden for row in P):
                raise _invalid("a hidden unit is inactive on every sample")
        elif kind == "descent_curve":
            _descent_curve(net, theta, ev)
        elif kind == "fiber_gradient":
            _fiber_gradient(net, theta, ev)
        elif kind in ("loss_pieces_agree", "output_pieces_agree"):
            _pieces_agree(net, theta, kind.split("_")[0], ev)
        elif kind == "one_sided_asymmetry":
            _asymmetry(net, theta, ev)
        elif kind == "induced_model":
            _induced_model(net, theta, ev)
        else:
            raise _invalid(f"unknown evidence type {kind!r}")
