"""Trusted checker "interval": a true critical point in a box, and the Hessian's inertia on the box.

Standard library only.  All arithmetic is exact integer arithmetic on dyadic rationals
``mantissa · 2^exponent``: an interval quantity is a midpoint/radius pair of integers sharing one
exponent, and every rounding of a midpoint (to keep the integers short) moves the error into the
radius, so enclosures are outward-rounded and always rigorous.  Nothing the solver computed is
trusted except as a preconditioner: the kernel recomputes the gradient at the centre and the
enclosure of the Hessian over the whole box from the instance (deep linear network, squared loss,
optional Tikhonov term) with the Kronecker block formulas

    block (k, k) = 2s (A_kᵀA_k) ⊗ (B_kB_kᵀ) + 2 diag(vec Λ_k),
    block (k, l), k > l, entry ((a,b),(c,d)) = 2s[(A_kᵀA_l)_ac (B_kB_lᵀ)_bd + (A_kᵀRB_lᵀ)_ad M_bc],

(``A_k`` the product of the layers above k, ``B_k`` of those below times X, ``R`` the residual,
``M = W_{k−1}⋯W_{l+1}``), evaluated in interval arithmetic over the box.

Certificate::

    {"exactland_certificate": 1, "kernel": "interval",
     "claim": "critical_point" | "local_min" | "strict_saddle" | "local_max",
     "instance": {...}, "center": {"exponent": e, "mantissas": [...]},
     "radius": {"exponent": e, "mantissa": r},
     "basis": {"exponent": e, "rows": [[...], ...]},          # rows v_i ≈ eigenvectors (any basis works)
     "inverse_eigenvalues": {"exponent": e, "mantissas": [...]},   # μ_i ≈ 1/λ_i
     "inertia": {"positive": p, "negative": q, "zero": 0},
     "loss_enclosure": ["lo", "hi"]}                            # optional

What is checked (V the basis matrix with rows v_i, C = Vᵀ diag(μ) V the preconditioner,
[H] = Hm ± Hr the Hessian enclosure on the box X = centre ± r (sup norm), g ∈ gm ± gr the gradient
at the centre):

1. Krawczyk: ``|C gm| + |C| gr + r (|I − C Hm| + |C| Hr) 1 < r·1`` componentwise.  Then the
   Krawczyk operator maps X into its interior, so the gradient has exactly one zero θ* in X
   (Krawczyk 1969; Moore 1977; Neumaier, *Interval Methods for Systems of Equations*, Thm 5.1.8).
2. Inertia (if claimed): with S = V Hm Vᵀ and E = |V| Hr |V|ᵀ, every row i satisfies
   ``|S_ii| > Σ_{j≠i} |S_ij| + Σ_j E_ij``.  Then for every symmetric H in [H], each Gershgorin disc
   of V H Vᵀ excludes 0 on the side of S_ii, so V H Vᵀ has exactly #{S_ii < 0} negative and
   #{S_ii > 0} positive eigenvalues (Gershgorin's theorem on unions of discs); it is non-singular,
   hence so is V, and by Sylvester's law of inertia H has that inertia — on the whole box, in
   particular at θ*.  A zero eigenvalue can never pass this test: degenerate points are not
   certifiable here.
3. Class: local_min needs inertia (n, 0, 0), local_max (0, n, 0), strict_saddle both signs.
4. Loss (if stated): L(θ*) lies in [L(centre) − ε, L(centre) + ε] with L(centre) exact and
   ε = ½ r² Σ_ij (|Hm| + Hr)_ij (Taylor at θ*, where ∇L = 0), which must lie inside the stated
   interval.

A second claim, ``global_min_value`` (:func:`check_global_min_value`), encloses the global minimum value
of an unregularized instance: ``{"claim": "global_min_value", "instance": ..., "value_enclosure":
["lo", "hi"], "point": [flat rational θ], "t": "..", "Z": [[..]]}``.
"""

