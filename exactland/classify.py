"""Classify an exact point of a landscape, and emit a certificate the kernel re-checks.

Decision procedure (nothing here is trusted: every verdict ships with a certificate, and
:func:`classify` runs the kernel on it before returning):

1. gradient exactly zero?  If not: ``not_critical``, with the index of a non-zero component.
2. the Hessian's exact inertia (characteristic polynomial + Descartes' rule of signs, exact
   because a symmetric matrix's characteristic polynomial is real-rooted).
3. the global optimum of the instance, computed independently of the point (eigenvalues of Σ);
   if the loss attains it: ``global_min`` with a Ky Fan certificate.
4. indefinite → ``strict_saddle`` (rational u, v with uᵀHu < 0 < vᵀHv);
   positive definite → ``local_min``; negative definite → ``local_max``;
   semidefinite and singular → higher order: a polynomial curve along which the loss falls
   (``c tᵏ``, c < 0) shows "not a local min"; a saddle verdict also needs a direction of positive
   curvature or a rising curve.  If no such curve is found the answer is ``inconclusive``, with
   the reason.  Never a guess.

>>> from exactland.instance import random_instance
>>> inst = random_instance((2, 2, 2, 2), m=3, seed=0)
>>> v = classify(inst, inst.zero_point())
>>> v.cls, v.certificate["claim"]
('non_strict_saddle', 'non_strict_saddle')
"""

from __future__ import annotations

import random as _random
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Sequence

from . import kernel
from . import numbers as nb
from .instance import Instance, point_to_json, sigma_matrix
from .landscape import Landscape
from .numbers import Matrix, fmt

CLASSES = ("global_min", "local_min", "strict_saddle", "non_strict_saddle", "local_max",
           "not_critical", "inconclusive")


@dataclass
class Verdict:
    """The class of one point, with its exact loss, inertia and certificate."""

    cls: str
    critical: bool
    loss: Fraction
    inertia: tuple | None = None
    certificate: dict | None = None
    reason: str = ""
    notes: list = field(default_factory=list)
    scale: Fraction = Fraction(1, 2)

    @property
    def certified(self) -> bool:
        return self.certificate is not None and kernel.verify(self.certificate)[0]

    def to_json(self) -> dict:
        return {"critical": self.critical, "class": self.cls, "loss": fmt(self.loss),
                "loss_normalization": f"{fmt(self.scale)}·‖ŷ − y‖²",
                "inertia": None if self.inertia is None else
                dict(zip(("positive", "negative", "zero"), self.inertia)),
                "reason": self.reason, "notes": self.notes, "certificate": self.certificate}

    def __str__(self):
        inertia = "" if self.inertia is None else " inertia (+{}, −{}, 0×{})".format(*self.inertia)
        why = f" — {self.reason}" if self.reason else ""
        return f"{self.cls}: loss {fmt(self.loss)} ({fmt(self.scale)}·‖·‖²){inertia}{why}"

    def _repr_latex_(self):
        name = self.cls.replace("_", r"\_")
        return (rf"$\text{{{name}}}:\ \mathcal{{L}} = {_latex_q(self.loss)}"
                + ("" if self.inertia is None else r",\ \operatorname{{In}}(\nabla^2\mathcal{{L}}) = (%d, %d, %d)"
                   % self.inertia) + "$")


def _latex_q(q: Fraction) -> str:
    if q.denominator == 1:
        return str(q.numerator)
    sign = "-" if q < 0 else ""
    return rf"{sign}\tfrac{{{abs(q.numerator)}}}{{{q.denominator}}}"


def certificate(inst: Instance, W: Sequence[Matrix], claim: str, evidence: list, loss=None) -> dict:
    """A self-contained certificate: it embeds the instance and the point."""
    cert = {"exactland_certificate": kernel.FORMAT, "claim": claim, "instance": inst.to_json(),
            "point": point_to_json(W), "evidence": evidence}
    if loss is not None:
        cert["loss"] = fmt(loss)
    return cert


def _vec(v: Sequence[Fraction]) -> list[str]:
    return [fmt(x) for x in v]


# --- witnesses -----------------------------------------------------------------------------------

