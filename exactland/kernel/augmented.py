"""Trusted checker ``"augmented"``: the objective with one exponential neuron per output.

Kawaguchi & Kaelbling (2020), "Elimination of all bad local minima in deep learning":
``L̃(θ, a, b, W) = c_m Σ_i ℓ(f(x_i; θ) + g(x_i), y_i) + λ‖a‖²`` with ``g_k(x) = a_k exp(w_kᵀx + b_k)``,
``c_m = 1/m`` ("mean") or ``1`` ("sum"), ``λ > 0``.  Standard library only.

Numbers.  Everything the checks need lives in the ring ``Q[e^Q]`` of finite sums ``Σ c_j e^{q_j}``
with rational ``c_j, q_j`` (:class:`ExpSum`).  Equality is decided exactly: by the
Lindemann–Weierstrass theorem the numbers ``e^{q}`` for distinct algebraic ``q`` are linearly
independent over the algebraic numbers, so a sum with distinct exponents is zero iff every
coefficient is zero.  A non-zero sum has its sign decided by rigorous enclosures of ``e^q``
(Taylor series with a rational remainder bound, exact ``Fraction`` arithmetic, outward dyadic
rounding), refined until the enclosure excludes 0 — which happens because the sum is non-zero.

Instance (``cert["instance"]``): ``X`` (d_x × m), ``Y`` (d_y × m), ``loss`` (``squared``
‖q − y‖², ``cross_entropy`` −Σ_k y_k log softmax(q)_k, ``smoothed_hinge`` Σ_k max(0, 1 − y_k q_k)^p
with integer p ≥ 2), ``lambda`` > 0, ``normalization`` and ``outputs`` F = f(X; θ) (d_y × m;
entries exact rationals or ``{"exp": [[c, q], …]}``).  With ``base`` (``deep_linear`` or
``relu`` weights) the kernel recomputes F and requires equality; otherwise the certificate speaks
about every model whose outputs at θ are F.  Columns with equal inputs must have equal outputs.
All three losses are convex with locally Lipschitz gradient, so
``ℓ(F + Δ) = ℓ(F) + ∇ℓ(F)ᵀΔ + O(‖Δ‖²)`` and ``ℓ(F + Δ) ≥ ℓ(F) + ∇ℓ(F)ᵀΔ``.

Claims and what is checked (pooled gradient: ``R_jk = Σ_{i: x_i = x̄_j} ∂_k ℓ_{y_i}(F_i)``):

``global_min_at_a_zero`` (evidence ``pooled_gradient_zero``): every ``R_jk`` is exactly 0.  Then for
    every (θ', a', b', W'), by convexity per distinct input, ``L̃(θ', a', b', W') ≥ c_m Σ_i ℓ(F_i)
    = L̃(θ, 0, b, W)``: *every* point with a = 0 (any b, W) is a global, hence local, minimum.
``no_local_min_given_theta`` (evidence ``pooled_gradient_nonzero`` {input i, output k} and
    ``separating_direction`` {u}): ``R_jk ≠ 0`` for the group j of column i, and the numbers
    ``uᵀx̄_j`` are pairwise distinct.  Proof for every (a, b, W): if a_k ≠ 0 then
    ``a_k ∂L̃/∂a_k − ∂L̃/∂b_k = 2λa_k² ≠ 0`` (because ``a_k ∂g_k/∂a_k = ∂g_k/∂b_k``), so the point is
    not critical.  If a = 0, let ``z_n = Σ_i ∂_kℓ_i e^{w_kᵀx_i + b_k}(uᵀx_i)^n``; the vector
    ``(z_0, …, z_{m'−1})`` is a Vandermonde matrix in the distinct ``uᵀx̄_j`` applied to
    ``(R_jk e^{w_kᵀx̄_j+b_k})_j ≠ 0``, so some ``z_n ≠ 0``; for the least such n the curve
    ``a_k(t) = −sgn(z_n) t^{n+1}``, ``w_k(t) = w_k + t u`` gives
    ``L̃(t) − L̃(0) = −c_m |z_n| t^{2n+1}/n! + O(t^{2n+2})``.  No (a, b, W) is a local minimum of L̃|_θ.
``not_local_min`` (evidence ``descent_curve`` {v, U, alpha, order, coefficient_sign: -1}) at the point
    ``{"a": 0…, "b", "W"}``: along ``a(t) = t^α v``, ``W(t) = W + tU`` the coefficient of t^{α+j}
    (j < α) is ``c_m Σ_{i,k} v_k ∂_kℓ_i e^{s_ik}(u_kᵀx_i)^j / j!``; those below ``order`` are exactly
    0, the one at ``order`` (< 2α, so the O(‖g‖²) and λ‖a‖² terms cannot reach it) is negative.
"""