from __future__ import annotations

import sys
from fractions import Fraction
from operator import mul

BITS = 64  # mantissa length kept for the Hessian enclosure (radii absorb the rounding)
GRAD_BITS = 192  # the gradient at the centre: it cancels to ~0, so its rounding must be far finer


# --- reading --------------------------------------------------------------------------------------

def _base():
    """The parent kernel package (always loaded before this module), looked up in sys.modules: kernel
    files import only the standard library."""
    return sys.modules[__package__]


def _invalid(msg):
    return _base().Invalid(msg)


def _int(x, name):
    if isinstance(x, bool) or not isinstance(x, int):
        raise _invalid(f"{name} must be an integer, got {x!r}")
    return x


MAX_BITS = 4096  # exponents and mantissas beyond this are refused (they would only cost memory)


def _exponent(x, name):
    e = _int(x, name)
    if abs(e) > MAX_BITS:
        raise _invalid(f"{name} = {e} is out of range (|exponent| <= {MAX_BITS})")
    return e


def _mantissa(x, name):
    m = _int(x, name)
    if m.bit_length() > MAX_BITS:
        raise _invalid(f"{name} has more than {MAX_BITS} bits")
    return m


def _dyadic_vector(obj, n, name):
    if not isinstance(obj, dict):
        raise _invalid(f"{name} must be {{'exponent': e, 'mantissas': [...]}}")
    e = _exponent(obj["exponent"], f"{name}.exponent")
    ms = obj["mantissas"]
    if not isinstance(ms, list) or len(ms) != n:
        raise _invalid(f"{name} must have {n} mantissas")
    return [_mantissa(x, f"{name}[{i}]") for i, x in enumerate(ms)], e


def _dyadic_matrix(obj, n, name):
    if not isinstance(obj, dict):
        raise _invalid(f"{name} must be {{'exponent': e, 'rows': [[...], ...]}}")
    e = _exponent(obj["exponent"], f"{name}.exponent")
    rows = obj["rows"]
    if not isinstance(rows, list) or len(rows) != n or any(not isinstance(r, list) or len(r) != n for r in rows):
        raise _invalid(f"{name} must be an {n} x {n} matrix")
    return [[_mantissa(x, name) for x in r] for r in rows], e


def _pair(obj, name):
    """``[lo, hi]``: a JSON list of exactly two exact numbers (a string or an object would be read by this
    checker differently than by a person: ``"01"`` as the characters 0, 1, ``{"0": "5", "1": "6"}`` as its keys)."""
    if not isinstance(obj, list) or len(obj) != 2:
        raise _invalid(f"{name} must be a list [lo, hi] of two exact numbers, got {obj!r}")
    return _base()._q(obj[0]), _base()._q(obj[1])


# --- dyadic interval matrices: (mid, rad, e) means [(mid − rad)·2^e, (mid + rad)·2^e] entrywise ----

def _shift_out(mid, rad, s):
    """Divide by 2^s (s > 0) rounding the midpoint to nearest and the radius outward."""
    return (mid + (1 << (s - 1))) >> s, ((rad + (1 << s) - 1) >> s) + 1


def _normalize(mid, rad, e, bits=BITS):
    top = max((max(abs(m), r).bit_length() for rm, rr in zip(mid, rad) for m, r in zip(rm, rr)), default=0)
    s = top - bits
    if s <= 0:
        return mid, rad, e
    out_m, out_r = [], []
    for rm, rr in zip(mid, rad):
        row_m, row_r = [], []
        for m, r in zip(rm, rr):
            a, b = _shift_out(m, r, s)
            row_m.append(a)
            row_r.append(b)
        out_m.append(row_m)
        out_r.append(row_r)
    return out_m, out_r, e + s


