"""Trusted checker ``"depth"``: certificates for networks ``L(M) = f(Σ_towers M_k⋯M_1)`` with a
general loss ``f`` of the end-to-end matrix (the depth-reduction paper, "Depth creates no more
spurious local minima in linear networks").  Standard library only.

Claims and what is re-derived here from the instance and point alone:

``not_local_min`` (the constructive Lemma 1)
    ``curve`` is a list of directions ``V_1, …, V_r`` (points of the same shape); ``θ(s) = θ + s V_1
    + … + s^r V_r``.  The kernel checks that the end-to-end product ``P(s)`` of ``θ(s)`` is a
    *constant* polynomial matrix in ``s`` — so ``L(θ(s)) = f(P(0))`` identically, whatever ``f`` —
    and that the stated entry of ``∂L/∂M_i(θ(s)) = U_i(s)ᵀ f'(P) L_i(s)ᵀ`` (``U_i``: the layers above
    ``M_i`` in its tower, ``L_i``: those below) has a non-zero coefficient of ``s^e``.  If θ were a
    local minimum, every ``θ(s)`` near it would be one too (same value, a ball inside the ball), so
    the gradient there would vanish for all small ``s`` and the polynomial would be zero.  Only the
    differentiability of ``f`` is used (not its convexity): a smoothed hinge needs ``p ≥ 2``.
    ``f'(P)`` is exact for the squared (weighted) loss, polynomial losses and the smoothed hinge; for
    softmax cross-entropy it is an enclosure from rigorous Taylor bounds of ``exp`` over the
    rationals, and the coefficient must be certified non-zero by its enclosure.  A polynomial loss
    must be given by ``terms`` (an ``expr``, which the loader would read instead, is refused).

``spurious_local_min``
    evidence ``strict_local_min_of_f``: ``f`` a polynomial, ``f'(P) = 0`` and ``f''(P)`` positive
    definite (exact elimination), so ``P`` is a strict local minimum of ``f`` on all matrices and θ is
    a local minimum of ``L`` (the product is continuous in θ); or evidence ``base_certificate``:
    a certificate of the polynomial kernel proving ``local_min`` at the same instance and point
    (used for regularized networks; the loss may then carry only ``kind`` and ``scale``, the fields the
    polynomial kernel reads); or ``subgradient_split`` for a convex non-differentiable
    ``f = Σ α_r|⟨C_r, P⟩ + c_r| + q(P)`` (loss kind ``convex_abs``) at a point whose scalar top layer is
    0 (see :func:`_check_subgradient_split`).  Plus ``lower_point``: a point of the same network with a
    strictly smaller exact loss, so the local minimum is not global.
"""

from __future__ import annotations

import sys
from fractions import Fraction


def _base():
    """The parent kernel package (always loaded before this module): its exact readers, polynomial
    arithmetic and checks are reused here.  Looked up in sys.modules, so no import of the package."""
    return sys.modules[__package__]


def _err(msg):
    return _base().Invalid(msg)


# --- instance ---------------------------------------------------------------------------------------

def _labels(obj, count, m):
    if not isinstance(obj, list) or len(obj) != count:
        raise _err(f"data.labels must be a list of {count} class indices")
    out = [_base()._int(c, "label") for c in obj]
    if any(not 0 <= c < m for c in out):
        raise _err("a label is not a class index 0..m-1")
    return out