from __future__ import annotations

import sys
from fractions import Fraction
from math import factorial


def _invalid(msg):
    # the package's Invalid without an import statement (kernel files import only the standard library);
    # loaded standalone, outside the package, a ValueError carries the message instead
    cls = getattr(sys.modules.get(__name__.rpartition(".")[0]), "Invalid", ValueError)
    return cls(msg)


def _q(x) -> Fraction:
    if isinstance(x, bool) or not isinstance(x, (int, str)):
        raise _invalid(f"not an exact number: {x!r}")
    try:
        return Fraction(x)
    except (ValueError, ZeroDivisionError):
        raise _invalid(f"not an exact number: {x!r}") from None


# --- the ring Q[e^Q] -------------------------------------------------------------------------------

class ExpSum:
    """Σ c·e^q with rational c, q, kept as {q: c} without zero coefficients.

    >>> (ExpSum.exp(Fraction(1)) - ExpSum.exp(Fraction(1))).is_zero()
    True
    >>> (ExpSum.exp(Fraction(1)) - ExpSum.const(Fraction(271, 100))).sign()
    1
    """

    __slots__ = ("terms",)

    def __init__(self, terms=None):
        self.terms = {q: c for q, c in (terms or {}).items() if c != 0}

    @classmethod
    def const(cls, c):
        """The rational c."""
        return cls({Fraction(0): Fraction(c)})

    @classmethod
    def exp(cls, q, c=1):
        """c·e^q."""
        return cls({Fraction(q): Fraction(c)})

    @classmethod
    def read(cls, x):
        """From kernel JSON: an exact number or {"exp": [[c, q], …]}."""
        if isinstance(x, dict):
            out = cls()
            for pair in x["exp"]:
                c, q = pair
                out = out + cls.exp(_q(q), _q(c))
            return out
        return cls.const(_q(x))

    def __add__(self, other):
        out = dict(self.terms)
        for q, c in other.terms.items():
            out[q] = out.get(q, Fraction(0)) + c
        return ExpSum(out)

    def __neg__(self):
        return ExpSum({q: -c for q, c in self.terms.items()})

    def __sub__(self, other):
        return self + (-other)

    def __mul__(self, other):
        if not isinstance(other, ExpSum):
            return ExpSum({q: c * other for q, c in self.terms.items()})
        out = {}
        for q1, c1 in self.terms.items():
            for q2, c2 in other.terms.items():
                out[q1 + q2] = out.get(q1 + q2, Fraction(0)) + c1 * c2
        return ExpSum(out)

    def is_zero(self) -> bool:
        """Exact (Lindemann–Weierstrass): distinct rational exponents, so zero iff no term."""
        return not self.terms

    def rational(self):
        """The value if it is rational (no non-zero exponent), else None."""
        if all(q == 0 for q in self.terms):
            return self.terms.get(Fraction(0), Fraction(0))
        return None

    def enclosure(self, bits):
        """Rational (lo, hi) around the value, from enclosures of each e^q at ``bits``."""
        lo = hi = Fraction(0)
        for q, c in self.terms.items():
            elo, ehi = exp_enclosure(q, bits)
            lo += c * (elo if c > 0 else ehi)
            hi += c * (ehi if c > 0 else elo)
        return lo, hi

    def sign(self, max_bits=1 << 14) -> int:
        """−1, 0 or 1, exactly: 0 by the zero test, otherwise from an enclosure excluding 0."""
        if self.is_zero():
            return 0
        r = self.rational()
        if r is not None:
            return (r > 0) - (r < 0)
        bits = 40
        while bits <= max_bits:
            lo, hi = self.enclosure(bits)
            if lo > 0:
                return 1
            if hi < 0:
                return -1
            bits *= 2
        raise _invalid("sign of a non-zero exponential sum not decided within the precision cap")


