"""From a univariate parametrization to exact real points.

A parametrization (from msolve or from the Gröbner fallback) says: the solutions are
``x(t) = -v(t) / (c · den(t))`` at the roots t of ``elim``.  Here ``elim`` is made square-free,
factored over Q (python-flint), each factor's real roots are isolated with rational intervals
(sympy's exact isolation), and each coordinate is reduced to a polynomial modulo the factor
(``den`` is invertible there because the factor is coprime to its derivative's cofactor).

>>> [(lo * lo < 2 < hi * hi if lo > 0 else hi * hi < 2 < lo * lo) for _, lo, hi in real_roots_of([-2, 0, 1])]
[True, True]
"""

from __future__ import annotations

from contextlib import contextmanager
from fractions import Fraction

from .memo import by_identity


def _fq(x) -> Fraction:
    if isinstance(x, Fraction):
        return x
    if isinstance(x, int):
        return Fraction(x)
    return Fraction(int(x.p), int(x.q))


@contextmanager
def working_prec(bits: int):
    """python-flint's ball precision set to ``bits`` inside the block, the caller's value restored."""
    import flint
    old = flint.ctx.prec
    flint.ctx.prec = bits
    try:
        yield
    finally:
        flint.ctx.prec = old


def to_flint(coeffs):
    """Coefficients (lowest first, ints/Fractions) as a python-flint fmpq_poly."""
    import flint
    return flint.fmpq_poly([flint.fmpq(_fq(c).numerator, _fq(c).denominator) for c in coeffs])


_FLINT_POLYS: dict = {}


def flint_poly(coeffs):
    """:func:`to_flint`, cached per coefficient list (the points of one field evaluate the same f
    many times).  A hit needs the same list object with unchanged coefficients (compared exactly)."""
    return by_identity(_FLINT_POLYS, (coeffs,), tuple(coeffs), lambda: to_flint(coeffs))


def from_flint(p) -> list[Fraction]:
    return [Fraction(int(c.p), int(c.q)) for c in p.coeffs()]


def squarefree_factors(coeffs) -> list[list[Fraction]]:
    """The distinct irreducible factors over Q of the polynomial (monic, lowest degree first).

    >>> squarefree_factors([0, 0, -1, 0, 1])   # x⁴ − x² = x²(x − 1)(x + 1)
    [[Fraction(-1, 1), Fraction(1, 1)], [Fraction(0, 1), Fraction(1, 1)], [Fraction(1, 1), Fraction(1, 1)]]
    """
    p = to_flint(coeffs)
    _, facs = p.factor()
    out = []
    for fac, _mult in facs:
        c = from_flint(fac)
        out.append([x / c[-1] for x in c])
    return sorted(out, key=lambda c: (len(c), c))


def real_roots_of(f) -> list[tuple[list[Fraction], Fraction, Fraction]]:
    """Isolating intervals ``(f, lo, hi)`` (open, rational, endpoints not roots) of the real roots of
    the square-free polynomial ``f``, in increasing order.

    >>> [lo > 0 for _, lo, hi in real_roots_of([-2, 0, 1])]
    [False, True]
    """
    if not all(type(c) is Fraction for c in f):  # (a list of Fractions is kept as it is: the caches
        f = [_fq(c) for c in f]                     # below key on the list object the caller holds)
    if len(f) == 2 and f[1] != 0:  # linear: the rational root, in the interval the general route gives
        r = -f[0] / f[1]
        return [(f, r - Fraction(1, 2), r + Fraction(1, 2))]
    fast = _real_roots_arb(f)
    if fast is not None:
        return fast
    from sympy import Poly, QQ, Symbol
    from sympy import Rational
    t = Symbol("t")
    P = Poly([Rational(c.numerator, c.denominator) for c in reversed(f)], t, domain=QQ)
    out = []
    for (lo, hi), _m in P.intervals():
        lo, hi = _fq(lo), _fq(hi)
        if lo == hi:  # a rational root: widen to an open interval whose endpoints are not roots
            r = lo
            w = Fraction(1, 2)
            while True:
                a, b = r - w, r + w
                if P.count_roots(Rational(a.numerator, a.denominator), Rational(b.numerator, b.denominator)) == 1 \
                        and _peval(f, a) != 0 and _peval(f, b) != 0:
                    break
                w /= 2
            lo, hi = a, b
        else:
            while _peval(f, lo) == 0 or _peval(f, hi) == 0:  # shrink off endpoint roots
                mid = (lo + hi) / 2
                if _peval(f, lo) == 0:
                    lo = (lo + mid) / 2 if _peval(f, (lo + mid) / 2) != 0 else mid
                if _peval(f, hi) == 0:
                    hi = (hi + mid) / 2 if _peval(f, (hi + mid) / 2) != 0 else mid
                if P.count_roots(Rational(lo.numerator, lo.denominator), Rational(hi.numerator, hi.denominator)) != 1:
                    raise ArithmeticError("root isolation lost its root while moving endpoints")
        out.append((f, lo, hi))
    return out