def _instance(obj):
    """Parse the towers, the data and the loss; refuse what the checks do not cover."""
    b = _base()
    model = obj["model"]
    kind = model.get("kind")
    if kind in ("deep_linear", "factored"):
        towers = [[b._int(d, "width") for d in model["widths"]]]
    elif kind == "multi_tower":
        towers = [[b._int(d, "width") for d in t] for t in model["towers"]]
    else:
        raise _err(f"unsupported model {kind!r}")
    if not towers or any(len(t) < 2 or min(t) < 1 for t in towers):
        raise _err("each tower needs at least two positive widths")
    n, m = towers[0][0], towers[0][-1]
    if any(t[0] != n or t[-1] != m for t in towers):
        raise _err("all towers must share the input and output dimensions")
    if obj.get("regularization") is not None:
        raise _err("a regularized network is not of the form f(M_k⋯M_1); use spurious_local_min with a "
                   "base certificate")
    loss = dict(obj.get("loss") or {"kind": "squared"})
    lk = loss.get("kind", "squared")
    data = obj.get("data") or {}
    f = {"kind": lk, "m": m, "n": n}
    if lk in ("squared", "cross_entropy", "smoothed_hinge"):
        count = len(data["X"][0])
        f["X"] = b._mat(data["X"], (n, count), "data.X")
        f["N"] = count
    if lk == "squared":
        f["Y"] = b._mat(data["Y"], (m, count), "data.Y")
        f["scale"] = b._q(loss.get("scale", "1/2"))
        w = loss.get("weights")
        f["weights"] = b._mat(w, (m, count), "loss.weights") if w is not None else None
    elif lk == "smoothed_hinge":
        f["Y"] = b._mat(data["Y"], (m, count), "data.Y")
        if any(y not in (1, -1) for row in f["Y"] for y in row):
            raise _err("smoothed hinge labels must be +1 or -1")
        f["p"] = b._int(loss.get("p", 2), "p")
        if f["p"] < 2:
            raise _err("smoothed hinge max(0, 1 − yq)^p is differentiable only for p ≥ 2")
    elif lk == "cross_entropy":
        f["labels"] = _labels(data["labels"], count, m)
    elif lk in ("polynomial", "convex_polynomial"):
        if "expr" in loss:  # the loader reads "expr" before "terms": the kernel would check another f
            raise _err("a polynomial loss given by 'expr' is not read by the kernel: give 'terms' only")
        f["terms"] = _terms(loss["terms"], m, n)
    elif lk == "convex_abs":
        f["terms"] = _terms(loss.get("terms") or [], m, n)
        if any(sum(e for _, _, e in mono) > 2 for _, mono in f["terms"]):
            raise _err("convex_abs: the polynomial part must have degree ≤ 2")
        f["abs"] = []
        for alpha, C, c in loss["abs_terms"]:
            alpha = b._q(alpha)
            if alpha < 0:
                raise _err("convex_abs: a negative weight α makes f non-convex")
            f["abs"].append((alpha, b._mat(C, (m, n), "abs_terms C"), b._q(c)))
    else:
        raise _err(f"unsupported loss {lk!r}")
    shapes = [[(t[i], t[i - 1]) for i in range(1, len(t))] for t in towers]
    return {"towers": towers, "shapes": shapes, "f": f, "m": m, "n": n}


def _terms(obj, m, n):
    """Polynomial terms ``[coefficient, [[i, j, e], ...]]``: coefficient · Π P[i][j]^e."""
    b = _base()
    out = []
    for term in obj:
        c = b._q(term[0])
        mono = []
        for i, j, e in term[1]:
            i, j, e = b._int(i, "row"), b._int(j, "col"), b._int(e, "exponent")
            if not (0 <= i < m and 0 <= j < n and e >= 1):
                raise _err(f"bad monomial factor {[i, j, e]}")
            mono.append((i, j, e))
        out.append((c, mono))
    return out


def _point(inst, obj, name):
    """A point (or direction): ``{"W": [...]}`` for one tower, ``{"towers": [[...], ...]}`` for several."""
    b = _base()
    if "towers" in obj:
        towers = obj["towers"]
    elif len(inst["towers"]) == 1:
        towers = [obj["W"]]
    else:
        raise _err(f"{name}: a multi-tower point is {{\"towers\": [...]}}")
    if not isinstance(towers, list) or len(towers) != len(inst["shapes"]):
        raise _err(f"{name} has the wrong number of towers")
    out = []
    for t, (mats, shapes) in enumerate(zip(towers, inst["shapes"])):
        if not isinstance(mats, list) or len(mats) != len(shapes):
            raise _err(f"{name}: tower {t} has the wrong number of weight matrices")
        out.append([b._mat(w, s, f"{name} tower {t} M_{i + 1}") for i, (w, s) in enumerate(zip(mats, shapes))])
    return out


# --- polynomial matrices in s (entries: coefficient lists, lowest degree first) ------------------------

def _pm_mul(A, B):
    b = _base()
    return [[b._sum_polys(b._pmul(A[i][l], B[l][j]) for l in range(len(B))) for j in range(len(B[0]))]
            for i in range(len(A))]


def _pm_eye(n):
    return [[[Fraction(int(i == j))] for j in range(n)] for i in range(n)]