def curvature_witness(Hm: Matrix, sign: int) -> list[Fraction] | None:
    """A rational x with sign·xᵀHx > 0, or None if there is none (exact congruence elimination).

    >>> curvature_witness([[1, 2], [2, 1]], -1)
    [Fraction(-2, 1), Fraction(1, 1)]
    """
    A = [[sign * nb.exact(x) for x in row] for row in Hm]
    n = len(A)
    T = nb.identity(n)  # columns: the current basis, in which the form is A
    alive = list(range(n))
    while alive:
        i = next((i for i in alive if A[i][i] > 0), None)
        if i is not None:
            return [T[r][i] for r in range(n)]
        pair = next(((i, j) for i in alive for j in alive if j != i and A[i][i] == 0 and A[i][j] != 0), None)
        if pair is not None:
            i, j = pair  # (c e_i + e_j)ᵀA(c e_i + e_j) = 2c A_ij + A_jj: choose c to make it 1
            c = (1 - A[j][j]) / (2 * A[i][j])
            return [c * T[r][i] + T[r][j] for r in range(n)]
        i = next((i for i in alive if A[i][i] < 0), None)
        if i is None:
            return None  # the remaining form is zero
        alive.remove(i)
        # f_j = e_j − (A_ij / A_ii) e_i is A-orthogonal to e_i; the form on span{f_j} is the
        # Schur complement (row and column i are read, never written, so it stays symmetric)
        for j in alive:
            f = A[i][j] / A[i][i]
            if f:
                for r in range(n):
                    T[r][j] -= f * T[r][i]
                for k in alive:
                    A[j][k] -= f * A[i][k]
    return None


def _global_min_evidence(inst: Instance, ls: Landscape, W) -> dict | None:
    """(t, Z) for the kernel's Ky Fan bound, if the point attains the global optimum."""
    if inst.regularization is not None:
        return None
    S = sigma_matrix(inst)
    d = len(S)
    r = min(inst.model.widths)
    explained = nb.frob2(inst.Y) - ls.loss(W) / inst.loss.scale
    trace = sum(S[i][i] for i in range(d))
    candidates = []
    if explained >= trace:
        candidates.append((Fraction(0), S))
    else:
        for t in _gap_points(S, r):
            P = nb.projector(nb.matmul(ls.product(W), inst.X))
            shifted = [[S[i][j] - (t if i == j else 0) for j in range(d)] for i in range(d)]
            candidates.append((t, nb.matmul(nb.matmul(P, shifted), P)))
    for t, Z in candidates:
        ev = {"type": "global_min_value", "t": fmt(t), "Z": nb.fmt_matrix(Z), "rank_cap": r}
        cert = certificate(inst, W, "global_min", [ev])
        if kernel.verify(cert)[0]:
            return ev
    return None


def _gap_points(S: Matrix, r: int) -> list[Fraction]:
    """Rational t with λ_{r+1} ≤ t ≤ λ_r (eigenvalues of S, descending), from exact root isolation."""
    from sympy import Poly, QQ, Symbol, Rational
    x = Symbol("x")
    p = Poly(nb.charpoly(S), x, domain=QQ)
    roots = []  # descending list of (lo, hi) intervals, one per eigenvalue with multiplicity
    for (lo, hi), mult in sorted(p.intervals(eps=Rational(1, 10 ** 6)), key=lambda iv: iv[0][0], reverse=True):
        roots.extend([(Fraction(int(lo.p), int(lo.q)) if hasattr(lo, 'p') else Fraction(lo),
                       Fraction(int(hi.p), int(hi.q)) if hasattr(hi, 'p') else Fraction(hi))] * mult)
    if r >= len(roots):
        return [Fraction(0)]
    (lo_r, hi_r), (lo_n, hi_n) = roots[r - 1], roots[r]
    out = []
    if (lo_r, hi_r) == (lo_n, hi_n):  # a tie: t must be the (rational) repeated eigenvalue itself
        for fac, _ in p.factor_list()[1]:
            if fac.degree() == 1:
                root = -Fraction(str(fac.all_coeffs()[1])) / Fraction(str(fac.all_coeffs()[0]))
                if lo_r <= root <= hi_r:
                    out.append(root)
    else:
        out.append((hi_n + lo_r) / 2 if hi_n < lo_r else hi_n)
    return out


