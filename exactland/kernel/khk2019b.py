"""Trusted checker for the certificates of the KHK 2019b claims (``"kernel": "khk2019b"``).

Standard library only; it re-derives every fact from the instance and the point in the
certificate with exact rational arithmetic.  The model is the paper's: a bias-free feedforward
network ``Φ⁽⁰⁾ = X``, ``Φ⁽ˡ⁾ = σ(Φ⁽ˡ⁻¹⁾W⁽ˡ⁾)``, ``Ŷ = Φ⁽ᴴ⁾W⁽ᴴ⁺¹⁾`` (rows = samples), every hidden
unit a piecewise-linear activation ``σ_a(z) = z (z ≥ 0), a·z (z < 0)`` (ReLU a = 0, identity a = 1,
|z| a = −1, leaky a rational ≤ 1), loss ``L = s‖Ŷ − Y‖²`` (s = 1/2 in the paper).  The instance
object is the ``feedforward`` schema of :mod:`exactland.models.piecewise` (samples are *columns*
there, weights W_l are d_l × d_{l−1}, so the paper's W⁽ˡ⁾ is W_lᵀ), plus the activation ``"abs"``::

    {"model": {"kind": "feedforward",
               "layers": [{"width": d_1, "activation": "relu" | "identity" | "abs" | "leaky:p/q"
                           | [one such string per unit]}, ..., {"width": d_y, "activation": "identity"}]},
     "data": {"X": d_x rows of m numbers, "Y": d_y rows of m numbers}, "loss": {"scale": "1/2"}}

and ``"point": {"theta": flat}`` with θ = W_1, …, W_{H+1} each row by row — which is the paper's
vec(W⁽¹⁾), …, vec(W⁽ᴴ⁺¹⁾) (column-major of W⁽ˡ⁾ = W_lᵀ).  Curves are flat vectors in the same order.

Claims and what is checked:

==============================  ===================================================================
local_min                       evidence ``path_features``: for every activation pattern ``p`` of a
                                region whose closure contains θ (zero pre-activations may go either
                                way; for H = 1 only the sides that are realizable, decided by exact
                                Fourier–Motzkin elimination), the path-feature matrix 𝒟_p satisfies
                                𝒟_pᵀ vec(Ŷ − Y) = 0.  On that closed region vec Ŷ ∈ col 𝒟_p, so
                                L ≥ ½‖P_N[𝒟_p]vecY‖² = L(θ) there.
                                Evidence ``convex_products`` (H = 1, d_y = 1, all W⁽²⁾_k ≠ 0): with
                                u_k = |W⁽²⁾_k|·W⁽¹⁾_{·k} the loss is, on each closed region, a convex
                                quadratic in u, and the multipliers μ ≥ 0 show the KKT condition
                                s_k(Λ_{p,k}X)ᵀr = Σ_i μ_i σ_i x_i on the region's cone; θ ↦ u is a
                                submersion, so θ is a local minimum.
saddle                          no zero pre-activation on a non-identity unit (the pattern is
                                constant near θ), the gradient is exactly 0, some output weight
                                direction raises L (Φ⁽ᴴ⁾ ≠ 0; else an ``ascent`` curve with c > 0
                                is required: θ is no local maximum), and the
                                ``descent_curve`` L(θ + s v₁ + s² v₂ + …) − L(θ) = c sᵏ + O(sᵏ⁺¹)
                                has c < 0.
not_local_min                   the descent curve only.
literal_reading_counterexample  H = 1: a local_min (either evidence) at which the pieces of L all have
                                the same gradient (so L is differentiable), two realizable pieces give
                                different Jacobians of Ŷ (Ŷ is not differentiable), and the paper's
                                J(θ) (Λ = 0 at kinks) differs from L(θ).
prop2ii_literal_counterexample  the hypotheses of KHK 2019b Proposition 2(ii) hold literally for the
                                given (m, d, d_x, δ, Λ) (logarithms bounded by exact series; every
                                column of Λ is an activation pattern, entries in {0, 1, a_k}, a_k ≤ 1), Λ has a
                                zero row (so D̃ = [Λ_k X]_k has a zero row and rank D̃ < m for every
                                X) while the stated probability 1 − 2e^{−d_x/20} is positive.
nonconvex_loss_local_min        one hidden unit (active: strict positive margin, or identity), one sample,
                                loss ℓ(ŷ − y) a rational polynomial: ℓ'(e*) = 0 < ℓ''(e*) at e* = Ŷ − Y, so
                                θ is a local minimum (u = W⁽²⁾W⁽¹⁾ is continuous); and ℓ(e_b) < ℓ(e*) for the
                                stated e_b, which linear regression reaches (w = (e_b + y)/x, x ≠ 0).
prop2ii_full_rank               the corrected hypotheses (d ≥ 2 and the literal ones) hold and, for
                                the given rational X, rank D̃ = m exactly: every local minimum with
                                pattern Λ then has L = 0 (Lemma 5).
==============================  ===================================================================
"""