def _from_fractions(F, bits=BITS):
    """An enclosure of a rational matrix (exact when the entries are dyadic and short)."""
    big = max((abs(x) for r in F for x in r), default=Fraction(0))
    if big == 0:
        return [[0] * len(r) for r in F], [[0] * len(r) for r in F], 0
    e = big.numerator.bit_length() - big.denominator.bit_length() - bits
    mid, rad = [], []
    for r in F:
        rm, rr = [], []
        for x in r:
            num, den = x.numerator, x.denominator
            if e <= 0:
                num <<= -e
            else:
                den <<= e
            q, rem = divmod(2 * num + den, 2 * den)  # nearest integer
            rm.append(q)
            rr.append(0 if num % den == 0 else 1)
        mid.append(rm)
        rad.append(rr)
    return mid, rad, e


def _transpose(A):
    mid, rad, e = A
    return [list(c) for c in zip(*mid)], [list(c) for c in zip(*rad)], e


def _matmul(A, B, bits=BITS):
    am, ar, ea = A
    bm, br, eb = B
    btm = list(zip(*bm))
    btr = list(zip(*br))
    bta = [[abs(m) + r for m, r in zip(cm, cr)] for cm, cr in zip(btm, btr)]
    mid, rad = [], []
    for rm, rr in zip(am, ar):
        aa = [abs(x) for x in rm]
        mid.append([sum(map(mul, rm, c)) for c in btm])
        rad.append([sum(map(mul, aa, cr)) + sum(map(mul, rr, ca)) for cr, ca in zip(btr, bta)])
    return _normalize(mid, rad, ea + eb, bits)


def _align(A, e):
    """Re-express A at exponent e <= A's exponent (exact)."""
    am, ar, ea = A
    d = ea - e
    if d == 0:
        return am, ar
    return [[m << d for m in r] for r in am], [[x << d for x in r] for r in ar]


def _add(A, B, sign=1, bits=BITS):
    e = min(A[2], B[2])
    am, ar = _align(A, e)
    bm, br = _align(B, e)
    mid = [[x + sign * y for x, y in zip(ra, rb)] for ra, rb in zip(am, bm)]
    rad = [[x + y for x, y in zip(ra, rb)] for ra, rb in zip(ar, br)]
    return _normalize(mid, rad, e, bits)


def _hadamard(A, B, bits=BITS):
    am, ar, ea = A
    bm, br, eb = B
    mid = [[x * y for x, y in zip(ra, rb)] for ra, rb in zip(am, bm)]
    rad = [[abs(xm) * yr + xr * (abs(ym) + yr) for xm, xr, ym, yr in zip(ram, rar, rbm, rbr)]
           for ram, rar, rbm, rbr in zip(am, ar, bm, br)]
    return _normalize(mid, rad, ea + eb, bits)


def _scalar(A, c, bits=BITS):
    """Multiply by an interval scalar c = (mid, rad, e)."""
    cm, cr, ec = c
    am, ar, ea = A
    mid = [[cm * x for x in r] for r in am]
    rad = [[abs(cm) * xr + cr * (abs(xm) + xr) for xm, xr in zip(rm, rr)] for rm, rr in zip(am, ar)]
    return _normalize(mid, rad, ea + ec, bits)


def _identity(n):
    return [[int(i == j) for j in range(n)] for i in range(n)], [[0] * n for _ in range(n)], 0


# --- the enclosures -------------------------------------------------------------------------------

def _layers(inst, cm, ce, rad_m, rad_e, bits=BITS):
    """Interval weight matrices for the box centre ± radius (radius expressed at exponent ce)."""
    if rad_e >= ce:
        r = rad_m << (rad_e - ce)
    else:
        s = ce - rad_e
        r = (rad_m + (1 << s) - 1) >> s  # outward
    W, k = [], 0
    for rk, ck in inst["shapes"]:
        mid = [cm[k + i * ck:k + (i + 1) * ck] for i in range(rk)]
        W.append(_normalize(mid, [[r] * ck for _ in range(rk)], ce, bits))
        k += rk * ck
    return W