MAX_EXPONENT = 4096  # keeps every enclosure within the precision cap of ExpSum.sign


def _down(x, bits):
    return Fraction((x.numerator << bits) // x.denominator, 1 << bits)


def _up(x, bits):
    return Fraction(-((-x.numerator << bits) // x.denominator), 1 << bits)


def exp_enclosure(q, bits=60):
    """Rational (lo, hi) with lo ≤ e^q ≤ hi, width about 2^(−bits)·e^q·(small factor).

    For 0 ≤ r ≤ 1/2, ``S_N(r) ≤ e^r ≤ S_N(r) + 2 r^{N+1}/(N+1)!``; ``e^q = (e^{q/n})^n``; negative q by
    reciprocals.

    >>> lo, hi = exp_enclosure(Fraction(1), 50)
    >>> Fraction(2718281828459045, 10**15) < lo < hi < Fraction(2718281828459046, 10**15)
    True
    """
    q = Fraction(q)
    if q == 0:
        return Fraction(1), Fraction(1)
    if abs(q) > MAX_EXPONENT:
        raise _invalid(f"exponent {q} exceeds the kernel's bound {MAX_EXPONENT}")
    if q < 0:
        lo, hi = exp_enclosure(-q, bits)
        scale = bits + 8 + max(0, hi.numerator.bit_length() - hi.denominator.bit_length())  # relative width
        return _down(1 / hi, scale), _up(1 / lo, scale)
    n = 1
    while q / n > Fraction(1, 2):
        n *= 2
    r = q / n
    work = bits + 2 * n.bit_length() + 16
    term, s, j = Fraction(1), Fraction(1), 0
    while True:
        j += 1
        term = term * r / j
        s += term
        tail = 2 * term * r / (j + 1)
        if tail < Fraction(1, 1 << work):
            break
    lo, hi = _down(s, work), _up(s + tail, work)
    plo, phi = Fraction(1), Fraction(1)
    base_lo, base_hi, k = lo, hi, n
    while k:  # n is a power of two: repeated squaring with outward rounding
        if k & 1:
            plo, phi = _down(plo * base_lo, work), _up(phi * base_hi, work)
        k >>= 1
        if k:
            base_lo, base_hi = _down(base_lo * base_lo, work), _up(base_hi * base_hi, work)
    return plo, phi


# --- the instance ----------------------------------------------------------------------------------

def _mat(rows, shape, name, reader=_q):
    if not isinstance(rows, list) or len(rows) != shape[0] or any(
            not isinstance(r, list) or len(r) != shape[1] for r in rows):
        raise _invalid(f"{name} does not have shape {shape}")
    return [[reader(x) for x in r] for r in rows]


def _base_outputs(base, X):
    """F = f(X; θ) for a deep linear product or a leaky-ReLU network (rational)."""
    Ws = base["W"]
    if not isinstance(Ws, list) or not Ws:
        raise _invalid("base.W must be a non-empty list of matrices")
    out = X
    slope = _q(base.get("slope", 0)) if base["kind"] == "relu" else None
    if base["kind"] not in ("deep_linear", "relu"):
        raise _invalid(f"unsupported base model {base['kind']!r}")
    for k, Wk in enumerate(Ws):
        if not isinstance(Wk, list) or not Wk or not isinstance(Wk[0], list):
            raise _invalid("weight matrices must be lists of rows")
        Wk = _mat(Wk, (len(Wk), len(out)), f"base.W[{k}]")
        out = [[sum((w * out[l][j] for l, w in enumerate(row)), Fraction(0)) for j in range(len(out[0]))]
               for row in Wk]
        if slope is not None and k < len(Ws) - 1:
            out = [[x if x >= 0 else slope * x for x in row] for row in out]
    return out


def _instance(obj):
    X = obj["X"]
    if not isinstance(X, list) or not X or not isinstance(X[0], list) or not X[0]:
        raise _invalid("X must be a non-empty d_x × m matrix")
    m = len(X[0])
    X = _mat(X, (len(X), m), "X")
    Y = obj["Y"]
    if not isinstance(Y, list) or not Y:
        raise _invalid("Y must be a non-empty d_y × m matrix")
    Y = _mat(Y, (len(Y), m), "Y")
    dy = len(Y)
    F = _mat(obj["outputs"], (dy, m), "outputs", ExpSum.read)
    if obj.get("base") is not None:
        G = _base_outputs(obj["base"], X)
        if len(G) != dy or any(not (F[k][i] - ExpSum.const(G[k][i])).is_zero() for k in range(dy) for i in range(m)):
            raise _invalid("stated outputs differ from the base model's outputs f(X; θ)")
    loss = obj["loss"]
    kind = loss["kind"]
    p = None
    if kind == "smoothed_hinge":
        p = loss.get("p", 2)
        if isinstance(p, bool) or not isinstance(p, int) or p < 2:
            raise _invalid("smoothed hinge needs an integer p ≥ 2")
    elif kind == "cross_entropy":
        if any(F[k][i].rational() is None for k in range(dy) for i in range(m)):
            raise _invalid("cross-entropy certificates need rational outputs")
        if any(y < 0 for row in Y for y in row):
            raise _invalid("cross-entropy labels must be non-negative (else ℓ need not be convex)")
    elif kind != "squared":
        raise _invalid(f"unsupported loss {kind!r}")
    lam = _q(obj["lambda"])
    if lam <= 0:
        raise _invalid("λ must be positive (the identity a_k∂L̃/∂a_k − ∂L̃/∂b_k = 2λa_k² needs λ ≠ 0)")
    norm = obj.get("normalization", "mean")
    if norm not in ("mean", "sum"):
        raise _invalid("normalization is 'mean' or 'sum'")
    cols = [tuple(X[r][i] for r in range(len(X))) for i in range(m)]
    groups = {}
    for i, c in enumerate(cols):
        groups.setdefault(c, []).append(i)
    for idx in groups.values():
        if any(not (F[k][i] - F[k][idx[0]]).is_zero() for i in idx for k in range(dy)):
            raise _invalid("equal inputs with different outputs: no model f(x; θ) has these outputs")
    return {"X": X, "Y": Y, "F": F, "m": m, "dx": len(X), "dy": dy, "loss": kind, "p": p,
            "cm": Fraction(1, m) if norm == "mean" else Fraction(1), "cols": cols, "groups": list(groups.values())}


def gradient(inst, i):
    """(N, D): ∇ℓ_{y_i}(F_i) = N / D with N a list of ExpSum and D a positive ExpSum."""
    F = [inst["F"][k][i] for k in range(inst["dy"])]
    y = [inst["Y"][k][i] for k in range(inst["dy"])]
    one = ExpSum.const(1)
    if inst["loss"] == "squared":
        return [(Fk - ExpSum.const(yk)) * 2 for Fk, yk in zip(F, y)], one
    if inst["loss"] == "smoothed_hinge":
        out = []
        for Fk, yk in zip(F, y):
            z = ExpSum.const(1) - Fk * yk
            if z.sign() > 0:
                zp = one
                for _ in range(inst["p"] - 1):
                    zp = zp * z
                out.append(zp * (-inst["p"] * yk))
            else:
                out.append(ExpSum())
        return out, one
    E = [ExpSum.exp(Fk.rational()) for Fk in F]  # cross-entropy: softmax(F)·Σy − y
    D = ExpSum()
    for e in E:
        D = D + e
    sy = sum(y, Fraction(0))
    return [e * sy - D * yk for e, yk in zip(E, y)], D


def pooled(inst):
    """R[j][k]: numerators of the pooled gradient per distinct input (equal outputs share D)."""
    out = []
    for idx in inst["groups"]:
        row = [ExpSum() for _ in range(inst["dy"])]
        for i in idx:
            N, _ = gradient(inst, i)
            row = [r + n for r, n in zip(row, N)]
        out.append(row)
    return out


def _descent(inst, pt, ev):
    a = [_q(x) for x in pt["a"]]
    if len(a) != inst["dy"] or any(a):
        raise _invalid("descent_curve certificates are stated at points with a = 0")
    b = [_q(x) for x in pt["b"]]
    if len(b) != inst["dy"]:
        raise _invalid("b has the wrong length")
    W = _mat(pt["W"], (inst["dx"], inst["dy"]), "W")
    v = [_q(x) for x in ev["v"]]
    U = _mat(ev["U"], (inst["dx"], inst["dy"]), "U")
    alpha, order = ev["alpha"], ev["order"]
    for name, n in (("alpha", alpha), ("order", order)):
        if isinstance(n, bool) or not isinstance(n, int) or n < 1:
            raise _invalid(f"{name} must be a positive integer")
    if len(v) != inst["dy"] or not alpha <= order < 2 * alpha:
        raise _invalid("need len(v) = d_y and alpha ≤ order < 2·alpha")
    if ev.get("coefficient_sign") != -1:
        raise _invalid("a descent curve claims coefficient_sign -1")
    grads = [gradient(inst, i) for i in range(inst["m"])]
    dens = [D for _, D in grads]
    for j in range(order - alpha + 1):
        c = ExpSum()
        for i in range(inst["m"]):
            other = ExpSum.const(1)
            for l, D in enumerate(dens):
                if l != i:
                    other = other * D
            for k in range(inst["dy"]):
                if v[k]:
                    s = sum((W[r][k] * inst["X"][r][i] for r in range(inst["dx"])), b[k])
                    ux = sum((U[r][k] * inst["X"][r][i] for r in range(inst["dx"])), Fraction(0))
                    c = c + grads[i][0][k] * other * ExpSum.exp(s, v[k] * ux ** j / factorial(j))
        if j < order - alpha and not c.is_zero():
            raise _invalid(f"coefficient of t^{alpha + j} is not 0")
        if j == order - alpha and c.sign() >= 0:
            raise _invalid(f"coefficient of t^{order} is not negative")


def check(cert) -> None:
    """Raise :class:`exactland.kernel.Invalid` unless ``cert`` proves its claim (see module doc)."""
    if cert.get("kernel") != "augmented":
        raise _invalid("not an augmented certificate")
    inst = _instance(cert["instance"])
    claim = cert.get("claim")
    ev = {e.get("type"): e for e in cert.get("evidence") or []}
    if claim == "global_min_at_a_zero":
        if "pooled_gradient_zero" not in ev:
            raise _invalid("global_min_at_a_zero needs pooled_gradient_zero evidence")
        bad = [(j, k) for j, row in enumerate(pooled(inst)) for k, r in enumerate(row) if not r.is_zero()]
        if bad:
            raise _invalid(f"pooled gradient is not zero at (input group, output) {bad[0]}")
    elif claim == "no_local_min_given_theta":
        if "pooled_gradient_nonzero" not in ev or "separating_direction" not in ev:
            raise _invalid("needs pooled_gradient_nonzero and separating_direction evidence")
        e = ev["pooled_gradient_nonzero"]
        i, k = e["input"], e["output"]
        if not (isinstance(i, int) and isinstance(k, int) and 0 <= i < inst["m"] and 0 <= k < inst["dy"]):
            raise _invalid("input/output index out of range")
        j = next(n for n, idx in enumerate(inst["groups"]) if i in idx)
        if pooled(inst)[j][k].is_zero():
            raise _invalid(f"pooled gradient at input {i}, output {k} is 0")
        u = [_q(x) for x in ev["separating_direction"]["u"]]
        if len(u) != inst["dx"]:
            raise _invalid("u has the wrong length")
        taus = [sum((ui * xi for ui, xi in zip(u, inst["cols"][idx[0]])), Fraction(0)) for idx in inst["groups"]]
        if len(set(taus)) != len(taus):
            raise _invalid("uᵀx̄_j are not pairwise distinct")
    elif claim == "not_local_min":
        if "descent_curve" not in ev:
            raise _invalid("not_local_min needs descent_curve evidence")
        _descent(inst, cert["point"], ev["descent_curve"])
    else:
        raise _invalid(f"unknown claim {claim!r}")