from __future__ import annotations

import sys
from fractions import Fraction
from itertools import product as _product


class _StandaloneInvalid(Exception):
    """Used only when this file is loaded without its package."""


# The package's Invalid (so the dispatcher reports our refusals as such), found without an import
# statement: the kernel imports nothing but the standard library.
Invalid = getattr(sys.modules.get(__package__ or ""), "Invalid", _StandaloneInvalid)


def _q(x) -> Fraction:
    if isinstance(x, bool) or not isinstance(x, (int, str)):
        raise Invalid(f"not an exact number: {x!r}")
    try:
        return Fraction(x)
    except (ValueError, ZeroDivisionError):
        raise Invalid(f"not an exact number: {x!r}") from None


def _int(x, name):
    if isinstance(x, bool) or not isinstance(x, int):
        raise Invalid(f"{name} must be an integer, got {x!r}")
    return x

MAX_PIECES = 4096


# --- instance --------------------------------------------------------------------------------------

def _slope(name):
    if name == "relu":
        return Fraction(0)
    if name == "identity":
        return Fraction(1)
    if name == "abs":
        return Fraction(-1)
    if isinstance(name, str) and name.startswith("leaky:"):
        a = _q(name[6:])
        if a > 1:
            raise Invalid(f"leaky slope {a} > 1 is outside the paper's activations")
        return a
    raise Invalid(f"unknown activation {name!r}")


def _mat(rows, shape, name):
    if not isinstance(rows, list) or len(rows) != shape[0] or any(
            not isinstance(r, list) or len(r) != shape[1] for r in rows):
        raise Invalid(f"{name} does not have shape {shape}")
    return [[_q(x) for x in r] for r in rows]


def parse_instance(obj):
    """The instance as plain data, in the paper's layout: widths, per-unit slopes of the hidden
    layers, X and Y with one row per sample, the loss scale s."""
    model = obj["model"]
    if model.get("kind") != "feedforward":
        raise Invalid(f"unsupported model {model.get('kind')!r} (khk2019b checks feedforward networks)")
    if model.get("skip"):
        raise Invalid("skip connections are outside the KHK 2019b model")
    layers = model["layers"]
    if not isinstance(layers, list) or len(layers) < 2:
        raise Invalid("a feedforward model needs at least one hidden layer and an output layer")
    Xc, Yc = obj["data"]["X"], obj["data"]["Y"]
    if not isinstance(Xc, list) or not Xc or not isinstance(Xc[0], list) or not Xc[0]:
        raise Invalid("data.X must be a non-empty matrix (d_x × m)")
    dx, m = len(Xc), len(Xc[0])
    widths = [dx] + [_int(layer["width"], "width") for layer in layers]
    if min(widths) < 1:
        raise Invalid("widths must be positive")
    slopes = []
    for li, layer in enumerate(layers):
        act = layer.get("activation", "relu")
        acts = act if isinstance(act, list) else [act] * widths[li + 1]
        if len(acts) != widths[li + 1]:
            raise Invalid(f"layer {li + 1} lists {len(acts)} activations for {widths[li + 1]} units")
        slopes.append([_slope(a) for a in acts])
    if any(a != 1 for a in slopes[-1]):
        raise Invalid("the output layer must be linear (activation 'identity')")
    X = _mat(Xc, (dx, m), "data.X")
    Y = _mat(Yc, (widths[-1], m), "data.Y")
    loss = obj.get("loss") or {}
    if loss.get("kind", "squared") != "squared" or obj.get("regularization"):
        raise Invalid("only the unregularized squared loss is covered")
    scale = _q(loss.get("scale", "1/2"))
    if scale <= 0:
        raise Invalid("loss scale must be positive")
    return {"widths": widths, "slopes": slopes[:-1], "X": [list(c) for c in zip(*X)],
            "Y": [list(c) for c in zip(*Y)], "m": m, "H": len(widths) - 2, "scale": scale}


