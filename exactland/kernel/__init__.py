"""The trusted kernel: re-checks a certificate from the instance alone, with plain exact arithmetic.

Trust is placed here and nowhere else (the de Bruijn criterion).  This module imports only the
standard library — nothing from exactland's landscape, solvers, classifier or theorem modules —
and re-derives every fact from the instance and point embedded in the certificate, using one
primitive: the exact polynomial ``L(θ + t v₁ + t² v₂ + …)`` in t (:func:`loss_poly`).  Gradient
components, Hessian entries and curve expansions are all read off such polynomials.

A certificate is a JSON object::

    {"exactland_certificate": 1, "claim": <class>, "instance": {...}, "point": {"W": [...]},
     "loss": "p/q" (optional, checked), "evidence": [{"type": ..., ...}, ...]}

Evidence types and what the kernel checks:

=====================  ==========================================================================
gradient_zero          every component of ∇L(θ) is 0
gradient_nonzero       component ``index`` of ∇L(θ) is non-zero
negative_curvature     vᵀ∇²L(θ)v < 0 for the rational vector ``v``
positive_curvature     vᵀ∇²L(θ)v > 0
hessian_pd / _nd       the Hessian is positive / negative definite (symmetric elimination)
hessian_psd            the Hessian is positive semidefinite (no negative eigenvalue)
descent_curve          L(θ + t v₁ + … + tʳ v_r) − L(θ) = c tᵏ + O(tᵏ⁺¹) with the stated k, c and c < 0
ascent_curve           the same with c > 0
global_min_value       L(θ) ≤ s(‖Y‖² − top_r(Σ)), the global optimum (see :func:`_check_global_min`)
=====================  ==========================================================================

and which evidence entails which claim (:data:`ENTAILS`).  A curve with ``c < 0`` shows that
θ is not a local minimum; ``c > 0`` that it is not a local maximum.  A critical point with
positive definite Hessian is a strict local minimum.
"""

from __future__ import annotations

import json
from fractions import Fraction

FORMAT = 1


class Invalid(Exception):
    """The certificate does not prove what it claims."""


# --- reading (paranoid: exact numbers only, shapes checked) -------------------------------------

def _q(x) -> Fraction:
    if isinstance(x, bool) or isinstance(x, float):
        raise Invalid(f"non-exact number {x!r}")
    if isinstance(x, int):
        return Fraction(x)
    if isinstance(x, str):
        try:
            return Fraction(x)
        except (ValueError, ZeroDivisionError):
            raise Invalid(f"not an exact number: {x!r}") from None
    raise Invalid(f"not an exact number: {x!r}")


def _int(x, name):
    if isinstance(x, bool) or not isinstance(x, int):
        raise Invalid(f"{name} must be an integer, got {x!r}")
    return x


def _mat(rows, shape, name):
    if not isinstance(rows, list) or len(rows) != shape[0] or any(
            not isinstance(r, list) or len(r) != shape[1] for r in rows):
        raise Invalid(f"{name} does not have shape {shape}")
    return [[_q(x) for x in r] for r in rows]


def _instance(obj):
    model = obj["model"]
    if model.get("kind") != "deep_linear":
        raise Invalid(f"unsupported model {model.get('kind')!r}")
    widths = [_int(d, "width") for d in model["widths"]]
    if len(widths) < 2 or min(widths) < 1:
        raise Invalid("widths must be at least two positive integers")
    m = len(obj["data"]["X"][0])
    X = _mat(obj["data"]["X"], (widths[0], m), "data.X")
    Y = _mat(obj["data"]["Y"], (widths[-1], m), "data.Y")
    loss = obj.get("loss") or {}
    if loss.get("kind", "squared") != "squared":
        raise Invalid("unsupported loss")
    # A field this checker does not read (e.g. loss weights) would let the certificate mean one
    # thing here and another to the loader: refuse it.
    for part, allowed in ((model, {"kind", "widths"}), (loss, {"kind", "scale"}),
                          (obj.get("regularization") or {}, {"kind", "weights"})):
        if set(part) - allowed:
            raise Invalid(f"fields this checker does not read: {sorted(set(part) - allowed)}")
    scale = _q(loss.get("scale", "1/2"))
    if scale <= 0:  # the loader refuses it too; the Ky Fan global-min bound needs scale > 0
        raise Invalid("loss scale must be positive")
    shapes = [(widths[k], widths[k - 1]) for k in range(1, len(widths))]
    reg = obj.get("regularization")
    if reg is not None:
        if reg.get("kind") != "tikhonov":
            raise Invalid("unsupported regularization")
        reg = [_mat(w, s, f"weights[{k}]") for k, (w, s) in enumerate(zip(reg["weights"], shapes))]
    return {"widths": widths, "shapes": shapes, "X": X, "Y": Y, "scale": scale, "reg": reg}