def _pm_chain(mats, n):
    """M_hi(s) ⋯ M_lo(s) for ``mats`` listed from the bottom (M_lo) up; identity(n) when empty."""
    out = _pm_eye(n)
    for M in mats:
        out = _pm_mul(M, out)
    return out


def _curve_mats(theta, curve):
    """Per tower, per layer: the polynomial matrix M_i(s) = M_i + s V_1,i + s² V_2,i + …"""
    return [[[[[M[a][c]] + [V[t][i][a][c] for V in curve] for c in range(len(M[0]))] for a in range(len(M))]
             for i, M in enumerate(mats)] for t, mats in enumerate(theta)]


def product(inst, theta):
    """The end-to-end matrix Σ_towers M_k⋯M_1 (exact)."""
    total = [[Fraction(0)] * inst["n"] for _ in range(inst["m"])]
    for mats in theta:
        P = [row[:] for row in mats[0]]
        for M in mats[1:]:
            P = _base()._mm(M, P)
        total = [[x + y for x, y in zip(r, q)] for r, q in zip(total, P)]
    return total


# --- the loss and its derivative ---------------------------------------------------------------------

def _residual(f, P):
    PX = _base()._mm(P, f["X"])
    return [[PX[i][s] - f["Y"][i][s] for s in range(f["N"])] for i in range(f["m"])]


def _poly_value(terms, P):
    total = Fraction(0)
    for c, mono in terms:
        v = c
        for i, j, e in mono:
            v *= P[i][j] ** e
        total += v
    return total


def _poly_grad(terms, P, m, n):
    G = [[Fraction(0)] * n for _ in range(m)]
    for c, mono in terms:
        for k, (i, j, e) in enumerate(mono):
            v = c * e * P[i][j] ** (e - 1)
            for l, (i2, j2, e2) in enumerate(mono):
                if l != k:
                    v *= P[i2][j2] ** e2
            G[i][j] += v
    return G


def value(inst, P):
    """f(P), exactly (``None`` for cross-entropy, whose values are logarithms)."""
    f = inst["f"]
    if f["kind"] == "squared":
        R = _residual(f, P)
        w = f["weights"]
        return f["scale"] * sum((r * r * (w[i][s] if w else 1) for i, row in enumerate(R) for s, r in enumerate(row)),
                                Fraction(0))
    if f["kind"] == "smoothed_hinge":
        PX = _base()._mm(P, f["X"])
        return sum((max(Fraction(0), 1 - f["Y"][i][s] * PX[i][s]) ** f["p"]
                    for i in range(f["m"]) for s in range(f["N"])), Fraction(0))
    if f["kind"] in ("polynomial", "convex_polynomial"):
        return _poly_value(f["terms"], P)
    if f["kind"] == "convex_abs":
        return _poly_value(f["terms"], P) + sum((a * abs(_inner(C, P) + c) for a, C, c in f["abs"]), Fraction(0))
    return None


def _inner(C, P):
    return sum((x * y for rc, rp in zip(C, P) for x, y in zip(rc, rp)), Fraction(0))


def gradient_enclosure(inst, P, bits=64):
    """f'(P) as a matrix of intervals (lo, hi); lo == hi wherever f'(P) is rational."""
    f = inst["f"]
    m, n = inst["m"], inst["n"]
    if f["kind"] in ("polynomial", "convex_polynomial"):
        G = _poly_grad(f["terms"], P, m, n)
    elif f["kind"] == "squared":
        R = _residual(f, P)
        w = f["weights"]
        W = [[2 * f["scale"] * R[i][s] * (w[i][s] if w else 1) for s in range(f["N"])] for i in range(m)]
        G = _base()._mm(W, _base()._tr(f["X"]))
    elif f["kind"] == "smoothed_hinge":
        PX = _base()._mm(P, f["X"])
        p = f["p"]
        W = [[-p * f["Y"][i][s] * max(Fraction(0), 1 - f["Y"][i][s] * PX[i][s]) ** (p - 1)
              for s in range(f["N"])] for i in range(m)]
        G = _base()._mm(W, _base()._tr(f["X"]))
    elif f["kind"] == "convex_abs":
        raise _err("convex_abs is not differentiable: Lemma 1 certificates need a differentiable f")
    else:  # cross-entropy: Σ_s (softmax(P x_s) − e_{y_s}) x_sᵀ
        PX = _base()._mm(P, f["X"])
        G = [[(Fraction(0), Fraction(0))] * n for _ in range(m)]
        for s in range(f["N"]):
            z = [PX[i][s] for i in range(m)]
            for i in range(m):
                lo, hi = softmax_enclosure(z, i, bits)
                if i == f["labels"][s]:
                    lo, hi = lo - 1, hi - 1
                for c in range(n):
                    x = f["X"][c][s]
                    a, b2 = (lo * x, hi * x) if x >= 0 else (hi * x, lo * x)
                    G[i][c] = (G[i][c][0] + a, G[i][c][1] + b2)
        return G
    return [[(g, g) for g in row] for row in G]