def parse_point(inst, point):
    """The paper's W⁽¹⁾, …, W⁽ᴴ⁺¹⁾ (d_{l−1} × d_l) from ``{"theta": flat}``."""
    return _unflatten(inst, point["theta"], "point.theta")


def _n_params(inst):
    w = inst["widths"]
    return sum(w[l] * w[l + 1] for l in range(len(w) - 1))


def _unflatten(inst, v, name):
    if not isinstance(v, list) or len(v) != _n_params(inst):
        raise Invalid(f"{name} must be a list of {_n_params(inst)} numbers")
    v = [_q(x) for x in v]
    w, out, k = inst["widths"], [], 0
    for l in range(len(w) - 1):
        r, c = w[l], w[l + 1]
        out.append([[v[k + j * r + i] for j in range(c)] for i in range(r)])  # column-major
        k += r * c
    return out


# --- exact forward pass, pattern, polynomial pieces ---------------------------------------------------

def preactivations(inst, W):
    """Pre-activations G⁽ˡ⁾ (lists of rows) of the hidden layers and the output Ŷ, exactly."""
    phi, Gs = inst["X"], []
    for l, Wl in enumerate(W):
        G = [[sum((row[j] * Wl[j][k] for j in range(len(row))), Fraction(0)) for k in range(len(Wl[0]))]
             for row in phi]
        if l == len(W) - 1:
            return Gs, G
        Gs.append(G)
        a = inst["slopes"][l]
        phi = [[z if z >= 0 else a[k] * z for k, z in enumerate(row)] for row in G]


def kinks(inst, W):
    """(layer, unit, sample) of every zero pre-activation of a non-identity unit that is not identically
    zero near θ.  A pre-activation is identically zero near θ when every input it sums is: a zero
    datum, or a unit output that is identically zero (a ReLU with a negative pre-activation, or an
    identically zero pre-activation).  Such a unit stays at σ(0) = 0 nearby, whichever branch."""
    Gs, _ = preactivations(inst, W)
    m = inst["m"]
    dead_in = [[x == 0 for x in row] for row in inst["X"]]  # dead_in[i][j]: input j of sample i ≡ 0
    out = []
    for l, G in enumerate(Gs):
        a = inst["slopes"][l]
        ident = [[all(dead_in[i]) for _ in range(len(G[0]))] for i in range(m)]
        out += [(l, k, i) for i in range(m) for k in range(len(G[0]))
                if G[i][k] == 0 and a[k] != 1 and not ident[i][k]]
        dead_in = [[ident[i][k] or (G[i][k] < 0 and a[k] == 0) for k in range(len(G[0]))] for i in range(m)]
    return out


def _pattern(inst, W, sides):
    """Λ values lam[l][k][i]; a kink (l, k, i) takes side ``sides[(l,k,i)]`` (+1: z ≥ 0 branch,
    −1: z ≤ 0 branch, 0 or absent: the paper's convention Λ = 0, also used for identically zero
    pre-activations, where the branch does not matter)."""
    Gs, _ = preactivations(inst, W)
    lam = []
    for l, G in enumerate(Gs):
        a = inst["slopes"][l]
        lam.append([[Fraction(1) if (G[i][k] > 0 or a[k] == 1) else a[k] if G[i][k] < 0 else
                     {1: Fraction(1), -1: a[k], 0: Fraction(0)}[sides.get((l, k, i), 0)]
                     for i in range(len(G))] for k in range(len(G[0]))])
    return lam


def _pmul(p, q, upto):
    out = [Fraction(0)] * min(len(p) + len(q) - 1, upto + 1)
    for i, a in enumerate(p[:len(out)]):
        if a:
            for j, b in enumerate(q[:len(out) - i]):
                out[i + j] += a * b
    return out


def _padd(p, q):
    if len(p) < len(q):
        p, q = q, p
    return [a + (q[i] if i < len(q) else 0) for i, a in enumerate(p)]