#: polynomials of at least this degree are isolated with Arb (see :func:`_real_roots_arb`)
ARB_FROM_DEGREE = 9

#: target precision (bits) of Arb's root balls in :func:`_real_roots_arb`: isolation only, the
#: callers refine the roots they need (interval Newton, :func:`arb_root`)
ISOLATION_PREC = 16


def _real_roots_arb(f):
    """Isolating intervals from Arb's complex root isolation (python-flint ``complex_roots``: disjoint
    balls, one root each, real roots with imaginary part exactly 0), each turned into a rational
    interval whose endpoint signs are checked exactly; None (caller falls back to sympy's exact
    isolation) when flint is absent, f is linear or a check fails."""
    if len(f) - 1 < ARB_FROM_DEGREE:  # small degree: sympy's isolation gives short rational endpoints, which keep
        return None                # the exact in-field route (rational interval arithmetic) fast
    signs = [(c > 0) - (c < 0) for c in f if c]
    alt = [(c > 0) - (c < 0) for i, c in enumerate(f) if c for c in [c if i % 2 == 0 else -c]]
    if all(a == signs[0] for a in signs) and all(a == alt[0] for a in alt) and f[0] != 0:
        return []  # Descartes: no sign change in f(x) nor in f(−x), and f(0) ≠ 0 — no real root
    try:
        # Arb isolates the roots at whatever internal precision it needs; ctx.prec only sets how far the
        # isolated balls are refined afterwards.  A low target skips that refinement (3-5x faster on
        # degree 80); the endpoints' signs are checked exactly below either way.
        size, P, _, fq = _newton_data(f)
        with working_prec(ISOLATION_PREC):
            roots = fq.numer().complex_roots()
    except Exception:  # pragma: no cover - python-flint is a dependency
        return None
    out = []
    for r, mult in roots:
        if r.imag != 0:
            continue
        if mult != 1:
            return None
        lo, hi = arb_to_interval(r.real)
        if lo == hi:  # an exact (rational) root: let the exact route produce the open interval
            return None
        sl, sh = _ball_sign(P, size, lo), _ball_sign(P, size, hi)
        sl = sign_at(f, lo) if sl is None else sl
        sh = sign_at(f, hi) if sh is None else sh
        if sl == 0 or sh == 0 or sl == sh:
            return None
        out.append((f, lo, hi))
    out.sort(key=lambda t: t[1])
    if any(out[i][2] >= out[i + 1][1] for i in range(len(out) - 1)):
        return None
    return out


def _ball_sign(P, size: int, x: Fraction) -> int | None:
    """The sign of P(x) (P an arb_poly with exact integer coefficients of bit size ``size``, x a
    dyadic or other rational) from one rigorous ball evaluation — Arb's ball contains the exact value,
    so a ball excluding 0 gives the exact sign; None when it does not."""
    import flint
    with working_prec(size + 3 * (x.numerator.bit_length() + x.denominator.bit_length()) + 64):
        v = P(flint.arb(flint.fmpq(x.numerator, x.denominator)))
        if v > 0:
            return 1
        if v < 0:
            return -1
        return None


def _peval(p, x):
    acc = Fraction(0)
    for c in reversed(p):
        acc = acc * x + c
    return acc