def _curve_search(ls: Landscape, W, Hm: Matrix, seed: int = 0, tries: int = 40):
    """Search for polynomial curves along which the loss falls / rises (untrusted; each hit is
    re-checked exactly by the kernel later).

    First straight lines θ + t v with v in ker H (the lowest non-zero term of L(θ + tv) − L(θ)
    then has order ≥ 3; an odd order gives both a descent and an ascent curve).  When the cubic
    term vanishes, the fourth-order test: along θ + t v + t² w the t⁴ coefficient is
    ``c₄ + bᵀw + ½ wᵀHw`` with ``b = ½ D³L[v, v, ·]``; it is made negative by ``w = −H⁺b``
    (giving ``c₄ − ½ bᵀH⁺b``) or, when b leaves the range of H, by a large multiple of the
    kernel part of −b.  Returns ``(descent, ascent)`` evidence dicts (or None each)."""
    basis = nb.nullspace(Hm)
    if not basis:
        return None, None
    rng = _random.Random(seed)
    n = len(Hm)
    cands = list(basis)
    for _ in range(tries):
        coeffs = [Fraction(rng.randint(-3, 3)) for _ in basis]
        cands.append([sum((c * b[i] for c, b in zip(coeffs, basis)), Fraction(0)) for i in range(n)])
    descent = ascent = None
    flat = []  # directions whose straight line starts at order 4 upwards, or not at all
    for v in cands:
        if not any(v):
            continue
        poly = ls.loss_along(W, [v])
        k = next((e for e in range(1, len(poly)) if poly[e] != 0), None)
        curves = [] if k is None else [([v], k, poly[k])]
        if k is not None and k % 2:
            curves.append(([[-x for x in v]], k, -poly[k]))
        elif k is None or (k == 4 and poly[4] > 0):
            flat.append(v)
        descent, ascent = _first_hits(curves, descent, ascent)
        if descent and ascent:
            return descent, ascent
    for v in sorted(flat, key=lambda u: -sum(1 for x in u if x))[:4]:  # fourth-order test
        if descent:
            break
        w = _quartic_correction(ls, W, Hm, v, basis)
        if w is not None:
            p2 = ls.loss_along(W, [v, w])
            k2 = next((e for e in range(1, len(p2)) if p2[e] != 0), None)
            if k2 is not None:
                descent, ascent = _first_hits([([v, w], k2, p2[k2])], descent, ascent)
    return descent, ascent


def _first_hits(curves, descent, ascent):
    for vecs, order, coef in curves:
        ev = {"curve": [_vec(x) for x in vecs], "order": order, "coefficient": fmt(coef)}
        if coef < 0 and descent is None:
            descent = {"type": "descent_curve", **ev}
        if coef > 0 and ascent is None:
            ascent = {"type": "ascent_curve", **ev}
    return descent, ascent


def _quartic_correction(ls: Landscape, W, Hm: Matrix, v, kernel_basis):
    """The w of the fourth-order test (see :func:`_curve_search`), or None."""
    n = len(Hm)
    b = []
    for i in range(n):
        # c₃(α) = [t³] L(θ + t(v + α e_i)) is a cubic in α whose linear coefficient is b_i
        odd = {}
        for a in (1, 2):
            vals = []
            for sgn in (1, -1):
                u = list(v)
                u[i] += sgn * a
                p = ls.loss_along(W, [u])
                vals.append(p[3] if len(p) > 3 else Fraction(0))
            odd[a] = vals[0] - vals[1]
        b.append((8 * odd[1] - odd[2]) / 12)
    if not any(b):
        return None
    # kernel part of b: if non-zero, move against it (the quartic coefficient is then linear in w)
    kb = [sum((bi * ki for bi, ki in zip(b, kv)), Fraction(0)) for kv in kernel_basis]
    if any(kb):
        w = [Fraction(0)] * n
        for c, kv in zip(kb, kernel_basis):
            for i in range(n):
                w[i] -= c * kv[i]
        p = ls.loss_along(W, [v])
        c4 = p[4] if len(p) > 4 else Fraction(0)
        slope = sum((bi * wi for bi, wi in zip(b, w)), Fraction(0))  # < 0
        lam = (abs(c4) / -slope + 1) if slope else Fraction(1)
        return [lam * x for x in w]
    from sympy import Matrix as SMatrix, Rational
    Hs = SMatrix([[Rational(x.numerator, x.denominator) for x in row] for row in Hm])
    rhs = SMatrix([Rational(-x.numerator, x.denominator) for x in b])
    try:
        sol, params = Hs.gauss_jordan_solve(rhs)
    except ValueError:
        return None
    sol = sol.subs({p: 0 for p in params})
    return [nb.exact(x) for x in sol]