def output_poly(inst, W, lam, curve, upto):
    """Ŷ(θ + s v₁ + s² v₂ + …) on the piece with pattern ``lam``: an m×d_y array of polynomials in s
    (lowest coefficient first, truncated at degree ``upto``)."""
    phi = [[[x] for x in row] for row in inst["X"]]
    for l, Wl in enumerate(W):
        P = [[[Wl[i][j]] + [V[l][i][j] for V in curve] for j in range(len(Wl[0]))] for i in range(len(Wl))]
        G = []
        for row in phi:
            grow = []
            for k in range(len(Wl[0])):
                acc = [Fraction(0)]
                for j, x in enumerate(row):
                    acc = _padd(acc, _pmul(x, P[j][k], upto))
                grow.append(acc)
            G.append(grow)
        if l == len(W) - 1:
            return G
        phi = [[[lam[l][k][i] * c for c in g] for k, g in enumerate(row)] for i, row in enumerate(G)]


def loss_poly(inst, W, lam, curve, upto):
    """½‖Ŷ − Y‖² along the curve, on the piece ``lam``."""
    out = output_poly(inst, W, lam, curve, upto)
    total = [Fraction(0)]
    for i, row in enumerate(out):
        for c, p in enumerate(row):
            r = _padd(p, [-inst["Y"][i][c]])
            total = _padd(total, [inst["scale"] * x for x in _pmul(r, r, upto)])
    return total


def _coef(p, k):
    return p[k] if k < len(p) else Fraction(0)


def _unit(inst, idx):
    v = [0] * _n_params(inst)
    v[idx] = 1
    return _unflatten(inst, v, "unit vector")


def piece_jacobian(inst, W, lam):
    """Columns ∂vec Ŷ/∂θ_j of the piece ``lam`` at θ (vec Ŷ column-major)."""
    cols = []
    for j in range(_n_params(inst)):
        out = output_poly(inst, W, lam, [_unit(inst, j)], 1)
        cols.append([_coef(out[i][c], 1) for c in range(len(out[0])) for i in range(len(out))])
    return cols


def piece_gradient(inst, W, lam):
    """∇L of the piece ``lam`` at θ (coefficients of s in L(θ + s e_j))."""
    return [_coef(loss_poly(inst, W, lam, [_unit(inst, j)], 1), 1) for j in range(_n_params(inst))]


# --- which pieces meet at θ ------------------------------------------------------------------------

def strictly_feasible(rows):
    """Is there δ with r·δ > 0 for every row r?  Exact Fourier–Motzkin elimination (homogeneous,
    strict): eliminating a variable combines each positive with each negative row positively.

    >>> strictly_feasible([[1, 0], [0, 1]]), strictly_feasible([[1, 0], [-1, 0]])
    (True, False)
    """
    rows = [[Fraction(x) for x in r] for r in rows]
    n = len(rows[0]) if rows else 0
    for j in range(n):
        pos = [r for r in rows if r[j] > 0]
        neg = [r for r in rows if r[j] < 0]
        new = [r for r in rows if r[j] == 0]
        for p in pos:
            for q in neg:
                new.append([-q[j] * a + p[j] * b for a, b in zip(p, q)])
        rows = new
        if len(rows) > 20000:
            raise Invalid("Fourier–Motzkin elimination too large for the kernel")
    return not rows  # any surviving row reads 0 > 0


def adjacent_sides(inst, W):
    """Every assignment of sides (+1/−1) to the kinks whose region meets every neighbourhood of θ
    (H = 1: only realizable assignments, decided per unit; H ≥ 2: all assignments, a superset)."""
    ks = kinks(inst, W)
    if 2 ** len(ks) > MAX_PIECES:
        raise Invalid(f"{len(ks)} kinks: too many pieces for the kernel")
    out = []
    for signs in _product((1, -1), repeat=len(ks)):
        sides = dict(zip(ks, signs))
        if inst["H"] == 1:
            by_unit = {}
            for (l, k, i), s in sides.items():
                by_unit.setdefault(k, []).append([s * x for x in inst["X"][i]])
            if not all(strictly_feasible(rows) for rows in by_unit.values()):
                continue
        out.append(sides)
    return out