def _data(inst, bits=BITS):
    X = _from_fractions(inst["X"], bits)
    Y = _from_fractions(inst["Y"], bits)
    two_s = _from_fractions([[2 * inst["scale"]]], bits)
    two_s = (two_s[0][0][0], two_s[1][0][0], two_s[2])
    reg = [_scalar(_from_fractions(L, bits), (2, 0, 0), bits) for L in inst["reg"]] if inst["reg"] else None
    return X, Y, two_s, reg


def gradient_enclosure(inst, W, bits=GRAD_BITS):
    """Enclosure ``[(gm − gr)·2^e, (gm + gr)·2^e]`` of ∇L at the (interval) point W, flat order."""
    X, Y, two_s, reg = _data(inst, bits)
    L = len(W)
    B = [X]
    for k in range(L - 1):
        B.append(_matmul(W[k], B[-1], bits))
    G = _add(_matmul(W[-1], B[-1], bits), Y, -1, bits)
    blocks = [None] * L
    for k in range(L - 1, -1, -1):
        gk = _scalar(_matmul(G, _transpose(B[k]), bits), two_s, bits)
        if reg:
            gk = _add(gk, _hadamard(reg[k], W[k], bits), 1, bits)
        blocks[k] = gk
        if k:
            G = _matmul(_transpose(W[k]), G, bits)
    e = min(b[2] for b in blocks)
    gm, gr = [], []
    for b in blocks:
        m, r = _align(b, e)
        gm.extend(x for row in m for x in row)
        gr.extend(x for row in r for x in row)
    return gm, gr, e


def hessian_enclosure(inst, W):
    """Enclosure (Hm, Hr, e) of the Hessian over the interval point W (every θ in the box)."""
    X, Y, two_s, reg = _data(inst)
    shapes = inst["shapes"]
    L = len(W)
    n = sum(r * c for r, c in shapes)
    offs, o = [], 0
    for r, c in shapes:
        offs.append(o)
        o += r * c
    B = [X]
    for k in range(L - 1):
        B.append(_matmul(W[k], B[-1]))
    R = _add(_matmul(W[-1], B[-1]), Y, -1)
    A = [None] * L
    A[L - 1] = _identity(len(inst["Y"]))
    for k in range(L - 2, -1, -1):
        A[k] = _matmul(A[k + 1], W[k + 1])
    At = [_transpose(a) for a in A]
    Bt = [_transpose(b) for b in B]
    blocks = []  # (k, l, mid rows, rad rows, exponent) for l <= k
    for k in range(L):
        rk, ck = shapes[k]
        P1 = _scalar(_matmul(At[k], A[k]), two_s)
        P2 = _matmul(B[k], Bt[k])
        e = P1[2] + P2[2]
        mid, rad = _kron(P1, P2)
        if reg:
            lm, lr = _align(reg[k], min(reg[k][2], e))
            if reg[k][2] < e:
                mid, rad = _align((mid, rad, e), reg[k][2])
                e = reg[k][2]
            for a in range(rk):
                for b in range(ck):
                    i = a * ck + b
                    mid[i][i] += lm[a][b]
                    rad[i][i] += lr[a][b]
        blocks.append((k, k, mid, rad, e))
        AtR = _matmul(At[k], R)
        M = _identity(ck)
        for l in range(k - 1, -1, -1):
            if l < k - 1:
                M = _matmul(M, W[l + 1])
            T1 = _scalar(_matmul(At[k], A[l]), two_s)
            T2 = _matmul(B[k], Bt[l])
            T3 = _scalar(_matmul(AtR, Bt[l]), two_s)
            m1, r1 = _kron(T1, T2)
            m2, r2 = _swapped_kron(T3, M)
            e1, e2 = T1[2] + T2[2], T3[2] + M[2]
            e = min(e1, e2)
            m1, r1 = _align((m1, r1, e1), e)
            m2, r2 = _align((m2, r2, e2), e)
            blocks.append((k, l, [[x + y for x, y in zip(a, b)] for a, b in zip(m1, m2)],
                           [[x + y for x, y in zip(a, b)] for a, b in zip(r1, r2)], e))
    top = max(max((max(abs(m), r).bit_length() for rm, rr in zip(mid, rad) for m, r in zip(rm, rr)),
                  default=0) + e for _, _, mid, rad, e in blocks)
    eH = top - BITS
    Hm = [[0] * n for _ in range(n)]
    Hr = [[0] * n for _ in range(n)]
    for k, l, mid, rad, e in blocks:
        s = eH - e
        ok, ol = offs[k], offs[l]
        for i, (rm, rr) in enumerate(zip(mid, rad)):
            for j, (m, r) in enumerate(zip(rm, rr)):
                if s <= 0:
                    m, r = m << -s, r << -s
                else:
                    m, r = _shift_out(m, r, s)
                Hm[ok + i][ol + j] = Hm[ol + j][ok + i] = m
                Hr[ok + i][ol + j] = Hr[ol + j][ok + i] = r
    return Hm, Hr, eH