# --- the classifier -------------------------------------------------------------------------------

def classify(inst: Instance, point, seed: int = 0) -> Verdict:
    """Classify ``point`` (``[W_1, ...]``, ``{"W": ...}`` or a flat vector) exactly.

    >>> from exactland.instance import random_instance
    >>> inst = random_instance((2, 1, 2), m=3, seed=2)
    >>> classify(inst, inst.zero_point()).cls
    'strict_saddle'
    """
    ls = Landscape(inst)
    W = ls.as_point(point)
    loss = ls.loss(W)
    v = Verdict("inconclusive", False, loss, scale=inst.loss.scale)
    g = ls.gradient_vector(W)
    nz = next((i for i, x in enumerate(g) if x != 0), None)
    if nz is not None:
        v.cls, v.reason = "not_critical", f"∂L/∂{inst.param_name(nz)} = {fmt(g[nz])} ≠ 0"
        v.certificate = certificate(inst, W, "not_critical", [{"type": "gradient_nonzero", "index": nz}], loss)
        return _checked(v)
    v.critical = True
    Hm = ls.hessian(W)
    v.inertia = nb.inertia(Hm)
    npos, nneg, nzero = v.inertia
    evidence = [{"type": "gradient_zero"}]
    gm = _global_min_evidence(inst, ls, W)
    if gm is not None:
        v.cls, v.reason = "global_min", "loss equals the exact global optimum s(‖Y‖² − top_r(Σ))"
        v.certificate = certificate(inst, W, "global_min", evidence + [gm], loss)
        return _checked(v)
    neg = curvature_witness(Hm, -1) if nneg else None
    pos = curvature_witness(Hm, +1) if npos else None
    neg_ev = neg and {"type": "negative_curvature", "v": _vec(neg)}
    pos_ev = pos and {"type": "positive_curvature", "v": _vec(pos)}
    if nneg and npos:
        v.cls, v.reason = "strict_saddle", "indefinite Hessian"
        v.certificate = certificate(inst, W, "strict_saddle", evidence + [neg_ev, pos_ev], loss)
        return _checked(v)
    if nzero == 0:
        cls = "local_min" if nneg == 0 else "local_max"
        v.cls, v.reason = cls, f"Hessian {'positive' if nneg == 0 else 'negative'} definite"
        v.certificate = certificate(inst, W, cls, evidence + [{"type": "hessian_pd" if nneg == 0 else "hessian_nd"}],
                                    loss)
        return _checked(v)
    descent, ascent = _curve_search(ls, W, Hm, seed)
    if nneg == 0:  # positive semidefinite and singular
        if descent is None:
            v.reason = ("Hessian is positive semidefinite and singular, the loss is not the global optimum, "
                        "and no descent curve was found along the kernel of the Hessian")
            v.certificate = certificate(inst, W, "critical_point", evidence, loss)
            return _checked(v)
        up = pos_ev or ascent
        if up is None:
            v.reason = "no negative curvature and a descent curve, but no ascent direction found"
            v.certificate = certificate(inst, W, "not_local_min", [descent], loss)
            return _checked(v)
        v.cls = "non_strict_saddle"
        v.reason = (f"Hessian PSD and singular, loss falls along a curve at order {descent['order']}"
                    + (", rises along a curve" if up is ascent else ", positive curvature"))
        v.certificate = certificate(inst, W, "non_strict_saddle", evidence + [{"type": "hessian_psd"}, descent, up],
                                    loss)
        return _checked(v)
    # negative semidefinite and singular: not a local min (negative curvature); a local max?
    if ascent is None:
        v.reason = "Hessian negative semidefinite and singular; no ascent curve found along its kernel"
        v.certificate = certificate(inst, W, "not_local_min", [neg_ev], loss)
        return _checked(v)
    v.cls, v.reason = "strict_saddle", "negative curvature and an ascent curve"
    v.certificate = certificate(inst, W, "strict_saddle", evidence + [neg_ev, ascent], loss)
    return _checked(v)


def _checked(v: Verdict) -> Verdict:
    ok, why = kernel.verify(v.certificate)
    if not ok:  # a classifier bug must never reach the user as a verdict
        raise AssertionError(f"internal error: certificate for {v.cls} rejected by the kernel: {why}")
    return v