def path_feature_residual(inst, W, lam, r):
    """𝒟_pᵀ vec(r) for the path-feature matrix of the pattern: one entry per (output c, path, input j)."""
    widths, X, m = inst["widths"], inst["X"], inst["m"]
    out = []
    for path in _product(*[range(d) for d in widths[1:-1]]):
        u = [Fraction(1)] * m
        for l, k in enumerate(path):
            u = [u[i] * lam[l][k][i] for i in range(m)]
        for c in range(widths[-1]):
            for j in range(widths[0]):
                out.append(sum((r[i][c] * u[i] * X[i][j] for i in range(m)), Fraction(0)))
    return out


def _residual(inst, W):
    _, out = preactivations(inst, W)
    return [[out[i][c] - inst["Y"][i][c] for c in range(len(out[0]))] for i in range(inst["m"])]


def _key(sides):
    return ",".join(f"{l}.{k}.{i}:{'+' if s > 0 else '-'}" for (l, k, i), s in sorted(sides.items()))


def u_gradient(inst, W, lam, k, r):
    """(2s)⁻¹∇_{u_k} of the piece ``lam`` of L(u) = s Σ_i (Σ_k sign(W⁽²⁾_k) σ(x_iᵀu_k) − y_i)² at u_k = |W⁽²⁾_k|·W⁽¹⁾_{·k}
    (H = 1, d_y = 1, residual r): sign(W⁽²⁾_k)·Σ_i Λ_{ik} r_i x_i."""
    X, m, dx = inst["X"], inst["m"], inst["widths"][0]
    s = 1 if W[1][k][0] > 0 else -1
    return [s * sum((lam[0][k][i] * X[i][j] * r[i][0] for i in range(m)), Fraction(0)) for j in range(dx)]


def _check_local_min(inst, W, ev):
    r = _residual(inst, W)
    pieces = adjacent_sides(inst, W)
    if not pieces:
        raise Invalid("no piece meets θ (impossible: malformed instance)")
    if ev.get("type") == "path_features":
        for sides in pieces:
            bad = next((x for x in path_feature_residual(inst, W, _pattern(inst, W, sides), r) if x), None)
            if bad is not None:
                raise Invalid(f"piece {_key(sides) or '(smooth)'}: 𝒟ᵀr has the non-zero entry {bad}")
        return
    if ev.get("type") != "convex_products":
        raise Invalid(f"unknown local-minimum evidence {ev.get('type')!r}")
    if inst["H"] != 1 or inst["widths"][-1] != 1:
        raise Invalid("convex_products evidence covers one hidden layer and d_y = 1 only")
    W2 = W[1]
    if any(W2[k][0] == 0 for k in range(len(W2))):
        raise Invalid("convex_products evidence needs every outgoing weight W2_k ≠ 0")
    mult = ev["multipliers"]
    X, dx = inst["X"], inst["widths"][0]
    for sides in pieces:
        lam = _pattern(inst, W, sides)
        mu = mult[_key(sides)]
        for k in range(len(W2)):
            grad = u_gradient(inst, W, lam, k, r)
            cone = [(i, sd) for (l, kk, i), sd in sides.items() if kk == k]
            mus = mu.get(str(k), {})
            if set(mus) - {str(i) for i, _ in cone}:
                raise Invalid(f"multiplier for a sample that is not a kink of unit {k}")
            comb = [Fraction(0)] * dx
            for i, sd in cone:
                mi = _q(mus.get(str(i), 0))
                if mi < 0:
                    raise Invalid(f"negative multiplier {mi} (piece {_key(sides)}, unit {k}, sample {i})")
                comb = [c + mi * sd * x for c, x in zip(comb, X[i])]
            if comb != grad:
                raise Invalid(f"piece {_key(sides) or '(smooth)'}, unit {k}: ∇_u L_p = {grad} is not "
                              f"the stated cone combination {comb}")


def _strict_margins(inst, W):
    ks = kinks(inst, W)
    if ks:
        raise Invalid(f"zero pre-activation at (layer, unit, sample) {tuple(x + 1 for x in ks[0])}: "
                      "the pattern is not constant near θ")
    return _pattern(inst, W, {})