def _flat_to_mats(inst, v, name, parsed=False):
    n = sum(r * c for r, c in inst["shapes"])
    if not isinstance(v, list) or len(v) != n:
        raise Invalid(f"{name} must be a list of {n} numbers")
    v = v if parsed else [_q(x) for x in v]
    out, k = [], 0
    for r, c in inst["shapes"]:
        out.append([v[k + i * c:k + (i + 1) * c] for i in range(r)])
        k += r * c
    return out


# --- the one primitive: the loss along a polynomial curve ----------------------------------------

def _pmul(p, q, upto=None):
    n = len(p) + len(q) - 1 if upto is None else min(len(p) + len(q) - 1, upto + 1)
    out = [Fraction(0)] * n
    for i, a in enumerate(p[:n]):
        if a:
            for j, b in enumerate(q[:n - i]):
                if b:
                    out[i + j] += a * b
    return out


def _padd(p, q):
    if len(p) < len(q):
        p, q = q, p
    return [a + q[i] if i < len(q) else a for i, a in enumerate(p)]


def loss_poly(inst, W, curve, upto=None):
    """Coefficients (lowest first) of L(W + t V₁ + t² V₂ + …), each V_i a list of matrices;
    with ``upto``, only the coefficients of degree ≤ upto (the rest are never needed then)."""
    out = [[[x] for x in row] for row in inst["X"]]
    total = [Fraction(0)]
    for k, Wk in enumerate(W):
        P = [[_trim([Wk[i][j]] + [V[k][i][j] for V in curve]) for j in range(len(Wk[0]))] for i in range(len(Wk))]
        out = [[_sum_polys(_pmul(P[i][l], out[l][j], upto) for l in range(len(out)))
                for j in range(len(out[0]))] for i in range(len(P))]
        if inst["reg"]:
            for i, row in enumerate(P):
                for j, p in enumerate(row):
                    total = _padd(total, [inst["reg"][k][i][j] * c for c in _pmul(p, p, upto)])
    for i, row in enumerate(out):
        for j, p in enumerate(row):
            r = _padd(p, [-inst["Y"][i][j]])
            total = _padd(total, [inst["scale"] * c for c in _pmul(r, r, upto)])
    return total


def _trim(p):
    while len(p) > 1 and p[-1] == 0:
        p = p[:-1]
    return p


def _sum_polys(polys):
    acc = [Fraction(0)]
    for p in polys:
        if len(p) > len(acc):
            acc.extend([Fraction(0)] * (len(p) - len(acc)))
        for i, c in enumerate(p):
            if c:
                acc[i] += c
    return acc


def _coef(p, k):
    return p[k] if k < len(p) else Fraction(0)


def _basis(inst, i, j=None):
    n = sum(r * c for r, c in inst["shapes"])
    v = [Fraction(0)] * n
    v[i] += 1
    if j is not None:
        v[j] += 1
    return _flat_to_mats(inst, v, "basis", parsed=True)


def gradient(inst, W):
    n = sum(r * c for r, c in inst["shapes"])
    return [_coef(loss_poly(inst, W, [_basis(inst, i)], upto=1), 1) for i in range(n)]


def hessian(inst, W):
    """Entries by polarization of the quadratic coefficient: vᵀHv = 2·[t²] L(θ + t v)."""
    n = sum(r * c for r, c in inst["shapes"])
    q = [2 * _coef(loss_poly(inst, W, [_basis(inst, i)], upto=2), 2) for i in range(n)]
    Hm = [[Fraction(0)] * n for _ in range(n)]
    for i in range(n):
        Hm[i][i] = q[i]
        for j in range(i):
            qij = 2 * _coef(loss_poly(inst, W, [_basis(inst, i, j)], upto=2), 2)
            Hm[i][j] = Hm[j][i] = (qij - q[i] - q[j]) / 2
    return Hm


def semidefinite(A, strict=False):
    """Exact test that symmetric A is PSD (``strict``: PD) by symmetric Gaussian elimination:
    a negative pivot refutes it; a zero pivot needs a zero row (else A is indefinite)."""
    A = [row[:] for row in A]
    n = len(A)
    for k in range(n):
        piv = A[k][k]
        if piv < 0 or (strict and piv == 0):
            return False
        if piv == 0:
            if any(A[k][j] != 0 for j in range(k + 1, n)):
                return False
            continue
        for i in range(k + 1, n):
            f = A[i][k] / piv
            if f:
                for j in range(k + 1, n):
                    A[i][j] -= f * A[k][j]
    return True


# --- linear algebra for the global optimum ---------------------------------------------------------

def _mm(A, B):
    return [[sum((a * b for a, b in zip(row, col)), Fraction(0)) for col in zip(*B)] for row in A]


