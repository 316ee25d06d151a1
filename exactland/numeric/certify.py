"""Interval certificates for numerically found critical points (untrusted producer).

:func:`certify_point` turns a floating-point critical point into a certificate of kind
``"interval"`` (see :mod:`exactland.kernel.interval`, the trusted checker): a dyadic box
``centre ± r`` that contains exactly one true critical point (Krawczyk test), the Hessian's inertia
on the whole box (Gershgorin discs around an approximate eigenbasis), hence the class
(``local_min`` / ``strict_saddle`` / ``local_max``), and an enclosure of the critical value.

The producer is free to be clever (Newton refinement with an mpmath residual, choice of radius,
eigenbasis as preconditioner); nothing it computes is trusted.  Degenerate points — a Hessian with
(numerically) zero eigenvalues, e.g. every point of the positive-dimensional critical families of
*unregularized* deep linear networks — cannot be certified by intervals and come back with
``certified=False`` and the reason; certify them on the regularized problem (what exactland does)
or with the exact engine.

>>> from exactland.numeric.core import random_deep_linear
>>> inst = random_deep_linear((2, 2, 2), m=4, seed=0, reg="4")
>>> res = certify_point(inst, [0.0] * inst.n_params)
>>> res.certified, res.cls
(True, 'local_min')
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np

from .core import DeepLinearNumeric, gradient_mp

BASIS_BITS = 60
MU_BITS = 60
CENTER_BITS = 100


@dataclass
class CertifyResult:
    """Outcome of :func:`certify_point`: a verified certificate, or the reason there is none."""

    certified: bool
    cls: str                      # certified class, or the numerical class when not certified
    certificate: dict | None = None
    reason: str = ""
    inertia: tuple | None = None
    loss_enclosure: tuple | None = None  # (lo, hi) Fractions, when certified
    notes: list = field(default_factory=list)


def _mantissas(values, bits):
    """``(mantissas, exponent)`` with values ≈ mantissa·2^exponent and |mantissa| < 2^(bits+1)."""
    vals = np.asarray(values, dtype=float)
    big = float(np.max(np.abs(vals))) if vals.size else 0.0
    e = (math.frexp(big)[1] if big > 0 else 0) - bits
    return np.rint(np.ldexp(vals, -e)).astype(np.int64).tolist(), e


def _refined_center(inst, theta, Hm):
    """θ − H⁻¹∇L(θ) with ∇L re-evaluated in mpmath (50 digits), as exact dyadic mantissas."""
    g = gradient_mp(inst, [Fraction(float(x)) for x in theta], dps=50)
    g_float = np.array([float(x) for x in g])
    delta = np.linalg.solve(Hm, g_float)
    exact = [Fraction(float(x)) - Fraction(float(d)) for x, d in zip(theta, delta)]
    big = max((abs(x) for x in exact), default=Fraction(0))
    top = (big.numerator.bit_length() - big.denominator.bit_length()) if big else 0
    e = top - CENTER_BITS
    mant = [round(x / Fraction(2) ** e) for x in exact]
    return mant, e, float(np.max(np.abs(delta))) if delta.size else 0.0


def _exact_loss(inst, theta) -> Fraction:
    """The loss at the rational point ``theta`` (flat), exactly: python-flint rational matrices (the
    same value as :meth:`exactland.landscape.Landscape.loss`, several times faster); Landscape when
    flint is missing."""
    try:
        import flint
    except ImportError:  # pragma: no cover - python-flint is a dependency
        from ..landscape import Landscape
        return Landscape(inst).loss(theta)
    q = lambda x: flint.fmpq(x.numerator, x.denominator)
    P = flint.fmpq_mat([[q(Fraction(x)) for x in row] for row in inst.X])
    reg = inst.regularization.weights if inst.regularization is not None else None
    total, k = flint.fmpq(0), 0
    for idx, (r, c) in enumerate(inst.model.shapes):
        vals = [q(Fraction(x)) for x in theta[k:k + r * c]]
        P = flint.fmpq_mat(r, c, vals) * P
        if reg is not None:
            lam = reg[idx]
            total += sum((q(Fraction(lam[i][j])) * vals[i * c + j] ** 2 for i in range(r) for j in range(c)
                          if lam[i][j]), flint.fmpq(0))
        k += r * c
    res = 0
    for i, row in enumerate(inst.Y):
        for j, y in enumerate(row):
            d = P[i, j] - q(Fraction(y))
            res += d * d
    total += q(Fraction(inst.loss.scale)) * res
    return Fraction(int(total.p), int(total.q))


def _rounded_center(center):
    """Exact rationals rounded to dyadic mantissas of ``CENTER_BITS`` bits below the largest one
    (the same format as :func:`_refined_center`; step 0: no Newton correction)."""
    big = max((abs(x) for x in center), default=Fraction(0))
    top = (big.numerator.bit_length() - big.denominator.bit_length()) if big else 0
    e = top - CENTER_BITS
    scale = Fraction(2) ** (-e)
    return [round(x * scale) for x in center], e, 0.0


def newton_refine(net: DeepLinearNumeric, theta, steps: int = 8):
    """A few Newton steps on ∇L = 0 (dense Hessian; for n up to a few thousand), each kept only if
    it decreases ‖∇L‖ — so a point far from a non-degenerate critical point is left alone.  Numerical."""
    theta = np.array(theta, dtype=float)
    g = net.gradient(theta)
    gn = float(np.max(np.abs(g)))
    for _ in range(steps):
        if not np.isfinite(gn) or gn == 0:
            break
        try:
            d = np.linalg.lstsq(net.hessian(theta), g, rcond=None)[0]
        except np.linalg.LinAlgError:
            break
        cand = theta - d
        gc = net.gradient(cand)
        gcn = float(np.max(np.abs(gc)))
        if not gcn < gn:
            break
        theta, g, gn = cand, gc, gcn
    return theta


def numerical_class(eigs, gap: float = 1e-8) -> str:
    """Numerical class from Hessian eigenvalues: ``local_min`` / ``local_max`` / ``strict_saddle`` if
    no eigenvalue is within ``gap·max|λ|`` of 0, else ``degenerate`` (PSD, NSD or unclear).

    >>> numerical_class([1.0, 2.0]), numerical_class([-1.0, 2.0]), numerical_class([0.0, 1.0])
    ('local_min', 'strict_saddle', 'degenerate')
    >>> numerical_class([-1.0, 0.0, 1.0])
    'strict_saddle'
    """
    eigs = np.asarray(eigs, dtype=float)
    scale = max(float(np.max(np.abs(eigs))), 1e-300) if eigs.size else 1.0
    thr = gap * scale
    neg, pos = int(np.sum(eigs < -thr)), int(np.sum(eigs > thr))
    if neg and pos:
        return "strict_saddle"
    if neg + pos < eigs.size:
        return "degenerate"
    return "local_min" if neg == 0 else "local_max"


def certify_point(inst, theta, radii=None, verify: bool = True, center=None) -> CertifyResult:
    """Try to certify the critical point near ``theta`` (a float vector) with an interval certificate.

    Returns a :class:`CertifyResult`; when ``certified`` the certificate has been accepted by the
    trusted kernel (``verify=False`` skips that final re-check, for callers that run it themselves).
    ``center`` (optional, exact rationals): a point already known to high accuracy (e.g. the midpoint
    of an exact enclosure of an algebraic critical point); the box is then centred there (rounded to
    ``CENTER_BITS``) and the Newton refinement is skipped.  Untrusted like everything here: the
    kernel's Krawczyk test decides.
    """
    from .. import kernel
    from ..numbers import fmt
    net = DeepLinearNumeric(inst)
    if center is None:
        theta = newton_refine(net, theta)
    else:
        if len(center) != net.n:
            raise ValueError(f"center has {len(center)} coordinates, the model has {net.n} parameters")
        center = [Fraction(x) for x in center]
        theta = np.array([float(x) for x in center])
    Hm = net.hessian(theta)
    w, Vcols = np.linalg.eigh(Hm)
    cls = numerical_class(w)
    n = net.n
    inertia = (int(np.sum(w > 0)), int(np.sum(w < 0)), 0)
    if cls == "degenerate":
        return CertifyResult(False, cls, reason=(
            f"numerically singular Hessian (smallest |eigenvalue| {np.min(np.abs(w)):.2e}, largest "
            f"{np.max(np.abs(w)):.2e}): intervals can never certify a zero eigenvalue, so the point stays "
            "numerical (settle it with the exact engine, or regularize)"))
    if float(np.min(np.abs(w))) <= 1e-8 * float(np.max(np.abs(w))):
        return CertifyResult(False, cls, reason=(
            f"numerically zero Hessian eigenvalue(s) (smallest |eigenvalue| {np.min(np.abs(w)):.2e}): the point is "
            "degenerate or lies on a non-isolated critical set, and intervals can never certify a zero "
            "eigenvalue; it stays numerical"))
    g_norm = float(np.max(np.abs(net.gradient(theta))))
    if g_norm > 1e-6 * (1 + float(np.max(np.abs(Hm)))):
        return CertifyResult(False, "not_critical", reason=f"not a numerical critical point (|∇L|∞ = {g_norm:.2e})")
    cm, ce, step = _refined_center(inst, theta, Hm) if center is None else _rounded_center(center)
    basis, ev = _mantissas(Vcols.T, BASIS_BITS)
    mu, emu = _mantissas(1.0 / w, MU_BITS)
    scale = max(1.0, float(np.max(np.abs(theta))))
    if radii is None:
        # between the centre's error (tiny after refinement) and the radius at which the Hessian's
        # variation over the box spoils the contraction; try a few dyadic radii
        radii = [scale * 2.0 ** k for k in (-40, -30, -50, -22)]
    claim = cls
    cert_base = {"exactland_certificate": kernel.FORMAT, "kernel": "interval", "claim": claim,
                 "statement": "the box centre ± radius (sup norm) contains exactly one critical point, and the "
                              "Hessian has the stated inertia at every point of the box",
                 "instance": inst.to_json(), "center": {"exponent": ce, "mantissas": cm},
                 "basis": {"exponent": ev, "rows": basis},
                 "inverse_eigenvalues": {"exponent": emu, "mantissas": mu},
                 "inertia": {"positive": inertia[0], "negative": inertia[1], "zero": 0}}
    center = [Fraction(m) * Fraction(2) ** ce for m in cm]
    val = _exact_loss(inst, center)
    habs = float(np.sum(np.abs(Hm)))
    why = ""
    for r in radii:
        rm, re_ = 1, math.frexp(r)[1]
        rfrac = Fraction(2) ** re_
        eps = rfrac * rfrac * Fraction(habs * 2 + 1)
        unit = Fraction(2) ** (re_ * 2 - 20)
        lo = math.floor((val - eps) / unit) * unit
        hi = math.ceil((val + eps) / unit) * unit
        cert = dict(cert_base, radius={"exponent": re_, "mantissa": rm}, loss_enclosure=[fmt(lo), fmt(hi)])
        ok, why = kernel.verify(cert) if verify else (True, "valid")
        if ok:
            return CertifyResult(True, claim, cert, reason=f"Krawczyk box of radius 2^{re_}, inertia (+{inertia[0]}, "
                                 f"−{inertia[1]}, 0) on the whole box", inertia=inertia, loss_enclosure=(lo, hi),
                                 notes=[f"Newton correction of the centre {step:.1e}"])
    return CertifyResult(False, cls, reason=f"no radius tried passed the kernel (last: {why}); the point stays numerical",
                         inertia=inertia)


def mirrored(inst, res: CertifyResult, signs, verify: bool = True) -> CertifyResult | None:
    """The certificate of the box ``S(box)`` from the certified ``res``, S the diagonal ±1 map
    ``signs`` (flat order) of a symmetry of the loss (``L∘S = L``, e.g. a hidden-unit sign flip, which
    the caller guarantees): centre and eigenbasis rows are sign-flipped, the inverse eigenvalues,
    inertia, radius and loss enclosure carry over (the Hessian at S(θ) is S H(θ) S).  Untrusted like
    everything here: the new certificate is checked by the kernel (``verify``) from scratch; None when
    it does not pass."""
    from .. import kernel
    cert = res.certificate
    if not res.certified or cert is None or len(signs) != len(cert["center"]["mantissas"]):
        return None
    if any(s not in (1, -1) for s in signs):
        raise ValueError("signs must be ±1")
    new = dict(cert)
    new["center"] = {"exponent": cert["center"]["exponent"],
                     "mantissas": [s * m for s, m in zip(signs, cert["center"]["mantissas"])]}
    new["basis"] = {"exponent": cert["basis"]["exponent"],
                    "rows": [[s * x for s, x in zip(signs, row)] for row in cert["basis"]["rows"]]}
    if verify and not kernel.verify(new)[0]:
        return None
    return CertifyResult(True, res.cls, new, reason=res.reason, inertia=res.inertia,
                         loss_enclosure=res.loss_enclosure,
                         notes=["box mirrored from a certified point by a symmetry of the loss; re-checked "
                                "by the kernel"])


def global_min_enclosure(inst, digits: int = 30):
    """An exact enclosure ``(lo, hi)`` (Fractions) of the global minimum value
    ``s(‖Y‖² − top_r(Σ))`` of an *unregularized* deep linear instance, from exact real-root isolation
    of the characteristic polynomial of Σ (sympy; exact arithmetic, not a kernel certificate).

    >>> from exactland.instance import random_instance
    >>> lo, hi = global_min_enclosure(random_instance((2, 1, 2), m=3, seed=0))
    >>> 0 <= hi - lo < Fraction(1, 10**20)
    True
    """
    from sympy import Poly, QQ, Rational, Symbol
    from .. import numbers as nb
    from ..instance import sigma_matrix
    if inst.regularization is not None:
        raise ValueError("the closed-form global minimum is known for unregularized deep linear networks only")
    S = sigma_matrix(inst)
    x = Symbol("x")
    p = Poly(nb.charpoly(S), x, domain=QQ)
    ivs = []
    for (lo, hi), mult in p.intervals(eps=Rational(1, 10 ** digits)):
        ivs.extend([(Fraction(int(lo.p), int(lo.q)), Fraction(int(hi.p), int(hi.q)))] * mult)
    ivs.sort(key=lambda t: t[0], reverse=True)
    r = min(inst.model.widths)
    top = ivs[:r]
    y2 = nb.frob2(inst.Y)
    s = inst.loss.scale
    return s * (y2 - sum(h for _, h in top)), s * (y2 - sum(l for l, _ in top))


def global_min_certificate(inst, thetas, digits: int = 12):
    """A kernel-checkable enclosure ``[lo, hi]`` of the global minimum value of an unregularized deep
    linear instance (claim ``global_min_value`` of :mod:`exactland.kernel.interval`): ``hi`` is the exact
    loss of the best of ``thetas`` (float vectors, read as the dyadic rationals they are), ``lo`` comes
    from a Ky Fan dual pair (t, Z) built from a floating eigendecomposition of Σ and padded by a small
    multiple of I so that the exact semidefiniteness checks pass.  Returns ``(certificate, lo, hi)``.

    >>> from exactland.instance import random_instance
    >>> inst = random_instance((2, 1, 2), m=3, seed=0)
    >>> cert, lo, hi = global_min_certificate(inst, [[0.0] * 4])
    >>> from exactland import kernel
    >>> kernel.verify(cert), lo <= global_min_enclosure(inst)[0] <= hi
    ((True, 'valid'), True)
    """
    from .. import kernel
    from ..instance import sigma_matrix
    from ..landscape import Landscape
    from ..numbers import fmt, fmt_matrix
    if inst.regularization is not None:
        raise ValueError("the closed-form global minimum is known for unregularized deep linear networks only")
    ls = Landscape(inst)
    best, best_val = None, None
    for th in thetas:
        th = [Fraction(float(x)) for x in th]
        val = ls.loss(th)
        if best_val is None or val < best_val:
            best, best_val = th, val
    S = sigma_matrix(inst)
    d = len(S)
    Sf = np.array([[float(x) for x in row] for row in S])
    sig, U = np.linalg.eigh(Sf)
    sig, U = sig[::-1], U[:, ::-1]
    r = min(inst.model.widths)
    scale = max(1.0, float(np.max(np.abs(sig))))
    t_f = 0.0 if r >= d else 0.5 * (sig[r - 1] + sig[r]) if r > 0 else float(sig[0])
    t = Fraction(t_f).limit_denominator(2 ** 40)
    cert = None
    for k in (40, 30, 20, 10):
        pad = Fraction(1, 2 ** k) * Fraction(scale).limit_denominator(2 ** 20)
        Zf = (U * np.maximum(sig - float(t), 0.0)) @ U.T
        Z = [[Fraction(float(Zf[i][j])) for j in range(d)] for i in range(d)]
        Z = [[(Z[i][j] + Z[j][i]) / 2 + (pad if i == j else 0) for j in range(d)] for i in range(d)]
        y2 = sum(y * y for row in inst.Y for y in row)
        lo = inst.loss.scale * (y2 - r * t - sum(Z[i][i] for i in range(d)))
        unit = Fraction(1, 10 ** digits)
        lo = Fraction(math.floor(lo / unit)) * unit
        hi = Fraction(math.ceil(best_val / unit)) * unit
        cert = {"exactland_certificate": kernel.FORMAT, "kernel": "interval", "claim": "global_min_value",
                "statement": "the global minimum value of the loss lies in value_enclosure",
                "instance": inst.to_json(), "value_enclosure": [fmt(lo), fmt(hi)],
                "point": [fmt(x) for x in best], "t": fmt(t), "Z": fmt_matrix(Z)}
        if kernel.verify(cert)[0]:
            return cert, lo, hi
    raise ArithmeticError("could not build a valid Ky Fan pair (Σ too ill-conditioned for this construction)")