def _not_local_max(inst, W, lam, ev):
    """A saddle is neither a local minimum nor a local maximum.  Ŷ is linear in W⁽ᴴ⁺¹⁾, so at a critical
    point L(θ + t·e) = L(θ) + t²·s·Σ_i (Φ⁽ᴴ⁾_{ik})² along the output weight e = W⁽ᴴ⁺¹⁾_{k,1} (s the loss
    scale): L rises unless the last hidden layer outputs 0 on every sample.  In that case the evidence
    must carry an ``ascent`` curve (same fields as the descent curve, leading coefficient > 0)."""
    H, w = inst["H"], inst["widths"]
    start = sum(w[l] * w[l + 1] for l in range(H))  # the output weights come last; (k, c) ↦ start + c·d_H + k
    for k in range(w[H]):
        p = loss_poly(inst, W, lam, [_unit(inst, start + k)], 2)
        if _coef(p, 2) > 0:
            return
    if "ascent" not in ev:
        raise Invalid("the last hidden layer outputs 0 on every sample: no ascent along the output weights, "
                      "so θ may be a local maximum (give an 'ascent' curve, or claim not_local_min)")
    _check_curve(inst, W, lam, ev["ascent"], 1)


def _check_curve(inst, W, lam, ev, sign):
    """L(θ + s v₁ + s² v₂ + …) − L(θ) = c sᵏ + O(sᵏ⁺¹) on the piece ``lam`` with sign(c) = ``sign``."""
    curve = [_unflatten(inst, v, "curve vector") for v in ev["curve"]]
    k = _int(ev["order"], "order")
    c = _q(ev["coefficient"])
    if not curve or k < 1:
        raise Invalid("a curve needs at least one vector and order ≥ 1")
    p = loss_poly(inst, W, lam, curve, k)
    if any(_coef(p, j) for j in range(1, k)) or _coef(p, k) != c:
        raise Invalid(f"L along the curve is {p[1:k + 1]} (orders 1..{k}), not c·s^{k} with c = {c}")
    if c * sign <= 0:
        raise Invalid(f"the leading coefficient is not {'negative' if sign < 0 else 'positive'}")


def _check_descent(inst, W, lam, ev):
    _check_curve(inst, W, lam, ev, -1)


# --- linear algebra (exact elimination) --------------------------------------------------------------

def rank(rows):
    """Exact rank by Gaussian elimination.

    >>> rank([[1, 2], [2, 4]])
    1
    """
    A = [[Fraction(x) for x in r] for r in rows]
    rk, ncol = 0, len(A[0]) if A else 0
    for c in range(ncol):
        p = next((i for i in range(rk, len(A)) if A[i][c] != 0), None)
        if p is None:
            continue
        A[rk], A[p] = A[p], A[rk]
        for i in range(rk + 1, len(A)):
            if A[i][c]:
                f = A[i][c] / A[rk][c]
                A[i] = [x - f * y for x, y in zip(A[i], A[rk])]
        rk += 1
    return rk


def projected_norm2(cols, y):
    """‖P[col(cols)] y‖² = bᵀc with (GᵀG)c = b = Gᵀy (a consistent system; any solution)."""
    n = len(cols)
    if n == 0:
        return Fraction(0)
    M = [[sum((a * b for a, b in zip(cols[i], cols[j])), Fraction(0)) for j in range(n)]
         + [sum((a * b for a, b in zip(cols[i], y)), Fraction(0))] for i in range(n)]
    b = [row[-1] for row in M]
    piv_cols, rk = [], 0
    for c in range(n):
        p = next((i for i in range(rk, n) if M[i][c] != 0), None)
        if p is None:
            continue
        M[rk], M[p] = M[p], M[rk]
        M[rk] = [x / M[rk][c] for x in M[rk]]
        for i in range(n):
            if i != rk and M[i][c]:
                f = M[i][c]
                M[i] = [x - f * z for x, z in zip(M[i], M[rk])]
        piv_cols.append(c)
        rk += 1
    if any(M[i][-1] for i in range(rk, n)):
        raise Invalid("normal equations inconsistent (cannot happen)")
    sol = [Fraction(0)] * n
    for i, c in enumerate(piv_cols):
        sol[c] = M[i][-1]
    return sum((x * z for x, z in zip(b, sol)), Fraction(0))