def _tr(A):
    return [list(c) for c in zip(*A)]


def _inv(A):
    n = len(A)
    M = [row[:] + [Fraction(int(i == j)) for j in range(n)] for i, row in enumerate(A)]
    for c in range(n):
        p = next((r for r in range(c, n) if M[r][c] != 0), None)
        if p is None:
            raise Invalid("singular matrix")
        M[c], M[p] = M[p], M[c]
        M[c] = [x / M[c][c] for x in M[c]]
        for r in range(n):
            if r != c and M[r][c] != 0:
                f = M[r][c]
                M[r] = [x - f * y for x, y in zip(M[r], M[c])]
    return [row[n:] for row in M]


def _independent_rows(A):
    rows, basis = [], []
    for row in A:
        v = row[:]
        for b, piv in basis:
            if v[piv]:
                f = v[piv] / b[piv]
                v = [x - f * y for x, y in zip(v, b)]
        nz = next((j for j, x in enumerate(v) if x != 0), None)
        if nz is not None:
            basis.append((v, nz))
            rows.append(row)
    return rows


def sigma(inst):
    """Σ = Y P_X Yᵀ with P_X the projector onto the row space of X (= YXᵀ(XXᵀ)⁻¹XYᵀ when XXᵀ is invertible)."""
    R = _independent_rows(inst["X"])
    if not R:
        return [[Fraction(0)] * len(inst["Y"]) for _ in inst["Y"]]
    YRt = _mm(inst["Y"], _tr(R))
    return _mm(_mm(YRt, _inv(_mm(R, _tr(R)))), _tr(YRt))


def _check_global_min(inst, W, ev):
    """Global optimum of s‖W̄X − Y‖² over all W: s(‖Y‖² − top_r(Σ)), r = min(widths) (the rank cap of
    W̄X; Eckart–Young on Y P_X).  Ky Fan's dual bound top_r(Σ) ≤ r·t + tr Z for any Z ⪰ 0 with
    Z ⪰ Σ − tI turns the evidence (t, Z) into L(θ) ≤ optimum, hence L(θ) = optimum."""
    if inst["reg"]:
        raise Invalid("global_min_value covers unregularized squared loss only")
    r = min(inst["widths"])
    S = sigma(inst)
    d = len(S)
    t = _q(ev["t"])
    Z = _mat(ev["Z"], (d, d), "Z")
    if any(Z[i][j] != Z[j][i] for i in range(d) for j in range(d)):
        raise Invalid("Z is not symmetric")
    if not semidefinite(Z):
        raise Invalid("Z is not positive semidefinite")
    if not semidefinite([[Z[i][j] - S[i][j] + (t if i == j else 0) for j in range(d)] for i in range(d)]):
        raise Invalid("Z − (Σ − tI) is not positive semidefinite")
    bound = r * t + sum(Z[i][i] for i in range(d))
    explained = sum(y * y for row in inst["Y"] for y in row) - loss_poly(inst, W, [])[0] / inst["scale"]
    if bound > explained:
        raise Invalid("Ky Fan bound r·t + tr Z exceeds ‖Y‖² − L(θ)/s: loss not shown optimal")


# --- evidence and claims ------------------------------------------------------------------------------

def _check(inst, W, ev):
    kind = ev.get("type")
    if kind == "gradient_zero":
        g = gradient(inst, W)
        bad = next((i for i, x in enumerate(g) if x != 0), None)
        if bad is not None:
            raise Invalid(f"gradient component {bad} is {g[bad]}, not 0")
    elif kind == "gradient_nonzero":
        i = _int(ev["index"], "index")
        if not 0 <= i < sum(r * c for r, c in inst["shapes"]) or gradient(inst, W)[i] == 0:
            raise Invalid(f"gradient component {i} is 0 (or out of range)")
    elif kind in ("negative_curvature", "positive_curvature"):
        q = _coef(loss_poly(inst, W, [_flat_to_mats(inst, ev["v"], "v")], upto=2), 2)
        if (q >= 0) if kind == "negative_curvature" else (q <= 0):
            raise Invalid(f"{kind}: vᵀHv = {2 * q} has the wrong sign")
    elif kind in ("hessian_pd", "hessian_nd", "hessian_psd"):
        Hm = hessian(inst, W)
        if kind == "hessian_nd":
            Hm = [[-x for x in row] for row in Hm]
        if not semidefinite(Hm, strict=kind != "hessian_psd"):
            raise Invalid(f"{kind}: the Hessian is not {kind[8:]}")
    elif kind in ("descent_curve", "ascent_curve"):
        curve = ev["curve"]
        if not isinstance(curve, list) or not curve:
            raise Invalid("curve must be a non-empty list of direction vectors")
        p = loss_poly(inst, W, [_flat_to_mats(inst, v, "curve") for v in curve])
        k, c = _int(ev["order"], "order"), _q(ev["coefficient"])
        if k < 1 or any(_coef(p, j) != 0 for j in range(1, k)) or _coef(p, k) != c:
            raise Invalid(f"{kind}: L(θ(t)) − L(θ) does not start with {c}·t^{k}")
        if (c >= 0) if kind == "descent_curve" else (c <= 0):
            raise Invalid(f"{kind}: leading coefficient {c} has the wrong sign")
    elif kind == "global_min_value":
        _check_global_min(inst, W, ev)
    else:
        raise Invalid(f"unknown evidence type {kind!r}")