def _kron(P, Q):
    """Entry ((a,b),(c,d)) = P[a][c]·Q[b][d] of interval matrices (exponent P.e + Q.e)."""
    pm, pr, _ = P
    qm, qr, _ = Q
    mid, rad = [], []
    for a in range(len(pm)):
        for b in range(len(qm)):
            rm, rr = [], []
            for c in range(len(pm[0])):
                x, xr = pm[a][c], pr[a][c]
                ax = abs(x)
                for y, yr in zip(qm[b], qr[b]):
                    rm.append(x * y)
                    rr.append(ax * yr + xr * (abs(y) + yr))
            mid.append(rm)
            rad.append(rr)
    return mid, rad


def _swapped_kron(T, M):
    """Entry ((a,b),(c,d)) = T[a][d]·M[b][c] (a ∈ rows T, b ∈ rows M, c ∈ cols M, d ∈ cols T)."""
    tm, tr, _ = T
    mm, mr, _ = M
    mid, rad = [], []
    for a in range(len(tm)):
        for b in range(len(mm)):
            rm, rr = [], []
            for c in range(len(mm[0])):
                x, xr = mm[b][c], mr[b][c]
                ax = abs(x)
                for y, yr in zip(tm[a], tr[a]):
                    rm.append(x * y)
                    rr.append(ax * yr + xr * (abs(y) + yr))
            mid.append(rm)
            rad.append(rr)
    return mid, rad


def exact_loss(inst, center):
    """L at a rational point (flat list of Fractions), exactly."""
    total = Fraction(0)
    P = inst["X"]
    k = 0
    for idx, (r, c) in enumerate(inst["shapes"]):
        Wk = [center[k + i * c:k + (i + 1) * c] for i in range(r)]
        if inst["reg"]:
            total += sum(lam * w * w for lr, wr in zip(inst["reg"][idx], Wk) for lam, w in zip(lr, wr))
        cols = list(zip(*P))
        P = [[sum((a * b for a, b in zip(row, col)), Fraction(0)) for col in cols] for row in Wk]
        k += r * c
    res = sum(((p - y) ** 2 for pr, yr in zip(P, inst["Y"]) for p, y in zip(pr, yr)), Fraction(0))
    return total + inst["scale"] * res


# --- the check ------------------------------------------------------------------------------------

CLAIMS = ("critical_point", "local_min", "strict_saddle", "local_max", "global_min_value")