def paper_J(inst, W):
    """J(θ) = s‖vec Y‖² − s‖P[G]vec Y‖² with G the paper's [D D⁽ᴴ⁺¹⁾] (Λ = 0 at kinks), taken as the
    Jacobian of the piece with the paper's pattern (the two agree: D's entries are the path sums)."""
    ks = kinks(inst, W)
    lam = _pattern(inst, W, {key: 0 for key in ks})
    cols = piece_jacobian(inst, W, lam)
    y = [inst["Y"][i][c] for c in range(inst["widths"][-1]) for i in range(inst["m"])]
    return inst["scale"] * (sum((v * v for v in y), Fraction(0)) - projected_norm2(cols, y))


# --- logarithms with exact bounds (for Proposition 2's hypotheses) ----------------------------------

def _atanh_series(y, terms):
    """2·Σ_{n<terms} y^{2n+1}/(2n+1) and a bound on the rest (0 ≤ y < 1)."""
    s, p = Fraction(0), y
    for n in range(terms):
        s += p / (2 * n + 1)
        p *= y * y
    rest = 2 * p / ((2 * terms + 1) * (1 - y * y))
    return 2 * s, rest


def ln_bounds(x, terms=40):
    """Rational lo ≤ ln x ≤ hi for rational x ≥ 1: x = 2^e·f with 1 ≤ f < 2, ln 2 and ln f by the
    atanh series with its remainder bound.

    >>> lo, hi = ln_bounds(2)
    >>> Fraction(6931471, 10**7) < lo < hi < Fraction(6931472, 10**7)
    True
    """
    x = Fraction(x)
    if x < 1:
        raise Invalid("ln_bounds needs x ≥ 1")
    e = 0
    while x >= 2:
        x /= 2
        e += 1
    l2, r2 = _atanh_series(Fraction(1, 3), terms)
    lf, rf = _atanh_series((x - 1) / (x + 1), terms)
    return e * l2 + lf, e * (l2 + r2) + lf + rf


def _prop2ii_hypotheses(ev, need_d2):
    m, d, dx = _int(ev["m"], "m"), _int(ev["d"], "d"), _int(ev["d_x"], "d_x")
    delta = _q(ev["delta"])
    Lam = _mat(ev["Lambda"], (m, d), "Lambda")
    if delta <= 0 or min(m, d, dx) < 1:
        raise Invalid("m, d, d_x and δ must be positive")
    for k in range(d):  # column k of Λ is the diagonal of Λ_{1,k}: values σ'(z) ∈ {1, a_k} or 0 at a kink
        other = {Lam[i][k] for i in range(m)} - {0, 1}
        if len(other) > 1 or any(a > 1 for a in other):
            raise Invalid(f"column {k + 1} of Λ is no activation pattern (entries must lie in {{0, 1, a}}, "
                          f"one slope a ≤ 1 per unit)")
    if need_d2 and d < 2:
        raise Invalid("the corrected hypothesis needs width d ≥ 2")
    if m * d < delta:
        raise Invalid("md/δ < 1: the logarithm bound below needs md/δ ≥ 1")
    _, hi = ln_bounds(Fraction(m * d) / delta)
    if d * dx < 2 * m * hi * hi:
        raise Invalid("d·d_x ≥ 2m ln²(md/δ) is not certified")
    _, hi2 = ln_bounds(d * m)
    if dx < hi2 * hi2:
        raise Invalid("d_x ≥ ln²(dm) is not certified")
    if d // 2 >= 2:
        raise Invalid("the kernel checks the s_min condition for d ≤ 3 only (|I| ≤ 1)")
    if d // 2 == 1 and any(sum((x * x for x in row), Fraction(0)) < delta * delta for row in Lam):
        raise Invalid("s_min(Λ_I) ≥ δ fails for a single row I")
    return m, d, dx, delta, Lam


def _check_prop2ii_literal(ev):
    m, d, dx, delta, Lam = _prop2ii_hypotheses(ev, need_d2=False)
    zero_row = next((i for i, row in enumerate(Lam) if not any(row)), None)
    if zero_row is None:
        raise Invalid("Λ has no zero row: rank D̃ = m is not excluded")
    _, l2hi = ln_bounds(2)
    if Fraction(dx, 20) <= l2hi:
        raise Invalid("the claimed probability 1 − 2e^{−d_x/20} is not shown positive")