def sign_at(p, x: Fraction) -> int:
    """The exact sign of p(x), by integer Horner on the homogenized polynomial (no gcds: fast for
    long coefficients and long x).

    >>> sign_at([Fraction(-2), Fraction(0), Fraction(1)], Fraction(7, 5)), sign_at([Fraction(-1), Fraction(1)], Fraction(1))
    (-1, 0)
    """
    try:
        import flint
        v = flint_poly(p)(flint.fmpq(x.numerator, x.denominator))
        return (v > 0) - (v < 0)
    except ImportError:  # pragma: no cover - python-flint is a dependency
        pass
    import math
    den = 1
    for c in p:
        den = den * c.denominator // math.gcd(den, c.denominator)
    a, q = x.numerator, x.denominator
    acc, qk = 0, 1
    for c in reversed(p):  # acc = q^(deg) p(a/q) · den, built term by term
        acc = acc * a + (c.numerator * (den // c.denominator)) * qk
        qk *= q
    return (acc > 0) - (acc < 0)


def refine(f, lo: Fraction, hi: Fraction, bits: int) -> tuple[Fraction, Fraction]:
    """Bisect the isolating interval of the root of f until its width is below 2^-bits."""
    slo = _peval(f, lo)
    while hi - lo > Fraction(1, 2 ** bits):
        mid = (lo + hi) / 2
        fm = _peval(f, mid)
        if fm == 0:
            return mid, mid
        if (fm > 0) == (slo > 0):
            lo, slo = mid, fm
        else:
            hi = mid
    return lo, hi


def mod_inverse(a, f) -> list[Fraction]:
    """a⁻¹ modulo f (gcd(a, f) must be 1)."""
    A, Fp = to_flint(a), to_flint(f)
    g, s, _ = A.xgcd(Fp)
    if g.degree() != 0:
        raise ArithmeticError("not invertible modulo f")
    return from_flint((s * to_flint([1 / _fq(from_flint(g)[0])])) % Fp)


def mulmod(a, b, f) -> list[Fraction]:
    return from_flint((to_flint(a) * to_flint(b)) % to_flint(f))


def compose_mod(p_coeffs, x_elt, f):
    """p(x) mod f, with x an element of Q[T]/(f) (Horner)."""
    F = to_flint(f)
    X = to_flint(x_elt)
    acc = to_flint([0])
    for c in reversed(p_coeffs):
        acc = (acc * X + to_flint([c])) % F
    return from_flint(acc)


#: untrusted root balls of recent polynomials (all points of one field share them): f -> (prec, roots)
_ROOTS_CACHE: dict = {}


def tighten(f, lo: Fraction, hi: Fraction, bits: int) -> tuple[Fraction, Fraction]:
    """An isolating interval of width ≤ 2^(1-bits) around the root of f in (lo, hi), found with
    python-flint's certified complex root balls (untrusted here: the sign change of f at the new
    endpoints is checked exactly, and the kernel re-checks isolation by Descartes' rule).  Falls back
    to bisection when the ball route does not give a valid interval."""
    if hi - lo <= Fraction(2, 2 ** bits):
        return lo, hi
    try:
        import flint
        key = tuple(f)
        hit = _ROOTS_CACHE.get(key)
        if hit is not None and hit[0] >= bits + 64:
            roots = hit[1]
        else:
            old = flint.ctx.prec
            flint.ctx.prec = bits + 64 + 1024  # margin: the other points of the field need about as much
            try:
                roots = to_flint(f).complex_roots()
            finally:
                flint.ctx.prec = old
            if len(_ROOTS_CACHE) > 16:
                _ROOTS_CACHE.clear()
            _ROOTS_CACHE[key] = (bits + 64 + 1024, roots)
        for r, _m in roots:
            man, exp = r.real.mid().man_exp()
            m = Fraction(int(man)) * (Fraction(2) ** int(exp))
            if lo < m < hi:
                a, b = m - Fraction(1, 2 ** bits), m + Fraction(1, 2 ** bits)
                fa, fb = sign_at(f, a), sign_at(f, b)
                if a > lo and b < hi and fa != 0 and fb != 0 and (fa > 0) != (fb > 0):
                    return a, b
    except Exception:  # an untrusted shortcut; bisection below is always correct
        pass
    return refine(f, lo, hi, bits)


# --- arb ball enclosures (python-flint): rigorous and fast at thousands of bits ------------------------

def _arb_of(x: Fraction):
    import flint
    return flint.arb(flint.fmpq(x.numerator, x.denominator))


def arb_to_interval(b) -> tuple[Fraction, Fraction]:
    """The exact rational interval [mid − rad, mid + rad] of an arb ball (contains every value the
    ball stands for)."""
    m, e = b.mid().man_exp()
    r, re = b.rad().man_exp()
    mid = Fraction(int(m)) * Fraction(2) ** int(e)
    rad = Fraction(int(r)) * Fraction(2) ** int(re)
    return mid - rad, mid + rad


def arb_root(f, lo: Fraction, hi: Fraction, bits: int):
    """A rigorous arb ball of radius ≤ 2^-bits around the unique root of the square-free f in the
    isolating interval (lo, hi), by interval Newton (the Newton image lying inside the current
    interval proves a root there, unique); precision is raised as the ball shrinks.  Returns the
    ball (python-flint arb) — or None when flint is absent or Newton does not contract (the caller
    falls back to exact bisection)."""
    try:
        import flint
    except ImportError:  # pragma: no cover - python-flint is a dependency
        return None
    old = flint.ctx.prec
    try:
        size, P, dP, fq = _newton_data(f)
        prec = 2 * size + 128
        flint.ctx.prec = prec
        exact = lambda x: fq(flint.fmpq(x.numerator, x.denominator))
        a, b = lo, hi
        for _ in range(400):
            w = (b - a).denominator.bit_length() - (b - a).numerator.bit_length()
            flint.ctx.prec = max(prec, 2 * w + size + 128)
            I = flint.arb((_arb_of(a) + _arb_of(b)) / 2, _arb_of((b - a) / 2) * (1 + flint.arb(2) ** -30))
            d = dP(I)
            mid = (a + b) / 2
            n_lo = n_hi = None
            if not d.contains(0):  # interval Newton: the root lies in mid − f(mid)/f'(I) (mean value thm)
                n_lo, n_hi = arb_to_interval(_arb_of(mid) - P(_arb_of(mid)) / d)
            if n_lo is None or n_hi - n_lo > (b - a) / 2:  # f' not bounded away from 0, or no contraction:
                s = exact(mid)                            # bisect by the exact sign at the midpoint
                if s == 0:
                    return flint.arb(_arb_of(mid))
                a, b = (mid, b) if (s > 0) == (exact(a) > 0) else (a, mid)
                continue
            a, b = max(a, n_lo), min(b, n_hi)
            if b - a <= Fraction(1, 2 ** bits):
                return flint.arb(_arb_of((a + b) / 2), _arb_of((b - a) / 2))
        return None
    finally:
        flint.ctx.prec = old


_NEWTON_DATA: dict = {}


def _newton_data(f):
    """(coefficient size in bits, f and f' as arb_polys with the integer coefficients of den·f, den·f
    as fmpq_poly) — exact, cached per coefficient list (every point of one field refines a root of
    the same f); a hit needs the same list object with unchanged coefficients."""
    return by_identity(_NEWTON_DATA, (f,), tuple(f), lambda: _build_newton_data(f))


def _build_newton_data(f):
    import math
    import flint
    size = max((abs(Fraction(c).numerator).bit_length() + Fraction(c).denominator.bit_length() for c in f),
               default=1)
    den = 1
    for c in f:
        den = den * Fraction(c).denominator // math.gcd(den, Fraction(c).denominator)
    ints = [int(Fraction(c) * den) for c in f]  # integer coefficients: exact as arb numbers
    fa = flint.fmpz_poly(ints)
    dfa = fa.derivative()
    P, dP = flint.arb_poly([flint.arb(c) for c in fa.coeffs()]), flint.arb_poly([flint.arb(c) for c in dfa.coeffs()])
    return size, P, dP, flint.fmpq_poly(ints)


def arb_eval_ratio(nums, den, ball, prec: int):
    """Rigorous enclosures (exact rational intervals) of N_i(t)/D(t) over the arb ball t, evaluated
    with arb at ``prec`` bits; None when D's enclosure contains 0."""
    import flint
    old = flint.ctx.prec
    try:
        flint.ctx.prec = prec
        def ev(p):
            poly, scale = _int_arb_poly(p)
            return poly(ball) / scale
        d = ev(den) if den else flint.arb(0)
        if d.contains(0):
            return None
        return [arb_to_interval(ev(p) / d) if p else (Fraction(0), Fraction(0)) for p in nums]
    finally:
        flint.ctx.prec = old


_INT_POLYS: dict = {}


def _int_arb_poly(p):
    """(arb_poly with the integer coefficients of den·p, den) — exact, cached per polynomial object
    (all points of one field share their coordinate polynomials)."""
    import math
    import flint
    hit = _INT_POLYS.get(id(p))
    if hit is not None and hit[0] is p:
        return hit[1], hit[2]
    den = 1
    for c in p:
        den = den * Fraction(c).denominator // math.gcd(den, Fraction(c).denominator)
    poly = flint.arb_poly([flint.arb(flint.fmpz(int(Fraction(c) * den))) for c in p])
    if len(_INT_POLYS) > 512:
        _INT_POLYS.clear()
    _INT_POLYS[id(p)] = (p, poly, flint.arb(flint.fmpz(den)))
    return poly, _INT_POLYS[id(p)][2]


def param_polys(den, params, form, n):
    """msolve's parametrization as python-flint polynomials: ``(numerators, den)`` with variable i =
    numerators[i](t)/den(t), where msolve prints x_i = −v_i(t)/(c_i·den(t)); when only n − 1
    variables are given, the last one comes from the linear form t = Σ form_j x_j."""
    import flint
    q = lambda x: flint.fmpq(Fraction(x).numerator, Fraction(x).denominator)
    fnums = [to_flint(v) * flint.fmpq(-1) / q(c) for v, c in params]
    fden = to_flint(den)
    if len(fnums) == n - 1:
        if not form[-1]:
            raise ValueError("cannot recover the last variable: its linear-form coefficient is 0")
        acc = flint.fmpq_poly([0, 1]) * fden  # T·D
        for j in range(n - 1):
            acc -= fnums[j] * q(form[j])
        fnums.append(acc / q(form[-1]))
    return fnums, fden