def check_global_min_value(cert) -> None:
    """Claim ``global_min_value``: the global minimum of an *unregularized* deep linear instance lies in
    ``[lo, hi]``.  Upper end: ``L(point) ≤ hi`` at the stated rational point (exact).  Lower end: the
    optimum is ``s(‖Y‖² − top_r(Σ))``, r = min(widths) (Eckart–Young, as in the base kernel's
    ``global_min_value`` evidence), and Ky Fan's dual bound ``top_r(Σ) ≤ r·t + tr Z`` for any ``Z ⪰ 0``
    with ``Z ⪰ Σ − tI`` gives ``s(‖Y‖² − r·t − tr Z) ≥ lo``.  Both ends need a positive loss scale ``s``
    (for ``s < 0`` the loss is unbounded below), and the enclosure is a JSON list of two numbers."""
    b = _base()
    inst = b._instance(cert["instance"])
    if inst["reg"]:
        raise _invalid("global_min_value covers unregularized squared loss only")
    if inst["scale"] <= 0:  # s ≤ 0: L is unbounded below (or 0); s(‖Y‖² − top_r(Σ)) is not its minimum
        raise _invalid("global_min_value needs a positive loss scale")
    lo, hi = _pair(cert["value_enclosure"], "value_enclosure")
    if lo > hi:
        raise _invalid("empty value enclosure")
    W = b._flat_to_mats(inst, cert["point"], "point")
    if b.loss_poly(inst, W, [])[0] > hi:
        raise _invalid("the stated point's loss exceeds the upper end of the enclosure")
    S = b.sigma(inst)
    d = len(S)
    t = b._q(cert["t"])
    Z = b._mat(cert["Z"], (d, d), "Z")
    if any(Z[i][j] != Z[j][i] for i in range(d) for j in range(d)):
        raise _invalid("Z is not symmetric")
    if not b.semidefinite(Z):
        raise _invalid("Z is not positive semidefinite")
    if not b.semidefinite([[Z[i][j] - S[i][j] + (t if i == j else 0) for j in range(d)] for i in range(d)]):
        raise _invalid("Z − (Σ − tI) is not positive semidefinite")
    r = min(inst["widths"])
    y2 = sum(y * y for row in inst["Y"] for y in row)
    if inst["scale"] * (y2 - r * t - sum(Z[i][i] for i in range(d))) < lo:
        raise _invalid("the Ky Fan bound does not reach the lower end of the enclosure")