DESCENT = ("descent_curve", "negative_curvature")
ASCENT = ("ascent_curve", "positive_curvature")

# claim -> evidence needed: each entry is a tuple of alternatives, one of which must be present.
ENTAILS = {
    "critical_point": [("gradient_zero",)],
    "not_critical": [("gradient_nonzero",)],
    "strict_saddle": [("gradient_zero",), ("negative_curvature",), ASCENT],
    "non_strict_saddle": [("gradient_zero",), ("hessian_psd",), DESCENT, ASCENT],
    "saddle": [("gradient_zero",), DESCENT, ASCENT],
    "local_min": [("gradient_zero",), ("hessian_pd",)],
    "local_max": [("gradient_zero",), ("hessian_nd",)],
    "global_min": [("global_min_value",)],
    "not_local_min": [DESCENT],
    "not_local_max": [ASCENT],
    "not_extremum": [DESCENT, ASCENT],
}


# Certificates of other kinds (``"kernel": name`` in the certificate) are checked by sibling modules
# of this package, each standard-library only, each exposing ``check(cert)`` that raises Invalid.
# The default (no "kernel" key) is the polynomial checker of this module.
CHECKERS = {
    "algebraic": "algebraic",        # real algebraic critical points (issue: exact enumeration)
    "interval": "interval",          # Krawczyk boxes and interval inertia (numerical core)
    "piecewise": "piecewise",        # ReLU / leaky networks on activation regions
    "augmented": "augmented",        # exponential-neuron augmented objectives
    "depth": "depth",                # value-preserving curves for general convex losses
    "khk2019b": "khk2019b",          # KHK 2019b: ReLU-region minima, saddles, Proposition 2(ii)
    "piecewise_extra": "piecewise_extra",  # spurious minima of deeper ReLU nets (path features)
}


def check(cert) -> None:
    """Raise :class:`Invalid` unless ``cert`` proves its claim."""
    if not isinstance(cert, dict) or cert.get("exactland_certificate") != FORMAT:
        raise Invalid("not an exactland certificate (format 1)")
    other = cert.get("kernel")
    if other is not None:
        if other not in CHECKERS:
            raise Invalid(f"unknown certificate kernel {other!r}")
        import importlib
        try:
            importlib.import_module(f"{__name__}.{CHECKERS[other]}").check(cert)
        except (KeyError, TypeError, ValueError, IndexError, AttributeError, ZeroDivisionError,
                RecursionError) as err:
            raise Invalid(f"malformed certificate: {type(err).__name__}: {err}") from None
        return
    claim = cert.get("claim")
    if claim not in ENTAILS:
        raise Invalid(f"unknown claim {claim!r}")
    try:
        inst = _instance(cert["instance"])
        if len(cert["point"]["W"]) != len(inst["shapes"]):
            raise Invalid("point has the wrong number of weight matrices")
        W = [_mat(w, s, f"W_{k + 1}") for k, (w, s) in enumerate(zip(cert["point"]["W"], inst["shapes"]))]
        if "loss" in cert and loss_poly(inst, W, [])[0] != _q(cert["loss"]):
            raise Invalid(f"stated loss {cert['loss']} is not L(θ) = {loss_poly(inst, W, [])[0]}")
        evidence = cert.get("evidence") or []
        present = {ev.get("type") for ev in evidence}
        for alternatives in ENTAILS[claim]:
            if not present & set(alternatives):
                raise Invalid(f"claim {claim} needs evidence of type {' or '.join(alternatives)}")
        for ev in evidence:
            _check(inst, W, ev)
    except (KeyError, TypeError, ValueError, IndexError, AttributeError) as err:
        raise Invalid(f"malformed certificate: {type(err).__name__}: {err}") from None


def verify(cert) -> tuple[bool, str]:
    """``(True, "valid")`` or ``(False, reason)``; ``cert`` is a dict, JSON text or a path."""
    try:
        if isinstance(cert, str):
            cert = json.loads(cert) if cert.lstrip().startswith("{") else json.load(open(cert))
        check(cert)
    except Invalid as err:
        return False, str(err)
    except (OSError, json.JSONDecodeError) as err:
        return False, f"cannot read certificate: {err}"
    return True, "valid"