def _check_prop2ii_full_rank(ev):
    m, d, dx, delta, Lam = _prop2ii_hypotheses(ev, need_d2=True)
    X = _mat(ev["X"], (m, dx), "X")
    Dt = [[Lam[i][k] * X[i][j] for k in range(d) for j in range(dx)] for i in range(m)]
    if rank(Dt) != m:
        raise Invalid("rank D̃ < m for this X")


def _check_nonconvex(inst, W, ev):
    if inst["widths"] != [1, 1, 1] or inst["m"] != 1:
        raise Invalid("nonconvex_loss_local_min covers the 1-1-1 network on one sample")
    if kinks(inst, W) or (preactivations(inst, W)[0][0][0][0] < 0 and inst["slopes"][0][0] != 1):
        raise Invalid("the hidden unit must be active with a strict margin (or linear)")
    coeffs = [_q(c) for c in ev["loss_coefficients"]]  # ℓ(e) = Σ_k c_k e^k
    x, y = inst["X"][0][0], inst["Y"][0][0]
    e = W[0][0][0] * W[1][0][0] * x - y  # on the active branch Ŷ = W2·W1·x
    d1 = sum((k * c * e ** (k - 1) for k, c in enumerate(coeffs) if k >= 1), Fraction(0))
    d2 = sum((k * (k - 1) * c * e ** (k - 2) for k, c in enumerate(coeffs) if k >= 2), Fraction(0))
    if d1 != 0 or d2 <= 0:
        raise Invalid(f"ℓ'(e*) = {d1}, ℓ''(e*) = {d2}: e* is not a strict local minimum of ℓ")
    eb = _q(ev["better_residual"])
    value = lambda t: sum((c * t ** k for k, c in enumerate(coeffs)), Fraction(0))
    if x == 0 or not value(eb) < value(e):
        raise Invalid("ℓ(e_b) < ℓ(e*) with x ≠ 0 is not shown")


# --- dispatch ------------------------------------------------------------------------------------

def check(cert) -> None:
    """Raise :class:`exactland.kernel.Invalid` unless ``cert`` proves its claim."""
    claim = cert.get("claim")
    if claim == "prop2ii_literal_counterexample":
        return _check_prop2ii_literal(cert["evidence"])
    if claim == "prop2ii_full_rank":
        return _check_prop2ii_full_rank(cert["evidence"])
    inst = parse_instance(cert["instance"])
    W = parse_point(inst, cert["point"])
    if claim == "nonconvex_loss_local_min":
        return _check_nonconvex(inst, W, cert["evidence"])
    if "loss" in cert:
        r = _residual(inst, W)
        if inst["scale"] * sum((x * x for row in r for x in row), Fraction(0)) != _q(cert["loss"]):
            raise Invalid(f"stated loss {cert['loss']} is not L(θ)")
    ev = cert["evidence"]
    if claim == "local_min":
        _check_local_min(inst, W, ev)
    elif claim == "saddle":
        lam = _strict_margins(inst, W)
        g = piece_gradient(inst, W, lam)
        if any(g):
            raise Invalid("the gradient is not zero")
        _not_local_max(inst, W, lam, ev)
        _check_descent(inst, W, lam, ev)
    elif claim == "not_local_min":
        _check_descent(inst, W, _strict_margins(inst, W), ev)
    elif claim == "literal_reading_counterexample":
        if inst["H"] != 1:
            raise Invalid("literal_reading_counterexample covers one hidden layer only")
        _check_local_min(inst, W, ev)
        pieces = adjacent_sides(inst, W)
        grads = [piece_gradient(inst, W, _pattern(inst, W, s)) for s in pieces]
        if any(g != grads[0] for g in grads):
            raise Invalid("the pieces of L have different gradients at θ: L is not differentiable")
        jacs = {str(piece_jacobian(inst, W, _pattern(inst, W, s))) for s in pieces}
        if len(jacs) < 2:
            raise Invalid("all pieces have the same Jacobian of Ŷ: Ŷ may be differentiable")
        J = paper_J(inst, W)
        if J != _q(ev["J"]):
            raise Invalid(f"stated J = {ev['J']} but J(θ) = {J}")
        L = inst["scale"] * sum((x * x for row in _residual(inst, W) for x in row), Fraction(0))
        if J == L:
            raise Invalid("L(θ) = J(θ): no counterexample")
    else:
        raise Invalid(f"unknown claim {claim!r} for the khk2019b kernel")