def check(cert) -> None:
    """Raise ``Invalid`` unless the certificate proves its claim (see the module docstring)."""
    claim = cert.get("claim")
    if claim == "global_min_value":
        return check_global_min_value(cert)
    if claim not in CLAIMS:
        raise _invalid(f"interval certificates claim one of {CLAIMS}, not {claim!r}")
    inst = _base()._instance(cert["instance"])
    n = sum(r * c for r, c in inst["shapes"])
    cm, ce = _dyadic_vector(cert["center"], n, "center")
    rad = cert["radius"]
    rm, re_ = _mantissa(rad["mantissa"], "radius.mantissa"), _exponent(rad["exponent"], "radius.exponent")
    if rm <= 0:
        raise _invalid("the radius must be positive")
    V, ev = _dyadic_matrix(cert["basis"], n, "basis")
    mu, emu = _dyadic_vector(cert["inverse_eigenvalues"], n, "inverse_eigenvalues")
    inertia = cert.get("inertia")

    # enclosures recomputed from the instance
    gm, gr, eg = gradient_enclosure(inst, _layers(inst, cm, ce, 0, ce, GRAD_BITS))
    Hm, Hr, eH = hessian_enclosure(inst, _layers(inst, cm, ce, rm, re_))

    Vt = [list(c) for c in zip(*V)]
    absV = [[abs(x) for x in row] for row in V]
    absVt = [list(c) for c in zip(*absV)]
    absmu = [abs(x) for x in mu]

    def abs_C_times(v):  # |C| v <= |V|ᵀ (|μ| ∘ (|V| v)), exponent 2ev + emu (+ v's)
        w = [a * sum(map(mul, row, v)) for a, row in zip(absmu, absV)]
        return [sum(map(mul, row, w)) for row in absVt]

    # P = V Hm (exponent ev + eH)
    HmT = [list(c) for c in zip(*Hm)]
    P = [[sum(map(mul, vi, col)) for col in HmT] for vi in V]

    # 1. Krawczyk.  CHm = Vᵀ diag(μ) P, exponent eK = 2ev + emu + eH
    U = [[m * x for x in row] for m, row in zip(mu, P)]
    Ut = [list(c) for c in zip(*U)]
    eK = 2 * ev + emu + eH
    one_shift = -eK  # the identity at exponent eK is 2^(−eK)
    Hr1 = [sum(row) for row in Hr]
    CHr1 = abs_C_times(Hr1)  # exponent eK
    Vg = [sum(map(mul, row, gm)) for row in V]
    Cg = [sum(map(mul, col, [m * x for m, x in zip(mu, Vg)])) for col in Vt]  # exponent 2ev + emu + eg
    Cgr = abs_C_times(gr)
    eC = 2 * ev + emu
    r = Fraction(rm) * Fraction(2) ** re_
    for i in range(n):
        row = [sum(map(mul, Vt[i], uc)) for uc in Ut]
        if one_shift >= 0:
            row[i] -= 1 << one_shift
            contraction = Fraction(sum(abs(x) for x in row) + CHr1[i]) * Fraction(2) ** eK
        else:  # identity not representable at eK: compare in rationals
            contraction = (sum(abs(Fraction(x) * Fraction(2) ** eK - (i == j)) for j, x in enumerate(row))
                           + Fraction(CHr1[i]) * Fraction(2) ** eK)
        step = Fraction(abs(Cg[i]) + Cgr[i]) * Fraction(2) ** (eC + eg)
        if not step + r * contraction < r:
            raise _invalid(f"Krawczyk test fails in row {i}: the box is not mapped into its interior")

    # 2. inertia by Gershgorin discs of V H Vᵀ, uniformly over the box
    if claim != "critical_point" or inertia is not None:
        if not isinstance(inertia, dict):
            raise _invalid(f"claim {claim} needs the inertia")
        p, q, z = (_int(inertia.get(key), key) for key in ("positive", "negative", "zero"))
        if z != 0 or p + q != n or min(p, q) < 0:
            raise _invalid("interval certificates certify non-singular Hessians only (zero must be 0)")
        v1 = [sum(row) for row in absVt]  # |V|ᵀ 1
        w = [sum(map(mul, row, v1)) for row in Hr]  # Hr |V|ᵀ 1
        E1 = [sum(map(mul, row, w)) for row in absV]  # |V| Hr |V|ᵀ 1, exponent 2ev + eH
        neg = 0
        for i in range(n):
            Srow = [sum(map(mul, P[i], vj)) for vj in V]
            d = Srow[i]
            off = sum(abs(x) for x in Srow) - abs(d)
            if not abs(d) > off + E1[i]:
                raise _invalid(f"Gershgorin disc {i} of V H Vᵀ reaches 0: inertia not certified")
            neg += d < 0
        if neg != q:
            raise _invalid(f"the certified inertia has {neg} negative eigenvalues, not {q}")
        needed = {"local_min": q == 0, "local_max": p == 0, "strict_saddle": p > 0 and q > 0}
        if claim in needed and not needed[claim]:
            raise _invalid(f"inertia (+{p}, −{q}) does not make the point a {claim}")

    # 4. loss
    if "loss_enclosure" in cert:
        lo, hi = _pair(cert["loss_enclosure"], "loss_enclosure")
        center = [Fraction(x) * Fraction(2) ** ce for x in cm]
        val = exact_loss(inst, center)
        eps = r * r / 2 * Fraction(sum(abs(x) for row in Hm for x in row) + sum(map(sum, Hr))) * Fraction(2) ** eH
        if not (lo <= val - eps and val + eps <= hi):
            raise _invalid(f"loss enclosure [{lo}, {hi}] does not contain L(centre) ± ε")