# --- rigorous exp over the rationals ----------------------------------------------------------------------

def _down(q, bits):
    return Fraction((q.numerator << bits) // q.denominator, 1 << bits)


def _up(q, bits):
    return Fraction(-((-q.numerator << bits) // q.denominator), 1 << bits)


def exp_enclosure(x, bits=64):
    """Rationals lo ≤ exp(x) ≤ hi, lo > 0: for x ≥ 0 the Taylor series of exp(x/2ʰ) (x/2ʰ ≤ ½) with
    the tail bounded by 2y^(N+1)/(N+1)!, then squared h times with outward rounding; exp(−x) = 1/exp(x).

    >>> lo, hi = exp_enclosure(Fraction(1))
    >>> Fraction(2718281, 10**6) < lo < hi < Fraction(2718282, 10**6)
    True
    """
    x = Fraction(x)
    if x < 0:  # exp(x) = 1/exp(−x): relative accuracy for small values
        lo, hi = exp_enclosure(-x, bits)
        return 1 / hi, 1 / lo
    h = 0
    while abs(x) > Fraction(1, 2) * 2 ** h:
        h += 1
    y = x / 2 ** h
    terms, t, k = Fraction(0), Fraction(1), 0
    while True:
        terms += t
        k += 1
        t = t * y / k
        if abs(t) * 2 * (1 << bits) < 1:
            break
    tail = 2 * abs(t)
    lo, hi = _down(terms - tail, bits + 8), _up(terms + tail, bits + 8)
    if lo <= 0:
        raise _err("exp enclosure failed")
    for _ in range(h):
        lo, hi = _down(lo * lo, bits + 8), _up(hi * hi, bits + 8)
    return lo, hi


def softmax_enclosure(z, i, bits=64):
    """Rationals lo ≤ softmax(z)_i = 1 / Σ_j exp(z_j − z_i) ≤ hi."""
    dlo, dhi = Fraction(0), Fraction(0)
    for j, zj in enumerate(z):
        if j == i:
            dlo, dhi = dlo + 1, dhi + 1
        else:
            a, b2 = exp_enclosure(zj - z[i], bits)
            dlo, dhi = dlo + a, dhi + b2
    return 1 / dhi, 1 / dlo


# --- the checks -----------------------------------------------------------------------------------

def _check_constant_product(inst, theta, curve):
    polys = _curve_mats(theta, curve)
    total = None
    for mats in polys:
        P = _pm_chain(mats, inst["n"])
        total = P if total is None else [[_base()._padd(p, q) for p, q in zip(r1, r2)] for r1, r2 in zip(total, P)]
    for i, row in enumerate(total):
        for j, p in enumerate(row):
            if any(c != 0 for c in p[1:]):
                raise _err(f"the end-to-end product is not constant along the curve (entry ({i}, {j}))")
    return polys


def gradient_coefficient(inst, polys, G, tower, layer, row, col, degree):
    """Enclosure of the coefficient of s^degree in (∂L/∂M_layer)[row][col] along the curve."""
    mats = polys[tower]
    k = len(mats)
    i = layer - 1
    U = _pm_chain(mats[i + 1:], len(mats[i]))          # d_k × d_i
    Lw = _pm_chain(mats[:i], inst["n"])                # d_{i-1} × d_0
    lo = hi = Fraction(0)
    for p in range(inst["m"]):
        for q in range(inst["n"]):
            a = _base()._coef(_base()._pmul(U[p][row], Lw[col][q]), degree)
            if a:
                g0, g1 = G[p][q]
                x, y = (a * g0, a * g1) if a > 0 else (a * g1, a * g0)
                lo, hi = lo + x, hi + y
    if not 0 <= i < k:
        raise _err("layer out of range")
    return lo, hi


def _check_not_local_min(inst, theta, cert):
    b = _base()
    curve = cert.get("curve")
    if not isinstance(curve, list):
        raise _err("curve must be a list of directions")
    curve = [_point(inst, V, f"curve[{r}]") for r, V in enumerate(curve)]
    polys = _check_constant_product(inst, theta, curve)
    ev = [e for e in cert.get("evidence") or [] if e.get("type") == "gradient_nonzero"]
    if not ev:
        raise _err("claim not_local_min needs evidence of type gradient_nonzero")
    G = gradient_enclosure(inst, product(inst, theta))
    for e in ev:
        t, i = b._int(e["tower"], "tower"), b._int(e["layer"], "layer")
        if not 0 <= t < len(inst["towers"]) or not 1 <= i < len(inst["towers"][t]):
            raise _err("tower or layer out of range")
        r, c, d = b._int(e["row"], "row"), b._int(e["col"], "col"), b._int(e["degree"], "degree")
        rows, cols = inst["shapes"][t][i - 1]
        if not (0 <= r < rows and 0 <= c < cols and d >= 0):
            raise _err("gradient entry out of range")
        lo, hi = gradient_coefficient(inst, polys, G, t, i, r, c, d)
        if lo <= 0 <= hi:
            raise _err(f"coefficient of s^{d} in ∂L/∂M_{i}[{r}][{c}] is not certified non-zero "
                       f"(enclosure [{lo}, {hi}])")


def _check_spurious(obj, cert):
    b = _base()
    evidence = {e.get("type"): e for e in cert.get("evidence") or []}
    if "lower_point" not in evidence:
        raise _err("claim spurious_local_min needs evidence of type lower_point")
    if "base_certificate" in evidence:
        inner = evidence["base_certificate"]["certificate"]
        if inner.get("kernel") is not None or inner.get("claim") != "local_min":
            raise _err("base_certificate must be a polynomial-kernel local_min certificate")
        if inner.get("instance") != obj or inner.get("point") != cert["point"]:
            raise _err("base_certificate is about another instance or point")
        if set(obj.get("loss") or {}) - {"kind", "scale"}:  # the polynomial kernel reads only these
            raise _err("base_certificate: the polynomial kernel ignores loss fields other than kind and scale "
                       f"(got {sorted(obj['loss'])})")
        b.check(inner)
        binst = b._instance(obj)
        W = [b._mat(w, s, f"W_{k + 1}") for k, (w, s) in enumerate(zip(cert["point"]["W"], binst["shapes"]))]
        W2 = [b._mat(w, s, f"lower W_{k + 1}")
              for k, (w, s) in enumerate(zip(evidence["lower_point"]["point"]["W"], binst["shapes"]))]
        if len(W2) != len(binst["shapes"]) or len(W) != len(binst["shapes"]):
            raise _err("point has the wrong number of weight matrices")
        here, there = b.loss_poly(binst, W, [])[0], b.loss_poly(binst, W2, [])[0]
    elif "strict_local_min_of_f" in evidence:
        inst = _instance(obj)
        if inst["f"]["kind"] not in ("polynomial", "convex_polynomial"):
            raise _err("strict_local_min_of_f needs a polynomial loss")
        theta = _point(inst, cert["point"], "point")
        P = product(inst, theta)
        if any(g != 0 for row in _poly_grad(inst["f"]["terms"], P, inst["m"], inst["n"]) for g in row):
            raise _err("f'(P) is not zero")
        if not b.semidefinite(_poly_hessian(inst, P), strict=True):
            raise _err("f''(P) is not positive definite")
        here = value(inst, P)
        there = value(inst, product(inst, _point(inst, evidence["lower_point"]["point"], "lower point")))
    elif "subgradient_split" in evidence:
        inst = _instance(obj)
        theta = _point(inst, cert["point"], "point")
        here = _check_subgradient_split(inst, theta, evidence["subgradient_split"])
        there = value(inst, product(inst, _point(inst, evidence["lower_point"]["point"], "lower point")))
    else:
        raise _err("claim spurious_local_min needs evidence strict_local_min_of_f, base_certificate or "
                   "subgradient_split")
    if not there < here:
        raise _err(f"lower_point has loss {there}, not below {here}")


def _check_subgradient_split(inst, theta, ev):
    """Local minimality for a convex, non-differentiable f = Σ α_r|⟨C_r, P⟩ + c_r| + q(P) (α ≥ 0, q of degree
    ≤ 2 with PSD Hessian) at a point whose top layer is the scalar a = 0 (m = 1, d_(k-1) = 1), so that
    P(θ') = a'·b(θ') with b the product of the lower layers, b(θ) = b₀.  Two subgradients of f at 0,
    g₊ and g₋ (given by s_r ∈ [−1, 1] for the kinks through 0), with ⟨g₊, b₀⟩ > 0 > ⟨g₋, b₀⟩ keep those
    signs for b near b₀, and convexity gives f(a'b) ≥ f(0) + a'⟨g_±, b⟩ ≥ f(0), taking ± = sign a'.
    Returns L(θ) = f(0)."""
    b = _base()
    f = inst["f"]
    if f["kind"] != "convex_abs" or len(theta) != 1:
        raise _err("subgradient_split needs a single-tower network with a convex_abs loss")
    mats = theta[0]
    if inst["m"] != 1 or len(mats) < 2 or len(mats[-1][0]) != 1 or mats[-1][0][0] != 0:
        raise _err("subgradient_split needs m = 1, d_(k-1) = 1 and a zero top layer")
    H = _poly_hessian(inst, [[Fraction(0)] * inst["n"]])
    if not b.semidefinite(H):
        raise _err("the polynomial part of f is not convex (Hessian not PSD)")
    b0 = product(inst, [mats[:-1]]) if len(mats) > 1 else None
    q0 = _poly_grad(f["terms"], [[Fraction(0)] * inst["n"]], 1, inst["n"])
    for name, want in (("plus", 1), ("minus", -1)):
        svals = [b._q(x) for x in ev[name]]
        if len(svals) != len(f["abs"]):
            raise _err(f"{name}: one s_r per abs term needed")
        g = [row[:] for row in q0]
        for sr, (alpha, C, c) in zip(svals, f["abs"]):
            if not -1 <= sr <= 1 or (c != 0 and sr != (1 if c > 0 else -1)):
                raise _err(f"{name}: s = {sr} is not a subgradient of |⟨C, P⟩ + c| at P = 0")
            g = [[gx + alpha * sr * cx for gx, cx in zip(gr, cr)] for gr, cr in zip(g, C)]
        ip = _inner(g, b0)
        if (ip <= 0) if want > 0 else (ip >= 0):
            raise _err(f"{name}: ⟨g, b₀⟩ = {ip} has the wrong sign")
    return value(inst, [[Fraction(0)] * inst["n"]])


def _poly_hessian(inst, P):
    """Hessian of the polynomial f at P in the row-major order of P's entries (by exact polarization)."""
    m, n = inst["m"], inst["n"]
    terms = inst["f"]["terms"]
    idx = [(i, j) for i in range(m) for j in range(n)]
    H = [[Fraction(0)] * len(idx) for _ in idx]
    for a, (i, j) in enumerate(idx):
        for c, mono in terms:
            expo = {}
            for i2, j2, e in mono:
                expo[(i2, j2)] = expo.get((i2, j2), 0) + e
            if (i, j) not in expo:
                continue
            for bb, (k, l) in enumerate(idx):
                if (k, l) not in expo:
                    continue
                ex = dict(expo)
                coef = c * ex[(i, j)]
                ex[(i, j)] -= 1
                if ex[(k, l)] == 0:
                    continue
                coef *= ex[(k, l)]
                ex[(k, l)] -= 1
                v = coef
                for (r, s), e in ex.items():
                    v *= P[r][s] ** e
                H[a][bb] += v
    return H


def check(cert):
    """Raise :class:`exactland.kernel.Invalid` unless the ``"depth"`` certificate proves its claim."""
    claim = cert.get("claim")
    if claim == "not_local_min":
        inst = _instance(cert["instance"])
        _check_not_local_min(inst, _point(inst, cert["point"], "point"), cert)
    elif claim == "spurious_local_min":
        _check_spurious(cert["instance"], cert)
    else:
        raise _err(f"unknown claim {claim!r} for the depth kernel")
